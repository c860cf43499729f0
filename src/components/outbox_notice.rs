//! A line above every page while submissions wait on this device, or when
//! one has arrived while its writer was elsewhere: nothing sent from here
//! goes unnoticed, whether it is still on its way or has its 留言码.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::domain::outbox::EntryState;
use crate::hooks::use_outbox;
use crate::routes::{feedback_href, feedback_sent_href, is_feedback_path};
use crate::t;

#[component]
pub fn OutboxNotice() -> impl IntoView {
    let outbox = use_outbox();
    let location = use_location();
    // The form and the confirmation show their own state.
    let on_feedback_page = move || location.pathname.with(|p| is_feedback_path(p));
    move || {
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
    }
}
