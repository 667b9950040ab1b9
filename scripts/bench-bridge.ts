/**
 * Bridge benchmark: gas per mint on the spoke (1-of-1, 2-of-3, 3-of-3 signatures; single and batched),
 * and relay throughput and latency EVM home (31337) -> EVM spoke (31338) on two embedded EDR chains with
 * the real validator and relayer services (HTTP, SQLite). Prints tables and writes reports/bridge-bench.md.
 * Not part of the test suite.
 *
 *   npx tsx scripts/bench-bridge.ts            (BENCH_MESSAGES=512 by default)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import Table from "cli-table3";
import hre from "hardhat";
import { concat, type Hash, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { universalFromEvm } from "../sdk/src/core/index.js";
import {
  BRIDGE_ROLE, CAL, HOME, SPOKE, createChain, deploySpoke, digestFor, encode, message, signPacked, validatorKeys,
} from "../contracts-evm/test/bridge/helpers.js";
import { createWorld } from "../bridge/test/world.js";

await hre.tasks.getTask("build").run({ quiet: true });
const N = Number(process.env.BENCH_MESSAGES ?? 512);

// ---------------------------------------------------------------- gas
type GasRow = { case: string; gas: bigint; note: string };
const gasRows: GasRow[] = [];
const HOME_VAULT = "0x5FbDB2315678afecb367f032d93F642f64180aa3" as const;

async function gasCase(label: string, setSize: number, threshold: number) {
  const chain = await createChain(SPOKE);
  const keys = validatorKeys.slice(0, setSize);
  const addresses = keys.map((k) => privateKeyToAccount(k).address).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  const { bridge } = await deploySpoke(chain, { domain: HOME, bridge: HOME_VAULT }, { validators: addresses, threshold });
  const recipient = chain.wallets[1]!.account.address;
  const signers = keys.slice(0, threshold);
  let nonce = 0n;
  const next = async (to = recipient) => {
    const m = message({ nonce: ++nonce, recipient: universalFromEvm(to), amount: CAL });
    return { message: encode(m), signatures: await signPacked(signers, digestFor(m, bridge.address)) };
  };
  const measure = async (tx: Promise<Hash>) => {
    const r = await chain.publicClient.waitForTransactionReceipt({ hash: await tx });
    if (r.status !== "success") throw new Error("reverted");
    return r.gasUsed;
  };
  // Warm-up: the recipient already holds CAL and the supply checkpoint array exists (like the EVM gas report).
  const w = await next();
  await bridge.write.receiveMessage([w.message, w.signatures]);
  const a = await next();
  gasRows.push({ case: `receiveMessage ${label}`, gas: await measure(bridge.write.receiveMessage([a.message, a.signatures])), note: "recipient holds CAL" });
  const fresh = await next(chain.wallets[7]!.account.address);
  gasRows.push({ case: `receiveMessage ${label}, new holder`, gas: await measure(bridge.write.receiveMessage([fresh.message, fresh.signatures])), note: "recipient balance 0 -> non-zero" });
  const batch = await Promise.all(Array.from({ length: 32 }, () => next()));
  const total = await measure(bridge.write.receiveBatch([batch.map((b) => b.message), batch.map((b) => b.signatures)]));
  gasRows.push({ case: `receiveBatch ${label}, per message (32/tx)`, gas: total / 32n, note: `${total} gas per transaction` });
}
// The token's own share: CalToken.crosschainMint called directly by an account holding BRIDGE_ROLE.
{
  const chain = await createChain(SPOKE);
  const [d, holder] = chain.wallets;
  const token = await chain.viem.deployContract("CalToken", [d!.account.address, d!.account.address, false]);
  await token.write.grantRole([BRIDGE_ROLE, d!.account.address]);
  await token.write.crosschainMint([holder!.account.address, CAL]);
  const r = await chain.publicClient.waitForTransactionReceipt({ hash: await token.write.crosschainMint([holder!.account.address, CAL]) });
  gasRows.push({ case: "CalToken.crosschainMint alone (baseline)", gas: r.gasUsed, note: "direct call by a BRIDGE_ROLE holder, recipient holds CAL" });
}
await gasCase("1-of-1", 1, 1);
await gasCase("2-of-3", 3, 2);
await gasCase("3-of-3", 3, 3);

// ---------------------------------------------------------------- throughput and latency
type RelayRow = { run: string; messages: number; signSeconds: number; relaySeconds: number; txs: number };
const relayRows: RelayRow[] = [];

async function throughput(label: string, count: number, maxBatch: number) {
  const w = await createWorld({ confirmations: 0, maxBatch });
  const ids: Hex[] = [];
  for (let i = 0; i < count; i++) ids.push(await w.sendHome(CAL));
  const { relayer, store } = w.relayer(`bench-${maxBatch}.sqlite`);
  const t0 = performance.now();
  await w.sign();
  const t1 = performance.now();
  for (let rounds = 0; rounds < 100; rounds++) {
    await relayer.pollOnce();
    if (ids.every((id) => store.get(id)?.status === "delivered")) break;
  }
  const t2 = performance.now();
  const delivered = ids.filter((id) => store.get(id)?.status === "delivered").length;
  if (delivered !== count) throw new Error(`${label}: ${delivered}/${count} delivered`);
  const s = await w.supply();
  if (s.locked !== s.minted + s.inFlight || s.inFlight !== 0n) throw new Error("supply invariant broken");
  const txs = new Set(ids.map((id) => store.get(id)!.transactionId)).size;
  relayRows.push({ run: label, messages: count, signSeconds: (t1 - t0) / 1000, relaySeconds: (t2 - t1) / 1000, txs });
  await w.close();
}
await throughput("batched (32/tx)", N, 32);
await throughput("batched (64/tx)", N, 64);
await throughput("unbatched (1/tx)", Math.min(N, 128), 1);

const latencies: number[] = [];
{
  const w = await createWorld({ confirmations: 0 });
  const { relayer, store } = w.relayer("latency.sqlite");
  for (let i = 0; i < 50; i++) {
    const t0 = performance.now();
    const id = await w.sendHome(CAL);
    for (let r = 0; r < 100 && store.get(id)?.status !== "delivered"; r++) {
      await w.sign();
      await relayer.pollOnce();
    }
    if (store.get(id)?.status !== "delivered") throw new Error("latency run: not delivered");
    latencies.push(performance.now() - t0);
  }
  await w.close();
}
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;

// ---------------------------------------------------------------- output
const g = new Table({ head: ["case", "gas", "note"] });
for (const r of gasRows) g.push([r.case, r.gas.toString(), r.note]);
const rate = (r: RelayRow) => ({ relay: r.messages / r.relaySeconds, pipeline: r.messages / (r.signSeconds + r.relaySeconds) });
const t = new Table({ head: ["run", "messages", "sign s", "relay s", "relayer msg/s", "end-to-end msg/s", "transactions"] });
for (const r of relayRows) {
  t.push([r.run, r.messages, r.signSeconds.toFixed(2), r.relaySeconds.toFixed(2), rate(r).relay.toFixed(1), rate(r).pipeline.toFixed(1), r.txs]);
}
process.stdout.write(`${g.toString()}\n${t.toString()}\nlatency send -> minted (one message at a time, no poll interval): p50 ${pct(50).toFixed(1)} ms, p95 ${pct(95).toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms\n`);

const mint23 = gasRows.find((r) => r.case === "receiveMessage 2-of-3")!.gas;
const best = Math.max(...relayRows.filter((r) => r.run.startsWith("batched")).map((r) => rate(r).pipeline));
const tokenAlone = gasRows.find((r) => r.case.startsWith("CalToken.crosschainMint alone"))!.gas;
const md = `# Bridge benchmark

Generated by \`npx tsx scripts/bench-bridge.ts\` on ${new Date().toISOString()}: solc 0.8.30 (optimizer 200 runs, cancun),
two in-process EDR chains (home 31337, spoke 31338, automine), ${cpus().length} CPU core(s), Node ${process.version}.
Gas is the receipt's gasUsed (includes the 21k base and calldata). Throughput and latency run the real services:
three validators (each scans both chains and serves signatures over HTTP on localhost), one relayer (batched HTTP
fetch, claimed signers checked against the destination's set, signatures verified by the destination's pre-submission
simulation and locally only for a refused batch, SQLite state via node:sqlite, \`receiveBatch\`); \`confirmations: 0\`
(automine: one block per transaction), and the loop polls back to back (no poll interval), so latency is the processing
time of the pipeline, not what a deployment with block times, confirmations and poll intervals would see. Everything
runs in one Node process on a machine shared with other work: figures vary by tens of percent between runs.

## Targets

| target | measured | limit | result |
|---|---:|---:|---|
| mint on the spoke, 2-of-3 signatures, one message per transaction | ${mint23} | 90000 | ${mint23 < 90000n ? "PASS" : "FAIL"} |
| mint on the spoke, 2-of-3, per message in a 32-message receiveBatch | ${gasRows.find((r) => r.case === "receiveBatch 2-of-3, per message (32/tx)")!.gas} | 90000 | ${gasRows.find((r) => r.case === "receiveBatch 2-of-3, per message (32/tx)")!.gas < 90000n ? "PASS" : "FAIL"} |
| messages per second end to end with batching (validators signing included) | ${best.toFixed(1)} | >= 100 | ${best >= 100 ? "PASS" : "FAIL"} |

The single-message mint target is not met, and cannot be with this token: \`CalToken.crosschainMint\` on its own, as a
plain transaction, costs ${tokenAlone} gas (21k intrinsic + ERC20Votes writes: balance, supply and a new total-supply
checkpoint per block), which leaves ${90000n - tokenAlone} gas for calldata (89-byte message + 130 bytes of signatures),
two ecrecovers, the replay record (a fresh storage slot per messageId: 22.1k), the rate-limit bucket and the
validator-set lookups. The bridge's own share per 2-of-3 message is ${mint23 - tokenAlone} gas here. In a batch the
21k intrinsic cost and the supply checkpoint are paid once per transaction.

## Gas per mint (spoke BridgeMinter -> CalToken.crosschainMint)

| case | gas | note |
|---|---:|---|
${gasRows.map((r) => `| ${r.case} | ${r.gas} | ${r.note} |`).join("\n")}

## Relay throughput, home -> spoke

| run | messages | validators sign (s) | relayer (s) | relayer msg/s | end-to-end msg/s | transactions |
|---|---:|---:|---:|---:|---:|---:|
${relayRows.map((r) => `| ${r.run} | ${r.messages} | ${r.signSeconds.toFixed(2)} | ${r.relaySeconds.toFixed(2)} | ${rate(r).relay.toFixed(1)} | ${rate(r).pipeline.toFixed(1)} | ${r.txs} |`).join("\n")}

The messages are locked on home first (not timed). "validators sign": the three validators, one after the other in
this one process, scan home and sign every message. "relayer": scan, state check, batched signature fetch over
HTTP, submission with \`receiveBatch\` until every message is delivered. End to end = messages / (sign + relay).

## Latency, send on home -> minted on spoke

50 messages one at a time: p50 ${pct(50).toFixed(1)} ms, p95 ${pct(95).toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms.
`;
mkdirSync("reports", { recursive: true });
writeFileSync("reports/bridge-bench.md", md);
process.stdout.write("wrote reports/bridge-bench.md\n");
process.exit(0);
