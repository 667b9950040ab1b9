/**
 * Generates `sdk/src/ton/generated/abi.ts` from the Tolk sources (contracts-ton/contracts/**\/*.tolk), so the SDK's
 * TON adapters build every message and decode every exit code from the contracts themselves:
 * - `tonOpcodes`: every `struct (0x…) Name` (message op codes; the prefix width is the literal's digit count);
 * - `tonExitCodes` / `tonExitCodeNames`: every `const Name = N` of an `errors.tolk`;
 * - `tonConstants`: every other top-level integer `const` (`ton("x")` in nanotons), and the id groups
 *   `<dir><Group>` of the `PARAM_` / `ROLE_` / `STATUS_` / `STATE_` / `SUPPORT_` constants (parameter ids, roles, …);
 * - message layouts: for each struct with an op prefix, each struct of a `*messages.tolk` file and each struct they
 *   reference, a TS interface, `storeName(value)` (a builder writer), `buildName(value)` (a cell) and
 *   `loadName(slice)` (checks the prefix);
 * - get-methods: for each contract file with `get fun`s, a `<Name>Contract` (@ton/core `Contract`) whose
 *   `getX(provider, …)` methods call the get-method and read its stack (struct results are flattened, as TVM
 *   returns them), with the result structs as interfaces.
 * Field types supported: intN / uintN, int (stack only), coins, bool, address, address? (addr_none when null), cell,
 * cell? (Maybe ^Cell), Cell<T>, Cell<T>? , T? (Maybe), slice (stack only), RemainingBitsAndRefs, structs and
 * aliases of these. Anything else fails the generator. `--check` verifies the committed file instead of writing it.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { emitGenerated } from "./emit.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const contractsDir = join(root, "contracts-ton/contracts");

function fail(message: string): never {
  throw new Error(`gen-ton-abi: ${message}`);
}

function tolkFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tolkFiles(p));
    else if (name.endsWith(".tolk")) out.push(p);
  }
  return out;
}

// ---------------------------------------------------------------- source model

interface Field {
  readonly name: string;
  readonly type: string;
}
interface StructDecl {
  readonly name: string;
  readonly prefix?: { readonly value: number; readonly bits: number };
  readonly fields: readonly Field[];
  readonly file: string;
}
interface GetDecl {
  readonly name: string;
  readonly params: readonly Field[];
  readonly returns: string;
}
interface ConstDecl {
  readonly name: string;
  readonly expr: string;
  readonly file: string;
}

const structs = new Map<string, StructDecl>();
const aliases = new Map<string, string>();
const consts: ConstDecl[] = [];
const errorConsts: ConstDecl[] = [];
const getters = new Map<string, GetDecl[]>();

const stripComments = (src: string) => src.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/[^\n]*/g, "");

function parseFields(body: string, where: string): Field[] {
  const fields: Field[] = [];
  for (const line of body.split(/[;\n]/)) {
    for (const part of splitTop(line, ",").filter((x) => x.length > 0)) {
      const m = /^(\w+)\s*:\s*(.+)$/.exec(part);
      if (!m) fail(`${where}: cannot read field \`${part}\``);
      fields.push({ name: m[1]!, type: m[2]!.trim() });
    }
  }
  return fields;
}

function splitTop(text: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of text) {
    if (ch === "<" || ch === "(") depth++;
    if (ch === ">" || ch === ")") depth--;
    if (ch === sep && depth === 0) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out.map((x) => x.trim());
}

