//! The headers a government site sends with every answer: no MIME sniffing,
//! no referrer (a board's URL may name a case), and a Content-Security-Policy
//! that lets only the configured portals frame the app (no clickjacking of
//! the feedback form) and runs no script but the app's own files: the
//! build has no inline script (scripts/post-build.mjs), so none is allowed,
//! by hash or otherwise.

use axum::http::{header, HeaderName, HeaderValue};
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;

/// `router` with the headers, for the portal origins allowed to embed the
/// app. A handler's own value of a header wins.
pub fn attach(router: Router, portal_origins: &[String], image_origins: &[String]) -> Router {
    let policy = content_security_policy(portal_origins, image_origins);
    // X-Frame-Options can name no origin but this one; browsers that know
    // frame-ancestors ignore it, so with portals configured it is left out.
    let frame_options = portal_origins
        .is_empty()
        .then(|| HeaderValue::from_static("SAMEORIGIN"));
    router
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(&policy).unwrap_or_else(|_| {
                HeaderValue::from_static("frame-ancestors 'self'; object-src 'none'")
            }),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("x-frame-options"),
            frame_options,
        ))
}

/// The policy: the app's files and WebAssembly, no inline script or style,
/// pictures from this server and the listed origins only (the app shows
/// any other as a link), data from this server only.
fn content_security_policy(portal_origins: &[String], image_origins: &[String]) -> String {
    let ancestors = with_origins("'self'", portal_origins);
    let images = with_origins("'self' data:", image_origins);
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src {images}; connect-src 'self'; object-src 'none'; \
         base-uri 'self'; form-action 'self'; frame-ancestors {ancestors}"
    )
}

/// `first` and the well-formed origins of `origins`: an origin is
/// scheme://host[:port]; anything else would widen the policy (`*`, `;`,
/// spaces) and is left out.
fn with_origins(first: &str, origins: &[String]) -> String {
    let mut list = first.to_owned();
    for origin in origins {
        let origin = origin.trim_end_matches('/');
        if origin.contains("://")
            && origin
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-.:/[]".contains(c))
        {
            list.push(' ');
            list.push_str(origin);
        }
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_well_formed_origins_join_frame_ancestors_and_img_src() {
        let policy = content_security_policy(
            &[
                "https://portal.example/".into(),
                "*".into(),
                "https://a.example; script-src *".into(),
            ],
            &["https://images.example/".into(), "https: http:".into()],
        );
        assert!(
            policy.ends_with("frame-ancestors 'self' https://portal.example"),
            "{policy}"
        );
        assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval';"));
        assert!(
            policy.contains("img-src 'self' data: https://images.example;"),
            "{policy}"
        );
    }
}
