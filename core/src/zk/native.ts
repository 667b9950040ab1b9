/**
 * Native Groth16 proving (Node only): circom's wasm witness calculator (circom_runtime, as snarkjs uses it, in JS;
 * compiled once per wasm instead of on every proof) computes the witness, and the Rust addon built from circuits/prover-native (arkworks, release build) proves
 * with the same `.zkey` snarkjs uses. The result has snarkjs' shape, so everything that takes a
 * `proveGroth16` result (snarkjs `groth16.verify`, `encodeProofEvm` / `encodeProofSolana` / `encodeProofTon`)
 * takes this one. BN254 and BLS12-381 keys are both supported (the curve is read from the zkey).
 *
 * Not browser-safe (loads a native addon): its own subpath, `@calctra/core/zk-native`, never `@calctra/core/zk`.
 * The addon is built by circuits/scripts/build-prover.sh (`bash scripts/build.sh prover`).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import type { SnarkjsGroth16Proof } from "./snarkjs.js";

/** A proof could not be made: bad input (the witness does not satisfy the circuit), a wrong or broken key, no addon. */
export class NativeProverError extends Error {
  override name = "NativeProverError";
}

/** Parameters of {@link proveGroth16Native}: those of core's `proveGroth16`, except that the zkey must be a path. */
export interface ProveGroth16NativeParameters {
  /** witness-calculator wasm (path or bytes), e.g. circuits/build/bn254/result_commitment.wasm */
  wasm: string | Uint8Array;
  /** proving key path, e.g. circuits/build/bn254/result_commitment.zkey (parsed once, then cached by path, size and mtime) */
  zkey: string;
  /** `witnessInput` from an input builder */
  witnessInput: Record<string, unknown>;
}

/** Milliseconds spent in each part of one native proof. */
export interface NativeProveTimings {
  /** circom wasm witness calculator (JS) */
  witnessMs: number;
  /** the addon call, end to end (includes the parts below) */
  proveMs: number;
  /** reading the zkey (≈ 0 when cached) */
  zkeyLoadMs: number;
  zkeyCached: boolean;
  witnessReadMs: number;
  /** A·B − C on the odd coset (3 iFFT + 3 FFT) */
  quotientMs: number;
  /** the five multi-scalar multiplications */
  msmMs: number;
  /** the pairing check every proof passes before it is returned */
  selfCheckMs: number;
}

/** Return type of {@link proveGroth16Native}. */
export interface ProveGroth16NativeReturnType {
  proof: SnarkjsGroth16Proof;
  /** public signals as decimal strings, in circuit order */
  publicSignals: string[];
  timings: NativeProveTimings;
}

interface NativeModule {
  prove(zkeyPath: string, wtns: Buffer): Promise<string>;
  proveSync(zkeyPath: string, wtns: Buffer): string;
  loadZkey(zkeyPath: string): string;
  clearCache(): void;
  solvePower(seed: Buffer, provider: Buffer, target: Buffer, m: number, start: string, limit: string): Promise<string>;
  measureHashRate(ms: number): string;
}

/**
 * Where the addon is loaded from: `CALCTRA_PROVER_NATIVE`, else
 * `$CARGO_TARGET_DIR/release/libcalctra_prover_native.so` (CARGO_TARGET_DIR defaults to `~/.cache/calctra/cargo-target`).
 * @example
 * console.log(nativeProverAddonPath()); // /root/.cache/calctra/cargo-target/release/libcalctra_prover_native.so
 */
export function nativeProverAddonPath(): string {
  const explicit = process.env.CALCTRA_PROVER_NATIVE;
  if (explicit !== undefined && explicit !== "") return resolve(explicit);
  const target = process.env.CARGO_TARGET_DIR || join(homedir(), ".cache", "calctra", "cargo-target");
  const file = process.platform === "darwin" ? "libcalctra_prover_native.dylib" : "libcalctra_prover_native.so";
  return resolve(target, "release", file);
}

let loaded: { path: string; module: NativeModule } | undefined;
function addon(): NativeModule {
  const path = nativeProverAddonPath();
  if (loaded?.path === path) return loaded.module;
  if (!existsSync(path)) {
    throw new NativeProverError(
      `native prover addon not found at ${path}: run \`bash scripts/build.sh prover\` (or set CALCTRA_PROVER_NATIVE)`,
    );
  }
  const holder: { exports: unknown } = { exports: {} };
  process.dlopen(holder, path);
  const module = holder.exports as NativeModule;
  if (typeof module.prove !== "function") throw new NativeProverError(`${path} is not the Calctra native prover addon`);
  loaded = { path, module };
  return module;
}

