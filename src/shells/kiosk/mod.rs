//! The kiosk shell: the service hall's touch screen (触摸屏) and the
//! signage screen (电子显示屏), a layout of its own over the same pages and
//! data as the web shell. Built into a bundle of its own
//! (`src/kiosk_main.rs`, `kiosk.html`, served at `kiosk/`), so the phone
//! site carries none of it.
//!
//! - Large and touchable: a fixed bar (首页 / 返回 / 字号 / 意见箱 / 帮助),
//!   paged reading (上一页 / 下一页), nothing that needs hover
//!   (`style/kiosk.css`).
//! - Between people: the idle machine (`hooks::use_idle`) opens the warning
//!   and then wipes everything. Each person's session ([`Session`]) is
//!   built from nothing, with its own router, shared data, clock and
//!   signals, and thrown away whole at the wipe: no state of one person
//!   reaches the next, and nothing of a session stays behind in memory (a
//!   reactive source keeps every subscriber it ever had until the source
//!   itself goes, and the router keeps every address it visited, so a
//!   kiosk that kept them would grow by a few KiB with every person).
//!   Storage is cleared but for public data and the outbox, the text size
//!   goes back, the address returns home, and the in-app history (what 返回
//!   follows; the browser's own cannot be cleared) starts again.
//! - Locked down against accidents (`hooks::use_lock_down`).

mod reset;

use std::sync::Arc;

use leptos::html;
use leptos::prelude::*;

use crate::api::{self, AppConfig, Site};
use crate::components::kiosk::attract::AttractLoop;
use crate::components::kiosk::help::KioskHelp;
use crate::components::kiosk::page_buttons::PageButtons;
use crate::components::kiosk::warning::IdleWarning;
use crate::components::kiosk::{link_action_for_click, LinkSheet};
use crate::components::load_state::Loading;
use crate::domain::kiosk::LinkAction;
use crate::domain::kiosk::{refresh_due, IdleEffect, KioskConfig, Phase};
use crate::hooks::{
    focus_by_id, now_ms, provide_clock_ticked, provide_first_page, provide_shared_kept, use_api,
    use_clock, use_config, use_i18n, use_idle, use_lock_down, use_reading, use_shared, Idle,
    IdleDriver, SharedDevice,
};
use crate::i18n::kiosk_problem;
use crate::pages::{
    board::BoardPage, home::HomePage, item::ItemPage, kiosk_feedback::KioskFeedbackPage,
    kiosk_lookup::KioskLookupPage, not_found::NotFound, replies::RepliesPage,
};
use crate::routes::{
    self, feedback_href, home_href, lookup_href, use_location, use_navigate, NavigateOptions, Page,
    Router, Routing,
};
use crate::{t, tk};

pub use reset::KIOSK_PREFIX;

/// The kiosk: a shared device, the kiosk layout.
#[component]
pub fn Kiosk() -> impl IntoView {
    provide_context(SharedDevice(true));
    super::start::<KioskShell>()
}

/// Before anything else: a panic or an unhandled error reloads the kiosk.
/// (`hooks::use_watchdog`).
pub fn install_watchdog() {
    crate::hooks::install_watchdog();
}

/// The kiosk among the shells: its pages under `/kiosk`, its own worker.
struct KioskShell;

impl super::Shell for KioskShell {
    const SERVICE_WORKER: &'static str = "kiosk/sw.js";
    const ROUTE_PREFIX: &'static str = "/kiosk";
    const SHARED_DEVICE: bool = true;
    fn configured(base: String) -> AnyView {
        view! { <KioskLayout base=base/> }.into_any()
    }
}

/// The text sizes 字号 steps through.
const TEXT_STEPS: u8 = 3;

/// Waits for the `kiosk` settings, then runs the kiosk.
#[component]
fn KioskLayout(base: String) -> impl IntoView {
    let settings = LocalResource::new(api::kiosk_config);
    move || match settings.get() {
        None => view! { <Loading/> }.into_any(),
        Some(config) => {
            let unreadable = config.is_none();
            let config = Arc::new(config.unwrap_or_default());
            view! { <Sessions config=config unreadable=unreadable base=base.clone()/> }.into_any()
        }
    }
}

/// What outlives the sessions, as plain values no view subscribes to.
#[derive(Clone, Copy)]
struct Kept {
    /// When the data was last refreshed (Unix ms).
    last_refresh: StoredValue<Option<u64>>,
    /// Bumped at every refresh: the data kept between sessions was loaded
    /// for one value of it (`hooks::provide_shared_kept`).
    refresh: StoredValue<u32>,
}

