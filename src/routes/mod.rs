//! The URL scheme, in one place: the paths of the app's pages, the link
//! builders every view uses, and the typed query parameters
//! ([`query`]). The builders and the queries are pure and tested natively;
//! the router's side (path patterns for `<Route>`, hooks reading the
//! current URL) is in `router.rs`, built for the browser only.
//!
//! Layer: above `domain` (and the contract types), below `api`; components,
//! pages and shells use it. See `tests/layering.rs`.

pub mod query;
#[cfg(target_arch = "wasm32")]
mod router;
pub mod url;

pub use query::FeedbackQuery;
#[cfg(target_arch = "wasm32")]
pub use router::*;
pub use url::{AppUrl, Page};

use std::cell::RefCell;

use crate::api::FeedbackKind;
use crate::domain::filters::Filters;
use crate::domain::replies::ReplyFilters;

thread_local! {
    static BASE_PATH: RefCell<String> = const { RefCell::new(String::new()) };
    static LANGUAGE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The query parameter that names the reader's language (`?lang=en`): a
/// shared link opens in the language it was shared in.
pub const LANGUAGE_PARAM: &str = "lang";

/// Keeps `?lang=tag` in every address the app writes from now on (the
/// reader chose a language, or the link named one).
pub fn keep_language(tag: Option<&str>) {
    LANGUAGE.with_borrow_mut(|l| *l = tag.map(str::to_owned));
}

/// The language [`keep_language`] keeps, if any.
pub fn kept_language() -> Option<String> {
    LANGUAGE.with_borrow(Clone::clone)
}

/// `url` as the address bar shows it, with `lang=tag` as its last query
/// parameter in place of any it had; without one when `tag` is `None`.
pub fn with_language(url: &AppUrl, tag: Option<&str>) -> String {
    let mut params: Vec<String> = url
        .search
        .split('&')
        .filter(|p| !p.is_empty() && p.split('=').next() != Some(LANGUAGE_PARAM))
        .map(str::to_owned)
        .collect();
    if let Some(tag) = tag {
        params.push(format!("{LANGUAGE_PARAM}={}", query::percent_encode(tag)));
    }
    AppUrl {
        path: url.path.clone(),
        search: params.join("&"),
    }
    .full()
}

/// The language a query string (with or without its `?`) names, if it is
/// a tag ([`AppUrl::query`] reads it).
pub fn language_in_query(search: &str) -> Option<String> {
    AppUrl::parse(&format!("/?{}", search.trim_start_matches('?')))
        .query(LANGUAGE_PARAM)
        .filter(|v| {
            !v.is_empty()
                && v.len() <= 35
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

/// The path of the home page.
pub const HOME_PATH: &str = "/";
/// Where the feedback form goes once the backend has a submission.
pub const FEEDBACK_SENT_PATH: &str = "/feedback/sent";
/// 查询办理进度.
pub const LOOKUP_PATH: &str = "/lookup";

/// The path the app is served under (`""` or e.g. `"/gongkai"`), set once at
/// start-up from `document.baseURI`.
pub fn set_base_path(base: &str) {
    BASE_PATH.with(|b| *b.borrow_mut() = base.trim_end_matches('/').to_owned());
}

/// An `href` for a path inside the app: `<A>` does not add the router's base
/// to absolute paths, so every link goes through here.
pub fn app_href(path: &str) -> String {
    BASE_PATH.with(|b| format!("{}{path}", b.borrow()))
}

/// A path segment or query value as JavaScript's `encodeURIComponent` writes
/// it: everything but `A–Z a–z 0–9 - _ . ! ~ * ' ( )` percent-encoded as
/// UTF-8.
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'_'
            | b'.'
            | b'!'
            | b'~'
            | b'*'
            | b'\''
            | b'('
            | b')' => out.push(b as char),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The board's path (without the base: `navigate` adds it).
pub fn org_path(id: &str) -> String {
    format!("/org/{}", encode_component(id))
}

/// The board's path with its filters (for `navigate`).
pub fn board_path(id: &str, filters: &Filters) -> String {
    format!("{}{}", org_path(id), filters.query_string())
}

pub fn org_href(id: &str) -> String {
    app_href(&org_path(id))
}

pub fn item_path(id: &str) -> String {
    format!("/item/{}", encode_component(id))
}

pub fn item_href(id: &str) -> String {
    app_href(&item_path(id))
}

pub fn home_href() -> String {
    app_href(HOME_PATH)
}

/// The feedback form, addressed to `org` or to one of its items, perhaps
/// with a kind chosen (the item page's 提出异议).
pub fn feedback_href(org: &str, item: Option<&str>, kind: Option<FeedbackKind>) -> String {
    app_href(&format!(
        "/feedback{}",
        FeedbackQuery::new(org, item, kind).query_string()
    ))
}

/// Whether `pathname` (as the router reports it) is the feedback form or
/// its confirmation.
pub fn is_feedback_path(pathname: &str) -> bool {
    pathname.contains("/feedback")
}

pub fn feedback_sent_href() -> String {
    app_href(FEEDBACK_SENT_PATH)
}

pub fn lookup_href() -> String {
    app_href(LOOKUP_PATH)
}

/// An organisation's public replies (反馈公开).
pub fn replies_path(org: &str) -> String {
    format!("{}/replies", org_path(org))
}

/// The replies board's path with its filters (for `navigate`).
pub fn replies_board_path(org: &str, filters: &ReplyFilters) -> String {
    format!("{}{}", replies_path(org), filters.query_string())
}

pub fn replies_href(org: &str) -> String {
    app_href(&replies_path(org))
}

/// `tel:` link for a phone number as a site writes it (`0571-8888 1234`):
/// digits, `+` and the visual separator `-` (RFC 3966).
pub fn tel_href(number: &str) -> String {
    let digits: String = number
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+' || *c == '-')
        .collect();
    format!("tel:{digits}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_as_encode_uri_component_does() {
        assert_eq!(encode_component("branch-1_a.b"), "branch-1_a.b");
        assert_eq!(encode_component("!~*'()"), "!~*'()");
        assert_eq!(
            encode_component("a b/c?d&e=f#g%"),
            "a%20b%2Fc%3Fd%26e%3Df%23g%25"
        );
        assert_eq!(encode_component("党"), "%E5%85%9A");
        assert_eq!(encode_component(""), "");
    }

    #[test]
    fn paths_and_links() {
        set_base_path("");
        assert_eq!(home_href(), "/");
        assert_eq!(org_href("town"), "/org/town");
        assert_eq!(org_path("a/b"), "/org/a%2Fb");
        assert_eq!(item_href("dues 1"), "/item/dues%201");
        assert_eq!(replies_href("town"), "/org/town/replies");
        assert_eq!(lookup_href(), "/lookup");
        assert_eq!(feedback_sent_href(), "/feedback/sent");
        assert_eq!(feedback_href("town", None, None), "/feedback?org=town");
        assert_eq!(
            feedback_href("town", Some("i-1"), Some(FeedbackKind::Objection)),
            "/feedback?org=town&item=i-1&kind=objection"
        );
        let filters = Filters {
            query: "党费".into(),
            ..Filters::default()
        };
        assert_eq!(
            board_path("town", &filters),
            "/org/town?q=%E5%85%9A%E8%B4%B9"
        );
        assert_eq!(board_path("town", &Filters::default()), "/org/town");
        let replies = ReplyFilters {
            kind: Some(FeedbackKind::Objection),
            status: None,
        };
        assert_eq!(
            replies_board_path("town", &replies),
            "/org/town/replies?kind=objection"
        );
        assert!(is_feedback_path("/feedback") && is_feedback_path("/gongkai/feedback/sent"));
        assert!(!is_feedback_path("/org/town") && !is_feedback_path("/"));
        assert_eq!(tel_href("0571-8888 1234"), "tel:0571-88881234");
        assert_eq!(tel_href("+86 (571) 12"), "tel:+8657112");
    }

    #[test]
    fn links_carry_the_base_path() {
        set_base_path("/gongkai/");
        assert_eq!(home_href(), "/gongkai/");
        assert_eq!(org_href("town"), "/gongkai/org/town");
        assert_eq!(lookup_href(), "/gongkai/lookup");
        set_base_path("");
        assert_eq!(lookup_href(), "/lookup");
    }
}

#[cfg(test)]
mod language_tests {
    use super::*;

    #[test]
    fn the_language_is_the_last_parameter_and_replaces_one_there() {
        let url = AppUrl::parse("/org/town?q=%E5%85%9A&lang=en&page=2");
        assert_eq!(
            with_language(&url, Some("zh-Hant")),
            "/org/town?q=%E5%85%9A&page=2&lang=zh-Hant"
        );
        assert_eq!(with_language(&url, None), "/org/town?q=%E5%85%9A&page=2");
        assert_eq!(with_language(&AppUrl::parse("/"), Some("en")), "/?lang=en");
    }

    #[test]
    fn a_language_in_the_query_is_a_tag_or_nothing() {
        assert_eq!(
            language_in_query("?q=x&lang=zh-Hant"),
            Some("zh-Hant".to_owned())
        );
        assert_eq!(language_in_query("lang="), None);
        assert_eq!(language_in_query("lang=%3Cscript%3E"), None);
        assert_eq!(language_in_query("q=x"), None);
    }
}
