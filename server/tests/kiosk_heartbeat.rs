//! Kiosk heartbeats on a real server: `POST v1/kiosk/heartbeat` as
//! site.json advertises it, the staff list (`GET v1/staff/kiosks` and
//! `gongkai-server kiosks`), offline after three missed beats, and the
//! defences of a public, unauthenticated write: validation, the device cap,
//! the rate limit and the body limit.

mod support;

use std::time::Duration;

use serde_json::{json, Value};
use support::{has_chinese, pointers, unique, Options, Resp, Server, BIN, TOKEN};

fn with_args(args: &[&str]) -> Server {
    Server::with(Options {
        extra_args: args.iter().map(|a| (*a).to_owned()).collect(),
        ..Options::default()
    })
}

/// A beat as a kiosk sends it: JSON, no `Idempotency-Key`.
fn beat(server: &Server, body: &Value) -> Resp {
    server.post_raw(
        "v1/kiosk/heartbeat",
        &[("content-type", "application/json")],
        &serde_json::to_vec(body).unwrap(),
    )
}

fn good(device: &str) -> Value {
    json!({
        "device": device,
        "version": "0.1.0+abc1234",
        "data_age_seconds": 42,
        "uptime_seconds": 3600,
        "last_error": null,
    })
}

#[track_caller]
fn accepted(r: &Resp) {
    assert_eq!(r.status, 204, "{}", r.text());
    assert!(r.body.is_empty());
    assert_eq!(r.header("cache-control"), Some("no-store"));
}

fn kiosks(server: &Server) -> Vec<Value> {
    let r = server.staff_get("v1/staff/kiosks");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("cache-control"), Some("no-store"));
    r.json()["kiosks"].as_array().expect("kiosks").clone()
}

