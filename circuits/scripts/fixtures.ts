/** Fixed example statements used for the proof vectors, tests and the benchmark. */
import type { DenseSpec } from "@calctra/core/zk";

/** Hardhat account #2 (the `provider` wallet of the EVM test fixture) as a universal address (EVM address left-padded). */
export const EXAMPLE_PROVIDER_ADDRESS = "0x0000000000000000000000003c44cdddb6a900fa2b585dd299e03d12fa4293bc" as const;

export const EXAMPLE_RESULT = {
  taskId: 1n,
  specHash: 0x00c0ffee00000000000000000000000000000000000000000000000000000001n,
  result: [11n, 22n, 33n, 44n],
  salt: 0x5a17n,
} as const;

/** Deterministic pseudo-random int in [lo, hi] (xorshift32 seeded per call site). */
function rng(seed: number): (lo: number, hi: number) => bigint {
  let s = seed >>> 0 || 1;
  return (lo, hi) => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return BigInt(lo + (s % (hi - lo + 1)));
  };
}

export function exampleDense(seed = 2026): DenseSpec {
  const r = rng(seed);
  return {
    W: Array.from({ length: 16 }, () => Array.from({ length: 16 }, () => r(-128, 127))),
    b: Array.from({ length: 16 }, () => r(-32768, 32767)),
    x: Array.from({ length: 16 }, () => r(-128, 127)),
  };
}

export const EXAMPLE_DENSE_TASK = { taskId: 2n, salt: 0xd3a5en } as const;
