//! Admin-only (governance) setters, and the pauser's pause. Unpause is admin-only.
use anchor_lang::prelude::*;

use crate::codec::set_hash;
use crate::constants::*;
use crate::errors::BridgeError;
use crate::events::*;
use crate::instructions::support::validate_set;
use crate::state::{BridgeConfig, Bucket, RemoteDomain};

#[derive(Accounts)]
pub struct AdminOnly<'info> {
    #[account(constraint = admin.key() == config.admin @ BridgeError::GovernorOnlyExecutor)]
    pub admin: Signer<'info>,
    #[account(mut, seeds = [BRIDGE_CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, BridgeConfig>>,
}

/// The pauser, or the admin (governance pauses the bridge with a `pause` action).
#[derive(Accounts)]
pub struct Pause<'info> {
    #[account(constraint = pauser.key() == config.pauser || pauser.key() == config.admin @ BridgeError::BridgeNotPauser)]
    pub pauser: Signer<'info>,
    #[account(mut, seeds = [BRIDGE_CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, BridgeConfig>>,
}

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug)]
pub struct RemoteDomainArgs {
    /// The remote bridge's universal address.
    pub bridge: [u8; 32],
    pub inbound_capacity: u64,
    pub inbound_rate_per_second: u64,
    pub outbound_capacity: u64,
    pub outbound_rate_per_second: u64,
}

#[derive(Accounts)]
#[instruction(domain: u32)]
pub struct SetRemoteDomain<'info> {
    #[account(constraint = admin.key() == config.admin @ BridgeError::GovernorOnlyExecutor)]
    pub admin: Signer<'info>,
    #[account(mut)]
    pub payer: Signer<'info>,
    #[account(seeds = [BRIDGE_CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, BridgeConfig>>,
    #[account(
        init_if_needed,
        payer = payer,
        space = 8 + RemoteDomain::INIT_SPACE,
        seeds = [REMOTE_DOMAIN_SEED, &domain.to_be_bytes()],
        bump
    )]
    pub remote: Box<Account<'info, RemoteDomain>>,
    pub system_program: Program<'info, System>,
}

#[derive(Accounts)]
#[instruction(domain: u32)]
pub struct DisableRemoteDomain<'info> {
    #[account(constraint = admin.key() == config.admin @ BridgeError::GovernorOnlyExecutor)]
    pub admin: Signer<'info>,
    #[account(seeds = [BRIDGE_CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, BridgeConfig>>,
    #[account(mut, seeds = [REMOTE_DOMAIN_SEED, &domain.to_be_bytes()], bump = remote.bump)]
    pub remote: Box<Account<'info, RemoteDomain>>,
}

/// Replaces the validator set; the current one stays valid strictly before now + `retention_window`
/// (a window of 0 revokes it at once).
pub fn set_validator_set(ctx: Context<AdminOnly>, validators: Vec<[u8; 20]>, threshold: u16) -> Result<()> {
    validate_set(&validators, threshold)?;
    let now = Clock::get()?.unix_timestamp;
    let config = &mut ctx.accounts.config;
    let valid_until = now.checked_add(i64::from(config.retention_window)).ok_or(BridgeError::ArithmeticOverflow)?;
    config.previous_validators = std::mem::take(&mut config.validators);
    config.previous_threshold = config.threshold;
    config.previous_valid_until = valid_until;
    config.set_id = config.set_id.checked_add(1).ok_or(BridgeError::ArithmeticOverflow)?;
    config.set_hash = set_hash(&validators, threshold);
    config.validators = validators;
    config.threshold = threshold;
    emit!(ValidatorSetUpdated {
        set_id: config.set_id,
        set_hash: config.set_hash,
        validators: config.validators.clone(),
        threshold,
        previous_valid_until: valid_until,
    });
    Ok(())
}

