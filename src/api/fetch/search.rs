//! Searching on the backend's side (`site.json`'s `search`, docs/api.md
//! "Search and counted lists" and "Static search index"): one counted page
//! of results for a board's filters, from a server's query endpoint or from
//! the chunks of a static index, instead of reading every page of a list.
//!
//! The first page of a list without search words (a board as it opens,
//! the home page's lists) is kept as the last good copy, as the lists are,
//! so a board opens offline; what people search for is never kept. Any
//! other search that fails is the caller's cue to read the lists instead
//! (`hooks::use_item_list`).

use std::cell::RefCell;
use std::sync::Arc;

use futures_util::future::join_all;
use time::OffsetDateTime;

use super::{
    cache_put, encode, fetch_text, or_cached, parse, resolve_item_links, resolve_url, Api,
    ApiError, Stale,
};
use crate::api::{
    oldest_stale, ApiResult, Item, Loaded as ApiLoaded, SearchKind, SearchPage, SearchService,
};
use crate::domain::filters::{Filters, StatusFilter};
use crate::domain::home::{each_once, BY_STATUS, NEWEST};
use crate::domain::search_index::{step, IndexQuery, Loaded, Manifest, Step};

/// What to search: a board (or the whole site), its filters and the page.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchRequest {
    /// The board's organisation; `None` for the whole site.
    pub org: Option<String>,
    /// With `org`, its organisations below too (含下级组织): every one of
    /// them, `org` first, as `domain::orgs::subtree` lists them (the static
    /// index filters by that list; a server by `sub=1`).
    pub subtree: Option<Vec<String>>,
    /// The filters and the search words; its `page` is not read.
    pub filters: Filters,
    /// The moment a status filter is taken at, for a static index (a
    /// server uses its own clock).
    pub now: OffsetDateTime,
    pub offset: usize,
    pub limit: usize,
}

/// A page of results: how many match in all, and the public entries of
/// the page, newest first, with their links resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    pub total: usize,
    pub offset: usize,
    pub items: Vec<Item>,
    /// The answer came from the last good copy.
    pub stale: Option<Stale>,
}

impl Found {
    fn from_page(page: SearchPage, stale: Option<Stale>) -> Found {
        Found {
            total: usize::try_from(page.total).unwrap_or(usize::MAX),
            offset: usize::try_from(page.offset).unwrap_or(usize::MAX),
            items: page.items,
            stale,
        }
    }
}

impl From<&Found> for SearchPage {
    fn from(found: &Found) -> SearchPage {
        SearchPage {
            total: found.total as u64,
            offset: found.offset as u64,
            items: found.items.clone(),
        }
    }
}

/// How many files of one static index build are kept parsed in memory at
/// most; past it they are dropped and loaded again when needed (from the
/// browser's HTTP cache: their names never change within a build).
const KEPT_INDEX_FILES: usize = 400;

/// How long a static index's manifest is trusted before it is read again,
/// so that a long-open page meets a new build.
const MANIFEST_FOR_MS: f64 = 5.0 * 60.0 * 1000.0;

/// The static index loaded so far: one per page (the app has one backend).
struct IndexState {
    manifest_url: String,
    manifest: Manifest,
    read_at: f64,
    loaded: Loaded,
    files: usize,
}

thread_local! {
    static INDEX: RefCell<Option<IndexState>> = const { RefCell::new(None) };
}

impl Api {
    /// Whether this app can use `service` (a kind it knows).
    pub fn can_search(service: &SearchService) -> bool {
        matches!(service.kind, SearchKind::Query | SearchKind::Index)
    }

    /// What a front page shows (the home page, the kiosk's attract loop):
    /// the items in 公示 at `now`, those announced, and the newest. Where
    /// the backend searches (`search`, from `site.json`), three short
    /// searches, merged without repeats; otherwise, or when any of them
    /// fails, every item of the site ([`Api::items`], with its offline
    /// copy). A site of 100 000 items is 1 000 list pages: only a backend
    /// that cannot search is read whole.
    pub async fn current_items(
        &self,
        search: Option<&SearchService>,
        now: OffsetDateTime,
    ) -> ApiResult<Vec<Item>> {
        if let Some(service) = search.filter(|s| Api::can_search(s)) {
            if let Some(items) = self.searched_current(service, now).await {
                return Ok(items);
            }
        }
        self.items(None).await
    }

    /// The three searches of [`Api::current_items`]; `None` when any fails.
    async fn searched_current(
        &self,
        service: &SearchService,
        now: OffsetDateTime,
    ) -> Option<ApiLoaded<Vec<Item>>> {
        let request = |status: Option<StatusFilter>, limit: usize| SearchRequest {
            org: None,
            subtree: None,
            filters: Filters {
                status,
                ..Filters::default()
            },
            now,
            offset: 0,
            limit,
        };
        let (open, upcoming, newest) = futures_util::future::join3(
            self.search(service, &request(Some(StatusFilter::Open), BY_STATUS)),
            self.search(service, &request(Some(StatusFilter::Upcoming), BY_STATUS)),
            self.search(service, &request(None, NEWEST)),
        )
        .await;
        let lists = [open.ok()?, upcoming.ok()?, newest.ok()?];
        let stale = oldest_stale(lists.iter().map(|found| &found.stale));
        let items = each_once(lists.into_iter().map(|found| found.items));
        Some(ApiLoaded {
            data: Arc::new(items),
            stale,
        })
    }

