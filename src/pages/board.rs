//! `/org/:id`: one organisation's board. Filters and search live in the URL
//! query (`category kind status year quarter q`), so a reload or a shared
//! link shows the same list and back/forward step through changes.

use std::sync::Arc;

use leptos::prelude::*;

use crate::api::{oldest_stale, Api, ApiError, ApiResult, Organisation, Site, Stale};
use crate::components::contacts::ContactList;
use crate::components::filters_bar::FiltersBar;
use crate::components::item_list::ItemList;
use crate::components::load_state::{loaded_view, StaleBanner};
use crate::components::org_tree::OrgTree;
use crate::components::page_heading::PageHeading;
use crate::domain::calendar::WorkCalendar;
use crate::domain::filters::{includes_sub_orgs_by_default, Filters};
use crate::domain::orgs::{has_children, subtree};
use crate::hooks::aria_level_attr;
use crate::hooks::{use_clock, use_item_list, use_shared, ItemListState, ListSource, PageData};
use crate::i18n::org_kind_label;
use crate::routes::{
    feedback_href, home_href, lookup_href, org_href, replies_href, use_board_filters, use_id_param,
    BoardFilters,
};
use crate::t;
use time::OffsetDateTime;

#[component]
pub fn BoardPage() -> impl IntoView {
    let shared = use_shared();
    let clock = use_clock();
    let id = use_id_param();
    // The list follows the search as it is typed; the URL when it settles.
    let BoardFilters {
        filters,
        change: on_change,
        settle,
    } = use_board_filters(id);
    // What the board holds: its own items, or (含下级组织) those of every
    // organisation below it too, and whether the backend searches them.
    // `None` until the site and the organisations are known.
    let scope = Memo::new(move |_| {
        let id = id.get();
        let search = match shared.site.get()? {
            Ok(site) => site.data.search.clone().filter(Api::can_search),
            Err(_) => None,
        };
        let own = |id: String| ListSource {
            orgs: vec![id.clone()],
            org: id,
            search: search.clone(),
        };
        let orgs = match shared.orgs.get()? {
            Ok(orgs) => orgs.data,
            // The page shows the organisations' error; load nothing more.
            Err(_) => return Some(own(id)),
        };
        let kind = orgs.iter().find(|o| o.id == id).map(|o| o.kind);
        let include = kind.is_some_and(|k| filters.with(|f| f.includes_sub_orgs(k)))
            && has_children(&orgs, &id);
        Some(match include {
            true => ListSource {
                orgs: subtree(&orgs, &id),
                org: id,
                search,
            },
            false => own(id),
        })
    });
    // The board's list, the first page shown at once.
    let (items, retry_items) = use_item_list(move || scope.get(), filters.into(), {
        let clock = clock.clone();
        move || clock.now()
    });
    let retry = Callback::new(move |_| {
        shared.refetch();
        retry_items.run(());
    });
    // What decides the page's frame: the list's source and whether its
    // first page (or its failure) has come. Later pages only reach the
    // list inside, so the filters keep their focus while they load.
    let frame = Memo::new(move |_| {
        items.with(|s| {
            let first = match (&s.error, s.started) {
                (Some(error), _) if s.list.entries.is_empty() => Some(Err(error.clone())),
                (_, true) => Some(Ok(s.stale.clone())),
                _ => None,
            };
            (s.source.clone(), first)
        })
    });

    let render = move || {
        let id = id.get();
        let Some(PageData {
            site,
            orgs,
            calendar,
            own: (),
        }) = shared.page_without_own()
        else {
            return loaded_view(None, retry);
        };
        let (source, first) = frame.get();
        let Some(scope) = scope.get().filter(|s| source.as_ref() == Some(s)) else {
            // Still the previous board's items: wait for this one's.
            return loaded_view(None, retry);
        };
        let Some(first) = first else {
            return loaded_view(None, retry);
        };
        let page = board_view(
            BoardData {
                id,
                site,
                orgs,
                calendar,
                items,
                first,
                includes_sub: scope.includes_sub(),
            },
            clock.now(),
            filters,
            on_change,
            settle,
            retry,
        );
        loaded_view(Some(page), retry)
    };
    view! { <div class="gk-page gk-board">{render}</div> }
}

struct BoardData {
    id: String,
    site: ApiResult<Site>,
    orgs: ApiResult<Vec<Organisation>>,
    calendar: Arc<WorkCalendar>,
    items: ReadSignal<ItemListState>,
    /// The first page's outcome: its stale mark, or the error that left
    /// nothing to show.
    first: Result<Option<Stale>, ApiError>,
    /// Whether `items` are those of the organisations below too, so that
    /// each card names its organisation.
    includes_sub: bool,
}