for (const path of tolkFiles(contractsDir)) {
  const file = relative(contractsDir, path);
  const src = stripComments(readFileSync(path, "utf8"));
  for (const m of src.matchAll(/^struct\s+(?:\(([^)]*)\)\s+)?(\w+)\s*\{([^}]*)\}/gm)) {
    const [, prefixText, name, body] = m as unknown as [string, string | undefined, string, string];
    if (structs.has(name)) fail(`struct ${name} declared twice (${structs.get(name)!.file}, ${file})`);
    let prefix: StructDecl["prefix"];
    if (prefixText !== undefined) {
      const hex = /^0x([0-9a-fA-F]+)$/.exec(prefixText.trim());
      if (!hex) fail(`${file}: struct ${name}: prefix ${prefixText} is not a hex literal`);
      prefix = { value: Number.parseInt(hex[1]!, 16), bits: hex[1]!.length * 4 };
      if (prefix.bits > 32) fail(`${file}: struct ${name}: prefix wider than 32 bits`);
    }
    structs.set(name, { name, ...(prefix ? { prefix } : {}), fields: parseFields(body, `${file}: struct ${name}`), file });
  }
  for (const m of src.matchAll(/^type\s+(\w+)\s*=/gm)) {
    // the right side runs to the next line that starts a new declaration (unions continue on indented lines)
    const rest = src.slice(m.index + m[0].length);
    const end = rest.search(/\n\S/);
    aliases.set(m[1]!, (end < 0 ? rest : rest.slice(0, end)).replace(/\s+/g, " ").trim());
  }
  for (const m of src.matchAll(/^const\s+(\w+)\s*(?::\s*\w+\s*)?=\s*(.+?)\s*;?\s*$/gm)) {
    (file.endsWith("errors.tolk") ? errorConsts : consts).push({ name: m[1]!, expr: m[2]!, file });
  }
  for (const m of src.matchAll(/^get\s+fun\s+(\w+)\s*\(([^)]*)\)\s*(?::\s*([^{]+?))?\s*\{/gm)) {
    if (m[3] === undefined) fail(`${file}: get-method ${m[1]} declares no return type`);
    const list = getters.get(file) ?? [];
    list.push({ name: m[1]!, params: parseFields(m[2]!, `${file}: get ${m[1]}`), returns: m[3].trim() });
    getters.set(file, list);
  }
}

// ---------------------------------------------------------------- types

type Ty =
  | { readonly k: "int"; readonly bits: number; readonly signed: boolean }
  | { readonly k: "bigint" } // TVM `int` (257 bits, stack only)
  | { readonly k: "coins" }
  | { readonly k: "bool" }
  | { readonly k: "address" }
  | { readonly k: "cell" }
  | { readonly k: "slice" }
  | { readonly k: "tuple" } // TVM tuple (get-method results only), read as a TupleReader
  | { readonly k: "remainder" }
  | { readonly k: "cellOf"; readonly inner: Ty }
  | { readonly k: "nullable"; readonly inner: Ty }
  | { readonly k: "struct"; readonly name: string }
  | { readonly k: "tensor"; readonly items: readonly Ty[] };

function parseType(text: string, where: string, seen: readonly string[] = []): Ty {
  const t = text.trim();
  if (splitTop(t, "|").length > 1) fail(`${where}: union type \`${t}\` is not supported`);
  if (t.endsWith("?")) return { k: "nullable", inner: parseType(t.slice(0, -1), where, seen) };
  if (t.startsWith("(") && t.endsWith(")"))
    return { k: "tensor", items: splitTop(t.slice(1, -1), ",").map((x) => parseType(x, where, seen)) };
  const generic = /^Cell<(.+)>$/.exec(t);
  if (generic) return { k: "cellOf", inner: parseType(generic[1]!, where, seen) };
  const int = /^(u?)int(\d+)$/.exec(t);
  if (int) {
    const bits = Number(int[2]);
    if (bits < 1 || bits > (int[1] ? 256 : 257)) fail(`${where}: ${t} has an invalid width`);
    return { k: "int", bits, signed: int[1] === "" };
  }
  switch (t) {
    case "int":
      return { k: "bigint" };
    case "coins":
      return { k: "coins" };
    case "bool":
      return { k: "bool" };
    case "address":
      return { k: "address" };
    case "cell":
      return { k: "cell" };
    case "slice":
      return { k: "slice" };
    case "tuple":
      return { k: "tuple" };
    case "RemainingBitsAndRefs":
      return { k: "remainder" };
  }
  if (structs.has(t)) return { k: "struct", name: t };
  const alias = aliases.get(t);
  if (alias !== undefined) {
    if (seen.includes(t)) fail(`${where}: alias ${t} is recursive`);
    return parseType(alias, `${where} (alias ${t})`, [...seen, t]);
  }
  return fail(`${where}: unknown type \`${t}\``);
}

