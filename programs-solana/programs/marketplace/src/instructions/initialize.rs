use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};

use crate::constants::*;
use crate::errors::MarketplaceError;
use crate::state::MarketplaceConfig;

#[derive(Accounts)]
pub struct Initialize<'info> {
    #[account(mut)]
    pub payer: Signer<'info>,
    #[account(
        init,
        payer = payer,
        space = 8 + MarketplaceConfig::INIT_SPACE,
        seeds = [MARKETPLACE_CONFIG_SEED],
        bump
    )]
    pub config: Box<Account<'info, MarketplaceConfig>>,
    /// CHECK: signer PDA of this program (escrow authority, staking slasher); holds no data.
    #[account(seeds = [MARKETPLACE_AUTHORITY_SEED], bump)]
    pub authority: UncheckedAccount<'info>,
    pub cal_mint: Box<Account<'info, Mint>>,
    #[account(
        init,
        payer = payer,
        seeds = [ESCROW_SEED],
        bump,
        token::mint = cal_mint,
        token::authority = authority
    )]
    pub escrow: Box<Account<'info, TokenAccount>>,
    #[account(token::mint = cal_mint)]
    pub treasury: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
    pub system_program: Program<'info, System>,
}

pub fn handler(ctx: Context<Initialize>, admin: Pubkey, pauser: Pubkey, arbiter: Pubkey) -> Result<()> {
    for key in [admin, pauser, arbiter] {
        require_keys_neq!(key, Pubkey::default(), MarketplaceError::MarketplaceZeroAddress);
    }
    let config = &mut ctx.accounts.config;
    config.admin = admin;
    config.pauser = pauser;
    config.arbiter = arbiter;
    config.treasury = ctx.accounts.treasury.key();
    config.cal_mint = ctx.accounts.cal_mint.key();
    config.escrow = ctx.accounts.escrow.key();
    config.challenge_period = DEFAULT_CHALLENGE_PERIOD;
    config.slash_bps = DEFAULT_SLASH_BPS;
    config.provider_bps = DEFAULT_PROVIDER_BPS;
    config.treasury_bps = DEFAULT_TREASURY_BPS;
    config.creator_bps = DEFAULT_CREATOR_BPS;
    config.next_task_id = 1;
    config.paused = false;
    config.bump = ctx.bumps.config;
    config.authority_bump = ctx.bumps.authority;
    config.reveal_period = DEFAULT_REVEAL_PERIOD;
    Ok(())
}
