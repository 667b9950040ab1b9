/**
 * Chain encodings of Groth16 proofs and verifying keys (layouts documented in circuits/README.md).
 * - EVM (BN254): `abi.encode(uint256[2] a, uint256[2][2] b, uint256[2] c)`, G2 coordinates
 *   imaginary part first (EIP-197 order, as snarkjs' Solidity verifier expects).
 * - Solana (BN254, alt_bn128 syscalls): big-endian bytes; G1 = x(32) | y(32); G2 = x.c1 | x.c0 |
 *   y.c1 | y.c0 (32 each); the proof is A | B | C with A as snarkjs gives it — the marketplace
 *   program negates A itself and checks e(-A, B) * e(alpha, beta) * e(vk_x, gamma) * e(C, delta) == 1
 *   in one pairing call (programs-solana/README.md, `submit_result(commitment, proof)`).
 * - TON (BLS12-381, TVM BLS_* opcodes): compressed points (G1 48 bytes, G2 96 bytes, ZCash
 *   encoding as @noble/curves' toRawBytes(true)); the verifying key stores -beta, -gamma, -delta
 *   so the check e(A, B) * e(alpha, -beta) * e(vk_x, -gamma) * e(C, -delta) == 1 needs no negation.
 */
import { bls12_381 } from "@noble/curves/bls12-381";
import { beginCell, type Cell } from "@ton/core";
import { concat as concatBytes, encodeAbiParameters, numberToBytes, type Hex } from "viem";
import { CalctraError } from "../errors.js";
import { invalidInput } from "../input.js";
import type { SnarkjsGroth16Proof, SnarkjsVerificationKey } from "./snarkjs.js";

/** BN254 base field modulus q (coordinates of G1/G2 points). */
export const BN254_Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;

const big = (s: string | undefined): bigint => {
  if (typeof s !== "string" || !/^\d{1,200}$/.test(s))
    throw invalidInput("InvalidArgument", "point", s, { expected: "decimal coordinate" });
  return BigInt(s);
};
const g1 = (p: readonly string[]): [bigint, bigint] => {
  if (!Array.isArray(p)) throw invalidInput("InvalidArgument", "point", p, { expected: "snarkjs G1 point" });
  return [big(p[0]), big(p[1])];
};
const g2 = (p: readonly (readonly string[])[]): [[bigint, bigint], [bigint, bigint]] => {
  const [x, y] = Array.isArray(p) ? p : [];
  if (!Array.isArray(x) || !Array.isArray(y)) throw invalidInput("InvalidArgument", "point", p, { expected: "snarkjs G2 point" });
  return [
    [big(x[0]), big(x[1])],
    [big(y[0]), big(y[1])],
  ];
};

/** Parameters of the proof encoders. */
export interface EncodeProofParameters {
  proof: SnarkjsGroth16Proof;
}

/**
 * EVM calldata for `IProofVerifier.verifyProof(bytes proof, uint256[4])`.
 * @example
 * const proofBytes = encodeProofEvm({ proof });
 * await verifier.read.verifyProof([proofBytes, publicInputs]);
 */
export function encodeProofEvm({ proof }: EncodeProofParameters): Hex {
  const a = g1(proof.pi_a);
  const [[bx0, bx1], [by0, by1]] = g2(proof.pi_b);
  const c = g1(proof.pi_c);
  return encodeAbiParameters(
    [{ type: "uint256[2]" }, { type: "uint256[2][2]" }, { type: "uint256[2]" }],
    [
      a,
      [
        [bx1, bx0],
        [by1, by0],
      ],
      c,
    ],
  );
}

