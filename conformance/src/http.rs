//! Blocking HTTP(S) with ureq: every status is an answer, not an error.

use std::time::Duration;

use serde_json::Value;
use ureq::{Agent, ResponseExt};
use url::Url;

/// Bodies larger than this are refused (attachments are not read).
const BODY_LIMIT: u64 = 64 * 1024 * 1024;

pub(crate) struct Http {
    agent: Agent,
}

/// A response, read whole.
#[derive(Debug)]
pub(crate) struct Fetched {
    /// Where the answer came from, after redirects.
    pub url: Url,
    pub status: u16,
    pub content_type: Option<String>,
    pub content_length: Option<u64>,
    pub content_encoding: Option<String>,
    pub location: Option<String>,
    /// `Idempotent-Replayed`, on the write side.
    pub replayed: Option<String>,
    pub body: Vec<u8>,
}

impl Fetched {
    /// The media type without parameters, lower case (`application/json`).
    pub fn media_type(&self) -> Option<String> {
        self.content_type.as_deref().map(media_type)
    }
}

/// `application/json; charset=utf-8` → `application/json`.
pub(crate) fn media_type(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

impl Http {
    pub fn new(timeout: Duration) -> Http {
        let agent = Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(timeout))
            .user_agent(concat!("gongkai-conformance/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Http { agent }
    }

    pub fn get(&self, url: &Url) -> Result<Fetched, String> {
        finish(url, self.agent.get(url.as_str()).call(), true)
    }

    /// GET, reading the headers only (for attachments where HEAD is refused).
    pub fn get_headers(&self, url: &Url) -> Result<Fetched, String> {
        finish(url, self.agent.get(url.as_str()).call(), false)
    }

    pub fn head(&self, url: &Url) -> Result<Fetched, String> {
        finish(url, self.agent.head(url.as_str()).call(), false)
    }

    /// POST a JSON body, with an `Idempotency-Key` when given.
    pub fn post_json(&self, url: &Url, key: Option<&str>, body: &Value) -> Result<Fetched, String> {
        let mut request = self
            .agent
            .post(url.as_str())
            .content_type("application/json");
        if let Some(key) = key {
            request = request.header("Idempotency-Key", key);
        }
        let bytes = serde_json::to_vec(body).expect("a JSON value serialises");
        finish(url, request.send(&bytes[..]), true)
    }
}

fn finish(
    url: &Url,
    response: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    read_body: bool,
) -> Result<Fetched, String> {
    let mut response = response.map_err(|e| format!("{url}: {e}"))?;
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let content_type = header("content-type");
    let content_length = header("content-length").and_then(|v| v.trim().parse().ok());
    let content_encoding = header("content-encoding");
    let location = header("location");
    let replayed = header("idempotent-replayed");
    let final_url = Url::parse(&response.get_uri().to_string()).unwrap_or_else(|_| url.clone());
    let body = if read_body {
        response
            .body_mut()
            .with_config()
            .limit(BODY_LIMIT)
            .read_to_vec()
            .map_err(|e| format!("{url}: reading the body: {e}"))?
    } else {
        Vec::new()
    };
    Ok(Fetched {
        url: final_url,
        status: response.status().as_u16(),
        content_type,
        content_length,
        content_encoding,
        location,
        replayed,
        body,
    })
}
