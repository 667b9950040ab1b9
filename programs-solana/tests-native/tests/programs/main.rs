//! Host-native tests of the Calctra Solana programs (solana-program-test, real SPL Token).
mod bridge_tests;
mod bridge_v2_tests;
mod cal_token_tests;
mod governance_actions_tests;
mod governance_executor_tests;
mod governance_vault_tests;
mod groth16_tests;
mod initialize_tests;
mod marketplace_tests;
mod math_and_vectors;
mod offers_tests;
mod power_tests;
mod publish_result_tests;
mod replicas_tests;
mod replicas_vectors;
mod staking_tests;
