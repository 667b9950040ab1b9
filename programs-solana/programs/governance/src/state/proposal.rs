use anchor_lang::prelude::*;

/// A hub proposal announced by `ProposalOpened`, PDA `[PROPOSAL_SEED, proposalId]`, with this spoke's
/// cumulative tally (OpenZeppelin's order: against, for, abstain).
#[account]
#[derive(InitSpace)]
pub struct ProposalRecord {
    pub proposal_id: [u8; 32],
    /// Hub timestamp clock: weights are read at `snapshot`; votes count while `snapshot < now <= vote_end`.
    pub snapshot: u64,
    pub vote_end: u64,
    pub against_votes: u64,
    pub for_votes: u64,
    pub abstain_votes: u64,
    pub bump: u8,
    /// All votes (against + for + abstain) when the tally was last sent; 0 before the first.
    pub sent_votes: u64,
}

/// State of a received action list.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
#[repr(u8)]
pub enum ActionsState {
    /// Waiting for its delay and its turn.
    Pending,
    Executed,
    /// Vetoed by the guardian during its delay.
    Vetoed,
    /// Refused by validation at its turn (the sequence moved on); `retry` may run it later.
    Failed,
}

/// A `GovernanceActions` list from the hub, PDA `[ACTIONS_SEED, sequence u64 le]`, stored as received
/// (the encoded action list) and validated when its turn comes.
#[account]
pub struct ActionList {
    pub sequence: u64,
    pub proposal_id: [u8; 32],
    pub actions: Vec<u8>,
    pub received_at: i64,
    /// Executable from `eta` = receipt + the execution delay.
    pub eta: i64,
    pub state: ActionsState,
    pub bump: u8,
}

impl ActionList {
    /// Account space (discriminator included) of a list of `len` encoded bytes.
    pub const fn space(len: usize) -> usize {
        8 + 8 + 32 + 4 + len + 8 + 8 + 1 + 1
    }
}
