//! The contract types and the only code that talks to the network.
//!
//! Two layers in one module: the contract types (`types`, `feedback`: serde
//! only, native) are the lowest layer, which `domain`'s rules are written
//! over; the HTTP half (`fetch`, wasm only) sits above `domain` and
//! `routes`. Neither imports the layers above it (`tests/layering.rs`).
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
