//! A spoke voter votes on a hub proposal with what it held in the vault at the proposal's snapshot.
use anchor_lang::prelude::*;

use crate::constants::*;
use crate::errors::GovernanceError;
use crate::events::VoteCast;
use crate::state::{ProposalRecord, VoteRecord, Voter};

/// The proposal record, or `GovernorNonexistentProposal` when the hub never announced it here.
pub fn load_proposal(info: &AccountInfo) -> Result<ProposalRecord> {
    if info.owner != &crate::ID || info.data_is_empty() {
        return err!(GovernanceError::GovernorNonexistentProposal);
    }
    ProposalRecord::try_deserialize(&mut &info.try_borrow_data()?[..])
}

#[derive(Accounts)]
#[instruction(proposal_id: [u8; 32])]
pub struct CastVote<'info> {
    #[account(mut)]
    pub owner: Signer<'info>,
    /// The voter's deposit record (absent: `GovernanceNoVotingPower`).
    /// CHECK: seeds checked; loaded by the handler.
    #[account(seeds = [VOTER_SEED, owner.key().as_ref()], bump)]
    pub voter: UncheckedAccount<'info>,
    /// CHECK: the proposal record PDA, loaded by the handler (absent: `GovernorNonexistentProposal`).
    #[account(mut, seeds = [PROPOSAL_SEED, &proposal_id], bump)]
    pub proposal: UncheckedAccount<'info>,
    #[account(
        init_if_needed,
        payer = owner,
        space = 8 + VoteRecord::INIT_SPACE,
        seeds = [VOTE_SEED, &proposal_id, owner.key().as_ref()],
        bump
    )]
    pub vote_record: Box<Account<'info, VoteRecord>>,
    pub system_program: Program<'info, System>,
}

/// Counts the owner's weight at the snapshot (never more than it held then) for `support`
/// (0 Against, 1 For, 2 Abstain) while `snapshot < now <= voteEnd`; once per proposal and voter.
pub fn handler(ctx: Context<CastVote>, proposal_id: [u8; 32], support: u8) -> Result<()> {
    let info = ctx.accounts.proposal.to_account_info();
    let mut proposal = load_proposal(&info)?;
    let now = u64::try_from(Clock::get()?.unix_timestamp).unwrap_or(0);
    if now <= proposal.snapshot {
        return Err(error!(GovernanceError::GovernorUnexpectedProposalState).with_values((now, proposal.snapshot)));
    }
    if now > proposal.vote_end {
        return Err(error!(GovernanceError::GovernanceVotingClosed).with_values((now, proposal.vote_end)));
    }
    let record = &mut ctx.accounts.vote_record;
    require!(!record.has_voted, GovernanceError::GovernorAlreadyCastVote);
    let voter_info = ctx.accounts.voter.to_account_info();
    let weight = if voter_info.owner == &crate::ID && !voter_info.data_is_empty() {
        let voter = Voter::try_deserialize(&mut &voter_info.try_borrow_data()?[..])?;
        voter.weight_at(i64::try_from(proposal.snapshot).unwrap_or(i64::MAX))
    } else {
        0
    };
    require!(weight > 0, GovernanceError::GovernanceNoVotingPower);
    let tally = match support {
        VOTE_AGAINST => &mut proposal.against_votes,
        VOTE_FOR => &mut proposal.for_votes,
        VOTE_ABSTAIN => &mut proposal.abstain_votes,
        _ => return err!(GovernanceError::GovernorInvalidVoteType),
    };
    *tally = tally.checked_add(weight).ok_or(GovernanceError::ArithmeticOverflow)?;
    crate::instructions::support::store(&info, &proposal)?;
    record.proposal_id = proposal_id;
    record.voter = ctx.accounts.owner.key();
    record.support = support;
    record.weight = weight;
    record.has_voted = true;
    record.bump = ctx.bumps.vote_record;
    emit!(VoteCast { proposal_id, voter: record.voter, support, weight });
    Ok(())
}
