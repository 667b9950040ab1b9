//! Runs the received action lists, strictly in sequence order, each once its execution delay is over.
//! On Solana a failing CPI aborts the whole transaction, so a list is validated first against
//! everything its targets would refuse (decodable, parameter bounds from the table, roles, validator
//! sets, remote domains, the accounts' current state); a list that does not validate is recorded as
//! `Failed` and the sequence moves on, so nothing blocks, and `retry` may run it later. A valid list
//! runs action by action in CPIs signed by the governance PDA, the admin of staking, the marketplace
//! and the bridge. Accounts an action needs beyond the fixed ones (the treasury token account of a
//! `setRole treasury`, the bridge remote-domain PDA of a `setRemoteDomain`, the marketplace registry
//! entry and the staged verifying-key account of a `setVerifier`) are remaining accounts;
//! a missing one is the caller's mistake (`GovernanceInvalidAction`, nothing recorded).
use anchor_lang::prelude::*;
use anchor_lang::solana_program::program_pack::Pack;
use anchor_spl::token::spl_token;
use calctra_bridge::program::CalctraBridge;
use calctra_bridge::{BridgeConfig, RemoteDomain, RemoteDomainArgs};
use marketplace::program::Marketplace;
use marketplace::StagedVerifyingKey;
use staking::program::Staking;

use crate::actions::{
    check_parameter, decode_actions, parameter_owner, Action, ParameterOwner, PauseTarget, Role, PARAM_EXECUTION_DELAY,
};
use crate::constants::*;
use crate::errors::GovernanceError;
use crate::events::{ActionsExecuted, ActionsFailed};
use crate::instructions::support::cursor_after;
use crate::state::{ActionsState, GovernanceConfig};

#[derive(Accounts)]
#[instruction(sequence: u64)]
pub struct Execute<'info> {
    /// Anyone; pays the accounts a target creates (a new remote domain).
    #[account(mut)]
    pub executor: Signer<'info>,
    #[account(mut, seeds = [GOVERNANCE_SEED], bump = config.bump)]
    pub config: Box<Account<'info, GovernanceConfig>>,
    #[account(mut, seeds = [ACTIONS_SEED, &sequence.to_le_bytes()], bump = action_list.bump)]
    pub action_list: Box<Account<'info, crate::state::ActionList>>,
    pub staking_program: Program<'info, Staking>,
    /// CHECK: staking config PDA, validated by the staking program.
    #[account(mut, seeds = [staking::constants::STAKING_CONFIG_SEED], bump, seeds::program = staking::ID)]
    pub staking_config: UncheckedAccount<'info>,
    pub marketplace_program: Program<'info, Marketplace>,
    /// CHECK: marketplace config PDA, validated by the marketplace program.
    #[account(mut, seeds = [marketplace::constants::MARKETPLACE_CONFIG_SEED], bump, seeds::program = marketplace::ID)]
    pub marketplace_config: UncheckedAccount<'info>,
    pub bridge_program: Program<'info, CalctraBridge>,
    /// CHECK: bridge config PDA, read here (pause state) and validated by the bridge program.
    #[account(mut, seeds = [calctra_bridge::constants::BRIDGE_CONFIG_SEED], bump, seeds::program = calctra_bridge::ID)]
    pub bridge_config: UncheckedAccount<'info>,
    pub system_program: Program<'info, System>,
}

/// The bridge's remote-domain PDA of `domain`.
pub fn remote_domain_pda(domain: u32) -> Pubkey {
    Pubkey::find_program_address(
        &[calctra_bridge::constants::REMOTE_DOMAIN_SEED, &domain.to_be_bytes()],
        &calctra_bridge::ID,
    )
    .0
}

/// The marketplace's registry entry of verifier `id`.
pub fn verifier_entry_pda(id: u16) -> Pubkey {
    Pubkey::find_program_address(
        &[marketplace::constants::VERIFIER_SEED, &u64::from(id).to_le_bytes()],
        &marketplace::ID,
    )
    .0
}

