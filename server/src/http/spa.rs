//! The app itself: files from the built `dist/`, `index.html` for deep
//! links (paths without a file extension), and a `config.json` that points
//! the app at this server's API. Dotfiles (`.env`, `.git/`) and anything
//! reached through a symbolic link are not served.
//!
//! A file with a compressed copy beside it (`X.br`, `X.gz`, written by the
//! build) is sent as that copy to a client that takes the encoding; other
//! files are compressed as they are sent (`compression.rs`). The copies are
//! not files of the app in their own right: asked for by name they are not
//! found.
//!
//! Files whose names carry a content hash ([`is_hashed`]) never change and
//! are kept for a year; everything else (`index.html`, deep links, `sw.js`,
//! unhashed files) is `no-cache`: kept, but checked each time with the
//! `Last-Modified` the files are sent with, which costs a `304` when nothing
//! changed.

use std::path::{Path, PathBuf};

use axum::extract::{Request, State};
use axum::handler::HandlerWithoutStateExt;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use gongkai::api::AppConfig;
use percent_encoding::percent_decode_str;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

use super::{blocking, etag, first_screen, json, ApiError, App};

/// `GET /config.json`
pub async fn config(State(app): State<App>) -> Result<Response, ApiError> {
    let site = blocking(move || Ok(app.store.site()?)).await?;
    let config = AppConfig {
        api_base: "api/".into(),
        title: site.as_ref().map(|s| s.title.clone()),
        default_org: site.map(|s| s.root_org),
        image_origins: app.config.image_origins.clone(),
        ..AppConfig::default()
    };
    let mut config =
        serde_json::to_value(&config).map_err(|e| ApiError::internal(e.to_string()))?;
    if let (Some(kiosk), Some(object)) = (&app.config.kiosk_settings, config.as_object_mut()) {
        object.insert("kiosk".into(), kiosk.clone());
    }
    Ok(json(StatusCode::OK, &config))
}

/// The kiosk's folder in the build (scripts/build.sh).
pub const KIOSK_FOLDER: &str = "kiosk";

/// The build's compressed copies of a file, by the suffix they add to its
/// name; ServeDir looks for the same.
const COMPRESSED_COPIES: [&str; 2] = ["br", "gz"];

/// `Cache-Control` of a file whose name carries a content hash.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// `Cache-Control` of everything else the app is made of.
const REVALIDATE: &str = "no-cache";

/// Serves the app's files, and `index.html` for deep links: the kiosk's
/// (`kiosk/index.html`) under `/kiosk/`; for `/` and `/org/<id>`, with the
/// page's first screen written in (`first_screen.rs`).
pub fn attach(router: Router<App>, dir: Option<PathBuf>, app: App) -> Router<App> {
    match dir {
        Some(dir) => {
            let index = dir.join("index.html");
            let site_index = index.clone();
            let kiosk_index = dir.join(KIOSK_FOLDER).join("index.html");
            let deep_links = move |request: Request| {
                // The kiosk's pages are its own app (dist/kiosk/).
                let in_kiosk = request
                    .uri()
                    .path()
                    .strip_prefix('/')
                    .and_then(|p| p.strip_prefix(KIOSK_FOLDER))
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
                let index = if in_kiosk { kiosk_index.clone() } else { index.clone() };
                async move { deep_link(index, request).await }
            };
            let files = ServeDir::new(&dir)
                .append_index_html_on_directories(true)
                .precompressed_br()
                .precompressed_gzip()
                .fallback(deep_links.into_service());
            router.fallback(move |request: Request| {
                let (root, files, app) = (dir.clone(), files.clone(), app.clone());
                let site_index = site_index.clone();
                async move {
                    let path = request.uri().path().to_owned();
                    // The home page and a board's: with their first screen.
                    if let Some(page) = first_screen_request(&request) {
                        if let Some(mut page) = with_first_screen(site_index, app, page).await {
                            set_cache_headers(&mut page, &path);
                            return page;
                        }
                    }
                    let refused = tokio::task::spawn_blocking({
                        let path = path.clone();
                        move || hidden_or_linked(&root, &path) || compressed_copy(&root, &path)
                    })
                    .await
                    .unwrap_or(true);
                    if refused {
                        return not_found();
                    }
                    let mut response = match files.oneshot(request).await {
                        Ok(response) => response.into_response(),
                        Err(never) => match never {},
                    };
                    set_cache_headers(&mut response, &path);
                    response
                }
            })
        }
        None => router.fallback(|| async {
            (
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                "gongkai-server: the API is at /api/v1/site.json. Start with --spa <dir> to serve the app too.\n",
            )
        }),
    }
}

