//! The kiosk's attract loop and signage screen (`AttractScreen`), mounted
//! with fixed slides and a clock driven by a signal.

use std::sync::Arc;

use gongkai::api::Contact;
use gongkai::components::kiosk::attract::AttractScreen;
use gongkai::domain::contacts::ContactGroup;
use gongkai::domain::kiosk::{KioskConfig, LatestEntry, NightWindow, PublicityEntry, Slide};
use gongkai::domain::period::PeriodStatus;
use leptos::prelude::*;
use time::macros::{date, datetime};
use time::OffsetDateTime;
use web_sys::HtmlElement;

use super::{container, texts, tick};

fn ms(t: OffsetDateTime) -> u64 {
    u64::try_from(t.unix_timestamp_nanos() / 1_000_000).unwrap()
}

/// Monday 30 November 2026, 10:05:30 in Beijing.
const SINCE: OffsetDateTime = datetime!(2026-11-30 10:05:30 +8);

fn slides() -> Vec<Slide> {
    vec![
        Slide::Publicity {
            entries: vec![PublicityEntry {
                id: "cadre".into(),
                title: "关于李明同志拟任职的公示".into(),
                org: "青溪镇党委".into(),
                status: PeriodStatus::Open {
                    ends_on: date!(2026 - 12 - 04),
                    remaining_working_days: 5,
                    counts_today: true,
                    last_day: false,
                },
            }],
            page: 1,
            pages: 1,
        },
        Slide::Latest {
            entries: vec![LatestEntry {
                id: "dues".into(),
                title: "2026年第三季度党费收缴使用情况".into(),
                org: "青溪村党支部".into(),
                published_on: date!(2026 - 11 - 27),
                status: None,
            }],
            none_in_publicity: false,
        },
        Slide::Contacts {
            hotline: Some("0571-86120345".into()),
            groups: vec![(
                ContactGroup::Supervisor,
                vec![Contact {
                    name: "周某某".into(),
                    role: Some("党务公开监督员".into()),
                    phone: Some("0571-86121101".into()),
                    ..Contact::default()
                }],
            )],
        },
        Slide::Site {
            url: "https://dangwu.example.cn/".into(),
        },
    ]
}

struct Screen {
    root: HtmlElement,
    now: RwSignal<u64>,
    updated_at: RwSignal<Option<u64>>,
}

fn mount(config: KioskConfig, now: OffsetDateTime, updated_at: Option<OffsetDateTime>) -> Screen {
    let root = container();
    let now = RwSignal::new(ms(now));
    let updated_at = RwSignal::new(updated_at.map(ms));
    let config = Arc::new(config);
    leptos::mount::mount_to(root.clone(), move || {
        view! {
            <AttractScreen config=config since=Signal::stored(ms(SINCE)) now=now
                slides=Signal::stored(slides()) updated_at=updated_at
                title=Signal::stored("青溪镇党务公开".to_owned())/>
        }
    })
    .forget();
    Screen {
        root,
        now,
        updated_at,
    }
}

fn attr(root: &HtmlElement, selector: &str, name: &str) -> Option<String> {
    root.query_selector(selector)
        .unwrap()
        .and_then(|e| e.get_attribute(name))
}

