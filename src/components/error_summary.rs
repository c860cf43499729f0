//! Form errors in the GOV.UK manner: a summary at the top that takes the
//! focus and links to each field, and the same sentence beside the field.

use leptos::either::Either;
use leptos::html::Div;
use leptos::prelude::*;

use crate::hooks::aria_level_attr;
use crate::hooks::focus_by_id;
use crate::t;

/// An error shown in a form: the id of the field it belongs to (empty for
/// the form as a whole) and the sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShownError {
    pub field: String,
    pub message: String,
}

/// The message for the field `id`, if it has one.
pub fn message_for(errors: &[ShownError], id: &str) -> Option<String> {
    errors
        .iter()
        .find(|e| e.field == id)
        .map(|e| e.message.clone())
}

/// Shown when `errors` is not empty; takes the focus each time `attempt`
/// changes (every refused submission), so it is read out first.
#[component]
pub fn ErrorSummary(
    #[prop(into)] errors: Signal<Vec<ShownError>>,
    #[prop(into)] attempt: Signal<u32>,
    /// The summary's heading; a form that does not submit anything (the
    /// look-up) says so in its own words.
    #[prop(optional)]
    title: Option<&'static str>,
) -> impl IntoView {
    let node = NodeRef::<Div>::new();
    Effect::new(move |_| {
        attempt.track();
        let any = errors.with_untracked(|e| !e.is_empty());
        if let (true, Some(summary)) = (any, node.get_untracked()) {
            let _ = summary.focus();
        }
    });
    // The page's title says so too, as the first thing a screen reader
    // reads of a reloaded or revisited page.
    Effect::new(move |_| {
        let any = errors.with(|e| !e.is_empty());
        mark_title(any);
    });
    on_cleanup(|| mark_title(false));
    view! {
        <div
            class="gk-error-summary"
            node_ref=node
            tabindex="-1"
            role="alert"
            aria-labelledby="gk-error-summary-title"
            hidden=move || errors.with(Vec::is_empty)
        >
            <h2 {..aria_level_attr(2)} class="gk-error-summary__title" id="gk-error-summary-title">{title.unwrap_or(t!(form_error_summary))}</h2>
            <ul class="gk-error-summary__list">
                // A plain list, not a keyed `For`: a handful of lines, redrawn
                // on each check, for a fraction of the code.
                {move || errors.get().into_iter().map(summary_line).map(IntoAny::into_any).collect_view()}
            </ul>
        </div>
    }
}

/// One line of the summary: a link that moves the focus to the field, or
/// the sentence alone for the form as a whole.
fn summary_line(error: ShownError) -> impl IntoView {
    let ShownError { field, message } = error;
    if field.is_empty() {
        return Either::Left(view! { <li>{message}</li> });
    }
    let href = format!("#{field}");
    let follow = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        focus_by_id(&field);
    };
    Either::Right(view! { <li><a href=href on:click=follow>{message}</a></li> })
}

/// The sentence beside a field, with "错误：" for screen readers.
#[component]
pub fn FieldMessage(
    #[prop(into)] errors: Signal<Vec<ShownError>>,
    field: &'static str,
) -> impl IntoView {
    move || {
        errors.with(|e| message_for(e, field)).map(|message| {
            view! {
                <p class="gk-field__error" id=format!("{field}-error")>
                    <span class="gk-visually-hidden">{t!(form_error_prefix)}</span>
                    {message}
                </p>
            }
            .into_any()
        })
    }
}

/// Whether the field `field` has an error (tracked), e.g. for
/// `class:gk-field--error`. Every field shares this one closure type, so its
/// reactive code is compiled once.
pub fn has_error(
    errors: Signal<Vec<ShownError>>,
    field: &'static str,
) -> impl Fn() -> bool + Copy + Send + Sync + 'static {
    move || errors.with(|e| e.iter().any(|e| e.field == field))
}

/// `aria-invalid` for a field.
pub fn aria_invalid(
    errors: Signal<Vec<ShownError>>,
    field: &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let invalid = has_error(errors, field);
    move || if invalid() { "true" } else { "false" }
}

/// `aria-describedby` for a field: its hint, then its error when it has one.
pub fn described_by(
    errors: Signal<Vec<ShownError>>,
    field: &'static str,
    hints: &'static str,
) -> impl Fn() -> String + Send + Sync + 'static {
    let has_error = has_error(errors, field);
    move || match (has_error(), hints.is_empty()) {
        (true, true) => format!("{field}-error"),
        (true, false) => format!("{hints} {field}-error"),
        (false, _) => hints.to_owned(),
    }
}

/// Puts "错误：" in front of the document's title, or takes it away.
fn mark_title(errors: bool) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let prefix = t!(form_error_prefix);
    let title = document.title();
    let bare = title.strip_prefix(prefix).unwrap_or(&title);
    let wanted = if errors {
        format!("{prefix}{bare}")
    } else {
        bare.to_owned()
    };
    if wanted != title {
        document.set_title(&wanted);
    }
}
