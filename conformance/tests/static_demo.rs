//! The checker against the static demo over real HTTP: the demo conforms,
//! and each deliberately broken copy fails the check that covers it.

mod support;

use gongkai_conformance::{run, Config, Outcome, Report, Spec, BUNDLED_SPEC};
use serde_json::{json, Value};
use support::Backend;

const READ_CHECKS: &[&str] = &[
    "site",
    "orgs",
    "orgs.tree",
    "items.list",
    "items.org-lists",
    "items.detail",
    "items.superseded",
    "items.not-found",
    "attachments",
    "content-type",
];

fn check(base: &str) -> Report {
    run(&Config::new(base).expect("a base URL"))
}

fn outcome(report: &Report, name: &str) -> Outcome {
    report
        .check(name)
        .unwrap_or_else(|| panic!("no check {name} in\n{report}"))
        .outcome
}

fn detail<'a>(report: &'a Report, name: &str) -> &'a str {
    &report.check(name).unwrap().detail
}

/// `name` failed, with a reason containing `needle`, and so did the run.
fn assert_fails(report: &Report, name: &str, needle: &str) {
    assert_eq!(outcome(report, name), Outcome::Fail, "{report}");
    assert!(
        detail(report, name).contains(needle),
        "{name}: {needle:?} not in the reason:\n{report}"
    );
    assert!(!report.passed());
    assert_eq!(report.exit_code(), 1);
}

#[test]
fn the_demo_passes_every_read_check_and_skips_the_write_side() {
    let backend = Backend::demo();
    let report = check(&backend.serve());
    for name in READ_CHECKS {
        assert_eq!(outcome(&report, name), Outcome::Pass, "{name}:\n{report}");
    }
    let calendars: Vec<_> = report
        .checks
        .iter()
        .filter(|c| c.name.starts_with("calendar."))
        .collect();
    assert_eq!(calendars.len(), 2, "{report}");
    assert!(calendars.iter().all(|c| c.outcome == Outcome::Pass));
    assert_eq!(outcome(&report, "write"), Outcome::Skip);
    assert!(detail(&report, "write").contains("does not claim the write side"));
    assert!(report.checks.iter().all(|c| c.outcome != Outcome::Warn));
    assert!(report.passed());
    assert_eq!(report.exit_code(), 0);
    assert!(report.to_string().ends_with("符合 conforms"), "{report}");
}

#[test]
fn an_item_without_its_title_fails_the_item_check_with_a_pointer() {
    let backend = Backend::demo();
    let id = backend.some_item();
    backend.edit(&format!("v1/items/{id}.json"), |item| {
        item.as_object_mut().unwrap().remove("title");
    });
    let report = check(&backend.serve());
    assert_fails(
        &report,
        "items.detail",
        &format!("v1/items/{id}.json at \"\""),
    );
    assert!(detail(&report, "items.detail").contains("\"title\""));
    // The lists still carry the title.
    assert_eq!(outcome(&report, "items.list"), Outcome::Pass, "{report}");
}

#[test]
fn a_next_link_back_to_the_first_page_fails_paging() {
    let backend = Backend::demo();
    // Follow the demo's own pages to the last one and point it back.
    let mut last = "v1/items.json".to_owned();
    while let Some(next) = backend.read(&last)["next"].as_str() {
        last = match last.as_str() {
            "v1/items.json" => format!("v1/{next}"),
            _ => format!("v1/items/pages/{next}"),
        };
    }
    assert_ne!(last, "v1/items.json", "the demo has several pages");
    backend.edit(&last, |page| page["next"] = json!("../../items.json"));
    let report = check(&backend.serve());
    assert_fails(&report, "items.list", "loops");
    let reason = detail(&report, "items.list");
    assert!(
        reason.contains(&format!(
            "v1/items.json (next of {}",
            backend_url(&report, &last)
        )),
        "{report}"
    );
}

#[test]
fn an_org_with_a_dangling_parent_fails_the_tree() {
    let backend = Backend::demo();
    backend.edit("v1/orgs.json", |orgs| {
        let list = orgs["organisations"].as_array_mut().unwrap();
        let child = list.iter_mut().find(|o| o["parent"].is_string()).unwrap();
        child["parent"] = json!("no-such-org");
    });
    let report = check(&backend.serve());
    assert_fails(
        &report,
        "orgs.tree",
        "parent no-such-org, which is not in the list",
    );
    assert_eq!(
        outcome(&report, "orgs"),
        Outcome::Pass,
        "the schema allows it"
    );
}

#[test]
fn a_cycle_of_parents_fails_the_tree() {
    let backend = Backend::demo();
    let site = backend.read("v1/site.json");
    let root = site["root_org"].as_str().unwrap().to_owned();
    backend.edit("v1/orgs.json", |orgs| {
        let list = orgs["organisations"].as_array_mut().unwrap();
        let child = list
            .iter()
            .find(|o| o["parent"] == root.as_str())
            .map(|o| o["id"].clone())
            .unwrap();
        let root_org = list.iter_mut().find(|o| o["id"] == root.as_str()).unwrap();
        root_org["parent"] = child;
    });
    let report = check(&backend.serve());
    assert_fails(&report, "orgs.tree", "following parent loops");
    assert!(detail(&report, "orgs.tree").contains(&format!("root_org {root} has parent")));
}

#[test]
fn a_listed_item_that_is_not_served_fails_the_item_check() {
    let backend = Backend::demo();
    let id = backend.some_item();
    std::fs::remove_file(backend.path(&format!("v1/items/{id}.json"))).unwrap();
    let report = check(&backend.serve());
    assert_fails(
        &report,
        "items.detail",
        &format!("v1/items/{id}.json: HTTP 404"),
    );
}

