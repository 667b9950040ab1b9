/**
 * Shared plumbing of the Solana adapters: the prepared form of a write ({@link SolanaPreparedTransaction}),
 * simulating it ({@link simulateSolana}), sending it ({@link sendSolana}), decoding failures and reporting compute
 * units. Every write of the Solana clients goes prepare -> simulate or send through these.
 */
import {
  SendTransactionError,
  Transaction,
  TransactionMessage,
  VersionedTransaction,
  type AccountMeta,
  type Commitment,
  type Connection,
  type PublicKey,
  type Signer,
  type TransactionError,
  type TransactionInstruction,
} from "@solana/web3.js";
import type { AnchorProvider } from "@coral-xyz/anchor";
import type { SimulateReturnType, TransactionReceiptSummary } from "@calctra/core";
import { decodeSolanaTransactionError, type DecodeSolanaTransactionErrorParameters } from "./errors.js";

/**
 * A write action prepared for a signer elsewhere (a Squads multisig, a hardware or browser wallet): nothing is
 * signed or sent, and the acting wallet only lends its public key.
 *
 * - `instructions`: in order, for one transaction (a Squads vault transaction's message as they are). Where an
 *   action pays someone, an idempotent "create associated token account" instruction comes first.
 * - `feePayer`: the acting wallet. It also pays the rent of the accounts the action creates (a task, a vote record,
 *   an outbound record, a recipient's token account). For a Squads multisig, build the client over a provider whose
 *   wallet's `publicKey` is the vault PDA: the vault is then the authority, the payer and the fee payer.
 * - `signers`: every public key that must sign: the fee payer first, then each key an instruction marks as signer.
 *   For every Calctra action that is the acting wallet alone.
 * - `extraSigners`: keypairs the transaction needs besides `signers`' wallets, e.g. a fresh account it creates.
 *   Empty for every Calctra action (their new accounts are PDAs or associated token accounts), so a multisig can
 *   execute any of them; when not empty, they sign next to the wallet (`transaction.partialSign(...extraSigners)`).
 *
 * Accounts derived from a counter (createTask's task id, propose's proposal id, a bridge transfer's outbound nonce)
 * are fixed when the action is prepared: if another transaction takes that id first, the prepared one fails its
 * seeds check and changes nothing; prepare it again.
 */
export interface SolanaPreparedTransaction {
  readonly instructions: readonly TransactionInstruction[];
  readonly feePayer: PublicKey;
  readonly signers: readonly PublicKey[];
  readonly extraSigners: readonly Signer[];
}

/** Parameters of {@link prepareSolana}. */
export interface PrepareSolanaParameters {
  readonly instructions: readonly TransactionInstruction[];
  readonly feePayer: PublicKey;
  readonly extraSigners?: readonly Signer[];
}

/**
 * A {@link SolanaPreparedTransaction} of `instructions` paid by `feePayer`: the signers are read from the
 * instructions' account metas.
 *
 * @example
 * ```ts
 * const prepared = prepareSolana({ instructions: [ix], feePayer: wallet.publicKey });
 * prepared.signers; // [wallet.publicKey]
 * ```
 */
export function prepareSolana({ instructions, feePayer, extraSigners = [] }: PrepareSolanaParameters): SolanaPreparedTransaction {
  const signers: PublicKey[] = [feePayer];
  const metas: AccountMeta[] = instructions.flatMap((ix) => ix.keys);
  for (const m of metas) if (m.isSigner && !signers.some((k) => k.equals(m.pubkey))) signers.push(m.pubkey);
  return { instructions: [...instructions], feePayer, signers, extraSigners: [...extraSigners] };
}

/** Parameters of {@link simulateSolana}. */
export interface SimulateSolanaParameters extends DecodeSolanaTransactionErrorParameters {
  readonly connection: Connection;
  readonly prepared: SolanaPreparedTransaction;
  /** Commitment of the bank state simulated against (default `"confirmed"`). */
  readonly commitment?: Commitment;
  /** What is being simulated, for errors that are not Calctra's. */
  readonly context?: string;
}

/** A web3.js `SendTransactionError` of a failed simulation, in the shape a failed send has (for the decoder). */
function simulationError(err: TransactionError, logs: readonly string[]): SendTransactionError {
  let text = JSON.stringify(err);
  if (typeof err === "object" && err !== null && "InstructionError" in err) {
    const [index, inner] = (err as { InstructionError: [number, unknown] }).InstructionError;
    const custom =
      typeof inner === "object" && inner !== null && "Custom" in inner ? Number((inner as { Custom: number }).Custom) : undefined;
    text = `Error processing Instruction ${index}: ${custom === undefined ? JSON.stringify(inner) : `custom program error: 0x${custom.toString(16)}`}`;
  }
  return new SendTransactionError({
    action: "simulate",
    signature: "",
    transactionMessage: `Transaction simulation failed: ${text}`,
    logs: [...logs],
  });
}

