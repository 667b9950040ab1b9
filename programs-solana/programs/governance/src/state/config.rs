use anchor_lang::prelude::*;

/// The vault + executor configuration, PDA `[GOVERNANCE_SEED]`.
#[account]
#[derive(InitSpace)]
pub struct GovernanceConfig {
    pub cal_mint: Pubkey,
    pub vault: Pubkey,
    /// The hub's domain and governance address (universal): the only source of `ProposalOpened` and
    /// `GovernanceActions`, and the destination of tallies.
    pub hub_domain: u32,
    pub hub_address: [u8; 32],
    /// May veto a pending action list during its delay (default pubkey: none).
    pub guardian: Pubkey,
    /// Seconds between the receipt of an action list and its execution (parameter 6).
    pub execution_delay: u64,
    /// Sequence of the next action list to process (lists run strictly in order from 1).
    pub next_sequence: u64,
    pub bump: u8,
}
