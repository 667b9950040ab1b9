/**
 * The end-to-end story of Calctra on embedded local chains (`npm run demo`): providers register
 * and stake, governance registers a Groth16 verifier and shortens the challenge window, a user
 * posts a task, the matching engine picks a provider, the provider proves and submits, the escrow
 * pays 80/15/5, a second task expires and its provider is slashed — on an embedded EVM chain and
 * again on TON (@ton/sandbox, BLS12-381 proof). Prints every step and writes a report (Markdown + JSON).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import Table from "cli-table3";
import { encodeFunctionData, keccak256, toHex, type Address } from "viem";
import {
  CAL,
  formatCal,
  GOVERNED_PARAMETERS,
  ProposalState,
  TaskStatus,
  computePayout,
  computeSlash,
  rankProviders,
  taskStatusName,
  universalFromEvm,
  type Hardware,
  type ProviderCandidate,
} from "@calctra/core";
import { EvmGovernanceClient, EvmMarketplaceClient, EvmStakingClient, EvmTokenClient, marketplaceAbi } from "@calctra/sdk/evm";
import { startLocalEvm } from "@calctra/devnet/evm";
import { buildResultCommitmentInputs, encodeProofEvm, proveGroth16, taskStatement, terminateCurves } from "@calctra/core/zk";
import { runTonStory } from "./demo-ton.js";
import { runBridgeStory } from "./demo-bridge.js";
import { runRouteBridgeStory } from "./demo-bridge-route.js";
import { runGovernanceStory } from "./demo-governance.js";
import { runSolanaStory } from "./demo-solana.js";
import { runMarketStory, type MarketStoryProvider } from "./demo-market.js";
import { runAgentRound } from "./demo-agents.js";
import { runPowerStory } from "./demo-power.js";

/** One step of the demo, as reported. */
export interface DemoStep {
  readonly chain: string;
  readonly step: string;
  readonly detail: string;
  readonly cost?: bigint;
  readonly ms: number;
}

/** Parameters of {@link runDemo}. */
export interface RunDemoParameters {
  /** Where the Markdown report goes; a `.json` twin is written beside it. */
  readonly reportPath: string;
  /** Called for each completed step (the CLI prints them). */
  readonly onStep?: (step: DemoStep, index: number) => void;
  /** Called when a step starts (the CLI shows progress). */
  readonly onProgress?: (message: string) => void;
}

const fmt = (v: bigint) => formatCal(v, { withUnit: true });

/**
 * Runs the whole story and returns its steps.
 *
 * @example
 * ```ts
 * const steps = await runDemo({ reportPath: "reports/demo.md", onStep: (s) => console.log(s.step) });
 * ```
 */
