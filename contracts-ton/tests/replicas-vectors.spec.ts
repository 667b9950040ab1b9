// test/vectors/replicas.json on TON: every `commits` case through get_replica_commit (HASHEXT_KECCAK256), and every
// scenario replayed step by step (the chain clock at creation + `at`), each step's error, status, locked price and
// escrow asserted, a refused step changing nothing, conservation after every step, and the final balances.
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Address } from "@ton/core";
import type { Blockchain, BlockchainSnapshot, SendMessageResult } from "@ton/sandbox";
import "@ton/test-utils";
import { MARKET_PARAM, Marketplace, TaskStatus } from "../wrappers/Marketplace";
import { err } from "../wrappers/abi";
import { CONTRACTS_DIR } from "../wrappers/compile";
import { registerAndStake } from "./fixtures";
import { type ReplicaEnv, setupReplicas, createOffer, checkConservation, replicaCommitOf, CAL } from "./replica-fixtures";

type Step = {
  at: number;
  action: "accept" | "commit" | "reveal" | "settle" | "resolveReplicas" | "submit" | "finalize";
  replica?: number;
  resultHash?: string;
  salt?: string;
  copyOf?: number;
  price?: string;
  error?: string;
  status: keyof typeof TaskStatus;
  escrow: string;
};
type Scenario = {
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
    status: keyof typeof TaskStatus;
    resultCommitment: string;
    user: string;
    treasury: string;
    replicas: { paid: string; slashed: string; completed: number; failed: number }[];
    locked: string;
  };
};

const vectors: {
  commits: { name: string; resultHash: string; salt: string; provider: string; commit: string }[];
  scenarios: Scenario[];
} = JSON.parse(readFileSync(join(CONTRACTS_DIR, "..", "..", "test", "vectors", "replicas.json"), "utf-8"));

const big = (hex: string) => BigInt(hex);

