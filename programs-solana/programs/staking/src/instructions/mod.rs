// Every instruction module has a `handler`, which #[program] calls by path; the glob re-exports are
// for the Accounts structs and the client modules Anchor generates beside them, which it needs at the
// crate root. The clashing `handler`s are never used through them.
#![allow(ambiguous_glob_reexports)]
pub mod challenge;
pub mod claim_fees;
pub mod declare_rate;
pub mod expire_challenge;
pub mod fund_validator_budget;
pub mod initialize;
pub mod lock_collateral;
mod power;
pub mod register;
pub mod register_validator;
pub mod request_unstake;
pub mod respond;
pub mod set_parameter;
pub mod slash;
pub mod stake;
pub mod unlock_collateral;
mod vault;
pub mod withdraw;

pub use challenge::*;
pub use claim_fees::*;
pub use declare_rate::*;
pub use expire_challenge::*;
pub use fund_validator_budget::*;
pub use initialize::*;
pub use lock_collateral::*;
pub use register::*;
pub use register_validator::*;
pub use request_unstake::*;
pub use respond::*;
pub use set_parameter::*;
pub use slash::*;
pub use stake::*;
pub use withdraw::*;