export async function runDemo({ reportPath, onStep, onProgress }: RunDemoParameters): Promise<DemoStep[]> {
  const steps: DemoStep[] = [];
  const progress = onProgress ?? (() => {});
  async function step<T>(chain: string, name: string, run: () => Promise<T>, detail: (r: T) => string): Promise<T> {
    progress(`${chain}: ${name}`);
    const t0 = performance.now();
    const r = await run();
    const cost = r !== null && typeof r === "object" && "cost" in r && typeof r.cost === "bigint" ? r.cost : undefined;
    const s: DemoStep = {
      chain,
      step: name,
      detail: detail(r),
      ms: Math.round(performance.now() - t0),
      ...(cost !== undefined ? { cost } : {}),
    };
    steps.push(s);
    onStep?.(s, steps.length);
    return r;
  }

  // ── EVM home chain, embedded ───────────────────────────────────────────────────────────────
  const evm = await step(
    "evm",
    "start embedded chain and deploy the suite (Ignition)",
    async () =>
      startLocalEvm({
        mode: "home",
        moduleParameters: {
          votingDelay: 60n,
          votingPeriod: 3600n,
          lateQuorumExtension: 600n,
          timelockDelay: 600n,
          proposalThreshold: 1_000n * CAL,
        },
      }),
    (e) => `chain ${e.deployment.chainId}; Marketplace ${e.deployment.contracts.Marketplace}`,
  );
  const [deployerW, userW, p1W, p2W, p3W, creatorW] = evm.wallets;
  const base = { publicClient: evm.publicClient, deployment: evm.deployment };
  const treasury = deployerW!.account.address; // the module's default treasury
  const token = new EvmTokenClient({ ...base, walletClient: deployerW! });
  const gov = new EvmGovernanceClient({ ...base, walletClient: deployerW! });
  const user = new EvmMarketplaceClient({ ...base, walletClient: userW! });
  const creator = creatorW!.account.address;
  const now = async () => (await evm.publicClient.getBlock()).timestamp;

  await step(
    "evm",
    "fund the user and three providers from the home supply",
    async () => {
      for (const w of [userW, p1W, p2W, p3W]) await token.transfer({ to: w!.account.address, amount: 2_000n * CAL });
    },
    () => "2,000 CAL each",
  );

  const profiles: Array<{ w: typeof p1W; hw: Hardware; price: bigint; load: number; latencyMs: number; region: string; stake: bigint }> = [
    {
      w: p1W,
      hw: { cpuCores: 32, memoryGiB: 128, gpuCount: 2, gpuMemoryGiB: 80, tee: true },
      price: 40n * CAL,
      load: 0.5,
      latencyMs: 80,
      region: "us-east",
      stake: 600n * CAL,
    },
    {
      w: p2W,
      hw: { cpuCores: 16, memoryGiB: 64, gpuCount: 1, gpuMemoryGiB: 24, tee: true },
      price: 25n * CAL,
      load: 0.1,
      latencyMs: 20,
      region: "eu-west",
      stake: 500n * CAL,
    },
    {
      w: p3W,
      hw: { cpuCores: 8, memoryGiB: 16, gpuCount: 0, gpuMemoryGiB: 0, tee: false },
      price: 10n * CAL,
      load: 0.0,
      latencyMs: 15,
      region: "eu-west",
      stake: 300n * CAL,
    },
  ];
  for (const [i, p] of profiles.entries()) {
    const staking = new EvmStakingClient({ ...base, walletClient: p.w! });
    const metadataHash = keccak256(toHex(JSON.stringify(p.hw)));
    await step(
      "evm",
      `provider ${i + 1} registers (hardware hash) and stakes`,
      async () => {
        const r1 = await staking.register({ metadataHash });
        const r2 = await staking.stake({ amount: p.stake });
        return { cost: (r1.cost ?? 0n) + (r2.cost ?? 0n) };
      },
      () => `${p.w!.account.address.slice(0, 10)}… staked ${fmt(p.stake)}`,
    );
  }

  // ── Governance: register the Groth16 verifier and shorten the challenge window ───────────────
  const verifierAddress = await step(
    "evm",
    "deploy the result_commitment Groth16 verifier",
    () => evm.deployContract("ResultCommitmentVerifier"),
    (a) => a,
  );
  const market = evm.deployment.contracts.Marketplace;
  const actions = {
    targets: [market, market] as Address[],
    values: [0n, 0n],
    calldatas: [
      encodeFunctionData({ abi: marketplaceAbi, functionName: "registerVerifier", args: [1, verifierAddress] }),
      encodeFunctionData({ abi: marketplaceAbi, functionName: "setParameter", args: [GOVERNED_PARAMETERS.challengePeriod.id, 2n * 3600n] }),
    ],
    description: "Register verifier 1 (result_commitment, BN254) and set challengePeriod to 2 hours",
  };
  await step(
    "evm",
    "holder delegates votes to itself",
    () => token.delegate({ delegatee: treasury }),
    () => "ERC20Votes checkpoint",
  );
  await evm.increaseTime(1n); // votes count from the next second (timestamp clock)
  const { proposalId } = await step(
    "evm",
    "propose: register verifier 1 + challengePeriod 2 h",
    () => gov.propose(actions),
    (r) => `proposal ${r.proposalId.toString().slice(0, 12)}…`,
  );
  await evm.increaseTime(61n);
  await step(
    "evm",
    "vote For",
    () => gov.castVote({ proposalId, support: 1 }),
    () => "For",
  );
  await evm.increaseTime(3601n);
  await step(
    "evm",
    "queue in the timelock",
    () => gov.queue(actions),
    () => "Queued",
  );
  await evm.increaseTime(601n);
  await step(
    "evm",
    "execute",
    () => gov.execute(actions),
    () => "Executed",
  );
  const proposal = await gov.getProposal({ proposalId });
  if (proposal.state !== ProposalState.Executed) throw new Error(`proposal not executed: state ${proposal.state}`);
  const challengePeriod = await evm.publicClient.readContract({ address: market, abi: marketplaceAbi, functionName: "challengePeriod" });
  await step(
    "evm",
    "read back the governed parameter",
    async () => ({}),
    () => `challengePeriod = ${challengePeriod} s (was 86400)`,
  );

  // ── Task 1: matched, proven, paid ─────────────────────────────────────────────────────────
  const requirements = {
    hardware: { cpuCores: 8, memoryGiB: 32, gpuCount: 1, gpuMemoryGiB: 16, tee: true },
    maxPrice: 50n * CAL,
    minReputationBps: 5000,
  };
  const candidates: ProviderCandidate[] = [];
  for (const p of profiles) {
    const info = await new EvmStakingClient({ ...base, walletClient: p.w! }).getProvider({ provider: p.w!.account.address });
    candidates.push({
      id: p.w!.account.address,
      hardware: p.hw,
      price: p.price,
      reputationBps: Number(info.scoreBps),
      load: p.load,
      latencyMs: p.latencyMs,
      region: p.region,
    });
  }
  const ranking = await step(
    "sdk",
    "matching engine ranks providers for task 1",
    async () => rankProviders({ requirements: { ...requirements, region: "eu-west" }, candidates }),
    (r) =>
      r.ranked.map((x) => `${x.id.slice(0, 8)}…=${x.score.toFixed(3)}`).join(", ") +
      (r.excluded.length ? `; excluded ${r.excluded.map((e) => `${e.id.slice(0, 8)}… (${e.reason})`).join(", ")}` : ""),
  );
  const chosen = profiles.find((p) => p.w!.account.address === ranking.ranked[0]!.id)!;
  const provider = new EvmMarketplaceClient({ ...base, walletClient: chosen.w! });
  const reward = 100n * CAL;
  const specHash = BigInt(keccak256(toHex("model: dense-16x16 v1; input: sample-7"))) >> 8n; // < 2^248
  const t1 = await step(
    "evm",
    "user posts task 1 (reward 100 CAL, verifier 1, creator named)",
    async () =>
      user.createTask({
        specHash,
        reward,
        collateral: 50n * CAL,
        deadline: (await now()) + 3600n,
        verifierId: 1,
        modelCreator: creator,
        minReputationBps: 5000,
      }),
    (r) => `task ${r.taskId}`,
  );
  await step(
    "evm",
    "chosen provider accepts task 1",
    () => provider.acceptTask({ taskId: t1.taskId }),
    () => "50 CAL collateral locked",
  );
  const task1 = await user.getTask({ taskId: t1.taskId });
  const proof = await step(
    "zk",
    "provider proves the result (result_commitment, BN254, snarkjs)",
    async () => {
      const statement = taskStatement({ task: task1, curve: "bn254" });
      const inputs = await buildResultCommitmentInputs({ curve: "bn254", ...statement, result: [11n, 22n, 33n, 44n], salt: 0xc0ffeen });
      const { proof } = await proveGroth16({
        wasm: "circuits/build/bn254/result_commitment.wasm",
        zkey: "circuits/build/bn254/result_commitment.zkey",
        witnessInput: inputs.witnessInput,
      });
      return { proof, resultCommitment: inputs.publicInputs[2] };
    },
    (r) => `commitment ${r.resultCommitment.toString().slice(0, 16)}…`,
  );
  await terminateCurves({ curves: ["bn254"] });
  const balancesBefore = {
    provider: await token.balanceOf({ owner: chosen.w!.account.address }),
    treasury: await token.balanceOf({ owner: treasury }),
    creator: await token.balanceOf({ owner: creator }),
  };
  const proofBytes = Uint8Array.from(Buffer.from(encodeProofEvm({ proof: proof.proof }).slice(2), "hex"));
  await step(
    "evm",
    "provider submits result + proof: verified on chain, paid out",
    () => provider.submitResult({ taskId: t1.taskId, resultCommitment: proof.resultCommitment, proof: proofBytes }),
    () => `status ${taskStatusName(TaskStatus.Completed)}`,
  );
  const after = {
    provider: await token.balanceOf({ owner: chosen.w!.account.address }),
    treasury: await token.balanceOf({ owner: treasury }),
    creator: await token.balanceOf({ owner: creator }),
  };
  const expected = computePayout({ reward, providerBps: 8000n, treasuryBps: 1500n, creatorBps: 500n, hasCreator: true });
  const paid = {
    provider: after.provider - balancesBefore.provider,
    treasury: after.treasury - balancesBefore.treasury,
    creator: after.creator - balancesBefore.creator,
  };
  if (paid.provider !== expected.provider || paid.treasury !== expected.treasury || paid.creator !== expected.creator) {
    throw new Error(`payout mismatch: ${JSON.stringify(paid, (_, v) => (typeof v === "bigint" ? v.toString() : v))}`);
  }
  await step(
    "evm",
    "payout split checked against the SDK's arithmetic",
    async () => ({}),
    () => `provider ${fmt(paid.provider)} / treasury ${fmt(paid.treasury)} / creator ${fmt(paid.creator)} (80/15/5)`,
  );

  // ── Task 2: accepted, abandoned, expired, slashed ─────────────────────────────────────────
  const lazy = profiles.find((p) => p !== chosen)!;
  const lazyMarket = new EvmMarketplaceClient({ ...base, walletClient: lazy.w! });
  const lazyStaking = new EvmStakingClient({ ...base, walletClient: lazy.w! });
  const t2 = await step(
    "evm",
    "user posts task 2 (optimistic, 40 CAL collateral)",
    async () =>
      user.createTask({
        specHash: 7n,
        reward: 30n * CAL,
        collateral: 40n * CAL,
        deadline: (await now()) + 600n,
        verifierId: 0,
        minReputationBps: 0,
      }),
    (r) => `task ${r.taskId}`,
  );
  await step(
    "evm",
    "another provider accepts task 2 and goes silent",
    () => lazyMarket.acceptTask({ taskId: t2.taskId }),
    () => `${lazy.w!.account.address.slice(0, 10)}…`,
  );
  await evm.increaseTime(601n);
  const userBefore = await token.balanceOf({ owner: userW!.account.address });
  const stakeBefore = await lazyStaking.getProvider({ provider: lazy.w!.account.address });
  await step(
    "evm",
    "anyone expires task 2: refund + slash",
    () => new EvmMarketplaceClient({ ...base, walletClient: p3W! }).expire({ taskId: t2.taskId }),
    () => "Refunded",
  );
  const stakeAfter = await lazyStaking.getProvider({ provider: lazy.w!.account.address });
  const slash = computeSlash({ collateral: 40n * CAL, slashBps: 2000n });
  const refund = (await token.balanceOf({ owner: userW!.account.address })) - userBefore;
  if (refund !== 30n * CAL + slash.toUser || stakeBefore.staked - stakeAfter.staked !== slash.slashed) throw new Error("slash mismatch");
  await step(
    "evm",
    "slash checked against the SDK's arithmetic",
    async () => ({}),
    () =>
      `slashed ${fmt(slash.slashed)} (user +${fmt(slash.toUser)}, treasury +${fmt(slash.toTreasury)}); score ${stakeBefore.scoreBps} → ${stakeAfter.scoreBps} bps`,
  );

  // ── Marketplace v2: an offer locked mid-ramp, and three replicas by commit–reveal with a dissenter ──
  const evmProvider = (w: NonNullable<typeof p1W>): MarketStoryProvider => ({
    market: new EvmMarketplaceClient({ ...base, walletClient: w }),
    universal: universalFromEvm(w.account.address),
    balance: () => token.balanceOf({ owner: w.account.address }),
    info: () => new EvmStakingClient({ ...base, walletClient: w }).getProvider({ provider: w.account.address }),
  });
  await runMarketStory({
    chain: "evm",
    step,
    user,
    userBalance: () => token.balanceOf({ owner: userW!.account.address }),
    treasuryBalance: () => token.balanceOf({ owner: treasury }),
    providers: [evmProvider(p1W!), evmProvider(p2W!), evmProvider(p3W!)],
    now,
    advance: (s) => evm.increaseTime(s),
    challengePeriod: BigInt(challengePeriod),
    slashBps: 2000n,
  });

  // ── TON: the same story on the Tolk contracts in @ton/sandbox, proven over BLS12-381 ─────────
  await runTonStory({ step });
  await terminateCurves({ curves: ["bls12381"] });

  // ── Solana: the same story on the Anchor programs in the native host, proven over BN254 ─────
  await runSolanaStory({ step });

  // ── Bridge: CAL home → spoke (validators + relayer) and back (self-relay), supply invariant checked ──
  await runBridgeStory({ step });
  // ── Bridge: CAL EVM home → spoke → Solana → TON → home (validators + relayer), invariant after every step ──
  await runRouteBridgeStory({ step });
  // ── Governance: one proposal on the hub, a vote from the EVM spoke's vault, the change executed on both chains ──
  await runGovernanceStory({ step });
  // ── Autonomous round: a user posts dense-inference tasks by spec CID on every chain, two provider agents do the rest ──
  await runAgentRound({ step, logFile: "reports/agents.log" });
  // ── Proof of computational power: on EVM, TON and Solana an honest agent passes, a tenfold claim is caught and slashed ──
  await runPowerStory({ step });

  // ── Report ────────────────────────────────────────────────────────────────────────────────
  const balances: Array<[string, string, bigint]> = [];
  for (const [label, addr] of [
    ["user", userW!.account.address],
    ["treasury", treasury],
    ["model creator", creator],
    ...profiles.map((p, i) => [`provider ${i + 1}`, p.w!.account.address] as const),
  ] as const) {
    balances.push([label, addr, await token.balanceOf({ owner: addr })]);
  }
  const providerRows = [];
  for (const [i, p] of profiles.entries()) {
    const info = await new EvmStakingClient({ ...base, walletClient: p.w! }).getProvider({ provider: p.w!.account.address });
    providerRows.push([`provider ${i + 1}`, fmt(info.staked), fmt(info.locked), `${info.completed}/${info.failed}`, `${info.scoreBps}`]);
  }
  writeReport(reportPath, steps, balances, providerRows, universalFromEvm(evm.deployment.contracts.Marketplace));
  return steps;
}

