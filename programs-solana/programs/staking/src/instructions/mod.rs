// Every instruction module has a `handler`, which #[program] calls by path; the glob re-exports are
// for the Accounts structs and the client modules Anchor generates beside them, which it needs at the
// crate root. The clashing `handler`s are never used through them.
#![allow(ambiguous_glob_reexports)]
pub mod initialize;
pub mod lock_collateral;
pub mod register;
pub mod request_unstake;
pub mod set_parameter;
pub mod slash;
pub mod stake;
pub mod unlock_collateral;
mod vault;
pub mod withdraw;

pub use initialize::*;
pub use lock_collateral::*;
pub use register::*;
pub use request_unstake::*;
pub use set_parameter::*;
pub use slash::*;
pub use stake::*;
pub use withdraw::*;
