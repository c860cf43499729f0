//! Pieces shared by pages. Each takes plain props (data, now, calendar) so it
//! can be mounted and tested without a network.

pub mod attachments;
pub mod char_count;
pub mod contacts;
pub mod error_summary;
pub mod feedback_form;
pub mod filters_bar;
pub mod form_field;
pub mod highlight;
pub mod item_card;
pub mod item_list;
pub mod load_state;
pub mod org_tree;
pub mod outbox_notice;
pub mod page_heading;
pub mod period_badge;
pub mod print_sheet;
pub mod rate_reply;
pub mod reply_list;
pub mod rich_text;
pub mod submission_facts;
pub mod tracking_code;

use std::cell::RefCell;

thread_local! {
    static BASE_PATH: RefCell<String> = const { RefCell::new(String::new()) };
}

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

/// The board's path (without the base: `navigate` adds it).
pub fn org_path(id: &str) -> String {
    format!("/org/{}", String::from(js_sys::encode_uri_component(id)))
}

pub fn org_href(id: &str) -> String {
    app_href(&org_path(id))
}

pub fn item_href(id: &str) -> String {
    app_href(&format!(
        "/item/{}",
        String::from(js_sys::encode_uri_component(id))
    ))
}

pub fn home_href() -> String {
    app_href("/")
}

fn encode(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}

/// The feedback form, addressed to `org` or to one of its items, perhaps
/// with a kind chosen (the item page's 提出异议).
pub fn feedback_href(org: &str, item: Option<&str>, kind: Option<&str>) -> String {
    let mut href = format!("/feedback?org={}", encode(org));
    if let Some(item) = item {
        href.push_str(&format!("&item={}", encode(item)));
    }
    if let Some(kind) = kind {
        href.push_str(&format!("&kind={}", encode(kind)));
    }
    app_href(&href)
}

pub fn feedback_sent_href() -> String {
    app_href("/feedback/sent")
}

pub fn lookup_href() -> String {
    app_href("/lookup")
}

/// An organisation's public replies (反馈公开).
pub fn replies_path(org: &str) -> String {
    format!("{}/replies", org_path(org))
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
