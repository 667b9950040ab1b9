/**
 * Typed Anchor `Program`s of the Calctra Solana programs (from the generated IDLs) and the PDAs the
 * programs derive (seeds as in programs-solana/README.md). The program ids are the ones the programs
 * declare (`declare_id!`, `/Anchor.toml`): the programs reference each other by id, so a deployment
 * cannot move them.
 */
import { AnchorProvider, Program, type IdlAccounts, type IdlTypes } from "@coral-xyz/anchor";
import { PublicKey } from "@solana/web3.js";
import { getAssociatedTokenAddressSync } from "@solana/spl-token";
import {
  calTokenIdl, calctraBridgeIdl, governanceIdl, marketplaceIdl, stakingIdl,
  type CalTokenIdl, type CalctraBridgeIdl, type GovernanceIdl, type MarketplaceIdl, type StakingIdl,
} from "./generated/idls.js";

export type { CalTokenIdl, CalctraBridgeIdl, GovernanceIdl, MarketplaceIdl, StakingIdl };

/** The five program ids of a Calctra Solana deployment. */
export interface SolanaProgramIds {
  readonly calToken: PublicKey;
  readonly staking: PublicKey;
  readonly marketplace: PublicKey;
  readonly governance: PublicKey;
  readonly bridge: PublicKey;
}

/**
 * The program ids the IDLs (and the programs' `declare_id!`) carry.
 *
 * @example
 * ```ts
 * solanaProgramIds().marketplace.toBase58(); // "2yoC67…"
 * ```
 */
export function solanaProgramIds(): SolanaProgramIds {
  return {
    calToken: new PublicKey(calTokenIdl.address),
    staking: new PublicKey(stakingIdl.address),
    marketplace: new PublicKey(marketplaceIdl.address),
    governance: new PublicKey(governanceIdl.address),
    bridge: new PublicKey(calctraBridgeIdl.address),
  };
}

/** Typed Anchor programs bound to one provider (wallet + connection). */
export interface SolanaPrograms {
  readonly calToken: Program<CalTokenIdl>;
  readonly staking: Program<StakingIdl>;
  readonly marketplace: Program<MarketplaceIdl>;
  readonly governance: Program<GovernanceIdl>;
  readonly bridge: Program<CalctraBridgeIdl>;
}

/**
 * Builds the typed programs for a provider. Anchor converts the IDLs to camelCase at run time; the
 * types are the generated camelCase IDL types (sdk/scripts/gen-idls.ts).
 *
 * @example
 * ```ts
 * const programs = solanaPrograms(new AnchorProvider(connection, wallet, {}));
 * const config = await programs.marketplace.account.marketplaceConfig.fetch(solanaPdas().marketplaceConfig);
 * ```
 */
export function solanaPrograms(provider: AnchorProvider): SolanaPrograms {
  return {
    calToken: new Program<CalTokenIdl>(calTokenIdl as unknown as CalTokenIdl, provider),
    staking: new Program<StakingIdl>(stakingIdl as unknown as StakingIdl, provider),
    marketplace: new Program<MarketplaceIdl>(marketplaceIdl as unknown as MarketplaceIdl, provider),
    governance: new Program<GovernanceIdl>(governanceIdl as unknown as GovernanceIdl, provider),
    bridge: new Program<CalctraBridgeIdl>(calctraBridgeIdl as unknown as CalctraBridgeIdl, provider),
  };
}

/** Decoded account types (Anchor: `BN` for integers, `PublicKey` for keys, `{ variant: {} }` enums). */
export type SolanaTaskAccount = IdlAccounts<MarketplaceIdl>["task"];
export type SolanaMarketplaceConfigAccount = IdlAccounts<MarketplaceIdl>["marketplaceConfig"];
export type SolanaProviderAccount = IdlAccounts<StakingIdl>["provider"];
export type SolanaProposalAccount = IdlAccounts<GovernanceIdl>["proposal"];
/** A governance action as Anchor encodes it (see `toAnchorGovernanceAction` for the bigint form). */
export type AnchorGovernanceAction = IdlTypes<GovernanceIdl>["governanceAction"];
/** A Groth16 verifying key as the marketplace stores it. */
export type AnchorGroth16VerifyingKey = IdlTypes<MarketplaceIdl>["groth16VerifyingKey"];

