//! `use_shared()`: what every page reads, loaded once at start-up in
//! parallel: the site, the organisations and the working-day calendar. The
//! shell loads and provides it (`provide_shared`).

use std::sync::Arc;

use leptos::prelude::*;

use crate::api::{Api, ApiResult, Organisation, Site};
use crate::domain::calendar::WorkCalendar;
use crate::domain::clock::china_date;

use super::AppClock;

/// Data every page shares, loaded once at start-up (in parallel).
#[derive(Clone, Copy)]
pub struct SharedData {
    pub site: LocalResource<ApiResult<Site>>,
    pub orgs: LocalResource<ApiResult<Vec<Organisation>>>,
    pub calendar: LocalResource<Arc<WorkCalendar>>,
}

/// What every page renders from: the shared data and the page's own resource.
pub struct PageData<T> {
    pub site: ApiResult<Site>,
    pub orgs: ApiResult<Vec<Organisation>>,
    pub calendar: Arc<WorkCalendar>,
    pub own: T,
}

impl SharedData {
    /// Starts loading from `api`: the site, the organisations, and the
    /// calendar of the year `clock` is in (reloaded when the year turns).
    pub fn load(api: &Api, clock: AppClock) -> Self {
        let site = LocalResource::new({
            let api = api.clone();
            move || {
                let api = api.clone();
                async move { api.site().await }
            }
        });
        let orgs = LocalResource::new({
            let api = api.clone();
            move || {
                let api = api.clone();
                async move { api.orgs().await }
            }
        });
        let calendar = LocalResource::new({
            let api = api.clone();
            move || {
                let api = api.clone();
                let today = china_date(clock.now());
                async move {
                    // This year's calendar; last year's in January and next
                    // year's in December, when periods may cross the new year.
                    let year = today.year();
                    let mut wanted = vec![year];
                    match today.month() {
                        time::Month::January => wanted.insert(0, year - 1),
                        time::Month::December => wanted.push(year + 1),
                        _ => {}
                    }
                    let mut years = Vec::new();
                    for y in wanted {
                        // A missing or failing calendar falls back to the built-in one.
                        if let Ok(Some(c)) = api.calendar(y).await {
                            years.push(c);
                        }
                    }
                    Arc::new(WorkCalendar::builtin().with_years(&years))
                }
            }
        });
        SharedData {
            site,
            orgs,
            calendar,
        }
    }

    pub fn refetch(&self) {
        self.site.refetch();
        self.orgs.refetch();
        self.calendar.refetch();
    }

    /// The page's data once the shared resources and `own` have all loaded
    /// (tracked, so a render closure re-runs as each arrives); `None` before.
    pub fn page<T: Clone + 'static>(&self, own: LocalResource<T>) -> Option<PageData<T>> {
        Some(PageData {
            site: self.site.get()?,
            orgs: self.orgs.get()?,
            calendar: self.calendar.get()?,
            own: own.get()?,
        })
    }

    /// The full name of organisation `id` (tracked), or the id itself while
    /// the organisations load or when it is not among them.
    pub fn org_name(&self, id: &str) -> String {
        self.orgs
            .get()
            .and_then(Result::ok)
            .and_then(|orgs| {
                orgs.data
                    .iter()
                    .find(|o| o.id == id)
                    .map(|o| o.name.clone())
            })
            .unwrap_or_else(|| id.to_owned())
    }

    /// A 重试 that reloads the shared data and the page's own resource.
    pub fn retry_with<T: 'static>(self, own: LocalResource<T>) -> Callback<()> {
        Callback::new(move |_| {
            self.refetch();
            own.refetch();
        })
    }
}

/// Loads the shared data from `api` and provides it.
pub fn provide_shared(api: &Api, clock: AppClock) -> SharedData {
    let shared = SharedData::load(api, clock);
    provide_context(shared);
    shared
}

pub fn use_shared() -> SharedData {
    expect_context::<SharedData>()
}
