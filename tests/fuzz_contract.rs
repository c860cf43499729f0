//! The contract's readers under fuzzing: the demo backend's documents,
//! mutated at random JSON paths (null, wrong types, empty, huge and odd
//! Unicode strings, bad and extreme dates, deep nesting, deleted and
//! repeated entries, truncated or spliced text), are read as every type
//! the app reads, and what parses goes through the domain rules the views
//! call on it. None of it may panic.
//!
//! `cargo test --test fuzz_contract` runs a small number of cases (from a
//! fixed seed, so a failure repeats); `scripts/fuzz-contract.sh` runs a
//! million in release mode. `GONGKAI_FUZZ_CASES` and `GONGKAI_FUZZ_SEED`
//! set both.
#![cfg(not(target_arch = "wasm32"))]

use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::time::Instant;

use gongkai::api::{
    CalendarYear, FeedbackState, Item, ItemKind, ItemPage, OrgList, ReplyPage, SearchPage, Site,
};
use gongkai::domain::calendar::WorkCalendar;
use gongkai::domain::covers::Covered;
use gongkai::domain::feedback::{can_rate, is_overdue, working_days_taken};
use gongkai::domain::filters::{belongs_to, group_by_category, Filters, StatusFilter};
use gongkai::domain::orgs::{has_children, subtree};
use gongkai::domain::period::{check_minimum, item_status};
use gongkai::domain::replies::{ReplyFilters, Timeliness};
use gongkai::domain::sanitize::{
    decode_entities, resolve_urls, safe_url, sanitize_to_html, HtmlNode, MAX_DEPTH,
};
use gongkai::domain::search::{highlight, html_to_text, item_matches, match_ranges};
use serde_json::{json, Value};
use time::{Date, Duration, OffsetDateTime};

/// splitmix64: small, fast and the same everywhere, so a seed repeats.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }

    fn pick<'a, T>(&mut self, from: &'a [T]) -> &'a T {
        &from[self.below(from.len())]
    }
}

/// Strings that have broken parsers before: empty, blank, control and
/// format characters, bidi overrides, combining marks, astral characters,
/// Traditional and mixed text, HTML and URL tricks.
const ODD: &[&str] = &[
    "",
    " ",
    "\u{0}",
    "\t\n\r",
    "\u{202E}反转\u{202C}",
    "\u{200B}\u{FEFF}",
    "e\u{301}\u{301}\u{301}",
    "𠮷𝕏😀👨‍👩‍👧",
    "黨務公開 党务公开 Party",
    "\u{FFFD}\u{FFFF}",
    "<script>alert(1)</script>",
    "<a href=\"javascript:alert(1)\">x</a><img src=x onerror=1>",
    "&#x6A;avascript&colon;x",
    "&#1114112;&#xD800;&amp&lt;&#;",
    "<table><tr><td colspan=99999999>",
    "<<<<>>>>\"'&",
    "javascript:alert(1)",
    "//evil.example/x",
    "../../../etc/passwd",
    "%00%2e%2e/",
    "2026-Q5",
    "2026-H0",
    "2026-13",
    "0000",
    "2026-q3",
    "Q",
    "-",
    "2026-",
    "二〇二六年第三季度",
];

/// Date-times and dates at and past the edges of what parses.
const DATES: &[&str] = &[
    "2026-11-20T09:00:00+08:00",
    "2026-02-30T09:00:00+08:00",
    "2026-11-20T24:00:00+08:00",
    "2026-11-20T23:59:60+08:00",
    "2026-11-20T09:00:00",
    "2026-11-20T09:00:00Z",
    "2026-11-20",
    "9999-12-31T23:59:59-23:59",
    "9999-12-31T23:59:59+00:00",
    "9999-12-31T16:00:00+00:00",
    "0000-01-01T00:00:00+23:59",
    "0000-01-01T00:00:00-00:01",
    "1900-01-01T00:00:00+08:00",
    "2026-11-20T09:00:00.999999999999+08:00",
    "2026-11-20T09:00:00+25:00",
    "9999-12-31",
    "0000-01-01",
    "2026-1-5",
    "",
];

const NUMBERS: &[f64] = &[0.0, -1.0, 1.5, 1e308, -1e308, 4294967296.0, 1e19];

/// Every node of `v`, as a JSON pointer.
fn pointers(v: &Value, at: &mut String, out: &mut Vec<String>) {
    out.push(at.clone());
    let len = at.len();
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                at.push('/');
                at.push_str(&k.replace('~', "~0").replace('/', "~1"));
                pointers(child, at, out);
                at.truncate(len);
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                at.push('/');
                at.push_str(&i.to_string());
                pointers(child, at, out);
                at.truncate(len);
            }
        }
        _ => {}
    }
}

