//! Server-side search and counted lists over real HTTP (issue 11): every
//! answer of `v1/search.json` is compared with what the client's own rules
//! (`Filters::apply`, `orgs::subtree`) make of the items it reads from
//! `v1/items.json`, for the demo plus items written to test the folding.

mod support;

use std::collections::BTreeSet;

use gongkai::api::{Item, ItemPage, OrgList, SearchPage};
use gongkai::domain::calendar::WorkCalendar;
use gongkai::domain::filters::{Filters, KindFilter, StatusFilter};
use gongkai::domain::orgs::subtree;
use serde_json::{json, Value};
use support::{has_chinese, resolve, Options, Server};
use time::OffsetDateTime;

/// Every page of a list from `first` (a URL), with each page's `total`.
fn walk(server: &Server, first: &str) -> (Vec<Item>, Vec<Option<u64>>) {
    let mut items = Vec::new();
    let mut totals = Vec::new();
    let mut url = first.to_owned();
    loop {
        let r = server.get_url(&url, &[]);
        assert_eq!(r.status, 200, "{url}: {}", r.text());
        let page: ItemPage = serde_json::from_slice(&r.body).expect("an ItemPage");
        items.extend(page.items);
        totals.push(page.total);
        match page.next {
            Some(next) => url = resolve(&url, &next),
            None => return (items, totals),
        }
    }
}

fn all_items(server: &Server) -> Vec<Item> {
    walk(server, &server.api("v1/items.json")).0
}

fn orgs(server: &Server) -> OrgList {
    serde_json::from_slice(&server.get("v1/orgs.json").body).unwrap()
}

/// `q` percent-encoded for a query string.
fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A query string, the board it is on (org, with sub-organisations), and
/// the client's filters that should give the same.
type Case<'a> = (String, Option<(&'a str, bool)>, Filters);

/// One page of `v1/search.json?{params}`, checked against the schema's
/// shape as the app reads it.
fn search_page(server: &Server, params: &str) -> SearchPage {
    let r = server.get(&format!("v1/search.json?{params}"));
    assert_eq!(r.status, 200, "{params}: {}", r.text());
    assert_eq!(r.media_type(), "application/json");
    let value = r.json();
    for entry in value["items"].as_array().expect("items") {
        assert!(
            entry.get("body_html").is_none(),
            "entries leave out the body"
        );
    }
    serde_json::from_value(value).expect("a SearchPage")
}

/// Every match of a search, following `offset` 100 at a time; the total,
/// the same on every page.
fn search_all(server: &Server, params: &str) -> (u64, Vec<String>) {
    let mut ids = Vec::new();
    let mut total = None;
    loop {
        let page = search_page(server, &format!("{params}&limit=100&offset={}", ids.len()));
        assert_eq!(page.offset, ids.len() as u64);
        assert_eq!(*total.get_or_insert(page.total), page.total, "{params}");
        if page.items.is_empty() {
            break;
        }
        ids.extend(page.items.into_iter().map(|i| i.id));
    }
    let total = total.unwrap();
    assert_eq!(total, ids.len() as u64, "{params}: total and entries");
    (total, ids)
}

/// What the client shows for these filters on the board of `org` (with its
/// sub-organisations for `sub`), or site-wide.
fn expected(
    server: &Server,
    items: &[Item],
    org: Option<(&str, bool)>,
    filters: &Filters,
) -> Vec<String> {
    let on_board: Vec<Item> = match org {
        None => items.to_vec(),
        Some((org, sub)) => {
            let orgs = orgs(server);
            let ids = if sub {
                subtree(&orgs.organisations, org)
            } else {
                vec![org.to_owned()]
            };
            items
                .iter()
                .filter(|i| ids.contains(&i.org))
                .cloned()
                .collect()
        }
    };
    filters
        .apply(
            &on_board,
            OffsetDateTime::now_utc(),
            &WorkCalendar::builtin(),
        )
        .into_iter()
        .map(|i| i.id.clone())
        .collect()
}

fn item(id: &str, org: &str, title: &str, summary: &str, body: &str, audience: &str) -> Value {
    json!({
        "id": id, "org": org, "category": "hot_issues", "title": title,
        "summary": summary, "body_html": body,
        "kind": {"type": "ad_hoc"}, "audience": audience,
        "published_at": "2026-01-15T09:00:00+08:00"
    })
}

