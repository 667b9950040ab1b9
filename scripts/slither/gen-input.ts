// Writes the solc standard-JSON input that scripts/slither.sh hands to Slither (`--compile-force-framework
// solc-json`): every .sol under contracts-evm/contracts plus everything they import, read inline, with the
// compiler settings of hardhat.config.ts's default profile (optimizer, evmVersion) and an `@openzeppelin/`
// remapping. Source unit names are repository-relative paths (OpenZeppelin under node_modules/), so Slither's
// findings and its filter_paths name real files.
// Usage: npx tsx scripts/slither/gen-input.ts <out.json>
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import hardhatConfig from "../../hardhat.config.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const contractsDir = "contracts-evm/contracts";
const require = createRequire(path.join(root, "package.json"));

const out = process.argv[2];
if (!out) {
  console.error("usage: npx tsx scripts/slither/gen-input.ts <out.json>");
  process.exit(2);
}

// Same compiler and settings as `npx hardhat build` (default profile).
type Profile = { version: string; settings?: { optimizer?: unknown; evmVersion?: string; viaIR?: boolean } };
const profile = (hardhatConfig.solidity as { profiles: Record<string, Profile> }).profiles.default;
const solcVersion: string = require("solc/package.json").version;
if (profile.version !== solcVersion) {
  console.error(`hardhat.config.ts compiles with solc ${profile.version}, the solc npm package is ${solcVersion}`);
  process.exit(1);
}

// Remapping: @openzeppelin/ -> wherever npm put the package (repository-relative).
const ozDir = path.dirname(path.dirname(require.resolve("@openzeppelin/contracts/package.json")));
const ozPrefix = `${path.relative(root, ozDir).split(path.sep).join("/")}/`;
const remappings = [`@openzeppelin/=${ozPrefix}`];

function resolveImport(importer: string, spec: string): string {
  if (spec.startsWith("./") || spec.startsWith("../")) return path.posix.normalize(path.posix.join(path.posix.dirname(importer), spec));
  for (const r of remappings) {
    const [from, to] = r.split("=");
    if (spec.startsWith(from)) return to + spec.slice(from.length);
  }
  throw new Error(`${importer}: unresolved import "${spec}" (add a remapping in scripts/slither/gen-input.ts)`);
}

function solFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return solFiles(rel);
    return e.isFile() && e.name.endsWith(".sol") ? [rel] : [];
  });
}

// Comments are stripped before looking for imports, so a commented-out import is not followed.
const importRe = /\bimport\s+(?:[^"';]*?\bfrom\s+)?["']([^"']+)["']/g;
const stripComments = (s: string) => s.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/[^\n]*/g, "");

const sources: Record<string, { content: string }> = {};
const queue = solFiles(contractsDir).sort();
const own = queue.length;
while (queue.length > 0) {
  const unit = queue.shift()!;
  if (sources[unit]) continue;
  const content = readFileSync(path.join(root, unit), "utf8");
  sources[unit] = { content };
  for (const m of stripComments(content).matchAll(importRe)) {
    const dep = resolveImport(unit, m[1]);
    if (!sources[dep]) queue.push(dep);
  }
}

const input = {
  language: "Solidity",
  sources,
  settings: {
    remappings,
    optimizer: profile.settings?.optimizer ?? { enabled: false },
    evmVersion: profile.settings?.evmVersion,
    ...(profile.settings?.viaIR ? { viaIR: true } : {}),
    // What crytic-compile asks for by default (the source maps and the AST are what Slither reads).
    outputSelection: {
      "*": {
        "*": ["abi", "metadata", "devdoc", "userdoc", "evm.bytecode", "evm.deployedBytecode"],
        "": ["ast"],
      },
    },
  },
};
mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
writeFileSync(out, JSON.stringify(input));
const deps = Object.keys(sources).length - own;
console.log(
  `slither input: ${own} sources under ${contractsDir} + ${deps} imported, solc ${solcVersion}, ` +
    `optimizer ${JSON.stringify(input.settings.optimizer)}, evmVersion ${input.settings.evmVersion} -> ${out}`,
);
