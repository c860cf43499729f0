//! The app as an element in a host's page: `<gongkai-board>`, which
//! `gongkai-embed.js` defines (scripts/post-build.mjs writes it) and mounts
//! into its Shadow DOM through [`mount`]. The web shell's layout and pages,
//! with the element's attributes for `config.json`'s backend and theme, the
//! address in the fragment or in memory (never the host's path), and the
//! host's title left alone.
//!
//! Attributes: `api-base` (the backend, against the host page's URL),
//! `org` (the board to open), `route` (a page to open: `/lookup`), `lang`,
//! `theme` and `colors` (checked as `config.json`'s are), `no-chrome` (no
//! header or footer), `heading-level` (the level of its page headings, 2
//! unless set), `routing` (`hash`, the default for the page's first
//! element, or `memory`).

use std::cell::Cell;

use leptos::prelude::*;

use crate::api::{self, ApiResult, AppConfig, Loaded};
use crate::hooks::{provide_shared, use_api, use_clock, use_i18n, HeadingShift, InHostPage};
use crate::i18n::Locale;
use crate::routes::{org_path, Router, Routing};

use super::{app_root, web::Layout};

/// The element's attributes, as the app reads them at its start.
#[derive(Clone, Debug, Default)]
pub struct EmbedOptions {
    /// `api-base`, absolute.
    pub api_base: Option<String>,
    /// Where the element starts when its address is not in the fragment:
    /// `route`, else `org`'s board, else the home page.
    pub start: Option<String>,
    pub routing: Routing,
    pub lang: Option<String>,
    pub theme: Option<String>,
    pub colors: String,
    /// The header and footer (`no-chrome` drops them).
    pub chrome: bool,
    /// In the iframe mode's page (`frame`): links that leave the app open
    /// in the portal's window, not inside the frame.
    pub in_frame: bool,
    /// The level of the app's page headings (`heading-level`, 1–6): 2 by
    /// default, under the portal's own `<h1>`.
    pub heading_level: u8,
}

thread_local! {
    /// Whether an element of this page keeps its address in the fragment.
    static HASH_TAKEN: Cell<bool> = const { Cell::new(false) };
}

impl EmbedOptions {
    /// The options of `host`'s attributes; relative URLs against the host
    /// page's. One element of a page keeps its address in the fragment
    /// (the first that does not ask for `memory`); any other keeps it in
    /// memory, so two boards never fight over it.
    pub fn from_element(host: &web_sys::Element) -> Self {
        let attr = |name: &str| {
            host.get_attribute(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let page = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.base_uri().ok().flatten())
            .unwrap_or_default();
        let api_base = attr("api-base").map(|b| {
            let b = if b.ends_with('/') { b } else { format!("{b}/") };
            api::resolve_url(&b, &page).unwrap_or(b)
        });
        let start = attr("route")
            .map(|r| {
                if r.starts_with('/') {
                    r
                } else {
                    format!("/{r}")
                }
            })
            .or_else(|| attr("org").map(|o| org_path(&o)));
        let wants_memory = attr("routing").as_deref() == Some("memory");
        let routing = if !wants_memory && !HASH_TAKEN.replace(true) {
            Routing::Hash
        } else {
            Routing::Memory
        };
        EmbedOptions {
            api_base,
            start,
            routing,
            lang: attr("lang"),
            theme: attr("theme"),
            colors: attr("colors").unwrap_or_default(),
            chrome: !host.has_attribute("no-chrome"),
            in_frame: host.has_attribute("frame"),
            heading_level: attr("heading-level")
                .and_then(|l| l.parse::<u8>().ok())
                .filter(|l| (1..=6).contains(l))
                .unwrap_or(2),
        }
    }

    /// `config.json` with the element's backend over it; without a
    /// `config.json` (a portal that copied only the element's files), the
    /// element's backend alone.
    pub fn config(&self, loaded: ApiResult<AppConfig>) -> ApiResult<AppConfig> {
        match (loaded, &self.api_base) {
            (Ok(mut loaded), Some(base)) => {
                let mut config = (*loaded.data).clone();
                config.api_base = base.clone();
                loaded.data = std::sync::Arc::new(config);
                Ok(loaded)
            }
            (Err(_), Some(base)) => Ok(Loaded::fresh(AppConfig {
                api_base: base.clone(),
                ..AppConfig::default()
            })),
            (loaded, None) => loaded,
        }
    }

    /// The element's language, if the app has it.
    pub fn locale(&self) -> Option<Locale> {
        self.lang.as_deref().and_then(Locale::from_tag)
    }
}

/// Mounts the app for `host` (a `<gongkai-board>`) into `mount` (a `<div>`
/// in its shadow root), with `assets` (absolute, ending in `/`: the folder
/// of `gongkai-embed.js`) as the app's base URL.
pub fn mount(host: web_sys::HtmlElement, mount: web_sys::HtmlElement, assets: &str) {
    api::set_app_base_url(assets);
    let options = EmbedOptions::from_element(&host);
    leptos::mount::mount_to(mount, move || {
        provide_context(HeadingShift(options.heading_level - 1));
        provide_context(options);
        provide_context(InHostPage);
        super::start::<Embedded>()
    })
    .forget();
}

/// The element's shell.
pub struct Embedded;

impl super::Shell for Embedded {
    /// None: a host's page is not the app's to keep offline.
    const SERVICE_WORKER: &'static str = "";
    const ROUTE_PREFIX: &'static str = "";
    fn configured(_base: String) -> AnyView {
        let options = expect_context::<EmbedOptions>();
        let shared = provide_shared(&use_api(), use_clock());
        if options.locale().is_none() {
            super::adopt_site_language(shared);
        }
        let i18n = use_i18n();
        let chrome = options.chrome;
        view! {
            <Router routing=options.routing root=app_root() start=options.start.clone().unwrap_or_default()>
                {move || {
                    i18n.locale.track();
                    view! { <Layout chrome=chrome/> }
                }}
            </Router>
        }
        .into_any()
    }
}

/// The element's options, where the app runs as one.
pub fn use_embed_options() -> Option<EmbedOptions> {
    use_context::<EmbedOptions>()
}