const enc = (s: string) => Buffer.from(s, "utf8");
const u64le = (v: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(v);
  return b;
};
const u32be = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v);
  return b;
};
const pda = (seeds: readonly Buffer[], program: PublicKey) => PublicKey.findProgramAddressSync(seeds as Buffer[], program)[0];

/** The fixed PDAs of a deployment. */
export interface SolanaFixedPdas {
  readonly calConfig: PublicKey;
  readonly calMint: PublicKey;
  /** cal_token's mint authority before the hand-over. */
  readonly calMintAuthority: PublicKey;
  readonly bridgeConfig: PublicKey;
  /** The bridge's mint authority: the CAL mint authority after the hand-over. */
  readonly bridgeMintAuthority: PublicKey;
  /** Governance config, also the signer that administers staking, the marketplace and the bridge. */
  readonly governance: PublicKey;
  readonly govVault: PublicKey;
  readonly stakingConfig: PublicKey;
  readonly stakeVault: PublicKey;
  readonly marketplaceConfig: PublicKey;
  /** The marketplace's signer (escrow authority, the only slasher). */
  readonly marketplaceAuthority: PublicKey;
  readonly escrow: PublicKey;
}

/**
 * PDAs of the Calctra programs (seeds in each program's `constants.rs`).
 *
 * @example
 * ```ts
 * const pdas = solanaPdas();
 * pdas.task(1n); // ["task", 1 u64 le] under the marketplace
 * ```
 */
export function solanaPdas(ids: SolanaProgramIds = solanaProgramIds()) {
  const fixed: SolanaFixedPdas = {
    calConfig: pda([enc("cal_config")], ids.calToken),
    calMint: pda([enc("cal_mint")], ids.calToken),
    calMintAuthority: pda([enc("mint_authority")], ids.calToken),
    bridgeConfig: pda([enc("bridge_config")], ids.bridge),
    bridgeMintAuthority: pda([enc("mint_authority")], ids.bridge),
    governance: pda([enc("governance")], ids.governance),
    govVault: pda([enc("gov_vault")], ids.governance),
    stakingConfig: pda([enc("staking_config")], ids.staking),
    stakeVault: pda([enc("stake_vault")], ids.staking),
    marketplaceConfig: pda([enc("marketplace_config")], ids.marketplace),
    marketplaceAuthority: pda([enc("marketplace_authority")], ids.marketplace),
    escrow: pda([enc("escrow")], ids.marketplace),
  };
  return {
    ...fixed,
    /** Task `["task", id u64 le]`. */
    task: (id: bigint) => pda([enc("task"), u64le(id)], ids.marketplace),
    /** Verifier registry entry `["verifier", id u64 le]`. */
    verifier: (id: bigint) => pda([enc("verifier"), u64le(id)], ids.marketplace),
    /** Provider record `["provider", authority]` under staking. */
    provider: (authority: PublicKey) => pda([enc("provider"), authority.toBuffer()], ids.staking),
    /** Voter record `["voter", owner]`. */
    voter: (owner: PublicKey) => pda([enc("voter"), owner.toBuffer()], ids.governance),
    /** Proposal `["proposal", id u64 le]`. */
    proposal: (id: bigint) => pda([enc("proposal"), u64le(id)], ids.governance),
    /** Vote receipt `["vote", proposal id u64 le, voter]`. */
    voteRecord: (id: bigint, owner: PublicKey) => pda([enc("vote"), u64le(id), owner.toBuffer()], ids.governance),
    /** Bridge remote domain `["remote", domain u32 be]`. */
    remoteDomain: (domain: number) => pda([enc("remote"), u32be(domain)], ids.bridge),
    /** Bridge replay marker `["delivered", messageId]`. */
    delivered: (messageId: Uint8Array) => pda([enc("delivered"), Buffer.from(messageId)], ids.bridge),
    /** Bridge outbound record `["outbound", nonce u64 le]`. */
    outbound: (nonce: bigint) => pda([enc("outbound"), u64le(nonce)], ids.bridge),
  };
}
/** What {@link solanaPdas} returns. */
export type SolanaPdas = ReturnType<typeof solanaPdas>;

/**
 * The CAL associated token account of `owner` (off-curve owners such as PDAs allowed).
 *
 * @example
 * ```ts
 * const ata = calTokenAccount({ mint: solanaPdas().calMint, owner: wallet.publicKey });
 * ```
 */
export function calTokenAccount({ mint, owner }: { readonly mint: PublicKey; readonly owner: PublicKey }): PublicKey {
  return getAssociatedTokenAddressSync(mint, owner, true);
}
