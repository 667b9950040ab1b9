use anchor_lang::prelude::*;
use calctra_bridge::program::CalctraBridge;
use marketplace::program::Marketplace;
use staking::program::Staking;

use crate::constants::*;
use crate::errors::GovernanceError;
use crate::state::{GovernanceAction, GovernanceConfig, Proposal, ProposalState};

#[derive(Accounts)]
#[instruction(proposal_id: u64)]
pub struct Execute<'info> {
    /// Anyone may execute a queued proposal once its timelock has elapsed; pays for new accounts.
    #[account(mut)]
    pub executor: Signer<'info>,
    #[account(seeds = [GOVERNANCE_SEED], bump = config.bump)]
    pub config: Box<Account<'info, GovernanceConfig>>,
    /// CHECK: proposal PDA, loaded with `Proposal::load`.
    #[account(mut, seeds = [PROPOSAL_SEED, &proposal_id.to_le_bytes()], bump)]
    pub proposal: UncheckedAccount<'info>,
    pub staking_program: Option<Program<'info, Staking>>,
    /// CHECK: staking config PDA, validated by the staking program.
    #[account(mut, seeds = [staking::constants::STAKING_CONFIG_SEED], bump, seeds::program = staking::ID)]
    pub staking_config: Option<UncheckedAccount<'info>>,
    pub marketplace_program: Option<Program<'info, Marketplace>>,
    /// CHECK: marketplace config PDA, validated by the marketplace program.
    #[account(mut, seeds = [marketplace::constants::MARKETPLACE_CONFIG_SEED], bump, seeds::program = marketplace::ID)]
    pub marketplace_config: Option<UncheckedAccount<'info>>,
    /// CHECK: action-specific account (new treasury token account, the new verifier PDA, or a
    /// bridge remote-domain PDA), validated by the target program.
    #[account(mut)]
    pub target: Option<UncheckedAccount<'info>>,
    pub system_program: Program<'info, System>,
    pub bridge_program: Option<Program<'info, CalctraBridge>>,
    /// CHECK: bridge config PDA, validated by the bridge program.
    #[account(mut, seeds = [calctra_bridge::constants::BRIDGE_CONFIG_SEED], bump, seeds::program = calctra_bridge::ID)]
    pub bridge_config: Option<UncheckedAccount<'info>>,
}

fn need<'a, T>(v: &'a Option<T>) -> Result<&'a T> {
    v.as_ref().ok_or_else(|| error!(GovernanceError::GovernanceInvalidAction))
}

/// Accounts of the bridge's admin-only instructions, with the governance PDA as admin.
fn bridge_admin<'info>(a: &Execute<'info>) -> Result<(AccountInfo<'info>, calctra_bridge::cpi::accounts::AdminOnly<'info>)> {
    Ok((
        need(&a.bridge_program)?.to_account_info(),
        calctra_bridge::cpi::accounts::AdminOnly {
            admin: a.config.to_account_info(),
            config: need(&a.bridge_config)?.to_account_info(),
        },
    ))
}