fn remaining<'info>(accounts: &[AccountInfo<'info>], key: &Pubkey) -> Result<AccountInfo<'info>> {
    accounts
        .iter()
        .find(|a| a.key == key)
        .cloned()
        .ok_or_else(|| error!(GovernanceError::GovernanceInvalidAction).with_pubkeys((*key, Pubkey::default())))
}

fn load<T: AccountDeserialize>(info: &AccountInfo, owner: &Pubkey) -> Option<T> {
    if info.owner != owner || info.data_is_empty() {
        return None;
    }
    T::try_deserialize(&mut &info.try_borrow_data().ok()?[..]).ok()
}

/// Why a list does not validate: the index of the first refused action and the reason.
pub type Refusal = (u8, String);

/// The accounts `plan` reads: the targets' configs and the governance PDA (their expected admin).
pub struct Targets<'info> {
    pub governance: Pubkey,
    pub staking: AccountInfo<'info>,
    pub marketplace: AccountInfo<'info>,
    pub bridge: AccountInfo<'info>,
}

impl<'info> Targets<'info> {
    fn of(a: &Execute<'info>) -> Self {
        Targets {
            governance: a.config.key(),
            staking: a.staking_config.to_account_info(),
            marketplace: a.marketplace_config.to_account_info(),
            bridge: a.bridge_config.to_account_info(),
        }
    }
}

