//! Calctra staking: provider registry, stake / unbonding, collateral locked by the
//! marketplace, slashing (marketplace only) and reputation counters; the proof-of-computational-power registry
//! (DESIGN §11: claims, compute validators, challenges answered with keccak-256 solutions, power slashes of the
//! free stake, validator fees), in this program so that a power slash moves stake without a CPI.
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

    pub fn declare_rate(ctx: Context<DeclareRate>, claimed_rate: u64) -> Result<()> {
        instructions::declare_rate::handler(ctx, claimed_rate)
    }

    pub fn register_validator(ctx: Context<RegisterValidator>) -> Result<()> {
        instructions::register_validator::handler(ctx)
    }

    pub fn challenge(ctx: Context<Challenge>, provider: Pubkey) -> Result<()> {
        instructions::challenge::handler(ctx, provider)
    }

    pub fn respond(ctx: Context<Respond>, challenge_id: u64, nonces: Vec<u64>) -> Result<()> {
        instructions::respond::handler(ctx, challenge_id, nonces)
    }

    pub fn expire_challenge(ctx: Context<ExpireChallenge>, provider: Pubkey) -> Result<()> {
        instructions::expire_challenge::handler(ctx, provider)
    }

    pub fn claim_fees(ctx: Context<ClaimFees>) -> Result<()> {
        instructions::claim_fees::handler(ctx)
    }

    pub fn fund_validator_budget(ctx: Context<FundValidatorBudget>, amount: u64) -> Result<()> {
        instructions::fund_validator_budget::handler(ctx, amount)
    }

    pub fn set_parameter(ctx: Context<SetParameter>, param_id: u16, value: u64) -> Result<()> {
        instructions::set_parameter::handler(ctx, param_id, value)
    }
}
