//! `ETag` and `If-None-Match` for the read side, as the contract describes:
//! the app's JSON is sent with `Cache-Control: no-cache`, so browsers ask
//! again each time and a kiosk that polls gets a bodiless `304` while nothing
//! changed. Only bodies whose size is known and at most [`MAX_TAGGED_BODY`]
//! are tagged; larger or streamed ones pass through as they are, untagged.
//!
//! The tags are weak (`W/"…"`). They are computed over the JSON before
//! `compression.rs` turns it into br or gzip, so one tag names three
//! different byte sequences: the identity, gzip and br encodings of the same
//! content. A strong tag promises byte-for-byte identity (RFC 9110, 8.8.1),
//! which would be false here, and would let a client or cache combine ranges
//! of two encodings; a weak tag promises what is true, that they are the same
//! content. `If-None-Match` uses the weak comparison anyway (RFC 9110,
//! 13.1.2), so a client that holds any encoding gets its `304`. (The other
//! answer, a tag per encoding, would need this layer to know what the
//! compression outside it will choose, and to take the suffix off again when
//! comparing; Apache's `-gzip` tags show how that goes wrong.)

use std::hash::{DefaultHasher, Hash, Hasher};

use axum::body::{to_bytes, Body, HttpBody};
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The largest body buffered to be tagged; larger bodies, and bodies of
/// unknown size, are sent as they are, without an ETag.
const MAX_TAGGED_BODY: usize = 8 * 1024 * 1024;

pub async fn conditional_get(request: Request, next: Next) -> Response {
    if request.method() != Method::GET {
        return next.run(request).await;
    }
    let if_none_match = request.headers().get(header::IF_NONE_MATCH).cloned();
    let response = next.run(request).await;
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let cacheable = response
        .headers()
        .get(header::CACHE_CONTROL)
        .is_none_or(|v| v.as_bytes() != b"no-store");
    let small = response
        .body()
        .size_hint()
        .exact()
        .is_some_and(|len| len <= MAX_TAGGED_BODY as u64);
    if response.status() != StatusCode::OK || !is_json || !cacheable || !small {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // Within the limit by its exact size hint: fails only if reading does.
    let Ok(bytes) = to_bytes(body, MAX_TAGGED_BODY).await else {
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            "the response could not be read\n",
        )
            .into_response();
    };
    let tag = etag(&bytes);
    if if_none_match.is_some_and(|v| matches(&v, &tag)) {
        let mut not_modified = StatusCode::NOT_MODIFIED.into_response();
        for name in [header::CACHE_CONTROL, header::VARY] {
            if let Some(v) = parts.headers.get(&name) {
                not_modified.headers_mut().insert(name, v.clone());
            }
        }
        not_modified.headers_mut().insert(header::ETAG, tag);
        return not_modified;
    }
    parts.headers.insert(header::ETAG, tag);
    Response::from_parts(parts, Body::from(bytes))
}

/// A weak tag of the uncompressed body (see the module's comment).
pub(super) fn etag(bytes: &[u8]) -> HeaderValue {
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    HeaderValue::from_str(&format!("W/\"{:016x}-{:x}\"", hasher.finish(), bytes.len()))
        .expect("hex digits are a valid header value")
}

/// `If-None-Match`: `*` or a list of tags, weak or strong, compared as RFC
/// 9110 compares them for it: by their opaque part, `W/` or not.
pub(super) fn matches(if_none_match: &HeaderValue, tag: &HeaderValue) -> bool {
    let Ok(list) = if_none_match.to_str() else {
        return false;
    };
    let opaque = |t: &str| t.strip_prefix("W/").unwrap_or(t).to_owned();
    let tag = opaque(tag.to_str().unwrap_or_default());
    list.split(',')
        .map(|t| t.trim())
        .any(|t| t == "*" || opaque(t) == tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_weak_and_compared_weakly() {
        let tag = etag(b"{}");
        let s = tag.to_str().unwrap().to_owned();
        let opaque = s.strip_prefix("W/").expect("a weak tag");
        assert!(opaque.starts_with('"') && opaque.ends_with('"'), "{s}");
        let header = |v: &str| HeaderValue::from_str(v).unwrap();
        assert!(matches(&header(&s), &tag));
        // The same tag written strong, as some clients and proxies send it.
        assert!(matches(&header(opaque), &tag));
        assert!(matches(&header(&format!("\"x\", {s}")), &tag));
        assert!(matches(&header(&format!("W/\"x\",{opaque}")), &tag));
        assert!(matches(&HeaderValue::from_static("*"), &tag));
        assert!(!matches(&HeaderValue::from_static("\"other\""), &tag));
        assert!(!matches(&header(&format!("W/W/{opaque}")), &tag));
        assert_ne!(etag(b"{}"), etag(b"[]"));
    }
}
