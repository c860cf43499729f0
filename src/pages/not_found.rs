//! Unknown route: the not-found view, which pages also show for a 404
//! (it lives in `components::not_found`).

pub use crate::components::not_found::NotFound;