/// Validates a list against everything its targets would refuse, in order (earlier actions' effects
/// on the bridge's pause and remote domains are followed). `Ok(Err(..))`: the list is invalid;
/// `Err(..)`: an account the caller had to pass is missing. Each planned step is `None` when it
/// would change nothing (pausing a paused bridge, disabling a disabled domain).
pub fn plan(
    list: &[u8],
    config: &GovernanceConfig,
    targets: &Targets,
    accounts: &[AccountInfo],
) -> Result<std::result::Result<Vec<Option<Action>>, Refusal>> {
    let actions = match decode_actions(list) {
        Ok(a) => a,
        Err(e) => return Ok(Err((0, format!("undecodable: {e:?}")))),
    };
    let Some(bridge) = load::<BridgeConfig>(&targets.bridge, &calctra_bridge::ID) else {
        return err!(GovernanceError::GovernanceInvalidAction);
    };
    let gov = targets.governance;
    // A target administered by someone else would refuse the CPI (and abort the transaction).
    let staking_ok = load::<staking::StakingConfig>(&targets.staking, &staking::ID).is_some_and(|c| c.admin == gov);
    let market_ok =
        load::<marketplace::MarketplaceConfig>(&targets.marketplace, &marketplace::ID).is_some_and(|c| c.admin == gov);
    let bridge_ok = bridge.admin == gov;
    let mut bridge_paused = bridge.paused;
    let mut remotes: Vec<(u32, bool)> = Vec::new();
    let mut steps = Vec::with_capacity(actions.len());
    for (i, action) in actions.into_iter().enumerate() {
        let refuse = |reason: &str| Ok(Err((i as u8, reason.to_string())));
        let (needs_staking, needs_market, needs_bridge) = match &action {
            Action::SetParameter { param_id, .. } => (
                matches!(parameter_owner(*param_id), Some(ParameterOwner::Staking | ParameterOwner::Power)),
                parameter_owner(*param_id) == Some(ParameterOwner::Marketplace),
                false,
            ),
            Action::SetVerifier { .. } => (false, true, false),
            Action::SetRole { role: Role::Pauser, .. } => (false, true, true),
            Action::SetRole { role: Role::Guardian, .. } => (false, false, false),
            Action::SetRole { .. } => (false, true, false),
            Action::SetValidatorSet { .. } | Action::SetRemoteDomain { .. } => (false, false, true),
            Action::Pause { target } | Action::Unpause { target } => {
                (false, *target == PauseTarget::Marketplace, *target == PauseTarget::Bridge)
            }
        };
        if (needs_staking && !staking_ok) || (needs_market && !market_ok) || (needs_bridge && !bridge_ok) {
            return refuse("the target is not administered by the governance PDA");
        }
        let step = match &action {
            Action::SetParameter { param_id, value } => {
                if let Err(e) = check_parameter(*param_id, *value) {
                    return refuse(e.name());
                }
                Some(action.clone())
            }
            Action::SetVerifier { verifier_id, verifier } => {
                if *verifier_id == 0 {
                    return refuse("verifier id 0");
                }
                let entry = remaining(accounts, &verifier_entry_pda(*verifier_id))?;
                if *verifier == [0u8; 32] {
                    let exists = entry.owner == &marketplace::ID && !entry.data_is_empty();
                    exists.then_some(action.clone())
                } else {
                    let staged = remaining(accounts, &Pubkey::new_from_array(*verifier))?;
                    if load::<StagedVerifyingKey>(&staged, &marketplace::ID).is_none() {
                        return refuse("verifier is not a staged verifying key");
                    }
                    Some(action.clone())
                }
            }
            Action::SetRole { role, account } => {
                let zero = *account == [0u8; 32];
                match role {
                    Role::Arbiter | Role::Pauser if zero => return refuse("zero account"),
                    Role::Treasury => {
                        if zero {
                            return refuse("zero account");
                        }
                        let info = remaining(accounts, &Pubkey::new_from_array(*account))?;
                        let ok = info.owner == &spl_token::ID
                            && spl_token::state::Account::unpack(&info.try_borrow_data()?)
                                .is_ok_and(|t| t.mint == config.cal_mint);
                        if !ok {
                            return refuse("treasury is not a CAL token account");
                        }
                    }
                    _ => {}
                }
                Some(action.clone())
            }
            Action::SetValidatorSet { signers, threshold, retention } => {
                let valid = calctra_bridge::instructions::support::validate_set(signers, u16::from(*threshold)).is_ok()
                    && *retention <= calctra_bridge::constants::MAX_RETENTION;
                if !valid {
                    return refuse("invalid validator set");
                }
                Some(action.clone())
            }
            Action::SetRemoteDomain { domain, enabled, bridge: remote_bridge, .. } => {
                if *domain == calctra_bridge::constants::SOLANA_DOMAIN {
                    return refuse("Solana is not a remote domain of itself");
                }
                let info = remaining(accounts, &remote_domain_pda(*domain))?;
                let current = remotes
                    .iter()
                    .rev()
                    .find(|(d, _)| d == domain)
                    .map(|(_, e)| *e)
                    .unwrap_or_else(|| load::<RemoteDomain>(&info, &calctra_bridge::ID).is_some_and(|r| r.enabled));
                if *enabled && *remote_bridge == [0u8; 32] {
                    return refuse("zero remote bridge");
                }
                remotes.push((*domain, *enabled));
                if !*enabled && !current {
                    None
                } else {
                    Some(action.clone())
                }
            }
            Action::Pause { target: PauseTarget::Bridge } => {
                let change = !bridge_paused;
                bridge_paused = true;
                change.then_some(action.clone())
            }
            Action::Unpause { target: PauseTarget::Bridge } => {
                let change = bridge_paused;
                bridge_paused = false;
                change.then_some(action.clone())
            }
            Action::Pause { .. } | Action::Unpause { .. } => Some(action.clone()),
        };
        steps.push(step);
    }
    Ok(Ok(steps))
}

