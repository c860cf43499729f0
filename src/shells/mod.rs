//! Shells: layouts over the same pages and data. `web` is the site for
//! phones and portals (skip link, header, main, footer); a second layout
//! (the service hall's kiosk) can wrap the same pages by calling [`start`]
//! with its own layout and placing [`PageRoutes`] inside it.
//!
//! [`App`], which `main.rs` mounts, picks the web shell.
//!
//! Layer: the top one; shells may use every layer below.

pub mod kiosk;
pub mod web;

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};

use crate::api::{self, Api, AppConfig};
use crate::components::load_state::{BootError, Loading};
use crate::hooks::{
    provide_api, provide_clock, provide_config, provide_first_page, provide_i18n, provide_outbox,
    provide_shared, use_i18n, use_service_worker,
};
use crate::i18n::Locale;
use crate::pages::{
    board::BoardPage, feedback::FeedbackPage, feedback_sent::FeedbackSentPage, home::HomePage,
    item::ItemPage, lookup::LookupPage, not_found::NotFound, replies::RepliesPage,
};
use crate::routes;

/// The app: the web shell.
#[component]
pub fn App() -> impl IntoView {
    start(web::layout)
}

/// Start-up every shell shares: the service worker, the locale, the clock
/// and focus contexts,
/// `config.json` (loading and boot error states), then the backend, the
/// outbox and the shared data, and the router at the app's base path, with
/// `layout` inside it. `layout` re-renders when the locale changes.
pub fn start(layout: fn() -> AnyView) -> impl IntoView {
    // The offline app shell, for every shell: a kiosk most of all.
    use_service_worker();
    let i18n = provide_i18n();
    provide_clock();
    provide_first_page();
    let config = LocalResource::new(api::config);
    let lang = move || i18n.locale.get().tag();

    view! {
        <div class="gk" lang=lang>
            {move || match config.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Ok(config)) => view! { <Configured config=Arc::clone(&config.data) layout=layout/> }.into_any(),
                Some(Err(error)) => {
                    view! { <BootError error=error on_retry=move || config.refetch()/> }.into_any()
                }
            }}
        </div>
    }
}

/// Once the configuration is known: the backend, the shared data, the router.
#[component]
fn Configured(config: Arc<AppConfig>, layout: fn() -> AnyView) -> impl IntoView {
    let api = Api::new(&config);
    provide_api(api.clone());
    provide_outbox(api.clone());
    provide_config(Arc::clone(&config));
    let shared = provide_shared(&api, crate::hooks::use_clock());
    let i18n = use_i18n();
    // Adopt the site's first language if a translation exists.
    Effect::new(move |_| {
        if let Some(Ok(site)) = shared.site.get() {
            if let Some(locale) = site
                .data
                .languages
                .first()
                .and_then(|t| Locale::from_tag(t))
            {
                if locale != i18n.locale.get_untracked() {
                    i18n.set(locale);
                }
            }
        }
    });
    let base = api::app_base_path();
    routes::set_base_path(&base);

    view! {
        <Router base=base>
            {move || {
                i18n.locale.track();
                layout()
            }}
        </Router>
    }
}

/// The route table: every page, at the path `routes` gives it. Shells place
/// it where their layout shows a page.
#[component]
pub fn PageRoutes() -> impl IntoView {
    view! {
        <Routes fallback=|| view! { <NotFound/> }>
            <Route path=routes::HOME view=HomePage/>
            <Route path=routes::BOARD view=BoardPage/>
            <Route path=routes::REPLIES view=RepliesPage/>
            <Route path=routes::ITEM view=ItemPage/>
            <Route path=routes::FEEDBACK view=FeedbackPage/>
            <Route path=routes::FEEDBACK_SENT view=FeedbackSentPage/>
            <Route path=routes::LOOKUP view=LookupPage/>
        </Routes>
    }
}