fn put(server: &Server, item: Value) {
    let id = item["id"].as_str().unwrap().to_owned();
    let r = server.staff_put(
        &format!("v1/staff/items/{id}"),
        &json!({"item": item, "note": "测试修订"}),
    );
    assert!(r.status == 200 || r.status == 201, "{}", r.text());
}

/// The demo and a few items written to test folding, Traditional text,
/// Latin words and a 党内 item.
fn server_with_test_items() -> Server {
    let server = Server::start();
    put(
        &server,
        item(
            "test-traditional",
            "qingxi-village",
            "青溪村黨務公開試點工作報告",
            "黨支部換屆選舉",
            "<p>推進<b>黨</b>務公開</p>",
            "public",
        ),
    );
    put(
        &server,
        item(
            "test-latin",
            "community-grid1",
            "关于开展ABC Party Day活动的通知（第2期）",
            "网格WEB版上线",
            "<p>Ｑ３ 联系人：Wang Li</p><p>Office 365</p>",
            "public",
        ),
    );
    put(
        &server,
        item(
            "test-internal",
            "qingxi-village",
            "党内通报：测试暗语甲乙",
            "党内",
            "<p>测试暗语甲乙</p>",
            "party_internal",
        ),
    );
    server
}

fn ids_of(found: &(u64, Vec<String>)) -> &[String] {
    &found.1
}

#[test]
fn chinese_substrings_of_one_two_and_four_characters_match_the_client() {
    let server = server_with_test_items();
    let items = all_items(&server);
    for q in [
        "党",
        "党费",
        "换届选举",
        "公示",
        "季度",
        "发展党员",
        "青溪村党支部",
    ] {
        let want = expected(
            &server,
            &items,
            None,
            &Filters {
                query: q.into(),
                ..Filters::default()
            },
        );
        assert!(!want.is_empty(), "{q}: the demo should have some");
        let got = search_all(&server, &format!("q={}", enc(q)));
        assert_eq!(ids_of(&got), want, "{q}");
    }
    // A word nowhere.
    assert_eq!(search_all(&server, &format!("q={}", enc("火星基地"))).0, 0);
}

#[test]
fn traditional_characters_latin_case_and_full_width_fold_as_on_the_client() {
    let server = server_with_test_items();
    let items = all_items(&server);
    let cases = [
        ("黨務", Some("test-traditional")),
        ("黨", Some("test-traditional")),
        ("換屆選舉", Some("test-traditional")),
        ("黨務公開試點工作報告", Some("test-traditional")),
        ("党务公开试点", None), // no Simplified ⇄ Traditional folding
        ("abc", Some("test-latin")),
        ("ＡＢＣ", Some("test-latin")),
        ("party day", Some("test-latin")),
        ("PARTY　DAY", Some("test-latin")),
        ("web版", Some("test-latin")),
        ("q3", Some("test-latin")),
        ("office 365", Some("test-latin")),
        ("(第2期)", Some("test-latin")), // punctuation: candidates checked
        ("（第２期）", Some("test-latin")), // full-width forms fold
        ("wang li", Some("test-latin")),
        ("wangli", None), // terms do not run across a space
        ("day的", None),  // "Day活动的": not adjacent
        ("2期)", Some("test-latin")),
        ("ABC Party", Some("test-latin")),
        ("通知（第3期）", None),
        ("知)第", None), // its runs occur, the term does not: checked out
        ("活动的通知(", Some("test-latin")),
    ];
    for (q, want_id) in cases {
        let want = expected(
            &server,
            &items,
            None,
            &Filters {
                query: q.into(),
                ..Filters::default()
            },
        );
        let got = search_all(&server, &format!("q={}", enc(q)));
        assert_eq!(ids_of(&got), want, "{q}");
        match want_id {
            Some(id) => assert!(got.1.iter().any(|g| g == id), "{q} finds {id}"),
            None => assert!(
                !got.1.iter().any(|g| g.starts_with("test-")),
                "{q}: {:?}",
                got.1
            ),
        }
    }
}

#[test]
fn several_terms_must_each_occur_in_title_summary_or_body() {
    let server = server_with_test_items();
    let items = all_items(&server);
    for q in [
        "党费 季度",
        "党支部 公示",
        "黨務 換屆",
        "abc 网格",
        "公示 火星基地",
        "党 员 公示 期",
    ] {
        let want = expected(
            &server,
            &items,
            None,
            &Filters {
                query: q.into(),
                ..Filters::default()
            },
        );
        assert_eq!(
            ids_of(&search_all(&server, &format!("q={}", enc(q)))),
            want,
            "{q}"
        );
    }
}

