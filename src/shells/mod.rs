//! Shells: layouts over the same pages and data. `web` is the site for
//! phones and portals (skip link, header, main, footer); a second layout
//! (the service hall's kiosk) can wrap the same pages by calling [`start`]
//! with its own layout and placing [`PageRoutes`] inside it.
//!
//! [`App`], which `main.rs` mounts, picks the web shell.
//!
//! Layer: the top one; shells may use every layer below.

#[cfg(feature = "kiosk")]
pub mod kiosk;
pub mod web;

use std::marker::PhantomData;
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
    start::<web::Web>()
}

/// What differs between shells at start-up, as constants, so each shell's
/// bundle is compiled with its own and carries nothing of the others'.
/// Every shell's page has the app's `<base href>`, so `config.json` and the
/// data are found the same way.
pub trait Shell: 'static {
    /// The shell's service worker, relative to the base (its folder is the
    /// worker's scope): `"sw.js"`, `"kiosk/sw.js"`.
    const SERVICE_WORKER: &'static str;
    /// Where the shell's pages are, under the base: `""` (the web shell's at
    /// the base itself), `"/kiosk"`.
    const ROUTE_PREFIX: &'static str;
    /// The layout, rendered inside the router.
    fn layout() -> AnyView;
}

/// Start-up every shell shares: the service worker, the locale, the clock
/// and focus contexts,
/// `config.json` (loading and boot error states), then the backend, the
/// outbox and the shared data, and the router at the app's base path, with
/// the shell's layout inside it, which re-renders when the locale changes.
pub fn start<S: Shell>() -> impl IntoView {
    // The offline app shell, for every shell: a kiosk most of all.
    use_service_worker(S::SERVICE_WORKER);
    let i18n = provide_i18n();
    provide_clock();
    provide_first_page();
    let config = LocalResource::new(api::config);
    let lang = move || i18n.locale.get().tag();

    view! {
        <div class="gk" lang=lang>
            {move || match config.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Ok(config)) => view! { <Configured<S> config=Arc::clone(&config.data) shell=PhantomData/> }.into_any(),
                Some(Err(error)) => {
                    view! { <BootError error=error on_retry=move || config.refetch()/> }.into_any()
                }
            }}
        </div>
    }
}

/// Once the configuration is known: the backend, the shared data, the router.
#[component]
fn Configured<S: Shell>(config: Arc<AppConfig>, shell: PhantomData<S>) -> impl IntoView {
    let _ = shell;
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
    let mut base = api::app_base_path();
    if !S::ROUTE_PREFIX.is_empty() {
        base.push_str(S::ROUTE_PREFIX);
    }
    routes::set_base_path(&base);

    view! {
        <Router base=base>
            {move || {
                i18n.locale.track();
                S::layout()
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
