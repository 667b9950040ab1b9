//! Inbound version-2 (governance) delivery: anyone (an untrusted relayer) delivers a governance message
//! with enough validator signatures over the same digest as token messages; the bridge marks
//! `(srcDomain, nonce)` delivered, then hands the message to the governance program
//! (`receive_governance_message`) in a CPI signed by its authority PDA, which the governance program
//! checks. The governance accounts the message needs follow as remaining accounts (forwarded as given).
//! Governance traffic is not stopped by the pauser (a paused bridge must stay governable) and carries
//! no tokens, so no rate limit applies.
use anchor_lang::prelude::*;
use anchor_lang::solana_program::hash::hash;
use anchor_lang::solana_program::instruction::{AccountMeta, Instruction};
use anchor_lang::solana_program::program::invoke_signed;

use crate::codec::{digest, message_id};
use crate::constants::*;
use crate::errors::BridgeError;
use crate::events::GovernanceMessageDelivered;
use crate::instructions::receive_message::verify_signatures;
use crate::instructions::support::{check_not_delivered, load_remote, mark_delivered};
use crate::state::BridgeConfig;

/// The source domain bytes of a message (zero when it is too short to carry one; refused by the handler).
pub fn src_domain_bytes(message: &[u8]) -> [u8; 4] {
    message.get(1..5).and_then(|s| s.try_into().ok()).unwrap_or([0u8; 4])
}

/// The Anchor discriminator of the governance program's `receive_governance_message`.
pub fn governance_receive_discriminator() -> [u8; 8] {
    let mut out = [0u8; 8];
    out.copy_from_slice(&hash(b"global:receive_governance_message").to_bytes()[..8]);
    out
}

#[derive(Accounts)]
#[instruction(message: Vec<u8>)]
pub struct ReceiveGovernanceMessage<'info> {
    /// Anyone; pays the replay chunk when it is new and what the governance program records.
    #[account(mut)]
    pub relayer: Signer<'info>,
    #[account(seeds = [BRIDGE_CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, BridgeConfig>>,
    /// The source domain's `RemoteDomain`, loaded by the handler.
    /// CHECK: seeds checked; `BridgeUnknownDomain` if absent or disabled.
    #[account(seeds = [REMOTE_DOMAIN_SEED, &src_domain_bytes(&message)], bump)]
    pub remote: UncheckedAccount<'info>,
    /// The replay chunk of `(srcDomain, nonce)`, as for token messages.
    /// CHECK: address and content checked by the handler.
    #[account(mut)]
    pub delivered: UncheckedAccount<'info>,
    /// CHECK: this program's authority PDA (holds no data); signs the CPI to governance.
    #[account(seeds = [BRIDGE_AUTHORITY_SEED], bump)]
    pub bridge_authority: UncheckedAccount<'info>,
    /// CHECK: the governance program (address constraint).
    #[account(address = GOVERNANCE_PROGRAM_ID @ BridgeError::BridgeInvalidRecipient, executable)]
    pub governance_program: UncheckedAccount<'info>,
    pub system_program: Program<'info, System>,
}

pub fn handler<'info>(
    ctx: Context<'_, '_, 'info, 'info, ReceiveGovernanceMessage<'info>>,
    message: Vec<u8>,
    signatures: Vec<[u8; SIGNATURE_LEN]>,
) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let len = message.len();
    if !(GOVERNANCE_HEADER_LEN..=MAX_GOVERNANCE_MESSAGE_LEN).contains(&len) {
        return Err(error!(BridgeError::BridgeInvalidMessage).with_values((len, MAX_GOVERNANCE_MESSAGE_LEN)));
    }
    if message[0] != GOVERNANCE_MESSAGE_VERSION {
        return Err(error!(BridgeError::BridgeInvalidMessage).with_values((message[0], GOVERNANCE_MESSAGE_VERSION)));
    }
    let src_domain = u32::from_be_bytes(src_domain_bytes(&message));
    let dst_domain = u32::from_be_bytes(message[5..9].try_into().unwrap());
    let nonce = u64::from_be_bytes(message[9..17].try_into().unwrap());
    if dst_domain != SOLANA_DOMAIN {
        return Err(error!(BridgeError::BridgeWrongDestination).with_values((dst_domain, SOLANA_DOMAIN)));
    }
    let delivered_info = ctx.accounts.delivered.to_account_info();
    let bump = check_not_delivered(&delivered_info, src_domain, nonce)?;
    load_remote(&ctx.accounts.remote.to_account_info(), src_domain)?;
    let id = message_id(&message);
    verify_signatures(&ctx.accounts.config, &digest(SOLANA_DOMAIN, &crate::ID.to_bytes(), &id), &signatures, now)?;

    // Effects: the replay bit; then the hand-over to governance (which refuses what it must not accept,
    // reverting the bit with the whole transaction).
    let relayer = ctx.accounts.relayer.to_account_info();
    let system = ctx.accounts.system_program.to_account_info();
    mark_delivered(&relayer, &delivered_info, &system, src_domain, nonce, bump)?;
    emit!(GovernanceMessageDelivered { message_id: id, src_domain, nonce, kind: message[GOVERNANCE_HEADER_LEN - 1] });

    let authority = ctx.accounts.bridge_authority.to_account_info();
    let mut metas = vec![
        AccountMeta::new_readonly(authority.key(), true),
        AccountMeta::new(relayer.key(), true),
        AccountMeta::new_readonly(system.key(), false),
    ];
    let mut infos = vec![authority, relayer, system];
    for a in ctx.remaining_accounts {
        metas.push(if a.is_writable {
            AccountMeta::new(a.key(), false)
        } else {
            AccountMeta::new_readonly(a.key(), false)
        });
        infos.push(a.clone());
    }
    infos.push(ctx.accounts.governance_program.to_account_info());
    let mut data = governance_receive_discriminator().to_vec();
    data.extend_from_slice(&(len as u32).to_le_bytes());
    data.extend_from_slice(&message);
    let ix = Instruction { program_id: GOVERNANCE_PROGRAM_ID, accounts: metas, data };
    invoke_signed(&ix, &infos, &[&[BRIDGE_AUTHORITY_SEED, &[ctx.bumps.bridge_authority]]])?;
    Ok(())
}
