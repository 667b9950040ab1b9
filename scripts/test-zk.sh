#!/usr/bin/env bash
# ZK suite: the committed generated files match the circuits' build (cached under $HOME/.cache/calctra/zk),
# then the circuit tests (with the native prover's, circuits/test/native-prover.test.ts), EVM verifier and TON verifier tests (core/test/zk.test.ts runs in the core suite). Ends with "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
export PATH="$PWD/node_modules/.bin:$PATH"
needs circuits hardhat prover
echo "== generated files are current"
check "BLS12-381 Poseidon circom matches the core constants" tsx circuits/scripts/gen-bls-poseidon.ts --check
check "EVM verifiers match the zkeys" bash circuits/scripts/export-evm.sh --check
check "Solana exports match the vectors" tsx circuits/scripts/export-solana-vk.ts --check
check "TON Tolk verifier matches its generator" tsx contracts-ton/scripts/zk/gen-groth16.ts --check
echo "== native prover (Rust unit tests)"
check "native prover: FFT and witness MSM match their references (cargo test)" bash circuits/scripts/build-prover.sh --test
run_mocha circuits mocha --config circuits/test/.mocharc.json
run_mocha evm-zk nice hardhat test mocha contracts-evm/test/zk/verifiers.test.ts contracts-evm/test/zk/marketplace-proof.test.ts
run_mocha ton-zk mocha --config contracts-ton/tests/zk/.mocharc.json
finish
