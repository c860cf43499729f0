//! The attract loop and the signage screen (issue 10, part 3): a
//! full-screen rotation of the notices in 公示, the latest items, the
//! hotline and contacts and a QR code to the site, with a clock and
//! "更新于 HH:mm"; at night only a dim clock.
//!
//! [`AttractLoop`] loads the data (the shared site data and every public
//! item, fetched again when the shell bumps `refresh`) and keeps the last
//! good copy on screen through failures; [`AttractScreen`] draws it from
//! plain props, so it is mounted in tests without a network. Which slides
//! there are is `domain::kiosk::attract_slides`; which one shows at an
//! instant, and its burn-in shift, is `domain::kiosk::attract_slide`.

use std::cell::RefCell;
use std::sync::Arc;

use leptos::prelude::*;
use time::OffsetDateTime;

use crate::api::{app_base_url, oldest_stale, ApiResult, Item, Loaded, Organisation, Site};
use crate::components::period_badge::PeriodBadge;
use crate::domain::calendar::WorkCalendar;
use crate::domain::clock::CHINA_OFFSET;
use crate::domain::kiosk::{
    attract_slide, attract_slides, burn_in_offset, KioskConfig, LatestEntry, PublicityEntry, Slide,
};
use crate::domain::poster::{qr_svg, QrSvg};
use crate::hooks::{use_api, use_shared};
use crate::i18n::{contact_group_label, format_date, format_date_weekday};
use crate::{t, tk};

/// How far the night clock moves, in px per unit of burn-in shift: the
/// whole screen is dark but the digits, so they wander further than the
/// slides do.
const NIGHT_DRIFT: i32 = 12;

/// The items the loop last loaded, with the `refresh` value they were
/// loaded for and the instant they arrived. The shell mounts the loop each
/// time the screen falls idle; fetching every time would load the intranet
/// for each person who walks away, so the items are fetched again only when
/// the shell has asked for a refresh since. Public data only, like the API
/// layer's saved copies, so a reset between people need not wipe it.
struct KeptItems {
    generation: u32,
    items: Loaded<Vec<Item>>,
    at: u64,
}

thread_local! {
    static KEPT_ITEMS: RefCell<Option<KeptItems>> = const { RefCell::new(None) };
}

type ItemsLoad = (ApiResult<Vec<Item>>, u64);

/// The kept items, if they were loaded for `generation`.
fn kept_items(generation: u32) -> Option<ItemsLoad> {
    KEPT_ITEMS.with_borrow(|kept| {
        kept.as_ref()
            .filter(|k| k.generation == generation)
            .map(|k| (Ok(k.items.clone()), k.at))
    })
}

fn keep_items(generation: u32, items: &Loaded<Vec<Item>>, at: u64) {
    KEPT_ITEMS.set(Some(KeptItems {
        generation,
        items: items.clone(),
        at,
    }));
}