/// Whether a file's name carries a content hash, as Trunk writes it: a `-`
/// and 16 lowercase hex digits before the extension (`tokens-8f3a….css`,
/// `gongkai-333c5ef5360bec9e.js`) or before `_bg.wasm`. Such a file is
/// never changed, only replaced by one of another name.
pub fn is_hashed(file_name: &str) -> bool {
    let Some((rest, extension)) = file_name.rsplit_once('.') else {
        return false;
    };
    if extension.is_empty() || !extension.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return false;
    }
    let rest = match extension {
        "wasm" => rest.strip_suffix("_bg").unwrap_or(rest),
        _ => rest,
    };
    let Some((stem, hash)) = rest.rsplit_once('-') else {
        return false;
    };
    !stem.is_empty()
        && hash.len() == 16
        && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The app's files (and the `304`s and ranges of them) say how long they
/// may be kept, and that what is sent depends on `Accept-Encoding` (ServeDir
/// looks for a compressed copy of any file); a `404` or a redirect says
/// nothing.
fn set_cache_headers(response: &mut Response, path: &str) {
    let status = response.status();
    if !(status.is_success() || status == StatusCode::NOT_MODIFIED) {
        return;
    }
    let name = path.rsplit('/').next().unwrap_or("");
    let name = percent_decode_str(name).decode_utf8_lossy();
    let value = if is_hashed(&name) {
        IMMUTABLE
    } else {
        REVALIDATE
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
}

/// Whether the request path names the build's compressed copy of a file
/// (`app.js.br` beside `app.js`): the copy is sent for the file's own name,
/// with its type and a `Content-Encoding`; by its own name it would be an
/// odd download of unknown type.
fn compressed_copy(root: &Path, path: &str) -> bool {
    let Ok(path) = percent_decode_str(path).decode_utf8() else {
        return true;
    };
    let relative = path.trim_start_matches('/');
    COMPRESSED_COPIES.iter().any(|suffix| {
        relative
            .strip_suffix(suffix)
            .and_then(|r| r.strip_suffix('.'))
            // No `..`: ServeDir refuses those, and nothing outside is probed.
            .filter(|original| !original.is_empty() && !original.split('/').any(|s| s == ".."))
            .is_some_and(|original| root.join(original).is_file())
    })
}

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "not found\n").into_response()
}

/// Whether the request path names a dotfile, or a file or folder that is (or
/// is reached through) a symbolic link under `root`. Decoded as ServeDir
/// decodes it, so `%2Eenv` is `.env`.
fn hidden_or_linked(root: &Path, path: &str) -> bool {
    let Ok(path) = percent_decode_str(path).decode_utf8() else {
        return true;
    };
    let segments = path.split('/').filter(|s| !s.is_empty());
    if segments.clone().any(|s| s.starts_with('.')) {
        return true;
    }
    let mut at = root.to_path_buf();
    for segment in segments {
        at.push(segment);
        match std::fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => return true,
            Ok(_) => {}
            // Not there: ServeDir finds nothing, and a deep link gets the app.
            Err(_) => return false,
        }
    }
    // A folder is served by its index.html.
    std::fs::symlink_metadata(at.join("index.html")).is_ok_and(|m| m.file_type().is_symlink())
}

/// The app's page for a path without a file extension; a missing file (one
/// with an extension) is not found. Served as ServeDir serves files:
/// precompressed when the build left copies, and with `Last-Modified`.
async fn deep_link(index: PathBuf, request: Request) -> Response {
    let last = request.uri().path().rsplit('/').next().unwrap_or("");
    if last.contains('.') {
        return not_found();
    }
    let page = ServeFile::new(&index)
        .precompressed_br()
        .precompressed_gzip();
    let response = match page.oneshot(request).await {
        Ok(response) => response.into_response(),
        Err(never) => match never {},
    };
    if response.status() == StatusCode::NOT_FOUND {
        return ApiError::internal(format!("{}: not found", index.display())).into_response();
    }
    response
}

