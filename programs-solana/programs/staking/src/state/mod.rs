pub mod config;
pub mod power;
pub mod provider;

pub use config::*;
pub use power::*;
pub use provider::*;