fn huge(rng: &mut Rng) -> String {
    let unit = *rng.pick(&["党", "a", "𠮷", "<p>", "&amp;", " "]);
    unit.repeat(1 + rng.below(20_000))
}

fn nested(rng: &mut Rng, inner: Value) -> Value {
    let mut v = inner;
    for _ in 0..1 + rng.below(300) {
        v = if rng.chance(2) {
            json!([v])
        } else {
            json!({ "items": v })
        };
    }
    v
}

/// A value to put somewhere it does not belong (or does, oddly).
fn replacement(rng: &mut Rng, old: &Value, doc: &Value, nodes: &[String]) -> Value {
    match rng.below(12) {
        0 | 1 => Value::Null,
        2 => json!(*rng.pick(NUMBERS)),
        3 => json!(rng.below(3) == 0),
        4 => json!(*rng.pick(ODD)),
        5 => json!(*rng.pick(DATES)),
        6 => json!(huge(rng)),
        7 => json!([]),
        8 => json!({}),
        9 => nested(rng, old.clone()),
        10 => {
            // Another node's value: a type from elsewhere in the document.
            doc.pointer(rng.pick(nodes).as_str())
                .cloned()
                .unwrap_or(Value::Null)
        }
        _ => match old {
            Value::String(s) => {
                // Cut a string short, or add to it.
                let chars: Vec<char> = s.chars().collect();
                let cut: String = chars[..rng.below(chars.len() + 1)].iter().collect();
                json!(format!("{cut}{}", rng.pick(ODD)))
            }
            Value::Number(_) => json!(-(rng.below(1000) as i64)),
            _ => Value::Null,
        },
    }
}

/// One to four changes at random places in `doc`.
fn mutate(rng: &mut Rng, doc: &mut Value) {
    for _ in 0..1 + rng.below(4) {
        let mut nodes = Vec::new();
        pointers(doc, &mut String::new(), &mut nodes);
        let at = rng.pick(&nodes).clone();
        let (parent, key) = match at.rfind('/') {
            Some(i) => (
                at[..i].to_owned(),
                at[i + 1..].replace("~1", "/").replace("~0", "~"),
            ),
            None => (String::new(), String::new()),
        };
        match rng.below(8) {
            // Leave out a field or an entry.
            0 if !at.is_empty() => match doc.pointer_mut(&parent) {
                Some(Value::Object(m)) => drop(m.remove(&key)),
                Some(Value::Array(a)) => {
                    if let Ok(i) = key.parse::<usize>() {
                        if i < a.len() {
                            a.remove(i);
                        }
                    }
                }
                _ => {}
            },
            // Repeat an entry (the same id twice).
            1 if !at.is_empty() => {
                if let (Some(copy), Some(Value::Array(a))) =
                    (doc.pointer(&at).cloned(), doc.pointer_mut(&parent))
                {
                    a.push(copy);
                }
            }
            // A field the contract does not know.
            2 => {
                if let Some(Value::Object(m)) = doc.pointer_mut(&at) {
                    m.insert((*rng.pick(ODD)).to_owned(), json!(rng.pick(ODD)));
                }
            }
            _ => {
                let old = doc.pointer(&at).cloned().unwrap_or(Value::Null);
                let new = replacement(rng, &old, doc, &nodes);
                if let Some(slot) = doc.pointer_mut(&at) {
                    *slot = new;
                }
            }
        }
    }
}

