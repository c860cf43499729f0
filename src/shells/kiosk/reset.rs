//! The wipe between people, but for the pages (which the shell rebuilds
//! from nothing): all of `sessionStorage`, every `localStorage` key but
//! those that hold nothing of anyone's (`domain::kiosk::wipe`), the text
//! size, and the address, back to the kiosk's home.

use crate::api::CACHE_PREFIX;
use crate::domain::device_keys::OUTBOX_PREFIX;
use crate::domain::kiosk::keys_to_wipe;
use crate::routes::home_href;

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
        let kept = [CACHE_PREFIX, OUTBOX_PREFIX, KIOSK_PREFIX];
        for key in keys_to_wipe(keys.iter().map(String::as_str), &kept) {
            let _ = local.remove_item(key);
        }
    }
}

/// Puts the kiosk's home in the address bar, in place of the page the last
/// person left open, before the next session's router reads it.
pub fn address_home() {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ =
            history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&home_href()));
    }
}

/// Text size `step`, on the root element (everything is sized in
/// rem).
pub fn text_size(step: u8) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("data-kiosk-text", &step.to_string());
    }
}