/// The kiosk for as long as it runs: locked down, the idle machine, and one
/// person's session after another, each thrown away whole at the wipe.
#[component]
fn Sessions(config: Arc<KioskConfig>, unreadable: bool, base: String) -> impl IntoView {
    use_lock_down();
    let generation = RwSignal::new(0u32);
    let kept = Kept {
        last_refresh: StoredValue::new(Some(now_ms())),
        refresh: StoredValue::new(0),
    };
    let driver_slot: StoredValue<Option<IdleDriver>> = StoredValue::new(None);
    let reading = use_reading();
    let driver = use_idle(&config, move |effect| {
        if matches!(effect, IdleEffect::Reset) {
            reset::wipe_storage();
            reset::text_size(1);
            reading.reset();
            reset::address_home();
            // The session goes, and a new one starts at home.
            generation.update(|g| *g = g.wrapping_add(1));
            if let Some(driver) = driver_slot.get_value() {
                driver.reset_done();
            }
        }
    });
    driver_slot.set_value(Some(driver));
    let i18n = use_i18n();
    move || {
        i18n.locale.track();
        generation.track();
        view! {
            <Session
                config=Arc::clone(&config)
                unreadable=unreadable
                base=base.clone()
                driver=driver
                kept=kept
            />
        }
    }
}

/// One person's session: everything views read lives here, and goes with
/// it (the clock's day, the shared data, the router and its addresses, the
/// idle machine's signals).
#[component]
fn Session(
    config: Arc<KioskConfig>,
    unreadable: bool,
    base: String,
    driver: IdleDriver,
    kept: Kept,
) -> impl IntoView {
    // The attract loop stays over the page until the touch that woke it
    // has ended, so that touch opens nothing beneath it.
    let attract_hold = RwSignal::new(false);
    let idle = driver.attach(move |effect| {
        if matches!(effect, IdleEffect::StartSession) {
            attract_hold.try_set(true);
            // If no click follows (a key, a long press), let go anyway.
            set_timeout(
                move || {
                    attract_hold.try_set(false);
                },
                std::time::Duration::from_millis(1500),
            );
        }
    });
    // The session's own timing comes from the machine's tick: no timer of
    // its own to be left behind.
    let tick = Signal::from(idle.now);
    provide_clock_ticked(tick);
    provide_first_page();
    let refresh = RwSignal::new(kept.refresh.get_value());
    let shared = provide_shared_kept(&use_api(), use_clock(), refresh.into());
    super::adopt_site_language(shared);
    crate::hooks::use_heartbeat(config.device.clone(), tick);
    view! {
        <Router routing=Routing::Path base=base root=super::app_root()>
            <SessionView
                config=config
                unreadable=unreadable
                idle=idle
                attract_hold=attract_hold
                kept=kept
                refresh=refresh
            />
        </Router>
    }
}

