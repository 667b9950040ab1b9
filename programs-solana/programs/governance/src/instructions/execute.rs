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

fn need<T>(v: &Option<T>) -> Result<&T> {
    v.as_ref().ok_or_else(|| error!(GovernanceError::GovernanceInvalidAction))
}

/// CPIs of an action, signed by the governance PDA (the admin of staking, marketplace and the
/// bridge). A missing program, config or target account is `GovernanceInvalidAction`; each target
/// is looked up program first, then its config, then the action-specific account.
struct Governed<'a, 'info> {
    a: &'a Execute<'info>,
    signer: &'a [&'a [&'a [u8]]],
}

impl<'a, 'info> Governed<'a, 'info> {
    fn signed<T: ToAccountMetas + ToAccountInfos<'info>>(
        &self,
        program: AccountInfo<'info>,
        accounts: T,
    ) -> CpiContext<'a, 'a, 'a, 'info, T> {
        CpiContext::new_with_signer(program, accounts, self.signer)
    }

    /// The governance PDA, signing as admin.
    fn gov(&self) -> AccountInfo<'info> {
        self.a.config.to_account_info()
    }

    /// The executor, paying for accounts the target program creates.
    fn payer(&self) -> AccountInfo<'info> {
        self.a.executor.to_account_info()
    }

    fn system_program(&self) -> AccountInfo<'info> {
        self.a.system_program.to_account_info()
    }

    fn target(&self) -> Result<AccountInfo<'info>> {
        Ok(need(&self.a.target)?.to_account_info())
    }

    /// (program, config) of staking.
    fn staking(&self) -> Result<(AccountInfo<'info>, AccountInfo<'info>)> {
        let program = need(&self.a.staking_program)?.to_account_info();
        Ok((program, need(&self.a.staking_config)?.to_account_info()))
    }

    /// (program, config) of the marketplace.
    fn marketplace(&self) -> Result<(AccountInfo<'info>, AccountInfo<'info>)> {
        let program = need(&self.a.marketplace_program)?.to_account_info();
        Ok((program, need(&self.a.marketplace_config)?.to_account_info()))
    }

    /// (program, config) of the bridge.
    fn bridge(&self) -> Result<(AccountInfo<'info>, AccountInfo<'info>)> {
        let program = need(&self.a.bridge_program)?.to_account_info();
        Ok((program, need(&self.a.bridge_config)?.to_account_info()))
    }

    /// A call to one of the marketplace's admin-only instructions.
    fn marketplace_admin(&self) -> Result<CpiContext<'a, 'a, 'a, 'info, marketplace::cpi::accounts::AdminOnly<'info>>> {
        let (program, config) = self.marketplace()?;
        Ok(self.signed(program, marketplace::cpi::accounts::AdminOnly { admin: self.gov(), config }))
    }

    /// A call to one of the bridge's admin-only instructions.
    fn bridge_admin(&self) -> Result<CpiContext<'a, 'a, 'a, 'info, calctra_bridge::cpi::accounts::AdminOnly<'info>>> {
        let (program, config) = self.bridge()?;
        Ok(self.signed(program, calctra_bridge::cpi::accounts::AdminOnly { admin: self.gov(), config }))
    }
}

/// Queued and timelock elapsed -> Executed; the governance PDA performs the typed action.
pub fn handler(ctx: Context<Execute>, _proposal_id: u64) -> Result<()> {
    let mut proposal = Proposal::load(&ctx.accounts.proposal)?;
    let now = Clock::get()?.unix_timestamp;
    require!(proposal.state(now) == ProposalState::Queued, GovernanceError::GovernorUnexpectedProposalState);
    require!(now >= proposal.eta, GovernanceError::TimelockUnexpectedOperationState);
    proposal.executed = true;
    proposal.store(&ctx.accounts.proposal)?;

    let a: &Execute = ctx.accounts;
    let seeds: &[&[u8]] = &[GOVERNANCE_SEED, &[a.config.bump]];
    let g = Governed { a, signer: &[seeds] };
    match proposal.action {
        GovernanceAction::SetStakingParams { min_stake, unbonding_period } => {
            let (program, config) = g.staking()?;
            let accounts = staking::cpi::accounts::SetParams { admin: g.gov(), config };
            staking::cpi::set_params(g.signed(program, accounts), min_stake, unbonding_period)
        }
        GovernanceAction::SetMarketplaceParams {
            challenge_period,
            slash_bps,
            provider_bps,
            treasury_bps,
            creator_bps,
        } => marketplace::cpi::set_params(
            g.marketplace_admin()?,
            challenge_period,
            slash_bps,
            provider_bps,
            treasury_bps,
            creator_bps,
        ),
        GovernanceAction::SetArbiter { arbiter } => marketplace::cpi::set_arbiter(g.marketplace_admin()?, arbiter),
        GovernanceAction::SetTreasury { treasury } => {
            let target = g.target()?;
            require_keys_eq!(target.key(), treasury, GovernanceError::GovernanceInvalidAction);
            let (program, config) = g.marketplace()?;
            let accounts = marketplace::cpi::accounts::SetTreasury { admin: g.gov(), config, treasury: target };
            marketplace::cpi::set_treasury(g.signed(program, accounts))
        }
        GovernanceAction::RegisterVerifier { verifier_id, vk } => {
            let (program, config) = g.marketplace()?;
            let accounts = marketplace::cpi::accounts::RegisterVerifier {
                admin: g.gov(),
                payer: g.payer(),
                config,
                verifier: g.target()?,
                system_program: g.system_program(),
            };
            marketplace::cpi::register_verifier(g.signed(program, accounts), verifier_id, vk)
        }
        GovernanceAction::Pause => {
            let (program, config) = g.marketplace()?;
            let accounts = marketplace::cpi::accounts::Pause { signer: g.gov(), config };
            marketplace::cpi::pause(g.signed(program, accounts))
        }
        GovernanceAction::Unpause => marketplace::cpi::unpause(g.marketplace_admin()?),
        GovernanceAction::BridgeRotateValidatorSet { validators, threshold, retention_window } => {
            // Both calls or neither: a refused rotation reverts the retention change as well.
            calctra_bridge::cpi::set_retention_window(g.bridge_admin()?, retention_window)?;
            calctra_bridge::cpi::set_validator_set(g.bridge_admin()?, validators, threshold)
        }
        GovernanceAction::BridgeSetThreshold { threshold } => {
            calctra_bridge::cpi::set_threshold(g.bridge_admin()?, threshold)
        }
        GovernanceAction::BridgeSetRemoteDomain { domain, params } => {
            let (program, config) = g.bridge()?;
            let accounts = calctra_bridge::cpi::accounts::SetRemoteDomain {
                admin: g.gov(),
                payer: g.payer(),
                config,
                remote: g.target()?,
                system_program: g.system_program(),
            };
            calctra_bridge::cpi::set_remote_domain(g.signed(program, accounts), domain, params.into())
        }
        GovernanceAction::BridgeDisableRemoteDomain { domain } => {
            let (program, config) = g.bridge()?;
            let accounts =
                calctra_bridge::cpi::accounts::DisableRemoteDomain { admin: g.gov(), config, remote: g.target()? };
            calctra_bridge::cpi::disable_remote_domain(g.signed(program, accounts), domain)
        }
        GovernanceAction::BridgeSetRoles { admin, pauser } => {
            calctra_bridge::cpi::set_roles(g.bridge_admin()?, admin, pauser)
        }
        GovernanceAction::BridgeUnpause => calctra_bridge::cpi::unpause(g.bridge_admin()?),
    }
}
