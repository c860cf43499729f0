//! Components mounted in headless Chromium; the DOM asserted.
//!
//! source scripts/env.sh && CHROMEDRIVER=/usr/bin/chromedriver \
//!   CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//!   with_wasm_toolchain cargo test --target wasm32-unknown-unknown --test web
#![cfg(target_arch = "wasm32")]

use std::sync::Arc;

use gongkai::api::{
    Audience, Category, Item, ItemKind, Publicity, RegularPeriod, Stage, StageState,
};
use gongkai::components::item_list::ItemList;
use gongkai::components::lazy_page::{CodeNotLoaded, LazyPage, ShowPage};
use gongkai::components::period_badge::PeriodBadge;
use gongkai::components::rich_text::{sanitize_html, RichText};
use gongkai::domain::calendar::WorkCalendar;
use gongkai::domain::filters::{Filters, KindFilter};
use gongkai::domain::paging::{Loading, WalkEnd};
use gongkai::domain::period::PeriodStatus;
use gongkai::hooks::{ItemListState, Served};
use gongkai::routes::Router;
use leptos::prelude::*;
use time::macros::{date, datetime};
use time::OffsetDateTime;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

#[cfg(feature = "kiosk")]
#[path = "web/kiosk_attract.rs"]
mod kiosk_attract;
#[cfg(feature = "kiosk")]
#[path = "web/kiosk_handoff.rs"]
mod kiosk_handoff;
#[cfg(feature = "kiosk")]
#[path = "web/kiosk_memory.rs"]
mod kiosk_memory;
#[cfg(feature = "kiosk")]
#[path = "web/kiosk_shell.rs"]
mod kiosk_shell;

#[path = "web/reading.rs"]
mod reading;

// The counting allocator (live bytes and blocks), for kiosk_memory.
#[allow(dead_code)]
#[path = "../src/mem_probe.rs"]
mod mem_probe;
#[global_allocator]
static HEAP: mem_probe::Counting = mem_probe::Counting;

const NOW: OffsetDateTime = datetime!(2026-11-18 10:00 +8);

fn item(id: &str, category: &str, kind: ItemKind, title: &str, summary: &str) -> Item {
    Item {
        id: id.into(),
        org: "branch".into(),
        category: category.into(),
        title: title.into(),
        summary: summary.into(),
        body_html: String::new(),
        kind,
        audience: Audience::Public,
        published_at: datetime!(2026-11-02 09:00 +8),
        publicity: None,
        attachments: vec![],
        revisions: vec![],
        superseded_by: None,
        objections_under_review: false,
    }
}

fn catalogue() -> Arc<Vec<Category>> {
    let cat = |id: &str, name: &str| Category {
        id: id.into(),
        name: name.into(),
        description: None,
        min_publicity_working_days: None,
    };
    Arc::new(vec![
        cat("recruitment", "发展党员公示"),
        cat("dues", "党费收缴使用"),
        cat("practical", "为民办实事"),
    ])
}

fn items() -> Arc<Vec<Item>> {
    let regular = ItemKind::Regular {
        period: RegularPeriod::Quarter,
        covers: Some("2026-Q3".into()),
    };
    let staged = ItemKind::Staged {
        stages: vec![Stage {
            name: "立项".into(),
            state: StageState::Done,
            date: Some(date!(2026 - 06 - 15)),
            note: None,
        }],
    };
    let mut open = item(
        "r1",
        "recruitment",
        ItemKind::AdHoc,
        "关于拟接收张三同志为预备党员的公示",
        "公示期五个工作日",
    );
    open.publicity = Some(Publicity {
        start: datetime!(2026-11-16 00:00 +8),
        end: datetime!(2026-11-20 18:00 +8),
    });
    let mut internal = item(
        "secret",
        "dues",
        regular.clone(),
        "党内通报：内部事项",
        "仅限党内",
    );
    internal.audience = Audience::PartyInternal;
    Arc::new(vec![
        open,
        item(
            "d1",
            "dues",
            regular.clone(),
            "2026年第三季度党费收缴使用情况",
            "收缴党费256.75元",
        ),
        item(
            "d2",
            "dues",
            regular,
            "2026年第二季度党费收缴使用情况",
            "收缴党费248元",
        ),
        item(
            "p1",
            "practical",
            staged.clone(),
            "村道硬化工程进展",
            "硬化村道3.2公里",
        ),
        item("p2", "practical", staged, "老年食堂建设进展", "每日供餐"),
        internal,
    ])
}

/// A fresh container in the page.
fn container() -> HtmlElement {
    let doc = document();
    let div = doc
        .create_element("div")
        .unwrap()
        .unchecked_into::<HtmlElement>();
    doc.body().unwrap().append_child(&div).unwrap();
    div
}

/// Lets the reactive system run its effects.
async fn tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn texts(root: &HtmlElement, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.text_content().unwrap_or_default())
        .collect()
}

/// A list all loaded, as the board hands it to `ItemList`.
fn loaded(items: &[Item]) -> ItemListState {
    let mut list = Loading::default();
    list.extend(items.iter().cloned());
    list.end = Some(WalkEnd::Done);
    ItemListState {
        list,
        started: true,
        ..ItemListState::default()
    }
}

fn mount_list(filters: RwSignal<Filters>) -> HtmlElement {
    mount_list_of(RwSignal::new(loaded(&items())), filters)
}

fn mount_list_of(state: RwSignal<ItemListState>, filters: RwSignal<Filters>) -> HtmlElement {
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <Router>
                <ItemList
                    board="b".to_owned()
                    state=state
                    on_retry=|_| ()
                    filters=filters
                    catalogue=catalogue()
                    now=NOW
                    calendar=Arc::new(WorkCalendar::builtin())
                    orgs=None
                />
            </Router>
        }
    });
    handle.forget();
    root
}

#[wasm_bindgen_test]
async fn list_renders_one_card_per_public_item_grouped_by_category() {
    let filters = RwSignal::new(Filters::default());
    let root = mount_list(filters);
    tick().await;
    assert_eq!(
        texts(&root, ".gk-group__title"),
        ["发展党员公示", "党费收缴使用", "为民办实事"]
    );
    let titles = texts(&root, ".gk-card__title a");
    assert_eq!(titles.len(), 5, "{titles:?}");
    assert_eq!(texts(&root, ".gk-count"), ["共 5 条"]);
    // Every title is a real link to its item.
    let link = root.query_selector(".gk-card__title a").unwrap().unwrap();
    assert_eq!(link.get_attribute("href").as_deref(), Some("/item/r1"));
    // The count is announced politely.
    let count = root.query_selector(".gk-count").unwrap().unwrap();
    assert_eq!(count.get_attribute("aria-live").as_deref(), Some("polite"));
}

