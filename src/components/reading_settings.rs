//! 长辈模式 and the text steps, in the header of every page: a switch
//! (`role="switch"`, its effect said by a hint it is described by) and a
//! group of three buttons (A / A+ / A++, each pressed or not, each with
//! its name in words for a screen reader), then whatever the shell adds
//! (the language picker).
//!
//! On a narrow screen the steps and the rest go behind one disclosure
//! button (字号和语言, `aria-expanded`), so that the header stays two
//! short rows, the switch always in sight; where there is room they are
//! all in one row and the button is not drawn (style/layout.css).

use leptos::prelude::*;

use crate::domain::reading::TextStep;
use crate::hooks::use_reading;
use crate::i18n::Locale;
use crate::t;

const HINT_ID: &str = "gk-elder-hint";
const MORE_ID: &str = "gk-reading-more";

#[component]
pub fn ReadingSettings(
    /// Drawn after the text steps, in the same disclosure.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let reading = use_reading();
    let open = RwSignal::new(false);
    let steps = TextStep::ALL
        .into_iter()
        .map(|step| {
            let pressed = move || {
                if reading.text() == step {
                    "true"
                } else {
                    "false"
                }
            };
            view! {
                <button type="button" class="gk-reading__step" data-step=step.attr()
                    aria-pressed=pressed on:click=move |_| reading.set_text(step)>
                    // Latin letters and signs: "A++" in a right-to-left page too.
                    <span aria-hidden="true" dir="ltr">{step.glyph()}</span>
                    <span class="gk-visually-hidden">{text_step_name(step)}</span>
                </button>
            }
        })
        .collect_view();
    let more_label = if Locale::ALL.len() > 1 {
        t!(text_and_language)
    } else {
        t!(text_size)
    };
    view! {
        <div class="gk-reading">
            <button type="button" role="switch" class="gk-reading__elder"
                aria-checked=move || if reading.elder() { "true" } else { "false" }
                aria-describedby=HINT_ID on:click=move |_| reading.toggle_elder()>
                <span class="gk-reading__track" aria-hidden="true"><span class="gk-reading__thumb"></span></span>
                {t!(elder_mode)}
            </button>
            <span id=HINT_ID class="gk-visually-hidden">{t!(elder_mode_hint)}</span>
            <button type="button" class="gk-reading__toggle" aria-controls=MORE_ID
                aria-expanded=move || if open.get() { "true" } else { "false" }
                on:click=move |_| open.update(|o| *o = !*o)>
                {more_label}
                <span class="gk-reading__chevron" aria-hidden="true"></span>
            </button>
            <div id=MORE_ID class="gk-reading__more" data-open=move || open.get().then_some("")>
                <div class="gk-reading__steps" role="group" aria-label=t!(text_size)>{steps}</div>
                {children.map(|children| children())}
            </div>
        </div>
    }
}

/// 标准字号 / 大字号 / 特大字号.
pub fn text_step_name(step: TextStep) -> &'static str {
    match step {
        TextStep::Normal => t!(text_size_normal),
        TextStep::Large => t!(text_size_large),
        TextStep::Larger => t!(text_size_larger),
    }
}
