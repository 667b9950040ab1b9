//! Outbound version-2 message: the governance program's vault PDA (and only it) sends a governance
//! message (its spoke tally to the hub). It takes the next nonce of the one outbound sequence and is
//! recorded at `[OUTBOUND_SEED, nonce]` exactly as token messages are, for the validators to sign. No
//! token moves, so no rate limit applies; governance traffic is not stopped by the pauser.
use anchor_lang::prelude::*;

use crate::codec::{is_deliverable_recipient, message_id};
use crate::constants::*;
use crate::errors::BridgeError;
use crate::events::GovernanceMessageSent;
use crate::instructions::support::load_remote;
use crate::state::{BridgeConfig, OutboundMessage};

/// The governance program's vault PDA `[GOVERNANCE_VAULT_SEED]` under `GOVERNANCE_PROGRAM_ID`.
pub fn governance_vault() -> Pubkey {
    Pubkey::find_program_address(&[GOVERNANCE_VAULT_SEED], &GOVERNANCE_PROGRAM_ID).0
}

#[derive(Accounts)]
#[instruction(dst_domain: u32, recipient: [u8; 32], body: Vec<u8>)]
pub struct SendGovernanceMessage<'info> {
    /// The governance vault PDA, signing through `invoke_signed`; anyone else is `BridgeUnauthorizedSender`.
    #[account(address = governance_vault() @ BridgeError::BridgeUnauthorizedSender)]
    pub sender: Signer<'info>,
    /// Pays the outbound record.
    #[account(mut)]
    pub payer: Signer<'info>,
    #[account(mut, seeds = [BRIDGE_CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, BridgeConfig>>,
    /// The destination's `RemoteDomain` (must be enabled).
    /// CHECK: seeds checked; `BridgeUnknownDomain` if absent or disabled.
    #[account(seeds = [REMOTE_DOMAIN_SEED, &dst_domain.to_be_bytes()], bump)]
    pub remote: UncheckedAccount<'info>,
    #[account(
        init,
        payer = payer,
        space = OutboundMessage::space(GOVERNANCE_HEADER_LEN - 1 + body.len()),
        seeds = [OUTBOUND_SEED, &config.outbound_nonce.wrapping_add(1).to_le_bytes()],
        bump
    )]
    pub outbound: Box<Account<'info, OutboundMessage>>,
    pub system_program: Program<'info, System>,
}

/// Sends `body` (`kind u8 | payload`) to `recipient` on `dst_domain` as a version-2 message from the
/// governance vault: `2 | SOLANA | dst | nonce | vault | recipient | body`, at most 1024 bytes.
pub fn handler(ctx: Context<SendGovernanceMessage>, dst_domain: u32, recipient: [u8; 32], body: Vec<u8>) -> Result<()> {
    let len = GOVERNANCE_HEADER_LEN - 1 + body.len();
    if body.is_empty() || len > MAX_GOVERNANCE_MESSAGE_LEN {
        return Err(error!(BridgeError::BridgeInvalidMessage).with_values((len, MAX_GOVERNANCE_MESSAGE_LEN)));
    }
    if !is_deliverable_recipient(dst_domain, &recipient) {
        return Err(
            error!(BridgeError::BridgeInvalidRecipient).with_values((dst_domain, "zero, or not a 20-byte EVM address"))
        );
    }
    load_remote(&ctx.accounts.remote.to_account_info(), dst_domain)?;
    let now = Clock::get()?.unix_timestamp;
    let config = &mut ctx.accounts.config;
    let nonce = config.outbound_nonce.checked_add(1).ok_or(BridgeError::ArithmeticOverflow)?;
    config.outbound_nonce = nonce;
    let sender = ctx.accounts.sender.key().to_bytes();
    let mut message = Vec::with_capacity(len);
    message.push(GOVERNANCE_MESSAGE_VERSION);
    message.extend_from_slice(&SOLANA_DOMAIN.to_be_bytes());
    message.extend_from_slice(&dst_domain.to_be_bytes());
    message.extend_from_slice(&nonce.to_be_bytes());
    message.extend_from_slice(&sender);
    message.extend_from_slice(&recipient);
    message.extend_from_slice(&body);
    let id = message_id(&message);
    let outbound = &mut ctx.accounts.outbound;
    outbound.nonce = nonce;
    outbound.message_id = id;
    outbound.message = message;
    outbound.sent_at = now;
    outbound.bump = ctx.bumps.outbound;
    emit!(GovernanceMessageSent { message_id: id, dst_domain, nonce, kind: body[0] });
    Ok(())
}
