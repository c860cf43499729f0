//! The server-hardening findings on the feedback side, over real HTTP: a new
//! reply stays private until published, staff tokens, the proxy's address,
//! browser security headers, opaque public ids and a log without codes.

mod support;

use serde_json::{json, Value};
use support::{Options, Server, TOKEN};

fn opinion(org: &str, body: &str) -> Value {
    json!({ "kind": "opinion", "org": org, "body": body })
}

fn public_replies(server: &Server) -> Vec<Value> {
    let r = server.get("v1/orgs/qingxi-village/replies.json");
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()["replies"].as_array().unwrap().clone()
}

#[test]
fn amending_a_published_reply_makes_it_private_until_published_again() {
    let server = Server::start();
    let code = server.submit(&opinion(
        "qingxi-village",
        "村口路灯坏了两个月，晚上出行不便。",
    ));
    let reply = |body: Value| {
        let r = server.staff_post(&format!("v1/staff/feedback/{code}/reply"), &body);
        assert_eq!(r.status, 200, "{}", r.text());
        r.json()
    };
    let first = reply(json!({
        "text": "已联系电工，本周内修复。",
        "public_question": "村口路灯损坏，请求维修。",
    }));
    assert_eq!(first["reply"]["public"], true);
    assert_eq!(public_replies(&server).len(), 1);

    // A new reply, with a name and a phone number in it, sent without a
    // question summary: private.
    let amended = reply(json!({ "text": "王某某（13800001234）家门口的路灯已修好。" }));
    assert_eq!(amended["reply"]["public"], false, "{amended}");
    let looked_up = server.get(&format!("v1/feedback/{code}")).json();
    assert_eq!(looked_up["reply"]["public"], false);
    let board = public_replies(&server);
    assert!(
        board.is_empty(),
        "the amended reply was published: {board:?}"
    );

    // Published explicitly, it is public again, with the new text.
    let r = server.staff_post(
        &format!("v1/staff/feedback/{code}/publish"),
        &json!({ "question": "村口路灯损坏，请求维修。" }),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let board = public_replies(&server);
    assert_eq!(board.len(), 1);
    assert_eq!(
        board[0]["reply"],
        "王某某（13800001234）家门口的路灯已修好。"
    );
}

#[test]
fn the_command_line_amendment_stays_private_too() {
    let server = Server::start();
    let code = server.submit(&opinion(
        "qingxi-village",
        "村口路灯坏了两个月，晚上出行不便。",
    ));
    let out = server.cli(&[
        "reply",
        &code,
        "已联系电工。",
        "--public-question",
        "路灯损坏。",
    ]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(public_replies(&server).len(), 1);
    let out = server.cli(&["reply", &code, "王某某家门口的路灯已修好。"]);
    assert!(out.status.success(), "{out:?}");
    assert!(public_replies(&server).is_empty());
    let shown = server
        .staff_get(&format!("v1/staff/feedback/{code}"))
        .json();
    assert_eq!(shown["reply"]["public"], false, "{shown}");
}

/// `serve` with these arguments and staff token, on a fresh database: its
/// exit status and stderr when it refuses to start.
fn refused_start(args: &[&str], token: Option<&str>) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut command = std::process::Command::new(support::BIN);
    command
        .arg("--db")
        .arg(dir.path().join("gongkai.db"))
        .args(["serve", "--listen", "127.0.0.1:0", "--no-demo"])
        .args(args)
        .env_remove("GONGKAI_STAFF_TOKEN")
        .env_remove("GONGKAI_STAFF_TOKEN_FILE")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    if let Some(token) = token {
        command.env("GONGKAI_STAFF_TOKEN", token);
    }
    let mut child = command.spawn().unwrap();
    // A server that starts prints its address; one that refuses exits.
    let started = std::time::Instant::now();
    while started.elapsed() < std::time::Duration::from_secs(10) {
        if let Some(status) = child.try_wait().unwrap() {
            let out = child.wait_with_output().unwrap();
            return (
                status.success(),
                String::from_utf8_lossy(&out.stderr).into_owned(),
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    (true, "still running".into())
}

#[test]
fn weak_or_visible_staff_tokens_are_refused_at_start() {
    let (ok, stderr) = refused_start(&[], Some("123"));
    assert!(!ok, "a three-digit token was accepted: {stderr}");
    assert!(stderr.contains("32"), "{stderr}");
    let (ok, stderr) = refused_start(&["--staff-token", support::TOKEN], None);
    assert!(!ok, "a token on the command line was accepted: {stderr}");
    assert!(stderr.contains("GONGKAI_STAFF_TOKEN"), "{stderr}");
    assert!(stderr.contains("--staff-token-file"), "{stderr}");
    assert!(
        !stderr.contains(support::TOKEN),
        "the error repeats the token: {stderr}"
    );
}

#[test]
fn the_staff_token_can_come_from_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("token");
    std::fs::write(&file, format!("{}\n", support::TOKEN)).unwrap();
    let server = Server::with(Options {
        staff_token: None,
        extra_args: vec!["--staff-token-file".into(), file.display().to_string()],
        ..Options::default()
    });
    assert_eq!(server.staff_get("v1/staff/feedback").status, 200);
    // A short token in the file is refused like any other.
    std::fs::write(&file, "123\n").unwrap();
    let (ok, stderr) = refused_start(&["--staff-token-file", &file.display().to_string()], None);
    assert!(!ok, "{stderr}");
}

#[test]
fn failed_staff_tokens_are_throttled_per_client() {
    let server = Server::with(Options {
        extra_args: vec!["--behind-proxy".into()],
        ..Options::default()
    });
    let url = server.api("v1/staff/feedback");
    let attempt = |client: &str, token: &str| {
        let auth = format!("Bearer {token}");
        server.get_url(
            &url,
            &[("x-forwarded-for", client), ("authorization", &auth)],
        )
    };
    for i in 0..10 {
        attempt("198.51.100.1", &format!("guess-{i}")).problem(401, "unauthorized");
    }
    let r = attempt("198.51.100.1", "guess-10");
    r.problem(429, "too-many-attempts");
    let wait: u64 = r
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .unwrap();
    assert!(wait > 0 && wait <= 600, "{wait}");
    // Until the window passes, not even the right token from that client.
    attempt("198.51.100.1", TOKEN).problem(429, "too-many-attempts");
    // Other clients are not locked out.
    assert_eq!(attempt("198.51.100.2", TOKEN).status, 200);
}

/// Two `X-Forwarded-For` lines: one the client wrote, one the proxy appended.
fn submit_via_proxy(server: &Server, forged: &str, appended: &str) -> u16 {
    let key = support::unique("submit");
    let body = serde_json::to_vec(&opinion("qingxi-village", "经过代理提交的留言内容。")).unwrap();
    server
        .post_raw(
            "v1/feedback",
            &[
                ("content-type", "application/json"),
                ("idempotency-key", &key),
                ("x-forwarded-for", forged),
                ("x-forwarded-for", appended),
            ],
            &body,
        )
        .status
}

#[test]
fn behind_a_proxy_the_client_is_the_last_address_the_proxy_appended() {
    let server = Server::with(Options {
        submission_limit: 2,
        extra_args: vec!["--behind-proxy".into()],
        ..Options::default()
    });
    // The client changes the line it writes; the proxy's line stays.
    assert_eq!(
        submit_via_proxy(&server, "203.0.113.1", "198.51.100.7"),
        201
    );
    assert_eq!(
        submit_via_proxy(&server, "203.0.113.2", "198.51.100.7"),
        201
    );
    assert_eq!(
        submit_via_proxy(&server, "203.0.113.3", "198.51.100.7"),
        429
    );
}

#[test]
fn ipv6_clients_are_limited_by_their_64_prefix() {
    let server = Server::with(Options {
        submission_limit: 2,
        extra_args: vec!["--behind-proxy".into()],
        ..Options::default()
    });
    assert_eq!(submit_via_proxy(&server, "x", "2001:db8:1:2::1"), 201);
    assert_eq!(submit_via_proxy(&server, "x", "2001:db8:1:2:ffff::2"), 201);
    assert_eq!(submit_via_proxy(&server, "x", "2001:db8:1:2::3"), 429);
    // Another /64 is another client.
    assert_eq!(submit_via_proxy(&server, "x", "2001:db8:1:3::1"), 201);
}

#[test]
fn every_answer_carries_the_browser_security_headers() {
    let spa = tempfile::tempdir().unwrap();
    let loader = "\nimport init from './app.js';\nawait init();\n";
    let index = format!("<!doctype html><title>t</title><script type=\"module\">{loader}</script>");
    // (An inline script, as an older build had: it gets no hash.)
    std::fs::write(spa.path().join("index.html"), &index).unwrap();
    std::fs::write(spa.path().join("app.js"), "export default 1").unwrap();
    let server = Server::with(Options {
        spa: Some(spa.path().to_owned()),
        ..Options::default()
    });
    let code = server.submit(&opinion("qingxi-village", "检查安全响应头的留言内容。"));
    let urls = [
        server.url(""),
        server.url("org/qingxi-village"),
        server.url("app.js"),
        server.url("missing.js"),
        server.url("config.json"),
        server.api("v1/site.json"),
        server.api("v1/no-such.json"),
        server.api(&format!("v1/feedback/{code}")),
        server.api("files/no-such.pdf"),
    ];
    for url in &urls {
        let r = server.get_url(url, &[]);
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"), "{url}");
        assert_eq!(r.header("referrer-policy"), Some("no-referrer"), "{url}");
        assert_eq!(r.header("x-frame-options"), Some("SAMEORIGIN"), "{url}");
        let csp = r.header("content-security-policy").unwrap_or_default();
        assert!(csp.contains("frame-ancestors 'self'"), "{url}: {csp}");
        assert!(csp.contains("object-src 'none'"), "{url}: {csp}");
        assert!(csp.contains("base-uri 'self'"), "{url}: {csp}");
    }
    // No inline script runs, even one in the app's own page: the build has
    // none (scripts/post-build.mjs), so a script in a page is an injection.
    let csp = server
        .get_url(&server.url(""), &[])
        .header("content-security-policy")
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval';"),
        "{csp}"
    );
    assert!(csp.contains("style-src 'self';"), "{csp}");
    assert!(!csp.contains("'sha256-"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
}

#[test]
fn only_the_configured_portals_may_frame_the_app() {
    let portal = "https://portal.example";
    let server = Server::with(Options {
        cors_origin: Some(portal.to_owned()),
        ..Options::default()
    });
    framed_by(&server, portal);
}

/// The app's pages may be framed by `portal` (and the app itself): its
/// origin in frame-ancestors, and no X-Frame-Options, which cannot name
/// another origin (browsers that read frame-ancestors ignore it).
fn framed_by(server: &Server, portal: &str) {
    let r = server.get("v1/site.json");
    let csp = r.header("content-security-policy").unwrap_or_default();
    assert!(
        csp.contains(&format!("frame-ancestors 'self' {portal}")),
        "{csp}"
    );
    assert_eq!(r.header("x-frame-options"), None);
}

#[test]
fn a_portal_may_frame_the_app_without_calling_its_api() {
    let portal = "https://frames.example";
    let server = Server::with(Options {
        extra_args: vec!["--frame-origin".into(), portal.into()],
        ..Options::default()
    });
    framed_by(&server, portal);
    // Framing is all it may do: its submissions are not let through.
    let r = server.get_url(&server.api("v1/site.json"), &[("origin", portal)]);
    assert_eq!(r.header("access-control-allow-origin"), None);
    // Without a portal, no other origin may frame it.
    let plain = Server::start();
    let r = plain.get("v1/site.json");
    let csp = r.header("content-security-policy").unwrap_or_default();
    assert!(csp.ends_with("frame-ancestors 'self'"), "{csp}");
    assert_eq!(r.header("x-frame-options"), Some("SAMEORIGIN"));
}

#[test]
fn cors_clients_can_read_the_etag() {
    let origin = "https://portal.example";
    let server = Server::with(Options {
        cors_origin: Some(origin.to_owned()),
        ..Options::default()
    });
    let r = server.get_url(&server.api("v1/site.json"), &[("origin", origin)]);
    assert_eq!(r.header("access-control-allow-origin"), Some(origin));
    assert!(r.header("etag").is_some());
    let exposed = r
        .header("access-control-expose-headers")
        .unwrap_or_default()
        .to_ascii_lowercase();
    assert!(exposed.split(',').any(|h| h.trim() == "etag"), "{exposed}");
}

#[test]
fn malformed_urls_do_not_put_a_tracking_code_in_the_log() {
    let server = Server::with(Options {
        quiet: false,
        ..Options::default()
    });
    let code = server.submit(&opinion("qingxi-village", "留言码不应出现在服务器日志里。"));
    let plain = code.replace('-', "");
    let escaped = code.replace('-', "%2D");
    let paths = [
        format!("api/v1/feedback//{code}"),
        format!("api//v1/feedback/{code}"),
        format!("api/v1/Feedback/{plain}"),
        code.clone(),
        format!("lookup/{escaped}"),
        format!("api/v1/feedback/{code}.json"),
        format!("api/v1/feedbacks/{code}"),
    ];
    for path in &paths {
        server.get_url(&server.url(path), &[]);
    }
    let mut log = String::new();
    for _ in 0..50 {
        log = server.log();
        if log.lines().count() > paths.len() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(log.lines().count() > paths.len(), "{log}");
    for secret in [code.as_str(), &plain, &plain.to_lowercase(), &escaped] {
        assert!(!log.contains(secret), "{secret} in the log:\n{log}");
    }
}

#[test]
fn names_cannot_hide_or_reorder_text_in_staff_views() {
    let server = Server::start();
    let code = server.submit(&json!({
        "kind": "complaint",
        "org": "qingxi-village",
        "body": "路灯\u{200B}坏了\u{2028}请修理，已经坏了很久。",
        "name": "\u{202E}三张\u{202C}",
        "contact": "138\u{2066}0000\u{2069}1234",
    }));
    let case = server
        .staff_get(&format!("v1/staff/feedback/{code}"))
        .json();
    assert_eq!(case["name"], "三张");
    assert_eq!(case["contact"], "13800001234");
    assert_eq!(case["body"], "路灯坏了\n请修理，已经坏了很久。");

    // A name stored before input dropped them is shown, not obeyed.
    let db = rusqlite::Connection::open(&server.db).unwrap();
    db.execute(
        "UPDATE feedback SET name = ?1, body = ?2 WHERE code = ?3",
        ["\u{202E}三张", "\u{202E}路灯坏了，请修理。", code.as_str()],
    )
    .unwrap();
    let shown = server.cli(&["show", &code]);
    let shown = String::from_utf8(shown.stdout).unwrap();
    assert!(shown.contains("\\u202e三张"), "{shown}");
    let listed = String::from_utf8(server.cli(&["list"]).stdout).unwrap();
    for out in [&shown, &listed] {
        assert!(!out.contains('\u{202E}'), "{out}");
    }
    assert!(listed.contains("路灯坏了，请修理。"), "{listed}");
}

#[test]
fn public_reply_ids_reveal_nothing_and_stay_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gongkai.db");
    let server = Server::on(&db, &Options::default());
    for body in ["第一条留言的内容，请答复。", "第二条留言的内容，请答复。"]
    {
        let code = server.submit(&opinion("qingxi-village", body));
        let r = server.staff_post(
            &format!("v1/staff/feedback/{code}/reply"),
            &json!({ "text": "已答复。", "public_question": "群众的问题。" }),
        );
        assert_eq!(r.status, 200, "{}", r.text());
    }
    let ids = |server: &Server| -> Vec<String> {
        public_replies(server)
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let before = ids(&server);
    assert_eq!(before.len(), 2);
    for id in &before {
        assert!(id.len() >= 16, "{id}");
        assert!(
            !id[1..].chars().all(|c| c.is_ascii_digit()),
            "a row number: {id}"
        );
    }
    assert!(
        server
            .terminate(std::time::Duration::from_secs(10))
            .is_some(),
        "the server did not stop"
    );
    let again = Server::on(&db, &Options::default());
    assert_eq!(ids(&again), before, "ids change across restarts");
}