fn board_view(
    data: BoardData,
    now: OffsetDateTime,
    filters: Memo<Filters>,
    on_change: Callback<(Filters, bool)>,
    settle: Callback<()>,
    retry: Callback<()>,
) -> Result<AnyView, ApiError> {
    let BoardData {
        id,
        site,
        orgs,
        calendar,
        items,
        first,
        includes_sub,
    } = data;
    let (site, orgs, items_stale) = (site?, orgs?, first?);
    let Some(org) = orgs.data.iter().find(|o| o.id == id).cloned() else {
        return Err(ApiError::NotFound);
    };
    let parent = org
        .parent
        .as_ref()
        .and_then(|p| orgs.data.iter().find(|o| &o.id == p))
        .map(|p| (p.id.clone(), p.name.clone()));
    let has_children = has_children(&orgs.data, &id);
    // 含下级组织 is offered where there is something below; its default
    // depends on the kind of organisation.
    let sub_default = has_children.then(|| includes_sub_orgs_by_default(org.kind));
    let stale = oldest_stale([&site.stale, &orgs.stale, &items_stale]);
    let catalogue = Arc::new(site.data.catalogue.clone());
    let takes_feedback = site.data.feedback.is_some();
    // Compared by value: a page of results that comes leaves them alone.
    let years = Memo::new(move |_| items.with(|s| s.list.years.clone()));
    let clear = Callback::new(move |_| {
        on_change.run((filters.get_untracked().cleared(), false));
        // The button that was pressed is gone: give the focus to the search.
        crate::components::filters_bar::focus_search();
    });
    Ok::<_, ApiError>(view! {
                                <nav class="gk-breadcrumb" aria-label=t!(breadcrumb)>
                                    <ol>
                                        <li><a href=home_href()>{t!(home)}</a></li>
                                        {parent.map(|(pid, pname)| view! { <li><a href=org_href(&pid)>{pname}</a></li> }.into_any())}
                                    </ol>
                                </nav>
                                <PageHeading text=org.name.clone()/>
                                <StaleBanner stale=stale on_retry=retry/>
                                <p class="gk-lead">
                                    <span class="gk-tag">{org_kind_label(org.kind)}</span>
                                    {org.description.clone().map(|d| view! { <span class="gk-board__desc">{d}</span> }.into_any())}
                                </p>
                                <div class="gk-board__grid">
                                    <section class="gk-board__main" aria-labelledby="gk-items-heading">
                                        <h2 {..aria_level_attr(2)} class="gk-visually-hidden" id="gk-items-heading">{t!(board_items)}</h2>
                                        <FiltersBar
                                            filters=filters
                                            on_change=on_change
                                            on_settle=settle
                                            catalogue=Arc::clone(&catalogue)
                                            years=Signal::from(years)
                                            sub_default=sub_default
                                        />
                                        <ItemList
                                            board=id.clone()
                                            state=items
                                            on_retry=retry
                                            filters=filters
                                            catalogue=catalogue
                                            now=now
                                            calendar=calendar
                                            on_clear=clear
                                            orgs=includes_sub.then(|| Arc::clone(&orgs.data))
                                        />
                                    </section>
                                    <aside class="gk-board__side">
                                        {takes_feedback.then(|| view! {
                                            <section class="gk-section gk-board__feedback" aria-labelledby="gk-org-feedback">
                                                <h2 {..aria_level_attr(2)} class="gk-h2" id="gk-org-feedback">{t!(board_feedback_title)}</h2>
                                                <ul class="gk-links">
                                                    <li><a class="gk-button gk-button--primary" href=feedback_href(&id, None, None)>{t!(board_feedback)}</a></li>
                                                    <li><a href=replies_href(&id)>{t!(board_replies)}</a></li>
                                                    <li><a href=lookup_href()>{t!(board_lookup)}</a></li>
                                                </ul>
                                            </section>
                                        }.into_any())}
                                        {(!org.contacts.is_empty()).then(|| view! {
                                            <section class="gk-section" aria-labelledby="gk-org-contacts">
                                                <h2 {..aria_level_attr(2)} class="gk-h2" id="gk-org-contacts">{t!(org_contacts)}</h2>
                                                <ContactList contacts=org.contacts.clone()/>
                                            </section>
                                        }.into_any())}
                                        {has_children.then(|| view! {
                                            <nav class="gk-section" aria-labelledby="gk-org-children">
                                                <h2 {..aria_level_attr(2)} class="gk-h2" id="gk-org-children">{t!(org_children)}</h2>
                                                <OrgTree orgs=Arc::clone(&orgs.data) root=id.clone()/>
                                            </nav>
                                        }.into_any())}
                                    </aside>
                                </div>
                            }.into_any())
}
