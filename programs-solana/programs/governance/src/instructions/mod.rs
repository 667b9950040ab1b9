pub mod cast_vote;
pub mod deposit;
pub mod execute;
pub mod initialize;
pub mod propose;
pub mod queue;
pub mod withdraw;

pub use cast_vote::*;
pub use deposit::*;
pub use execute::*;
pub use initialize::*;
pub use propose::*;
pub use queue::*;
pub use withdraw::*;
