//! The conformance checker: does a backend at some base URL serve what
//! `openapi.yaml` says, over real HTTP? Each rule is a named [`Check`]; a
//! [`Report`] passes when none fails.
//!
//! ```no_run
//! let config = gongkai_conformance::Config::new("http://127.0.0.1:8081/demo/").unwrap();
//! let report = gongkai_conformance::run(&config);
//! println!("{report}");
//! std::process::exit(report.exit_code().into());
//! ```
//!
//! The read side is always checked. The write side (feedback) is checked
//! only when `v1/site.json` claims it with `feedback` and [`Config::write`]
//! is set, because it creates test submissions on the backend. So is the
//! kiosk heartbeat, when `site.json` advertises `kiosk_heartbeat`: a beat
//! leaves a test device in the backend's list of kiosks.
//!
//! Content types: the contract asks for `application/json`. A static host
//! that serves `.json` files as something else (`text/plain`,
//! `application/octet-stream`) still works with the app, which reads the
//! text whatever its type, so such a file is a WARN, not a FAIL, as long as
//! it parses as JSON. Error bodies of the write side must be
//! `application/problem+json` (a FAIL otherwise).

mod http;
mod kiosk;
mod read;
mod report;
mod schema;
mod search;
mod write;

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use serde_json::Value;
use time::OffsetDateTime;
use url::Url;

pub use report::{Check, Outcome, Report};
pub use schema::{Spec, BUNDLED_SPEC};

use http::{Fetched, Http};
use report::Findings;

/// What to check and how.
pub struct Config {
    /// The backend's base URL (`api_base`), ending in `/`; the contract's
    /// paths (`v1/site.json` …) are resolved against it.
    pub base: Url,
    /// The contract: the bundled `openapi.yaml` unless told otherwise.
    pub spec: Spec,
    /// Check the write side too (it creates test submissions).
    pub write: bool,
    /// Per request, connection to last byte.
    pub timeout: Duration,
    /// Following `next` further than this many pages fails.
    pub max_pages: usize,
    /// "Now", for publicity periods and calendar years; the clock when `None`.
    pub now: Option<OffsetDateTime>,
}

impl Config {
    /// The defaults for a base URL: bundled spec, read side only, 30 s per
    /// request, at most 1000 pages per list.
    pub fn new(base: &str) -> Result<Config, String> {
        Ok(Config {
            base: base_url(base)?,
            spec: Spec::bundled(),
            write: false,
            timeout: Duration::from_secs(30),
            max_pages: 1000,
            now: None,
        })
    }
}

