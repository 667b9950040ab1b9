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
      case "--- IDL begin address ---": state = "address"; continue;
      case "--- IDL begin const ---": state = "const"; buf = []; continue;
      case "--- IDL begin event ---": state = "event"; buf = []; continue;
      case "--- IDL begin errors ---":
        if (errors) throw new Error("multiple error definitions");
        state = "errors"; buf = []; continue;
      case "--- IDL begin program ---": state = "program"; buf = []; continue;
      default: continue;
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
for (const t of idl.types ?? []) types.set(t.name, t);
idl.types = [...types.keys()].sort().map((k) => types.get(k));
// Key order as anchor writes it.
const ordered = {};
for (const k of ["address", "metadata", "docs", "instructions", "accounts", "events", "errors", "types", "constants"]) {
  if (idl[k] !== undefined && !(Array.isArray(idl[k]) && idl[k].length === 0 && k !== "instructions")) ordered[k] = idl[k];
}
process.stdout.write(JSON.stringify(ordered, null, 2) + "\n");