#[wasm_bindgen_test::wasm_bindgen_test]
async fn the_slide_on_screen_follows_the_clock_and_shifts_against_burn_in() {
    // 12 s a slide (the default).
    let screen = mount(KioskConfig::default(), SINCE, None);
    tick().await;
    let root = &screen.root;
    assert_eq!(texts(root, ".gk-attract__heading"), ["正在公示"]);
    assert_eq!(
        attr(root, ".gk-attract__slide", "data-slide").as_deref(),
        Some("0")
    );
    assert_eq!(
        texts(root, ".gk-attract__title"),
        ["关于李明同志拟任职的公示"]
    );
    assert_eq!(
        texts(root, ".gk-status__countdown"),
        ["含今天还有 5 个工作日，至12月4日（周五）止"]
    );
    let first_shift = attr(root, ".gk-attract__slide", "style");
    assert_eq!(
        first_shift.as_deref(),
        Some("transform: translate(0px, 0px);")
    );

    // 11.999 s later: the same slide.
    screen.now.set(ms(SINCE) + 11_999);
    tick().await;
    assert_eq!(texts(root, ".gk-attract__heading"), ["正在公示"]);

    // 12 s: the latest items, a few pixels elsewhere.
    screen.now.set(ms(SINCE) + 12_000);
    tick().await;
    assert_eq!(texts(root, ".gk-attract__heading"), ["最新公开"]);
    assert_eq!(
        texts(root, ".gk-attract__published"),
        ["2026年11月27日发布"]
    );
    assert_eq!(
        attr(root, ".gk-attract__slide", "style").as_deref(),
        Some("transform: translate(3px, 1px);")
    );

    // 24 s: the hotline and the 监督员.
    screen.now.set(ms(SINCE) + 24_000);
    tick().await;
    assert_eq!(texts(root, ".gk-attract__heading"), ["公开热线与监督"]);
    assert_eq!(
        texts(root, ".gk-attract__hotline-number"),
        ["0571-86120345"]
    );
    assert_eq!(texts(root, ".gk-attract__group-name"), ["党务公开监督员"]);

    // 36 s: the QR code to the site, drawn in the page.
    screen.now.set(ms(SINCE) + 36_000);
    tick().await;
    assert_eq!(
        texts(root, ".gk-attract__heading"),
        ["用手机扫码，随时查看"]
    );
    let path = attr(root, ".gk-attract__qr path", "d").unwrap_or_default();
    assert!(path.starts_with('M') && path.len() > 100, "{path}");
    assert_eq!(
        attr(root, ".gk-attract__qr", "aria-label").as_deref(),
        Some("本站网址的二维码")
    );
    assert_eq!(
        texts(root, ".gk-attract__url"),
        ["https://dangwu.example.cn/"]
    );

    // 48 s: round again, at a new place.
    screen.now.set(ms(SINCE) + 48_000);
    tick().await;
    assert_eq!(texts(root, ".gk-attract__heading"), ["正在公示"]);
    assert_ne!(attr(root, ".gk-attract__slide", "style"), first_shift);
    assert_eq!(
        root.query_selector_all(".gk-attract__slide")
            .unwrap()
            .length(),
        1
    );
}

#[wasm_bindgen_test::wasm_bindgen_test]
async fn a_touch_screen_invites_a_touch_and_announces_each_slide() {
    let screen = mount(KioskConfig::default(), SINCE, None);
    tick().await;
    let root = &screen.root;
    assert_eq!(
        texts(root, ".gk-attract__prompt"),
        ["轻触屏幕，查看党务公开"]
    );
    assert_eq!(
        texts(root, "[aria-live=polite]"),
        ["第 1 屏，共 4 屏：正在公示"]
    );
    assert_eq!(attr(root, ".gk-attract", "role").as_deref(), Some("region"));
    screen.now.set(ms(SINCE) + 12_000);
    tick().await;
    assert_eq!(
        texts(root, "[aria-live=polite]"),
        ["第 2 屏，共 4 屏：最新公开"]
    );
}

#[wasm_bindgen_test::wasm_bindgen_test]
async fn signage_shows_the_rotation_with_a_clock_and_when_the_data_was_loaded() {
    let config = KioskConfig {
        signage: true,
        ..KioskConfig::default()
    };
    let screen = mount(config, SINCE, Some(datetime!(2026-11-30 09:50:12 +8)));
    tick().await;
    let root = &screen.root;
    assert!(root
        .query_selector(".gk-attract--signage")
        .unwrap()
        .is_some());
    assert!(
        texts(root, ".gk-attract__prompt").is_empty(),
        "never touched"
    );
    assert!(
        texts(root, "[aria-live]").is_empty(),
        "no one to announce to"
    );
    assert_eq!(texts(root, ".gk-attract__heading"), ["正在公示"]);
    assert_eq!(texts(root, ".gk-attract__time"), ["10:05"]);
    assert_eq!(texts(root, ".gk-attract__date"), ["2026年11月30日（周一）"]);
    assert_eq!(texts(root, ".gk-attract__updated"), ["更新于 09:50"]);
    assert_eq!(texts(root, ".gk-attract__site"), ["青溪镇党务公开"]);

    // The clock turns with the minute.
    screen.now.set(ms(datetime!(2026-11-30 10:06:00 +8)));
    tick().await;
    assert_eq!(texts(root, ".gk-attract__time"), ["10:06"]);

    // A copy kept from yesterday says its date.
    screen
        .updated_at
        .set(Some(ms(datetime!(2026-11-29 18:20 +8))));
    tick().await;
    assert_eq!(
        texts(root, ".gk-attract__updated"),
        ["更新于 11月29日 18:20"]
    );

    // Nothing loaded yet: no stamp.
    screen.updated_at.set(None);
    tick().await;
    assert_eq!(texts(root, ".gk-attract__updated"), [""]);
}