/// A page with a first screen asked for with `GET`: which, and the tag
/// the client has of it (`If-None-Match`).
struct PageRequest {
    page: first_screen::Page,
    if_none_match: Option<HeaderValue>,
}

/// The page asked for, where it has a first screen (the cheap part: the
/// path alone, for every file the app is made of).
fn first_screen_request(request: &Request) -> Option<PageRequest> {
    if request.method() != axum::http::Method::GET {
        return None;
    }
    let uri = request.uri();
    Some(PageRequest {
        page: first_screen::Page::of(uri.path(), uri.query())?,
        if_none_match: request.headers().get(header::IF_NONE_MATCH).cloned(),
    })
}

/// `index.html` with the first screen of the page asked for, `no-cache` (it
/// is as new as the data) with a weak `ETag` of its HTML (a `304` when the
/// client has it); `None` where the page has none, or where reading it
/// fails (the app shows the page, and says what failed).
async fn with_first_screen(index: PathBuf, app: App, request: PageRequest) -> Option<Response> {
    let PageRequest {
        page,
        if_none_match,
    } = request;
    let html = tokio::task::spawn_blocking(move || {
        let html = std::fs::read_to_string(&index).ok()?;
        let now = time::OffsetDateTime::now_utc();
        page.write(&app, &html, now).ok().flatten()
    })
    .await
    .ok()
    .flatten()?;
    let tag = etag::etag(html.as_bytes());
    let headers = [
        (header::CACHE_CONTROL, HeaderValue::from_static(REVALIDATE)),
        (header::ETAG, tag.clone()),
    ];
    if if_none_match.is_some_and(|v| etag::matches(&v, &tag)) {
        return Some((StatusCode::NOT_MODIFIED, headers).into_response());
    }
    let html_type = (
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    Some(([html_type], headers, html).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_are_trunks_and_no_others() {
        for hashed in [
            "gongkai-333c5ef5360bec9e.js",
            "gongkai-333c5ef5360bec9e_bg.wasm",
            "gongkai-kiosk-43fad1d72b421698_bg.wasm",
            "tokens-8f3a0c1d2e4b5a69.css",
            "kiosk-attract-cdb9671d92a913a5.css",
            "logo-0123456789abcdef.svg",
        ] {
            assert!(is_hashed(hashed), "{hashed}");
        }
        for plain in [
            "",
            "index.html",
            "config.json",
            "sw.js",
            "chunk_12.wasm",
            "__wasm_split.js",
            "gongkai_bg.wasm",
            // Not 16 digits, not lowercase hex, no stem, no extension.
            "gongkai-333c5ef5360bec9.js",
            "gongkai-333c5ef5360bec9e0.js",
            "gongkai-333C5EF5360BEC9E.js",
            "gongkai-333c5ef5360bec9g.js",
            "-333c5ef5360bec9e.js",
            "gongkai-333c5ef5360bec9e",
            "gongkai-333c5ef5360bec9e.",
            // `_bg` belongs before `.wasm` only.
            "gongkai-333c5ef5360bec9e_bg.js",
            "org-333c5ef5360bec9e",
        ] {
            assert!(!is_hashed(plain), "{plain}");
        }
    }

    #[test]
    fn compressed_copies_are_known_by_their_original() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("kiosk")).unwrap();
        for file in [
            "app.js",
            "app.js.br",
            "app.js.gz",
            "kiosk/k.css",
            "kiosk/k.css.gz",
        ] {
            std::fs::write(root.join(file), "x").unwrap();
        }
        std::fs::write(root.join("report.gz"), "x").unwrap();
        for copy in [
            "/app.js.br",
            "/app.js.gz",
            "/kiosk/k.css.gz",
            "/app%2Ejs.br",
        ] {
            assert!(compressed_copy(root, copy), "{copy}");
        }
        // No original beside it: a file like any other (or not there).
        for file in [
            "/app.js",
            "/report.gz",
            "/other.js.br",
            "/.br",
            "/kiosk/k.css",
            "/kiosk/../app.js.br",
        ] {
            assert!(!compressed_copy(root, file), "{file}");
        }
    }
}
