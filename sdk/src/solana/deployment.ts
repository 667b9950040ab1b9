/**
 * Solana deployment: {@link deploySolana} initializes the production layout on any cluster where the
 * five programs are deployed, and returns a JSON-serialisable {@link SolanaDeployment};
 * {@link parseSolanaDeployment} validates one (zod). Reading and writing `deployments/solana-<network>.json`
 * is Node-only: `readSolanaDeployment` / `writeSolanaDeployment` in `@calctra/sdk/node`.
 */
import type { AnchorProvider } from "@coral-xyz/anchor";
import { PublicKey as PublicKeyClass, type PublicKey, Transaction } from "@solana/web3.js";
import { createAssociatedTokenAccountIdempotentInstruction } from "@solana/spl-token";
import { z } from "zod";
import { universalToBytes } from "@calctra/core";
import { DOMAINS } from "@calctra/core";
import type { UniversalAddress } from "@calctra/core";
import { calTokenAccount, solanaPdas, solanaProgramIds, solanaPrograms, type SolanaProgramIds } from "./programs.js";
import { sendSolana } from "./send.js";
import { toBN } from "./clients.js";

const key = z.string().regex(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/);
const uint = z.string().regex(/^\d+$/);
const schema = z.object({
  chain: z.literal("solana"),
  network: z.string(),
  domain: z.number().int(),
  programIds: z.object({ calToken: key, staking: key, marketplace: key, governance: key, bridge: key }),
  calMint: key,
  pdas: z.object({
    calConfig: key,
    bridgeConfig: key,
    bridgeMintAuthority: key,
    governance: key,
    govVault: key,
    stakingConfig: key,
    stakeVault: key,
    marketplaceConfig: key,
    marketplaceAuthority: key,
    escrow: key,
  }),
  treasury: key,
  roles: z.object({ deployer: key, admin: key, pauser: key, arbiter: key, treasuryOwner: key, bridgePauser: key, bridgeAdmin: key }),
  governance: z.object({
    hubDomain: z.number().int(),
    hubAddress: z.string().regex(/^0x[0-9a-f]{64}$/),
    guardian: key,
    executionDelay: uint,
  }),
  bridge: z.object({
    validators: z.array(z.string().regex(/^0x[0-9a-f]{40}$/)),
    threshold: z.number().int(),
    retentionWindow: z.number().int(),
    remoteDomains: z.array(z.number().int()),
  }),
  deployedAt: z.string(),
});

/**
 * A Calctra deployment on a Solana cluster (base58 keys, integers as decimal strings), as written to
 * `deployments/solana-<network>.json`.
 */
export type SolanaDeployment = z.infer<typeof schema>;

/**
 * The Solana governance vault + executor settings: the hub (EVM home) whose governance address alone opens
 * proposals and sends action lists, the guardian (may veto an action list during its delay; the default pubkey for
 * none until governance appoints one) and the execution delay (parameter 6, seconds, 1 hour to 14 days).
 */
export interface SolanaGovernanceSettings {
  readonly hubDomain: number;
  readonly hubAddress: UniversalAddress;
  readonly guardian?: PublicKey;
  readonly executionDelay?: bigint;
}

/** The default execution delay of received action lists (1 day, CONVENTIONS parameter 6). */
export const SOLANA_DEFAULT_EXECUTION_DELAY = 86_400n;

/** A remote bridge domain enabled at deployment (later changes go through governance). */
export interface SolanaRemoteDomainParameters {
  readonly domain: number;
  /** The remote bridge's universal address. */
  readonly bridge: UniversalAddress;
  readonly inboundCapacity: bigint;
  readonly inboundRatePerSecond: bigint;
  readonly outboundCapacity: bigint;
  readonly outboundRatePerSecond: bigint;
}

/** Parameters of {@link deploySolana}. */
export interface DeploySolanaParameters {
  /** Name of the cluster, e.g. `devnet`, `local`. */
  readonly network: string;
  /** Marketplace pauser (pause only; governance unpauses). */
  readonly pauser: PublicKey;
  /** Dispute arbiter. */
  readonly arbiter: PublicKey;
  /** Owner of the treasury CAL token account (its ATA is created); defaults to the deployer. */
  readonly treasuryOwner?: PublicKey;
  /** Bridge pauser; defaults to `pauser`. */
  readonly bridgePauser?: PublicKey;
  /** Bridge validator set: 20-byte addresses, strictly ascending. */
  readonly validators: readonly `0x${string}`[];
  readonly threshold: number;
  /** Seconds a replaced validator set stays valid (≤ 30 days). */
  readonly retentionWindow: number;
  /** Remote domains to enable (e.g. the EVM home). */
  readonly remoteDomains: readonly SolanaRemoteDomainParameters[];
  /** The hub governance this spoke follows (its vault + executor). */
  readonly governance: SolanaGovernanceSettings;
  /**
   * Who administers the bridge afterwards: the governance PDA (default, production), or `"deployer"` (local
   * worlds that enable routes directly).
   */
  readonly bridgeAdmin?: "governance" | "deployer";
}

