//! The write-side checks against a small fake feedback service in front of
//! the static demo: a conforming one passes every check, and each fault
//! fails the check that covers it.

mod support;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use gongkai::domain::feedback::TrackingCode;
use gongkai_conformance::{run, Config, Outcome, Report};
use serde_json::{json, Value};
use support::{Backend, Request, Response};

const WRITE_CHECKS: &[&str] = &[
    "feedback.service",
    "feedback.no-key",
    "feedback.invalid",
    "feedback.submit",
    "feedback.replay",
    "feedback.key-reuse",
    "feedback.read-back",
    "feedback.read-forgiving",
    "feedback.unknown",
    "feedback.objection-ended",
    "feedback.replies",
    "feedback.rating-early",
];

#[derive(Clone, Copy, PartialEq)]
enum Fault {
    None,
    /// `GET v1/feedback/{code}` returns the contact.
    LeaksContact,
    /// `Location: v1/feedback/{code}`, relative to the base, not the request.
    LocationFromBase,
    /// A replay creates a second record.
    NoIdempotency,
    /// Objections are taken whatever the publicity period.
    TakesLateObjections,
}

#[derive(Default)]
struct State {
    /// Idempotency key → (request body, first answer).
    keys: HashMap<String, (Value, Value)>,
    /// Tracking code → submission.
    cases: HashMap<String, Value>,
}

fn problem(status: u16, name: &str, errors: Option<Value>) -> Response {
    let mut body = json!({
        "type": format!("urn:gongkai:problem:{name}"),
        "title": name,
        "status": status,
    });
    if let Some(errors) = errors {
        body["errors"] = errors;
    }
    Response {
        status,
        content_type: "application/problem+json",
        headers: Vec::new(),
        body: body.to_string().into_bytes(),
    }
}