fn cli_kiosks(server: &Server) -> String {
    let out = server.cli(&["kiosks"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The refused fields of a `validation` problem, in order.
#[track_caller]
fn refused(r: &Resp) -> Vec<(String, String)> {
    pointers(&r.problem(422, "validation"))
}

fn pair(pointer: &str, code: &str) -> (String, String) {
    (pointer.to_owned(), code.to_owned())
}

#[test]
fn site_json_advertises_the_heartbeat_and_its_interval() {
    let server = Server::start();
    let site = server.get("v1/site.json").json();
    assert_eq!(
        site["kiosk_heartbeat"],
        json!({ "path": "v1/kiosk/heartbeat", "interval_seconds": 60 })
    );
    let server = with_args(&["--kiosk-heartbeat-seconds", "15"]);
    let site = server.get("v1/site.json").json();
    assert_eq!(site["kiosk_heartbeat"]["interval_seconds"], 15);
    // The advertised path, resolved against the API base, takes beats.
    let path = site["kiosk_heartbeat"]["path"].as_str().unwrap();
    accepted(&beat(&server, &good("大厅1号屏")));
    assert_eq!(path, "v1/kiosk/heartbeat");
}

#[test]
fn a_beat_is_stored_and_listed_by_the_command_and_the_staff_api() {
    let server = Server::start();
    assert!(kiosks(&server).is_empty());
    accepted(&beat(&server, &good("青溪镇党群服务中心-1号屏")));
    // The latest beat replaces the last; an Idempotency-Key is not needed,
    // and one sent is ignored.
    let mut later = good("青溪镇党群服务中心-1号屏");
    later["version"] = json!("0.2.0");
    later["last_error"] = json!("网络中断，显示的是缓存数据");
    later["data_age_seconds"] = json!(null);
    let r = server.post_raw(
        "v1/kiosk/heartbeat",
        &[
            ("content-type", "application/json"),
            ("idempotency-key", &unique("beat")),
        ],
        &serde_json::to_vec(&later).unwrap(),
    );
    accepted(&r);
    accepted(&beat(&server, &good("便民服务大厅-签到屏")));

    let list = kiosks(&server);
    assert_eq!(list.len(), 2, "{list:?}");
    let hall = &list[1];
    assert_eq!(hall["device"], "青溪镇党群服务中心-1号屏");
    assert_eq!(hall["version"], "0.2.0");
    assert_eq!(hall["uptime_seconds"], 3600);
    assert_eq!(hall["data_age_seconds"], Value::Null);
    assert_eq!(hall["last_error"], "网络中断，显示的是缓存数据");
    assert_eq!(hall["interval_seconds"], 60);
    assert_eq!(hall["offline"], false);
    let seen = hall["last_seen"].as_str().unwrap();
    assert!(seen.ends_with("+08:00"), "China time: {seen}");
    assert_eq!(list[0]["device"], "便民服务大厅-签到屏");
    assert_eq!(list[0]["data_age_seconds"], 42);

    let out = cli_kiosks(&server);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    let fields: Vec<&str> = lines[1].split('\t').collect();
    assert_eq!(fields[0], "青溪镇党群服务中心-1号屏", "{out}");
    assert_eq!(fields[1], "在线", "{out}");
    assert!(fields[2].starts_with("最近 20"), "{out}");
    assert_eq!(fields[3], "版本 0.2.0", "{out}");
    assert_eq!(fields[4], "尚无数据", "{out}");
    assert_eq!(fields[5], "已运行1小时", "{out}");
    assert_eq!(fields[6], "错误：网络中断，显示的是缓存数据", "{out}");
    assert!(lines[0].contains("\t数据42秒前\t"), "{out}");

    // Staff only.
    server.get("v1/staff/kiosks").problem(401, "unauthorized");
}

#[test]
fn a_kiosk_silent_for_three_intervals_shows_offline() {
    let server = with_args(&["--kiosk-heartbeat-seconds", "1"]);
    accepted(&beat(&server, &good("大厅1号屏")));
    assert_eq!(kiosks(&server)[0]["offline"], false);
    assert!(cli_kiosks(&server).contains("\t在线\t"));
    std::thread::sleep(Duration::from_millis(4200));
    let list = kiosks(&server);
    assert_eq!(list[0]["offline"], true, "{list:?}");
    assert_eq!(list[0]["interval_seconds"], 1);
    let out = cli_kiosks(&server);
    assert!(out.starts_with("大厅1号屏\t离线\t"), "{out}");
    // A new beat brings it back.
    accepted(&beat(&server, &good("大厅1号屏")));
    assert_eq!(kiosks(&server)[0]["offline"], false);
}

#[test]
fn a_beat_from_an_old_server_is_judged_by_the_interval_it_was_told() {
    // The interval is kept with each beat: a restart with another interval
    // does not turn a quiet kiosk offline (or online) by itself.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gongkai.db");
    let options = |seconds: &str| Options {
        extra_args: vec!["--kiosk-heartbeat-seconds".into(), seconds.into()],
        ..Options::default()
    };
    let server = Server::on(&db, &options("1"));
    accepted(&beat(&server, &good("屏")));
    server.kill();
    let server = Server::on(&db, &options("600"));
    std::thread::sleep(Duration::from_millis(4200));
    assert_eq!(kiosks(&server)[0]["offline"], true);
    assert_eq!(kiosks(&server)[0]["interval_seconds"], 1);
}

#[test]
fn bad_beats_are_refused_with_pointers_and_nothing_is_stored() {
    let server = Server::start();
    assert_eq!(
        refused(&beat(&server, &json!({}))),
        [
            pair("/device", "required"),
            pair("/version", "required"),
            pair("/uptime_seconds", "required"),
        ]
    );
    assert_eq!(
        refused(&beat(
            &server,
            &json!({
                "device": "屏".repeat(65),
                "version": "v".repeat(65),
                "data_age_seconds": -1,
                "uptime_seconds": 315_360_001_u64,
                "last_error": "错".repeat(501),
            })
        )),
        [
            pair("/device", "too_long"),
            pair("/version", "too_long"),
            pair("/data_age_seconds", "out_of_range"),
            pair("/uptime_seconds", "out_of_range"),
            pair("/last_error", "too_long"),
        ]
    );
    assert_eq!(
        refused(&beat(
            &server,
            &json!({
                "device": "大厅\n1号屏",
                "version": "0.1",
                "uptime_seconds": 1.5,
            })
        )),
        [
            pair("/device", "not_one_line"),
            pair("/uptime_seconds", "out_of_range"),
        ]
    );
    // Invisible and bidi characters are dropped: nothing left is no name.
    assert_eq!(
        refused(&beat(
            &server,
            &json!({ "device": "\u{202E}\u{200B}\u{2066}", "version": "1", "uptime_seconds": 1 })
        )),
        [pair("/device", "required")]
    );
    // A number as a string, an array, not JSON at all, not JSON by type.
    let mut wrong = good("屏");
    wrong["uptime_seconds"] = json!("3600");
    beat(&server, &wrong).problem(400, "bad-json");
    beat(&server, &json!(["屏", "1", 1])).problem(400, "bad-json");
    server
        .post_raw(
            "v1/kiosk/heartbeat",
            &[("content-type", "application/json")],
            b"{\"device\":",
        )
        .problem(400, "bad-json");
    server
        .post_raw(
            "v1/kiosk/heartbeat",
            &[("content-type", "text/plain")],
            &serde_json::to_vec(&good("屏")).unwrap(),
        )
        .problem(415, "unsupported-media-type");
    // A beat is a few hundred bytes: 4 KB is the most taken.
    let mut big = good("屏");
    big["padding"] = json!("x".repeat(5000));
    beat(&server, &big).problem(413, "payload-too-large");
    // The endpoint takes POST only.
    let r = server.get("v1/kiosk/heartbeat");
    r.problem(405, "method-not-allowed");
    assert!(kiosks(&server).is_empty());

    // What is kept is cleaned.
    accepted(&beat(&server, &good("\u{202E}大厅\u{200B}1号屏 ")));
    assert_eq!(kiosks(&server)[0]["device"], "大厅1号屏");
}

#[test]
fn new_devices_stop_at_the_cap_until_staff_forget_one() {
    let server = with_args(&["--kiosk-max-devices", "2"]);
    accepted(&beat(&server, &good("一号屏")));
    accepted(&beat(&server, &good("二号屏")));
    let r = beat(&server, &good("三号屏"));
    let problem = r.problem(409, "too-many-devices");
    assert!(has_chinese(problem["title"].as_str().unwrap()));
    assert!(
        problem["detail"].as_str().unwrap().contains("forget-kiosk"),
        "{problem}"
    );
    // Known devices still beat.
    accepted(&beat(&server, &good("一号屏")));
    assert_eq!(kiosks(&server).len(), 2);

    // As the name is listed: typed with a space or an invisible character,
    // it is the same name.
    let out = server.cli(&["forget-kiosk", " 一号屏\u{200B}"]);
    assert!(out.status.success(), "{out:?}");
    let out = server.cli(&["forget-kiosk", "一号屏"]);
    assert!(!out.status.success());
    accepted(&beat(&server, &good("三号屏")));
    let names: Vec<Value> = kiosks(&server)
        .iter()
        .map(|k| k["device"].clone())
        .collect();
    assert_eq!(names, [json!("三号屏"), json!("二号屏")]);
}

#[test]
fn heartbeats_are_rate_limited_per_client_apart_from_submissions() {
    let server = with_args(&["--kiosk-heartbeat-limit", "3"]);
    for _ in 0..3 {
        accepted(&beat(&server, &good("屏")));
    }
    let r = beat(&server, &good("屏"));
    let problem = r.problem(429, "rate-limited");
    let wait: u64 = r.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    assert!(has_chinese(problem["detail"].as_str().unwrap()));
    // Refused beats are refused before they count, and feedback has its own
    // limit.
    refused(&beat(&server, &json!({})));
    server.submit(&json!({
        "kind": "suggestion",
        "org": "qingxi-committee",
        "body": "建议在党群服务中心多放几台触摸屏。",
    }));
}

#[test]
fn without_the_heartbeat_nothing_is_advertised_or_taken() {
    let server = with_args(&["--no-kiosk-heartbeat"]);
    let site = server.get("v1/site.json").json();
    assert!(site.get("kiosk_heartbeat").is_none(), "{site}");
    beat(&server, &good("屏")).problem(404, "not-found");
    assert!(kiosks(&server).is_empty());
}

#[test]
fn a_database_from_before_the_heartbeat_gains_its_table() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gongkai.db");
    Server::on(&db, &Options::default()).kill();
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch("DROP TABLE kiosks").unwrap();
    }
    let server = Server::on(&db, &Options::default());
    accepted(&beat(&server, &good("屏")));
    assert_eq!(kiosks(&server).len(), 1);
}

// The kiosk's page and settings ------------------------------------------------

/// An app folder with the phone site's page and the kiosk's in `kiosk/`,
/// each with an inline loader as Trunk writes it.
fn app_with_kiosk() -> tempfile::TempDir {
    let spa = tempfile::tempdir().unwrap();
    std::fs::write(
        spa.path().join("index.html"),
        "<!doctype html><title>phone</title><script type=\"module\">import('./phone.js')</script>",
    )
    .unwrap();
    std::fs::create_dir(spa.path().join("kiosk")).unwrap();
    std::fs::write(
        spa.path().join("kiosk/index.html"),
        "<!doctype html><title>kiosk</title><script type=\"module\">import('./kiosk/kiosk.js')</script>",
    )
    .unwrap();
    spa
}

#[test]
fn kiosk_deep_links_get_the_kiosk_page_and_others_the_phone_site() {
    let spa = app_with_kiosk();
    let server = Server::with(Options {
        spa: Some(spa.path().to_owned()),
        ..Options::default()
    });
    for path in [
        "kiosk/",
        "kiosk/org/qingxi-village",
        "kiosk/lookup",
        "kiosk/item/x",
    ] {
        let r = server.get_url(&server.url(path), &[]);
        assert_eq!(r.status, 200, "/{path}");
        assert!(
            r.text().contains("<title>kiosk</title>"),
            "/{path}: {}",
            r.text()
        );
    }
    // A path that only starts like the kiosk's folder is the phone site's.
    for path in ["", "org/qingxi-village", "kiosk-old/page", "kiosks"] {
        let r = server.get_url(&server.url(path), &[]);
        assert_eq!(r.status, 200, "/{path}");
        assert!(
            r.text().contains("<title>phone</title>"),
            "/{path}: {}",
            r.text()
        );
    }
    // No inline script may run on either page (the build has none).
    let csp = server
        .get_url(&server.url("kiosk/"), &[])
        .header("content-security-policy")
        .unwrap()
        .to_owned();
    assert_eq!(csp.matches("'sha256-").count(), 0, "{csp}");
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval';"),
        "{csp}"
    );
}

