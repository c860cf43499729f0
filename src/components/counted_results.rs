//! A filtered list under its count ("共 N 条"), which screen readers hear
//! when a filter changes it. The boards and the public replies share it.

use leptos::prelude::*;

use crate::t;

#[component]
pub fn CountedResults(#[prop(into)] count: Signal<usize>, children: Children) -> impl IntoView {
    view! {
        <div class="gk-results">
            <p class="gk-count" role="status" aria-live="polite">
                {move || t!(result_count, n = count.get())}
            </p>
            {children()}
        </div>
    }
}
