//! Governance-only setters (admin = governance PDA) and the pauser's emergency pause.
use anchor_lang::prelude::*;
use anchor_spl::token::TokenAccount;

use crate::constants::*;
use crate::errors::MarketplaceError;
use crate::events::{ParameterUpdated, Paused, Unpaused, VerifierRegistered};
use crate::math::fee_split_valid;
use crate::state::{Groth16VerifyingKey, MarketplaceConfig, VerifierAccount};

#[derive(Accounts)]
pub struct AdminOnly<'info> {
    #[account(constraint = admin.key() == config.admin @ MarketplaceError::GovernorOnlyExecutor)]
    pub admin: Signer<'info>,
    #[account(mut, seeds = [MARKETPLACE_CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, MarketplaceConfig>>,
}

#[derive(Accounts)]
pub struct SetTreasury<'info> {
    #[account(constraint = admin.key() == config.admin @ MarketplaceError::GovernorOnlyExecutor)]
    pub admin: Signer<'info>,
    #[account(mut, seeds = [MARKETPLACE_CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, MarketplaceConfig>>,
    #[account(token::mint = config.cal_mint)]
    pub treasury: Box<Account<'info, TokenAccount>>,
}

#[derive(Accounts)]
#[instruction(verifier_id: u64)]
pub struct RegisterVerifier<'info> {
    #[account(constraint = admin.key() == config.admin @ MarketplaceError::GovernorOnlyExecutor)]
    pub admin: Signer<'info>,
    #[account(mut)]
    pub payer: Signer<'info>,
    #[account(seeds = [MARKETPLACE_CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, MarketplaceConfig>>,
    #[account(
        init,
        payer = payer,
        space = 8 + VerifierAccount::INIT_SPACE,
        seeds = [VERIFIER_SEED, &verifier_id.to_le_bytes()],
        bump
    )]
    pub verifier: Box<Account<'info, VerifierAccount>>,
    pub system_program: Program<'info, System>,
}

#[derive(Accounts)]
pub struct Pause<'info> {
    #[account(
        constraint = signer.key() == config.pauser || signer.key() == config.admin
            @ MarketplaceError::MarketplaceNotPauser
    )]
    pub signer: Signer<'info>,
    #[account(mut, seeds = [MARKETPLACE_CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, MarketplaceConfig>>,
}

pub fn set_params(
    ctx: Context<AdminOnly>,
    challenge_period: i64,
    slash_bps: u16,
    provider_bps: u16,
    treasury_bps: u16,
    creator_bps: u16,
) -> Result<()> {
    require!(
        (MIN_CHALLENGE_PERIOD..=MAX_CHALLENGE_PERIOD).contains(&challenge_period),
        MarketplaceError::MarketplaceParameterOutOfBounds
    );
    require!((MIN_SLASH_BPS..=MAX_SLASH_BPS).contains(&slash_bps), MarketplaceError::MarketplaceParameterOutOfBounds);
    require!(fee_split_valid(provider_bps, treasury_bps, creator_bps), MarketplaceError::MarketplaceInvalidFeeSplit);
    let config = &mut ctx.accounts.config;
    config.challenge_period = challenge_period;
    config.slash_bps = slash_bps;
    config.provider_bps = provider_bps;
    config.treasury_bps = treasury_bps;
    config.creator_bps = creator_bps;
    for (parameter, value) in [
        ("challengePeriod", challenge_period as u64),
        ("slashBps", slash_bps as u64),
        ("providerBps", provider_bps as u64),
        ("treasuryBps", treasury_bps as u64),
        ("creatorBps", creator_bps as u64),
    ] {
        emit!(ParameterUpdated { parameter: parameter.to_string(), value });
    }
    Ok(())
}

pub fn set_arbiter(ctx: Context<AdminOnly>, arbiter: Pubkey) -> Result<()> {
    require_keys_neq!(arbiter, Pubkey::default(), MarketplaceError::MarketplaceZeroAddress);
    ctx.accounts.config.arbiter = arbiter;
    emit!(ParameterUpdated { parameter: "arbiter".to_string(), value: 0 });
    Ok(())
}

pub fn set_treasury(ctx: Context<SetTreasury>) -> Result<()> {
    ctx.accounts.config.treasury = ctx.accounts.treasury.key();
    emit!(ParameterUpdated { parameter: "treasury".to_string(), value: 0 });
    Ok(())
}

pub fn register_verifier(ctx: Context<RegisterVerifier>, verifier_id: u64, vk: Groth16VerifyingKey) -> Result<()> {
    require!(verifier_id != 0, MarketplaceError::MarketplaceUnknownVerifier);
    let verifier = &mut ctx.accounts.verifier;
    verifier.verifier_id = verifier_id;
    verifier.vk = vk;
    verifier.bump = ctx.bumps.verifier;
    emit!(VerifierRegistered { verifier_id });
    Ok(())
}

pub fn pause(ctx: Context<Pause>) -> Result<()> {
    ctx.accounts.config.paused = true;
    emit!(Paused { by: ctx.accounts.signer.key() });
    Ok(())
}

pub fn unpause(ctx: Context<AdminOnly>) -> Result<()> {
    ctx.accounts.config.paused = false;
    emit!(Unpaused { by: ctx.accounts.admin.key() });
    Ok(())
}