/// `n` public items of one category, newest first, numbered from 0.
fn many(n: usize) -> Vec<Item> {
    let base = items()[0].clone();
    (0..n)
        .map(|i| Item {
            id: format!("m{i:04}"),
            title: format!("第{i}号通知"),
            category: "dues".into(),
            published_at: NOW - time::Duration::hours(i as i64 + 1),
            ..base.clone()
        })
        .collect()
}

#[wasm_bindgen_test]
async fn a_long_list_shows_one_page_with_a_pager() {
    let state = RwSignal::new(loaded(&many(50)));
    let filters = RwSignal::new(Filters::default());
    let root = mount_list_of(state, filters);
    tick().await;
    assert_eq!(texts(&root, ".gk-count"), ["共 50 条"]);
    assert_eq!(texts(&root, ".gk-pager__status"), ["第 1 页，共 3 页"]);
    let titles = texts(&root, ".gk-card__title a");
    assert_eq!(titles.len(), 20, "only the page shown is rendered");
    assert_eq!(titles[0], "第0号通知");
    assert!(
        texts(&root, ".gk-group__title").is_empty(),
        "more than a page: newest first, not grouped"
    );
    let pager = root.query_selector("nav.gk-pager").unwrap().unwrap();
    assert_eq!(pager.get_attribute("aria-label").as_deref(), Some("分页"));
    let next = root.query_selector(".gk-pager__step").unwrap().unwrap();
    assert_eq!(next.text_content().as_deref(), Some("下一页"));
    assert_eq!(next.get_attribute("href").as_deref(), Some("/org/b?page=2"));
    assert_eq!(texts(&root, "[aria-current=page]"), ["1"]);

    filters.set(Filters::default().on_page(3));
    tick().await;
    let titles = texts(&root, ".gk-card__title a");
    assert_eq!(titles.len(), 10);
    assert_eq!(titles[9], "第49号通知", "the oldest is on the last page");
    assert_eq!(texts(&root, ".gk-pager__status"), ["第 3 页，共 3 页"]);
}

#[wasm_bindgen_test]
async fn a_page_the_backend_found_is_shown_as_it_is_with_its_count() {
    // Page 3 of a search the backend answered: 20 entries of 10 000, which
    // the list must neither filter again nor cut to a page range.
    let filters = RwSignal::new(Filters {
        query: "通知".into(),
        ..Filters::default().on_page(3)
    });
    let mut answer = loaded(&many(20));
    answer.served = Some(Served {
        filters: filters.get_untracked(),
        total: 10_000,
    });
    let state = RwSignal::new(answer);
    let root = mount_list_of(state, filters);
    tick().await;
    assert_eq!(texts(&root, ".gk-count"), ["共 10000 条"]);
    assert_eq!(texts(&root, ".gk-pager__status"), ["第 3 页，共 500 页"]);
    let titles = texts(&root, ".gk-card__title a");
    assert_eq!(titles.len(), 20, "the page as the backend gave it");
    assert_eq!(titles[0], "第0号通知");
    let results = root.query_selector(".gk-results").unwrap().unwrap();
    assert_eq!(results.get_attribute("aria-busy").as_deref(), Some("false"));

    // A new word: until the backend answers it, the last answer stays, busy.
    filters.set(Filters {
        query: "通知 第4".into(),
        ..Filters::default()
    });
    tick().await;
    assert_eq!(results.get_attribute("aria-busy").as_deref(), Some("true"));
    assert_eq!(texts(&root, ".gk-card__title a").len(), 20);
    let mut next = loaded(&many(20)[10..]);
    next.served = Some(Served {
        filters: filters.get_untracked(),
        total: 10,
    });
    state.set(next);
    tick().await;
    assert_eq!(results.get_attribute("aria-busy").as_deref(), Some("false"));
    assert_eq!(texts(&root, ".gk-count"), ["共 10 条"]);
    assert_eq!(texts(&root, ".gk-card__title a").len(), 10);
}

#[wasm_bindgen_test]
async fn while_pages_load_the_count_says_so_and_skipped_entries_are_told() {
    let mut first = loaded(&many(100));
    first.list.end = None;
    first.list.total = Some(10_000);
    first.list.skipped = 2;
    let state = RwSignal::new(first);
    let filters = RwSignal::new(Filters::default());
    let root = mount_list_of(state, filters);
    tick().await;
    assert_eq!(
        texts(&root, ".gk-count"),
        ["共 10000 条"],
        "the backend's total, unfiltered"
    );
    assert_eq!(texts(&root, ".gk-pager__status"), ["第 1 页，共 500 页"]);
    let results = root.query_selector(".gk-results").unwrap().unwrap();
    assert_eq!(results.get_attribute("aria-busy").as_deref(), Some("true"));
    assert!(root.inner_html().contains("2 条内容格式有误，已略过。"));

    filters.set(Filters {
        query: "第1".into(),
        ..Filters::default()
    });
    tick().await;
    assert_eq!(texts(&root, ".gk-count"), ["已显示 11 条，其余正在载入"]);

    // A deep link to a page not yet loaded waits for it.
    filters.set(Filters::default().on_page(400));
    tick().await;
    assert!(root.inner_html().contains("正在载入第 400 页……"));

    state.update(|s| s.list.end = Some(WalkEnd::Done));
    filters.set(Filters::default());
    tick().await;
    assert_eq!(
        texts(&root, ".gk-count"),
        ["共 100 条"],
        "once all is in, the count is what came"
    );
    assert_eq!(results.get_attribute("aria-busy").as_deref(), Some("false"));
}

#[wasm_bindgen_test]
async fn party_internal_items_never_render() {
    let filters = RwSignal::new(Filters::default());
    let root = mount_list(filters);
    tick().await;
    let html = root.inner_html();
    assert!(!html.contains("党内通报"), "{html}");
    assert!(!html.contains("/item/secret"));
    // Not even when searched for.
    filters.set(Filters {
        query: "党内".into(),
        ..Filters::default()
    });
    tick().await;
    assert!(!root.inner_html().contains("党内通报"));
    assert_eq!(texts(&root, ".gk-count"), ["共 0 条"]);
}

#[wasm_bindgen_test]
async fn kind_filter_narrows_to_staged_items() {
    let filters = RwSignal::new(Filters::default());
    let root = mount_list(filters);
    tick().await;
    filters.set(Filters {
        kind: Some(KindFilter::Staged),
        ..Filters::default()
    });
    tick().await;
    let mut titles = texts(&root, ".gk-card__title a");
    titles.sort();
    assert_eq!(titles, ["村道硬化工程进展", "老年食堂建设进展"]);
    assert_eq!(texts(&root, ".gk-group__title"), ["为民办实事"]);
    assert_eq!(texts(&root, ".gk-count"), ["共 2 条"]);
}

