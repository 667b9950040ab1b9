/**
 * @calctra/sdk/zk: proof of result (DESIGN §6) — circuit inputs, Poseidon per curve, Groth16
 * proving with snarkjs, and proof / verifying-key encodings for EVM, Solana and TON.
 */
export * from "./poseidon.js";
export * from "./inputs.js";
export * from "./prove.js";
export * from "./encode.js";
export { loadSnarkjs, type SnarkjsModule } from "./snarkjs.js";
