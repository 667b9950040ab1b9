// Every instruction module has a `handler`, which #[program] calls by path; the glob re-exports are
// for the Accounts structs and the client modules Anchor generates beside them, which it needs at the
// crate root. The clashing `handler`s are never used through them.
#![allow(ambiguous_glob_reexports)]
pub mod hand_over;
pub mod initialize;

pub use hand_over::*;
pub use initialize::*;
