// Assembles an Anchor IDL from the pieces printed by
// `cargo test __anchor_private_print_idl --features idl-build -- --show-output --quiet`
// (the same protocol anchor-lang-idl's builder parses). Reads stdin, writes JSON to stdout.
import { readFileSync } from "node:fs";

const lines = readFileSync(0, "utf8").split("\n");
let state = "pass";
let buf = [];
let address = "";
const constants = [];
const events = [];
let errors;
const types = new Map();
let idl;

for (const line of lines) {
  if (state === "pass") {
    switch (line) {
      case "--- IDL begin address ---":
        state = "address";
        continue;
      case "--- IDL begin const ---":
        state = "const";
        buf = [];
        continue;
      case "--- IDL begin event ---":
        state = "event";
        buf = [];
        continue;
      case "--- IDL begin errors ---":
        if (errors) throw new Error("multiple error definitions");
        state = "errors";
        buf = [];
        continue;
      case "--- IDL begin program ---":
        state = "program";
        buf = [];
        continue;
      default:
        continue;
    }
  }
  if (state === "address") {
    address = line.replace(/[^A-Za-z0-9]/g, "");
    state = "pass";
    continue;
  }
  if (line === `--- IDL end ${state} ---`) {
    const value = JSON.parse(buf.join("\n"));
    if (state === "const") constants.push(value);
    if (state === "event") {
      events.push(value.event);
      for (const t of value.types) types.set(t.name, t);
    }
    if (state === "errors") errors = value;
    if (state === "program") idl = value;
    state = "pass";
    continue;
  }
  buf.push(line);
}

if (!idl) throw new Error("no IDL program section found");
idl.address = address;
idl.constants = constants;
idl.events = events;
idl.errors = errors ?? [];
// anchor-syn 0.31 prints error codes from 6000 even with `#[error_code(offset = N)]`;
// idl.sh passes the offset read from the program's errors.rs.
const offset = Number(process.env.ERROR_CODE_OFFSET ?? 6000);
for (const e of idl.errors) e.code = e.code - 6000 + offset;
for (const t of idl.types ?? []) types.set(t.name, t);
idl.types = [...types.keys()].sort().map((k) => types.get(k));
// As anchor-lang-idl's builder: module paths -> bare names (unless two paths share a name),
// then every list sorted by name.
let text = JSON.stringify(idl);
for (const m of JSON.stringify(idl).matchAll(/"(\w+::)+(\w+)"/g)) {
  const [path, , name] = m;
  const replaced = text.split(path).join(`"${name}"`);
  if (!new RegExp(`"(\\w+::)+${name}"`).test(replaced)) text = replaced;
}
idl = JSON.parse(text);
for (const k of ["accounts", "constants", "events", "instructions", "types"]) {
  if (Array.isArray(idl[k])) idl[k].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
// Key order as anchor writes it.
const ordered = {};
for (const k of ["address", "metadata", "docs", "instructions", "accounts", "events", "errors", "types", "constants"]) {
  if (idl[k] !== undefined && !(Array.isArray(idl[k]) && idl[k].length === 0 && k !== "instructions")) ordered[k] = idl[k];
}
process.stdout.write(`${JSON.stringify(ordered, null, 2)}\n`);