#[test]
fn kiosk_settings_reach_config_json_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let settings = dir.path().join("kiosk.json");
    // A bad value is passed on: the kiosk says on screen what is wrong.
    std::fs::write(
        &settings,
        r#"{"idle_seconds": 60, "signage": true, "device": "大厅 1 号屏", "warning_seconds": 5}"#,
    )
    .unwrap();
    let server = Server::with(Options {
        extra_args: vec!["--kiosk-settings".into(), settings.display().to_string()],
        ..Options::default()
    });
    let config = server.get_url(&server.url("config.json"), &[]).json();
    assert_eq!(config["api_base"], "api/");
    assert_eq!(
        config["kiosk"],
        json!({"idle_seconds": 60, "signage": true, "device": "大厅 1 号屏", "warning_seconds": 5})
    );
    // Without the flag, no kiosk object.
    let plain = Server::start();
    let config = plain.get_url(&plain.url("config.json"), &[]).json();
    assert!(config.get("kiosk").is_none(), "{config}");
}

#[test]
fn kiosk_settings_that_are_not_an_object_stop_the_start() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [("list.json", "[1]"), ("bad.json", "{idle_seconds: 9")] {
        let settings = dir.path().join(name);
        std::fs::write(&settings, text).unwrap();
        let out = std::process::Command::new(BIN)
            .args([
                "--db",
                &dir.path().join("x.db").display().to_string(),
                "serve",
            ])
            .args([
                "--listen",
                "127.0.0.1:0",
                "--kiosk-settings",
                &settings.display().to_string(),
            ])
            .env("GONGKAI_STAFF_TOKEN", TOKEN)
            .output()
            .unwrap();
        assert!(!out.status.success(), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(name), "{name}: {err}");
    }
}
