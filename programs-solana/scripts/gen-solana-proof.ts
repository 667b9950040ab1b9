/**
 * Writes programs-solana/tests-native/fixtures/result_commitment.solana.bn254.json: a real
 * result_commitment proof (the ZK build in circuits/build/bn254, same verifying key as
 * test/vectors/proofs/result_commitment.bn254.json) bound to a Solana provider, so the
 * native tests can run the on-chain success path with a key they can sign with.
 * Provider = ed25519 keypair from the 32-byte seed [7; 32] (Rust: Keypair::new_from_array([7; 32])).
 * Run: npx tsx programs-solana/scripts/gen-solana-proof.ts
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Keypair } from "@solana/web3.js";
import { buildResultCommitmentInputs, providerPublicInput } from "@calctra/core/zk";
import { proveGroth16, terminateCurves, verifyGroth16, type SnarkjsVerificationKey } from "@calctra/core/zk";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const build = join(root, "circuits", "build", "bn254");
const vector = JSON.parse(readFileSync(join(root, "test", "vectors", "proofs", "result_commitment.bn254.json"), "utf8")) as {
  vkey: SnarkjsVerificationKey;
  publicInputs: string[];
};
const provider = Keypair.fromSeed(new Uint8Array(32).fill(7));
const universalAddress = `0x${Buffer.from(provider.publicKey.toBytes()).toString("hex")}` as `0x${string}`;
const { publicInputs, witnessInput } = await buildResultCommitmentInputs({
  curve: "bn254",
  taskId: 1n,
  specHash: BigInt(vector.publicInputs[1]),
  provider: providerPublicInput({ universalAddress }),
  result: [11n, 22n, 33n, 44n],
  salt: 0x5a17n,
});
const { proof, publicSignals } = await proveGroth16({
  wasm: join(build, "result_commitment.wasm"),
  zkey: join(build, "result_commitment.zkey"),
  witnessInput,
});
const expected = publicInputs.map(String);
if (JSON.stringify(publicSignals) !== JSON.stringify(expected)) throw new Error("public signals differ");
if (!(await verifyGroth16({ vkey: vector.vkey, publicInputs: publicSignals, proof }))) {
  throw new Error("proof does not verify against the committed verifying key");
}
const out = join(root, "programs-solana", "tests-native", "fixtures", "result_commitment.solana.bn254.json");
writeFileSync(
  out,
  `${JSON.stringify({ circuit: "result_commitment", curve: "bn254", providerSeedByte: 7, provider: provider.publicKey.toBase58(), publicInputs: expected, proof }, null, 2)}\n`,
);
console.error(`wrote ${out}`);
await terminateCurves();
