//! The kiosk-heartbeat checks against a small fake heartbeat endpoint in
//! front of the static demo: a conforming one passes, each fault fails the
//! check that covers it, and a backend that does not advertise one has
//! nothing checked.

mod support;

use std::sync::{Arc, Mutex};

use gongkai_conformance::{run, Config, Outcome, Report};
use serde_json::{json, Value};
use support::{Backend, Request, Response};

const CHECKS: &[&str] = &["kiosk.service", "kiosk.invalid", "kiosk.beat"];

#[derive(Clone, Copy, PartialEq)]
enum Fault {
    None,
    /// Refuses a beat without `Idempotency-Key`, as the other POSTs do.
    RequiresKey,
    /// Stores whatever comes.
    AcceptsAnything,
    /// Refuses a bad beat without naming its fields.
    NoPointers,
}

fn problem(status: u16, name: &str, errors: Option<Value>) -> Response {
    let mut body = json!({
        "type": format!("urn:gongkai:problem:{name}"),
        "title": "提交的内容需要修改",
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

/// The fake endpoint; what it stored, by device.
fn endpoint(fault: Fault, beats: Arc<Mutex<Vec<Value>>>) -> support::Handler {
    Arc::new(move |req: &Request| {
        if req.path != "/v1/kiosk/heartbeat" {
            return None;
        }
        if req.method != "POST" {
            return Some(problem(405, "method-not-allowed", None));
        }
        if fault == Fault::RequiresKey && req.header("idempotency-key").is_none() {
            return Some(problem(400, "idempotency-key-missing", None));
        }
        let Ok(beat) = serde_json::from_slice::<Value>(&req.body) else {
            return Some(problem(400, "bad-json", None));
        };
        let mut errors = Vec::new();
        if beat["device"].as_str().unwrap_or("").trim().is_empty() {
            errors.push(
                json!({"pointer": "/device", "code": "required", "detail": "请填写设备名称"}),
            );
        }
        if beat["uptime_seconds"].as_u64().is_none() {
            errors.push(json!({"pointer": "/uptime_seconds", "code": "out_of_range", "detail": "运行时长须为非负整数"}));
        }
        if !errors.is_empty() && fault != Fault::AcceptsAnything {
            if fault == Fault::NoPointers {
                errors = vec![json!({"pointer": "/", "code": "invalid", "detail": "心跳无效"})];
            }
            return Some(problem(422, "validation", Some(json!(errors))));
        }
        beats.lock().unwrap().push(beat);
        Some(Response {
            status: 204,
            content_type: "application/json",
            headers: Vec::new(),
            body: Vec::new(),
        })
    })
}

fn check_with(service: Option<Value>, fault: Fault, write: bool) -> (Report, Vec<Value>) {
    let backend = Backend::demo();
    if let Some(service) = service {
        backend.edit("v1/site.json", |site| site["kiosk_heartbeat"] = service);
    }
    let beats = Arc::new(Mutex::new(Vec::new()));
    let base = backend.serve_handler(endpoint(fault, Arc::clone(&beats)));
    let mut config = Config::new(&base).unwrap();
    config.write = write;
    let report = run(&config);
    let beats = beats.lock().unwrap().clone();
    (report, beats)
}

fn advertised() -> Option<Value> {
    Some(json!({ "path": "v1/kiosk/heartbeat", "interval_seconds": 60 }))
}

fn check(fault: Fault) -> Report {
    check_with(advertised(), fault, true).0
}

fn assert_fails(report: &Report, name: &str, needle: &str) {
    let check = report.check(name).unwrap();
    assert_eq!(check.outcome, Outcome::Fail, "{report}");
    assert!(check.detail.contains(needle), "{needle:?}:\n{report}");
    assert!(!report.passed());
}

#[test]
fn a_conforming_heartbeat_passes_and_one_test_beat_is_stored() {
    let (report, beats) = check_with(advertised(), Fault::None, true);
    for name in CHECKS {
        let check = report
            .check(name)
            .unwrap_or_else(|| panic!("no {name}:\n{report}"));
        assert_eq!(check.outcome, Outcome::Pass, "{name}:\n{report}");
    }
    assert!(report.check("kiosk").is_none());
    assert!(report.passed(), "{report}");
    assert_eq!(beats.len(), 1, "{beats:?}");
    assert_eq!(beats[0]["device"], "一致性检查（可删除）");
}

#[test]
fn a_backend_without_a_heartbeat_has_nothing_checked() {
    let (report, beats) = check_with(None, Fault::None, true);
    let kiosk = report.check("kiosk").expect("the kiosk skip");
    assert_eq!(kiosk.outcome, Outcome::Skip, "{report}");
    assert!(kiosk.detail.contains("does not advertise"), "{report}");
    for name in CHECKS {
        assert!(report.check(name).is_none(), "{name}:\n{report}");
    }
    assert!(beats.is_empty());
    assert!(report.passed(), "{report}");
}

#[test]
fn without_write_the_declaration_is_checked_and_no_beat_sent() {
    let (report, beats) = check_with(advertised(), Fault::None, false);
    assert_eq!(
        report.check("kiosk.service").unwrap().outcome,
        Outcome::Pass,
        "{report}"
    );
    assert_eq!(report.check("kiosk").unwrap().outcome, Outcome::Skip);
    assert!(report.check("kiosk.beat").is_none());
    assert!(beats.is_empty());
}

#[test]
fn a_path_outside_the_api_base_fails_and_nothing_is_posted() {
    for path in [
        "https://evil.example/beat",
        "../beat",
        "/v1/kiosk/heartbeat",
    ] {
        let service = json!({ "path": path, "interval_seconds": 60 });
        let (report, beats) = check_with(Some(service), Fault::None, true);
        assert_fails(&report, "kiosk.service", "not a path under the API base");
        assert!(report.check("kiosk.beat").is_none(), "{report}");
        assert!(beats.is_empty(), "{path}");
    }
    let (report, _) = check_with(
        Some(json!({ "path": "v1/kiosk/heartbeat", "interval_seconds": 0 })),
        Fault::None,
        true,
    );
    assert_fails(&report, "kiosk.service", "/kiosk_heartbeat");
}

#[test]
fn asking_a_heartbeat_for_an_idempotency_key_fails() {
    let report = check(Fault::RequiresKey);
    assert_fails(&report, "kiosk.beat", "takes no Idempotency-Key");
}

#[test]
fn accepting_a_bad_beat_fails() {
    let report = check(Fault::AcceptsAnything);
    assert_fails(
        &report,
        "kiosk.invalid",
        "accepted a beat without a device name",
    );
}

#[test]
fn refusing_a_bad_beat_without_pointers_fails() {
    let report = check(Fault::NoPointers);
    assert_fails(
        &report,
        "kiosk.invalid",
        "no error with pointer \"/device\"",
    );
}
