//! CAL on Solana: the SPL mint (9 decimals) whose mint authority is a PDA, handed over once
//! to the bridge program's `[b"mint_authority"]` PDA. The bridge adds mint/burn logic only.
// anchor-lang 0.31's #[program] expansion calls the deprecated AccountInfo::realloc (fixed in anchor 0.32).
#![allow(deprecated)]
use anchor_lang::prelude::*;

pub mod constants;
pub mod errors;
pub mod instructions;
pub mod state;

pub use constants::*;
pub use instructions::*;
pub use state::*;

declare_id!("EBpcGQzzqbHiwrvejyrgcELo9AmCB9TkaUBh16y5auyC");

#[program]
pub mod cal_token {
    use super::*;

    pub fn initialize(ctx: Context<Initialize>) -> Result<()> {
        instructions::initialize::handler(ctx)
    }

    pub fn hand_over_mint_authority(ctx: Context<HandOverMintAuthority>, bridge_program: Pubkey) -> Result<()> {
        instructions::hand_over::handler(ctx, bridge_program)
    }
}
