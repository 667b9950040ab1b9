//! Calctra staking: provider registry, stake / unbonding, collateral locked by the
//! marketplace, slashing (marketplace only) and reputation counters.
// anchor-lang 0.31's #[program] expansion calls the deprecated AccountInfo::realloc (fixed in anchor 0.32).
#![allow(deprecated)]
use anchor_lang::prelude::*;

pub mod constants;
pub mod errors;
pub mod events;
pub mod instructions;
pub mod math;
pub mod state;

pub use constants::*;
pub use instructions::*;
pub use state::*;

declare_id!("D6qY5UDhmRiCU1k7M6ufXz3f8pbN8hxsKK8S3b5abyDc");

#[program]
pub mod staking {
    use super::*;

    pub fn initialize(ctx: Context<Initialize>, admin: Pubkey, marketplace_program: Pubkey) -> Result<()> {
        instructions::initialize::handler(ctx, admin, marketplace_program)
    }

    pub fn register(ctx: Context<Register>, metadata_hash: [u8; 32]) -> Result<()> {
        instructions::register::handler(ctx, metadata_hash)
    }

    pub fn stake(ctx: Context<Stake>, amount: u64) -> Result<()> {
        instructions::stake::handler(ctx, amount)
    }

    pub fn request_unstake(ctx: Context<RequestUnstake>, amount: u64) -> Result<()> {
        instructions::request_unstake::handler(ctx, amount)
    }

    pub fn withdraw(ctx: Context<Withdraw>) -> Result<()> {
        instructions::withdraw::handler(ctx)
    }

    pub fn lock_collateral(ctx: Context<MarketplaceOnly>, amount: u64) -> Result<()> {
        instructions::lock_collateral::handler(ctx, amount)
    }

    pub fn unlock_collateral(ctx: Context<MarketplaceOnly>, amount: u64) -> Result<()> {
        instructions::unlock_collateral::handler(ctx, amount)
    }

    pub fn slash(ctx: Context<Slash>, collateral: u64, slash_bps: u16) -> Result<()> {
        instructions::slash::handler(ctx, collateral, slash_bps)
    }

    pub fn set_parameter(ctx: Context<SetParameter>, param_id: u16, value: u64) -> Result<()> {
        instructions::set_parameter::handler(ctx, param_id, value)
    }
}
