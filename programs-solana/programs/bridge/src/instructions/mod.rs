pub mod admin;
pub mod initialize;
pub mod receive_governance_message;
pub mod receive_message;
pub mod send;
pub mod send_governance_message;
pub mod support;

#[allow(ambiguous_glob_reexports)]
pub use admin::*;
#[allow(ambiguous_glob_reexports)]
pub use initialize::*;
#[allow(ambiguous_glob_reexports)]
pub use receive_governance_message::*;
#[allow(ambiguous_glob_reexports)]
pub use receive_message::*;
pub use send::*;
#[allow(ambiguous_glob_reexports)]
pub use send_governance_message::*;
