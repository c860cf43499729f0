//! The HTTP side: the contract at `/api/v1`, attachment files at
//! `/api/files`, and the app itself (with its `config.json`) everywhere else.

mod access_log;
mod compression;
mod etag;
mod feedback;
pub mod first_screen;
mod kiosk;
mod net;
mod problem;
mod rate_limit;
mod read;
mod search;
mod security;
mod spa;
mod staff;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use gongkai::domain::calendar::WorkCalendar;
use serde::Serialize;
use time::OffsetDateTime;
use tower_http::cors::{AllowOrigin, CorsLayer};

pub use net::{serve, Limits};
pub use problem::ApiError;
use rate_limit::RateLimit;

use crate::store::{Idempotent, RequestKey, Store, StoredResponse};

/// How the server runs; every field has a flag (see `main.rs`).
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// The built app (`dist/`); without it only the API is served.
    pub spa_dir: Option<PathBuf>,
    /// Staff API token; without one the staff API refuses every request.
    pub staff_token: Option<String>,
    /// Origins allowed to call the API from a browser (embedding portals).
    pub cors_origins: Vec<String>,
    /// Any origin may read the public API (GET and HEAD); writes and the
    /// staff API stay with `cors_origins`.
    pub cors_read_any: bool,
    /// Origins allowed to frame the app besides `cors_origins` (CSP
    /// `frame-ancestors`).
    pub frame_origins: Vec<String>,
    /// Origins besides this server's from which pictures in bodies load
    /// (config.json `image_origins`, CSP `img-src`); others are links.
    pub image_origins: Vec<String>,
    /// New submissions one client may make per window.
    pub submission_limit: u32,
    pub submission_window: Duration,
    /// Take the client's address from `X-Forwarded-For` (behind a proxy).
    pub behind_proxy: bool,
    /// Working days within which a reply is due.
    pub reply_working_days: u32,
    /// Items or replies per list page.
    pub page_size: usize,
    /// Print one line per request to stderr.
    pub access_log: bool,
    /// Timeouts and the connection limit.
    pub limits: Limits,
    /// Seconds between two kiosk heartbeats, advertised in `site.json`;
    /// `None`: no heartbeat endpoint.
    pub kiosk_heartbeat_seconds: Option<u32>,
    /// Heartbeats one client may send per minute.
    pub kiosk_heartbeat_limit: u32,
    /// Kiosks known at most; a new one beyond is refused.
    pub kiosk_max_devices: usize,
    /// config.json's `kiosk` object, as given (`--kiosk-settings`).
    pub kiosk_settings: Option<serde_json::Value>,
    /// Serve `v1/search.json` and advertise it in `site.json`.
    pub search: bool,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            spa_dir: None,
            staff_token: None,
            cors_origins: Vec::new(),
            cors_read_any: false,
            frame_origins: Vec::new(),
            image_origins: Vec::new(),
            submission_limit: 20,
            submission_window: Duration::from_secs(600),
            behind_proxy: false,
            reply_working_days: 10,
            page_size: 20,
            access_log: true,
            limits: Limits::default(),
            kiosk_heartbeat_seconds: Some(60),
            kiosk_heartbeat_limit: 10,
            kiosk_max_devices: 1000,
            kiosk_settings: None,
            search: true,
        }
    }
}

/// What every handler shares.
#[derive(Clone)]
pub struct App {
    pub store: Store,
    pub config: Arc<ServerConfig>,
    rate_limit: Arc<RateLimit>,
    /// Wrong staff tokens per client: ten in ten minutes, then a pause.
    staff_failures: Arc<RateLimit>,
    /// Kiosk heartbeats per client.
    beat_limit: Arc<RateLimit>,
}

/// Request bodies: a submission is a few KB; an item with its HTML is more.
const PUBLIC_BODY_LIMIT: usize = 64 * 1024;
const STAFF_BODY_LIMIT: usize = 4 * 1024 * 1024;
/// A heartbeat is a few hundred bytes at most.
const HEARTBEAT_BODY_LIMIT: usize = 4 * 1024;
/// The window of `kiosk_heartbeat_limit`.
const HEARTBEAT_WINDOW: Duration = Duration::from_secs(60);

/// Failed staff tokens one client may send per window before it must wait.
const STAFF_FAILURE_LIMIT: u32 = 10;
const STAFF_FAILURE_WINDOW: Duration = Duration::from_secs(600);

