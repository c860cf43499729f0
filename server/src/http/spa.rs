//! The app itself: files from the built `dist/`, `index.html` for deep
//! links (paths without a file extension), and a `config.json` that points
//! the app at this server's API. Dotfiles (`.env`, `.git/`) and anything
//! reached through a symbolic link are not served.

use std::path::{Path, PathBuf};

use axum::extract::{Request, State};
use axum::handler::HandlerWithoutStateExt;
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use gongkai::api::AppConfig;
use percent_encoding::percent_decode_str;
use tower::ServiceExt;
use tower_http::services::ServeDir;

use super::{blocking, json, ApiError, App};

/// `GET /config.json`
pub async fn config(State(app): State<App>) -> Result<Response, ApiError> {
    let site = blocking(move || Ok(app.store.site()?)).await?;
    let config = AppConfig {
        api_base: "api/".into(),
        title: site.as_ref().map(|s| s.title.clone()),
        default_org: site.map(|s| s.root_org),
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

/// Serves the app's files, and `index.html` for deep links: the kiosk's
/// (`kiosk/index.html`) under `/kiosk/`.
pub fn attach(router: Router<App>, dir: Option<PathBuf>) -> Router<App> {
    match dir {
        Some(dir) => {
            let index = dir.join("index.html");
            let kiosk_index = dir.join(KIOSK_FOLDER).join("index.html");
            let deep_links = move |uri: Uri| {
                // The kiosk's pages are its own app (dist/kiosk/).
                let in_kiosk = uri
                    .path()
                    .strip_prefix('/')
                    .and_then(|p| p.strip_prefix(KIOSK_FOLDER))
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
                let index = if in_kiosk { kiosk_index.clone() } else { index.clone() };
                async move { deep_link(index, uri.path()).await }
            };
            let files = ServeDir::new(&dir)
                .append_index_html_on_directories(true)
                .fallback(deep_links.into_service());
            router.fallback(move |request: Request| {
                let (root, files) = (dir.clone(), files.clone());
                async move {
                    let path = request.uri().path().to_owned();
                    let refused = tokio::task::spawn_blocking(move || hidden_or_linked(&root, &path))
                        .await
                        .unwrap_or(true);
                    if refused {
                        return not_found();
                    }
                    match files.oneshot(request).await {
                        Ok(response) => response.into_response(),
                        Err(never) => match never {},
                    }
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

async fn deep_link(index: PathBuf, path: &str) -> Response {
    let last = path.rsplit('/').next().unwrap_or("");
    if last.contains('.') {
        return not_found();
    }
    match tokio::fs::read(&index).await {
        Ok(html) => (
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            html,
        )
            .into_response(),
        Err(e) => ApiError::internal(format!("{}: {e}", index.display())).into_response(),
    }
}
