/**
 * Typed Anchor `Program`s of the Calctra Solana programs (from the generated IDLs) and the PDAs the
 * programs derive (seeds generated from the IDLs, `generated/seeds.ts`). The program ids are the ones the programs
 * declare (`declare_id!`, `/Anchor.toml`): the programs reference each other by id, so a deployment
 * cannot move them.
 */
import { type AnchorProvider, Program, type IdlAccounts, type IdlTypes } from "@coral-xyz/anchor";
import { PublicKey } from "@solana/web3.js";
import { getAssociatedTokenAddressSync } from "@solana/spl-token";
import {
  calTokenIdl,
  calctraBridgeIdl,
  governanceIdl,
  marketplaceIdl,
  stakingIdl,
  type CalTokenIdl,
  type CalctraBridgeIdl,
  type GovernanceIdl,
  type MarketplaceIdl,
  type StakingIdl,
} from "./generated/idls.js";
import { solanaPdaSeeds, solanaProgramAddresses, solanaSeedConstants, type SolanaSeedPart } from "./generated/seeds.js";

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
 * The program ids the IDLs (and the programs' `declare_id!`) carry (`generated/seeds.ts`).
 *
 * @example
 * ```ts
 * solanaProgramIds().marketplace.toBase58(); // "2yoC67…"
 * ```
 */
export function solanaProgramIds(): SolanaProgramIds {
  return {
    calToken: new PublicKey(solanaProgramAddresses.calToken),
    staking: new PublicKey(solanaProgramAddresses.staking),
    marketplace: new PublicKey(solanaProgramAddresses.marketplace),
    governance: new PublicKey(solanaProgramAddresses.governance),
    bridge: new PublicKey(solanaProgramAddresses.calctraBridge),
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
export type SolanaProposalAccount = IdlAccounts<GovernanceIdl>["proposalRecord"];
export type SolanaActionListAccount = IdlAccounts<GovernanceIdl>["actionList"];
/** A Groth16 verifying key as the marketplace stores it. */
export type AnchorGroth16VerifyingKey = IdlTypes<MarketplaceIdl>["groth16VerifyingKey"];

/** Nonces per replay chunk of the Solana bridge (its `DELIVERED_CHUNK_BITS` constant). */
export const SOLANA_DELIVERED_CHUNK_BITS = 1024n;

const u64le = (v: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(v);
  return b;
};
/** A hub proposal id (u256) as its 32 big-endian bytes, the seed and argument the governance program takes. */
export function u256be(v: bigint): Buffer {
  if (v < 0n || v >= 1n << 256n) throw new RangeError(`proposal id is not a u256: ${v}`);
  return Buffer.from(v.toString(16).padStart(64, "0"), "hex");
}
const u64be = (v: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(v);
  return b;
};
const u32be = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v);
  return b;
};

/**
 * Derives a PDA from the generated seeds of the IDLs (`solanaPdaSeeds`): each constant part as its UTF-8 bytes,
 * each variable part the next of `values`, in order (a count other than the layout's is an error).
 *
 * @example
 * ```ts
 * deriveSolanaPda(solanaPdaSeeds.staking.provider, [wallet.publicKey.toBytes()], solanaProgramIds().staking);
 * ```
 */
export function deriveSolanaPda(layout: readonly SolanaSeedPart[], values: readonly Uint8Array[], program: PublicKey): PublicKey {
  const seeds: Buffer[] = [];
  let next = 0;
  for (const part of layout) {
    if (part.kind === "const") {
      seeds.push(Buffer.from(part.value, "utf8"));
      continue;
    }
    const value = values[next++];
    if (value === undefined) throw new RangeError(`a PDA layout with more variable seeds than the ${values.length} given`);
    seeds.push(Buffer.from(value));
  }
  if (next !== values.length) throw new RangeError(`a PDA layout with ${next} variable seeds, ${values.length} given`);
  return PublicKey.findProgramAddressSync(seeds, program)[0];
}

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
 * PDAs of the Calctra programs. Every seed comes from the IDLs (`generated/seeds.ts`, sdk/scripts/gen-idls.ts);
 * only the encodings of the variable parts are the SDK's: ids and nonces u64 little-endian, a bridge domain u32
 * big-endian (the message's byte order), keys as their 32 bytes.
 *
 * @example
 * ```ts
 * const pdas = solanaPdas();
 * pdas.task(1n); // ["task", 1 u64 le] under the marketplace
 * ```
 */
export function solanaPdas(ids: SolanaProgramIds = solanaProgramIds()) {
  const S = solanaPdaSeeds;
  const fixed: SolanaFixedPdas = {
    calConfig: deriveSolanaPda(S.calToken.config, [], ids.calToken),
    calMint: deriveSolanaPda(S.calToken.mint, [], ids.calToken),
    calMintAuthority: deriveSolanaPda(S.calToken.mintAuthority, [], ids.calToken),
    bridgeConfig: deriveSolanaPda(S.calctraBridge.config, [], ids.bridge),
    bridgeMintAuthority: deriveSolanaPda(S.calctraBridge.mintAuthority, [], ids.bridge),
    governance: deriveSolanaPda(S.governance.config, [], ids.governance),
    govVault: deriveSolanaPda(S.governance.vault, [], ids.governance),
    stakingConfig: deriveSolanaPda(S.staking.config, [], ids.staking),
    stakeVault: deriveSolanaPda(S.staking.vault, [], ids.staking),
    marketplaceConfig: deriveSolanaPda(S.marketplace.config, [], ids.marketplace),
    marketplaceAuthority: deriveSolanaPda(S.marketplace.authority, [], ids.marketplace),
    escrow: deriveSolanaPda(S.marketplace.escrow, [], ids.marketplace),
  };
  // The replay chunk is the one PDA no instruction account spells out (its handler checks the address): its
  // layout is the bridge's DELIVERED_SEED constant, the source domain (u32 be) and nonce / 1024 (u64 be).
  const delivered: readonly SolanaSeedPart[] = [
    { kind: "const", value: solanaSeedConstants.calctraBridge.DELIVERED_SEED },
    { kind: "variable", from: ["srcDomain"] },
    { kind: "variable", from: ["chunk"] },
  ];
  return {
    ...fixed,
    /** Task `["task", id u64 le]`. */
    task: (id: bigint) => deriveSolanaPda(S.marketplace.task, [u64le(id)], ids.marketplace),
    /** Verifier registry entry `["verifier", id u64 le]`. */
    verifier: (id: bigint) => deriveSolanaPda(S.marketplace.verifier, [u64le(id)], ids.marketplace),
    /** Provider record `["provider", authority]` under staking. */
    provider: (authority: PublicKey) => deriveSolanaPda(S.staking.provider, [authority.toBytes()], ids.staking),
    /** Voter record `["voter", owner]`. */
    voter: (owner: PublicKey) => deriveSolanaPda(S.governance.voter, [owner.toBytes()], ids.governance),
    /** Hub proposal record `["proposal", proposalId u256 be]`. */
    proposal: (id: bigint) => deriveSolanaPda(S.governance.proposal, [u256be(id)], ids.governance),
    /** Vote receipt `["vote", proposalId u256 be, voter]`. */
    voteRecord: (id: bigint, owner: PublicKey) => deriveSolanaPda(S.governance.voteRecord, [u256be(id), owner.toBytes()], ids.governance),
    /** Received action list `["actions", sequence u64 le]`. */
    actionList: (sequence: bigint) => deriveSolanaPda(S.governance.actionList, [u64le(sequence)], ids.governance),
    /** Bridge remote domain `["remote", domain u32 be]`. */
    remoteDomain: (domain: number) => deriveSolanaPda(S.calctraBridge.remote, [u32be(domain)], ids.bridge),
    /** Bridge replay chunk of `(srcDomain, nonce)`: `["delivered", srcDomain u32 be, nonce / 1024 u64 be]`. */
    delivered: (srcDomain: number, nonce: bigint) =>
      deriveSolanaPda(delivered, [u32be(srcDomain), u64be(nonce / SOLANA_DELIVERED_CHUNK_BITS)], ids.bridge),
    /** Bridge outbound record `["outbound", nonce u64 le]`. */
    outbound: (nonce: bigint) => deriveSolanaPda(S.calctraBridge.outbound, [u64le(nonce)], ids.bridge),
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
