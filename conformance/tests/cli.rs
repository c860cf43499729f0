//! The binary: usage errors exit 2, a conforming backend 0, a broken one 1,
//! one line per check and a summary.

mod support;

use std::process::{Command, Output};

use support::Backend;

fn checker(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai-conformance"))
        .args(args)
        .output()
        .expect("the checker runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &[][..],
        &["not a url"],
        &["ftp://example.org/"],
        &["http://127.0.0.1:9/", "--frobnicate"],
        &["http://127.0.0.1:9/", "http://127.0.0.1:10/"],
        &["http://127.0.0.1:9/", "--spec"],
        &["http://127.0.0.1:9/", "--spec", "/no/such/openapi.yaml"],
        &["http://127.0.0.1:9/", "--timeout", "soon"],
    ] {
        let out = checker(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("usage: gongkai-conformance"),
            "{args:?}"
        );
    }
}

#[test]
fn a_spec_that_is_not_openapi_3_1_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("openapi.yaml");
    std::fs::write(&path, "openapi: 3.0.3\ncomponents: {schemas: {}}\n").unwrap();
    let out = checker(&["http://127.0.0.1:9/", "--spec", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("OpenAPI 3.0.3"));
}

#[test]
fn help_exits_0() {
    let out = checker(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("--write"));
}

#[test]
fn the_demo_exits_0_with_one_line_per_check() {
    let backend = Backend::demo();
    // Without the trailing slash: the checker adds it, as the app does.
    let base = backend.serve();
    let out = checker(&[base.trim_end_matches('/'), "--spec", "../openapi.yaml"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("PASS  items.detail "), "{text}");
    assert!(text.contains("SKIP  write "), "{text}");
    let last = text.lines().last().unwrap();
    assert!(last.starts_with("总结 Summary for "), "{text}");
    assert!(last.contains(" 0 FAIL"), "{text}");
}

#[test]
fn a_broken_backend_exits_1() {
    let backend = Backend::demo();
    let id = backend.some_item();
    std::fs::remove_file(backend.path(&format!("v1/items/{id}.json"))).unwrap();
    let out = checker(&[&backend.serve()]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("FAIL  items.detail "), "{text}");
    assert!(text.contains("不符合 does not conform"), "{text}");
}

#[test]
fn nothing_listening_fails_without_hanging() {
    // Port 9 (discard) on loopback: nothing listens there.
    let out = checker(&["http://127.0.0.1:9/", "--timeout", "5"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("FAIL  site "), "{text}");
}
