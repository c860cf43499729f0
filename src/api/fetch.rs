//! The only code that talks HTTP (gloo-net). Every request aborts when the
//! view that started it goes away, and every good response is kept in
//! localStorage so that, when the network or the server fails, the page can
//! keep showing the last good data, marked stale with its time.

use std::sync::Arc;

use gloo_net::http::Request;
use leptos::prelude::on_cleanup;
use send_wrapper::SendWrapper;
use serde::de::DeserializeOwned;
use time::OffsetDateTime;

use super::feedback::*;
use super::heartbeat::*;
use super::types::*;
use crate::domain::paging::{Walk, WalkEnd};

mod search;
pub use search::*;

/// Why data could not be loaded. Shown to people in their language by the
/// views (`crate::components::load_state`), never by `Display`.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ApiError {
    #[error("network error: {0}")]
    Network(String),
    /// The backend is on another origin and answers, but does not let this
    /// page read its answers (no CORS headers for it): a setting of the
    /// backend's, not the network.
    #[error("cross-origin answer not allowed: {0}")]
    CrossOrigin(String),
    #[error("HTTP status {0}")]
    Status(u16),
    #[error("not found")]
    NotFound,
    #[error("bad data: {0}")]
    BadData(String),
}

/// The data came from the last good copy, because of `error`.
#[derive(Clone, Debug, PartialEq)]
pub struct Stale {
    pub saved_at: OffsetDateTime,
    pub error: ApiError,
}

/// Loaded data: shared (cheap to clone), perhaps stale.
#[derive(Debug)]
pub struct Loaded<T> {
    pub data: Arc<T>,
    pub stale: Option<Stale>,
}

impl<T> Clone for Loaded<T> {
    fn clone(&self) -> Self {
        Loaded {
            data: Arc::clone(&self.data),
            stale: self.stale.clone(),
        }
    }
}

impl<T> Loaded<T> {
    pub fn fresh(data: T) -> Self {
        Loaded {
            data: Arc::new(data),
            stale: None,
        }
    }
}

pub type ApiResult<T> = Result<Loaded<T>, ApiError>;

/// The oldest stale mark among several loads, for one banner per page.
pub fn oldest_stale<'a>(marks: impl IntoIterator<Item = &'a Option<Stale>>) -> Option<Stale> {
    marks
        .into_iter()
        .flatten()
        .min_by_key(|s| s.saved_at)
        .cloned()
}

/// The prefix of the data cache's `localStorage` keys (public data only).
pub const CACHE_PREFIX: &str = "gongkai:v1:";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The longest [`when_idle`] waits for an idle moment.
const IDLE_TIMEOUT_MS: u32 = 1_000;

/// Runs `work` once the page has painted and is idle (within
/// [`IDLE_TIMEOUT_MS`]), or soon where the browser has no idle callbacks:
/// for what no screen waits on, such as reading the outbox (the first use
/// of `localStorage` in a page blocks for milliseconds while it loads).
/// Not for a write that must outlive the page: one pending when it goes
/// is lost.
pub fn when_idle(work: impl FnOnce() + 'static) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else {
        return work();
    };
    let callback = Closure::once_into_js(work);
    let options = web_sys::IdleRequestOptions::new();
    options.set_timeout(IDLE_TIMEOUT_MS);
    let function: &js_sys::Function = callback.unchecked_ref();
    if window
        .request_idle_callback_with_options(function, &options)
        .is_err()
    {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(function, 50);
    }
}

/// The longest [`painted`] waits for a frame (a page in the background has
/// none).
const FRAME_WAIT_MS: i32 = 50;

/// Resolves once the browser has had a frame to paint what was rendered
/// (an animation frame, then a task), or after [`FRAME_WAIT_MS`].
async fn painted() {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else {
        return;
    };
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let after_frame = {
            let window = window.clone();
            let resolve = resolve.clone();
            Closure::once_into_js(move || {
                let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                    resolve.unchecked_ref(),
                    0,
                );
            })
        };
        let _ = window.request_animation_frame(after_frame.unchecked_ref());
        let _ =
            window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, FRAME_WAIT_MS);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Keeps `text` as the last good copy of `url`, at once: a copy written
