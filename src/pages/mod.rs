//! One file per route.

pub mod board;
pub mod feedback;
pub mod feedback_sent;
pub mod home;
pub mod item;
pub mod lookup;
pub mod not_found;
pub mod replies;
