use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};
use staking::program::Staking;
use staking::state::StakingConfig;

use crate::constants::*;
use crate::errors::MarketplaceError;
use crate::events::ResultSubmitted;
use crate::groth16::{self, Groth16Error};
use crate::instructions::settlement::{settle, Required};
use crate::math::{lt_be, provider_field, u64_field};
use crate::state::{MarketplaceConfig, Task, TaskStatus, VerifierAccount};

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
}

pub fn handler(ctx: Context<SubmitResult>, result_commitment: [u8; 32], proof: Vec<u8>) -> Result<()> {
    require!(!ctx.accounts.config.paused, MarketplaceError::EnforcedPause);
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
    let inputs = [u64_field(task.id), task.spec_hash, result_commitment, provider_field(&task.provider.to_bytes())];
    groth16::verify(&verifier.vk, &proof, &inputs).map_err(|e| match e {
        Groth16Error::InputOutOfRange => error!(MarketplaceError::MarketplaceFieldElementOutOfRange),
        Groth16Error::Invalid => error!(MarketplaceError::MarketplaceInvalidProof),
    })?;
    task.status = TaskStatus::Completed;
    task.submitted_at = now;
    emit!(ResultSubmitted { task_id: task.id, result_commitment, verified: true });

    settle!(pay_out, ctx.accounts, required)
}
