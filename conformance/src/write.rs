//! The write side (feedback, 意见箱): only when `v1/site.json` claims it and
//! the run was asked to (`--write`), because it creates test submissions.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use gongkai::domain::feedback::TrackingCode;
use serde_json::{json, Value};
use url::Url;

use crate::http::Fetched;
use crate::read::Entry;
use crate::report::{Check, Findings, Outcome};
use crate::schema::clip;
use crate::Ctx;

const WRITE: (&str, &str) = ("write", "意见箱 the write side (feedback)");
const SERVICE: (&str, &str) = (
    "feedback.service",
    "意见箱声明 site.json's feedback is a FeedbackService",
);
const NO_KEY: (&str, &str) = (
    "feedback.no-key",
    "缺少幂等键 POST v1/feedback without Idempotency-Key → 400 problem",
);
const INVALID: (&str, &str) = (
    "feedback.invalid",
    "校验错误 POST v1/feedback with an empty body text → 422 problem at /body",
);
const SUBMIT: (&str, &str) = (
    "feedback.submit",
    "提交留言 POST v1/feedback, a valid inquiry → 201 FeedbackReceipt, Location",
);
const REPLAY: (&str, &str) = (
    "feedback.replay",
    "幂等重放 same key, same body → the same tracking code",
);
const KEY_REUSE: (&str, &str) = (
    "feedback.key-reuse",
    "幂等键复用 same key, another body → 422 problem",
);
const READ_BACK: (&str, &str) = (
    "feedback.read-back",
    "查询留言 GET v1/feedback/{code} → FeedbackState, without name or contact",
);
const FORGIVING: (&str, &str) = (
    "feedback.read-forgiving",
    "留言码宽松读取 the code in lower case without hyphens → the same record",
);
const UNKNOWN: (&str, &str) = (
    "feedback.unknown",
    "未知留言码 GET v1/feedback/0000-0000-0000 → 404 problem",
);
const OBJECTION: (&str, &str) = (
    "feedback.objection-ended",
    "公示结束后异议 an objection after the publicity period → 422 problem at /item",
);
const REPLIES: (&str, &str) = (
    "feedback.replies",
    "公开答复 v1/orgs/{root}/replies.json: ReplyPages, paging by next ends",
);
const RATING: (&str, &str) = (
    "feedback.rating-early",
    "答复前评价 POST v1/feedback/{code}/rating before a reply → 409 problem",
);

/// The operation of `POST v1/feedback` in the spec.
const SUBMIT_OP: (&str, &str) = ("post", "/v1/feedback");

/// The texts of the test submission; staff can recognise and delete it.
pub const TEST_BODY: &str = "一致性检查：这是一条测试留言，可删除。";
const TEST_BODY_OTHER: &str = "一致性检查：同一幂等键的另一条留言，应被拒绝。";
const TEST_OBJECTION: &str = "一致性检查：对公示期已结束事项的异议，应被拒绝。";
pub const TEST_NAME: &str = "一致性检查";
pub const TEST_CONTACT: &str = "13800000000";

