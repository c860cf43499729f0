//! `use_i18n()`: the chosen locale. Changing it re-renders the shell, so
//! every `t!` reads the new language. A language other than the default is
//! data (`i18n::loaded`): [`I18n::choose`] fetches it first and switches
//! once it is there, so a page never shows half of one language and half
//! of another; until then, and if it cannot be had, the page stays as it
//! was. The reader's own choice is kept on a personal device.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::storage;
use crate::i18n::loaded::{self, catalogue_path, Part};
use crate::i18n::{set_current_locale, Locale};

/// Where a personal device keeps the reader's language.
pub const LANGUAGE_KEY: &str = "gongkai:lang:v1";

#[derive(Clone, Copy)]
pub struct I18n {
    pub locale: RwSignal<Locale>,
    /// The language being fetched, if any.
    pub loading: RwSignal<Option<Locale>>,
    /// The last language that could not be fetched.
    pub failed: RwSignal<Option<Locale>>,
    /// Whether this is the kiosk (its own sentences, its own copies).
    kiosk: bool,
    /// Whether the reader's choice is kept on the device.
    remember: bool,
}

impl I18n {
    /// Switches to `locale` now: the default, or one already loaded.
    pub fn set(&self, locale: Locale) {
        set_current_locale(locale);
        self.locale.set(locale);
    }

    /// Switches to `locale` once its sentences are here (fetched if need
    /// be). `by_reader`: the reader picked it, so it is kept on the device.
    pub fn choose(&self, locale: Locale, by_reader: bool) {
        if by_reader && self.remember {
            storage::write(storage::local(), LANGUAGE_KEY, locale.tag());
        }
        let parts: &[Part] = if self.kiosk {
            &[Part::App, Part::Kiosk]
        } else {
            &[Part::App]
        };
        if parts.iter().all(|&p| loaded::is_loaded(locale, p)) {
            self.failed.set(None);
            self.loading.set(None);
            if locale != self.locale.get_untracked() {
                self.set(locale);
            }
            return;
        }
        let this = *self;
        this.loading.set(Some(locale));
        spawn_local(async move {
            let mut ok = true;
            for &part in parts {
                if loaded::is_loaded(locale, part) {
                    continue;
                }
                let path = catalogue_path(locale, part, this.kiosk);
                let installed = match crate::api::locale_catalogue(&path).await {
                    Ok(text) => loaded::install(locale, part, &text).map_err(|e| format!("{e:?}")),
                    Err(e) => Err(format!("{e:?}")),
                };
                if let Err(why) = installed {
                    leptos::logging::warn!(
                        "gongkai: the language {} could not be loaded ({path}: {why})",
                        locale.tag()
                    );
                    ok = false;
                    break;
                }
            }
            // A later choice wins over this one.
            if this.loading.get_untracked() != Some(locale) {
                return;
            }
            this.loading.set(None);
            if ok {
                this.failed.set(None);
                this.set(locale);
            } else {
                this.failed.set(Some(locale));
            }
        });
    }

    /// The reader's kept choice, if any (never on a shared device).
    pub fn saved(&self) -> Option<String> {
        self.remember
            .then(|| storage::read(storage::local(), LANGUAGE_KEY))
            .flatten()
    }
}

/// Provides the default locale and returns it. `kiosk`: the kiosk shell's
/// (which loads its own sentences too); `remember`: the reader's choice is
/// kept on this device.
pub fn provide_i18n(kiosk: bool, remember: bool) -> I18n {
    set_current_locale(Locale::default());
    let i18n = I18n {
        locale: RwSignal::new(Locale::default()),
        loading: RwSignal::new(None),
        failed: RwSignal::new(None),
        kiosk,
        remember,
    };
    provide_context(i18n);
    i18n
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}
