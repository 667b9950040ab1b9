// Every instruction module has a `handler`, which #[program] calls by path; the glob re-exports are
// for the Accounts structs and the client modules Anchor generates beside them, which it needs at the
// crate root. The clashing `handler`s are never used through them.
#![allow(ambiguous_glob_reexports)]
pub mod cast_vote;
pub mod deposit;
pub mod execute;
pub mod initialize;
pub mod receive_governance_message;
pub mod send_tally;
pub mod support;
pub mod veto;
pub mod withdraw;

pub use cast_vote::*;
pub use deposit::*;
pub use execute::*;
pub use initialize::*;
pub use receive_governance_message::*;
pub use send_tally::*;
pub use veto::*;
pub use withdraw::*;
