/**
 * Solana adapters of the chain-neutral clients (token, staking, marketplace) over any
 * `AnchorProvider` — a real cluster or the native test host alike. The provider's wallet is the
 * acting account. Accounts are derived here (PDAs, associated token accounts) and passed explicitly;
 * input is validated before sending with the on-chain error names; program errors come back as
 * {@link CalctraError} (chain "solana"). Amounts are CAL base units. Receipts: `id` = the transaction
 * signature, `cost` = compute units when the connection reports them — against the native test host
 * these are the host's figures for natively built programs, not SBF compute units.
 */
import type { AnchorProvider } from "@coral-xyz/anchor";
// anchor's own BN (a dependency of @coral-xyz/anchor; its ESM build does not re-export BN by name)
import BN from "bn.js";
import { PublicKey, SYSVAR_CLOCK_PUBKEY, type TransactionInstruction } from "@solana/web3.js";
import {
  TOKEN_PROGRAM_ID,
  createAssociatedTokenAccountIdempotentInstruction,
  createTransferCheckedInstruction,
  getAccount,
  getMint,
} from "@solana/spl-token";
import { checkCreateOffer, quoteOffer, universalFromBytes } from "@calctra/core";
import { reputationScoreBps } from "@calctra/core";
import type {
  CommitResultParameters,
  CreateTaskParameters,
  CreateTaskReturnType,
  MarketplaceClient,
  PublishResultParameters,
  QuoteTaskReturnType,
  Replica,
  ResolveReplicasParameters,
  RevealResultParameters,
  TaskOffer,
  ProviderInfo,
  SimulateReturnType,
  StakingClient,
  SubmitResultParameters,
  TokenClient,
  TransactionReceiptSummary,
} from "@calctra/core";
import { CAL_DECIMALS } from "@calctra/core";
import { CalctraError } from "@calctra/core";
import { BN254_R, SPEC_HASH_BOUND } from "@calctra/core";
import { TaskStatus, type ReplicaState, type Task, type UniversalAddress } from "@calctra/core";
import type { SolanaDeployment } from "./deployment.js";
import { calTokenAccount, solanaPdas, solanaPrograms, type SolanaPdas, type SolanaPrograms, type SolanaTaskAccount } from "./programs.js";
import { prepareSolana, sendPreparedSolana, simulateSolana, type SolanaPreparedTransaction } from "./send.js";

/** What every Solana client is built from. */
export interface SolanaClientParameters {
  /** Connection + acting wallet (`new AnchorProvider(connection, new Wallet(keypair), { commitment: "confirmed" })`). */
  readonly provider: AnchorProvider;
  readonly deployment: SolanaDeployment;
}

const U64_MAX = (1n << 64n) - 1n;
const I64_MAX = (1n << 63n) - 1n;
/** Bytes of a Solana Groth16 proof: A ‖ B ‖ C (see `encodeProofSolana`). */
export const SOLANA_PROOF_LENGTH = 256;

/**
 * A bigint as Anchor's BN.
 *
 * @example
 * ```ts
 * toBN(5n * CAL).toString(); // "5000000000"
 * ```
 */
export const toBN = (v: bigint | number): BN => new BN(v.toString());
/**
 * Anchor's BN as a bigint.
 *
 * @example
 * ```ts
 * fromBN(task.reward); // 100000000000n
 * ```
 */
export const fromBN = (v: BN): bigint => BigInt(v.toString());
/**
 * A field element as 32 big-endian bytes (what the programs store).
 *
 * @example
 * ```ts
 * fieldBytes(1n); // [0, …, 0, 1]
 * ```
 */
export function fieldBytes(v: bigint): number[] {
  if (v < 0n || v >= 1n << 256n) throw new RangeError("value does not fit 32 bytes");
  return Array.from(Buffer.from(v.toString(16).padStart(64, "0"), "hex"));
}
/**
 * 32 big-endian bytes as a bigint.
 *
 * @example
 * ```ts
 * bytesToBigint(task.specHash); // 42n
 * ```
 */
export const bytesToBigint = (b: readonly number[] | Uint8Array): bigint => BigInt(`0x${Buffer.from(b).toString("hex") || "0"}`);

/**
 * Parses a base58 public key, with a clear error.
 *
 * @example
 * ```ts
 * parsePublicKey("11111111111111111111111111111111", "owner");
 * ```
 */
export function parsePublicKey(value: string | PublicKey, what: string): PublicKey {
  if (value instanceof PublicKey) return value;
  try {
    return new PublicKey(value);
  } catch (e) {
    throw new RangeError(`${what} is not a Solana public key: ${value}`, { cause: e });
  }
}

/**
 * Universal address of a Solana public key (its 32 bytes).
 *
 * @example
 * ```ts
 * universalFromPublicKey(wallet.publicKey); // "0x…" (64 hex digits)
 * ```
 */
export const universalFromPublicKey = (key: PublicKey): UniversalAddress => universalFromBytes(key.toBytes());

/**
 * One write action as its three forms (`prepareX`, `simulateX`, `x`) share it: the instructions, built and
 * validated once, and what the action returns besides the receipt (e.g. the new task's id).
 */
export interface SolanaWrite<R extends object = object> {
  readonly instructions: readonly TransactionInstruction[];
  /** Which account Anchor's "not initialized" (3012) names, to read it as the canonical "not found" error. */
  readonly missingAccount?: "task" | "provider" | "proposal";
  readonly result?: R;
}

/**
 * Shared plumbing of the Solana clients: typed programs, PDAs, token accounts, chain time, and the one path of
 * every write (prepare, simulate, send with decoded errors and compute units).
 *
 * @example
 * ```ts
 * const now = await new SolanaMarketplaceClient({ provider, deployment }).chainTime();
 * ```
 */
export class SolanaContractClient {
  protected readonly programs: SolanaPrograms;
  protected readonly pdas: SolanaPdas;
  constructor(protected readonly params: SolanaClientParameters) {
    this.programs = solanaPrograms(params.provider);
    this.pdas = solanaPdas();
  }
  /** The acting wallet. */
  get address(): PublicKey {
    return this.params.provider.wallet.publicKey;
  }
  protected get mint(): PublicKey {
    return new PublicKey(this.params.deployment.calMint);
  }
  /** CAL token account (ATA) of an owner. */
  protected ata(owner: PublicKey): PublicKey {
    return calTokenAccount({ mint: this.mint, owner });
  }
  /** Creates `owner`'s CAL ATA if missing, paid by the acting wallet. */
  protected createAta(owner: PublicKey): TransactionInstruction {
    return createAssociatedTokenAccountIdempotentInstruction(this.address, this.ata(owner), owner, this.mint);
  }
  /**
   * Chain time (the Clock sysvar's unix timestamp).
   *
   * @example
   * ```ts
   * const now = await market.chainTime();
   * ```
   */
  async chainTime(): Promise<bigint> {
    const info = await this.params.provider.connection.getAccountInfo(SYSVAR_CLOCK_PUBKEY);
    if (!info || info.data.length < 40) throw new Error("the connection returned no Clock sysvar");
    return info.data.readBigInt64LE(32);
  }
  /** The prepared form of a write: its instructions, paid and signed by the acting wallet. */
  protected async prepareWrite(write: Promise<SolanaWrite>): Promise<SolanaPreparedTransaction> {
    return prepareSolana({ instructions: (await write).instructions, feePayer: this.address });
  }
  /** Simulates a write (nothing signed, nothing changes); refusals throw the send's CalctraError. */
  protected async simulateWrite<R extends object>(write: Promise<SolanaWrite<R>>): Promise<SimulateReturnType<R>> {
    const w = await write;
    const prepared = prepareSolana({ instructions: w.instructions, feePayer: this.address });
    const { cost } = await simulateSolana({
      connection: this.params.provider.connection,
      prepared,
      ...(w.missingAccount ? { missingAccount: w.missingAccount } : {}),
    });
    return { ...(cost === undefined ? {} : { cost }), ...(w.result === undefined ? {} : { result: w.result }) };
  }
  /** Signs a write with the acting wallet, sends it and waits; the receipt carries the write's result. */
  protected async sendWrite<R extends object>(write: Promise<SolanaWrite<R>>): Promise<TransactionReceiptSummary & R> {
    const w = await write;
    const prepared = prepareSolana({ instructions: w.instructions, feePayer: this.address });
    const receipt = await sendPreparedSolana({
      provider: this.params.provider,
      prepared,
      ...(w.missingAccount ? { missingAccount: w.missingAccount } : {}),
    });
    return { ...receipt, ...w.result } as TransactionReceiptSummary & R;
  }
}