/** Parameters of {@link computeWitness}. */
export interface ComputeWitnessParameters {
  wasm: string | Uint8Array;
  witnessInput: Record<string, unknown>;
}

/** circom_runtime's witness calculator (what snarkjs `wtns.calculate` builds on every call). */
interface WitnessCalculator {
  calculateWTNSBin(input: Record<string, unknown>, sanityCheck: boolean): Promise<Uint8Array>;
}
const byPath = new Map<string, { stamp: string; wc: Promise<WitnessCalculator> }>();
const byBytes = new WeakMap<Uint8Array, Promise<WitnessCalculator>>();
let queue: Promise<unknown> = Promise.resolve();

async function buildCalculator(code: Uint8Array): Promise<WitnessCalculator> {
  // @ts-expect-error circom_runtime ships no types: WitnessCalculator above describes the part used here
  const { WitnessCalculatorBuilder } = (await import("circom_runtime")) as {
    WitnessCalculatorBuilder: (code: Uint8Array, options?: Record<string, unknown>) => Promise<WitnessCalculator>;
  };
  return WitnessCalculatorBuilder(code, {});
}
/** One compiled and instantiated calculator per wasm (a path is re-read when its size or mtime changes). */
function witnessCalculator(wasm: string | Uint8Array): Promise<WitnessCalculator> {
  if (typeof wasm !== "string") {
    const hit = byBytes.get(wasm);
    if (hit) return hit;
    const wc = buildCalculator(wasm);
    byBytes.set(wasm, wc);
    return wc;
  }
  const path = resolve(wasm);
  const st = statSync(path);
  const stamp = `${st.size}:${st.mtimeMs}`;
  const hit = byPath.get(path);
  if (hit?.stamp === stamp) return hit.wc;
  const wc = buildCalculator(readFileSync(path));
  byPath.set(path, { stamp, wc });
  return wc;
}

/**
 * Runs circom's wasm witness calculator (circom_runtime, the one snarkjs uses, compiled once per wasm and reused);
 * returns the `.wtns` bytes. A wrong input (a failed constraint assertion, a missing or extra signal) is a
 * {@link NativeProverError}; the calculator's own console output is kept quiet.
 * @example
 * const wtns = await computeWitness({ wasm, witnessInput });
 */
export async function computeWitness({ wasm, witnessInput }: ComputeWitnessParameters): Promise<Uint8Array> {
  let wc: WitnessCalculator;
  try {
    wc = await witnessCalculator(wasm);
  } catch (e) {
    throw new NativeProverError(`witness calculator: ${e instanceof Error ? e.message : String(e)}`);
  }
  // one calculation at a time per process (a calculator instance is not re-entrant)
  const run = queue.then(async () => {
    const saved = { log: console.log, error: console.error };
    const failure: string[] = [];
    console.log = (...a: unknown[]) => void failure.push(a.map(String).join(" "));
    console.error = console.log;
    try {
      return await wc.calculateWTNSBin(witnessInput, true);
    } catch (e) {
      const detail = [e instanceof Error ? e.message : String(e), ...failure].join("; ").replace(/\s+/g, " ").slice(0, 600);
      throw new NativeProverError(`witness generation failed — the input does not satisfy the circuit: ${detail}`);
    } finally {
      console.log = saved.log;
      console.error = saved.error;
    }
  });
  queue = run.catch(() => undefined);
  return run;
}

interface NativeAnswer {
  result: { proof: SnarkjsGroth16Proof; publicSignals: string[] };
  timings: Omit<NativeProveTimings, "witnessMs" | "proveMs">;
}

/**
 * Proves a statement natively; same parameters and result as core's `proveGroth16` (plus timings). Every proof
 * passes the Groth16 pairing check inside the addon before it is returned.
 * @example
 * const { proof, publicSignals } = await proveGroth16Native({ wasm, zkey: "circuits/build/bn254/dense_inference.zkey", witnessInput });
 */
export async function proveGroth16Native({
  wasm,
  zkey,
  witnessInput,
}: ProveGroth16NativeParameters): Promise<ProveGroth16NativeReturnType> {
  const native = addon();
  const t0 = performance.now();
  const wtns = await computeWitness({ wasm, witnessInput });
  const t1 = performance.now();
  let json: string;
  try {
    json = await native.prove(resolve(zkey), Buffer.from(wtns.buffer, wtns.byteOffset, wtns.byteLength));
  } catch (e) {
    throw new NativeProverError(`native prover: ${e instanceof Error ? e.message : String(e)}`);
  }
  const t2 = performance.now();
  const answer = JSON.parse(json) as NativeAnswer;
  return { ...answer.result, timings: { witnessMs: t1 - t0, proveMs: t2 - t1, ...answer.timings } };
}