/// Queued and timelock elapsed -> Executed; the governance PDA performs the typed action.
pub fn handler(ctx: Context<Execute>, _proposal_id: u64) -> Result<()> {
    let mut proposal = Proposal::load(&ctx.accounts.proposal)?;
    let now = Clock::get()?.unix_timestamp;
    require!(
        proposal.state(now) == ProposalState::Queued,
        GovernanceError::GovernorUnexpectedProposalState
    );
    require!(now >= proposal.eta, GovernanceError::TimelockUnexpectedOperationState);
    proposal.executed = true;
    proposal.store(&ctx.accounts.proposal)?;

    let a = &ctx.accounts;
    let gov = a.config.to_account_info();
    let seeds: &[&[u8]] = &[GOVERNANCE_SEED, &[a.config.bump]];
    let signer = &[seeds];
    match proposal.action {
        GovernanceAction::SetStakingParams { min_stake, unbonding_period } => staking::cpi::set_params(
            CpiContext::new_with_signer(
                need(&a.staking_program)?.to_account_info(),
                staking::cpi::accounts::SetParams {
                    admin: gov,
                    config: need(&a.staking_config)?.to_account_info(),
                },
                signer,
            ),
            min_stake,
            unbonding_period,
        ),
        GovernanceAction::SetMarketplaceParams {
            challenge_period,
            slash_bps,
            provider_bps,
            treasury_bps,
            creator_bps,
        } => marketplace::cpi::set_params(
            CpiContext::new_with_signer(
                need(&a.marketplace_program)?.to_account_info(),
                marketplace::cpi::accounts::AdminOnly {
                    admin: gov,
                    config: need(&a.marketplace_config)?.to_account_info(),
                },
                signer,
            ),
            challenge_period,
            slash_bps,
            provider_bps,
            treasury_bps,
            creator_bps,
        ),
        GovernanceAction::SetArbiter { arbiter } => marketplace::cpi::set_arbiter(
            CpiContext::new_with_signer(
                need(&a.marketplace_program)?.to_account_info(),
                marketplace::cpi::accounts::AdminOnly {
                    admin: gov,
                    config: need(&a.marketplace_config)?.to_account_info(),
                },
                signer,
            ),
            arbiter,
        ),
        GovernanceAction::SetTreasury { treasury } => {
            let target = need(&a.target)?;
            require_keys_eq!(target.key(), treasury, GovernanceError::GovernanceInvalidAction);
            marketplace::cpi::set_treasury(CpiContext::new_with_signer(
                need(&a.marketplace_program)?.to_account_info(),
                marketplace::cpi::accounts::SetTreasury {
                    admin: gov,
                    config: need(&a.marketplace_config)?.to_account_info(),
                    treasury: target.to_account_info(),
                },
                signer,
            ))
        }
        GovernanceAction::RegisterVerifier { verifier_id, vk } => marketplace::cpi::register_verifier(
            CpiContext::new_with_signer(
                need(&a.marketplace_program)?.to_account_info(),
                marketplace::cpi::accounts::RegisterVerifier {
                    admin: gov,
                    payer: a.executor.to_account_info(),
                    config: need(&a.marketplace_config)?.to_account_info(),
                    verifier: need(&a.target)?.to_account_info(),
                    system_program: a.system_program.to_account_info(),
                },
                signer,
            ),
            verifier_id,
            vk,
        ),
        GovernanceAction::Pause => marketplace::cpi::pause(CpiContext::new_with_signer(
            need(&a.marketplace_program)?.to_account_info(),
            marketplace::cpi::accounts::Pause {
                signer: gov,
                config: need(&a.marketplace_config)?.to_account_info(),
            },
            signer,
        )),
        GovernanceAction::Unpause => marketplace::cpi::unpause(CpiContext::new_with_signer(
            need(&a.marketplace_program)?.to_account_info(),
            marketplace::cpi::accounts::AdminOnly {
                admin: gov,
                config: need(&a.marketplace_config)?.to_account_info(),
            },
            signer,
        )),
        GovernanceAction::BridgeRotateValidatorSet { validators, threshold, retention_window } => {
            // Both calls or neither: a refused rotation reverts the retention change as well.
            let (program, accounts) = bridge_admin(a)?;
            calctra_bridge::cpi::set_retention_window(
                CpiContext::new_with_signer(program, accounts, signer),
                retention_window,
            )?;
            let (program, accounts) = bridge_admin(a)?;
            calctra_bridge::cpi::set_validator_set(
                CpiContext::new_with_signer(program, accounts, signer),
                validators,
                threshold,
            )
        }
        GovernanceAction::BridgeSetThreshold { threshold } => {
            let (program, accounts) = bridge_admin(a)?;
            calctra_bridge::cpi::set_threshold(CpiContext::new_with_signer(program, accounts, signer), threshold)
        }
        GovernanceAction::BridgeSetRemoteDomain { domain, params } => calctra_bridge::cpi::set_remote_domain(
            CpiContext::new_with_signer(
                need(&a.bridge_program)?.to_account_info(),
                calctra_bridge::cpi::accounts::SetRemoteDomain {
                    admin: gov,
                    payer: a.executor.to_account_info(),
                    config: need(&a.bridge_config)?.to_account_info(),
                    remote: need(&a.target)?.to_account_info(),
                    system_program: a.system_program.to_account_info(),
                },
                signer,
            ),
            domain,
            params.into(),
        ),
        GovernanceAction::BridgeDisableRemoteDomain { domain } => calctra_bridge::cpi::disable_remote_domain(
            CpiContext::new_with_signer(
                need(&a.bridge_program)?.to_account_info(),
                calctra_bridge::cpi::accounts::DisableRemoteDomain {
                    admin: gov,
                    config: need(&a.bridge_config)?.to_account_info(),
                    remote: need(&a.target)?.to_account_info(),
                },
                signer,
            ),
            domain,
        ),
        GovernanceAction::BridgeSetRoles { admin, pauser } => {
            let (program, accounts) = bridge_admin(a)?;
            calctra_bridge::cpi::set_roles(CpiContext::new_with_signer(program, accounts, signer), admin, pauser)
        }
        GovernanceAction::BridgeUnpause => {
            let (program, accounts) = bridge_admin(a)?;
            calctra_bridge::cpi::unpause(CpiContext::new_with_signer(program, accounts, signer))
        }
    }
}
