import { expect } from "chai";
import { readFileSync } from "node:fs";
import { Address, beginCell } from "@ton/core";
import { decodeGovernanceActions, encodeGovernanceActions, type GovernanceAction } from "@calctra/core";
import { tonByteSnake, tonGovernanceActionsCell, tonGovernanceActionsOf, tonSnakeBytes, tonExitCodes } from "../src/ton/index.js";
import { startLocalTon, type LocalTon } from "@calctra/devnet/ton";

type Vectors = {
  actions: { name: string; encoded: string }[];
  actionLists: { name: string; encoded: string }[];
  invalidActionLists: { name: string; encoded: string; error: string }[];
};
const vectors = JSON.parse(readFileSync(new URL("../../test/vectors/governance.json", import.meta.url), "utf8")) as Vectors;
const fromHex = (h: string) => Uint8Array.from(Buffer.from(h.slice(2), "hex"));

describe("TON action lists: core's bytes in a canonical byte snake", function () {
  this.timeout(300_000);
  let ton: LocalTon;
  before(async () => {
    ton = await startLocalTon({ now: 1_800_000_000 });
  });

  /** Number of actions the TON governance contract decodes from `list`, or its exit code. */
  const decodeOnChain = async (list: ReturnType<typeof tonByteSnake>): Promise<{ count: number } | { exitCode: number }> => {
    const gov = await ton.blockchain.getContract(Address.parse(ton.deployment.contracts.governance));
    const r = await gov.get("get_decode_actions", [{ type: "cell", cell: list }]).catch((e: { exitCode?: number }) => e);
    if ("exitCode" in r && typeof r.exitCode === "number" && r.exitCode !== 0) return { exitCode: r.exitCode };
    const item = (r as { stackReader: { readTuple(): { remaining: number } } }).stackReader.readTuple();
    return { count: item.remaining };
  };

  it("encodes every actions / actionLists vector to the snake of its bytes; the TON contract decodes the same count", async () => {
    for (const v of [...vectors.actions, ...vectors.actionLists]) {
      const actions: GovernanceAction[] = decodeGovernanceActions(fromHex(v.encoded));
      const cell = tonGovernanceActionsCell(actions);
      expect(Buffer.from(tonSnakeBytes(cell)).toString("hex"), v.name).to.equal(v.encoded.slice(2));
      expect(tonGovernanceActionsOf(cell), v.name).to.deep.equal(actions);
      expect(await decodeOnChain(cell), v.name).to.deep.equal({ count: actions.length });
    }
  });

  it("splits at 127 bytes per cell, the last cell holding the rest; a non-canonical snake is refused by the reader", () => {
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);
    const cell = tonByteSnake(bytes);
    expect(cell.bits.length).to.equal(1016);
    expect(cell.refs[0]!.bits.length).to.equal(1016);
    expect(cell.refs[0]!.refs[0]!.bits.length).to.equal(46 * 8);
    expect(tonSnakeBytes(cell)).to.deep.equal(bytes);
    expect(tonByteSnake(new Uint8Array(0)).bits.length).to.equal(0);
    const short = beginCell().storeUint(1, 8).storeRef(beginCell().storeUint(2, 8).endCell()).endCell();
    expect(() => tonSnakeBytes(short)).to.throw(RangeError);
    expect(() => tonByteSnake(new Uint8Array(1025))).to.throw(/GovernanceInvalidAction/);
  });

  it("the TON contract refuses every invalidActionLists vector with GovernanceInvalidAction", async () => {
    for (const v of vectors.invalidActionLists) {
      expect(() => encodeGovernanceActions(decodeGovernanceActions(fromHex(v.encoded))), v.name).to.throw();
      expect(await decodeOnChain(tonByteSnake(fromHex(v.encoded))), v.name).to.deep.equal({
        exitCode: tonExitCodes.GovernanceInvalidAction,
      });
    }
  });
});
