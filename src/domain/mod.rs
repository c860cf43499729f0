//! Pure rules: working-day calendar, publicity periods, search, board
//! filters, the HTML allow-list, feedback rules, drafts, the outbox and the
//! printed notice (poster). Plain Rust with no browser dependency, so every
//! rule is tested natively with `cargo test`.

pub mod calendar;
pub mod clock;
pub mod contacts;
pub mod covers;
pub mod device_keys;
pub mod draft;
pub mod feedback;
pub mod filters;
pub mod home;
pub mod kiosk;
pub mod language;
pub mod orgs;
pub mod outbox;
pub mod paging;
pub mod period;
pub mod poster;
pub mod reading;
pub mod replies;
pub mod sanitize;
pub mod saved_codes;
pub mod search;
pub mod search_index;
pub mod speech;
pub mod theme;

#[cfg(test)]
pub(crate) mod test_support;