pub fn router(store: Store, config: ServerConfig) -> Router {
    let app = App {
        store,
        rate_limit: Arc::new(RateLimit::new(
            config.submission_limit,
            config.submission_window,
        )),
        staff_failures: Arc::new(RateLimit::new(STAFF_FAILURE_LIMIT, STAFF_FAILURE_WINDOW)),
        beat_limit: Arc::new(RateLimit::new(
            config.kiosk_heartbeat_limit,
            HEARTBEAT_WINDOW,
        )),
        config: Arc::new(config),
    };
    let public = Router::new()
        .route("/api/v1/site.json", get(read::site))
        .route("/api/v1/orgs.json", get(read::orgs))
        .route("/api/v1/items.json", get(read::all_items))
        .route("/api/v1/items/pages/{page}", get(read::all_items_page))
        .route("/api/v1/items/{file}", get(read::item))
        .route("/api/v1/orgs/{org}/items.json", get(read::org_items))
        .route(
            "/api/v1/orgs/{org}/items/pages/{page}",
            get(read::org_items_page),
        )
        .route("/api/v1/orgs/{org}/replies.json", get(read::replies))
        .route(
            "/api/v1/orgs/{org}/replies/pages/{page}",
            get(read::replies_page_n),
        )
        .route("/api/v1/calendar/{file}", get(read::calendar_year))
        .route("/api/files/{*path}", get(read::file))
        .route("/api/v1/feedback", post(feedback::submit))
        .route("/api/v1/feedback/{code}", get(feedback::look_up))
        .route("/api/v1/feedback/{code}/rating", post(feedback::rate))
        .layer(DefaultBodyLimit::max(PUBLIC_BODY_LIMIT));
    // Without search in site.json there is no endpoint either (404).
    let public = if app.config.search {
        public.route(
            &format!("/api/{}", search::SEARCH_PATH),
            get(search::search),
        )
    } else {
        public
    };
    // Without a heartbeat in site.json there is no endpoint either (404).
    let public = if app.config.kiosk_heartbeat_seconds.is_some() {
        public.merge(
            Router::new()
                .route("/api/v1/kiosk/heartbeat", post(kiosk::beat))
                .layer(DefaultBodyLimit::max(HEARTBEAT_BODY_LIMIT)),
        )
    } else {
        public
    };
    let staff = Router::new()
        .route("/api/v1/staff/feedback", get(staff::list))
        .route("/api/v1/staff/feedback/{code}", get(staff::show))
        .route("/api/v1/staff/feedback/{code}/{action}", post(staff::act))
        .route("/api/v1/staff/objections", get(staff::objections))
        .route("/api/v1/staff/kiosks", get(kiosk::list))
        .route(
            "/api/v1/staff/items/{id}",
            get(staff::get_item).put(staff::put_item),
        )
        .layer(DefaultBodyLimit::max(STAFF_BODY_LIMIT))
        .route_layer(middleware::from_fn_with_state(
            app.clone(),
            staff::require_token,
        ));
    let api = public
        .merge(staff)
        .route("/api", axum::routing::any(api_not_found))
        .route("/api/", axum::routing::any(api_not_found))
        .route("/api/{*rest}", axum::routing::any(api_not_found))
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn(etag::conditional_get))
        .layer(cors(&app.config.cors_origins, app.config.cors_read_any));
    let router = spa::attach(
        api.route("/config.json", get(spa::config)),
        app.config.spa_dir.clone(),
        app.clone(),
    )
    .with_state(app.clone());
    // Around the ETags, which are computed over the uncompressed JSON.
    let router = compression::attach(router);
    // Inside the security headers, so that a 408 has them too.
    let router = net::time_limits(router, &app.config.limits);
    let framers: Vec<String> = app
        .config
        .cors_origins
        .iter()
        .chain(&app.config.frame_origins)
        .cloned()
        .collect();
    let router = security::attach(router, &framers, &app.config.image_origins);
    if app.config.access_log {
        router.layer(middleware::from_fn(access_log::access_log))
    } else {
        router
    }
}

async fn api_not_found() -> ApiError {
    ApiError::not_found()
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method-not-allowed",
        "这个地址不支持这种请求方法",
    )
}

