//! gongkai (公开): party-affairs disclosure boards as a single-page app.
//!
//! The crate's layers, bottom to top; a module imports only from its own
//! layer and those below (`tests/layering.rs` checks every `crate::` path):
//!
//! - `api`'s contract types (`api::types`, `api::feedback`: serde only);
//! - `domain`: pure rules over them;
//! - `routes`: the URL scheme (paths, link builders, typed query parameters);
//! - `api`'s HTTP half (`api::fetch`, the only code that talks to the network);
//! - `i18n`: every user-facing string, and errors put into words;
//! - `hooks`: browser state and the contexts pages read (`use_api`,
//!   `use_shared`, `use_clock` …), one per file;
//! - `components`: pieces shared by pages;
//! - `pages`: one file per route;
//! - `shells`: layouts over the same pages (`shells::web`), the shared
//!   start-up and the route table.
//!
//! `api`'s contract, `domain`, `routes` (but its router side) and `i18n`
//! build natively and are tested with `cargo test`; the rest builds for
//! wasm32 only.

pub mod api;
pub mod domain;
pub mod i18n;
pub mod routes;

#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod hooks;
#[cfg(target_arch = "wasm32")]
pub mod pages;
#[cfg(target_arch = "wasm32")]
pub mod shells;

#[cfg(target_arch = "wasm32")]
pub use shells::App;
