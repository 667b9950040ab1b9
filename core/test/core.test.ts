import { expect } from "chai";
import { readFileSync } from "node:fs";
import { encodePacked, keccak256, recoverAddress, type Hex } from "viem";
import {
  BN254_R,
  CAL,
  CalctraError,
  DOMAINS,
  ERROR_NAMES,
  TaskStatus,
  bridgeDigest,
  bridgeMessageId,
  computePayout,
  computeSlash,
  decodeBridgeMessage,
  encodeBridgeMessage,
  isCalctraErrorName,
  providerField,
  publicInputs,
  reputationScoreBps,
  taskStatusName,
  universalFromEvm,
  universalFromSolana,
  universalFromTonRaw,
  type BridgeMessage,
  type UniversalAddress,
} from "../src/index.js";

const vectors = (name: string) => JSON.parse(readFileSync(new URL(`../../test/vectors/${name}`, import.meta.url), "utf8"));

describe("reputation score", () => {
  it("gives a new provider 5000 bps", () => {
    expect(reputationScoreBps({ completed: 0n, failed: 0n })).to.equal(5000n);
  });
  it("matches an independent floating-point reference for every vector", () => {
    for (const c of vectors("reputation.json").cases) {
      const ref = Math.floor((10000 * (c.completed + 1)) / (c.completed + 3 * c.failed + 2));
      expect(c.scoreBps, JSON.stringify(c)).to.equal(ref);
    }
  });
  it("weighs one failure like three completions", () => {
    expect(reputationScoreBps({ completed: 3n, failed: 1n }) < reputationScoreBps({ completed: 3n, failed: 0n })).to.equal(true);
    expect(reputationScoreBps({ completed: 10n, failed: 1n })).to.equal((10000n * 11n) / 15n);
  });
});

describe("payout split", () => {
  it("sums to the reward and gives the provider the rounding remainder", () => {
    for (const c of vectors("payout.json").cases) {
      const total = BigInt(c.provider) + BigInt(c.treasury) + BigInt(c.creator);
      expect(total.toString(), JSON.stringify(c)).to.equal(c.reward);
      expect(BigInt(c.treasury) + BigInt(c.creator)).to.equal(
        (BigInt(c.reward) * BigInt(c.treasuryBps)) / 10000n + (BigInt(c.reward) * BigInt(c.creatorBps)) / 10000n,
      );
    }
  });
  it("pays 80/15/5 of a round reward", () => {
    expect(computePayout({ reward: 100n * CAL, providerBps: 8000n, treasuryBps: 1500n, creatorBps: 500n, hasCreator: true })).to.deep.equal(
      { provider: 80n * CAL, treasury: 15n * CAL, creator: 5n * CAL },
    );
  });
  it("sends the creator share to the treasury when no creator is named", () => {
    expect(computePayout({ reward: 1000n, providerBps: 8000n, treasuryBps: 1500n, creatorBps: 500n, hasCreator: false })).to.deep.equal({
      provider: 800n,
      treasury: 200n,
      creator: 0n,
    });
  });
  it("refuses a fee split that does not sum to 10000 with MarketplaceInvalidFeeSplit", () => {
    expect(() => computePayout({ reward: 1n, providerBps: 8000n, treasuryBps: 1500n, creatorBps: 600n, hasCreator: true })).to.throw(
      CalctraError,
      "MarketplaceInvalidFeeSplit",
    );
  });
});

describe("slash", () => {
  it("conserves the collateral in every vector", () => {
    for (const c of vectors("slash.json").cases) {
      expect(BigInt(c.toUser) + BigInt(c.toTreasury)).to.equal(BigInt(c.slashed));
      expect(BigInt(c.slashed) + BigInt(c.unlocked)).to.equal(BigInt(c.collateral));
      expect(BigInt(c.slashed)).to.equal((BigInt(c.collateral) * BigInt(c.slashBps)) / 10000n);
    }
  });
  it("gives the user the rounded-down half", () => {
    expect(computeSlash({ collateral: 15n, slashBps: 10000n })).to.deep.equal({ slashed: 15n, toUser: 7n, toTreasury: 8n, unlocked: 0n });
  });
});