function writeReport(
  path: string,
  steps: DemoStep[],
  balances: Array<[string, string, bigint]>,
  providers: string[][],
  marketplace: string,
): void {
  mkdirSync(dirname(path), { recursive: true });
  const md = [
    "# Calctra demo report",
    "",
    ...summary(steps),
    "## Every step",
    "",
    "Generated by `npm run demo` on embedded local chains. Cost column: on EVM the receipt's gasUsed; on TON the sum of",
    "compute-phase gas over the step's whole transaction chain (@ton/sandbox); on Solana the compute units the native",
    "host (solana-program-test, programs built for the host, not SBF) reports — indicative only, not SBF figures.",
    "",
    "| # | chain | step | result | gas / CU | ms |",
    "|---|---|---|---|---|---|",
    ...steps.map((s, i) => `| ${i + 1} | ${s.chain} | ${s.step} | ${s.detail.replace(/\|/g, "/")} | ${s.cost ?? ""} | ${s.ms} |`),
    "",
    "## Final balances (EVM home)",
    "",
    "| who | address | CAL |",
    "|---|---|---|",
    ...balances.map(([w, a, b]) => `| ${w} | ${a} | ${fmt(b)} |`),
    "",
    "## Providers",
    "",
    "| provider | staked | locked | completed/failed | score (bps) |",
    "|---|---|---|---|---|",
    ...providers.map((r) => `| ${r.join(" | ")} |`),
    "",
    `Marketplace (universal address): ${marketplace}`,
    "",
  ].join("\n");
  writeFileSync(path, md);
  writeFileSync(
    `${path.replace(/\.md$/, "")}.json`,
    JSON.stringify({ steps, balances, providers }, (_, v) => (typeof v === "bigint" ? v.toString() : v), 2),
  );
}

