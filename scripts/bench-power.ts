/**
 * Proof-of-computational-power benchmark (DESIGN §11, issue 16): writes reports/power-bench.md.
 *   1. This machine's keccak-256 rate with the native addon on every core (what `calctra power bench` prints and an
 *      agent declares), beside a pure-TypeScript keccak-256 baseline (@noble/hashes, one thread) measured in the same run.
 *   2. The on-chain cost of `challenge`, `respond` (m = 8) and `expireChallenge` on EVM (EDR, through the SDK's
 *      EvmPowerClient), beside the raw cost of the 8 keccak-256 calls (BenchKeccak, same calldata); the same calls on
 *      TON (sandbox gas) and Solana (native host compute units) through their PowerClient adapters.
 *   3. The pass rate over 100 simulated challenges at the true rate, half of it and a third, compared with DESIGN §11's
 *      0.99995 / 0.91 / 0.55, two ways: (a) a real race — the real target formula, random seeds, the native solver
 *      limited to the hashes the window allows at that rate (`rate × window`); (b) sampling the Poisson process — the
 *      sum of m exponential inter-arrival times against the window — over 100 challenges and over 100,000; plus the
 *      exact value `P(Poisson(3m × rate / claim) >= m)`.
 *
 *   npx tsx scripts/bench-power.ts            (npm run bench:power)
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { keccak_256 } from "@noble/hashes/sha3";
import { encodeFunctionData, keccak256, toHex } from "viem";
import { CAL, powerTarget, solveChallenge, universalFromEvm, type PowerClient } from "@calctra/core";
import { measureHashRateNative, solvePowerNative } from "@calctra/core/zk-native";
import { EvmPowerClient, EvmStakingClient, EvmTokenClient, powerRegistryAbi } from "@calctra/sdk/evm";
import { SolanaPowerClient, SolanaStakingClient } from "@calctra/sdk/solana";
import { TonStakingClient, TonTokenClient } from "@calctra/sdk/ton";
import { startLocalEvm } from "@calctra/devnet/evm";
import { startLocalSolana } from "@calctra/devnet/solana";
import { startLocalTon } from "@calctra/devnet/ton";

const M = 8;
const lines: string[] = [];
const out = (s = "") => {
  lines.push(s);
  process.stdout.write(`${s}\n`);
};

// ---------------------------------------------------------------- 1. hash rate
const native = measureHashRateNative({ ms: 3000 });
function pureTsRate(ms: number): { rate: number; hashes: number } {
  // The same 72-byte message the chains hash: seed | provider | nonce (u64 big-endian, rewritten in place).
  const msg = new Uint8Array(72);
  msg.set(randomBytes(64), 0);
  const view = new DataView(msg.buffer);
  let n = 0;
  const t0 = performance.now();
  let acc = 0;
  while (performance.now() - t0 < ms) {
    for (let k = 0; k < 1000; k++, n++) {
      view.setBigUint64(64, BigInt(n));
      acc ^= keccak_256(msg)[0]!;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  if (acc < 0) throw new Error("unreachable");
  return { rate: n / seconds, hashes: n };
}
const ts = pureTsRate(3000);

// ---------------------------------------------------------------- 2. on-chain cost (EVM)
type GasRow = { chain: string; call: string; cost: bigint | string; limit: string; note: string };
const gasRows: GasRow[] = [];
{
  const evm = await startLocalEvm();
  const base = { publicClient: evm.publicClient, deployment: evm.deployment };
  const [holder, providerW, validatorW] = evm.wallets;
  const token = new EvmTokenClient({ ...base, walletClient: holder! });
  for (const [i, w] of [providerW!, validatorW!].entries()) {
    await token.transfer({ to: w.account.address, amount: 1_000n * CAL });
    const s = new EvmStakingClient({ ...base, walletClient: w });
    await s.register({ metadataHash: keccak256(toHex(`bench-power-${i}`)) });
    await s.stake({ amount: 200n * CAL });
  }
  const timelock = await evm.impersonate(evm.deployment.contracts.CalTimelock);
  const govern = async (id: number, value: bigint) =>
    evm.publicClient.waitForTransactionReceipt({
      hash: await timelock.writeContract({
        address: evm.deployment.contracts.PowerRegistry!,
        abi: powerRegistryAbi,
        functionName: "setParameter",
        args: [id, value],
        chain: undefined,
      }),
    });
  await govern(14, 1_000n * CAL);
  await new EvmPowerClient({ ...base, walletClient: holder! }).fundValidatorBudget({ amount: 1_000n * CAL });
  const provider = new EvmPowerClient({ ...base, walletClient: providerW! });
  const validator = new EvmPowerClient({ ...base, walletClient: validatorW! });
  const who = providerW!.account.address;
  await validator.registerValidator();
  // 100 H/s over the default 600 s window: the reference solver answers in-process.
  await provider.declareRate({ claimedRate: 100n });
  const params = await validator.getPowerParameters();
  const first = await validator.challenge({ provider: who });
  const c = (await provider.getChallenge({ provider: who }))!;
  const answer = solveChallenge(c.seed, c.provider, c.target, c.nonces).nonces;
  const respond = await provider.respond({ challengeId: first.challengeId, nonces: answer });
  const bench = await evm.deployContract("BenchKeccak");
  const raw = await evm.publicClient.estimateGas({
    account: who,
    to: bench,
    data: encodeFunctionData({
      abi: [
        {
          type: "function",
          name: "hashAll",
          stateMutability: "pure",
          inputs: [
            { name: "seed", type: "bytes32" },
            { name: "provider", type: "bytes32" },
            { name: "nonces", type: "uint64[]" },
          ],
          outputs: [{ name: "acc", type: "bytes32" }],
        },
      ],
      functionName: "hashAll",
      args: [c.seed, c.provider, answer],
    }),
  });
  await evm.increaseTime(params.powerCooldown);
  const steady = await validator.challenge({ provider: who });
  await evm.increaseTime(params.responseWindow + 1n);
  const expire = await validator.expireChallenge({ provider: who });
  await govern(11, 1n);
  await evm.increaseTime(params.powerCooldown);
  await validator.challenge({ provider: who });
  await evm.increaseTime(params.responseWindow + 1n);
  const slash = await validator.expireChallenge({ provider: who });
  gasRows.push(
    { chain: "EVM", call: "challenge (first of the provider)", cost: first.cost, limit: "80000", note: "prevrandao seed" },
    { chain: "EVM", call: "challenge (after the cooldown)", cost: steady.cost, limit: "80000", note: "" },
    { chain: "EVM", call: "respond (m = 8)", cost: respond.cost, limit: "60000", note: "8 keccak-256 checks, a pass, a fee accrued" },
    {
      chain: "EVM",
      call: "baseline: 8 raw keccak-256 of 72 bytes (same calldata)",
      cost: raw,
      limit: "—",
      note: `respond's bookkeeping over it: ${respond.cost - raw}`,
    },
    { chain: "EVM", call: "expireChallenge (a failure, no slash)", cost: expire.cost, limit: "60000", note: "anyone; fee accrued" },
    { chain: "EVM", call: "expireChallenge (with a slash)", cost: slash.cost, limit: "—", note: "Staking.slashPower and two transfers" },
  );
}
// TON and Solana: the same calls through their PowerClient adapters on a local chain (TON gas from the sandbox;
// Solana compute units from the native host, which does not meter the staking program itself: labelled as native).
async function chainRows(
  chain: "TON" | "Solana",
  provider: PowerClient,
  providerSelf: string,
  validator: PowerClient,
  advance: (seconds: bigint) => Promise<void>,
  unit: string,
): Promise<GasRow[]> {
  await validator.registerValidator();
  await provider.declareRate({ claimedRate: 100n });
  const params = await validator.getPowerParameters();
  const first = await validator.challenge({ provider: providerSelf });
  const c = (await provider.getChallenge({ provider: providerSelf }))!;
  const answer = solveChallenge(c.seed, c.provider, c.target, c.nonces).nonces;
  const respond = await provider.respond({ challengeId: first.challengeId, nonces: answer });
  await advance(params.powerCooldown);
  await validator.challenge({ provider: providerSelf });
  await advance(params.responseWindow + 1n);
  const expire = await validator.expireChallenge({ provider: providerSelf });
  const cost = (r: { cost?: bigint }) => r.cost ?? "n/a";
  return [
    { chain, call: "challenge", cost: cost(first), limit: "—", note: unit },
    { chain, call: "respond (m = 8)", cost: cost(respond), limit: "—", note: unit },
    { chain, call: "expireChallenge (a failure, no slash)", cost: cost(expire), limit: "—", note: unit },
  ];
}
const otherChains: GasRow[] = [];
{
  const ton = await startLocalTon();
  const [p, v] = ton.actors.providers;
  const admin = new TonTokenClient(ton.connect(ton.actors.deployer));
  for (const a of [p, v]) {
    await admin.mint({ to: a.address.toString(), amount: 1_000n * CAL });
    const staking = new TonStakingClient(ton.connect(a));
    await staking.register({ metadataHash: keccak256(toHex(`bench-power-ton-${a.address.toString()}`)) });
    await staking.stake({ amount: 200n * CAL });
  }
  otherChains.push(
    ...(await chainRows(
      "TON",
      ton.power(p),
      p.address.toString(),
      ton.power(v),
      async (sec) => ton.increaseTime(sec),
      "TON gas, the staking contract's transaction chain",
    )),
  );
}
{
  const sol = await startLocalSolana();
  const [p, v] = await Promise.all([sol.newWallet({ cal: 1_000n * CAL }), sol.newWallet({ cal: 1_000n * CAL })]);
  for (const w of [p, v]) {
    const staking = new SolanaStakingClient(w.params);
    await staking.register({ metadataHash: keccak256(toHex(`bench-power-sol-${w.address}`)) });
    await staking.stake({ amount: 200n * CAL });
  }
  otherChains.push(
    ...(await chainRows(
      "Solana",
      new SolanaPowerClient(p.params),
      p.address,
      new SolanaPowerClient(v.params),
      (sec) => sol.advanceTime(sec),
      "native host CU (not SBF; see reports/solana-compute.md)",
    )),
  );
}

// ---------------------------------------------------------------- 3. pass rates
const WINDOW = 60n;
/** Claim in the real race: small, so that 100 challenges at the true rate take ~1e7 native hashes. */
const RACE_CLAIM = 2_000n;
const provider = universalFromEvm("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
const target = powerTarget({ claimedRate: RACE_CLAIM, responseWindow: WINDOW, nonces: BigInt(M) });
async function race(fraction: number, challenges: number) {
  const budget = BigInt(Math.floor(Number(RACE_CLAIM) * fraction * Number(WINDOW)));
  let passed = 0;
  let hashes = 0n;
  for (let i = 0; i < challenges; i++) {
    const seed = toHex(randomBytes(32));
    const r = await solvePowerNative({ seed, provider, target, m: M, limit: budget });
    const within = r.nonces.filter((n) => n < budget);
    if (within.length >= M) passed++;
    hashes += r.hashes;
  }
  return { passed, hashes };
}
/** The Poisson race by sampling: m exponential inter-arrival times with rate 3m·fraction / window, summed. */
function sample(fraction: number, challenges: number) {
  const lambda = (3 * M * fraction) / Number(WINDOW);
  let passed = 0;
  for (let i = 0; i < challenges; i++) {
    let t = 0;
    for (let k = 0; k < M; k++) t += -Math.log(1 - Math.random()) / lambda;
    if (t <= Number(WINDOW)) passed++;
  }
  return passed / challenges;
}
/** P(Poisson(mu) >= m), exactly. */
function exact(fraction: number) {
  const mu = 3 * M * fraction;
  let term = Math.exp(-mu);
  let below = term;
  for (let k = 1; k < M; k++) {
    term *= mu / k;
    below += term;
  }
  return 1 - below;
}
const DESIGN: Record<string, number> = { "1": 0.99995, "0.5": 0.91, "0.3333333333333333": 0.55 };
const rateRows = [];
for (const fraction of [1, 1 / 2, 1 / 3]) {
  const r = await race(fraction, 100);
  rateRows.push({
    fraction,
    race: r.passed / 100,
    hashes: r.hashes,
    sampled100: sample(fraction, 100),
    sampled100k: sample(fraction, 100_000),
    exact: exact(fraction),
    design: DESIGN[String(fraction)]!,
  });
}

// ---------------------------------------------------------------- report
const f = (x: number) => Math.round(x).toLocaleString("en-US");
out("# Proof of computational power benchmark");
out();
out(
  `Generated by \`npm run bench:power\` (scripts/bench-power.ts) on ${new Date().toISOString()}: ${cpus().length} CPU core(s) (load average ${loadavg()[0]!.toFixed(1)} when the report was written), Node ${process.version}. The machine is shared with other work: hash rates vary between runs; gas does not.`,
);
out();
out("## Hash rate (keccak-256 of the 72-byte solution message)");
out();
out("| solver | threads | hashes | seconds | hashes per second |");
out("|---|---:|---:|---:|---:|");
out(
  `| native addon (\`solvePowerNative\` / \`measureHashRateNative\`) | ${native.threads} | ${f(Number(native.hashes))} | ${native.seconds.toFixed(2)} | **${f(native.rate)}** |`,
);
out(`| baseline: pure TypeScript (@noble/hashes \`keccak_256\`), same run | 1 | ${f(ts.hashes)} | 3.00 | ${f(ts.rate)} |`);
out();
out(
  `The native rate is ${(native.rate / ts.rate).toFixed(1)}× the TypeScript baseline (${(native.rate / native.threads / ts.rate).toFixed(1)}× per thread). ` +
    `It is the value this machine would declare (\`calctra power declare ${Math.floor(native.rate)}\`): an honest agent then needs a third of the window on average.`,
);
out();
out("## On-chain cost");
out();
out(
  "EVM: receipts' gasUsed on EDR through the SDK's `EvmPowerClient` (default parameters: m = 8, 600 s window; a fee accrues on every completed challenge). The baseline sends the same calldata to `BenchKeccak`, which only hashes (estimateGas, includes the 21k base).",
);
out();
out("| chain | call | cost | limit | result | note |");
out("|---|---|---:|---:|---|---|");
for (const r of [...gasRows, ...otherChains]) {
  const ok = r.limit === "—" || typeof r.cost === "string" ? "—" : r.cost <= BigInt(r.limit) ? "PASS" : "FAIL";
  out(`| ${r.chain} | ${r.call} | ${typeof r.cost === "bigint" ? r.cost.toString() : r.cost} | ${r.limit} | ${ok} | ${r.note} |`);
}
out();
out("## Pass rate over 100 simulated challenges");
out();
out(
  `m = ${M}, window ${WINDOW} s, the claim sizes the target with core's \`powerTarget\` (3m solutions expected over the window at the claimed rate). ` +
    `**Real race**: for each challenge a random seed and the real target of a ${RACE_CLAIM} H/s claim; the native solver may try \`true rate × window\` hashes (the rate-limited solver) and passes when m solutions fall within them. ` +
    "**Sampled**: the Poisson process sampled directly — m exponential inter-arrival times at rate `3m × (true rate / claim) / window`, passing when their sum is within the window — over 100 and 100,000 challenges. " +
    "**Exact**: `P(Poisson(3m × true/claim) >= m)`. The native solver scans in batches of whole chunks per core, so the hashes scanned reach the budget even when the m solutions came earlier.",
);
out();
out("| true rate / claim | real race (100) | hashes scanned | sampled (100) | sampled (100,000) | exact | DESIGN §11 |");
out("|---|---:|---:|---:|---:|---:|---:|");
for (const r of rateRows) {
  const label = r.fraction === 1 ? "1 (honest)" : r.fraction === 0.5 ? "1/2" : "1/3";
  out(
    `| ${label} | ${r.race.toFixed(2)} | ${f(Number(r.hashes))} | ${r.sampled100.toFixed(2)} | ${r.sampled100k.toFixed(4)} | ${r.exact.toFixed(5)} | ${r.design} |`,
  );
}
out();
out(
  "100 challenges resolve a pass rate to about ±0.05 (one standard error at 0.5): the 100-challenge columns scatter around DESIGN §11's values by about that much from run to run (two standard errors, ±0.1, now and then); the 100,000-sample column and the exact value carry the precision.",
);
mkdirSync("reports", { recursive: true });
writeFileSync("reports/power-bench.md", `${lines.join("\n")}\n`);
process.stdout.write("wrote reports/power-bench.md\n");
process.exit(0);
