// Deploys the whole TON stack into @ton/sandbox in the production shape (the spoke executor administers staking, the
// marketplace and the bridge; the bridge is the CAL minter's admin; the dev validators 2-of-3) and writes
// deployments/ton-sandbox.json (`governance` names the executor).
//   npx tsx contracts-ton/scripts/deploySandbox.ts
import { Blockchain } from "@ton/sandbox";
import { deployGovernedBridgeEnv } from "./bridgeSandbox";
import { bridgeEntry, fmt, writeDeployment } from "./deployment-file";

async function main() {
  const blockchain = await Blockchain.create();
  const env = await deployGovernedBridgeEnv(blockchain);
  const jw = async (a: Parameters<typeof env.minter.getWalletAddress>[0]) => fmt(await env.minter.getWalletAddress(a));
  const file = writeDeployment("sandbox", {
    contracts: {
      calJettonMinter: fmt(env.minter.address),
      staking: fmt(env.staking.address),
      marketplace: fmt(env.marketplace.address),
      governance: fmt(env.executor.address),
    },
    jettonWallets: {
      staking: await jw(env.staking.address),
      marketplace: await jw(env.marketplace.address),
      governance: await jw(env.executor.address),
    },
    roles: {
      deployer: fmt(env.deployer.address),
      pauser: fmt(env.pauser.address),
      arbiter: fmt(env.arbiter.address),
      treasury: fmt(env.treasury.address),
      admin: fmt(env.executor.address),
    },
    codeHashes: Object.fromEntries(Object.entries(env.codes).map(([k, c]) => [k, c.hash().toString("hex")])),
    bridge: bridgeEntry(env.bridge.address, env.bridgeWallet, env.executor.address),
  });
  console.log(`written ${file}`);
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
