use anchor_lang::prelude::*;

#[account]
#[derive(InitSpace)]
pub struct CalConfig {
    pub admin: Pubkey,
    pub mint: Pubkey,
    /// The bridge's mint-authority PDA after hand-over (default before).
    pub bridge_authority: Pubkey,
    pub handed_over: bool,
    pub bump: u8,
    pub mint_authority_bump: u8,
}
