//! The reference backend of gongkai: the JSON contract (`openapi.yaml`) on
//! SQLite, the feedback write side, the staff API, and the app itself.

pub mod cli;
pub mod http;
pub mod import;
pub mod kiosk;
pub mod pages;
pub mod store;