/** Parameters of {@link SolanaTokenClient.transfer}: the recipient's wallet (base58) and CAL base units. */
export interface SolanaTokenTransferParameters {
  readonly to: string;
  readonly amount: bigint;
}

/**
 * The CAL SPL token on Solana. Balances are those of the owners' associated token accounts.
 *
 * @example
 * ```ts
 * const token = new SolanaTokenClient({ provider, deployment });
 * await token.transfer({ to: "9xQe…", amount: 5n * CAL });
 * ```
 */
export class SolanaTokenClient extends SolanaContractClient implements TokenClient<SolanaPreparedTransaction> {
  /**
   * CAL in `owner`'s associated token account (0 when it does not exist).
   *
   * @example
   * ```ts
   * const balance = await token.balanceOf({ owner: wallet.publicKey.toBase58() });
   * ```
   */
  async balanceOf({ owner }: { readonly owner: string }): Promise<bigint> {
    const ata = this.ata(parsePublicKey(owner, "owner"));
    const info = await this.params.provider.connection.getAccountInfo(ata);
    if (!info) return 0n;
    return (await getAccount(this.params.provider.connection, ata)).amount;
  }
  /**
   * Total CAL minted on Solana (the mint's supply).
   *
   * @example
   * ```ts
   * const supply = await token.totalSupply();
   * ```
   */
  async totalSupply(): Promise<bigint> {
    return (await getMint(this.params.provider.connection, this.mint)).supply;
  }
  private async transferWrite({ to, amount }: SolanaTokenTransferParameters): Promise<SolanaWrite> {
    if (amount < 0n || amount > U64_MAX) throw new RangeError(`amount out of range: ${amount}`);
    const recipient = parsePublicKey(to, "to");
    return {
      instructions: [
        this.createAta(recipient),
        createTransferCheckedInstruction(this.ata(this.address), this.mint, this.ata(recipient), this.address, amount, CAL_DECIMALS),
      ],
    };
  }
  /**
   * Transfers CAL to `to`'s associated token account, creating it first if needed (paid by the sender).
   *
   * @example
   * ```ts
   * const { id, cost } = await token.transfer({ to: recipient.toBase58(), amount: 10n * CAL });
   * ```
   */
  transfer(parameters: SolanaTokenTransferParameters): Promise<TransactionReceiptSummary> {
    return this.sendWrite(this.transferWrite(parameters));
  }
  /**
   * {@link transfer} as instructions for another signer (e.g. a Squads vault as the client's wallet).
   *
   * @example
   * ```ts
   * const { instructions, feePayer } = await token.prepareTransfer({ to: recipient.toBase58(), amount: 10n * CAL });
   * ```
   */
  prepareTransfer(parameters: SolanaTokenTransferParameters): Promise<SolanaPreparedTransaction> {
    return this.prepareWrite(this.transferWrite(parameters));
  }
  /**
   * Runs {@link transfer} without sending: its compute units, or the error sending would throw.
   *
   * @example
   * ```ts
   * const { cost } = await token.simulateTransfer({ to: recipient.toBase58(), amount: 10n * CAL });
   * ```
   */
  simulateTransfer(parameters: SolanaTokenTransferParameters): Promise<SimulateReturnType> {
    return this.simulateWrite(this.transferWrite(parameters));
  }
}

/** Parameters of {@link SolanaStakingClient.register}. */
export interface SolanaRegisterParameters {
  /** 32-byte hash of the provider's hardware / attestation document. */
  readonly metadataHash: `0x${string}`;
}
/** Parameters of {@link SolanaStakingClient.stake} and {@link SolanaStakingClient.requestUnstake} (CAL base units). */
export interface SolanaStakeAmountParameters {
  readonly amount: bigint;
}

/**
 * Staking and reputation on Solana. Stake moves CAL from the wallet's associated token account into
 * the staking vault.
 *
 * @example
 * ```ts
 * const staking = new SolanaStakingClient({ provider, deployment });
 * await staking.register({ metadataHash: `0x${"ab".repeat(32)}` });
 * await staking.stake({ amount: 500n * CAL });
 * ```
 */
export class SolanaStakingClient extends SolanaContractClient implements StakingClient<SolanaPreparedTransaction> {
  private async registerWrite({ metadataHash }: SolanaRegisterParameters): Promise<SolanaWrite> {
    if (!/^0x[0-9a-fA-F]{64}$/.test(metadataHash)) throw new RangeError("metadataHash must be 32 bytes");
    const bytes = Array.from(Buffer.from(metadataHash.slice(2), "hex"));
    return {
      instructions: [
        await this.programs.staking.methods
          .register(bytes)
          .accountsPartial({ authority: this.address, provider: this.pdas.provider(this.address) })
          .instruction(),
      ],
    };
  }
  private async stakeWrite({ amount }: SolanaStakeAmountParameters): Promise<SolanaWrite> {
    if (amount <= 0n) throw new CalctraError("StakingZeroAmount");
    if (amount > U64_MAX) throw new RangeError(`amount out of range: ${amount}`);
    return {
      missingAccount: "provider",
      instructions: [
        await this.programs.staking.methods
          .stake(toBN(amount))
          .accountsPartial({
            authority: this.address,
            config: this.pdas.stakingConfig,
            provider: this.pdas.provider(this.address),
            from: this.ata(this.address),
            vault: this.pdas.stakeVault,
          })
          .instruction(),
      ],
    };
  }
  private async requestUnstakeWrite({ amount }: SolanaStakeAmountParameters): Promise<SolanaWrite> {
    if (amount <= 0n) throw new CalctraError("StakingZeroAmount");
    if (amount > U64_MAX) throw new RangeError(`amount out of range: ${amount}`);
    return {
      missingAccount: "provider",
      instructions: [
        await this.programs.staking.methods
          .requestUnstake(toBN(amount))
          .accountsPartial({
            authority: this.address,
            config: this.pdas.stakingConfig,
            provider: this.pdas.provider(this.address),
          })
          .instruction(),
      ],
    };
  }
  private async withdrawWrite(): Promise<SolanaWrite> {
    return {
      missingAccount: "provider",
      instructions: [
        this.createAta(this.address),
        await this.programs.staking.methods
          .withdraw()
          .accountsPartial({
            authority: this.address,
            config: this.pdas.stakingConfig,
            provider: this.pdas.provider(this.address),
            vault: this.pdas.stakeVault,
            to: this.ata(this.address),
          })
          .instruction(),
      ],
    };
  }