const structOf = (name: string): StructDecl => structs.get(name) ?? fail(`unknown struct ${name}`);
const pascal = (s: string) => s.replace(/(^|[_-])([a-z0-9])/gi, (_, __, c: string) => c.toUpperCase());
const camel = (s: string) => {
  const p = pascal(s.toLowerCase());
  return p.charAt(0).toLowerCase() + p.slice(1);
};

/** Which structs are messages (serialized in cells) and which are get-method results (stack). */
const messageStructs = new Set<string>();
const stackStructs = new Set<string>();

function reach(ty: Ty, into: Set<string>, where: string): void {
  switch (ty.k) {
    case "cellOf":
    case "nullable":
      reach(ty.inner, into, where);
      return;
    case "tensor":
      for (const x of ty.items) reach(x, into, where);
      return;
    case "struct": {
      if (into.has(ty.name)) return;
      into.add(ty.name);
      for (const f of structOf(ty.name).fields) reach(parseType(f.type, `${structOf(ty.name).file}: ${ty.name}.${f.name}`), into, where);
      return;
    }
    default:
      return;
  }
}
for (const s of structs.values()) {
  if (s.prefix || /messages\.tolk$/.test(s.file)) reach({ k: "struct", name: s.name }, messageStructs, s.file);
}
for (const [file, list] of getters) for (const g of list) reach(parseType(g.returns, `${file}: get ${g.name}`), stackStructs, file);
for (const name of stackStructs) if (messageStructs.has(name)) fail(`struct ${name} is both a message and a get-method result`);

// ---------------------------------------------------------------- TS mapping

function tsType(ty: Ty, mode: "cell" | "stack"): string {
  switch (ty.k) {
    case "int":
      return ty.bits <= 32 ? "number" : "bigint";
    case "bigint":
    case "coins":
      return "bigint";
    case "bool":
      return "boolean";
    case "address":
      return "Address";
    case "cell":
    case "slice":
    case "remainder":
      return "Cell";
    case "cellOf":
      return mode === "stack" ? "Cell" : tsType(ty.inner, mode);
    case "nullable":
      return `${tsType(ty.inner, mode)} | null`;
    case "struct":
      return ty.name;
    case "tuple":
      return "TupleReader";
    case "tensor":
      return `readonly [${ty.items.map((x) => tsType(x, mode)).join(", ")}]`;
  }
}

