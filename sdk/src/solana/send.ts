/** Shared plumbing of the Solana adapters: send, decode failures, report compute units. */
import type { Connection } from "@solana/web3.js";
import type { TransactionReceiptSummary } from "@calctra/core";
import { decodeSolanaTransactionError, type DecodeSolanaTransactionErrorParameters } from "./errors.js";

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
