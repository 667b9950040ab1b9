/**
 * Solana deployment: {@link deploySolana} initializes the production layout on any cluster where the
 * five programs are deployed, and returns a JSON-serialisable {@link SolanaDeployment};
 * {@link parseSolanaDeployment} validates one (zod). Reading and writing `deployments/solana-<network>.json`
 * is Node-only: `readSolanaDeployment` / `writeSolanaDeployment` in `@calctra/sdk/node`.
 */
import type { AnchorProvider } from "@coral-xyz/anchor";
import { type PublicKey, Transaction } from "@solana/web3.js";
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
  roles: z.object({ deployer: key, admin: key, pauser: key, arbiter: key, treasuryOwner: key, bridgePauser: key }),
  governanceParams: z.object({
    votingDelay: uint,
    votingPeriod: uint,
    timelockDelay: uint,
    gracePeriod: uint,
    quorumVotes: uint,
    proposalThreshold: uint,
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

/** Governance parameters (seconds; CAL base units). */
export interface SolanaGovernanceParams {
  readonly votingDelay: bigint;
  readonly votingPeriod: bigint;
  readonly timelockDelay: bigint;
  readonly gracePeriod: bigint;
  /** For + Abstain votes needed. */
  readonly quorumVotes: bigint;
  /** Locked CAL needed to propose. */
  readonly proposalThreshold: bigint;
}

/** Production governance defaults (programs-solana governance constants). */
export const SOLANA_GOVERNANCE_DEFAULTS: SolanaGovernanceParams = {
  votingDelay: 86_400n,
  votingPeriod: 7n * 86_400n,
  timelockDelay: 2n * 86_400n,
  gracePeriod: 14n * 86_400n,
  quorumVotes: 4_000_000n * 1_000_000_000n,
  proposalThreshold: 100_000n * 1_000_000_000n,
};

/** A remote bridge domain enabled at deployment (later changes go through governance). */
export interface SolanaRemoteDomainParameters {
  readonly domain: number;
  /** The remote bridge's universal address. */
  readonly bridge: UniversalAddress;
  /** The domain is an EVM chain (recipients are left-padded 20-byte addresses). */
  readonly evmRecipients: boolean;
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
  /** Defaults to {@link SOLANA_GOVERNANCE_DEFAULTS}. */
  readonly governance?: SolanaGovernanceParams;
}

const bn = toBN;

/**
 * Initializes the production layout, paid and signed by the provider's wallet (the deployer):
 * cal_token (the CAL mint PDA), the bridge (validator set, threshold, remote domains), the CAL mint
 * authority handed to the bridge, governance (params, vault), the bridge's admin handed to the
 * governance PDA, the treasury token account, staking and the marketplace with admin = the governance
 * PDA. After it the deployer holds no privilege: every parameter changes through governance.
 *
 * @example
 * ```ts
 * const deployment = await deploySolana(provider, { network: "devnet", pauser, arbiter,
 *   validators, threshold: 2, retentionWindow: 86_400, remoteDomains: [home] });
 * writeSolanaDeployment({ deployment }); // @calctra/sdk/node
 * ```
 */
export async function deploySolana(provider: AnchorProvider, parameters: DeploySolanaParameters): Promise<SolanaDeployment> {
  const ids = solanaProgramIds();
  const pdas = solanaPdas(ids);
  const programs = solanaPrograms(provider);
  const deployer = provider.wallet.publicKey;
  const gov = parameters.governance ?? SOLANA_GOVERNANCE_DEFAULTS;
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
          evmRecipients: r.evmRecipients,
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
        votingDelay: bn(gov.votingDelay),
        votingPeriod: bn(gov.votingPeriod),
        timelockDelay: bn(gov.timelockDelay),
        gracePeriod: bn(gov.gracePeriod),
        quorumVotes: bn(gov.quorumVotes),
        proposalThreshold: bn(gov.proposalThreshold),
      })
      .accountsPartial({ payer: deployer, config: pdas.governance, calMint: pdas.calMint, vault: pdas.govVault })
      .rpc(),
  );
  await run("bridge.set_roles", () =>
    programs.bridge.methods.setRoles(pdas.governance, bridgePauser).accountsPartial({ admin: deployer, config: pdas.bridgeConfig }).rpc(),
  );
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
    },
    governanceParams: {
      votingDelay: gov.votingDelay.toString(),
      votingPeriod: gov.votingPeriod.toString(),
      timelockDelay: gov.timelockDelay.toString(),
      gracePeriod: gov.gracePeriod.toString(),
      quorumVotes: gov.quorumVotes.toString(),
      proposalThreshold: gov.proposalThreshold.toString(),
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