describe("public inputs", () => {
  it("keeps an EVM address whole as the provider field", () => {
    const a = universalFromEvm("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    expect(providerField(a)).to.equal(0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266n);
  });
  it("reduces a 32-byte address mod 2^248", () => {
    for (const c of vectors("public-inputs.json").cases) {
      expect((BigInt(c.universalAddress) % (1n << 248n)).toString()).to.equal(c.providerField);
    }
  });
  it("rejects a result commitment at or above the field modulus", () => {
    const provider = universalFromEvm("0x0000000000000000000000000000000000000001");
    expect(() => publicInputs({ curve: "bn254", taskId: 1n, specHash: 1n, resultCommitment: BN254_R, provider })).to.throw(
      CalctraError,
      "MarketplaceFieldElementOutOfRange",
    );
    expect(publicInputs({ curve: "bn254", taskId: 1n, specHash: 2n, resultCommitment: BN254_R - 1n, provider })).to.deep.equal([
      1n,
      2n,
      BN254_R - 1n,
      1n,
    ]);
  });
  it("rejects a spec hash of 2^248", () => {
    const provider = universalFromEvm("0x0000000000000000000000000000000000000001");
    expect(() => publicInputs({ curve: "bls12381", taskId: 1n, specHash: 1n << 248n, resultCommitment: 0n, provider })).to.throw(
      CalctraError,
      "MarketplaceFieldElementOutOfRange",
    );
  });
});

describe("universal addresses", () => {
  it("decodes Solana and TON addresses to 32 bytes", () => {
    expect(universalFromSolana("11111111111111111111111111111111")).to.equal(`0x${"00".repeat(32)}`);
    expect(universalFromTonRaw(`0:${"AB".repeat(32)}`)).to.equal(`0x${"ab".repeat(32)}`);
  });
  it("rejects malformed addresses", () => {
    expect(() => universalFromEvm("0x1234"))
      .to.throw(CalctraError)
      .with.property("name", "InvalidAddress");
    expect(() => universalFromTonRaw(`-1:${"ab".repeat(32)}`))
      .to.throw(CalctraError)
      .with.property("name", "InvalidAddress");
    expect(() => universalFromSolana("1111"))
      .to.throw(CalctraError)
      .with.property("name", "InvalidAddress");
  });
});

describe("bridge message", () => {
  const bridge = vectors("bridge.json");
  it("encodes to 89 bytes identical to an independent packed encoding", () => {
    for (const c of bridge.cases) {
      const m = c.message;
      const packed = encodePacked(
        ["uint8", "uint32", "uint32", "uint64", "bytes32", "bytes32", "uint64"],
        [m.version, m.srcDomain, m.dstDomain, BigInt(m.nonce), m.sender as Hex, m.recipient as Hex, BigInt(m.amount)],
      );
      expect(c.encoded).to.equal(packed);
      expect((c.encoded.length - 2) / 2).to.equal(89);
      expect(c.messageId).to.equal(keccak256(packed));
      const digest = keccak256(
        encodePacked(
          ["string", "uint32", "bytes32", "bytes32"],
          ["CALCTRA_BRIDGE_V1", m.dstDomain, c.dstBridge as Hex, c.messageId as Hex],
        ),
      );
      expect(c.digest).to.equal(digest);
    }
  });
  it("round-trips through decode", () => {
    for (const c of bridge.cases) {
      const m: BridgeMessage = { ...c.message, nonce: BigInt(c.message.nonce), amount: BigInt(c.message.amount) };
      const bytes = encodeBridgeMessage(m);
      expect(decodeBridgeMessage(bytes)).to.deep.equal(m);
      expect(Buffer.from(bridgeMessageId(m)).toString("hex")).to.equal(c.messageId.slice(2));
      const d = bridgeDigest({ dstDomain: m.dstDomain, dstBridge: c.dstBridge as UniversalAddress, messageId: bridgeMessageId(m) });
      expect(`0x${Buffer.from(d).toString("hex")}`).to.equal(c.digest);
    }
  });
  it("has low-s signatures that recover to the listed validators, in ascending order", async () => {
    const halfN = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;
    for (const c of bridge.cases) {
      let prev = 0n;
      for (const s of c.signatures) {
        expect(BigInt(`0x${s.signature.slice(66, 130)}`) <= halfN).to.equal(true);
        const recovered = await recoverAddress({ hash: c.digest, signature: s.signature });
        expect(recovered.toLowerCase()).to.equal(s.signer);
        expect(BigInt(s.signer) > prev).to.equal(true);
        prev = BigInt(s.signer);
      }
    }
  });
  it("rejects out-of-range fields and wrong lengths", () => {
    const sender = universalFromEvm("0x0000000000000000000000000000000000000001");
    expect(() =>
      encodeBridgeMessage({ version: 1, srcDomain: 1, dstDomain: 2, nonce: 1n << 64n, sender, recipient: sender, amount: 1n }),
    ).to.throw(CalctraError, "BridgeInvalidMessage(input=nonce");
    expect(() => decodeBridgeMessage(new Uint8Array(88))).to.throw(
      CalctraError,
      "BridgeInvalidMessage(input=data, value=bytes(88), length=89)",
    );
    expect(DOMAINS.solana).to.not.equal(DOMAINS.ton);
  });
});

describe("errors and statuses", () => {
  it("recognises every canonical error name and nothing else", () => {
    for (const names of Object.values(ERROR_NAMES)) for (const n of names) expect(isCalctraErrorName(n)).to.equal(true);
    expect(isCalctraErrorName("SomethingElse")).to.equal(false);
  });
  it("names task statuses by their shared numbers", () => {
    expect(TaskStatus.Refunded).to.equal(7);
    expect(taskStatusName(4)).to.equal("Disputed");
    expect(() => taskStatusName(8)).to.throw(CalctraError, "InvalidArgument(input=status, value=8, min=0, max=7)");
  });
});
