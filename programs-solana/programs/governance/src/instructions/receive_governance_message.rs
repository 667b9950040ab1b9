//! A version-2 message delivered by the bridge (which verified its signatures and marked it
//! delivered) in a CPI signed by the bridge's authority PDA. `ProposalOpened` creates the proposal
//! record spoke voters vote on; `GovernanceActions` stores the action list with its execution time.
//! Both only from the hub's domain and address (`GovernanceNotHub`), addressed to this vault.
//! Receiving is idempotent (a known proposal or sequence is left as it is) so no delivery can block.
use anchor_lang::prelude::*;
use calctra_bridge::constants::BRIDGE_AUTHORITY_SEED;

use crate::constants::*;
use crate::errors::GovernanceError;
use crate::events::{ActionsReceived, ProposalOpened};
use crate::instructions::support::{check_pda, exists, store};
use crate::state::{ActionList, ActionsState, GovernanceConfig, ProposalRecord};
use calctra_bridge::instructions::support::create_pda;

/// Account order is the bridge's: its authority, the relayer (payer), the system program, then the
/// remaining accounts the relayer passed (config, record).
#[derive(Accounts)]
pub struct ReceiveGovernanceMessage<'info> {
    /// The bridge's authority PDA: only a message the bridge verified arrives here.
    #[account(seeds = [BRIDGE_AUTHORITY_SEED], bump, seeds::program = calctra_bridge::ID)]
    pub bridge_authority: Signer<'info>,
    /// The relayer; pays the record.
    #[account(mut)]
    pub payer: Signer<'info>,
    pub system_program: Program<'info, System>,
    #[account(mut, seeds = [GOVERNANCE_SEED], bump = config.bump)]
    pub config: Box<Account<'info, GovernanceConfig>>,
    /// The proposal record `[PROPOSAL_SEED, proposalId]` or the action list `[ACTIONS_SEED, sequence le]`.
    /// CHECK: address checked by the handler for the message's kind.
    #[account(mut)]
    pub record: UncheckedAccount<'info>,
}

fn word<const N: usize>(m: &[u8], at: usize) -> [u8; N] {
    m[at..at + N].try_into().unwrap()
}

pub fn handler(ctx: Context<ReceiveGovernanceMessage>, message: Vec<u8>) -> Result<()> {
    let invalid = |what: &str| error!(GovernanceError::GovernanceInvalidAction).with_values((what, message.len()));
    if message.len() < HEADER_LEN || message[0] != 2 {
        return Err(invalid("message header"));
    }
    let src_domain = u32::from_be_bytes(word(&message, 1));
    let sender: [u8; 32] = word(&message, 17);
    let recipient: [u8; 32] = word(&message, 49);
    let kind = message[HEADER_LEN - 1];
    let payload = &message[HEADER_LEN..];
    let config = &ctx.accounts.config;
    if recipient != config.key().to_bytes() {
        return Err(invalid("recipient is not this vault"));
    }
    if src_domain != config.hub_domain || sender != config.hub_address {
        return Err(error!(GovernanceError::GovernanceNotHub).with_values((src_domain, config.hub_domain)));
    }
    let now = Clock::get()?.unix_timestamp;
    let record = ctx.accounts.record.to_account_info();
    let payer = ctx.accounts.payer.to_account_info();
    let system = ctx.accounts.system_program.to_account_info();
    match kind {
        KIND_PROPOSAL_OPENED => {
            if payload.len() != PROPOSAL_OPENED_LEN {
                return Err(invalid("ProposalOpened payload"));
            }
            let proposal_id: [u8; 32] = word(payload, 0);
            let snapshot = u64::from_be_bytes(word(payload, 32));
            let vote_end = u64::from_be_bytes(word(payload, 40));
            let bump = check_pda(&record, &[PROPOSAL_SEED, &proposal_id])?;
            if exists(&record) {
                return Ok(());
            }
            create_pda(
                &payer,
                &record,
                &system,
                8 + ProposalRecord::INIT_SPACE,
                &[PROPOSAL_SEED, &proposal_id, &[bump]],
                &crate::ID,
            )?;
            store(
                &record,
                &ProposalRecord {
                    proposal_id,
                    snapshot,
                    vote_end,
                    against_votes: 0,
                    for_votes: 0,
                    abstain_votes: 0,
                    bump,
                    sent_votes: 0,
                },
            )?;
            emit!(ProposalOpened { proposal_id, snapshot, vote_end });
        }
        KIND_GOVERNANCE_ACTIONS => {
            if payload.len() <= ACTIONS_PREFIX_LEN {
                return Err(invalid("GovernanceActions payload"));
            }
            let sequence = u64::from_be_bytes(word(payload, 0));
            let proposal_id: [u8; 32] = word(payload, 8);
            let actions = payload[ACTIONS_PREFIX_LEN..].to_vec();
            let bump = check_pda(&record, &[ACTIONS_SEED, &sequence.to_le_bytes()])?;
            // Already processed or already received: nothing to do.
            if sequence < config.next_sequence || exists(&record) {
                return Ok(());
            }
            let delay = i64::try_from(config.execution_delay).map_err(|_| GovernanceError::ArithmeticOverflow)?;
            let eta = now.checked_add(delay).ok_or(GovernanceError::ArithmeticOverflow)?;
            create_pda(
                &payer,
                &record,
                &system,
                ActionList::space(actions.len()),
                &[ACTIONS_SEED, &sequence.to_le_bytes(), &[bump]],
                &crate::ID,
            )?;
            store(
                &record,
                &ActionList {
                    sequence,
                    proposal_id,
                    actions,
                    received_at: now,
                    eta,
                    state: ActionsState::Pending,
                    bump,
                },
            )?;
            emit!(ActionsReceived { sequence, proposal_id, eta });
        }
        // A spoke never receives tallies; unknown kinds are refused.
        _ => return Err(invalid("message kind")),
    }
    Ok(())
}
