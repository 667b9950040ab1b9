// Gas of the TON spoke governance message chains (vault + executor + bridge version-2), measured in @ton/sandbox;
// writes the "Spoke governance" section of reports/gas-ton.md.
//   npx tsx contracts-ton/scripts/governance-bench.ts
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Blockchain, internal, type SendMessageResult } from "@ton/sandbox";
import { type Cell, fromNano, toNano } from "@ton/core";
import type { GovernanceAction, UniversalAddress } from "@calctra/core";
import { encodeVerifyingKeyTon, type SnarkjsVerificationKey } from "@calctra/core/zk";
import { CONTRACTS_DIR } from "../wrappers/compile";
import { Executor, execDepositPayload } from "../wrappers/Executor";
import { deployExecutorEnv } from "./executorSandbox";
import { CAL } from "./sandbox";
import { transferWithPayload } from "../tests/fixtures";

const rows: string[] = [];
function record(name: string, res: SendMessageResult, note = "") {
  let gas = 0n;
  let fees = 0n;
  let n = 0;
  for (const t of res.transactions) {
    if (t.inMessage?.info.type !== "internal") continue;
    const d = t.description;
    if (d.type !== "generic" || d.computePhase.type !== "vm") continue;
    if (!d.computePhase.success && !(t.inMessage.info.bounced ?? false)) throw new Error(`${name}: exit ${d.computePhase.exitCode}`);
    gas += d.computePhase.gasUsed;
    fees += t.totalFees.coins;
    n++;
  }
  rows.push(`| ${name} | ${gas} | ${n} | ${fromNano(fees)} | ${note} |`);
}

/** Measures the spoke governance chains and writes their section of reports/gas-ton.md. */
export async function governanceBench() {
  const blockchain = await Blockchain.create();
  blockchain.now = 1_800_000_000;
  const env = await deployExecutorEnv(blockchain);
  const alice = await blockchain.treasury("alice");
  const m = env.inbound(alice.address, 1_000n * CAL);
  await env.deliver(m, env.sign(m), env.relayer);
  const call = (body: Cell, value = toNano("0.5")) =>
    blockchain.sendMessage(internal({ from: alice.address, to: env.exec.address, value, body }));

  record(
    "deposit (CAL transfer + notification)",
    await transferWithPayload(env, alice, env.exec.address, 100n * CAL, execDepositPayload()),
    "wallet chain included",
  );
  const snapshot = blockchain.now + 10;
  record(
    "receive ProposalOpened (relayer → bridge → executor)",
    await env.fromHub({ kind: "ProposalOpened", proposalId: 7n, snapshot: BigInt(snapshot), voteEnd: BigInt(snapshot + 86400) }),
  );
  blockchain.now = snapshot + 1;
  record("vote (CastVote)", await call(Executor.body("ExecCastVote").storeUint(7n, 256).storeUint(1, 8).endCell(), toNano("0.05")));
  record(
    "send tally (executor → bridge SendGovernanceMessage)",
    await call(Executor.body("ExecSendTally").storeUint(7n, 256).endCell(), toNano("0.2")),
  );
  record(
    "receive VoteTally (bridge → a wallet recipient)",
    await env.fromHub({ kind: "VoteTally", proposalId: 7n, againstVotes: 1n, forVotes: 2n, abstainVotes: 3n }, undefined, alice.address),
    "kind carried by the bridge only: spokes send tallies",
  );
  const one: GovernanceAction[] = [{ kind: "setParameter", paramId: 3, value: 7200n }];
  const eight: GovernanceAction[] = [
    ...Array.from({ length: 7 }, (_, i): GovernanceAction => ({ kind: "setParameter", paramId: 3, value: 600n + BigInt(i) })),
    { kind: "pause", target: "marketplace" },
  ];
  record(
    "receive GovernanceActions, 1 action",
    await env.fromHub({ kind: "GovernanceActions", sequence: 1n, proposalId: 7n, actions: one }),
  );
  record(
    "receive GovernanceActions, 8 actions",
    await env.fromHub({ kind: "GovernanceActions", sequence: 2n, proposalId: 7n, actions: eight }),
  );
  blockchain.now += 3600;
  record("execute 1 action (setParameter → marketplace)", await call(Executor.body("ExecExecute").storeUint(1n, 64).endCell()));
  record("execute 8 actions (→ marketplace)", await call(Executor.body("ExecExecute").storeUint(2n, 64).endCell(), toNano("1")));

  // setVerifier: the BLS12-381 result_commitment key staged, then installed by the hub's action
  const { vkey } = JSON.parse(
    readFileSync(join(CONTRACTS_DIR, "..", "..", "test", "vectors", "proofs", "result_commitment.bls12381.json"), "utf-8"),
  ) as { vkey: SnarkjsVerificationKey };
  const vk = encodeVerifyingKeyTon({ vkey });
  record(
    "stage a verifying key (ExecStageVerifier, result_commitment BLS12-381)",
    await call(Executor.body("ExecStageVerifier").storeRef(vk).endCell(), toNano("0.1")),
    "0.02 TON kept for its storage (30 days), the rest returned",
  );
  const verifier = `0x${vk.hash().toString("hex")}` as UniversalAddress;
  record(
    "receive GovernanceActions, setVerifier",
    await env.fromHub({
      kind: "GovernanceActions",
      sequence: 3n,
      proposalId: 7n,
      actions: [{ kind: "setVerifier", verifierId: 1, verifier }],
    }),
  );
  blockchain.now += 3600;
  record("execute setVerifier (→ marketplace RegisterVerifier)", await call(Executor.body("ExecExecute").storeUint(3n, 64).endCell()));

  const section = [
    "<!-- spoke-governance:begin -->",
    "## Spoke governance (vault + executor) and bridge version-2 messages",
    "",
    `Generated by \`npx tsx contracts-ton/scripts/governance-bench.ts\` in @ton/sandbox on ${new Date().toISOString().slice(0, 10)}.`,
    "*chain gas*: compute gas summed over every transaction of the message chain (relayer/voter message, bridge,",
    "executor, targets, bounces); *fees*: total fees of those transactions.",
    "",
    "| message chain | chain gas | txs | fees (TON) | note |",
    "|---|---:|---:|---:|---|",
    ...rows,
    "<!-- spoke-governance:end -->",
  ].join("\n");
  const path = join(resolve(CONTRACTS_DIR, "..", ".."), "reports", "gas-ton.md");
  const report = readFileSync(path, "utf-8");
  const re = /<!-- spoke-governance:begin -->[\s\S]*<!-- spoke-governance:end -->/;
  writeFileSync(path, re.test(report) ? report.replace(re, section) : `${report.trimEnd()}\n\n${section}\n`);
  process.stdout.write(`${section}\n`);
}

// run on its own (`npx tsx contracts-ton/scripts/governance-bench.ts`), or from bench.ts after the main report
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  governanceBench().catch((e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