fn cors(origins: &[String], read_any: bool) -> CorsLayer {
    let origins: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o.trim_end_matches('/')).ok())
        .collect();
    let allow = match read_any {
        false => AllowOrigin::list(origins),
        true => AllowOrigin::predicate(move |origin, request| {
            origins.contains(origin) || is_public_read(request)
        }),
    };
    CorsLayer::new()
        .allow_origin(allow)
        .allow_methods([Method::GET, Method::POST, Method::PUT])
        .allow_headers([
            header::CONTENT_TYPE,
            header::AUTHORIZATION,
            HeaderName::from_static("idempotency-key"),
        ])
        .expose_headers([
            header::ETAG,
            header::LOCATION,
            header::RETRY_AFTER,
            HeaderName::from_static("idempotent-replayed"),
        ])
        .max_age(Duration::from_secs(24 * 3600))
}

/// A read of the public API: a GET or HEAD (or the preflight of one) of a
/// path outside the staff API.
fn is_public_read(request: &axum::http::request::Parts) -> bool {
    let read = |m: &[u8]| m == b"GET" || m == b"HEAD";
    let method = match request.method {
        Method::OPTIONS => request
            .headers
            .get(header::ACCESS_CONTROL_REQUEST_METHOD)
            .is_some_and(|m| read(m.as_bytes())),
        ref m => read(m.as_str().as_bytes()),
    };
    method && !request.uri.path().starts_with("/api/v1/staff")
}

/// A JSON body with the contract's headers.
pub fn json<T: Serialize>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => (
            status,
            [
                (header::CONTENT_TYPE, "application/json; charset=utf-8"),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            body,
        )
            .into_response(),
        Err(e) => ApiError::internal(e).into_response(),
    }
}

/// The body of a stored response, ready to send.
fn stored<T: Serialize>(
    status: StatusCode,
    value: &T,
    headers: Vec<(String, String)>,
) -> Result<StoredResponse, ApiError> {
    Ok(StoredResponse {
        status: status.as_u16(),
        headers,
        body: serde_json::to_vec(value).map_err(ApiError::internal)?,
    })
}

fn replay(response: StoredResponse, replayed: bool) -> Response {
    let status = StatusCode::from_u16(response.status).unwrap_or(StatusCode::OK);
    let mut out = (
        status,
        [
            (header::CONTENT_TYPE, "application/json; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        response.body,
    )
        .into_response();
    for (name, value) in response.headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::try_from(name.as_str()),
            HeaderValue::try_from(value.as_str()),
        ) {
            out.headers_mut().insert(name, value);
        }
    }
    if replayed {
        out.headers_mut().insert(
            HeaderName::from_static("idempotent-replayed"),
            HeaderValue::from_static("true"),
        );
    }
    out
}

/// The `Idempotency-Key` every POST but the kiosk heartbeat must carry.
fn idempotency_key(headers: &HeaderMap) -> Result<String, ApiError> {
    let missing = || {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "idempotency-key-missing",
            "缺少 Idempotency-Key 请求头",
        )
        .detail("每个 POST 请求都要带一个 Idempotency-Key（1到255个可见ASCII字符，建议用UUID），重试时用同一个")
    };
    let value = headers.get("idempotency-key").ok_or_else(missing)?;
    let key = value.to_str().map_err(|_| missing())?.trim();
    let visible = |c: char| c.is_ascii_graphic();
    if key.is_empty() || key.len() > 255 || !key.chars().all(visible) {
        return Err(missing());
    }
    Ok(key.to_owned())
}

fn require_json(headers: &HeaderMap) -> Result<(), ApiError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim();
    if essence.eq_ignore_ascii_case("application/json") {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "请求体须为 JSON",
        )
        .detail("Content-Type 须为 application/json"))
    }
}

/// The request body as `T`. Malformed JSON or a field of the wrong type is
/// `bad-json`; missing text fields arrive empty and are validation errors.
pub fn parse_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    // Every request body is an object; serde would also read a struct from
    // an array of its fields in order.
    if body.trim_ascii_start().starts_with(b"[") {
        return Err(
            ApiError::new(StatusCode::BAD_REQUEST, "bad-json", "请求不是有效的 JSON")
                .detail("请求体须为 JSON 对象，不能是数组"),
        );
    }
    serde_json::from_slice(body).map_err(|e| ApiError::bad_json(&e))
}