/// The text sent: the mutated document, sometimes cut short or with a
/// character spliced in (so no longer JSON, or JSON of another shape).
fn text_of(rng: &mut Rng, doc: &Value) -> String {
    let mut text = doc.to_string();
    match rng.below(10) {
        0 => {
            let mut cut = rng.below(text.len() + 1);
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text.truncate(cut);
        }
        1 => {
            let mut at = rng.below(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let c = *rng.pick(&['"', '{', '}', '[', ']', ',', ':', '\\', '\u{0}', '党', 'n']);
            text.insert(at, c);
        }
        _ => {}
    }
    text
}

/// Moments to ask about: fixed ones across the demo's dates, and ones
/// near the edges of the representable range.
fn nows() -> Vec<OffsetDateTime> {
    let base = time::macros::datetime!(2026-11-22 10:00 +8);
    vec![
        base,
        base - Duration::days(400),
        time::macros::datetime!(9999-12-31 23:59:59 +8),
        time::macros::datetime!(-9999-01-01 00:00 +8),
    ]
}

/// Counts of what parsed, to show the readers' rules were reached.
#[derive(Default)]
struct Reached {
    parsed: [u64; 9],
    items: u64,
}

const READERS: [&str; 9] = [
    "Site",
    "OrgList",
    "ItemPage",
    "Item",
    "CalendarYear",
    "ReplyPage",
    "FeedbackState",
    "SearchPage",
    "ItemPage entries skipped",
];

struct Env {
    cal: WorkCalendar,
    nows: Vec<OffsetDateTime>,
    site: Site,
}

/// The sanitiser's input as the browser would hand it over (natively there
/// is no HTML parser): the item's strings as tags, attributes and text.
fn html_nodes(item: &Item, depth: usize) -> Vec<HtmlNode> {
    let url = item
        .attachments
        .first()
        .map(|a| a.url.as_str())
        .unwrap_or(&item.summary);
    let mut nodes = vec![
        HtmlNode::element(
            "p",
            &[("class", &item.org)],
            vec![HtmlNode::text(&item.summary)],
        ),
        HtmlNode::element(
            "a",
            &[("href", url), ("title", &item.title)],
            vec![HtmlNode::text(&item.title)],
        ),
        HtmlNode::element(
            "img",
            &[("src", &item.body_html), ("width", &item.id)],
            vec![],
        ),
        HtmlNode::element(
            "table",
            &[],
            vec![
                HtmlNode::element("caption", &[], vec![HtmlNode::text(&item.title)]),
                HtmlNode::element(
                    "td",
                    &[("colspan", &item.summary), ("rowspan", "3")],
                    vec![HtmlNode::text(&item.body_html)],
                ),
            ],
        ),
        HtmlNode::element(
            &item.category,
            &[(&item.org, &item.title)],
            vec![HtmlNode::text(&item.body_html)],
        ),
    ];
    let mut deep = HtmlNode::text(&item.title);
    for _ in 0..depth {
        deep = HtmlNode::element("div", &[], vec![deep]);
    }
    nodes.push(deep);
    nodes
}

fn exercise_items(env: &Env, items: &[Item], query: &str, rng: &mut Rng) {
    for item in items {
        for &now in &env.nows {
            let _ = item_status(item, now, &env.cal);
        }
        if let Some(p) = &item.publicity {
            let _ = gongkai::i18n::format_datetime(p.end);
            let _ = item_status(item, p.start, &env.cal);
            let _ = item_status(item, p.end, &env.cal);
            for c in &env.site.catalogue {
                if let Some(min) = c.min_publicity_working_days {
                    let _ = check_minimum(p, min, &env.cal);
                }
            }
        }
        let _ = belongs_to(item);
        let _ = gongkai::i18n::format_datetime(item.published_at);
        let _ = gongkai::i18n::format_day(item.published_at);
        let _ = gongkai::i18n::iso_day(item.published_at);
        if let ItemKind::Regular {
            covers: Some(c), ..
        } = &item.kind
        {
            if let Some(c) = Covered::parse(c) {
                let _ = c.months();
                for q in 1..=4 {
                    let _ = c.touches_quarter(q);
                }
            }
        }
        let text = html_to_text(&item.body_html);
        let _ = highlight(&item.title, query);
        let _ = highlight(&item.summary, query);
        let _ = highlight(&text, query);
        let _ = match_ranges(&text, query);
        let _ = item_matches(item, query);
        for a in &item.attachments {
            let _ = safe_url(&a.url);
        }
        let _ = decode_entities(&item.body_html);
        let mut nodes = html_nodes(item, rng.below(MAX_DEPTH + 8));
        resolve_urls(&mut nodes, &|u| safe_url(u));
        let _ = sanitize_to_html(&nodes, "表格");
    }
    let first = items.first();
    let filters = Filters {
        category: first.map(|i| i.category.clone()),
        status: Some(*rng.pick(&[
            StatusFilter::Upcoming,
            StatusFilter::Open,
            StatusFilter::Ended,
        ])),
        year: first.map(|i| belongs_to(i).0),
        quarter: Some(1 + rng.below(4) as u8),
        query: query.to_owned(),
        ..Filters::default()
    };
    let now = *rng.pick(&env.nows);
    let passed = filters.apply(items, now, &env.cal);
    let _ = group_by_category(&passed, &env.site.catalogue);
}

/// A query for this case: a piece of some text of the document, or an
/// odd string.
fn query_for(rng: &mut Rng, doc: &Value) -> String {
    if rng.chance(3) {
        return (*rng.pick(ODD)).to_owned();
    }
    let mut nodes = Vec::new();
    pointers(doc, &mut String::new(), &mut nodes);
    for _ in 0..8 {
        if let Some(Value::String(s)) = doc.pointer(rng.pick(&nodes).as_str()) {
            let chars: Vec<char> = s.chars().collect();
            let from = rng.below(chars.len() + 1);
            let to = (from + 1 + rng.below(6)).min(chars.len());
            return chars[from..to.max(from)].iter().collect();
        }
    }
    String::new()
}

/// Reads `text` as every type the app reads and runs the rules on what
/// parsed.
fn read_everything(env: &Env, text: &str, query: &str, rng: &mut Rng, reached: &mut Reached) {
    if let Ok(site) = serde_json::from_str::<Site>(text) {
        reached.parsed[0] += 1;
        let env = Env {
            cal: WorkCalendar::builtin(),
            nows: env.nows.clone(),
            site,
        };
        let _ = group_by_category(&[], &env.site.catalogue);
    }
    if let Ok(orgs) = serde_json::from_str::<OrgList>(text) {
        reached.parsed[1] += 1;
        let list = &orgs.organisations;
        for root in list.iter().map(|o| o.id.as_str()).chain([query, ""]) {
            let _ = subtree(list, root);
            let _ = has_children(list, root);
        }
    }
    if let Ok(page) = serde_json::from_str::<ItemPage>(text) {
        reached.parsed[2] += 1;
        reached.parsed[8] += page.skipped.len() as u64;
        reached.items += page.items.len() as u64;
        exercise_items(env, &page.items, query, rng);
    }
    if let Ok(item) = serde_json::from_str::<Item>(text) {
        reached.parsed[3] += 1;
        exercise_items(env, std::slice::from_ref(&item), query, rng);
    }
    if let Ok(year) = serde_json::from_str::<CalendarYear>(text) {
        reached.parsed[4] += 1;
        let cal = WorkCalendar::builtin().with_years(std::slice::from_ref(&year));
        let days: Vec<Date> = year
            .holidays
            .iter()
            .chain(&year.workdays)
            .map(|d| d.date)
            .chain([Date::MIN, Date::MAX])
            .collect();
        for &d in &days {
            let _ = cal.is_working_day(d);
            let _ = cal.day_name(d);
            let _ = cal.add_working_days(d, 7);
            let _ = cal.working_days_between(d, days[0]);
            let _ = cal.working_days_between(Date::MIN, d);
        }
        let _ = cal.has_year(year.year);
        let with_cal = Env {
            cal,
            nows: env.nows.clone(),
            site: env.site.clone(),
        };
        let sample: Vec<Item> = Vec::new();
        exercise_items(&with_cal, &sample, query, rng);
    }
    if let Ok(page) = serde_json::from_str::<ReplyPage>(text) {
        reached.parsed[5] += 1;
        let kinds: Vec<_> = page.replies.iter().map(|r| r.kind).collect();
        for r in &page.replies {
            let filters = ReplyFilters {
                kind: Some(r.kind),
                status: Some(r.status),
            }
            .offered(&kinds);
            let _ = filters.apply(&page.replies);
            let _ = Timeliness::of(r);
            let _ = working_days_taken(r.submitted_on, r.replied_on, &env.cal);
            let _ = highlight(&r.question, query);
        }
        let _ = ReplyFilters::default().apply(&page.replies);
    }
    if let Ok(state) = serde_json::from_str::<FeedbackState>(text) {
        reached.parsed[6] += 1;
        for &now in &env.nows {
            let today = gongkai::domain::clock::china_date(now);
            let _ = is_overdue(state.status, state.reply_due, today);
        }
        let _ = can_rate(state.status, state.reply.is_some(), state.rating.is_some());
        let _ = gongkai::domain::clock::china_date(state.submitted_at);
    }
    if let Ok(page) = serde_json::from_str::<SearchPage>(text) {
        reached.parsed[7] += 1;
        exercise_items(env, &page.items, query, rng);
    }
}

/// The demo's documents (and write-side samples) to mutate.
fn corpus(dir: &Path) -> Vec<Value> {
    let today = gongkai_demo::parse_date("2026-11-22").unwrap();
    gongkai_demo::Demo::build(today)
        .and_then(|demo| demo.write(dir))
        .expect("the demo builds and writes");
    let read = |rel: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(dir.join(rel)).unwrap()).unwrap()
    };
    // Pages and calendars cut short: a few entries show every shape, and
    // each case costs less, so a million of them run in minutes.
    let short = |mut doc: Value, keys: &[&str]| {
        for key in keys {
            doc[*key].as_array_mut().unwrap().truncate(4);
        }
        doc
    };
    let mut docs = vec![
        read("v1/site.json"),
        read("v1/orgs.json"),
        short(read("v1/items.json"), &["items"]),
        short(read("v1/items/pages/2.json"), &["items"]),
        short(read("v1/calendar/2026.json"), &["holidays", "workdays"]),
    ];
    for id in [
        "dues-qingxi-village-2026-q3",
        "practical-qingxi-village-road",
        "recruitment-taoyuan-probationary",
        "rules-disclosure-measures",
        "cadre-preappoint-zhou",
    ] {
        docs.push(read(&format!("v1/items/{id}.json")));
    }
    let at = "2026-11-22T16:14:23+08:00";
    docs.push(json!({
        "code": "6J8N-R0CH-4HY9", "kind": "objection", "org": "qingxi-committee",
        "item": "cadre-preappoint-zhou", "status": "replied", "body": "公示对象任职经历的时间有误。",
        "submitted_at": at, "reply_due": "2026-12-04",
        "reply": { "text": "经核实，材料无误。", "replied_at": at, "public": true },
        "rating": { "rating": "unsatisfied", "reason": "没有说明依据", "rated_at": at }
    }));
    docs.push(json!({ "replies": [
        { "id": "r1", "kind": "objection", "org": "qingxi-committee", "item": "cadre-preappoint-zhou",
          "question": "群众对任职经历提出异议。", "reply": "经核实，材料无误。", "status": "replied",
          "submitted_on": "2026-11-22", "reply_due": "2026-12-04", "replied_on": "2026-11-23",
          "working_days_taken": 1, "rating": "satisfied" },
        { "id": "r2", "kind": "inquiry", "org": "qingxi-committee", "question": "党费标准？",
          "reply": "按规定。", "status": "closed", "submitted_on": "2026-10-09", "reply_due": "2026-10-23",
          "replied_on": "2026-10-30", "working_days_taken": 15 }
    ], "next": "replies/pages/2.json" }));
    docs
}

