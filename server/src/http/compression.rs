//! Compression for the phones residents have: every text-like answer (the
//! API's JSON and problems, the app's HTML, JS, CSS, WebAssembly, JSON and
//! SVG) goes out as br or gzip when the request's `Accept-Encoding` takes
//! one, with `Vary: Accept-Encoding`. The app's files may already be
//! compressed beside themselves (`X.br`, `X.gz`, see `spa.rs`); those are
//! sent as they are, and only files without such a copy are compressed here.
//!
//! What is left alone:
//! - bodies under [`MIN_SIZE`], which would barely shrink;
//! - types that are compressed already or not text (pictures, PDF, zip and
//!   office files, video): only the types [`compressible`] names are touched;
//! - ranges (`206`) and answers that already carry a `Content-Encoding`
//!   (tower-http never compresses those).
//!
//! A compressed body is still a stream: an attachment that is text is
//! compressed a chunk at a time as it is read, so it streams as before.
//!
//! The `ETag` of an API answer is computed inside this layer, over the
//! uncompressed JSON, and is therefore weak (see `etag.rs`).

use axum::body::HttpBody;
use axum::http::{header, HeaderMap, HeaderValue, Response, StatusCode};
use axum::middleware;
use axum::Router;
use tower_http::compression::predicate::Predicate;
use tower_http::compression::{CompressionLayer, CompressionLevel};

/// Bodies smaller than this are sent as they are: a few hundred bytes fit
/// in one packet either way, and a compressed stream has a header of its own.
pub const MIN_SIZE: u64 = 256;

/// The level for both encodings: brotli 5 and gzip 5. Measured on the app's
/// 1.1 MB of WebAssembly (2026-11-30, one core, the crates at opt-level 3):
/// brotli 11, its default, takes 1.6 s for 352 KB, on every request without
/// a precompressed copy; brotli 5 takes 53 ms for 399 KB, as long as gzip's
/// default (6) takes for 457 KB; gzip 5 takes 29 ms for 464 KB. Builds that
/// want brotli 11 write `X.br` beside the file, once.
const LEVEL: i32 = 5;

/// `router` answering in br or gzip, as the client accepts.
pub fn attach<S>(router: Router<S>) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    router
        // Inner: sees the answer before this layer compresses anything.
        .layer(middleware::map_response(vary_when_encoded))
        .layer(
            CompressionLayer::new()
                .br(true)
                .gzip(true)
                .quality(CompressionLevel::Precise(LEVEL))
                .compress_when(Compressible),
        )
}

/// Whether a media type (without parameters) is worth compressing: text,
/// and the structured or binary formats that are text-like underneath.
pub fn compressible(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if essence == "text/event-stream" {
        // Events must arrive as they happen, not when a block fills.
        return false;
    }
    essence.starts_with("text/")
        || essence.ends_with("+json")
        || essence.ends_with("+xml")
        || matches!(
            essence.as_str(),
            "application/json" | "application/javascript" | "application/wasm" | "application/xml"
        )
}

/// Compress a compressible type of [`MIN_SIZE`] or more (or of unknown size).
#[derive(Clone, Copy, Debug)]
struct Compressible;

impl Predicate for Compressible {
    fn should_compress<B>(&self, response: &Response<B>) -> bool
    where
        B: HttpBody,
    {
        let headers = response.headers();
        let type_ok = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(compressible);
        // The header first: a HEAD answer has an empty body but the GET's
        // length, and must say what the GET would.
        let size = headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok())
            .or_else(|| response.body().size_hint().exact());
        type_ok && size.is_none_or(|size| size >= MIN_SIZE)
    }
}

/// `Vary: Accept-Encoding` where the compression layer does not add it: on
/// a precompressed file (already encoded when it gets there) and on a `304`,
/// which must carry the `Vary` its `200` would have (RFC 9110, 15.4.5).
async fn vary_when_encoded(mut response: axum::response::Response) -> axum::response::Response {
    let encoded = response.headers().contains_key(header::CONTENT_ENCODING);
    let not_modified = response.status() == StatusCode::NOT_MODIFIED;
    if (encoded || not_modified) && !varies_on_encoding(response.headers()) {
        response
            .headers_mut()
            .append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

fn varies_on_encoding(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::VARY)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|v| {
            let v = v.trim();
            v == "*" || v.eq_ignore_ascii_case("accept-encoding")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_like_types_compress_and_compressed_ones_do_not() {
        for yes in [
            "application/json; charset=utf-8",
            "application/problem+json",
            "text/html",
            "text/html; charset=utf-8",
            "text/javascript",
            "text/css",
            "application/wasm",
            "image/svg+xml",
            "application/manifest+json",
            "TEXT/PLAIN",
        ] {
            assert!(compressible(yes), "{yes}");
        }
        for no in [
            "image/png",
            "image/jpeg",
            "image/webp",
            "application/pdf",
            "application/zip",
            "application/gzip",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/octet-stream",
            "video/mp4",
            "font/woff2",
            "text/event-stream",
            "",
        ] {
            assert!(!compressible(no), "{no}");
        }
    }

    #[test]
    fn vary_is_read_from_every_line_and_list() {
        let mut headers = HeaderMap::new();
        assert!(!varies_on_encoding(&headers));
        headers.append(header::VARY, HeaderValue::from_static("origin"));
        assert!(!varies_on_encoding(&headers));
        headers.append(
            header::VARY,
            HeaderValue::from_static("access-control-request-method, Accept-Encoding"),
        );
        assert!(varies_on_encoding(&headers));
    }
}
