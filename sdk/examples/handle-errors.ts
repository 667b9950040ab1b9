// Every failure, from the SDK's own checks or from the chain, is a CalctraError with the same name on every chain.
import { CAL, CalctraError } from "@calctra/core";
import { EvmMarketplaceClient } from "@calctra/sdk/evm";
import { startLocalEvm } from "@calctra/devnet/evm";

const evm = await startLocalEvm();
const market = new EvmMarketplaceClient({ publicClient: evm.publicClient, walletClient: evm.wallets[0]!, deployment: evm.deployment });

try {
  await market.acceptTask({ taskId: 77n }); // no such task: the chain reverts
} catch (e) {
  if (!(e instanceof CalctraError)) throw e;
  console.log(`${e.chain}: ${e.name}`, e.args); // evm: MarketplaceTaskNotFound { taskId: 77n }
}

try {
  await market.createTask({ specHash: 1n, reward: 0n * CAL, collateral: 0n, deadline: 0n, verifierId: 0, minReputationBps: 0 });
} catch (e) {
  if (!(e instanceof CalctraError)) throw e;
  console.log(`${e.chain}: ${e.name}`); // sdk: MarketplaceZeroReward — refused before anything is sent
}
