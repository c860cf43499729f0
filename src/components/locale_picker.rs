//! The language picker, shown only when there is more than one translation
//! in `locales/`: each language in its own name and marked as that
//! language, so a reader finds theirs and a screen reader says it right.
//! The choice is kept on the device and in the address (`?lang=`), so a
//! shared link opens in it; while a language loads, the page stays in the
//! one it was in, and a language that cannot be had is said so.

use leptos::prelude::*;

use crate::hooks::use_i18n;
use crate::i18n::Locale;
use crate::routes::{keep_language, use_router};
use crate::t;

#[component]
pub fn LocalePicker() -> impl IntoView {
    let i18n = use_i18n();
    (Locale::ALL.len() > 1).then(|| {
        let router = use_router();
        let change = move |ev: leptos::ev::Event| {
            if let Some(locale) = Locale::from_tag(&event_target_value(&ev)) {
                keep_language(Some(locale.tag()));
                router.rewrite_address();
                i18n.choose(locale, true);
            }
        };
        let current = i18n.locale.get_untracked();
        let status = move || match (i18n.loading.get(), i18n.failed.get()) {
            (Some(_), _) => t!(language_loading),
            (None, Some(_)) => t!(language_failed),
            (None, None) => "",
        };
        view! {
            <div class="gk-locale">
                <label for="gk-locale">{t!(language)}</label>
                <select id="gk-locale" class="gk-select" on:change=change>
                    {Locale::ALL
                        .iter()
                        .map(|&l| view! {
                            <option value=l.tag() selected=l == current lang=l.tag()>
                                {l.own_name()}
                            </option>
                        })
                        .map(IntoAny::into_any).collect_view()}
                </select>
                <span class="gk-locale__status" role="status">{status}</span>
            </div>
        }
        .into_any()
    })
}
