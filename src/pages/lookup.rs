//! /lookup: a submission's progress by its tracking code, and its rating.

use leptos::prelude::*;

#[component]
pub fn LookupPage() -> impl IntoView {
    view! { <div class="gk-page"></div> }
}
