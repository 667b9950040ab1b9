import { expect } from "chai";
import { Blockchain, type SandboxContract } from "@ton/sandbox";
import { beginCell, type Cell, type TupleItem, TupleReader } from "@ton/core";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { decodeGovernanceActions, encodeGovernanceActions, type GovernanceAction } from "@calctra/core";
import { err } from "../wrappers/abi";
import { CONTRACTS_DIR } from "../wrappers/compile";
import { byteSnake, snakeBytes } from "../wrappers/ByteSnake";
import { deployExecutorEnv } from "../scripts/executorSandbox";
import type { Executor } from "../wrappers/Executor";

type Vectors = {
  actions: { name: string; action: Record<string, unknown>; encoded: string }[];
  actionLists: { name: string; actions: Record<string, unknown>[]; encoded: string }[];
  invalidActionLists: { name: string; encoded: string; error: string }[];
  roles: Record<string, number>;
  pauseTargets: Record<string, number>;
  ops: Record<string, number>;
};
const vectors = JSON.parse(readFileSync(join(CONTRACTS_DIR, "..", "..", "test", "vectors", "governance.json"), "utf-8")) as Vectors;
const fromHex = (h: string) => Uint8Array.from(Buffer.from(h.replace(/^0x/, ""), "hex"));
const big = (h: string) => BigInt(h);

/** What the contract's decoded tuple of one action must be, from core's decoded action. */
function expectedTuple(a: GovernanceAction): (bigint | string)[] {
  switch (a.kind) {
    case "setParameter":
      return [1n, BigInt(a.paramId), a.value];
    case "setVerifier":
      return [2n, BigInt(a.verifierId), big(a.verifier)];
    case "setRole":
      return [3n, BigInt(vectors.roles[a.role]!), big(a.account)];
    case "setValidatorSet":
      return [4n, BigInt(a.signers.length), BigInt(a.threshold), BigInt(a.retention), "chain"];
    case "setRemoteDomain":
      return [
        5n,
        BigInt(a.domain),
        a.enabled ? 1n : 0n,
        big(a.bridge),
        a.inboundCapacity,
        a.inboundRatePerSecond,
        a.outboundCapacity,
        a.outboundRatePerSecond,
      ];
    case "pause":
    case "unpause":
      return [BigInt(vectors.ops[a.kind]!), BigInt(vectors.pauseTargets[a.target]!)];
  }
}

/** Signers of a validator chain cell (<= 6 addresses per cell, next in the reference). */
function chainSigners(c: Cell): bigint[] {
  const out: bigint[] = [];
  let cur: Cell | null = c;
  while (cur) {
    const s = cur.beginParse();
    while (s.remainingBits >= 160) out.push(s.loadUintBig(160));
    cur = s.remainingRefs ? s.loadRef() : null;
  }
  return out;
}

describe("Governance action lists decoded in Tolk (byte snake, governance.json vectors)", () => {
  let gov: SandboxContract<Executor>;
  before(async () => {
    const blockchain = await Blockchain.create();
    blockchain.now = 1_800_000_000;
    gov = (await deployExecutorEnv(blockchain)).exec;
  });

  const decode = async (list: Cell): Promise<TupleItem[]> => {
    const r = await gov.getDecodeActions(list);
    return r;
  };

  const check = async (name: string, encoded: string) => {
    const bytes = fromHex(encoded);
    const core = decodeGovernanceActions(bytes);
    const items = await decode(byteSnake(bytes));
    expect(items.length, name).to.equal(core.length);
    core.forEach((a, i) => {
      const item = items[i]!;
      if (item.type !== "tuple") throw new Error(`${name}: action ${i} is not a tuple`);
      const t = new TupleReader(item.items);
      const want = expectedTuple(a);
      for (const w of want) {
        if (w === "chain") {
          const chain = t.readCell();
          if (a.kind !== "setValidatorSet") throw new Error("chain only for setValidatorSet");
          expect(chainSigners(chain), name).to.deep.equal(a.signers.map(big));
        } else expect(t.readBigNumber(), `${name} action ${i}`).to.equal(w);
      }
      expect(t.remaining, `${name} action ${i} has no extra fields`).to.equal(0);
    });
  };

  it("decodes every `actions` vector to the fields core decodes (each a one-action list)", async () => {
    expect(vectors.actions.length).to.be.greaterThan(10);
    for (const v of vectors.actions) await check(v.name, v.encoded);
  });

  it("decodes every `actionLists` vector in order, a list spanning several snake cells included", async () => {
    for (const v of vectors.actionLists) {
      expect(encodeGovernanceActions(decodeGovernanceActions(fromHex(v.encoded)))).to.deep.equal(fromHex(v.encoded));
      await check(v.name, v.encoded);
    }
    // the largest list: 8 validator-set actions of 32 signers would exceed 1024 bytes; 1 of 32 + 7 others fits
    const signers = Array.from({ length: 32 }, (_, i) => `0x${(i + 1).toString(16).padStart(40, "0")}` as const);
    const big8: GovernanceAction[] = [
      { kind: "setValidatorSet", signers, threshold: 17, retention: 86400 },
      ...Array.from({ length: 7 }, (_, i): GovernanceAction => ({ kind: "setParameter", paramId: 3, value: 600n + BigInt(i) })),
    ];
    const bytes = encodeGovernanceActions(big8);
    expect(byteSnake(bytes).refs.length).to.equal(1);
    await check("8 actions over 6 cells", `0x${Buffer.from(bytes).toString("hex")}`);
  });

  it("refuses every `invalidActionLists` vector with GovernanceInvalidAction", async () => {
    for (const v of vectors.invalidActionLists) {
      expect(v.error).to.equal("GovernanceInvalidAction");
      let code = 0;
      try {
        await decode(byteSnake(fromHex(v.encoded)));
      } catch (e) {
        code = Number((e as { exitCode?: number }).exitCode ?? -1);
      }
      expect(code, v.name).to.equal(err(v.error));
    }
  });

  it("refuses a non-canonical snake: a short cell with a next one, partial bytes, an empty trailing cell", async () => {
    const bytes = fromHex(vectors.actionLists[1]!.encoded);
    const half = beginCell()
      .storeBuffer(Buffer.from(bytes.subarray(0, 10)))
      .storeRef(
        beginCell()
          .storeBuffer(Buffer.from(bytes.subarray(10, 100)))
          .endCell(),
      )
      .endCell();
    const bits = beginCell()
      .storeBuffer(Buffer.from(fromHex("0x010100030000000000001c20")))
      .storeBit(true)
      .endCell();
    const trailing = beginCell()
      .storeBuffer(Buffer.from(fromHex("0x010100030000000000001c20")))
      .storeRef(beginCell().endCell())
      .endCell();
    for (const c of [half, bits, trailing]) {
      let code = 0;
      try {
        await decode(c);
      } catch (e) {
        code = Number((e as { exitCode?: number }).exitCode ?? -1);
      }
      expect(code).to.equal(err("GovernanceInvalidAction"));
    }
    expect(snakeBytes(byteSnake(bytes))).to.deep.equal(bytes);
  });
});
