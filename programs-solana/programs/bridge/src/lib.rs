//! Calctra bridge spoke on Solana (DESIGN §8, lock-and-mint): mints CAL against messages
//! attested by an M-of-N secp256k1 validator set (replay markers, per-domain token buckets,
//! validator-set rotation with a retention window) and burns CAL to send it to another domain.
//! Owns the `["mint_authority"]` PDA to which cal_token hands the CAL mint authority.
// anchor-lang 0.31's #[program] expansion calls the deprecated AccountInfo::realloc (fixed in anchor 0.32).
#![allow(deprecated)]
use anchor_lang::prelude::*;

pub mod codec;
pub mod constants;
pub mod errors;
pub mod events;
pub mod instructions;
pub mod state;

pub use constants::*;
// Anchor needs the instruction modules' items (and generated client modules) at the crate root.
#[allow(ambiguous_glob_reexports)]
pub use instructions::*;
pub use state::*;

declare_id!("88WEUtLP5SWXx27tjCw2hATUupmq7TTsTxSXmi4r9ifr");

#[program]
pub mod calctra_bridge {
    use super::*;

    pub fn initialize(ctx: Context<Initialize>, args: InitializeArgs) -> Result<()> {
        instructions::initialize::handler(ctx, args)
    }

    pub fn receive_message(ctx: Context<ReceiveMessage>, message: [u8; 89], signatures: Vec<[u8; 65]>) -> Result<()> {
        instructions::receive_message::handler(ctx, message, signatures)
    }

    pub fn send(ctx: Context<SendTokens>, dst_domain: u32, recipient: [u8; 32], amount: u64) -> Result<()> {
        instructions::send::handler(ctx, dst_domain, recipient, amount)
    }

    pub fn receive_governance_message<'info>(
        ctx: Context<'_, '_, 'info, 'info, ReceiveGovernanceMessage<'info>>,
        message: Vec<u8>,
        signatures: Vec<[u8; 65]>,
    ) -> Result<()> {
        instructions::receive_governance_message::handler(ctx, message, signatures)
    }

    pub fn send_governance_message(
        ctx: Context<SendGovernanceMessage>,
        dst_domain: u32,
        recipient: [u8; 32],
        body: Vec<u8>,
    ) -> Result<()> {
        instructions::send_governance_message::handler(ctx, dst_domain, recipient, body)
    }

    pub fn set_validator_set(ctx: Context<AdminOnly>, validators: Vec<[u8; 20]>, threshold: u16) -> Result<()> {
        instructions::admin::set_validator_set(ctx, validators, threshold)
    }

    pub fn set_threshold(ctx: Context<AdminOnly>, threshold: u16) -> Result<()> {
        instructions::admin::set_threshold(ctx, threshold)
    }

    pub fn set_retention_window(ctx: Context<AdminOnly>, retention_window: u32) -> Result<()> {
        instructions::admin::set_retention_window(ctx, retention_window)
    }

    pub fn set_roles(ctx: Context<AdminOnly>, admin: Pubkey, pauser: Pubkey) -> Result<()> {
        instructions::admin::set_roles(ctx, admin, pauser)
    }

    pub fn set_remote_domain(ctx: Context<SetRemoteDomain>, domain: u32, args: RemoteDomainArgs) -> Result<()> {
        instructions::admin::set_remote_domain(ctx, domain, args)
    }

    pub fn disable_remote_domain(ctx: Context<DisableRemoteDomain>, domain: u32) -> Result<()> {
        instructions::admin::disable_remote_domain(ctx, domain)
    }

    pub fn pause(ctx: Context<Pause>) -> Result<()> {
        instructions::admin::pause(ctx)
    }

    pub fn unpause(ctx: Context<AdminOnly>) -> Result<()> {
        instructions::admin::unpause(ctx)
    }
}