/// The attract loop, loading its own data. Rendered by the kiosk shell as a
/// full-screen overlay while the screen is idle (`Phase::Attract`), and as
/// the whole screen in signage mode.
#[component]
pub fn AttractLoop(
    /// Settings (attract_seconds, signage, night).
    config: Arc<KioskConfig>,
    /// When the loop began (Unix ms; `Phase::Attract { since }`).
    #[prop(into)]
    since: Signal<u64>,
    /// The time now (Unix ms), ticking once a second.
    #[prop(into)]
    now: Signal<u64>,
    /// Bumped by the shell when a refresh is due (only while idle): every
    /// change after the first value fetches everything again.
    #[prop(into)]
    refresh: Signal<u32>,
) -> impl IntoView {
    let api = use_api();
    let shared = use_shared();

    // The items in 公示, those announced and the newest
    // (`Api::current_items`: three searches where the backend searches,
    // else every public item), with the instant they arrived: kept from the
    // loop's last showing, fetched when `refresh` has moved on since (it is
    // read, so tracked, by the fetcher). `None` until the site is known,
    // which says whether the backend searches: read here, not awaited (a
    // resource's next run waits for its last one).
    let items = LocalResource::new(move || {
        let generation = refresh.get();
        let site = shared.site.get();
        let asked_at = instant(now.get_untracked());
        let api = api.clone();
        async move {
            if let Some(kept) = kept_items(generation) {
                return Some(kept);
            }
            let search = site?.ok().and_then(|site| site.data.search.clone());
            let result = api.current_items(search.as_ref(), asked_at).await;
            let at = js_sys::Date::now() as u64;
            if let Ok(items) = &result {
                keep_items(generation, items, at);
            }
            Some((result, at))
        }
    });
    // The shared data (site, organisations, calendar) follows `refresh` by
    // itself (the shell's `hooks::provide_shared_kept`).

    // The last good data stays on screen while a refetch fails (the API
    // layer already answers with its saved copy, marked stale, when it has
    // one; this covers the case where it has none).
    let last_items: RwSignal<Option<(Loaded<Vec<Item>>, u64)>> = RwSignal::new(None);
    let last_site: RwSignal<Option<Loaded<Site>>> = RwSignal::new(None);
    let last_orgs: RwSignal<Option<Loaded<Vec<Organisation>>>> = RwSignal::new(None);
    Effect::new(move || {
        if let Some(Some((Ok(loaded), at))) = items.get() {
            last_items.set(Some((loaded, at)));
        }
    });
    Effect::new(move || {
        if let Some(Ok(loaded)) = shared.site.get() {
            last_site.set(Some(loaded));
        }
    });
    Effect::new(move || {
        if let Some(Ok(loaded)) = shared.orgs.get() {
            last_orgs.set(Some(loaded));
        }
    });

    // Slides change with the data and, for the countdowns, with time; once
    // a minute is often enough for a period that ends at a given minute.
    let minute = Memo::new(move |_| now.get() / 60_000);
    let builtin = Arc::new(WorkCalendar::builtin());
    let site_url = app_base_url();
    let slides = Memo::new(move |_| {
        minute.track();
        let at = instant(now.get_untracked());
        let cal = shared
            .calendar
            .get()
            .unwrap_or_else(|| Arc::clone(&builtin));
        last_site.with(|site| {
            last_orgs.with(|orgs| {
                last_items.with(|items| {
                    attract_slides(
                        site.as_ref().map(|s| &*s.data),
                        orgs.as_ref().map_or(&[][..], |o| &o.data[..]),
                        items.as_ref().map_or(&[][..], |(i, _)| &i.data[..]),
                        at,
                        &cal,
                        &site_url,
                    )
                })
            })
        })
    });

    // When the data on screen was loaded: the oldest saved copy among it,
    // or the instant the items arrived.
    let updated_at = Memo::new(move |_| {
        last_items.with(|items| {
            let (items, fresh_at) = items.as_ref()?;
            let site_stale = last_site.with(|s| s.as_ref().and_then(|s| s.stale.clone()));
            Some(match oldest_stale([&items.stale, &site_stale]) {
                Some(stale) => unix_ms(stale.saved_at),
                None => *fresh_at,
            })
        })
    });
    let title = Signal::derive(move || {
        last_site.with(|s| s.as_ref().map(|s| s.data.title.clone()).unwrap_or_default())
    });

    view! {
        <AttractScreen config=config since=since now=now slides=slides updated_at=updated_at title=title/>
    }
}

