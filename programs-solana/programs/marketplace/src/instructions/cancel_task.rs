use anchor_lang::prelude::*;
use anchor_spl::token::{self, Token, TokenAccount, Transfer};

use crate::constants::*;
use crate::errors::MarketplaceError;
use crate::events::TaskCancelled;
use crate::state::{MarketplaceConfig, Task, TaskStatus};

#[derive(Accounts)]
pub struct CancelTask<'info> {
    pub user: Signer<'info>,
    #[account(seeds = [MARKETPLACE_CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, MarketplaceConfig>>,
    /// CHECK: signer PDA of this program.
    #[account(seeds = [MARKETPLACE_AUTHORITY_SEED], bump = config.authority_bump)]
    pub authority: UncheckedAccount<'info>,
    #[account(mut, seeds = [TASK_SEED, &task.id.to_le_bytes()], bump = task.bump)]
    pub task: Box<Account<'info, Task>>,
    #[account(mut, token::mint = config.cal_mint, token::authority = task.user)]
    pub user_token: Box<Account<'info, TokenAccount>>,
    #[account(mut, address = config.escrow)]
    pub escrow: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
}

pub fn handler(ctx: Context<CancelTask>) -> Result<()> {
    let task = &mut ctx.accounts.task;
    require_keys_eq!(ctx.accounts.user.key(), task.user, MarketplaceError::MarketplaceNotTaskUser);
    require!(task.status == TaskStatus::Open, MarketplaceError::MarketplaceTaskNotOpen);
    task.status = TaskStatus::Cancelled;
    let seeds: &[&[u8]] = &[MARKETPLACE_AUTHORITY_SEED, &[ctx.accounts.config.authority_bump]];
    token::transfer(
        CpiContext::new_with_signer(
            ctx.accounts.token_program.to_account_info(),
            Transfer {
                from: ctx.accounts.escrow.to_account_info(),
                to: ctx.accounts.user_token.to_account_info(),
                authority: ctx.accounts.authority.to_account_info(),
            },
            &[seeds],
        ),
        task.reward,
    )?;
    emit!(TaskCancelled { task_id: task.id });
    Ok(())
}
