//! Payout and refund-and-slash, shared by submit_result (proof path), finalize, resolve, expire, and the
//! replicated settlement of settle, resolve_replicas and the replicated proof path.
//! Callers change task state before calling these (checks-effects-interactions), then call
//! `settle!` with their accounts.
use anchor_lang::prelude::*;
use anchor_spl::token::{self, TokenAccount, Transfer};
use staking::math::slash_split;

use crate::constants::*;
use crate::errors::MarketplaceError;
use crate::events::{ReplicaSlashed, TaskCompleted};
use crate::math::{payout_split, replica_share};
use crate::state::{replica_state, MarketplaceConfig, Task};

pub struct Settlement<'a, 'info> {
    pub config: &'a MarketplaceConfig,
    pub token_program: AccountInfo<'info>,
    pub escrow: AccountInfo<'info>,
    pub authority: AccountInfo<'info>,
    pub staking_program: AccountInfo<'info>,
    pub staking_config: AccountInfo<'info>,
    /// The classic task's provider record (`None` for a replicated settlement, whose records are per replica).
    pub provider_record: Option<AccountInfo<'info>>,
}

impl<'a, 'info> Settlement<'a, 'info> {
    fn provider_record(&self) -> Result<AccountInfo<'info>> {
        self.provider_record.clone().ok_or_else(|| error!(anchor_lang::error::ErrorCode::AccountNotEnoughKeys))
    }

    fn transfer_from_escrow(&self, to: AccountInfo<'info>, amount: u64) -> Result<()> {
        if amount == 0 {
            return Ok(());
        }
        let seeds: &[&[u8]] = &[MARKETPLACE_AUTHORITY_SEED, &[self.config.authority_bump]];
        token::transfer(
            CpiContext::new_with_signer(
                self.token_program.clone(),
                Transfer { from: self.escrow.clone(), to, authority: self.authority.clone() },
                &[seeds],
            ),
            amount,
        )
    }

    /// Unlocks `task.collateral` of `provider_record` (`completed += 1`) and pays `amount` 80/15/5 (the creator's
    /// share to the treasury when no creator is named).
    #[allow(clippy::too_many_arguments)]
    fn pay(
        &self,
        task: &Task,
        provider_record: AccountInfo<'info>,
        provider: Pubkey,
        amount: u64,
        provider_token: AccountInfo<'info>,
        treasury_token: AccountInfo<'info>,
        creator_token: Option<AccountInfo<'info>>,
    ) -> Result<()> {
        let has_creator = task.model_creator.is_some();
        let (to_provider, to_treasury, to_creator) =
            payout_split(amount, self.config.treasury_bps, self.config.creator_bps, has_creator)
                .ok_or(MarketplaceError::ArithmeticOverflow)?;
        let seeds: &[&[u8]] = &[MARKETPLACE_AUTHORITY_SEED, &[self.config.authority_bump]];
        staking::cpi::unlock_collateral(
            CpiContext::new_with_signer(
                self.staking_program.clone(),
                staking::cpi::accounts::MarketplaceOnly {
                    marketplace_authority: self.authority.clone(),
                    config: self.staking_config.clone(),
                    provider: provider_record,
                },
                &[seeds],
            ),
            task.collateral,
        )?;
        self.transfer_from_escrow(provider_token, to_provider)?;
        self.transfer_from_escrow(treasury_token, to_treasury)?;
        if has_creator {
            let creator_token = creator_token.ok_or(error!(anchor_lang::error::ErrorCode::ConstraintTokenOwner))?;
            self.transfer_from_escrow(creator_token, to_creator)?;
        }
        emit!(TaskCompleted { task_id: task.id, provider, to_provider, to_treasury, to_creator });
        Ok(())
    }

    /// Classic payout: the locked `price` split 80/15/5, collateral unlocked, `completed += 1`, and
    /// `reward - price` back to the user (whose token account is needed only when that is not zero).
    pub fn pay_out(
        &self,
        task: &Task,
        provider_token: AccountInfo<'info>,
        treasury_token: AccountInfo<'info>,
        creator_token: Option<AccountInfo<'info>>,
        user_token: Option<AccountInfo<'info>>,
    ) -> Result<()> {
        self.pay(
            task,
            self.provider_record()?,
            task.provider,
            task.price,
            provider_token,
            treasury_token,
            creator_token,
        )?;
        let refund = task.reward.checked_sub(task.price).ok_or(MarketplaceError::ArithmeticOverflow)?;
        if refund > 0 {
            let user_token = user_token.ok_or(error!(anchor_lang::error::ErrorCode::AccountNotEnoughKeys))?;
            self.transfer_from_escrow(user_token, refund)?;
        }
        Ok(())
    }

    /// Slashes `collateral` of `provider_record` as on expiry: `slash_bps` of it leaves the stake, half to the
    /// user, half to the treasury, the rest unlocked; `failed += 1`.
    fn slash(
        &self,
        provider_record: AccountInfo<'info>,
        collateral: u64,
        user_token: AccountInfo<'info>,
        treasury_token: AccountInfo<'info>,
        staking_vault: AccountInfo<'info>,
    ) -> Result<()> {
        let seeds: &[&[u8]] = &[MARKETPLACE_AUTHORITY_SEED, &[self.config.authority_bump]];
        staking::cpi::slash(
            CpiContext::new_with_signer(
                self.staking_program.clone(),
                staking::cpi::accounts::Slash {
                    marketplace_authority: self.authority.clone(),
                    config: self.staking_config.clone(),
                    provider: provider_record,
                    vault: staking_vault,
                    user_token,
                    treasury_token,
                    token_program: self.token_program.clone(),
                },
                &[seeds],
            ),
            collateral,
            self.config.slash_bps,
        )
    }

    /// Full refund of the reward to the user and a slash of the provider's collateral.
    pub fn refund_and_slash(
        &self,
        task: &Task,
        user_token: AccountInfo<'info>,
        treasury_token: AccountInfo<'info>,
        staking_vault: AccountInfo<'info>,
    ) -> Result<()> {
        self.transfer_from_escrow(user_token.clone(), task.reward)?;
        self.slash(self.provider_record()?, task.collateral, user_token, treasury_token, staking_vault)
    }

    /// Settles a replicated task (DESIGN §5.2) with `winner` (`None`: no winner). Every accepted replica that
    /// revealed the winner is paid `price / k` split 80/15/5 (collateral unlocked, `completed += 1`); every other
    /// accepted replica is slashed as on expiry; the user gets `reward - Σ shares`. `replicas` are the replicas'
    /// accounts from the remaining accounts (`replica_accounts`), in replica order. Returns how many agreed.
    pub fn settle_replicas(
        &self,
        task: &Task,
        winner: Option<[u8; 32]>,
        replicas: &[ReplicaAccounts<'info>],
        accounts: &ReplicaParties<'info>,
    ) -> Result<u8> {
        let mut paid: u64 = 0;
        let mut agreeing: u8 = 0;
        for (record, accs) in task.accepted().iter().zip(replicas) {
            let agrees = record.state == replica_state::REVEALED && Some(record.result_hash) == winner;
            if agrees {
                let share = replica_share(record.price, task.replicas).ok_or(MarketplaceError::ArithmeticOverflow)?;
                self.pay(
                    task,
                    accs.record.clone(),
                    record.provider,
                    share,
                    accs.token.clone(),
                    accounts.treasury_token.clone(),
                    accounts.creator_token.clone(),
                )?;
                paid = paid.checked_add(share).ok_or(MarketplaceError::ArithmeticOverflow)?;
                agreeing = agreeing.checked_add(1).ok_or(MarketplaceError::ArithmeticOverflow)?;
            } else {
                self.slash(
                    accs.record.clone(),
                    task.collateral,
                    accounts.user_token.clone(),
                    accounts.treasury_token.clone(),
                    accounts.staking_vault.clone(),
                )?;
                let (slashed, ..) =
                    slash_split(task.collateral, self.config.slash_bps).ok_or(MarketplaceError::ArithmeticOverflow)?;
                emit!(ReplicaSlashed { task_id: task.id, provider: record.provider, slashed });
            }
        }
        let refund = task.reward.checked_sub(paid).ok_or(MarketplaceError::ArithmeticOverflow)?;
        self.transfer_from_escrow(accounts.user_token.clone(), refund)?;
        Ok(agreeing)
    }
}

