//! One file per route, each thin: a view model plus markup. The route table
//! that maps paths to them is `shells::PageRoutes`; their paths and links
//! are `routes`'.
//!
//! Layer: above components, below shells. A page never imports another
//! page: what two pages need goes down a layer.

pub mod board;
pub mod feedback;
pub mod feedback_sent;
pub mod home;
pub mod item;
#[cfg(feature = "kiosk")]
pub mod kiosk_feedback;
#[cfg(feature = "kiosk")]
pub mod kiosk_lookup;
pub mod lookup;
pub mod not_found;
pub mod replies;