  /**
   * Registers the wallet as a provider with a 32-byte hash of its hardware / attestation document.
   *
   * @example
   * ```ts
   * await staking.register({ metadataHash: keccak256(toHex("gpu: 1x24GiB")) });
   * ```
   */
  register(parameters: SolanaRegisterParameters): Promise<TransactionReceiptSummary> {
    return this.sendWrite(this.registerWrite(parameters));
  }
  /**
   * {@link register} as instructions for another signer.
   *
   * @example
   * ```ts
   * const prepared = await staking.prepareRegister({ metadataHash });
   * ```
   */
  prepareRegister(parameters: SolanaRegisterParameters): Promise<SolanaPreparedTransaction> {
    return this.prepareWrite(this.registerWrite(parameters));
  }
  /**
   * Runs {@link register} without sending (`StakingAlreadyRegistered` for a registered wallet).
   *
   * @example
   * ```ts
   * const { cost } = await staking.simulateRegister({ metadataHash });
   * ```
   */
  simulateRegister(parameters: SolanaRegisterParameters): Promise<SimulateReturnType> {
    return this.simulateWrite(this.registerWrite(parameters));
  }
  /**
   * Stakes CAL from the wallet's token account.
   *
   * @example
   * ```ts
   * await staking.stake({ amount: 500n * CAL });
   * ```
   */
  stake(parameters: SolanaStakeAmountParameters): Promise<TransactionReceiptSummary> {
    return this.sendWrite(this.stakeWrite(parameters));
  }
  /**
   * {@link stake} as instructions for another signer.
   *
   * @example
   * ```ts
   * const prepared = await staking.prepareStake({ amount: 500n * CAL });
   * ```
   */
  prepareStake(parameters: SolanaStakeAmountParameters): Promise<SolanaPreparedTransaction> {
    return this.prepareWrite(this.stakeWrite(parameters));
  }
  /**
   * Runs {@link stake} without sending (`StakingNotRegistered` for an unregistered wallet).
   *
   * @example
   * ```ts
   * const { cost } = await staking.simulateStake({ amount: 500n * CAL });
   * ```
   */
  simulateStake(parameters: SolanaStakeAmountParameters): Promise<SimulateReturnType> {
    return this.simulateWrite(this.stakeWrite(parameters));
  }
  /**
   * Starts unbonding `amount` of free stake.
   *
   * @example
   * ```ts
   * await staking.requestUnstake({ amount: 100n * CAL });
   * ```
   */
  requestUnstake(parameters: SolanaStakeAmountParameters): Promise<TransactionReceiptSummary> {
    return this.sendWrite(this.requestUnstakeWrite(parameters));
  }
  /**
   * {@link requestUnstake} as instructions for another signer.
   *
   * @example
   * ```ts
   * const prepared = await staking.prepareRequestUnstake({ amount: 100n * CAL });
   * ```
   */
  prepareRequestUnstake(parameters: SolanaStakeAmountParameters): Promise<SolanaPreparedTransaction> {
    return this.prepareWrite(this.requestUnstakeWrite(parameters));
  }
  /**
   * Runs {@link requestUnstake} without sending (`StakingInsufficientFreeStake` beyond the free stake).
   *
   * @example
   * ```ts
   * const { cost } = await staking.simulateRequestUnstake({ amount: 100n * CAL });
   * ```
   */
  simulateRequestUnstake(parameters: SolanaStakeAmountParameters): Promise<SimulateReturnType> {
    return this.simulateWrite(this.requestUnstakeWrite(parameters));
  }
  /**
   * Withdraws unbonded stake to the wallet's token account once the unbonding period has passed.
   *
   * @example
   * ```ts
   * await staking.withdraw();
   * ```
   */
  withdraw(_parameters?: Record<string, never>): Promise<TransactionReceiptSummary> {
    return this.sendWrite(this.withdrawWrite());
  }
  /**
   * {@link withdraw} as instructions for another signer.
   *
   * @example
   * ```ts
   * const prepared = await staking.prepareWithdraw();
   * ```
   */
  prepareWithdraw(_parameters?: Record<string, never>): Promise<SolanaPreparedTransaction> {
    return this.prepareWrite(this.withdrawWrite());
  }
  /**
   * Runs {@link withdraw} without sending (`StakingUnbondingNotElapsed` before the unbonding period ends).
   *
   * @example
   * ```ts
   * const { cost } = await staking.simulateWithdraw();
   * ```
   */
  simulateWithdraw(_parameters?: Record<string, never>): Promise<SimulateReturnType> {
    return this.simulateWrite(this.withdrawWrite());
  }
  /**
   * Stake, collateral and reputation of a provider (zeros and `registered: false` when unknown).
   *
   * @example
   * ```ts
   * const info = await staking.getProvider({ provider: wallet.publicKey.toBase58() });
   * info.scoreBps; // 5000n for a new provider
   * ```
   */
  async getProvider({ provider }: { readonly provider: string }): Promise<ProviderInfo> {
    const who = parsePublicKey(provider, "provider");
    const p = await this.programs.staking.account.provider.fetchNullable(this.pdas.provider(who));
    if (!p) {
      return {
        provider: universalFromPublicKey(who),
        registered: false,
        metadataHash: `0x${"0".repeat(64)}`,
        staked: 0n,
        locked: 0n,
        pendingUnstake: 0n,
        unstakeAvailableAt: 0n,
        completed: 0n,
        failed: 0n,
        slashedTotal: 0n,
        scoreBps: reputationScoreBps({ completed: 0n, failed: 0n }),
      };
    }
    const completed = fromBN(p.completed);
    const failed = fromBN(p.failed);
    return {
      provider: universalFromPublicKey(who),
      registered: true,
      metadataHash: `0x${Buffer.from(p.metadataHash).toString("hex")}`,
      staked: fromBN(p.staked),
      locked: fromBN(p.locked),
      pendingUnstake: fromBN(p.pendingUnstake),
      unstakeAvailableAt: fromBN(p.unstakeAvailableAt),
      completed,
      failed,
      slashedTotal: fromBN(p.slashedTotal),
      scoreBps: reputationScoreBps({ completed, failed }),
    };
  }
  /**
   * Minimum stake and unbonding period in force.
   *
   * @example
   * ```ts
   * const { minStake, unbondingPeriod } = await staking.parameters();
   * ```
   */
  async parameters(): Promise<{ readonly minStake: bigint; readonly unbondingPeriod: bigint }> {
    const c = await this.programs.staking.account.stakingConfig.fetch(this.pdas.stakingConfig);
    return { minStake: fromBN(c.minStake), unbondingPeriod: fromBN(c.unbondingPeriod) };
  }
}

const STATUS: Readonly<Record<string, TaskStatus>> = {
  none: TaskStatus.None,
  open: TaskStatus.Open,
  assigned: TaskStatus.Assigned,
  submitted: TaskStatus.Submitted,
  disputed: TaskStatus.Disputed,
  completed: TaskStatus.Completed,
  cancelled: TaskStatus.Cancelled,
  refunded: TaskStatus.Refunded,
};
function taskStatusOf(status: SolanaTaskAccount["status"]): TaskStatus {
  const name = Object.keys(status)[0];
  const s = name === undefined ? undefined : STATUS[name];
  if (s === undefined) throw new RangeError(`unknown task status ${JSON.stringify(status)}`);
  return s;
}

function assertTaskId(taskId: bigint): void {
  if (taskId <= 0n || taskId > U64_MAX) throw new CalctraError("MarketplaceTaskNotFound", { taskId });
}

/** A Solana task with its challenge window (seconds; 0 until Submitted). */
export interface SolanaTask extends Task {
  readonly submittedAt: bigint;
  readonly challengeEndsAt: bigint;
}

/** Marketplace parameters in force (from the config account). */
export interface SolanaMarketplaceParameters {
  readonly providerBps: bigint;
  readonly treasuryBps: bigint;
  readonly creatorBps: bigint;
  readonly challengePeriod: bigint;
  readonly slashBps: bigint;
  /** Governed parameter 7: seconds replicas have to reveal once all committed (or from the deadline). */
  readonly revealPeriod: bigint;
  readonly paused: boolean;
  readonly treasury: PublicKey;
  readonly arbiter: PublicKey;
  readonly pauser: PublicKey;
  readonly admin: PublicKey;
  /** CAL held in escrow (the sum of the rewards of unsettled tasks). */
  readonly escrowed: bigint;
}

/** Parameters of the Solana marketplace actions on one task. */
export interface SolanaTaskParameters {
  readonly taskId: bigint;
}
/** Parameters of {@link SolanaMarketplaceClient.resolve}. */
export interface SolanaResolveParameters extends SolanaTaskParameters {
  readonly providerAtFault: boolean;
}
/** Parameters of {@link SolanaMarketplaceClient.quoteTask}: `at` defaults to the chain clock. */
export interface SolanaQuoteTaskParameters extends SolanaTaskParameters {
  readonly at?: bigint;
}

/** Offer timestamps are u32 on chain: `rampStart + rampDuration` stays below this. */

function bytes32(name: string, hex: string): number[] {
  if (!/^0x[0-9a-fA-F]{64}$/.test(hex)) throw new RangeError(`${name} must be 32 bytes of 0x-hex: ${hex}`);
  return Array.from(Buffer.from(hex.slice(2), "hex"));
}
const hex32 = (b: readonly number[]): `0x${string}` => `0x${Buffer.from(b).toString("hex")}`;

/**
 * The marketplace escrow on Solana. The reward moves from the wallet's CAL token account into the
 * escrow; settlement pays the owners' associated token accounts (created on the way when missing).
 * `submitResult` takes the proof bytes of `encodeProofSolana({ proof }).bytes` (A ‖ B ‖ C, 256 bytes).
 *
 * @example
 * ```ts
 * const market = new SolanaMarketplaceClient({ provider, deployment });
 * const { taskId } = await market.createTask({ specHash: 42n, reward: 100n * CAL, collateral: 50n * CAL,
 *   deadline: (await market.chainTime()) + 3600n, verifierId: 0, minReputationBps: 0 });
 * ```
 */