/** What each part of the story shows, in the order it runs. */
const PARTS: ReadonlyArray<readonly [string, string]> = [
  [
    "evm",
    "providers stake; governance registers verifier 1 and shortens the challenge window; a proved task pays 80/15/5; an abandoned task is slashed; an offer locks mid-ramp; three replicas settle by commit–reveal and the dissenter is slashed; power: an honest agent passes, a tenfold claim is slashed",
  ],
  ["zk", "Groth16 proofs of result (BN254 for EVM and Solana, BLS12-381 for TON)"],
  ["ton", "the same marketplace story on the Tolk contracts, proved over BLS12-381, governed from the hub; the same power story"],
  [
    "solana",
    "the same marketplace story on the Anchor programs (native host), proved over BN254, governed from the hub; the same power story",
  ],
  ["bridge", "CAL moves home → spoke → Solana → TON → home through validators and a relayer; locked == minted after every step"],
  ["governance", "one proposal on the hub, votes from the EVM spoke, Solana and TON, executed on all four chains"],
  ["agents", "two provider agents find, run, prove, seal and submit dense-inference tasks on EVM, Solana and TON by themselves"],
];

/** The report's opening: what happened on each chain, what it cost, and what to try next. */
function summary(steps: readonly DemoStep[]): string[] {
  const unit = (chain: string) => (chain === "solana" ? "CU (native host)" : chain === "ton" ? "TON gas" : "gas");
  const rows = PARTS.map(([chain, what]) => {
    const mine = steps.filter((s) => s.chain === chain);
    const cost = mine.reduce((a, s) => a + (s.cost ?? 0n), 0n);
    const ms = mine.reduce((a, s) => a + s.ms, 0);
    return mine.length === 0
      ? undefined
      : `| ${chain} | ${what} | ${mine.length} | ${cost > 0n ? `${cost.toLocaleString("en-US")} ${unit(chain)}` : "—"} | ${(ms / 1000).toFixed(1)} s |`;
  }).filter((r): r is string => r !== undefined);
  const total = steps.reduce((a, s) => a + s.ms, 0);
  return [
    `${steps.length} steps in ${(total / 1000).toFixed(0)} s, every payout, slash and delivered result checked against the SDK's arithmetic.`,
    "",
    "| part | what happened | steps | cost | time |",
    "|---|---|---|---|---|",
    ...rows,
    "",
    "**Try next:**",
    "- `calctra provider run --config agent/examples/agent.json` — run a provider agent against your own nodes ([docs/agent.md](../docs/agent.md));",
    "- `calctra task quote <id>` and `calctra task create --min … --max … --ramp …` — post an offer ([docs/marketplace.md](../docs/marketplace.md));",
    "- `calctra gov propose …` — one proposal for every chain ([docs/governance.md](../docs/governance.md));",
    "- `npm run bench:evm`, `npm run bench:zk`, `npm run bench:bridge` — the figures behind the costs above.",
    "",
  ];
}

/** Renders the demo's final summary tables for a terminal. */
export function renderSummary(steps: readonly DemoStep[]): string {
  const t = new Table({
    head: ["#", "chain", "step", "gas / CU", "ms"],
    colWidths: [4, 8, 62, 11, 8],
    wordWrap: true,
    style: { head: [], border: [] },
  });
  for (const [i, s] of steps.entries()) t.push([i + 1, s.chain, s.step, s.cost?.toString() ?? "", s.ms]);
  return t.toString();
}
