pub mod config;
pub mod proposal;
pub mod voter;

pub use config::*;
pub use proposal::*;
pub use voter::*;