const bn = toBN;

/**
 * Initializes the production layout, paid and signed by the provider's wallet (the deployer):
 * cal_token (the CAL mint PDA), the bridge (validator set, threshold, remote domains), the CAL mint
 * authority handed to the bridge, governance (hub, guardian, execution delay, vault), the bridge's admin handed to the
 * governance PDA, the treasury token account, staking and the marketplace with admin = the governance
 * PDA. After it the deployer holds no privilege: every parameter changes through governance.
 *
 * @example
 * ```ts
 * const deployment = await deploySolana(provider, { network: "devnet", pauser, arbiter,
 *   validators, threshold: 2, retentionWindow: 86_400, remoteDomains: [home],
 *   governance: { hubDomain: 1, hubAddress: universalFromEvm(hubGovernor), guardian } });
 * writeSolanaDeployment({ deployment }); // @calctra/sdk/node
 * ```
 */
export async function deploySolana(provider: AnchorProvider, parameters: DeploySolanaParameters): Promise<SolanaDeployment> {
  const ids = solanaProgramIds();
  const pdas = solanaPdas(ids);
  const programs = solanaPrograms(provider);
  const deployer = provider.wallet.publicKey;
  const gov = parameters.governance;
  const guardian = gov.guardian ?? PublicKeyClass.default;
  const executionDelay = gov.executionDelay ?? SOLANA_DEFAULT_EXECUTION_DELAY;
  const treasuryOwner = parameters.treasuryOwner ?? deployer;
  const bridgePauser = parameters.bridgePauser ?? parameters.pauser;
  const validators = parameters.validators.map((v) => {
    if (!/^0x[0-9a-fA-F]{40}$/.test(v)) throw new RangeError(`validator is not a 20-byte address: ${v}`);
    return Array.from(Buffer.from(v.slice(2), "hex"));
  });
  const run = (what: string, send: () => Promise<string>) => sendSolana({ connection: provider.connection, send, context: what });

  await run("cal_token.initialize", () =>
    programs.calToken.methods
      .initialize()
      .accountsPartial({ admin: deployer, config: pdas.calConfig, mintAuthority: pdas.calMintAuthority, mint: pdas.calMint })
      .rpc(),
  );
  await run("bridge.initialize", () =>
    programs.bridge.methods
      .initialize({
        admin: deployer,
        pauser: bridgePauser,
        validators,
        threshold: parameters.threshold,
        retentionWindow: parameters.retentionWindow,
      })
      .accountsPartial({
        payer: deployer,
        calConfig: pdas.calConfig,
        config: pdas.bridgeConfig,
        mintAuthority: pdas.bridgeMintAuthority,
        calMint: pdas.calMint,
      })
      .rpc(),
  );
  await run("cal_token.hand_over_mint_authority", () =>
    programs.calToken.methods
      .handOverMintAuthority(ids.bridge)
      .accountsPartial({ admin: deployer, config: pdas.calConfig, mintAuthority: pdas.calMintAuthority, mint: pdas.calMint })
      .rpc(),
  );
  for (const r of parameters.remoteDomains) {
    await run(`bridge.set_remote_domain(${r.domain})`, () =>
      programs.bridge.methods
        .setRemoteDomain(r.domain, {
          bridge: Array.from(universalToBytes(r.bridge)),
          inboundCapacity: bn(r.inboundCapacity),
          inboundRatePerSecond: bn(r.inboundRatePerSecond),
          outboundCapacity: bn(r.outboundCapacity),
          outboundRatePerSecond: bn(r.outboundRatePerSecond),
        })
        .accountsPartial({ admin: deployer, payer: deployer, config: pdas.bridgeConfig, remote: pdas.remoteDomain(r.domain) })
        .rpc(),
    );
  }
  await run("governance.initialize", () =>
    programs.governance.methods
      .initialize({
        hubDomain: gov.hubDomain,
        hubAddress: Array.from(universalToBytes(gov.hubAddress)),
        guardian,
        executionDelay: bn(executionDelay),
      })
      .accountsPartial({ payer: deployer, calConfig: pdas.calConfig, config: pdas.governance, calMint: pdas.calMint, vault: pdas.govVault })
      .rpc(),
  );
  const bridgeAdmin = parameters.bridgeAdmin === "deployer" ? deployer : pdas.governance;
  if (parameters.bridgeAdmin !== "deployer") {
    await run("bridge.set_roles", () =>
      programs.bridge.methods.setRoles(pdas.governance, bridgePauser).accountsPartial({ admin: deployer, config: pdas.bridgeConfig }).rpc(),
    );
  }
  const treasury = calTokenAccount({ mint: pdas.calMint, owner: treasuryOwner });
  await run("treasury token account", () =>
    provider.sendAndConfirm(
      new Transaction().add(createAssociatedTokenAccountIdempotentInstruction(deployer, treasury, treasuryOwner, pdas.calMint)),
    ),
  );
  await run("staking.initialize", () =>
    programs.staking.methods
      .initialize(pdas.governance, ids.marketplace)
      .accountsPartial({ payer: deployer, config: pdas.stakingConfig, calMint: pdas.calMint, vault: pdas.stakeVault })
      .rpc(),
  );
  await run("marketplace.initialize", () =>
    programs.marketplace.methods
      .initialize(pdas.governance, parameters.pauser, parameters.arbiter)
      .accountsPartial({
        payer: deployer,
        config: pdas.marketplaceConfig,
        authority: pdas.marketplaceAuthority,
        calMint: pdas.calMint,
        escrow: pdas.escrow,
        treasury,
      })
      .rpc(),
  );

  const b58 = (k: PublicKey) => k.toBase58();
  const idsJson = (i: SolanaProgramIds) => ({
    calToken: b58(i.calToken),
    staking: b58(i.staking),
    marketplace: b58(i.marketplace),
    governance: b58(i.governance),
    bridge: b58(i.bridge),
  });
  return parseSolanaDeployment({
    chain: "solana",
    network: parameters.network,
    domain: DOMAINS.solana,
    programIds: idsJson(ids),
    calMint: b58(pdas.calMint),
    pdas: {
      calConfig: b58(pdas.calConfig),
      bridgeConfig: b58(pdas.bridgeConfig),
      bridgeMintAuthority: b58(pdas.bridgeMintAuthority),
      governance: b58(pdas.governance),
      govVault: b58(pdas.govVault),
      stakingConfig: b58(pdas.stakingConfig),
      stakeVault: b58(pdas.stakeVault),
      marketplaceConfig: b58(pdas.marketplaceConfig),
      marketplaceAuthority: b58(pdas.marketplaceAuthority),
      escrow: b58(pdas.escrow),
    },
    treasury: b58(treasury),
    roles: {
      deployer: b58(deployer),
      admin: b58(pdas.governance),
      pauser: b58(parameters.pauser),
      arbiter: b58(parameters.arbiter),
      treasuryOwner: b58(treasuryOwner),
      bridgePauser: b58(bridgePauser),
      bridgeAdmin: b58(bridgeAdmin),
    },
    governance: {
      hubDomain: gov.hubDomain,
      hubAddress: gov.hubAddress.toLowerCase(),
      guardian: b58(guardian),
      executionDelay: executionDelay.toString(),
    },
    bridge: {
      validators: parameters.validators.map((v) => v.toLowerCase()),
      threshold: parameters.threshold,
      retentionWindow: parameters.retentionWindow,
      remoteDomains: parameters.remoteDomains.map((r) => r.domain),
    },
    deployedAt: new Date().toISOString(),
  });
}

/**
 * Validates a deployment object; throws when the program ids differ from the ones the SDK's IDLs
 * (and the programs' `declare_id!`) carry.
 *
 * @example
 * ```ts
 * const deployment = parseSolanaDeployment(JSON.parse(text));
 * ```
 */
export function parseSolanaDeployment(value: unknown): SolanaDeployment {
  const d = schema.parse(value);
  const ids = solanaProgramIds();
  for (const [name, id] of Object.entries(ids) as [keyof SolanaProgramIds, PublicKey][]) {
    if (d.programIds[name] !== id.toBase58())
      throw new RangeError(`deployment ${name} program ${d.programIds[name]} is not the SDK's ${id.toBase58()}`);
  }
  return d;
}
