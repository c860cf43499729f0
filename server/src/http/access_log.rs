//! One line per request on stderr: `METHOD path status ms`, with anything
//! that looks like a tracking code left out, however the URL was written.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use gongkai::domain::feedback::TrackingCode;

pub async fn access_log(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = redact(request.uri().path());
    let started = std::time::Instant::now();
    let response = next.run(request).await;
    eprintln!(
        "{method} {path} {} {}ms",
        response.status().as_u16(),
        started.elapsed().as_millis()
    );
    response
}

/// `path` percent-decoded, with each segment that is or holds a tracking
/// code, and each segment after a `feedback` segment, written `…`.
pub fn redact(path: &str) -> String {
    // An escaped code is seen as the code it is.
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let mut after_feedback = false;
    let segments: Vec<&str> = decoded
        .split('/')
        .map(|segment| {
            let secret = (after_feedback && !segment.is_empty()) || holds_code(segment);
            after_feedback =
                segment.eq_ignore_ascii_case("feedback") || (after_feedback && segment.is_empty());
            if secret {
                "…"
            } else {
                segment
            }
        })
        .collect();
    segments.join("/")
}

/// Whether `segment` is a tracking code in any spelling the look-up takes
/// (with or without hyphens or spaces, any case, a file extension after
/// it), or holds one written in groups (`code=7K3M-Q9XD-2FHP`).
fn holds_code(segment: &str) -> bool {
    let stem = segment.rsplit_once('.').map_or(segment, |(stem, _)| stem);
    if TrackingCode::normalize(segment).is_some() || TrackingCode::normalize(stem).is_some() {
        return true;
    }
    let chars: Vec<char> = segment.chars().collect();
    chars.windows(14).any(|w| {
        w[4] == '-' && w[9] == '-' && {
            let text: String = w.iter().collect();
            TrackingCode::normalize(&text).is_some()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn tracking_codes_stay_out_of_the_log() {
        let cases = [
            ("/api/v1/feedback/7K3M-Q9XD-2FHP", "/api/v1/feedback/…"),
            (
                "/api/v1/feedback/7K3M-Q9XD-2FHP/rating",
                "/api/v1/feedback/…/rating",
            ),
            (
                "/api/v1/staff/feedback/7K3M-Q9XD-2FHP/reply",
                "/api/v1/staff/feedback/…/reply",
            ),
            // Malformed, in every way a hand or a scanner writes them.
            ("/api/v1/feedback//7K3M-Q9XD-2FHP", "/api/v1/feedback//…"),
            ("/api//v1/FEEDBACK/7k3mq9xd2fhp", "/api//v1/FEEDBACK/…"),
            ("/7K3M-Q9XD-2FHP", "/…"),
            ("/lookup/7K3M%2DQ9XD%2D2FHP", "/lookup/…"),
            ("/api/v1/feedback/7K3M-Q9XD-2FHP.json", "/api/v1/feedback/…"),
            ("/x/code=7K3M-Q9XD-2FHP", "/x/…"),
            ("/x/7K3M%20Q9XD%202FHP/y", "/x/…/y"),
            ("/api/v1/feedbackx/7K3M-Q9XD-2FHP", "/api/v1/feedbackx/…"),
        ];
        for (path, logged) in cases {
            assert_eq!(redact(path), logged, "{path}");
        }
        // What is not a code stays readable.
        for path in [
            "/api/v1/site.json",
            "/api/v1/items/cadre-preappoint-zhou.json",
            "/org/qingxi-village/replies",
            "/api/files/qingxi/2026-q3-dues.pdf",
        ] {
            assert_eq!(redact(path), path);
        }
    }
}
