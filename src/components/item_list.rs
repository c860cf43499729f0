//! The board's list: the items that pass the filters, grouped under their
//! catalogue categories, with a polite count.

use std::sync::Arc;

use leptos::prelude::*;
use time::OffsetDateTime;

use super::item_card::{item_card, CardContext};
use crate::api::{Category, Item, Organisation};
use crate::domain::calendar::WorkCalendar;
use crate::domain::filters::{group_by_category, Filters};
use crate::domain::period::item_status;
use crate::t;

#[component]
pub fn ItemList(
    items: Arc<Vec<Item>>,
    #[prop(into)] filters: Signal<Filters>,
    catalogue: Arc<Vec<Category>>,
    /// With the organisations, each card names its own (a board that
    /// includes its sub-organisations' items).
    orgs: Option<Arc<Vec<Organisation>>>,
    now: OffsetDateTime,
    calendar: Arc<WorkCalendar>,
    #[prop(optional, into)] on_clear: Option<Callback<()>>,
) -> impl IntoView {
    // The filters run once per change; the count and the list both read it.
    let matched_at = {
        let items = Arc::clone(&items);
        let calendar = Arc::clone(&calendar);
        Memo::new(move |_| filters.with(|f| f.apply_positions(&items, now, &calendar)))
    };
    let list = move || {
        let f = filters.get();
        let matched: Vec<&Item> = matched_at.with(|at| at.iter().map(|&i| &items[i]).collect());
        if matched.is_empty() {
            return view! {
                <div class="gk-empty">
                    <p>{t!(no_results)}</p>
                    {on_clear.filter(|_| !f.is_empty()).map(|clear| view! {
                        <button type="button" class="gk-button" on:click=move |_| clear.run(())>
                            {t!(clear_filters)}
                        </button>
                    }.into_any())}
                </div>
            }
            .into_any();
        }
        let groups = group_by_category(&matched, &catalogue);
        groups
            .into_iter()
            .map(|(category, items)| {
                let name = catalogue
                    .iter()
                    .find(|c| c.id == category)
                    .map(|c| c.name.clone())
                    .unwrap_or(category);
                let cards = items
                    .into_iter()
                    .map(|item| {
                        let org_name = orgs.as_ref().and_then(|orgs| {
                            orgs.iter()
                                .find(|o| o.id == item.org)
                                .map(|o| o.name.clone())
                        });
                        let cx = CardContext {
                            org_name: org_name.as_deref(),
                            category_name: None,
                            status: item_status(item, now, &calendar),
                            query: &f.query,
                        };
                        view! { <li class="gk-list__item">{item_card(item, cx)}</li> }
                    })
                    .map(IntoAny::into_any)
                    .collect_view();
                view! {
                    <section class="gk-group">
                        <h2 class="gk-group__title">{name}</h2>
                        <ul class="gk-list">{cards}</ul>
                    </section>
                }
            })
            .map(IntoAny::into_any)
            .collect_view()
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
