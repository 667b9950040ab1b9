use anchor_lang::prelude::*;

use crate::constants::IC_LEN;

/// A Groth16 verifying key over BN254 in alt_bn128 encoding (big-endian; G2 with c1 first).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, PartialEq, Eq, InitSpace)]
pub struct Groth16VerifyingKey {
    pub alpha_g1: [u8; 64],
    pub beta_g2: [u8; 128],
    pub gamma_g2: [u8; 128],
    pub delta_g2: [u8; 128],
    /// `IC[0..=4]`; a plain constant length (InitSpace multiplies the length token unparenthesised).
    pub ic: [[u8; 64]; IC_LEN],
}

/// Registry entry `verifierId -> verifying key`, added by governance without a program upgrade.
#[account]
#[derive(InitSpace)]
pub struct VerifierAccount {
    pub verifier_id: u64,
    pub vk: Groth16VerifyingKey,
    pub bump: u8,
}

/// A verifying key staged by anyone (a fresh keypair account owned by the marketplace) so that a
/// governance `setVerifier(id, account)` action can name it by address: `set_verifier` copies it into
/// the registry entry of `id`.
#[account]
#[derive(InitSpace)]
pub struct StagedVerifyingKey {
    pub stager: Pubkey,
    pub vk: Groth16VerifyingKey,
}
