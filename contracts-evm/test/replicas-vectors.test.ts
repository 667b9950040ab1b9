import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { getAddress, pad, type Address, type Hex } from "viem";
import { viem, networkHelpers, Status, ZERO, deploySuite, name32, type Suite, type MarketplaceErrorName } from "./helpers/fixture.js";
import { commitOf, stakedOf } from "./helpers/replicas.js";

interface Step {
  at: number;
  action: "accept" | "commit" | "reveal" | "settle" | "resolveReplicas" | "submit" | "finalize";
  replica?: number;
  resultHash?: Hex;
  salt?: Hex;
  copyOf?: number;
  price?: string;
  error?: string;
  status: keyof typeof Status;
  escrow: string;
}
interface Scenario {
  name: string;
  replicas: number;
  reward: string;
  minReward: string;
  rampStart: number;
  rampDuration: number;
  lockDeadline: number;
  deadline: number;
  collateral: string;
  stake: string;
  params: { slashBps: number; revealPeriod: number; challengePeriod: number };
  steps: Step[];
  final: {
    status: keyof typeof Status;
    resultCommitment: Hex;
    user: string;
    treasury: string;
    replicas: { paid: string; slashed: string; completed: number; failed: number }[];
    locked: string;
  };
}
interface Vectors {
  commits: { name: string; resultHash: Hex; salt: Hex; provider: Hex; commit: Hex }[];
  scenarios: Scenario[];
}

const vectors = JSON.parse(readFileSync(new URL("../../test/vectors/replicas.json", import.meta.url), "utf8")) as Vectors;

/** Everything a step may move: the balances and stakes of every party, and the task's status. */
async function snapshot(s: Suite, id: bigint, providers: readonly Address[]) {
  const bal = (a: Address) => s.token.read.balanceOf([a]);
  return {
    status: (await s.marketplace.read.getTask([id])).status,
    escrow: await bal(s.marketplace.address),
    user: await bal(s.user.account.address),
    treasury: await bal(s.treasury.account.address),
    staking: await bal(s.staking.address),
    providers: await Promise.all(
      providers.map(async (p) => ({
        balance: await bal(p),
        stake: await s.staking.read.stakeInfo([p]),
        info: await s.staking.read.providerInfo([p]),
      })),
    ),
  };
}

