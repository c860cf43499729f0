//! The public replies board's pieces (反馈公开): the filter bar (kind and
//! status, kept in the URL by the page), the list with its count and empty
//! states, and one card per reply. Plain props, so they mount without a
//! network.
//!
//! A card shows the question summary written by staff, never the
//! submitter's own words, name, contact or tracking code: `PublicReply`
//! carries none of them.

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::{FeedbackKind, FeedbackStatus, PublicReply};
use crate::domain::replies::{ReplyFilters, Timeliness};
use crate::hooks::aria_level_attr;
use crate::i18n::{
    feedback_kind_label, feedback_status_label, format_date, iso_date, rating_label,
};
use crate::t;

/// The id of the kind select: focus goes there when the filters are cleared
/// and the control that was pressed disappears.
pub const KIND_SELECT_ID: &str = "gk-rf-kind";

fn focus_kind_select() {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(KIND_SELECT_ID))
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// A `<select>` with its visible `<label>`; `""` is 全部.
#[component]
fn ReplySelect(
    id: &'static str,
    name: &'static str,
    label: &'static str,
    options: Vec<(&'static str, &'static str)>,
    #[prop(into)] current: Signal<&'static str>,
    on_pick: Callback<String>,
) -> impl IntoView {
    view! {
        <div class=format!("gk-field gk-field--{name}")>
            <label class="gk-field__label" for=id>{label}</label>
            <select
                class="gk-select"
                id=id
                name=name
                on:change=move |ev| on_pick.run(event_target_value(&ev))
                prop:value=move || current.get()
            >
                <option value="" selected=move || current.get().is_empty()>{t!(filter_all)}</option>
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        view! { <option value=value selected=move || current.get() == value>{text}</option> }
                    })
                    .map(IntoAny::into_any).collect_view()}
            </select>
        </div>
    }
}

/// 留言类别 (only the kinds the site takes), 办理状态 and 清除筛选.
#[component]
pub fn ReplyFiltersBar(
    #[prop(into)] filters: Signal<ReplyFilters>,
    #[prop(into)] on_change: Callback<ReplyFilters>,
    kinds: Vec<FeedbackKind>,
) -> impl IntoView {
    let kind_options = kinds
        .into_iter()
        .map(|k| (k.as_str(), feedback_kind_label(k)))
        .collect();
    let status_options = FeedbackStatus::ALL
        .into_iter()
        .map(|s| (s.as_str(), feedback_status_label(s)))
        .collect();
    let pick_kind = Callback::new(move |value: String| {
        let kind = FeedbackKind::parse(&value);
        on_change.run(ReplyFilters {
            kind,
            ..filters.get_untracked()
        });
    });
    let pick_status = Callback::new(move |value: String| {
        let status = FeedbackStatus::parse(&value);
        on_change.run(ReplyFilters {
            status,
            ..filters.get_untracked()
        });
    });
    let clear = move |_| {
        on_change.run(ReplyFilters::default());
        // The button is disabled now: keep the focus in the bar.
        focus_kind_select();
    };
    view! {
        <form
            class="gk-filters gk-replies__filters"
            role="search"
            aria-label=t!(replies_filters_label)
            on:submit=|ev| ev.prevent_default()
        >
            <ReplySelect
                id=KIND_SELECT_ID
                name="kind"
                label=t!(replies_filter_kind)
                options=kind_options
                current=Signal::derive(move || filters.with(|f| f.kind.map_or("", FeedbackKind::as_str)))
                on_pick=pick_kind
            />
            <ReplySelect
                id="gk-rf-status"
                name="status"
                label=t!(replies_filter_status)
                options=status_options
                current=Signal::derive(move || filters.with(|f| f.status.map_or("", FeedbackStatus::as_str)))
                on_pick=pick_status
            />
            <div class="gk-field gk-field--actions">
                <button
                    type="button"
                    class="gk-button"
                    on:click=clear
                    disabled=move || filters.with(ReplyFilters::is_empty)
                >
                    {t!(clear_filters)}
                </button>
            </div>
        </form>
    }
}

