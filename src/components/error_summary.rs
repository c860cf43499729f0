//! Form errors in the GOV.UK manner: a summary at the top that takes the
//! focus and links to each field, and the same sentence beside the field.

use leptos::html::Div;
use leptos::prelude::*;

use crate::app::focus_by_id;
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
) -> impl IntoView {
    let node = NodeRef::<Div>::new();
    Effect::new(move |_| {
        attempt.track();
        let any = errors.with_untracked(|e| !e.is_empty());
        if let (true, Some(summary)) = (any, node.get_untracked()) {
            let _ = summary.focus();
        }
    });
    view! {
        <div
            class="gk-error-summary"
            node_ref=node
            tabindex="-1"
            role="alert"
            aria-labelledby="gk-error-summary-title"
            hidden=move || errors.with(Vec::is_empty)
        >
            <h2 class="gk-error-summary__title" id="gk-error-summary-title">{t!(form_error_summary)}</h2>
            <ul class="gk-error-summary__list">
                <For
                    each=move || errors.get()
                    key=|e| (e.field.clone(), e.message.clone())
                    children=|e| {
                        let ShownError { field, message } = e;
                        if field.is_empty() {
                            view! { <li>{message}</li> }.into_any()
                        } else {
                            let target = field.clone();
                            let follow = move |ev: leptos::ev::MouseEvent| {
                                ev.prevent_default();
                                focus_by_id(&target);
                            };
                            view! { <li><a href=format!("#{field}") on:click=follow>{message}</a></li> }
                                .into_any()
                        }
                    }
                />
            </ul>
        </div>
    }
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
        })
    }
}

/// `aria-describedby` for a field: its hint, then its error when it has one.
pub fn described_by(
    errors: Signal<Vec<ShownError>>,
    field: &'static str,
    hints: &'static str,
) -> impl Fn() -> String + Send + Sync + 'static {
    move || {
        let has_error = errors.with(|e| e.iter().any(|e| e.field == field));
        match (has_error, hints.is_empty()) {
            (true, true) => format!("{field}-error"),
            (true, false) => format!("{hints} {field}-error"),
            (false, _) => hints.to_owned(),
        }
    }
}