/// The attract loop drawn from its slides: the slide for `now`, shifted
/// against burn-in, a clock, "更新于" and (on touch screens) the prompt to
/// touch; during the night window only a dim clock.
#[component]
pub fn AttractScreen(
    /// Settings (attract_seconds, signage, night).
    config: Arc<KioskConfig>,
    /// When the loop began (Unix ms).
    #[prop(into)]
    since: Signal<u64>,
    /// The time now (Unix ms).
    #[prop(into)]
    now: Signal<u64>,
    /// What there is to show, in order (`domain::kiosk::attract_slides`).
    #[prop(into)]
    slides: Signal<Vec<Slide>>,
    /// When the data shown was loaded (Unix ms); `None` before it has been.
    #[prop(into)]
    updated_at: Signal<Option<u64>>,
    /// The site's title, at the top (empty while it loads).
    #[prop(into)]
    title: Signal<String>,
) -> impl IntoView {
    let signage = config.signage;
    let seconds = config.attract_seconds;
    let night_window = config.night;

    let night = Memo::new(move |_| night_window.is_some_and(|w| w.contains(now.get())));
    let current = Memo::new(move |_| {
        let count = slides.with(Vec::len);
        attract_slide(since.get(), now.get(), seconds, count)
    });
    let minute = Memo::new(move |_| now.get() / 60_000);
    let clock = move || hh_mm(instant(minute.get() * 60_000));
    let date = move || format_date_weekday(instant(minute.get() * 60_000).date());
    let updated = move || {
        updated_at.get().map(|at| {
            tk!(
                kiosk_updated_at,
                time = updated_text(at, minute.get() * 60_000)
            )
        })
    };
    // One QR code per URL, drawn once.
    let qr_cache: StoredValue<Option<(String, Option<QrSvg>)>> = StoredValue::new(None);
    let qr = move |url: &str| {
        qr_cache.update_value(|cache| {
            if cache.as_ref().is_none_or(|(u, _)| u != url) {
                *cache = Some((url.to_owned(), qr_svg(url)));
            }
        });
        qr_cache.with_value(|cache| cache.as_ref().and_then(|(_, q)| q.clone()))
    };

    // The slide on screen with its place in the loop: a new value (and a
    // new rendering, faded in) only when the slide or its content changes.
    let shown = Memo::new(move |_| {
        let at = current.get()?;
        slides.with(|all| {
            all.get(at.index)
                .map(|slide| (at, all.len(), slide.clone()))
        })
    });
    let slide_view = move || {
        let (at, total, slide) = shown.get()?;
        let (x, y) = at.offset;
        let body = match &slide {
            Slide::Publicity { entries, .. } => publicity_view(entries),
            Slide::Latest {
                entries,
                none_in_publicity,
            } => latest_view(entries, *none_in_publicity),
            Slide::Contacts { hotline, groups } => contacts_view(hotline, groups),
            Slide::Site { url } => site_view(url, qr(url)),
        };
        let heading = slide_heading(&slide);
        let label = tk!(
            kiosk_attract_announce,
            n = at.index + 1,
            total = total,
            title = heading
        );
        Some(
            view! {
                <section class=format!("gk-attract__slide gk-attract__slide--{}", slide_kind(&slide))
                    data-slide=at.index
                    role="group"
                    aria-roledescription=tk!(kiosk_attract_slide_role)
                    aria-label=label
                    style:transform=format!("translate({x}px, {y}px)")>
                    <h2 class="gk-attract__heading">{heading}</h2>
                    {body}
                </section>
                <ol class="gk-attract__dots" aria-hidden="true">
                    {(0..total).map(|i| view! {
                        <li class="gk-attract__dot" class:gk-attract__dot--on=i == at.index></li>
                    }).collect_view()}
                </ol>
            }
            .into_any(),
        )
    };
    // Only the slide's heading is announced, once per slide, and never on a
    // screen no one touches.
    let announcement = move || {
        shown.with(|shown| {
            shown.as_ref().map(|(at, total, slide)| {
                tk!(
                    kiosk_attract_announce,
                    n = at.index + 1,
                    total = total,
                    title = slide_heading(slide)
                )
            })
        })
    };

    let day = move || {
        view! {
            <header class="gk-attract__top">
                <p class="gk-attract__site">{move || title.get()}</p>
                <div class="gk-attract__clock">
                    <span class="gk-visually-hidden">{tk!(kiosk_clock_label)}</span>
                    <span class="gk-attract__time">{clock}</span>
                    <span class="gk-attract__date">{date}</span>
                    <span class="gk-attract__updated">{updated}</span>
                </div>
            </header>
            <div class="gk-attract__stage">{slide_view}</div>
            {(!signage).then(|| view! {
                <p class="gk-attract__live gk-visually-hidden" aria-live="polite" aria-atomic="true">{announcement}</p>
                <p class="gk-attract__prompt">{tk!(kiosk_attract_touch)}</p>
            }.into_any())}
        }
        .into_any()
    };
    let dark = move || {
        let (x, y) = burn_in_offset(minute.get());
        let (x, y) = (i32::from(x) * NIGHT_DRIFT, i32::from(y) * NIGHT_DRIFT);
        view! {
            <div class="gk-attract__night" style:transform=format!("translate({x}px, {y}px)")>
                <span class="gk-visually-hidden">{tk!(kiosk_clock_label)}</span>
                <span class="gk-attract__time">{clock}</span>
                <span class="gk-attract__date">{date}</span>
                <span class="gk-attract__night-note">{tk!(kiosk_night)}</span>
            </div>
        }
        .into_any()
    };

    view! {
        <div class="gk-attract"
            class:gk-attract--signage=signage
            class:gk-attract--touch=!signage
            class:gk-attract--night=move || night.get()
            role="region"
            aria-roledescription=tk!(kiosk_attract_roledescription)
            aria-label=tk!(kiosk_attract_label)>
            {move || if night.get() { dark() } else { day() }}
        </div>
    }
}

fn slide_kind(slide: &Slide) -> &'static str {
    match slide {
        Slide::Publicity { .. } => "publicity",
        Slide::Latest { .. } => "latest",
        Slide::Contacts { .. } => "contacts",
        Slide::Site { .. } => "site",
    }
}

fn slide_heading(slide: &Slide) -> String {
    match slide {
        Slide::Publicity { page, pages, .. } if *pages > 1 => tk!(
            kiosk_attract_page,
            title = tk!(kiosk_attract_publicity),
            page = page,
            pages = pages
        ),
        Slide::Publicity { .. } => tk!(kiosk_attract_publicity).to_owned(),
        Slide::Latest { .. } => tk!(kiosk_attract_latest).to_owned(),
        Slide::Contacts { .. } => tk!(kiosk_attract_contacts).to_owned(),
        Slide::Site { .. } => tk!(kiosk_attract_site).to_owned(),
    }
}

