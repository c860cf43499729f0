//! `use_saved_codes()`: the tracking codes a resident chose to keep on this
//! device (在本机保存我的留言码), in `localStorage`, per backend
//! (`domain::device_keys`). Offered only where the device is someone's own:
//! never on a kiosk, never without storage.
//!
//! Codes saved by an earlier version, which kept one list for every
//! backend, are listed after this backend's own; looking one up is the
//! person's choice, as typing it is, and removing it removes it from that
//! list. New codes go to this backend's list only.

use leptos::prelude::*;

use super::storage;
use super::use_api::use_device_keys;
use super::use_shared_device::use_shared_device;
use crate::domain::device_keys::LEGACY_CODES;
use crate::domain::saved_codes::{SavedCode, SavedCodes};

#[derive(Clone, Copy)]
pub struct UseSavedCodes {
    /// As stored (JSON text): a `String` signal rather than one of a type of
    /// its own, read with [`SavedCodes::parse`] (at most 20 short entries).
    text: RwSignal<String>,
    /// An earlier version's list, as stored.
    legacy: RwSignal<String>,
    key: StoredValue<String>,
    /// Whether saving is offered here at all.
    pub available: bool,
}

pub fn use_saved_codes() -> UseSavedCodes {
    let key = use_device_keys().codes();
    let local = storage::local();
    let available = !use_shared_device() && local.is_some();
    let read = |key: &str| match available {
        true => storage::read(storage::local(), key).unwrap_or_default(),
        false => String::new(),
    };
    UseSavedCodes {
        text: RwSignal::new(read(&key)),
        legacy: RwSignal::new(read(LEGACY_CODES)),
        key: StoredValue::new(key),
        available,
    }
}

impl UseSavedCodes {
    fn codes(&self) -> SavedCodes {
        let mut codes = self.legacy.with(|t| SavedCodes::parse(t));
        // This backend's own first (newest first within each).
        for own in self.text.with(|t| SavedCodes::parse(t)).list().iter().rev() {
            codes.add(own.clone());
        }
        codes
    }

    /// The saved codes, newest first (tracked).
    pub fn list(&self) -> Vec<SavedCode> {
        self.codes().list().to_vec()
    }

    /// Whether `code` is saved (tracked).
    pub fn contains(&self, code: &str) -> bool {
        self.codes().contains(code)
    }

    pub fn save(&self, entry: SavedCode) {
        self.change(self.text, &self.key.get_value(), |c| c.add(entry));
    }

    pub fn remove(&self, code: &str) {
        self.change(self.text, &self.key.get_value(), |c| c.remove(code));
        self.change(self.legacy, LEGACY_CODES, |c| c.remove(code));
    }

    fn change(&self, text: RwSignal<String>, key: &str, f: impl FnOnce(&mut SavedCodes)) {
        if !self.available {
            return;
        }
        let mut codes = text.with_untracked(|t| SavedCodes::parse(t));
        let before = codes.clone();
        f(&mut codes);
        if codes == before {
            return;
        }
        let json = codes.to_json();
        storage::write(storage::local(), key, &json);
        text.set(json);
    }
}