let tmp = 0;
/** Statements writing `v` (an expression of `ty`) into the builder `b`. */
function storeStmts(ty: Ty, v: string, b: string, where: string): string[] {
  switch (ty.k) {
    case "int":
      return [`${b}.${ty.signed ? "storeInt" : "storeUint"}(${v}, ${ty.bits});`];
    case "coins":
      return [`${b}.storeCoins(${v});`];
    case "bool":
      return [`${b}.storeBit(${v});`];
    case "address":
      return [`${b}.storeAddress(${v});`];
    case "cell":
      return [`${b}.storeRef(${v});`];
    case "remainder":
      return [`${b}.storeSlice(${v}.beginParse());`];
    case "struct":
      return [`${b}.store(store${ty.name}(${v}));`];
    case "cellOf":
      return [`${b}.storeRef(${cellExpr(ty.inner, v, where)});`];
    case "nullable": {
      const inner = ty.inner;
      if (inner.k === "address") return [`${b}.storeAddress(${v});`];
      if (inner.k === "cell") return [`${b}.storeMaybeRef(${v});`];
      if (inner.k === "cellOf") return [`${b}.storeMaybeRef(${v} === null ? null : ${cellExpr(inner.inner, v, where)});`];
      if (inner.k === "nullable") fail(`${where}: nested nullable`);
      return [
        `if (${v} === null) ${b}.storeBit(false);`,
        `else {`,
        `  ${b}.storeBit(true);`,
        ...storeStmts(inner, v, b, where).map((l) => `  ${l}`),
        `}`,
      ];
    }
    case "bigint":
    case "slice":
    case "tuple":
    case "tensor":
      return fail(`${where}: ${ty.k} cannot be serialized in a message`);
  }
}
function cellExpr(ty: Ty, v: string, where: string): string {
  if (ty.k === "struct") return `build${ty.name}(${v})`;
  const [x, c] = [`x${tmp}`, `c${tmp++}`];
  return `((${x}: ${tsType(ty, "cell")}) => { const ${c} = beginCell(); ${storeStmts(ty, x, c, where).join(" ")} return ${c}.endCell(); })(${v})`;
}
/** An expression reading `ty` from the slice `s`. */
function loadExpr(ty: Ty, s: string, where: string): string {
  switch (ty.k) {
    case "int":
      return ty.bits <= 32
        ? `${s}.${ty.signed ? "loadInt" : "loadUint"}(${ty.bits})`
        : `${s}.${ty.signed ? "loadIntBig" : "loadUintBig"}(${ty.bits})`;
    case "coins":
      return `${s}.loadCoins()`;
    case "bool":
      return `${s}.loadBit()`;
    case "address":
      return `${s}.loadAddress()`;
    case "cell":
      return `${s}.loadRef()`;
    case "remainder":
      return `${s}.asCell()`;
    case "struct":
      return `load${ty.name}(${s})`;
    case "cellOf":
      if (ty.inner.k === "struct") return `load${ty.inner.name}(${s}.loadRef().beginParse())`;
      return `((r: Slice) => ${loadExpr(ty.inner, "r", where)})(${s}.loadRef().beginParse())`;
    case "nullable": {
      const inner = ty.inner;
      if (inner.k === "address") return `${s}.loadMaybeAddress()`;
      if (inner.k === "cell") return `${s}.loadMaybeRef()`;
      if (inner.k === "cellOf")
        return `((r: Cell | null) => r === null ? null : ((x: Slice) => ${loadExpr(inner.inner, "x", where)})(r.beginParse()))(${s}.loadMaybeRef())`;
      return `(${s}.loadBit() ? ${loadExpr(inner, s, where)} : null)`;
    }
    case "bigint":
    case "slice":
    case "tuple":
    case "tensor":
      return fail(`${where}: ${ty.k} cannot be read from a message`);
  }
}
/** An expression reading `ty` from the TupleReader `r` (get-method results). */
function readExpr(ty: Ty, r: string, where: string): string {
  switch (ty.k) {
    case "int":
      return ty.bits <= 32 ? `${r}.readNumber()` : `${r}.readBigNumber()`;
    case "bigint":
    case "coins":
      return `${r}.readBigNumber()`;
    case "bool":
      return `${r}.readBoolean()`;
    case "address":
      return `${r}.readAddress()`;
    case "cell":
    case "slice":
    case "cellOf":
      return `${r}.readCell()`;
    case "struct":
      return `read${ty.name}(${r})`;
    case "tuple":
      return `${r}.readTuple()`;
    case "tensor":
      return `[${ty.items.map((x) => readExpr(x, r, where)).join(", ")}] as const`;
    case "nullable":
      if (ty.inner.k === "address") return `${r}.readAddressOpt()`;
      if (ty.inner.k === "cell" || ty.inner.k === "cellOf") return `${r}.readCellOpt()`;
      return fail(`${where}: a nullable ${ty.inner.k} get-method result is not supported`);
    case "remainder":
      return fail(`${where}: RemainingBitsAndRefs in a get-method result`);
  }
}
/** A TupleItem expression of an argument `v` of `ty`. */
function argExpr(ty: Ty, v: string, where: string): string {
  switch (ty.k) {
    case "int":
    case "bigint":
    case "coins":
      return `{ type: "int", value: BigInt(${v}) }`;
    case "bool":
      return `{ type: "int", value: ${v} ? -1n : 0n }`;
    case "address":
      return `{ type: "slice", cell: beginCell().storeAddress(${v}).endCell() }`;
    case "cell":
      return `{ type: "cell", cell: ${v} }`;
    case "slice":
      return `{ type: "slice", cell: ${v} }`;
    default:
      return fail(`${where}: get-method argument of type ${ty.k} is not supported`);
  }
}

// ---------------------------------------------------------------- constants

