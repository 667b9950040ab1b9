/**
 * `calctra deploy` itself: checks that the deployment file and Ignition's journal belong to the chain the node runs
 * (chain id, genesis block hash, code at every recorded address), deploys the suite — and with a role, the chain's
 * bridge — with Ignition in this process, checks that every deployed address holds code and only then writes the
 * deployment file.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createPublicClient, http, type Address, type Hex, type PublicClient } from "viem";
import { CalctraError, universalFromEvm } from "@calctra/core";
import { chainIdentity, withoutCode } from "./check.js";
import { type DeploymentFile, readDeploymentFile, recordedAddresses, writeDeploymentFile } from "./file.js";
import type { DeployTarget } from "./target.js";

/** Options of {@link deployEvm} beyond the target. */
export interface DeployOptions {
  /** Redeploy from scratch: clear Ignition's journal of this deployment and ignore the old file. */
  readonly reset?: boolean;
  /** Ignition parameters file (modules `Calctra`, `BridgeHome`, `BridgeSpoke`). */
  readonly parameters?: string;
  /** Ignition deployment id (default `chain-<chainId>`). */
  readonly deploymentId?: string;
  /** Progress lines (stderr in the CLI). */
  readonly log?: (line: string) => void;
}

/** What {@link deployEvm} did. */
export interface DeployResult {
  readonly file: string;
  readonly deployment: DeploymentFile;
}

/** Beside Ignition's journal: the chain (id and genesis hash) it was written on. */
const CHAIN_FILE = "calctra-chain.json";

/** Ignition's journal of one deployment: its folder, the chain it was written for and the addresses it holds. */
function readJournal(dir: string): { chainId?: number; genesisHash?: string; addresses: [string, Address][]; blocks: number[] } {
  const addressesFile = join(dir, "deployed_addresses.json");
  const addresses = existsSync(addressesFile)
    ? Object.entries(JSON.parse(readFileSync(addressesFile, "utf8")) as Record<string, Address>)
    : [];
  const journal = join(dir, "journal.jsonl");
  let chainId: number | undefined;
  const blocks: number[] = [];
  if (existsSync(journal))
    for (const line of readFileSync(journal, "utf8").split("\n")) {
      if (!line.trim()) continue;
      const entry = JSON.parse(line) as { type?: string; chainId?: number; receipt?: { blockNumber?: number } };
      if (entry.type === "DEPLOYMENT_INITIALIZE") chainId = entry.chainId;
      if (entry.type === "TRANSACTION_CONFIRM" && typeof entry.receipt?.blockNumber === "number") blocks.push(entry.receipt.blockNumber);
    }
  // Ignition records the chain id only; `deploy` adds the genesis hash beside its journal (a restarted node keeps the id).
  const chainFile = join(dir, CHAIN_FILE);
  const genesisHash = existsSync(chainFile)
    ? (JSON.parse(readFileSync(chainFile, "utf8")) as { genesisHash?: string }).genesisHash
    : undefined;
  return { ...(chainId !== undefined ? { chainId } : {}), ...(genesisHash !== undefined ? { genesisHash } : {}), addresses, blocks };
}

const ZERO: Address = "0x0000000000000000000000000000000000000000";
type Suite = Record<string, { address: Address }>;

/**
 * Deploys to `target` (see the module comment); refuses with `DeploymentChainMismatch` when the deployment file or
 * Ignition's journal belongs to another chain (or to a restarted node) unless `reset`, and with
 * `DeploymentCodeMissing` when an address it would record holds no code.
 *
 * @example
 * ```ts
 * const { file, deployment } = await deployEvm(resolveTarget({ rpc: "http://127.0.0.1:8545" }, process.env), { reset: true });
 * ```
 */
