//! Unknown route, organisation or item.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::page_heading::PageHeading;
use crate::t;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <div class="gk-page gk-not-found">
            <PageHeading text=t!(not_found_title)/>
            <p>{t!(not_found_text)}</p>
            <p>
                <A href="/" attr:class="gk-button gk-button--primary">{t!(back_home)}</A>
            </p>
        </div>
    }
}
