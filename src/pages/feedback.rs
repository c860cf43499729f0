//! `/feedback?org=…&item=…&kind=…`: the feedback form (意见箱), addressed
//! to an organisation (the site's root when none is given) or to one of its
//! items. The draft is kept on the device; a submission goes into the outbox
//! and, once the backend has it, on to the confirmation page.

use std::sync::Arc;

use leptos::prelude::*;

use crate::api::{ApiError, ApiResult, FeedbackKind, FeedbackService, Item, Organisation, Site};
use crate::components::feedback_form::{FeedbackForm, FormTarget};
use crate::components::load_state::loaded_view;
use crate::components::page_heading::PageHeading;
use crate::domain::calendar::WorkCalendar;
use crate::domain::draft::Draft;
use crate::domain::feedback::objection_allowed;
use crate::domain::outbox::{EntryState, OutboxEntry};
use crate::hooks::aria_level_attr;
use crate::hooks::{use_api, use_clock, use_shared, PageData};
use crate::hooks::{use_draft, use_outbox, UseDraft};
use crate::i18n::field_error_text;
use crate::routes::{
    home_href, item_href, org_href, use_feedback_param, use_navigate, FEEDBACK_SENT_PATH,
};
use crate::{t, te};
use time::OffsetDateTime;

#[component]
pub fn FeedbackPage() -> impl IntoView {
    let api = use_api();
    let shared = use_shared();
    let clock = use_clock();
    let (org_param, item_param, kind_param) = (
        use_feedback_param("org"),
        use_feedback_param("item"),
        use_feedback_param("kind"),
    );
    let item = LocalResource::new(move || {
        let api = api.clone();
        let id = item_param.get();
        async move {
            let loaded = match &id {
                Some(id) => Some(api.item(id).await),
                None => None,
            };
            (id, loaded)
        }
    });
    let retry = shared.retry_with(item);

    let render = move || {
        let Some(PageData {
            site,
            orgs,
            calendar,
            own: (item_for, item),
        }) = shared.page(item)
        else {
            return loaded_view(None, retry);
        };
        if item_for != item_param.get() {
            return loaded_view(None, retry);
        }
        let page = form_page(
            FormData {
                site,
                orgs,
                calendar,
                item,
                org: org_param.get(),
                kind: kind_param
                    .get_untracked()
                    .as_deref()
                    .and_then(FeedbackKind::parse),
            },
            clock.now(),
        );
        loaded_view(Some(page), retry)
    };
    view! { <div class="gk-page gk-feedback">{render}</div> }
}

struct FormData {
    site: ApiResult<Site>,
    orgs: ApiResult<Vec<Organisation>>,
    calendar: Arc<WorkCalendar>,
    item: Option<ApiResult<Item>>,
    org: Option<String>,
    kind: Option<FeedbackKind>,
}

fn form_page(data: FormData, now: OffsetDateTime) -> Result<AnyView, ApiError> {
    let (site, orgs) = (data.site?, data.orgs?);
    let item = data.item.transpose()?.map(|i| Item::clone(&i.data));
    let Some(service) = site.data.feedback.clone() else {
        return Ok(not_offered(site.data.hotline.clone()));
    };
    // An item decides its organisation; otherwise the one asked for, or the root.
    let org_id = item
        .as_ref()
        .map(|i| i.org.clone())
        .or(data.org.clone())
        .unwrap_or_else(|| site.data.root_org.clone());
    let org = orgs
        .data
        .iter()
        .find(|o| o.id == org_id)
        .cloned()
        .ok_or(ApiError::NotFound)?;
    let objection = item
        .as_ref()
        .map(|i| objection_allowed(i, now, &data.calendar));
    let kinds = offered_kinds(&service, objection.is_some_and(|o| o.is_ok()));
    let objection_note = service
        .kinds
        .contains(&FeedbackKind::Objection)
        .then(|| match objection {
            None => Some(
                te!(
                    crate::hooks::use_elder().get_untracked(),
                    feedback_objection_on_items
                )
                .to_owned(),
            ),
            Some(Err(refusal)) => Some(field_error_text(&refusal.field_error())),
            Some(Ok(_)) => None,
        })
        .flatten();

    let UseDraft {
        draft,
        from_earlier_version,
    } = use_draft(&org.id, item.as_ref().map(|i| i.id.as_str()));
    if draft.with_untracked(|d| d.kind.is_empty()) {
        let asked = data.kind.filter(|k| kinds.contains(k));
        if let Some(kind) = asked {
            draft.update(|d| d.kind = kind.as_str().to_owned());
        }
    }
    let target = FormTarget {
        org: org.id.clone(),
        org_name: org.name.clone(),
        item: item.as_ref().map(|i| (i.id.clone(), i.title.clone())),
    };
    let heading =
        if objection.is_some_and(|o| o.is_ok()) && data.kind == Some(FeedbackKind::Objection) {
            t!(feedback_object)
        } else {
            t!(feedback_title)
        };

    Ok(view! {
        <nav class="gk-breadcrumb" aria-label=t!(breadcrumb)>
            <ol>
                <li><a href=home_href()>{t!(home)}</a></li>
                <li><a href=org_href(&org.id)>{org.name.clone()}</a></li>
                {item.as_ref().map(|i| view! { <li><a href=item_href(&i.id)>{i.title.clone()}</a></li> }.into_any())}
            </ol>
        </nav>
        <PageHeading text=heading/>
        <dl class="gk-feedback__target gk-pairs">
            <div>
                <dt>{t!(feedback_to)}</dt>
                <dd>{org.name.clone()}</dd>
            </div>
            {item.as_ref().map(|i| view! {
                <div>
                    <dt>{t!(feedback_about)}</dt>
                    <dd><a href=item_href(&i.id)>{i.title.clone()}</a></dd>
                </div>
            }.into_any())}
        </dl>
        {from_earlier_version.then(|| view! {
            <p class="gk-outbox-notice" role="note">{t!(draft_from_earlier_version)}</p>
        }.into_any())}
        <Submission target=target kinds=kinds objection=objection objection_note=objection_note draft=draft/>
    }
    .into_any())
}

