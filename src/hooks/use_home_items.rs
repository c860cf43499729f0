//! `use_home_items`: the items the home page lists: those in 公示 now,
//! those announced, and the latest ([`crate::api::Api::current_items`]: three short
//! searches where the backend searches, `site.json`'s `search`; otherwise,
//! or when a search fails, every item of the site, with the lists' offline
//! copies).

use leptos::prelude::*;

use crate::api::{ApiResult, Item};
use crate::hooks::{use_api, use_clock, use_shared};

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
            let search = site?.ok().and_then(|site| site.data.search.clone());
            Some(api.current_items(search.as_ref(), now).await)
        }
    })
}
