//! A board's first screen, written into the `index.html` that a deep link to
//! `/org/<id>` gets: the header, the board's heading and the page of items
//! its filters ask for, as the app would show them, so that a phone paints
//! them with the HTML instead of after the wasm has loaded, started and
//! fetched the same data.
//!
//! The markup is the app's own (the same classes and words: `t!` reads the
//! same locale files), inside `<div id="gk-first">` in the app's mount point.
//! The stylesheet hides what the app renders beside it; the app removes it
//! once its own page has its content (`hooks::first_screen`). Until then it
//! works without script: its links are links, and its search is a `GET`
//! form whose fields are the board's URL query.
//!
//! Only the board route has one; any other path, a board that does not
//! exist, or a store that fails, gets `index.html` as built.

use gongkai::api::{is_valid_id, Contact, Item, Organisation, Site};
use gongkai::domain::calendar::WorkCalendar;
use gongkai::domain::contacts::mailto_address;
use gongkai::domain::filters::{group_by_category, includes_sub_orgs_by_default, Filters};
use gongkai::domain::orgs::{has_children, org_tree, subtree, OrgNode};
use gongkai::domain::paging::{page_count, page_links, page_offset, year_span, RESULTS_PER_PAGE};
use gongkai::domain::period::{item_status, PeriodStatus};
use gongkai::i18n::{
    countdown_text, current_locale, format_day, iso_date, iso_day, kind_choices, org_kind_label,
    period_status_label, quarter_choices, status_choices, year_choices,
};
use gongkai::routes::{
    app_href, board_path, feedback_href, home_href, item_href, lookup_href, org_href, replies_href,
    tel_href,
};
use gongkai::t;
use maud::{html, Markup};
use percent_encoding::percent_decode_str;
use time::OffsetDateTime;

use super::read::as_served;
use super::App;
use crate::store::{SearchQuery, StoreError};

/// The element the first screen is written into (`index.html` as built has
/// it empty; the app mounts into it).
pub const MOUNT: &str = r#"<div id="gongkai"></div>"#;

/// `index.html` with the first screen of the page at `path` (`?query`), or
/// `None` where there is none to write.
pub fn page(
    app: &App,
    index: &str,
    path: &str,
    query: Option<&str>,
    now: OffsetDateTime,
) -> Result<Option<String>, StoreError> {
    let Some(id) = board_id(path) else {
        return Ok(None);
    };
    let filters = Filters::from_query(|key| query_value(query.unwrap_or(""), key));
    // The app's list of a board is the server's search: without it
    // (`--no-search`) the app reads the lists itself, and shows them as they
    // come.
    if !app.config.search {
        return Ok(None);
    }
    let Some((title, screen)) = board(app, &id, &filters, now)? else {
        return Ok(None);
    };
    Ok(inject(index, &title, &screen))
}

