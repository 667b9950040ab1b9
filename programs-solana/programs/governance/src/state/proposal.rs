use anchor_lang::prelude::*;
use marketplace::Groth16VerifyingKey;

use crate::errors::GovernanceError;

/// Typed actions executed by the governance PDA through CPI.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, PartialEq, Eq, InitSpace)]
pub enum GovernanceAction {
    SetStakingParams { min_stake: u64, unbonding_period: i64 },
    SetMarketplaceParams {
        challenge_period: i64,
        slash_bps: u16,
        provider_bps: u16,
        treasury_bps: u16,
        creator_bps: u16,
    },
    SetArbiter { arbiter: Pubkey },
    /// The new treasury CAL token account.
    SetTreasury { treasury: Pubkey },
    RegisterVerifier { verifier_id: u64, vk: Groth16VerifyingKey },
    Pause,
    Unpause,
}

/// OpenZeppelin numbering, shared by every chain.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum ProposalState {
    Pending = 0,
    Active = 1,
    Canceled = 2,
    Defeated = 3,
    Succeeded = 4,
    Queued = 5,
    Expired = 6,
    Executed = 7,
}

#[account]
#[derive(InitSpace)]
pub struct Proposal {
    pub id: u64,
    pub proposer: Pubkey,
    pub action: GovernanceAction,
    pub vote_start: i64,
    pub vote_end: i64,
    pub for_votes: u64,
    pub against_votes: u64,
    pub abstain_votes: u64,
    /// Quorum snapshot taken at proposal time.
    pub quorum_votes: u64,
    /// Timelock: executable from `eta` (0 = not queued) until `eta + grace_period`.
    pub eta: i64,
    pub grace_period: i64,
    pub executed: bool,
    pub canceled: bool,
    pub bump: u8,
}

impl Proposal {
    pub fn state(&self, now: i64) -> ProposalState {
        if self.executed {
            return ProposalState::Executed;
        }
        if self.canceled {
            return ProposalState::Canceled;
        }
        if now < self.vote_start {
            return ProposalState::Pending;
        }
        if now <= self.vote_end {
            return ProposalState::Active;
        }
        let quorum_reached = self.for_votes as u128 + self.abstain_votes as u128 >= self.quorum_votes as u128;
        if !quorum_reached || self.for_votes <= self.against_votes {
            return ProposalState::Defeated;
        }
        if self.eta == 0 {
            return ProposalState::Succeeded;
        }
        if now >= self.eta.saturating_add(self.grace_period) {
            return ProposalState::Expired;
        }
        ProposalState::Queued
    }

    /// Loads a proposal; a missing account is `GovernorNonexistentProposal`.
    pub fn load(info: &AccountInfo) -> Result<Proposal> {
        if info.owner != &crate::ID || info.data_is_empty() {
            return err!(GovernanceError::GovernorNonexistentProposal);
        }
        let data = info.try_borrow_data()?;
        Proposal::try_deserialize(&mut &data[..])
    }

    pub fn store(&self, info: &AccountInfo) -> Result<()> {
        let mut data = info.try_borrow_mut_data()?;
        let mut writer: &mut [u8] = &mut data;
        self.try_serialize(&mut writer)
    }
}