#[test]
fn filtered_counts_equal_the_clients_filters() {
    let server = server_with_test_items();
    let items = all_items(&server);
    let year = items
        .iter()
        .map(|i| gongkai::domain::filters::belongs_to(i).0)
        .max()
        .unwrap();
    let f = Filters::default;
    let cases: Vec<Case> = vec![
        ("".into(), None, f()),
        (
            "category=dues".into(),
            None,
            Filters {
                category: Some("dues".into()),
                ..f()
            },
        ),
        (
            format!("kind=regular&year={year}"),
            None,
            Filters {
                kind: Some(KindFilter::Regular),
                year: Some(year),
                ..f()
            },
        ),
        (
            "status=open".into(),
            None,
            Filters {
                status: Some(StatusFilter::Open),
                ..f()
            },
        ),
        (
            "status=ended&kind=ad_hoc".into(),
            None,
            Filters {
                status: Some(StatusFilter::Ended),
                kind: Some(KindFilter::AdHoc),
                ..f()
            },
        ),
        (
            "status=upcoming".into(),
            None,
            Filters {
                status: Some(StatusFilter::Upcoming),
                ..f()
            },
        ),
        (
            format!("quarter=3&q={}", enc("党")),
            None,
            Filters {
                quarter: Some(3),
                query: "党".into(),
                ..f()
            },
        ),
        (
            format!("year={year}&quarter=1"),
            None,
            Filters {
                year: Some(year),
                quarter: Some(1),
                ..f()
            },
        ),
        (
            "org=qingxi-committee&sub=1&category=dues".into(),
            Some(("qingxi-committee", true)),
            Filters {
                category: Some("dues".into()),
                ..f()
            },
        ),
        (
            "org=qingxi-committee".into(),
            Some(("qingxi-committee", false)),
            f(),
        ),
        (
            format!("org=qingxi-community&sub=1&q={}", enc("ABC")),
            Some(("qingxi-community", true)),
            Filters {
                query: "ABC".into(),
                ..f()
            },
        ),
        (
            format!("org=qingxi-village&kind=staged&q={}", enc("公示")),
            Some(("qingxi-village", false)),
            Filters {
                kind: Some(KindFilter::Staged),
                query: "公示".into(),
                ..f()
            },
        ),
        (
            "category=no-such-category".into(),
            None,
            Filters {
                category: Some("no-such-category".into()),
                ..f()
            },
        ),
    ];
    let mut non_empty = 0;
    for (params, org, filters) in cases {
        let want = expected(&server, &items, org, &filters);
        let got = search_all(&server, &params);
        assert_eq!(got.0, want.len() as u64, "count of {params}");
        assert_eq!(ids_of(&got), want, "{params}");
        non_empty += usize::from(!want.is_empty());
    }
    assert!(non_empty >= 9, "most filter combinations find something");
}

#[test]
fn offset_and_limit_page_through_with_the_same_total() {
    let server = server_with_test_items();
    let (total, whole) = search_all(&server, "q=");
    assert_eq!(total as usize, all_items(&server).len());
    let mut paged = Vec::new();
    loop {
        let page = search_page(&server, &format!("limit=7&offset={}", paged.len()));
        assert_eq!(page.total, total);
        assert!(page.items.len() <= 7);
        if page.items.is_empty() {
            break;
        }
        paged.extend(page.items.into_iter().map(|i| i.id));
    }
    assert_eq!(paged, whole);
    let default = search_page(&server, "");
    assert_eq!(default.items.len(), 20, "20 by default");
    assert_eq!(default.offset, 0);
    let past = search_page(&server, &format!("offset={}", total + 5));
    assert_eq!((past.total, past.items.len()), (total, 0));
    let last = search_page(&server, &format!("offset={}&limit=100", total - 1));
    assert_eq!(last.items.len(), 1);
    assert_eq!(last.items[0].id, *whole.last().unwrap());
}

#[test]
fn never_an_item_that_is_not_public() {
    let server = server_with_test_items();
    for q in ["测试暗语甲乙", "暗语", "党内通报"] {
        let (total, ids) = search_all(&server, &format!("q={}", enc(q)));
        assert!(!ids.contains(&"test-internal".to_owned()), "{q}");
        assert_eq!(total, ids.len() as u64);
    }
    assert_eq!(
        search_all(&server, &format!("q={}", enc("测试暗语甲乙"))).0,
        0
    );
    // Made public, it is found; back to 党内, it is gone again.
    let make = |audience| {
        item(
            "test-internal",
            "qingxi-village",
            "党内通报：测试暗语甲乙",
            "党内",
            "<p>测试暗语甲乙</p>",
            audience,
        )
    };
    put(&server, make("public"));
    assert_eq!(
        search_all(&server, &format!("q={}", enc("测试暗语甲乙"))).1,
        ["test-internal"]
    );
    put(&server, make("party_internal"));
    assert_eq!(
        search_all(&server, &format!("q={}", enc("测试暗语甲乙"))).0,
        0
    );
}

