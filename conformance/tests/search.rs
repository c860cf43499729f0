//! The checker against counted lists and a search endpoint (issue 11): a
//! backend whose `v1/search.json` follows the client's own rules passes;
//! one whose total, paging or matching is wrong fails, naming what.

mod support;

use std::sync::Arc;

use gongkai::api::{Item, ItemPage, SearchPage};
use gongkai::domain::calendar::WorkCalendar;
use gongkai::domain::filters::Filters;
use gongkai_conformance::{Config, Outcome, Report};
use serde_json::json;
use support::{Backend, Response};
use time::OffsetDateTime;

#[derive(Clone, Copy, PartialEq)]
enum Fault {
    None,
    /// `total` one more than the matches.
    TotalOffByOne,
    /// Every page starts at the first match.
    IgnoresOffset,
    /// A query with words finds nothing.
    FindsNothing,
}

/// Every item of the folder's `v1/items.json`, following `next`.
fn listed(backend: &Backend) -> Vec<Item> {
    let mut items = Vec::new();
    let mut rel = "v1/items.json".to_owned();
    loop {
        let page: ItemPage = serde_json::from_value(backend.read(&rel)).unwrap();
        items.extend(page.items);
        match page.next {
            None => return items,
            // `items/pages/2.json` from the first page, `3.json` after it.
            Some(next) if rel == "v1/items.json" => rel = format!("v1/{next}"),
            Some(next) => rel = format!("v1/items/pages/{next}"),
        }
    }
}

/// `v1/search.json` answered with the client's `Filters` over the listed
/// items, spoiled by `fault`.
fn search_service(items: Arc<Vec<Item>>, fault: Fault) -> support::Handler {
    Arc::new(move |request| {
        if request.path != "/v1/search.json" {
            return None;
        }
        let mut q = String::new();
        let (mut offset, mut limit) = (0usize, 20usize);
        for (key, value) in url::form_urlencoded::parse(request.query.as_bytes()) {
            match &*key {
                "q" => q = value.into_owned(),
                "offset" => offset = value.parse().unwrap_or(0),
                "limit" => limit = value.parse().unwrap_or(20),
                "kind" => {
                    let body = json!({"type": "urn:gongkai:problem:bad-parameter",
                                      "title": "查询参数有误", "status": 400});
                    return Some(Response {
                        status: 400,
                        content_type: "application/problem+json",
                        headers: Vec::new(),
                        body: body.to_string().into_bytes(),
                    });
                }
                _ => {}
            }
        }
        let filters = Filters {
            query: q.clone(),
            ..Filters::default()
        };
        let mut matches =
            filters.apply(&items, OffsetDateTime::now_utc(), &WorkCalendar::builtin());
        if fault == Fault::FindsNothing && !q.trim().is_empty() {
            matches.clear();
        }
        let total = matches.len() as u64 + u64::from(fault == Fault::TotalOffByOne);
        let start = if fault == Fault::IgnoresOffset {
            0
        } else {
            offset
        };
        let page = SearchPage {
            total,
            offset: offset as u64,
            items: matches
                .into_iter()
                .skip(start)
                .take(limit)
                .cloned()
                .collect(),
        };
        Some(Response {
            status: 200,
            content_type: "application/json",
            headers: Vec::new(),
            body: serde_json::to_vec(&page).unwrap(),
        })
    })
}

/// The demo, advertising a query endpoint, behind `fault`.
fn check(fault: Fault, change: impl FnOnce(&Backend)) -> Report {
    let backend = Backend::demo();
    backend.edit("v1/site.json", |site| {
        site["search"] = json!({"type": "query", "path": "v1/search.json"});
    });
    change(&backend);
    let items = Arc::new(listed(&backend));
    let base = backend.serve_handler(search_service(items, fault));
    let report = gongkai_conformance::run(&Config::new(&base).unwrap());
    drop(backend);
    report
}

fn outcome<'r>(report: &'r Report, name: &str) -> &'r gongkai_conformance::Check {
    report
        .checks
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no check {name}:\n{report}"))
}

#[track_caller]
fn assert_fails(report: &Report, name: &str, needle: &str) {
    let check = outcome(report, name);
    assert_eq!(check.outcome, Outcome::Fail, "{report}");
    assert!(check.detail.contains(needle), "{needle:?} in:\n{report}");
}

#[test]
fn a_search_endpoint_with_the_clients_rules_and_true_totals_passes() {
    let report = check(Fault::None, |_| {});
    assert_eq!(
        outcome(&report, "search.query").outcome,
        Outcome::Pass,
        "{report}"
    );
    assert_eq!(
        outcome(&report, "items.totals").outcome,
        Outcome::Pass,
        "{report}"
    );
    assert!(report.passed(), "{report}");
}

#[test]
fn a_total_that_is_not_the_count_fails() {
    let report = check(Fault::TotalOffByOne, |_| {});
    assert_fails(&report, "search.query", "but v1/items.json lists");
}

#[test]
fn pages_that_ignore_offset_fail() {
    let report = check(Fault::IgnoresOffset, |_| {});
    assert_fails(&report, "search.query", "offset=5");
}

#[test]
fn a_search_that_does_not_find_a_title_word_fails() {
    let report = check(Fault::FindsNothing, |_| {});
    assert_fails(&report, "search.query", "is not among");
}

#[test]
fn a_list_page_whose_total_is_not_the_walked_count_fails() {
    let report = check(Fault::None, |backend| {
        backend.edit("v1/items/pages/2.json", |page| {
            page["total"] = json!(page["total"].as_u64().unwrap() + 1);
        });
    });
    assert_fails(&report, "items.totals", "v1/items/pages/2.json");
}

#[test]
fn without_search_or_totals_the_checks_skip() {
    let backend = Backend::demo();
    // As a backend from before issue 11: no total on any page.
    for entry in walkdir(&backend.path("v1")) {
        if entry.extension().is_some_and(|e| e == "json") {
            let rel = entry
                .strip_prefix(backend.dir.path())
                .unwrap()
                .to_str()
                .unwrap()
                .to_owned();
            backend.edit(&rel, |doc| {
                if let Some(page) = doc.as_object_mut().filter(|d| d.contains_key("items")) {
                    page.remove("total");
                }
            });
        }
    }
    backend.edit("v1/site.json", |site| {
        site.as_object_mut().unwrap().remove("search");
    });
    let report = gongkai_conformance::run(&Config::new(&backend.serve()).unwrap());
    assert_eq!(
        outcome(&report, "search.query").outcome,
        Outcome::Skip,
        "{report}"
    );
    assert_eq!(
        outcome(&report, "items.totals").outcome,
        Outcome::Skip,
        "{report}"
    );
    assert!(report.passed(), "{report}");
}

/// Every file under `dir`.
fn walkdir(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walkdir(&path));
        } else {
            files.push(path);
        }
    }
    files
}
