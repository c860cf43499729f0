//! The router's side of the URL scheme (browser only): where the app keeps
//! its address ([`Routing`]), the context pages read it from
//! ([`RouterCx`]), and hooks that read it as typed values.
//!
//! The app's own router, not `leptos_router`'s: that one reads and writes
//! the window's path only, and takes every same-origin link on the page
//! under its base. An app embedded in a portal's page must keep its address
//! in the fragment or in memory, and follow only its own links.

use std::time::Duration;

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::url::{app_path, AppUrl, Page};
use super::{board_path, set_base_path};
use crate::api::FeedbackKind;
use crate::domain::filters::Filters;
use crate::domain::replies::ReplyFilters;

/// Where the app keeps the page it shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Routing {
    /// The window's path under the base (`/gongkai/org/town`): the
    /// standalone site and the kiosk, which own their page.
    #[default]
    Path,
    /// The window's fragment (`#/org/town`), leaving the host's path, query
    /// and other fragments (`#top`) alone: an element in a portal's page,
    /// whose address can be shared and reloaded.
    Hash,
    /// Nowhere but the app: a second element on a page whose fragment the
    /// first one keeps.
    Memory,
}

/// How [`RouterCx::navigate`] goes to a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NavigateOptions {
    /// The path is under the base (`/org/x`), as every builder in
    /// `routes` but the `…_href`s writes it; `false` for an href.
    pub resolve: bool,
    /// Replaces the current history entry instead of adding one.
    pub replace: bool,
    /// Brings the top of the app into view.
    pub scroll: bool,
}

impl Default for NavigateOptions {
    fn default() -> Self {
        NavigateOptions {
            resolve: true,
            replace: false,
            scroll: true,
        }
    }
}

/// The app's address and the way to change it (context, from
/// [`Router`]).
#[derive(Clone, Copy)]
pub struct RouterCx {
    url: RwSignal<AppUrl>,
    routing: Routing,
    /// `""` or `/gongkai` for [`Routing::Path`]; `#` otherwise (links are
    /// `#/org/town`).
    base: StoredValue<String>,
    root: NodeRef<Div>,
}

impl RouterCx {
    /// Goes to `to` (a path under the base, or an href with
    /// `resolve: false`).
    pub fn navigate(&self, to: &str, options: NavigateOptions) {
        let rel = if options.resolve {
            to.to_owned()
        } else {
            let base = self.base.get_value();
            to.strip_prefix(base.as_str()).unwrap_or(to).to_owned()
        };
        let url = AppUrl::parse(&rel);
        self.write(&url, options.replace);
        if self.url.get_untracked() != url {
            self.url.set(url);
        }
        if options.scroll {
            self.scroll_to_top();
        }
    }