/// later (when idle) is lost if the page goes first, and a kiosk reloaded
/// with its server down then has nothing to show.
fn cache_put(url: &str, text: &str) {
    let Some(s) = storage() else { return };
    let key = format!("{CACHE_PREFIX}{url}");
    let value = format!("{}\n{}", js_sys::Date::now() as i64, text);
    if s.set_item(&key, &value).is_err() {
        // Over quota: start the cache afresh rather than freeze it on the
        // oldest copies; if even one entry does not fit, keep none.
        cache_clear(&s);
        if s.set_item(&key, &value).is_err() {
            let _ = s.remove_item(&key);
        }
    }
}

fn cache_forget(url: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&format!("{CACHE_PREFIX}{url}"));
    }
}

fn cache_clear(s: &web_sys::Storage) {
    let keys: Vec<String> = (0..s.length().unwrap_or(0))
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| k.starts_with(CACHE_PREFIX))
        .collect();
    for key in keys {
        let _ = s.remove_item(&key);
    }
}

fn cache_get(url: &str) -> Option<(OffsetDateTime, String)> {
    let value = storage()?
        .get_item(&format!("{CACHE_PREFIX}{url}"))
        .ok()??;
    let (ms, text) = value.split_once('\n')?;
    let ms: i64 = ms.parse().ok()?;
    let at = OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).ok()?;
    Some((at, text.to_owned()))
}

/// `rel` resolved against `base` (both URLs), or `None` if it is not a URL.
pub fn resolve_url(rel: &str, base: &str) -> Option<String> {
    web_sys::Url::new_with_base(rel, base)
        .ok()
        .map(|u| u.href())
}

/// Only http(s) URLs are ever put in a link.
fn resolve_link(rel: &str, base: &str) -> Option<String> {
    let u = web_sys::Url::new_with_base(rel.trim(), base).ok()?;
    matches!(u.protocol().as_str(), "http:" | "https:").then(|| u.href())
}

