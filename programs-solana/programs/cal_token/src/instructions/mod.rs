pub mod hand_over;
pub mod initialize;

pub use hand_over::*;
pub use initialize::*;
