//! The reference server over real HTTP on loopback: the built binary with a
//! temporary SQLite database, no mocks. Each test starts its own server (a
//! few milliseconds), so they run in parallel and never share rate limits.

mod support;

use std::collections::BTreeSet;
use std::sync::Barrier;
use std::time::Duration;

use gongkai::api::{FeedbackReceipt, FeedbackState, ItemPage, Problem, ReplyPage};
use gongkai::domain::clock::{china_date, CHINA_OFFSET};
use serde_json::{json, Value};
use support::{has_chinese, resolve, unique, Options, Server, TOKEN};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// The demo's 任前公示 whose period it keeps open today.
const OPEN_ITEM: &str = "cadre-preappoint-zhou";

fn opinion(org: &str, body: &str) -> Value {
    json!({ "kind": "opinion", "org": org, "body": body })
}

/// Every item of a list, following `next` from `first` (a URL), in order.
fn all_pages(server: &Server, first: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let mut url = first.to_owned();
    for _ in 0..100 {
        let r = server.get_url(&url, &[]);
        assert_eq!(r.status, 200, "{url}: {}", r.text());
        assert_eq!(r.media_type(), "application/json", "{url}");
        // The contract's shape, as the app reads it.
        let page: ItemPage = serde_json::from_slice(&r.body).expect("an ItemPage");
        assert!(
            !page.items.is_empty() || items.is_empty(),
            "{url}: an empty page after the first"
        );
        let value = r.json();
        items.extend(value["items"].as_array().unwrap().iter().cloned());
        match page.next {
            Some(next) => url = resolve(&url, &next),
            None => return items,
        }
    }
    panic!("{first}: more than 100 pages, `next` does not terminate");
}

fn ids(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|i| i["id"].as_str().expect("item id").to_owned())
        .collect()
}

/// A JSON document of exactly `size` bytes: `make` with a string of ASCII
/// padding long enough.
fn json_of_size(make: impl Fn(&str) -> Value, size: usize) -> Vec<u8> {
    let base = serde_json::to_vec(&make("")).unwrap().len();
    assert!(base <= size);
    let body = serde_json::to_vec(&make(&"a".repeat(size - base))).unwrap();
    assert_eq!(body.len(), size);
    body
}

fn now_rfc3339() -> String {
    OffsetDateTime::now_utc()
        .to_offset(CHINA_OFFSET)
        .replace_nanosecond(0)
        .unwrap()
        .format(&Rfc3339)
        .unwrap()
}

fn parse_time(v: &Value) -> OffsetDateTime {
    OffsetDateTime::parse(v.as_str().expect("a time"), &Rfc3339).expect("RFC 3339")
}

/// `^[0-9A-HJKMNP-TV-Z]{4}-[…]{4}-[…]{4}$`: Crockford's base 32 in three groups.
fn is_tracking_code(code: &str) -> bool {
    const ALPHABET: &str = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    code.len() == 14
        && code.char_indices().all(|(i, c)| match i {
            4 | 9 => c == '-',
            _ => ALPHABET.contains(c),
        })
}

/// Asserts a 422 validation problem with exactly this one field error.
#[track_caller]
fn assert_field_problem(r: &support::Resp, pointer: &str, code: &str) {
    let problem = r.problem(422, "validation");
    assert_eq!(
        support::pointers(&problem),
        vec![(pointer.to_owned(), code.to_owned())],
        "{problem}"
    );
}

// 1. Reads ------------------------------------------------------------------

#[test]
fn reads_site_with_feedback_orgs_calendar_and_config() {
    let server = Server::start();

    let site = server.get("v1/site.json");
    assert_eq!(site.status, 200, "{}", site.text());
    assert_eq!(site.media_type(), "application/json");
    let site = site.json();
    assert_eq!(site["root_org"], "qingxi-committee");
    assert_eq!(
        site["feedback"],
        json!({
            "kinds": ["suggestion", "opinion", "objection", "inquiry", "complaint"],
            "reply_working_days": 10
        })
    );

    let orgs = server.get("v1/orgs.json");
    assert_eq!(orgs.status, 200);
    let orgs = orgs.json();
    let list = orgs["organisations"].as_array().unwrap();
    let org_ids: BTreeSet<&str> = list.iter().map(|o| o["id"].as_str().unwrap()).collect();
    for id in [
        "qingxi-committee",
        "qingxi-village",
        "taoyuan-village",
        "town-organs",
        "qingxi-community",
    ] {
        assert!(org_ids.contains(id), "{id} missing from {org_ids:?}");
    }
    for org in list {
        match org["parent"].as_str() {
            None => assert_eq!(org["id"], "qingxi-committee", "a second root: {org}"),
            Some(parent) => assert!(org_ids.contains(parent), "unknown parent: {org}"),
        }
    }

    let year = china_date(OffsetDateTime::now_utc()).year();
    let calendar = server.get(&format!("v1/calendar/{year}.json"));
    assert_eq!(calendar.status, 200, "{}", calendar.text());
    let calendar = calendar.json();
    assert_eq!(calendar["year"], year);
    assert!(!calendar["holidays"].as_array().unwrap().is_empty());
    server
        .get("v1/calendar/1900.json")
        .problem(404, "not-found");

    // The app's config.json points at the API, relative to the app.
    let config = server.get_url(&server.url("config.json"), &[]);
    assert_eq!(config.status, 200);
    let config = config.json();
    assert_eq!(config["api_base"], "api/");
    assert_eq!(config["default_org"], "qingxi-committee");

    // Unknown API paths are problems too, not the app.
    server.get("v1/nothing-here.json").problem(404, "not-found");
}

#[test]
fn reads_item_pages_follow_next_and_yield_every_public_item_once() {
    let server = Server::start();
    let items = all_pages(&server, &server.api("v1/items.json"));
    let all = ids(&items);
    let unique_ids: BTreeSet<&String> = all.iter().collect();
    assert_eq!(unique_ids.len(), all.len(), "an item on two pages: {all:?}");

    // Exactly the demo's public items, as built for today.
    let demo = gongkai_demo::Demo::build(china_date(OffsetDateTime::now_utc())).unwrap();
    let expected: BTreeSet<String> = demo
        .items
        .iter()
        .filter(|i| i.is_public())
        .map(|i| i.id.clone())
        .collect();
    assert!(expected.len() > 20, "the demo fills more than one page");
    assert_eq!(
        unique_ids.into_iter().cloned().collect::<BTreeSet<_>>(),
        expected
    );

    // Newest first.
    let times: Vec<OffsetDateTime> = items
        .iter()
        .map(|i| parse_time(&i["published_at"]))
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "not newest first");

    // Each organisation's list: only its own items; together, all of them.
    let orgs = server.get("v1/orgs.json").json();
    let mut union = Vec::new();
    for org in orgs["organisations"].as_array().unwrap() {
        let id = org["id"].as_str().unwrap();
        let own = all_pages(&server, &server.api(&format!("v1/orgs/{id}/items.json")));
        for item in &own {
            assert_eq!(item["org"], id, "{id}'s list has {}", item["id"]);
        }
        union.extend(ids(&own));
    }
    union.sort();
    let mut all_sorted = all.clone();
    all_sorted.sort();
    assert_eq!(union, all_sorted);
    server
        .get("v1/orgs/no-such-org/items.json")
        .problem(404, "not-found");
    server
        .get("v1/items/pages/999.json")
        .problem(404, "not-found");
}

#[test]
fn reads_one_item_and_an_unknown_item_is_a_404_problem() {
    let server = Server::start();
    let r = server.get(&format!("v1/items/{OPEN_ITEM}.json"));
    assert_eq!(r.status, 200, "{}", r.text());
    let item: gongkai::api::Item = serde_json::from_slice(&r.body).expect("an Item");
    assert_eq!(item.id, OPEN_ITEM);
    assert_eq!(item.org, "qingxi-committee");
    assert!(item.publicity.is_some());

    let problem = server
        .get("v1/items/no-such-item.json")
        .problem(404, "not-found");
    serde_json::from_value::<Problem>(problem).expect("a Problem");
    server
        .get(&format!("v1/items/{OPEN_ITEM}"))
        .problem(404, "not-found");
    // Outside the contract, still problems rather than the app's page.
    server
        .get_url(&server.url("api/"), &[])
        .problem(404, "not-found");
    server
        .get_url(&server.url("api/v2/site.json"), &[])
        .problem(404, "not-found");
    let wrong_method = server.get("v1/feedback");
    wrong_method.problem(405, "method-not-allowed");
    assert_eq!(wrong_method.header("allow"), Some("POST"));
}

#[test]
fn reads_attachment_files_with_their_type_and_size() {
    let server = Server::start();
    let items = all_pages(&server, &server.api("v1/items.json"));
    let mut checked = 0;
    for item in &items {
        for attachment in item["attachments"].as_array().into_iter().flatten() {
            let url = attachment["url"].as_str().unwrap();
            // Relative to the API base, like every URL in the contract.
            let r = server.get(url);
            assert_eq!(r.status, 200, "{url}: {}", r.text());
            if let Some(media_type) = attachment["media_type"].as_str() {
                assert_eq!(r.media_type(), media_type, "{url}");
            }
            if let Some(size) = attachment["size"].as_u64() {
                assert_eq!(r.body.len() as u64, size, "{url}");
            }
            checked += 1;
        }
    }
    assert!(checked >= 3, "the demo has attachments ({checked} checked)");
    let pdf = server.get("files/rules-disclosure-measures.pdf");
    assert_eq!(pdf.status, 200);
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));
    assert!(pdf.body.starts_with(b"%PDF-"));
    server
        .get("files/no-such-file.pdf")
        .problem(404, "not-found");
}