#[test]
fn a_revised_item_is_found_by_its_new_words_only() {
    let server = server_with_test_items();
    let q = |w: &str| search_all(&server, &format!("q={}", enc(w))).1;
    assert_eq!(q("黨務公開試點"), ["test-traditional"]);
    put(
        &server,
        item(
            "test-traditional",
            "qingxi-village",
            "青溪村村务监督委员会述职报告",
            "",
            "",
            "public",
        ),
    );
    assert!(q("黨務公開試點").is_empty());
    assert_eq!(q("村务监督委员会述职"), ["test-traditional"]);
}

#[test]
fn bad_parameters_are_400_problems_in_chinese() {
    let server = Server::start();
    for params in [
        "kind=monthly",
        "status=closed",
        "year=twenty",
        "quarter=5",
        "offset=-1",
        "limit=0",
        "limit=101",
        "sub=2",
        "org=..%2Fetc",
        "org=no-such-org",
        "category=%E5%85%9A",
        "kind=regular&kind=staged",
    ] {
        let r = server.get(&format!("v1/search.json?{params}"));
        let problem = r.problem(400, "bad-parameter");
        assert!(
            has_chinese(problem["title"].as_str().unwrap()),
            "{params}: {problem}"
        );
        assert!(
            has_chinese(problem["detail"].as_str().unwrap_or("")),
            "{params}: {problem}"
        );
    }
    let long = "党".repeat(201);
    server
        .get(&format!("v1/search.json?q={}", enc(&long)))
        .problem(400, "bad-parameter");
    // Unknown parameters are ignored; empty ones count as absent.
    assert_eq!(
        search_page(&server, "x_source=portal&kind=&status=").total as usize,
        all_items(&server).len()
    );
}

#[test]
fn list_pages_carry_the_whole_lists_total() {
    let server = server_with_test_items();
    let (items, totals) = walk(&server, &server.api("v1/items.json"));
    assert!(totals.len() > 1, "the demo has several pages");
    assert!(
        totals.iter().all(|t| *t == Some(items.len() as u64)),
        "{totals:?} for {} items",
        items.len()
    );
    let mut listed = BTreeSet::new();
    for org in orgs(&server).organisations {
        let (own, totals) = walk(
            &server,
            &server.api(&format!("v1/orgs/{}/items.json", org.id)),
        );
        assert!(
            totals.iter().all(|t| *t == Some(own.len() as u64)),
            "{}: {totals:?} for {}",
            org.id,
            own.len()
        );
        listed.extend(own.into_iter().map(|i| i.id));
    }
    assert_eq!(listed.len(), items.len());
    assert!(!listed.contains("test-internal"));
}

#[test]
fn site_json_advertises_search_unless_told_not_to() {
    let server = Server::start();
    assert_eq!(
        server.get("v1/site.json").json()["search"],
        json!({"type": "query", "path": "v1/search.json"})
    );
    let without = Server::with(Options {
        extra_args: vec!["--no-search".into()],
        ..Options::default()
    });
    assert!(without.get("v1/site.json").json().get("search").is_none());
    let r = without.get("v1/search.json?q=%E5%85%9A");
    assert_eq!(r.status, 404, "{}", r.text());
}

#[test]
fn an_item_put_by_the_command_line_is_found_by_the_running_server() {
    let server = Server::start();
    let q = "命令行发布的测试通知";
    // The server keeps what it filters in memory; a change by another
    // process on the same database must still be seen.
    assert_eq!(search_all(&server, &format!("q={}", enc(q))).0, 0);
    let before = search_page(&server, "category=hot_issues").total;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("item.json");
    let body = item("test-cli", "qingxi-village", q, "", "", "public").to_string();
    std::fs::write(&file, body).unwrap();
    let out = server.cli(&["put-item", file.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        search_all(&server, &format!("q={}", enc(q))).1,
        ["test-cli"]
    );
    assert_eq!(
        search_page(&server, "category=hot_issues").total,
        before + 1
    );
}
