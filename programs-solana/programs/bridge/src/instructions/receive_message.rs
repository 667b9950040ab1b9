//! Inbound delivery: anyone (an untrusted relayer) delivers a message with enough validator
//! signatures; the bridge mints `amount` CAL to the recipient's associated token account.
use anchor_lang::prelude::*;
use anchor_spl::associated_token::AssociatedToken;
use anchor_spl::token::{self, Mint, MintTo, Token, TokenAccount};

use crate::codec::{digest, message_id, recover_signer, BridgeMessage};
use crate::constants::*;
use crate::errors::BridgeError;
use crate::events::MessageDelivered;
use crate::instructions::support::{check_not_delivered, load_remote, mark_delivered, store};
use crate::state::BridgeConfig;

/// The recipient field of a raw message.
pub fn recipient_of(message: &[u8; MESSAGE_LEN]) -> Pubkey {
    let mut key = [0u8; 32];
    key.copy_from_slice(&message[49..81]);
    Pubkey::new_from_array(key)
}

#[derive(Accounts)]
#[instruction(message: [u8; MESSAGE_LEN])]
pub struct ReceiveMessage<'info> {
    /// Anyone; pays the replay chunk when it is new (and the recipient's token account if it does not exist).
    #[account(mut)]
    pub relayer: Signer<'info>,
    #[account(seeds = [BRIDGE_CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, BridgeConfig>>,
    /// The source domain's `RemoteDomain` `[REMOTE_DOMAIN_SEED, srcDomain u32 be]`, loaded by the handler.
    /// CHECK: seeds checked; `BridgeUnknownDomain` if absent or disabled.
    #[account(mut, seeds = [REMOTE_DOMAIN_SEED, &message[1..5]], bump)]
    pub remote: UncheckedAccount<'info>,
    /// The replay chunk `[DELIVERED_SEED, srcDomain u32 be, nonce / DELIVERED_CHUNK_BITS u64 be]` (address
    /// checked by the handler); the message's bit set → `BridgeMessageAlreadyDelivered`; created by the
    /// relayer for the first message of its chunk, once every check passed.
    /// CHECK: see above.
    #[account(mut)]
    pub delivered: UncheckedAccount<'info>,
    #[account(mut, address = config.cal_mint)]
    pub mint: Box<Account<'info, Mint>>,
    /// CHECK: this program's mint-authority PDA (signs the mint).
    #[account(seeds = [MINT_AUTHORITY_SEED], bump = config.mint_authority_bump)]
    pub mint_authority: UncheckedAccount<'info>,
    /// The message's recipient (the owner of the ATA that receives the CAL).
    /// CHECK: address constraint.
    #[account(address = recipient_of(&message) @ BridgeError::BridgeInvalidRecipient)]
    pub recipient: UncheckedAccount<'info>,
    /// The recipient's CAL associated token account (created by the relayer if missing).
    #[account(
        init_if_needed,
        payer = relayer,
        associated_token::mint = mint,
        associated_token::authority = recipient,
        associated_token::token_program = token_program,
    )]
    pub recipient_token: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
    pub associated_token_program: Program<'info, AssociatedToken>,
    pub system_program: Program<'info, System>,
}