/// Runs the planned steps: local settings on the config, CPIs signed by the governance PDA elsewhere.
fn run<'info>(a: &mut Execute<'info>, accounts: &[AccountInfo<'info>], steps: Vec<Option<Action>>) -> Result<()> {
    let bump = a.config.bump;
    let seeds: &[&[u8]] = &[GOVERNANCE_SEED, &[bump]];
    let signer = &[seeds];
    let gov = a.config.to_account_info();
    let payer = a.executor.to_account_info();
    let system = a.system_program.to_account_info();
    let (mp_program, mp_config) = (a.marketplace_program.to_account_info(), a.marketplace_config.to_account_info());
    let (br_program, br_config) = (a.bridge_program.to_account_info(), a.bridge_config.to_account_info());
    let mp_admin = || {
        CpiContext::new_with_signer(
            mp_program.clone(),
            marketplace::cpi::accounts::AdminOnly { admin: gov.clone(), config: mp_config.clone() },
            signer,
        )
    };
    let br_admin = || {
        CpiContext::new_with_signer(
            br_program.clone(),
            calctra_bridge::cpi::accounts::AdminOnly { admin: gov.clone(), config: br_config.clone() },
            signer,
        )
    };
    let mp_role = |role: u8, account: Pubkey, treasury: Option<AccountInfo<'info>>| {
        marketplace::cpi::set_role(
            CpiContext::new_with_signer(
                mp_program.clone(),
                marketplace::cpi::accounts::SetRole { admin: gov.clone(), config: mp_config.clone(), treasury },
                signer,
            ),
            role,
            account,
        )
    };
    for step in steps.into_iter().flatten() {
        match step {
            Action::SetParameter { param_id, value } => match parameter_owner(param_id) {
                Some(ParameterOwner::Staking | ParameterOwner::Power) => staking::cpi::set_parameter(
                    CpiContext::new_with_signer(
                        a.staking_program.to_account_info(),
                        staking::cpi::accounts::SetParameter {
                            admin: gov.clone(),
                            config: a.staking_config.to_account_info(),
                        },
                        signer,
                    ),
                    param_id,
                    value,
                )?,
                Some(ParameterOwner::Marketplace) => marketplace::cpi::set_parameter(mp_admin(), param_id, value)?,
                Some(ParameterOwner::Executor) if param_id == PARAM_EXECUTION_DELAY => a.config.execution_delay = value,
                _ => return err!(GovernanceError::GovernanceUnknownParameter),
            },
            Action::SetRole { role, account } => {
                let key = Pubkey::new_from_array(account);
                match role {
                    Role::Arbiter => mp_role(marketplace::ROLE_ARBITER, key, None)?,
                    Role::Treasury => mp_role(marketplace::ROLE_TREASURY, key, Some(remaining(accounts, &key)?))?,
                    Role::Pauser => {
                        mp_role(marketplace::ROLE_PAUSER, key, None)?;
                        calctra_bridge::cpi::set_roles(br_admin(), gov.key(), key)?;
                    }
                    Role::Guardian => a.config.guardian = key,
                }
            }
            Action::SetValidatorSet { signers, threshold, retention } => {
                // Both calls or neither: the set was validated, so neither fails.
                calctra_bridge::cpi::set_retention_window(br_admin(), retention)?;
                calctra_bridge::cpi::set_validator_set(br_admin(), signers, u16::from(threshold))?;
            }
            Action::SetRemoteDomain {
                domain,
                enabled,
                bridge,
                inbound_capacity,
                inbound_rate_per_second,
                outbound_capacity,
                outbound_rate_per_second,
            } => {
                let remote = remaining(accounts, &remote_domain_pda(domain))?;
                if enabled {
                    calctra_bridge::cpi::set_remote_domain(
                        CpiContext::new_with_signer(
                            br_program.clone(),
                            calctra_bridge::cpi::accounts::SetRemoteDomain {
                                admin: gov.clone(),
                                payer: payer.clone(),
                                config: br_config.clone(),
                                remote,
                                system_program: system.clone(),
                            },
                            signer,
                        ),
                        domain,
                        RemoteDomainArgs {
                            bridge,
                            inbound_capacity,
                            inbound_rate_per_second,
                            outbound_capacity,
                            outbound_rate_per_second,
                        },
                    )?;
                } else {
                    calctra_bridge::cpi::disable_remote_domain(
                        CpiContext::new_with_signer(
                            br_program.clone(),
                            calctra_bridge::cpi::accounts::DisableRemoteDomain {
                                admin: gov.clone(),
                                config: br_config.clone(),
                                remote,
                            },
                            signer,
                        ),
                        domain,
                    )?;
                }
            }
            Action::Pause { target: PauseTarget::Marketplace } => {
                marketplace::cpi::pause(CpiContext::new_with_signer(
                    mp_program.clone(),
                    marketplace::cpi::accounts::Pause { signer: gov.clone(), config: mp_config.clone() },
                    signer,
                ))?
            }
            Action::Unpause { target: PauseTarget::Marketplace } => marketplace::cpi::unpause(mp_admin())?,
            Action::Pause { target: PauseTarget::Bridge } => calctra_bridge::cpi::pause(CpiContext::new_with_signer(
                br_program.clone(),
                calctra_bridge::cpi::accounts::Pause { pauser: gov.clone(), config: br_config.clone() },
                signer,
            ))?,
            Action::Unpause { target: PauseTarget::Bridge } => calctra_bridge::cpi::unpause(br_admin())?,
            Action::SetVerifier { verifier_id, verifier } => {
                let key = Pubkey::new_from_array(verifier);
                let staged = if key == Pubkey::default() { None } else { Some(remaining(accounts, &key)?) };
                marketplace::cpi::set_verifier(
                    CpiContext::new_with_signer(
                        mp_program.clone(),
                        marketplace::cpi::accounts::SetVerifier {
                            admin: gov.clone(),
                            payer: payer.clone(),
                            config: mp_config.clone(),
                            verifier: remaining(accounts, &verifier_entry_pda(verifier_id))?,
                            staged,
                            system_program: system.clone(),
                        },
                        signer,
                    ),
                    u64::from(verifier_id),
                    key,
                )?;
            }
        }
    }
    Ok(())
}

