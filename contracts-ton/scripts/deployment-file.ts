// deployments/ton-<network>.json: the addresses the SDK's TON adapters read (nothing hard-coded). `governance` (the
// contract and its jetton wallet) is the spoke executor (contracts/executor: vault + executor of the hub's decisions).
import type { Address } from "@ton/core";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CONTRACTS_DIR } from "../wrappers/compile";

export const TON_DOMAIN = 0x544f4e00; // CONVENTIONS.md

export type TonDeployment = {
  chain: "ton";
  network: string;
  domain: number;
  contracts: { calJettonMinter: string; staking: string; marketplace: string; governance: string };
  jettonWallets: { staking: string; marketplace: string; governance: string };
  roles: { deployer: string; pauser: string; arbiter: string; treasury: string; admin: string };
  codeHashes: Record<string, string>;
  /** the TON bridge administered by the executor (optional in the schema: files written before the bridge stay valid) */
  bridge?: TonBridgeDeployment;
  deployedAt: string;
};

export type TonBridgeDeployment = {
  address: string; // the bridge contract (admin of the CAL minter)
  jettonWallet: string; // the bridge's CAL wallet
  universalAddress: string; // 0x + 64 hex: the account id validators sign for (dstBridge)
  admin: string; // the executor (contracts.governance) once it has claimed the role
};

/** The `bridge` entry of a deployment file. */
export function bridgeEntry(bridge: Address, jettonWallet: Address, admin: Address): TonBridgeDeployment {
  return { address: fmt(bridge), jettonWallet: fmt(jettonWallet), universalAddress: `0x${bridge.hash.toString("hex")}`, admin: fmt(admin) };
}

export function writeDeployment(network: string, d: Omit<TonDeployment, "chain" | "network" | "domain" | "deployedAt">): string {
  const file = join(CONTRACTS_DIR, "..", "..", "deployments", `ton-${network}.json`);
  mkdirSync(join(file, ".."), { recursive: true });
  const full: TonDeployment = { chain: "ton", network, domain: TON_DOMAIN, ...d, deployedAt: new Date().toISOString() };
  writeFileSync(file, `${JSON.stringify(full, null, 2)}\n`);
  return file;
}

export const fmt = (a: Address) => a.toString({ bounceable: true, testOnly: false });