#[wasm_bindgen_test]
async fn search_highlights_matches_with_mark() {
    let filters = RwSignal::new(Filters::default());
    let root = mount_list(filters);
    tick().await;
    filters.set(Filters {
        query: "党费".into(),
        ..Filters::default()
    });
    tick().await;
    assert_eq!(texts(&root, ".gk-card__title a").len(), 2);
    let marks = texts(&root, "mark");
    assert!(marks.len() >= 4, "{marks:?}");
    assert!(marks.iter().all(|m| m == "党费"), "{marks:?}");
    // Marks inside the title link keep its accessible name whole.
    assert_eq!(
        texts(&root, ".gk-card__title a")[0],
        "2026年第三季度党费收缴使用情况"
    );
}

#[wasm_bindgen_test]
async fn empty_result_says_so() {
    let filters = RwSignal::new(Filters {
        query: "不存在的内容".into(),
        ..Filters::default()
    });
    let root = mount_list(filters);
    tick().await;
    assert_eq!(texts(&root, ".gk-card").len(), 0);
    assert_eq!(texts(&root, ".gk-empty p"), ["没有符合条件的公开内容。"]);
}

#[wasm_bindgen_test]
fn sanitiser_drops_handlers_scripts_and_javascript_urls() {
    let dirty = r#"<p>正文<img src=x onerror=alert(1)></p><script>alert(2)</script>
        <a href="javascript:alert(3)">点我</a><a href="https://example.org/a.pdf" onclick="x()">文件</a>
        <iframe src="https://evil.example"></iframe><style>body{display:none}</style>"#;
    let clean = sanitize_html(dirty, "https://backend.example/api/", &backend_images());
    let lower = clean.to_ascii_lowercase();
    for bad in [
        "onerror",
        "onclick",
        "<script",
        "alert(2)",
        "javascript:",
        "<iframe",
        "<style",
        "display:none",
    ] {
        assert!(!lower.contains(bad), "{bad} left in {clean}");
    }
    assert!(clean.contains("正文"));
    assert!(clean.contains("点我"));
    assert!(clean.contains("https://example.org/a.pdf"));
}