function evaluate(expr: string, lookup: (name: string) => bigint | undefined, where: string): bigint {
  const tokens = expr.match(/ton\("[0-9.]+"\)|0x[0-9a-fA-F]+|\d+|\w+|<<|[-+*()]/g) ?? [];
  if (tokens.join("") !== expr.replace(/\s+/g, "")) fail(`${where}: cannot evaluate \`${expr}\``);
  let i = 0;
  const peek = () => tokens[i];
  const atom = (): bigint => {
    const t = tokens[i++] ?? fail(`${where}: unexpected end of \`${expr}\``);
    if (t === "(") {
      const v = shift();
      if (tokens[i++] !== ")") fail(`${where}: missing ) in \`${expr}\``);
      return v;
    }
    if (t === "-") return -atom();
    const ton = /^ton\("(\d+)(?:\.(\d{1,9}))?"\)$/.exec(t);
    if (ton) return BigInt(ton[1]!) * 1_000_000_000n + BigInt((ton[2] ?? "").padEnd(9, "0"));
    if (/^(0x[0-9a-fA-F]+|\d+)$/.test(t)) return BigInt(t);
    return lookup(t) ?? fail(`${where}: unknown name ${t} in \`${expr}\``);
  };
  const product = (): bigint => {
    let v = atom();
    while (peek() === "*") {
      i++;
      v *= atom();
    }
    return v;
  };
  const sum = (): bigint => {
    let v = product();
    while (peek() === "+" || peek() === "-") {
      const op = tokens[i++];
      const r = product();
      v = op === "+" ? v + r : v - r;
    }
    return v;
  };
  const shift = (): bigint => {
    let v = sum();
    while (peek() === "<<") {
      i++;
      v <<= sum();
    }
    return v;
  };
  const v = shift();
  if (i !== tokens.length) fail(`${where}: cannot evaluate \`${expr}\``);
  return v;
}

const exitCodes = new Map<string, number>();
const exitNames = new Map<number, string>();
for (const c of errorConsts) {
  const v = Number(evaluate(c.expr, () => undefined, `${c.file}: ${c.name}`));
  if (exitCodes.has(c.name)) fail(`exit code ${c.name} defined twice`);
  const other = exitNames.get(v);
  if (other !== undefined) fail(`exit code ${v} is both ${other} and ${c.name}`);
  exitCodes.set(c.name, v);
  exitNames.set(v, c.name);
}
const constValues = new Map<string, bigint>();
const constFile = new Map<string, string>();
const constDecls = new Map<string, ConstDecl[]>();
for (const c of consts) constDecls.set(c.name, [...(constDecls.get(c.name) ?? []), c]);
const evaluating = new Set<string>();
/** The value of a constant (constants may use constants of other files, declared in any order). */
function constValue(name: string): bigint | undefined {
  const done = constValues.get(name);
  if (done !== undefined) return done;
  const decls = constDecls.get(name);
  if (decls === undefined) return undefined;
  if (evaluating.has(name)) fail(`constant ${name} is defined through itself`);
  evaluating.add(name);
  const values = decls.map((c) => evaluate(c.expr, constValue, `${c.file}: ${c.name}`));
  evaluating.delete(name);
  if (values.some((v) => v !== values[0])) fail(`constant ${name} has different values in ${decls.map((c) => c.file).join(", ")}`);
  constValues.set(name, values[0]!);
  constFile.set(name, decls[0]!.file);
  return values[0]!;
}
for (const c of consts) {
  const known = exitCodes.get(c.name);
  if (known !== undefined) {
    // a standalone contract restating a shared exit code (zk/verifier.tolk): it must agree
    if (BigInt(known) !== evaluate(c.expr, constValue, `${c.file}: ${c.name}`))
      fail(`${c.file}: ${c.name} differs from errors.tolk (${known})`);
    constDecls.delete(c.name);
  }
}
const constNames = consts.map((c) => c.name).filter((n, i, all) => constDecls.has(n) && all.indexOf(n) === i);
for (const name of constNames) constValue(name);

// ---------------------------------------------------------------- emit

