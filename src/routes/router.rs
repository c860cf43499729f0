//! The router's side of the URL scheme (browser only): the path patterns
//! the route table matches, and hooks that read the current URL as typed
//! values.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::{path, NavigateOptions, ParamSegment, StaticSegment};

use super::board_path;
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

/// How long typing must pause before the URL takes up the search typed: a
/// keystroke changes the list at once, and the address (`replaceState`,
/// some milliseconds in Chromium) only when the words settle.
pub const TYPED_URL_DELAY: Duration = Duration::from_millis(400);

/// A board's filters and the way to change them ([`use_board_filters`]).
#[derive(Clone, Copy)]
pub struct BoardFilters {
    /// The filters the list shows: the URL's, or the search being typed
    /// until the URL has it.
    pub filters: Memo<Filters>,
    /// New filters, from the first page: `(filters, typing)`. A choice
    /// (a select, 清除筛选) is a new history entry at once; typing replaces
    /// the entry once it pauses ([`TYPED_URL_DELAY`]).
    pub change: Callback<(Filters, bool)>,
    /// Puts the search being typed in the URL now (the search box lost the
    /// focus, Enter): a link followed next leaves a history entry with it.
    pub settle: Callback<()>,
}

/// The board `id`'s filters ([`BoardFilters`]). Any change of the URL
/// (back, forward, a link) drops the search being typed for what the URL
/// says.
pub fn use_board_filters(id: Memo<String>) -> BoardFilters {
    let url = use_board_query();
    let typed = RwSignal::new(None::<Filters>);
    let filters = Memo::new(move |_| typed.get().unwrap_or_else(|| url.get()));
    let timer = StoredValue::new(None::<TimeoutHandle>);
    // The filters the last settled search wrote to the URL.
    let written = StoredValue::new(None::<Filters>);
    let cancel = move || {
        if let Some(t) = timer.try_update_value(Option::take).flatten() {
            t.clear();
        }
    };
    let navigate = use_navigate();
    let write = move |f: &Filters, replace: bool| {
        navigate(
            &board_path(&id.get_untracked(), f),
            NavigateOptions {
                replace,
                scroll: false,
                ..Default::default()
            },
        );
    };
    Effect::new(move |_| {
        let now = url.get();
        let ours = written.try_update_value(Option::take).flatten().as_ref() == Some(&now);
        if !ours {
            // The URL went elsewhere: it says what the list shows.
            cancel();
            typed.set(None);
        } else if typed.with_untracked(|t| t.as_ref() == Some(&now)) {
            // It caught up with what was typed (not with what came since).
            typed.set(None);
        }
    });
    let settle = Callback::new({
        let write = write.clone();
        move |()| {
            cancel();
            let Some(f) = typed.get_untracked() else {
                return;
            };
            if url.with_untracked(|u| *u == f) {
                // Typed back to what the URL says: nothing to write, and no
                // change of URL would come to clear `typed`.
                typed.set(None);
                return;
            }
            written.set_value(Some(f.clone()));
            write(&f, true);
        }
    });
    let change = Callback::new(move |(f, typing): (Filters, bool)| {
        let f = f.first_page();
        cancel();
        if !typing {
            typed.set(None);
            write(&f, false);
            return;
        }
        typed.set(Some(f));
        let handle = set_timeout_with_handle(move || settle.run(()), TYPED_URL_DELAY).ok();
        timer.set_value(handle);
    });
    on_cleanup(cancel);
    BoardFilters {
        filters,
        change,
        settle,
    }
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