/// Runs action list `sequence`: pending and not yet processed (`GovernanceActionsNotPending`), the
/// next in order (`GovernanceOutOfOrder`; a list vetoed out of its turn only advances the sequence),
/// after its delay (`GovernanceExecutionDelayActive`). Anyone may call it. An invalid list is
/// recorded `Failed`.
pub fn handler<'info>(ctx: Context<'_, '_, 'info, 'info, Execute<'info>>, sequence: u64) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let a = ctx.accounts;
    let expected = a.config.next_sequence;
    if sequence < expected {
        return Err(error!(GovernanceError::GovernanceActionsNotPending).with_values((sequence, expected)));
    }
    if sequence > expected {
        return Err(error!(GovernanceError::GovernanceOutOfOrder).with_values((sequence, expected)));
    }
    match a.action_list.state {
        ActionsState::Pending => {}
        ActionsState::Vetoed => {
            a.config.next_sequence = cursor_after(sequence, ctx.remaining_accounts)?;
            return Ok(());
        }
        _ => return Err(error!(GovernanceError::GovernanceActionsNotPending).with_values((sequence, 0))),
    }
    if now < a.action_list.eta {
        return Err(error!(GovernanceError::GovernanceExecutionDelayActive).with_values((now, a.action_list.eta)));
    }
    a.config.next_sequence = cursor_after(sequence, ctx.remaining_accounts)?;
    let targets = Targets::of(a);
    match plan(&a.action_list.actions, &a.config, &targets, ctx.remaining_accounts)? {
        Ok(steps) => {
            a.action_list.state = ActionsState::Executed;
            emit!(ActionsExecuted { sequence });
            run(a, ctx.remaining_accounts, steps)
        }
        Err((action, reason)) => {
            a.action_list.state = ActionsState::Failed;
            emit!(ActionsFailed { sequence, action, reason });
            Ok(())
        }
    }
}

/// Runs a `Failed` list again (anyone, any time, out of order: its turn has passed). It must now
/// validate (`GovernanceInvalidAction` otherwise, and it stays `Failed`).
pub fn retry<'info>(ctx: Context<'_, '_, 'info, 'info, Execute<'info>>, sequence: u64) -> Result<()> {
    let a = ctx.accounts;
    if a.action_list.state != ActionsState::Failed {
        return Err(error!(GovernanceError::GovernanceActionsNotPending).with_values((sequence, 0)));
    }
    let targets = Targets::of(a);
    match plan(&a.action_list.actions, &a.config, &targets, ctx.remaining_accounts)? {
        Ok(steps) => {
            a.action_list.state = ActionsState::Executed;
            emit!(ActionsExecuted { sequence });
            run(a, ctx.remaining_accounts, steps)
        }
        Err((action, reason)) => Err(error!(GovernanceError::GovernanceInvalidAction).with_values((action, reason))),
    }
}