    /// The browser's address for `url`, by [`Routing`].
    fn write(&self, url: &AppUrl, replace: bool) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let Ok(history) = window.history() else {
            return;
        };
        let location = window.location();
        let full = super::with_language(url, super::kept_language().as_deref());
        let href = match self.routing {
            Routing::Memory => return,
            Routing::Path => format!("{}{}", self.base.get_value(), full),
            // Absolute: a host's <base href> must not move the page.
            Routing::Hash => format!(
                "{}{}#{}",
                location.pathname().unwrap_or_default(),
                location.search().unwrap_or_default(),
                full
            ),
        };
        let _ = if replace {
            history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href))
        } else {
            history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href))
        };
    }

    /// Writes the current address again (with the language now kept).
    pub fn rewrite_address(&self) {
        self.write(&self.url.get_untracked(), true);
    }

    fn scroll_to_top(&self) {
        match self.routing {
            Routing::Path => {
                if let Some(w) = web_sys::window() {
                    w.scroll_to_with_x_and_y(0.0, 0.0);
                }
            }
            // In a host's page: the app's top, if it is above the view.
            Routing::Hash | Routing::Memory => {
                if let Some(root) = self.root.get_untracked() {
                    if root.get_bounding_client_rect().top() < 0.0 {
                        root.scroll_into_view();
                    }
                }
            }
        }
    }

    /// The address the browser shows now, for [`Routing::Path`] and
    /// [`Routing::Hash`] (`None` when the fragment is not the app's: the
    /// host's `#top`).
    fn from_browser(routing: Routing, base: &str) -> Option<AppUrl> {
        let location = web_sys::window()?.location();
        match routing {
            Routing::Path => {
                let path = location.pathname().ok()?;
                let search = location.search().ok()?;
                let path = path.strip_prefix(base).unwrap_or(&path);
                let path = if path.is_empty() { "/" } else { path };
                Some(AppUrl::parse(&format!("{path}{search}")))
            }
            Routing::Hash => {
                let hash = location.hash().ok()?;
                hash.strip_prefix("#/")
                    .map(|rest| AppUrl::parse(&format!("/{rest}")))
            }
            Routing::Memory => None,
        }
    }

    /// Follows a click on one of the app's own links; the browser keeps
    /// every other (the host's, a file, a new tab, another site).
    fn on_click(&self, ev: &web_sys::MouseEvent) {
        if ev.default_prevented()
            || ev.button() != 0
            || ev.meta_key()
            || ev.alt_key()
            || ev.ctrl_key()
            || ev.shift_key()
        {
            return;
        }
        let Some(root) = self.root.get_untracked() else {
            return;
        };
        let path = ev.composed_path();
        let anchor = (0..path.length())
            .find_map(|i| path.get(i).dyn_into::<web_sys::HtmlAnchorElement>().ok());
        let Some(a) = anchor else {
            return;
        };
        if !root.contains(Some(&a)) || !a.target().is_empty() || a.has_attribute("download") {
            return;
        }
        let rel = a.get_attribute("rel").unwrap_or_default();
        if rel.split_ascii_whitespace().any(|r| r == "external") {
            return;
        }
        let to = match self.routing {
            Routing::Path => {
                let Ok(url) = web_sys::Url::new(&a.href()) else {
                    return;
                };
                let same_origin = web_sys::window()
                    .and_then(|w| w.location().origin().ok())
                    .is_some_and(|o| o == url.origin());
                let base = self.base.get_value();
                match app_path(&url.pathname(), &base) {
                    Some(path) if same_origin => format!("{path}{}", url.search()),
                    _ => return,
                }
            }
            Routing::Hash | Routing::Memory => {
                match a
                    .get_attribute("href")
                    .and_then(|h| h.strip_prefix("#/").map(str::to_owned))
                {
                    Some(rest) => format!("/{rest}"),
                    None => return,
                }
            }
        };
        ev.prevent_default();
        self.navigate(&to, NavigateOptions::default());
    }
}