/**
 * Runs a prepared transaction against the current bank without signing or sending it (`simulateTransaction` with
 * `sigVerify: false` and the latest blockhash): nothing changes. A refusal throws what sending would (the
 * {@link CalctraError} of the program error, same name); otherwise returns the compute units consumed (on the native
 * test host: the host's figures, not SBF compute units).
 *
 * @example
 * ```ts
 * const { cost } = await simulateSolana({ connection, prepared: await market.prepareCancelTask({ taskId: 1n }) });
 * ```
 */
export async function simulateSolana({
  connection,
  prepared,
  commitment = "confirmed",
  context,
  missingAccount,
}: SimulateSolanaParameters): Promise<SimulateReturnType> {
  const { blockhash } = await connection.getLatestBlockhash(commitment);
  const message = new TransactionMessage({
    payerKey: prepared.feePayer,
    recentBlockhash: blockhash,
    instructions: [...prepared.instructions],
  }).compileToLegacyMessage();
  const sim = await connection.simulateTransaction(new VersionedTransaction(message), {
    sigVerify: false,
    replaceRecentBlockhash: true,
    commitment,
  });
  if (sim.value.err) {
    const error = simulationError(sim.value.err, sim.value.logs ?? []);
    const decoded = decodeSolanaTransactionError(error, missingAccount === undefined ? {} : { missingAccount });
    if (decoded === error && context) error.message = `${context}: ${error.message}`;
    throw decoded;
  }
  const units = sim.value.unitsConsumed;
  return typeof units === "number" ? { cost: BigInt(units) } : {};
}

/** Parameters of {@link sendSolana}. */
export interface SendSolanaParameters extends DecodeSolanaTransactionErrorParameters {
  readonly connection: Connection;
  /** Sends and confirms; resolves to the transaction signature (e.g. Anchor's `.rpc()`). */
  readonly send: () => Promise<string>;
  /** What is being sent, for errors that are not Calctra's. */
  readonly context?: string;
}

/**
 * Sends a transaction and summarises it: `id` = the signature, `cost` = the compute units the
 * connection reports for it (`getTransaction(...).meta.computeUnitsConsumed`; omitted when it reports
 * none). Against the native test host (solana-program-test running the programs as host code) these
 * are the host's figures, not SBF compute units. Program errors come back as {@link CalctraError}.
 *
 * @example
 * ```ts
 * const { id, cost } = await sendSolana({ connection, send: () => program.methods.dispute().accountsPartial({ ... }).rpc() });
 * ```
 */
export async function sendSolana({ connection, send, context, missingAccount }: SendSolanaParameters): Promise<TransactionReceiptSummary> {
  let id: string;
  try {
    id = await send();
  } catch (e) {
    const decoded = decodeSolanaTransactionError(e, missingAccount === undefined ? {} : { missingAccount });
    if (decoded === e && context && e instanceof Error) e.message = `${context}: ${e.message}`;
    throw decoded;
  }
  const cost = await computeUnits(connection, id);
  return cost === undefined ? { id } : { id, cost };
}

/** Parameters of {@link sendPreparedSolana}. */
export interface SendPreparedSolanaParameters extends DecodeSolanaTransactionErrorParameters {
  /** Its wallet signs (and must be the prepared fee payer); its connection sends, with its options. */
  readonly provider: AnchorProvider;
  readonly prepared: SolanaPreparedTransaction;
  readonly context?: string;
}

/**
 * Signs a prepared transaction with the provider's wallet (and its extra signers), sends it and waits for
 * confirmation, as {@link sendSolana}.
 *
 * @example
 * ```ts
 * const { id, cost } = await sendPreparedSolana({ provider, prepared: await token.prepareTransfer({ to, amount }) });
 * ```
 */
export async function sendPreparedSolana({
  provider,
  prepared,
  context,
  missingAccount,
}: SendPreparedSolanaParameters): Promise<TransactionReceiptSummary> {
  if (!prepared.feePayer.equals(provider.wallet.publicKey)) {
    throw new RangeError(
      `the prepared fee payer ${prepared.feePayer.toBase58()} is not the provider's wallet ${provider.wallet.publicKey.toBase58()}`,
    );
  }
  return sendSolana({
    connection: provider.connection,
    send: () => provider.sendAndConfirm(new Transaction().add(...prepared.instructions), [...prepared.extraSigners]),
    ...(context === undefined ? {} : { context }),
    ...(missingAccount === undefined ? {} : { missingAccount }),
  });
}

/**
 * Compute units a confirmed transaction consumed, when the connection reports them.
 *
 * @example
 * ```ts
 * const units = await computeUnits(connection, signature); // bigint | undefined
 * ```
 */
export async function computeUnits(connection: Connection, signature: string): Promise<bigint | undefined> {
  try {
    const tx = await connection.getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
    const units = tx?.meta?.computeUnitsConsumed;
    return typeof units === "number" ? BigInt(units) : undefined;
  } catch {
    return undefined;
  }
}