thread_local! {
    static APP_BASE: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// The app's base URL (`document.baseURI`, following `<base href>`): where
/// `config.json` is, against which its `api_base` resolves. Every shell's
/// page has the same `<base href>`, the kiosk's in `kiosk/` included. In a
/// host's page, the folder `gongkai-embed.js` came from
/// ([`set_app_base_url`]).
pub fn app_base_url() -> String {
    if let Some(base) = APP_BASE.with_borrow(Clone::clone) {
        return base;
    }
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .unwrap_or_else(|| "/".to_owned())
}

/// Makes `url` (absolute, ending in `/`) the app's base URL: the app is an
/// element in a host's page, whose own URL says nothing of the app's.
pub fn set_app_base_url(url: &str) {
    APP_BASE.with_borrow_mut(|b| *b = Some(url.to_owned()));
}

/// The path of the base URL without its trailing slash, for `<Router base>`:
/// `""` at the root, `"/gongkai"` under a sub-path.
pub fn app_base_path() -> String {
    let href = app_base_url();
    let path = web_sys::Url::new(&href)
        .map(|u| u.pathname())
        .unwrap_or_default();
    // A base like /x/index.html means the folder /x/.
    let dir = match path.rfind('/') {
        Some(i) => &path[..i],
        None => "",
    };
    dir.to_owned()
}

/// How long a request sent early ([`Api::request_start_up`]) waits for the
/// view that reads it: past this, the view sends its own, so that no answer
/// older than the page's first seconds is ever shown as fresh.
const EARLY_FOR_MS: f64 = 10_000.0;

thread_local! {
    /// Requests sent before any view asked for them: each URL, when it was
    /// sent, and the browser's promise of its answer.
    static EARLY: std::cell::RefCell<Vec<(String, f64, js_sys::Promise)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// GETs `url` at once, for the first view that reads it ([`take_early`]).
fn send_early(url: String) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let promise = window.fetch_with_str(&url);
    EARLY.with(|early| early.borrow_mut().push((url, js_sys::Date::now(), promise)));
}

/// The answer to `url` sent early, if it was and is still young; each is
/// taken once.
fn take_early(url: &str) -> Option<js_sys::Promise> {
    EARLY.with(|early| {
        let mut early = early.borrow_mut();
        let now = js_sys::Date::now();
        early.retain(|(_, at, _)| now - at < EARLY_FOR_MS);
        let at = early.iter().position(|(u, _, _)| u == url)?;
        Some(early.swap_remove(at).2)
    })
}

async fn fetch_text(url: &str) -> Result<String, ApiError> {
    let sent = match take_early(url) {
        Some(promise) => wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .map(|r| gloo_net::http::Response::from(web_sys::Response::from(r)))
            .map_err(|e| e.as_string().unwrap_or_else(|| format!("{e:?}"))),
        None => {
            let controller = SendWrapper::new(web_sys::AbortController::new().ok());
            let signal = controller.as_ref().map(|c| c.signal());
            on_cleanup(move || {
                if let Some(c) = controller.take() {
                    c.abort();
                }
            });
            Request::get(url)
                .abort_signal(signal.as_ref())
                .send()
                .await
                .map_err(|e| e.to_string())
        }
    };
    let response = match sent {
        Ok(response) => response,
        Err(e) => return Err(why_unanswered(url, e).await),
    };
    match response.status() {
        200..=299 => response
            .text()
            .await
            .map_err(|e| ApiError::Network(e.to_string())),
        404 | 410 => Err(ApiError::NotFound),
        status => Err(ApiError::Status(status)),
    }
}

/// Why a GET of `url` got no answer the page may read. The browser says
/// the same for both (a `TypeError`), so where the backend is on another
/// origin it is asked again in `no-cors` mode, which needs no permission:
/// an (opaque) answer means the backend is there and refuses this page
/// (CORS), no answer that the network is down.
async fn why_unanswered(url: &str, error: String) -> ApiError {
    if !cross_origin(url) {
        return ApiError::Network(error);
    }
    match Request::get(url)
        .mode(web_sys::RequestMode::NoCors)
        .send()
        .await
    {
        Ok(_) => ApiError::CrossOrigin(error),
        Err(_) => ApiError::Network(error),
    }
}

/// Whether `url` is on another origin than the page.
fn cross_origin(url: &str) -> bool {
    let page = web_sys::window().and_then(|w| w.location().origin().ok());
    let target = web_sys::Url::new(url).ok().map(|u| u.origin());
    matches!((page, target), (Some(page), Some(target)) if page != target)
}

fn parse<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    serde_json::from_str(text).map_err(|e| ApiError::BadData(e.to_string()))
}

/// The text at `url`, or, when the network or the server fails (network
/// error, 429, 5xx), the last good copy (marked stale). Any other answer is
/// final and the copy goes: content a backend withdrew (404, 410, 403, 451 …)
/// must not live on from the cache. Not generic, so it is compiled once.
async fn text_or_cached(url: &str) -> Result<(String, Option<Stale>), ApiError> {
    or_cached(url, fetch_text(url).await)
}

/// What was fetched for `key`, or, where it failed for the network or the
/// server, the last good copy kept under `key` (marked stale); any other
/// failure is final and the copy goes ([`text_or_cached`]'s rule, shared
/// with searches, whose answers are kept under a key of their own).
fn or_cached(
    key: &str,
    fetched: Result<String, ApiError>,
) -> Result<(String, Option<Stale>), ApiError> {
    match fetched {
        Ok(text) => Ok((text, None)),
        Err(
            error @ (ApiError::Network(_)
            | ApiError::CrossOrigin(_)
            | ApiError::Status(429 | 500..=599)),
        ) => cached(key, error),
        Err(error) => {
            cache_forget(key);
            Err(error)
        }
    }
}

