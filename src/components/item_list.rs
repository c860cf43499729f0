//! The board's list: the items that pass the filters, a page at a time
//! (`page=N`), with a count that is true or says it is still growing, and
//! notices for entries that could not be read and lists that end early.
//! Only the page shown is rendered, whatever the size of the board.
//!
//! A board whose results fit on one page lists them under their catalogue
//! categories; a longer one lists them newest first, each card naming its
//! category, as a portal's paged list does.

use std::sync::Arc;

use leptos::prelude::*;
use time::OffsetDateTime;

use super::item_card::{item_card, CardContext};
use crate::api::{Category, Item, Organisation};
use crate::domain::calendar::WorkCalendar;
use crate::domain::filters::{group_by_category, Filters, Hits};
use crate::domain::paging::{page_count, page_links, page_range, Count, WalkEnd};
use crate::domain::period::item_status;
use crate::hooks::aria_level_attr;
use crate::hooks::ItemListState;
use crate::i18n::error_message;
use crate::routes::board_path;
use crate::t;

/// The id of the line that says which page is shown: a pager's links bring
/// the focus there, so a screen reader hears the new page's position.
const PAGE_STATUS_ID: &str = "gk-page-status";

/// What [`ItemList`] shows in place of the cards, or how it lays them out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// Nothing yet: the list or the backend's answer is on its way.
    Loading,
    /// Nothing passes the filters.
    Empty,
    /// A page of a longer list, newest first.
    Paged,
    /// All of it on one page, under the catalogue's categories.
    Grouped,
}

/// The items of a page, each with a key made of what its card shows (and,
/// for an entry that repeats, how many times it came before), so that a
/// card is kept exactly while it would show the same.
fn keyed(items: &[Item]) -> Vec<(u64, Item)> {
    use std::hash::{Hash, Hasher};
    let mut seen = std::collections::HashMap::new();
    items
        .iter()
        .map(|item| {
            let mut h = std::hash::DefaultHasher::new();
            (
                &item.id,
                &item.org,
                &item.category,
                &item.title,
                &item.summary,
                &item.superseded_by,
                item.objections_under_review,
                item.published_at,
                item.publicity.map(|p| (p.start, p.end)),
            )
                .hash(&mut h);
            let base = h.finish();
            let nth: &mut u64 = seen.entry(base).or_default();
            let key = base.wrapping_add(*nth);
            *nth += 1;
            (key, item.clone())
        })
        .collect()
}