export async function deployEvm(target: DeployTarget, options: DeployOptions = {}): Promise<DeployResult> {
  const log = options.log ?? (() => {});
  const client = createPublicClient({ transport: http(target.rpc) }) as PublicClient;
  const chain = await chainIdentity(client);
  if (target.expectedChainId !== undefined && target.expectedChainId !== chain.chainId)
    throw new CalctraError("DeploymentChainMismatch", {
      network: target.name,
      rpc: target.rpc,
      expectedChainId: target.expectedChainId,
      chainId: chain.chainId,
    });

  // 1. The deployment file must describe this chain, or be replaced with --reset.
  const previous = readDeploymentFile(target.deploymentFile);
  if (previous && !options.reset) {
    const found: Record<string, string | number> = {};
    if (previous.chainId !== chain.chainId) Object.assign(found, { recordedChainId: previous.chainId, chainId: chain.chainId });
    if (previous.genesisHash && previous.genesisHash !== chain.genesisHash)
      Object.assign(found, { recordedGenesisHash: previous.genesisHash, genesisHash: chain.genesisHash });
    const missing = await withoutCode(client, recordedAddresses(previous));
    if (missing.length > 0) found.withoutCode = missing.join(" ");
    if (Object.keys(found).length > 0)
      throw new CalctraError("DeploymentChainMismatch", {
        file: target.deploymentFile,
        rpc: target.rpc,
        ...found,
        hint: "the node is not the chain this file was deployed to (restarted?): pass --reset to deploy again",
      });
  }

  // 2. Ignition's journal must belong to this chain too (it only records the chain id, which a restarted node keeps).
  const { default: hre } = await import("hardhat");
  // The journal of the file's deployment (on --reset, the one to clear), when the file is of this chain id.
  const deploymentId =
    options.deploymentId ?? (previous?.chainId === chain.chainId ? previous.ignitionDeploymentId : undefined) ?? `chain-${chain.chainId}`;
  const journalDir = join(hre.config.paths.ignition, "deployments", deploymentId);
  if (options.reset) {
    if (existsSync(journalDir)) log(`--reset: clearing Ignition's journal ${journalDir}`);
    rmSync(journalDir, { recursive: true, force: true });
  } else if (existsSync(journalDir)) {
    const journal = readJournal(journalDir);
    const missing = await withoutCode(client, journal.addresses);
    const otherGenesis = journal.genesisHash !== undefined && journal.genesisHash !== chain.genesisHash;
    if ((journal.chainId !== undefined && journal.chainId !== chain.chainId) || otherGenesis || missing.length > 0)
      throw new CalctraError("DeploymentChainMismatch", {
        journal: journalDir,
        rpc: target.rpc,
        ...(journal.chainId !== undefined ? { journalChainId: journal.chainId } : {}),
        chainId: chain.chainId,
        ...(otherGenesis ? { journalGenesisHash: journal.genesisHash as string, genesisHash: chain.genesisHash } : {}),
        ...(missing.length > 0 ? { withoutCode: missing.join(" ") } : {}),
        hint: "Ignition's journal records contracts this chain does not have (restarted node?): pass --reset to deploy again",
      });
  }

  // 3. Deploy with Ignition through the `rpc` network, its URL and accounts overridden: no network is named in
  //    hardhat.config.ts for this, and Ignition's programmatic deploy never prompts.
  const parameters = options.parameters
    ? (JSON.parse(readFileSync(options.parameters, "utf8")) as Record<string, Record<string, unknown>>)
    : {};
  const connection = await hre.network.create({
    network: "rpc",
    override: { url: target.rpc, accounts: target.privateKey ? [target.privateKey] : "remote" },
  });
  try {
    const [wallet] = await connection.viem.getWalletClients();
    if (!wallet)
      throw new CalctraError("DeploymentInvalidConfig", { rpc: target.rpc, reason: "no signing account: set CALCTRA_PRIVATE_KEY" });
    const deployer = wallet.account.address;
    const ignition = connection.ignition;
    const common = { deploymentId, displayUi: false } as const;
    const role = target.role;
    log(`deploying to ${target.name} (chain ${chain.chainId}, ${role ?? "home"}${role ? " with its bridge" : ""}) as ${deployer}…`);
    const bridgeParams = (module: string): Record<string, unknown> => {
      const given = parameters[module] ?? {};
      const validators = target.validators ?? (given.validators as string[] | undefined);
      if (!validators?.length)
        throw new CalctraError("DeploymentInvalidConfig", {
          role: role ?? "",
          reason: "a bridge needs its validators: --validators 0x…,0x…",
        });
      return { ...given, validators: [...validators], ...(target.threshold !== undefined ? { threshold: target.threshold } : {}) };
    };
    let suite: Suite;
    let bridge: { name: "BridgeVault" | "BridgeMinter"; address: Address } | undefined;
    if (role === "spoke") {
      const { default: BridgeSpokeModule } = await import("../../../contracts-evm/ignition/modules/BridgeSpoke.js");
      const given = bridgeParams("BridgeSpoke");
      let home: { homeDomain: number; homeBridge: Hex } | undefined;
      if (target.homeDeployment) {
        const h = readDeploymentFile(target.homeDeployment);
        if (!h?.bridge)
          throw new CalctraError("DeploymentInvalidConfig", { file: target.homeDeployment, reason: "the home deployment has no bridge" });
        home = { homeDomain: h.chainId, homeBridge: universalFromEvm(h.bridge) as Hex };
      }
      if (!home && given.homeBridge === undefined)
        throw new CalctraError("DeploymentInvalidConfig", { role, reason: "a spoke needs its home: --home-deployment <file>" });
      suite = (await ignition.deploy(BridgeSpokeModule, {
        ...common,
        parameters: { BridgeSpoke: { governance: deployer, ...given, ...home } },
      })) as unknown as Suite;
      bridge = { name: "BridgeMinter", address: suite.minter!.address };
    } else {
      const { default: CalctraModule } = await import("../../../contracts-evm/ignition/modules/Calctra.js");
      suite = (await ignition.deploy(CalctraModule, {
        ...common,
        parameters: { Calctra: { ...parameters.Calctra, home: true } },
      })) as unknown as Suite;
      if (role === "home") {
        const { default: BridgeHomeModule } = await import("../../../contracts-evm/ignition/modules/BridgeHome.js");
        const { vault } = await ignition.deploy(BridgeHomeModule, {
          ...common,
          parameters: {
            BridgeHome: { ...bridgeParams("BridgeHome"), token: suite.token!.address, timelock: suite.timelock!.address },
          },
        });
        bridge = { name: "BridgeVault", address: vault.address };
      }
    }

    // 4. Never record an address without code, nor a deployment without its blocks.
    const contracts: DeploymentFile["contracts"] = {
      CalToken: suite.token!.address,
      CalTimelock: suite.timelock!.address,
      // A spoke has no Governor (DESIGN §7): its deployment names the zero address.
      CalGovernor: suite.governor?.address ?? ZERO,
      Staking: suite.staking!.address,
      Marketplace: suite.marketplace!.address,
      ...(suite.powerRegistry ? { PowerRegistry: suite.powerRegistry.address } : {}),
      ...(bridge ? { [bridge.name]: bridge.address } : {}),
    };
    const deployment: DeploymentFile = {
      network: target.name,
      chainId: chain.chainId,
      genesisHash: chain.genesisHash,
      mode: role ?? "home",
      deployer,
      startBlock: 0,
      block: 0,
      ignitionDeploymentId: deploymentId,
      contracts,
      ...(bridge ? { bridge: bridge.address } : {}),
    };
    const missing = await withoutCode(client, recordedAddresses(deployment));
    if (missing.length > 0)
      throw new CalctraError("DeploymentCodeMissing", {
        rpc: target.rpc,
        chainId: chain.chainId,
        withoutCode: missing.join(" "),
        hint: "Ignition reported contracts this chain does not have: pass --reset to deploy again",
      });
    const blocks = readJournal(journalDir).blocks;
    if (blocks.length === 0 || Math.min(...blocks) < 1)
      throw new CalctraError("DeploymentCodeMissing", { journal: journalDir, reason: "Ignition's journal holds no confirmed transaction" });
    const written: DeploymentFile = { ...deployment, startBlock: Math.min(...blocks), block: Math.max(...blocks) };
    writeFileSync(join(journalDir, CHAIN_FILE), `${JSON.stringify(chain, null, 2)}\n`);
    writeDeploymentFile(target.deploymentFile, written);
    return { file: target.deploymentFile, deployment: written };
  } finally {
    await connection.close();
  }
}
