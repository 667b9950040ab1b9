/**
 * Deploys the EVM suite with the Ignition module and writes `deployments/<network>.json`
 * (addresses, chain id, blocks, deployer, mode) for the SDK.
 *
 *   npx hardhat run contracts-evm/scripts/deploy.ts --network <name>
 *   CALCTRA_MODE=spoke npx hardhat run contracts-evm/scripts/deploy.ts --network <name>
 *   CALCTRA_PARAMS=path/to/params.json  (Ignition parameters file: module "Calctra" for a home, optional; module
 *                                        "BridgeSpoke" for a spoke, required: `validators`, `homeBridge`, ...)
 *
 * A spoke is the "BridgeSpoke" module: CAL as a CalSpokeToken (no votes), its BridgeMinter, staking and marketplace,
 * administered by the spoke's timelock; a spoke has no Governor (DESIGN §7), so its deployment names the zero address.
 *   CALCTRA_RPC_URL=http://host:port    (the `rpc` network of hardhat.config.ts: any JSON-RPC node)
 *   CALCTRA_DEPLOYMENT_ID=<id>          (Ignition deployment id; default chain-<chainId>)
 *   CALCTRA_DEPLOYMENT_FILE=<path>      (default deployments/<network>.json)
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { network } from "hardhat";
import CalctraModule from "../ignition/modules/Calctra.js";
import { BridgeSpokeModule } from "../ignition/modules/Bridge.js";

const mode = process.env.CALCTRA_MODE === "spoke" ? "spoke" : "home";
const params = process.env.CALCTRA_PARAMS
  ? (JSON.parse(readFileSync(process.env.CALCTRA_PARAMS, "utf8")) as {
      Calctra?: Record<string, unknown>;
      BridgeSpoke?: Record<string, unknown>;
    })
  : {};

const connection = await network.create();
const { ignition, viem, networkName } = connection;
const publicClient = await viem.getPublicClient();
const [deployer] = await viem.getWalletClients();
const startBlock = await publicClient.getBlockNumber();

const deploymentId = process.env.CALCTRA_DEPLOYMENT_ID ? { deploymentId: process.env.CALCTRA_DEPLOYMENT_ID } : {};
const suite: {
  token: { address: string };
  timelock: { address: string };
  governor?: { address: string };
  staking: { address: string };
  marketplace: { address: string };
  minter?: { address: string };
} =
  mode === "spoke"
    ? await ignition.deploy(BridgeSpokeModule, {
        parameters: {
          BridgeSpoke: {
            ...params.BridgeSpoke,
            governance: (params.BridgeSpoke?.governance as string | undefined) ?? deployer.account.address,
          },
        },
        displayUi: false,
        ...deploymentId,
      })
    : await ignition.deploy(CalctraModule, {
        parameters: { Calctra: { ...params.Calctra, home: true } },
        displayUi: false,
        ...deploymentId,
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
    CalGovernor: suite.governor?.address ?? "0x0000000000000000000000000000000000000000",
    Staking: suite.staking.address,
    Marketplace: suite.marketplace.address,
    // The power registry (DESIGN §11) comes with the home suite; the bridge spoke module has none yet.
    ...("powerRegistry" in suite ? { PowerRegistry: (suite.powerRegistry as { address: `0x${string}` }).address } : {}),
  },
  ...(suite.minter ? { bridge: suite.minter.address } : {}),
};
const file = process.env.CALCTRA_DEPLOYMENT_FILE ?? `deployments/${networkName}.json`;
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, `${JSON.stringify(deployment, null, 2)}\n`);
process.stdout.write(`wrote ${file}\n${JSON.stringify(deployment, null, 2)}\n`);
