/**
 * Poseidon hashes used by the Calctra circuits, off-circuit.
 *
 * - BN254: circomlib's Poseidon (constants generated for the BN254 scalar field), computed with
 *   poseidon-lite (circomlib-compatible; cross-checked against circomlibjs by core/test/zk.test.ts).
 * - BLS12-381: Poseidon with the same shape (x^5 S-box, R_F = 8, circomlib's R_P per width,
 *   capacity element first, output = state[0]) but with round constants and a Cauchy MDS
 *   matrix generated for the BLS12-381 scalar field by the reference Grain-LFSR procedure
 *   (`grainGenConstants` of @noble/curves, seeded with field = prime, S-box = x^alpha,
 *   n = 255 bits, t, R_F, R_P; MDS candidates rejected as in {@link BLS_POSEIDON_MDS_SKIP}).
 *   x^5 is a permutation of that field because gcd(5, r - 1) = 1.
 *
 * `circuits/scripts/gen-bls-poseidon.ts` writes the circom template from the same constants,
 * so the circuit and this module cannot drift apart.
 */
import { bls12_381 } from "@noble/curves/bls12-381";
import { grainGenConstants, poseidon as noblePoseidon } from "@noble/curves/abstract/poseidon";
import { CalctraError, fieldModulus, type Curve } from "../index.js";
import { arrayInput, bigintInput, curveInput, invalidInput } from "../input.js";

/** Curves a proof can be made on (`bn254` for EVM and Solana, `bls12381` for TON). */
export type ProofCurve = Curve;

/** Partial-round counts of circomlib's Poseidon for t = 2..17 (index t - 2). */
export const POSEIDON_PARTIAL_ROUNDS: readonly number[] = [56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64, 68];
/** Full rounds (all widths). */
export const POSEIDON_FULL_ROUNDS = 8;

/**
 * Widths t supported on BLS12-381, with the number of Grain-LFSR MDS candidates skipped: like the
 * reference script, rejected matrices are replaced by the next ones drawn from the same stream; we
 * take the first Cauchy matrix M for which M^i has an irreducible characteristic polynomial for
 * every i = 1..2t (no invariant subspace; checked by circuits/test/poseidon-mds.test.ts).
 */
export const BLS_POSEIDON_MDS_SKIP: Readonly<Record<number, number>> = { 3: 7, 4: 0, 6: 2, 11: 20 };

/** Parameters of {@link poseidonBls12381Constants}. */
export interface PoseidonConstantsParameters {
  /** State width t = number of inputs + 1, 2..17. */
  t: number;
}
/** Return type of {@link poseidonBls12381Constants}. */
export interface PoseidonConstantsReturnType {
  t: number;
  roundsFull: number;
  roundsPartial: number;
  /** roundConstants[round][i] */
  roundConstants: bigint[][];
  /** mds[row][col] */
  mds: bigint[][];
}

const constantsCache = new Map<number, PoseidonConstantsReturnType>();

/**
 * Round constants and MDS matrix of the BLS12-381 Poseidon for width t.
 * @example
 * const { roundConstants, mds } = poseidonBls12381Constants({ t: 3 });
 */
export function poseidonBls12381Constants({ t }: PoseidonConstantsParameters): PoseidonConstantsReturnType {
  const skip = BLS_POSEIDON_MDS_SKIP[t];
  if (skip === undefined) throw invalidInput("InvalidArgument", "t", t, { expected: "a vetted width: 3, 4, 6 or 11" });
  const cached = constantsCache.get(t);
  if (cached) return cached;
  const roundsPartial = POSEIDON_PARTIAL_ROUNDS[t - 2]!;
  const { roundConstants, mds } = grainGenConstants(
    {
      Fp: bls12_381.fields.Fr,
      t,
      roundsFull: POSEIDON_FULL_ROUNDS,
      roundsPartial,
    },
    skip,
  );
  const out = { t, roundsFull: POSEIDON_FULL_ROUNDS, roundsPartial, roundConstants, mds };
  constantsCache.set(t, out);
  return out;
}

/** Parameters of {@link poseidonHash}. */
export interface PoseidonHashParameters {
  curve: ProofCurve;
  /** 1..16 field elements, each < r of the curve. */
  inputs: readonly bigint[];
}

/** circomlib's BN254 Poseidon (poseidon-lite: the same constants, no dependencies, browser-safe), loaded lazily. */
async function bn254Poseidon(inputs: readonly bigint[]): Promise<bigint> {
  const lite = (await import("poseidon-lite")) as unknown as Record<string, ((input: bigint[]) => bigint) | undefined>;
  const hash = lite[`poseidon${inputs.length}`];
  if (!hash) throw invalidInput("InvalidArgument", "inputs", inputs, { min: 1, max: 16 });
  return hash([...inputs]);
}

/**
 * Poseidon(inputs) exactly as the circuit's `Hash(n)` template computes it on `curve`.
 * @example
 * const h = await poseidonHash({ curve: "bls12381", inputs: [1n, 2n] });
 */
export async function poseidonHash({ curve, inputs }: PoseidonHashParameters): Promise<bigint> {
  arrayInput("inputs", inputs);
  if (inputs.length < 1 || inputs.length > 16) throw invalidInput("InvalidArgument", "inputs", inputs, { min: 1, max: 16 });
  const r = fieldModulus(curveInput("curve", curve));
  for (const [i, x] of inputs.entries())
    if (bigintInput(`inputs[${i}]`, x) < 0n || x >= r) throw new CalctraError("MarketplaceFieldElementOutOfRange", { value: x, curve });
  if (curve === "bn254") return bn254Poseidon(inputs);
  const c = poseidonBls12381Constants({ t: inputs.length + 1 });
  const perm = noblePoseidon({
    Fp: bls12_381.fields.Fr,
    t: c.t,
    roundsFull: c.roundsFull,
    roundsPartial: c.roundsPartial,
    sboxPower: 5,
    mds: c.mds,
    roundConstants: c.roundConstants,
  });
  return perm([0n, ...inputs])[0]!;
}