#[wasm_bindgen_test::wasm_bindgen_test]
async fn at_night_only_a_dim_clock_shows() {
    let config = KioskConfig {
        signage: true,
        night: Some(NightWindow::parse("22:00-07:00").unwrap()),
        ..KioskConfig::default()
    };
    let screen = mount(config, datetime!(2026-11-30 23:30 +8), None);
    tick().await;
    let root = &screen.root;
    assert!(root.query_selector(".gk-attract--night").unwrap().is_some());
    assert!(root.query_selector(".gk-attract__slide").unwrap().is_none());
    assert_eq!(texts(root, ".gk-attract__time"), ["23:30"]);
    assert_eq!(texts(root, ".gk-attract__night-note"), ["夜间休息中"]);
    let first = attr(root, ".gk-attract__night", "style");
    // A minute later the clock has moved a little.
    screen.now.set(ms(datetime!(2026-11-30 23:31 +8)));
    tick().await;
    assert_ne!(attr(root, ".gk-attract__night", "style"), first);

    // 07:00: the slides are back.
    screen.now.set(ms(datetime!(2026-12-01 07:00 +8)));
    tick().await;
    assert!(root.query_selector(".gk-attract--night").unwrap().is_none());
    assert_eq!(
        root.query_selector_all(".gk-attract__slide")
            .unwrap()
            .length(),
        1
    );
}

/// The backend of the loading tests: a port nothing listens on, so every
/// request fails as a network error and the API layer answers with its
/// saved copy (localStorage), as on a kiosk whose intranet dropped.
const DOWN: &str = "http://127.0.0.1:1/";

fn cache_items(saved_at: OffsetDateTime, titles: &[&str]) {
    let items: Vec<String> = titles
        .iter()
        .enumerate()
        .map(|(i, title)| {
            format!(
                r#"{{"id":"n{i}","org":"branch","category":"dues","title":"{title}","kind":{{"type":"ad_hoc"}},"published_at":"2026-11-2{i}T09:00:00+08:00"}}"#
            )
        })
        .collect();
    let value = format!("{}\n{{\"items\":[{}]}}", ms(saved_at), items.join(","));
    storage().set_item(&cache_key(), &value).unwrap();
}

fn cache_key() -> String {
    format!("gongkai:v1:{DOWN}v1/items.json")
}

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// Ticks until `done` holds (at most about 4 s).
async fn until(root: &HtmlElement, what: &str, done: impl Fn() -> bool) {
    for _ in 0..200 {
        if done() {
            return;
        }
        tick().await;
    }
    panic!("never happened: {what}\n{}", root.inner_html());
}

/// Mounts `AttractLoop` over a backend that is down and a site that counts
/// its loads.
fn mount_loop(
    root: &HtmlElement,
    now: RwSignal<u64>,
    refresh: RwSignal<u32>,
    site_loads: &Arc<std::sync::atomic::AtomicU32>,
) -> leptos::mount::UnmountHandle<impl leptos::tachys::view::Mountable> {
    use std::sync::atomic::Ordering;

    use gongkai::api::{Api, AppConfig, Loaded, Site};
    use gongkai::components::kiosk::attract::AttractLoop;
    use gongkai::domain::calendar::WorkCalendar;
    use gongkai::hooks::SharedData;

    let loads = Arc::clone(site_loads);
    leptos::mount::mount_to(root.clone(), move || {
        provide_context(Api::new(&AppConfig {
            api_base: DOWN.into(),
            title: None,
            default_org: None,
            ..AppConfig::default()
        }));
        let loads = Arc::clone(&loads);
        // The site follows `refresh`, as the kiosk session's shared data
        // does (`hooks::provide_shared_kept`); the loop fetches its items.
        let site = LocalResource::new(move || {
            refresh.track();
            loads.fetch_add(1, Ordering::SeqCst);
            async {
                Ok(Loaded::fresh(Site {
                    title: "青溪镇党务公开".into(),
                    subtitle: None,
                    root_org: "town".into(),
                    hotline: Some("0571-86120345".into()),
                    contacts: vec![],
                    catalogue: vec![],
                    languages: vec![],
                    feedback: None,
                    kiosk_heartbeat: None,
                    search: None,
                }))
            }
        });
        provide_context(SharedData {
            site,
            orgs: LocalResource::new(|| async { Ok(Loaded::fresh(vec![])) }),
            calendar: LocalResource::new(|| async { Arc::new(WorkCalendar::builtin()) }),
        });
        view! {
            <AttractLoop config=Arc::new(KioskConfig::default()) since=now now=now refresh=refresh/>
        }
    })
}

