use anchor_lang::prelude::*;
use staking::program::Staking;
use staking::state::{Provider, StakingConfig};

use crate::constants::*;
use crate::errors::MarketplaceError;
use crate::events::{OfferLocked, TaskAccepted};
use crate::math::offer_price;
use crate::state::{replica_state, MarketplaceConfig, ReplicaRecord, Task, TaskStatus};

#[derive(Accounts)]
pub struct AcceptTask<'info> {
    pub provider: Signer<'info>,
    #[account(seeds = [MARKETPLACE_CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, MarketplaceConfig>>,
    /// CHECK: signer PDA of this program (the staking slasher).
    #[account(seeds = [MARKETPLACE_AUTHORITY_SEED], bump = config.authority_bump)]
    pub authority: UncheckedAccount<'info>,
    #[account(mut, seeds = [TASK_SEED, &task.id.to_le_bytes()], bump = task.bump)]
    pub task: Box<Account<'info, Task>>,
    /// CHECK: the provider's staking record (PDA of the staking program), read with
    /// `Provider::load`, so that a missing record yields `StakingNotRegistered`.
    #[account(
        mut,
        seeds = [staking::constants::PROVIDER_SEED, provider.key().as_ref()],
        bump,
        seeds::program = staking::ID
    )]
    pub provider_record: UncheckedAccount<'info>,
    #[account(seeds = [staking::constants::STAKING_CONFIG_SEED], bump = staking_config.bump, seeds::program = staking::ID)]
    pub staking_config: Box<Account<'info, StakingConfig>>,
    pub staking_program: Program<'info, Staking>,
}

impl AcceptTask<'_> {
    /// CONVENTIONS "Accepting": pause, the task's state (Open; a replicated task also Assigned with a free
    /// slot), the lock deadline, a provider already among the replicas, then the provider's stake and reputation.
    pub fn validate(&self, now: i64) -> Result<()> {
        require!(!self.config.paused, MarketplaceError::EnforcedPause);
        let task = &self.task;
        let open = task.status == TaskStatus::Open
            || (task.is_replicated()
                && task.status == TaskStatus::Assigned
                && task.accepted().len() < usize::from(task.replicas));
        require!(open, MarketplaceError::MarketplaceTaskNotOpen);
        require!(
            u64::try_from(now).is_ok_and(|now| now <= task.lock_deadline),
            MarketplaceError::MarketplaceLockDeadlinePassed
        );
        require!(task.replica_index(&self.provider.key()).is_none(), MarketplaceError::MarketplaceAlreadyReplica);
        let record = Provider::load(&self.provider_record)?;
        require!(record.staked >= self.staking_config.min_stake, MarketplaceError::MarketplaceStakeBelowMinimum);
        require!(record.score_bps() >= task.min_reputation_bps as u64, MarketplaceError::MarketplaceReputationTooLow);
        Ok(())
    }
}

/// Locks `price = offer_price(terms, now)` and the task's collateral for the accepting provider: a classic task
/// goes Assigned with that provider; a replicated task records the replica (Assigned from its first accept).
pub fn handler(ctx: Context<AcceptTask>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    ctx.accounts.validate(now)?;
    let provider = ctx.accounts.provider.key();
    let task = &mut ctx.accounts.task;
    // now <= lock_deadline, a u64, so now >= 0 here.
    let price = offer_price(task.min_reward, task.reward, task.ramp_start, task.ramp_duration, now as u64);
    if task.is_replicated() {
        let slot = task.accepted().len();
        task.replica_records[slot] =
            ReplicaRecord { provider, price, state: replica_state::ACCEPTED, ..ReplicaRecord::default() };
        if slot == 0 {
            task.provider = provider;
        }
    } else {
        task.provider = provider;
        task.price = price;
    }
    task.status = TaskStatus::Assigned;

    let seeds: &[&[u8]] = &[MARKETPLACE_AUTHORITY_SEED, &[ctx.accounts.config.authority_bump]];
    staking::cpi::lock_collateral(
        CpiContext::new_with_signer(
            ctx.accounts.staking_program.to_account_info(),
            staking::cpi::accounts::MarketplaceOnly {
                marketplace_authority: ctx.accounts.authority.to_account_info(),
                config: ctx.accounts.staking_config.to_account_info(),
                provider: ctx.accounts.provider_record.to_account_info(),
            },
            &[seeds],
        ),
        task.collateral,
    )?;
    emit!(TaskAccepted { task_id: task.id, provider });
    emit!(OfferLocked { task_id: task.id, provider, price });
    Ok(())
}