const be32 = (v: bigint): Uint8Array => {
  if (v < 0n || v >= 1n << 256n) throw invalidInput("InvalidArgument", "coordinate", v, { max: (1n << 256n) - 1n });
  return numberToBytes(v, { size: 32 });
};
const concat = (parts: readonly Uint8Array[]): Uint8Array => concatBytes([...parts]);
const solG1 = (p: readonly string[]): Uint8Array => concat(g1(p).map(be32));
const solG2 = (p: readonly (readonly string[])[]): Uint8Array => {
  const [[x0, x1], [y0, y1]] = g2(p);
  return concat([be32(x1), be32(x0), be32(y1), be32(y0)]);
};

/** Return type of {@link encodeProofSolana}. */
export interface EncodeProofSolanaReturnType {
  /** A, 64 bytes (not negated) */
  a: Uint8Array;
  /** -A, 64 bytes: for verifiers that take A pre-negated (the Calctra program does not; informational) */
  aNeg: Uint8Array;
  /** B, 128 bytes */
  b: Uint8Array;
  /** C, 64 bytes */
  c: Uint8Array;
  /** a | b | c, 256 bytes: exactly the `proof` argument of the marketplace's `submit_result` */
  bytes: Uint8Array;
}

/**
 * Proof bytes for the Solana marketplace (`submit_result`): A | B | C, A not negated (the program
 * negates it before the pairing check).
 * @example
 * const { bytes } = encodeProofSolana({ proof });
 * await market.submitResult({ taskId, resultCommitment, proof: bytes });
 */
export function encodeProofSolana({ proof }: EncodeProofParameters): EncodeProofSolanaReturnType {
  const [ax, ay] = g1(proof.pi_a);
  const a = concat([be32(ax), be32(ay)]);
  const aNeg = concat([be32(ax), be32(ay === 0n ? 0n : BN254_Q - ay)]);
  const b = solG2(proof.pi_b);
  const c = solG1(proof.pi_c);
  return { a, aNeg, b, c, bytes: concat([a, b, c]) };
}

/** Parameters of the verifying-key encoders. */
export interface EncodeVerifyingKeyParameters {
  vkey: SnarkjsVerificationKey;
}

/** Return type of {@link encodeVerifyingKeySolana}. */
export interface EncodeVerifyingKeySolanaReturnType {
  alphaG1: Uint8Array;
  betaG2: Uint8Array;
  gammaG2: Uint8Array;
  deltaG2: Uint8Array;
  /** IC[0..nPublic], 64 bytes each */
  ic: Uint8Array[];
  /** alpha(64) | beta(128) | gamma(128) | delta(128) | u32 BE count of IC | IC... */
  bytes: Uint8Array;
}

/**
 * Verifying key bytes for a Solana account (BN254 only).
 * @example
 * const { bytes } = encodeVerifyingKeySolana({ vkey });
 */
export function encodeVerifyingKeySolana({ vkey }: EncodeVerifyingKeyParameters): EncodeVerifyingKeySolanaReturnType {
  if (vkey.curve !== "bn128") throw invalidInput("InvalidArgument", "vkey.curve", vkey.curve, { expected: "bn128" });
  const alphaG1 = solG1(vkey.vk_alpha_1);
  const betaG2 = solG2(vkey.vk_beta_2);
  const gammaG2 = solG2(vkey.vk_gamma_2);
  const deltaG2 = solG2(vkey.vk_delta_2);
  const ic = vkey.IC.map(solG1);
  const n = new Uint8Array(4);
  new DataView(n.buffer).setUint32(0, ic.length, false);
  return { alphaG1, betaG2, gammaG2, deltaG2, ic, bytes: concat([alphaG1, betaG2, gammaG2, deltaG2, n, ...ic]) };
}

