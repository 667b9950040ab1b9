use anchor_lang::prelude::*;
use anchor_lang::Discriminator;
use anchor_spl::token::{self, Token, TokenAccount, Transfer};

use crate::constants::*;
use crate::errors::MarketplaceError;
use crate::events::TaskCreated;
use crate::math::spec_hash_in_range;
use crate::state::{MarketplaceConfig, Task, TaskStatus, VerifierAccount, TASK_ACCOUNT_SPACE};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug)]
pub struct CreateTaskArgs {
    pub spec_hash: [u8; 32],
    pub reward: u64,
    pub collateral: u64,
    pub deadline: i64,
    pub verifier_id: u64,
    pub model_creator: Option<Pubkey>,
    pub min_reputation_bps: u16,
}

/// Offer terms of `create_task` (DESIGN §5.1, §5.2; CONVENTIONS "Offers and replicas"): the price ramps from
/// `min_reward` at `ramp_start` to the task's `reward` (the escrowed maximum) over `ramp_duration` seconds;
/// accepting is refused after `lock_deadline`; `replicas` k in 1..=3 asks for redundant execution.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct OfferTerms {
    pub min_reward: u64,
    pub ramp_start: u64,
    pub ramp_duration: u64,
    pub lock_deadline: u64,
    pub replicas: u8,
}

impl OfferTerms {
    /// The terms of a fixed-reward classic task created at `now`.
    pub fn classic(reward: u64, now: u64, deadline: u64) -> OfferTerms {
        OfferTerms { min_reward: reward, ramp_start: now, ramp_duration: 0, lock_deadline: deadline, replicas: 0 }
    }

    /// The offer checks, in the CONVENTIONS order, after the task's own.
    pub fn validate(&self, reward: u64, now: u64, deadline: u64) -> Result<()> {
        require!(self.min_reward > 0, MarketplaceError::MarketplaceZeroReward);
        let ramp_end = self.ramp_start.checked_add(self.ramp_duration);
        require!(
            self.min_reward <= reward && ramp_end.is_some_and(|end| end < OFFER_TIME_LIMIT),
            MarketplaceError::MarketplaceInvalidOffer
        );
        require!(
            self.lock_deadline >= now && self.lock_deadline <= deadline,
            MarketplaceError::MarketplaceInvalidLockDeadline
        );
        require!(self.replicas <= MAX_REPLICAS, MarketplaceError::MarketplaceInvalidReplicas);
        Ok(())
    }
}

#[derive(Accounts)]
#[instruction(args: CreateTaskArgs)]
pub struct CreateTask<'info> {
    #[account(mut)]
    pub user: Signer<'info>,
    #[account(mut, seeds = [MARKETPLACE_CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, MarketplaceConfig>>,
    #[account(
        init,
        payer = user,
        space = TASK_ACCOUNT_SPACE,
        seeds = [TASK_SEED, &config.next_task_id.to_le_bytes()],
        bump
    )]
    pub task: Box<Account<'info, Task>>,
    /// CHECK: the verifier registry entry of `args.verifier_id`; must be a registered
    /// `VerifierAccount` when `verifier_id != 0` (checked in the handler).
    #[account(seeds = [VERIFIER_SEED, &args.verifier_id.to_le_bytes()], bump)]
    pub verifier: UncheckedAccount<'info>,
    #[account(mut, token::mint = config.cal_mint, token::authority = user)]
    pub user_token: Box<Account<'info, TokenAccount>>,
    #[account(mut, address = config.escrow)]
    pub escrow: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
    pub system_program: Program<'info, System>,
}

pub fn handler(ctx: Context<CreateTask>, args: CreateTaskArgs, offer: Option<OfferTerms>) -> Result<()> {
    let config = &mut ctx.accounts.config;
    require!(!config.paused, MarketplaceError::EnforcedPause);
    require!(args.reward > 0, MarketplaceError::MarketplaceZeroReward);
    let now = Clock::get()?.unix_timestamp;
    require!(args.deadline > now, MarketplaceError::MarketplaceInvalidDeadline);
    require!(spec_hash_in_range(&args.spec_hash), MarketplaceError::MarketplaceFieldElementOutOfRange);
    require!(args.min_reputation_bps <= MAX_REPUTATION_BPS, MarketplaceError::MarketplaceParameterOutOfBounds);
    if let Some(creator) = args.model_creator {
        require_keys_neq!(creator, Pubkey::default(), MarketplaceError::MarketplaceZeroAddress);
    }
    if args.verifier_id != 0 {
        let info = ctx.accounts.verifier.to_account_info();
        let registered =
            info.owner == &crate::ID && info.try_borrow_data()?.starts_with(VerifierAccount::DISCRIMINATOR);
        require!(registered, MarketplaceError::MarketplaceUnknownVerifier);
    }
    // deadline > now >= 0 here, so both convert.
    let now_u64 = u64::try_from(now).map_err(|_| MarketplaceError::MarketplaceInvalidDeadline)?;
    let deadline_u64 = u64::try_from(args.deadline).map_err(|_| MarketplaceError::MarketplaceInvalidDeadline)?;
    let terms = offer.unwrap_or_else(|| OfferTerms::classic(args.reward, now_u64, deadline_u64));
    terms.validate(args.reward, now_u64, deadline_u64)?;

    let id = config.next_task_id;
    config.next_task_id = id.checked_add(1).ok_or(MarketplaceError::ArithmeticOverflow)?;
    let task = &mut ctx.accounts.task;
    task.id = id;
    task.user = ctx.accounts.user.key();
    task.spec_hash = args.spec_hash;
    task.reward = args.reward;
    task.collateral = args.collateral;
    task.deadline = args.deadline;
    task.verifier_id = args.verifier_id;
    task.model_creator = args.model_creator;
    task.min_reputation_bps = args.min_reputation_bps;
    task.provider = Pubkey::default();
    task.result_commitment = [0u8; 32];
    task.status = TaskStatus::Open;
    task.bump = ctx.bumps.task;
    task.min_reward = terms.min_reward;
    task.ramp_start = terms.ramp_start;
    task.ramp_duration = terms.ramp_duration;
    task.lock_deadline = terms.lock_deadline;
    task.replicas = terms.replicas;
    task.price = 0;
    task.reveal_end = 0;
    task.replica_records = Default::default();

    token::transfer(
        CpiContext::new(
            ctx.accounts.token_program.to_account_info(),
            Transfer {
                from: ctx.accounts.user_token.to_account_info(),
                to: ctx.accounts.escrow.to_account_info(),
                authority: ctx.accounts.user.to_account_info(),
            },
        ),
        args.reward,
    )?;
    emit!(TaskCreated {
        task_id: id,
        user: task.user,
        reward: args.reward,
        collateral: args.collateral,
        deadline: args.deadline,
        verifier_id: args.verifier_id,
    });
    Ok(())
}