/** Parameters of {@link proveWitnessNative}. */
export interface ProveWitnessNativeParameters {
  zkey: string;
  /** `.wtns` bytes from {@link computeWitness} */
  wtns: Uint8Array;
}

/**
 * The proving part alone, from a witness (what the benchmark times separately).
 * @example
 * const { proof } = await proveWitnessNative({ zkey, wtns: await computeWitness({ wasm, witnessInput }) });
 */
export async function proveWitnessNative({ zkey, wtns }: ProveWitnessNativeParameters): Promise<ProveGroth16NativeReturnType> {
  const t1 = performance.now();
  let json: string;
  try {
    json = await addon().prove(resolve(zkey), Buffer.from(wtns.buffer, wtns.byteOffset, wtns.byteLength));
  } catch (e) {
    throw new NativeProverError(`native prover: ${e instanceof Error ? e.message : String(e)}`);
  }
  const answer = JSON.parse(json) as NativeAnswer;
  return { ...answer.result, timings: { witnessMs: 0, proveMs: performance.now() - t1, ...answer.timings } };
}

/** What a proving key is, as the addon reads it (and caches it). */
export interface NativeZkeyInfo {
  curve: "bn254" | "bls12381";
  nVars: number;
  nPublic: number;
  domainSize: number;
  loadMs: number;
}

/**
 * Parses and caches a proving key ahead of the first proof (a provider agent does this at start-up).
 * @example
 * const { curve, domainSize } = loadZkeyNative({ zkey });
 */
export function loadZkeyNative({ zkey }: { zkey: string }): NativeZkeyInfo {
  try {
    return JSON.parse(addon().loadZkey(resolve(zkey))) as NativeZkeyInfo;
  } catch (e) {
    throw new NativeProverError(`native prover: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Drops the addon's cached proving keys (the bench uses it to time a cold key load). */
export function clearNativeZkeyCache(): void {
  addon().clearCache();
}

// ── Proof of computational power (DESIGN §11): the provider's side ─────────────────────────────

const bytes32 = (name: string, hex: `0x${string}` | bigint): Buffer => {
  const h = typeof hex === "bigint" ? hex.toString(16).padStart(64, "0") : hex.slice(2);
  if (!/^[0-9a-fA-F]{64}$/.test(h)) throw new NativeProverError(`${name} must be 32 bytes`);
  return Buffer.from(h, "hex");
};

/** Parameters of {@link solvePowerNative}. */
export interface SolvePowerNativeParameters {
  /** The challenge's seed. */
  seed: `0x${string}`;
  /** The provider's 32-byte universal address. */
  provider: `0x${string}`;
  /** Solutions hash strictly below this (a u256). */
  target: bigint;
  /** How many solutions (the challenge's m). */
  m: number;
  /** First nonce tried (default 0). */
  start?: bigint;
  /** Most nonces hashed before giving up (default 2^40). */
  limit?: bigint;
}

/**
 * Finds the first `m` nonces (strictly increasing) whose `keccak256(seed | provider | nonce u64)` is below `target`,
 * on every core in the native addon. Fewer than `m` come back when `limit` ran out.
 * @example
 * const { nonces } = await solvePowerNative({ seed, provider, target, m: 8 });
 */
export async function solvePowerNative(p: SolvePowerNativeParameters): Promise<{ nonces: bigint[]; hashes: bigint; ms: number }> {
  const json = await addon().solvePower(
    bytes32("seed", p.seed),
    bytes32("provider", p.provider),
    bytes32("target", p.target >= 1n << 256n ? (1n << 256n) - 1n : p.target),
    p.m,
    (p.start ?? 0n).toString(),
    (p.limit ?? 1n << 40n).toString(),
  );
  const r = JSON.parse(json) as { nonces: string[]; hashes: string; ms: number };
  return { nonces: r.nonces.map((n) => BigInt(n)), hashes: BigInt(r.hashes), ms: r.ms };
}

/**
 * Measures this machine's keccak-256 rate on every core for about `ms` milliseconds: the `claimedRate` to declare.
 * @example
 * const { rate } = measureHashRateNative({ ms: 2000 }); // hashes per second
 */
export function measureHashRateNative({ ms = 2000 }: { ms?: number } = {}): {
  rate: number;
  hashes: bigint;
  seconds: number;
  threads: number;
} {
  const r = JSON.parse(addon().measureHashRate(ms)) as { hashes: string; seconds: number; threads: number };
  return { rate: Number(r.hashes) / r.seconds, hashes: BigInt(r.hashes), seconds: r.seconds, threads: r.threads };
}