/// `index.html` with the page's `title` and with `screen` inside its mount
/// point; `None` for a file without one.
fn inject(index: &str, title: &str, screen: &Markup) -> Option<String> {
    let at = index.find(MOUNT)?;
    let open = MOUNT.trim_end_matches("</div>");
    let mut html = String::with_capacity(index.len() + screen.0.len() + 64);
    // `document.title` as the app sets it (`hooks::set_document_title`).
    let head = &index[..at];
    match (head.find("<title>"), head.find("</title>")) {
        (Some(start), Some(end)) if start < end => {
            html.push_str(&head[..start]);
            html.push_str(&html! { title { (title) } }.0);
            html.push_str(&head[end + "</title>".len()..]);
        }
        _ => html.push_str(head),
    }
    html.push_str(open);
    // The app's root element (`shells::App`): the same class and language.
    html.push_str(r#"<div id="gk-first" class="gk" lang=""#);
    html.push_str(current_locale().tag());
    html.push_str(r#"">"#);
    html.push_str(&screen.0);
    html.push_str("</div></div>");
    html.push_str(&index[at + MOUNT.len()..]);
    Some(html)
}

/// The organisation of a board's path, `/org/<id>` (percent-encoded as the
/// app's links write it).
fn board_id(path: &str) -> Option<String> {
    let id = path.strip_prefix("/org/")?;
    let id = percent_decode_str(id).decode_utf8().ok()?;
    is_valid_id(&id).then(|| id.into_owned())
}

/// The last value of `key` in a URL query (`+` is a space), as the
/// router reads it.
fn query_value(query: &str, key: &str) -> Option<String> {
    form_urlencoded::parse(query.as_bytes())
        .filter(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
        .last()
}

/// What a board shows, read from the store as the app reads it from the
/// API: the page of results for `filters`, by the same search; and the
/// page's title.
fn board(
    app: &App,
    id: &str,
    filters: &Filters,
    now: OffsetDateTime,
) -> Result<Option<(String, Markup)>, StoreError> {
    let store = &app.store;
    let Some(site) = store.site()? else {
        return Ok(None);
    };
    let site = as_served(site, &app.config);
    let orgs = store.orgs()?.organisations;
    let Some(org) = orgs.iter().find(|o| o.id == id) else {
        return Ok(None);
    };
    let has_children = has_children(&orgs, id);
    let includes_sub = filters.includes_sub_orgs(org.kind) && has_children;
    let page = filters.page_number();
    let board_orgs = match includes_sub {
        true => subtree(&orgs, id),
        false => vec![id.to_owned()],
    };
    let query = |filters: &Filters, offset: usize, limit: usize| SearchQuery {
        query: filters.query.clone(),
        orgs: Some(board_orgs.clone()),
        category: filters.category.clone(),
        kind: filters.kind,
        status: filters.status,
        year: filters.year,
        quarter: filters.quarter,
        offset: offset as u64,
        limit: limit as u64,
    };
    let found = store.search(&query(filters, page_offset(page), RESULTS_PER_PAGE), now)?;
    // The year filter's choices, as the app finds them: from the board's
    // newest entry to its oldest.
    let unfiltered = Filters::default();
    let newest = store.search(&query(&unfiltered, 0, 1), now)?;
    let mut ends = newest.items;
    if newest.total > 1 {
        let last = usize::try_from(newest.total - 1).unwrap_or(usize::MAX);
        ends.extend(store.search(&query(&unfiltered, last, 1), now)?.items);
    }
    let years = year_span(&ends);
    let calendar = WorkCalendar::builtin().with_years(&store.calendars()?);
    let results = Results {
        items: found.items,
        total: usize::try_from(found.total).unwrap_or(usize::MAX),
        page,
        calendar: &calendar,
        now,
        orgs: includes_sub.then_some(&orgs),
    };
    let title = match site.title == org.name {
        true => org.name.clone(),
        false => t!(document_title, page = org.name, site = site.title),
    };
    let bar = Bar {
        filters,
        years: &years,
        // 含下级组织 is offered where there is something below.
        sub_default: has_children.then(|| includes_sub_orgs_by_default(org.kind)),
    };
    Ok(Some((title, board_view(&site, &orgs, org, &bar, &results))))
}

/// One page of a board's results and what their cards need.
struct Results<'a> {
    items: Vec<Item>,
    total: usize,
    page: u32,
    calendar: &'a WorkCalendar,
    now: OffsetDateTime,
    /// With the organisations, each card names its own.
    orgs: Option<&'a Vec<Organisation>>,
}

/// What the filter bar shows.
struct Bar<'a> {
    filters: &'a Filters,
    /// The board's years, newest first.
    years: &'a [i32],
    /// `Some(default)` where 含下级组织 is offered.
    sub_default: Option<bool>,
}

/// `shells::web`'s header and `pages::board`'s page.
fn board_view(
    site: &Site,
    orgs: &[Organisation],
    org: &Organisation,
    bar: &Bar<'_>,
    results: &Results<'_>,
) -> Markup {
    let filters = bar.filters;
    let parent = org
        .parent
        .as_ref()
        .and_then(|p| orgs.iter().find(|o| &o.id == p));
    html! {
        a.gk-skip href="#gk-main" { (t!(skip_to_content)) }
        header.gk-header {
            div.gk-header__inner {
                a.gk-brand href=(home_href()) { span.gk-brand__title { (site.title) } }
                @if site.feedback.is_some() {
                    a.gk-header__lookup href=(lookup_href()) { (t!(board_lookup)) }
                }
            }
        }
        main #gk-main .gk-main tabindex="-1" {
            div.gk-page.gk-board {
                nav.gk-breadcrumb aria-label=(t!(breadcrumb)) {
                    ol {
                        li { a href=(home_href()) { (t!(home)) } }
                        @if let Some(parent) = parent {
                            li { a href=(org_href(&parent.id)) { (parent.name) } }
                        }
                    }
                }
                h1.gk-h1 tabindex="-1" { (org.name) }
                p.gk-lead {
                    span.gk-tag { (org_kind_label(org.kind)) }
                    @if let Some(description) = &org.description {
                        span.gk-board__desc { (description) }
                    }
                }
                div.gk-board__grid {
                    section.gk-board__main aria-labelledby="gk-items-heading" {
                        h2.gk-visually-hidden #gk-items-heading { (t!(board_items)) }
                        (filters_bar(site, &org.id, bar))
                        (results_view(site, &org.id, filters, results))
                    }
                    aside.gk-board__side {
                        @if site.feedback.is_some() {
                            section.gk-section.gk-board__feedback aria-labelledby="gk-org-feedback" {
                                h2.gk-h2 #gk-org-feedback { (t!(board_feedback_title)) }
                                ul.gk-links {
                                    li { a.gk-button.gk-button--primary href=(feedback_href(&org.id, None, None)) { (t!(board_feedback)) } }
                                    li { a href=(replies_href(&org.id)) { (t!(board_replies)) } }
                                    li { a href=(lookup_href()) { (t!(board_lookup)) } }
                                }
                            }
                        }
                        @if !org.contacts.is_empty() {
                            section.gk-section aria-labelledby="gk-org-contacts" {
                                h2.gk-h2 #gk-org-contacts { (t!(org_contacts)) }
                                (contact_list(&org.contacts))
                            }
                        }
                        @let children = org_tree(orgs, Some(&org.id));
                        @if !children.is_empty() {
                            nav.gk-section aria-labelledby="gk-org-children" {
                                h2.gk-h2 #gk-org-children { (t!(org_children)) }
                                (tree(&children))
                            }
                        }
                    }
                }
            }
        }
    }
}

