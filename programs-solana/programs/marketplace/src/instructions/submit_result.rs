use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};
use staking::program::Staking;
use staking::state::StakingConfig;

use crate::constants::*;
use crate::errors::MarketplaceError;
use crate::events::{ResultSubmitted, TaskSettled};
use crate::groth16::{self, Groth16Error};
use crate::instructions::settlement::{replica_accounts, settle, ReplicaParties, Required, Settlement};
use crate::math::{lt_be, provider_field, u64_field};
use crate::state::{replica_state, MarketplaceConfig, Task, TaskStatus, VerifierAccount};

#[derive(Accounts)]
pub struct SubmitResult<'info> {
    pub provider: Signer<'info>,
    #[account(seeds = [MARKETPLACE_CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, MarketplaceConfig>>,
    /// CHECK: signer PDA of this program.
    #[account(seeds = [MARKETPLACE_AUTHORITY_SEED], bump = config.authority_bump)]
    pub authority: UncheckedAccount<'info>,
    #[account(mut, seeds = [TASK_SEED, &task.id.to_le_bytes()], bump = task.bump)]
    pub task: Box<Account<'info, Task>>,
    /// Proof path only: the task's verifier.
    #[account(seeds = [VERIFIER_SEED, &task.verifier_id.to_le_bytes()], bump = verifier.bump)]
    pub verifier: Option<Box<Account<'info, VerifierAccount>>>,
    /// Proof path only (payout): the accounts below.
    #[account(mut, address = config.escrow)]
    pub escrow: Option<Box<Account<'info, TokenAccount>>>,
    #[account(mut, token::mint = config.cal_mint, token::authority = task.provider)]
    pub provider_token: Option<Box<Account<'info, TokenAccount>>>,
    #[account(mut, address = config.treasury)]
    pub treasury_token: Option<Box<Account<'info, TokenAccount>>>,
    #[account(mut, token::mint = config.cal_mint, token::authority = task.model_creator.unwrap_or_default())]
    pub creator_token: Option<Box<Account<'info, TokenAccount>>>,
    /// CHECK: the provider's staking record, checked by the staking program.
    #[account(
        mut,
        seeds = [staking::constants::PROVIDER_SEED, task.provider.as_ref()],
        bump,
        seeds::program = staking::ID
    )]
    pub provider_record: Option<UncheckedAccount<'info>>,
    #[account(seeds = [staking::constants::STAKING_CONFIG_SEED], bump = staking_config.bump, seeds::program = staking::ID)]
    pub staking_config: Option<Box<Account<'info, StakingConfig>>>,
    pub staking_program: Option<Program<'info, Staking>>,
    pub token_program: Option<Program<'info, Token>>,
    /// Proof path: the user's CAL account, for `reward - price` (classic: needed when the locked price is below
    /// the reward) and a replicated task's slashes and refund.
    #[account(mut, token::mint = config.cal_mint, token::authority = task.user)]
    pub user_token: Option<Box<Account<'info, TokenAccount>>>,
    /// CHECK: replicated proof path only: the staking vault (slashes); must be `staking_config.vault` (checked in
    /// the handler and again by the staking program).
    #[account(mut)]
    pub staking_vault: Option<UncheckedAccount<'info>>,
}

/// A classic task: the optimistic submission (Submitted) or a proof that pays out (Completed). A replicated task
/// refuses it (`MarketplaceReplicated`) except on the proof path, which settles a Disputed replicated task with a
/// verifier ([`replicated_proof`]).
pub fn handler<'info>(
    ctx: Context<'_, '_, 'info, 'info, SubmitResult<'info>>,
    result_commitment: [u8; 32],
    proof: Vec<u8>,
) -> Result<()> {
    require!(!ctx.accounts.config.paused, MarketplaceError::EnforcedPause);
    if ctx.accounts.task.is_replicated() {
        return replicated_proof(ctx, result_commitment, proof);
    }
    let now = Clock::get()?.unix_timestamp;
    let task = &mut ctx.accounts.task;
    require_keys_eq!(ctx.accounts.provider.key(), task.provider, MarketplaceError::MarketplaceNotTaskProvider);
    require!(task.status == TaskStatus::Assigned, MarketplaceError::MarketplaceTaskNotAssigned);
    require!(now <= task.deadline, MarketplaceError::MarketplaceDeadlinePassed);
    require!(lt_be(&result_commitment, &BN254_R), MarketplaceError::MarketplaceFieldElementOutOfRange);
    task.result_commitment = result_commitment;

    if task.verifier_id == 0 {
        require!(proof.is_empty(), MarketplaceError::MarketplaceUnexpectedProof);
        task.status = TaskStatus::Submitted;
        task.submitted_at = now;
        task.challenge_ends_at =
            now.checked_add(ctx.accounts.config.challenge_period).ok_or(MarketplaceError::ArithmeticOverflow)?;
        emit!(ResultSubmitted { task_id: task.id, result_commitment, verified: false });
        return Ok(());
    }

    let verifier = ctx.accounts.verifier.as_ref().ok_or(MarketplaceError::MarketplaceUnknownVerifier)?;
    verify(verifier, task, &result_commitment, &task.provider, &proof)?;
    task.status = TaskStatus::Completed;
    task.submitted_at = now;
    emit!(ResultSubmitted { task_id: task.id, result_commitment, verified: true });

    let user_token = ctx.accounts.user_token.as_ref().map(|u| u.to_account_info());
    settle!(pay_out, ctx.accounts, user_token, required)
}

