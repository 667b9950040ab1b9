/**
 * @calctra/sdk/zk: proof of result (DESIGN §6) — circuit inputs, Poseidon per curve, Groth16 proving with
 * snarkjs, and proof / verifying-key encodings for EVM, Solana and TON. The implementation lives in
 * `@calctra/core/zk` (contract, circuit and program tooling may depend on core only); this entry re-exports it.
 */
export * from "@calctra/core/zk";
