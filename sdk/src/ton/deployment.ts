/**
 * TON deployment files: `deployments/ton-<network>.json`, written by contracts-ton/scripts
 * (deployCalctra.ts, deploySandbox.ts). The shape mirrors contracts-ton/scripts/deployment-file.ts
 * (`TonDeployment`) and is checked with zod when read, so a drifting file fails loudly. Reading the file from disk
 * is Node-only: `loadTonDeployment` of `@calctra/sdk/node`.
 */
import { z } from "zod";

const schema = z.object({
  chain: z.literal("ton"),
  network: z.string(),
  domain: z.number().int(),
  contracts: z.object({ calJettonMinter: z.string(), staking: z.string(), marketplace: z.string(), governance: z.string() }),
  jettonWallets: z.object({ staking: z.string(), marketplace: z.string(), governance: z.string() }),
  roles: z.object({ deployer: z.string(), pauser: z.string(), arbiter: z.string(), treasury: z.string(), admin: z.string() }),
  codeHashes: z.record(z.string()),
  bridge: z
    .object({
      address: z.string(),
      jettonWallet: z.string(),
      universalAddress: z.string().regex(/^0x[0-9a-fA-F]{64}$/),
      admin: z.string(),
    })
    .optional(),
  executor: z.string().optional(),
  deployedAt: z.string(),
});

/** The `bridge` entry of a TON deployment file (contracts-ton/scripts/bridgeDeploy.ts), absent before the bridge is deployed. */
export interface TonBridgeDeployment {
  /** The bridge contract (admin of the CAL minter). */
  readonly address: string;
  /** The bridge's CAL jetton wallet. */
  readonly jettonWallet: string;
  /** 0x + 64 hex: the account id validators sign for (`dstBridge`). */
  readonly universalAddress: string;
  /** The bridge's admin (governance once it has claimed the role). */
  readonly admin: string;
}

/** Addresses of a deployed TON stack (user-friendly address strings). */
export interface TonDeployment {
  readonly chain: "ton";
  readonly network: string;
  /** Bridge domain of TON (0x544F4E00). */
  readonly domain: number;
  readonly contracts: {
    readonly calJettonMinter: string;
    readonly staking: string;
    readonly marketplace: string;
    readonly governance: string;
  };
  readonly jettonWallets: { readonly staking: string; readonly marketplace: string; readonly governance: string };
  readonly roles: {
    readonly deployer: string;
    readonly pauser: string;
    readonly arbiter: string;
    readonly treasury: string;
    readonly admin: string;
  };
  readonly codeHashes: Readonly<Record<string, string>>;
  /** The TON bridge, when the deployment has one (optional: files written before the bridge stay valid). */
  readonly bridge?: TonBridgeDeployment;
  /**
   * The spoke governance executor (vault + executor of DESIGN §7), when the deployment has one: `TonSpokeGovernanceClient`
   * talks to it. Absent: the deployment's governance is the older `governance` contract (`TonGovernanceClient`).
   */
  readonly executor?: string;
  readonly deployedAt: string;
}

/**
 * Validates a deployment object (e.g. one built in memory by `startLocalTon`).
 *
 * @example
 * ```ts
 * const deployment = parseTonDeployment(JSON.parse(text));
 * ```
 */
export function parseTonDeployment(value: unknown): TonDeployment {
  const { bridge, executor, ...rest } = schema.parse(value);
  return { ...rest, ...(bridge === undefined ? {} : { bridge }), ...(executor === undefined ? {} : { executor }) };
}