#[component]
pub fn ItemList(
    /// The board's id, for the pager's links.
    board: String,
    #[prop(into)] state: Signal<ItemListState>,
    #[prop(into)] filters: Signal<Filters>,
    catalogue: Arc<Vec<Category>>,
    /// With the organisations, each card names its own (a board that
    /// includes its sub-organisations' items).
    orgs: Option<Arc<Vec<Organisation>>>,
    now: OffsetDateTime,
    calendar: Arc<WorkCalendar>,
    #[prop(optional, into)] on_clear: Option<Callback<()>>,
    /// 重试, for a list that stopped part way.
    #[prop(into)]
    on_retry: Callback<()>,
) -> impl IntoView {
    // The filters run once per change of filter or of loaded entries; the
    // count, the pager and the page all read the result. Where the backend
    // searched, the entries are the page of results already.
    // A keystroke that adds to the words looks only at the last hits (and
    // at what loaded since).
    let hits = {
        let calendar = Arc::clone(&calendar);
        Memo::new(move |previous: Option<&Option<Hits>>| {
            state.with(|s| match &s.served {
                Some(_) => None,
                None => Some(filters.with(|f| {
                    let previous = previous.and_then(Option::as_ref);
                    f.search_entries(&s.list.entries, s.list.id, previous, now, &calendar)
                })),
            })
        })
    };
    let matched = Memo::new(move |_| {
        hits.with(|h| match h {
            Some(h) => h.positions.clone(),
            None => state.with(|s| (0..s.list.entries.len()).collect()),
        })
    });
    let count = Memo::new(move |_| {
        let n = matched.with(Vec::len);
        state.with(|s| match &s.served {
            Some(served) => Count::Exact(served.total),
            None => filters.with(|f| Count::of(n, !f.is_empty(), &s.list)),
        })
    });
    let pages = Memo::new(move |_| page_count(count.get().value()));
    let page = Memo::new(move |_| filters.with(Filters::page_number));
    // The items of the page shown: compared by value, so pages loading
    // behind it do not render it again.
    let shown = Memo::new(move |_| {
        let range = match state.with(|s| s.served.is_some()) {
            true => 0..matched.with(Vec::len),
            false => page_range(page.get(), matched.with(Vec::len)),
        };
        state.with(|s| {
            matched.with(|m| {
                m[range]
                    .iter()
                    .map(|&i| s.list.entries[i].item.clone())
                    .collect::<Vec<Item>>()
            })
        })
    });
    // Loading: more of the list, or the backend's answer to these filters.
    let loading = Memo::new(move |_| {
        state.with(|s| match &s.served {
            Some(served) => filters.with(|f| *f != served.filters),
            None => !s.list.is_done() && s.error.is_none(),
        })
    });
    // The words the cards mark: those the results shown were found for.
    let marked = Memo::new(move |_| {
        state.with(|s| match &s.served {
            Some(served) => served.filters.query.clone(),
            None => filters.with(|f| f.query.clone()),
        })
    });

    let narrowed = Memo::new(move |_| filters.with(|f| !f.is_empty()));
    // What the list is: the closure below renders again only when this
    // changes. A page of cards is keyed by what each card shows, so a
    // keystroke that keeps an item keeps its card, and only the marks
    // follow the search.
    let shape = Memo::new(move |_| {
        if shown.with(Vec::is_empty) {
            return match loading.get() {
                true => Shape::Loading,
                false => Shape::Empty,
            };
        }
        match pages.get() == 1 && matches!(count.get(), Count::Exact(_)) {
            true => Shape::Grouped,
            false => Shape::Paged,
        }
    });
    let category_name = {
        let catalogue = Arc::clone(&catalogue);
        move |id: &str| {
            catalogue
                .iter()
                .find(|c| c.id == id)
                .map(|c| c.name.clone())
        }
    };
    let card = {
        let category_name = category_name.clone();
        move |item: &Item, grouped: bool| {
            let org_name = orgs.as_ref().and_then(|orgs| {
                orgs.iter()
                    .find(|o| o.id == item.org)
                    .map(|o| o.name.clone())
            });
            let category_name = (!grouped).then(|| category_name(&item.category)).flatten();
            let cx = CardContext {
                org_name: org_name.as_deref(),
                category_name: category_name.as_deref(),
                status: item_status(item, now, &calendar),
                query: marked.into(),
            };
            view! { <li class="gk-list__item">{item_card(item, cx)}</li> }.into_any()
        }
    };
    // Reads what it shows and nothing else: where the backend searches, a
    // keystroke renders nothing until its answer comes.
    let list = move || match shape.get() {
        Shape::Loading => {
            let text = match page.get_untracked() {
                1 => t!(loading).to_owned(),
                n => t!(pager_loading, n = n),
            };
            view! { <p class="gk-empty" aria-busy="true">{text}</p> }.into_any()
        }
        Shape::Empty => view! {
            <div class="gk-empty">
                <p>{t!(no_results)}</p>
                {move || on_clear.filter(|_| narrowed.get()).map(|clear| view! {
                    <button type="button" class="gk-button" on:click=move |_| clear.run(())>
                        {t!(clear_filters)}
                    </button>
                }.into_any())}
            </div>
        }
        .into_any(),
        Shape::Paged => {
            let card = card.clone();
            view! {
                <ul class="gk-list">
                    <For
                        each=move || shown.with(|items| keyed(items))
                        key=|(key, _)| *key
                        children=move |(_, item)| card(&item, false)
                    />
                </ul>
            }
            .into_any()
        }
        Shape::Grouped => {
            let card = card.clone();
            let category_name = category_name.clone();
            let catalogue = Arc::clone(&catalogue);
            (move || {
                let items = shown.get();
                let refs: Vec<&Item> = items.iter().collect();
                group_by_category(&refs, &catalogue)
                    .into_iter()
                    .map(|(category, items)| {
                        let name = category_name(&category).unwrap_or(category);
                        let cards = items
                            .into_iter()
                            .map(|item| card(item, true))
                            .collect_view();
                        view! {
                            <section class="gk-group">
                                <h2 {..aria_level_attr(2)} class="gk-group__title">{name}</h2>
                                <ul class="gk-list">{cards}</ul>
                            </section>
                        }
                        .into_any()
                    })
                    .collect_view()
            })
            .into_any()
        }
    };

    let count_text = move || match count.get() {
        Count::Exact(n) => t!(result_count, n = n),
        Count::SoFar(n) => t!(result_count_so_far, n = n),
    };
    // Where a pager's link brings the focus: which page this is.
    let page_status = move || {
        let n = pages.get();
        (n > 1).then(|| {
            view! {
                <p class="gk-pager__status" id=PAGE_STATUS_ID tabindex="-1">
                    {t!(pager_status, n = page.get().min(n), pages = n)}
                </p>
            }
        })
    };
    let notices = move || {
        state.with(|s| {
            let skipped = (s.list.skipped > 0).then(|| {
                view! { <p class="gk-notice">{t!(list_skipped, n = s.list.skipped)}</p> }.into_any()
            });
            let looped = (s.list.end == Some(WalkEnd::Looped)).then(|| {
                view! { <p class="gk-notice">{t!(list_looped)}</p> }.into_any()
            });
            let stopped = s.error.as_ref().filter(|_| !s.list.entries.is_empty()).map(|error| {
                view! {
                    <p class="gk-notice" role="alert">
                        {t!(list_stopped)}" "{error_message(error)}" "
                        <button type="button" class="gk-button" on:click=move |_| on_retry.run(())>{t!(retry)}</button>
                    </p>
                }
                .into_any()
            });
            view! { {skipped}{looped}{stopped} }
        })
    };
    let pager = move || {
        let n = pages.get();
        (n > 1).then(|| {
            let current = page.get().min(n);
            let board = board.clone();
            let href = move |p: u32| filters.with_untracked(|f| board_path(&board, &f.on_page(p)));
            view! { <Pager current=current pages=n href=href/> }
        })
    };
    view! {
        <div class="gk-results" aria-busy=move || loading.get().to_string()>
            <p class="gk-count" role="status" aria-live="polite">{count_text}</p>
            {page_status}
            {notices}
            {list}
            {pager}
        </div>
    }
}