describe("Shared vectors: test/vectors/replicas.json", () => {
  it("computes every replica commit of `commits` with the chain's keccak (harness over any universal address)", async () => {
    const s = await networkHelpers.loadFixture(deploySuite);
    const harness = await viem.deployContract("ReplicaCommitHarness");
    assert.ok(vectors.commits.length >= 5);
    for (const c of vectors.commits) {
      assert.equal(await harness.read.replicaCommit([c.resultHash, c.salt, c.provider]), c.commit, c.name);
      // An EVM universal address (12 zero bytes, then the address) also through the marketplace's own view.
      if (c.provider.startsWith(`0x${"00".repeat(12)}`) && BigInt(c.provider) !== 0n) {
        const evm = getAddress(`0x${c.provider.slice(26)}`);
        assert.equal(await s.marketplace.read.replicaCommit([c.resultHash, c.salt, evm]), c.commit, c.name);
        assert.equal(commitOf(c.resultHash, c.salt, evm), c.commit, c.name);
      }
    }
  });

  for (const sc of vectors.scenarios) {
    it(`replays "${sc.name}" step by step`, async () => {
      const s = await deploySuite();
      const wallets = [s.provider, s.provider2, s.stranger];
      const providers = wallets.map((w) => w.account.address);
      for (const [i, w] of wallets.entries()) {
        await s.staking.write.register([name32(`gpu:${i}`)], { account: w.account });
        await s.staking.write.stake([BigInt(sc.stake)], { account: w.account });
      }
      await s.marketplace.write.setParameter([4, BigInt(sc.params.slashBps)]);
      await s.marketplace.write.setParameter([7, BigInt(sc.params.revealPeriod)]);
      await s.marketplace.write.setParameter([3, BigInt(sc.params.challengePeriod)]);

      const t0 = BigInt(await networkHelpers.time.latest()) + 100n;
      await networkHelpers.time.setNextBlockTimestamp(t0);
      await s.marketplace.write.createTask(
        [
          {
            specHash: 4242n,
            reward: BigInt(sc.reward),
            collateral: BigInt(sc.collateral),
            deadline: t0 + BigInt(sc.deadline),
            verifierId: 0,
            modelCreator: ZERO,
            minReputationBps: 0,
          },
          {
            minReward: BigInt(sc.minReward),
            rampStart: t0 + BigInt(sc.rampStart),
            rampDuration: BigInt(sc.rampDuration),
            lockDeadline: t0 + BigInt(sc.lockDeadline),
            replicas: sc.replicas,
          },
        ],
        { account: s.user.account },
      );
      const id = await s.marketplace.read.taskCount();
      const start = await snapshot(s, id, providers);
      const total = (x: typeof start) => x.escrow + x.user + x.treasury + x.staking + x.providers.reduce((a, p) => a + p.balance, 0n);
      /** What each replica committed, for `copyOf`. */
      const commits = new Map<number, Hex>();

      for (const [n, step] of sc.steps.entries()) {
        const label = `${sc.name}, step ${n} (${step.action} at ${step.at})`;
        await networkHelpers.time.setNextBlockTimestamp(t0 + BigInt(step.at));
        const w = step.replica === undefined ? s.deployer : wallets[step.replica];
        const account = w.account;
        let tx: () => Promise<Hex>;
        switch (step.action) {
          case "accept":
            tx = () => s.marketplace.write.acceptTask([id], { account });
            break;
          case "commit": {
            const commit =
              step.copyOf !== undefined
                ? (commits.get(step.copyOf) as Hex)
                : commitOf(step.resultHash as Hex, step.salt as Hex, account.address);
            assert.ok(commit, `${label}: nothing to copy`);
            if (!step.error) commits.set(step.replica as number, commit);
            tx = () => s.marketplace.write.commitResult([id, commit], { account });
            break;
          }
          case "reveal":
            tx = () => s.marketplace.write.revealResult([id, step.resultHash as Hex, step.salt as Hex], { account });
            break;
          case "settle":
            tx = () => s.marketplace.write.settle([id], { account: s.stranger.account });
            break;
          case "resolveReplicas":
            tx = () => s.marketplace.write.resolveReplicas([id, step.resultHash as Hex], { account: s.arbiter.account });
            break;
          case "submit":
            tx = () => s.marketplace.write.submitResult([id, BigInt(step.resultHash as Hex), "0x"], { account });
            break;
          case "finalize":
            tx = () => s.marketplace.write.finalize([id], { account: s.stranger.account });
            break;
        }
        const before = await snapshot(s, id, providers);
        if (step.error) {
          await viem.assertions.revertWithCustomError(tx(), s.marketplace, step.error as MarketplaceErrorName);
          assert.deepEqual(await snapshot(s, id, providers), before, `${label} changed state`);
        } else {
          await tx();
        }
        const after = await snapshot(s, id, providers);
        assert.equal(after.status, Status[step.status], `${label}: status`);
        assert.equal(after.escrow, BigInt(step.escrow), `${label}: escrow`);
        assert.equal(total(after), total(start), `${label}: CAL created or destroyed`);
        let stakes = 0n;
        for (const p of after.providers) {
          stakes += p.stake.free + p.stake.locked + p.stake.pendingUnstake;
        }
        assert.equal(after.staking, stakes, `${label}: staking balance != Σ (free + locked)`);
        if (step.action === "accept" && !step.error) {
          const offer = await s.marketplace.read.getOffer([id]);
          const price =
            sc.replicas === 0
              ? offer.price
              : (await s.marketplace.read.getReplicas([id])).find((r) => getAddress(r.provider) === getAddress(account.address))?.price;
          assert.equal(price, BigInt(step.price as string), `${label}: locked price`);
        }
      }

      const end = await snapshot(s, id, providers);
      const t = await s.marketplace.read.getTask([id]);
      assert.equal(t.status, Status[sc.final.status], `${sc.name}: final status`);
      assert.equal(pad(`0x${t.resultCommitment.toString(16)}`, { size: 32 }), sc.final.resultCommitment, `${sc.name}: commitment`);
      assert.equal(end.user - start.user, BigInt(sc.final.user), `${sc.name}: user`);
      assert.equal(end.treasury - start.treasury, BigInt(sc.final.treasury), `${sc.name}: treasury`);
      for (const [i, r] of sc.final.replicas.entries()) {
        const a = start.providers[i];
        const b = end.providers[i];
        assert.equal(b.balance - a.balance, BigInt(r.paid), `${sc.name}: provider ${i} paid`);
        assert.equal(
          await stakedOf(s, providers[i]),
          a.stake.free + a.stake.locked + a.stake.pendingUnstake - BigInt(r.slashed),
          `${sc.name}: provider ${i} slashed`,
        );
        assert.equal(Number(b.info.completed - a.info.completed), r.completed, `${sc.name}: provider ${i} completed`);
        assert.equal(Number(b.info.failed - a.info.failed), r.failed, `${sc.name}: provider ${i} failed`);
      }
      for (const p of end.providers) assert.equal(p.stake.locked, BigInt(sc.final.locked));
    });
  }
});
