//! The contract types and the only code that talks to the network.
pub mod feedback;
pub mod heartbeat;
pub mod types;
pub use feedback::*;
pub use heartbeat::*;
pub use types::*;

#[cfg(target_arch = "wasm32")]
mod fetch;
#[cfg(target_arch = "wasm32")]
pub use fetch::*;