#[component]
fn SessionView(
    config: Arc<KioskConfig>,
    unreadable: bool,
    idle: Idle,
    attract_hold: RwSignal<bool>,
    kept: Kept,
    refresh: RwSignal<u32>,
) -> impl IntoView {
    let navigate = use_navigate();
    let location = use_location();
    let shared = use_shared();
    let app_config = use_config();

    let text_step = RwSignal::new(1u8);
    let help_open = RwSignal::new(false);
    // A link that would leave the kiosk, shown as a QR code or a number.
    let sheet = RwSignal::new(None::<LinkAction>);
    // The in-app history: what 返回 follows.
    let history = RwSignal::new(Vec::<String>::new());
    let going_back = StoredValue::new(false);
    let scroll = NodeRef::<html::Div>::new();

    let go = {
        let navigate = navigate.clone();
        move |path: &str| {
            navigate(
                path,
                NavigateOptions {
                    resolve: false,
                    replace: true,
                    scroll: false,
                },
            )
        }
    };
    // Refresh the data only while no one is using the screen.
    let refresh_minutes = config.refresh_minutes;
    Effect::new(move |_| {
        let now = idle.now.get();
        let phase = idle.phase();
        if refresh_due(phase, kept.last_refresh.get_value(), now, refresh_minutes) {
            kept.last_refresh.set_value(Some(now));
            kept.refresh.update_value(|r| *r = r.wrapping_add(1));
            refresh.set(kept.refresh.get_value());
        }
    });

    // The text size, on the root element (everything is sized in rem).
    Effect::new(move |_| reset::text_size(text_step.get()));

    // Each page visited goes on the in-app history (but the one 返回 went
    // back to), and the reading area starts at its top.
    Effect::new(move |_| {
        let path = location.pathname.get();
        let search = location.search.get();
        let here = if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        };
        if going_back.get_value() {
            going_back.set_value(false);
        } else {
            history.update(|h| {
                if h.last() != Some(&here) {
                    h.push(here);
                    if h.len() > 50 {
                        h.remove(0);
                    }
                }
            });
        }
        if let Some(area) = scroll.get_untracked() {
            area.set_scroll_top(0);
        }
    });

    let back = {
        let go = go.clone();
        move |_| {
            let previous = history.try_update(|h| {
                h.pop();
                h.last().cloned()
            });
            if let Some(Some(previous)) = previous {
                going_back.set_value(true);
                go(&previous);
            }
        }
    };
    let can_go_back = move || history.with(|h| h.len() > 1);
    let home = {
        let go = go.clone();
        move |_| {
            let home = home_href();
            if location.pathname.get_untracked() != home {
                // Home is a fresh start for 返回 as well.
                go(&home);
            }
            focus_by_id("gk-main");
        }
    };
    let mailbox = {
        let navigate = navigate.clone();
        move |_| {
            let site = shared.site.get_untracked().and_then(Result::ok);
            if let Some(href) = mailbox_href(&app_config, site.as_ref().map(|s| &*s.data)) {
                navigate(
                    &href,
                    NavigateOptions {
                        resolve: false,
                        ..NavigateOptions::default()
                    },
                );
            }
        }
    };
    let step_name = move || match text_step.get() {
        1 => tk!(kiosk_text_size_1),
        2 => tk!(kiosk_text_size_2),
        _ => tk!(kiosk_text_size_3),
    };
    let next_step = move |_| text_step.update(|s| *s = *s % TEXT_STEPS + 1);
    // 长辈模式 as on the phone (larger type, darker colours, shorter
    // sentences), for this person only: the wipe turns it off.
    let reading = use_reading();
    let elder_on = move || if reading.elder() { "true" } else { "false" };

    let signage = config.signage;
    let is_home = move || location.pathname.get() == home_href();
    let problems: Vec<String> = config.problems.iter().map(kiosk_problem).collect();
    let show_problems = unreadable || !problems.is_empty();
    let recheck =
        Signal::derive(move || format!("{}{}", location.pathname.get(), idle.now.get() / 2000));
    let attract_visible = move || {
        signage
            || attract_hold.get()
            || matches!(idle.phase(), Phase::Attract { .. } | Phase::Resetting)
    };
    // Nothing leaves the kiosk: a link out becomes a sheet with a QR code
    // (or the number, for tel:); the kiosk's own links go to the router.
    let on_link = move |ev: leptos::ev::MouseEvent| {
        if let Some(action) = link_action_for_click(&ev) {
            ev.prevent_default();
            ev.stop_propagation();
            sheet.set(Some(action));
        }
    };
    let since = Signal::derive(move || match idle.phase() {
        Phase::Attract { since } => since,
        _ => idle.now.get(),
    });
    let attract_config = Arc::clone(&config);
    let warned = Memo::new(move |_| matches!(idle.phase(), Phase::Warning { .. }));

    view! {
        <div class="gk-kiosk" class:gk-kiosk--signage=signage on:click:capture=on_link>
            {(!signage).then(|| view! {
                <div class="gk-kiosk__body">
                    <main id="gk-main" class="gk-kiosk__main" tabindex="-1">
                        <div class="gk-kiosk__scroll" node_ref=scroll>
                            <div class="gk-kiosk__content">
                                {show_problems.then(|| {
                                    let problems = problems.clone();
                                    view! {
                                        <Show when=is_home>
                                            <div class="gk-kiosk-problems" role="alert">
                                                <p>{if unreadable { tk!(kiosk_config_unreadable) } else { tk!(kiosk_config_problems) }}</p>
                                                <ul>{problems.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view()}</ul>
                                            </div>
                                        </Show>
                                    }
                                })}
                                <Show when=is_home>
                                    <HomeTiles/>
                                </Show>
                                <KioskRoutes/>
                                </div>
                        </div>
                    </main>
                    <PageButtons target=scroll recheck=recheck/>
                </div>
                <nav class="gk-kiosk-bar" aria-label=tk!(kiosk_bar_label)>
                    <button type="button" class="gk-kiosk-bar__button" on:click=home>
                        <span class="gk-kiosk-bar__icon" aria-hidden="true">"⌂"</span>{tk!(kiosk_home)}
                    </button>
                    <button type="button" class="gk-kiosk-bar__button" on:click=back
                        disabled=move || !can_go_back()>
                        <span class="gk-kiosk-bar__icon" aria-hidden="true">"←"</span>{tk!(kiosk_back)}
                    </button>
                    <button type="button" class="gk-kiosk-bar__button" on:click=next_step
                        aria-label=move || tk!(kiosk_text_size_step, step = step_name())>
                        <span class="gk-kiosk-bar__icon" aria-hidden="true">"A+"</span>
                        {tk!(kiosk_text_size)}<span class="gk-kiosk-bar__value" aria-hidden="true">{step_name}</span>
                    </button>
                    <button type="button" role="switch" class="gk-kiosk-bar__button gk-kiosk-bar__elder"
                        aria-checked=elder_on on:click=move |_| reading.toggle_elder()>
                        <span class="gk-kiosk-bar__icon gk-reading__track" aria-hidden="true">
                            <span class="gk-reading__thumb"></span>
                        </span>
                        {t!(elder_mode)}
                    </button>
                    <button type="button" class="gk-kiosk-bar__button" on:click=mailbox>
                        <span class="gk-kiosk-bar__icon" aria-hidden="true">"✉"</span>{tk!(kiosk_feedback)}
                    </button>
                    <button type="button" class="gk-kiosk-bar__button" on:click=move |_| help_open.set(true)>
                        <span class="gk-kiosk-bar__icon" aria-hidden="true">"?"</span>{tk!(kiosk_help)}
                    </button>
                </nav>
            })}
            <Show when=attract_visible>
                // The touch that wakes the kiosk ends here, on the loop.
                <div class="gk-kiosk-attract-catch" on:click=move |_| attract_hold.set(false)>
                    <AttractLoop
                        config=Arc::clone(&attract_config)
                        since=since
                        now=idle.now
                        refresh=refresh
                    />
                </div>
            </Show>
            <Show when=move || warned.get()>
                <IdleWarning
                    remaining=Signal::derive(move || idle.remaining_seconds().unwrap_or(0))
                    on_continue=move |()| idle.extend()
                />
            </Show>
            {move || sheet.get().map(|action| view! {
                <LinkSheet action=action on_close=move |()| sheet.set(None)/>
            })}
            <Show when=move || help_open.get()>
                <KioskHelp on_close=move |()| help_open.set(false)/>
            </Show>
        </div>
    }
}

