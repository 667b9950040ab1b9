use anchor_lang::prelude::*;

/// Config PDA: `[CAL_CONFIG_SEED]`.
#[constant]
pub const CAL_CONFIG_SEED: &[u8] = b"cal_config";
/// The CAL mint itself is a PDA: `[CAL_MINT_SEED]`.
#[constant]
pub const CAL_MINT_SEED: &[u8] = b"cal_mint";
/// Seed of the mint-authority PDA. Used under this program until hand-over, then under the
/// bridge program: the bridge only needs `[MINT_AUTHORITY_SEED]` signer seeds to mint.
#[constant]
pub const MINT_AUTHORITY_SEED: &[u8] = b"mint_authority";
pub const CAL_DECIMALS: u8 = 9;
