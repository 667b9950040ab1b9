/**
 * Deploys the EVM suite with the Ignition module and writes `deployments/<network>.json`
 * (addresses, chain id, blocks, deployer, mode) for the SDK.
 *
 *   npx hardhat run contracts-evm/scripts/deploy.ts --network <name>
 *   CALCTRA_MODE=spoke npx hardhat run contracts-evm/scripts/deploy.ts --network <name>
 *   CALCTRA_PARAMS=path/to/params.json  (Ignition parameters file, module "Calctra", optional)
 *   CALCTRA_RPC_URL=http://host:port    (the `rpc` network of hardhat.config.ts: any JSON-RPC node)
 *   CALCTRA_DEPLOYMENT_ID=<id>          (Ignition deployment id; default chain-<chainId>)
 *   CALCTRA_DEPLOYMENT_FILE=<path>      (default deployments/<network>.json)
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { network } from "hardhat";
import CalctraModule from "../ignition/modules/Calctra.js";

const mode = process.env.CALCTRA_MODE === "spoke" ? "spoke" : "home";
const extra = process.env.CALCTRA_PARAMS
  ? (JSON.parse(readFileSync(process.env.CALCTRA_PARAMS, "utf8")) as { Calctra?: Record<string, unknown> }).Calctra
  : {};

const connection = await network.create();
const { ignition, viem, networkName } = connection;
const publicClient = await viem.getPublicClient();
const [deployer] = await viem.getWalletClients();
const startBlock = await publicClient.getBlockNumber();

const suite = await ignition.deploy(CalctraModule, {
  parameters: { Calctra: { ...extra, home: mode === "home" } },
  displayUi: false,
  ...(process.env.CALCTRA_DEPLOYMENT_ID ? { deploymentId: process.env.CALCTRA_DEPLOYMENT_ID } : {}),
});

const deployment = {
  network: networkName,
  chainId: await publicClient.getChainId(),
  mode,
  deployer: deployer.account.address,
  startBlock: Number(startBlock) + 1,
  block: Number(await publicClient.getBlockNumber()),
  contracts: {
    CalToken: suite.token.address,
    CalTimelock: suite.timelock.address,
    CalGovernor: suite.governor.address,
    Staking: suite.staking.address,
    Marketplace: suite.marketplace.address,
  },
};
const file = process.env.CALCTRA_DEPLOYMENT_FILE ?? `deployments/${networkName}.json`;
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, `${JSON.stringify(deployment, null, 2)}\n`);
process.stdout.write(`wrote ${file}\n${JSON.stringify(deployment, null, 2)}\n`);
