/**
 * Circuit inputs for the Calctra proof-of-result circuits (DESIGN §6, CONVENTIONS "Proof public
 * inputs"). Every public input is `[taskId, specHash, resultCommitment, provider]`.
 */
import { CalctraError, SPEC_HASH_BOUND, fieldModulus, type Task } from "../index.js";
import { arrayInput, bigintInput, curveInput, hex32Input, invalidInput, shown } from "../input.js";
import { poseidonHash, type ProofCurve } from "./poseidon.js";

// Bad input throws CalctraError: `MarketplaceFieldElementOutOfRange` (the on-chain name) for a value outside the field,
// `FixedPointOutOfRange` outside a fixed-point range, `InvalidAddress` or `InvalidArgument` for a wrong shape or type.

function assertField(curve: ProofCurve, name: string, v: bigint): void {
  bigintInput(name, v);
  if (v < 0n || v >= fieldModulus(curveInput("curve", curve)))
    throw new CalctraError("MarketplaceFieldElementOutOfRange", { input: name, value: v, curve });
}
function assertBelow248(name: string, v: bigint): void {
  bigintInput(name, v);
  if (v < 0n || v >= SPEC_HASH_BOUND) throw new CalctraError("MarketplaceFieldElementOutOfRange", { input: name, value: v });
}

/** Parameters of {@link providerPublicInput}. */
export interface ProviderPublicInputParameters {
  /** 32-byte universal address as 0x-prefixed 64 hex digits, or 32 bytes. An EVM address may be given as 0x + 40 hex. */
  universalAddress: `0x${string}` | Uint8Array;
}

/**
 * provider public input = universal address (big-endian) mod 2^248 (core's `providerField`, also
 * taking a 20-byte EVM address or raw 32 bytes).
 * @example
 * providerPublicInput({ universalAddress: "0x000000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266" });
 */
export function providerPublicInput({ universalAddress }: ProviderPublicInputParameters): bigint {
  let hex: string;
  if (typeof universalAddress === "string") {
    if (!/^0x([0-9a-fA-F]{40}|[0-9a-fA-F]{64})$/.test(universalAddress)) {
      throw invalidInput("InvalidAddress", "universalAddress", universalAddress, { expected: "20 or 32 bytes of 0x-hex" });
    }
    hex = universalAddress.slice(2);
  } else {
    if (!(universalAddress instanceof Uint8Array) || universalAddress.length !== 32)
      throw invalidInput("InvalidAddress", "universalAddress", universalAddress, { expected: "32 bytes" });
    hex = Array.from(universalAddress, (b) => b.toString(16).padStart(2, "0")).join("");
  }
  return BigInt(`0x${hex}`) % SPEC_HASH_BOUND;
}

/** The four public inputs, in circuit order. */
export type PublicInputs = readonly [taskId: bigint, specHash: bigint, resultCommitment: bigint, provider: bigint];

/** Parameters of {@link buildResultCommitmentInputs}. */
export interface BuildResultCommitmentInputsParameters {
  curve: ProofCurve;
  taskId: bigint;
  /** < 2^248 */
  specHash: bigint;
  /** provider field element (see {@link providerPublicInput}) */
  provider: bigint;
  /** exactly 4 field elements */
  result: readonly bigint[];
  salt: bigint;
}
/** Return type of the input builders. */
export interface CircuitInputsReturnType {
  publicInputs: PublicInputs;
  /** the JSON object snarkjs' witness calculator takes (decimal strings) */
  witnessInput: Record<string, string | string[] | string[][]>;
}

/** Number of result field elements of the `result_commitment` circuit. */
export const RESULT_COMMITMENT_ARITY = 4;

/**
 * Inputs of the `result_commitment` circuit: resultCommitment = Poseidon(result[0..3], salt).
 * @example
 * const { publicInputs, witnessInput } = await buildResultCommitmentInputs({
 *   curve: "bn254", taskId: 1n, specHash: 42n, provider: 7n, result: [1n, 2n, 3n, 4n], salt: 99n });
 */
export async function buildResultCommitmentInputs(p: BuildResultCommitmentInputsParameters): Promise<CircuitInputsReturnType> {
  if (arrayInput("result", p.result).length !== RESULT_COMMITMENT_ARITY)
    throw invalidInput("InvalidArgument", "result", p.result, { length: RESULT_COMMITMENT_ARITY });
  assertField(p.curve, "taskId", p.taskId);
  assertBelow248("specHash", p.specHash);
  assertBelow248("provider", p.provider);
  for (const [i, v] of p.result.entries()) assertField(p.curve, `result[${i}]`, v);
  assertField(p.curve, "salt", p.salt);
  const resultCommitment = await poseidonHash({ curve: p.curve, inputs: [...p.result, p.salt] });
  return {
    publicInputs: [p.taskId, p.specHash, resultCommitment, p.provider],
    witnessInput: {
      taskId: p.taskId.toString(),
      specHash: p.specHash.toString(),
      resultCommitment: resultCommitment.toString(),
      provider: p.provider.toString(),
      result: p.result.map(String),
      salt: p.salt.toString(),
    },
  };
}

