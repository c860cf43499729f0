//! `use_shared()`: what every page reads, loaded once at start-up in
//! parallel: the site, the organisations and the working-day calendar. The
//! shell loads and provides it (`provide_shared`).
//!
//! The kiosk builds it anew for each person's session
//! (`provide_shared_kept`), so no view of one session stays subscribed to
//! data that outlives it; the loads themselves are kept between sessions
//! (public data only) and fetched again only when the kiosk's `refresh`
//! has moved on, so a person walking away does not load the intranet.

use std::sync::Arc;

use leptos::prelude::*;

use crate::api::{Api, ApiResult, Organisation, Site};
use crate::domain::calendar::{calendar_years, WorkCalendar};
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
        Self::load_kept(api, clock, None)
    }

    /// As [`SharedData::load`]; with `keep`, a fresh load is kept beside
    /// the value `keep` had (tracked), and taken again instead of fetching
    /// while it has that value.
    fn load_kept(api: &Api, clock: AppClock, keep: Option<Signal<u32>>) -> Self {
        // Asked for before the frame is drawn: the resources below start
        // only once the render that creates them has run. Data kept for a
        // kiosk's session is not asked for again.
        if keep.is_none() {
            api.request_start_up(&calendar_years(china_date(clock.now())));
        }
        let site = LocalResource::new({
            let api = api.clone();
            move || {
                let api = api.clone();
                let keep = kept::generation(keep);
                async move { kept::site(keep, api.site()).await }
            }
        });
        let orgs = LocalResource::new({
            let api = api.clone();
            move || {
                let api = api.clone();
                let keep = kept::generation(keep);
                async move { kept::orgs(keep, api.orgs()).await }
            }
        });
        let calendar = LocalResource::new({
            let api = api.clone();
            move || {
                let api = api.clone();
                let today = china_date(clock.now());
                let keep = kept::generation(keep);
                async move {
                    if let Some(kept) = kept::calendar(keep, today) {
                        return kept;
                    }
                    // Asked for together: each page waits for the calendar.
                    // A missing or failing one falls back to the built-in one.
                    let asked = futures_util::future::join_all(
                        calendar_years(today).into_iter().map(|y| api.calendar(y)),
                    );
                    let years: Vec<_> = asked
                        .await
                        .into_iter()
                        .filter_map(|c| c.ok().flatten())
                        .collect();
                    let calendar = Arc::new(WorkCalendar::builtin().with_years(&years));
                    kept::keep_calendar(keep, today, &calendar);
                    calendar
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

    /// The shared data alone (tracked), once all of it has loaded, for a
    /// page that loads its own data some other way.
    pub fn page_without_own(&self) -> Option<PageData<()>> {
        Some(PageData {
            site: self.site.get()?,
            orgs: self.orgs.get()?,
            calendar: self.calendar.get()?,
            own: (),
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

/// Provides shared data of the calling view's own, taken from the loads
/// kept for `refresh`'s value when there are, loaded (and kept) when not:
/// the kiosk's, for one person's session.
#[cfg(feature = "kiosk")]
pub fn provide_shared_kept(api: &Api, clock: AppClock, refresh: Signal<u32>) -> SharedData {
    let shared = SharedData::load_kept(api, clock, Some(refresh));
    provide_context(shared);
    shared
}

/// The loads kept between the kiosk's sessions; without the kiosk, none
/// (and none of this in the phone site's bundle).
#[cfg(feature = "kiosk")]
mod kept {
    use std::cell::RefCell;
    use std::future::Future;
    use std::sync::Arc;
    use std::thread::LocalKey;

    use time::Date;

    use crate::api::{ApiResult, Loaded, Organisation, Site};
    use crate::domain::calendar::WorkCalendar;

    type Kept<T> = RefCell<Option<(u32, Loaded<T>)>>;

    thread_local! {
        static SITE: Kept<Site> = const { RefCell::new(None) };
        static ORGS: Kept<Vec<Organisation>> = const { RefCell::new(None) };
        static CALENDAR: RefCell<Option<(u32, Date, Arc<WorkCalendar>)>> =
            const { RefCell::new(None) };
    }

    pub async fn site(
        keep: Option<u32>,
        load: impl Future<Output = ApiResult<Site>>,
    ) -> ApiResult<Site> {
        kept_or_load(&SITE, keep, load).await
    }

    pub async fn orgs(
        keep: Option<u32>,
        load: impl Future<Output = ApiResult<Vec<Organisation>>>,
    ) -> ApiResult<Vec<Organisation>> {
        kept_or_load(&ORGS, keep, load).await
    }

    pub fn calendar(keep: Option<u32>, today: Date) -> Option<Arc<WorkCalendar>> {
        CALENDAR.with_borrow(|k| {
            k.as_ref()
                .filter(|(g, day, _)| Some(*g) == keep && *day == today)
                .map(|(_, _, c)| Arc::clone(c))
        })
    }

    /// `keep`'s value (tracked).
    pub fn generation(keep: Option<leptos::prelude::Signal<u32>>) -> Option<u32> {
        use leptos::prelude::Get;
        keep.map(|k| k.get())
    }

    pub fn keep_calendar(keep: Option<u32>, today: Date, calendar: &Arc<WorkCalendar>) {
        if let Some(generation) = keep {
            CALENDAR.set(Some((generation, today, Arc::clone(calendar))));
        }
    }

    /// The load kept for `generation` in `slot`, else `load`'s result,
    /// kept when it is fresh (a saved copy served through a failure is
    /// not: the next session tries the network again).
    async fn kept_or_load<T: 'static>(
        slot: &'static LocalKey<Kept<T>>,
        generation: Option<u32>,
        load: impl Future<Output = ApiResult<T>>,
    ) -> ApiResult<T> {
        let Some(generation) = generation else {
            return load.await;
        };
        let kept = slot.with_borrow(|k| {
            k.as_ref()
                .filter(|(g, _)| *g == generation)
                .map(|(_, loaded)| loaded.clone())
        });
        if let Some(loaded) = kept {
            return Ok(loaded);
        }
        let result = load.await;
        if let Ok(loaded) = &result {
            if loaded.stale.is_none() {
                slot.set(Some((generation, loaded.clone())));
            }
        }
        result
    }
}

#[cfg(not(feature = "kiosk"))]
mod kept {
    use std::future::Future;
    use std::sync::Arc;

    use time::Date;

    use crate::api::{ApiResult, Organisation, Site};
    use crate::domain::calendar::WorkCalendar;

    pub async fn site(
        _: Option<u32>,
        load: impl Future<Output = ApiResult<Site>>,
    ) -> ApiResult<Site> {
        load.await
    }

    pub async fn orgs(
        _: Option<u32>,
        load: impl Future<Output = ApiResult<Vec<Organisation>>>,
    ) -> ApiResult<Vec<Organisation>> {
        load.await
    }

    pub fn calendar(_: Option<u32>, _: Date) -> Option<Arc<WorkCalendar>> {
        None
    }

    pub fn keep_calendar(_: Option<u32>, _: Date, _: &Arc<WorkCalendar>) {}

    pub fn generation(_: Option<leptos::prelude::Signal<u32>>) -> Option<u32> {
        None
    }
}

pub fn use_shared() -> SharedData {
    expect_context::<SharedData>()
}
