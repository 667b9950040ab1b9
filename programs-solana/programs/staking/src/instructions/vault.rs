//! CAL paid out of the staking vault, signed by the config PDA (withdraw, slash).
use anchor_lang::prelude::*;
use anchor_spl::token::{self, Token, TokenAccount, Transfer};

use crate::constants::STAKING_CONFIG_SEED;
use crate::state::StakingConfig;

pub(crate) fn transfer_from_vault<'info>(
    token_program: &Program<'info, Token>,
    vault: &Account<'info, TokenAccount>,
    config: &Account<'info, StakingConfig>,
    to: AccountInfo<'info>,
    amount: u64,
) -> Result<()> {
    let seeds: &[&[u8]] = &[STAKING_CONFIG_SEED, &[config.bump]];
    let accounts = Transfer { from: vault.to_account_info(), to, authority: config.to_account_info() };
    token::transfer(CpiContext::new_with_signer(token_program.to_account_info(), accounts, &[seeds]), amount)
}
