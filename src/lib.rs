//! gongkai (公开): party-affairs disclosure boards as a single-page app.
//!
//! `api` (contract types; HTTP in the browser build), `domain` (pure rules)
//! and `i18n` build natively and are tested with `cargo test`; the views
//! (`app`, `pages`, `components`) build for wasm32 only.

pub mod api;
pub mod domain;
pub mod i18n;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod hooks;
#[cfg(target_arch = "wasm32")]
pub mod pages;

#[cfg(target_arch = "wasm32")]
pub use app::App;