/// `components::filters_bar`, as a `GET` form whose fields are the board's
/// URL query: before the app has started, Enter in the search box loads the
/// board with the words and the choices made, as the app's URL would say.
/// 含下级组织 is the app's to change (the form keeps the URL's choice in a
/// hidden field), and 清除筛选 is a link to the board without filters.
fn filters_bar(site: &Site, board: &str, bar: &Bar<'_>) -> Markup {
    let filters = bar.filters;
    let categories: Vec<(String, String)> = site
        .catalogue
        .iter()
        .map(|c| (c.id.clone(), c.name.clone()))
        .collect();
    let value = |key: &str| {
        filters
            .to_query()
            .into_iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v)
            .unwrap_or_default()
    };
    let select = |key: &'static str, label: &str, choices: Vec<(String, String)>, hint: bool| {
        let current = value(key);
        html! {
            div class=(format!("gk-field gk-field--{key}")) {
                label.gk-field__label for=(format!("gk-first-{key}")) { (label) }
                select.gk-select id=(format!("gk-first-{key}")) name=(key)
                    aria-describedby=[hint.then_some("gk-first-period-hint")] {
                    option value="" selected[current.is_empty()] { (t!(filter_all)) }
                    @for (v, text) in &choices {
                        option value=(v) selected[*v == current] { (text) }
                    }
                }
            }
        }
    };
    html! {
        form.gk-filters role="search" aria-label=(t!(filters_label)) method="get" {
            div.gk-field.gk-field--search {
                label.gk-field__label for="gk-first-q" { (t!(search_label)) }
                input.gk-input #gk-first-q type="search" name="q" value=(filters.query)
                    placeholder=(t!(search_placeholder)) autocomplete="off" enterkeyhint="search";
            }
            (select("category", t!(filter_category), categories, false))
            (select("kind", t!(filter_kind), kind_choices(), false))
            (select("status", t!(filter_status), status_choices(), false))
            (select("year", t!(filter_year), year_choices(bar.years, filters.year), true))
            (select("quarter", t!(filter_quarter), quarter_choices(), true))
            p.gk-field__hint.gk-filters__hint #gk-first-period-hint { (t!(filter_period_hint)) }
            @if let Some(default) = bar.sub_default {
                div.gk-field.gk-field--sub.gk-checkbox {
                    input.gk-checkbox__input #gk-first-sub type="checkbox"
                        checked[filters.sub.unwrap_or(default)];
                    label.gk-checkbox__label for="gk-first-sub" { (t!(filter_sub_orgs)) }
                }
            }
            @if let Some(sub) = filters.sub {
                input type="hidden" name="sub" value=(if sub { "1" } else { "0" });
            }
            div.gk-field.gk-field--actions {
                @if filters.is_empty() {
                    button.gk-button type="button" disabled { (t!(clear_filters)) }
                } @else {
                    a.gk-button href=(app_href(&board_path(board, &filters.cleared()))) { (t!(clear_filters)) }
                }
            }
        }
    }
}

