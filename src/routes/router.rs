//! The router's side of the URL scheme (browser only): the path patterns
//! the route table matches, and hooks that read the current URL as typed
//! values.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use leptos_router::{path, ParamSegment, StaticSegment};

use crate::api::FeedbackKind;
use crate::domain::filters::Filters;
use crate::domain::replies::ReplyFilters;

type Static = StaticSegment<&'static str>;

/// `/`: the home page.
pub const HOME: () = path!("/");
/// `/org/:id`: an organisation's board.
pub const BOARD: (Static, ParamSegment) = path!("/org/:id");
/// `/org/:id/replies`: its public replies (反馈公开).
pub const REPLIES: (Static, ParamSegment, Static) = path!("/org/:id/replies");
/// `/item/:id`: one item.
pub const ITEM: (Static, ParamSegment) = path!("/item/:id");
/// `/feedback`: the feedback form ([`super::FeedbackQuery`]).
pub const FEEDBACK: (Static,) = path!("/feedback");
/// `/feedback/sent`: [`super::FEEDBACK_SENT_PATH`].
pub const FEEDBACK_SENT: (Static, Static) = path!("/feedback/sent");
/// `/lookup`: [`super::LOOKUP_PATH`].
pub const LOOKUP: (Static,) = path!("/lookup");

/// The `:id` of the current route (an organisation or an item), `""` when
/// there is none.
pub fn use_id_param() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default())
}

/// The board's filters, read from the URL query.
pub fn use_board_query() -> Memo<Filters> {
    let query = use_query_map();
    Memo::new(move |_| query.with(|q| Filters::from_query(|k: &str| q.get(k))))
}

/// The replies board's filters, read from the URL query, limited to the
/// kinds `offered()` returns (tracked).
pub fn use_replies_query(
    offered: impl Fn() -> Vec<FeedbackKind> + Send + Sync + 'static,
) -> Memo<ReplyFilters> {
    let query = use_query_map();
    Memo::new(move |_| {
        let kinds = offered();
        query.with(|q| ReplyFilters::from_query(|k: &str| q.get(k)).offered(&kinds))
    })
}

/// One key of the feedback form's query ([`super::FeedbackQuery::KEYS`]),
/// trimmed, `None` when absent or blank.
pub fn use_feedback_param(key: &'static str) -> Memo<Option<String>> {
    let query = use_query_map();
    Memo::new(move |_| query.with(|q| super::FeedbackQuery::read(|k: &str| q.get(k), key)))
}
