use anchor_lang::prelude::*;
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
    /// CHECK: action-specific account (new treasury token account, or the new verifier PDA),
    /// validated by the target program.
    #[account(mut)]
    pub target: Option<UncheckedAccount<'info>>,
    pub system_program: Program<'info, System>,
}

fn need<'a, T>(v: &'a Option<T>) -> Result<&'a T> {
    v.as_ref().ok_or_else(|| error!(GovernanceError::GovernanceInvalidAction))
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
    }
}
