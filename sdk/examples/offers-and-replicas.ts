// An offer whose price ramps from 10 to 30 CAL, run on two providers by commit–reveal — on an embedded chain.
import { randomBytes } from "node:crypto";
import { CAL, formatCal, replicaCommit, taskStatusName, universalFromEvm } from "@calctra/core";
import { EvmMarketplaceClient, EvmStakingClient, EvmTokenClient } from "@calctra/sdk/evm";
import { startLocalEvm } from "@calctra/devnet/evm";

const evm = await startLocalEvm();
const [holder, user, ...providers] = evm.wallets.slice(0, 4);
const base = { publicClient: evm.publicClient, deployment: evm.deployment };
const market = (w: (typeof evm.wallets)[number]) => new EvmMarketplaceClient({ ...base, walletClient: w });

const token = new EvmTokenClient({ ...base, walletClient: holder! });
for (const w of [user!, ...providers]) await token.transfer({ to: w.account.address, amount: 500n * CAL });
for (const [i, w] of providers.entries()) {
  const staking = new EvmStakingClient({ ...base, walletClient: w });
  await staking.register({ metadataHash: `0x${String(i + 1).padStart(64, "0")}` });
  await staking.stake({ amount: 200n * CAL });
}

// The escrow takes the maximum; the price ramps over 10 minutes; two replicas must agree.
const now = (await evm.publicClient.getBlock()).timestamp;
const { taskId } = await market(user!).createTask({
  specHash: 42n,
  reward: 30n * CAL,
  collateral: 20n * CAL,
  deadline: now + 3600n,
  verifierId: 0,
  minReputationBps: 0,
  offer: { minReward: 10n * CAL, rampStart: now, rampDuration: 600n, lockDeadline: now + 1800n, replicas: 2 },
});

await evm.increaseTime(300n);
const quote = await market(providers[0]!).quoteTask({ taskId });
console.log(`price now: ${formatCal(quote.price)} CAL`);

// Each replica commits keccak256(resultHash | salt | itself), so nobody can copy another's commit.
const resultHash = `0x${"ab".repeat(32)}` as const;
const salts = providers.map(() => `0x${randomBytes(32).toString("hex")}` as const);
for (const [i, w] of providers.entries()) {
  await market(w).acceptTask({ taskId });
  await market(w).commitResult({ taskId, commit: replicaCommit(resultHash, salts[i]!, universalFromEvm(w.account.address)) });
}
for (const [i, w] of providers.entries()) await market(w).revealResult({ taskId, resultHash, salt: salts[i]! });
await market(user!).settle({ taskId });

const task = await market(user!).getTask({ taskId });
const replicas = await market(user!).getReplicas({ taskId });
console.log(`task ${taskId}: ${taskStatusName(task.status)}; locked ${replicas.map((r) => formatCal(r.price)).join(" and ")} CAL`);
if (taskStatusName(task.status) !== "Completed") process.exit(1);