/// A POST that runs at most once per `Idempotency-Key`: checks the headers,
/// then runs `op` in the transaction that records its response.
async fn idempotent_post(
    app: &App,
    headers: &HeaderMap,
    path: String,
    body: Result<Bytes, BytesRejection>,
    op: impl FnOnce(&rusqlite::Transaction, &[u8]) -> Result<StoredResponse, ApiError> + Send + 'static,
) -> Response {
    let prepared = (|| {
        let body = body.map_err(ApiError::body)?;
        // Actions without a body (`start`, `close`) need no content type.
        if !body.is_empty() || headers.contains_key(header::CONTENT_TYPE) {
            require_json(headers)?;
        }
        Ok::<_, ApiError>((idempotency_key(headers)?, body))
    })();
    let (key, body) = match prepared {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let store = app.store.clone();
    let result = tokio::task::spawn_blocking(move || {
        let request = RequestKey {
            method: "POST",
            path: &path,
            key: &key,
            body: &body,
        };
        store.idempotent(request, OffsetDateTime::now_utc(), |tx| op(tx, &body))
    })
    .await;
    match result {
        Ok(Ok(Idempotent::Done(response))) => replay(response, false),
        Ok(Ok(Idempotent::Replayed(response))) => replay(response, true),
        Ok(Ok(Idempotent::KeyReused)) => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "idempotency-key-reused",
            "这个 Idempotency-Key 已用于另一份内容",
        )
        .detail("同一个 Idempotency-Key 只能用于同一份请求；新的请求请换一个")
        .into_response(),
        Ok(Ok(Idempotent::Refused(e))) => e.into_response(),
        Ok(Err(e)) => ApiError::from(e).into_response(),
        Err(e) => ApiError::internal(e).into_response(),
    }
}

/// Runs blocking store work off the async threads.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(ApiError::internal)?
}

/// The built-in calendar with the database's years on top.
fn calendar(store: &Store) -> Result<WorkCalendar, ApiError> {
    Ok(WorkCalendar::builtin().with_years(&store.calendars()?))
}

/// [`calendar`] off the async runtime, for a handler that answers with a
/// plain `Response`.
async fn load_calendar(app: &App) -> Result<WorkCalendar, Response> {
    let store = app.store.clone();
    blocking(move || calendar(&store))
        .await
        .map_err(axum::response::IntoResponse::into_response)
}

/// The client's address: the peer, or behind a proxy the last address the
/// proxy appended to `X-Forwarded-For`: the last value of the last line, since
/// a client can send lines and values of its own before it.
fn client_ip(app: &App, peer: SocketAddr, headers: &HeaderMap) -> IpAddr {
    forwarded_client(app.config.behind_proxy, peer, headers)
}

fn forwarded_client(behind_proxy: bool, peer: SocketAddr, headers: &HeaderMap) -> IpAddr {
    if behind_proxy {
        if let Some(ip) = headers
            .get_all("x-forwarded-for")
            .iter()
            .next_back()
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|v| v.trim().parse().ok())
        {
            return ip;
        }
    }
    peer.ip()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn behind_a_proxy_the_client_is_the_last_forwarded_address() {
        let peer: SocketAddr = "10.0.0.2:40000".parse().unwrap();
        let mut headers = HeaderMap::new();
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        assert_eq!(forwarded_client(true, peer, &headers), ip("10.0.0.2"));
        headers.append(
            "x-forwarded-for",
            HeaderValue::from_static("203.0.113.1, 203.0.113.2"),
        );
        assert_eq!(forwarded_client(true, peer, &headers), ip("203.0.113.2"));
        assert_eq!(forwarded_client(false, peer, &headers), ip("10.0.0.2"));
        // The proxy appended a line of its own after the client's.
        headers.append("x-forwarded-for", HeaderValue::from_static("198.51.100.7"));
        assert_eq!(forwarded_client(true, peer, &headers), ip("198.51.100.7"));
        headers.append("x-forwarded-for", HeaderValue::from_static("2001:db8::1"));
        assert_eq!(forwarded_client(true, peer, &headers), ip("2001:db8::1"));
        // What cannot be read is not trusted: the peer it is.
        headers.append("x-forwarded-for", HeaderValue::from_static("unknown"));
        assert_eq!(forwarded_client(true, peer, &headers), ip("10.0.0.2"));
    }
}
