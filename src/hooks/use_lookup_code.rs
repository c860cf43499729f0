//! The tracking code carried to the look-up page within this tab (and over
//! a reload): the sent page remembers it, the look-up page starts from it.

use super::storage;

const LOOKUP_KEY: &str = "gongkai:lookup:v1";

/// Carries `code` to the look-up page.
pub fn remember_lookup_code(code: &str) {
    storage::write(storage::session(), LOOKUP_KEY, code);
}

/// The code carried here, or `""`.
pub fn remembered_lookup_code() -> String {
    storage::read(storage::session(), LOOKUP_KEY).unwrap_or_default()
}
