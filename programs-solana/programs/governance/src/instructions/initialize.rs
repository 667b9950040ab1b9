use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};

use crate::actions::{MAX_EXECUTION_DELAY, MIN_EXECUTION_DELAY};
use crate::constants::*;
use crate::errors::GovernanceError;
use crate::state::GovernanceConfig;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug)]
pub struct InitializeArgs {
    /// The hub's bridge domain and governance address (universal): the only source of proposals and
    /// action lists, and where tallies go.
    pub hub_domain: u32,
    pub hub_address: [u8; 32],
    /// May veto an action list during its delay (default pubkey: none until governance appoints one).
    pub guardian: Pubkey,
    /// Seconds an action list waits before it may run (parameter 6, 1 hour to 14 days).
    pub execution_delay: u64,
}

/// Only the CAL admin may initialize, so that nobody can front-run the deployment with a hub of their own.
#[derive(Accounts)]
pub struct Initialize<'info> {
    #[account(mut, constraint = payer.key() == cal_config.admin @ GovernanceError::GovernorOnlyExecutor)]
    pub payer: Signer<'info>,
    /// cal_token's config `["cal_config"]` (its admin authorizes this initialization).
    #[account(seeds = [cal_token::CAL_CONFIG_SEED], bump = cal_config.bump, seeds::program = cal_token::ID)]
    pub cal_config: Box<Account<'info, cal_token::CalConfig>>,
    #[account(init, payer = payer, space = 8 + GovernanceConfig::INIT_SPACE, seeds = [GOVERNANCE_SEED], bump)]
    pub config: Box<Account<'info, GovernanceConfig>>,
    #[account(address = cal_config.mint @ GovernanceError::GovernanceInvalidAction)]
    pub cal_mint: Box<Account<'info, Mint>>,
    #[account(
        init,
        payer = payer,
        seeds = [GOV_VAULT_SEED],
        bump,
        token::mint = cal_mint,
        token::authority = config
    )]
    pub vault: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
    pub system_program: Program<'info, System>,
}

pub fn handler(ctx: Context<Initialize>, args: InitializeArgs) -> Result<()> {
    if !(MIN_EXECUTION_DELAY..=MAX_EXECUTION_DELAY).contains(&args.execution_delay) {
        return Err(error!(GovernanceError::GovernanceParameterOutOfBounds).with_values((6u16, args.execution_delay)));
    }
    require!(args.hub_address != [0u8; 32], GovernanceError::GovernanceNotHub);
    let config = &mut ctx.accounts.config;
    config.cal_mint = ctx.accounts.cal_mint.key();
    config.vault = ctx.accounts.vault.key();
    config.hub_domain = args.hub_domain;
    config.hub_address = args.hub_address;
    config.guardian = args.guardian;
    config.execution_delay = args.execution_delay;
    config.next_sequence = 1;
    config.bump = ctx.bumps.config;
    Ok(())
}
