import { CalctraError, isCalctraErrorName } from "@calctra/core";
import { calctraIdls } from "./generated/idls.js";

/** Anchor's own framework error for an account that was never created (e.g. an unknown task PDA). */
export const ANCHOR_ACCOUNT_NOT_INITIALIZED = 3012;

/** A program's custom error as listed in its IDL. */
export interface SolanaProgramError {
  readonly program: string;
  readonly programId: string;
  readonly code: number;
  readonly name: string;
  readonly msg: string;
}

// Every Calctra program has its own code range (staking 6000, marketplace 6100, governance 6200,
// cal_token 6300, bridge 6400), so a code alone names the error, even from a nested CPI.
const byCode = new Map<number, SolanaProgramError>();
for (const idl of calctraIdls) {
  for (const e of (idl as { errors?: ReadonlyArray<{ code: number; name: string; msg?: string }> }).errors ?? []) {
    byCode.set(e.code, { program: idl.metadata.name, programId: idl.address, code: e.code, name: e.name, msg: e.msg ?? "" });
  }
}

/**
 * Looks up a custom error code of the Calctra programs.
 *
 * @example
 * ```ts
 * solanaProgramError(6101)?.name; // "MarketplaceTaskNotOpen"
 * ```
 */
export function solanaProgramError(code: number): SolanaProgramError | undefined {
  return byCode.get(code);
}

/** Parameters of {@link decodeSolanaError}. */
export interface DecodeSolanaErrorParameters {
  /** The custom program error code (InstructionError::Custom). */
  readonly code: number;
  /** What the instruction addressed, so that Anchor's 3012 on a task account reads as MarketplaceTaskNotFound. */
  readonly missingAccount?: "task" | "provider" | "proposal";
  readonly cause?: unknown;
}

/**
 * Turns a Solana custom error code into a {@link CalctraError} with the canonical name, or
 * `undefined` when the code is not one of Calctra's.
 *
 * @example
 * ```ts
 * decodeSolanaError({ code: 6101 }); // CalctraError MarketplaceTaskNotOpen (chain "solana")
 * decodeSolanaError({ code: 3012, missingAccount: "task" }); // MarketplaceTaskNotFound
 * ```
 */
export function decodeSolanaError({ code, missingAccount, cause }: DecodeSolanaErrorParameters): CalctraError | undefined {
  if (code === ANCHOR_ACCOUNT_NOT_INITIALIZED && missingAccount) {
    const name = { task: "MarketplaceTaskNotFound", provider: "StakingNotRegistered", proposal: "GovernorNonexistentProposal" } as const;
    return new CalctraError(name[missingAccount], { code }, "solana", cause);
  }
  const e = byCode.get(code);
  if (!e || !isCalctraErrorName(e.name)) return undefined;
  return new CalctraError(e.name, { code, program: e.program }, "solana", cause);
}

/** Parameters of {@link decodeSolanaTransactionError}. */
export interface DecodeSolanaTransactionErrorParameters {
  /**
   * What the instruction addressed: Anchor's 3012 (AccountNotInitialized) on that account (by its IDL
   * name when Anchor reports it) reads as the canonical "not found" name.
   */
  readonly missingAccount?: DecodeSolanaErrorParameters["missingAccount"];
}

const MISSING_ACCOUNT_NAMES = {
  task: ["task"],
  provider: ["provider", "provider_record", "providerRecord"],
  proposal: ["proposal"],
} as const;

/**
 * Finds the custom program error code in what a failed send threw: Anchor's `AnchorError`
 * (`error.errorCode.number`) or `ProgramError` (`code`), or web3.js' `SendTransactionError`
 * (`custom program error: 0x…` in its message, or `Error Number: …` in its logs).
 *
 * @example
 * ```ts
 * solanaErrorCode(e); // 6101
 * ```
 */
export function solanaErrorCode(error: unknown): { readonly code: number; readonly origin?: string } | undefined {
  let e: unknown = error;
  for (let depth = 0; e && typeof e === "object" && depth < 8; depth++) {
    const c = e as {
      error?: { errorCode?: { number?: unknown }; origin?: unknown };
      code?: unknown;
      message?: unknown;
      logs?: unknown;
      transactionLogs?: unknown;
      cause?: unknown;
    };
    const n = c.error?.errorCode?.number;
    if (typeof n === "number") {
      const origin = typeof c.error?.origin === "string" ? c.error.origin : undefined;
      return origin === undefined ? { code: n } : { code: n, origin };
    }
    if (typeof c.code === "number" && "msg" in c) return { code: c.code };
    const text = [
      typeof c.message === "string" ? c.message : "",
      ...(Array.isArray(c.logs) ? c.logs : []),
      ...(Array.isArray(c.transactionLogs) ? c.transactionLogs : []),
    ].join("\n");
    const anchorLog = /AnchorError caused by account: (\w+)\. Error Code: \w+\. Error Number: (\d+)/.exec(text);
    if (anchorLog) return { code: Number(anchorLog[2]), origin: anchorLog[1]! };
    const number = /Error Number: (\d+)/.exec(text);
    if (number) return { code: Number(number[1]) };
    const custom = /custom program error: 0x([0-9a-fA-F]+)/.exec(text);
    if (custom) return { code: parseInt(custom[1]!, 16) };
    e = c.cause;
  }
  return undefined;
}

/**
 * Turns whatever a failed Solana send threw into a {@link CalctraError} with the canonical name when
 * the failure is one of Calctra's program errors; returns the original error otherwise.
 *
 * @example
 * ```ts
 * try { await program.methods.acceptTask().accountsPartial({ ... }).rpc(); }
 * catch (e) { throw decodeSolanaTransactionError(e, { missingAccount: "task" }); }
 * ```
 */
export function decodeSolanaTransactionError(error: unknown, parameters: DecodeSolanaTransactionErrorParameters = {}): unknown {
  if (error instanceof CalctraError) return error;
  const found = solanaErrorCode(error);
  if (!found) return error;
  const { missingAccount } = parameters;
  const matches =
    missingAccount !== undefined &&
    (found.origin === undefined || (MISSING_ACCOUNT_NAMES[missingAccount] as readonly string[]).includes(found.origin));
  return decodeSolanaError({ code: found.code, ...(matches ? { missingAccount } : {}), cause: error }) ?? error;
}
