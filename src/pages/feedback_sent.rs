//! /feedback/sent: the confirmation with the tracking code.

use leptos::prelude::*;

#[component]
pub fn FeedbackSentPage() -> impl IntoView {
    view! { <div class="gk-page"></div> }
}
