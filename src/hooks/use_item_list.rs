//! `use_item_list`: a board's items. Where the backend searches
//! (`site.json`'s `search`), it is asked for the page of results shown, for
//! the filters of the moment, and nothing else is loaded. Otherwise the list
//! is loaded page by page: the first page is shown as soon as it comes; the
//! rest follow in the background, with no cap on the number of pages,
//! folded for search as they arrive ([`crate::domain::paging::Loading`]),
//! and the view filters them. A search that fails (offline, an old server)
//! falls back to loading the list, which has its offline copy. A change of
//! list (another board, 含下级组织) drops the work in progress, and so does
//! leaving the page.

use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use time::OffsetDateTime;

use crate::api::{oldest_stale, Api, ApiError, SearchRequest, SearchService, Stale};
use crate::domain::filters::Filters;
use crate::domain::paging::{
    page_count, page_offset, year_span, Loading, WalkEnd, RESULTS_PER_PAGE,
};
use crate::domain::search::Searchable;
use crate::hooks::use_api;

/// Which list: one organisation's own, or (含下级组织) those of every
/// organisation below it too, and how it can be searched.
#[derive(Clone, Debug, PartialEq)]
pub struct ListSource {
    /// The board's organisation.
    pub org: String,
    /// `org` and (含下级组织) every organisation below it
    /// (`domain::orgs::subtree`); `org` alone for its own list.
    pub orgs: Vec<String>,
    /// The backend's search, when it has one this app knows.
    pub search: Option<SearchService>,
}

impl ListSource {
    /// Whether the list holds the organisations' below too.
    pub fn includes_sub(&self) -> bool {
        self.orgs.len() > 1
    }

    /// The backend's search for this list: `limit` results from `offset`
    /// that pass `filters` (a status taken at `now`).
    fn request(
        &self,
        filters: Filters,
        now: OffsetDateTime,
        offset: usize,
        limit: usize,
    ) -> SearchRequest {
        SearchRequest {
            org: Some(self.org.clone()),
            subtree: self.includes_sub().then(|| self.orgs.clone()),
            filters,
            now,
            offset,
            limit,
        }
    }
}

/// A page of results the backend found: the entries of the list are this
/// page alone, already filtered, newest first.
#[derive(Clone, Debug, PartialEq)]
pub struct Served {
    /// The filters (and page) the entries answer.
    pub filters: Filters,
    /// How many match in all.
    pub total: usize,
}

/// The list as far as it has loaded.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ItemListState {
    /// The list these entries are of; `None` before one is asked for.
    pub source: Option<ListSource>,
    pub list: Loading,
    /// Some page came from the last good copy.
    pub stale: Option<Stale>,
    /// The walk failed: before the first page (nothing to show), or part
    /// way (what came is shown, with the error).
    pub error: Option<ApiError>,
    /// Whether the first page has come (or the walk has failed).
    pub started: bool,
    /// Where the backend searched: the page of results it gave.
    pub served: Option<Served>,
}

/// How often, at most, the view hears of pages after the first: each update
/// runs the filters over every entry so far.
const UPDATE_EVERY_MS: f64 = 150.0;

