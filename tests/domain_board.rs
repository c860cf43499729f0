//! The domain rules end to end, as a page uses them: JSON from the backend
//! → calendar → URL filters → grouped, highlighted, sanitised board.
//!
//! Native only: `cargo test --test domain_board`.
#![cfg(not(target_arch = "wasm32"))]

use gongkai::api::{CalendarYear, Item, ItemPage, Site};
use gongkai::domain::calendar::WorkCalendar;
use gongkai::domain::clock::{china_date, Clock, FixedClock};
use gongkai::domain::filters::{group_by_category, years_present, Filters, StatusFilter};
use gongkai::domain::period::{check_minimum, item_status, PeriodStatus, TooShort};
use gongkai::domain::sanitize::{resolve_urls, sanitize_to_html, HtmlNode};
use gongkai::domain::search::{highlight, Segment};
use time::macros::{date, datetime};

const SITE: &str = r#"{
  "title": "某某镇党务公开",
  "root_org": "town",
  "catalogue": [
    { "id": "cadre", "name": "干部任免", "min_publicity_working_days": 5 },
    { "id": "finance", "name": "党费收缴" }
  ]
}"#;

const PAGE: &str = r#"{
  "items": [
    {
      "id": "dues-2026-q1", "org": "town", "category": "finance",
      "title": "２０２６年第一季度党费收缴情况",
      "kind": { "type": "regular", "period": "quarter", "covers": "2026-Q1" },
      "published_at": "2026-04-01T00:30:00+08:00",
      "body_html": "<p>应缴<strong>党员</strong>32人</p>"
    },
    {
      "id": "appointment", "org": "town", "category": "cadre",
      "title": "干部任前公示",
      "kind": { "type": "ad_hoc" },
      "published_at": "2026-09-29T09:00:00+08:00",
      "publicity": { "start": "2026-09-29T09:00:00+08:00", "end": "2026-10-09T17:30:00+08:00" }
    },
    {
      "id": "short", "org": "town", "category": "cadre",
      "title": "任前公示（周末）",
      "kind": { "type": "ad_hoc" },
      "published_at": "2026-03-12T09:00:00+08:00",
      "publicity": { "start": "2026-03-12T09:00:00+08:00", "end": "2026-03-16T17:30:00+08:00" }
    },
    {
      "id": "internal", "org": "town", "category": "cadre",
      "title": "党内任前公示", "audience": "party_internal",
      "kind": { "type": "ad_hoc" },
      "published_at": "2026-09-30T09:00:00+08:00",
      "publicity": { "start": "2026-09-30T09:00:00+08:00", "end": "2026-10-12T17:30:00+08:00" }
    },
    {
      "id": "new-kind", "org": "town", "category": "notice",
      "title": "未知类别", "audience": "something_new",
      "kind": { "type": "ad_hoc" },
      "published_at": "2026-05-01T09:00:00+08:00"
    }
  ]
}"#;

/// The backend's 2026 calendar, as `v1/calendar/2026.json` sends it: here
/// only 国庆 and its make-up days.
const CALENDAR_2026: &str = r#"{
  "year": 2026,
  "holidays": [
    { "date": "2026-10-01", "name": "国庆节" }, { "date": "2026-10-02" }, { "date": "2026-10-05" },
    { "date": "2026-10-06" }, { "date": "2026-10-07" }
  ],
  "workdays": [ { "date": "2026-09-20" }, { "date": "2026-10-10" } ]
}"#;

fn load() -> (Site, Vec<Item>, WorkCalendar) {
    let site: Site = serde_json::from_str(SITE).expect("site");
    let page: ItemPage = serde_json::from_str(PAGE).expect("page");
    let year: CalendarYear = serde_json::from_str(CALENDAR_2026).expect("calendar");
    let cal = WorkCalendar::builtin().with_years(&[year]);
    (site, page.items, cal)
}

fn ids<'a>(items: &[&'a Item]) -> Vec<&'a str> {
    items.iter().map(|i| i.id.as_str()).collect()
}

