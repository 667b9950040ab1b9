import { expect } from "chai";
import { readFileSync } from "node:fs";
import { CalctraError } from "../src/core/index.js";
import { calctraIdls, decodeSolanaError, solanaProgramError } from "../src/solana/index.js";

const errors = JSON.parse(readFileSync(new URL("../../test/vectors/errors.json", import.meta.url), "utf8")) as Record<string, string[]>;

describe("Solana error decoding from the generated IDLs", () => {
  it("finds every shared staking, marketplace, governance, bridge and pause name in some program's IDL", () => {
    const inIdls = new Set(calctraIdls.flatMap((idl) => ((idl as unknown as { errors?: { name: string }[] }).errors ?? []).map((e) => e.name)));
    // Anchor reports a missing task account with its framework code 3012; the SDK maps it (tested below).
    const viaFramework = new Set(["MarketplaceTaskNotFound"]);
    for (const [concept, names] of Object.entries(errors)) {
      for (const n of names) if (!viaFramework.has(n)) expect(inIdls.has(n), `${concept}.${n}`).to.equal(true);
    }
  });
  it("gives every program its own code range, so codes never collide", () => {
    const seen = new Map<number, string>();
    for (const idl of calctraIdls) for (const e of (idl as unknown as { errors?: { code: number; name: string }[] }).errors ?? []) {
      expect(seen.has(e.code), `${e.code} used by ${seen.get(e.code)} and ${e.name}`).to.equal(false);
      seen.set(e.code, e.name);
    }
  });
  it("decodes a custom code into the canonical CalctraError", () => {
    const code = [...Array(100).keys()].map((i) => 6100 + i).find((c) => solanaProgramError(c)?.name === "MarketplaceTaskNotOpen")!;
    const err = decodeSolanaError({ code });
    expect(err).to.be.instanceOf(CalctraError);
    expect(err!.name).to.equal("MarketplaceTaskNotOpen");
    expect(err!.chain).to.equal("solana");
    expect(err!.args).to.include({ program: "marketplace" });
  });
  it("reads Anchor's AccountNotInitialized on a task as MarketplaceTaskNotFound, and leaves unknown codes alone", () => {
    expect(decodeSolanaError({ code: 3012, missingAccount: "task" })!.name).to.equal("MarketplaceTaskNotFound");
    expect(decodeSolanaError({ code: 1 })).to.equal(undefined);
    expect(decodeSolanaError({ code: 3012 })).to.equal(undefined);
  });
});
