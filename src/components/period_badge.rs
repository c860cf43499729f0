//! The status of a publicity period as a badge with words (never colour
//! alone) and its countdown.

use leptos::prelude::*;

use crate::domain::period::PeriodStatus;
use crate::i18n::{countdown_text, iso_date, period_status_label};

#[component]
pub fn PeriodBadge(status: PeriodStatus, #[prop(optional)] countdown: bool) -> impl IntoView {
    let modifier = match status {
        PeriodStatus::Upcoming { .. } => "gk-badge gk-badge--upcoming",
        PeriodStatus::Open { .. } => "gk-badge gk-badge--open",
        PeriodStatus::Ended { .. } => "gk-badge gk-badge--ended",
    };
    let date = match status {
        PeriodStatus::Upcoming { starts_on, .. } => starts_on,
        PeriodStatus::Open { ends_on, .. } => ends_on,
        PeriodStatus::Ended { ended_on } => ended_on,
    };
    view! {
        <span class="gk-status">
            <span class=modifier>{period_status_label(&status)}</span>
            {countdown.then(|| view! {
                <time class="gk-status__countdown" datetime=iso_date(date)>{countdown_text(&status)}</time>
            }.into_any())}
        </span>
    }
}
