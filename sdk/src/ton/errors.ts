/**
 * TON outcomes: a message's transaction chain, its gas, and failures decoded to the canonical
 * Calctra error names (the exit-code constants of the Tolk sources, generated into ./generated/abi.ts).
 */
import type { Transaction } from "@ton/core";
import { CalctraError, isCalctraErrorName } from "@calctra/core";
import { tonExitCodeNames, type TonExitCodeName } from "./generated/abi.js";

/** A TON failure whose exit code is not one of the canonical Calctra errors (e.g. a jetton balance error). */
export class TonTransactionError extends Error {
  constructor(
    /** Compute-phase exit code, or action-phase result code when `phase` is "action". */
    readonly exitCode: number,
    /** Name of the exit code in the Tolk sources, when it has one (e.g. `JettonBalanceError`). */
    readonly exitName: string | undefined,
    /** "skipped": the message reached an account without code (e.g. an undeployed jetton wallet). */
    readonly phase: "compute" | "action" | "skipped",
    /** Hash of the failing transaction (hex). */
    readonly transaction: string,
  ) {
    super(`TON transaction ${transaction.slice(0, 16)}… failed in the ${phase} phase with ${exitName ?? "exit code"} (${exitCode})`);
    this.name = "TonTransactionError";
  }
}

/**
 * The name of a Calctra TON exit code, or undefined.
 *
 * @example
 * ```ts
 * tonExitCodeName({ exitCode: 401 }); // "MarketplaceTaskNotOpen"
 * ```
 */
export function tonExitCodeName({ exitCode }: { readonly exitCode: number }): TonExitCodeName | undefined {
  return tonExitCodeNames[exitCode];
}

/**
 * A TON exit code as an error: a {@link CalctraError} (chain "ton") for canonical names, a
 * {@link TonTransactionError} otherwise.
 *
 * @example
 * ```ts
 * decodeTonExitCode({ exitCode: 401, transaction: "ab…" }); // CalctraError("MarketplaceTaskNotOpen")
 * ```
 */
export function decodeTonExitCode(p: {
  readonly exitCode: number;
  readonly transaction: string;
  readonly phase?: "compute" | "action";
  readonly args?: Readonly<Record<string, bigint | number | string | boolean>>;
}): Error {
  const name = tonExitCodeName({ exitCode: p.exitCode });
  if (name !== undefined && isCalctraErrorName(name) && (p.phase ?? "compute") === "compute") {
    return new CalctraError(name, { ...(p.args ?? {}), exitCode: p.exitCode, transaction: p.transaction }, "ton");
  }
  return new TonTransactionError(p.exitCode, name, p.phase ?? "compute", p.transaction);
}

/** Gas and outcome of one transaction. */
interface TxOutcome {
  readonly gas: bigint;
  readonly failure?: { readonly code: number; readonly phase: "compute" | "action" | "skipped"; readonly reason?: string };
}

function outcome(tx: Transaction): TxOutcome {
  const d = tx.description;
  if (d.type !== "generic") return { gas: 0n };
  const c = d.computePhase;
  if (c.type === "skipped")
    return c.reason === "no-gas" ? { gas: 0n } : { gas: 0n, failure: { code: -1, phase: "skipped", reason: c.reason } };
  const gas = c.gasUsed;
  // a contract that commits its data and actions before throwing (a refused CAL transfer: refund sent, then the named
  // exit code) ends with success = true but a non-zero exit code: that is a refusal too
  if (!c.success || (c.exitCode !== 0 && c.exitCode !== 1)) return { gas, failure: { code: c.exitCode, phase: "compute" } };
  if (d.actionPhase && !d.actionPhase.success) return { gas, failure: { code: d.actionPhase.resultCode, phase: "action" } };
  return { gas };
}

/** Summary of the transaction chain one message caused. */
export interface TonTraceSummary {
  /** Hash (hex) of the first transaction: the sending wallet's. */
  readonly id: string;
  /** Sum of the compute-phase gas of every transaction in the chain. */
  readonly cost: bigint;
  /** Number of transactions in the chain. */
  readonly transactionCount: number;
}

/**
 * Sums the gas of a transaction chain and throws the first failure in it, decoded (a CalctraError
 * with the canonical name when the exit code has one).
 *
 * @example
 * ```ts
 * const result = await blockchain.sendMessage(message);
 * const { id, cost } = summarizeTonTrace({ transactions: result.transactions });
 * ```
 */
export function summarizeTonTrace({ transactions }: { readonly transactions: readonly Transaction[] }): TonTraceSummary {
  const first = transactions[0];
  if (!first) throw new Error("empty transaction chain");
  let cost = 0n;
  for (const tx of transactions) {
    const o = outcome(tx);
    cost += o.gas;
    if (o.failure?.phase === "skipped") throw new TonTransactionError(-1, o.failure.reason, "skipped", tx.hash().toString("hex"));
    if (o.failure) throw decodeTonExitCode({ exitCode: o.failure.code, phase: o.failure.phase, transaction: tx.hash().toString("hex") });
  }
  return { id: first.hash().toString("hex"), cost, transactionCount: transactions.length };
}

/**
 * Converts a failed get-method call (sandbox `GetMethodError`, or a TonClient "exit_code: N" error)
 * into a decoded error; returns the input when it carries no exit code.
 *
 * @example
 * ```ts
 * try { await market.getTask(1n); } catch (e) { throw decodeTonGetterError(e); }
 * ```
 */
export function decodeTonGetterError(error: unknown): unknown {
  let code: number | undefined;
  if (error && typeof error === "object" && "exitCode" in error && typeof error.exitCode === "number") code = error.exitCode;
  else if (error instanceof Error) {
    const m = /exit_code:?\s*(-?\d+)/.exec(error.message);
    if (m) code = Number(m[1]);
  }
  if (code === undefined || tonExitCodeName({ exitCode: code }) === undefined) return error;
  return decodeTonExitCode({ exitCode: code, transaction: "get-method" });
}
