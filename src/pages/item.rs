//! `/item/:id`: one disclosure in full.

use leptos::prelude::*;

use std::sync::Arc;

use crate::api::{
    app_base_url, oldest_stale, resolve_url, ApiError, ApiResult, FeedbackKind, Item, ItemKind,
    Organisation, Publicity, Site, StageState,
};
use crate::components::attachments::Attachments;
use crate::components::load_state::{loaded_view, StaleBanner};
use crate::components::page_heading::PageHeading;
use crate::components::period_badge::PeriodBadge;
use crate::components::print_sheet::{
    Paper, PrintControls, PrintFooter, PrintHead, PrintPeriod, PrintSignature,
};
use crate::components::read_aloud::ReadAloud;
use crate::components::rich_text::RichText;
use crate::domain::calendar::WorkCalendar;
use crate::domain::feedback::{objection_allowed, publicity_too_short};
use crate::domain::period::{
    end_date, is_valid, period_status, start_date, PeriodStatus, TooShort,
};
use crate::domain::poster::{body_signed, poster_plan, QrTarget};
use crate::domain::search::html_to_text;
use crate::hooks::aria_level_attr;
use crate::hooks::{use_api, use_clock, use_shared, PageData};
use crate::i18n::{content_locale, countdown_text, read_aloud_text};
use crate::i18n::{
    covers_label, format_date, format_date_weekday, format_day, iso_date, iso_day,
    regular_period_label,
};
use crate::routes::{feedback_href, home_href, item_href, lookup_href, org_href, use_id_param};
use crate::t;
use time::OffsetDateTime;

#[component]
pub fn ItemPage() -> impl IntoView {
    let api = use_api();
    let shared = use_shared();
    let clock = use_clock();
    let id = use_id_param();
    let item = LocalResource::new(move || {
        let api = api.clone();
        let id = id.get();
        async move { (id.clone(), api.item(&id).await) }
    });
    let retry = shared.retry_with(item);
    let paper = RwSignal::new(Paper::default());

    let render = move || {
        let id = id.get();
        match shared.page(item) {
            Some(PageData {
                site,
                orgs,
                calendar,
                own: (item_id, loaded),
            }) if item_id == id => loaded_view(
                Some(item_view(
                    site,
                    orgs,
                    calendar,
                    loaded,
                    clock.now(),
                    retry,
                    paper,
                )),
                retry,
            ),
            // Loading, or still the previous item: wait for this one.
            _ => loaded_view(None, retry),
        }
    };
    let class = move || format!("gk-page gk-item {}", paper.get().class());
    view! { <div class=class>{render}</div> }
}

