//! Governance-only setters (admin = governance PDA) and the pauser's emergency pause.
use anchor_lang::prelude::*;
use anchor_spl::token::TokenAccount;

use crate::constants::*;
use crate::errors::MarketplaceError;
use crate::events::{ParameterUpdated, Paused, RoleUpdated, Unpaused, VerifierRegistered};
use crate::math::{fee_split_valid, unpack_fee_split};
use crate::state::{Groth16VerifyingKey, MarketplaceConfig, VerifierAccount};

#[derive(Accounts)]
pub struct AdminOnly<'info> {
    #[account(constraint = admin.key() == config.admin @ MarketplaceError::GovernorOnlyExecutor)]
    pub admin: Signer<'info>,
    #[account(mut, seeds = [MARKETPLACE_CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, MarketplaceConfig>>,
}

/// `set_role`: the admin, the config and, for the treasury role only, the new treasury's CAL token
/// account (its key must be the role's `account`).
#[derive(Accounts)]
pub struct SetRole<'info> {
    #[account(constraint = admin.key() == config.admin @ MarketplaceError::GovernorOnlyExecutor)]
    pub admin: Signer<'info>,
    #[account(mut, seeds = [MARKETPLACE_CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, MarketplaceConfig>>,
    #[account(token::mint = config.cal_mint)]
    pub treasury: Option<Box<Account<'info, TokenAccount>>>,
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

/// The governance setter of the parameters the marketplace owns (CONVENTIONS parameter table):
/// 3 `challengePeriod` (seconds), 4 `slashBps` and 7 `revealPeriod` (seconds) within their inclusive bounds
/// (`MarketplaceParameterOutOfBounds`), 5 `feeSplit` packed `providerBps << 32 | treasuryBps << 16 |
/// creatorBps` below 2^48 with a valid split (`MarketplaceInvalidFeeSplit`); any other id is
/// `GovernanceUnknownParameter`.
pub fn set_parameter(ctx: Context<AdminOnly>, param_id: u16, value: u64) -> Result<()> {
    let out_of_bounds = || error!(MarketplaceError::MarketplaceParameterOutOfBounds).with_values((param_id, value));
    let config = &mut ctx.accounts.config;
    let name = match param_id {
        PARAM_CHALLENGE_PERIOD => {
            let period = i64::try_from(value).unwrap_or(i64::MAX);
            if !(MIN_CHALLENGE_PERIOD..=MAX_CHALLENGE_PERIOD).contains(&period) {
                return Err(out_of_bounds());
            }
            config.challenge_period = period;
            "challengePeriod"
        }
        PARAM_SLASH_BPS => {
            let bps = u16::try_from(value).unwrap_or(u16::MAX);
            if !(MIN_SLASH_BPS..=MAX_SLASH_BPS).contains(&bps) {
                return Err(out_of_bounds());
            }
            config.slash_bps = bps;
            "slashBps"
        }
        PARAM_REVEAL_PERIOD => {
            let period = i64::try_from(value).unwrap_or(i64::MAX);
            if !(MIN_REVEAL_PERIOD..=MAX_REVEAL_PERIOD).contains(&period) {
                return Err(out_of_bounds());
            }
            config.reveal_period = period;
            "revealPeriod"
        }
        PARAM_FEE_SPLIT => {
            let (provider_bps, treasury_bps, creator_bps) = unpack_fee_split(value)
                .filter(|&(p, t, c)| fee_split_valid(p, t, c))
                .ok_or_else(|| error!(MarketplaceError::MarketplaceInvalidFeeSplit).with_values((param_id, value)))?;
            config.provider_bps = provider_bps;
            config.treasury_bps = treasury_bps;
            config.creator_bps = creator_bps;
            "feeSplit"
        }
        _ => return Err(error!(MarketplaceError::GovernanceUnknownParameter).with_values((param_id, value))),
    };
    emit!(ParameterUpdated { parameter: name.to_string(), value });
    Ok(())
}

/// Appoints a role (u8 as on the wire): 0 arbiter, 1 treasury (the CAL token account passed as
/// `treasury`, whose key must be `account`), 2 pauser. A zero account is `MarketplaceZeroAddress`;
/// another role (3 guardian belongs to the executor) is `GovernanceInvalidAction`.
pub fn set_role(ctx: Context<SetRole>, role: u8, account: Pubkey) -> Result<()> {
    require_keys_neq!(account, Pubkey::default(), MarketplaceError::MarketplaceZeroAddress);
    let config = &mut ctx.accounts.config;
    let name = match role {
        ROLE_ARBITER => {
            config.arbiter = account;
            "arbiter"
        }
        ROLE_TREASURY => {
            let treasury = ctx.accounts.treasury.as_ref().ok_or(MarketplaceError::GovernanceInvalidAction)?;
            require_keys_eq!(treasury.key(), account, MarketplaceError::GovernanceInvalidAction);
            config.treasury = account;
            "treasury"
        }
        ROLE_PAUSER => {
            config.pauser = account;
            "pauser"
        }
        _ => return Err(error!(MarketplaceError::GovernanceInvalidAction).with_values((role, 0))),
    };
    emit!(RoleUpdated { role: name.to_string(), account });
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
