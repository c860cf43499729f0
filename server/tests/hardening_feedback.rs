//! The server-hardening findings on the feedback side, over real HTTP: a new
//! reply stays private until published, staff tokens, the proxy's address,
//! browser security headers, opaque public ids and a log without codes.

mod support;

use serde_json::{json, Value};
use support::Server;

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
    let code = server.submit(&opinion("qingxi-village", "村口路灯坏了两个月，晚上出行不便。"));
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
    assert!(board.is_empty(), "the amended reply was published: {board:?}");

    // Published explicitly, it is public again, with the new text.
    let r = server.staff_post(
        &format!("v1/staff/feedback/{code}/publish"),
        &json!({ "question": "村口路灯损坏，请求维修。" }),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let board = public_replies(&server);
    assert_eq!(board.len(), 1);
    assert_eq!(board[0]["reply"], "王某某（13800001234）家门口的路灯已修好。");
}

#[test]
fn the_command_line_amendment_stays_private_too() {
    let server = Server::start();
    let code = server.submit(&opinion("qingxi-village", "村口路灯坏了两个月，晚上出行不便。"));
    let out = server.cli(&["reply", &code, "已联系电工。", "--public-question", "路灯损坏。"]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(public_replies(&server).len(), 1);
    let out = server.cli(&["reply", &code, "王某某家门口的路灯已修好。"]);
    assert!(out.status.success(), "{out:?}");
    assert!(public_replies(&server).is_empty());
    let shown = server.staff_get(&format!("v1/staff/feedback/{code}")).json();
    assert_eq!(shown["reply"]["public"], false, "{shown}");
}