/// The result of a run.
struct Run {
    cases: u64,
    panics: Vec<(u64, String, String)>,
    reached: Reached,
    seconds: f64,
}

fn run(seed: u64, cases: u64) -> Run {
    let dir = tempfile::Builder::new()
        .prefix("gongkai-fuzz-")
        .tempdir()
        .unwrap();
    let docs = corpus(dir.path());
    let site: Site = serde_json::from_value(docs[0].clone()).unwrap();
    let env = Env {
        cal: WorkCalendar::builtin(),
        nows: nows(),
        site,
    };
    // The originals parse and reach the rules.
    let mut reached = Reached::default();
    for doc in &docs {
        read_everything(&env, &doc.to_string(), "党费", &mut Rng(seed), &mut reached);
    }
    assert!(
        reached.parsed[..8].iter().all(|&n| n > 0),
        "{:?}",
        reached.parsed
    );

    let hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let started = Instant::now();
    let mut panics = Vec::new();
    let mut reached = Reached::default();
    for case in 0..cases {
        // Each case from its own seed, so that one can be run again alone.
        let mut rng = Rng(seed ^ case.wrapping_mul(0xA24B_AED4_963E_E407));
        let mut doc = rng.pick(&docs).clone();
        mutate(&mut rng, &mut doc);
        let text = text_of(&mut rng, &doc);
        let query = query_for(&mut rng, &doc);
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
            read_everything(&env, &text, &query, &mut rng, &mut reached)
        }));
        if let Err(e) = outcome {
            let message = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            let shown: String = text.chars().take(600).collect();
            panics.push((case, message, shown));
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    panic::set_hook(hook);
    Run {
        cases,
        panics,
        reached,
        seconds,
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn the_contract_readers_never_panic_on_mutated_demo_json() {
    let seed = env_number("GONGKAI_FUZZ_SEED", 0x676F_6E67_6B61_6931);
    let cases = env_number("GONGKAI_FUZZ_CASES", 400);
    let run = run(seed, cases);
    println!(
        "fuzz: {} cases from seed {seed:#x} in {:.1} s ({:.0} cases/s), {} panics",
        run.cases,
        run.seconds,
        run.cases as f64 / run.seconds,
        run.panics.len()
    );
    for (name, n) in READERS.iter().zip(run.reached.parsed) {
        println!("fuzz:   {name}: {n}");
    }
    println!("fuzz:   items through the rules: {}", run.reached.items);
    let shown: Vec<String> = run
        .panics
        .iter()
        .take(5)
        .map(|(case, message, text)| format!("case {case}: {message}\n    input: {text}"))
        .collect();
    assert!(
        run.panics.is_empty(),
        "{} of {} cases panicked:\n  {}",
        run.panics.len(),
        run.cases,
        shown.join("\n  ")
    );
}
