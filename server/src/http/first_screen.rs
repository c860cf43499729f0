//! The first screen of the home page and of a board, written into the
//! `index.html` that `/` and `/org/<id>` get: the header, the heading, the
//! home page's lists or the page of items a board's filters ask for, and the
//! footer, as the app would show them, so that a phone paints them with the HTML
//! instead of after the wasm has loaded, started and fetched the same data.
//!
//! The markup is the app's own (the same classes and words: `t!` reads the
//! same locale files), inside `<div id="gk-first">` in the app's mount point.
//! The stylesheet hides what the app renders beside it; the app removes it
//! once its own page has its content (`hooks::first_screen`). Until then it
//! works without script: its links are links, and its searches are `GET`
//! forms whose fields are the board's URL query.
//!
//! Only these two pages have one, and only where the server searches (the
//! app's lists are its searches); any other path, a board that does not
//! exist, or a store that fails, gets `index.html` as built.

use gongkai::api::{is_valid_id, Contact, Item, Organisation, Site};
use gongkai::domain::calendar::WorkCalendar;
use gongkai::domain::contacts::{group_contacts, mailto_address};
use gongkai::domain::filters::{
    group_by_category, includes_sub_orgs_by_default, site_search, Filters, StatusFilter,
};
use gongkai::domain::home::{each_once, home_lists, Entry, HomeLists, BY_STATUS, NEWEST};
use gongkai::domain::orgs::{has_children, org_tree, subtree, OrgNode};
use gongkai::domain::paging::{page_count, page_links, page_offset, year_span, RESULTS_PER_PAGE};
use gongkai::domain::period::{item_status, PeriodStatus};
use gongkai::i18n::{
    contact_group_label, countdown_text, current_locale, format_day, iso_date, iso_day,
    kind_choices, org_kind_label, period_status_label, quarter_choices, status_choices,
    year_choices,
};
use gongkai::routes::{
    app_href, board_path, feedback_href, home_href, item_href, lookup_href, org_href, replies_href,
    set_base_path, tel_href,
};
use gongkai::t;
use maud::{html, Markup};
use percent_encoding::percent_decode_str;
use time::OffsetDateTime;

use super::read::as_served;
use super::App;
use crate::store::{SearchQuery, Store, StoreError};

/// The element the first screen is written into (`index.html` as built has
/// it empty; the app mounts into it).
pub const MOUNT: &str = r#"<div id="gongkai"></div>"#;

/// A page that has a first screen.
pub enum Page {
    /// `/`.
    Home,
    /// `/org/<id>` with its filters.
    Board { id: String, filters: Filters },
}

impl Page {
    /// The page at `path` (`?query`), if it has a first screen.
    pub fn of(path: &str, query: Option<&str>) -> Option<Page> {
        if path == "/" {
            return Some(Page::Home);
        }
        let id = board_id(path)?;
        let filters = Filters::from_query(|key| query_param(query.unwrap_or(""), key));
        Some(Page::Board { id, filters })
    }

    /// `index.html` with this page's first screen, or `None` where there is
    /// none to write.
    pub fn write(
        &self,
        app: &App,
        index: &str,
        now: OffsetDateTime,
    ) -> Result<Option<String>, StoreError> {
        // The app's lists are the server's searches: without them
        // (`--no-search`) the app reads the lists itself, and shows them as
        // they come.
        if !app.config.search {
            return Ok(None);
        }
        let Some(site) = app.store.site()? else {
            return Ok(None);
        };
        let content = Content::read(&app.store, as_served(site, &app.config))?;
        self.write_for(&app.store, &content, index, now)
    }

    /// `index.html` with this page's first screen as a backend serving
    /// `content` (and searching `store`) shows it.
    pub fn write_for(
        &self,
        store: &Store,
        content: &Content,
        index: &str,
        now: OffsetDateTime,
    ) -> Result<Option<String>, StoreError> {
        let cx = Cx {
            site: &content.site,
            orgs: &content.orgs,
            calendar: &content.calendar,
            now,
        };
        // Links relative to the page's `<base href>`, as the app's resolve
        // against the router's base: right wherever the app is served.
        set_base_path(".");
        let screen = match self {
            Page::Home => Some(home(store, &cx)?),
            Page::Board { id, filters } => board(store, &cx, id, filters)?,
        };
        let here = self.href();
        Ok(screen.and_then(|(title, page)| inject(index, &title, &shell(cx.site, &here, page))))
    }