/// The replies that pass the filters, newest reply first, with 共 N 条 and
/// an empty state; `clear_href` (the board without a query) is offered as
/// 清除筛选 when the filters leave nothing.
#[component]
pub fn ReplyList(
    replies: Arc<Vec<PublicReply>>,
    #[prop(into)] filters: Signal<ReplyFilters>,
    #[prop(optional, into)] clear_href: Option<String>,
) -> impl IntoView {
    let matched_at = {
        let replies = Arc::clone(&replies);
        Memo::new(move |_| filters.with(|f| f.apply_positions(&replies)))
    };
    let list = move || {
        let cards: Vec<AnyView> = matched_at.with(|at| {
            at.iter()
                .map(|&i| {
                    view! { <li class="gk-list__item">{reply_card(&replies[i])}</li> }.into_any()
                })
                .collect()
        });
        if !cards.is_empty() {
            return view! { <ul class="gk-list gk-replies__list">{cards}</ul> }.into_any();
        }
        if replies.is_empty() {
            return view! { <div class="gk-empty"><p>{t!(replies_none)}</p></div> }.into_any();
        }
        let clear = clear_href
            .clone()
            .filter(|_| !filters.with(ReplyFilters::is_empty))
            .map(|href| {
                view! {
                    <a class="gk-button" href=href on:click=|_| focus_kind_select()>
                        {t!(clear_filters)}
                    </a>
                }
                .into_any()
            });
        view! {
            <div class="gk-empty">
                <p>{t!(replies_no_results)}</p>
                {clear}
            </div>
        }
        .into_any()
    };
    view! {
        <div class="gk-results">
            <p class="gk-count" role="status" aria-live="polite">
                {move || t!(result_count, n = matched_at.with(Vec::len))}
            </p>
            {list}
        </div>
    }
}

/// One reply: what was asked (the heading, first for screen readers), its
/// kind, how fast and when, then the answer.
pub fn reply_card(reply: &PublicReply) -> impl IntoView {
    let (badge_class, badge_text) = match Timeliness::of(reply) {
        Timeliness::OnTime => ("gk-badge gk-badge--on-time", t!(replies_on_time)),
        Timeliness::Overdue => ("gk-badge gk-badge--overdue", t!(replies_overdue)),
    };
    let days = match reply.working_days_taken {
        0 => t!(replies_same_day).to_owned(),
        n => t!(replies_days_taken, n = n),
    };
    let date = |d| view! { <time datetime=iso_date(d)>{format_date(d)}</time> };
    let rating = reply.rating.map(|r| {
        view! {
            <div>
                <dt>{t!(replies_rating)}</dt>
                <dd>{rating_label(r)}</dd>
            </div>
        }
        .into_any()
    });
    view! {
        <article class="gk-card gk-reply">
            <h2 {..aria_level_attr(2)} class="gk-card__title gk-reply__question">{reply.question.clone()}</h2>
            <p class="gk-reply__top">
                <span class="gk-tag">{feedback_kind_label(reply.kind)}</span>
                <span class="gk-status">
                    <span class=badge_class>{badge_text}</span>
                    <span class="gk-reply__days">{days}</span>
                </span>
            </p>
            <dl class="gk-reply__facts gk-pairs">
                <div>
                    <dt>{t!(replies_submitted_on)}</dt>
                    <dd>{date(reply.submitted_on)}</dd>
                </div>
                <div>
                    <dt>{t!(replies_replied_on)}</dt>
                    <dd>{date(reply.replied_on)}</dd>
                </div>
                <div>
                    <dt>{t!(replies_status)}</dt>
                    <dd>{feedback_status_label(reply.status)}</dd>
                </div>
                {rating}
            </dl>
            <div class="gk-reply__answer">
                <h3 {..aria_level_attr(3)} class="gk-reply__label">{t!(replies_reply)}</h3>
                <p class="gk-reply__text">{reply.reply.clone()}</p>
            </div>
        </article>
    }
}
