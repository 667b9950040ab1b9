use anchor_lang::prelude::*;

use crate::constants::*;
use crate::errors::StakingError;
use crate::events::ProviderRegistered;
use crate::state::Provider;

#[derive(Accounts)]
pub struct Register<'info> {
    #[account(mut)]
    pub authority: Signer<'info>,
    #[account(
        init_if_needed,
        payer = authority,
        space = 8 + Provider::INIT_SPACE,
        seeds = [PROVIDER_SEED, authority.key().as_ref()],
        bump
    )]
    pub provider: Account<'info, Provider>,
    pub system_program: Program<'info, System>,
}

pub fn handler(ctx: Context<Register>, metadata_hash: [u8; 32]) -> Result<()> {
    let provider = &mut ctx.accounts.provider;
    require!(provider.authority == Pubkey::default(), StakingError::StakingAlreadyRegistered);
    provider.authority = ctx.accounts.authority.key();
    provider.metadata_hash = metadata_hash;
    provider.registered_at = Clock::get()?.unix_timestamp;
    provider.bump = ctx.bumps.provider;
    emit!(ProviderRegistered { provider: provider.authority, metadata_hash });
    Ok(())
}