/// 上一页 · 1 … 4 5 [6] 7 8 … 200 · 下一页: links, so every page has its URL.
/// Following one brings the focus to the line that names the page (a fresh
/// page is read from its position), and that line into view.
#[component]
fn Pager(current: u32, pages: u32, href: impl Fn(u32) -> String + 'static) -> impl IntoView {
    let link = |p: u32, text: String, label: Option<String>, class: &'static str| {
        view! {
            <a class=class href=href(p) aria-label=label on:click=move |_| focus_count()>{text}</a>
        }
        .into_any()
    };
    let prev = (current > 1).then(|| {
        link(
            current - 1,
            t!(pager_prev).to_owned(),
            None,
            "gk-pager__step",
        )
    });
    let next = (current < pages).then(|| {
        link(
            current + 1,
            t!(pager_next).to_owned(),
            None,
            "gk-pager__step",
        )
    });
    let numbers = page_links(current, pages)
        .into_iter()
        .map(|p| match p {
            Some(p) if p == current => view! {
                <li><span class="gk-pager__current" aria-current="page">{p}</span></li>
            }
            .into_any(),
            Some(p) => view! {
                <li>{link(p, p.to_string(), Some(t!(pager_page, n = p)), "gk-pager__page")}</li>
            }
            .into_any(),
            None => view! { <li aria-hidden="true" class="gk-pager__gap">"…"</li> }.into_any(),
        })
        .collect_view();
    view! {
        <nav class="gk-pager" aria-label=t!(pager_label)>
            {prev}
            <ol class="gk-pager__pages">{numbers}</ol>
            {next}
        </nav>
    }
}

/// After the router has moved to the new page: the page's line takes the
/// focus and comes into view.
fn focus_count() {
    use wasm_bindgen::JsCast;
    leptos::prelude::request_animation_frame(|| {
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(PAGE_STATUS_ID))
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
            el.scroll_into_view();
        }
    });
}
