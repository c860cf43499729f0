//! `use_reading()`: the reader's 长辈模式 and text step
//! ([`crate::domain::reading`]), provided once by the shell and shown on the
//! app's root as `data-gk-elder` and `data-gk-text`, which the design
//! tokens follow (`style/tokens.css`). Kept on a personal device
//! (`localStorage`); a shared screen ([`crate::hooks::use_shared_device`])
//! keeps nothing and starts each session plain.

use leptos::prelude::*;

use super::storage;
use crate::domain::reading::{ReadingPrefs, TextStep};

/// Where a personal device keeps the choice. Not per backend: it is the
/// reader's, whichever board they read.
/// (The phone page's loader reads it too, to put 长辈模式 on the server's
/// first screen before the app comes: scripts/post-build.mjs.)
pub const READING_KEY: &str = "gongkai:reading:v1";

#[derive(Clone, Copy)]
pub struct Reading {
    prefs: RwSignal<ReadingPrefs>,
    remember: bool,
}

impl Reading {
    pub fn elder(&self) -> bool {
        self.prefs.with(|p| p.elder)
    }

    pub fn text(&self) -> TextStep {
        self.prefs.with(|p| p.text)
    }

    /// 长辈模式 on if it was off, off if it was on (the switch's press).
    pub fn toggle_elder(&self) {
        self.update(|p| p.elder = !p.elder);
    }

    pub fn set_text(&self, step: TextStep) {
        self.update(|p| p.text = step);
    }

    /// Back to what a new reader gets (a kiosk, between people).
    pub fn reset(&self) {
        self.update(|p| *p = ReadingPrefs::default());
    }

    fn update(&self, f: impl FnOnce(&mut ReadingPrefs)) {
        self.prefs.update(f);
        if self.remember {
            let prefs = self.prefs.get_untracked();
            if prefs.is_default() {
                storage::remove(storage::local(), READING_KEY);
            } else {
                storage::write(storage::local(), READING_KEY, &prefs.to_stored());
            }
        }
    }
}

/// Provides the reading choices: the device's kept ones when `remember`,
/// else the plain ones.
pub fn provide_reading(remember: bool) -> Reading {
    let kept = remember
        .then(|| storage::read(storage::local(), READING_KEY))
        .flatten()
        .map(|s| ReadingPrefs::from_stored(&s))
        .unwrap_or_default();
    let reading = Reading {
        prefs: RwSignal::new(kept),
        remember,
    };
    provide_context(reading);
    reading
}

pub fn use_reading() -> Reading {
    expect_context::<Reading>()
}

/// Whether 长辈模式 is on, for words that are shorter in it: a signal to
/// read in a view (`false` where no shell provides the choice, as in a
/// component's test).
pub fn use_elder() -> Signal<bool> {
    let reading = use_context::<Reading>();
    Signal::derive(move || reading.is_some_and(|r| r.elder()))
}
