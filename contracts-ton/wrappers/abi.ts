// Single source of op codes and exit codes: the Tolk sources themselves.
// Every `struct (0x...) Name` in contracts/**.tolk is a message op code, every `const Name = N`
// in contracts/**/errors.tolk is a named exit code. Wrappers and tests read them from here,
// so nothing is duplicated by hand.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { CONTRACTS_DIR } from "./compile";

function tolkFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tolkFiles(p));
    else if (name.endsWith(".tolk")) out.push(p);
  }
  return out;
}

function parse(): { ops: Record<string, number>; errors: Record<string, number>; errorFiles: Record<string, string> } {
  const ops: Record<string, number> = {};
  const errors: Record<string, number> = {};
  const errorFiles: Record<string, string> = {};
  for (const f of tolkFiles(CONTRACTS_DIR)) {
    const src = readFileSync(f, "utf-8");
    for (const m of src.matchAll(/^struct \((0x[0-9a-fA-F]+)\) (\w+)/gm)) {
      const v = Number(m[1]);
      if (ops[m[2]] !== undefined && ops[m[2]] !== v) throw new Error(`op ${m[2]} defined twice`);
      ops[m[2]] = v;
    }
    if (f.endsWith("errors.tolk")) {
      for (const m of src.matchAll(/^const (\w+) = (0x[0-9a-fA-F]+|\d+)/gm)) {
        errors[m[1]] = Number(m[2]);
        errorFiles[m[1]] = f.slice(CONTRACTS_DIR.length + 1);
      }
    }
  }
  return { ops, errors, errorFiles };
}

const parsed = parse();
/** message name -> 32-bit op code */
export const Op: Readonly<Record<string, number>> = parsed.ops;
/** error name -> exit code */
export const Errors: Readonly<Record<string, number>> = parsed.errors;
/** error name -> file that defines it (relative to contracts/) */
export const ErrorFiles: Readonly<Record<string, string>> = parsed.errorFiles;

export function op(name: string): number {
  const v = Op[name];
  if (v === undefined) throw new Error(`unknown message ${name}`);
  return v;
}
export function err(name: string): number {
  const v = Errors[name];
  if (v === undefined) throw new Error(`unknown error ${name}`);
  return v;
}
