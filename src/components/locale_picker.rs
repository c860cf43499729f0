//! The language picker, shown only when there is more than one translation
//! in `locales/`.

use leptos::prelude::*;

use crate::hooks::use_i18n;
use crate::i18n::{lookup, Key, Locale};
use crate::t;

#[component]
pub fn LocalePicker() -> impl IntoView {
    let i18n = use_i18n();
    (Locale::ALL.len() > 1).then(|| {
        let change = move |ev: leptos::ev::Event| {
            if let Some(locale) = Locale::from_tag(&event_target_value(&ev)) {
                i18n.set(locale);
            }
        };
        let current = i18n.locale.get_untracked();
        view! {
            <div class="gk-locale">
                <label for="gk-locale">{t!(language)}</label>
                <select id="gk-locale" class="gk-select" on:change=change>
                    {Locale::ALL
                        .iter()
                        .map(|&l| view! {
                            <option value=l.tag() selected=l == current lang=l.tag()>
                                {lookup(l, Key::locale_name)}
                            </option>
                        })
                        .map(IntoAny::into_any).collect_view()}
                </select>
            </div>
        }
        .into_any()
    })
}