fn cached(url: &str, error: ApiError) -> Result<(String, Option<Stale>), ApiError> {
    match cache_get(url) {
        Some((saved_at, text)) => Ok((text, Some(Stale { saved_at, error }))),
        None => Err(error),
    }
}

/// GETs JSON. On a network error, a server error or bad data, falls back to
/// the last good copy of this URL (marked stale); "not found" is final.
async fn get_json_marked<T: DeserializeOwned>(url: &str) -> Result<(T, Option<Stale>), ApiError> {
    get_json_kept(url, true).await
}

/// [`get_json_marked`], keeping a good answer as the last good copy only
/// when `keep` (a long list keeps its newest entries, [`KEPT_ITEMS`], not
/// all of them: the browser's storage holds a few megabytes).
async fn get_json_kept<T: DeserializeOwned>(
    url: &str,
    keep: bool,
) -> Result<(T, Option<Stale>), ApiError> {
    let (text, stale) = text_or_cached(url).await?;
    match parse(&text) {
        Ok(value) => {
            if stale.is_none() && keep {
                cache_put(url, &text);
            }
            Ok((value, stale))
        }
        // Fresh but bad data: the last good copy is better than nothing.
        Err(error) if stale.is_none() => {
            let (text, stale) = cached(url, error)?;
            Ok((parse(&text)?, stale))
        }
        Err(error) => Err(error),
    }
}

/// GETs JSON from `url`, aborting when the calling view is cleaned up, with
/// the last-good-copy fallback.
pub async fn get_json<T: DeserializeOwned>(url: &str) -> ApiResult<T> {
    let (value, stale) = get_json_marked(url).await?;
    Ok(Loaded {
        data: Arc::new(value),
        stale,
    })
}

/// `config.json`, next to the app.
pub async fn config() -> ApiResult<AppConfig> {
    let url = resolve_url("config.json", &app_base_url()).ok_or(ApiError::NotFound)?;
    get_json(&url).await
}

/// The `kiosk` object of `config.json` (the kiosk shell's settings), read
/// leniently: a bad value falls back to its default and is listed among
/// the problems. `None` when `config.json` cannot be had or is not JSON at
/// all: then every setting is its default.
#[cfg(feature = "kiosk")]
pub async fn kiosk_config() -> Option<crate::domain::kiosk::KioskConfig> {
    let url = resolve_url("config.json", &app_base_url())?;
    let (text, _) = text_or_cached(&url).await.ok()?;
    crate::domain::kiosk::KioskConfig::from_config_json(&text).ok()
}

/// The backend, as configured.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Api {
    /// Absolute URL ending in `/`.
    base: String,
}

impl Api {
    /// The backend's base URL, against which relative URLs in its data
    /// resolve.
    pub fn base(&self) -> &str {
        &self.base
    }
}

fn encode(id: &str) -> String {
    String::from(js_sys::encode_uri_component(id))
}

impl Api {
    pub fn new(config: &AppConfig) -> Api {
        let mut rel = config.api_base.trim().to_owned();
        if !rel.ends_with('/') {
            rel.push('/');
        }
        let app = app_base_url();
        let base = resolve_url(&rel, &app).unwrap_or(app);
        Api { base }
    }

    fn url(&self, path: &str) -> String {
        resolve_url(path, &self.base).unwrap_or_else(|| format!("{}{path}", self.base))
    }

    /// Sends at once what every page reads first, the site, its
    /// organisations and the calendars of `years`, so that the answers come
    /// while the app draws its frame; the views' own requests then take
    /// them ([`take_early`]).
    pub fn request_start_up(&self, years: &[i32]) {
        send_early(self.url("v1/site.json"));
        send_early(self.url("v1/orgs.json"));
        for year in years {
            send_early(self.url(&format!("v1/calendar/{year}.json")));
        }
    }