const out: string[] = [];
const emit = (...lines: string[]) => out.push(...lines);
const hex = (v: number, bits: number) => `0x${v.toString(16).padStart(bits / 4, "0")}`;

emit(
  "// Generated by sdk/scripts/gen-ton-abi.ts from contracts-ton/contracts/**/*.tolk. Do not edit.",
  'import { beginCell, type Address, type Builder, type Cell, type Contract, type ContractProvider, type Slice, type TupleReader } from "@ton/core";',
  "",
);

const opStructs = [...structs.values()].filter((s) => s.prefix);
emit("/** Op code (serialization prefix) of every `struct (0x…) Name` of the Tolk sources. */", "export const tonOpcodes = {");
for (const s of opStructs) emit(`  ${s.name}: ${hex(s.prefix!.value, s.prefix!.bits)},`);
emit(
  "} as const;",
  "/** A message (struct with an op prefix) of the Tolk sources. */",
  "export type TonMessageName = keyof typeof tonOpcodes;",
  "",
);

emit("/** Every named exit code (`const Name = N` of every errors.tolk of contracts-ton/contracts). */", "export const tonExitCodes = {");
for (const c of errorConsts) emit(`  ${c.name}: ${exitCodes.get(c.name)},`);
emit(
  "} as const;",
  "/** The name of a Calctra TON exit code. */",
  "export type TonExitCodeName = keyof typeof tonExitCodes;",
  "/** Exit code -> its name. */",
  "export const tonExitCodeNames: Readonly<Record<number, TonExitCodeName>> = {",
);
for (const c of errorConsts) emit(`  ${exitCodes.get(c.name)}: "${c.name}",`);
emit("};", "");

emit('/** Every other top-level integer constant of the Tolk sources (`ton("x")` in nanotons). */', "export const tonConstants = {");
for (const name of constNames) {
  const v = constValues.get(name)!;
  const abs = v < 0n ? -v : v;
  emit(`  ${name}: ${v < 0n ? "-" : ""}${abs >= 1n << 64n ? `0x${abs.toString(16)}` : abs.toString()}n,`);
}
emit("} as const;", "");

const groups = new Map<string, { dir: string; kind: string; ids: Array<[string, bigint]> }>();
for (const name of constNames) {
  const v = constValues.get(name)!;
  const m = /^(PARAM|ROLE|STATUS|STATE|SUPPORT)_(\w+)$/.exec(name);
  if (!m) continue;
  const dir = constFile.get(name)!.split("/")[0]!;
  const group = `${dir}${pascal(m[1]!.toLowerCase())}`;
  const entry = groups.get(group) ?? { dir, kind: m[1]!, ids: [] };
  entry.ids.push([camel(m[2]!), v]);
  groups.set(group, entry);
}
for (const [group, { dir, kind, ids }] of groups) {
  emit(`/** The \`${kind}_*\` constants of contracts/${dir}/, by name. */`, `export const ${group} = {`);
  for (const [k, v] of ids) emit(`  ${k}: ${v},`);
  emit("} as const;", "");
}

