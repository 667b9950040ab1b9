use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token};

use crate::constants::*;
use crate::state::CalConfig;

#[derive(Accounts)]
pub struct Initialize<'info> {
    #[account(mut)]
    pub admin: Signer<'info>,
    #[account(init, payer = admin, space = 8 + CalConfig::INIT_SPACE, seeds = [CAL_CONFIG_SEED], bump)]
    pub config: Account<'info, CalConfig>,
    /// CHECK: mint-authority PDA of this program until hand-over; holds no data.
    #[account(seeds = [MINT_AUTHORITY_SEED], bump)]
    pub mint_authority: UncheckedAccount<'info>,
    #[account(
        init,
        payer = admin,
        seeds = [CAL_MINT_SEED],
        bump,
        mint::decimals = CAL_DECIMALS,
        mint::authority = mint_authority,
    )]
    pub mint: Account<'info, Mint>,
    pub token_program: Program<'info, Token>,
    pub system_program: Program<'info, System>,
}

/// Creates the CAL mint (9 decimals, no freeze authority, supply 0). Nothing can be minted
/// until the authority is handed to the bridge, which mints only against bridge messages.
pub fn handler(ctx: Context<Initialize>) -> Result<()> {
    let config = &mut ctx.accounts.config;
    config.admin = ctx.accounts.admin.key();
    config.mint = ctx.accounts.mint.key();
    config.bridge_authority = Pubkey::default();
    config.handed_over = false;
    config.bump = ctx.bumps.config;
    config.mint_authority_bump = ctx.bumps.mint_authority;
    Ok(())
}
