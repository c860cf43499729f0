//! /feedback: the feedback form (意见箱).

use leptos::prelude::*;

#[component]
pub fn FeedbackPage() -> impl IntoView {
    view! { <div class="gk-page"></div> }
}