const { Fp2 } = bls12_381.fields;
/** Runs @noble/curves' point check, refusing a point off the curve or outside the subgroup with a typed error. */
function onCurve(check: () => void, group: "G1" | "G2"): void {
  try {
    check();
  } catch (e) {
    throw new CalctraError("InvalidArgument", { input: "point", expected: `a BLS12-381 ${group} point in the subgroup` }, "sdk", e);
  }
}
function tonG1(p: readonly string[], negate = false): Buffer {
  const [x, y] = g1(p);
  let pt = bls12_381.G1.ProjectivePoint.fromAffine({ x, y });
  onCurve(() => pt.assertValidity(), "G1");
  if (negate) pt = pt.negate();
  return Buffer.from(pt.toRawBytes(true));
}
function tonG2(p: readonly (readonly string[])[], negate = false): Buffer {
  const [[x0, x1], [y0, y1]] = g2(p);
  let pt = bls12_381.G2.ProjectivePoint.fromAffine({ x: Fp2.create({ c0: x0, c1: x1 }), y: Fp2.create({ c0: y0, c1: y1 }) });
  onCurve(() => pt.assertValidity(), "G2");
  if (negate) pt = pt.negate();
  return Buffer.from(pt.toRawBytes(true));
}

/** Parameters of {@link encodeG1Ton}. */
export interface EncodeG1TonParameters {
  /** affine snarkjs G1 point `[x, y, "1"]` (decimal strings) on BLS12-381 */
  point: readonly string[];
  /** encode -P instead of P */
  negate?: boolean;
}

/**
 * A BLS12-381 G1 point as the 48-byte compressed encoding TVM's BLS_* opcodes take.
 * Throws when the point is not on the curve or not in the subgroup.
 * @example
 * const a = encodeG1Ton({ point: proof.pi_a });
 */
export function encodeG1Ton({ point, negate = false }: EncodeG1TonParameters): Buffer {
  return tonG1(point, negate);
}

/**
 * Proof cell for the TON verifier: A(48) | C(48), ref0 = B(96).
 * @example
 * const proofCell = encodeProofTon({ proof });
 */
export function encodeProofTon({ proof }: EncodeProofParameters): Cell {
  return beginCell()
    .storeBuffer(tonG1(proof.pi_a))
    .storeBuffer(tonG1(proof.pi_c))
    .storeRef(beginCell().storeBuffer(tonG2(proof.pi_b)).endCell())
    .endCell();
}

/**
 * Verifying-key cell for contracts-ton/contracts/zk/groth16.tolk:
 * root = alpha(48) | nPublic u8, refs = [-beta(96)], [-gamma(96)], [-delta(96)], IC chain
 * (two 48-byte points per cell, next cell in ref0).
 * @example
 * const vkCell = encodeVerifyingKeyTon({ vkey });
 */
export function encodeVerifyingKeyTon({ vkey }: EncodeVerifyingKeyParameters): Cell {
  if (vkey.curve !== "bls12381") throw invalidInput("InvalidArgument", "vkey.curve", vkey.curve, { expected: "bls12381" });
  if (!Array.isArray(vkey.IC) || vkey.IC.length !== vkey.nPublic + 1)
    throw invalidInput("InvalidArgument", "vkey.IC", vkey.IC, { expected: "nPublic + 1 points", nPublic: vkey.nPublic });
  const ics = vkey.IC.map((p) => tonG1(p));
  let chain: Cell | null = null;
  for (let i = Math.floor((ics.length - 1) / 2) * 2; i >= 0; i -= 2) {
    const b = beginCell().storeBuffer(ics[i]!);
    if (i + 1 < ics.length) b.storeBuffer(ics[i + 1]!);
    if (chain) b.storeRef(chain);
    chain = b.endCell();
  }
  if (!chain) throw invalidInput("InvalidArgument", "vkey.IC", vkey.IC, { expected: "at least one point" });
  return beginCell()
    .storeBuffer(tonG1(vkey.vk_alpha_1))
    .storeUint(vkey.nPublic, 8)
    .storeRef(beginCell().storeBuffer(tonG2(vkey.vk_beta_2, true)).endCell())
    .storeRef(beginCell().storeBuffer(tonG2(vkey.vk_gamma_2, true)).endCell())
    .storeRef(beginCell().storeBuffer(tonG2(vkey.vk_delta_2, true)).endCell())
    .storeRef(chain)
    .endCell();
}
