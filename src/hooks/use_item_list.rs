//! `use_item_list`: a board's items, loaded page by page. The first page is
//! shown as soon as it comes; the rest follow in the background, with no cap
//! on the number of pages, folded for search as they arrive
//! ([`crate::domain::paging::Loading`]). A change of list (another board,
//! 含下级组织) drops the walk in progress, and so does leaving the page.

use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;

use crate::api::{oldest_stale, ApiError, Stale};
use crate::domain::paging::Loading;
use crate::domain::search::Searchable;
use crate::hooks::use_api;

/// Which list to walk: one organisation's own (`org`), or every item of the
/// site (`None`), of which only those of `only`'s organisations are kept.
#[derive(Clone, Debug, PartialEq)]
pub struct ListSource {
    pub org: Option<String>,
    pub only: Option<Vec<String>>,
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
}

/// How often, at most, the view hears of pages after the first: each update
/// runs the filters over every entry so far.
const UPDATE_EVERY_MS: f64 = 150.0;

/// Walks the list `source` gives (tracked) and returns its state, and a
/// 重试 that walks it again from the start.
pub fn use_item_list(
    source: impl Fn() -> Option<ListSource> + Send + Sync + 'static,
) -> (ReadSignal<ItemListState>, Callback<()>) {
    let api = use_api();
    let (state, set_state) = signal(ItemListState::default());
    let again = RwSignal::new(0u32);
    // Compared by value: a search or a filter, which re-run what `source`
    // reads, never start the walk again.
    let source = Memo::new(move |_| source());
    Effect::new(move |_| {
        again.track();
        let source = source.get();
        set_state.set(ItemListState {
            source: source.clone(),
            ..ItemListState::default()
        });
        let Some(source) = source else { return };
        let api = api.clone();
        // Cancelled when the effect runs again or its owner goes: the
        // request in flight is aborted with it (`api::fetch`). Untracked:
        // nothing the walk reads may start it again.
        untrack(move || {
            spawn_local_scoped_with_cancellation(async move {
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
                let only = source.only.clone();
                let end = api
                    .walk_items(source.org.as_deref(), |page| {
                        pending.entries.extend(
                            page.items
                                .into_iter()
                                .filter(|i| only.as_ref().is_none_or(|o| o.contains(&i.org)))
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
            })
        });
    });
    let retry = Callback::new(move |_| again.update(|n| *n += 1));
    (state, retry)
}
