//! One file per route.

pub mod board;
pub mod home;
pub mod item;
pub mod not_found;