    pub async fn site(&self) -> ApiResult<Site> {
        get_json(&self.url("v1/site.json")).await
    }

    pub async fn orgs(&self) -> ApiResult<Vec<Organisation>> {
        let (list, stale) = get_json_marked::<OrgList>(&self.url("v1/orgs.json")).await?;
        Ok(Loaded {
            data: Arc::new(list.organisations),
            stale,
        })
    }

    /// Every public item, of one organisation or of all, following `next`
    /// links to the end (see [`Api::walk_items`]), without duplicates.
    pub async fn items(&self, org: Option<&str>) -> ApiResult<Vec<Item>> {
        let mut items = Vec::new();
        let mut stale = None;
        self.walk_items(org, |page| {
            stale = oldest_stale([&stale, &page.stale]);
            items.extend(page.items);
        })
        .await?;
        Ok(Loaded {
            data: Arc::new(items),
            stale,
        })
    }

    /// Walks a list of items page by page, handing each page's new public
    /// entries to `on_page` as it comes, so a view can paint the first page
    /// while the rest load. No cap on the number of pages: the walk ends at
    /// the last page, or where a `next` names a page already walked (the
    /// backend loops: [`WalkEnd::Looped`]). An error ends it; pages already
    /// handed over stay with the caller.
    pub async fn walk_items(
        &self,
        org: Option<&str>,
        mut on_page: impl FnMut(ListPage),
    ) -> Result<WalkEnd, ApiError> {
        let mut url = match org {
            Some(org) => self.url(&format!("v1/orgs/{}/items.json", encode(org))),
            None => self.url("v1/items.json"),
        };
        let mut walk = Walk::new();
        let mut listed = 0;
        loop {
            if !walk.enter(&url) {
                return Ok(WalkEnd::Looped);
            }
            let keep = listed < KEPT_ITEMS;
            let (page, stale) = get_json_kept::<ItemPage>(&url, keep).await?;
            if page.items.iter().any(|item| !item.is_public()) {
                // Never keep non-public entries on a shared terminal.
                cache_forget(&url);
            }
            let next = page.next.as_deref().and_then(|n| resolve_url(n, &url));
            listed += page.items.len();
            on_page(ListPage {
                items: page
                    .items
                    .into_iter()
                    .filter(|item| item.is_public() && walk.first_time(&item.id))
                    .map(|item| resolve_item_links(item, &self.base))
                    .collect(),
                total: page.total,
                skipped: page.skipped.len(),
                stale,
            });
            if walk.pages() == 1 && next.is_some() {
                // The first page on screen before the next is read.
                painted().await;
            }
            match next {
                Some(next) => url = next,
                None => return Ok(WalkEnd::Done),
            }
        }
    }

    /// One public item, in full; a non-public item is "not found".
    pub async fn item(&self, id: &str) -> ApiResult<Item> {
        let url = self.url(&format!("v1/items/{}.json", encode(id)));
        let (item, stale) = get_json_marked::<Item>(&url).await?;
        if !item.is_public() {
            cache_forget(&url);
            return Err(ApiError::NotFound);
        }
        Ok(Loaded {
            data: Arc::new(resolve_item_links(item, &self.base)),
            stale,
        })
    }