/// Parses an `http(s)` base URL and adds the trailing `/` that the app adds
/// too (`…/api` → `…/api/`).
pub fn base_url(s: &str) -> Result<Url, String> {
    let mut url = Url::parse(s).map_err(|e| format!("{s}: not an absolute URL ({e})"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("{s}: not an http or https URL"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!("{s}: a base URL has no query or fragment"));
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

/// Runs every check and returns the report.
pub fn run(config: &Config) -> Report {
    run_with(config, &mut |_| {})
}

/// Like [`run`], calling `on_check` with each check as soon as it is done
/// (to print progress).
pub fn run_with(config: &Config, on_check: &mut dyn FnMut(&Check)) -> Report {
    let mut ctx = Ctx {
        cfg: config,
        http: Http::new(config.timeout),
        now: config.now.unwrap_or_else(OffsetDateTime::now_utc),
        report: Report {
            base: config.base.to_string(),
            checks: Vec::new(),
        },
        on_check,
        types: Findings::new(),
        json_documents: 0,
        site: None,
        orgs: None,
        details: BTreeMap::new(),
    };
    ctx.read_side();
    ctx.write_side();
    ctx.kiosk_side();
    ctx.check_content_types();
    ctx.report
}

/// The state of one run.
pub(crate) struct Ctx<'a> {
    cfg: &'a Config,
    http: Http,
    now: OffsetDateTime,
    report: Report,
    on_check: &'a mut dyn FnMut(&Check),
    /// Content-type findings of every JSON document read.
    types: Findings,
    json_documents: usize,
    /// `v1/site.json`, when it was JSON.
    site: Option<Value>,
    /// The ids of `v1/orgs.json`, when it had a list.
    orgs: Option<BTreeSet<String>>,
    /// Every item read from `v1/items/{id}.json` that was a JSON object.
    details: BTreeMap<String, Value>,
}

impl Ctx<'_> {
    fn push(&mut self, check: Check) {
        (self.on_check)(&check);
        self.report.checks.push(check);
    }

    /// A contract path resolved against the base.
    fn url(&self, path: &str) -> Result<Url, String> {
        self.cfg
            .base
            .join(path)
            .map_err(|e| format!("{path}: cannot resolve against {}: {e}", self.cfg.base))
    }

    /// `{before}{id}{after}` resolved against the base, for an `id` from the
    /// backend: only a valid Id ([`gongkai::api::is_valid_id`]:
    /// `^[A-Za-z0-9][A-Za-z0-9_-]*$`, at most 128 characters) is put in a
    /// URL, so that no answer can steer the checker elsewhere.
    fn id_url(&self, before: &str, id: &str, after: &str) -> Result<Url, String> {
        if !gongkai::api::is_valid_id(id) {
            return Err(format!(
                "{id:?} is not an Id (^[A-Za-z0-9][A-Za-z0-9_-]*$, at most {} characters): {before}{{id}}{after} not fetched",
                gongkai::api::ID_MAX_LEN
            ));
        }
        self.url(&format!("{before}{id}{after}"))
    }

    /// GET a JSON document that must answer 200.
    fn get_json(&mut self, url: &Url) -> Result<Value, String> {
        self.get_json_at(url).map(|(value, _)| value)
    }

    /// Like [`Ctx::get_json`], with the URL it came from after redirects
    /// (the base for its relative references).
    fn get_json_at(&mut self, url: &Url) -> Result<(Value, Url), String> {
        let fetched = self.http.get(url)?;
        if fetched.status != 200 {
            return Err(format!("{url}: HTTP {}, expected 200", fetched.status));
        }
        let value = self.json_of(&fetched, "application/json")?;
        Ok((value, fetched.url))
    }

    /// The body as JSON, noting its content type (expected `want`) for the
    /// `content-type` check.
    fn json_of(&mut self, fetched: &Fetched, want: &str) -> Result<Value, String> {
        let url = &fetched.url;
        let (value, bom) = parse_json(fetched)?;
        self.json_documents += 1;
        if bom {
            self.types.warn(format!(
                "{url}: starts with a byte-order mark (browsers drop it, strict JSON parsers do not)"
            ));
        }
        match &fetched.content_type {
            None => self.types.warn(format!(
                "{url}: no Content-Type (parses as JSON; send {want})"
            )),
            Some(ct) => {
                if http::media_type(ct) != want {
                    self.types.warn(format!(
                        "{url}: Content-Type {ct} (parses as JSON; send {want})"
                    ));
                }
                if let Some(charset) = charset(ct) {
                    if charset != "utf-8" && charset != "utf8" {
                        self.types
                            .warn(format!("{url}: charset={charset}, but JSON is UTF-8"));
                    }
                }
            }
        }
        Ok(value)
    }
}

/// The body as JSON, and whether it began with a byte-order mark (dropped).
fn parse_json(fetched: &Fetched) -> Result<(Value, bool), String> {
    let body = &fetched.body[..];
    let bom = body.starts_with(b"\xEF\xBB\xBF");
    let body = if bom { &body[3..] } else { body };
    match serde_json::from_slice(body) {
        Ok(value) => Ok((value, bom)),
        Err(e) => Err(format!(
            "{}: not JSON ({e}); Content-Type {}; body starts {:?}",
            fetched.url,
            fetched.content_type.as_deref().unwrap_or("none"),
            schema::clip(&String::from_utf8_lossy(body), 80)
        )),
    }
}

/// The `charset` parameter of a content type, lower case.
fn charset(content_type: &str) -> Option<String> {
    content_type
        .split(';')
        .skip(1)
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("charset"))
        .map(|(_, v)| v.trim().trim_matches('"').to_ascii_lowercase())
}
