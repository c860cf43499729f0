//! One item in a list: title link, organisation, category, date, status badge
//! and summary, with search matches highlighted.

use leptos::prelude::*;

use super::highlight::highlighted;
use super::period_badge::PeriodBadge;
use crate::api::Item;
use crate::domain::period::PeriodStatus;
use crate::hooks::aria_level_attr;
use crate::i18n::{format_day, iso_day};
use crate::routes::item_href;
use crate::t;

pub struct CardContext<'a> {
    pub org_name: Option<&'a str>,
    pub category_name: Option<&'a str>,
    pub status: Option<PeriodStatus>,
    /// The search words to mark (tracked): a card stays while a search
    /// changes, and only its marks follow.
    pub query: Signal<String>,
}

pub fn item_card(item: &Item, cx: CardContext<'_>) -> impl IntoView {
    let href = item_href(&item.id);
    let query = cx.query;
    let title = {
        let text = item.title.clone();
        move || query.with(|q| highlighted(&text, q))
    };
    let summary = (!item.summary.trim().is_empty()).then(|| {
        let text = item.summary.clone();
        view! { <p class="gk-card__summary">{move || query.with(|q| highlighted(&text, q))}</p> }
            .into_any()
    });
    let org = cx
        .org_name
        .map(|o| view! { <span class="gk-card__org">{o.to_owned()}</span> }.into_any());
    let category = cx
        .category_name
        .map(|c| view! { <span class="gk-card__category">{c.to_owned()}</span> }.into_any());
    let status = cx
        .status
        .map(|s| view! { <PeriodBadge status=s countdown=true/> }.into_any());
    let review = item.objections_under_review.then(|| {
        view! { <span class="gk-badge gk-badge--review">{t!(objections_under_review_badge)}</span> }.into_any()
    });
    let superseded = item.superseded_by.is_some().then(|| {
        view! { <span class="gk-badge gk-badge--ended">{t!(superseded_badge)}</span> }.into_any()
    });
    view! {
        <article class="gk-card">
            <h3 {..aria_level_attr(3)} class="gk-card__title">
                <a href=href>{title}</a>
            </h3>
            <p class="gk-card__meta">
                {org}
                {category}
                <span class="gk-card__date">
                    <span class="gk-visually-hidden">{t!(published_on)}</span>
                    <time datetime=iso_day(item.published_at)>{format_day(item.published_at)}</time>
                </span>
            </p>
            {(status.is_some() || review.is_some() || superseded.is_some()).then(|| view! {
                <p class="gk-card__status">{status}{review}{superseded}</p>
            }.into_any())}
            {summary}
        </article>
    }
}
