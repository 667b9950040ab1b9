use anchor_lang::prelude::*;
use anchor_spl::token::{self, spl_token::instruction::AuthorityType, Mint, SetAuthority, Token};

use crate::constants::*;
use crate::errors::CalTokenError;
use crate::state::CalConfig;

#[derive(Accounts)]
pub struct HandOverMintAuthority<'info> {
    #[account(constraint = admin.key() == config.admin @ CalTokenError::CalTokenUnauthorized)]
    pub admin: Signer<'info>,
    #[account(mut, seeds = [CAL_CONFIG_SEED], bump = config.bump)]
    pub config: Account<'info, CalConfig>,
    /// CHECK: this program's mint-authority PDA.
    #[account(seeds = [MINT_AUTHORITY_SEED], bump = config.mint_authority_bump)]
    pub mint_authority: UncheckedAccount<'info>,
    #[account(mut, address = config.mint)]
    pub mint: Account<'info, Mint>,
    pub token_program: Program<'info, Token>,
}

/// One-way hand-over of the mint authority to `[MINT_AUTHORITY_SEED]` under `bridge_program`.
pub fn handler(ctx: Context<HandOverMintAuthority>, bridge_program: Pubkey) -> Result<()> {
    require!(!ctx.accounts.config.handed_over, CalTokenError::CalTokenAlreadyHandedOver);
    let (bridge_authority, _) = Pubkey::find_program_address(&[MINT_AUTHORITY_SEED], &bridge_program);
    let config = &mut ctx.accounts.config;
    config.handed_over = true;
    config.bridge_authority = bridge_authority;
    let seeds: &[&[u8]] = &[MINT_AUTHORITY_SEED, &[config.mint_authority_bump]];
    token::set_authority(
        CpiContext::new_with_signer(
            ctx.accounts.token_program.to_account_info(),
            SetAuthority {
                current_authority: ctx.accounts.mint_authority.to_account_info(),
                account_or_mint: ctx.accounts.mint.to_account_info(),
            },
            &[seeds],
        ),
        AuthorityType::MintTokens,
        Some(bridge_authority),
    )
}