#[test]
fn spa_deep_links_get_index_html_and_config_points_at_the_api() {
    let spa = tempfile::tempdir().unwrap();
    let index = "<!doctype html><title>gongkai test app</title>";
    std::fs::write(spa.path().join("index.html"), index).unwrap();
    std::fs::write(spa.path().join("app.js"), "console.log(1)").unwrap();
    let server = Server::with(Options {
        spa: Some(spa.path().to_owned()),
        ..Options::default()
    });

    for path in ["org/qingxi-village", "", "org/qingxi-village/items/x"] {
        let r = server.get_url(&server.url(path), &[]);
        assert_eq!(r.status, 200, "/{path}");
        assert_eq!(r.media_type(), "text/html", "/{path}");
        assert_eq!(r.text(), index, "/{path}");
    }
    let js = server.get_url(&server.url("app.js"), &[]);
    assert_eq!(js.status, 200);
    assert_eq!(js.text(), "console.log(1)");
    // A missing file is not the app.
    assert_eq!(server.get_url(&server.url("missing.js"), &[]).status, 404);

    let config = server.get_url(&server.url("config.json"), &[]);
    assert_eq!(config.status, 200);
    assert_eq!(config.json()["api_base"], "api/");
    // The API is still the API.
    assert_eq!(server.get("v1/site.json").status, 200);
    server.get("v1/no-such-file.json").problem(404, "not-found");
}