fn item_view(
    site: ApiResult<Site>,
    orgs: ApiResult<Vec<Organisation>>,
    calendar: Arc<WorkCalendar>,
    loaded: ApiResult<Item>,
    now: OffsetDateTime,
    retry: Callback<()>,
    paper: RwSignal<Paper>,
) -> Result<AnyView, ApiError> {
    let (site, orgs, loaded) = (site?, orgs?, loaded?);
    let stale = oldest_stale([&site.stale, &orgs.stale, &loaded.stale]);
    let item: &Item = &loaded.data;
    let org = orgs.data.iter().find(|o| o.id == item.org);
    let org_label = org
        .map(|o| o.name.clone())
        .unwrap_or_else(|| item.org.clone());
    let category = site.data.catalogue.iter().find(|c| c.id == item.category);
    let category_name = category
        .map(|c| c.name.clone())
        .unwrap_or_else(|| item.category.clone());
    let too_short = publicity_too_short(item, &site.data.catalogue, &calendar);

    let superseded = item.superseded_by.clone().map(|new_id| {
        view! {
            <div class="gk-superseded" role="note">
                <p>
                    <strong>{t!(superseded_notice)}</strong>
                    " "
                    <a href=item_href(&new_id)>{t!(superseded_link)}</a>
                </p>
            </div>
        }
        .into_any()
    });
    let kind = kind_text(&item.kind);
    let publicity = item
        .publicity
        .map(|p| publicity_view(p, now, &calendar, too_short, item.objections_under_review));
    let stages = stages_view(&item.kind);
    // The notice is in the site's language, whatever the pages are in: it
    // is marked so, and read aloud in it.
    let content = content_locale(&site.data.languages);
    let read_text = read_aloud_text(
        content,
        &item.title,
        item.publicity
            .filter(is_valid)
            .map(|p| (start_date(&p), end_date(&p))),
        &match item.body_html.trim().is_empty() {
            true => item.summary.clone(),
            false => html_to_text(&item.body_html),
        },
    );
    let revisions = (!item.revisions.is_empty()).then(|| {
        let mut revs = item.revisions.clone();
        revs.sort_unstable_by(|a, b| b.at.cmp(&a.at).then_with(|| a.note.cmp(&b.note)));
        view! {
            <section class="gk-section" aria-labelledby="gk-revisions">
                <h2 {..aria_level_attr(2)} class="gk-h2" id="gk-revisions">{t!(revisions)}</h2>
                <ul class="gk-revisions">
                    {revs.into_iter().map(|r| view! {
                        <li>
                            <time datetime=iso_day(r.at)>{format_day(r.at)}</time>
                            " "
                            <span>{r.note}</span>
                        </li>
                    }).map(IntoAny::into_any).collect_view()}
                </ul>
            </section>
        }
        .into_any()
    });
    let org_id = item.org.clone();
    let feedback = feedback_links(&site.data, item, now, &calendar);
    // A body that ends with its own 落款 signs the printed notice.
    let names = [
        Some(org_label.as_str()),
        org.and_then(|o| o.short_name.as_deref()),
    ];
    let signed = body_signed(
        &item.body_html,
        &names.into_iter().flatten().collect::<Vec<_>>(),
    );
    let body = (!item.body_html.trim().is_empty()).then(|| {
        let class = match signed {
            true => "gk-section gk-print-signed",
            false => "gk-section",
        };
        view! {
            <section class=class aria-label=t!(body_label) lang=content.tag()>
                <RichText html=item.body_html.clone()/>
            </section>
        }
        .into_any()
    });
    let summary =
        (!item.summary.trim().is_empty() && item.body_html.trim().is_empty()).then(|| {
            view! { <p class="gk-lead" lang=content.tag()>{item.summary.clone()}</p> }.into_any()
        });
    let back_label = t!(back_to_board, org = org_label);
    let org_label2 = org_label.clone();
    // The printed notice: its own contacts, else the site's.
    let contacts = org
        .map(|o| o.contacts.clone())
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| site.data.contacts.clone());
    let objection_form = site
        .data
        .feedback
        .as_ref()
        .is_some_and(|f| f.kinds.contains(&FeedbackKind::Objection));
    let plan = poster_plan(
        item,
        now,
        &calendar,
        objection_form,
        site.data.hotline.is_some(),
    );
    let qr_href = match plan.qr {
        QrTarget::Item => item_href(&item.id),
        QrTarget::ObjectionForm => {
            feedback_href(&item.org, Some(&item.id), Some(FeedbackKind::Objection))
        }
    };
    let qr_url = resolve_url(&qr_href, &app_base_url()).unwrap_or(qr_href);
    let print_period = item
        .publicity
        .map(|p| view! { <PrintPeriod publicity=p/> }.into_any());
    Ok::<_, ApiError>(view! {
                                <nav class="gk-breadcrumb" aria-label=t!(breadcrumb)>
                                    <ol>
                                        <li><a href=home_href()>{t!(home)}</a></li>
                                        <li><a href=org_href(&org_id)>{org_label.clone()}</a></li>
                                    </ol>
                                </nav>
                                <article class="gk-article">
                                    // Focus lands on the heading after a navigation: what a
                                    // screen reader must hear next comes right after it.
                                    <PrintHead org=org_label.clone()/>
                                    <PageHeading text=item.title.clone() lang=content.tag()/>
                                    <ReadAloud text=read_text lang=content.tag()/>
                                    {print_period}
                                    {superseded}
                                    <StaleBanner stale=stale on_retry=retry/>
                                    <dl class="gk-facts gk-pairs">
                                        <div>
                                            <dt>{t!(fact_org)}</dt>
                                            <dd><a href=org_href(&org_id)>{org_label2}</a></dd>
                                        </div>
                                        <div>
                                            <dt>{t!(fact_category)}</dt>
                                            <dd>{category_name}</dd>
                                        </div>
                                        <div>
                                            <dt>{t!(fact_published)}</dt>
                                            <dd><time datetime=iso_day(item.published_at)>{format_day(item.published_at)}</time></dd>
                                        </div>
                                        <div>
                                            <dt>{t!(fact_kind)}</dt>
                                            <dd>{kind}</dd>
                                        </div>
                                    </dl>
                                    {publicity}
                                    {feedback.objection}
                                    {summary}
                                    {body}
                                    {stages}
                                    <Attachments attachments=item.attachments.clone()/>
                                    // The trailer moves to a new page with some of the text, never alone.
                                    <div class="gk-print-trailer">
                                        {(!signed).then(|| view! {
                                            <PrintSignature org=org_label.clone() published=item.published_at/>
                                        }.into_any())}
                                        {revisions}
                                        <PrintFooter
                                            plan=plan
                                            url=qr_url
                                            org=org_label.clone()
                                            hotline=site.data.hotline.clone()
                                            contacts=contacts
                                        />
                                    </div>
                                    <div class="gk-actions">
                                        <PrintControls paper=paper/>
                                        {feedback.write}
                                        <a href=org_href(&org_id) class="gk-button">
                                            {back_label}
                                        </a>
                                    </div>
                                </article>
                            }.into_any())
}

struct FeedbackLinks {
    objection: Option<AnyView>,
    write: Option<AnyView>,
}