describe("Shared vectors: test/vectors/replicas.json", () => {
  let env: ReplicaEnv;
  let blockchain: Blockchain;
  let base: BlockchainSnapshot;
  let T: number;

  before(async () => {
    env = await setupReplicas();
    blockchain = env.blockchain;
    T = blockchain.now!;
    base = blockchain.snapshot();
  });

  it("commits: get_replica_commit equals every case (keccak256 of resultHash ‖ salt ‖ the 32-byte provider)", async () => {
    expect(vectors.commits.length).to.be.greaterThan(0);
    for (const c of vectors.commits) {
      const provider = new Address(0, Buffer.from(c.provider.slice(2), "hex"));
      const got = await env.marketplace.getReplicaCommit(big(c.resultHash), big(c.salt), provider);
      expect(got, c.name).to.equal(big(c.commit));
      expect(replicaCommitOf(big(c.resultHash), big(c.salt), provider), c.name).to.equal(big(c.commit));
    }
  });

  it("has scenarios of every kind: classic offers and k = 1, 2, 3", () => {
    expect(new Set(vectors.scenarios.map((s) => s.replicas))).to.deep.equal(new Set([0, 1, 2, 3]));
  });

  for (const sc of vectors.scenarios) {
    it(`replays: ${sc.name}`, async () => {
      await blockchain.loadFrom(base);
      blockchain.now = T;
      const P = (i: number) => env.providers[i];
      const stake = BigInt(sc.stake);
      for (const p of env.providers) {
        if (stake > 1_000_000n * CAL) await env.mint(p.address, stake);
        await registerAndStake(env, p, stake);
      }
      const admin = env.deployer.getSender();
      await env.marketplace.sendRaw(admin, Marketplace.setParamBody(MARKET_PARAM.slashBps, BigInt(sc.params.slashBps)));
      await env.marketplace.sendRaw(admin, Marketplace.setParamBody(MARKET_PARAM.revealPeriod, BigInt(sc.params.revealPeriod)));
      await env.marketplace.sendRaw(admin, Marketplace.setParamBody(MARKET_PARAM.challengePeriod, BigInt(sc.params.challengePeriod)));
      const m = await env.marketplace.getData();
      expect([m.slashBps, m.revealPeriod, m.challengePeriod, m.providerBps, m.treasuryBps, m.creatorBps]).to.deep.equal([
        sc.params.slashBps,
        sc.params.revealPeriod,
        sc.params.challengePeriod,
        8000,
        1500,
        500,
      ]);

      blockchain.now = T + 10;
      const t0 = blockchain.now;
      const userStart = await env.balanceOf(env.user.address);
      const treasuryStart = await env.balanceOf(env.treasury.address);
      const provStart = await Promise.all(env.providers.map((p) => env.balanceOf(p.address)));
      const stakeStart = await Promise.all(env.providers.map((p) => env.staking.getProvider(p.address)));
      const { id, result } = await createOffer(
        env,
        BigInt(sc.reward),
        {
          minReward: BigInt(sc.minReward),
          rampStart: t0 + sc.rampStart,
          rampDuration: sc.rampDuration,
          lockDeadline: t0 + sc.lockDeadline,
          replicas: sc.replicas,
        },
        { deadline: t0 + sc.deadline, collateral: BigInt(sc.collateral) },
      );
      expect(result.transactions).to.not.have.transaction({ success: false });
      expect(await env.marketplace.getTaskStatus(id)).to.equal(TaskStatus.Open);
      await checkConservation(env, "created");

      const sent = new Map<number, bigint>(); // replica index -> the commit bytes it sent
      const view = async () =>
        JSON.stringify(
          {
            task: await env.marketplace.getTask(id),
            offer: await env.marketplace.getTaskOffer(id),
            replicas: await env.marketplace.getTaskReplicas(id),
            market: await env.marketplace.getData(),
            stakes: await Promise.all(env.providers.map((p) => env.staking.getProvider(p.address))),
          },
          (_, v) => (typeof v === "bigint" ? v.toString() : v instanceof Address ? v.toString() : v),
        );

      for (const [n, st] of sc.steps.entries()) {
        const label = `${sc.name} step ${n} (${st.action} at ${st.at})`;
        blockchain.now = t0 + st.at;
        const before = st.error ? await view() : "";
        let r: SendMessageResult;
        const who = st.replica === undefined ? env.anyone : P(st.replica);
        switch (st.action) {
          case "accept":
            r = await env.marketplace.sendAcceptTask(who.getSender(), id);
            break;
          case "commit": {
            const c =
              st.copyOf !== undefined ? (sent.get(st.copyOf) as bigint) : replicaCommitOf(big(st.resultHash!), big(st.salt!), who.address);
            if (st.copyOf === undefined)
              expect(await env.marketplace.getReplicaCommit(big(st.resultHash!), big(st.salt!), who.address)).to.equal(c);
            expect(c, label).to.be.a("bigint");
            r = await env.marketplace.sendCommitResult(who.getSender(), id, c);
            if (!st.error) sent.set(st.replica!, c);
            break;
          }
          case "reveal":
            r = await env.marketplace.sendRevealResult(who.getSender(), id, big(st.resultHash!), big(st.salt!));
            break;
          case "settle":
            r = await env.marketplace.sendSettle(env.anyone.getSender(), id);
            break;
          case "resolveReplicas":
            r = await env.marketplace.sendResolveReplicas(env.arbiter.getSender(), id, big(st.resultHash!));
            break;
          case "submit":
            r = await env.marketplace.sendSubmitResult(who.getSender(), id, big(st.resultHash!));
            break;
          case "finalize":
            r = await env.marketplace.sendFinalize(env.anyone.getSender(), id);
            break;
        }
        if (st.error) {
          expect(r.transactions, label).to.have.transaction({ to: env.marketplace.address, exitCode: err(st.error) });
          expect(await view(), `${label}: a refused step changes nothing`).to.equal(before);
        } else {
          expect(r.transactions, label).to.not.have.transaction({ success: false });
        }
        if (st.price !== undefined) {
          const price =
            sc.replicas === 0
              ? (await env.marketplace.getTaskOffer(id)).price
              : (await env.marketplace.getTaskReplicas(id)).find((x) => x.provider.equals(who.address))?.price;
          expect(price, `${label}: locked price`).to.equal(BigInt(st.price));
        }
        expect(await env.marketplace.getTaskStatus(id), `${label}: status`).to.equal(TaskStatus[st.status]);
        expect((await env.marketplace.getData()).escrowed, `${label}: escrow`).to.equal(BigInt(st.escrow));
        await checkConservation(env, label);
      }

      const f = sc.final;
      expect(await env.marketplace.getTaskStatus(id), "final status").to.equal(TaskStatus[f.status]);
      expect((await env.marketplace.getTask(id)).resultCommitment, "final resultCommitment").to.equal(big(f.resultCommitment));
      expect((await env.balanceOf(env.user.address)) - userStart + BigInt(sc.reward), "user received").to.equal(BigInt(f.user));
      expect((await env.balanceOf(env.treasury.address)) - treasuryStart, "treasury received").to.equal(BigInt(f.treasury));
      for (const [i, want] of f.replicas.entries()) {
        const p = await env.staking.getProvider(P(i).address);
        const s0 = stakeStart[i]!;
        expect((await env.balanceOf(P(i).address)) - provStart[i]!, `replica ${i} paid`).to.equal(BigInt(want.paid));
        expect(p.slashedTotal - s0.slashedTotal, `replica ${i} slashed`).to.equal(BigInt(want.slashed));
        expect(p.stake, `replica ${i} stake`).to.equal(s0.stake - BigInt(want.slashed));
        expect([p.completed - s0.completed, p.failed - s0.failed], `replica ${i} completed/failed`).to.deep.equal([
          want.completed,
          want.failed,
        ]);
      }
      for (const p of env.providers) expect((await env.staking.getProvider(p.address)).locked, "locked").to.equal(BigInt(f.locked));
    });
  }
});
