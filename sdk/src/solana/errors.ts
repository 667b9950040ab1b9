import { CalctraError, isCalctraErrorName } from "../core/errors.js";
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
