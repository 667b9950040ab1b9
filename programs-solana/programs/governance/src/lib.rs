//! Calctra governance on Solana: lock-to-vote (CAL deposited in the governance vault, locked
//! until the proposals it voted on end), For/Against/Abstain, quorum, proposal threshold,
//! timelock, typed actions executed by the governance PDA (admin of staking, marketplace and the
//! bridge).
// anchor-lang 0.31's #[program] expansion calls the deprecated AccountInfo::realloc (fixed in anchor 0.32).
#![allow(deprecated)]
use anchor_lang::prelude::*;

pub mod constants;
pub mod errors;
pub mod instructions;
pub mod state;

pub use constants::*;
// Anchor needs the instruction modules' items (and generated client modules) at the crate root; the
// admin handlers share their names with the #[program] functions that call them by path.
#[allow(ambiguous_glob_reexports)]
pub use instructions::*;
pub use state::*;

declare_id!("3KZshoc9NSBbyEyKkDecvXu6yLciiXR5Kb1VeujJXHWS");

#[program]
pub mod governance {
    use super::*;

    pub fn initialize(ctx: Context<Initialize>, params: GovernanceParams) -> Result<()> {
        instructions::initialize::handler(ctx, params)
    }

    pub fn deposit(ctx: Context<Deposit>, amount: u64) -> Result<()> {
        instructions::deposit::handler(ctx, amount)
    }

    pub fn withdraw(ctx: Context<Withdraw>, amount: u64) -> Result<()> {
        instructions::withdraw::handler(ctx, amount)
    }

    pub fn propose(ctx: Context<Propose>, action: GovernanceAction) -> Result<()> {
        instructions::propose::handler(ctx, action)
    }

    pub fn cast_vote(ctx: Context<CastVote>, proposal_id: u64, support: u8) -> Result<()> {
        instructions::cast_vote::handler(ctx, proposal_id, support)
    }

    pub fn queue(ctx: Context<ProposalOp>, proposal_id: u64) -> Result<()> {
        instructions::queue::queue(ctx, proposal_id)
    }

    pub fn cancel(ctx: Context<ProposalOp>, proposal_id: u64) -> Result<()> {
        instructions::queue::cancel(ctx, proposal_id)
    }

    pub fn execute(ctx: Context<Execute>, proposal_id: u64) -> Result<()> {
        instructions::execute::handler(ctx, proposal_id)
    }
}