export class SolanaMarketplaceClient extends SolanaContractClient implements MarketplaceClient<SolanaPreparedTransaction> {
  private async config() {
    return this.programs.marketplace.account.marketplaceConfig.fetch(this.pdas.marketplaceConfig);
  }
  private async task(taskId: bigint): Promise<SolanaTaskAccount> {
    assertTaskId(taskId);
    const t = await this.programs.marketplace.account.task.fetchNullable(this.pdas.task(taskId));
    if (!t) throw new CalctraError("MarketplaceTaskNotFound", { taskId }, "solana");
    return t;
  }
  /** Accounts of settlement (payout / refund-and-slash) for a task. */
  private async settlement(t: SolanaTaskAccount) {
    const config = await this.config();
    return {
      config: this.pdas.marketplaceConfig,
      authority: this.pdas.marketplaceAuthority,
      task: this.pdas.task(fromBN(t.id)),
      escrow: config.escrow,
      treasuryToken: config.treasury,
      providerRecord: this.pdas.provider(t.provider),
      stakingConfig: this.pdas.stakingConfig,
      stakingProgram: this.programs.staking.programId,
      tokenProgram: TOKEN_PROGRAM_ID,
    };
  }
  /** The task's accepted replicas (state != 0), in accept order. */
  private accepted(t: SolanaTaskAccount) {
    return t.replicaRecords.filter((r) => r.state !== 0);
  }
  /**
   * The remaining accounts of a replicated settlement (settle, resolveReplicas, the replicated proof path): per
   * accepted replica, in replica order, its staking record and its CAL token account (ATA), both writable.
   */
  private replicaAccounts(t: SolanaTaskAccount) {
    return this.accepted(t).flatMap((r) => [
      { pubkey: this.pdas.provider(r.provider), isSigner: false, isWritable: true },
      { pubkey: this.ata(r.provider), isSigner: false, isWritable: true },
    ]);
  }
  /** Idempotent creation of the token accounts a replicated settlement touches (each replica's, the user's, the creator's). */
  private replicaPayees(t: SolanaTaskAccount): TransactionInstruction[] {
    return [
      ...this.accepted(t).map((r) => this.createAta(r.provider)),
      this.createAta(t.user),
      ...(t.modelCreator ? [this.createAta(t.modelCreator)] : []),
    ];
  }
  /** Accounts of `settle` and `resolveReplicas` (the arbiter aside). */
  private async replicaSettlement(t: SolanaTaskAccount) {
    const s = await this.settlement(t);
    return {
      config: s.config,
      authority: s.authority,
      task: s.task,
      escrow: s.escrow,
      userToken: this.ata(t.user),
      treasuryToken: s.treasuryToken,
      creatorToken: t.modelCreator ? this.ata(t.modelCreator) : null,
      stakingConfig: s.stakingConfig,
      stakingVault: this.pdas.stakeVault,
      stakingProgram: s.stakingProgram,
      tokenProgram: s.tokenProgram,
    };
  }
  /** Idempotent creation of the token accounts a settlement pays (provider, creator when there is one, `also`). */
  private payees(t: SolanaTaskAccount, ...also: PublicKey[]): TransactionInstruction[] {
    return [this.createAta(t.provider), ...also.map((o) => this.createAta(o)), ...(t.modelCreator ? [this.createAta(t.modelCreator)] : [])];
  }