/// Keeps the app's address by `routing` (`base`: the path the app is served
/// under, for [`Routing::Path`]), starting at `start` where the browser's
/// address says nothing (an element's `route`). Follows clicks on links
/// inside `root` only.
#[component]
pub fn Router(
    #[prop(optional)] routing: Routing,
    #[prop(optional, into)] base: String,
    #[prop(optional)] root: NodeRef<Div>,
    #[prop(optional, into)] start: Option<String>,
    children: Children,
) -> impl IntoView {
    let base = match routing {
        Routing::Path => base.trim_end_matches('/').to_owned(),
        Routing::Hash | Routing::Memory => "#".to_owned(),
    };
    set_base_path(&base);
    let start = AppUrl::parse(start.as_deref().unwrap_or("/"));
    let first = RouterCx::from_browser(routing, &base).unwrap_or_else(|| start.clone());
    let cx = RouterCx {
        url: RwSignal::new(first),
        routing,
        base: StoredValue::new(base),
        root,
    };
    provide_context(cx);
    // A language the reader chose before (kept on the device) goes into the
    // address at once, so a link copied from it opens in that language.
    if routing == Routing::Path
        && super::kept_language().is_some()
        && language_in_address() != super::kept_language()
    {
        cx.rewrite_address();
    }
    let click = window_event_listener(leptos::ev::click, move |ev| cx.on_click(&ev));
    // Back and forward. A fragment that is not the app's (the host's #top)
    // leaves the page as it is; no fragment at all is the element's start.
    let moved = move || {
        let now = match routing {
            Routing::Memory => return,
            Routing::Path => RouterCx::from_browser(routing, &cx.base.get_value()),
            Routing::Hash => {
                let hash = web_sys::window().and_then(|w| w.location().hash().ok());
                if hash
                    .as_deref()
                    .is_some_and(|h| h.len() > 1 && !h.starts_with("#/"))
                {
                    return;
                }
                Some(RouterCx::from_browser(routing, "#").unwrap_or_else(|| start.clone()))
            }
        };
        if let Some(url) = now {
            if cx.url.get_untracked() != url {
                cx.url.set(url);
            }
        }
    };
    let popstate = window_event_listener(leptos::ev::popstate, {
        let moved = moved.clone();
        move |_| moved()
    });
    let hashchange = window_event_listener(leptos::ev::hashchange, move |_| moved());
    on_cleanup(move || {
        click.remove();
        popstate.remove();
        hashchange.remove();
    });
    children()
}

/// The router's context.
pub fn use_router() -> RouterCx {
    expect_context::<RouterCx>()
}

/// `navigate(path, options)`: [`RouterCx::navigate`].
pub fn use_navigate() -> impl Fn(&str, NavigateOptions) + Clone + 'static {
    let cx = use_router();
    move |to: &str, options: NavigateOptions| cx.navigate(to, options)
}

/// The address as links write it: the path with the base (`/gongkai/org/x`,
/// `#/org/x`) and the query.
#[derive(Clone, Copy)]
pub struct Location {
    pub pathname: Memo<String>,
    pub search: Memo<String>,
}

/// The current [`Location`].
pub fn use_location() -> Location {
    let cx = use_router();
    let base = cx.base.get_value();
    Location {
        pathname: Memo::new(move |_| cx.url.with(|u| format!("{base}{}", u.path))),
        search: Memo::new(move |_| cx.url.with(|u| u.search.clone())),
    }
}

/// The page shown, on the standalone site whose folder is `site` (absolute,
/// ending in `/`): an element's link to the full site.
pub fn use_full_site_href(site: String) -> Memo<String> {
    let cx = use_router();
    let site = site.trim_end_matches('/').to_owned();
    Memo::new(move |_| cx.url.with(|u| format!("{site}{}", u.full())))
}

/// The page the address shows; changes only when the page does (not with
/// its `:id` or query).
pub fn use_page() -> Memo<Page> {
    let cx = use_router();
    Memo::new(move |_| cx.url.with(|u| u.page().0))
}

/// The `:id` of the current route (an organisation or an item), `""` when
/// there is none.
pub fn use_id_param() -> Memo<String> {
    let cx = use_router();
    Memo::new(move |_| cx.url.with(|u| u.page().1))
}

/// One value of the query, decoded (tracked).
fn query_value(cx: RouterCx, key: &str) -> Option<String> {
    cx.url.with(|u| u.query(key))
}

/// The board's filters, read from the URL query.
pub fn use_board_query() -> Memo<Filters> {
    let cx = use_router();
    Memo::new(move |_| Filters::from_query(|k: &str| query_value(cx, k)))
}

/// How long typing must pause before the URL takes up the search typed: a
/// keystroke changes the list at once, and the address (`replaceState`,
/// some milliseconds in Chromium) only when the words settle.
pub const TYPED_URL_DELAY: Duration = Duration::from_millis(400);

