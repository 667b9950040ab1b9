//! Helpers shared by the instructions: validator-set checks, the remote-domain record loaded
//! by hand (so that a never-configured domain fails as `BridgeUnknownDomain`), PDA creation.
use anchor_lang::prelude::*;
use anchor_lang::system_program::{self, Allocate, Assign, CreateAccount, Transfer};

use crate::constants::*;
use crate::errors::BridgeError;
use crate::state::{DeliveredChunk, RemoteDomain};

/// A set is 1..=MAX_VALIDATORS non-zero addresses, strictly ascending, with a majority threshold:
/// `threshold * 2 > n`, threshold ≤ min(n, MAX_THRESHOLD).
pub fn validate_set(validators: &[[u8; 20]], threshold: u16) -> Result<()> {
    let n = validators.len();
    let ascending = validators.windows(2).all(|w| w[0] < w[1]);
    let nonzero = validators.first().is_some_and(|v| *v != [0u8; 20]);
    if n == 0
        || n > MAX_VALIDATORS
        || !ascending
        || !nonzero
        || usize::from(threshold) * 2 <= n
        || usize::from(threshold) > n
        || threshold > MAX_THRESHOLD
    {
        return Err(error!(BridgeError::BridgeInvalidValidatorSet).with_values((n, threshold)));
    }
    Ok(())
}

/// The enabled remote domain stored at `info` (already address-checked by its seeds).
pub fn load_remote(info: &AccountInfo, domain: u32) -> Result<RemoteDomain> {
    if info.owner != &crate::ID || info.data_is_empty() {
        return Err(error!(BridgeError::BridgeUnknownDomain).with_values((domain, 0)));
    }
    let remote = RemoteDomain::try_deserialize(&mut &info.try_borrow_data()?[..])?;
    if !remote.enabled || remote.domain != domain {
        return Err(error!(BridgeError::BridgeUnknownDomain).with_values((domain, 0)));
    }
    Ok(remote)
}

pub fn store<T: AccountSerialize>(info: &AccountInfo, value: &T) -> Result<()> {
    let mut data = info.try_borrow_mut_data()?;
    let mut writer: &mut [u8] = &mut data[..];
    value.try_serialize(&mut writer)
}

/// Creates the PDA `target` (signed by `seeds`) of `space` bytes owned by `owner` (the calling
/// program) and paid by `payer`, also when someone pre-funded its address (top-up, allocate,
/// assign). Shared with the governance program, which creates its records the same way.
pub fn create_pda<'info>(
    payer: &AccountInfo<'info>,
    target: &AccountInfo<'info>,
    system: &AccountInfo<'info>,
    space: usize,
    seeds: &[&[u8]],
    owner: &Pubkey,
) -> Result<()> {
    let rent = Rent::get()?.minimum_balance(space);
    let current = target.lamports();
    if current == 0 {
        return system_program::create_account(
            CpiContext::new_with_signer(
                system.clone(),
                CreateAccount { from: payer.clone(), to: target.clone() },
                &[seeds],
            ),
            rent,
            space as u64,
            owner,
        );
    }
    let top_up = rent.saturating_sub(current);
    if top_up > 0 {
        system_program::transfer(
            CpiContext::new(system.clone(), Transfer { from: payer.clone(), to: target.clone() }),
            top_up,
        )?;
    }
    system_program::allocate(
        CpiContext::new_with_signer(system.clone(), Allocate { account_to_allocate: target.clone() }, &[seeds]),
        space as u64,
    )?;
    system_program::assign(
        CpiContext::new_with_signer(system.clone(), Assign { account_to_assign: target.clone() }, &[seeds]),
        owner,
    )
}

/// The replay chunk of `(src_domain, nonce)` passed as `info`: checks its address
/// (`ConstraintSeeds` otherwise) and that the message is not delivered yet
/// (`BridgeMessageAlreadyDelivered`). Returns the chunk's bump, for [`mark_delivered`].
pub fn check_not_delivered(info: &AccountInfo, src_domain: u32, nonce: u64) -> Result<u8> {
    let (chunk, _, _) = DeliveredChunk::locate(nonce);
    let (expected, bump) =
        Pubkey::find_program_address(&[DELIVERED_SEED, &src_domain.to_be_bytes(), &chunk.to_be_bytes()], &crate::ID);
    if info.key() != expected {
        return Err(error!(anchor_lang::error::ErrorCode::ConstraintSeeds).with_pubkeys((info.key(), expected)));
    }
    if info.owner == &crate::ID && !info.data_is_empty() {
        let record = DeliveredChunk::try_deserialize(&mut &info.try_borrow_data()?[..])?;
        if record.is_delivered(nonce) {
            return Err(error!(BridgeError::BridgeMessageAlreadyDelivered).with_values((src_domain, nonce)));
        }
    }
    Ok(bump)
}

/// Sets the bit of `(src_domain, nonce)` in its chunk (checked by [`check_not_delivered`]), creating the
/// chunk paid by `payer` when it is the first message of the chunk (also when its address was pre-funded).
pub fn mark_delivered<'info>(
    payer: &AccountInfo<'info>,
    info: &AccountInfo<'info>,
    system: &AccountInfo<'info>,
    src_domain: u32,
    nonce: u64,
    bump: u8,
) -> Result<()> {
    let (chunk, byte, mask) = DeliveredChunk::locate(nonce);
    let mut record = if info.owner == &crate::ID && !info.data_is_empty() {
        DeliveredChunk::try_deserialize(&mut &info.try_borrow_data()?[..])?
    } else {
        create_pda(
            payer,
            info,
            system,
            8 + DeliveredChunk::INIT_SPACE,
            &[DELIVERED_SEED, &src_domain.to_be_bytes(), &chunk.to_be_bytes(), &[bump]],
            &crate::ID,
        )?;
        DeliveredChunk { src_domain, chunk, bits: [0u8; 128], bump }
    };
    record.bits[byte] |= mask;
    store(info, &record)
}
