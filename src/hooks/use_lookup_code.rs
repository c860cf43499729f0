//! `use_lookup_code()`: the tracking code carried to the look-up page within
//! this tab (and over a reload): the sent page remembers it, the look-up
//! page starts from it. Kept per backend (`domain::device_keys`): a code
//! given by one backend is never looked up at another.

use super::storage;
use super::use_api::use_device_keys;

/// The code carried to this backend's look-up page.
#[derive(Clone)]
pub struct LookupCode {
    key: String,
}

pub fn use_lookup_code() -> LookupCode {
    LookupCode {
        key: use_device_keys().lookup(),
    }
}

impl LookupCode {
    /// Carries `code` to the look-up page.
    pub fn remember(&self, code: &str) {
        storage::write(storage::session(), &self.key, code);
    }

    /// The code carried here, or `""`.
    pub fn remembered(&self) -> String {
        storage::read(storage::session(), &self.key).unwrap_or_default()
    }
}