/// `components::item_list`: the count, the page's line, the cards (under
/// their categories when all fit on one page) and the pager.
fn results_view(site: &Site, board: &str, filters: &Filters, results: &Results<'_>) -> Markup {
    let pages = page_count(results.total);
    let current = results.page.min(pages);
    let category_name = |id: &str| {
        site.catalogue
            .iter()
            .find(|c| c.id == id)
            .map_or_else(|| id.to_owned(), |c| c.name.clone())
    };
    html! {
        div.gk-results aria-busy="false" {
            p.gk-count role="status" aria-live="polite" { (t!(result_count, n = results.total)) }
            @if pages > 1 {
                p.gk-pager__status #gk-page-status tabindex="-1" {
                    (t!(pager_status, n = current, pages = pages))
                }
            }
            @if results.items.is_empty() {
                div.gk-empty { p { (t!(no_results)) } }
            } @else if pages == 1 {
                @let refs: Vec<&Item> = results.items.iter().collect();
                @for (category, items) in group_by_category(&refs, &site.catalogue) {
                    section.gk-group {
                        h2.gk-group__title { (category_name(&category)) }
                        ul.gk-list {
                            @for item in items { li.gk-list__item { (card(item, None, results)) } }
                        }
                    }
                }
            } @else {
                ul.gk-list {
                    @for item in &results.items {
                        li.gk-list__item { (card(item, Some(category_name(&item.category)), results)) }
                    }
                }
            }
            @if pages > 1 {
                (pager(board, filters, current, pages))
            }
        }
    }
}

/// `components::contacts::ContactList`.
fn contact_list(contacts: &[Contact]) -> Markup {
    html! {
        ul.gk-contacts {
            @for c in contacts {
                li.gk-contact {
                    p.gk-contact__name {
                        span { (c.name) }
                        @if let Some(role) = &c.role { span.gk-contact__role { (role) } }
                    }
                    @if let Some(phone) = &c.phone {
                        p.gk-contact__line {
                            span.gk-contact__label { (t!(contact_phone)) }
                            a href=(tel_href(phone)) { (phone) }
                        }
                    }
                    @if let Some(email) = mailto_address(c) {
                        p.gk-contact__line {
                            span.gk-contact__label { (t!(contact_email)) }
                            a href=(format!("mailto:{email}")) { (email) }
                        }
                    }
                    @if let Some(address) = &c.address {
                        p.gk-contact__line {
                            span.gk-contact__label { (t!(contact_address)) }
                            span { (address) }
                        }
                    }
                    @if let Some(hours) = &c.hours {
                        p.gk-contact__line {
                            span.gk-contact__label { (t!(contact_hours)) }
                            span { (hours) }
                        }
                    }
                }
            }
        }
    }
}

