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
import type { Address, Hash, Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { universalFromEvm } from "@calctra/core";
import {
  BRIDGE_ROLE,
  CAL,
  HOME,
  SPOKE,
  type Chain,
  createChain,
  digestFor,
  encode,
  message,
  openLimits,
  signPacked,
  validatorKeys,
} from "../contracts-evm/test/bridge/helpers.js";
import { type GasBreakdown, gasBreakdown } from "../contracts-evm/scripts/gas-breakdown.js";
import { startLocalBridge } from "@calctra/devnet/bridge-world";
import { runRouteBridgeStory } from "../cli/src/demo-bridge-route.js";

await hre.tasks.getTask("build").run({ quiet: true });
const N = Number(process.env.BENCH_MESSAGES ?? 512);

// ---------------------------------------------------------------- gas
type GasRow = { case: string; gas: bigint; note: string };
const gasRows: GasRow[] = [];
const variantRows: GasRow[] = [];
const breakdowns: { label: string; parts: GasBreakdown; total: bigint }[] = [];
const HOME_VAULT = "0x5FbDB2315678afecb367f032d93F642f64180aa3" as const;

/** The figures of reports/bridge-bench.md before the inbound-path optimisation (commit 71e240d), for comparison. */
const PREVIOUS: Record<string, bigint> = {
  "receiveMessage 2-of-3": 132492n,
  "receiveMessage 2-of-3, new holder": 149592n,
  "receiveBatch 2-of-3, per message (32/tx)": 55312n,
};

/** A spoke deployment variant: the production pair, or a bench-only token and/or minter (contracts-evm/contracts/bench). */
interface Variant {
  name: string;
  token: "CalToken" | "BenchSpokeToken";
  minter: "BridgeMinter" | "BenchNonceBitmapMinter";
}
const PRODUCTION: Variant = { name: "production", token: "CalToken", minter: "BridgeMinter" };
const VARIANTS: Variant[] = [
  { name: "nonce bitmap", token: "CalToken", minter: "BenchNonceBitmapMinter" },
  { name: "token without votes", token: "BenchSpokeToken", minter: "BridgeMinter" },
  { name: "nonce bitmap + token without votes", token: "BenchSpokeToken", minter: "BenchNonceBitmapMinter" },
];

async function deployVariant(chain: Chain, v: Variant, validators: Address[], threshold: number) {
  const [deployer, , , , , , pauser] = chain.wallets;
  const admin = deployer!.account.address;
  const args = v.token === "CalToken" ? [admin, admin, false] : [admin];
  const token = await chain.viem.deployContract(v.token as "CalToken", args as never);
  const minter = await chain.viem.deployContract(v.minter as "BridgeMinter", [
    token.address,
    admin,
    pauser!.account.address,
    validators,
    threshold,
    86_400,
  ]);
  await token.write.grantRole([BRIDGE_ROLE, minter.address]);
  await minter.write.setRemoteDomain([HOME, openLimits(HOME_VAULT)]);
  return minter;
}

async function gasCase(label: string, setSize: number, threshold: number, v: Variant = PRODUCTION) {
  const rows = v === PRODUCTION ? gasRows : variantRows;
  const suffix = v === PRODUCTION ? "" : ` [${v.name}]`;
  const chain = await createChain(SPOKE);
  const keys = validatorKeys.slice(0, setSize);
  const addresses = keys.map((k) => privateKeyToAccount(k).address).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  const bridge = await deployVariant(chain, v, addresses, threshold);
  const recipient = chain.wallets[1]!.account.address;
  const signers = keys.slice(0, threshold);
  let nonce = 0n;
  const next = async (to = recipient) => {
    const m = message({ nonce: ++nonce, recipient: universalFromEvm(to), amount: CAL });
    return { message: encode(m), signatures: await signPacked(signers, digestFor(m, bridge.address)) };
  };
  const measure = async (tx: Promise<Hash>) => {
    const hash = await tx;
    const r = await chain.publicClient.waitForTransactionReceipt({ hash });
    if (r.status !== "success") throw new Error("reverted");
    return { gas: r.gasUsed, hash };
  };
  // Warm-up: the recipient already holds CAL and the supply checkpoint array exists (like the EVM gas report).
  const w = await next();
  await bridge.write.receiveMessage([w.message, w.signatures]);
  const a = await next();
  const single = await measure(bridge.write.receiveMessage([a.message, a.signatures]));
  rows.push({ case: `receiveMessage ${label}${suffix}`, gas: single.gas, note: "recipient holds CAL" });
  if (label === "2-of-3") breakdowns.push({ label: v.name, parts: await gasBreakdown(chain.publicClient, single.hash), total: single.gas });
  const fresh = await next(chain.wallets[7]!.account.address);
  rows.push({
    case: `receiveMessage ${label}, new holder${suffix}`,
    gas: (await measure(bridge.write.receiveMessage([fresh.message, fresh.signatures]))).gas,
    note: "recipient balance 0 -> non-zero",
  });
  const batch = await Promise.all(Array.from({ length: 32 }, () => next()));
  const total = (await measure(bridge.write.receiveBatch([batch.map((b) => b.message), batch.map((b) => b.signatures)]))).gas;
  rows.push({ case: `receiveBatch ${label}, per message (32/tx)${suffix}`, gas: total / 32n, note: `${total} gas per transaction` });
  if (v.minter === "BenchNonceBitmapMinter") {
    nonce = 255n; // the next message, nonce 256, is the first of a new 256-nonce bitmap word
    const first = await next();
    rows.push({
      case: `receiveMessage ${label}, first nonce of a bitmap word${suffix}`,
      gas: (await measure(bridge.write.receiveMessage([first.message, first.signatures]))).gas,
      note: "recipient holds CAL; once per 256 nonces of a source",
    });
  }
}
// The token's own share: crosschainMint called directly by an account holding BRIDGE_ROLE.
let tokenAloneNoVotes = 0n;
for (const name of ["CalToken", "BenchSpokeToken"] as const) {
  const chain = await createChain(SPOKE);
  const [d, holder] = chain.wallets;
  const args = name === "CalToken" ? [d!.account.address, d!.account.address, false] : [d!.account.address];
  const token = await chain.viem.deployContract(name as "CalToken", args as never);
  await token.write.grantRole([BRIDGE_ROLE, d!.account.address]);
  await token.write.crosschainMint([holder!.account.address, CAL]);
  const r = await chain.publicClient.waitForTransactionReceipt({ hash: await token.write.crosschainMint([holder!.account.address, CAL]) });
  if (name === "CalToken")
    gasRows.push({
      case: "CalToken.crosschainMint alone (baseline)",
      gas: r.gasUsed,
      note: "direct call by a BRIDGE_ROLE holder, recipient holds CAL",
    });
  else {
    tokenAloneNoVotes = r.gasUsed;
    variantRows.push({
      case: "BenchSpokeToken.crosschainMint alone",
      gas: r.gasUsed,
      note: "token without votes, direct call, recipient holds CAL",
    });
  }
}
await gasCase("1-of-1", 1, 1);
await gasCase("2-of-3", 3, 2);
await gasCase("3-of-3", 3, 3);
for (const v of VARIANTS) await gasCase("2-of-3", 3, 2, v);

// ---------------------------------------------------------------- throughput and latency
type RelayRow = { run: string; messages: number; signSeconds: number; relaySeconds: number; txs: number };
const relayRows: RelayRow[] = [];

async function throughput(label: string, count: number, maxBatch: number) {
  const w = await startLocalBridge({ confirmations: 0, admin: "deployer", userFunds: 1_000_000n * CAL, relayer: { maxBatch } });
  const ids: Hex[] = [];
  for (let i = 0; i < count; i++) ids.push(await w.sendHome(CAL));
  const { relayer, store } = await w.startRelayer({ store: `bench-${maxBatch}.sqlite` });
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
  const w = await startLocalBridge({ confirmations: 0, admin: "deployer", userFunds: 1_000_000n * CAL });
  const { relayer, store } = await w.startRelayer({ store: "latency.sqlite" });
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

// ------------------------------------------ cost per mint on each chain: the four-chain route, 2-of-3 everywhere
// EVM home -> spoke -> Solana -> TON -> home through the route world of @calctra/devnet (governance-enabled remote domains, three
// validators, one relayer); each hop's send and delivery cost in its chain's own unit.
const route = await runRouteBridgeStory({ step: async (_chain, _name, run) => run() });
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;

// ---------------------------------------------------------------- output
const g = new Table({ head: ["case", "gas", "note"] });
for (const r of [...gasRows, ...variantRows]) g.push([r.case, r.gas.toString(), r.note]);
const rate = (r: RelayRow) => ({ relay: r.messages / r.relaySeconds, pipeline: r.messages / (r.signSeconds + r.relaySeconds) });
const t = new Table({ head: ["run", "messages", "sign s", "relay s", "relayer msg/s", "end-to-end msg/s", "transactions"] });
for (const r of relayRows) {
  t.push([
    r.run,
    r.messages,
    r.signSeconds.toFixed(2),
    r.relaySeconds.toFixed(2),
    rate(r).relay.toFixed(1),
    rate(r).pipeline.toFixed(1),
    r.txs,
  ]);
}
const rt = new Table({ head: ["hop", "CAL", "send (source)", "delivery = mint or release (destination)"] });
for (const h of route.hops)
  rt.push([`${h.from} -> ${h.to}`, (h.amount / CAL).toString(), `${h.send.cost} ${h.send.unit}`, `${h.delivery.cost} ${h.delivery.unit}`]);
process.stdout.write(
  `${g.toString()}\n${t.toString()}\n${rt.toString()}\nlatency send -> minted (one message at a time, no poll interval): p50 ${pct(50).toFixed(1)} ms, p95 ${pct(95).toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms\n`,
);

const gasOf = (c: string) => [...gasRows, ...variantRows].find((r) => r.case === c)!.gas;
const mint23 = gasOf("receiveMessage 2-of-3");
const batch23 = gasOf("receiveBatch 2-of-3, per message (32/tx)");
const both = gasOf("receiveMessage 2-of-3 [nonce bitmap + token without votes]");
const best = Math.max(...relayRows.filter((r) => r.run.startsWith("batched")).map((r) => rate(r).pipeline));
const tokenAlone = gasOf("CalToken.crosschainMint alone (baseline)");
const verdict = (x: bigint) => (x < 90000n ? "PASS" : "FAIL");
const part = (b: GasBreakdown, prefix: string) =>
  Object.entries(b)
    .filter(([k]) => k.startsWith(prefix))
    .reduce((x, [, v]) => x + v, 0n);
const keysOf = [...new Set(breakdowns.flatMap((b) => Object.keys(b.parts)))].sort((x, y) => {
  const order = (k: string) => (k.startsWith("intrinsic") ? 0 : k.startsWith("bridge") ? 1 : k.startsWith("token") ? 2 : 3);
  return order(x) - order(y) || x.localeCompare(y);
});
const breakdownTable = [
  `| component | ${breakdowns.map((b) => b.label).join(" | ")} |`,
  `|---|${breakdowns.map(() => "---:").join("|")}|`,
  ...keysOf.map((k) => `| ${k} | ${breakdowns.map((b) => (b.parts[k] ?? 0n).toString()).join(" | ")} |`),
  `| **bridge contract (execution)** | ${breakdowns.map((b) => part(b.parts, "bridge")).join(" | ")} |`,
  `| **token contract (execution)** | ${breakdowns.map((b) => part(b.parts, "token")).join(" | ")} |`,
  `| **total (receipt gasUsed)** | ${breakdowns.map((b) => b.total).join(" | ")} |`,
].join("\n");
const prod = breakdowns.find((b) => b.label === "production")!.parts;
const md = `# Bridge benchmark

Generated by \`npx tsx scripts/bench-bridge.ts\` (\`npm run bench:bridge\`) on ${new Date().toISOString()}: solc 0.8.30
(optimizer 200 runs, cancun), in-process EDR chains (home 31337, spoke 31338, automine), ${cpus().length} CPU core(s), Node
${process.version}. Gas is the receipt's gasUsed (includes the 21k base and calldata). Throughput and latency run the real
services: three validators (each scans both chains and serves signatures over HTTP on localhost), one relayer (batched
HTTP fetch, claimed signers checked against the destination's set, signatures verified by the destination's
pre-submission simulation and locally only for a refused batch, SQLite state via node:sqlite, \`receiveBatch\`);
\`confirmations: 0\` (automine: one block per transaction), and the loop polls back to back (no poll interval), so
latency is the processing time of the pipeline, not what a deployment with block times, confirmations and poll
intervals would see. Everything runs in one Node process on a machine shared with other work: throughput and latency
vary by tens of percent between runs (gas does not).

## Targets

| target | measured | limit | result |
|---|---:|---:|---|
| mint on the spoke, 2-of-3 signatures, one message per transaction | ${mint23} | 90000 | ${verdict(mint23)} |
| mint on the spoke, 2-of-3, per message in a 32-message receiveBatch | ${batch23} | 90000 | ${verdict(batch23)} |
| messages per second end to end with batching (validators signing included) | ${best.toFixed(1)} | >= 100 | ${best >= 100 ? "PASS" : "FAIL"} |

## Why the single-message target is not met

Before → now (production contracts, recipient already holds CAL): **${PREVIOUS["receiveMessage 2-of-3"]} → ${mint23}** gas
for one 2-of-3 message; new holder ${PREVIOUS["receiveMessage 2-of-3, new holder"]} → ${gasOf("receiveMessage 2-of-3, new holder")};
per message in a 32-message batch ${PREVIOUS["receiveBatch 2-of-3, per message (32/tx)"]} → ${batch23}. ("Before" = the
figures of this report at commit 71e240d, measured the same way; the inbound path now reads the message fields and the
signatures straight from calldata, reads and writes the rate-limit bucket once, and packs the digest tag as bytes17.)

What is left is structural (component table below, production column):
- The spoke token is \`CalToken\` with ERC20Votes (DESIGN §3), because the spoke suite governs itself with a Governor
  on the spoke token's votes (DESIGN §7, \`ignition/modules/Bridge.ts\`: the spoke's bridge rotation, limits and unpause
  go through the spoke timelock). Its mint writes balance, supply and a total-supply checkpoint: a new storage slot
  every block (20k + the array length). \`crosschainMint\` alone costs ${tokenAlone} gas as a plain transaction; inside
  the bridge the token executes ${part(prod, "token")} gas.
- Replay protection is one fresh storage slot per messageId (20k write after a 2.1k cold read), as DESIGN §8 says
  ("each destination records delivered messageIds") and as \`isDelivered(messageId)\` — used by the relayer, the SDK's
  status and the TON/home legs — needs.
- The rest is the 21k base, ${prod["intrinsic: calldata"]} gas of calldata (89-byte message + 2 × 65-byte signatures, DESIGN §8
  fixes both; EIP-2098 64-byte signatures would save 2 bytes each and are not allowed), two ecrecovers (${prod["bridge: signature recovery (ecrecover)"]}),
  cold reads of the config, the bucket and two validator-set entries, the bucket write, the MessageDelivered event,
  and the cold access to the token contract.

Both structural items can be removed only by changing the design, which this benchmark measures with bench-only
contracts (\`contracts-evm/contracts/bench/\`, never deployed): a nonce bitmap per source domain instead of a slot per
messageId (\`BenchNonceBitmapMinter\`) and a spoke token without ERC20Votes (\`BenchSpokeToken\`). Only the two together
reach the target: **${both}** gas for one 2-of-3 message (${verdict(both)}), see "Design variants". Neither is adopted here:
the token without votes leaves the spoke's Governor without voting power (no spoke governance at all, hence no
validator rotation, limit change or unpause on the spoke) unless spoke governance moves to a lock-to-vote vault like
Solana's and TON's; the bitmap removes \`isDelivered(messageId)\` and changes DESIGN §8's replay wording. Both are
decisions for the design owner.

## Gas per mint (spoke BridgeMinter -> CalToken.crosschainMint), production contracts

| case | gas | note |
|---|---:|---|
${gasRows.map((r) => `| ${r.case} | ${r.gas} | ${r.note} |`).join("\n")}

## Design variants (2-of-3, bench-only contracts, not deployed)

| case | gas | note |
|---|---:|---|
${variantRows.map((r) => `| ${r.case} | ${r.gas} | ${r.note} |`).join("\n")}

A bitmap word is fresh (a 20k write) for the first delivered nonce of every 256 nonces of a source; the source's nonce
counts its messages to every destination, so on one destination a word holds fewer deliveries the more destinations the
source serves. \`BenchSpokeToken.crosschainMint\` alone: ${tokenAloneNoVotes} gas.

## Per-component breakdown, one 2-of-3 message, recipient holds CAL

From an opcode trace (\`debug_traceTransaction\`, \`contracts-evm/scripts/gas-breakdown.ts\`): each opcode's gas, grouped
by the contract executing it ("bridge" = the minter, "token" = the token it calls) and by kind; "computation" holds
everything else, including the 2.6k cold access to the token before the call. The columns add up to the receipt's gasUsed.

${breakdownTable}

## Cost per delivery on each chain (four-chain route, 2-of-3 signatures)

One run of EVM home -> spoke -> Solana -> TON -> home (\`devnet/src/route-world.ts\`: remote domains enabled by
each chain's governance, three validators, one relayer, one message per delivery). EVM gas = receipt gasUsed; TON gas =
compute gas of the whole transaction chain in @ton/sandbox; Solana CU = compute units the native host reports (the
Calctra programs run as host builtins and only the SPL Token / ATA programs are metered, so this is **not** an SBF
figure: secp256k1_recover alone costs ≈ 25,000 CU per signature on SBF). A Solana delivery also pays 5,000 lamports per
transaction, the replay marker's rent (1,593,840 lamports, kept: it is the replay record) and, for a new recipient, its
token account's rent (2,039,280 lamports) — measured by bridge/test/solana-e2e.test.ts.

| hop | CAL | send (source) | delivery (destination) |
|---|---:|---:|---:|
${route.hops.map((h) => `| ${h.from} -> ${h.to} | ${h.amount / CAL} | ${h.send.cost} ${h.send.unit} | ${h.delivery.cost} ${h.delivery.unit} |`).join("\n")}

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
