//! `resolve_replicas(result_hash)`: the arbiter settles a Disputed replicated task (DESIGN §5.2).
use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};
use staking::program::Staking;
use staking::state::StakingConfig;

use crate::constants::*;
use crate::errors::MarketplaceError;
use crate::events::TaskSettled;
use crate::instructions::settlement::{replica_accounts, replica_settlement};
use crate::state::{MarketplaceConfig, Task, TaskStatus};

/// The accounts of `settle` with the arbiter; the same remaining accounts (per replica: record, token account).
#[derive(Accounts)]
pub struct ResolveReplicas<'info> {
    pub arbiter: Signer<'info>,
    #[account(seeds = [MARKETPLACE_CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, MarketplaceConfig>>,
    /// CHECK: signer PDA of this program.
    #[account(seeds = [MARKETPLACE_AUTHORITY_SEED], bump = config.authority_bump)]
    pub authority: UncheckedAccount<'info>,
    #[account(mut, seeds = [TASK_SEED, &task.id.to_le_bytes()], bump = task.bump)]
    pub task: Box<Account<'info, Task>>,
    #[account(mut, address = config.escrow)]
    pub escrow: Box<Account<'info, TokenAccount>>,
    #[account(mut, token::mint = config.cal_mint, token::authority = task.user)]
    pub user_token: Box<Account<'info, TokenAccount>>,
    #[account(mut, address = config.treasury)]
    pub treasury_token: Box<Account<'info, TokenAccount>>,
    #[account(mut, token::mint = config.cal_mint, token::authority = task.model_creator.unwrap_or_default())]
    pub creator_token: Option<Box<Account<'info, TokenAccount>>>,
    #[account(seeds = [staking::constants::STAKING_CONFIG_SEED], bump = staking_config.bump, seeds::program = staking::ID)]
    pub staking_config: Box<Account<'info, StakingConfig>>,
    /// CHECK: the staking vault, checked by the staking program.
    #[account(mut, address = staking_config.vault)]
    pub staking_vault: UncheckedAccount<'info>,
    pub staking_program: Program<'info, Staking>,
    pub token_program: Program<'info, Token>,
}

impl ResolveReplicas<'_> {
    /// In order (as `resolve`): the arbiter, a replicated task, Disputed.
    pub fn validate(&self) -> Result<()> {
        require_keys_eq!(self.arbiter.key(), self.config.arbiter, MarketplaceError::MarketplaceNotArbiter);
        require!(self.task.is_replicated(), MarketplaceError::MarketplaceNotReplicated);
        require!(self.task.status == TaskStatus::Disputed, MarketplaceError::MarketplaceTaskNotDisputed);
        Ok(())
    }
}

/// Settles with `result_hash` as the winner (Completed: the replicas that revealed it are paid, the others
/// slashed); zero means no winner: every replica slashed, the whole reward back to the user, Refunded.
pub fn handler<'info>(ctx: Context<'_, '_, 'info, 'info, ResolveReplicas<'info>>, result_hash: [u8; 32]) -> Result<()> {
    ctx.accounts.validate()?;
    let winner = (result_hash != [0u8; 32]).then_some(result_hash);
    let replicas = replica_accounts(&ctx.accounts.task, &ctx.accounts.config, ctx.remaining_accounts)?;
    let task = &mut ctx.accounts.task;
    task.status = if winner.is_some() { TaskStatus::Completed } else { TaskStatus::Refunded };
    task.result_commitment = result_hash;

    let a = &ctx.accounts;
    let (settlement, parties) = replica_settlement!(a);
    let agreeing = settlement.settle_replicas(&a.task, winner, &replicas, &parties)?;
    emit!(TaskSettled { task_id: a.task.id, result_hash, agreeing });
    Ok(())
}
