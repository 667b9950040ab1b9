//! Helpers shared by the instructions: raw account (de)serialization for records the handlers load
//! by hand (PDA creation is the bridge's `create_pda`, with this program as owner).
use anchor_lang::prelude::*;

/// Whether `info` already holds a record of this program.
pub fn exists(info: &AccountInfo) -> bool {
    info.owner == &crate::ID && !info.data_is_empty()
}

pub fn store<T: AccountSerialize>(info: &AccountInfo, value: &T) -> Result<()> {
    let mut data = info.try_borrow_mut_data()?;
    let mut writer: &mut [u8] = &mut data[..];
    value.try_serialize(&mut writer)
}

/// Checks that `info` is the PDA of `seeds`; returns its bump.
pub fn check_pda(info: &AccountInfo, seeds: &[&[u8]]) -> Result<u8> {
    let (expected, bump) = Pubkey::find_program_address(seeds, &crate::ID);
    if info.key() != expected {
        return Err(error!(anchor_lang::error::ErrorCode::ConstraintSeeds).with_pubkeys((info.key(), expected)));
    }
    Ok(bump)
}

/// The processing cursor after list `processed`: past the following lists the guardian already
/// vetoed (a vetoed list needs no call, DESIGN §7), as far as the caller passed them among the
/// remaining accounts (their `[ACTIONS_SEED, sequence]` PDAs, owned by this program), at most
/// `SKIP_VETOED_MAX`. A vetoed list not passed here is passed over by `execute` when its turn comes.
pub fn cursor_after(processed: u64, accounts: &[AccountInfo]) -> Result<u64> {
    let mut next = processed.checked_add(1).ok_or(crate::errors::GovernanceError::ArithmeticOverflow)?;
    for _ in 0..crate::constants::SKIP_VETOED_MAX {
        let pda = Pubkey::find_program_address(&[crate::constants::ACTIONS_SEED, &next.to_le_bytes()], &crate::ID).0;
        let Some(info) = accounts.iter().find(|a| a.key == &pda) else { break };
        if info.owner != &crate::ID {
            break;
        }
        let vetoed = {
            let data = info.try_borrow_data()?;
            crate::state::ActionList::try_deserialize(&mut &data[..])
                .map(|l| l.state == crate::state::ActionsState::Vetoed)
                .unwrap_or(false)
        };
        if !vetoed {
            break;
        }
        next = next.checked_add(1).ok_or(crate::errors::GovernanceError::ArithmeticOverflow)?;
    }
    Ok(next)
}