/// The titles of the first screen's cards, in order, as the page's text
/// (`<h3 class="gk-card__title"><a href="…">TITLE</a>`).
fn card_titles(html: &str) -> Vec<String> {
    html.split(r#"<h3 class="gk-card__title"><a href=""#)
        .skip(1)
        .map(|rest| {
            let text = &rest[rest.find('>').unwrap() + 1..];
            text[..text.find("</a>").unwrap()].to_owned()
        })
        .collect()
}

#[test]
fn the_home_page_and_a_boards_deep_link_carry_their_first_screen_as_the_api_would_fill_it() {
    let spa = tempfile::tempdir().unwrap();
    let index = "<!doctype html><html><head><title>党务公开</title></head>\
                 <body><div id=\"gongkai\"></div></body></html>";
    std::fs::write(spa.path().join("index.html"), index).unwrap();
    let server = Server::with(Options {
        spa: Some(spa.path().to_owned()),
        ..Options::default()
    });
    // A title and a summary that would be markup, published now: the first
    // card of the committee's board.
    let hostile = "<img src=x onerror=alert(1)>公示&amp;";
    let item = json!({
        "id": "first-screen-hostile",
        "org": "qingxi-village",
        "category": "decisions",
        "title": hostile,
        "summary": "</p><script>alert(2)</script>",
        "body_html": "<p>正文</p>",
        "kind": { "type": "ad_hoc" },
        "audience": "public",
        "published_at": OffsetDateTime::now_utc().format(&Rfc3339).unwrap(),
    });
    let r = server.staff_put(
        "v1/staff/items/first-screen-hostile",
        &json!({ "item": item }),
    );
    assert_eq!(r.status, 201, "{}", r.text());

    // 党委: its board holds the organisations below it too (含下级组织).
    let page = server.get_url(&server.url("org/qingxi-committee"), &[]);
    assert_eq!(page.status, 200);
    assert_eq!(page.media_type(), "text/html");
    assert_eq!(page.header("cache-control"), Some("no-cache"));
    let html = page.text();
    assert!(
        html.contains("<title>中共青溪镇委员会 - 青溪镇党务公开</title>"),
        "{html}"
    );
    assert!(html.contains(r#"<div id="gongkai"><div id="gk-first" class="gk" lang="zh-Hans">"#));
    assert!(html.contains(r#"<h1 class="gk-h1" tabindex="-1">中共青溪镇委员会</h1>"#));
    let api = server
        .get("v1/search.json?org=qingxi-committee&sub=1&limit=20")
        .json();
    let total = api["total"].as_u64().unwrap();
    assert!(total > 20, "{total}: more than one page");
    assert!(html.contains(&format!("共 {total} 条")), "{html}");
    let titles: Vec<String> = api["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap().to_owned())
        .collect();
    let escaped = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    assert_eq!(
        card_titles(&html),
        titles.iter().map(|t| escaped(t)).collect::<Vec<_>>()
    );
    assert_eq!(titles[0], hostile);
    assert!(!html.contains("<img src=x"), "{html}");
    assert!(!html.contains("<script>alert(2)"), "{html}");
    assert!(html.contains("&lt;/p&gt;&lt;script&gt;alert(2)&lt;/script&gt;"));

    // A page of the list, and a search: the same as the API's.
    let page2 = server
        .get_url(&server.url("org/qingxi-committee?page=2"), &[])
        .text();
    assert!(page2.contains("第 2 页"), "{page2}");
    let api2 = server
        .get("v1/search.json?org=qingxi-committee&sub=1&limit=20&offset=20")
        .json();
    assert_eq!(
        card_titles(&page2),
        api2["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| escaped(i["title"].as_str().unwrap()))
            .collect::<Vec<_>>()
    );
    let found = server
        .get_url(
            &server.url("org/qingxi-village?q=%E5%85%AC%E7%A4%BA&sub=0"),
            &[],
        )
        .text();
    let api_found = server
        .get("v1/search.json?org=qingxi-village&q=%E5%85%AC%E7%A4%BA&limit=20")
        .json();
    let n = api_found["total"].as_u64().unwrap();
    assert!(n > 0);
    assert!(found.contains(&format!("共 {n} 条")), "{found}");
    // The search box keeps what was searched, and the form keeps the rest.
    assert!(found.contains(r#"name="q" value="公示""#), "{found}");
    assert!(
        found.contains(r#"<input type="hidden" name="sub" value="0">"#),
        "{found}"
    );

    // The home page: its lists, from the same searches as the app's.
    let home = server.get_url(&server.url(""), &[]).text();
    assert!(home.contains("<title>青溪镇党务公开</title>"), "{home}");
    assert!(home.contains(r#"<div class="gk-page gk-home">"#));
    let open = server.get("v1/search.json?status=open&limit=100").json();
    let open: Vec<String> = open["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| escaped(i["title"].as_str().unwrap()))
        .collect();
    assert!(!open.is_empty());
    let home_titles = card_titles(&home);
    assert!(
        open.iter().all(|t| home_titles.contains(t)),
        "{open:?} in {home_titles:?}"
    );
    assert!(
        home_titles.contains(&escaped(hostile)),
        "the newest is listed"
    );
    assert!(!home.contains("<img src=x"));
    // The footer too: the hotline, as site.json gives it.
    let hotline = server.get("v1/site.json").json()["hotline"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(home.contains(r#"<p class="gk-footer__hotline">"#));
    assert!(home.contains(&format!(">{hotline}</a>")), "{hotline}");

    // Words in the URL are the search box's value, escaped like the rest.
    let words = server
        .get_url(
            &server.url("org/qingxi-village?q=%22%3E%3Cscript%3Ealert(3)%3C%2Fscript%3E"),
            &[],
        )
        .text();
    assert!(!words.contains("<script>alert(3)"), "{words}");
    assert!(
        words.contains(r#"value="&quot;&gt;&lt;script&gt;alert(3)&lt;/script&gt;""#),
        "{words}"
    );

    // No board, another page, or the kiosk: index.html as built.
    for path in [
        "org/no-such-org",
        "item/first-screen-hostile",
        "lookup",
        "index.html",
    ] {
        let r = server.get_url(&server.url(path), &[]);
        assert_eq!(r.status, 200, "/{path}");
        assert_eq!(r.text(), index, "/{path}");
    }
}

// 2. Submitting -------------------------------------------------------------

#[test]
fn submit_gives_a_code_location_and_due_date_and_the_lookup_hides_name_and_contact() {
    let server = Server::start();
    let today = china_date(OffsetDateTime::now_utc());
    let body = "村口的路灯坏了好几天了，晚上走路不安全，希望尽快修好。";
    let request = json!({
        "kind": "suggestion",
        "org": "qingxi-village",
        "body": body,
        "name": "王测试",
        "contact": "13812345678",
    });
    let r = server.post("v1/feedback", &unique("submit"), &request);
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.media_type(), "application/json");
    assert_eq!(r.header("idempotent-replayed"), None);
    let receipt: FeedbackReceipt = serde_json::from_slice(&r.body).expect("a FeedbackReceipt");
    assert!(is_tracking_code(&receipt.code), "{}", receipt.code);
    assert_eq!(
        r.header("location"),
        Some(format!("feedback/{}", receipt.code).as_str())
    );
    assert_eq!(receipt.org, "qingxi-village");
    assert_eq!(receipt.status.as_str(), "received");
    assert!(
        receipt.reply_due > today,
        "{} due {}",
        today,
        receipt.reply_due
    );
    assert!((OffsetDateTime::now_utc() - receipt.submitted_at).abs() < time::Duration::minutes(5));
    let raw = r.json();
    assert!(
        time::Date::parse(
            raw["reply_due"].as_str().unwrap(),
            time::macros::format_description!("[year]-[month]-[day]")
        )
        .is_ok(),
        "reply_due is a date: {raw}"
    );

    // The Location, resolved against the request URL, is the look-up.
    let location = resolve(&server.api("v1/feedback"), r.header("location").unwrap());
    assert_eq!(
        location,
        server.api(&format!("v1/feedback/{}", receipt.code))
    );
    // Read forgivingly: case, hyphens, spaces, and I/L for 1, O for 0.
    let lower = receipt.code.replace('-', "").to_lowercase();
    let spaced = receipt.code.replace('-', "%20");
    let misread: String = receipt
        .code
        .chars()
        .map(|c| match c {
            '1' => 'l',
            '0' => 'O',
            c => c,
        })
        .collect();
    for url in [
        location,
        server.api(&format!("v1/feedback/{lower}")),
        server.api(&format!("v1/feedback/{spaced}")),
        server.api(&format!("v1/feedback/{misread}")),
    ] {
        let r = server.get_url(&url, &[]);
        assert_eq!(r.status, 200, "{url}: {}", r.text());
        assert_eq!(r.header("cache-control"), Some("no-store"));
        let state: FeedbackState = serde_json::from_slice(&r.body).expect("a FeedbackState");
        assert_eq!(state.code, receipt.code);
        assert_eq!(state.status.as_str(), "received");
        assert_eq!(state.body, body);
        assert_eq!(state.reply_due, receipt.reply_due);
        assert_eq!(state.submitted_at, receipt.submitted_at);
        assert_eq!(state.kind, receipt.kind);
        assert!(state.reply.is_none());
        let json = r.json();
        let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
        assert!(
            !keys.iter().any(|k| *k == "name" || *k == "contact"),
            "{keys:?}"
        );
        let text = r.text();
        assert!(
            !text.contains("王测试") && !text.contains("13812345678"),
            "{text}"
        );
    }

    server
        .get("v1/feedback/7K3M-Q9XD-2FHP")
        .problem(404, "not-found");
    server
        .get("v1/feedback/not-a-code")
        .problem(404, "not-found");
}

// 3. Idempotency ------------------------------------------------------------

#[test]
fn idempotency_same_key_and_body_replays_the_first_response() {
    let server = Server::start();
    let key = unique("key");
    let request = opinion("qingxi-village", "建议在村委会门口增设一个公开栏。");
    let first = server.post("v1/feedback", &key, &request);
    assert_eq!(first.status, 201, "{}", first.text());
    assert_eq!(first.header("idempotent-replayed"), None);
    let second = server.post("v1/feedback", &key, &request);
    assert_eq!(second.status, 201, "{}", second.text());
    assert_eq!(second.header("idempotent-replayed"), Some("true"));
    assert_eq!(second.body, first.body, "the first response, exactly");
    assert_eq!(second.header("location"), first.header("location"));
    assert_eq!(server.staff_list().len(), 1, "one record");

    // The same key on another path is another request.
    let code = first.json()["code"].as_str().unwrap().to_owned();
    let start = server.post_raw(
        &format!("v1/staff/feedback/{code}/start"),
        &[
            ("content-type", "application/json"),
            ("idempotency-key", &key),
            ("authorization", &format!("Bearer {TOKEN}")),
        ],
        b"{}",
    );
    assert_eq!(start.status, 200, "{}", start.text());
    assert_eq!(start.header("idempotent-replayed"), None);
}

#[test]
fn idempotency_key_reused_for_another_body_or_missing_is_refused() {
    let server = Server::start();
    let key = unique("key");
    let r = server.post(
        "v1/feedback",
        &key,
        &opinion("qingxi-village", "第一份留言内容，关于道路维修。"),
    );
    assert_eq!(r.status, 201);
    let reused = server.post(
        "v1/feedback",
        &key,
        &opinion("qingxi-village", "另一份完全不同的留言内容。"),
    );
    let problem = reused.problem(422, "idempotency-key-reused");
    assert!(has_chinese(problem["title"].as_str().unwrap()));

    let body = serde_json::to_vec(&opinion("qingxi-village", "没有带幂等键的留言内容。")).unwrap();
    server
        .post_raw(
            "v1/feedback",
            &[("content-type", "application/json")],
            &body,
        )
        .problem(400, "idempotency-key-missing");
    server
        .post_raw(
            "v1/feedback",
            &[
                ("content-type", "application/json"),
                ("idempotency-key", ""),
            ],
            &body,
        )
        .problem(400, "idempotency-key-missing");
    let too_long = "k".repeat(256);
    server
        .post_raw(
            "v1/feedback",
            &[
                ("content-type", "application/json"),
                ("idempotency-key", &too_long),
            ],
            &body,
        )
        .problem(400, "idempotency-key-missing");
    // The rating takes a key too.
    let code = r.json()["code"].as_str().unwrap().to_owned();
    server
        .post_raw(
            &format!("v1/feedback/{code}/rating"),
            &[("content-type", "application/json")],
            br#"{"rating":"satisfied"}"#,
        )
        .problem(400, "idempotency-key-missing");
    assert_eq!(server.staff_list().len(), 1);
}

#[test]
fn idempotency_concurrent_duplicates_make_one_record() {
    let server = Server::start();
    let key = unique("concurrent");
    let request = opinion("taoyuan-village", "桃源村的垃圾清运时间能否固定下来？");
    let barrier = Barrier::new(8);
    let responses: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|_| {
                s.spawn(|| {
                    // Each thread its own agent: its own connection.
                    let agent = support::agent();
                    let body = serde_json::to_vec(&request).unwrap();
                    barrier.wait();
                    support::Resp::from(
                        agent
                            .post(server.api("v1/feedback"))
                            .header("content-type", "application/json")
                            .header("idempotency-key", &key)
                            .send(&body[..]),
                    )
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let codes: BTreeSet<String> = responses
        .iter()
        .map(|r| {
            assert_eq!(r.status, 201, "{}", r.text());
            r.json()["code"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(codes.len(), 1, "{codes:?}");
    let fresh = responses
        .iter()
        .filter(|r| r.header("idempotent-replayed").is_none())
        .count();
    assert_eq!(fresh, 1, "exactly one response is not a replay");
    assert_eq!(server.staff_list().len(), 1);

    // The CLI sees the same single record.
    let out = server.cli(&["list"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    assert!(
        lines[0].starts_with(codes.first().unwrap().as_str()),
        "{stdout}"
    );
}

// 4. Validation -------------------------------------------------------------

#[test]
fn validation_problems_point_at_the_fields_in_chinese() {
    let server = Server::start();
    let r = server.post(
        "v1/feedback",
        &unique("bad"),
        &json!({ "kind": "", "org": "qingxi-village", "body": "", "contact": "not a phone" }),
    );
    let problem = r.problem(422, "validation");
    assert!(has_chinese(problem["title"].as_str().unwrap()), "{problem}");
    assert!(
        has_chinese(problem["detail"].as_str().unwrap()),
        "{problem}"
    );
    assert_eq!(
        support::pointers(&problem),
        vec![
            ("/kind".to_owned(), "required".to_owned()),
            ("/body".to_owned(), "required".to_owned()),
            ("/contact".to_owned(), "bad_contact".to_owned()),
        ]
    );
    serde_json::from_value::<Problem>(problem).expect("a Problem");

    let r = server.post(
        "v1/feedback",
        &unique("bad"),
        &json!({ "kind": "praise", "org": "qingxi-village", "body": "短" }),
    );
    let problem = r.problem(422, "validation");
    assert_eq!(
        support::pointers(&problem),
        vec![
            ("/kind".to_owned(), "unknown_kind".to_owned()),
            ("/body".to_owned(), "too_short".to_owned()),
        ]
    );

    // Missing fields are refused like empty ones, by pointer.
    let r = server.post("v1/feedback", &unique("bad"), &json!({}));
    let problem = r.problem(422, "validation");
    assert_eq!(
        support::pointers(&problem),
        vec![
            ("/kind".to_owned(), "required".to_owned()),
            ("/org".to_owned(), "required".to_owned()),
            ("/body".to_owned(), "required".to_owned()),
        ]
    );

    // Rules that need the data.
    let r = server.post(
        "v1/feedback",
        &unique("bad"),
        &opinion("no-such-org", "这是给一个不存在的组织的留言。"),
    );
    assert_field_problem(&r, "/org", "unknown_org");
    let mut request = opinion("qingxi-village", "这是关于一条不存在的事项的留言。");
    request["item"] = json!("no-such-item");
    assert_field_problem(
        &server.post("v1/feedback", &unique("bad"), &request),
        "/item",
        "unknown_item",
    );
    request["item"] = json!(OPEN_ITEM); // of qingxi-committee
    assert_field_problem(
        &server.post("v1/feedback", &unique("bad"), &request),
        "/item",
        "item_of_other_org",
    );
    assert!(server.staff_list().is_empty(), "nothing was recorded");
}

#[test]
fn request_errors_are_problems_bad_json_media_type_and_size() {
    let server = Server::start();
    let json_headers = |key: &str| {
        vec![
            ("content-type", "application/json".to_owned()),
            ("idempotency-key", key.to_owned()),
        ]
    };
    let post = |headers: Vec<(&str, String)>, body: &[u8]| {
        let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
        server.post_raw("v1/feedback", &headers, body)
    };

    let problem =
        post(json_headers(&unique("k")), br#"{"kind": "opinion","#).problem(400, "bad-json");
    assert!(has_chinese(problem["title"].as_str().unwrap()));

    // JSON, but not of the request's shape.
    for wrong in [
        &br#"{"kind": "opinion", "org": "qingxi-village", "body": 5}"#[..],
        br#"["opinion", "qingxi-village"]"#,
        br#""opinion""#,
        b"",
    ] {
        post(json_headers(&unique("k")), wrong).problem(400, "bad-json");
    }

    let valid = serde_json::to_vec(&opinion("qingxi-village", "内容类型不对的一条留言。")).unwrap();
    post(
        vec![
            ("content-type", "text/plain".to_owned()),
            ("idempotency-key", unique("k")),
        ],
        &valid,
    )
    .problem(415, "unsupported-media-type");
    post(vec![("idempotency-key", unique("k"))], &valid).problem(415, "unsupported-media-type");
    // Parameters after the media type are fine.
    let r = post(
        vec![
            ("content-type", "application/json; charset=utf-8".to_owned()),
            ("idempotency-key", unique("k")),
        ],
        &valid,
    );
    assert_eq!(r.status, 201, "{}", r.text());

    // One byte over: the server reads the body to its last byte before it
    // refuses, so no unread bytes make it reset the connection under the
    // response (as a far larger body may, racing the client's writes).
    let huge = json_of_size(|pad| opinion("qingxi-village", pad), 64 * 1024 + 1);
    let problem = post(json_headers(&unique("k")), &huge).problem(413, "payload-too-large");
    assert!(has_chinese(problem["title"].as_str().unwrap()));
    // Just under the limit is read (and refused for its length, by field).
    let long = serde_json::to_vec(&opinion("qingxi-village", &"长".repeat(2001))).unwrap();
    assert!(long.len() < 64 * 1024);
    assert_field_problem(
        &post(json_headers(&unique("k")), &long),
        "/body",
        "too_long",
    );

    assert_eq!(
        server.staff_list().len(),
        1,
        "only the one valid submission"
    );
}

// 5. Objections -------------------------------------------------------------

#[test]
fn objections_only_while_the_publicity_period_runs() {
    let server = Server::start();
    let now = OffsetDateTime::now_utc();
    let items = all_pages(&server, &server.api("v1/items.json"));
    let period = |item: &Value| {
        item["publicity"]
            .as_object()
            .map(|p| (parse_time(&p["start"]), parse_time(&p["end"])))
    };
    let objection = |item: &Value| {
        json!({
            "kind": "objection",
            "org": item["org"],
            "item": item["id"],
            "body": "对公示对象的情况有不同意见，请组织核实。",
        })
    };

    let open = items
        .iter()
        .find(|i| i["id"] == OPEN_ITEM)
        .expect("the open item");
    let (start, end) = period(open).expect("a publicity period");
    assert!(
        start <= now && now <= end,
        "{OPEN_ITEM} is open now: {start} – {end}"
    );
    let r = server.post("v1/feedback", &unique("objection"), &objection(open));
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.json()["item"], OPEN_ITEM);
    assert_eq!(r.json()["kind"], "objection");

    let ended = items
        .iter()
        .find(|i| period(i).is_some_and(|(_, end)| end < now - time::Duration::days(1)))
        .expect("an item whose publicity ended");
    let r = server.post("v1/feedback", &unique("objection"), &objection(ended));
    assert_field_problem(&r, "/item", "publicity_ended");

    if let Some(upcoming) = items
        .iter()
        .find(|i| period(i).is_some_and(|(start, _)| start > now + time::Duration::days(1)))
    {
        let r = server.post("v1/feedback", &unique("objection"), &objection(upcoming));
        assert_field_problem(&r, "/item", "publicity_not_started");
    }
    let without_period = items
        .iter()
        .find(|i| period(i).is_none())
        .expect("an item without a period");
    let r = server.post(
        "v1/feedback",
        &unique("objection"),
        &objection(without_period),
    );
    assert_field_problem(&r, "/item", "not_in_publicity");

    let r = server.post(
        "v1/feedback",
        &unique("objection"),
        &json!({
            "kind": "objection",
            "org": "qingxi-committee",
            "body": "对公示对象的情况有不同意见，请组织核实。",
        }),
    );
    assert_field_problem(&r, "/item", "item_required");

    // Other kinds may name an ended item.
    let mut opinion_on_ended = objection(ended);
    opinion_on_ended["kind"] = json!("opinion");
    let r = server.post("v1/feedback", &unique("opinion"), &opinion_on_ended);
    assert_eq!(r.status, 201, "{}", r.text());
}

// 6. Rate limit -------------------------------------------------------------

#[test]
fn rate_limit_refuses_the_fourth_new_submission_but_not_replays() {
    let server = Server::with(Options {
        submission_limit: 3,
        ..Options::default()
    });
    let keys: Vec<String> = (0..4).map(|_| unique("rate")).collect();
    let request = |n: usize| opinion("town-organs", &format!("第{n}条关于机关食堂的建议内容。"));
    let mut first = None;
    for (n, key) in keys.iter().take(3).enumerate() {
        let r = server.post("v1/feedback", key, &request(n));
        assert_eq!(r.status, 201, "submission {n}: {}", r.text());
        first.get_or_insert(r.body);
    }
    let r = server.post("v1/feedback", &keys[3], &request(3));
    let problem = r.problem(429, "rate-limited");
    assert!(has_chinese(problem["detail"].as_str().unwrap()));
    let retry_after: u64 = r
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .expect("Retry-After in seconds");
    assert!((1..=600).contains(&retry_after), "{retry_after}");

    // Without --behind-proxy, X-Forwarded-For is no way around the limit.
    let spoofed = server.post_raw(
        "v1/feedback",
        &[
            ("content-type", "application/json"),
            ("idempotency-key", &unique("rate")),
            ("x-forwarded-for", "203.0.113.7"),
        ],
        &serde_json::to_vec(&request(4)).unwrap(),
    );
    spoofed.problem(429, "rate-limited");

    // A replay is no new submission.
    let replay = server.post("v1/feedback", &keys[0], &request(0));
    assert_eq!(replay.status, 201, "{}", replay.text());
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));
    assert_eq!(Some(replay.body), first);
    // The refused key was not stored: it is refused again, not replayed.
    server
        .post("v1/feedback", &keys[3], &request(3))
        .problem(429, "rate-limited");
    assert_eq!(server.staff_list().len(), 3);
}

// 7. Staff authentication ---------------------------------------------------

#[test]
fn staff_api_is_off_without_a_token() {
    let server = Server::with(Options {
        staff_token: None,
        ..Options::default()
    });
    let code = server.submit(&opinion("qingxi-village", "没有令牌时的留言内容。"));
    server
        .get("v1/staff/feedback")
        .problem(403, "staff-api-disabled");
    // Not even with a token of some kind.
    server
        .staff_get("v1/staff/feedback")
        .problem(403, "staff-api-disabled");
    server
        .staff_post(&format!("v1/staff/feedback/{code}/start"), &json!({}))
        .problem(403, "staff-api-disabled");
    server
        .staff_put("v1/staff/items/x", &json!({}))
        .problem(403, "staff-api-disabled");
    // The public side works.
    assert_eq!(server.get(&format!("v1/feedback/{code}")).status, 200);
}

#[test]
fn staff_api_needs_the_right_bearer_token() {
    let server = Server::start();
    let code = server.submit(&json!({
        "kind": "inquiry",
        "org": "qingxi-community",
        "body": "请问社区什么时候办理党组织关系转接？",
        "name": "李咨询",
        "contact": "lizixun@example.com",
    }));
    let url = server.api("v1/staff/feedback");
    for auth in [
        None,
        Some("Bearer wrong-token".to_owned()),
        Some(format!("Bearer {TOKEN}x")),
        Some(format!("Basic {TOKEN}")),
        Some(TOKEN.to_owned()),
    ] {
        let headers: Vec<(&str, &str)> =
            auth.iter().map(|a| ("authorization", a.as_str())).collect();
        let r = server.get_url(&url, &headers);
        r.problem(401, "unauthorized");
        let challenge = r.header("www-authenticate").expect("WWW-Authenticate");
        assert!(challenge.starts_with("Bearer"), "{challenge}");
        assert!(!r.text().contains(&code), "nothing leaks to {auth:?}");
    }
    let r = server.staff_post(&format!("v1/staff/feedback/{code}/start"), &json!({}));
    assert_eq!(r.status, 200, "{}", r.text());
    let wrong = server.post_raw(
        &format!("v1/staff/feedback/{code}/close"),
        &[
            ("content-type", "application/json"),
            ("idempotency-key", &unique("k")),
            ("authorization", "Bearer nope"),
        ],
        b"{}",
    );
    wrong.problem(401, "unauthorized");

    let list = server.staff_list();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["code"], code.as_str());
    assert_eq!(list[0]["name"], "李咨询");
    assert_eq!(list[0]["contact"], "lizixun@example.com");
    assert_eq!(list[0]["status"], "in_progress");
    let one = server.staff_get(&format!("v1/staff/feedback/{code}"));
    assert_eq!(one.status, 200);
    assert_eq!(one.json()["contact"], "lizixun@example.com");
    let filtered = server.staff_get("v1/staff/feedback?status=received");
    assert_eq!(filtered.json()["submissions"], json!([]));
    let filtered = server.staff_get("v1/staff/feedback?org=qingxi-community&status=in_progress");
    assert_eq!(filtered.json()["submissions"].as_array().unwrap().len(), 1);
}

// 8. A case from submission to closing ---------------------------------------

#[test]
fn case_flow_from_submission_through_reply_rating_publishing_and_closing() {
    let server = Server::start();
    let body = "青溪村三组的水渠堵塞，雨天农田积水，请安排清理。";
    let (name, contact) = ("赵测试", "0571-87654321");
    let code = server.submit(&json!({
        "kind": "complaint",
        "org": "qingxi-village",
        "body": body,
        "name": name,
        "contact": contact,
    }));
    let look_up = || {
        let r = server.get(&format!("v1/feedback/{code}"));
        assert_eq!(r.status, 200, "{}", r.text());
        r.json()
    };
    let staff = |action: &str, body: Value| {
        server.staff_post(&format!("v1/staff/feedback/{code}/{action}"), &body)
    };

    // `start` and `close` need no body.
    let r = server.post_raw(
        &format!("v1/staff/feedback/{code}/start"),
        &[
            ("idempotency-key", &unique("start")),
            ("authorization", &format!("Bearer {TOKEN}")),
        ],
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["status"], "in_progress");
    assert_eq!(r.json()["name"], name, "staff see the name");
    assert_eq!(look_up()["status"], "in_progress");

    let first_reply = "已安排村民小组组长联系清淤队，本周内完成清理。";
    let r = staff("reply", json!({ "text": first_reply }));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["status"], "replied");
    let state = look_up();
    assert_eq!(state["status"], "replied");
    assert_eq!(state["reply"]["text"], first_reply);
    assert_eq!(state["reply"]["public"], false);
    parse_time(&state["reply"]["replied_at"]);
    // Not public yet.
    let page = server.get("v1/orgs/qingxi-village/replies.json");
    assert_eq!(page.status, 200);
    assert_eq!(page.json()["replies"], json!([]));

    // A case without a reply cannot be rated.
    let fresh = server.submit(&opinion("qingxi-village", "另一条还没有答复的留言内容。"));
    server
        .post(
            &format!("v1/feedback/{fresh}/rating"),
            &unique("rate"),
            &json!({ "rating": "satisfied" }),
        )
        .problem(409, "conflict");

    // Unsatisfied, and reopened.
    let reason = "一周过去了，水渠还是堵的。";
    let r = server.post(
        &format!("v1/feedback/{code}/rating"),
        &unique("rate"),
        &json!({ "rating": "unsatisfied", "reason": reason, "reopen": true }),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let state: FeedbackState = serde_json::from_slice(&r.body).expect("a FeedbackState");
    assert_eq!(state.status.as_str(), "in_progress");
    let rating = state.rating.expect("the rating");
    assert_eq!(rating.rating.as_str(), "unsatisfied");
    assert_eq!(rating.reason.as_deref(), Some(reason));
    assert_eq!(look_up()["status"], "in_progress");
    // Rated already.
    server
        .post(
            &format!("v1/feedback/{code}/rating"),
            &unique("rate"),
            &json!({ "rating": "satisfied" }),
        )
        .problem(409, "conflict");

    // Staff reply from the command line while the server runs.
    let second_reply = "镇农业服务中心已派机械清淤，水渠已疏通，欢迎监督。";
    let question = "青溪村三组水渠堵塞何时清理？";
    let out = server.cli(&["reply", &code, second_reply, "--public-question", question]);
    assert!(
        out.status.success(),
        "CLI reply: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&code) && stdout.contains("replied"),
        "{stdout}"
    );
    let state = look_up();
    assert_eq!(state["status"], "replied");
    assert_eq!(state["reply"]["text"], second_reply);
    assert_eq!(state["reply"]["public"], true);
    assert!(
        state.get("rating").is_none(),
        "a new reply is rated afresh: {state}"
    );

    // Publish with a better summary.
    let summary = "群众反映村组水渠堵塞影响农田排水";
    let r = staff("publish", json!({ "question": summary }));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["public_question"], summary);

    let check_public = |status: &str| {
        let r = server.get("v1/orgs/qingxi-village/replies.json");
        assert_eq!(r.status, 200, "{}", r.text());
        let page: ReplyPage = serde_json::from_slice(&r.body).expect("a ReplyPage");
        assert_eq!(page.replies.len(), 1, "{}", r.text());
        let public = &page.replies[0];
        assert_eq!(public.question, summary);
        assert_eq!(public.reply, second_reply);
        assert_eq!(public.kind.as_str(), "complaint");
        assert_eq!(public.status.as_str(), status);
        let today = china_date(OffsetDateTime::now_utc());
        assert_eq!(public.submitted_on, today);
        assert_eq!(public.replied_on, today);
        assert_eq!(public.working_days_taken, 0);
        assert!(public.reply_due > today);
        assert!(public.rating.is_none());
        let text = r.text();
        for secret in [
            body,
            name,
            contact,
            reason,
            code.as_str(),
            &code.replace('-', ""),
        ] {
            assert!(!text.contains(secret), "{secret:?} is public: {text}");
        }
        let keys: Vec<String> = r.json()["replies"][0]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        for field in ["body", "name", "contact", "code"] {
            assert!(!keys.iter().any(|k| k == field), "{field} in {keys:?}");
        }
    };
    check_public("replied");
    // Other organisations' boards do not have it.
    assert_eq!(
        server.get("v1/orgs/taoyuan-village/replies.json").json()["replies"],
        json!([])
    );
    server
        .get("v1/orgs/no-such-org/replies.json")
        .problem(404, "not-found");

    let r = staff("close", json!({}));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["status"], "closed");
    assert_eq!(look_up()["status"], "closed");
    check_public("closed");

    let problem = staff("start", json!({})).problem(409, "conflict");
    assert!(has_chinese(problem["detail"].as_str().unwrap()));
    staff("close", json!({})).problem(409, "conflict");
    server
        .staff_post("v1/staff/feedback/7K3M-Q9XD-2FHP/start", &json!({}))
        .problem(404, "not-found");
    staff("reply", json!({ "text": " " })).problem(422, "validation");
}

// 9. Durability -------------------------------------------------------------

#[test]
fn submissions_survive_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gongkai.db");
    let options = Options::default();
    let server = Server::on(&db, &options);
    let mut made = Vec::new();
    for n in 0..6 {
        let key = unique("durable");
        let request = opinion(
            "qingxi-community",
            &format!("第{n}条：断电前的留言，必须留下来。"),
        );
        let r = server.post("v1/feedback", &key, &request);
        assert_eq!(r.status, 201, "{}", r.text());
        made.push((key, request, r.json()["code"].as_str().unwrap().to_owned()));
    }
    // Right after the last 201: SIGKILL.
    server.kill();

    let server = Server::on(&db, &options);
    for (_, request, code) in &made {
        let r = server.get(&format!("v1/feedback/{code}"));
        assert_eq!(r.status, 200, "{code} lost: {}", r.text());
        assert_eq!(r.json()["body"], request["body"]);
    }
    // The idempotency records survived too: a retry gets the same code.
    let (key, request, code) = made.last().unwrap();
    let replay = server.post("v1/feedback", key, request);
    assert_eq!(replay.status, 201);
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));
    assert_eq!(replay.json()["code"], code.as_str());
    assert_eq!(server.staff_list().len(), made.len());
    // The demo was not loaded a second time over the content.
    assert!(
        !server.log().contains("loaded the demo"),
        "{}",
        server.log()
    );
}

// 10. Graceful shutdown ------------------------------------------------------

#[cfg(unix)]
#[test]
fn sigterm_shuts_down_gracefully_with_status_0() {
    let server = Server::start();
    // An idle keep-alive connection must not hold the shutdown up.
    assert_eq!(server.get("v1/site.json").status, 200);
    server.submit(&opinion("qingxi-village", "关机之前提交的一条留言内容。"));
    let pid = server.pid();
    let status = server
        .terminate(Duration::from_secs(5))
        .unwrap_or_else(|| panic!("gongkai-server {pid} still runs 5 s after SIGTERM"));
    assert!(status.success(), "exit status {status}");
}

// 11. CORS ------------------------------------------------------------------

#[test]
fn cors_allows_listed_origins_only() {
    let origin = "https://portal.example";
    let server = Server::with(Options {
        cors_origin: Some(origin.to_owned()),
        ..Options::default()
    });
    let preflight = |from: &str| {
        support::Resp::from(
            server
                .agent()
                .options(server.api("v1/feedback"))
                .header("origin", from)
                .header("access-control-request-method", "POST")
                .header(
                    "access-control-request-headers",
                    "content-type, idempotency-key",
                )
                .call(),
        )
    };
    let r = preflight(origin);
    assert!((200..300).contains(&r.status), "{}", r.status);
    assert_eq!(r.header("access-control-allow-origin"), Some(origin));
    let allowed = r
        .header("access-control-allow-headers")
        .unwrap_or("")
        .to_ascii_lowercase();
    assert!(allowed.contains("idempotency-key"), "{allowed}");
    assert!(allowed.contains("content-type"), "{allowed}");
    let methods = r.header("access-control-allow-methods").unwrap_or("");
    assert!(methods.contains("POST"), "{methods}");

    let r = preflight("https://evil.example");
    assert_eq!(r.header("access-control-allow-origin"), None);

    // The staff API's preflight is not held up by the token check.
    let r = support::Resp::from(
        server
            .agent()
            .options(server.api("v1/staff/items/x"))
            .header("origin", origin)
            .header("access-control-request-method", "PUT")
            .header(
                "access-control-request-headers",
                "authorization, content-type",
            )
            .call(),
    );
    assert!((200..300).contains(&r.status), "{}: {}", r.status, r.text());
    assert_eq!(r.header("access-control-allow-origin"), Some(origin));
    let allowed = r
        .header("access-control-allow-headers")
        .unwrap_or("")
        .to_ascii_lowercase();
    assert!(allowed.contains("authorization"), "{allowed}");
    assert!(
        r.header("access-control-allow-methods")
            .unwrap_or("")
            .contains("PUT"),
        "{:?}",
        r.header("access-control-allow-methods")
    );

    // The request itself: the browser may read Location and friends.
    let r = support::Resp::from(
        server
            .agent()
            .post(server.api("v1/feedback"))
            .header("origin", origin)
            .header("content-type", "application/json")
            .header("idempotency-key", unique("cors"))
            .send(
                &serde_json::to_vec(&opinion("qingxi-village", "从门户网站嵌入页提交的留言。"))
                    .unwrap()[..],
            ),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.header("access-control-allow-origin"), Some(origin));
    let exposed = r
        .header("access-control-expose-headers")
        .unwrap_or("")
        .to_ascii_lowercase();
    for header in ["location", "retry-after", "idempotent-replayed"] {
        assert!(exposed.contains(header), "{header} not in {exposed}");
    }
    let r = server.get_url(
        &server.api("v1/site.json"),
        &[("origin", "https://evil.example")],
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.header("access-control-allow-origin"), None);
}

#[test]
fn cors_read_any_lets_any_origin_read_the_public_api_but_not_write() {
    let listed = "https://portal.example";
    let server = Server::with(Options {
        cors_origin: Some(listed.to_owned()),
        extra_args: vec!["--cors-read-any".into()],
        ..Options::default()
    });
    let other = "https://county.example";
    let get = |path: &str| {
        support::Resp::from(
            server
                .agent()
                .get(server.api(path))
                .header("origin", other)
                .call(),
        )
    };
    let preflight = |path: &str, method: &str, from: &str| {
        support::Resp::from(
            server
                .agent()
                .options(server.api(path))
                .header("origin", from)
                .header("access-control-request-method", method)
                .call(),
        )
    };
    // Any origin reads the public API.
    let r = get("v1/site.json");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("access-control-allow-origin"), Some(other));
    let r = preflight("v1/orgs.json", "GET", other);
    assert_eq!(r.header("access-control-allow-origin"), Some(other));
    // It may not submit, and may not read the staff API.
    let r = preflight("v1/feedback", "POST", other);
    assert_eq!(r.header("access-control-allow-origin"), None);
    let r = preflight("v1/staff/feedback", "GET", other);
    assert_eq!(r.header("access-control-allow-origin"), None);
    // The listed origin still may.
    let r = preflight("v1/feedback", "POST", listed);
    assert_eq!(r.header("access-control-allow-origin"), Some(listed));

    // Without the flag, an unlisted origin reads nothing.
    let strict = Server::with(Options {
        cors_origin: Some(listed.to_owned()),
        ..Options::default()
    });
    let r = support::Resp::from(
        strict
            .agent()
            .get(strict.api("v1/site.json"))
            .header("origin", other)
            .call(),
    );
    assert_eq!(r.header("access-control-allow-origin"), None);
}

// 12. Staff publishing and revising items ------------------------------------

fn new_item(id: &str, org: &str, title: &str, audience: &str) -> Value {
    json!({
        "id": id,
        "org": org,
        "category": "decisions",
        "title": title,
        "summary": "测试用事项。",
        "body_html": "<p>测试用事项的正文。</p>",
        "kind": { "type": "ad_hoc" },
        "audience": audience,
        "published_at": now_rfc3339(),
    })
}

#[test]
fn staff_put_item_publishes_and_revises_with_a_note() {
    let server = Server::start();
    let id = "test-village-meeting";
    let item = new_item(
        id,
        "qingxi-village",
        "青溪村党支部关于召开党员大会的通知",
        "public",
    );
    let r = server.staff_put(&format!("v1/staff/items/{id}"), &json!({ "item": item }));
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.json()["id"], id);

    let r = server.get(&format!("v1/items/{id}.json"));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["title"], item["title"]);
    for list in ["v1/items.json", "v1/orgs/qingxi-village/items.json"] {
        let all = ids(&all_pages(&server, &server.api(list)));
        assert_eq!(all.iter().filter(|i| *i == id).count(), 1, "{list}");
    }
    let other = ids(&all_pages(
        &server,
        &server.api("v1/orgs/taoyuan-village/items.json"),
    ));
    assert!(!other.iter().any(|i| i == id));

    // Revising needs a note.
    let mut revised = item.clone();
    revised["title"] = json!("青溪村党支部关于召开党员大会的通知（更正）");
    let r = server.staff_put(&format!("v1/staff/items/{id}"), &json!({ "item": revised }));
    assert_field_problem(&r, "/note", "required");
    let r = server.staff_put(
        &format!("v1/staff/items/{id}"),
        &json!({ "item": revised, "note": "  " }),
    );
    assert_field_problem(&r, "/note", "required");
    let note = "更正会议地点";
    let r = server.staff_put(
        &format!("v1/staff/items/{id}"),
        &json!({ "item": revised, "note": note }),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let served = server.get(&format!("v1/items/{id}.json")).json();
    assert_eq!(served["title"], revised["title"]);
    let revisions = served["revisions"].as_array().unwrap();
    assert_eq!(revisions.len(), 1, "{served}");
    assert_eq!(revisions[0]["note"], note);
    parse_time(&revisions[0]["at"]);
    // A second revision is appended to the first.
    let r = server.staff_put(
        &format!("v1/staff/items/{id}"),
        &json!({ "item": revised, "note": "补充附件说明" }),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let served = server.get(&format!("v1/items/{id}.json")).json();
    let notes: Vec<&str> = served["revisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["note"].as_str().unwrap())
        .collect();
    assert_eq!(notes, [note, "补充附件说明"]);

    // Refusals name the field.
    let r = server.staff_put(
        "v1/staff/items/another-id",
        &json!({ "item": new_item(id, "qingxi-village", "错位的事项", "public") }),
    );
    assert_field_problem(&r, "/item/id", "id_mismatch");
    let r = server.staff_put(
        "v1/staff/items/orphan",
        &json!({ "item": new_item("orphan", "no-such-org", "没有组织的事项", "public") }),
    );
    assert_field_problem(&r, "/item/org", "unknown_org");
    server
        .staff_put(&format!("v1/staff/items/{id}"), &json!({ "note": "x" }))
        .problem(400, "bad-json");
}

#[test]
fn party_internal_items_are_never_served() {
    let server = Server::start();
    let id = "test-internal-minutes";
    let item = new_item(
        id,
        "town-organs",
        "机关党支部党内情况通报",
        "party_internal",
    );
    let r = server.staff_put(&format!("v1/staff/items/{id}"), &json!({ "item": item }));
    assert_eq!(r.status, 201, "{}", r.text());
    server
        .get(&format!("v1/items/{id}.json"))
        .problem(404, "not-found");
    for list in ["v1/items.json", "v1/orgs/town-organs/items.json"] {
        let all = ids(&all_pages(&server, &server.api(list)));
        assert!(!all.iter().any(|i| i == id), "{list}");
    }
    let mut request = opinion("town-organs", "关于这条党内事项的一条留言内容。");
    request["item"] = json!(id);
    assert_field_problem(
        &server.post("v1/feedback", &unique("internal"), &request),
        "/item",
        "unknown_item",
    );

    // A public item revised to party_internal leaves the board.
    let public_id = "test-public-then-internal";
    let mut public = new_item(public_id, "town-organs", "先公开后转为党内的事项", "public");
    let r = server.staff_put(
        &format!("v1/staff/items/{public_id}"),
        &json!({ "item": public }),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(
        server.get(&format!("v1/items/{public_id}.json")).status,
        200
    );
    public["audience"] = json!("party_internal");
    let r = server.staff_put(
        &format!("v1/staff/items/{public_id}"),
        &json!({ "item": public, "note": "改为党内公开" }),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    server
        .get(&format!("v1/items/{public_id}.json"))
        .problem(404, "not-found");
    let all = ids(&all_pages(
        &server,
        &server.api("v1/orgs/town-organs/items.json"),
    ));
    assert!(!all.iter().any(|i| i == public_id));
}

#[test]
fn staff_items_may_be_larger_than_submissions_but_not_unbounded() {
    let server = Server::start();
    let id = "test-large-item";
    let mut item = new_item(id, "qingxi-committee", "篇幅较长的事项", "public");
    // About 900 KB: over the 64 KiB of a submission, under an item's 1 MiB.
    item["body_html"] = json!(format!("<p>{}</p>", "长".repeat(300_000)));
    let r = server.staff_put(&format!("v1/staff/items/{id}"), &json!({ "item": item }));
    assert_eq!(r.status, 201, "{}", r.text());
    let served = server.get(&format!("v1/items/{id}.json"));
    assert_eq!(served.status, 200);
    assert_eq!(served.json()["body_html"], item["body_html"]);

    // One byte over 4 MiB (see the public limit's test for why exactly).
    let body = json_of_size(
        |pad| {
            let mut item = item.clone();
            item["body_html"] = json!(pad);
            json!({ "item": item, "note": "太长" })
        },
        4 * 1024 * 1024 + 1,
    );
    let r = support::Resp::from(
        server
            .agent()
            .put(server.api(&format!("v1/staff/items/{id}")))
            .header("content-type", "application/json")
            .header("authorization", format!("Bearer {TOKEN}"))
            .send(&body[..]),
    );
    r.problem(413, "payload-too-large");
}

// More than one page of public replies ----------------------------------------

#[test]
fn public_replies_page_by_next_newest_first() {
    let server = Server::start();
    let count = 23; // more than a page of 20
    let mut questions = Vec::new();
    for n in 0..count {
        let code = server.submit(&opinion(
            "taoyuan-village",
            &format!("第{n}条关于桃源村的留言内容。"),
        ));
        let question = format!("第{n}个公开的问题摘要");
        let r = server.staff_post(
            &format!("v1/staff/feedback/{code}/reply"),
            &json!({ "text": format!("第{n}条答复"), "public_question": question }),
        );
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(r.json()["reply"]["public"], true);
        questions.push(question);
    }
    let mut url = server.api("v1/orgs/taoyuan-village/replies.json");
    let mut seen = Vec::new();
    let mut pages = 0;
    loop {
        let r = server.get_url(&url, &[]);
        assert_eq!(r.status, 200, "{url}: {}", r.text());
        let page: ReplyPage = serde_json::from_slice(&r.body).expect("a ReplyPage");
        pages += 1;
        assert!(!page.replies.is_empty());
        seen.extend(page.replies.into_iter().map(|r| r.question));
        match page.next {
            Some(next) => url = resolve(&url, &next),
            None => break,
        }
        assert!(pages < 10, "`next` does not terminate");
    }
    assert_eq!(pages, 2);
    // Newest reply first: the reverse of the order they were made in (the
    // ids break ties within one second).
    questions.reverse();
    assert_eq!(seen, questions);
}

// The access log ----------------------------------------------------------------

#[test]
fn the_access_log_never_shows_a_tracking_code() {
    let server = Server::with(Options {
        quiet: false,
        ..Options::default()
    });
    let code = server.submit(&opinion("qingxi-village", "留言码不应出现在服务器日志里。"));
    assert_eq!(server.get(&format!("v1/feedback/{code}")).status, 200);
    let lower = code.replace('-', "").to_lowercase();
    assert_eq!(server.get(&format!("v1/feedback/{lower}")).status, 200);
    server
        .post(
            &format!("v1/feedback/{code}/rating"),
            &unique("rate"),
            &json!({ "rating": "satisfied" }),
        )
        .problem(409, "conflict");
    for action in ["start", "reply"] {
        let r = server.staff_post(
            &format!("v1/staff/feedback/{code}/{action}"),
            &json!({ "text": "已处理" }),
        );
        assert_eq!(r.status, 200, "{}", r.text());
    }
    assert_eq!(
        server
            .staff_get(&format!("v1/staff/feedback/{code}"))
            .status,
        200
    );
    // The log is written as the responses go out; give it a moment.
    let mut log = String::new();
    for _ in 0..50 {
        log = server.log();
        if log.matches("/api/v1/").count() >= 7 {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(log.contains("POST /api/v1/feedback 201"), "{log}");
    assert!(log.contains("GET /api/v1/feedback/… 200"), "{log}");
    assert!(log.contains("/api/v1/staff/feedback/…/reply 200"), "{log}");
    let upper = lower.to_uppercase();
    for secret in [code.as_str(), &lower, &upper, TOKEN] {
        assert!(!log.contains(secret), "{secret} in the log:\n{log}");
    }
}

#[test]
fn reads_carry_an_etag_and_answer_304_while_unchanged() {
    let server = Server::start();
    let url = server.api("v1/orgs/qingxi-village/items.json");
    let first = server.get_url(&url, &[]);
    assert_eq!(first.status, 200);
    let tag = first.header("etag").expect("an ETag").to_owned();

    let again = server.get_url(&url, &[("if-none-match", &tag)]);
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    assert_eq!(again.header("etag"), Some(tag.as_str()));
    // The tag is weak (one tag for every encoding of the JSON); a client
    // that sends it back without its `W/` is answered the same.
    let strong = tag.strip_prefix("W/").expect("a weak ETag");
    assert_eq!(
        server.get_url(&url, &[("if-none-match", strong)]).status,
        304
    );

    // A new item changes the list, so the old tag gets the new list.
    let id = "test-etag-notice";
    let item = new_item(id, "qingxi-village", "青溪村党支部公告", "public");
    let r = server.staff_put(&format!("v1/staff/items/{id}"), &json!({ "item": item }));
    assert_eq!(r.status, 201, "{}", r.text());
    let changed = server.get_url(&url, &[("if-none-match", &tag)]);
    assert_eq!(changed.status, 200);
    assert_ne!(changed.header("etag"), Some(tag.as_str()));
    assert!(ids(&changed.json()["items"].as_array().unwrap().clone()).contains(&id.to_owned()));

    // What the holder of a code reads, and what staff read, is never tagged
    // or kept.
    let code = server.submit(&json!({
        "kind": "inquiry", "org": "qingxi-village", "body": "请问党员活动日是哪一天？"
    }));
    let state = server.get(&format!("v1/feedback/{code}"));
    assert_eq!(state.header("cache-control"), Some("no-store"));
    assert_eq!(state.header("etag"), None);
    let staff = server.staff_get("v1/staff/feedback");
    assert_eq!(staff.header("cache-control"), Some("no-store"));
    assert_eq!(staff.header("etag"), None);
}

#[test]
fn staff_list_filters_and_refuses_unreadable_queries() {
    let server = Server::start();
    server.submit(&json!({
        "kind": "suggestion", "org": "taoyuan-village", "body": "建议村里增设夜间路灯。"
    }));
    let r = server.staff_get("v1/staff/feedback?status=received&org=taoyuan-village");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["submissions"].as_array().unwrap().len(), 1);
    let r = server.staff_get("v1/staff/feedback?status=closed");
    assert_eq!(r.json()["submissions"].as_array().unwrap().len(), 0);
    server
        .staff_get("v1/staff/feedback?status=received&status=closed")
        .problem(400, "bad-request");
    let r = server.staff_get("v1/staff/feedback?status=done");
    assert_field_problem(&r, "/status", "unknown_status");
}

// 12. Objections, reopened cases, short periods (issue 9) ---------------------

/// `now` in China, to the second, written as the contract wants it.
fn china_rfc3339(t: OffsetDateTime) -> String {
    t.to_offset(CHINA_OFFSET)
        .replace_nanosecond(0)
        .unwrap()
        .format(&Rfc3339)
        .unwrap()
}

/// The general reply deadline of something submitted now (10 working days).
fn general_due_from_now() -> time::Date {
    gongkai::domain::feedback::reply_due(
        OffsetDateTime::now_utc(),
        10,
        &gongkai::domain::calendar::WorkCalendar::builtin(),
    )
}

fn stdout_of(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "CLI failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn objection_to(item: &Value, body: &str) -> Value {
    json!({ "kind": "objection", "org": item["org"], "item": item["id"], "body": body })
}

#[test]
fn an_objection_is_due_by_the_last_day_of_the_publicity_period() {
    let server = Server::start();
    let item = server.get(&format!("v1/items/{OPEN_ITEM}.json")).json();
    let parsed: gongkai::api::Item = serde_json::from_value(item.clone()).unwrap();
    let last_day = gongkai::domain::period::end_date(&parsed.publicity.expect("a 公示"));
    // The demo's 3-day 任前公示 ends well before ten working days.
    assert!(last_day < general_due_from_now(), "{last_day}");

    let r = server.post(
        "v1/feedback",
        &unique("objection"),
        &objection_to(&item, "对公示对象的任职经历有不同意见，请核实。"),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let receipt: FeedbackReceipt = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(receipt.reply_due, last_day, "due when the 公示 ends");
    let state = server.get(&format!("v1/feedback/{}", receipt.code)).json();
    assert_eq!(state["reply_due"], last_day.to_string());
    let staff = server.staff_get(&format!("v1/staff/feedback/{}", receipt.code));
    assert_eq!(staff.json()["reply_due"], last_day.to_string());

    // An opinion on the same item keeps the general deadline.
    let mut opinion = objection_to(&item, "建议公示材料写明公示对象的工作分工。");
    opinion["kind"] = json!("opinion");
    let r = server.post("v1/feedback", &unique("opinion"), &opinion);
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.json()["reply_due"], general_due_from_now().to_string());
}

#[test]
fn an_ended_publicity_with_an_open_objection_is_under_review_until_staff_answer() {
    let server = Server::start();
    let id = "test-preappoint-review";
    let now = OffsetDateTime::now_utc();
    let today = china_date(now);
    let mut item = new_item(id, "qingxi-committee", "关于拟任人选的公示", "public");
    item["publicity"] = json!({
        "start": format!("{}T00:00:00+08:00", today.previous_day().unwrap()),
        "end": format!("{today}T23:59:59+08:00"),
    });
    // The flag is the server's to set: a PUT cannot set it.
    item["objections_under_review"] = json!(true);
    let r = server.staff_put(&format!("v1/staff/items/{id}"), &json!({ "item": item }));
    assert_eq!(r.status, 201, "{}", r.text());
    assert!(
        r.json().get("objections_under_review").is_none(),
        "{}",
        r.text()
    );

    let r = server.post(
        "v1/feedback",
        &unique("objection"),
        &objection_to(&item, "公示对象的任职时间与实际不符，请核实。"),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let code = r.json()["code"].as_str().unwrap().to_owned();
    assert_eq!(r.json()["reply_due"], today.to_string(), "the last day");

    let item_url = server.api(&format!("v1/items/{id}.json"));
    let flag = |v: &Value| v.get("objections_under_review").cloned();
    // While the 公示 runs there is nothing to show.
    assert_eq!(flag(&server.get_url(&item_url, &[]).json()), None);
    assert!(server.staff_get("v1/staff/objections").json()["items"]
        .as_array()
        .unwrap()
        .is_empty());

    // The 公示 closes (here by a correction that ends it a second ago).
    item.as_object_mut()
        .unwrap()
        .remove("objections_under_review");
    item["publicity"]["end"] = json!(china_rfc3339(
        OffsetDateTime::now_utc() - time::Duration::seconds(1)
    ));
    let r = server.staff_put(
        &format!("v1/staff/items/{id}"),
        &json!({ "item": item, "note": "更正公示截止时间" }),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(flag(&r.json()), Some(json!(true)), "{}", r.text());

    let under_review = server.get_url(&item_url, &[]);
    assert_eq!(under_review.status, 200);
    let served = under_review.json();
    assert_eq!(flag(&served), Some(json!(true)), "{served}");
    // It is a fact about the item, with nothing of the objection in it.
    let text = under_review.text();
    assert!(
        !text.contains(&code) && !text.contains("任职时间与实际不符"),
        "{text}"
    );
    let tag = under_review.header("etag").expect("an ETag").to_owned();
    for list in ["v1/items.json", "v1/orgs/qingxi-committee/items.json"] {
        let items = all_pages(&server, &server.api(list));
        let listed = items.iter().find(|i| i["id"] == id).expect("listed");
        assert_eq!(flag(listed), Some(json!(true)), "{list}");
        assert_eq!(
            items.iter().filter(|i| flag(i).is_some()).count(),
            1,
            "{list}: only this item"
        );
    }

    // Staff see it in their list and on the command line.
    let r = server.staff_get("v1/staff/objections");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("cache-control"), Some("no-store"));
    assert_eq!(
        r.json(),
        json!({ "items": [{
            "item": id, "org": "qingxi-committee", "title": "关于拟任人选的公示",
            "ended_on": today.to_string(), "open": [code],
        }]})
    );
    let out = stdout_of(&server.cli(&["objections"]));
    let lines: Vec<&str> = out.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 1, "{out}");
    assert!(
        lines[0].starts_with(id) && lines[0].contains(&code) && lines[0].contains("1条异议"),
        "{out}"
    );

    // In progress is still open; the reply settles it.
    let r = server.staff_post(&format!("v1/staff/feedback/{code}/start"), &json!({}));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        flag(&server.get_url(&item_url, &[]).json()),
        Some(json!(true))
    );
    let r = server.staff_post(
        &format!("v1/staff/feedback/{code}/reply"),
        &json!({ "text": "经核实，公示对象任职时间无误。" }),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let answered = server.get_url(&item_url, &[("if-none-match", &tag)]);
    assert_eq!(answered.status, 200, "the ETag changes with the flag");
    assert_eq!(flag(&answered.json()), None, "{}", answered.text());
    assert!(server.staff_get("v1/staff/objections").json()["items"]
        .as_array()
        .unwrap()
        .is_empty());
    assert_eq!(stdout_of(&server.cli(&["objections"])).trim(), "");
}

#[test]
fn a_publicity_period_shorter_than_the_minimum_needs_a_recorded_reason() {
    let server = Server::start();
    let id = "test-preappoint-short";
    let mut item = new_item(id, "qingxi-committee", "关于拟任人选的任前公示", "public");
    item["category"] = json!("cadre");
    // Wednesday 18 to Friday 20 November 2026: 3 working days, the rule is 5.
    item["publicity"] = json!({
        "start": "2026-11-18T00:00:00+08:00",
        "end": "2026-11-20T23:59:59+08:00",
    });
    let url = format!("v1/staff/items/{id}");

    for update in [
        json!({ "item": item }),
        json!({ "item": item, "publicity_override_reason": "  " }),
    ] {
        let r = server.staff_put(&url, &update);
        assert_field_problem(&r, "/item/publicity", "publicity_too_short");
        let detail = r.json()["errors"][0]["detail"].as_str().unwrap().to_owned();
        assert!(
            detail.contains("公示期为3个工作日，少于本类事项规定的5个工作日"),
            "{detail}"
        );
    }
    server
        .get(&format!("v1/items/{id}.json"))
        .problem(404, "not-found");
    let r = server.staff_put(
        &url,
        &json!({ "item": item, "publicity_override_reason": "原".repeat(301) }),
    );
    assert_field_problem(&r, "/publicity_override_reason", "too_long");

    let reason = "换届工作时间紧，经镇党委会议研究缩短公示期。";
    let r = server.staff_put(
        &url,
        &json!({ "item": item, "publicity_override_reason": format!(" {reason}\n") }),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    // Recorded for staff, not published.
    let staff = server.staff_get(&url);
    assert_eq!(staff.status, 200, "{}", staff.text());
    assert_eq!(staff.header("cache-control"), Some("no-store"));
    let staff = staff.json();
    assert_eq!(staff["item"]["id"], id);
    assert_eq!(staff["publicity_override"]["reason"], reason);
    assert_eq!(staff["publicity_override"]["working_days"], 3);
    assert_eq!(staff["publicity_override"]["required_working_days"], 5);
    parse_time(&staff["publicity_override"]["at"]);
    let public = server.get(&format!("v1/items/{id}.json"));
    assert_eq!(public.status, 200);
    assert!(!public.text().contains(reason), "{}", public.text());
    server
        .staff_get("v1/staff/items/no-such-item")
        .problem(404, "not-found");

    // Five working days (Wednesday to Tuesday) need no reason.
    let long_id = "test-preappoint-long";
    let mut long = item.clone();
    long["id"] = json!(long_id);
    long["publicity"]["end"] = json!("2026-11-24T23:59:59+08:00");
    let r = server.staff_put(
        &format!("v1/staff/items/{long_id}"),
        &json!({ "item": long }),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let staff = server
        .staff_get(&format!("v1/staff/items/{long_id}"))
        .json();
    assert!(staff.get("publicity_override").is_none(), "{staff}");

    // The command line: refused without the flag, recorded with it.
    let cli_id = "test-preappoint-cli";
    let mut short = item.clone();
    short["id"] = json!(cli_id);
    let file = server.db.with_file_name("short-item.json");
    std::fs::write(&file, serde_json::to_vec(&short).unwrap()).unwrap();
    let path = file.to_str().unwrap();
    let out = server.cli(&["put-item", path]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("公示期为3个工作日，少于本类事项规定的5个工作日")
            && stderr.contains("--publicity-override-reason"),
        "{stderr}"
    );
    let out = server.cli(&["put-item", path, "--publicity-override-reason", reason]);
    let stdout = stdout_of(&out);
    assert!(
        stdout.contains("published") && stdout.contains("原因已记录"),
        "{stdout}"
    );
    let shown = stdout_of(&server.cli(&["show-item", cli_id]));
    assert!(shown.contains(reason), "{shown}");
}

#[test]
fn reopening_a_case_sets_a_new_reply_deadline() {
    let server = Server::start();
    let item = server.get(&format!("v1/items/{OPEN_ITEM}.json")).json();
    let code = server.submit(&objection_to(
        &item,
        "公示对象的学历信息与本人了解的不一致。",
    ));
    let first_due = server.get(&format!("v1/feedback/{code}")).json()["reply_due"].clone();
    let r = server.staff_post(
        &format!("v1/staff/feedback/{code}/reply"),
        &json!({ "text": "经核实，公示对象学历信息无误。" }),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.json().get("reopen_count").is_none(), "{}", r.text());

    let r = server.post(
        &format!("v1/feedback/{code}/rating"),
        &unique("rate"),
        &json!({ "rating": "unsatisfied", "reason": "没有说明核实的依据。", "reopen": true }),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let new_due = general_due_from_now().to_string();
    assert_ne!(first_due, json!(new_due), "the objection was due earlier");
    assert_eq!(r.json()["reply_due"], new_due);
    assert_eq!(
        server.get(&format!("v1/feedback/{code}")).json()["reply_due"],
        new_due
    );
    let staff = server
        .staff_get(&format!("v1/staff/feedback/{code}"))
        .json();
    assert_eq!(staff["reply_due"], new_due);
    assert_eq!(staff["status"], "in_progress");
    assert_eq!(staff["reopen_count"], 1);
    assert_eq!(
        china_date(parse_time(&staff["reopened_at"])),
        china_date(OffsetDateTime::now_utc())
    );
    let out = stdout_of(&server.cli(&["list"]));
    let line = out.lines().find(|l| l.starts_with(&code)).expect("listed");
    assert!(
        line.contains(&format!("due {new_due}")) && line.contains("重新办理1次"),
        "{line}"
    );
}

#[test]
fn staff_see_ratings_and_cases_rated_unsatisfied_without_a_reopen() {
    let server = Server::start();
    let rated = |body: &str, rating: Value| {
        let code = server.submit(&opinion("qingxi-village", body));
        let r = server.staff_post(
            &format!("v1/staff/feedback/{code}/reply"),
            &json!({ "text": "已收到，正在研究落实。" }),
        );
        assert_eq!(r.status, 200, "{}", r.text());
        let r = server.post(
            &format!("v1/feedback/{code}/rating"),
            &unique("rate"),
            &rating,
        );
        assert_eq!(r.status, 200, "{}", r.text());
        code
    };
    let satisfied = rated(
        "建议在村委会门口设置公开栏。",
        json!({ "rating": "satisfied" }),
    );
    let unsatisfied = rated(
        "建议公开村级工程招标情况。",
        json!({ "rating": "unsatisfied", "reason": "答复太笼统，没有时间表。" }),
    );
    let reopened = rated(
        "建议每季度公布党费使用明细。",
        json!({ "rating": "unsatisfied", "reason": "仍未公布。", "reopen": true }),
    );
    let unrated = server.submit(&opinion("qingxi-village", "建议增加公开栏的照明。"));

    let out = stdout_of(&server.cli(&["list"]));
    let line = |code: &str| {
        out.lines()
            .find(|l| l.starts_with(code))
            .unwrap_or_else(|| panic!("{code} not in {out}"))
            .to_owned()
    };
    let l = line(&satisfied);
    assert!(l.contains("\t满意\t") && !l.contains("[!]"), "{l}");
    let l = line(&unsatisfied);
    assert!(
        l.contains("[!] 不满意：答复太笼统，没有时间表。") && l.contains("未重新办理"),
        "{l}"
    );
    let l = line(&reopened);
    assert!(
        l.contains("不满意：仍未公布。") && l.contains("重新办理1次") && !l.contains("[!]"),
        "{l}"
    );
    assert!(line(&unrated).contains("\t未评价\t"), "{}", line(&unrated));

    let out = stdout_of(&server.cli(&["list", "--unsatisfied"]));
    let listed: Vec<&str> = out.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(listed.len(), 1, "{out}");
    assert!(listed[0].starts_with(&unsatisfied), "{out}");

    let r = server.staff_get("v1/staff/feedback?unsatisfied=true");
    assert_eq!(r.status, 200, "{}", r.text());
    let only = r.json()["submissions"].as_array().unwrap().clone();
    assert_eq!(only.len(), 1, "{only:?}");
    assert_eq!(only[0]["code"], unsatisfied);
    assert_eq!(only[0]["rating"]["rating"], "unsatisfied");
    assert_eq!(only[0]["rating"]["reason"], "答复太笼统，没有时间表。");
    assert!(only[0].get("reopen_count").is_none());
    let all = server.staff_list();
    let of = |code: &str| all.iter().find(|c| c["code"] == code).unwrap().clone();
    assert_eq!(of(&reopened)["reopen_count"], 1);
    assert_eq!(of(&satisfied)["rating"]["rating"], "satisfied");
    server
        .staff_get("v1/staff/feedback?unsatisfied=maybe")
        .problem(400, "bad-request");
}
