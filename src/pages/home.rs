//! `/`: a search of the whole site, the organisation tree, notices now in
//! 公示, upcoming ones, the latest (and a link to them all).

use std::sync::Arc;

use leptos::html::Input;
use leptos::prelude::*;

use crate::api::{oldest_stale, ApiError, ApiResult, Item, OrgKind, Organisation, Site};
use crate::components::item_card::{item_card, CardContext};
use crate::components::load_state::{loaded_view, StaleBanner};
use crate::components::org_tree::OrgTree;
use crate::components::page_heading::PageHeading;
use crate::domain::calendar::WorkCalendar;
use crate::domain::filters::site_search;
use crate::domain::home::{home_lists, Entry, HomeLists};
use crate::hooks::aria_level_attr;
use crate::hooks::{use_clock, use_home_items, use_shared, PageData};
use crate::routes::{board_path, feedback_href, lookup_href, org_href, replies_href, use_navigate};
use crate::t;
use time::OffsetDateTime;

#[component]
pub fn HomePage() -> impl IntoView {
    let shared = use_shared();
    let clock = use_clock();
    let items = use_home_items();
    let retry = shared.retry_with(items);

    let render = move || {
        let Some(PageData {
            site,
            orgs,
            calendar,
            own: Some(items),
        }) = shared.page(items)
        else {
            return loaded_view(None, retry);
        };
        loaded_view(
            Some(home_view(site, orgs, calendar, items, clock.now(), retry)),
            retry,
        )
    };
    view! { <div class="gk-page gk-home">{render}</div> }
}

fn home_view(
    site: ApiResult<Site>,
    orgs: ApiResult<Vec<Organisation>>,
    calendar: Arc<WorkCalendar>,
    items: ApiResult<Vec<Item>>,
    now: OffsetDateTime,
    retry: Callback<()>,
) -> Result<AnyView, ApiError> {
    let (site, orgs, items) = (site?, orgs?, items?);
    let stale = oldest_stale([&site.stale, &orgs.stale, &items.stale]);

    let HomeLists {
        open,
        upcoming,
        latest,
    } = home_lists(&items.data, now, &calendar);

    let cards = |list: &[Entry]| {
        list.iter()
            .map(|(item, status)| {
                let org = org_name(&orgs.data, &item.org);
                let category = site
                    .data
                    .catalogue
                    .iter()
                    .find(|c| c.id == item.category)
                    .map(|c| c.name.as_str());
                let cx = CardContext {
                    org_name: org,
                    category_name: category,
                    status: *status,
                    query: Signal::stored(String::new()),
                };
                view! { <li class="gk-list__item">{item_card(item, cx)}</li> }
            })
            .map(IntoAny::into_any)
            .collect_view()
    };
    let open_view = (!open.is_empty()).then(|| {
        view! {
            <section class="gk-section gk-section--open" aria-labelledby="gk-open">
                <h2 {..aria_level_attr(2)} class="gk-h2" id="gk-open">{t!(home_open)}</h2>
                <ul class="gk-list">{cards(&open)}</ul>
            </section>
        }
        .into_any()
    });
    let upcoming_view = (!upcoming.is_empty()).then(|| {
        view! {
            <section class="gk-section" aria-labelledby="gk-upcoming">
                <h2 {..aria_level_attr(2)} class="gk-h2" id="gk-upcoming">{t!(home_upcoming)}</h2>
                <ul class="gk-list">{cards(&upcoming)}</ul>
            </section>
        }
        .into_any()
    });
    let latest_view = view! {
        <section class="gk-section" aria-labelledby="gk-latest">
            <h2 {..aria_level_attr(2)} class="gk-h2" id="gk-latest">{t!(home_latest)}</h2>
            {if latest.is_empty() {
                view! { <p class="gk-empty">{t!(no_items)}</p> }.into_any()
            } else {
                view! { <ul class="gk-list">{cards(&latest)}</ul> }.into_any()
            }}
            <p class="gk-more"><a href=org_href(&site.data.root_org)>{t!(home_all_items)}</a></p>
        </section>
    };
    let root = site.data.root_org.clone();
    let root_kind = orgs.data.iter().find(|o| o.id == root).map(|o| o.kind);
    let feedback_view = site.data.feedback.is_some().then(|| {
        view! {
            <section class="gk-section gk-board__feedback" aria-labelledby="gk-home-feedback">
                <h2 {..aria_level_attr(2)} class="gk-h2" id="gk-home-feedback">{t!(board_feedback_title)}</h2>
                <ul class="gk-links">
                    <li><a class="gk-button gk-button--primary" href=feedback_href(&root, None, None)>{t!(board_feedback)}</a></li>
                    <li><a href=lookup_href()>{t!(board_lookup)}</a></li>
                    <li><a href=replies_href(&root)>{t!(board_replies)}</a></li>
                </ul>
            </section>
        }.into_any()
    });
    let orgs_data: Arc<Vec<Organisation>> = Arc::clone(&orgs.data);
    // The header shows the site's title: the page's own heading is the
    // board's name (the subtitle), or the title again for screen readers only.
    let title = site.data.title.clone();
    let heading = match site.data.subtitle.clone() {
        Some(subtitle) => view! { <PageHeading text=subtitle document_title=title/> },
        None => view! { <PageHeading text=title hidden=true/> },
    };
    Ok::<_, ApiError>(
        view! {
            {heading}
            <StaleBanner stale=stale on_retry=retry/>
            <SiteSearch root=root.clone() root_kind=root_kind/>
            // The organisations come second in reading order, so that a phone
            // reaches them before the long lists; wide screens show them beside.
            <div class="gk-home__grid">
                {open_view}
                <div class="gk-home__side">
                    <nav class="gk-section" aria-labelledby="gk-orgs">
                        <h2 {..aria_level_attr(2)} class="gk-h2" id="gk-orgs">{t!(home_orgs)}</h2>
                        <OrgTree orgs=orgs_data/>
                    </nav>
                    {feedback_view}
                </div>
                {upcoming_view}
                {latest_view}
            </div>
        }
        .into_any(),
    )
}

/// The search of the whole site: the root organisation's board, which
/// includes every organisation below it, searched for the words.
#[component]
fn SiteSearch(root: String, root_kind: Option<OrgKind>) -> impl IntoView {
    let input = NodeRef::<Input>::new();
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let words = input.get().map(|el| el.value()).unwrap_or_default();
        let filters = site_search(&words, root_kind);
        navigate(&board_path(&root, &filters), Default::default());
    };
    view! {
        <form class="gk-site-search" role="search" aria-label=t!(home_search_label) on:submit=submit>
            <label class="gk-field__label" for="gk-site-q">{t!(home_search_label)}</label>
            <div class="gk-site-search__row">
                <input
                    class="gk-input"
                    id="gk-site-q"
                    name="q"
                    type="search"
                    node_ref=input
                    autocomplete="off"
                    enterkeyhint="search"
                />
                <button type="submit" class="gk-button gk-button--primary">{t!(search_label)}</button>
            </div>
        </form>
    }
}

pub fn org_name<'a>(orgs: &'a [Organisation], id: &str) -> Option<&'a str> {
    orgs.iter()
        .find(|o| o.id == id)
        .map(|o| o.short_name.as_deref().unwrap_or(&o.name))
}