    /// One page of the items that match `request`, found by the backend;
    /// for a first page without search words, when the network or the
    /// server fails, the last good copy (marked stale).
    pub async fn search(
        &self,
        service: &SearchService,
        request: &SearchRequest,
    ) -> Result<Found, ApiError> {
        let found = match service.kind {
            SearchKind::Query => self.search_query(&service.path, request).await,
            SearchKind::Index => self.search_index(&service.path, request).await,
            SearchKind::Unknown => return Err(ApiError::NotFound),
        };
        let keep = request.offset == 0 && request.filters.query.trim().is_empty();
        if !keep {
            return Ok(self.public(found?));
        }
        // The copy's key: the query's URL, or the index's with the query.
        let key = format!("{}?{}", self.url(&service.path), query_string(request));
        match found {
            Ok(found) => {
                let found = self.public(found);
                // Kept as an answer's own JSON, so a copy reads like one.
                if let Ok(text) = serde_json::to_string(&SearchPage::from(&found)) {
                    cache_put(&key, &text);
                }
                Ok(found)
            }
            Err(error) => {
                let (text, stale) = or_cached(&key, Err(error))?;
                Ok(Found::from_page(parse(&text)?, stale))
            }
        }
    }

    /// `found` with its public entries alone, their links resolved.
    fn public(&self, found: Found) -> Found {
        Found {
            items: found
                .items
                .into_iter()
                .filter(Item::is_public)
                .map(|item| resolve_item_links(item, self.base()))
                .collect(),
            ..found
        }
    }

    async fn search_query(&self, path: &str, request: &SearchRequest) -> Result<Found, ApiError> {
        let url = self.url(&format!("{path}?{}", query_string(request)));
        let text = fetch_text(&url).await?;
        Ok(Found::from_page(parse(&text)?, None))
    }

    async fn search_index(&self, path: &str, request: &SearchRequest) -> Result<Found, ApiError> {
        let manifest_url = self.url(path);
        self.load_manifest(&manifest_url).await?;
        let query = index_query(request);
        // At most three rounds (grams and facets, texts, entries); one
        // more in case the build changed under a round.
        for _ in 0..4 {
            let next = INDEX.with_borrow(|index| {
                let index = index.as_ref().ok_or(ApiError::NotFound)?;
                step(&index.manifest, &index.loaded, &query)
                    .map_err(|e| ApiError::BadData(e.to_string()))
            })?;
            let paths = match next {
                Step::Done(page) => {
                    return Ok(Found {
                        total: page.total,
                        offset: page.offset,
                        items: page.items,
                        stale: None,
                    })
                }
                Step::Fetch(paths) => paths,
            };
            let urls: Vec<String> = paths
                .iter()
                .map(|p| resolve_url(p, &manifest_url).ok_or(ApiError::NotFound))
                .collect::<Result<_, _>>()?;
            let texts = join_all(urls.iter().map(|u| fetch_text(u))).await;
            INDEX.with_borrow_mut(|index| {
                let index = index.as_mut().ok_or(ApiError::NotFound)?;
                if index.files + paths.len() > KEPT_INDEX_FILES {
                    index.loaded = Loaded::default();
                    index.files = 0;
                }
                for (path, text) in paths.iter().zip(texts) {
                    index
                        .loaded
                        .insert(&index.manifest, path, &text?)
                        .map_err(|e| ApiError::BadData(e.to_string()))?;
                    index.files += 1;
                }
                Ok::<_, ApiError>(())
            })?;
        }
        Err(ApiError::BadData("the search index did not settle".into()))
    }

    /// Reads the index's manifest, unless the one read lately is of the
    /// same URL; a new build starts with nothing loaded.
    async fn load_manifest(&self, url: &str) -> Result<(), ApiError> {
        let now = js_sys::Date::now();
        let fresh = INDEX.with_borrow(|index| {
            index
                .as_ref()
                .is_some_and(|i| i.manifest_url == url && now - i.read_at < MANIFEST_FOR_MS)
        });
        if fresh {
            return Ok(());
        }
        let text = fetch_text(url).await?;
        let manifest = Manifest::from_json(&text).map_err(|e| ApiError::BadData(e.to_string()))?;
        INDEX.with_borrow_mut(|index| match index {
            Some(i) if i.manifest_url == url && i.manifest == manifest => i.read_at = now,
            _ => {
                *index = Some(IndexState {
                    manifest_url: url.to_owned(),
                    manifest,
                    read_at: now,
                    loaded: Loaded::default(),
                    files: 0,
                })
            }
        });
        Ok(())
    }
}

/// The query endpoint's parameters for `request` (docs/api.md): the
/// board's own filter parameters (the same names and values), without the
/// board's `sub` and `page`, which the endpoint takes as `sub`, `offset` and
/// `limit`.
fn query_string(request: &SearchRequest) -> String {
    let mut params: Vec<(&str, String)> = request
        .filters
        .to_query()
        .into_iter()
        .filter(|(key, value)| match *key {
            "sub" | "page" => false,
            "q" => !value.trim().is_empty(),
            _ => true,
        })
        .collect();
    if let Some(org) = &request.org {
        params.push(("org", org.clone()));
        if request.subtree.as_ref().is_some_and(|s| s.len() > 1) {
            params.push(("sub", "1".into()));
        }
    }
    params.push(("offset", request.offset.to_string()));
    params.push(("limit", request.limit.to_string()));
    params
        .into_iter()
        .map(|(k, v)| format!("{k}={}", encode(&v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The static index's query for `request`.
fn index_query(request: &SearchRequest) -> IndexQuery {
    let f = &request.filters;
    IndexQuery {
        query: f.query.clone(),
        orgs: match (&request.org, &request.subtree) {
            (_, Some(orgs)) => Some(orgs.clone()),
            (Some(org), None) => Some(vec![org.clone()]),
            (None, None) => None,
        },
        category: f.category.clone(),
        kind: f.kind,
        status: f.status.map(|s| (s, request.now)),
        year: f.year,
        quarter: f.quarter,
        offset: request.offset,
        limit: request.limit,
    }
}
