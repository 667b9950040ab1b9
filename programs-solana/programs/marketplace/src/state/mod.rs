pub mod config;
pub mod task;
pub mod verifier;

pub use config::*;
pub use task::*;
pub use verifier::*;