#[test]
fn an_item_in_the_wrong_org_list_fails_the_org_lists() {
    let backend = Backend::demo();
    let orgs = backend.read("v1/orgs.json");
    let ids: Vec<&str> = orgs["organisations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    // Copy the first item of one org's list into the list of another.
    let (from, page) = ids
        .iter()
        .find_map(|org| {
            let page = backend.read(&format!("v1/orgs/{org}/items.json"));
            (!page["items"].as_array().unwrap().is_empty()).then_some((*org, page))
        })
        .unwrap();
    let to = ids.iter().find(|o| **o != from).unwrap();
    let item = page["items"][0].clone();
    backend.edit(&format!("v1/orgs/{to}/items.json"), |list| {
        list["items"].as_array_mut().unwrap().insert(0, item);
    });
    let report = check(&backend.serve());
    assert_fails(
        &report,
        "items.org-lists",
        &format!("an item of {from} in the list of {to}"),
    );
}

#[test]
fn an_attachment_of_the_wrong_size_fails() {
    let backend = Backend::demo();
    let (id, _) = items_with(&backend, |item| {
        item["attachments"]
            .as_array()
            .is_some_and(|a| !a.is_empty())
    });
    backend.edit(&format!("v1/items/{id}.json"), |item| {
        let size = item["attachments"][0]["size"].as_u64().unwrap_or(0);
        item["attachments"][0]["size"] = json!(size + 1);
    });
    let report = check(&backend.serve());
    assert_fails(&report, "attachments", "bytes (Content-Length)");
}

#[test]
fn json_served_as_text_plain_is_a_warning_not_a_failure() {
    let backend = Backend::demo();
    let report = check(&backend.serve_with("text/plain"));
    assert_eq!(outcome(&report, "content-type"), Outcome::Warn, "{report}");
    assert!(detail(&report, "content-type").contains("Content-Type text/plain"));
    assert!(report.passed(), "{report}");
}

#[test]
fn a_calendar_for_the_wrong_year_fails() {
    let backend = Backend::demo();
    let year = gongkai::domain::clock::china_date(time::OffsetDateTime::now_utc()).year();
    std::fs::create_dir_all(backend.path("v1/calendar")).unwrap();
    backend.write(
        &format!("v1/calendar/{}.json", year + 1),
        &json!({ "year": year, "holidays": [] }),
    );
    let report = check(&backend.serve());
    assert_fails(&report, &format!("calendar.{}", year + 1), "at \"/year\"");
}

#[test]
fn a_missing_schema_is_named() {
    let backend = Backend::demo();
    // Rename the Item schema (the references to it break too).
    let text = BUNDLED_SPEC.replace("\n    Item:\n", "\n    ItemRenamed:\n");
    let mut config = Config::new(&backend.serve()).unwrap();
    config.spec = Spec::parse(&text).unwrap();
    let report = run(&config);
    assert_fails(&report, "items.detail", "schema Item missing from the spec");
}

#[test]
fn a_claimed_write_side_is_skipped_without_the_write_flag() {
    let backend = Backend::demo();
    claim_feedback(&backend);
    let report = check(&backend.serve());
    assert_eq!(
        outcome(&report, "feedback.service"),
        Outcome::Pass,
        "{report}"
    );
    assert_eq!(outcome(&report, "write"), Outcome::Skip);
    assert!(detail(&report, "write").contains("pass --write"));
    assert!(report.check("feedback.submit").is_none());
    assert!(report.passed());
}

#[test]
fn a_static_host_that_claims_the_write_side_fails_it() {
    let backend = Backend::demo();
    claim_feedback(&backend);
    let mut config = Config::new(&backend.serve()).unwrap();
    config.write = true;
    let report = run(&config);
    // The file host answers 405 to every POST and 404 to the feedback GETs.
    assert_fails(&report, "feedback.no-key", "HTTP 405, expected 400");
    assert_fails(&report, "feedback.submit", "HTTP 405, expected 201");
    assert_eq!(outcome(&report, "feedback.read-back"), Outcome::Skip);
    assert_fails(&report, "feedback.unknown", "Content-Type text/plain");
    assert_fails(&report, "feedback.replies", "HTTP 404, expected 200");
}

/// `rel` under the checked base URL.
fn backend_url(report: &Report, rel: &str) -> String {
    format!("{}{rel}", report.base)
}

fn claim_feedback(backend: &Backend) {
    backend.edit("v1/site.json", |site| {
        site["feedback"] = json!({
            "kinds": ["suggestion", "opinion", "objection", "inquiry", "complaint"],
            "reply_working_days": 10,
        });
    });
}

/// The first item of `v1/items.json`'s first page matching `pred`, with the
/// file of its full version.
fn items_with(backend: &Backend, pred: impl Fn(&Value) -> bool) -> (String, Value) {
    let mut page = "v1/items.json".to_owned();
    loop {
        let list = backend.read(&page);
        for entry in list["items"].as_array().unwrap() {
            let id = entry["id"].as_str().unwrap();
            let item = backend.read(&format!("v1/items/{id}.json"));
            if pred(&item) {
                return (id.to_owned(), item);
            }
        }
        page = match list["next"].as_str() {
            Some(next) if page == "v1/items.json" => format!("v1/{next}"),
            Some(next) => format!("v1/items/pages/{next}"),
            None => panic!("no such item in the demo"),
        };
    }
}