fn json_answer(status: u16, body: &Value, headers: Vec<(&'static str, String)>) -> Response {
    Response {
        status,
        content_type: "application/json",
        headers,
        body: body.to_string().into_bytes(),
    }
}

fn field(pointer: &str, code: &str) -> Value {
    json!([{ "pointer": pointer, "code": code, "detail": "不符合要求" }])
}

/// The fake service: just enough of the write side for the checker.
fn service(backend: &Backend, fault: Fault) -> support::Handler {
    let dir = backend.dir.path().to_owned();
    let state = Arc::new(Mutex::new(State::default()));
    Arc::new(move |req: &Request| {
        let mut state = state.lock().unwrap();
        let path = req.path.as_str();
        if req.method == "GET" {
            if let Some(rest) = path.strip_prefix("/v1/feedback/") {
                let case = TrackingCode::normalize(rest).and_then(|c| state.cases.get(&c));
                return Some(match case {
                    Some(case) => {
                        let mut case = case.clone();
                        if fault != Fault::LeaksContact {
                            case.as_object_mut().unwrap().remove("contact");
                        }
                        case.as_object_mut().unwrap().remove("name");
                        json_answer(200, &case, Vec::new())
                    }
                    None => problem(404, "not-found", None),
                });
            }
            if path.ends_with("/replies.json") {
                return Some(json_answer(200, &json!({ "replies": [] }), Vec::new()));
            }
            return None;
        }
        if req.method != "POST" {
            return None;
        }
        let Some(key) = req.header("idempotency-key").map(str::to_owned) else {
            return Some(problem(400, "idempotency-key-missing", None));
        };
        let Ok(body) = serde_json::from_slice::<Value>(&req.body) else {
            return Some(problem(400, "bad-json", None));
        };
        if path.ends_with("/rating") {
            return Some(problem(409, "conflict", None));
        }
        if path != "/v1/feedback" {
            return None;
        }
        if let Some((first_body, first)) = state.keys.get(&key) {
            if fault != Fault::NoIdempotency {
                return Some(if *first_body == body {
                    let replayed = vec![
                        (
                            "Location",
                            format!("feedback/{}", first["code"].as_str().unwrap()),
                        ),
                        ("Idempotent-Replayed", "true".to_owned()),
                    ];
                    json_answer(201, first, replayed)
                } else {
                    problem(422, "idempotency-key-reused", None)
                });
            }
        }
        if body["body"].as_str().unwrap_or("").chars().count() < 5 {
            return Some(problem(
                422,
                "validation",
                Some(field("/body", "too_short")),
            ));
        }
        if body["kind"] == "objection" && fault != Fault::TakesLateObjections {
            let item = body["item"].as_str().unwrap_or("");
            let text = std::fs::read_to_string(dir.join(format!("v1/items/{item}.json")));
            let item: Value = serde_json::from_str(&text.unwrap_or_default()).unwrap_or_default();
            let end = item["publicity"]["end"].as_str().unwrap_or("");
            let end =
                time::OffsetDateTime::parse(end, &time::format_description::well_known::Rfc3339);
            if end.map_or(true, |end| end < time::OffsetDateTime::now_utc()) {
                return Some(problem(
                    422,
                    "validation",
                    Some(field("/item", "publicity_ended")),
                ));
            }
        }
        let n = state.cases.len() as u64 + 1;
        let code = TrackingCode::from_random((n * 7919).to_be_bytes());
        let receipt = json!({
            "code": code,
            "kind": body["kind"],
            "org": body["org"],
            "status": "received",
            "submitted_at": "2026-11-22T09:00:00+08:00",
            "reply_due": "2026-12-07",
        });
        let mut case = receipt.clone();
        case["body"] = body["body"].clone();
        case["contact"] = body["contact"].clone();
        state.cases.insert(code.clone(), case);
        state.keys.insert(key, (body, receipt.clone()));
        let location = match fault {
            Fault::LocationFromBase => format!("v1/feedback/{code}"),
            _ => format!("feedback/{code}"),
        };
        Some(json_answer(201, &receipt, vec![("Location", location)]))
    })
}

fn check(fault: Fault) -> Report {
    let backend = Backend::demo();
    backend.edit("v1/site.json", |site| {
        site["feedback"] = json!({
            "kinds": ["suggestion", "opinion", "objection", "inquiry", "complaint"],
            "reply_working_days": 10,
        });
    });
    let mut config = Config::new(&backend.serve_handler(service(&backend, fault))).unwrap();
    config.write = true;
    run(&config)
}

fn assert_fails(report: &Report, name: &str, needle: &str) {
    let check = report.check(name).unwrap();
    assert_eq!(check.outcome, Outcome::Fail, "{report}");
    assert!(check.detail.contains(needle), "{needle:?}:\n{report}");
    assert!(!report.passed());
}

#[test]
fn a_conforming_write_side_passes_every_check() {
    let report = check(Fault::None);
    for name in WRITE_CHECKS {
        let check = report
            .check(name)
            .unwrap_or_else(|| panic!("no {name}:\n{report}"));
        assert_eq!(check.outcome, Outcome::Pass, "{name}:\n{report}");
    }
    assert!(report.check("write").is_none());
    assert!(report.passed(), "{report}");
}

#[test]
fn returning_the_contact_fails_the_read_back() {
    let report = check(Fault::LeaksContact);
    assert_fails(&report, "feedback.read-back", "at \"/contact\"");
}

#[test]
fn a_location_relative_to_the_base_fails_the_submission() {
    let report = check(Fault::LocationFromBase);
    assert_fails(&report, "feedback.submit", "resolved against the api base");
}

#[test]
fn a_second_record_for_a_replayed_key_fails() {
    let report = check(Fault::NoIdempotency);
    assert_fails(&report, "feedback.replay", "a second record?");
    assert_fails(&report, "feedback.key-reuse", "HTTP 201, expected 422");
}

#[test]
fn taking_an_objection_after_the_publicity_period_fails() {
    let report = check(Fault::TakesLateObjections);
    assert_fails(
        &report,
        "feedback.objection-ended",
        "whose publicity period has ended",
    );
}