/// The site's kinds in its order; an objection only when one may be raised.
fn offered_kinds(service: &FeedbackService, objection_open: bool) -> Vec<FeedbackKind> {
    service
        .kinds
        .iter()
        .copied()
        .filter(|&k| k != FeedbackKind::Objection || objection_open)
        .collect()
}

fn not_offered(hotline: Option<String>) -> AnyView {
    view! {
        <PageHeading text=t!(feedback_title)/>
        <p>{t!(feedback_not_offered)}</p>
        {hotline.map(|h| view! { <p>{t!(feedback_not_offered_hotline, hotline = h)}</p> }.into_any())}
        <p><a class="gk-button" href=home_href()>{t!(back_home)}</a></p>
    }
    .into_any()
}

/// Where this draft's submission stands.
#[derive(Clone, Debug, PartialEq)]
enum Stage {
    Editing,
    /// The first attempt is under way.
    Sending,
    /// Saved on the device: an attempt has failed and more will follow.
    /// Stays while they are made, so the page does not flicker (nor move the
    /// focus) on each one.
    Saved,
}

fn stage_of(entry: Option<&OutboxEntry>) -> Stage {
    match entry.map(|e| (&e.state, e.attempts)) {
        Some((EntryState::Waiting, 0)) | Some((EntryState::Sending, 1)) => Stage::Sending,
        Some((EntryState::Waiting | EntryState::Sending, _)) => Stage::Saved,
        Some((EntryState::Refused { .. }, _)) | None => Stage::Editing,
    }
}

/// Attempts that have failed so far.
fn failed_attempts(entry: &OutboxEntry) -> u32 {
    match entry.state {
        EntryState::Sending => entry.attempts.saturating_sub(1),
        _ => entry.attempts,
    }
}

/// The form while the draft is being written, the outbox's state while it
/// is on its way, and the confirmation once it has arrived.
#[component]
fn Submission(
    target: FormTarget,
    kinds: Vec<FeedbackKind>,
    objection: Option<
        Result<crate::domain::period::PeriodStatus, crate::domain::feedback::ObjectionRefusal>,
    >,
    objection_note: Option<String>,
    draft: RwSignal<Draft>,
) -> impl IntoView {
    let outbox = use_outbox();
    let key = Memo::new(move |_| draft.with(|d| d.key.clone()));
    let stage = Memo::new(move |_| stage_of(outbox.entry(&key.get()).as_ref()));
    let refused = Memo::new(move |_| {
        outbox.entry(&key.get()).and_then(|e| match e.state {
            EntryState::Refused { problem } => Some(problem),
            _ => None,
        })
    });
    let navigate = use_navigate();
    Effect::new(move |_| {
        if outbox.receipt(&key.get()).is_some() {
            navigate(FEEDBACK_SENT_PATH, Default::default());
        }
    });
    let on_submit = Callback::new(move |request| {
        outbox.submit(&key.get_untracked(), request);
    });

    move || match stage.get() {
        Stage::Editing => view! {
            <FeedbackForm
                target=target.clone()
                kinds=kinds.clone()
                objection=objection
                objection_note=objection_note.clone()
                draft=draft
                refused=refused
                on_submit=on_submit
            />
        }
        .into_any(),
        Stage::Sending => view! {
            <div class="gk-panel gk-outbox" role="status">
                <p class="gk-outbox__title">{t!(outbox_sending)}</p>
            </div>
        }
        .into_any(),
        Stage::Saved => {
            let attempts = move || {
                outbox
                    .entry(&key.get())
                    .map(|e| failed_attempts(&e))
                    .unwrap_or_default()
            };
            let body = draft.with_untracked(|d| d.body.clone());
            // The button pressed has gone: the news takes the focus.
            let title = NodeRef::<leptos::html::H2>::new();
            Effect::new(move |_| {
                if let Some(h2) = title.get() {
                    let _ = h2.focus();
                }
            });
            view! {
                <div class="gk-panel gk-outbox gk-outbox--saved" role="status">
                    <h2 {..aria_level_attr(2)} class="gk-h2 gk-outbox__title" tabindex="-1" node_ref=title>{t!(outbox_saved_title)}</h2>
                    <p>{t!(outbox_saved_text)}</p>
                    {(!outbox.is_persistent()).then(|| view! { <p class="gk-outbox__warning"><strong>{t!(outbox_memory_only)}</strong></p> }.into_any())}
                    <p class="gk-outbox__attempts">{move || t!(outbox_attempts, n = attempts())}</p>
                    <button type="button" class="gk-button gk-button--primary" on:click=move |_| outbox.retry_now()>
                        {t!(outbox_retry_now)}
                    </button>
                    <h3 {..aria_level_attr(3)} class="gk-h3">{t!(outbox_saved_body)}</h3>
                    <p class="gk-outbox__body">{body}</p>
                </div>
            }
            .into_any()
        }
    }
}
