//! `settle`: anyone settles a replicated task once every replica revealed or the reveal window is over
//! (DESIGN §5.2). The replicas' accounts are the remaining accounts (`settlement::replica_accounts`).
use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};
use staking::program::Staking;
use staking::state::StakingConfig;

use crate::constants::*;
use crate::errors::MarketplaceError;
use crate::events::TaskSettled;
use crate::instructions::settlement::{replica_accounts, replica_settlement};
use crate::math::majority;
use crate::state::{replica_state, MarketplaceConfig, Task, TaskStatus};

/// Accounts of a replicated settlement (settle; resolve_replicas adds the arbiter). Remaining accounts: per
/// accepted replica, in replica order, its staking record (writable) and its CAL token account (writable).
#[derive(Accounts)]
pub struct Settle<'info> {
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

impl Settle<'_> {
    /// CONVENTIONS "Settle", in order: a replicated task, Assigned, every replica revealed or the reveal window over.
    pub fn validate(&self, now: i64) -> Result<()> {
        let task = &self.task;
        require!(task.is_replicated(), MarketplaceError::MarketplaceNotReplicated);
        require!(task.status == TaskStatus::Assigned, MarketplaceError::MarketplaceTaskNotAssigned);
        let all_revealed = task.count_at_least(replica_state::REVEALED) == usize::from(task.replicas);
        let reveal_end =
            task.effective_reveal_end(self.config.reveal_period).ok_or(MarketplaceError::ArithmeticOverflow)?;
        require!(all_revealed || now > reveal_end, MarketplaceError::MarketplaceRevealPeriodActive);
        Ok(())
    }
}

/// The result hash revealed by a strict majority of k wins: its replicas are paid, every other replica is
/// slashed, the rest of the reward returns to the user and the task is Completed. Without a winner the task goes
/// Disputed and nothing moves.
pub fn handler<'info>(ctx: Context<'_, '_, 'info, 'info, Settle<'info>>) -> Result<()> {
    ctx.accounts.validate(Clock::get()?.unix_timestamp)?;
    let task = &mut ctx.accounts.task;
    let revealed: Vec<[u8; 32]> =
        task.accepted().iter().filter(|r| r.state == replica_state::REVEALED).map(|r| r.result_hash).collect();
    let Some((winner, _)) = majority(&revealed, task.replicas) else {
        task.status = TaskStatus::Disputed;
        emit!(TaskSettled { task_id: task.id, result_hash: [0u8; 32], agreeing: 0 });
        return Ok(());
    };
    let replicas = replica_accounts(task, &ctx.accounts.config, ctx.remaining_accounts)?;
    task.status = TaskStatus::Completed;
    task.result_commitment = winner;

    let a = &ctx.accounts;
    let (settlement, parties) = replica_settlement!(a);
    let agreeing = settlement.settle_replicas(&a.task, Some(winner), &replicas, &parties)?;
    emit!(TaskSettled { task_id: a.task.id, result_hash: winner, agreeing });
    Ok(())
}
