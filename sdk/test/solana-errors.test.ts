import { expect } from "chai";
import { readFileSync } from "node:fs";
import { CalctraError } from "@calctra/core";
import { calctraIdls, decodeSolanaError, decodeSolanaTransactionError, solanaErrorCode, solanaProgramError } from "../src/solana/index.js";

const errors = JSON.parse(readFileSync(new URL("../../test/vectors/errors.json", import.meta.url), "utf8")) as Record<string, string[]>;

describe("Solana error decoding from the generated IDLs", () => {
  it("finds every shared staking, marketplace, governance, bridge and pause name in some program's IDL", () => {
    const inIdls = new Set(
      calctraIdls.flatMap((idl) => ((idl as unknown as { errors?: { name: string }[] }).errors ?? []).map((e) => e.name)),
    );
    // Anchor reports a missing task account with its framework code 3012; the SDK maps it (tested below).
    const viaFramework = new Set(["MarketplaceTaskNotFound"]);
    for (const [concept, names] of Object.entries(errors)) {
      if (concept === "hub") continue; // the hub runs on the EVM home only (DESIGN §7)
      for (const n of names) if (!viaFramework.has(n)) expect(inIdls.has(n), `${concept}.${n}`).to.equal(true);
    }
  });
  it("gives every program its own code range, so codes never collide", () => {
    const seen = new Map<number, string>();
    for (const idl of calctraIdls)
      for (const e of (idl as unknown as { errors?: { code: number; name: string }[] }).errors ?? []) {
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
  it("finds the program error code in Anchor errors, web3.js send errors and logs, and maps 3012 only on the named account", () => {
    const code = [...Array(100).keys()].map((i) => 6100 + i).find((c) => solanaProgramError(c)?.name === "MarketplaceTaskNotOpen")!;
    const anchorError = {
      error: { errorCode: { code: "MarketplaceTaskNotOpen", number: code }, errorMessage: "", origin: undefined },
      logs: [],
    };
    expect((decodeSolanaTransactionError(anchorError) as CalctraError).name).to.equal("MarketplaceTaskNotOpen");
    const sendError = new Error(
      `Simulation failed. Message: Transaction simulation failed: Error processing Instruction 0: custom program error: 0x${code.toString(16)}.`,
    );
    expect(solanaErrorCode(sendError)).to.deep.equal({ code });
    expect((decodeSolanaTransactionError(sendError) as CalctraError).args).to.include({ code, program: "marketplace" });
    const fromLogs = {
      message: "failed",
      logs: ["Program log: AnchorError caused by account: task. Error Code: AccountNotInitialized. Error Number: 3012. Error Message: x."],
    };
    expect(solanaErrorCode(fromLogs)).to.deep.equal({ code: 3012, origin: "task" });
    expect((decodeSolanaTransactionError(fromLogs, { missingAccount: "task" }) as CalctraError).name).to.equal("MarketplaceTaskNotFound");
    // AccountNotInitialized on another account (e.g. a missing token account) is not a missing task
    const otherAccount = { error: { errorCode: { code: "AccountNotInitialized", number: 3012 }, origin: "userToken" } };
    expect(decodeSolanaTransactionError(otherAccount, { missingAccount: "task" })).to.equal(otherAccount);
    const plain = new Error("blockhash not found");
    expect(decodeSolanaTransactionError(plain)).to.equal(plain);
  });
});
