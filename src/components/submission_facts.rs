//! The facts of one submission, as the confirmation and the look-up show
//! them: (its code,) kind, organisation, time, and the reply deadline, with
//! 已超期 when it has passed without a reply.

use leptos::prelude::*;
use time::{Date, OffsetDateTime};

use super::tracking_code::code_groups;
use crate::api::FeedbackKind;
use crate::i18n::{feedback_kind_label, format_date_weekday, format_datetime, iso_date};
use crate::t;

#[component]
pub fn SubmissionFacts(
    /// Shown by the look-up; the confirmation shows the code large instead.
    #[prop(optional)]
    code: Option<String>,
    kind: FeedbackKind,
    #[prop(into)] org_name: Signal<String>,
    submitted_at: OffsetDateTime,
    reply_due: Date,
    #[prop(optional, into)] overdue: Option<Signal<bool>>,
) -> impl IntoView {
    view! {
        <dl class="gk-summary">
            {code.map(|code| view! { <div><dt>{t!(summary_code)}</dt><dd class="gk-case__code">{code_groups(&code)}</dd></div> }.into_any())}
            <div><dt>{t!(summary_kind)}</dt><dd>{feedback_kind_label(kind)}</dd></div>
            <div><dt>{t!(summary_org)}</dt><dd>{org_name}</dd></div>
            <div><dt>{t!(summary_submitted)}</dt><dd>{format_datetime(submitted_at)}</dd></div>
            <div>
                <dt>{t!(summary_due)}</dt>
                <dd>
                    <time datetime=iso_date(reply_due)>{format_date_weekday(reply_due)}</time>
                    {move || overdue.is_some_and(|o| o.get()).then(|| view! {
                        " " <strong class="gk-badge gk-badge--overdue">{t!(lookup_overdue)}</strong>
                    }.into_any())}
                </dd>
            </div>
        </dl>
    }
}