/// The token and staking accounts a replicated settlement pays and slashes between (besides each replica's own).
pub struct ReplicaParties<'info> {
    pub user_token: AccountInfo<'info>,
    pub treasury_token: AccountInfo<'info>,
    pub creator_token: Option<AccountInfo<'info>>,
    pub staking_vault: AccountInfo<'info>,
}

/// One replica's accounts among the remaining accounts: its staking record and its CAL token account.
pub struct ReplicaAccounts<'info> {
    pub record: AccountInfo<'info>,
    pub token: AccountInfo<'info>,
}

/// Reads and checks the replicas' accounts from `remaining` (`ACCOUNTS_PER_REPLICA` per accepted replica, in
/// replica order): the staking record must be the replica's provider PDA of the staking program, and the token
/// account a CAL account of the SPL Token program owned by the replica's provider. Too few accounts is Anchor's
/// `AccountNotEnoughKeys`; a wrong record `ConstraintSeeds`; a wrong token account `ConstraintTokenMint` /
/// `ConstraintTokenOwner` (or Anchor's owner / discriminator errors).
pub fn replica_accounts<'info>(
    task: &Task,
    config: &MarketplaceConfig,
    remaining: &'info [AccountInfo<'info>],
) -> Result<Vec<ReplicaAccounts<'info>>> {
    let replicas = task.accepted();
    require!(
        remaining.len() >= replicas.len() * ACCOUNTS_PER_REPLICA,
        anchor_lang::error::ErrorCode::AccountNotEnoughKeys
    );
    replicas
        .iter()
        .zip(remaining.chunks(ACCOUNTS_PER_REPLICA))
        .map(|(replica, accs)| {
            let (record, token) = (&accs[0], &accs[1]);
            let expected = Pubkey::find_program_address(
                &[staking::constants::PROVIDER_SEED, replica.provider.as_ref()],
                &staking::ID,
            )
            .0;
            require_keys_eq!(record.key(), expected, anchor_lang::error::ErrorCode::ConstraintSeeds);
            let account = Account::<TokenAccount>::try_from(token)?;
            require_keys_eq!(account.mint, config.cal_mint, anchor_lang::error::ErrorCode::ConstraintTokenMint);
            require_keys_eq!(account.owner, replica.provider, anchor_lang::error::ErrorCode::ConstraintTokenOwner);
            Ok(ReplicaAccounts { record: record.clone(), token: token.clone() })
        })
        .collect()
}

