//! Shells: layouts over the same pages and data. `web` is the site for
//! phones and portals (skip link, header, main, footer); a second layout
//! (the service hall's kiosk) can wrap the same pages by calling [`start`]
//! with its own layout and placing [`PageRoutes`] inside it.
//!
//! [`App`], which `main.rs` mounts, picks the web shell.
//!
//! Layer: the top one; shells may use every layer below.

pub mod embed;
#[cfg(feature = "kiosk")]
pub mod kiosk;
pub mod lazy;
pub mod web;

use std::marker::PhantomData;
use std::sync::Arc;

use leptos::prelude::*;

use crate::api::{self, Api, AppConfig};
use crate::components::lazy_page::LazyPage;
use crate::components::load_state::{BootError, Loading};
use crate::domain::language::LanguageSources;
use crate::hooks::I18n;
use crate::hooks::{
    provide_api, provide_clock, provide_config, provide_first_page, provide_i18n, provide_outbox,
    provide_reading, use_i18n, use_service_worker, use_theme, SharedData,
};
use crate::i18n::Locale;
use crate::pages::{board::BoardPage, home::HomePage, not_found::NotFound};
use crate::routes::{self, Page};

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
    /// Whether the shell's screen serves many people (the kiosk): then the
    /// reader's choices (长辈模式, text step) are not kept on the device.
    const SHARED_DEVICE: bool = false;
    /// What the shell shows once `config.json` is known and the backend,
    /// the outbox and the configuration are provided: the shared data
    /// ([`crate::hooks::provide_shared`]), the language the site asks for
    /// ([`adopt_site_language`]) and a router at `base` with the shell's
    /// layout inside.
    fn configured(base: String) -> AnyView;
}

/// Start-up every shell shares: the service worker, the locale, the clock
/// and focus contexts, `config.json` (loading and boot error states), then
/// the backend and the outbox, and the shell's own part
/// ([`Shell::configured`]) at the app's base path.
pub fn start<S: Shell>() -> impl IntoView {
    // The offline app shell, for every shell: a kiosk most of all.
    if !S::SERVICE_WORKER.is_empty() {
        use_service_worker(S::SERVICE_WORKER);
    }
    // The kiosk (a shared device) loads its own sentences with a language,
    // and keeps no reader's choice.
    let i18n = provide_i18n(S::SHARED_DEVICE, !S::SHARED_DEVICE);
    let reading = provide_reading(!S::SHARED_DEVICE);
    // An element's attributes over config.json (`embed`).
    let element = embed::use_embed_options();
    match element.as_ref().and_then(|e| e.locale()) {
        Some(locale) => i18n.choose(locale, false),
        None => early_language(i18n),
    }
    provide_clock();
    provide_first_page();
    let config = LocalResource::new({
        let element = element.clone();
        move || {
            let element = element.clone();
            async move {
                let loaded = api::config().await;
                match element {
                    Some(element) => element.config(loaded),
                    None => loaded,
                }
            }
        }
    });
    let lang = move || i18n.locale.get().tag();
    // The language's direction, from its own sentences (a right-to-left
    // language's file says "rtl").
    let dir = move || {
        i18n.locale.track();
        crate::t!(locale_dir)
    };
    let theme = use_theme();
    provide_context(AppRoot(theme.root));
    let embedded = element.is_some();
    Effect::new(move |_| {
        if let Some(Ok(config)) = config.get() {
            match &element {
                Some(e) => theme.configure_with(&config.data, e.theme.as_deref(), &e.colors),
                None => theme.configure(&config.data),
            }
        }
    });

    view! {
        <div class="gk" class:gk--embedded=embedded part="app" lang=lang dir=dir
            data-gk-theme=move || theme.name()
            data-gk-elder=move || reading.elder().then_some("")
            data-gk-text=move || reading.text().attr()
            node_ref=theme.root>
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

/// Once the configuration is known: the backend, the outbox, then the
/// shell's shared data and router.
#[component]
fn Configured<S: Shell>(config: Arc<AppConfig>, shell: PhantomData<S>) -> impl IntoView {
    let _ = shell;
    let api = Api::new(&config);
    provide_api(api.clone());
    provide_outbox(api);
    provide_config(Arc::clone(&config));
    let mut base = api::app_base_path();
    if !S::ROUTE_PREFIX.is_empty() {
        base.push_str(S::ROUTE_PREFIX);
    }
    routes::set_base_path(&base);
    S::configured(base)
}

/// The app's root element (`.gk`), whose links the router follows
/// ([`routes::Router`]'s `root`).
#[derive(Clone, Copy)]
pub struct AppRoot(pub NodeRef<leptos::html::Div>);

/// The app's root ([`AppRoot`]), from [`start`].
pub fn app_root() -> NodeRef<leptos::html::Div> {
    expect_context::<AppRoot>().0
}

/// The language the address (`?lang=`) or the reader's kept choice names,
/// chosen at once; the address keeps it from then on, so a link shared
/// opens in it. Without either, [`adopt_site_language`] decides.
fn early_language(i18n: I18n) {
    let query = routes::language_in_address();
    let saved = i18n.saved();
    let sources = LanguageSources {
        query: query.as_deref(),
        saved: saved.as_deref(),
        ..LanguageSources::default()
    };
    if let Some(locale) = Locale::negotiate(&sources) {
        routes::keep_language(Some(locale.tag()));
        i18n.choose(locale, false);
    }
}

/// Once the site has loaded, where neither the address nor the reader has
/// named a language: the site's declared `languages`, then the browser's
/// (`navigator.languages`), else the default (`domain::language`).
pub fn adopt_site_language(shared: SharedData) {
    let i18n = use_i18n();
    if routes::kept_language().is_some() {
        return;
    }
    Effect::new(move |_| {
        if let Some(Ok(site)) = shared.site.get() {
            let browser: Vec<String> = web_sys::window()
                .map(|w| {
                    w.navigator()
                        .languages()
                        .iter()
                        .filter_map(|v| v.as_string())
                        .collect()
                })
                .unwrap_or_default();
            let sources = LanguageSources {
                site: &site.data.languages,
                browser: &browser,
                ..LanguageSources::default()
            };
            if let Some(locale) = Locale::negotiate(&sources) {
                if locale != i18n.locale.get_untracked() {
                    i18n.choose(locale, false);
                }
            }
        }
    });
}

/// The route table: every page, at the path `routes` gives it. Shells place
/// it where their layout shows a page.
#[component]
pub fn PageRoutes() -> impl IntoView {
    let page = routes::use_page();
    move || match page.get() {
        Page::Home => view! { <HomePage/> }.into_any(),
        Page::Board => view! { <BoardPage/> }.into_any(),
        Page::Replies => view! { <LazyPage load=lazy::replies/> }.into_any(),
        Page::Item => view! { <LazyPage load=lazy::item/> }.into_any(),
        Page::Feedback => view! { <LazyPage load=lazy::feedback/> }.into_any(),
        Page::FeedbackSent => view! { <LazyPage load=lazy::feedback_sent/> }.into_any(),
        Page::Lookup => view! { <LazyPage load=lazy::lookup/> }.into_any(),
        Page::NotFound => view! { <NotFound/> }.into_any(),
    }
}