    /// This page's own link (relative to the base).
    fn href(&self) -> String {
        match self {
            Page::Home => home_href(),
            Page::Board { id, filters } => app_href(&board_path(id, filters)),
        }
    }
}

/// What every first screen of a site reads besides its searches: read once
/// for a request, or once for all the pages `gongkai-server pages` writes.
pub struct Content {
    /// `site.json` as the app reads it from this backend.
    pub site: Site,
    pub orgs: Vec<Organisation>,
    pub calendar: WorkCalendar,
}

impl Content {
    /// The organisations and working-day calendars of `store`, with `site`.
    pub fn read(store: &Store, site: Site) -> Result<Content, StoreError> {
        Ok(Content {
            site,
            orgs: store.orgs()?.organisations,
            calendar: WorkCalendar::builtin().with_years(&store.calendars()?),
        })
    }
}

/// What every part of a first screen reads.
struct Cx<'a> {
    site: &'a Site,
    orgs: &'a [Organisation],
    calendar: &'a WorkCalendar,
    now: OffsetDateTime,
}

/// `shells::web`'s skip link, header and footer, and `page` in `<main>`. The skip
/// link names the page itself (`here`): a bare `#gk-main` would resolve
/// against `<base href>`, another page.
fn shell(site: &Site, here: &str, page: Markup) -> Markup {
    html! {
        a.gk-skip href=(format!("{here}#gk-main")) { (t!(skip_to_content)) }
        header.gk-header {
            div.gk-header__inner {
                a.gk-brand href=(home_href()) { span.gk-brand__title { (site.title) } }
                @if site.feedback.is_some() {
                    a.gk-header__lookup href=(lookup_href()) { (t!(board_lookup)) }
                }
            }
            // The app's tools (长辈模式, the text steps, the language) need
            // script: their room, so that nothing moves when they come.
            div.gk-header__tools.gk-header__tools--later {}
        }
        main #gk-main .gk-main tabindex="-1" { (page) }
        (footer(site))
    }
}