#[wasm_bindgen_test::wasm_bindgen_test]
async fn the_loop_loads_its_data_refreshes_when_told_and_keeps_the_last_good_copy() {
    use std::sync::atomic::{AtomicU32, Ordering};

    cache_items(datetime!(2026-11-30 08:00 +8), &["旧的通知"]);
    let site_loads = Arc::new(AtomicU32::new(0));
    let root = container();
    let now = RwSignal::new(ms(datetime!(2026-11-30 10:00 +8)));
    let refresh = RwSignal::new(0u32);
    let handle = mount_loop(&root, now, refresh, &site_loads);

    // The saved copy shows, stamped with when it was saved; nothing is in
    // 公示, so the latest items come first.
    until(&root, "the saved items", || {
        texts(&root, ".gk-attract__title") == ["旧的通知"]
    })
    .await;
    assert_eq!(texts(&root, ".gk-attract__heading"), ["最新公开"]);
    assert_eq!(
        texts(&root, ".gk-attract__note"),
        ["目前没有正在公示的事项。"]
    );
    assert_eq!(texts(&root, ".gk-attract__updated"), ["更新于 08:00"]);
    assert_eq!(texts(&root, ".gk-attract__site"), ["青溪镇党务公开"]);
    assert_eq!(site_loads.load(Ordering::SeqCst), 1);

    // Time passing alone fetches nothing.
    now.set(ms(datetime!(2026-11-30 10:30 +8)));
    tick().await;
    assert_eq!(site_loads.load(Ordering::SeqCst), 1);

    // A refresh fetches everything again.
    cache_items(datetime!(2026-11-30 09:30 +8), &["新的通知", "另一条"]);
    refresh.set(1);
    until(&root, "the refreshed items", || {
        texts(&root, ".gk-attract__title")
            .first()
            .map(String::as_str)
            == Some("另一条")
    })
    .await;
    assert_eq!(texts(&root, ".gk-attract__updated"), ["更新于 09:30"]);
    assert_eq!(site_loads.load(Ordering::SeqCst), 2);

    // A refresh that fails with no copy at all leaves the last good data.
    storage().remove_item(&cache_key()).unwrap();
    refresh.set(2);
    until(&root, "the third site load", || {
        site_loads.load(Ordering::SeqCst) == 3
    })
    .await;
    for _ in 0..10 {
        tick().await;
    }
    assert_eq!(texts(&root, ".gk-attract__title"), ["另一条", "新的通知"]);
    assert_eq!(texts(&root, ".gk-attract__updated"), ["更新于 09:30"]);

    // Someone uses the screen (the loop goes), then leaves it. The last
    // refresh failed, so the loop fetches again when it comes back …
    drop(handle);
    assert!(texts(&root, ".gk-attract__title").is_empty());
    cache_items(datetime!(2026-11-30 10:40 +8), &["第三版"]);
    let handle = mount_loop(&root, now, refresh, &site_loads);
    until(&root, "the items after the failure", || {
        texts(&root, ".gk-attract__title") == ["第三版"]
    })
    .await;
    assert_eq!(texts(&root, ".gk-attract__updated"), ["更新于 10:40"]);

    // … but once loaded, the next showings reuse them until a refresh is due.
    drop(handle);
    cache_items(datetime!(2026-11-30 10:50 +8), &["第四版"]);
    let loads_before = site_loads.load(Ordering::SeqCst);
    let handle = mount_loop(&root, now, refresh, &site_loads);
    until(&root, "the kept items", || {
        texts(&root, ".gk-attract__title") == ["第三版"]
    })
    .await;
    for _ in 0..10 {
        tick().await;
    }
    assert_eq!(texts(&root, ".gk-attract__title"), ["第三版"]);
    assert_eq!(
        site_loads.load(Ordering::SeqCst),
        loads_before + 1,
        "the new mount's own load, no refetch"
    );
    // A refresh due while the loop was away is made when it comes back.
    drop(handle);
    refresh.set(3);
    let _handle = mount_loop(&root, now, refresh, &site_loads);
    until(&root, "the items of the missed refresh", || {
        texts(&root, ".gk-attract__title") == ["第四版"]
    })
    .await;
    storage().remove_item(&cache_key()).unwrap();
}