/// `components::org_tree::OrgTree`.
fn tree(nodes: &[OrgNode<'_>]) -> Markup {
    html! {
        ul.gk-tree {
            @for node in nodes {
                li.gk-tree__item {
                    span.gk-tree__row {
                        a.gk-tree__link href=(org_href(&node.org.id)) { (node.org.name) }
                        span.gk-tree__kind { (org_kind_label(node.org.kind)) }
                    }
                    @if !node.children.is_empty() { (tree(&node.children)) }
                }
            }
        }
    }
}

/// `components::item_card`, without search marks (the app adds them).
fn card(item: &Item, category: Option<String>, results: &Results<'_>) -> Markup {
    let org = results
        .orgs
        .and_then(|orgs| orgs.iter().find(|o| o.id == item.org))
        .map(|o| o.name.as_str());
    let status = item_status(item, results.now, results.calendar);
    let review = item.objections_under_review;
    let superseded = item.superseded_by.is_some();
    html! {
        article.gk-card {
            h3.gk-card__title { a href=(item_href(&item.id)) { (item.title) } }
            p.gk-card__meta {
                @if let Some(org) = org { span.gk-card__org { (org) } }
                @if let Some(category) = category { span.gk-card__category { (category) } }
                span.gk-card__date {
                    span.gk-visually-hidden { (t!(published_on)) }
                    time datetime=(iso_day(item.published_at)) { (format_day(item.published_at)) }
                }
            }
            @if status.is_some() || review || superseded {
                p.gk-card__status {
                    @if let Some(status) = status { (period_badge(&status)) }
                    @if review { span.gk-badge.gk-badge--review { (t!(objections_under_review_badge)) } }
                    @if superseded { span.gk-badge.gk-badge--ended { (t!(superseded_badge)) } }
                }
            }
            @if !item.summary.trim().is_empty() {
                p.gk-card__summary { (item.summary) }
            }
        }
    }
}

/// `components::period_badge::PeriodBadge` with its countdown.
fn period_badge(status: &PeriodStatus) -> Markup {
    let (class, date) = match *status {
        PeriodStatus::Upcoming { starts_on, .. } => ("gk-badge gk-badge--upcoming", starts_on),
        PeriodStatus::Open { ends_on, .. } => ("gk-badge gk-badge--open", ends_on),
        PeriodStatus::Ended { ended_on } => ("gk-badge gk-badge--ended", ended_on),
    };
    html! {
        span.gk-status {
            span class=(class) { (period_status_label(status)) }
            time.gk-status__countdown datetime=(iso_date(date)) { (countdown_text(status)) }
        }
    }
}

/// `components::item_list::Pager`: links, so every page has its URL.
fn pager(board: &str, filters: &Filters, current: u32, pages: u32) -> Markup {
    let href = |p: u32| app_href(&board_path(board, &filters.on_page(p)));
    html! {
        nav.gk-pager aria-label=(t!(pager_label)) {
            @if current > 1 { a.gk-pager__step href=(href(current - 1)) { (t!(pager_prev)) } }
            ol.gk-pager__pages {
                @for p in page_links(current, pages) {
                    @match p {
                        Some(p) if p == current => li { span.gk-pager__current aria-current="page" { (p) } },
                        Some(p) => li { a.gk-pager__page href=(href(p)) aria-label=(t!(pager_page, n = p)) { (p) } },
                        None => li.gk-pager__gap aria-hidden="true" { "…" },
                    }
                }
            }
            @if current < pages { a.gk-pager__step href=(href(current + 1)) { (t!(pager_next)) } }
        }
    }
}
