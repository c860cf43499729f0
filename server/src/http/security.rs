//! The headers a government site sends with every answer: no MIME sniffing,
//! no referrer (a board's URL may name a case), and a Content-Security-Policy
//! that lets only the configured portals frame the app (no clickjacking of
//! the feedback form) and runs no script but the app's own.

use std::path::Path;

use axum::http::{header, HeaderName, HeaderValue};
use axum::Router;
use base64::Engine;
use sha2::{Digest, Sha256};
use tower_http::set_header::SetResponseHeaderLayer;

/// `router` with the headers, for the app in `spa_dir` and the portal
/// origins allowed to embed it. A handler's own value of a header wins.
pub fn attach(router: Router, spa_dir: Option<&Path>, portal_origins: &[String]) -> Router {
    // The phone site's page and the kiosk's each have their inline loader.
    let inline_scripts: Vec<String> = spa_dir
        .into_iter()
        .flat_map(|dir| {
            [
                dir.join("index.html"),
                dir.join(super::spa::KIOSK_FOLDER).join("index.html"),
            ]
        })
        .filter_map(|page| std::fs::read_to_string(page).ok())
        .flat_map(|html| inline_script_hashes(&html))
        .collect();
    let policy = content_security_policy(&inline_scripts, portal_origins);
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

/// The policy: the app's files, WebAssembly, its inline scripts by hash,
/// images from the web (公示 bodies may show a portal's pictures), data from
/// this server only.
fn content_security_policy(inline_scripts: &[String], portal_origins: &[String]) -> String {
    let mut script_src = String::from("'self' 'wasm-unsafe-eval'");
    for hash in inline_scripts {
        script_src.push_str(&format!(" 'sha256-{hash}'"));
    }
    let mut ancestors = String::from("'self'");
    for origin in portal_origins {
        let origin = origin.trim_end_matches('/');
        // An origin is scheme://host[:port]; anything else would widen the
        // policy (`*`, `;`, spaces) and is left out.
        if origin.contains("://")
            && origin
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-.:/[]".contains(c))
        {
            ancestors.push(' ');
            ancestors.push_str(origin);
        }
    }
    format!(
        "default-src 'self'; script-src {script_src}; style-src 'self'; \
         img-src 'self' https: http:; connect-src 'self'; object-src 'none'; \
         base-uri 'self'; form-action 'self'; frame-ancestors {ancestors}"
    )
}

/// The SHA-256 (base64) of each inline `<script>` of `html`, as CSP names
/// them: the exact text between the tags.
fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let attributes = &after[..open_end];
        let body = &after[open_end + 1..];
        let Some(close) = body.find("</script") else {
            break;
        };
        if !attributes.contains("src=") {
            let digest = Sha256::digest(&body.as_bytes()[..close]);
            hashes.push(base64::engine::general_purpose::STANDARD.encode(digest));
        }
        rest = &body[close..];
    }
    hashes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_named_by_hash_and_external_ones_are_not() {
        let html = "<script src=\"a.js\"></script><script type=\"module\">x()</script>\
                    <script>\ny()\n</script>";
        let hashes = inline_script_hashes(html);
        let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(Sha256::digest(s));
        assert_eq!(hashes, vec![b64("x()"), b64("\ny()\n")]);
    }

    #[test]
    fn only_well_formed_portal_origins_join_frame_ancestors() {
        let policy = content_security_policy(
            &[],
            &[
                "https://portal.example/".into(),
                "*".into(),
                "https://a.example; script-src *".into(),
            ],
        );
        assert!(
            policy.ends_with("frame-ancestors 'self' https://portal.example"),
            "{policy}"
        );
        assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval';"));
    }
}
