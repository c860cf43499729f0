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
    /// Under the label; it may change with 长辈模式 (`te!`).
    #[prop(optional, into)]
    hint: Option<Signal<&'static str>>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="gk-field" class:gk-field--error=has_error(errors, field)>
            <label class="gk-field__label" for=field>{label}</label>
            {hint.map(|h| view! { <p class="gk-field__hint" id=format!("{field}-hint")>{h}</p> }.into_any())}
            <FieldMessage errors=errors field=field/>
            {children()}
        </div>
    }
}
