use anchor_lang::prelude::*;
use anchor_spl::token::Mint;

use crate::codec::set_hash;
use crate::constants::*;
use crate::errors::BridgeError;
use crate::events::ValidatorSetUpdated;
use crate::instructions::support::validate_set;
use crate::state::BridgeConfig;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug)]
pub struct InitializeArgs {
    /// Governance PDA, or an initial admin that later hands over with `set_roles`.
    pub admin: Pubkey,
    /// Emergency pauser (default pubkey: none).
    pub pauser: Pubkey,
    /// Validator addresses (20-byte EVM style), strictly ascending.
    pub validators: Vec<[u8; 20]>,
    pub threshold: u16,
    /// Seconds a replaced set stays valid (≤ MAX_RETENTION).
    pub retention_window: u32,
}

/// Only the CAL admin (who also hands the mint authority to this program) may initialize, so that
/// nobody can front-run the deployment with a validator set of their own.
#[derive(Accounts)]
pub struct Initialize<'info> {
    #[account(mut, constraint = payer.key() == cal_config.admin @ BridgeError::BridgeNotCalAdmin)]
    pub payer: Signer<'info>,
    /// cal_token's config `["cal_config"]` (its admin authorizes this initialization).
    #[account(seeds = [cal_token::CAL_CONFIG_SEED], bump = cal_config.bump, seeds::program = cal_token::ID)]
    pub cal_config: Box<Account<'info, cal_token::CalConfig>>,
    #[account(init, payer = payer, space = 8 + BridgeConfig::INIT_SPACE, seeds = [BRIDGE_CONFIG_SEED], bump)]
    pub config: Box<Account<'info, BridgeConfig>>,
    /// CHECK: this program's mint-authority PDA (holds no data); cal_token hands the CAL mint authority to it.
    #[account(seeds = [MINT_AUTHORITY_SEED], bump)]
    pub mint_authority: UncheckedAccount<'info>,
    /// The CAL mint: cal_token's `["cal_mint"]` PDA, 9 decimals.
    #[account(seeds = [cal_token::CAL_MINT_SEED], bump, seeds::program = cal_token::ID, mint::decimals = cal_token::CAL_DECIMALS)]
    pub cal_mint: Box<Account<'info, Mint>>,
    pub system_program: Program<'info, System>,
}

pub fn handler(ctx: Context<Initialize>, args: InitializeArgs) -> Result<()> {
    require!(args.admin != Pubkey::default(), BridgeError::BridgeZeroAddress);
    validate_set(&args.validators, args.threshold)?;
    if args.retention_window > MAX_RETENTION {
        return Err(error!(BridgeError::BridgeParameterOutOfBounds).with_values((args.retention_window, MAX_RETENTION)));
    }
    let config = &mut ctx.accounts.config;
    config.admin = args.admin;
    config.pauser = args.pauser;
    config.cal_mint = ctx.accounts.cal_mint.key();
    config.paused = false;
    config.set_hash = set_hash(&args.validators, args.threshold);
    config.validators = args.validators;
    config.threshold = args.threshold;
    config.set_id = 1;
    config.previous_validators = Vec::new();
    config.previous_threshold = 0;
    config.previous_valid_until = 0;
    config.retention_window = args.retention_window;
    config.outbound_nonce = 0;
    config.bump = ctx.bumps.config;
    config.mint_authority_bump = ctx.bumps.mint_authority;
    emit!(ValidatorSetUpdated {
        set_id: 1,
        set_hash: config.set_hash,
        validators: config.validators.clone(),
        threshold: config.threshold,
        previous_valid_until: 0,
    });
    Ok(())
}
