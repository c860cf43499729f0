//! `use_saved_codes()`: the tracking codes a resident chose to keep on this
//! device (在本机保存我的留言码), in `localStorage`. Offered only where the
//! device is someone's own: never on a kiosk, never without storage.

use leptos::prelude::*;

use super::storage;
use super::use_shared_device::use_shared_device;
use crate::domain::saved_codes::{SavedCode, SavedCodes};

const SAVED_CODES_KEY: &str = "gongkai:codes:v1";

#[derive(Clone, Copy)]
pub struct UseSavedCodes {
    /// As stored (JSON text): a `String` signal rather than one of a type of
    /// its own, read with [`SavedCodes::parse`] (at most 20 short entries).
    text: RwSignal<String>,
    /// Whether saving is offered here at all.
    pub available: bool,
}

pub fn use_saved_codes() -> UseSavedCodes {
    let local = storage::local();
    let available = !use_shared_device() && local.is_some();
    let text = match available {
        true => storage::read(local, SAVED_CODES_KEY).unwrap_or_default(),
        false => String::new(),
    };
    UseSavedCodes {
        text: RwSignal::new(text),
        available,
    }
}

impl UseSavedCodes {
    fn codes(&self) -> SavedCodes {
        self.text.with(|t| SavedCodes::parse(t))
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
        self.change(|c| c.add(entry));
    }

    pub fn remove(&self, code: &str) {
        self.change(|c| c.remove(code));
    }

    fn change(&self, f: impl FnOnce(&mut SavedCodes)) {
        if !self.available {
            return;
        }
        let mut codes = self.text.with_untracked(|t| SavedCodes::parse(t));
        f(&mut codes);
        let json = codes.to_json();
        storage::write(storage::local(), SAVED_CODES_KEY, &json);
        self.text.set(json);
    }
}
