//! A list entry the app cannot read: the checker names it by its JSON
//! pointer, page by page, and goes on checking the rest of the list.

mod support;

use gongkai_conformance::{run, Config, Outcome};
use serde_json::json;
use support::Backend;

#[test]
fn each_unreadable_entry_is_reported_with_its_json_pointer_and_the_rest_checked() {
    let backend = Backend::demo();
    let pages = ["v1/items.json", "v1/items/pages/3.json"];
    let total: usize = {
        let mut n = 0;
        let mut page = backend.read("v1/items.json");
        let mut at = "v1/items.json".to_owned();
        loop {
            n += page["items"].as_array().unwrap().len();
            match page["next"].as_str() {
                Some(next) if at == "v1/items.json" => at = format!("v1/{next}"),
                Some(next) => at = format!("v1/items/pages/{next}"),
                None => break n,
            }
            page = backend.read(&at);
        }
    };
    assert!(
        backend.path(pages[1]).is_file(),
        "the demo has a third page"
    );
    backend.edit(pages[0], |page| page["items"][2]["summary"] = json!(5));
    backend.edit(pages[1], |page| {
        page["items"][7]["published_at"] = json!(20261120);
    });
    let report = run(&Config::new(&backend.serve()).unwrap());
    let list = report.check("items.list").unwrap();
    assert_eq!(list.outcome, Outcome::Fail, "{report}");
    let base = &report.base;
    for needle in [
        format!(
            "{base}v1/items.json#/items/2/summary: invalid type: integer `5`, expected a string"
        ),
        format!(
            "{base}v1/items/pages/3.json#/items/7/published_at: invalid type: integer `20261120`"
        ),
    ] {
        assert!(list.detail.contains(&needle), "{needle} not in\n{report}");
    }
    assert_eq!(
        list.detail.matches("the app skips this entry").count(),
        2,
        "{report}"
    );
    // The schema's own reasons point at the same fields.
    assert!(
        list.detail
            .contains("v1/items.json at \"/items/2/summary\""),
        "{report}"
    );
    // Every entry was still read, the broken ones too, and the checks after
    // the list went on: every listed item's own file is fine.
    assert_eq!(list.detail.lines().count(), 4, "{report}");
    let detail = report.check("items.detail").unwrap();
    assert_eq!(detail.outcome, Outcome::Pass, "{report}");
    assert_eq!(detail.detail, format!("{total} items"), "{report}");
    assert_eq!(
        report.check("items.org-lists").unwrap().outcome,
        Outcome::Pass,
        "{report}"
    );
}

#[test]
fn null_for_an_optional_field_of_an_entry_is_not_a_problem() {
    let backend = Backend::demo();
    backend.edit("v1/items.json", |page| {
        let entry = &mut page["items"][0];
        for key in [
            "summary",
            "body_html",
            "attachments",
            "revisions",
            "audience",
            "superseded_by",
        ] {
            entry[key] = json!(null);
        }
    });
    backend.edit("v1/orgs.json", |orgs| {
        orgs["organisations"][0]["contacts"] = json!(null)
    });
    let report = run(&Config::new(&backend.serve()).unwrap());
    for name in ["items.list", "orgs"] {
        assert_eq!(
            report.check(name).unwrap().outcome,
            Outcome::Pass,
            "{name}:\n{report}"
        );
    }
}