/// A board's filters and the way to change them ([`use_board_filters`]).
#[derive(Clone, Copy)]
pub struct BoardFilters {
    /// The filters the list shows: the URL's, or the search being typed
    /// until the URL has it.
    pub filters: Memo<Filters>,
    /// New filters, from the first page: `(filters, typing)`. A choice
    /// (a select, 清除筛选) is a new history entry at once; typing replaces
    /// the entry once it pauses ([`TYPED_URL_DELAY`]).
    pub change: Callback<(Filters, bool)>,
    /// Puts the search being typed in the URL now (the search box lost the
    /// focus, Enter): a link followed next leaves a history entry with it.
    pub settle: Callback<()>,
}

/// The board `id`'s filters ([`BoardFilters`]). Any change of the URL
/// (back, forward, a link) drops the search being typed for what the URL
/// says.
pub fn use_board_filters(id: Memo<String>) -> BoardFilters {
    let url = use_board_query();
    let typed = RwSignal::new(None::<Filters>);
    let filters = Memo::new(move |_| typed.get().unwrap_or_else(|| url.get()));
    let timer = StoredValue::new(None::<TimeoutHandle>);
    // The filters the last settled search wrote to the URL.
    let written = StoredValue::new(None::<Filters>);
    let cancel = move || {
        if let Some(t) = timer.try_update_value(Option::take).flatten() {
            t.clear();
        }
    };
    let navigate = use_navigate();
    let write = move |f: &Filters, replace: bool| {
        navigate(
            &board_path(&id.get_untracked(), f),
            NavigateOptions {
                replace,
                scroll: false,
                ..Default::default()
            },
        );
    };
    Effect::new(move |_| {
        let now = url.get();
        let ours = written.try_update_value(Option::take).flatten().as_ref() == Some(&now);
        if !ours {
            // The URL went elsewhere: it says what the list shows.
            cancel();
            typed.set(None);
        } else if typed.with_untracked(|t| t.as_ref() == Some(&now)) {
            // It caught up with what was typed (not with what came since).
            typed.set(None);
        }
    });
    let settle = Callback::new({
        let write = write.clone();
        move |()| {
            cancel();
            let Some(f) = typed.get_untracked() else {
                return;
            };
            if url.with_untracked(|u| *u == f) {
                // Typed back to what the URL says: nothing to write, and no
                // change of URL would come to clear `typed`.
                typed.set(None);
                return;
            }
            written.set_value(Some(f.clone()));
            write(&f, true);
        }
    });
    let change = Callback::new(move |(f, typing): (Filters, bool)| {
        let f = f.first_page();
        cancel();
        if !typing {
            typed.set(None);
            write(&f, false);
            return;
        }
        typed.set(Some(f));
        let handle = set_timeout_with_handle(move || settle.run(()), TYPED_URL_DELAY).ok();
        timer.set_value(handle);
    });
    on_cleanup(cancel);
    BoardFilters {
        filters,
        change,
        settle,
    }
}

/// The replies board's filters, read from the URL query, limited to the
/// kinds `offered()` returns (tracked).
pub fn use_replies_query(
    offered: impl Fn() -> Vec<FeedbackKind> + Send + Sync + 'static,
) -> Memo<ReplyFilters> {
    let cx = use_router();
    Memo::new(move |_| {
        let kinds = offered();
        ReplyFilters::from_query(|k: &str| query_value(cx, k)).offered(&kinds)
    })
}

/// One key of the feedback form's query ([`super::FeedbackQuery::KEYS`]),
/// trimmed, `None` when absent or blank.
pub fn use_feedback_param(key: &'static str) -> Memo<Option<String>> {
    let cx = use_router();
    Memo::new(move |_| super::FeedbackQuery::read(|k: &str| query_value(cx, k), key))
}

/// The language the page's address names (`?lang=`, in the query or, for
/// an app routed in the fragment, in the fragment's query), if any.
pub fn language_in_address() -> Option<String> {
    let location = web_sys::window()?.location();
    let search = location.search().unwrap_or_default();
    super::language_in_query(&search).or_else(|| {
        let hash = location.hash().unwrap_or_default();
        super::language_in_query(hash.split_once('?')?.1)
    })
}
