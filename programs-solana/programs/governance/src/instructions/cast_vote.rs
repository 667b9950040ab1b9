use anchor_lang::prelude::*;

use crate::constants::*;
use crate::errors::GovernanceError;
use crate::state::{Proposal, ProposalState, VoteRecord, Voter};

#[derive(Accounts)]
#[instruction(proposal_id: u64)]
pub struct CastVote<'info> {
    #[account(mut)]
    pub owner: Signer<'info>,
    #[account(mut, seeds = [VOTER_SEED, owner.key().as_ref()], bump = voter.bump, has_one = owner)]
    pub voter: Box<Account<'info, Voter>>,
    /// CHECK: proposal PDA, loaded with `Proposal::load` (missing = GovernorNonexistentProposal).
    #[account(mut, seeds = [PROPOSAL_SEED, &proposal_id.to_le_bytes()], bump)]
    pub proposal: UncheckedAccount<'info>,
    #[account(
        init_if_needed,
        payer = owner,
        space = 8 + VoteRecord::INIT_SPACE,
        seeds = [VOTE_SEED, &proposal_id.to_le_bytes(), owner.key().as_ref()],
        bump
    )]
    pub vote_record: Box<Account<'info, VoteRecord>>,
    pub system_program: Program<'info, System>,
}

/// Votes with the whole locked deposit; the deposit stays locked until the vote ends.
pub fn handler(ctx: Context<CastVote>, proposal_id: u64, support: u8) -> Result<()> {
    let mut proposal = Proposal::load(&ctx.accounts.proposal)?;
    let now = Clock::get()?.unix_timestamp;
    require!(proposal.state(now) == ProposalState::Active, GovernanceError::GovernorUnexpectedProposalState);
    let record = &mut ctx.accounts.vote_record;
    require!(!record.has_voted, GovernanceError::GovernorAlreadyCastVote);
    let voter = &mut ctx.accounts.voter;
    let weight = voter.amount;
    let tally = match support {
        VOTE_AGAINST => &mut proposal.against_votes,
        VOTE_FOR => &mut proposal.for_votes,
        VOTE_ABSTAIN => &mut proposal.abstain_votes,
        _ => return err!(GovernanceError::GovernorInvalidVoteType),
    };
    *tally = tally.checked_add(weight).ok_or(GovernanceError::ArithmeticOverflow)?;
    proposal.store(&ctx.accounts.proposal)?;
    voter.locked_until = voter.locked_until.max(proposal.vote_end);
    record.proposal_id = proposal_id;
    record.voter = ctx.accounts.owner.key();
    record.support = support;
    record.weight = weight;
    record.has_voted = true;
    record.bump = ctx.bumps.vote_record;
    Ok(())
}