  private async createTaskWrite(p: CreateTaskParameters): Promise<SolanaWrite<{ readonly taskId: bigint }>> {
    if (p.reward <= 0n) throw new CalctraError("MarketplaceZeroReward");
    if (p.reward > U64_MAX) throw new RangeError(`reward out of range: ${p.reward}`);
    if (p.specHash < 0n || p.specHash >= SPEC_HASH_BOUND)
      throw new CalctraError("MarketplaceFieldElementOutOfRange", { value: p.specHash, bound: SPEC_HASH_BOUND });
    if (!Number.isInteger(p.minReputationBps) || p.minReputationBps < 0 || p.minReputationBps > 10_000) {
      throw new CalctraError("MarketplaceParameterOutOfBounds", { name: "minReputationBps", value: p.minReputationBps });
    }
    if (!Number.isSafeInteger(p.verifierId) || p.verifierId < 0)
      throw new CalctraError("MarketplaceUnknownVerifier", { verifierId: p.verifierId });
    if (p.collateral < 0n || p.collateral > U64_MAX) throw new RangeError(`collateral out of range: ${p.collateral}`);
    let modelCreator: PublicKey | null = null;
    if (p.modelCreator !== undefined) {
      modelCreator = parsePublicKey(p.modelCreator, "modelCreator");
      if (modelCreator.equals(PublicKey.default)) throw new CalctraError("MarketplaceZeroAddress", { name: "modelCreator" });
    }
    const now = await this.chainTime();
    if (p.deadline <= now || p.deadline > I64_MAX)
      throw new CalctraError("MarketplaceInvalidDeadline", { deadline: p.deadline, now_: now });
    const verifierId = BigInt(p.verifierId);
    if (verifierId !== 0n && !(await this.hasVerifier({ verifierId: p.verifierId }))) {
      throw new CalctraError("MarketplaceUnknownVerifier", { verifierId: p.verifierId });
    }
    let offer: { minReward: BN; rampStart: BN; rampDuration: BN; lockDeadline: BN; replicas: number } | null = null;
    if (p.offer !== undefined) {
      // the program's checks, in its order (CONVENTIONS "Offers and replicas")
      const o = checkCreateOffer({ offer: p.offer, reward: p.reward, deadline: p.deadline, now });
      const replicas = o.replicas;
      offer = {
        minReward: toBN(o.minReward),
        rampStart: toBN(o.rampStart),
        rampDuration: toBN(o.rampDuration),
        lockDeadline: toBN(o.lockDeadline),
        replicas,
      };
    }
    const config = await this.config();
    // The task PDA is derived from the id, so the transaction creates exactly this id or fails.
    const taskId = fromBN(config.nextTaskId);
    const ix = await this.programs.marketplace.methods
      .createTask(
        {
          specHash: fieldBytes(p.specHash),
          reward: toBN(p.reward),
          collateral: toBN(p.collateral),
          deadline: toBN(p.deadline),
          verifierId: toBN(verifierId),
          modelCreator,
          minReputationBps: p.minReputationBps,
        },
        offer,
      )
      .accountsPartial({
        user: this.address,
        config: this.pdas.marketplaceConfig,
        task: this.pdas.task(taskId),
        verifier: this.pdas.verifier(verifierId),
        userToken: this.ata(this.address),
        escrow: config.escrow,
      })
      .instruction();
    return { instructions: [ix], result: { taskId } };
  }
  private async cancelTaskWrite({ taskId }: SolanaTaskParameters): Promise<SolanaWrite> {
    const t = await this.task(taskId);
    const config = await this.config();
    // the refund goes to the task user's token account; the program checks that the signer is that user
    return {
      missingAccount: "task",
      instructions: [
        this.createAta(t.user),
        await this.programs.marketplace.methods
          .cancelTask()
          .accountsPartial({
            user: this.address,
            config: this.pdas.marketplaceConfig,
            authority: this.pdas.marketplaceAuthority,
            task: this.pdas.task(taskId),
            userToken: this.ata(t.user),
            escrow: config.escrow,
          })
          .instruction(),
      ],
    };
  }
  private async acceptTaskWrite({ taskId }: SolanaTaskParameters): Promise<SolanaWrite> {
    assertTaskId(taskId);
    return {
      missingAccount: "task",
      instructions: [
        await this.programs.marketplace.methods
          .acceptTask()
          .accountsPartial({
            provider: this.address,
            config: this.pdas.marketplaceConfig,
            authority: this.pdas.marketplaceAuthority,
            task: this.pdas.task(taskId),
            providerRecord: this.pdas.provider(this.address),
            stakingConfig: this.pdas.stakingConfig,
            stakingProgram: this.programs.staking.programId,
          })
          .instruction(),
      ],
    };
  }
  private async submitResultWrite({ taskId, resultCommitment, proof }: SubmitResultParameters): Promise<SolanaWrite> {
    if (resultCommitment < 0n || resultCommitment >= BN254_R)
      throw new CalctraError("MarketplaceFieldElementOutOfRange", { value: resultCommitment, bound: BN254_R });
    const t = await this.task(taskId);
    const verified = !t.verifierId.isZero();
    if (!verified && proof !== undefined && proof.length > 0) throw new CalctraError("MarketplaceUnexpectedProof", { taskId });
    if (verified && (proof === undefined || proof.length !== SOLANA_PROOF_LENGTH)) {
      throw new CalctraError("MarketplaceInvalidProof", {
        taskId,
        reason: `a ${SOLANA_PROOF_LENGTH}-byte proof (encodeProofSolana) is required`,
      });
    }
    const method = this.programs.marketplace.methods.submitResult(fieldBytes(resultCommitment), Buffer.from(proof ?? []));
    const base = {
      provider: this.address,
      config: this.pdas.marketplaceConfig,
      authority: this.pdas.marketplaceAuthority,
      task: this.pdas.task(taskId),
    };
    if (!verified || (t.replicas !== 0 && !("disputed" in t.status))) {
      // optimistic submission; a replicated task refuses it on chain (MarketplaceReplicated) outside the proof path
      return {
        missingAccount: "task",
        instructions: [
          await method
            .accountsPartial({
              ...base,
              verifier: null,
              escrow: null,
              providerToken: null,
              treasuryToken: null,
              creatorToken: null,
              providerRecord: null,
              stakingConfig: null,
              stakingProgram: null,
              tokenProgram: null,
              userToken: null,
              stakingVault: null,
            })
            .instruction(),
        ],
      };
    }
    const s = await this.settlement(t);
    if (t.replicas !== 0) {
      // the proof path of a Disputed replicated task: the replicas' accounts as remaining accounts
      return {
        missingAccount: "task",
        instructions: [
          ...this.replicaPayees(t),
          await method
            .accountsPartial({
              ...base,
              verifier: this.pdas.verifier(fromBN(t.verifierId)),
              escrow: s.escrow,
              providerToken: null,
              treasuryToken: s.treasuryToken,
              creatorToken: t.modelCreator ? this.ata(t.modelCreator) : null,
              providerRecord: null,
              stakingConfig: s.stakingConfig,
              stakingProgram: s.stakingProgram,
              tokenProgram: s.tokenProgram,
              userToken: this.ata(t.user),
              stakingVault: this.pdas.stakeVault,
            })
            .remainingAccounts(this.replicaAccounts(t))
            .instruction(),
        ],
      };
    }
    return {
      missingAccount: "task",
      instructions: [
        ...this.payees(t, t.user),
        await method
          .accountsPartial({
            ...base,
            verifier: this.pdas.verifier(fromBN(t.verifierId)),
            escrow: s.escrow,
            providerToken: this.ata(t.provider),
            treasuryToken: s.treasuryToken,
            creatorToken: t.modelCreator ? this.ata(t.modelCreator) : null,
            providerRecord: s.providerRecord,
            stakingConfig: s.stakingConfig,
            stakingProgram: s.stakingProgram,
            tokenProgram: s.tokenProgram,
            userToken: this.ata(t.user),
            stakingVault: null,
          })
          .instruction(),
      ],
    };
  }
  private async finalizeWrite({ taskId }: SolanaTaskParameters): Promise<SolanaWrite> {
    const t = await this.task(taskId);
    const s = await this.settlement(t);
    return {
      missingAccount: "task",
      instructions: [
        ...this.payees(t, t.user),
        await this.programs.marketplace.methods
          .finalize()
          .accountsPartial({
            config: s.config,
            authority: s.authority,
            task: s.task,
            escrow: s.escrow,
            providerToken: this.ata(t.provider),
            treasuryToken: s.treasuryToken,
            creatorToken: t.modelCreator ? this.ata(t.modelCreator) : null,
            providerRecord: s.providerRecord,
            stakingConfig: s.stakingConfig,
            stakingProgram: s.stakingProgram,
            tokenProgram: s.tokenProgram,
            userToken: this.ata(t.user),
          })
          .instruction(),
      ],
    };
  }
  private async disputeWrite({ taskId }: SolanaTaskParameters): Promise<SolanaWrite> {
    assertTaskId(taskId);
    return {
      missingAccount: "task",
      instructions: [
        await this.programs.marketplace.methods
          .dispute()
          .accountsPartial({ user: this.address, task: this.pdas.task(taskId) })
          .instruction(),
      ],
    };
  }
  private async resolveWrite({ taskId, providerAtFault }: SolanaResolveParameters): Promise<SolanaWrite> {
    const t = await this.task(taskId);
    const s = await this.settlement(t);
    return {
      missingAccount: "task",
      instructions: [
        ...this.payees(t, t.user),
        await this.programs.marketplace.methods
          .resolve(providerAtFault)
          .accountsPartial({
            arbiter: this.address,
            config: s.config,
            authority: s.authority,
            task: s.task,
            escrow: s.escrow,
            providerToken: this.ata(t.provider),
            userToken: this.ata(t.user),
            treasuryToken: s.treasuryToken,
            creatorToken: t.modelCreator ? this.ata(t.modelCreator) : null,
            providerRecord: s.providerRecord,
            stakingConfig: s.stakingConfig,
            stakingVault: this.pdas.stakeVault,
            stakingProgram: s.stakingProgram,
            tokenProgram: s.tokenProgram,
          })
          .instruction(),
      ],
    };
  }
  private async expireWrite({ taskId }: SolanaTaskParameters): Promise<SolanaWrite> {
    const t = await this.task(taskId);
    const s = await this.settlement(t);
    return {
      missingAccount: "task",
      instructions: [
        this.createAta(t.user),
        await this.programs.marketplace.methods
          .expire()
          .accountsPartial({
            config: s.config,
            authority: s.authority,
            task: s.task,
            escrow: s.escrow,
            userToken: this.ata(t.user),
            treasuryToken: s.treasuryToken,
            providerRecord: s.providerRecord,
            stakingConfig: s.stakingConfig,
            stakingVault: this.pdas.stakeVault,
            stakingProgram: s.stakingProgram,
            tokenProgram: s.tokenProgram,
          })
          .instruction(),
      ],
    };
  }
  private async commitResultWrite({ taskId, commit }: CommitResultParameters): Promise<SolanaWrite> {
    assertTaskId(taskId);
    const bytes = bytes32("commit", commit);
    return {
      missingAccount: "task",
      instructions: [
        await this.programs.marketplace.methods
          .commitResult(bytes)
          .accountsPartial({ provider: this.address, config: this.pdas.marketplaceConfig, task: this.pdas.task(taskId) })
          .instruction(),
      ],
    };
  }
  private async revealResultWrite({ taskId, resultHash, salt }: RevealResultParameters): Promise<SolanaWrite> {
    assertTaskId(taskId);
    const [hash, s] = [bytes32("resultHash", resultHash), bytes32("salt", salt)];
    return {
      missingAccount: "task",
      instructions: [
        await this.programs.marketplace.methods
          .revealResult(hash, s)
          .accountsPartial({ provider: this.address, config: this.pdas.marketplaceConfig, task: this.pdas.task(taskId) })
          .instruction(),
      ],
    };
  }
  private async settleWrite({ taskId }: SolanaTaskParameters): Promise<SolanaWrite> {
    const t = await this.task(taskId);
    const accounts = await this.replicaSettlement(t);
    return {
      missingAccount: "task",
      instructions: [
        ...this.replicaPayees(t),
        await this.programs.marketplace.methods.settle().accountsPartial(accounts).remainingAccounts(this.replicaAccounts(t)).instruction(),
      ],
    };
  }
  private async resolveReplicasWrite({ taskId, resultHash }: ResolveReplicasParameters): Promise<SolanaWrite> {
    const hash = bytes32("resultHash", resultHash);
    const t = await this.task(taskId);
    const accounts = await this.replicaSettlement(t);
    return {
      missingAccount: "task",
      instructions: [
        ...this.replicaPayees(t),
        await this.programs.marketplace.methods
          .resolveReplicas(hash)
          .accountsPartial({ arbiter: this.address, ...accounts })
          .remainingAccounts(this.replicaAccounts(t))
          .instruction(),
      ],
    };
  }
  private async publishResultWrite({ taskId, resultCid }: PublishResultParameters): Promise<SolanaWrite> {
    assertTaskId(taskId);
    const cid = bytes32("resultCid", resultCid);
    return {
      missingAccount: "task",
      instructions: [
        await this.programs.marketplace.methods
          .publishResult(cid)
          .accountsPartial({ provider: this.address, task: this.pdas.task(taskId) })
          .instruction(),
      ],
    };
  }
  private async pauseWrite(): Promise<SolanaWrite> {
    return {
      instructions: [
        await this.programs.marketplace.methods
          .pause()
          .accountsPartial({ signer: this.address, config: this.pdas.marketplaceConfig })
          .instruction(),
      ],
    };
  }