#[wasm_bindgen_test]
fn relative_urls_in_a_body_point_at_the_backend_and_leave_the_router_alone() {
    let clean = sanitize_html(
        r##"<p><a href="files/rules.pdf">细则</a> <a href="#part-2">第二部分</a> <img src="/img/chart.png" alt="图"></p>"##,
        "https://backend.example/api/",
        &backend_images(),
    );
    assert!(
        clean.contains(r#"href="https://backend.example/api/files/rules.pdf""#),
        "{clean}"
    );
    assert!(clean.contains(r##"href="#part-2""##), "{clean}");
    assert!(
        clean.contains(r#"src="https://backend.example/img/chart.png""#),
        "{clean}"
    );
    assert!(
        clean.contains("external"),
        "links are marked external: {clean}"
    );
    assert!(clean.contains(r#"referrerpolicy="no-referrer""#), "{clean}");
}

fn backend_images() -> gongkai::domain::sanitize::ImageOrigins {
    gongkai::domain::sanitize::ImageOrigins::new(["https://backend.example/api/"])
}

#[wasm_bindgen_test]
fn a_picture_from_elsewhere_is_a_link_the_reader_may_open_not_a_fetch() {
    let clean = sanitize_html(
        r#"<p>会议现场<img src="https://tracker.example.com/p.gif?reader=1" alt="照片"><img src="/img/own.png"></p>"#,
        "https://backend.example/api/",
        &backend_images(),
    );
    assert!(!clean.contains(r#"<img src="https://tracker"#), "{clean}");
    assert!(
        clean.contains(r#"href="https://tracker.example.com/p.gif?reader=1""#),
        "{clean}"
    );
    assert!(
        clean.contains("查看图片（来自 tracker.example.com）：照片"),
        "{clean}"
    );
    assert!(
        clean.contains(r#"<img src="https://backend.example/img/own.png""#),
        "{clean}"
    );
}

#[wasm_bindgen_test]
fn hostile_nesting_keeps_its_words() {
    let deep = format!("{}深处的文字{}", "<div>".repeat(200), "</div>".repeat(200));
    let clean = sanitize_html(&deep, "https://backend.example/", &backend_images());
    assert!(clean.contains("深处的文字"), "the text survives");
    assert!(clean.matches("<div>").count() <= 64, "nesting is capped");
}

#[wasm_bindgen_test]
async fn rich_text_component_renders_only_sanitised_html() {
    let root = container();
    leptos::mount::mount_to(root.clone(), || {
        view! { <RichText html=r#"<h2>标题</h2><img src=x onerror="window.__gk_pwned=1"><a href="javascript:alert(1)">链接</a><script>window.__gk_pwned=2</script>"#/> }
    })
    .forget();
    tick().await;
    assert!(root.query_selector("[onerror]").unwrap().is_none());
    assert!(root.query_selector("script").unwrap().is_none());
    let links = root.query_selector_all("a").unwrap();
    for i in 0..links.length() {
        let a = links.item(i).unwrap().unchecked_into::<web_sys::Element>();
        let href = a.get_attribute("href").unwrap_or_default();
        assert!(!href.to_ascii_lowercase().contains("javascript"), "{href}");
    }
    assert_eq!(texts(&root, "h2"), ["标题"]);
    let pwned = js_sys::Reflect::get(&window(), &"__gk_pwned".into()).unwrap();
    assert!(pwned.is_undefined(), "a handler or script ran");
}

#[wasm_bindgen_test]
async fn badge_shows_words_and_countdown() {
    let root = container();
    leptos::mount::mount_to(root.clone(), || {
        view! {
            // Monday 30 November, closing Tuesday: today and tomorrow.
            <PeriodBadge status=PeriodStatus::Open { ends_on: date!(2026 - 12 - 01), remaining_working_days: 2, counts_today: true, last_day: false } countdown=true/>
            <PeriodBadge status=PeriodStatus::Open { ends_on: date!(2026 - 11 - 20), remaining_working_days: 1, counts_today: true, last_day: true } countdown=true/>
            // Closes on a holiday: no working day left, yet still open.
            <PeriodBadge status=PeriodStatus::Open { ends_on: date!(2025 - 10 - 02), remaining_working_days: 0, counts_today: false, last_day: false } countdown=true/>
            // A Saturday: Monday and Tuesday are left.
            <PeriodBadge status=PeriodStatus::Open { ends_on: date!(2026 - 12 - 01), remaining_working_days: 2, counts_today: false, last_day: false } countdown=true/>
            // Tuesday 30 September, closing in the holiday: today is the last working day.
            <PeriodBadge status=PeriodStatus::Open { ends_on: date!(2025 - 10 - 02), remaining_working_days: 1, counts_today: true, last_day: false } countdown=true/>
            <PeriodBadge status=PeriodStatus::Upcoming { starts_on: date!(2026 - 11 - 23), working_days_until: 1 } countdown=true/>
        }
    })
    .forget();
    tick().await;
    assert_eq!(
        texts(&root, ".gk-badge"),
        ["公示中", "公示中", "公示中", "公示中", "公示中", "预告"]
    );
    assert_eq!(
        texts(&root, ".gk-status__countdown"),
        [
            "含今天还有 2 个工作日，至12月1日（周二）止",
            "今天是公示最后一天：11月20日（周五）",
            "公示至10月2日（周四）止",
            "还有 2 个工作日，至12月1日（周二）止",
            "今天是公示期内最后一个工作日，至10月2日（周四）止",
            "将于2026年11月23日（周一）开始公示",
        ]
    );
}

#[wasm_bindgen_test]
async fn org_tree_nests_children_with_kind_labels() {
    use gongkai::api::{OrgKind, Organisation};
    use gongkai::components::org_tree::OrgTree;
    let org = |id: &str, name: &str, kind: OrgKind, parent: Option<&str>| Organisation {
        id: id.into(),
        name: name.into(),
        short_name: None,
        kind,
        parent: parent.map(Into::into),
        description: None,
        contacts: vec![],
    };
    let orgs = Arc::new(vec![
        org("town", "镇党委", OrgKind::Committee, None),
        org(
            "community",
            "社区党总支",
            OrgKind::GeneralBranch,
            Some("town"),
        ),
        org("grid", "第一网格党支部", OrgKind::Branch, Some("community")),
        // A cycle and a self-parent must not hang or repeat.
        org("a", "甲", OrgKind::Branch, Some("b")),
        org("b", "乙", OrgKind::Branch, Some("a")),
        org("self", "自己", OrgKind::Branch, Some("self")),
    ]);
    let root = container();
    leptos::mount::mount_to(
        root.clone(),
        move || view! { <Router><OrgTree orgs=orgs/></Router> },
    )
    .forget();
    tick().await;
    let nested = root
        .query_selector("ul ul ul a")
        .unwrap()
        .expect("three levels");
    assert_eq!(nested.text_content().unwrap(), "第一网格党支部");
    assert_eq!(nested.get_attribute("href").as_deref(), Some("/org/grid"));
    let kinds = texts(&root, ".gk-tree__kind");
    assert_eq!(&kinds[..3], ["党委", "党总支", "党支部"]);
    assert_eq!(texts(&root, "a").iter().filter(|t| *t == "自己").count(), 1);
}

/// The filter bar over `filters`, reporting each change back into it.
fn mount_filters_bar(filters: RwSignal<Filters>, sub_default: Option<bool>) -> HtmlElement {
    use gongkai::components::filters_bar::FiltersBar;
    let root = container();
    leptos::mount::mount_to(root.clone(), move || {
        view! {
            <FiltersBar
                filters=filters
                on_change=move |(f, _replace): (Filters, bool)| filters.set(f)
                catalogue=catalogue()
                years=vec![2026, 2025]
                sub_default=sub_default
            />
        }
    })
    .forget();
    root
}

#[wasm_bindgen_test]
async fn filters_bar_reports_a_new_filter_and_labels_its_controls() {
    let filters = RwSignal::new(Filters::default());
    let root = mount_filters_bar(filters, None);
    tick().await;
    let labels = texts(&root, "label");
    assert_eq!(labels, ["搜索", "类别", "类型", "状态", "年份", "季度"]);
    // Quarters written one way, and the year and quarter say what they mean.
    assert_eq!(
        texts(&root, "#gk-f-quarter option"),
        ["全部", "第一季度", "第二季度", "第三季度", "第四季度"]
    );
    for id in ["gk-f-year", "gk-f-quarter"] {
        let select = root.query_selector(&format!("#{id}")).unwrap().unwrap();
        let hint = select.get_attribute("aria-describedby").unwrap();
        let hint = root.query_selector(&format!("#{hint}")).unwrap().unwrap();
        assert_eq!(
            hint.text_content().unwrap(),
            "定期公开按所属期筛选，其他事项按发布时间"
        );
    }
    assert!(
        root.query_selector("input[type=checkbox]")
            .unwrap()
            .is_none(),
        "no 含下级组织 on a board with nothing below it"
    );
    for id in [
        "gk-q",
        "gk-f-category",
        "gk-f-kind",
        "gk-f-status",
        "gk-f-year",
        "gk-f-quarter",
    ] {
        assert!(
            root.query_selector(&format!("label[for={id}]"))
                .unwrap()
                .is_some(),
            "{id}"
        );
    }
    let kind = root
        .query_selector("#gk-f-kind")
        .unwrap()
        .unwrap()
        .unchecked_into::<web_sys::HtmlSelectElement>();
    kind.set_value("staged");
    kind.dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    tick().await;
    assert_eq!(filters.get_untracked().kind, Some(KindFilter::Staged));
    let clear = root
        .query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into::<HtmlElement>();
    assert_eq!(clear.text_content().unwrap(), "清除筛选");
    clear.click();
    tick().await;
    assert!(filters.get_untracked().is_empty());
    assert_eq!(kind.value(), "");
}

#[wasm_bindgen_test]
async fn filters_bar_offers_sub_organisations_and_keeps_the_choice_out_of_the_url_by_default() {
    let filters = RwSignal::new(Filters::default());
    let root = mount_filters_bar(filters, Some(true));
    tick().await;
    let sub = root
        .query_selector("#gk-f-sub")
        .unwrap()
        .unwrap()
        .unchecked_into::<web_sys::HtmlInputElement>();
    let label = root.query_selector("label[for=gk-f-sub]").unwrap().unwrap();
    assert_eq!(label.text_content().unwrap(), "含下级组织");
    assert!(sub.checked(), "on by default for a committee");
    sub.click();
    tick().await;
    assert_eq!(filters.get_untracked().sub, Some(false));
    assert_eq!(filters.get_untracked().query_string(), "?sub=0");
    assert!(!sub.checked());
    // 清除筛选 keeps what the board holds.
    filters.set(Filters {
        category: Some("dues".into()),
        sub: Some(false),
        ..Filters::default()
    });
    tick().await;
    let clear = root
        .query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into::<HtmlElement>();
    clear.click();
    tick().await;
    assert_eq!(filters.get_untracked().sub, Some(false));
    assert_eq!(filters.get_untracked().category, None);
    sub.click();
    tick().await;
    assert_eq!(filters.get_untracked().sub, None, "back to the default");
    assert!(sub.checked());
}

#[wasm_bindgen_test]
async fn attachments_show_type_and_size_and_only_http_links() {
    use gongkai::api::Attachment;
    use gongkai::components::attachments::Attachments;
    let attachments = vec![
        Attachment {
            name: "名单.pdf".into(),
            media_type: Some("application/pdf".into()),
            size: Some(1_258_291),
            url: "https://example.org/files/list.pdf".into(),
        },
        Attachment {
            name: "坏链接".into(),
            media_type: None,
            size: None,
            url: "javascript:alert(1)".into(),
        },
    ];
    let root = container();
    leptos::mount::mount_to(
        root.clone(),
        move || view! { <Attachments attachments=attachments/> },
    )
    .forget();
    tick().await;
    assert_eq!(texts(&root, "a"), ["名单.pdf"]);
    assert_eq!(texts(&root, ".gk-file-type"), ["PDF"]);
    assert_eq!(texts(&root, ".gk-file-size"), ["1.2 MB"]);
}
fn public_reply(
    id: &str,
    kind: gongkai::api::FeedbackKind,
    replied_on: time::Date,
    working_days_taken: u32,
) -> gongkai::api::PublicReply {
    gongkai::api::PublicReply {
        id: id.into(),
        kind,
        org: "branch".into(),
        item: None,
        question: format!("关于{id}的问题"),
        reply: format!("第一行答复{id}\n第二行答复"),
        status: gongkai::api::FeedbackStatus::Replied,
        submitted_on: date!(2026 - 11 - 02),
        reply_due: date!(2026 - 11 - 16),
        replied_on,
        working_days_taken,
        rating: None,
    }
}

fn replies() -> Arc<Vec<gongkai::api::PublicReply>> {
    use gongkai::api::{FeedbackKind, FeedbackStatus, Rating};
    let mut on_time = public_reply("路灯", FeedbackKind::Suggestion, date!(2026 - 11 - 05), 3);
    on_time.rating = Some(Rating::BasicallySatisfied);
    // Replied on the due day itself: still on time.
    let mut due_day = public_reply("党费", FeedbackKind::Inquiry, date!(2026 - 11 - 16), 10);
    due_day.status = FeedbackStatus::Closed;
    let late = public_reply("公示", FeedbackKind::Objection, date!(2026 - 11 - 18), 12);
    let same_day = public_reply("当天", FeedbackKind::Opinion, date!(2026 - 11 - 02), 0);
    Arc::new(vec![on_time, due_day, late, same_day])
}

fn mount_replies(
    replies: Arc<Vec<gongkai::api::PublicReply>>,
    filters: RwSignal<gongkai::domain::replies::ReplyFilters>,
) -> HtmlElement {
    use gongkai::components::reply_list::ReplyList;
    let root = container();
    leptos::mount::mount_to(root.clone(), move || {
        view! { <ReplyList replies=replies filters=filters clear_href="/org/branch/replies"/> }
    })
    .forget();
    root
}

#[wasm_bindgen_test]
async fn reply_cards_show_timeliness_days_taken_dates_and_nobody_s_name() {
    use gongkai::domain::replies::ReplyFilters;
    let root = mount_replies(replies(), RwSignal::new(ReplyFilters::default()));
    tick().await;
    assert_eq!(texts(&root, ".gk-count"), ["共 4 条"]);
    // Newest reply first; the question summary is each article's heading.
    assert_eq!(
        texts(&root, "article h2"),
        [
            "关于公示的问题",
            "关于党费的问题",
            "关于路灯的问题",
            "关于当天的问题"
        ]
    );
    assert_eq!(
        texts(&root, ".gk-reply__top .gk-badge"),
        ["逾期答复", "按期答复", "按期答复", "按期答复"]
    );
    assert_eq!(
        texts(&root, ".gk-reply__days"),
        [
            "用时 12 个工作日",
            "用时 10 个工作日",
            "用时 3 个工作日",
            "当天答复"
        ]
    );
    assert_eq!(texts(&root, ".gk-tag"), ["异议", "咨询", "建议", "意见"]);
    let late = root.query_selector("article").unwrap().unwrap();
    let dates: Vec<(String, String)> = {
        let list = late.query_selector_all("time").unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .map(|n| n.unchecked_into::<web_sys::Element>())
            .map(|t| {
                (
                    t.get_attribute("datetime").unwrap_or_default(),
                    t.text_content().unwrap_or_default(),
                )
            })
            .collect()
    };
    assert_eq!(
        dates,
        [
            ("2026-11-02".to_owned(), "2026年11月2日".to_owned()),
            ("2026-11-18".to_owned(), "2026年11月18日".to_owned())
        ]
    );
    assert_eq!(texts(&root, ".gk-reply__facts dd")[2], "已答复");
    let facts = texts(&root, ".gk-reply__facts dt");
    assert_eq!(facts.iter().filter(|t| *t == "满意度").count(), 1);
    assert!(texts(&root, ".gk-reply__facts dd").contains(&"基本满意".to_owned()));
    // The reply keeps its line breaks.
    let text = root
        .query_selector(".gk-reply__text")
        .unwrap()
        .unwrap()
        .unchecked_into::<HtmlElement>();
    assert_eq!(text.text_content().unwrap(), "第一行答复公示\n第二行答复");
    // No name, contact or tracking code anywhere: nothing to call or mail.
    let html = root.inner_html();
    for absent in ["tel:", "mailto:", "姓名", "联系方式", "留言码"] {
        assert!(!html.contains(absent), "{absent} in {html}");
    }
    assert!(root.query_selector("a").unwrap().is_none(), "{html}");
}

#[wasm_bindgen_test]
async fn reply_filters_narrow_the_list_and_say_why_it_is_empty() {
    use gongkai::api::{FeedbackKind, FeedbackStatus};
    use gongkai::components::reply_list::ReplyFiltersBar;
    use gongkai::domain::replies::ReplyFilters;
    let filters = RwSignal::new(ReplyFilters::default());
    let bar = container();
    leptos::mount::mount_to(bar.clone(), move || {
        view! {
            <ReplyFiltersBar
                filters=filters
                on_change=move |f: ReplyFilters| filters.set(f)
                kinds=vec![FeedbackKind::Suggestion, FeedbackKind::Objection, FeedbackKind::Complaint]
            />
        }
    })
    .forget();
    let root = mount_replies(replies(), filters);
    tick().await;
    assert_eq!(texts(&bar, "label"), ["留言类别", "办理状态"]);
    // Only the kinds the site takes are offered.
    assert_eq!(
        texts(&bar, "#gk-rf-kind option"),
        ["全部", "建议", "异议", "投诉举报"]
    );
    assert_eq!(
        texts(&bar, "#gk-rf-status option"),
        ["全部", "已受理", "办理中", "已答复", "已办结"]
    );
    let kind = bar
        .query_selector("#gk-rf-kind")
        .unwrap()
        .unwrap()
        .unchecked_into::<web_sys::HtmlSelectElement>();
    kind.set_value("objection");
    kind.dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    tick().await;
    assert_eq!(filters.get_untracked().kind, Some(FeedbackKind::Objection));
    assert_eq!(texts(&root, "article h2"), ["关于公示的问题"]);
    assert_eq!(texts(&root, ".gk-count"), ["共 1 条"]);

    // Filters that leave nothing: say so, offer the unfiltered board.
    filters.set(ReplyFilters {
        kind: Some(FeedbackKind::Complaint),
        status: Some(FeedbackStatus::Closed),
    });
    tick().await;
    assert_eq!(kind.value(), "complaint");
    assert_eq!(texts(&root, ".gk-empty p"), ["没有符合条件的答复。"]);
    let clear = root.query_selector(".gk-empty a").unwrap().unwrap();
    assert_eq!(clear.text_content().unwrap(), "清除筛选");
    assert_eq!(
        clear.get_attribute("href").as_deref(),
        Some("/org/branch/replies")
    );

    // The bar's own 清除筛选.
    let button = bar
        .query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into::<HtmlElement>();
    button.click();
    tick().await;
    assert!(filters.get_untracked().is_empty());
    assert_eq!(kind.value(), "");
    assert_eq!(texts(&root, ".gk-count"), ["共 4 条"]);

    // No replies at all is not a filtering problem.
    let empty = mount_replies(Arc::new(vec![]), RwSignal::new(ReplyFilters::default()));
    tick().await;
    assert_eq!(texts(&empty, ".gk-empty p"), ["暂无公开的答复。"]);
    assert!(empty.query_selector(".gk-empty a").unwrap().is_none());
}

// The feedback form: errors in the GOV.UK manner.

fn mount_feedback_form(
    draft: RwSignal<gongkai::domain::draft::Draft>,
    sent: RwSignal<Vec<gongkai::api::FeedbackRequest>>,
    refused: RwSignal<Option<gongkai::api::Problem>>,
) -> HtmlElement {
    use gongkai::api::FeedbackKind;
    use gongkai::components::feedback_form::{FeedbackForm, FormTarget};
    let root = container();
    leptos::mount::mount_to(root.clone(), move || {
        view! {
            <FeedbackForm
                target=FormTarget {
                    org: "qingxi-village".into(),
                    org_name: "中共青溪镇青溪村支部委员会".into(),
                    item: None,
                }
                kinds=vec![FeedbackKind::Suggestion, FeedbackKind::Opinion, FeedbackKind::Inquiry]
                objection=None
                objection_note=None
                draft=draft
                refused=refused
                on_submit=Callback::new(move |r| sent.update(|s| s.push(r)))
            />
        }
    })
    .forget();
    root
}

fn click(root: &HtmlElement, selector: &str) {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .unchecked_into::<HtmlElement>()
        .click();
}

fn active_id() -> String {
    document()
        .active_element()
        .map(|e| e.id())
        .unwrap_or_default()
}

fn attr(root: &HtmlElement, selector: &str, name: &str) -> Option<String> {
    root.query_selector(selector).unwrap()?.get_attribute(name)
}

#[wasm_bindgen_test]
async fn an_empty_submission_shows_a_focused_error_summary_linking_to_each_field() {
    use gongkai::domain::draft::Draft;
    let draft = RwSignal::new(Draft::new("key-1".into()));
    let sent = RwSignal::new(vec![]);
    let refused = RwSignal::new(None);
    let root = mount_feedback_form(draft, sent, refused);
    tick().await;
    assert!(
        attr(&root, ".gk-error-summary", "hidden").is_some(),
        "no summary before a submission"
    );

    click(&root, "button[type=submit]");
    tick().await;
    let summary = root.query_selector(".gk-error-summary").unwrap().unwrap();
    assert!(summary.get_attribute("hidden").is_none());
    assert_eq!(
        document().active_element().as_ref(),
        Some(&summary),
        "the summary takes the focus"
    );
    let links = root.query_selector_all(".gk-error-summary a").unwrap();
    let hrefs: Vec<String> = (0..links.length())
        .filter_map(|i| links.item(i))
        .map(|n| {
            n.unchecked_into::<web_sys::Element>()
                .get_attribute("href")
                .unwrap()
        })
        .collect();
    assert_eq!(hrefs, ["#fb-kind-0", "#fb-body"]);
    assert_eq!(
        texts(&root, ".gk-error-summary a"),
        ["请选择留言类别", "请填写留言内容"]
    );
    // The same sentence beside the field, which points at it.
    assert_eq!(texts(&root, "#fb-body-error"), ["错误：请填写留言内容"]);
    let described = attr(&root, "#fb-body", "aria-describedby").unwrap();
    assert!(
        described.split(' ').any(|id| id == "fb-body-error"),
        "{described}"
    );
    assert_eq!(
        attr(&root, "#fb-body", "aria-invalid").as_deref(),
        Some("true")
    );
    assert!(sent.get_untracked().is_empty(), "nothing is sent");
    assert!(
        document().title().starts_with("错误："),
        "{}",
        document().title()
    );

    // A link in the summary moves the focus to its field.
    click(&root, ".gk-error-summary a[href='#fb-body']");
    assert_eq!(active_id(), "fb-body");
}

#[wasm_bindgen_test]
async fn a_corrected_draft_is_handed_on_and_the_errors_go() {
    use gongkai::domain::draft::Draft;
    let draft = RwSignal::new(Draft::new("key-2".into()));
    let sent = RwSignal::new(vec![]);
    let refused = RwSignal::new(None);
    let root = mount_feedback_form(draft, sent, refused);
    draft.update(|d| {
        d.kind = "suggestion".into();
        d.body = "短".into();
        d.contact = "12345".into();
    });
    click(&root, "button[type=submit]");
    tick().await;
    assert_eq!(
        texts(&root, ".gk-error-summary a"),
        [
            "留言内容至少5个字，现有1个字",
            "联系方式请填写手机号（如 13812345678）、固定电话（如 0571-87654321）或电子邮箱"
        ]
    );
    assert_eq!(texts(&root, "#fb-contact-error").len(), 1);

    draft.update(|d| {
        d.body = "村口路灯坏了三盏，请尽快维修。".into();
        d.contact = "0571-87654321".into();
    });
    click(&root, "button[type=submit]");
    tick().await;
    let sent = sent.get_untracked();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].body, "村口路灯坏了三盏，请尽快维修。");
    assert_eq!(sent[0].org, "qingxi-village");
    assert!(attr(&root, ".gk-error-summary", "hidden").is_some());
    assert!(texts(&root, ".gk-field__error").is_empty());
    assert!(!document().title().starts_with("错误："));
}

#[wasm_bindgen_test]
async fn a_refusal_from_the_backend_shows_beside_its_field_and_takes_the_focus() {
    use gongkai::api::{FieldProblem, Problem};
    use gongkai::domain::draft::Draft;
    let draft = RwSignal::new(Draft::new("key-3".into()));
    let sent = RwSignal::new(vec![]);
    let refused = RwSignal::new(None);
    let root = mount_feedback_form(draft, sent, refused);
    tick().await;
    refused.set(Some(Problem {
        problem_type: "urn:gongkai:problem:validation".into(),
        title: "提交的内容需要修改".into(),
        status: 422,
        detail: None,
        errors: vec![FieldProblem {
            pointer: "/item".into(),
            code: "publicity_ended".into(),
            detail: "这条事项的公示期已于2026年11月16日结束，不能再提出异议".into(),
        }],
    }));
    tick().await;
    assert_eq!(
        texts(&root, ".gk-error-summary a"),
        ["这条事项的公示期已于2026年11月16日结束，不能再提出异议"]
    );
    assert_eq!(
        texts(&root, "#fb-kind-0-error"),
        ["错误：这条事项的公示期已于2026年11月16日结束，不能再提出异议"]
    );
    assert_eq!(
        document()
            .active_element()
            .map(|e| e.class_name())
            .as_deref(),
        Some("gk-error-summary")
    );
}

#[wasm_bindgen_test]
async fn the_count_under_the_message_says_how_many_characters_are_left_or_over() {
    use gongkai::domain::draft::Draft;
    let draft = RwSignal::new(Draft::new("key-4".into()));
    let root = mount_feedback_form(draft, RwSignal::new(vec![]), RwSignal::new(None));
    tick().await;
    assert_eq!(texts(&root, "#fb-body-count"), ["还可以输入 2000 个字"]);
    draft.update(|d| d.body = "字".repeat(2003));
    tick().await;
    assert_eq!(texts(&root, "#fb-body-count"), ["已超出 3 个字"]);
}

// The look-up: a case as its holder sees it.

fn case(status: gongkai::api::FeedbackStatus, reply: Option<&str>) -> gongkai::api::FeedbackState {
    use gongkai::api::{FeedbackKind, FeedbackState, Reply};
    FeedbackState {
        code: "6J8N-R0CH-4HY9".into(),
        kind: FeedbackKind::Suggestion,
        org: "qingxi-village".into(),
        item: None,
        status,
        body: "村口路灯坏了三盏，请尽快维修。".into(),
        submitted_at: datetime!(2026-01-05 09:00 +8),
        reply_due: date!(2026 - 01 - 19),
        reply: reply.map(|text| Reply {
            text: text.into(),
            replied_at: datetime!(2026-01-12 10:00 +8),
            public: false,
        }),
        rating: None,
    }
}

fn mount_case(state: gongkai::api::FeedbackState) -> HtmlElement {
    use gongkai::api::{Api, AppConfig};
    use gongkai::components::case_view::CaseView;
    let root = container();
    leptos::mount::mount_to(root.clone(), move || {
        provide_context(Api::new(&AppConfig {
            api_base: "api/".into(),
            title: None,
            default_org: None,
            ..AppConfig::default()
        }));
        view! { <CaseView state=state on_rated=Callback::new(|_| {})/> }
    })
    .forget();
    root
}

#[wasm_bindgen_test]
async fn a_case_past_its_deadline_without_a_reply_is_marked_overdue() {
    use gongkai::api::FeedbackStatus;
    let root = mount_case(case(FeedbackStatus::InProgress, None));
    tick().await;
    assert_eq!(texts(&root, ".gk-case-status"), ["办理中"]);
    assert_eq!(texts(&root, ".gk-badge--overdue"), ["已超期"]);
    assert_eq!(
        texts(&root, ".gk-rate__choice").len(),
        0,
        "nothing to rate yet"
    );
}

#[wasm_bindgen_test]
async fn a_replied_case_shows_the_reply_and_offers_three_ratings() {
    use gongkai::api::FeedbackStatus;
    let root = mount_case(case(FeedbackStatus::Replied, Some("已安排维修。")));
    tick().await;
    assert!(texts(&root, ".gk-badge--overdue").is_empty());
    assert_eq!(
        texts(&root, ".gk-case__reply .gk-case__text"),
        ["已安排维修。"]
    );
    assert_eq!(
        texts(&root, ".gk-rate__choice"),
        ["满意", "基本满意", "不满意"]
    );
}

#[wasm_bindgen_test]
async fn rating_takes_two_steps_and_only_unsatisfied_offers_reopening() {
    use gongkai::api::FeedbackStatus;
    let root = mount_case(case(FeedbackStatus::Replied, Some("已安排维修。")));
    tick().await;
    let radio = |i: usize| {
        root.query_selector(&format!("#rate-choice-{i}"))
            .unwrap()
            .unwrap()
            .unchecked_into::<HtmlElement>()
    };
    let submit = root
        .query_selector(".gk-rate button[type=submit]")
        .unwrap()
        .unwrap()
        .unchecked_into::<HtmlElement>();
    assert_eq!(submit.text_content().unwrap(), "提交评价");
    // A choice alone sends nothing and offers no reopening.
    radio(0).click();
    tick().await;
    assert!(root.query_selector("#rate-reopen").unwrap().is_none());
    assert_eq!(
        texts(&root, ".gk-rate__status"),
        [""],
        "choosing is not sending"
    );
    // 不满意: the reason and 要求重新办理 appear, nothing is sent yet.
    radio(2).click();
    tick().await;
    assert_eq!(texts(&root, "label[for=rate-reopen]"), ["要求重新办理"]);
    assert!(root.query_selector("#rate-reason").unwrap().is_some());
    assert_eq!(texts(&root, ".gk-rate__status"), [""]);
    // Changing one's mind hides them again.
    radio(1).click();
    tick().await;
    assert!(root.query_selector("#rate-reopen").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn submitting_a_rating_without_a_choice_says_what_to_do() {
    use gongkai::api::FeedbackStatus;
    let root = mount_case(case(FeedbackStatus::Replied, Some("已安排维修。")));
    tick().await;
    root.query_selector(".gk-rate button[type=submit]")
        .unwrap()
        .unwrap()
        .unchecked_into::<HtmlElement>()
        .click();
    tick().await;
    assert_eq!(
        texts(&root, ".gk-rate [role=alert]"),
        ["请先选择满意、基本满意或不满意，再提交评价"]
    );
    assert_eq!(
        document().active_element().map(|e| e.id()).as_deref(),
        Some("rate-choice-0")
    );
}

#[wasm_bindgen_test]
async fn print_controls_choose_the_paper() {
    use gongkai::components::print_sheet::{Paper, PrintControls};
    let paper = RwSignal::new(Paper::default());
    let root = container();
    leptos::mount::mount_to(root.clone(), move || view! { <PrintControls paper=paper/> }).forget();
    tick().await;
    assert_eq!(texts(&root, "button"), ["打印"]);
    assert_eq!(texts(&root, "label[for=gk-paper]"), ["纸张"]);
    assert_eq!(texts(&root, "option"), ["A4", "A3"]);
    let select = root
        .query_selector("#gk-paper")
        .unwrap()
        .unwrap()
        .unchecked_into::<web_sys::HtmlSelectElement>();
    assert_eq!(select.value(), "A4");
    select.set_value("A3");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    tick().await;
    assert_eq!(paper.get_untracked(), Paper::A3);
    assert_eq!(Paper::A3.class(), "gk-paper-a3");
}

fn mount_print_footer(
    plan: gongkai::domain::poster::PosterPlan,
    hotline: Option<&str>,
) -> HtmlElement {
    use gongkai::api::Contact;
    use gongkai::components::print_sheet::PrintFooter;
    let root = container();
    let hotline = hotline.map(str::to_owned);
    leptos::mount::mount_to(root.clone(), move || {
        view! {
            <PrintFooter
                plan=plan
                url="https://dwgk.example.gov.cn/feedback?org=o&item=i&kind=objection".to_owned()
                org="中共青溪镇委员会".to_owned()
                hotline=hotline.clone()
                contacts=vec![Contact {
                    name: "王建国".into(),
                    role: Some("支部书记".into()),
                    phone: Some("0571-86121101".into()),
                    ..Contact::default()
                }]
            />
        }
    })
    .forget();
    root
}

#[wasm_bindgen_test]
async fn the_printed_foot_says_how_to_object_and_draws_the_code() {
    use gongkai::domain::poster::{ObjectionChannel, PosterPlan, QrTarget};
    let root = mount_print_footer(
        PosterPlan {
            qr: QrTarget::ObjectionForm,
            objection: Some(ObjectionChannel::FormOrHotline),
        },
        Some("0571-86120345"),
    );
    tick().await;
    assert_eq!(
        texts(&root, ".gk-print-footer__objection"),
        ["公示期间如有异议，请扫描二维码在线提出，或拨打公开热线 0571-86120345。"]
    );
    assert_eq!(
        texts(&root, ".gk-nowrap"),
        ["0571-86120345"],
        "the number on one line"
    );
    assert_eq!(
        texts(&root, ".gk-print-footer__contacts li"),
        ["王建国（支部书记）：电话 0571-86121101"],
        "the hotline is not given twice"
    );
    let svg = root.query_selector("svg[role=img]").unwrap().unwrap();
    assert_eq!(
        svg.get_attribute("aria-label").as_deref(),
        Some("二维码：扫码提出异议")
    );
    let size: u32 = svg
        .get_attribute("viewBox")
        .unwrap()
        .split(' ')
        .nth(2)
        .unwrap()
        .parse()
        .unwrap();
    assert!(size >= 21 + 8, "a QR code with its quiet zone: {size}");
    assert!(svg
        .query_selector("path")
        .unwrap()
        .unwrap()
        .get_attribute("d")
        .unwrap()
        .starts_with('M'));
    assert_eq!(texts(&root, "figcaption"), ["扫码提出异议"]);
    assert_eq!(
        texts(&root, ".gk-print-qr__url"),
        ["网址：https://dwgk.example.gov.cn/feedback?org=o&item=i&kind=objection"]
    );
}

#[wasm_bindgen_test]
async fn a_printed_regular_item_has_no_objection_line_and_lists_the_hotline() {
    use gongkai::domain::poster::{PosterPlan, QrTarget};
    let root = mount_print_footer(
        PosterPlan {
            qr: QrTarget::Item,
            objection: None,
        },
        Some("0571-86120345"),
    );
    tick().await;
    assert!(texts(&root, ".gk-print-footer__objection").is_empty());
    assert_eq!(
        texts(&root, ".gk-print-footer__contacts li"),
        [
            "王建国（支部书记）：电话 0571-86121101",
            "公开热线：0571-86120345"
        ]
    );
    assert_eq!(texts(&root, "figcaption"), ["扫码查看网上原文"]);
}

#[wasm_bindgen_test]
async fn saved_codes_are_never_offered_on_a_shared_device() {
    use gongkai::hooks::{use_saved_codes, SharedDevice};
    let offered = |shared: Option<bool>| {
        let owner = Owner::new();
        owner.with(|| {
            // Saved codes are kept per backend.
            use gongkai::api::{Api, AppConfig};
            provide_context(Api::new(&AppConfig {
                api_base: "api/".into(),
                title: None,
                default_org: None,
                ..AppConfig::default()
            }));
            if let Some(shared) = shared {
                provide_context(SharedDevice(shared));
            }
            use_saved_codes().available
        })
    };
    assert!(offered(None), "a resident's own phone");
    assert!(offered(Some(false)));
    assert!(!offered(Some(true)), "a service hall's touch screen");
}

/// Whether [`flaky_page`]'s code fetch fails.
static CODE_FAILS: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);

/// A lazy page's loader whose fetch fails while `CODE_FAILS` is set.
fn flaky_page(
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<ShowPage, CodeNotLoaded>>>> {
    let fails = CODE_FAILS.load(std::sync::atomic::Ordering::SeqCst);
    Box::pin(async move {
        if fails {
            Err(CodeNotLoaded)
        } else {
            Ok((|| view! { <h1>"懒加载的页面"</h1> }.into_any()) as ShowPage)
        }
    })
}

#[wasm_bindgen_test]
async fn a_page_whose_code_cannot_be_fetched_offers_retry_and_retry_shows_it() {
    let root = container();
    leptos::mount::mount_to(root.clone(), || view! { <LazyPage load=flaky_page/> }).forget();
    tick().await;
    let alert = root
        .query_selector("[role=alert]")
        .unwrap()
        .expect("an error state");
    assert!(
        alert.text_content().unwrap().contains("网络连接失败"),
        "{:?}",
        alert.text_content()
    );
    assert!(texts(&root, "h1").iter().all(|h| h != "懒加载的页面"));
    CODE_FAILS.store(false, std::sync::atomic::Ordering::SeqCst);
    let retry = alert
        .query_selector("button")
        .unwrap()
        .expect("重试")
        .unchecked_into::<HtmlElement>();
    assert_eq!(retry.text_content().unwrap(), "重试");
    retry.click();
    tick().await;
    assert_eq!(texts(&root, "h1"), ["懒加载的页面"]);
    assert!(root.query_selector("[role=alert]").unwrap().is_none());
}

/// In a portal's page (`<gongkai-board heading-level="2">`, the default) the
/// app's headings are announced a level down; on its own page, as written.
#[wasm_bindgen_test]
async fn headings_go_down_the_levels_an_element_asks_for() {
    use gongkai::components::page_heading::PageHeading;
    use gongkai::hooks::{HeadingShift, InHostPage};
    let own = container();
    leptos::mount::mount_to(own.clone(), || view! { <PageHeading text="公开栏"/> }).forget();
    let embedded = container();
    leptos::mount::mount_to(embedded.clone(), || {
        provide_context(HeadingShift(1));
        provide_context(InHostPage);
        view! { <PageHeading text="公开栏"/> }
    })
    .forget();
    tick().await;
    let level = |root: &HtmlElement| {
        root.query_selector("h1")
            .unwrap()
            .expect("the page heading")
            .get_attribute("aria-level")
    };
    assert_eq!(level(&own), None);
    assert_eq!(level(&embedded).as_deref(), Some("2"));
}