/// Changes the current set's threshold (the recorded set hash follows; the set id does not).
pub fn set_threshold(ctx: Context<AdminOnly>, threshold: u16) -> Result<()> {
    let config = &mut ctx.accounts.config;
    validate_set(&config.validators, threshold)?;
    config.threshold = threshold;
    config.set_hash = set_hash(&config.validators, threshold);
    emit!(ValidatorSetUpdated {
        set_id: config.set_id,
        set_hash: config.set_hash,
        validators: config.validators.clone(),
        threshold,
        previous_valid_until: config.previous_valid_until,
    });
    Ok(())
}

/// Applies to later rotations; the window of an already replaced set is unchanged.
pub fn set_retention_window(ctx: Context<AdminOnly>, retention_window: u32) -> Result<()> {
    if retention_window > MAX_RETENTION {
        return Err(error!(BridgeError::BridgeParameterOutOfBounds).with_values((retention_window, MAX_RETENTION)));
    }
    ctx.accounts.config.retention_window = retention_window;
    emit!(ParameterUpdated { name: "retentionWindow".to_string(), value: u64::from(retention_window) });
    Ok(())
}

/// Hands the admin role over (e.g. from the deployer to the governance PDA) and sets the pauser.
pub fn set_roles(ctx: Context<AdminOnly>, admin: Pubkey, pauser: Pubkey) -> Result<()> {
    require!(admin != Pubkey::default(), BridgeError::BridgeZeroAddress);
    let config = &mut ctx.accounts.config;
    config.admin = admin;
    config.pauser = pauser;
    emit!(RolesUpdated { admin, pauser });
    Ok(())
}

/// Enables `domain` (or updates it): its remote bridge and both token buckets. A newly enabled
/// domain starts with full buckets; an updated one is refilled to now, then clamped.
pub fn set_remote_domain(ctx: Context<SetRemoteDomain>, domain: u32, args: RemoteDomainArgs) -> Result<()> {
    if domain == SOLANA_DOMAIN {
        return Err(error!(BridgeError::BridgeUnknownDomain).with_values((domain, SOLANA_DOMAIN)));
    }
    require!(args.bridge != [0u8; 32], BridgeError::BridgeZeroAddress);
    let now = Clock::get()?.unix_timestamp;
    let remote = &mut ctx.accounts.remote;
    let fresh = !remote.enabled;
    remote.domain = domain;
    remote.bridge = args.bridge;
    remote.inbound.configure(args.inbound_capacity, args.inbound_rate_per_second, fresh, now);
    remote.outbound.configure(args.outbound_capacity, args.outbound_rate_per_second, fresh, now);
    remote.enabled = true;
    remote.bump = ctx.bumps.remote;
    emit!(RemoteDomainUpdated {
        domain,
        bridge: args.bridge,
        inbound_capacity: args.inbound_capacity,
        inbound_rate_per_second: args.inbound_rate_per_second,
        outbound_capacity: args.outbound_capacity,
        outbound_rate_per_second: args.outbound_rate_per_second,
    });
    Ok(())
}

/// Disables `domain` in both directions (its record stays, emptied).
pub fn disable_remote_domain(ctx: Context<DisableRemoteDomain>, domain: u32) -> Result<()> {
    let remote = &mut ctx.accounts.remote;
    if !remote.enabled {
        return Err(error!(BridgeError::BridgeUnknownDomain).with_values((domain, 0)));
    }
    remote.enabled = false;
    remote.bridge = [0u8; 32];
    remote.inbound = Bucket::default();
    remote.outbound = Bucket::default();
    emit!(RemoteDomainDisabled { domain });
    Ok(())
}

/// Pauses token sends and deliveries. Pauser or admin (governance).
pub fn pause(ctx: Context<Pause>) -> Result<()> {
    let config = &mut ctx.accounts.config;
    require!(!config.paused, BridgeError::EnforcedPause);
    config.paused = true;
    emit!(Paused { by: ctx.accounts.pauser.key() });
    Ok(())
}

/// Unpauses. Admin (governance) only.
pub fn unpause(ctx: Context<AdminOnly>) -> Result<()> {
    let config = &mut ctx.accounts.config;
    require!(config.paused, BridgeError::ExpectedPause);
    config.paused = false;
    emit!(Unpaused { by: ctx.accounts.admin.key() });
    Ok(())
}