#[test]
fn a_board_from_the_url_to_the_groups() {
    let (site, items, cal) = load();
    let clock = FixedClock(datetime!(2026-10-09 10:00 +8));
    assert_eq!(clock.today(), date!(2026 - 10 - 09));

    let everything = Filters::from_query(|_| None).apply(&items, clock.now(), &cal);
    assert_eq!(ids(&everything), ["appointment", "dues-2026-q1", "short"]);
    let groups = group_by_category(&everything, &site.catalogue);
    let group_ids: Vec<(&str, Vec<&str>)> = groups
        .iter()
        .map(|(c, items)| (c.as_str(), ids(items)))
        .collect();
    assert_eq!(
        group_ids,
        [
            ("cadre", vec!["appointment", "short"]),
            ("finance", vec!["dues-2026-q1"])
        ]
    );
    assert_eq!(years_present(&items), [2026]);

    let url = [("status", "open"), ("q", "任前")];
    let get = |key: &str| {
        url.iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| (*v).to_owned())
    };
    let filters = Filters::from_query(get);
    assert_eq!(filters.status, Some(StatusFilter::Open));
    assert_eq!(
        ids(&filters.apply(&items, clock.now(), &cal)),
        ["appointment"]
    );

    // Published just after midnight on 1 April in Beijing (31 March in UTC),
    // the first quarter's report belongs to the first quarter (所属期), not
    // to the second, when it appeared.
    let quarter =
        |q: &'static str| Filters::from_query(move |k| (k == "quarter").then(|| q.to_owned()));
    assert_eq!(
        ids(&quarter("1").apply(&items, clock.now(), &cal)),
        ["dues-2026-q1", "short"]
    );
    assert!(quarter("2").apply(&items, clock.now(), &cal).is_empty());
    assert_eq!(china_date(items[0].published_at), date!(2026 - 04 - 01));
}

#[test]
fn periods_on_the_backend_calendar() {
    let (site, items, cal) = load();
    let appointment = &items[1];
    let required = site.catalogue[0].min_publicity_working_days.unwrap_or(0);
    // 29, 30 Sep, 8, 9 Oct: four working days, one short.
    assert_eq!(
        check_minimum(appointment.publicity.as_ref().unwrap(), required, &cal),
        Some(TooShort {
            actual: 4,
            required: 5
        })
    );
    // The backend's 2026 replaced the built-in one: it lists no 春节.
    assert!(cal.is_working_day(date!(2026 - 02 - 16)));
    assert!(!WorkCalendar::builtin().is_working_day(date!(2026 - 02 - 16)));
    assert_eq!(
        item_status(appointment, datetime!(2026-10-09 10:00 +8), &cal),
        Some(PeriodStatus::Open {
            ends_on: date!(2026 - 10 - 09),
            remaining_working_days: 1,
            counts_today: true,
            last_day: true
        })
    );
    assert_eq!(
        item_status(appointment, datetime!(2026-09-30 10:00 +8), &cal),
        Some(PeriodStatus::Open {
            ends_on: date!(2026 - 10 - 09),
            remaining_working_days: 3,
            counts_today: true,
            last_day: false
        })
    );
    let short = &items[2];
    assert_eq!(
        check_minimum(short.publicity.as_ref().unwrap(), required, &cal),
        Some(TooShort {
            actual: 3,
            required: 5
        })
    );
    assert_eq!(
        item_status(&items[0], datetime!(2026-10-09 10:00 +8), &cal),
        None
    );
}

#[test]
fn a_card_highlighted_and_a_body_sanitised() {
    let (_, items, _) = load();
    let title = &items[0].title;
    assert_eq!(
        highlight(title, "2026 党费"),
        [
            Segment::Hit("２０２６"),
            Segment::Plain("年第一季度"),
            Segment::Hit("党费"),
            Segment::Plain("收缴情况"),
        ]
    );
    let body = vec![HtmlNode::element(
        "p",
        &[("onclick", "steal()")],
        vec![
            HtmlNode::text("应缴"),
            HtmlNode::element(
                "a",
                &[("href", "javascript:steal()")],
                vec![HtmlNode::text("党员")],
            ),
        ],
    )];
    assert_eq!(sanitize_to_html(&body, "表格"), "<p>应缴党员</p>");
}

#[test]
fn a_body_with_relative_addresses_resolved_against_the_backend() {
    let base = "https://dangwu.example.cn/api/";
    let resolve = |url: &str| -> Option<String> {
        if url.contains(':') {
            Some(url.to_owned())
        } else {
            Some(format!("{base}{}", url.trim_start_matches('/')))
        }
    };
    let mut body = vec![HtmlNode::element(
        "p",
        &[],
        vec![
            HtmlNode::element(
                "a",
                &[("href", "/files/1.pdf")],
                vec![HtmlNode::text("附件")],
            ),
            HtmlNode::element("a", &[("href", "#top")], vec![HtmlNode::text("顶部")]),
            HtmlNode::element("img", &[("src", "img/photo.jpg"), ("alt", "照片")], vec![]),
            HtmlNode::element(
                "a",
                &[("href", "javascript:steal()")],
                vec![HtmlNode::text("坏")],
            ),
        ],
    )];
    resolve_urls(&mut body, &resolve);
    assert_eq!(
        sanitize_to_html(&body, "表格"),
        "<p><a href=\"https://dangwu.example.cn/api/files/1.pdf\" rel=\"noopener noreferrer nofollow external\">附件</a>\
         <a href=\"#top\" rel=\"noopener noreferrer nofollow external\">顶部</a>\
         <img src=\"https://dangwu.example.cn/api/img/photo.jpg\" alt=\"照片\" referrerpolicy=\"no-referrer\" loading=\"lazy\">\
         坏</p>"
    );
}
