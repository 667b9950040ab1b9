// A dApp outside the Calctra repo: plain Node ESM, no TypeScript loader, the packages installed from their tarballs.
// Usage: node consumer.mjs <rpc-url> <deployment.json>; prints one JSON line with what it saw.
import { readFileSync } from "node:fs";
import { createPublicClient, createWalletClient, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { CAL, TaskStatus, taskStatusName } from "@calctra/core";
import { EvmMarketplaceClient, EvmStakingClient, EvmTokenClient } from "@calctra/sdk/evm";

const [rpcUrl, deploymentFile] = process.argv.slice(2);
const deployment = JSON.parse(readFileSync(deploymentFile, "utf8"));
const transport = http(rpcUrl);
const publicClient = createPublicClient({ chain: hardhat, transport });
// The well-known development keys of `hardhat node` (accounts #0 deployer and CAL holder, #1 user, #2 provider).
const keys = [
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
];
const [holder, user, provider] = keys.map((k) => createWalletClient({ chain: hardhat, transport, account: privateKeyToAccount(k) }));
const base = { publicClient, deployment };

const token = new EvmTokenClient({ ...base, walletClient: holder });
await token.transfer({ to: user.account.address, amount: 500n * CAL });
await token.transfer({ to: provider.account.address, amount: 500n * CAL });

const staking = new EvmStakingClient({ ...base, walletClient: provider });
await staking.register({ metadataHash: `0x${"ab".repeat(32)}` });
await staking.stake({ amount: 200n * CAL });
const info = await staking.getProvider({ provider: provider.account.address });

const market = new EvmMarketplaceClient({ ...base, walletClient: user });
const now = (await publicClient.getBlock()).timestamp;
const { taskId } = await market.createTask({
  specHash: 42n,
  reward: 100n * CAL,
  collateral: 50n * CAL,
  deadline: now + 3600n,
  verifierId: 0,
  minReputationBps: 0,
});
const task = await market.getTask({ taskId });
const prepared = await market.prepareCancelTask({ taskId });
const nonceAfterPrepare = await publicClient.getTransactionCount({ address: user.account.address });

console.log(
  JSON.stringify({
    staked: String(info.staked),
    registered: info.registered,
    taskId: String(taskId),
    status: task.status,
    statusName: taskStatusName(task.status),
    isOpen: task.status === TaskStatus.Open,
    reward: String(task.reward),
    prepared: JSON.parse(JSON.stringify(prepared, (_, v) => (typeof v === "bigint" ? String(v) : v))),
    userNonce: nonceAfterPrepare,
  }),
);