/// The list `source` gives (tracked), for `filters` where the backend
/// searches, with a status filter taken at `now`; and a 重试 that loads it
/// again from the start.
pub fn use_item_list(
    source: impl Fn() -> Option<ListSource> + Send + Sync + 'static,
    filters: Signal<Filters>,
    now: impl Fn() -> OffsetDateTime + Send + Sync + 'static,
) -> (ReadSignal<ItemListState>, Callback<()>) {
    let api = use_api();
    let (state, set_state) = signal(ItemListState::default());
    let again = RwSignal::new(0u32);
    // The search failed: the list is read instead, until 重试.
    let fell_back = RwSignal::new(false);
    // Compared by value: a search or a filter, which re-run what `source`
    // reads, never start the list again.
    let source = Memo::new(move |_| source());
    let searched = move |s: &ListSource| s.search.is_some() && !fell_back.get();
    // The list itself: reset, then walked, or (where the backend searches)
    // only its years asked for.
    Effect::new({
        let api = api.clone();
        move |_| {
            again.track();
            let source = source.get();
            set_state.set(ItemListState {
                source: source.clone(),
                ..ItemListState::default()
            });
            let Some(source) = source else { return };
            let api = api.clone();
            let search = searched(&source);
            // Cancelled when the effect runs again or its owner goes: the
            // request in flight is aborted with it (`api::fetch`).
            // Untracked: nothing the task reads may start it again.
            untrack(move || match search {
                true => spawn_local_scoped_with_cancellation(years(api, source, set_state)),
                false => spawn_local_scoped_with_cancellation(walk(api, source, set_state)),
            });
        }
    });
    // Where the backend searches: the page of results for the filters.
    Effect::new(move |_| {
        again.track();
        let Some(source) = source.get().filter(|s| searched(s)) else {
            return;
        };
        let Some(service) = source.search.clone() else {
            return;
        };
        let filters = filters.get();
        let api = api.clone();
        let now = now();
        untrack(move || {
            spawn_local_scoped_with_cancellation(async move {
                let page = filters.page_number();
                let mut request =
                    source.request(filters.clone(), now, page_offset(page), RESULTS_PER_PAGE);
                let mut found = api.search(&service, &request).await;
                // Past the last page (a link kept from a longer list): the
                // last page, as a list read on the device shows it.
                if let Ok(f) = &found {
                    let last = page_count(f.total);
                    if f.items.is_empty() && page > last && f.total > 0 {
                        request.offset = page_offset(last);
                        found = api.search(&service, &request).await;
                    }
                }
                match found {
                    Ok(found) => set_state.update(|s| {
                        if s.source.as_ref() != Some(&source) {
                            return;
                        }
                        s.started = true;
                        s.error = None;
                        s.stale = found.stale.clone();
                        s.served = Some(Served {
                            filters,
                            total: found.total,
                        });
                        let years = std::mem::take(&mut s.list.years);
                        s.list = Loading::default();
                        s.list.extend(found.items);
                        if !years.is_empty() {
                            s.list.years = years;
                        }
                        s.list.total = u64::try_from(found.total).ok();
                        s.list.end = Some(WalkEnd::Done);
                    }),
                    // Read the list instead (it has its offline copy).
                    Err(_) => fell_back.set(true),
                }
            })
        });
    });
    let retry = Callback::new(move |_| {
        fell_back.set(false);
        again.update(|n| *n += 1);
    });
    (state, retry)
}

/// The year filter's choices for a list the backend searches: the years
/// from its newest entry to its oldest (two one-entry pages).
async fn years(api: Api, source: ListSource, set_state: WriteSignal<ItemListState>) {
    let Some(service) = source.search.clone() else {
        return;
    };
    let mut request = source.request(Filters::default(), OffsetDateTime::UNIX_EPOCH, 0, 1);
    let Ok(newest) = api.search(&service, &request).await else {
        return;
    };
    let mut ends = newest.items;
    if newest.total > 1 {
        request.offset = newest.total - 1;
        if let Ok(oldest) = api.search(&service, &request).await {
            ends.extend(oldest.items);
        }
    }
    set_state.update(|s| s.list.years = year_span(&ends));
}

/// Reads the list page by page into the state, at most every
/// [`UPDATE_EVERY_MS`] after the first.
async fn walk(api: Api, source: ListSource, set_state: WriteSignal<ItemListState>) {
    let mut pending = Loading::default();
    let mut stale: Option<Stale> = None;
    let mut last_update = f64::NEG_INFINITY;
    let flush = |pending: &mut Loading, stale: &Option<Stale>| {
        let batch = std::mem::take(&mut pending.entries);
        let (total, skipped) = (pending.total, std::mem::take(&mut pending.skipped));
        set_state.update(|s| {
            s.started = true;
            s.list.extend_searchable(batch);
            s.list.total = total;
            s.list.skipped += skipped;
            s.stale = oldest_stale([&s.stale, stale]);
        });
    };
    // Its own list, or the site's kept to the organisations.
    let (org, only) = match source.includes_sub() {
        false => (Some(source.org.as_str()), None),
        true => (None, Some(&source.orgs)),
    };
    let end = api
        .walk_items(org, |page| {
            pending.entries.extend(
                page.items
                    .into_iter()
                    .filter(|i| only.is_none_or(|o| o.contains(&i.org)))
                    .map(Searchable::new),
            );
            // A site-wide total says nothing of a part of the site.
            pending.total = page.total.filter(|_| only.is_none());
            pending.skipped += page.skipped;
            stale = oldest_stale([&stale, &page.stale]);
            let now = js_sys::Date::now();
            if now - last_update >= UPDATE_EVERY_MS {
                last_update = now;
                flush(&mut pending, &stale);
            }
        })
        .await;
    flush(&mut pending, &stale);
    set_state.update(|s| match end {
        Ok(end) => s.list.end = Some(end),
        Err(error) => s.error = Some(error),
    });
}
