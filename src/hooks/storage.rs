//! `localStorage` (kept on the device) and `sessionStorage` (kept for this
//! tab), quietly absent where the browser refuses them (private modes,
//! storage turned off): the feedback pages then work from memory.

use web_sys::Storage;

pub(crate) fn local() -> Option<Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub(crate) fn session() -> Option<Storage> {
    web_sys::window()?.session_storage().ok()?
}

pub(crate) fn read(storage: Option<Storage>, key: &str) -> Option<String> {
    storage?.get_item(key).ok()?
}

/// Whether the value was stored.
pub(crate) fn write(storage: Option<Storage>, key: &str, value: &str) -> bool {
    storage.is_some_and(|s| s.set_item(key, value).is_ok())
}

pub(crate) fn remove(storage: Option<Storage>, key: &str) {
    if let Some(s) = storage {
        let _ = s.remove_item(key);
    }
}

/// The keys that start with `prefix`.
pub(crate) fn keys_with_prefix(storage: &Storage, prefix: &str) -> Vec<String> {
    (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(prefix))
        .collect()
}

pub(crate) fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}
