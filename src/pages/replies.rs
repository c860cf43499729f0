//! /org/:id/replies: an organisation's public replies (反馈公开).

use leptos::prelude::*;

#[component]
pub fn RepliesPage() -> impl IntoView {
    view! { <div class="gk-page"></div> }
}
