//! The read side of the contract, as `openapi.yaml` describes it. List
//! pages follow the static demo's layout: `items.json`, then
//! `items/pages/2.json` …, each `next` relative to the page it is in.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use futures_util::Stream;
use gongkai::api::{
    FeedbackKind, FeedbackService, ItemPage, KioskHeartbeatService, ReplyPage, SearchKind,
    SearchService, Site,
};

use gongkai_demo::next_page_link;

use super::{blocking, calendar, json, ApiError, App, ServerConfig};
use crate::store::{Store, StoreError, StoredFile};

type Result<T> = std::result::Result<T, ApiError>;

/// `2.json` → 2, for pages after the first; anything else is not a page.
fn page_number(file: &str) -> Result<usize> {
    file.strip_suffix(".json")
        .and_then(|n| n.parse::<usize>().ok())
        .filter(|n| *n >= 2 && n.to_string().len() == file.len() - 5)
        .ok_or_else(ApiError::not_found)
}

pub async fn site(State(app): State<App>) -> Result<Response> {
    let config = Arc::clone(&app.config);
    let site = blocking(move || app.store.site().map_err(ApiError::from)).await?;
    let site = site.ok_or_else(|| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "not-set-up",
            "公开栏还没有内容",
        )
        .detail("服务器启动时没有载入内容：去掉 --no-demo 以载入示例，或用 `gongkai-server import <目录>` 导入")
    })?;
    Ok(json(StatusCode::OK, &as_served(site, &config)))
}

/// The stored `site.json` with what this server offers, whatever the
/// imported one said: feedback, the kiosk heartbeat (unless turned off) and
/// its search (unless `--no-search`).
pub(super) fn as_served(mut site: Site, config: &ServerConfig) -> Site {
    site.feedback = Some(FeedbackService {
        kinds: FeedbackKind::ALL.to_vec(),
        reply_working_days: config.reply_working_days,
    });
    site.kiosk_heartbeat =
        config
            .kiosk_heartbeat_seconds
            .map(|interval_seconds| KioskHeartbeatService {
                path: crate::kiosk::HEARTBEAT_PATH.to_owned(),
                interval_seconds,
            });
    // A static index named by an imported site.json is not served here.
    site.search = config.search.then(|| SearchService {
        kind: SearchKind::Query,
        path: super::search::SEARCH_PATH.to_owned(),
    });
    site
}

pub async fn orgs(State(app): State<App>) -> Result<Response> {
    let orgs = blocking(move || app.store.orgs().map_err(ApiError::from)).await?;
    Ok(json(StatusCode::OK, &orgs))
}

async fn items_page(app: App, org: Option<String>, page: usize) -> Result<Response> {
    let size = app.config.page_size;
    let found = blocking(move || {
        if let Some(org) = &org {
            if !app.store.org_exists(org)? {
                return Err(ApiError::not_found());
            }
        }
        let now = time::OffsetDateTime::now_utc();
        Ok(app.store.items_page(org.as_deref(), page, size, now)?)
    })
    .await?;
    if found.items.is_empty() && page > 1 {
        return Err(ApiError::not_found());
    }
    Ok(json(
        StatusCode::OK,
        &ItemPage {
            items: found.items,
            next: next_page_link("items", page, found.more),
            total: Some(found.total),
            skipped: Vec::new(),
        },
    ))
}

pub async fn all_items(State(app): State<App>) -> Result<Response> {
    items_page(app, None, 1).await
}

pub async fn all_items_page(State(app): State<App>, Path(file): Path<String>) -> Result<Response> {
    items_page(app, None, page_number(&file)?).await
}

pub async fn org_items(State(app): State<App>, Path(org): Path<String>) -> Result<Response> {
    items_page(app, Some(org), 1).await
}

pub async fn org_items_page(
    State(app): State<App>,
    Path((org, file)): Path<(String, String)>,
) -> Result<Response> {
    items_page(app, Some(org), page_number(&file)?).await
}

pub async fn item(State(app): State<App>, Path(file): Path<String>) -> Result<Response> {
    let id = file
        .strip_suffix(".json")
        .ok_or_else(ApiError::not_found)?
        .to_owned();
    let item = blocking(move || {
        Ok(app
            .store
            .public_item(&id, time::OffsetDateTime::now_utc())?)
    })
    .await?;
    Ok(json(StatusCode::OK, &item.ok_or_else(ApiError::not_found)?))
}

