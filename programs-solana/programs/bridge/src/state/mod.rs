pub mod config;
pub mod message;
pub mod remote;

pub use config::*;
pub use message::*;
pub use remote::*;