  /**
   * Posts a task and escrows its reward; returns the new task id.
   *
   * @example
   * ```ts
   * const { taskId, cost } = await market.createTask({ specHash, reward: 100n * CAL, collateral: 50n * CAL,
   *   deadline: now + 3600n, verifierId: 1, modelCreator: creator.toBase58(), minReputationBps: 5000 });
   * ```
   */
  createTask(parameters: CreateTaskParameters): Promise<CreateTaskReturnType> {
    return this.sendWrite(this.createTaskWrite(parameters));
  }
  /**
   * {@link createTask} as instructions for another signer (e.g. a Squads vault as the client's wallet).
   *
   * @example
   * ```ts
   * const prepared = await market.prepareCreateTask({ specHash, reward: 100n * CAL, collateral: 50n * CAL, deadline, verifierId: 0, minReputationBps: 0 });
   * ```
   */
  prepareCreateTask(parameters: CreateTaskParameters): Promise<SolanaPreparedTransaction> {
    return this.prepareWrite(this.createTaskWrite(parameters));
  }
  /**
   * Runs {@link createTask} without sending: its compute units and the id the task would get (`result.taskId`), or the error sending would throw.
   *
   * @example
   * ```ts
   * const { cost, result } = await market.simulateCreateTask(parameters); // result.taskId: the id it would create
   * ```
   */
  simulateCreateTask(parameters: CreateTaskParameters): Promise<SimulateReturnType<{ readonly taskId: bigint }>> {
    return this.simulateWrite(this.createTaskWrite(parameters));
  }
  /**
   * Cancels an Open task (its user only) and refunds the reward.
   *
   * @example
   * ```ts
   * await market.cancelTask({ taskId: 1n });
   * ```
   */
  cancelTask(parameters: SolanaTaskParameters): Promise<TransactionReceiptSummary> {
    return this.sendWrite(this.cancelTaskWrite(parameters));
  }
  /**
   * {@link cancelTask} as instructions for another signer (e.g. a Squads vault as the client's wallet).
   *
   * @example
   * ```ts
   * const { instructions, feePayer } = await market.prepareCancelTask({ taskId: 1n });
   * ```
   */
  prepareCancelTask(parameters: SolanaTaskParameters): Promise<SolanaPreparedTransaction> {
    return this.prepareWrite(this.cancelTaskWrite(parameters));
  }
  /**
   * Runs {@link cancelTask} without sending: its compute units, or the error sending would throw.
   *
   * @example
   * ```ts
   * await market.simulateCancelTask({ taskId: 1n }); // MarketplaceNotTaskUser for anyone but the task's user
   * ```
   */
  simulateCancelTask(parameters: SolanaTaskParameters): Promise<SimulateReturnType> {
    return this.simulateWrite(this.cancelTaskWrite(parameters));
  }
  /**
   * Takes an Open task, locking collateral from the wallet's free stake.
   *
   * @example
   * ```ts
   * await providerMarket.acceptTask({ taskId: 1n });
   * ```
   */
  acceptTask(parameters: SolanaTaskParameters): Promise<TransactionReceiptSummary> {
    return this.sendWrite(this.acceptTaskWrite(parameters));
  }
  /**
   * {@link acceptTask} as instructions for another signer (e.g. a Squads vault as the client's wallet).
   *
   * @example
   * ```ts
   * const prepared = await providerMarket.prepareAcceptTask({ taskId: 1n });
   * ```
   */
  prepareAcceptTask(parameters: SolanaTaskParameters): Promise<SolanaPreparedTransaction> {
    return this.prepareWrite(this.acceptTaskWrite(parameters));
  }
  /**
   * Runs {@link acceptTask} without sending: its compute units, or the error sending would throw.
   *
   * @example
   * ```ts
   * await providerMarket.simulateAcceptTask({ taskId: 1n }); // MarketplaceStakeBelowMinimum, MarketplaceTaskNotOpen, ...
   * ```
   */
  simulateAcceptTask(parameters: SolanaTaskParameters): Promise<SimulateReturnType> {
    return this.simulateWrite(this.acceptTaskWrite(parameters));
  }
  /**
   * Submits a result: with `proof` = `encodeProofSolana({ proof }).bytes` (256 bytes, A ‖ B ‖ C) for a
   * verified task — checked on chain against the public inputs `[taskId, specHash, resultCommitment,
   * provider pubkey mod 2^248]`, then paid out — or without a proof for an optimistic one.
   *
   * @example
   * ```ts
   * await providerMarket.submitResult({ taskId, resultCommitment, proof: encodeProofSolana({ proof }).bytes });
   * ```
   */
  submitResult(parameters: SubmitResultParameters): Promise<TransactionReceiptSummary> {
    return this.sendWrite(this.submitResultWrite(parameters));
  }
  /**
   * {@link submitResult} as instructions for another signer (e.g. a Squads vault as the client's wallet).
   *
   * @example
   * ```ts
   * const prepared = await providerMarket.prepareSubmitResult({ taskId, resultCommitment, proof });
   * ```
   */
  prepareSubmitResult(parameters: SubmitResultParameters): Promise<SolanaPreparedTransaction> {
    return this.prepareWrite(this.submitResultWrite(parameters));
  }
  /**
   * Runs {@link submitResult} without sending: its compute units, or the error sending would throw.
   *
   * @example
   * ```ts
   * await providerMarket.simulateSubmitResult({ taskId, resultCommitment, proof }); // MarketplaceInvalidProof for a wrong proof
   * ```
   */
  simulateSubmitResult(parameters: SubmitResultParameters): Promise<SimulateReturnType> {
    return this.simulateWrite(this.submitResultWrite(parameters));
  }
  /**
   * Completes a Submitted task after its challenge window and pays out. Anyone.
   *
   * @example
   * ```ts
   * await market.finalize({ taskId: 1n });
   * ```
   */
  finalize(parameters: SolanaTaskParameters): Promise<TransactionReceiptSummary> {
    return this.sendWrite(this.finalizeWrite(parameters));
  }
  /**
   * {@link finalize} as instructions for another signer (e.g. a Squads vault as the client's wallet).
   *
   * @example
   * ```ts
   * const prepared = await market.prepareFinalize({ taskId: 1n });
   * ```
   */
  prepareFinalize(parameters: SolanaTaskParameters): Promise<SolanaPreparedTransaction> {
    return this.prepareWrite(this.finalizeWrite(parameters));
  }
  /**
   * Runs {@link finalize} without sending: its compute units, or the error sending would throw.
   *
   * @example
   * ```ts
   * await market.simulateFinalize({ taskId: 1n }); // MarketplaceChallengePeriodActive inside the window
   * ```
   */
  simulateFinalize(parameters: SolanaTaskParameters): Promise<SimulateReturnType> {
    return this.simulateWrite(this.finalizeWrite(parameters));
  }
  /**
   * Disputes a Submitted task inside its challenge window. Task user only.
   *
   * @example
   * ```ts
   * await userMarket.dispute({ taskId: 1n });
   * ```
   */
  dispute(parameters: SolanaTaskParameters): Promise<TransactionReceiptSummary> {
    return this.sendWrite(this.disputeWrite(parameters));
  }
  /**
   * {@link dispute} as instructions for another signer (e.g. a Squads vault as the client's wallet).
   *
   * @example
   * ```ts
   * const prepared = await userMarket.prepareDispute({ taskId: 1n });
   * ```
   */
  prepareDispute(parameters: SolanaTaskParameters): Promise<SolanaPreparedTransaction> {
    return this.prepareWrite(this.disputeWrite(parameters));
  }
  /**
   * Runs {@link dispute} without sending: its compute units, or the error sending would throw.
   *
   * @example
   * ```ts
   * await userMarket.simulateDispute({ taskId: 1n }); // MarketplaceChallengePeriodOver after the window
   * ```
   */
  simulateDispute(parameters: SolanaTaskParameters): Promise<SimulateReturnType> {
    return this.simulateWrite(this.disputeWrite(parameters));
  }
  /**
   * Resolves a Disputed task: pays out, or refunds and slashes when the provider is at fault. Arbiter only.
   *
   * @example
   * ```ts
   * await arbiterMarket.resolve({ taskId: 1n, providerAtFault: true });
   * ```
   */
  resolve(parameters: SolanaResolveParameters): Promise<TransactionReceiptSummary> {
    return this.sendWrite(this.resolveWrite(parameters));
  }
  /**
   * {@link resolve} as instructions for another signer (e.g. a Squads vault as the client's wallet).
   *
   * @example
   * ```ts
   * const prepared = await arbiterMarket.prepareResolve({ taskId: 1n, providerAtFault: true });
   * ```
   */
  prepareResolve(parameters: SolanaResolveParameters): Promise<SolanaPreparedTransaction> {
    return this.prepareWrite(this.resolveWrite(parameters));
  }
  /**
   * Runs {@link resolve} without sending: its compute units, or the error sending would throw.
   *
   * @example
   * ```ts
   * await arbiterMarket.simulateResolve({ taskId: 1n, providerAtFault: true }); // MarketplaceNotArbiter for anyone else
   * ```
   */
  simulateResolve(parameters: SolanaResolveParameters): Promise<SimulateReturnType> {
    return this.simulateWrite(this.resolveWrite(parameters));
  }
  /**
   * Refunds an Assigned task past its deadline and slashes the provider. Anyone.
   *
   * @example
   * ```ts
   * await market.expire({ taskId: 2n });
   * ```
   */
  expire(parameters: SolanaTaskParameters): Promise<TransactionReceiptSummary> {
    return this.sendWrite(this.expireWrite(parameters));
  }
  /**
   * {@link expire} as instructions for another signer (e.g. a Squads vault as the client's wallet).
   *
   * @example
   * ```ts
   * const prepared = await market.prepareExpire({ taskId: 2n });
   * ```
   */
  prepareExpire(parameters: SolanaTaskParameters): Promise<SolanaPreparedTransaction> {
    return this.prepareWrite(this.expireWrite(parameters));
  }
  /**
   * Runs {@link expire} without sending: its compute units, or the error sending would throw.
   *
   * @example
   * ```ts
   * await market.simulateExpire({ taskId: 2n }); // MarketplaceDeadlineNotPassed before the deadline
   * ```
   */
  simulateExpire(parameters: SolanaTaskParameters): Promise<SimulateReturnType> {
    return this.simulateWrite(this.expireWrite(parameters));
  }
  /**
   * Commits a replica's result (DESIGN §5.2): `commit = replicaCommit(resultHash, salt, provider)` with the
   * provider's universal address (its public key); keep `resultHash` and `salt` for {@link revealResult}.
   *
   * @example
   * ```ts
   * const salt = `0x${randomBytes(32).toString("hex")}` as const;
   * const commit = replicaCommit(resultHash, salt, universalFromPublicKey(wallet.publicKey));
   * await providerMarket.commitResult({ taskId, commit });
   * ```
   */
  commitResult(parameters: CommitResultParameters): Promise<TransactionReceiptSummary> {
    return this.sendWrite(this.commitResultWrite(parameters));
  }
  /**
   * {@link commitResult} as instructions for another signer (e.g. a Squads vault as the client's wallet).
   *
   * @example
   * ```ts
   * const prepared = await providerMarket.prepareCommitResult({ taskId, commit });
   * ```
   */
  prepareCommitResult(parameters: CommitResultParameters): Promise<SolanaPreparedTransaction> {
    return this.prepareWrite(this.commitResultWrite(parameters));
  }
  /**
   * Runs {@link commitResult} without sending: its compute units, or the error sending would throw.
   *
   * @example
   * ```ts
   * await providerMarket.simulateCommitResult({ taskId, commit }); // MarketplaceAlreadyCommitted the second time
   * ```
   */
  simulateCommitResult(parameters: CommitResultParameters): Promise<SimulateReturnType> {
    return this.simulateWrite(this.commitResultWrite(parameters));
  }
  /**
   * Reveals a replica's committed result once every replica committed (or the deadline passed), within the reveal
   * period; the program checks it against the commit (`MarketplaceCommitMismatch`).
   *
   * @example
   * ```ts
   * await providerMarket.revealResult({ taskId, resultHash, salt });
   * ```
   */
  revealResult(parameters: RevealResultParameters): Promise<TransactionReceiptSummary> {
    return this.sendWrite(this.revealResultWrite(parameters));
  }
  /**
   * {@link revealResult} as instructions for another signer (e.g. a Squads vault as the client's wallet).
   *
   * @example
   * ```ts
   * const prepared = await providerMarket.prepareRevealResult({ taskId, resultHash, salt });
   * ```
   */
  prepareRevealResult(parameters: RevealResultParameters): Promise<SolanaPreparedTransaction> {
    return this.prepareWrite(this.revealResultWrite(parameters));
  }
  /**
   * Runs {@link revealResult} without sending: its compute units, or the error sending would throw.
   *
   * @example
   * ```ts
   * await providerMarket.simulateRevealResult({ taskId, resultHash, salt }); // MarketplaceRevealNotOpen before every replica committed
   * ```
   */
  simulateRevealResult(parameters: RevealResultParameters): Promise<SimulateReturnType> {
    return this.simulateWrite(this.revealResultWrite(parameters));
  }
  /**
   * Settles a replicated task once every replica revealed or the reveal window ended. Anyone. The strict majority's
   * replicas are paid `price / k` each (80/15/5), the others slashed, the rest of the reward returned to the user;
   * without a majority the task goes Disputed. The replicas' staking records and token accounts are named from the
   * task's replica records (remaining accounts, in replica order).
   *
   * @example
   * ```ts
   * await market.settle({ taskId });
   * (await market.getTask({ taskId })).status; // TaskStatus.Completed, or TaskStatus.Disputed without a majority
   * ```
   */
  settle(parameters: SolanaTaskParameters): Promise<TransactionReceiptSummary> {
    return this.sendWrite(this.settleWrite(parameters));
  }
  /**
   * {@link settle} as instructions for another signer (e.g. a Squads vault as the client's wallet).
   *
   * @example
   * ```ts
   * const { instructions } = await market.prepareSettle({ taskId });
   * ```
   */
  prepareSettle(parameters: SolanaTaskParameters): Promise<SolanaPreparedTransaction> {
    return this.prepareWrite(this.settleWrite(parameters));
  }
  /**
   * Runs {@link settle} without sending: its compute units, or the error sending would throw.
   *
   * @example
   * ```ts
   * await market.simulateSettle({ taskId }); // MarketplaceRevealPeriodActive while replicas may still reveal
   * ```
   */
  simulateSettle(parameters: SolanaTaskParameters): Promise<SimulateReturnType> {
    return this.simulateWrite(this.settleWrite(parameters));
  }
  /**
   * Settles a Disputed replicated task with the arbiter's winner: the replicas that revealed `resultHash` are paid,
   * the others slashed (Completed); the zero hash means no winner: every replica slashed, the whole reward back to
   * the user (Refunded). Arbiter only; the replicas' accounts are named as for {@link settle}.
   *
   * @example
   * ```ts
   * await arbiterMarket.resolveReplicas({ taskId, resultHash });
   * ```
   */
  resolveReplicas(parameters: ResolveReplicasParameters): Promise<TransactionReceiptSummary> {
    return this.sendWrite(this.resolveReplicasWrite(parameters));
  }
  /**
   * {@link resolveReplicas} as instructions for another signer (e.g. a Squads vault as the client's wallet).
   *
   * @example
   * ```ts
   * const prepared = await arbiterMarket.prepareResolveReplicas({ taskId, resultHash: `0x${"00".repeat(32)}` });
   * ```
   */
  prepareResolveReplicas(parameters: ResolveReplicasParameters): Promise<SolanaPreparedTransaction> {
    return this.prepareWrite(this.resolveReplicasWrite(parameters));
  }
  /**
   * Runs {@link resolveReplicas} without sending: its compute units, or the error sending would throw.
   *
   * @example
   * ```ts
   * await arbiterMarket.simulateResolveReplicas({ taskId, resultHash }); // MarketplaceNotArbiter for anyone else
   * ```
   */
  simulateResolveReplicas(parameters: ResolveReplicasParameters): Promise<SimulateReturnType> {
    return this.simulateWrite(this.resolveReplicasWrite(parameters));
  }
  /**
   * Records where this provider put the encrypted result (DESIGN §5.3): `resultCid` is the 32-byte sha2-256 digest
   * of the result's CIDv1 (raw). The classic task's provider (stored on the task, `result_cid`) or one of its replicas
   * (stored on its replica record), while the task is Assigned, Submitted, Disputed or Completed; a later call
   * replaces the earlier one. No funds move, so the pause does not stop it. Refusals, in order:
   * `MarketplaceTaskNotFound`, `MarketplaceNotTaskProvider`, `MarketplaceTaskNotAssigned`,
   * `MarketplaceInvalidResultCid` (a zero digest). Emits `ResultPublished`.
   *
   * @example
   * ```ts
   * const resultCid = cidDigest(cidOf(sealed)); // sealed: the result envelope's bytes, stored under that CID
   * await providerMarket.publishResult({ taskId, resultCid });
   * ```
   */
  publishResult(parameters: PublishResultParameters): Promise<TransactionReceiptSummary> {
    return this.sendWrite(this.publishResultWrite(parameters));
  }
  /**
   * {@link publishResult} as instructions for another signer (e.g. a Squads vault as the client's wallet).
   *
   * @example
   * ```ts
   * const { instructions } = await providerMarket.preparePublishResult({ taskId, resultCid });
   * ```
   */
  preparePublishResult(parameters: PublishResultParameters): Promise<SolanaPreparedTransaction> {
    return this.prepareWrite(this.publishResultWrite(parameters));
  }
  /**
   * Runs {@link publishResult} without sending: its compute units, or the error sending would throw.
   *
   * @example
   * ```ts
   * await strangerMarket.simulatePublishResult({ taskId, resultCid }); // MarketplaceNotTaskProvider
   * ```
   */
  simulatePublishResult(parameters: PublishResultParameters): Promise<SimulateReturnType> {
    return this.simulateWrite(this.publishResultWrite(parameters));
  }
  /**
   * Pauses task creation, acceptance, submission, commits and reveals (the pauser only; exits, settle,
   * resolveReplicas and publishResult stay open; only governance unpauses).
   *
   * @example
   * ```ts
   * await pauserMarket.pause();
   * ```
   */
  pause(_parameters?: Record<string, never>): Promise<TransactionReceiptSummary> {
    return this.sendWrite(this.pauseWrite());
  }
  /**
   * {@link pause} as instructions for another signer (e.g. a Squads vault as the client's wallet).
   *
   * @example
   * ```ts
   * const prepared = await pauserMarket.preparePause();
   * ```
   */
  preparePause(_parameters?: Record<string, never>): Promise<SolanaPreparedTransaction> {
    return this.prepareWrite(this.pauseWrite());
  }
  /**
   * Runs {@link pause} without sending: its compute units, or the error sending would throw.
   *
   * @example
   * ```ts
   * const { cost } = await pauserMarket.simulatePause();
   * ```
   */
  simulatePause(_parameters?: Record<string, never>): Promise<SimulateReturnType> {
    return this.simulateWrite(this.pauseWrite());
  }
  /**
   * Reads a task with universal addresses and the canonical status; throws `MarketplaceTaskNotFound`
   * for an unknown id. Also reports the challenge window (`submittedAt`, `challengeEndsAt`). A replicated task's
   * `provider` is its first replica (all of them: {@link getReplicas}); its `resultCommitment` is the winning
   * `resultHash` once settled.
   *
   * @example
   * ```ts
   * const task = await market.getTask({ taskId: 1n });
   * task.status; // TaskStatus.Open
   * ```
   */
  async getTask({ taskId }: { readonly taskId: bigint }): Promise<SolanaTask> {
    const t = await this.task(taskId);
    const status = taskStatusOf(t.status);
    const provider = t.provider.equals(PublicKey.default) ? null : universalFromPublicKey(t.provider);
    return {
      id: fromBN(t.id),
      user: universalFromPublicKey(t.user),
      specHash: bytesToBigint(t.specHash),
      reward: fromBN(t.reward),
      collateral: fromBN(t.collateral),
      deadline: fromBN(t.deadline),
      verifierId: Number(fromBN(t.verifierId)),
      modelCreator: t.modelCreator ? universalFromPublicKey(t.modelCreator) : null,
      minReputationBps: t.minReputationBps,
      provider,
      resultCommitment: bytesToBigint(t.resultCommitment),
      status,
      submittedAt: fromBN(t.submittedAt),
      challengeEndsAt: fromBN(t.challengeEndsAt),
    };
  }
  /**
   * Number of tasks created so far (ids are 1..taskCount).
   *
   * @example
   * ```ts
   * const n = await market.taskCount();
   * ```
   */
  async taskCount(): Promise<bigint> {
    return fromBN((await this.config()).nextTaskId) - 1n;
  }
  /**
   * The task's offer terms and replica progress (fields of the task account): a classic task without terms reads
   * as `minReward == maxReward`, `rampDuration` 0, `lockDeadline` = its deadline; `price` is a classic task's locked
   * price (0 before accept); `revealEnd` is 0 until every replica committed.
   *
   * @example
   * ```ts
   * const { minReward, maxReward, lockDeadline, replicas } = await market.getOffer({ taskId });
   * ```
   */
  async getOffer({ taskId }: SolanaTaskParameters): Promise<TaskOffer> {
    return this.offerOf(await this.task(taskId));
  }
  private offerOf(t: SolanaTaskAccount): TaskOffer {
    return {
      minReward: fromBN(t.minReward),
      maxReward: fromBN(t.reward),
      rampStart: fromBN(t.rampStart),
      rampDuration: fromBN(t.rampDuration),
      lockDeadline: fromBN(t.lockDeadline),
      replicas: t.replicas,
      price: fromBN(t.price),
      revealEnd: fromBN(t.revealEnd),
    };
  }
  /**
   * The task's replicas in accept order (empty for a classic task), with universal addresses; `commit` and
   * `resultHash` are zero until set.
   *
   * @example
   * ```ts
   * const replicas = await market.getReplicas({ taskId });
   * replicas.filter((r) => r.state === ReplicaState.Revealed).length;
   * ```
   */
  async getReplicas({ taskId }: SolanaTaskParameters): Promise<readonly Replica[]> {
    const t = await this.task(taskId);
    return this.accepted(t).map((r) => ({
      provider: universalFromPublicKey(r.provider),
      price: fromBN(r.price),
      state: r.state as ReplicaState,
      commit: hex32(r.commit),
      resultHash: hex32(r.resultHash),
    }));
  }
  /**
   * The result CID digest `provider` published for the task ({@link publishResult}): the task account's `result_cid`
   * for a classic task's provider, the replica record's for a replica; zero (`0x00…00`) when it has published none,
   * is not the task's provider or a replica, or the task does not exist (as the EVM and TON views read).
   * `provider` is a base58 public key or its universal address (`0x` and 64 hex digits).
   *
   * @example
   * ```ts
   * const digest = await market.getResultCid({ taskId, provider: providerWallet.publicKey.toBase58() });
   * if (digest !== `0x${"00".repeat(32)}`) fetchFromIpfs(cidFromDigest(digest).toString());
   * ```
   */
  async getResultCid({ taskId, provider }: { readonly taskId: bigint; readonly provider: string }): Promise<`0x${string}`> {
    assertTaskId(taskId);
    const who = /^0x[0-9a-fA-F]{64}$/.test(provider)
      ? new PublicKey(Buffer.from(provider.slice(2), "hex"))
      : parsePublicKey(provider, "provider");
    const t = await this.programs.marketplace.account.task.fetchNullable(this.pdas.task(taskId));
    if (!t) return hex32(new Array<number>(32).fill(0));
    if (t.replicas === 0) return t.provider.equals(who) ? hex32(t.resultCid) : hex32(new Array<number>(32).fill(0));
    const replica = this.accepted(t).find((r) => r.provider.equals(who));
    return hex32(replica ? replica.resultCid : new Array<number>(32).fill(0));
  }
  /**
   * The price accepting would lock at `at` (default: the chain clock), by core's `offerPrice`, and whether the task
   * can still be accepted then (Open, or Assigned with a free replica slot, and `at <= lockDeadline`).
   *
   * @example
   * ```ts
   * const { price, acceptable } = await providerMarket.quoteTask({ taskId });
   * if (acceptable && price >= floor) await providerMarket.acceptTask({ taskId });
   * ```
   */
  async quoteTask({ taskId, at }: SolanaQuoteTaskParameters): Promise<QuoteTaskReturnType> {
    const t = await this.task(taskId);
    const when = at ?? (await this.chainTime());
    const offer = this.offerOf(t);
    return quoteOffer({ offer, status: taskStatusOf(t.status), replicasTaken: this.accepted(t).length, at: when });
  }
  /**
   * Fee split, challenge period, slash rate, pause flag, roles and the escrowed CAL currently in force.
   *
   * @example
   * ```ts
   * const { providerBps, challengePeriod } = await market.parameters();
   * ```
   */
  async parameters(): Promise<SolanaMarketplaceParameters> {
    const c = await this.config();
    return {
      providerBps: BigInt(c.providerBps),
      treasuryBps: BigInt(c.treasuryBps),
      creatorBps: BigInt(c.creatorBps),
      challengePeriod: fromBN(c.challengePeriod),
      slashBps: BigInt(c.slashBps),
      revealPeriod: fromBN(c.revealPeriod),
      paused: c.paused,
      treasury: c.treasury,
      arbiter: c.arbiter,
      pauser: c.pauser,
      admin: c.admin,
      escrowed: (await getAccount(this.params.provider.connection, c.escrow)).amount,
    };
  }
  /**
   * Whether a verifying key is registered under `verifierId`.
   *
   * @example
   * ```ts
   * await market.hasVerifier({ verifierId: 1 }); // true once governance registered it
   * ```
   */
  async hasVerifier({ verifierId }: { readonly verifierId: number }): Promise<boolean> {
    if (!Number.isSafeInteger(verifierId) || verifierId <= 0) return false;
    return (await this.programs.marketplace.account.verifierAccount.fetchNullable(this.pdas.verifier(BigInt(verifierId)))) !== null;
  }
}
