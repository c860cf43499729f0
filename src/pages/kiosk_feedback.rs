//! The kiosk's `/feedback?org=…&item=…&kind=…` (我要留言): a hand-off, not a
//! form. A kiosk has no Chinese input method, and a name and a phone number
//! should not be typed on a shared screen, so this page shows a QR code that
//! opens the phone site's form with the same organisation, item and kind
//! chosen. The QR code carries those three and nothing else.

use leptos::prelude::*;

use crate::api::{app_base_url, resolve_url, FeedbackKind};
use crate::components::load_state::loaded_view;
use crate::components::page_heading::PageHeading;
use crate::components::qr_code::QrCode;
use crate::domain::feedback::objection_allowed;
use crate::hooks::{use_api, use_clock, use_shared, PageData};
use crate::i18n::feedback_kind_label;
use crate::routes::{use_feedback_param, FeedbackQuery};
use crate::{t, tk};

/// The phone form's address for `org` (and `item`, `kind`), at the app's
/// root where the phone site is: only these three are in it.
fn phone_form_url(org: &str, item: Option<&str>, kind: Option<FeedbackKind>) -> String {
    let rel = format!(
        "feedback{}",
        FeedbackQuery::new(org, item, kind).query_string()
    );
    let root = app_base_url();
    resolve_url(&rel, &root).unwrap_or_else(|| format!("{root}{rel}"))
}

#[component]
pub fn KioskFeedbackPage() -> impl IntoView {
    let api = use_api();
    let shared = use_shared();
    let clock = use_clock();
    let (org_param, item_param, kind_param) = (
        use_feedback_param("org"),
        use_feedback_param("item"),
        use_feedback_param("kind"),
    );
    // The item, if one is named and public; one that cannot be loaded is
    // left out of the hand-off (the phone form would not find it either).
    let item = LocalResource::new(move || {
        let api = api.clone();
        let id = item_param.get();
        async move {
            let item = match &id {
                Some(id) => api.item(id).await.ok().map(|loaded| loaded.data),
                None => None,
            };
            (id, item)
        }
    });
    let retry = shared.retry_with(item);

    let render = move || {
        let Some(PageData {
            site,
            calendar,
            own: (item_for, item),
            ..
        }) = shared.page(item)
        else {
            return loaded_view(None, retry);
        };
        if item_for != item_param.get() {
            return loaded_view(None, retry);
        }
        let site = match site {
            Ok(site) => site.data,
            Err(error) => return loaded_view(Some(Err(error)), retry),
        };
        let Some(service) = site.feedback.clone() else {
            let hotline = site.hotline.clone().map(|h| {
                view! { <p class="gk-kiosk-handoff__lead">{t!(feedback_not_offered_hotline, hotline = h)}</p> }
                    .into_any()
            });
            return view! {
                <p class="gk-kiosk-handoff__lead" role="status">{tk!(kiosk_handoff_closed)}</p>
                {hotline}
            }
            .into_any();
        };
        // An item decides its organisation; otherwise the one asked for, or
        // the root, as the phone form decides.
        let org = item
            .as_ref()
            .map(|i| i.org.clone())
            .or(org_param.get())
            .unwrap_or_else(|| site.root_org.clone());
        // A kind the site takes; 异议 only on an item in its 公示, as the
        // phone form offers it.
        let objection_open = item
            .as_ref()
            .is_some_and(|i| objection_allowed(i, clock.now(), &calendar).is_ok());
        let kind = kind_param
            .get()
            .as_deref()
            .and_then(FeedbackKind::parse)
            .filter(|k| service.kinds.contains(k))
            .filter(|&k| k != FeedbackKind::Objection || objection_open);
        let item_id = item.as_ref().map(|i| i.id.clone());
        let url = phone_form_url(&org, item_id.as_deref(), kind);
        let org_name = shared.org_name(&org);
        view! {
            <div class="gk-kiosk-handoff__layout">
                <div class="gk-kiosk-handoff__text">
                    <p class="gk-kiosk-handoff__lead">{tk!(kiosk_handoff_intro)}</p>
                    <ul class="gk-kiosk-handoff__about">
                        <li>{tk!(kiosk_handoff_about, org = org_name)}</li>
                        {item.map(|i| view! { <li>{tk!(kiosk_handoff_item, title = i.title.clone())}</li> }.into_any())}
                        {kind.map(|k| view! { <li>{tk!(kiosk_handoff_kind, kind = feedback_kind_label(k))}</li> }.into_any())}
                    </ul>
                    <ol class="gk-kiosk-handoff__steps">
                        <li>{tk!(kiosk_handoff_step_scan)}</li>
                        <li>{tk!(kiosk_handoff_steps)}</li>
                    </ol>
                    <p class="gk-kiosk-handoff__private">{tk!(kiosk_handoff_nothing_saved)}</p>
                </div>
                <figure class="gk-kiosk-handoff__qr">
                    <QrCode text=url.clone() label=tk!(kiosk_handoff_qr_label) class="gk-qr gk-kiosk-handoff__code"/>
                    <figcaption class="gk-kiosk-handoff__url">{tk!(kiosk_qr_url, url = url)}</figcaption>
                </figure>
            </div>
        }
        .into_any()
    };

    view! {
        <div class="gk-page gk-kiosk-handoff">
            <PageHeading text=tk!(kiosk_handoff_title)/>
            {render}
        </div>
    }
}
