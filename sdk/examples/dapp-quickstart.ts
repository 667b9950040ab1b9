// A dApp posts a task, a provider takes it, and the dApp follows its status — on an embedded chain.
import { CAL, TaskStatus, taskStatusName } from "@calctra/core";
import { EvmMarketplaceClient, EvmStakingClient, EvmTokenClient } from "@calctra/sdk/evm";
import { startLocalEvm } from "@calctra/devnet/evm";

const evm = await startLocalEvm(); // or your own viem clients + deployments/<network>.json
const [holder, user, provider] = evm.wallets;
const base = { publicClient: evm.publicClient, deployment: evm.deployment };

const token = new EvmTokenClient({ ...base, walletClient: holder! });
await token.transfer({ to: user!.account.address, amount: 500n * CAL });
await token.transfer({ to: provider!.account.address, amount: 500n * CAL });

// The provider registers a hash of its hardware spec and stakes (stake() approves for you).
const staking = new EvmStakingClient({ ...base, walletClient: provider! });
await staking.register({ metadataHash: `0x${"ab".repeat(32)}` });
await staking.stake({ amount: 200n * CAL });

// The user posts an optimistic task (verifierId 0); the reward moves into escrow.
const market = new EvmMarketplaceClient({ ...base, walletClient: user! });
const now = (await evm.publicClient.getBlock()).timestamp;
const { taskId } = await market.createTask({
  specHash: 42n,
  reward: 100n * CAL,
  collateral: 50n * CAL,
  deadline: now + 3600n,
  verifierId: 0,
  minReputationBps: 0,
});

await new EvmMarketplaceClient({ ...base, walletClient: provider! }).acceptTask({ taskId });
const task = await market.getTask({ taskId });
console.log(`task ${task.id}: ${taskStatusName(task.status)}, provider ${task.provider}`);
if (task.status !== TaskStatus.Assigned) process.exit(1);
