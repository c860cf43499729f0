//! Unknown route, organisation or item: the router's fallback and what a
//! page shows for a 404.

use leptos::prelude::*;

use crate::components::page_heading::PageHeading;
use crate::routes::home_href;
use crate::t;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <div class="gk-page gk-not-found">
            <PageHeading text=t!(not_found_title)/>
            <p>{t!(not_found_text)}</p>
            <p>
                <a href=home_href() class="gk-button gk-button--primary">{t!(back_home)}</a>
            </p>
        </div>
    }
}
