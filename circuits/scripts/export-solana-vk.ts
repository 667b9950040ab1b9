/**
 * Exports BN254 verifying keys and the vector proofs in the byte layout the Solana alt_bn128
 * verifier stores and consumes (see circuits/README.md "Solana layout"):
 *   test/vectors/proofs/<circuit>.bn254.solana.json
 * `--check` fails when a committed export differs from a fresh one.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { encodeProofSolana, encodeVerifyingKeySolana } from "@calctra/core/zk";
import type { SnarkjsGroth16Proof, SnarkjsVerificationKey } from "@calctra/core/zk";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
const check = process.argv.includes("--check");
let bad = 0;
for (const circuit of ["result_commitment", "dense_inference"]) {
  const vectorFile = join(root, "test", "vectors", "proofs", `${circuit}.bn254.json`);
  if (!existsSync(vectorFile)) continue;
  const v = JSON.parse(readFileSync(vectorFile, "utf8")) as {
    publicInputs: string[];
    proof: SnarkjsGroth16Proof;
    vkey: SnarkjsVerificationKey;
  };
  const vk = encodeVerifyingKeySolana({ vkey: v.vkey });
  const pf = encodeProofSolana({ proof: v.proof });
  const out = {
    circuit,
    curve: "bn254",
    layout:
      "big-endian; G1 = x|y (64 B); G2 = x.c1|x.c0|y.c1|y.c0 (128 B); proof.bytes = A|B|C (A not negated: " +
      "submit_result negates it on chain); proof.aNeg = -A; " +
      "vk.bytes = alpha|beta|gamma|delta|u32 nIC|IC[nIC]; check e(-A,B)*e(alpha,beta)*e(vk_x,gamma)*e(C,delta) == 1, " +
      "vk_x = IC[0] + sum(publicInputs[i] * IC[i+1])",
    vk: {
      alphaG1: hex(vk.alphaG1),
      betaG2: hex(vk.betaG2),
      gammaG2: hex(vk.gammaG2),
      deltaG2: hex(vk.deltaG2),
      ic: vk.ic.map(hex),
      bytes: hex(vk.bytes),
    },
    proof: { aNeg: hex(pf.aNeg), b: hex(pf.b), c: hex(pf.c), bytes: hex(pf.bytes) },
    publicInputs: v.publicInputs.map((x) => BigInt(x).toString(16).padStart(64, "0")),
  };
  const text = `${JSON.stringify(out, null, 2)}\n`;
  const file = join(root, "test", "vectors", "proofs", `${circuit}.bn254.solana.json`);
  if (check) {
    if (!existsSync(file) || readFileSync(file, "utf8") !== text) {
      console.error(`${file} is stale (run tsx circuits/scripts/export-solana-vk.ts)`);
      bad++;
    }
  } else writeFileSync(file, text);
}
process.exit(bad ? 1 : 0);
