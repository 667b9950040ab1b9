/**
 * Checks of Poseidon MDS matrices over the BLS12-381 scalar field: the characteristic polynomial of
 * M^i must be irreducible for i = 1..2t. Then M^i has no non-trivial invariant subspace (an invariant
 * subspace of dimension k gives a degree-k factor of the characteristic polynomial), which rules out
 * the invariant subspace trails the Poseidon reference script tests for; it is a stronger condition
 * than that script's Algorithms 1-3 (circomlib's BN254 t = 6 and t = 11 matrices do not meet it).
 */
import { fieldModulus } from "@calctra/core";

// Arithmetic over F_r (BLS12-381 scalar field). Polynomials are coefficient arrays, lowest first.
export const R = fieldModulus("bls12381");
export const mod = (a: bigint): bigint => ((a % R) + R) % R;
const inv = (a: bigint): bigint => {
  let [t, nt, r0, r1] = [0n, 1n, R, mod(a)];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [t, nt] = [nt, t - q * nt];
    [r0, r1] = [r1, r0 - q * r1];
  }
  if (r0 !== 1n) throw new Error("not invertible");
  return mod(t);
};
export type Mat = bigint[][];
export type Poly = bigint[];
export const matMul = (a: Mat, b: Mat): Mat => a.map((row) => b[0]!.map((_, j) => mod(row.reduce((acc, x, k) => acc + x * b[k]![j]!, 0n))));
const trim = (p: Poly): Poly => {
  const q = [...p];
  while (q.length > 0 && q[q.length - 1] === 0n) q.pop();
  return q;
};
/** Characteristic polynomial det(xI - A) by Faddeev-LeVerrier (monic, degree n). */
export function charpoly(a: Mat): Poly {
  const n = a.length;
  const c: bigint[] = Array(n + 1).fill(0n);
  c[n] = 1n;
  let m: Mat = a.map((row) => row.map(() => 0n));
  for (let k = 1; k <= n; k++) {
    const am = matMul(a, m);
    m = am.map((row, i) => row.map((x, j) => (i === j ? mod(x + c[n - k + 1]!) : x)));
    const tr = matMul(a, m).reduce((acc, row, i) => acc + row[i]!, 0n);
    c[n - k] = mod(-tr * inv(BigInt(k)));
  }
  return c;
}
function polyMod(a: Poly, f: Poly): Poly {
  const r = trim(a);
  const df = f.length - 1;
  const lead = inv(f[df]!);
  while (r.length - 1 >= df) {
    const coef = mod(r[r.length - 1]! * lead);
    const shift = r.length - 1 - df;
    for (let i = 0; i <= df; i++) r[shift + i] = mod(r[shift + i]! - coef * f[i]!);
    r.pop();
    while (r.length > 0 && r[r.length - 1] === 0n) r.pop();
  }
  return r;
}
function polyMulMod(a: Poly, b: Poly, f: Poly): Poly {
  if (a.length === 0 || b.length === 0) return [];
  const out: bigint[] = Array(a.length + b.length - 1).fill(0n);
  a.forEach((x, i) => {
    b.forEach((y, j) => {
      out[i + j] = out[i + j]! + x * y;
    });
  });
  return polyMod(out.map(mod), f);
}
function polyPowMod(base: Poly, e: bigint, f: Poly): Poly {
  let result: Poly = [1n];
  let b = polyMod(base, f);
  while (e > 0n) {
    if (e & 1n) result = polyMulMod(result, b, f);
    b = polyMulMod(b, b, f);
    e >>= 1n;
  }
  return result;
}
/** h(g(x)) mod f (Horner). */
function compose(h: Poly, g: Poly, f: Poly): Poly {
  let acc: Poly = [];
  for (let i = h.length - 1; i >= 0; i--) {
    acc = polyMulMod(acc, g, f);
    acc = trim([mod((acc[0] ?? 0n) + h[i]!), ...acc.slice(1)]);
  }
  return acc;
}
function gcd(a: Poly, b: Poly): Poly {
  let [x, y] = [trim(a), trim(b)];
  while (y.length > 0) [x, y] = [y, polyMod(x, y)];
  return x;
}
const primeFactors = (n: number): number[] => [
  ...new Set(
    Array.from({ length: n }, (_, i) => i + 1).filter(
      (p) => p > 1 && n % p === 0 && Array.from({ length: p - 2 }, (_, k) => k + 2).every((d) => p % d !== 0),
    ),
  ),
];
/** Rabin's test: f (degree n) is irreducible over F_R. */
export function irreducible(f: Poly): boolean {
  const n = f.length - 1;
  const xq = polyPowMod([0n, 1n], R, f); // x^R mod f; x^(R^k) = (x^(R^(k-1)))(x^R) by Frobenius
  const frob: Poly[] = [[0n, 1n]];
  for (let k = 1; k <= n; k++) frob.push(compose(frob[k - 1]!, xq, f));
  const minusX = (p: Poly): Poly => {
    const q = [...p, 0n, 0n];
    q[1] = mod(q[1]! - 1n);
    return trim(q);
  };
  if (minusX(frob[n]!).length !== 0) return false;
  return primeFactors(n).every((d) => gcd(minusX(frob[n / d]!), f).length === 1);
}

export function modPow(b: bigint, e: bigint): bigint {
  let r = 1n;
  b = mod(b);
  while (e > 0n) {
    if (e & 1n) r = mod(r * b);
    b = mod(b * b);
    e >>= 1n;
  }
  return r;
}

/** True iff M^i has an irreducible characteristic polynomial for every i = 1..2t. */
export function mdsPowersIrreducible(m: Mat): boolean {
  let power: Mat = m;
  for (let i = 1; i <= 2 * m.length; i++) {
    if (!irreducible(charpoly(power))) return false;
    power = matMul(power, m);
  }
  return true;
}
