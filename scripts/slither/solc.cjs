// solc-js behind a solc-like command line, for scripts/slither/solc (see there). CommonJS and plain
// JavaScript so that it runs on any node >= 20 without a TypeScript loader.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..", "..");
let solc;
try {
  solc = require(require.resolve("solc", { paths: [root] }));
} catch (err) {
  process.stderr.write(`scripts/slither/solc: cannot load the solc npm package from ${root}/node_modules (npm ci?): ${err.message}\n`);
  process.exit(1);
}

const args = process.argv.slice(2);
if (args.includes("--version")) {
  // Native solc's format: crytic-compile takes the first x.y.z it finds.
  process.stdout.write(`solc, the solidity compiler commandline interface\nVersion: ${solc.version()}\n`);
  process.exit(0);
}
if (!args.includes("--standard-json")) {
  process.stderr.write("scripts/slither/solc: only --version and --standard-json are supported\n");
  process.exit(2);
}

// Sources are normally all inline; a missing import is read from the repository (as `--allow-paths <root>`).
function findImports(unitName) {
  const file = path.resolve(root, unitName);
  if (file !== root && !file.startsWith(root + path.sep)) return { error: `outside the repository: ${unitName}` };
  try {
    return { contents: fs.readFileSync(file, "utf8") };
  } catch {
    return { error: `file not found: ${unitName}` };
  }
}

const input = fs.readFileSync(0, "utf8");
process.stdout.write(solc.compile(input, { import: findImports }));
