/**
 * Throughput of 1, 2 and 3 relayer instances sharing one PostgreSQL store, EVM home -> EVM spoke on two embedded
 * EDR chains with the three HTTP validators of the test world and a throwaway PostgreSQL server. Prints a table;
 * not part of the test suite, no assertions on time.
 *
 *   npx tsx bridge/test/pg-bench.ts   (BENCH_MESSAGES=96, BENCH_BATCH=8, BENCH_CLAIM=16, BENCH_RUNS=3,
 *                                      BENCH_LATENCIES=0,250 by default)
 *
 * The embedded chain includes a transaction at once; a real destination takes a block or more. Each latency in
 * BENCH_LATENCIES (ms) is added to every destination submission (a wait before the transaction is sent, as for
 * inclusion), which is the wait several instances overlap.
 *
 * One discarded warm-up run first (JIT, first chain); each row is the median of BENCH_RUNS runs on fresh chains
 * and a fresh database.
 *
 * All instances run in this one Node process (separate pools, lease owners and paying accounts), so the figures
 * show how well the work is split and how much waiting (PostgreSQL, validator HTTP, submissions) overlaps; they do
 * not add CPU. Every message is checked delivered exactly once before a figure is printed.
 */
import hre from "hardhat";
import Table from "cli-table3";
import type { Hex } from "viem";
import { CAL, DOMAINS } from "@calctra/core";
import { startLocalBridge } from "@calctra/devnet/bridge-world";
import { countingDelivery, interceptDelivery } from "@calctra/devnet/testing";
import type { DestinationChain } from "@calctra/sdk/bridge";
import { startPgServer } from "@calctra/devnet/pg";

await hre.tasks.getTask("build").run({ quiet: true });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const N = Number(process.env.BENCH_MESSAGES ?? 96);
const BATCH = Number(process.env.BENCH_BATCH ?? 8);
const CLAIM = Number(process.env.BENCH_CLAIM ?? 16);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const LATENCIES = (process.env.BENCH_LATENCIES ?? "0,250").split(",").map(Number);

const server = await startPgServer();
const table = new Table({
  head: [
    "submission latency (ms)",
    "instances",
    "messages",
    "seconds (median)",
    "messages/s",
    "runs (s)",
    "per instance (submitted, median run)",
  ],
  style: { head: [], border: [] },
});
let db = 0;

/** One run: `n` instances relay `messages` fresh messages; returns seconds and submissions per instance. */
async function run(n: number, messages: number, latencyMs: number): Promise<{ seconds: number; split: string }> {
  {
    const N = messages;
    const w = await startLocalBridge({ admin: "deployer", userFunds: 1_000_000n * CAL, relayer: { maxBatch: BATCH } });
    const url = await server.createDatabase(`bench_${++db}`);
    const submissions = new Map<Hex, number>();
    // each instance as a separate process: its own store (lease owner), paying account and submission count
    const instances = await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const submitted = new Map<Hex, number>();
        const latency = (dst: DestinationChain) =>
          interceptDelivery(dst, async (batch, real) => {
            if (latencyMs > 0) await sleep(latencyMs);
            return real.deliver(batch);
          });
        const { relayer, store } = await w.startRelayer({
          store: { postgres: url, instanceId: `relayer-${i}`, leaseMs: 30_000 },
          submitter: 9 - i,
          maxPerPoll: CLAIM,
          wrap: (dst) => countingDelivery(dst.domain === DOMAINS.localEvmSpoke ? latency(dst) : dst, submissions, submitted),
        });
        return { relayer, store, submitted };
      }),
    );
    const ids: Hex[] = [];
    for (let i = 0; i < N; i++) ids.push(await w.sendHome(1n * CAL));
    await w.confirm();
    await w.sign();
    let done = false;
    const started = performance.now();
    await Promise.all(
      instances.map(async (inst) => {
        while (!done) {
          await inst.relayer.pollOnce();
          if ((await inst.store.counts()).delivered === N) done = true;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const delivered = await w.spoke.deliveries();
    const exact = ids.every((id) => submissions.get(id) === 1 && delivered.get(id) === 1);
    const { locked, minted } = await w.supply();
    if (!exact || locked !== minted) throw new Error(`exactly-once violated with ${n} instance(s)`);
    for (const i of instances) await i.store.close();
    await w.close();
    return { seconds, split: instances.map((i) => i.submitted.size).join(" / ") };
  }
}

try {
  await run(1, 16, 0); // warm-up, discarded
  for (const latency of LATENCIES)
    for (const n of [1, 2, 3]) {
      const runs: { seconds: number; split: string }[] = [];
      for (let r = 0; r < RUNS; r++) runs.push(await run(n, N, latency));
      const sorted = [...runs].sort((a, b) => a.seconds - b.seconds);
      const median = sorted[Math.floor(sorted.length / 2)]!;
      table.push([
        latency,
        n,
        N,
        median.seconds.toFixed(2),
        (N / median.seconds).toFixed(1),
        runs.map((x) => x.seconds.toFixed(2)).join(", "),
        median.split,
      ]);
    }
} finally {
  await server.stop();
}
process.stdout.write(
  `Relay throughput, PostgreSQL store, EVM home -> EVM spoke (${N} messages, batch ${BATCH}, claim ${CLAIM} per pass, median of ${RUNS})\n${table.toString()}\n`,
);
process.exit(0);
