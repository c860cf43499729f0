//! The storage half of the wipe between people: all of `sessionStorage`,
//! and every `localStorage` key but those that hold nothing of anyone's
//! (`domain::kiosk::wipe`).

use crate::api::CACHE_PREFIX;
use crate::domain::kiosk::keys_to_wipe;
use crate::hooks::OUTBOX_KEY;

/// The prefix of the kiosk's own keys (its last error, for the heartbeat).
pub const KIOSK_PREFIX: &str = "gongkai:kiosk:";

pub fn wipe_storage() {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(Some(session)) = window.session_storage() {
        let _ = session.clear();
    }
    if let Ok(Some(local)) = window.local_storage() {
        let keys: Vec<String> = (0..local.length().unwrap_or(0))
            .filter_map(|i| local.key(i).ok().flatten())
            .collect();
        let kept = [CACHE_PREFIX, OUTBOX_KEY, KIOSK_PREFIX];
        for key in keys_to_wipe(keys.iter().map(String::as_str), &kept) {
            let _ = local.remove_item(key);
        }
    }
}