fn publicity_view(entries: &[PublicityEntry]) -> AnyView {
    view! {
        <ol class="gk-attract__list">
            {entries.iter().map(|e| view! {
                <li class="gk-attract__entry">
                    <p class="gk-attract__title">{e.title.clone()}</p>
                    <p class="gk-attract__org">{e.org.clone()}</p>
                    <PeriodBadge status=e.status countdown=true/>
                </li>
            }.into_any()).collect_view()}
        </ol>
    }
    .into_any()
}

fn latest_view(entries: &[LatestEntry], none_in_publicity: bool) -> AnyView {
    view! {
        {none_in_publicity.then(|| view! {
            <p class="gk-attract__note">{tk!(kiosk_attract_no_publicity)}</p>
        }.into_any())}
        <ol class="gk-attract__list gk-attract__list--latest">
            {entries.iter().map(|e| view! {
                <li class="gk-attract__entry">
                    <p class="gk-attract__title">{e.title.clone()}</p>
                    <p class="gk-attract__meta">
                        <span class="gk-attract__org">{e.org.clone()}</span>
                        <span class="gk-attract__published">
                            {tk!(kiosk_attract_published, date = format_date(e.published_on))}
                        </span>
                        {e.status.map(|status| view! { <PeriodBadge status=status/> }.into_any())}
                    </p>
                </li>
            }.into_any()).collect_view()}
        </ol>
    }
    .into_any()
}

fn contacts_view(
    hotline: &Option<String>,
    groups: &[(
        crate::domain::contacts::ContactGroup,
        Vec<crate::api::Contact>,
    )],
) -> AnyView {
    view! {
        {hotline.clone().map(|h| view! {
            <p class="gk-attract__hotline">
                <span class="gk-attract__hotline-label">{tk!(kiosk_attract_hotline)}</span>
                <span class="gk-attract__hotline-number">{h}</span>
            </p>
        }.into_any())}
        <div class="gk-attract__groups">
            {groups.iter().map(|(group, contacts)| view! {
                <section class="gk-attract__group">
                    <h3 class="gk-attract__group-name">{contact_group_label(*group)}</h3>
                    <ul class="gk-attract__contacts">
                        {contacts.iter().map(|c| view! {
                            <li class="gk-attract__contact">
                                <span class="gk-attract__contact-name">{c.name.clone()}</span>
                                {c.role.clone().map(|r| view! {
                                    <span class="gk-attract__contact-role">{r}</span>
                                }.into_any())}
                                {c.phone.clone().map(|p| view! {
                                    <span class="gk-attract__contact-phone">
                                        <span class="gk-visually-hidden">{t!(contact_phone)}</span>
                                        {p}
                                    </span>
                                }.into_any())}
                            </li>
                        }.into_any()).collect_view()}
                    </ul>
                </section>
            }.into_any()).collect_view()}
        </div>
    }
    .into_any()
}

fn site_view(url: &str, qr: Option<QrSvg>) -> AnyView {
    view! {
        <div class="gk-attract__site-slide">
            {qr.map(|qr| view! {
                <svg class="gk-attract__qr" role="img" aria-label=tk!(kiosk_attract_qr_alt)
                    viewBox=format!("0 0 {0} {0}", qr.size) shape-rendering="crispEdges">
                    <rect width="100%" height="100%" fill="#fff"/>
                    <path d=qr.path fill="#000"/>
                </svg>
            }.into_any())}
            <div class="gk-attract__site-text">
                <p class="gk-attract__hint">{tk!(kiosk_attract_site_hint)}</p>
                <p class="gk-attract__url">{url.to_owned()}</p>
            </div>
        </div>
    }
    .into_any()
}

/// Unix ms as an instant in China.
fn instant(ms: u64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
        .to_offset(CHINA_OFFSET)
}

fn unix_ms(at: OffsetDateTime) -> u64 {
    u64::try_from(at.unix_timestamp_nanos() / 1_000_000).unwrap_or(0)
}

/// `09:05`, China time.
fn hh_mm(at: OffsetDateTime) -> String {
    format!("{:02}:{:02}", at.hour(), at.minute())
}

/// When data was loaded, as "更新于" says it: the time alone on the same
/// China day as `now`, else with its date (`11月29日 18:20`), so that an
/// old copy never passes for this morning's.
fn updated_text(at: u64, now: u64) -> String {
    let (at, now) = (instant(at), instant(now));
    if at.date() == now.date() {
        hh_mm(at)
    } else {
        format!(
            "{} {}",
            t!(
                date_md,
                mon = crate::i18n::month_name(at.month()),
                d = at.day()
            ),
            hh_mm(at)
        )
    }
}
