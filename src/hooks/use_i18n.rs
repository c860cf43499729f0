//! `use_i18n()`: the chosen locale. Changing it re-renders the shell, so
//! every `t!` reads the new language.

use leptos::prelude::*;

use crate::i18n::{set_current_locale, Locale};

#[derive(Clone, Copy)]
pub struct I18n {
    pub locale: RwSignal<Locale>,
}

impl I18n {
    pub fn new(locale: Locale) -> Self {
        set_current_locale(locale);
        I18n {
            locale: RwSignal::new(locale),
        }
    }

    pub fn set(&self, locale: Locale) {
        set_current_locale(locale);
        self.locale.set(locale);
    }
}

/// Provides the default locale and returns it.
pub fn provide_i18n() -> I18n {
    let i18n = I18n::new(Locale::default());
    provide_context(i18n);
    i18n
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}
