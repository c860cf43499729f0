//! Pieces shared by pages. Each takes plain props (data, now, calendar) so it
//! can be mounted and tested without a network.

pub mod attachments;
pub mod contacts;
pub mod filters_bar;
pub mod highlight;
pub mod item_card;
pub mod item_list;
pub mod load_state;
pub mod org_tree;
pub mod page_heading;
pub mod period_badge;
pub mod rich_text;

/// Links inside the app: the router adds the base path.
pub fn org_href(id: &str) -> String {
    format!("/org/{}", String::from(js_sys::encode_uri_component(id)))
}

pub fn item_href(id: &str) -> String {
    format!("/item/{}", String::from(js_sys::encode_uri_component(id)))
}
