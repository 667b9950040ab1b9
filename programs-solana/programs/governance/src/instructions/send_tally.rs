//! Anyone sends this spoke's cumulative tally of a proposal to the hub: a `VoteTally` version-2
//! message sent by the bridge on behalf of the governance vault PDA (the only sender it accepts).
use anchor_lang::prelude::*;
use calctra_bridge::program::CalctraBridge;

use crate::constants::*;
use crate::errors::GovernanceError;
use crate::events::TallySent;
use crate::state::{GovernanceConfig, ProposalRecord};

#[derive(Accounts)]
#[instruction(proposal_id: [u8; 32])]
pub struct SendTally<'info> {
    /// Anyone; pays the bridge's outbound record.
    #[account(mut)]
    pub payer: Signer<'info>,
    #[account(seeds = [GOVERNANCE_SEED], bump = config.bump)]
    pub config: Box<Account<'info, GovernanceConfig>>,
    /// The proposal record (absent: Anchor's `AccountNotInitialized`, which clients read as
    /// `GovernorNonexistentProposal`).
    #[account(mut, seeds = [PROPOSAL_SEED, &proposal_id], bump = proposal.bump)]
    pub proposal: Box<Account<'info, ProposalRecord>>,
    pub bridge_program: Program<'info, CalctraBridge>,
    /// CHECK: the bridge config, checked by the bridge.
    #[account(mut)]
    pub bridge_config: UncheckedAccount<'info>,
    /// CHECK: the bridge's remote-domain PDA of the hub, checked by the bridge.
    pub hub_remote: UncheckedAccount<'info>,
    /// CHECK: the bridge's next outbound record PDA, created and checked by the bridge.
    #[account(mut)]
    pub outbound: UncheckedAccount<'info>,
    pub system_program: Program<'info, System>,
}

/// The `VoteTally` body: `kind (2) | proposalId | againstVotes u64 | forVotes u64 | abstainVotes u64`.
pub fn tally_body(proposal_id: &[u8; 32], against: u64, for_votes: u64, abstain: u64) -> Vec<u8> {
    let mut body = Vec::with_capacity(57);
    body.push(KIND_VOTE_TALLY);
    body.extend_from_slice(proposal_id);
    for v in [against, for_votes, abstain] {
        body.extend_from_slice(&v.to_be_bytes());
    }
    body
}

impl SendTally<'_> {
    /// Votes only add weight, so an unchanged total is an unchanged tally: nothing new for the hub
    /// to count, and a relayer would pay for it (`GovernanceTallyUnchanged`, also without votes).
    pub fn validate(&self) -> Result<u64> {
        let p = &self.proposal;
        let votes = p
            .against_votes
            .checked_add(p.for_votes)
            .and_then(|v| v.checked_add(p.abstain_votes))
            .ok_or(GovernanceError::ArithmeticOverflow)?;
        if votes == p.sent_votes {
            return Err(error!(GovernanceError::GovernanceTallyUnchanged).with_values((votes, p.sent_votes)));
        }
        Ok(votes)
    }
}

pub fn handler(ctx: Context<SendTally>, _proposal_id: [u8; 32]) -> Result<()> {
    let votes = ctx.accounts.validate()?;
    ctx.accounts.proposal.sent_votes = votes;
    let p = &ctx.accounts.proposal;
    let config = &ctx.accounts.config;
    let body = tally_body(&p.proposal_id, p.against_votes, p.for_votes, p.abstain_votes);
    let seeds: &[&[u8]] = &[GOVERNANCE_SEED, &[config.bump]];
    calctra_bridge::cpi::send_governance_message(
        CpiContext::new_with_signer(
            ctx.accounts.bridge_program.to_account_info(),
            calctra_bridge::cpi::accounts::SendGovernanceMessage {
                sender: config.to_account_info(),
                payer: ctx.accounts.payer.to_account_info(),
                config: ctx.accounts.bridge_config.to_account_info(),
                remote: ctx.accounts.hub_remote.to_account_info(),
                outbound: ctx.accounts.outbound.to_account_info(),
                system_program: ctx.accounts.system_program.to_account_info(),
            },
            &[seeds],
        ),
        config.hub_domain,
        config.hub_address,
        body,
    )?;
    emit!(TallySent {
        proposal_id: p.proposal_id,
        against_votes: p.against_votes,
        for_votes: p.for_votes,
        abstain_votes: p.abstain_votes,
    });
    Ok(())
}
