//! Payout and refund-and-slash, shared by submit_result (proof path), finalize, resolve, expire.
//! Callers change task state before calling these (checks-effects-interactions), then call
//! `settle!` with their accounts.
use anchor_lang::prelude::*;
use anchor_spl::token::{self, Transfer};

use crate::constants::*;
use crate::errors::MarketplaceError;
use crate::events::TaskCompleted;
use crate::math::payout_split;
use crate::state::{MarketplaceConfig, Task};

pub struct Settlement<'a, 'info> {
    pub config: &'a MarketplaceConfig,
    pub token_program: AccountInfo<'info>,
    pub escrow: AccountInfo<'info>,
    pub authority: AccountInfo<'info>,
    pub staking_program: AccountInfo<'info>,
    pub staking_config: AccountInfo<'info>,
    pub provider_record: AccountInfo<'info>,
}

impl<'a, 'info> Settlement<'a, 'info> {
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

    /// 80/15/5 payout of the reward, collateral unlocked, `completed += 1`.
    pub fn pay_out(
        &self,
        task: &Task,
        provider_token: AccountInfo<'info>,
        treasury_token: AccountInfo<'info>,
        creator_token: Option<AccountInfo<'info>>,
    ) -> Result<()> {
        let has_creator = task.model_creator.is_some();
        let (to_provider, to_treasury, to_creator) =
            payout_split(task.reward, self.config.treasury_bps, self.config.creator_bps, has_creator)
                .ok_or(MarketplaceError::ArithmeticOverflow)?;
        let seeds: &[&[u8]] = &[MARKETPLACE_AUTHORITY_SEED, &[self.config.authority_bump]];
        staking::cpi::unlock_collateral(
            CpiContext::new_with_signer(
                self.staking_program.clone(),
                staking::cpi::accounts::MarketplaceOnly {
                    marketplace_authority: self.authority.clone(),
                    config: self.staking_config.clone(),
                    provider: self.provider_record.clone(),
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
        emit!(TaskCompleted { task_id: task.id, to_provider, to_treasury, to_creator });
        Ok(())
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
        let seeds: &[&[u8]] = &[MARKETPLACE_AUTHORITY_SEED, &[self.config.authority_bump]];
        staking::cpi::slash(
            CpiContext::new_with_signer(
                self.staking_program.clone(),
                staking::cpi::accounts::Slash {
                    marketplace_authority: self.authority.clone(),
                    config: self.staking_config.clone(),
                    provider: self.provider_record.clone(),
                    vault: staking_vault,
                    user_token,
                    treasury_token,
                    token_program: self.token_program.clone(),
                },
                &[seeds],
            ),
            task.collateral,
            self.config.slash_bps,
        )
    }
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

/// `settle!(pay_out, a)` / `settle!(refund_and_slash, a)`: settles `a.task` over the accounts `a`
/// of expire, finalize, resolve or submit_result, which name the settlement accounts alike.
/// `settle!(pay_out, a, required)` unwraps the optional payout accounts (`Required`).
macro_rules! settle {
    (pay_out, $a:expr $(, $req:ident)?) => {
        $crate::instructions::settlement::settle!(@with $a $(, $req)?).pay_out(
            &$a.task,
            $a.provider_token$(.$req()?)?.to_account_info(),
            $a.treasury_token$(.$req()?)?.to_account_info(),
            $a.creator_token.as_ref().map(|c| c.to_account_info()),
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
            provider_record: $a.provider_record$(.$req()?)?.to_account_info(),
        }
    };
}
pub(crate) use settle;