/// Checks `proof` for the public inputs `[taskId, specHash, resultCommitment, provider]`.
fn verify(
    verifier: &VerifierAccount,
    task: &Task,
    result_commitment: &[u8; 32],
    provider: &Pubkey,
    proof: &[u8],
) -> Result<()> {
    let inputs = [u64_field(task.id), task.spec_hash, *result_commitment, provider_field(&provider.to_bytes())];
    groth16::verify(&verifier.vk, proof, &inputs).map_err(|e| match e {
        Groth16Error::InputOutOfRange => error!(MarketplaceError::MarketplaceFieldElementOutOfRange),
        Groth16Error::Invalid => error!(MarketplaceError::MarketplaceInvalidProof),
    })
}

/// The proof path of a Disputed replicated task with a verifier (CONVENTIONS "Disputed replicated tasks"): a
/// replica that revealed `result_hash == result_commitment` (else `MarketplaceCommitMismatch`) proves it for its
/// own public inputs, and the task settles with that winner (Completed). The replicas' accounts are the remaining
/// accounts, as for `settle`.
fn replicated_proof<'info>(
    ctx: Context<'_, '_, 'info, 'info, SubmitResult<'info>>,
    result_commitment: [u8; 32],
    proof: Vec<u8>,
) -> Result<()> {
    let a = &ctx.accounts;
    let task = &a.task;
    require!(task.status == TaskStatus::Disputed && task.verifier_id != 0, MarketplaceError::MarketplaceReplicated);
    let caller = a.provider.key();
    let index = task.replica_index(&caller).ok_or(MarketplaceError::MarketplaceNotTaskProvider)?;
    let replica = task.replica_records[index];
    require!(
        replica.state == replica_state::REVEALED && replica.result_hash == result_commitment,
        MarketplaceError::MarketplaceCommitMismatch
    );
    require!(lt_be(&result_commitment, &BN254_R), MarketplaceError::MarketplaceFieldElementOutOfRange);
    let verifier = a.verifier.as_ref().ok_or(MarketplaceError::MarketplaceUnknownVerifier)?;
    verify(verifier, task, &result_commitment, &caller, &proof)?;
    let replicas = replica_accounts(task, &a.config, ctx.remaining_accounts)?;

    let now = Clock::get()?.unix_timestamp;
    let task = &mut ctx.accounts.task;
    task.status = TaskStatus::Completed;
    task.result_commitment = result_commitment;
    task.submitted_at = now;
    emit!(ResultSubmitted { task_id: task.id, result_commitment, verified: true });

    let a = &ctx.accounts;
    let settlement = Settlement {
        config: &a.config,
        token_program: a.token_program.required()?.to_account_info(),
        escrow: a.escrow.required()?.to_account_info(),
        authority: a.authority.to_account_info(),
        staking_program: a.staking_program.required()?.to_account_info(),
        staking_config: a.staking_config.required()?.to_account_info(),
        provider_record: None,
    };
    let parties = ReplicaParties {
        user_token: a.user_token.required()?.to_account_info(),
        treasury_token: a.treasury_token.required()?.to_account_info(),
        creator_token: a.creator_token.as_ref().map(|c| c.to_account_info()),
        staking_vault: a.staking_vault.required()?.to_account_info(),
    };
    require_keys_eq!(
        parties.staking_vault.key(),
        a.staking_config.required()?.vault,
        anchor_lang::error::ErrorCode::ConstraintAddress
    );
    let agreeing = settlement.settle_replicas(&a.task, Some(result_commitment), &replicas, &parties)?;
    emit!(TaskSettled { task_id: a.task.id, result_hash: result_commitment, agreeing });
    Ok(())
}
