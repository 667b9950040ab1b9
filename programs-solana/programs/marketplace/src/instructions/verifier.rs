//! Verifying keys by account, for governance's `setVerifier(verifierId, verifier)` action (CONVENTIONS:
//! on Solana the verifier is the verifying-key account): anyone stages a key in an account of its own,
//! then the admin (the governance PDA) copies it into the registry entry of an id, or removes the entry
//! (the zero account).
use anchor_lang::prelude::*;
use anchor_lang::system_program::{self, CreateAccount};

use crate::constants::*;
use crate::errors::MarketplaceError;
use crate::events::VerifierRegistered;
use crate::state::{Groth16VerifyingKey, MarketplaceConfig, StagedVerifyingKey, VerifierAccount};

#[derive(Accounts)]
pub struct StageVerifyingKey<'info> {
    #[account(mut)]
    pub payer: Signer<'info>,
    /// A fresh keypair account: the key's address.
    #[account(init, payer = payer, space = 8 + StagedVerifyingKey::INIT_SPACE)]
    pub staged: Box<Account<'info, StagedVerifyingKey>>,
    pub system_program: Program<'info, System>,
}

pub fn stage_verifying_key(ctx: Context<StageVerifyingKey>, vk: Groth16VerifyingKey) -> Result<()> {
    let staged = &mut ctx.accounts.staged;
    staged.stager = ctx.accounts.payer.key();
    staged.vk = vk;
    Ok(())
}

#[derive(Accounts)]
#[instruction(verifier_id: u64)]
pub struct SetVerifier<'info> {
    #[account(constraint = admin.key() == config.admin @ MarketplaceError::GovernorOnlyExecutor)]
    pub admin: Signer<'info>,
    /// Pays a new registry entry; receives the rent of a removed one.
    #[account(mut)]
    pub payer: Signer<'info>,
    #[account(seeds = [MARKETPLACE_CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, MarketplaceConfig>>,
    /// CHECK: the registry entry `[VERIFIER_SEED, id u64 le]` (seeds checked), created, rewritten or closed here.
    #[account(mut, seeds = [VERIFIER_SEED, &verifier_id.to_le_bytes()], bump)]
    pub verifier: UncheckedAccount<'info>,
    /// The staged key named by the action (absent when removing).
    pub staged: Option<Box<Account<'info, StagedVerifyingKey>>>,
    pub system_program: Program<'info, System>,
}

/// Sets verifier `verifier_id` to the key staged at `vk_account`, or removes it (`vk_account` zero).
pub fn set_verifier(ctx: Context<SetVerifier>, verifier_id: u64, vk_account: Pubkey) -> Result<()> {
    require!(verifier_id != 0, MarketplaceError::MarketplaceUnknownVerifier);
    let entry = ctx.accounts.verifier.to_account_info();
    let payer = ctx.accounts.payer.to_account_info();
    let exists = entry.owner == &crate::ID && !entry.data_is_empty();
    if vk_account == Pubkey::default() {
        if exists {
            let lamports = entry.lamports();
            **payer.try_borrow_mut_lamports()? += lamports;
            **entry.try_borrow_mut_lamports()? = 0;
            entry.assign(&anchor_lang::system_program::ID);
            entry.resize(0)?;
        }
        emit!(VerifierRegistered { verifier_id });
        return Ok(());
    }
    let staged = ctx.accounts.staged.as_ref().ok_or(MarketplaceError::GovernanceInvalidAction)?;
    require_keys_eq!(staged.key(), vk_account, MarketplaceError::GovernanceInvalidAction);
    let bump = ctx.bumps.verifier;
    if !exists {
        let space = 8 + VerifierAccount::INIT_SPACE;
        let rent = Rent::get()?.minimum_balance(space);
        require!(entry.lamports() == 0, MarketplaceError::GovernanceInvalidAction);
        system_program::create_account(
            CpiContext::new_with_signer(
                ctx.accounts.system_program.to_account_info(),
                CreateAccount { from: payer, to: entry.clone() },
                &[&[VERIFIER_SEED, &verifier_id.to_le_bytes(), &[bump]]],
            ),
            rent,
            space as u64,
            &crate::ID,
        )?;
    }
    let record = VerifierAccount { verifier_id, vk: staged.vk.clone(), bump };
    let mut data = entry.try_borrow_mut_data()?;
    let mut writer: &mut [u8] = &mut data[..];
    record.try_serialize(&mut writer)?;
    emit!(VerifierRegistered { verifier_id });
    Ok(())
}