/// M-of-N check of `signatures` over `digest`: every signature recoverable and low-s, signers
/// strictly ascending, all of the current set (≥ its threshold) or all of the previous set while
/// it is retained, i.e. `now < previous_valid_until` (≥ its threshold). Bounded by MAX_VALIDATORS signatures.
pub fn verify_signatures(
    config: &BridgeConfig,
    digest: &[u8; 32],
    signatures: &[[u8; SIGNATURE_LEN]],
    now: i64,
) -> Result<()> {
    let count = signatures.len();
    if count > MAX_VALIDATORS {
        return Err(error!(BridgeError::BridgeInvalidSignatureLength).with_values((count, MAX_VALIDATORS)));
    }
    // The previous set signs strictly before the end of its window (retention 0 revokes it at once).
    let retained = config.set_id > 1 && now < config.previous_valid_until;
    let mut all_current = true;
    let mut all_previous = retained;
    let mut previous: Option<[u8; 20]> = None;
    for (i, signature) in signatures.iter().enumerate() {
        let signer = recover_signer(digest, signature)
            .ok_or_else(|| error!(BridgeError::BridgeInvalidSignature).with_values((i, count)))?;
        if let Some(p) = previous {
            if signer == p {
                return Err(error!(BridgeError::BridgeDuplicateSigner).with_values((i, hex20(&signer))));
            }
            if signer < p {
                return Err(error!(BridgeError::BridgeSignersNotAscending).with_values((i, hex20(&signer))));
            }
        }
        previous = Some(signer);
        let in_current = config.validators.binary_search(&signer).is_ok();
        let in_previous = retained && config.previous_validators.binary_search(&signer).is_ok();
        all_current = all_current && in_current;
        all_previous = all_previous && in_previous;
        // One set signs a message: a signer of neither set, or a mix of both sets, is refused.
        if !all_current && !all_previous {
            return Err(error!(BridgeError::BridgeSignerNotInSet).with_values((i, hex20(&signer))));
        }
    }
    if all_current && count >= usize::from(config.threshold) {
        return Ok(());
    }
    if all_previous && count >= usize::from(config.previous_threshold) {
        return Ok(());
    }
    let needed = if all_current { config.threshold } else { config.previous_threshold };
    Err(error!(BridgeError::BridgeBelowThreshold).with_values((count, needed)))
}

fn hex20(a: &[u8; 20]) -> String {
    a.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn handler(
    ctx: Context<ReceiveMessage>,
    message: [u8; MESSAGE_LEN],
    signatures: Vec<[u8; SIGNATURE_LEN]>,
) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let config = &ctx.accounts.config;
    require!(!config.paused, BridgeError::EnforcedPause);
    let id = message_id(&message);
    let m = BridgeMessage::decode(&message);
    let delivered_info = ctx.accounts.delivered.to_account_info();
    let bump = check_not_delivered(&delivered_info, m.src_domain, m.nonce)?;
    if m.version != MESSAGE_VERSION {
        return Err(error!(BridgeError::BridgeInvalidMessage).with_values((m.version, MESSAGE_VERSION)));
    }
    if m.dst_domain != SOLANA_DOMAIN {
        return Err(error!(BridgeError::BridgeWrongDestination).with_values((m.dst_domain, SOLANA_DOMAIN)));
    }
    require!(m.amount > 0, BridgeError::BridgeZeroAmount);
    require!(m.recipient != [0u8; 32], BridgeError::BridgeInvalidRecipient);
    let remote_info = ctx.accounts.remote.to_account_info();
    let mut remote = load_remote(&remote_info, m.src_domain)?;

    verify_signatures(config, &digest(SOLANA_DOMAIN, &crate::ID.to_bytes(), &id), &signatures, now)?;

    // Effects: bucket, replay marker; then the mint.
    remote.inbound.consume(m.amount, now)?;
    store(&remote_info, &remote)?;
    mark_delivered(
        &ctx.accounts.relayer.to_account_info(),
        &delivered_info,
        &ctx.accounts.system_program.to_account_info(),
        m.src_domain,
        m.nonce,
        bump,
    )?;
    let recipient = ctx.accounts.recipient.key();
    emit!(MessageDelivered { message_id: id, src_domain: m.src_domain, nonce: m.nonce, recipient, amount: m.amount });

    let seeds: &[&[u8]] = &[MINT_AUTHORITY_SEED, &[config.mint_authority_bump]];
    token::mint_to(
        CpiContext::new_with_signer(
            ctx.accounts.token_program.to_account_info(),
            MintTo {
                mint: ctx.accounts.mint.to_account_info(),
                to: ctx.accounts.recipient_token.to_account_info(),
                authority: ctx.accounts.mint_authority.to_account_info(),
            },
            &[seeds],
        ),
        m.amount,
    )
}
