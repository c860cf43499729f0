//! The bundled spec: schemas by name, and the schema of one answer of one
//! operation (error answers are checked by the latter, with their `type`).

use gongkai_conformance::Spec;
use serde_json::json;

const URL: &str = "http://backend/x";

#[test]
fn schemas_are_found_by_name_and_a_missing_one_is_named() {
    let spec = Spec::bundled();
    assert!(spec.has("Item"));
    let problems = spec.problems("NoSuchSchema", &json!({}), URL);
    assert_eq!(problems.len(), 1);
    assert!(problems[0].contains("schema NoSuchSchema missing from the spec"));
}

#[test]
fn a_schema_error_names_the_url_and_the_json_pointer() {
    let spec = Spec::bundled();
    let problems = spec.problems(
        "CalendarYear",
        &json!({ "year": 2026, "holidays": [{ "date": "1.10." }] }),
        URL,
    );
    assert!(!problems.is_empty());
    assert!(
        problems
            .iter()
            .all(|p| p.starts_with("http://backend/x at \"/holidays/0/date\"")),
        "{problems:?}"
    );
}

#[test]
fn error_answers_are_checked_by_the_schema_of_their_operation() {
    let spec = Spec::bundled();
    let about_blank = json!({ "type": "about:blank", "title": "Not Found", "status": 404 });
    // A read-side 404 may be any problem …
    let item = ("get", "/v1/items/{id}.json");
    let problems = spec.response_problems(
        item,
        404,
        "application/problem+json",
        "Problem",
        &about_blank,
        URL,
    );
    assert!(problems.is_empty(), "{problems:?}");
    // … the write side's has its own type.
    let feedback = ("get", "/v1/feedback/{code}");
    let problems = spec.response_problems(
        feedback,
        404,
        "application/problem+json",
        "Problem",
        &about_blank,
        URL,
    );
    assert!(
        problems.iter().any(|p| p.contains("at \"/type\"")),
        "{problems:?}"
    );
    let not_found =
        json!({ "type": "urn:gongkai:problem:not-found", "title": "没有这条留言", "status": 404 });
    let problems = spec.response_problems(
        feedback,
        404,
        "application/problem+json",
        "Problem",
        &not_found,
        URL,
    );
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn a_validation_problem_needs_its_errors() {
    let spec = Spec::bundled();
    let op = ("post", "/v1/feedback");
    let bare =
        json!({ "type": "urn:gongkai:problem:validation", "title": "校验失败", "status": 422 });
    let problems =
        spec.response_problems(op, 422, "application/problem+json", "Problem", &bare, URL);
    assert!(!problems.is_empty());
    let mut full = bare.clone();
    full["errors"] = json!([{ "pointer": "/body", "code": "too_short", "detail": "留言内容太短" }]);
    let problems =
        spec.response_problems(op, 422, "application/problem+json", "Problem", &full, URL);
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn an_answer_the_spec_does_not_describe_falls_back_to_the_named_schema() {
    let spec = Spec::bundled();
    let problem = json!({ "type": "about:blank", "title": "x", "status": 404 });
    let op = ("get", "/v1/no/such/path.json");
    let problems = spec.response_problems(
        op,
        404,
        "application/problem+json",
        "Problem",
        &problem,
        URL,
    );
    assert!(problems.is_empty(), "{problems:?}");
    let problems =
        spec.response_problems(op, 404, "application/problem+json", "Nope", &problem, URL);
    assert!(problems[0].contains("schema Nope missing from the spec"));
}