/** Dense layer dimensions of the `dense_inference` circuit. */
export const DENSE_M = 16;
export const DENSE_N = 16;
const INT8_MIN = -128n,
  INT8_MAX = 127n,
  INT16_MIN = -32768n,
  INT16_MAX = 32767n;

/** A dense layer and its input, as fixed-point integers (see circuits/README.md). */
export interface DenseSpec {
  /** W[16][16], int8 */
  W: readonly (readonly bigint[])[];
  /** b[16], int16 at the product scale */
  b: readonly bigint[];
  /** x[16], int8 */
  x: readonly bigint[];
}

function checkDense({ W, b, x }: DenseSpec): void {
  const expected = `W[${DENSE_M}][${DENSE_N}], b[${DENSE_M}], x[${DENSE_N}]`;
  const rows: [string, unknown, number][] = [
    ["W", W, DENSE_M],
    ["b", b, DENSE_M],
    ["x", x, DENSE_N],
  ];
  if (Array.isArray(W)) for (const [i, r] of W.entries()) rows.push([`W[${i}]`, r, DENSE_N]);
  for (const [name, v, n] of rows) if (!Array.isArray(v) || v.length !== n) throw invalidInput("InvalidArgument", name, v, { expected });
  const chk = (name: string, v: bigint, lo: bigint, hi: bigint) => {
    if (bigintInput(name, v) < lo || v > hi) throw invalidInput("FixedPointOutOfRange", name, v, { min: lo, max: hi });
  };
  for (const [i, r] of W.entries()) for (const [j, v] of r.entries()) chk(`W[${i}][${j}]`, v, INT8_MIN, INT8_MAX);
  for (const [i, v] of b.entries()) chk(`b[${i}]`, v, INT16_MIN, INT16_MAX);
  for (const [j, v] of x.entries()) chk(`x[${j}]`, v, INT8_MIN, INT8_MAX);
}

/** Packs unsigned values of the given widths into <= 248-bit chunks, never splitting a value. */
function pack(entries: readonly { v: bigint; w: number }[]): bigint[] {
  const chunks: bigint[] = [0n];
  let used = 0;
  for (const { v, w } of entries) {
    if (used + w > 248) {
      chunks.push(0n);
      used = 0;
    }
    chunks[chunks.length - 1]! += v << BigInt(used);
    used += w;
  }
  return chunks;
}

/** Parameters of {@link denseSpecHash}. */
export interface DenseSpecHashParameters extends DenseSpec {
  curve: ProofCurve;
}

/**
 * specHash of a dense task = Poseidon(pack(W, b, x)) mod 2^248.
 * @example
 * const specHash = await denseSpecHash({ curve: "bn254", W, b, x });
 */
export async function denseSpecHash(p: DenseSpecHashParameters): Promise<bigint> {
  checkDense(p);
  const entries = [
    ...p.W.flatMap((r) => r.map((v) => ({ v: v + 128n, w: 8 }))),
    ...p.b.map((v) => ({ v: v + 32768n, w: 16 })),
    ...p.x.map((v) => ({ v: v + 128n, w: 8 })),
  ];
  const h = await poseidonHash({ curve: p.curve, inputs: pack(entries) });
  return h % SPEC_HASH_BOUND;
}

/** Parameters of {@link denseForward}. */
export type DenseForwardParameters = DenseSpec;

/**
 * y = W.x + b, exact integers (scale 2^-14).
 * @example
 * const y = denseForward({ W, b, x });
 */
export function denseForward(p: DenseForwardParameters): bigint[] {
  checkDense(p);
  return p.W.map((row, i) => row.reduce((acc, w, j) => acc + w * p.x[j]!, p.b[i]!));
}

/** Parameters of {@link denseResultCommitment}. */
export interface DenseResultCommitmentParameters {
  curve: ProofCurve;
  y: readonly bigint[];
  salt: bigint;
}

/**
 * resultCommitment of a dense task = Poseidon(pack(y + 2^19 as 20-bit values), salt).
 * @example
 * const c = await denseResultCommitment({ curve: "bn254", y, salt: 5n });
 */
export async function denseResultCommitment({ curve, y, salt }: DenseResultCommitmentParameters): Promise<bigint> {
  assertField(curve, "salt", salt);
  if (arrayInput("y", y).length !== DENSE_M) throw invalidInput("InvalidArgument", "y", y, { length: DENSE_M });
  const chunks = pack(
    y.map((v, i) => {
      if (bigintInput(`y[${i}]`, v) <= -(1n << 19n) || v >= 1n << 19n)
        throw invalidInput("FixedPointOutOfRange", `y[${i}]`, v, { min: -(1n << 19n) + 1n, max: (1n << 19n) - 1n });
      return { v: v + (1n << 19n), w: 20 };
    }),
  );
  return poseidonHash({ curve, inputs: [...chunks, salt] });
}

