// Deploys the whole TON stack into @ton/sandbox (governance as admin) and writes deployments/ton-sandbox.json.
//   npx tsx contracts-ton/scripts/deploySandbox.ts            (without the bridge, as before)
//   npx tsx contracts-ton/scripts/deploySandbox.ts --bridge   (plus the bridge, claimed by governance; `bridge` entry)
import { Blockchain } from "@ton/sandbox";
import { deployCalctra, deployCalctraWithBridge } from "./sandbox";
import { bridgeEntry, fmt, writeDeployment } from "./deployment-file";

async function main() {
  const blockchain = await Blockchain.create();
  const withBridge = process.argv.includes("--bridge");
  const bridged = withBridge ? await deployCalctraWithBridge(blockchain) : null;
  const env = bridged ?? (await deployCalctra(blockchain, { handOver: true }));
  const jw = async (a: Parameters<typeof env.minter.getWalletAddress>[0]) => fmt(await env.minter.getWalletAddress(a));
  const file = writeDeployment("sandbox", {
    contracts: {
      calJettonMinter: fmt(env.minter.address),
      staking: fmt(env.staking.address),
      marketplace: fmt(env.marketplace.address),
      governance: fmt(env.governance.address),
    },
    jettonWallets: {
      staking: await jw(env.staking.address),
      marketplace: await jw(env.marketplace.address),
      governance: await jw(env.governance.address),
    },
    roles: {
      deployer: fmt(env.deployer.address),
      pauser: fmt(env.pauser.address),
      arbiter: fmt(env.arbiter.address),
      treasury: fmt(env.treasury.address),
      admin: fmt(env.governance.address),
    },
    codeHashes: Object.fromEntries(Object.entries(env.codes).map(([k, c]) => [k, c.hash().toString("hex")])),
    ...(bridged ? { bridge: bridgeEntry(bridged.bridge.address, bridged.bridgeWallet, bridged.governance.address) } : {}),
  });
  console.log(`written ${file}`);
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