/// Where the site takes feedback: 提出异议 while the item's period runs,
/// and 对这条内容留言 and 查询办理进度 always.
fn feedback_links(
    site: &Site,
    item: &Item,
    now: OffsetDateTime,
    cal: &WorkCalendar,
) -> FeedbackLinks {
    let Some(service) = &site.feedback else {
        return FeedbackLinks {
            objection: None,
            write: None,
        };
    };
    let objection = service
        .kinds
        .contains(&FeedbackKind::Objection)
        .then(|| objection_allowed(item, now, cal).ok())
        .flatten()
        .map(|open| {
            let left = t!(item_objection_open, countdown = countdown_text(&open));
            view! {
                <aside class="gk-object" aria-labelledby="gk-object-title">
                    <h2 {..aria_level_attr(2)} class="gk-h3" id="gk-object-title">{t!(item_objection_title)}</h2>
                    <p>{left}</p>
                    <a class="gk-button gk-button--primary" href=feedback_href(&item.org, Some(&item.id), Some(FeedbackKind::Objection))>
                        {t!(feedback_object)}
                    </a>
                </aside>
            }
            .into_any()
        });
    // 查询办理进度 beside 留言: where a resident who wrote before comes back.
    let write = Some(
        view! {
            <a class="gk-button" href=feedback_href(&item.org, Some(&item.id), None)>{t!(item_feedback)}</a>
            <a class="gk-button" href=lookup_href()>{t!(board_lookup)}</a>
        }
        .into_any(),
    );
    FeedbackLinks { objection, write }
}

fn kind_text(kind: &ItemKind) -> String {
    match kind {
        ItemKind::Regular { period, covers } => {
            let mut s = format!("{} · {}", t!(kind_regular), regular_period_label(*period));
            if let Some(c) = covers {
                s.push_str(" · ");
                s.push_str(&covers_label(c));
            }
            s
        }
        ItemKind::Staged { .. } => t!(kind_staged).to_owned(),
        ItemKind::AdHoc => t!(kind_ad_hoc).to_owned(),
    }
}

fn publicity_view(
    p: Publicity,
    now: time::OffsetDateTime,
    calendar: &WorkCalendar,
    too_short: Option<TooShort>,
    under_review: bool,
) -> impl IntoView {
    // A period that ends before it starts is bad data: its dates are shown
    // as sent, with no status and no length check.
    let valid = is_valid(&p);
    let status = valid.then(|| period_status(&p, now, calendar));
    let (start, end) = (start_date(&p), end_date(&p));
    // Objections raised during the period are still being checked: said
    // once it has ended, without anything about who objected.
    let under_review = under_review && matches!(status, Some(PeriodStatus::Ended { .. }));
    // Without the official schedule for a year, weekends are all it knows.
    let estimated = valid && !(calendar.has_year(start.year()) && calendar.has_year(end.year()));
    view! {
        <section class="gk-section gk-publicity" aria-labelledby="gk-publicity">
            <h2 {..aria_level_attr(2)} class="gk-h2" id="gk-publicity">{t!(publicity_period)}</h2>
            <p class="gk-publicity__dates">
                <time datetime=iso_date(start)>{format_date_weekday(start)}</time>
                " "{t!(date_to)}" "
                <time datetime=iso_date(end)>{format_date_weekday(end)}</time>
            </p>
            {status.map(|status| view! { <PeriodBadge status=status countdown=true/> }.into_any())}
            {under_review.then(|| view! { <p class="gk-review" role="status">{t!(objections_under_review)}</p> }.into_any())}
            {estimated.then(|| view! { <p class="gk-note">{t!(working_days_estimated)}</p> }.into_any())}
            {too_short.map(|s| view! {
                <p class="gk-note gk-publicity__short" role="note">
                    {t!(publicity_too_short, actual = s.actual, required = s.required)}
                </p>
            }.into_any())}
        </section>
    }
}

fn stages_view(kind: &ItemKind) -> Option<impl IntoView> {
    let ItemKind::Staged { stages } = kind else {
        return None;
    };
    if stages.is_empty() {
        return None;
    }
    let stages = stages.clone();
    Some(view! {
        <section class="gk-section" aria-labelledby="gk-stages">
            <h2 {..aria_level_attr(2)} class="gk-h2" id="gk-stages">{t!(stages)}</h2>
            <ol class="gk-stages">
                {stages.into_iter().map(|s| {
                    let (class, label) = match s.state {
                        StageState::Done => ("gk-stage gk-stage--done", t!(stage_done)),
                        StageState::Current => ("gk-stage gk-stage--current", t!(stage_current)),
                        StageState::Pending => ("gk-stage gk-stage--pending", t!(stage_pending)),
                    };
                    let current = (s.state == StageState::Current).then_some("step");
                    view! {
                        <li class=class aria-current=current>
                            <span class="gk-stage__name">{s.name}</span>
                            <span class="gk-stage__state">{label}</span>
                            {s.date.map(|d| view! { <time class="gk-stage__date" datetime=iso_date(d)>{format_date(d)}</time> }.into_any())}
                            {s.note.map(|n| view! { <p class="gk-stage__note">{n}</p> }.into_any())}
                        </li>
                    }
                }).map(IntoAny::into_any).collect_view()}
            </ol>
        </section>
    }.into_any())
}
