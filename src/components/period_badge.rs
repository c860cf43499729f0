//! The status of a publicity period as a badge with words (never colour
//! alone) and its countdown.

use leptos::prelude::*;

use crate::domain::period::PeriodStatus;
use crate::i18n::{format_date, format_date_weekday, format_month_day_weekday, iso_date};
use crate::t;

pub fn status_label(status: &PeriodStatus) -> &'static str {
    match status {
        PeriodStatus::Upcoming { .. } => t!(status_upcoming),
        PeriodStatus::Open { .. } => t!(status_open),
        PeriodStatus::Ended { .. } => t!(status_ended),
    }
}

/// "含今天还有 N 个工作日，至12月1日（周二）止", "今天是公示最后一天（…）",
/// "将于 … 开始公示", "已于 … 结束": dates with the weekday, never a bare
/// count.
pub fn countdown_text(status: &PeriodStatus) -> String {
    match *status {
        PeriodStatus::Open {
            last_day: true,
            ends_on,
            ..
        } => t!(countdown_last_day, date = format_month_day_weekday(ends_on)),
        PeriodStatus::Open {
            remaining_working_days,
            counts_today,
            ends_on,
            ..
        } => {
            let date = format_month_day_weekday(ends_on);
            match (remaining_working_days, counts_today) {
                // No working day left before it closes on a weekend or a
                // holiday: "0 working days left" would read as "closed".
                (0, _) => t!(countdown_until, date = date),
                (1, true) => t!(countdown_today_last_working_day, date = date),
                (n, true) => t!(countdown_remaining, n = n, date = date),
                (n, false) => t!(countdown_remaining_from_tomorrow, n = n, date = date),
            }
        }
        PeriodStatus::Upcoming { starts_on, .. } => {
            t!(countdown_starts, date = format_date_weekday(starts_on))
        }
        PeriodStatus::Ended { ended_on } => t!(countdown_ended, date = format_date(ended_on)),
    }
}

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
            <span class=modifier>{status_label(&status)}</span>
            {countdown.then(|| view! {
                <time class="gk-status__countdown" datetime=iso_date(date)>{countdown_text(&status)}</time>
            }.into_any())}
        </span>
    }
}
