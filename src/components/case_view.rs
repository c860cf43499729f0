//! One submission (留言) as its holder sees it, found by its tracking code:
//! its status and what it means, the facts, the message, the reply, the
//! rating. Shown by the look-up page on phones and on the kiosk.

use leptos::prelude::*;

use crate::api::{FeedbackState, FeedbackStatus};
use crate::components::rate_reply::RateReply;
use crate::components::read_aloud::ReadAloud;
use crate::components::submission_facts::SubmissionFacts;
use crate::domain::clock::china_date;
use crate::domain::feedback::{can_rate, is_overdue};
use crate::hooks::aria_level_attr;
use crate::hooks::{use_clock, SharedData};
use crate::i18n::{
    content_locale, feedback_status_label, format_datetime, rating_label, with_locale,
};
use crate::routes::replies_href;
use crate::{t, te};

fn explain(status: FeedbackStatus, rated: bool, elder: bool) -> &'static str {
    match status {
        FeedbackStatus::Replied if rated => t!(lookup_explain_rated),
        FeedbackStatus::Received => te!(elder, lookup_explain_received),
        FeedbackStatus::InProgress => t!(lookup_explain_in_progress),
        FeedbackStatus::Replied => te!(elder, lookup_explain_replied),
        FeedbackStatus::Closed => t!(lookup_explain_closed),
    }
}

/// One submission as its holder sees it. `on_rated` is called with the
/// case as rated; without it no rating is offered (the kiosk, which has no
/// input method for a reason).
#[component]
pub fn CaseView(
    state: FeedbackState,
    #[prop(optional)] on_rated: Option<Callback<FeedbackState>>,
) -> impl IntoView {
    let shared = use_context::<SharedData>();
    let clock = use_clock();
    let elder = crate::hooks::use_elder();
    let org_id = state.org.clone();
    let org_name = move || match shared {
        Some(shared) => shared.org_name(&org_id),
        None => org_id.clone(),
    };
    let (status, due) = (state.status, state.reply_due);
    let overdue = move || is_overdue(status, due, china_date(clock.now()));
    let rateable = can_rate(status, state.reply.is_some(), state.rating.is_some());
    let rate = on_rated.filter(|_| rateable);
    let code = state.code.clone();
    let public_reply = state.reply.as_ref().is_some_and(|r| r.public);
    let replies_link = replies_href(&state.org);
    // 读给我听: where it stands, what that means, and the reply, in the
    // site's language (the reply's).
    let content = shared
        .and_then(|s| s.site.get_untracked())
        .and_then(Result::ok)
        .map(|site| content_locale(&site.data.languages))
        .unwrap_or_default();
    let read_text = with_locale(content, || {
        let reply = match &state.reply {
            Some(reply) => format!("{}\n{}", t!(lookup_reply), reply.text),
            None => t!(lookup_no_reply).to_owned(),
        };
        [
            feedback_status_label(status),
            explain(status, state.rating.is_some(), elder.get_untracked()),
            &reply,
        ]
        .join("\n")
    });

    view! {
        <section class="gk-case" aria-labelledby="gk-case-title">
            <h2 {..aria_level_attr(2)} class="gk-h2" id="gk-case-title">
                <span class=format!("gk-case-status gk-case-status--{}", status.as_str())>{feedback_status_label(status)}</span>
            </h2>
            <p class="gk-case__explain">{
                let rated = state.rating.is_some();
                move || explain(status, rated, elder.get())
            }</p>
            <ReadAloud text=read_text lang=content.tag()/>
            <SubmissionFacts
                code=state.code.clone()
                kind=state.kind
                org_name=Signal::derive(org_name)
                submitted_at=state.submitted_at
                reply_due=due
                overdue=Signal::derive(overdue)
            />
            <h3 {..aria_level_attr(3)} class="gk-h3">{t!(lookup_your_message)}</h3>
            <p class="gk-case__text">{state.body.clone()}</p>
            <h3 {..aria_level_attr(3)} class="gk-h3">{t!(lookup_reply)}</h3>
            {match state.reply.clone() {
                Some(reply) => view! {
                    <div class="gk-case__reply">
                        <p class="gk-case__text">{reply.text}</p>
                        <p class="gk-case__meta">{t!(lookup_replied_at)} " " {format_datetime(reply.replied_at)}</p>
                        {public_reply.then(|| view! { <p class="gk-case__meta"><a href=replies_link.clone()>{t!(lookup_reply_public)}</a></p> }.into_any())}
                    </div>
                }.into_any(),
                None => view! { <p class="gk-case__meta">{t!(lookup_no_reply)}</p> }.into_any(),
            }}
            {state.rating.clone().map(|r| view! {
                <p class="gk-case__rating">
                    {t!(rate_given)} <strong>{rating_label(r.rating)}</strong>
                    {r.reason.map(|reason| view! { <span class="gk-case__reason">" — " {reason}</span> })}
                </p>
            }.into_any())}
            {rate.map(|on_rated| view! { <RateReply code=code on_rated=on_rated/> }.into_any())}
        </section>
    }
}
