//! Pure rules: working-day calendar, publicity periods, search, board filters
//! and the HTML allow-list. Plain Rust with no browser dependency, so every
//! rule is tested natively with `cargo test`.

pub mod calendar;
pub mod clock;
pub mod feedback;
pub mod filters;
pub mod outbox;
pub mod period;
pub mod sanitize;
pub mod search;

#[cfg(test)]
pub(crate) mod test_support;