for (const name of messageStructs) {
  const s = structOf(name);
  const where = `${s.file}: ${name}`;
  const fields = s.fields.map((f) => ({ ...f, ty: parseType(f.type, `${where}.${f.name}`) }));
  const prefix = s.prefix ? ` (op ${hex(s.prefix.value, s.prefix.bits)})` : "";
  emit(`/** \`${name}\`${prefix}, contracts/${s.file}. */`);
  if (fields.length === 0) emit(`export type ${name} = Record<string, never>;`);
  else {
    emit(`export interface ${name} {`);
    for (const f of fields)
      emit(
        `  /** \`${f.type}\`${f.ty.k === "remainder" ? ": the remaining bits and references, as a cell" : ""} */`,
        `  readonly ${f.name}: ${tsType(f.ty, "cell")};`,
      );
    emit("}");
  }
  const param = fields.length === 0 ? `_value: ${name} = {}` : `value: ${name}`;
  emit(
    `/** Writes \`${name}\`${s.prefix ? " (its op first)" : ""}: \`beginCell().store(store${name}(value))\`. */`,
    `export function store${name}(${param}): (builder: Builder) => void {`,
    "  return (b) => {",
  );
  if (s.prefix) emit(`    b.storeUint(${hex(s.prefix.value, s.prefix.bits)}, ${s.prefix.bits});`);
  for (const f of fields) for (const l of storeStmts(f.ty, `value.${f.name}`, "b", `${where}.${f.name}`)) emit(`    ${l}`);
  emit("  };", "}");
  emit(
    `/** \`${name}\` as a cell. */`,
    `export function build${name}(${param}): Cell {`,
    `  return beginCell().store(store${name}(${fields.length === 0 ? "_value" : "value"})).endCell();`,
    "}",
  );
  emit(`/** Reads \`${name}\`${s.prefix ? " (throws when the op differs)" : ""}. */`, `export function load${name}(s$: Slice): ${name} {`);
  if (s.prefix) {
    emit(
      `  const op$ = s$.loadUint(${s.prefix.bits});`,
      `  if (op$ !== ${hex(s.prefix.value, s.prefix.bits)}) throw new Error(\`expected ${name}, got op 0x\${op$.toString(16)}\`);`,
    );
  }
  for (const f of fields) emit(`  const ${f.name} = ${loadExpr(f.ty, "s$", `${where}.${f.name}`)};`);
  emit(`  return { ${fields.map((f) => f.name).join(", ")} };`, "}", "");
}

for (const name of stackStructs) {
  const s = structOf(name);
  const where = `${s.file}: ${name}`;
  const fields = s.fields.map((f) => ({ ...f, ty: parseType(f.type, `${where}.${f.name}`) }));
  emit(`/** \`${name}\` (get-method result, contracts/${s.file}). */`, `export interface ${name} {`);
  for (const f of fields) emit(`  /** \`${f.type}\` */`, `  readonly ${f.name}: ${tsType(f.ty, "stack")};`);
  emit(
    "}",
    `/** Reads \`${name}\` from a get-method's stack (its fields in order). */`,
    `export function read${name}(r$: TupleReader): ${name} {`,
  );
  for (const f of fields) emit(`  const ${f.name} = ${readExpr(f.ty, "r$", `${where}.${f.name}`)};`);
  emit(`  return { ${fields.map((f) => f.name).join(", ")} };`, "}", "");
}

for (const [file, list] of getters) {
  const [dir, base] = [dirname(file), file.replace(/^.*\//, "").replace(/\.tolk$/, "")];
  const cls = `${dir === base ? pascal(dir) : pascal(dir) + pascal(base)}Contract`;
  emit(
    `/** The get-methods of contracts/${file}; open it with \`blockchain.openContract\` or \`TonClient.open\`. */`,
    `export class ${cls} implements Contract {`,
    "  constructor(readonly address: Address) {}",
  );
  for (const g of list) {
    const where = `${file}: get ${g.name}`;
    const method = /^get_/.test(g.name) ? camel(g.name) : `get${pascal(g.name)}`;
    const params = g.params.map((p) => ({ ...p, ty: parseType(p.type, `${where}(${p.name})`) }));
    if (params.some((p) => p.name === "provider")) fail(`${where}: a parameter named provider`);
    const ret = parseType(g.returns, where);
    const sig = params.map((p) => `${p.name}: ${tsType(p.ty, "stack")}`);
    emit(
      `  /** \`${g.name}(${g.params.map((p) => `${p.name}: ${p.type}`).join(", ")}): ${g.returns}\` */`,
      `  async ${method}(provider: ContractProvider${sig.map((x) => `, ${x}`).join("")}): Promise<${tsType(ret, "stack")}> {`,
      `    const r$ = (await provider.get("${g.name}", [${params.map((p) => argExpr(p.ty, p.name, where)).join(", ")}])).stack;`,
      `    return ${readExpr(ret, "r$", where)};`,
      "  }",
    );
  }
  emit("}", "");
}

emitGenerated(
  join(root, "sdk/src/ton/generated/abi.ts"),
  out.join("\n"),
  `${opStructs.length} op codes, ${exitCodes.size} exit codes, ${messageStructs.size} message layouts, ${[...getters.values()].reduce((n, l) => n + l.length, 0)} get-methods`,
);