/// `shells::web`'s footer: the hotline and the site's contacts by group.
fn footer(site: &Site) -> Markup {
    html! {
        footer.gk-footer {
            div.gk-footer__inner {
                @if let Some(hotline) = &site.hotline {
                    p.gk-footer__hotline {
                        span.gk-footer__label { (t!(hotline)) }
                        a href=(tel_href(hotline)) { (hotline) }
                    }
                }
                @for (group, contacts) in group_contacts(&site.contacts) {
                    h2.gk-footer__heading { (contact_group_label(group)) }
                    (contact_list(&contacts))
                }
            }
        }
    }
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
fn query_param(query: &str, key: &str) -> Option<String> {
    form_urlencoded::parse(query.as_bytes())
        .filter(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
        .last()
}

/// What a board shows, read from the store as the app reads it from the
/// API: the page of results for `filters`, by the same search; and the
/// page's title. `None` for an organisation that does not exist.
fn board(
    store: &Store,
    cx: &Cx<'_>,
    id: &str,
    filters: &Filters,
) -> Result<Option<(String, Markup)>, StoreError> {
    let (orgs, now) = (cx.orgs, cx.now);
    let Some(org) = orgs.iter().find(|o| o.id == id) else {
        return Ok(None);
    };
    let has_children = has_children(orgs, id);
    let includes_sub = filters.includes_sub_orgs(org.kind) && has_children;
    let page = filters.page_number();
    let board_orgs = match includes_sub {
        true => subtree(orgs, id),
        false => vec![id.to_owned()],
    };
    let query = |filters: &Filters, offset: usize, limit: usize| {
        SearchQuery::of(filters, Some(board_orgs.clone()), offset, limit)
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
    let results = Results {
        items: found.items,
        total: usize::try_from(found.total).unwrap_or(usize::MAX),
        page,
        includes_sub,
    };
    let site = cx.site;
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
    Ok(Some((title, board_view(cx, org, &bar, &results))))
}

/// One page of a board's results.
struct Results {
    items: Vec<Item>,
    total: usize,
    page: u32,
    /// Whether they are those of the organisations below too, so that each
    /// card names its organisation.
    includes_sub: bool,
}

/// What the filter bar shows.
struct Bar<'a> {
    filters: &'a Filters,
    /// The board's years, newest first.
    years: &'a [i32],
    /// `Some(default)` where 含下级组织 is offered.
    sub_default: Option<bool>,
}

/// `pages::board`'s page.
fn board_view(cx: &Cx<'_>, org: &Organisation, bar: &Bar<'_>, results: &Results) -> Markup {
    let site = cx.site;
    let parent = org
        .parent
        .as_ref()
        .and_then(|p| cx.orgs.iter().find(|o| &o.id == p));
    let children = org_tree(cx.orgs, Some(&org.id));
    html! {
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
                    (results_view(cx, &org.id, bar.filters, results))
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

/// The home page's lists, from the same three searches the app makes
/// (`api::Api::current_items`): in 公示, announced, and the newest.
fn home(store: &Store, cx: &Cx<'_>) -> Result<(String, Markup), StoreError> {
    let search = |status: Option<StatusFilter>, limit: usize| {
        let filters = Filters {
            status,
            ..Filters::default()
        };
        store.search(&SearchQuery::of(&filters, None, 0, limit), cx.now)
    };
    let items = each_once([
        search(Some(StatusFilter::Open), BY_STATUS)?.items,
        search(Some(StatusFilter::Upcoming), BY_STATUS)?.items,
        search(None, NEWEST)?.items,
    ]);
    let lists = home_lists(&items, cx.now, cx.calendar);
    Ok((cx.site.title.clone(), home_view(cx, &lists)))
}

/// `pages::home`'s page.
fn home_view(cx: &Cx<'_>, lists: &HomeLists<'_>) -> Markup {
    let site = cx.site;
    let root = &site.root_org;
    let root_kind = cx.orgs.iter().find(|o| &o.id == root).map(|o| o.kind);
    // The site search goes to the root's board with the words (the app
    // navigates there; without script, the form does).
    let kept: Vec<(&'static str, String)> = site_search("", root_kind)
        .to_query()
        .into_iter()
        .filter(|(key, _)| *key != "q")
        .collect();
    let cards = |list: &[Entry<'_>]| {
        html! {
            ul.gk-list {
                @for (item, status) in list {
                    li.gk-list__item {
                        (card(item, &CardCx {
                            org: short_org_name(cx.orgs, &item.org),
                            category: category_name(site, &item.category),
                            status: *status,
                        }))
                    }
                }
            }
        }
    };
    html! {
        div.gk-page.gk-home {
            @match &site.subtitle {
                Some(subtitle) => h1.gk-h1 tabindex="-1" { (subtitle) },
                None => h1.gk-h1.gk-visually-hidden tabindex="-1" { (site.title) },
            }
            form.gk-site-search role="search" aria-label=(t!(home_search_label)) method="get"
                action=(org_href(root)) {
                label.gk-field__label for="gk-first-site-q" { (t!(home_search_label)) }
                div.gk-site-search__row {
                    input.gk-input #gk-first-site-q name="q" type="search" autocomplete="off"
                        enterkeyhint="search";
                    @for (key, value) in &kept {
                        input type="hidden" name=(key) value=(value);
                    }
                    button.gk-button.gk-button--primary type="submit" { (t!(search_label)) }
                }
            }
            div.gk-home__grid {
                @if !lists.open.is_empty() {
                    section.gk-section.gk-section--open aria-labelledby="gk-open" {
                        h2.gk-h2 #gk-open { (t!(home_open)) }
                        (cards(&lists.open))
                    }
                }
                div.gk-home__side {
                    nav.gk-section aria-labelledby="gk-orgs" {
                        h2.gk-h2 #gk-orgs { (t!(home_orgs)) }
                        (tree(&org_tree(cx.orgs, None)))
                    }
                    @if site.feedback.is_some() {
                        section.gk-section.gk-board__feedback aria-labelledby="gk-home-feedback" {
                            h2.gk-h2 #gk-home-feedback { (t!(board_feedback_title)) }
                            ul.gk-links {
                                li { a.gk-button.gk-button--primary href=(feedback_href(root, None, None)) { (t!(board_feedback)) } }
                                li { a href=(lookup_href()) { (t!(board_lookup)) } }
                                li { a href=(replies_href(root)) { (t!(board_replies)) } }
                            }
                        }
                    }
                }
                @if !lists.upcoming.is_empty() {
                    section.gk-section aria-labelledby="gk-upcoming" {
                        h2.gk-h2 #gk-upcoming { (t!(home_upcoming)) }
                        (cards(&lists.upcoming))
                    }
                }
                section.gk-section aria-labelledby="gk-latest" {
                    h2.gk-h2 #gk-latest { (t!(home_latest)) }
                    @if lists.latest.is_empty() {
                        p.gk-empty { (t!(no_items)) }
                    } @else {
                        (cards(&lists.latest))
                    }
                    p.gk-more { a href=(org_href(root)) { (t!(home_all_items)) } }
                }
            }
        }
    }
}

/// A category's name in the catalogue.
fn category_name(site: &Site, id: &str) -> Option<String> {
    site.catalogue
        .iter()
        .find(|c| c.id == id)
        .map(|c| c.name.clone())
}

/// An organisation's short name (`pages::home::org_name`), or its name.
fn short_org_name<'a>(orgs: &'a [Organisation], id: &str) -> Option<&'a str> {
    orgs.iter()
        .find(|o| o.id == id)
        .map(|o| o.short_name.as_deref().unwrap_or(&o.name))
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
    let select = |key: &'static str, label: &str, choices: Vec<(String, String)>, hint: bool| {
        let current = filters.query_value(key);
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
fn results_view(cx: &Cx<'_>, board: &str, filters: &Filters, results: &Results) -> Markup {
    let site = cx.site;
    let pages = page_count(results.total);
    let current = results.page.min(pages);
    let card_of = |item: &Item, grouped: bool| {
        let org = results
            .includes_sub
            .then(|| cx.orgs.iter().find(|o| o.id == item.org))
            .flatten()
            .map(|o| o.name.as_str());
        card(
            item,
            &CardCx {
                org,
                category: (!grouped)
                    .then(|| category_name(site, &item.category))
                    .flatten(),
                status: item_status(item, cx.now, cx.calendar),
            },
        )
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
                        h2.gk-group__title { (category_name(site, &category).unwrap_or(category)) }
                        ul.gk-list {
                            @for item in items { li.gk-list__item { (card_of(item, true)) } }
                        }
                    }
                }
            } @else {
                ul.gk-list {
                    @for item in &results.items {
                        li.gk-list__item { (card_of(item, false)) }
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

/// What a card names beside its item.
struct CardCx<'a> {
    org: Option<&'a str>,
    category: Option<String>,
    status: Option<PeriodStatus>,
}

/// `components::item_card`, without search marks (the app adds them).
fn card(item: &Item, cx: &CardCx<'_>) -> Markup {
    let review = item.objections_under_review;
    let superseded = item.superseded_by.is_some();
    html! {
        article.gk-card {
            h3.gk-card__title { a href=(item_href(&item.id)) { (item.title) } }
            p.gk-card__meta {
                @if let Some(org) = cx.org { span.gk-card__org { (org) } }
                @if let Some(category) = &cx.category { span.gk-card__category { (category) } }
                span.gk-card__date {
                    span.gk-visually-hidden { (t!(published_on)) }
                    time datetime=(iso_day(item.published_at)) { (format_day(item.published_at)) }
                }
            }
            @if cx.status.is_some() || review || superseded {
                p.gk-card__status {
                    @if let Some(status) = &cx.status { (period_badge(status)) }
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