/// A fresh `Idempotency-Key`: visible ASCII, unique per run and request.
fn new_key() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!(
        "gongkai-conformance-{nanos:x}-{:x}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// The start of a body, for a message.
pub(crate) fn excerpt(r: &Fetched) -> String {
    if r.body.is_empty() {
        return String::new();
    }
    format!(
        "; body {:?}",
        clip(String::from_utf8_lossy(&r.body).trim(), 160)
    )
}

/// Whether a problem's `errors` has one at `pointer`.
pub(crate) fn has_pointer(problem: &Value, pointer: &str) -> bool {
    problem
        .get("errors")
        .and_then(Value::as_array)
        .is_some_and(|errors| errors.iter().any(|e| e["pointer"] == pointer))
}

/// Whether `value` holds the string `needle` anywhere (as a whole string).
fn holds_string(value: &Value, needle: &str) -> bool {
    match value {
        Value::String(s) => s == needle,
        Value::Array(a) => a.iter().any(|v| holds_string(v, needle)),
        Value::Object(o) => o.values().any(|v| holds_string(v, needle)),
        _ => false,
    }
}

impl Ctx<'_> {
    pub(crate) fn write_side(&mut self) {
        let Some(site) = self.site.clone() else {
            self.push(Check::new(
                WRITE.0,
                WRITE.1,
                Outcome::Skip,
                "needs v1/site.json",
            ));
            return;
        };
        let service = match site.get("feedback") {
            None | Some(Value::Null) => {
                self.push(Check::new(
                    WRITE.0,
                    WRITE.1,
                    Outcome::Skip,
                    "backend does not claim the write side (no feedback in site.json)",
                ));
                return;
            }
            Some(service) => service.clone(),
        };
        let kinds: Vec<String> = service
            .get("kinds")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|k| k.as_str().map(str::to_owned))
            .collect();
        self.check_service(&service, &kinds);
        if !self.cfg.write {
            self.push(Check::new(
                WRITE.0,
                WRITE.1,
                Outcome::Skip,
                "pass --write to check it; it creates test submissions",
            ));
            return;
        }
        let Some(root) = site.get("root_org").and_then(Value::as_str) else {
            self.push(Check::new(
                WRITE.0,
                WRITE.1,
                Outcome::Fail,
                "site.json has no root_org to address the test submission to",
            ));
            return;
        };
        let root = root.to_owned();
        let feedback = match self.url("v1/feedback") {
            Ok(u) => u,
            Err(e) => {
                self.push(Check::new(WRITE.0, WRITE.1, Outcome::Fail, e));
                return;
            }
        };
        // An inquiry if the backend takes them, else any kind but objection.
        let kind = if kinds.iter().any(|k| k == "inquiry") || kinds.is_empty() {
            "inquiry".to_owned()
        } else {
            kinds
                .iter()
                .find(|k| *k != "objection")
                .cloned()
                .unwrap_or_else(|| "inquiry".to_owned())
        };
        let valid = json!({
            "kind": kind,
            "org": root,
            "body": TEST_BODY,
            "name": TEST_NAME,
            "contact": TEST_CONTACT,
        });

        self.check_no_key(&feedback, &valid);
        self.check_invalid(&feedback, &valid);
        let key = new_key();
        let code = self.check_submit(&feedback, &key, &valid);
        match &code {
            Some(code) => {
                self.check_replay(&feedback, &key, &valid, code);
                self.check_key_reuse(&feedback, &key, &valid);
                self.check_read_back(code);
                self.check_forgiving(code);
            }
            None => {
                for (name, title) in [REPLAY, KEY_REUSE, READ_BACK, FORGIVING] {
                    self.push(Check::new(
                        name,
                        title,
                        Outcome::Skip,
                        "needs the tracking code of feedback.submit",
                    ));
                }
            }
        }
        self.check_unknown();
        self.check_objection(&feedback, &kinds);
        self.check_replies(&root);
        match &code {
            Some(code) => self.check_rating(code),
            None => self.push(Check::new(
                RATING.0,
                RATING.1,
                Outcome::Skip,
                "needs the tracking code of feedback.submit",
            )),
        }
    }

    fn check_service(&mut self, service: &Value, kinds: &[String]) {
        let mut f = Findings::new();
        let url = self.url("v1/site.json").expect("it was read");
        let problems = self
            .cfg
            .spec
            .problems("FeedbackService", service, url.as_str());
        if problems.is_empty() {
            crate::read::app_reads::<gongkai::api::FeedbackService>(
                service,
                &url,
                "FeedbackService",
                &mut f,
            );
        }
        f.extend(
            problems
                .into_iter()
                .map(|p| format!("{p} (within \"/feedback\")")),
        );
        if kinds.is_empty() {
            f.fail(format!(
                "{url} at \"/feedback/kinds\": no kinds of feedback"
            ));
        }
        let note = format!("kinds {}", kinds.join(", "));
        self.push(f.into_check(SERVICE.0, SERVICE.1, note));
    }

    /// Checks an error answer: its status, `application/problem+json`, the
    /// Problem schema and its `status` member. The problem, when it is one.
    pub(crate) fn expect_problem(
        &self,
        op: (&str, &str),
        r: &Fetched,
        status: u16,
        f: &mut Findings,
    ) -> Option<Value> {
        let what = op.0.to_uppercase();
        if r.status != status {
            f.fail(format!(
                "{what} {}: HTTP {}, expected {status}{}",
                r.url,
                r.status,
                excerpt(r)
            ));
            return None;
        }
        let media = r.media_type().unwrap_or_else(|| "none".into());
        if media != "application/problem+json" {
            f.fail(format!(
                "{what} {}: HTTP {status} with Content-Type {media}, expected application/problem+json",
                r.url
            ));
        }
        let problem = match crate::parse_json(r) {
            Ok((v, _)) => v,
            Err(e) => {
                f.fail(e);
                return None;
            }
        };
        f.extend(self.cfg.spec.response_problems(
            op,
            status,
            "application/problem+json",
            "Problem",
            &problem,
            r.url.as_str(),
        ));
        if let Some(s) = problem.get("status").and_then(Value::as_u64) {
            if s != u64::from(status) {
                f.fail(format!(
                    "{what} {} at \"/status\": {s}, but the HTTP status is {status}",
                    r.url
                ));
            }
        }
        Some(problem)
    }

    /// A 2xx JSON answer of schema `name`, read by the app's `T`.
    fn expect_json<T: serde::de::DeserializeOwned>(
        &self,
        what: &str,
        r: &Fetched,
        statuses: &[u16],
        name: &str,
        f: &mut Findings,
    ) -> Option<Value> {
        if !statuses.contains(&r.status) {
            f.fail(format!(
                "{what} {}: HTTP {}, expected {}{}",
                r.url,
                r.status,
                statuses
                    .iter()
                    .map(u16::to_string)
                    .collect::<Vec<_>>()
                    .join(" or "),
                excerpt(r)
            ));
            return None;
        }
        let media = r.media_type().unwrap_or_else(|| "none".into());
        if media != "application/json" {
            f.warn(format!(
                "{what} {}: Content-Type {media}, expected application/json",
                r.url
            ));
        }
        let value = match crate::parse_json(r) {
            Ok((v, _)) => v,
            Err(e) => {
                f.fail(e);
                return None;
            }
        };
        self.validate::<T>(name, &value, &r.url, f);
        Some(value)
    }

    pub(crate) fn post(
        &mut self,
        url: &Url,
        key: Option<&str>,
        body: &Value,
        f: &mut Findings,
    ) -> Option<Fetched> {
        match self.http.post_json(url, key, body) {
            Ok(r) => Some(r),
            Err(e) => {
                f.fail(format!("POST {e}"));
                None
            }
        }
    }

    fn get(&mut self, path: &str, f: &mut Findings) -> Option<Fetched> {
        match self.url(path).and_then(|url| self.http.get(&url)) {
            Ok(r) => Some(r),
            Err(e) => {
                f.fail(format!("GET {e}"));
                None
            }
        }
    }

    fn check_no_key(&mut self, feedback: &Url, valid: &Value) {
        let mut f = Findings::new();
        if let Some(r) = self.post(feedback, None, valid, &mut f) {
            if r.status / 100 == 2 {
                f.fail(format!(
                    "POST {}: HTTP {} — accepted a submission without Idempotency-Key",
                    r.url, r.status
                ));
            } else {
                self.expect_problem(SUBMIT_OP, &r, 400, &mut f);
            }
        }
        self.push(f.into_check(NO_KEY.0, NO_KEY.1, ""));
    }

    fn check_invalid(&mut self, feedback: &Url, valid: &Value) {
        let mut f = Findings::new();
        let mut body = valid.clone();
        body["body"] = json!("");
        if let Some(r) = self.post(feedback, Some(&new_key()), &body, &mut f) {
            if let Some(problem) = self.expect_problem(SUBMIT_OP, &r, 422, &mut f) {
                if !has_pointer(&problem, "/body") {
                    f.fail(format!(
                        "POST {} at \"/errors\": no error with pointer \"/body\"; errors: {}",
                        r.url,
                        clip(&problem["errors"].to_string(), 200)
                    ));
                }
            }
        }
        self.push(f.into_check(INVALID.0, INVALID.1, ""));
    }

    fn check_submit(&mut self, feedback: &Url, key: &str, valid: &Value) -> Option<String> {
        let mut f = Findings::new();
        let mut code = None;
        if let Some(r) = self.post(feedback, Some(key), valid, &mut f) {
            if let Some(receipt) = self.expect_json::<gongkai::api::FeedbackReceipt>(
                "POST",
                &r,
                &[201],
                "FeedbackReceipt",
                &mut f,
            ) {
                let at = |field: &str| format!("POST {} at \"/{field}\"", r.url);
                match receipt.get("code").and_then(Value::as_str) {
                    Some(c) if TrackingCode::normalize(c).as_deref() == Some(c) => {
                        code = Some(c.to_owned())
                    }
                    Some(c) => f.fail(format!(
                        "{}: {c:?} is not a tracking code XXXX-XXXX-XXXX (Crockford base 32, capitals)",
                        at("code")
                    )),
                    None => f.fail(format!("{}: no code", at("code"))),
                }
                for (field, want) in [
                    ("status", "received"),
                    ("kind", valid["kind"].as_str().unwrap_or_default()),
                    ("org", valid["org"].as_str().unwrap_or_default()),
                ] {
                    if receipt[field] != want {
                        f.fail(format!(
                            "{}: {}, expected {want:?}",
                            at(field),
                            receipt[field]
                        ));
                    }
                }
                match (&r.location, &code) {
                    (None, _) => f.fail(format!("POST {}: no Location header", r.url)),
                    (Some(location), Some(code)) => {
                        self.location_rule(feedback, location, code, &mut f)
                    }
                    (Some(_), None) => {}
                }
            }
        }
        let note = code
            .as_ref()
            .map(|c| format!("tracking code {c}"))
            .unwrap_or_default();
        self.push(f.into_check(SUBMIT.0, SUBMIT.1, note));
        code
    }

    /// `Location` resolves, as RFC 9110 says, against the request URL.
    fn location_rule(&self, feedback: &Url, location: &str, code: &str, f: &mut Findings) {
        let Ok(want) = self.url(&format!("v1/feedback/{code}")) else {
            return;
        };
        let against_request = feedback.join(location).ok();
        if against_request.as_ref() == Some(&want) {
            return;
        }
        let hint = if self.cfg.base.join(location).ok().as_ref() == Some(&want) {
            " (it would, resolved against the api base; but a relative Location resolves against \
             the request URL, RFC 9110 §10.2.2: write feedback/{code}, or an absolute URL)"
        } else {
            ""
        };
        f.fail(format!(
            "POST {feedback}: Location {location:?} resolves to {}, not to {want}{hint}",
            against_request
                .map(|u| u.to_string())
                .unwrap_or_else(|| "nothing".into())
        ));
    }

    fn check_replay(&mut self, feedback: &Url, key: &str, valid: &Value, code: &str) {
        let mut f = Findings::new();
        if let Some(r) = self.post(feedback, Some(key), valid, &mut f) {
            if let Some(receipt) = self.expect_json::<gongkai::api::FeedbackReceipt>(
                "POST (replay)",
                &r,
                &[200, 201],
                "FeedbackReceipt",
                &mut f,
            ) {
                if receipt["code"] != code {
                    f.fail(format!(
                        "POST {} (replay) at \"/code\": {}, but the first answer had {code} — a second record?",
                        r.url, receipt["code"]
                    ));
                }
                if r.status != 201 {
                    f.fail(format!(
                        "POST {} (replay): HTTP {}; a replay repeats the first answer, 201",
                        r.url, r.status
                    ));
                }
                if r.replayed.as_deref() != Some("true") {
                    f.fail(format!(
                        "POST {} (replay): Idempotent-Replayed is {:?}, expected \"true\"",
                        r.url,
                        r.replayed.as_deref().unwrap_or("absent")
                    ));
                }
            }
        }
        self.push(f.into_check(REPLAY.0, REPLAY.1, ""));
    }

    fn check_key_reuse(&mut self, feedback: &Url, key: &str, valid: &Value) {
        let mut f = Findings::new();
        let mut other = valid.clone();
        other["body"] = json!(TEST_BODY_OTHER);
        if let Some(r) = self.post(feedback, Some(key), &other, &mut f) {
            self.expect_problem(SUBMIT_OP, &r, 422, &mut f);
        }
        self.push(f.into_check(KEY_REUSE.0, KEY_REUSE.1, ""));
    }

    fn check_read_back(&mut self, code: &str) {
        let mut f = Findings::new();
        if let Some(r) = self.get(&format!("v1/feedback/{code}"), &mut f) {
            if let Some(state) = self.expect_json::<gongkai::api::FeedbackState>(
                "GET",
                &r,
                &[200],
                "FeedbackState",
                &mut f,
            ) {
                let url = &r.url;
                if state["code"] != code {
                    f.fail(format!(
                        "GET {url} at \"/code\": {}, expected {code}",
                        state["code"]
                    ));
                }
                if state["status"] != "received" {
                    f.fail(format!(
                        "GET {url} at \"/status\": {}, expected \"received\"",
                        state["status"]
                    ));
                }
                for key in ["name", "contact"] {
                    if state.get(key).is_some() {
                        f.fail(format!(
                            "GET {url} at \"/{key}\": the submitter's {key} is returned; it never is"
                        ));
                    }
                }
                if holds_string(&state, TEST_NAME) || state.to_string().contains(TEST_CONTACT) {
                    f.fail(format!(
                        "GET {url}: the submitter's name or contact appears in the answer"
                    ));
                }
                if state["body"] != TEST_BODY {
                    f.warn(format!(
                        "GET {url} at \"/body\": {}, but the submission said {TEST_BODY:?}",
                        state["body"]
                    ));
                }
            }
        }
        self.push(f.into_check(READ_BACK.0, READ_BACK.1, ""));
    }

    fn check_forgiving(&mut self, code: &str) {
        let mut f = Findings::new();
        let typed = code.to_lowercase().replace('-', "");
        if let Some(r) = self.get(&format!("v1/feedback/{typed}"), &mut f) {
            if let Some(state) = self.expect_json::<gongkai::api::FeedbackState>(
                "GET",
                &r,
                &[200],
                "FeedbackState",
                &mut f,
            ) {
                if state["code"] != code {
                    f.fail(format!(
                        "GET {} at \"/code\": {}, expected {code}",
                        r.url, state["code"]
                    ));
                }
            }
        }
        self.push(f.into_check(FORGIVING.0, FORGIVING.1, format!("as {typed}")));
    }

    fn check_unknown(&mut self) {
        let mut f = Findings::new();
        if let Some(r) = self.get("v1/feedback/0000-0000-0000", &mut f) {
            self.expect_problem(("get", "/v1/feedback/{code}"), &r, 404, &mut f);
        }
        self.push(f.into_check(UNKNOWN.0, UNKNOWN.1, ""));
    }

    fn check_objection(&mut self, feedback: &Url, kinds: &[String]) {
        if !kinds.iter().any(|k| k == "objection") {
            self.push(Check::new(
                OBJECTION.0,
                OBJECTION.1,
                Outcome::Skip,
                "the backend does not take objections",
            ));
            return;
        }
        let now = self.now;
        let ended = self.details.iter().find_map(|(id, item)| {
            let end = item.get("publicity")?.get("end")?.as_str()?;
            let end =
                time::OffsetDateTime::parse(end, &time::format_description::well_known::Rfc3339)
                    .ok()?;
            let org = item.get("org")?.as_str()?;
            (end < now).then(|| (id.clone(), org.to_owned()))
        });
        let Some((id, org)) = ended else {
            self.push(Check::new(
                OBJECTION.0,
                OBJECTION.1,
                Outcome::Skip,
                "no item's publicity period has ended",
            ));
            return;
        };
        let mut f = Findings::new();
        let body = json!({ "kind": "objection", "org": org, "item": id, "body": TEST_OBJECTION });
        if let Some(r) = self.post(feedback, Some(&new_key()), &body, &mut f) {
            if r.status / 100 == 2 {
                f.fail(format!(
                    "POST {}: HTTP {} — accepted an objection to {id}, whose publicity period has ended",
                    r.url, r.status
                ));
            } else if let Some(problem) = self.expect_problem(SUBMIT_OP, &r, 422, &mut f) {
                if !has_pointer(&problem, "/item") {
                    f.fail(format!(
                        "POST {} at \"/errors\": no error with pointer \"/item\"; errors: {}",
                        r.url,
                        clip(&problem["errors"].to_string(), 200)
                    ));
                }
            }
        }
        self.push(f.into_check(OBJECTION.0, OBJECTION.1, format!("on item {id}")));
    }

    fn check_replies(&mut self, root: &str) {
        let mut f = Findings::new();
        let first = match self.id_url("v1/orgs/", root, "/replies.json") {
            Ok(u) => u,
            Err(e) => {
                self.push(Check::new(REPLIES.0, REPLIES.1, Outcome::Fail, e));
                return;
            }
        };
        let paged = self.follow::<gongkai::api::ReplyPage>(first, "ReplyPage", "replies", &mut f);
        let mut ids = std::collections::HashMap::<&str, &Entry>::new();
        let mut last_day: Option<&str> = None;
        let mut order_reported = false;
        for entry in &paged.entries {
            // Dates as YYYY-MM-DD sort as text.
            if let Some(day) = entry.value.get("replied_on").and_then(Value::as_str) {
                if last_day.is_some_and(|last| day > last) && !order_reported {
                    order_reported = true;
                    f.fail(format!(
                        "{} at \"{}/replied_on\": {day} is later than the reply before it; replies are newest first",
                        entry.page, entry.pointer
                    ));
                }
                last_day = Some(day);
            }
            let at = format!("{} at \"{}\"", entry.page, entry.pointer);
            if let Some(id) = entry.value.get("id").and_then(Value::as_str) {
                if let Some(before) = ids.insert(id, entry) {
                    f.fail(format!(
                        "{at}: id {id} appears again (first at {} at \"{}\")",
                        before.page, before.pointer
                    ));
                }
            }
            if let Some(org) = entry.value.get("org").and_then(Value::as_str) {
                if org != root {
                    f.fail(format!("{at}: a reply of {org} in the list of {root}"));
                }
            }
            for key in ["code", "name", "contact"] {
                if entry.value.get(key).is_some() {
                    f.fail(format!(
                        "{} at \"{}/{key}\": a public reply never carries the submitter's {key}",
                        entry.page, entry.pointer
                    ));
                }
            }
        }
        let note = format!("{} replies on {} pages", paged.entries.len(), paged.pages);
        self.push(f.into_check(REPLIES.0, REPLIES.1, note));
    }

    fn check_rating(&mut self, code: &str) {
        let mut f = Findings::new();
        match self.url(&format!("v1/feedback/{code}/rating")) {
            Ok(url) => {
                let body = json!({ "rating": "satisfied" });
                if let Some(r) = self.post(&url, Some(&new_key()), &body, &mut f) {
                    self.expect_problem(("post", "/v1/feedback/{code}/rating"), &r, 409, &mut f);
                }
            }
            Err(e) => f.fail(e),
        }
        self.push(f.into_check(RATING.0, RATING.1, ""));
    }
}
