import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { getAddress, pad, toHex, type Hex } from "viem";
import { encodeProofEvm } from "@calctra/core/zk";
import type { SnarkjsGroth16Proof } from "@calctra/core/zk";
import { viem, networkHelpers, CAL, DAY, Status, mockProof, deploySuite, type Suite, expectMarketplaceError } from "./helpers/fixture.js";
import { ReplicaState, ZERO32, commitOf, createOffer, h32, stakedOf, withProviders, type OfferOptions } from "./helpers/replicas.js";

type Wallet = Suite["provider"];
const escrowOf = (s: Suite) => s.token.read.balanceOf([s.marketplace.address]);
const balanceOf = (s: Suite, a: `0x${string}`) => s.token.read.balanceOf([a]);
const saltOf = (w: Wallet) => h32(`salt:${w.account.address}`);

/** A replicated task (rewards 1000 CAL, a flat price when `minReward` is 1000 CAL, collateral 200 CAL). */
async function replicated(k: number, o: OfferOptions = {}, t: { verifierId?: number; specHash?: bigint } = {}) {
  const s = await deploySuite();
  const providers = await withProviders(s);
  const id = await createOffer(s, { minReward: 1000n * CAL, replicas: k, ...o }, t);
  return { s, id, providers };
}

async function accept(s: Suite, id: bigint, ws: readonly Wallet[]) {
  for (const w of ws) await s.marketplace.write.acceptTask([id], { account: w.account });
}
async function commit(s: Suite, id: bigint, w: Wallet, resultHash: Hex) {
  await s.marketplace.write.commitResult([id, commitOf(resultHash, saltOf(w), w.account.address)], { account: w.account });
}
async function reveal(s: Suite, id: bigint, w: Wallet, resultHash: Hex) {
  await s.marketplace.write.revealResult([id, resultHash, saltOf(w)], { account: w.account });
}
/** Accepts, commits and reveals `results[i]` for provider i (undefined: that replica stays silent after accepting). */
async function run(s: Suite, id: bigint, ws: readonly Wallet[], results: (Hex | undefined)[]) {
  await accept(s, id, ws);
  for (const [i, w] of ws.entries()) if (results[i]) await commit(s, id, w, results[i] as Hex);
  if (results.some((r) => r === undefined)) {
    const t = await s.marketplace.read.getTask([id]);
    await networkHelpers.time.setNextBlockTimestamp(t.deadline + 1n);
  }
  for (const [i, w] of ws.entries()) if (results[i]) await reveal(s, id, w, results[i] as Hex);
}
const expectError = expectMarketplaceError;
async function reputation(s: Suite, w: Wallet) {
  const i = await s.staking.read.providerInfo([w.account.address]);
  return [Number(i.completed), Number(i.failed)];
}

const A = h32("result A");
const B = h32("result B");

