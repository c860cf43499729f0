//! A form field in the GOV.UK manner: the label, a hint under it, the error
//! in words when there is one, then the control (given as children, which
//! point at `{field}-hint` and `{field}-error` with `aria-describedby`; see
//! [`described_by`](crate::components::error_summary::described_by)).

use leptos::prelude::*;

use crate::components::error_summary::{has_error, FieldMessage, ShownError};

#[component]
pub fn FormField(
    #[prop(into)] errors: Signal<Vec<ShownError>>,
    /// The control's id.
    field: &'static str,
    label: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="gk-field" class:gk-field--error=has_error(errors, field)>
            <label class="gk-field__label" for=field>{label}</label>
            {hint.map(|h| view! { <p class="gk-field__hint" id=format!("{field}-hint")>{h}</p> })}
            <FieldMessage errors=errors field=field/>
            {children()}
        </div>
    }
}

/// A checkbox with its label and, when given, a hint under it
/// (`{id}-hint`, which the box points at). One component for every box, so
/// that its markup is compiled once.
#[component]
pub fn Checkbox(
    id: &'static str,
    /// The wrapper's classes, `gk-checkbox` among them.
    class: &'static str,
    label: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] name: Option<&'static str>,
    #[prop(into)] checked: Signal<bool>,
    on_change: Callback<bool>,
) -> impl IntoView {
    let hint_id = hint.map(|_| format!("{id}-hint"));
    view! {
        <div class=class>
            <input
                type="checkbox"
                id=id
                name=name
                class="gk-checkbox__input"
                aria-describedby=hint_id.clone()
                prop:checked=checked
                on:change=move |ev| on_change.run(event_target_checked(&ev))
            />
            <label class="gk-checkbox__label" for=id>{label}</label>
            {hint.map(|h| view! { <p class="gk-radio__hint" id=hint_id>{h}</p> })}
        </div>
    }
}
