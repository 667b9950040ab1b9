// Every instruction module has a `handler`, which #[program] calls by path; the glob re-exports are
// for the Accounts structs and the client modules Anchor generates beside them, which it needs at the
// crate root. The clashing `handler`s are never used through them.
#![allow(ambiguous_glob_reexports)]
pub mod accept_task;
pub mod admin;
pub mod cancel_task;
pub mod commit_result;
pub mod create_task;
pub mod dispute;
pub mod expire;
pub mod finalize;
pub mod initialize;
pub mod publish_result;
pub mod resolve;
pub mod resolve_replicas;
pub mod reveal_result;
pub mod settle;
pub mod settlement;
pub mod submit_result;
pub mod verifier;

pub use accept_task::*;
pub use admin::*;
pub use cancel_task::*;
pub use commit_result::*;
pub use create_task::*;
pub use dispute::*;
pub use expire::*;
pub use finalize::*;
pub use initialize::*;
pub use publish_result::*;
pub use resolve::*;
pub use resolve_replicas::*;
pub use reveal_result::*;
pub use settle::*;
pub use submit_result::*;
pub use verifier::*;
