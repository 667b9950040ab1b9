//! Outbound: the user burns CAL; the 89-byte message is stored at `[OUTBOUND_SEED, nonce]`
//! for the validators to sign. Nonces strictly increase from 1.
use anchor_lang::prelude::*;
use anchor_spl::token::{self, Burn, Mint, Token, TokenAccount};

use crate::codec::{is_deliverable_recipient, message_id, BridgeMessage};
use crate::constants::*;
use crate::errors::BridgeError;
use crate::events::MessageSent;
use crate::instructions::support::{load_remote, store};
use crate::state::{BridgeConfig, OutboundMessage};

#[derive(Accounts)]
#[instruction(dst_domain: u32)]
pub struct SendTokens<'info> {
    #[account(mut)]
    pub user: Signer<'info>,
    #[account(mut, seeds = [BRIDGE_CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, BridgeConfig>>,
    /// The destination's `RemoteDomain` `[REMOTE_DOMAIN_SEED, dstDomain u32 be]`, loaded by the handler.
    /// CHECK: seeds checked; `BridgeUnknownDomain` if absent or disabled.
    #[account(mut, seeds = [REMOTE_DOMAIN_SEED, &dst_domain.to_be_bytes()], bump)]
    pub remote: UncheckedAccount<'info>,
    #[account(
        init,
        payer = user,
        space = OutboundMessage::space(MESSAGE_LEN),
        seeds = [OUTBOUND_SEED, &config.outbound_nonce.wrapping_add(1).to_le_bytes()],
        bump
    )]
    pub outbound: Box<Account<'info, OutboundMessage>>,
    #[account(mut, address = config.cal_mint)]
    pub mint: Box<Account<'info, Mint>>,
    #[account(mut, token::mint = mint, token::authority = user)]
    pub user_token: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
    pub system_program: Program<'info, System>,
}

pub fn handler(ctx: Context<SendTokens>, dst_domain: u32, recipient: [u8; 32], amount: u64) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    require!(!ctx.accounts.config.paused, BridgeError::EnforcedPause);
    require!(amount > 0, BridgeError::BridgeZeroAmount);
    if !is_deliverable_recipient(dst_domain, &recipient) {
        return Err(
            error!(BridgeError::BridgeInvalidRecipient).with_values((dst_domain, "zero, or not a 20-byte EVM address"))
        );
    }
    let remote_info = ctx.accounts.remote.to_account_info();
    let mut remote = load_remote(&remote_info, dst_domain)?;
    remote.outbound.consume(amount, now)?;
    store(&remote_info, &remote)?;

    let config = &mut ctx.accounts.config;
    let nonce = config.outbound_nonce.checked_add(1).ok_or(BridgeError::ArithmeticOverflow)?;
    config.outbound_nonce = nonce;
    let sender = ctx.accounts.user.key().to_bytes();
    let message = BridgeMessage {
        version: MESSAGE_VERSION,
        src_domain: SOLANA_DOMAIN,
        dst_domain,
        nonce,
        sender,
        recipient,
        amount,
    }
    .encode();
    let id = message_id(&message);
    let outbound = &mut ctx.accounts.outbound;
    outbound.nonce = nonce;
    outbound.message_id = id;
    outbound.message = message.to_vec();
    outbound.sent_at = now;
    outbound.bump = ctx.bumps.outbound;
    emit!(MessageSent { message_id: id, dst_domain, nonce, sender, recipient, amount });

    token::burn(
        CpiContext::new(
            ctx.accounts.token_program.to_account_info(),
            Burn {
                mint: ctx.accounts.mint.to_account_info(),
                from: ctx.accounts.user_token.to_account_info(),
                authority: ctx.accounts.user.to_account_info(),
            },
        ),
        amount,
    )
}