/// On the kiosk's home, above the board: the two things people come to the
/// screen for besides reading, as large tiles (where the site takes
/// feedback).
#[component]
fn HomeTiles() -> impl IntoView {
    let shared = use_shared();
    let config = use_config();
    move || {
        let site = shared.site.get().and_then(Result::ok)?;
        site.data.feedback.as_ref()?;
        let mailbox = mailbox_href(&config, Some(&site.data))?;
        Some(view! {
            <nav class="gk-kiosk-tiles" aria-label=tk!(kiosk_tiles_label)>
                <a class="gk-kiosk-tile" href=lookup_href()>{tk!(kiosk_tile_lookup)}</a>
                <a class="gk-kiosk-tile" href=mailbox>{tk!(kiosk_tile_feedback)}</a>
            </nav>
        })
    }
}

/// 意见箱's address: the feedback hand-off for the configured organisation,
/// or else the site's root one (`None` while the site is unknown).
fn mailbox_href(config: &AppConfig, site: Option<&Site>) -> Option<String> {
    let org = config
        .default_org
        .clone()
        .or_else(|| site.map(|s| s.root_org.clone()))?;
    Some(feedback_href(&org, None, None))
}

/// The kiosk's route table: the web shell's pages, but 我要留言 is a
/// hand-off to the resident's own phone, and 查询办理进度 has an on-screen
/// keypad.
#[component]
fn KioskRoutes() -> impl IntoView {
    let page = routes::use_page();
    move || match page.get() {
        Page::Home => view! { <HomePage/> }.into_any(),
        Page::Board => view! { <BoardPage/> }.into_any(),
        Page::Replies => view! { <RepliesPage/> }.into_any(),
        Page::Item => view! { <ItemPage/> }.into_any(),
        Page::Feedback | Page::FeedbackSent => view! { <KioskFeedbackPage/> }.into_any(),
        Page::Lookup => view! { <KioskLookupPage/> }.into_any(),
        Page::NotFound => view! { <NotFound/> }.into_any(),
    }
}