describe("Marketplace replicas (DESIGN §5.2)", () => {
  describe("replicaCommit", () => {
    it("hashes resultHash ‖ salt ‖ the provider left-padded to 32 bytes", async () => {
      const s = await networkHelpers.loadFixture(deploySuite);
      const provider = s.provider.account.address;
      assert.equal(await s.marketplace.read.replicaCommit([A, h32("salt"), provider]), commitOf(A, h32("salt"), provider));
      assert.notEqual(
        await s.marketplace.read.replicaCommit([A, h32("salt"), provider]),
        await s.marketplace.read.replicaCommit([A, h32("salt"), s.provider2.account.address]),
      );
    });
  });

  describe("accepting", () => {
    it("takes k replicas, each locking its own price and collateral, then refuses with MarketplaceTaskNotOpen", async () => {
      const { s, id, providers } = await replicated(2, { minReward: 600n * CAL, rampDuration: 1000n });
      const rampStart = (await s.marketplace.read.getOffer([id])).rampStart;
      await networkHelpers.time.setNextBlockTimestamp(rampStart + 100n);
      await s.marketplace.write.acceptTask([id], { account: providers[0].account });
      assert.equal((await s.marketplace.read.getTask([id])).status, Status.Assigned);
      await networkHelpers.time.setNextBlockTimestamp(rampStart + 500n);
      await viem.assertions.emitWithArgs(
        s.marketplace.write.acceptTask([id], { account: providers[1].account }),
        s.marketplace,
        "OfferLocked",
        [id, getAddress(providers[1].account.address), 800n * CAL],
      );
      const rs = await s.marketplace.read.getReplicas([id]);
      assert.deepEqual(
        rs.map((r) => [getAddress(r.provider), r.price, r.state, r.commit, r.resultHash]),
        [
          [getAddress(providers[0].account.address), 640n * CAL, ReplicaState.Accepted, ZERO32, ZERO32],
          [getAddress(providers[1].account.address), 800n * CAL, ReplicaState.Accepted, ZERO32, ZERO32],
        ],
      );
      for (const w of providers.slice(0, 2)) {
        assert.equal((await s.staking.read.stakeInfo([w.account.address])).locked, 200n * CAL);
      }
      await expectError(s.marketplace.write.acceptTask([id], { account: providers[2].account }), s, "MarketplaceTaskNotOpen", [
        id,
        Status.Assigned,
      ]);
    });

    it("refuses a provider already among the replicas with MarketplaceAlreadyReplica", async () => {
      const { s, id, providers } = await replicated(3);
      await accept(s, id, [providers[0], providers[1]]);
      await expectError(s.marketplace.write.acceptTask([id], { account: providers[1].account }), s, "MarketplaceAlreadyReplica", [
        id,
        getAddress(providers[1].account.address),
      ]);
    });

    it("refuses a replica after lockDeadline with MarketplaceLockDeadlinePassed", async () => {
      const { s, id, providers } = await replicated(2, { lockDeadlineIn: 100n });
      await accept(s, id, [providers[0]]);
      const lock = (await s.marketplace.read.getOffer([id])).lockDeadline;
      await networkHelpers.time.setNextBlockTimestamp(lock + 1n);
      await expectError(s.marketplace.write.acceptTask([id], { account: providers[1].account }), s, "MarketplaceLockDeadlinePassed", [
        id,
        lock,
        lock + 1n,
      ]);
    });

    it("cannot be cancelled once a replica accepted (MarketplaceTaskNotOpen) but can while Open", async () => {
      const { s, id, providers } = await replicated(2);
      await accept(s, id, [providers[0]]);
      await expectError(s.marketplace.write.cancelTask([id], { account: s.user.account }), s, "MarketplaceTaskNotOpen", [
        id,
        Status.Assigned,
      ]);
      const open = await createOffer(s, { replicas: 3 });
      await s.marketplace.write.cancelTask([open], { account: s.user.account });
      assert.equal((await s.marketplace.read.getTask([open])).status, Status.Cancelled);
    });
  });

  describe("settling by majority", () => {
    it("k = 1: the only replica's result wins and it is paid its whole price", async () => {
      const { s, id, providers } = await replicated(1);
      const p = providers[0];
      const before = await balanceOf(s, p.account.address);
      await run(s, id, [p], [A]);
      await viem.assertions.emitWithArgs(s.marketplace.write.settle([id]), s.marketplace, "TaskSettled", [id, A, 1n]);
      const t = await s.marketplace.read.getTask([id]);
      assert.equal(t.status, Status.Completed);
      assert.equal(toHex(t.resultCommitment, { size: 32 }), A);
      assert.equal(await balanceOf(s, p.account.address), before + 800n * CAL);
      assert.deepEqual(await reputation(s, p), [1, 0]);
      assert.equal(await escrowOf(s), 0n);
    });

    it("k = 2: both agree, each is paid price / 2 and the user gets the rest of a mid-ramp price back", async () => {
      const { s, id, providers } = await replicated(2, { minReward: 500n * CAL, rampDuration: 1000n });
      const rampStart = (await s.marketplace.read.getOffer([id])).rampStart;
      await networkHelpers.time.setNextBlockTimestamp(rampStart + 200n); // 600 CAL
      await accept(s, id, [providers[0]]);
      await networkHelpers.time.setNextBlockTimestamp(rampStart + 600n); // 800 CAL
      await accept(s, id, [providers[1]]);
      for (const w of providers.slice(0, 2)) await commit(s, id, w, A);
      const offer = await s.marketplace.read.getOffer([id]);
      assert.notEqual(offer.revealEnd, 0n);
      for (const w of providers.slice(0, 2)) await reveal(s, id, w, A);
      const [u0, p0, p1, t0] = await Promise.all(
        [s.user, providers[0], providers[1], s.treasury].map((w) => balanceOf(s, w.account.address)),
      );
      await s.marketplace.write.settle([id]);
      // shares: 300 and 400 CAL; each split 80/20 (no creator)
      assert.equal(await balanceOf(s, providers[0].account.address), p0 + 240n * CAL);
      assert.equal(await balanceOf(s, providers[1].account.address), p1 + 320n * CAL);
      assert.equal(await balanceOf(s, s.treasury.account.address), t0 + 140n * CAL);
      assert.equal(await balanceOf(s, s.user.account.address), u0 + 300n * CAL);
      assert.equal(await escrowOf(s), 0n);
    });

    it("k = 3: the majority is paid and the dissenter slashed (ReplicaSlashed, failed += 1, half to the user)", async () => {
      const { s, id, providers } = await replicated(3);
      await run(s, id, providers, [A, B, A]);
      const [u0, staked1] = [await balanceOf(s, s.user.account.address), await stakedOf(s, providers[1].account.address)];
      const tx = s.marketplace.write.settle([id]);
      await viem.assertions.emitWithArgs(tx, s.marketplace, "ReplicaSlashed", [id, getAddress(providers[1].account.address), 40n * CAL]);
      const t = await s.marketplace.read.getTask([id]);
      assert.equal(t.status, Status.Completed);
      assert.equal(toHex(t.resultCommitment, { size: 32 }), A);
      assert.equal(await stakedOf(s, providers[1].account.address), staked1 - 40n * CAL);
      // shares 333.333333333 CAL each to two replicas; the third share and half the slash go back to the user
      const share = (1000n * CAL) / 3n;
      assert.equal(await balanceOf(s, s.user.account.address), u0 + 1000n * CAL - 2n * share + 20n * CAL);
      assert.deepEqual(await reputation(s, providers[0]), [1, 0]);
      assert.deepEqual(await reputation(s, providers[1]), [0, 1]);
      assert.deepEqual(await reputation(s, providers[2]), [1, 0]);
      for (const w of providers) assert.equal((await s.staking.read.stakeInfo([w.account.address])).locked, 0n);
      assert.equal(await escrowOf(s), 0n);
    });

    it("k = 3: a silent replica is slashed once the reveal window ends, the two others agreeing win", async () => {
      const { s, id, providers } = await replicated(3);
      await run(s, id, providers, [A, A, undefined]);
      // Not every replica revealed: settle waits for the end of the reveal window (deadline + revealPeriod).
      const t = await s.marketplace.read.getTask([id]);
      const revealEnd = t.deadline + DAY;
      await networkHelpers.time.setNextBlockTimestamp(revealEnd);
      await expectError(s.marketplace.write.settle([id]), s, "MarketplaceRevealPeriodActive", [id, revealEnd, revealEnd]);
      await networkHelpers.time.setNextBlockTimestamp(revealEnd + 1n);
      await s.marketplace.write.settle([id]);
      assert.equal((await s.marketplace.read.getTask([id])).status, Status.Completed);
      assert.deepEqual(await reputation(s, providers[2]), [0, 1]);
    });

    it("k = 3 with a single silent replica: settle after the reveal window finds no majority and disputes", async () => {
      const { s, id, providers } = await replicated(3);
      await accept(s, id, [providers[0]]);
      const t = await s.marketplace.read.getTask([id]);
      await networkHelpers.time.setNextBlockTimestamp(t.deadline + 1n);
      await expectError(
        s.marketplace.write.commitResult([id, h32("x")], { account: providers[0].account }),
        s,
        "MarketplaceDeadlinePassed",
        [id, t.deadline, t.deadline + 1n],
      );
      await networkHelpers.time.setNextBlockTimestamp(t.deadline + DAY + 1n);
      await viem.assertions.emitWithArgs(s.marketplace.write.settle([id]), s.marketplace, "TaskSettled", [id, ZERO32, 0n]);
      assert.equal((await s.marketplace.read.getTask([id])).status, Status.Disputed);
    });

    it("k = 2 disagreeing goes Disputed with nothing moved, and the arbiter resolves with resolveReplicas", async () => {
      const { s, id, providers } = await replicated(2);
      await run(s, id, providers.slice(0, 2), [A, B]);
      const escrow = await escrowOf(s);
      await s.marketplace.write.settle([id]);
      assert.equal((await s.marketplace.read.getTask([id])).status, Status.Disputed);
      assert.equal(await escrowOf(s), escrow);
      await expectError(s.marketplace.write.resolveReplicas([id, B], { account: s.user.account }), s, "MarketplaceNotArbiter", [
        getAddress(s.user.account.address),
      ]);
      const p1 = await balanceOf(s, providers[1].account.address);
      await s.marketplace.write.resolveReplicas([id, B], { account: s.arbiter.account });
      const t = await s.marketplace.read.getTask([id]);
      assert.equal(t.status, Status.Completed);
      assert.equal(toHex(t.resultCommitment, { size: 32 }), B);
      assert.equal(await balanceOf(s, providers[1].account.address), p1 + 400n * CAL);
      assert.deepEqual(await reputation(s, providers[0]), [0, 1]);
      assert.equal(await escrowOf(s), 0n);
      await expectError(s.marketplace.write.resolveReplicas([id, B], { account: s.arbiter.account }), s, "MarketplaceTaskNotDisputed", [
        id,
        Status.Completed,
      ]);
    });

    it("pays a named model creator 5% of every share, also when the arbiter settles a Disputed task", async () => {
      for (const disputed of [false, true]) {
        const s = await deploySuite();
        const providers = await withProviders(s);
        const id = await createOffer(s, { minReward: 1000n * CAL, replicas: 2 }, { modelCreator: s.creator.account.address });
        await run(s, id, providers.slice(0, 2), disputed ? [A, B] : [A, A]);
        const [c0, t0] = [await balanceOf(s, s.creator.account.address), await balanceOf(s, s.treasury.account.address)];
        await s.marketplace.write.settle([id]);
        if (disputed) await s.marketplace.write.resolveReplicas([id, A], { account: s.arbiter.account });
        const paid = disputed ? 1n : 2n; // shares of 500 CAL
        assert.equal(await balanceOf(s, s.creator.account.address), c0 + paid * 25n * CAL);
        // 15% of each share, plus half of the dissenter's 20% slash of 200 CAL
        assert.equal(await balanceOf(s, s.treasury.account.address), t0 + paid * 75n * CAL + (disputed ? 20n * CAL : 0n));
        assert.equal(await escrowOf(s), 0n);
      }
    });

    it("resolveReplicas with zero slashes every replica and refunds the whole reward (Refunded)", async () => {
      const { s, id, providers } = await replicated(2);
      await run(s, id, providers.slice(0, 2), [A, B]);
      await s.marketplace.write.settle([id]);
      const u0 = await balanceOf(s, s.user.account.address);
      await s.marketplace.write.resolveReplicas([id, ZERO32], { account: s.arbiter.account });
      const t = await s.marketplace.read.getTask([id]);
      assert.equal(t.status, Status.Refunded);
      assert.equal(t.resultCommitment, 0n);
      assert.equal(await balanceOf(s, s.user.account.address), u0 + 1000n * CAL + 2n * 20n * CAL);
      assert.deepEqual(await reputation(s, providers[0]), [0, 1]);
      assert.deepEqual(await reputation(s, providers[1]), [0, 1]);
    });
  });

  describe("the proof path of a Disputed replicated task", () => {
    it("settles with the result a revealing replica proves (mock verifier), refusing the others", async () => {
      const { s, id, providers } = await replicated(2, {}, { verifierId: 1 });
      const [p0, p1] = providers;
      const proven = pad(toHex(7n), { size: 32 });
      await run(s, id, [p0, p1], [proven, B]);
      await s.marketplace.write.settle([id]);
      const t = await s.marketplace.read.getTask([id]);
      const proofOf = (c: bigint, w: Wallet) => mockProof([id, t.specHash, c, BigInt(w.account.address)]);
      await expectError(
        s.marketplace.write.submitResult([id, 7n, proofOf(7n, s.user)], { account: s.user.account }),
        s,
        "MarketplaceNotTaskProvider",
        [id, getAddress(s.user.account.address)],
      );
      // p1 revealed B, not 7: it cannot prove 7.
      await expectError(
        s.marketplace.write.submitResult([id, 7n, proofOf(7n, p1)], { account: p1.account }),
        s,
        "MarketplaceCommitMismatch",
        [id, getAddress(p1.account.address)],
      );
      await expectError(
        s.marketplace.write.submitResult([id, 7n, proofOf(8n, p0)], { account: p0.account }),
        s,
        "MarketplaceInvalidProof",
        [id],
      );
      await s.marketplace.write.submitResult([id, 7n, proofOf(7n, p0)], { account: p0.account });
      const after = await s.marketplace.read.getTask([id]);
      assert.equal(after.status, Status.Completed);
      assert.equal(after.resultCommitment, 7n);
      assert.deepEqual(await reputation(s, p0), [1, 0]);
      assert.deepEqual(await reputation(s, p1), [0, 1]);
      assert.equal(await escrowOf(s), 0n);
    });

    it("settles with a real result_commitment Groth16 proof (test/vectors/proofs)", async () => {
      const v = JSON.parse(readFileSync(new URL("../../test/vectors/proofs/result_commitment.bn254.json", import.meta.url), "utf8")) as {
        publicInputs: string[];
        proof: SnarkjsGroth16Proof;
      };
      const [taskId, specHash, commitment, provider] = v.publicInputs.map(BigInt) as [bigint, bigint, bigint, bigint];
      const s = await deploySuite();
      const providers = await withProviders(s);
      assert.equal(BigInt(providers[0].account.address), provider);
      const verifier = await viem.deployContract("ResultCommitmentVerifier");
      await s.marketplace.write.registerVerifier([2, verifier.address]);
      const id = await createOffer(s, { minReward: 1000n * CAL, replicas: 2 }, { verifierId: 2, specHash });
      assert.equal(id, taskId);
      const proven = pad(toHex(commitment), { size: 32 });
      await run(s, id, providers.slice(0, 2), [proven, B]);
      await s.marketplace.write.settle([id]);
      await s.marketplace.write.submitResult([id, commitment, encodeProofEvm({ proof: v.proof })], { account: providers[0].account });
      const t = await s.marketplace.read.getTask([id]);
      assert.equal(t.status, Status.Completed);
      assert.equal(t.resultCommitment, commitment);
    });

    it("has no proof path without a verifier: submitResult and resolve are MarketplaceReplicated", async () => {
      const { s, id, providers } = await replicated(2);
      await run(s, id, providers.slice(0, 2), [A, B]);
      await s.marketplace.write.settle([id]);
      await expectError(s.marketplace.write.submitResult([id, 1n, "0x"], { account: providers[0].account }), s, "MarketplaceReplicated", [
        id,
      ]);
      await expectError(s.marketplace.write.resolve([id, true], { account: s.arbiter.account }), s, "MarketplaceReplicated", [id]);
    });
  });

  describe("copying must not pay", () => {
    it("a replica that copies another's commit cannot reveal it (MarketplaceCommitMismatch) and is slashed at settle", async () => {
      const { s, id, providers } = await replicated(3);
      const [honest, copier, other] = providers;
      await accept(s, id, providers);
      const honestCommit = commitOf(A, saltOf(honest), honest.account.address);
      await s.marketplace.write.commitResult([id, honestCommit], { account: honest.account });
      await s.marketplace.write.commitResult([id, honestCommit], { account: copier.account });
      await commit(s, id, other, A);
      await reveal(s, id, honest, A);
      await expectError(
        s.marketplace.write.revealResult([id, A, saltOf(honest)], { account: copier.account }),
        s,
        "MarketplaceCommitMismatch",
        [id, getAddress(copier.account.address)],
      );
      await reveal(s, id, other, A);
      const revealEnd = (await s.marketplace.read.getOffer([id])).revealEnd;
      await expectError(s.marketplace.write.settle([id]), s, "MarketplaceRevealPeriodActive");
      await networkHelpers.time.setNextBlockTimestamp(revealEnd + 1n);
      const c0 = await balanceOf(s, copier.account.address);
      await s.marketplace.write.settle([id]);
      assert.equal(await balanceOf(s, copier.account.address), c0);
      assert.deepEqual(await reputation(s, copier), [0, 1]);
      assert.deepEqual(await reputation(s, honest), [1, 0]);
    });
  });

  describe("refusals", () => {
    it("commitResult: MarketplaceTaskNotAssigned, MarketplaceNotTaskProvider, MarketplaceAlreadyCommitted, MarketplaceDeadlinePassed", async () => {
      const { s, id, providers } = await replicated(2);
      const [p0, p1] = providers;
      await expectError(s.marketplace.write.commitResult([id, h32("c")], { account: p0.account }), s, "MarketplaceTaskNotAssigned", [
        id,
        Status.Open,
      ]);
      await accept(s, id, [p0]);
      await expectError(s.marketplace.write.commitResult([id, h32("c")], { account: p1.account }), s, "MarketplaceNotTaskProvider", [
        id,
        getAddress(p1.account.address),
      ]);
      await viem.assertions.emitWithArgs(
        s.marketplace.write.commitResult([id, h32("c")], { account: p0.account }),
        s.marketplace,
        "ResultCommitted",
        [id, getAddress(p0.account.address), h32("c")],
      );
      await expectError(s.marketplace.write.commitResult([id, h32("d")], { account: p0.account }), s, "MarketplaceAlreadyCommitted", [
        id,
        getAddress(p0.account.address),
      ]);
      await accept(s, id, [p1]);
      const deadline = (await s.marketplace.read.getTask([id])).deadline;
      await networkHelpers.time.setNextBlockTimestamp(deadline);
      await commit(s, id, p1, A); // at the deadline: still in time
      const r = await s.marketplace.read.getReplicas([id]);
      assert.deepEqual(
        r.map((x) => [x.state, x.commit]),
        [
          [ReplicaState.Committed, h32("c")],
          [ReplicaState.Committed, commitOf(A, saltOf(p1), p1.account.address)],
        ],
      );
      const { s: s2, id: id2, providers: q } = await replicated(1);
      await accept(s2, id2, [q[0]]);
      const d2 = (await s2.marketplace.read.getTask([id2])).deadline;
      await networkHelpers.time.setNextBlockTimestamp(d2 + 1n);
      await expectError(s2.marketplace.write.commitResult([id2, h32("c")], { account: q[0].account }), s2, "MarketplaceDeadlinePassed", [
        id2,
        d2,
        d2 + 1n,
      ]);
    });

    it("the k-th commit opens the reveal window: revealEnd = now + revealPeriod", async () => {
      const { s, id, providers } = await replicated(2);
      await s.marketplace.write.setParameter([7, 3600n]);
      await accept(s, id, providers.slice(0, 2));
      await commit(s, id, providers[0], A);
      assert.equal((await s.marketplace.read.getOffer([id])).revealEnd, 0n);
      const now = BigInt(await networkHelpers.time.latest());
      await networkHelpers.time.setNextBlockTimestamp(now + 10n);
      await commit(s, id, providers[1], A);
      assert.equal((await s.marketplace.read.getOffer([id])).revealEnd, now + 10n + 3600n);
    });

    it("revealResult: MarketplaceRevealNotOpen, MarketplaceNotCommitted, MarketplaceAlreadyRevealed, MarketplaceRevealPeriodOver, MarketplaceNotTaskProvider", async () => {
      const { s, id, providers } = await replicated(3);
      const [p0, p1, p2] = providers;
      await accept(s, id, providers);
      await commit(s, id, p0, A);
      await commit(s, id, p1, A);
      const deadline = (await s.marketplace.read.getTask([id])).deadline;
      const now = BigInt(await networkHelpers.time.latest());
      await networkHelpers.time.setNextBlockTimestamp(now + 1n);
      await expectError(s.marketplace.write.revealResult([id, A, saltOf(p0)], { account: p0.account }), s, "MarketplaceRevealNotOpen", [
        id,
        deadline,
        now + 1n,
      ]);
      await expectError(s.marketplace.write.revealResult([id, A, saltOf(p2)], { account: p2.account }), s, "MarketplaceNotCommitted", [
        id,
        getAddress(p2.account.address),
      ]);
      await expectError(
        s.marketplace.write.revealResult([id, A, saltOf(p0)], { account: s.user.account }),
        s,
        "MarketplaceNotTaskProvider",
        [id, getAddress(s.user.account.address)],
      );
      // After the deadline the reveal opens without the third commit, until deadline + revealPeriod.
      await networkHelpers.time.setNextBlockTimestamp(deadline + 1n);
      await viem.assertions.emitWithArgs(
        s.marketplace.write.revealResult([id, A, saltOf(p0)], { account: p0.account }),
        s.marketplace,
        "ResultRevealed",
        [id, getAddress(p0.account.address), A],
      );
      await expectError(s.marketplace.write.revealResult([id, A, saltOf(p0)], { account: p0.account }), s, "MarketplaceAlreadyRevealed", [
        id,
        getAddress(p0.account.address),
      ]);
      await networkHelpers.time.setNextBlockTimestamp(deadline + DAY + 1n);
      await expectError(s.marketplace.write.revealResult([id, A, saltOf(p1)], { account: p1.account }), s, "MarketplaceRevealPeriodOver", [
        id,
        deadline + DAY,
        deadline + DAY + 1n,
      ]);
      const r = await s.marketplace.read.getReplicas([id]);
      assert.deepEqual(
        r.map((x) => [x.state, x.resultHash]),
        [
          [ReplicaState.Revealed, A],
          [ReplicaState.Committed, ZERO32],
          [ReplicaState.Accepted, ZERO32],
        ],
      );
    });

    it("revealResult refuses another result or salt with MarketplaceCommitMismatch", async () => {
      const { s, id, providers } = await replicated(1);
      await accept(s, id, [providers[0]]);
      await commit(s, id, providers[0], A);
      await expectError(
        s.marketplace.write.revealResult([id, B, saltOf(providers[0])], { account: providers[0].account }),
        s,
        "MarketplaceCommitMismatch",
      );
      await expectError(
        s.marketplace.write.revealResult([id, A, h32("other salt")], { account: providers[0].account }),
        s,
        "MarketplaceCommitMismatch",
      );
      await reveal(s, id, providers[0], A);
    });

    it("settle: MarketplaceTaskNotAssigned while Open or once settled, MarketplaceRevealPeriodActive before the window ends", async () => {
      const { s, id, providers } = await replicated(2);
      await expectError(s.marketplace.write.settle([id]), s, "MarketplaceTaskNotAssigned", [id, Status.Open]);
      await accept(s, id, providers.slice(0, 2));
      await commit(s, id, providers[0], A);
      await commit(s, id, providers[1], A);
      await reveal(s, id, providers[0], A);
      const revealEnd = (await s.marketplace.read.getOffer([id])).revealEnd;
      await networkHelpers.time.setNextBlockTimestamp(revealEnd);
      await expectError(s.marketplace.write.settle([id]), s, "MarketplaceRevealPeriodActive", [id, revealEnd, revealEnd]);
      await reveal(s, id, providers[1], A); // at revealEnd: still in time, and now every replica revealed
      await s.marketplace.write.settle([id]);
      await expectError(s.marketplace.write.settle([id]), s, "MarketplaceTaskNotAssigned", [id, Status.Completed]);
      await expectError(s.marketplace.write.commitResult([id, A], { account: providers[0].account }), s, "MarketplaceTaskNotAssigned", [
        id,
        Status.Completed,
      ]);
    });

    it("refuses the classic paths on a replicated task, the kind before the status: submitResult, finalize, dispute, expire and resolve with MarketplaceReplicated", async () => {
      const { s, id, providers } = await replicated(2);
      for (const tx of [
        s.marketplace.write.submitResult([id, 1n, "0x"], { account: providers[0].account }),
        s.marketplace.write.finalize([id]),
        s.marketplace.write.dispute([id], { account: s.user.account }),
        s.marketplace.write.expire([id]),
        s.marketplace.write.resolve([id, true], { account: s.arbiter.account }),
      ])
        await expectError(tx, s, "MarketplaceReplicated", [id]);
      await accept(s, id, [providers[0]]);
      await expectError(s.marketplace.write.submitResult([id, 1n, "0x"], { account: providers[0].account }), s, "MarketplaceReplicated", [
        id,
      ]);
      await expectError(s.marketplace.write.finalize([id]), s, "MarketplaceReplicated", [id]);
      await expectError(s.marketplace.write.dispute([id], { account: s.user.account }), s, "MarketplaceReplicated", [id]);
      const deadline = (await s.marketplace.read.getTask([id])).deadline;
      await networkHelpers.time.setNextBlockTimestamp(deadline + 1n);
      await expectError(s.marketplace.write.expire([id]), s, "MarketplaceReplicated", [id]);
    });

    it("resolveReplicas: MarketplaceTaskNotDisputed on an Assigned task", async () => {
      const { s, id, providers } = await replicated(2);
      await accept(s, id, [providers[0]]);
      await expectError(s.marketplace.write.resolveReplicas([id, A], { account: s.arbiter.account }), s, "MarketplaceTaskNotDisputed", [
        id,
        Status.Assigned,
      ]);
    });
  });

  describe("pause", () => {
    it("blocks commitResult and revealResult with EnforcedPause, never settle or resolveReplicas", async () => {
      const { s, id, providers } = await replicated(2);
      await accept(s, id, providers.slice(0, 2));
      await commit(s, id, providers[0], A);
      await s.marketplace.write.pause({ account: s.pauser.account });
      await expectError(s.marketplace.write.commitResult([id, h32("c")], { account: providers[1].account }), s, "EnforcedPause");
      await s.marketplace.write.unpause();
      await commit(s, id, providers[1], B);
      await s.marketplace.write.pause({ account: s.pauser.account });
      await expectError(
        s.marketplace.write.revealResult([id, A, saltOf(providers[0])], { account: providers[0].account }),
        s,
        "EnforcedPause",
      );
      const revealEnd = (await s.marketplace.read.getOffer([id])).revealEnd;
      await networkHelpers.time.setNextBlockTimestamp(revealEnd + 1n);
      await s.marketplace.write.settle([id]); // nobody revealed: Disputed
      await s.marketplace.write.resolveReplicas([id, ZERO32], { account: s.arbiter.account });
      assert.equal((await s.marketplace.read.getTask([id])).status, Status.Refunded);
      assert.equal(await escrowOf(s), 0n);
    });
  });

  describe("revealPeriod (parameter 7)", () => {
    it("defaults to one day and is bounded by [10 minutes, 7 days]", async () => {
      const s = await networkHelpers.loadFixture(deploySuite);
      assert.equal(await s.marketplace.read.revealPeriod(), DAY);
      for (const v of [599n, 7n * DAY + 1n]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          s.marketplace.write.setParameter([7, v]),
          s.marketplace,
          "MarketplaceParameterOutOfBounds",
          [toHex("revealPeriod", { size: 32 }), v, 600n, 7n * DAY],
        );
      }
      await viem.assertions.emitWithArgs(s.marketplace.write.setParameter([7, 600n]), s.marketplace, "ParameterUpdated", [7, 600n]);
      await s.marketplace.write.setParameter([7, 7n * DAY]);
      assert.equal(await s.marketplace.read.revealPeriod(), 7n * DAY);
    });
  });
});
