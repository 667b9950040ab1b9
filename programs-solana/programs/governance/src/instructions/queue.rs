use anchor_lang::prelude::*;

use crate::constants::*;
use crate::errors::GovernanceError;
use crate::state::{GovernanceConfig, Proposal, ProposalState};

#[derive(Accounts)]
#[instruction(proposal_id: u64)]
pub struct ProposalOp<'info> {
    pub signer: Signer<'info>,
    #[account(seeds = [GOVERNANCE_SEED], bump = config.bump)]
    pub config: Box<Account<'info, GovernanceConfig>>,
    /// CHECK: proposal PDA, loaded with `Proposal::load`.
    #[account(mut, seeds = [PROPOSAL_SEED, &proposal_id.to_le_bytes()], bump)]
    pub proposal: UncheckedAccount<'info>,
}

/// Succeeded -> Queued: starts the timelock.
pub fn queue(ctx: Context<ProposalOp>, _proposal_id: u64) -> Result<()> {
    let mut proposal = Proposal::load(&ctx.accounts.proposal)?;
    let now = Clock::get()?.unix_timestamp;
    require!(proposal.state(now) == ProposalState::Succeeded, GovernanceError::GovernorUnexpectedProposalState);
    proposal.eta =
        now.checked_add(ctx.accounts.config.params.timelock_delay).ok_or(GovernanceError::ArithmeticOverflow)?.max(1);
    proposal.store(&ctx.accounts.proposal)
}

/// The proposer cancels while the proposal is Pending.
pub fn cancel(ctx: Context<ProposalOp>, _proposal_id: u64) -> Result<()> {
    let mut proposal = Proposal::load(&ctx.accounts.proposal)?;
    require_keys_eq!(ctx.accounts.signer.key(), proposal.proposer, GovernanceError::GovernorOnlyExecutor);
    require!(
        proposal.state(Clock::get()?.unix_timestamp) == ProposalState::Pending,
        GovernanceError::GovernorUnexpectedProposalState
    );
    proposal.canceled = true;
    proposal.store(&ctx.accounts.proposal)
}
