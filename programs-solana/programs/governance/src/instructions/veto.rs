//! The guardian vetoes a pending action list during its delay (emergency only). A vetoed list is
//! processed: when it is the next in order the sequence moves past it (and past the following
//! lists already vetoed, passed as remaining accounts) at once, otherwise when the list before it is
//! processed (`execute` on a vetoed list only advances the sequence, for runs longer than passed).
use anchor_lang::prelude::*;

use crate::constants::*;
use crate::errors::GovernanceError;
use crate::events::ActionsVetoed;
use crate::instructions::support::cursor_after;
use crate::state::{ActionList, ActionsState, GovernanceConfig};

#[derive(Accounts)]
#[instruction(sequence: u64)]
pub struct Veto<'info> {
    #[account(constraint = guardian.key() == config.guardian @ GovernanceError::GovernanceNotGuardian)]
    pub guardian: Signer<'info>,
    #[account(mut, seeds = [GOVERNANCE_SEED], bump = config.bump)]
    pub config: Box<Account<'info, GovernanceConfig>>,
    #[account(mut, seeds = [ACTIONS_SEED, &sequence.to_le_bytes()], bump = action_list.bump)]
    pub action_list: Box<Account<'info, ActionList>>,
}

pub fn handler(ctx: Context<Veto>, sequence: u64) -> Result<()> {
    require_keys_neq!(ctx.accounts.config.guardian, Pubkey::default(), GovernanceError::GovernanceNotGuardian);
    let now = Clock::get()?.unix_timestamp;
    let list = &mut ctx.accounts.action_list;
    if list.state != ActionsState::Pending || now >= list.eta {
        return Err(error!(GovernanceError::GovernanceActionsNotPending).with_values((sequence, list.eta)));
    }
    list.state = ActionsState::Vetoed;
    let config = &mut ctx.accounts.config;
    if config.next_sequence == sequence {
        config.next_sequence = cursor_after(sequence, ctx.remaining_accounts)?;
    }
    emit!(ActionsVetoed { sequence, guardian: ctx.accounts.guardian.key() });
    Ok(())
}
