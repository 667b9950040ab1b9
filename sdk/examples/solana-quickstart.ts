// The same dApp flow on Solana: the clients implement the same interfaces, errors carry the same names.
import { CAL, CalctraError, taskStatusName } from "@calctra/core";
import { SolanaMarketplaceClient, SolanaStakingClient } from "@calctra/sdk/solana";
import { startLocalSolana } from "@calctra/devnet/solana";

// The Anchor programs in the native host; against a cluster, use { provider: new AnchorProvider(...),
// deployment: readSolanaDeployment({ network: "devnet" }) } (from @calctra/sdk/node) instead of `wallet.params`.
const sol = await startLocalSolana();
const user = await sol.newWallet({ cal: 500n * CAL }); // CAL arrives through a (local) bridge message
const provider = await sol.newWallet({ cal: 500n * CAL });

const staking = new SolanaStakingClient(provider.params);
await staking.register({ metadataHash: `0x${"ab".repeat(32)}` });
await staking.stake({ amount: 200n * CAL });

const market = new SolanaMarketplaceClient(user.params);
const { taskId } = await market.createTask({
  specHash: 42n,
  reward: 100n * CAL,
  collateral: 50n * CAL,
  deadline: (await sol.now()) + 3600n,
  verifierId: 0,
  minReputationBps: 0,
});
const providerMarket = new SolanaMarketplaceClient(provider.params);
await providerMarket.acceptTask({ taskId });
console.log(`task ${taskId}: ${taskStatusName((await market.getTask({ taskId })).status)}`);

try {
  await providerMarket.acceptTask({ taskId }); // already taken: the program refuses
} catch (e) {
  if (!(e instanceof CalctraError)) throw e;
  console.log(`${e.chain}: ${e.name}`); // solana: MarketplaceTaskNotOpen
}
sol.close();
