//! Calctra governance on Solana, a spoke of the one governance (DESIGN §7): a vault where CAL holders
//! deposit to vote on hub proposals with what they held at each proposal's snapshot (bounded
//! checkpoint history), a tally sent to the hub over the bridge, and an executor of the hub's action
//! lists (received over the bridge, held for the execution delay, vetoable by the guardian, run
//! strictly in order by CPIs signed by the governance PDA, the admin of staking, the marketplace and
//! the bridge). No local proposal lifecycle.
// anchor-lang 0.31's #[program] expansion calls the deprecated AccountInfo::realloc (fixed in anchor 0.32).
#![allow(deprecated)]
use anchor_lang::prelude::*;

pub mod actions;
pub mod constants;
pub mod errors;
pub mod events;
pub mod instructions;
pub mod state;

pub use constants::*;
// Anchor needs the instruction modules' items (and generated client modules) at the crate root; the
// handlers share their names with the #[program] functions that call them by path.
#[allow(ambiguous_glob_reexports)]
pub use instructions::*;
pub use state::*;

declare_id!("3KZshoc9NSBbyEyKkDecvXu6yLciiXR5Kb1VeujJXHWS");

#[program]
pub mod governance {
    use super::*;

    pub fn initialize(ctx: Context<Initialize>, args: InitializeArgs) -> Result<()> {
        instructions::initialize::handler(ctx, args)
    }

    pub fn deposit(ctx: Context<Deposit>, amount: u64) -> Result<()> {
        instructions::deposit::handler(ctx, amount)
    }

    pub fn withdraw(ctx: Context<Withdraw>, amount: u64) -> Result<()> {
        instructions::withdraw::handler(ctx, amount)
    }

    pub fn receive_governance_message(ctx: Context<ReceiveGovernanceMessage>, message: Vec<u8>) -> Result<()> {
        instructions::receive_governance_message::handler(ctx, message)
    }

    pub fn cast_vote(ctx: Context<CastVote>, proposal_id: [u8; 32], support: u8) -> Result<()> {
        instructions::cast_vote::handler(ctx, proposal_id, support)
    }

    pub fn send_tally(ctx: Context<SendTally>, proposal_id: [u8; 32]) -> Result<()> {
        instructions::send_tally::handler(ctx, proposal_id)
    }

    pub fn veto(ctx: Context<Veto>, sequence: u64) -> Result<()> {
        instructions::veto::handler(ctx, sequence)
    }

    pub fn execute<'info>(ctx: Context<'_, '_, 'info, 'info, Execute<'info>>, sequence: u64) -> Result<()> {
        instructions::execute::handler(ctx, sequence)
    }

    pub fn retry<'info>(ctx: Context<'_, '_, 'info, 'info, Execute<'info>>, sequence: u64) -> Result<()> {
        instructions::execute::retry(ctx, sequence)
    }
}
