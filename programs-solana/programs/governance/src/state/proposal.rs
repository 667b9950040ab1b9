use anchor_lang::prelude::*;
use calctra_bridge::constants::MAX_VALIDATORS;
use marketplace::Groth16VerifyingKey;

use crate::errors::GovernanceError;

/// Typed actions executed by the governance PDA through CPI.
// Borsh wire format of the `propose` argument and of `Proposal.action` (IDL, InitSpace): boxing the
// verifying key would only move it to the heap, so the 776-byte variant stays inline.
#[allow(clippy::large_enum_variant)]
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, PartialEq, Eq, InitSpace)]
pub enum GovernanceAction {
    SetStakingParams {
        min_stake: u64,
        unbonding_period: i64,
    },
    SetMarketplaceParams {
        challenge_period: i64,
        slash_bps: u16,
        provider_bps: u16,
        treasury_bps: u16,
        creator_bps: u16,
    },
    SetArbiter {
        arbiter: Pubkey,
    },
    /// The new treasury CAL token account.
    SetTreasury {
        treasury: Pubkey,
    },
    RegisterVerifier {
        verifier_id: u64,
        vk: Groth16VerifyingKey,
    },
    Pause,
    Unpause,
    /// Bridge: sets the retention window, then rotates to `validators` (20-byte addresses, strictly
    /// ascending) with `threshold`; the replaced set stays valid for `retention_window` seconds.
    /// The retention window also applies to later rotations (it is a bridge setting).
    BridgeRotateValidatorSet {
        #[max_len(MAX_VALIDATORS)]
        validators: Vec<[u8; 20]>,
        threshold: u16,
        retention_window: u32,
    },
    /// Bridge: the current set's threshold.
    BridgeSetThreshold {
        threshold: u16,
    },
    /// Bridge: enables or updates a remote domain (its bridge and both token buckets). Execute with
    /// `target` = the bridge's `["remote", domain u32 be]` PDA; the executor pays if it is new.
    BridgeSetRemoteDomain {
        domain: u32,
        params: BridgeRemoteDomainParams,
    },
    /// Bridge: disables a remote domain in both directions (`target` = its remote PDA).
    BridgeDisableRemoteDomain {
        domain: u32,
    },
    /// Bridge: hands the admin role over (normally kept = the governance PDA) and sets the pauser.
    BridgeSetRoles {
        admin: Pubkey,
        pauser: Pubkey,
    },
    /// Bridge: unpauses (the pauser can only pause).
    BridgeUnpause,
}

/// The bridge's `RemoteDomainArgs`, as stored in a proposal.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub struct BridgeRemoteDomainParams {
    /// The remote bridge's universal address.
    pub bridge: [u8; 32],
    /// The domain is an EVM chain (recipients are left-padded 20-byte addresses).
    pub evm_recipients: bool,
    pub inbound_capacity: u64,
    pub inbound_rate_per_second: u64,
    pub outbound_capacity: u64,
    pub outbound_rate_per_second: u64,
}

impl From<BridgeRemoteDomainParams> for calctra_bridge::RemoteDomainArgs {
    fn from(p: BridgeRemoteDomainParams) -> Self {
        calctra_bridge::RemoteDomainArgs {
            bridge: p.bridge,
            evm_recipients: p.evm_recipients,
            inbound_capacity: p.inbound_capacity,
            inbound_rate_per_second: p.inbound_rate_per_second,
            outbound_capacity: p.outbound_capacity,
            outbound_rate_per_second: p.outbound_rate_per_second,
        }
    }
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
