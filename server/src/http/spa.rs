//! The app itself: files from the built `dist/`, `index.html` for deep
//! links (paths without a file extension), and a `config.json` that points
//! the app at this server's API.

use std::path::PathBuf;

use axum::extract::State;
use axum::handler::HandlerWithoutStateExt;
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use gongkai::api::AppConfig;
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
    Ok(json(StatusCode::OK, &config))
}

/// Serves the app's files, and `index.html` for deep links.
pub fn attach(router: Router<App>, dir: Option<PathBuf>) -> Router<App> {
    match dir {
        Some(dir) => {
            let index = dir.join("index.html");
            let deep_links = move |uri: Uri| {
                let index = index.clone();
                async move { deep_link(index, uri.path()).await }
            };
            router.fallback_service(
                ServeDir::new(dir)
                    .append_index_html_on_directories(true)
                    .fallback(deep_links.into_service()),
            )
        }
        None => router.fallback(|| async {
            (
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                "gongkai-server: the API is at /api/v1/site.json. Start with --spa <dir> to serve the app too.\n",
            )
        }),
    }
}

async fn deep_link(index: PathBuf, path: &str) -> Response {
    let last = path.rsplit('/').next().unwrap_or("");
    if last.contains('.') {
        return (StatusCode::NOT_FOUND, "not found\n").into_response();
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
