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
    codes: RwSignal<SavedCodes>,
    /// Whether saving is offered here at all.
    pub available: bool,
}

pub fn use_saved_codes() -> UseSavedCodes {
    let local = storage::local();
    let available = !use_shared_device() && local.is_some();
    let codes = match available {
        true => storage::read(local, SAVED_CODES_KEY)
            .map(|t| SavedCodes::parse(&t))
            .unwrap_or_default(),
        false => SavedCodes::default(),
    };
    UseSavedCodes {
        codes: RwSignal::new(codes),
        available,
    }
}

impl UseSavedCodes {
    /// The saved codes, newest first (tracked).
    pub fn list(&self) -> Vec<SavedCode> {
        self.codes.with(|c| c.list().to_vec())
    }

    /// Whether `code` is saved (tracked).
    pub fn contains(&self, code: &str) -> bool {
        self.codes.with(|c| c.contains(code))
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
        self.codes.update(f);
        let json = self.codes.with_untracked(SavedCodes::to_json);
        storage::write(storage::local(), SAVED_CODES_KEY, &json);
    }
}