/** Parameters of {@link buildDenseInferenceInputs}. */
export interface BuildDenseInferenceInputsParameters extends DenseSpec {
  curve: ProofCurve;
  taskId: bigint;
  provider: bigint;
  salt: bigint;
}

/** Return type of {@link buildDenseInferenceInputs}. */
export interface DenseInferenceInputsReturnType extends CircuitInputsReturnType {
  y: bigint[];
}

function fieldString(curve: ProofCurve, v: bigint): string {
  const r = fieldModulus(curve);
  return (((v % r) + r) % r).toString();
}

/**
 * Inputs of the `dense_inference` circuit (computes y, specHash and resultCommitment).
 * @example
 * const { publicInputs, witnessInput, y } = await buildDenseInferenceInputs({
 *   curve: "bn254", taskId: 1n, provider: 7n, W, b, x, salt: 5n });
 */
export async function buildDenseInferenceInputs(p: BuildDenseInferenceInputsParameters): Promise<DenseInferenceInputsReturnType> {
  assertField(p.curve, "taskId", p.taskId);
  assertBelow248("provider", p.provider);
  const specHash = await denseSpecHash(p);
  const y = denseForward(p);
  const resultCommitment = await denseResultCommitment({ curve: p.curve, y, salt: p.salt });
  const fs = (v: bigint) => fieldString(p.curve, v);
  return {
    y,
    publicInputs: [p.taskId, specHash, resultCommitment, p.provider],
    witnessInput: {
      taskId: p.taskId.toString(),
      specHash: specHash.toString(),
      resultCommitment: resultCommitment.toString(),
      provider: p.provider.toString(),
      W: p.W.map((r) => r.map(fs)),
      b: p.b.map(fs),
      x: p.x.map(fs),
      salt: p.salt.toString(),
    },
  };
}

/** Parameters of {@link taskStatement}. */
export interface TaskStatementParameters {
  /** the task as read from any chain (its `provider` must be set: the task is Assigned) */
  task: Pick<Task, "id" | "specHash" | "provider">;
  /** `bn254` for EVM and Solana, `bls12381` for TON */
  curve: ProofCurve;
}
/** Return type of {@link taskStatement}: the task-derived part of the public inputs. */
export interface TaskStatementReturnType {
  taskId: bigint;
  specHash: bigint;
  provider: bigint;
}

/**
 * The task-bound public inputs (taskId, specHash, provider field) of a task, with the field checks
 * of CONVENTIONS.md. Feed them to {@link buildResultCommitmentInputs} or
 * {@link buildDenseInferenceInputs}.
 * @example
 * const task = await marketplace.getTask({ taskId: 1n });
 * const st = taskStatement({ task, curve: "bn254" });
 * const { witnessInput } = await buildResultCommitmentInputs({ curve: "bn254", ...st, result, salt });
 */
export function taskStatement({ task, curve }: TaskStatementParameters): TaskStatementReturnType {
  if (task.provider === null) throw new CalctraError("MarketplaceTaskNotAssigned", { taskId: shown(task.id) });
  assertField(curve, "taskId", task.id);
  assertBelow248("specHash", task.specHash);
  return { taskId: task.id, specHash: task.specHash, provider: providerPublicInput({ universalAddress: task.provider }) };
}

/** Parameters of {@link outputCommitment}. */
export interface OutputCommitmentParameters {
  curve: ProofCurve;
  /** keccak-256 of the output tensor (`resultHashOf(output)` in `@calctra/core/delivery`) */
  resultHash: `0x${string}`;
  salt: bigint;
}

/**
 * The `result_commitment` circuit's result vector for a delivered output of any shape: `[resultHash mod 2^248, 0, 0, 0]`.
 * @example
 * const result = outputResult("0x12…");
 */
export function outputResult(resultHash: `0x${string}`): bigint[] {
  hex32Input("resultHash", resultHash);
  return [BigInt(resultHash) % SPEC_HASH_BOUND, 0n, 0n, 0n];
}

/**
 * `resultCommitment` of a classic task whose output is delivered (DESIGN §5.3): Poseidon(outputResult(resultHash), salt)
 * on the task's curve — what a provider submits and proves with the `result_commitment` circuit, and what the user
 * recomputes from the delivered output and salt.
 * @example
 * const c = await outputCommitment({ curve: "bn254", resultHash: resultHashOf(y), salt });
 */
export async function outputCommitment({ curve, resultHash, salt }: OutputCommitmentParameters): Promise<bigint> {
  assertField(curve, "salt", salt);
  return poseidonHash({ curve, inputs: [...outputResult(resultHash), salt] });
}
