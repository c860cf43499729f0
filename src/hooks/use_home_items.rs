//! `use_home_items`: the items the home page lists: those in 公示 now,
//! those announced, and the latest. Where the backend searches
//! (`site.json`'s `search`), it is asked for these three short lists;
//! otherwise, or when the search fails, every item of the site is read
//! (the lists have their offline copies).

use leptos::prelude::*;
use time::OffsetDateTime;

use std::sync::Arc;

use crate::api::{oldest_stale, Api, ApiResult, Item, Loaded, SearchRequest, SearchService};
use crate::domain::filters::{Filters, StatusFilter};
use crate::hooks::{use_api, use_clock, use_shared};

/// How many entries of each status the home page asks for at most (the
/// query endpoint's largest page): more than a town has in 公示 at once.
const BY_STATUS: usize = 100;

/// How many of the newest entries are asked for: the latest the home page
/// lists are those not in 公示 or announced, so it asks for more than it
/// shows.
const NEWEST: usize = 50;

/// The home page's items, once the site is known: `None` before (a
/// resource's next run waits for its last one, so it must not wait for
/// the site itself).
pub fn use_home_items() -> LocalResource<Option<ApiResult<Vec<Item>>>> {
    let api = use_api();
    let shared = use_shared();
    let clock = use_clock();
    LocalResource::new(move || {
        let api = api.clone();
        let now = clock.now();
        // Tracked: the lists are asked for once the site is known (which
        // says whether the backend searches), and not before.
        let site = shared.site.get();
        async move {
            let site = site?;
            let search = site
                .ok()
                .and_then(|site| site.data.search.clone())
                .filter(Api::can_search);
            if let Some(service) = search {
                if let Some(items) = searched(&api, &service, now).await {
                    return Some(Ok(items));
                }
            }
            Some(api.items(None).await)
        }
    })
}

/// The three lists from the backend's search, merged without repeats;
/// `None` when any of them fails.
async fn searched(
    api: &Api,
    service: &SearchService,
    now: OffsetDateTime,
) -> Option<Loaded<Vec<Item>>> {
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
        api.search(service, &request(Some(StatusFilter::Open), BY_STATUS)),
        api.search(service, &request(Some(StatusFilter::Upcoming), BY_STATUS)),
        api.search(service, &request(None, NEWEST)),
    )
    .await;
    let lists = [open.ok()?, upcoming.ok()?, newest.ok()?];
    let stale = oldest_stale(lists.iter().map(|found| &found.stale));
    let mut items: Vec<Item> = Vec::new();
    for item in lists.into_iter().flat_map(|found| found.items) {
        if !items.iter().any(|i| i.id == item.id) {
            items.push(item);
        }
    }
    Some(Loaded {
        data: Arc::new(items),
        stale,
    })
}
