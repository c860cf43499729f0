//! The live count under a text field ("还可以输入 120 个字"), counted as the
//! backend counts. Screen readers hear it once typing pauses, not on every
//! key.

use std::time::Duration;

use leptos::prelude::*;

use crate::domain::draft::{char_count, CharCount};
use crate::t;

fn describe(count: CharCount) -> String {
    match count {
        CharCount::Remaining(n) => t!(count_remaining, n = n),
        CharCount::Over(n) => t!(count_over, n = n),
    }
}

#[component]
pub fn CharCountHint(
    /// The id other elements refer to in `aria-describedby`.
    id: &'static str,
    #[prop(into)] text: Signal<String>,
    max: usize,
) -> impl IntoView {
    // A plain closure, not a `Memo`: counting is cheap, and a memo of its
    // own type costs the bundle more than it saves the browser.
    let count = move || text.with(|t| char_count(t, max));
    let announced = RwSignal::new(String::new());
    // The latest keystroke's number: only its timer announces. Timers are
    // never cleared, since a cleared one-shot callback is never freed
    // (wasm-bindgen frees it when it runs): a leak per key.
    let latest = StoredValue::new(0u32);
    Effect::new(move |first: Option<()>| {
        let message = describe(count());
        if first.is_none() {
            return;
        }
        let n = latest.get_value().wrapping_add(1);
        latest.set_value(n);
        // (`_with_handle`, dropped: the one timer function the app links.)
        let _ = set_timeout_with_handle(
            move || {
                if latest.try_get_value() == Some(n) {
                    let _ = announced.try_set(message);
                }
            },
            Duration::from_millis(1000),
        );
    });
    view! {
        <p
            id=id
            class="gk-char-count"
            class:gk-char-count--over=move || matches!(count(), CharCount::Over(_))
            aria-hidden="true"
        >
            {move || describe(count())}
        </p>
        <p class="gk-visually-hidden" aria-live="polite">{move || announced.get()}</p>
    }
}
