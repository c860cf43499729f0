//! 读给我听: a button that reads a text aloud, and stops it (the same
//! button, its words changed), with what it is doing said in a status line.
//! Absent where the device has no voice for the text's language; it never
//! starts on its own.

use leptos::prelude::*;

use crate::hooks::use_speech;
use crate::t;

#[component]
pub fn ReadAloud(
    /// What to read: the whole of it, as it should be heard.
    text: String,
    /// Its language (`zh-Hans` …), for the voice.
    lang: &'static str,
) -> impl IntoView {
    let speech = use_speech(lang);
    let started = RwSignal::new(false);
    let text = StoredValue::new(text);
    let press = move |_| {
        if speech.speaking.get_untracked() {
            speech.stop();
        } else {
            started.set(true);
            text.with_value(|t| speech.speak(t));
        }
    };
    move || {
        speech.available.get().then(|| {
            let label = move || match speech.speaking.get() {
                true => t!(read_aloud_stop),
                false => t!(read_aloud),
            };
            let status = move || match (started.get(), speech.speaking.get()) {
                (false, _) => "",
                (true, true) => t!(read_aloud_reading),
                (true, false) => t!(read_aloud_stopped),
            };
            view! {
                <div class="gk-read-aloud">
                    <button type="button" class="gk-button gk-read-aloud__button"
                        class:gk-read-aloud__button--on=move || speech.speaking.get() on:click=press>
                        <span class="gk-read-aloud__icon" aria-hidden="true">{move || if speech.speaking.get() { "■" } else { "▶" }}</span>
                        {label}
                    </button>
                    <span class="gk-read-aloud__status" role="status">{status}</span>
                </div>
            }
        })
    }
}
