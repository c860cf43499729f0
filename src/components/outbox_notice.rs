//! A line above every page while submissions wait on this device, or when
//! one has arrived while its writer was elsewhere: nothing sent from here
//! goes unnoticed, whether it is still on its way or has its 留言码.
//!
//! Below it, entries an earlier version kept without recording their
//! backend: never sent on their own, each shown with its text, for the
//! person to send to this site or delete. Their code is needed on few
//! devices and only once, so it loads when there are some (`load_earlier`,
//! a split point of the shell's).

use leptos::prelude::*;

use crate::components::lazy_page::{LazyPage, LoadPage};
use crate::domain::outbox::EntryState;
use crate::hooks::aria_level_attr;
use crate::hooks::{use_config, use_outbox, SharedData};
use crate::routes::{feedback_href, feedback_sent_href, is_feedback_path, use_location};
use crate::t;

#[component]
pub fn OutboxNotice(
    /// Brings [`EarlierEntries`].
    load_earlier: LoadPage,
) -> impl IntoView {
    let outbox = use_outbox();
    let location = use_location();
    // The form and the confirmation show their own state.
    let on_feedback_page = move || location.pathname.with(|p| is_feedback_path(p));
    let notice = move || {
        if on_feedback_page() {
            return None;
        }
        let (entries, receipts) = outbox.as_read();
        let waiting = entries
            .iter()
            .filter(|e| !matches!(e.state, EntryState::Refused { .. }))
            .count();
        let refused = entries
            .iter()
            .find(|e| matches!(e.state, EntryState::Refused { .. }));
        let first = refused.or(entries.first());
        let unseen = receipts.into_iter().find(|r| !r.seen);
        if waiting == 0 && refused.is_none() && unseen.is_none() {
            return None;
        }
        let link = first.map(|e| feedback_href(&e.request.org, e.request.item.as_deref(), None));
        Some(view! {
            <div class="gk-outbox-notice" role="status">
                {(waiting > 0).then(|| view! { <p>{t!(outbox_notice_waiting, n = waiting)}</p> }.into_any())}
                {refused.is_some().then(|| view! { <p>{t!(outbox_notice_refused)}</p> }.into_any())}
                {link.filter(|_| waiting > 0 || refused.is_some()).map(|href| view! {
                    <p><a href=href>{t!(outbox_notice_open)}</a></p>
                }.into_any())}
                {unseen.map(|r| view! {
                    <p>
                        {t!(delivered_notice, code = r.receipt.code)}
                        " "
                        <a href=feedback_sent_href()>{t!(delivered_notice_view)}</a>
                    </p>
                }.into_any())}
            </div>
        }.into_any())
    };
    let earlier = Memo::new(move |_| outbox.has_legacy() && !on_feedback_page());
    let legacy = move || {
        earlier
            .get()
            .then(|| view! { <LazyPage load=load_earlier/> }.into_any())
    };
    view! { {notice} {legacy} }
}

/// An earlier version's entries, one by one, with the choice of each.
#[component]
pub fn EarlierEntries() -> impl IntoView {
    let outbox = use_outbox();
    move || view! { <EarlierList entries=outbox.legacy()/> }
}

#[component]
fn EarlierList(entries: Vec<crate::domain::outbox::OutboxEntry>) -> impl IntoView {
    let outbox = use_outbox();
    let shared = use_context::<SharedData>();
    let fallback = use_config().title.clone().unwrap_or_default();
    let site = move || {
        shared
            .and_then(|s| s.site.get())
            .and_then(Result::ok)
            .map(|s| s.data.title.clone())
            .unwrap_or_else(|| fallback.clone())
    };
    let org_name = move |id: &str| match shared {
        Some(s) => s.org_name(id),
        None => id.to_owned(),
    };
    let n = entries.len();
    view! {
        <section class="gk-outbox-notice gk-outbox-legacy" aria-labelledby="gk-outbox-legacy">
            <h2 {..aria_level_attr(2)} class="gk-h3" id="gk-outbox-legacy">{t!(outbox_legacy_title, n = n)}</h2>
            <p>{t!(outbox_legacy_text)}</p>
            <ul class="gk-outbox-legacy__list">
                {entries.into_iter().map(|entry| {
                    let key = entry.key.clone();
                    let confirming = RwSignal::new(false);
                    let org = entry.request.org.clone();
                    let send = {
                        let key = key.clone();
                        move |_| outbox.send_legacy_here(&key)
                    };
                    let delete = move |_| {
                        if confirming.get_untracked() {
                            outbox.delete_legacy(&key);
                        } else {
                            confirming.set(true);
                        }
                    };
                    let site = site.clone();
                    view! {
                        <li class="gk-outbox-legacy__item">
                            <p>{move || t!(outbox_legacy_to, org = org_name(&org))}</p>
                            <p class="gk-outbox__body">{entry.request.body.clone()}</p>
                            <p class="gk-actions">
                                <button type="button" class="gk-button gk-button--primary" on:click=send>
                                    {move || t!(outbox_legacy_send, site = site())}
                                </button>
                                <button type="button" class="gk-button" on:click=delete>
                                    {move || match confirming.get() {
                                        true => t!(outbox_legacy_delete_confirm),
                                        false => t!(outbox_legacy_delete),
                                    }}
                                </button>
                            </p>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
