use anchor_lang::prelude::*;

use crate::constants::*;
use crate::errors::GovernanceError;
use crate::state::{GovernanceAction, GovernanceConfig, Proposal, Voter};

#[derive(Accounts)]
pub struct Propose<'info> {
    #[account(mut)]
    pub proposer: Signer<'info>,
    #[account(mut, seeds = [GOVERNANCE_SEED], bump = config.bump)]
    pub config: Box<Account<'info, GovernanceConfig>>,
    #[account(seeds = [VOTER_SEED, proposer.key().as_ref()], bump = voter.bump)]
    pub voter: Box<Account<'info, Voter>>,
    #[account(
        init,
        payer = proposer,
        space = 8 + Proposal::INIT_SPACE,
        seeds = [PROPOSAL_SEED, &(config.proposal_count + 1).to_le_bytes()],
        bump
    )]
    pub proposal: Box<Account<'info, Proposal>>,
    pub system_program: Program<'info, System>,
}

pub fn handler(ctx: Context<Propose>, action: GovernanceAction) -> Result<()> {
    let config = &mut ctx.accounts.config;
    require!(
        ctx.accounts.voter.amount >= config.params.proposal_threshold,
        GovernanceError::GovernorInsufficientProposerVotes
    );
    let now = Clock::get()?.unix_timestamp;
    let id = config.proposal_count.checked_add(1).ok_or(GovernanceError::ArithmeticOverflow)?;
    config.proposal_count = id;
    let vote_start = now.checked_add(config.params.voting_delay).ok_or(GovernanceError::ArithmeticOverflow)?;
    let proposal = &mut ctx.accounts.proposal;
    proposal.id = id;
    proposal.proposer = ctx.accounts.proposer.key();
    proposal.action = action;
    proposal.vote_start = vote_start;
    proposal.vote_end =
        vote_start.checked_add(config.params.voting_period).ok_or(GovernanceError::ArithmeticOverflow)?;
    proposal.quorum_votes = config.params.quorum_votes;
    proposal.grace_period = config.params.grace_period;
    proposal.bump = ctx.bumps.proposal;
    Ok(())
}