async fn replies_page(app: App, org: String, page: usize) -> Result<Response> {
    let size = app.config.page_size;
    let (replies, more) = blocking(move || {
        if !app.store.org_exists(&org)? {
            return Err(ApiError::not_found());
        }
        let cal = calendar(&app.store)?;
        Ok(app.store.public_replies(&org, page, size, &cal)?)
    })
    .await?;
    if replies.is_empty() && page > 1 {
        return Err(ApiError::not_found());
    }
    Ok(json(
        StatusCode::OK,
        &ReplyPage {
            replies,
            next: next_page_link("replies", page, more),
            skipped: Vec::new(),
        },
    ))
}

pub async fn replies(State(app): State<App>, Path(org): Path<String>) -> Result<Response> {
    replies_page(app, org, 1).await
}

pub async fn replies_page_n(
    State(app): State<App>,
    Path((org, file)): Path<(String, String)>,
) -> Result<Response> {
    replies_page(app, org, page_number(&file)?).await
}

pub async fn calendar_year(State(app): State<App>, Path(file): Path<String>) -> Result<Response> {
    let year: i32 = file
        .strip_suffix(".json")
        .and_then(|y| y.parse().ok())
        .ok_or_else(ApiError::not_found)?;
    let data = blocking(move || Ok(app.store.calendar(year)?)).await?;
    Ok(json(StatusCode::OK, &data.ok_or_else(ApiError::not_found)?))
}

/// Bytes per read of an attachment: a download holds a chunk or two.
const CHUNK: usize = 64 * 1024;

/// `GET /api/files/{path}`: streamed, a chunk per short blocking call, so a
/// client that reads slowly (or not at all) holds no thread, no read
/// transaction and no copy of the file.
pub async fn file(State(app): State<App>, Path(path): Path<String>) -> Result<Response> {
    let key = format!("files/{path}");
    let store = app.store.clone();
    let file = blocking(move || Ok(store.open_file(&key)?))
        .await?
        .ok_or_else(ApiError::not_found)?;
    Ok((
        [
            (header::CONTENT_TYPE, file.media_type.clone()),
            (header::CONTENT_LENGTH, file.len.to_string()),
            (header::CACHE_CONTROL, "public, max-age=3600".to_owned()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        Body::from_stream(chunks(app.store, file)),
    )
        .into_response())
}

/// The file's bytes in order. An error (the content was replaced, say) ends
/// the stream, and hyper then closes the connection short of the
/// Content-Length, which clients take as a failed download.
fn chunks(
    store: Store,
    file: StoredFile,
) -> impl Stream<Item = std::result::Result<Bytes, StoreError>> {
    let file = Arc::new(file);
    futures_util::stream::try_unfold(0, move |offset: u64| {
        let (store, file) = (store.clone(), file.clone());
        async move {
            if offset >= file.len {
                return Ok(None);
            }
            let path = file.path.clone();
            let read =
                tokio::task::spawn_blocking(move || store.read_file(&file, offset, CHUNK)).await;
            let chunk = match read {
                Ok(Ok(bytes)) if !bytes.is_empty() => Ok(bytes),
                Ok(Ok(_)) => Err(StoreError::Other(format!(
                    "{path}: shorter than when the download began"
                ))),
                Ok(Err(e)) => Err(e),
                Err(e) => Err(StoreError::Other(e.to_string())),
            }
            .inspect_err(|e| eprintln!("gongkai-server: download stopped: {e}"))?;
            let next = offset + chunk.len() as u64;
            Ok(Some((Bytes::from(chunk), next)))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_after_the_first_only() {
        assert_eq!(page_number("2.json").unwrap(), 2);
        assert_eq!(page_number("12.json").unwrap(), 12);
        for bad in ["1.json", "0.json", "02.json", "2", "x.json", "+3.json"] {
            assert!(page_number(bad).is_err(), "{bad}");
        }
        assert_eq!(
            next_page_link("items", 1, true).as_deref(),
            Some("items/pages/2.json")
        );
        assert_eq!(next_page_link("items", 2, true).as_deref(), Some("3.json"));
        assert_eq!(next_page_link("items", 3, false), None);
    }
}