    /// The official calendar of `year`, if the backend has one.
    pub async fn calendar(&self, year: i32) -> Result<Option<CalendarYear>, ApiError> {
        match get_json_marked::<CalendarYear>(&self.url(&format!("v1/calendar/{year}.json"))).await
        {
            Ok((cal, _)) => Ok(Some(cal)),
            Err(ApiError::NotFound) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// Attachment URLs made absolute against the backend's base URL (the
/// contract's rule: the same item is listed on pages at different depths);
/// anything but http(s) is dropped.
fn resolve_item_links(mut item: Item, api_base: &str) -> Item {
    item.attachments = std::mem::take(&mut item.attachments)
        .into_iter()
        .filter_map(|mut a| {
            a.url = resolve_link(&a.url, api_base)?;
            Some(a)
        })
        .collect();
    item
}

/// How much of a list is kept as the last good copy, for a board (and the
/// kiosk's screens) to show offline: the pages that begin within its
/// newest 500 entries, not the whole archive, which the browser's storage
/// (a few megabytes) could not hold.
const KEPT_ITEMS: usize = 500;

/// One page of a list, as [`Api::walk_items`] hands it over.
#[derive(Debug)]
pub struct ListPage {
    /// The page's public entries not seen on an earlier page.
    pub items: Vec<Item>,
    /// The whole list's count, where the backend says.
    pub total: Option<u64>,
    /// Entries of the page that could not be read, left out.
    pub skipped: usize,
    pub stale: Option<Stale>,
}

/// Why a POST did not get through.
#[derive(Clone, Debug, PartialEq)]
pub enum SendError {
    /// Worth trying again with the same key: no connection, a server
    /// failure, too many requests (wait `retry_after_ms` if given).
    Retry {
        error: ApiError,
        retry_after_ms: Option<i64>,
    },
    /// The backend said no; sending the same again would not help.
    Refused(Problem),
}

/// A refusal without a problem+json body (a proxy's error page, say).
fn bare_problem(status: u16) -> Problem {
    Problem {
        problem_type: "about:blank".to_owned(),
        title: String::new(),
        status,
        detail: None,
        errors: vec![],
    }
}

/// How long a POST may go without an answer.
const POST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// POSTs `body` as JSON with its `Idempotency-Key` (none for a heartbeat):
/// the status and text of a 2xx answer. Not tied to a view: the outbox
/// sends from the app itself, and an attempt that is cut off is simply made
/// again with the same key. Not generic, so it is compiled once.
async fn post_json(url: &str, key: Option<&str>, body: String) -> Result<(u16, String), SendError> {
    let retry = |error| SendError::Retry {
        error,
        retry_after_ms: None,
    };
    // A connection that hangs (a flaky network in a service hall) must not
    // hold the outbox: the attempt is given up and made again later. The
    // timer is never cleared: a cleared one-shot callback would never be
    // freed (wasm-bindgen frees it when it runs), a leak per POST that a
    // kiosk's heartbeats add up; aborting a finished request does nothing.
    let controller = web_sys::AbortController::new().ok();
    if let Some(c) = controller.clone() {
        // (`_with_handle`, dropped: the one timer function the app links.)
        let _ = leptos::prelude::set_timeout_with_handle(move || c.abort(), POST_TIMEOUT);
    }
    let signal = controller.as_ref().map(|c| c.signal());
    let mut request = Request::post(url);
    if let Some(key) = key {
        request = request.header("Idempotency-Key", key);
    }
    let response = request
        .header("Content-Type", "application/json")
        .abort_signal(signal.as_ref())
        .body(body)
        .map_err(|e| retry(ApiError::Network(e.to_string())))?
        .send()
        .await
        .map_err(|e| retry(ApiError::Network(e.to_string())))?;
    let status = response.status();
    let text = response.text().await;
    let text = match (status, text) {
        (_, Ok(text)) => text,
        // A 2xx whose body was cut off: not known to be delivered, so again.
        (200..=299, Err(e)) => return Err(retry(ApiError::Network(e.to_string()))),
        (_, Err(_)) => String::new(),
    };
    match status {
        200..=299 => Ok((status, text)),
        408 | 429 | 500..=599 => Err(SendError::Retry {
            error: ApiError::Status(status),
            retry_after_ms: response
                .headers()
                .get("Retry-After")
                .and_then(|s| s.trim().parse::<i64>().ok())
                .map(|s| s.clamp(0, 3600) * 1000),
        }),
        _ => Err(SendError::Refused(
            serde_json::from_str(&text).unwrap_or_else(|_| bare_problem(status)),
        )),
    }
}

/// A 2xx answer read; one the app cannot read counts as a refusal (sending
/// the same again would get the same answer).
fn read_answer<T: DeserializeOwned>((status, text): &(u16, String)) -> Result<T, SendError> {
    serde_json::from_str(text).map_err(|e| {
        SendError::Refused(Problem {
            detail: Some(e.to_string()),
            ..bare_problem(*status)
        })
    })
}

/// A fresh GET that is never cached: a submission's state is for the
/// holder of its code alone, and must not stay on a shared device.
async fn get_uncached<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    parse(&fetch_text(url).await?)
}

impl Api {
    /// Sends a submission (`POST v1/feedback`): its receipt, with the
    /// receipt's JSON as the backend sent it (to be stored as it is, so the
    /// app needs no code to write a receipt).
    pub async fn submit_feedback(
        &self,
        key: &str,
        request: &FeedbackRequest,
    ) -> Result<(FeedbackReceipt, String), SendError> {
        let body = serde_json::to_string(request).unwrap_or_default();
        let answer = post_json(&self.url("v1/feedback"), Some(key), body).await?;
        Ok((read_answer(&answer)?, answer.1))
    }

    /// A submission by its tracking code; an unknown code is `NotFound`.
    pub async fn feedback(&self, code: &str) -> Result<FeedbackState, ApiError> {
        get_uncached(&self.url(&format!("v1/feedback/{}", encode(code)))).await
    }

    /// Rates the reply to a submission.
    pub async fn rate(
        &self,
        code: &str,
        key: &str,
        request: &RatingRequest,
    ) -> Result<FeedbackState, SendError> {
        let body = serde_json::to_string(request).unwrap_or_default();
        let url = self.url(&format!("v1/feedback/{}/rating", encode(code)));
        read_answer(&post_json(&url, Some(key), body).await?)
    }

    /// An organisation's public replies, following `next` links to the end
    /// (or to a page that comes again), without duplicates.
    pub async fn replies(&self, org: &str) -> ApiResult<Vec<PublicReply>> {
        let mut url = self.url(&format!("v1/orgs/{}/replies.json", encode(org)));
        let mut walk = Walk::new();
        let mut replies = Vec::new();
        let mut stale = None;
        while walk.enter(&url) {
            let (page, mark) = get_json_marked::<ReplyPage>(&url).await?;
            stale = oldest_stale([&stale, &mark]);
            replies.extend(page.replies.into_iter().filter(|r| walk.first_time(&r.id)));
            match page.next.as_deref().and_then(|n| resolve_url(n, &url)) {
                Some(next) => url = next,
                None => break,
            }
        }
        Ok(Loaded {
            data: Arc::new(replies),
            stale,
        })
    }
}

impl Api {
    /// Sends a kiosk heartbeat to where `site.json`'s `kiosk_heartbeat`
    /// says, without an `Idempotency-Key` (a beat replaces the last one).
    /// A path outside the API base ([`is_heartbeat_path`]) is refused
    /// unsent; any 2xx is success, whatever its body.
    pub async fn heartbeat(
        &self,
        service: &KioskHeartbeatService,
        beat: &Heartbeat,
    ) -> Result<(), SendError> {
        if !is_heartbeat_path(&service.path) {
            return Err(SendError::Refused(Problem {
                detail: Some(format!("not a heartbeat path: {:?}", service.path)),
                ..bare_problem(0)
            }));
        }
        let body = serde_json::to_string(beat).unwrap_or_default();
        post_json(&self.url(&service.path), None, body)
            .await
            .map(drop)
    }
}

/// Sixteen random bytes from the browser's cryptographic generator.
pub fn random_bytes() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok())
        .is_some();
    if !filled {
        for b in &mut bytes {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes
}

/// A language's sentences (`i18n::loaded`): `path` is relative to the
/// app's base URL, as `config.json` is. The text, for `loaded::install`.
pub async fn locale_catalogue(path: &str) -> Result<String, ApiError> {
    let url = resolve_url(path, &app_base_url()).ok_or(ApiError::NotFound)?;
    fetch_text(&url).await
}