/// An account an instruction takes as optional but needs on one path (submit_result's payout):
/// missing there is Anchor's `AccountNotEnoughKeys`.
pub trait Required<T> {
    fn required(&self) -> Result<&T>;
}

impl<T> Required<T> for Option<T> {
    fn required(&self) -> Result<&T> {
        self.as_ref().ok_or_else(|| error!(anchor_lang::error::ErrorCode::AccountNotEnoughKeys))
    }
}

/// `settle!(pay_out, a, user_token)` / `settle!(refund_and_slash, a)`: settles `a.task` over the accounts `a`
/// of expire, finalize, resolve or submit_result, which name the settlement accounts alike.
/// `settle!(pay_out, a, required)` unwraps the optional payout accounts (`Required`).
macro_rules! settle {
    (pay_out, $a:expr, $user:expr $(, $req:ident)?) => {
        $crate::instructions::settlement::settle!(@with $a $(, $req)?).pay_out(
            &$a.task,
            $a.provider_token$(.$req()?)?.to_account_info(),
            $a.treasury_token$(.$req()?)?.to_account_info(),
            $a.creator_token.as_ref().map(|c| c.to_account_info()),
            $user,
        )
    };
    (refund_and_slash, $a:expr) => {
        $crate::instructions::settlement::settle!(@with $a).refund_and_slash(
            &$a.task,
            $a.user_token.to_account_info(),
            $a.treasury_token.to_account_info(),
            $a.staking_vault.to_account_info(),
        )
    };
    (@with $a:expr $(, $req:ident)?) => {
        $crate::instructions::settlement::Settlement {
            config: &$a.config,
            token_program: $a.token_program$(.$req()?)?.to_account_info(),
            escrow: $a.escrow$(.$req()?)?.to_account_info(),
            authority: $a.authority.to_account_info(),
            staking_program: $a.staking_program$(.$req()?)?.to_account_info(),
            staking_config: $a.staking_config$(.$req()?)?.to_account_info(),
            provider_record: Some($a.provider_record$(.$req()?)?.to_account_info()),
        }
    };
}
pub(crate) use settle;

/// `replica_settlement!(a)`: the `(Settlement, ReplicaParties)` of the accounts `a` of settle or resolve_replicas,
/// which name them alike.
macro_rules! replica_settlement {
    ($a:expr) => {
        (
            $crate::instructions::settlement::Settlement {
                config: &$a.config,
                token_program: $a.token_program.to_account_info(),
                escrow: $a.escrow.to_account_info(),
                authority: $a.authority.to_account_info(),
                staking_program: $a.staking_program.to_account_info(),
                staking_config: $a.staking_config.to_account_info(),
                provider_record: None,
            },
            $crate::instructions::settlement::ReplicaParties {
                user_token: $a.user_token.to_account_info(),
                treasury_token: $a.treasury_token.to_account_info(),
                creator_token: $a.creator_token.as_ref().map(|c| c.to_account_info()),
                staking_vault: $a.staking_vault.to_account_info(),
            },
        )
    };
}
pub(crate) use replica_settlement;
