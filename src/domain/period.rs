//! Publicity periods (公示期): where one stands now, and whether it is long
//! enough.
//!
//! The rules, all on China dates:
//! - A period is open from the instant `start` until the instant `end`,
//!   `end` included ("公示期至 … 止").
//! - Its *end date* is the China date of `end`, except that an `end` at
//!   exactly midnight closes the day before (`2026-03-07T00:00:00+08:00` ends
//!   a period whose last day is 6 March), so "until 24:00" and "until
//!   23:59:59" mean the same last day.
//! - Its *length* is the working days from the start date to the end date,
//!   both included. A period starting on a working day counts that day.
//! - A period whose `end` is before its `start` is invalid data ([`is_valid`]):
//!   it has no status at all ([`item_status`] gives `None`), so it never
//!   shows as upcoming, open or ended and no status filter finds it.

use time::{Date, Duration, OffsetDateTime, Time};

use super::calendar::WorkCalendar;
use super::clock::{china_date, in_china, CHINA_OFFSET};
use crate::api::{Item, Publicity};

/// Where a publicity period stands at a given moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodStatus {
    /// 预告: not started. `working_days_until` counts the working days after
    /// today up to and including the start date, so 0 means it starts today
    /// (or after nothing but days off), 1 that it starts on the next working
    /// day.
    Upcoming {
        starts_on: Date,
        working_days_until: u32,
    },
    /// 公示中. `remaining_working_days` counts the working days a person
    /// still has, up to and including the end date: today among them while
    /// it is a working day (`counts_today`), so on Monday for a period
    /// ending Tuesday it is 2. `last_day` is true on the end date.
    Open {
        ends_on: Date,
        remaining_working_days: u32,
        counts_today: bool,
        last_day: bool,
    },
    /// 已结束, on `ended_on` (the end date).
    Ended { ended_on: Date },
}

impl PeriodStatus {
    pub fn is_open(&self) -> bool {
        matches!(self, Self::Open { .. })
    }
}

/// The first day of the period, in China.
pub fn start_date(p: &Publicity) -> Date {
    china_date(p.start)
}

/// The last day of the period, in China; see the module's rules for an `end`
/// at midnight.
pub fn end_date(p: &Publicity) -> Date {
    let end = in_china(p.end);
    match end.time() == Time::MIDNIGHT {
        true => end.date().previous_day().unwrap_or(end.date()),
        false => end.date(),
    }
}

/// Whether `p` is a period at all: its `end` is not before its `start`
/// (`end == start` is a valid, if instant, period).
pub fn is_valid(p: &Publicity) -> bool {
    p.end >= p.start
}

/// Where `p` stands at `now`: upcoming before `start`, open from `start`
/// to `end` (both included), ended after `end`.
///
/// Only meaningful for a valid period: check [`is_valid`] first (as
/// [`item_status`] does) and show no status for an invalid one. Given one
/// anyway it answers upcoming before `start` and ended from `start` on,
/// never open.
pub fn period_status(p: &Publicity, now: OffsetDateTime, cal: &WorkCalendar) -> PeriodStatus {
    let today = china_date(now);
    let after_today = today.next_day().unwrap_or(today);
    if now < p.start {
        let starts_on = start_date(p);
        PeriodStatus::Upcoming {
            starts_on,
            working_days_until: cal.working_days_between(after_today, starts_on),
        }
    } else if now <= p.end {
        let ends_on = end_date(p);
        let counts_today = cal.is_working_day(today);
        let from = if counts_today { today } else { after_today };
        PeriodStatus::Open {
            ends_on,
            remaining_working_days: cal.working_days_between(from, ends_on),
            counts_today,
            last_day: today >= ends_on,
        }
    } else {
        PeriodStatus::Ended {
            ended_on: end_date(p),
        }
    }
}

/// Working days from the start date to the end date, both included.
pub fn length_working_days(p: &Publicity, cal: &WorkCalendar) -> u32 {
    cal.working_days_between(start_date(p), end_date(p))
}

/// A period shorter than a rule requires (任前公示: at least 5 working days).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooShort {
    pub actual: u32,
    pub required: u32,
}

/// `Some` when `p` lasts fewer than `required_working_days` working days.
pub fn check_minimum(
    p: &Publicity,
    required_working_days: u32,
    cal: &WorkCalendar,
) -> Option<TooShort> {
    let actual = length_working_days(p, cal);
    (actual < required_working_days).then_some(TooShort {
        actual,
        required: required_working_days,
    })
}

/// The status of an item's publicity period; `None` when it has none, or
/// when its period is invalid (`end` before `start`, see [`is_valid`]).
pub fn item_status(item: &Item, now: OffsetDateTime, cal: &WorkCalendar) -> Option<PeriodStatus> {
    item.publicity
        .as_ref()
        .filter(|p| is_valid(p))
        .map(|p| period_status(p, now, cal))
}

/// The earliest end a period starting at `start` may have to last
/// `working_days` working days: the end of that working day, China time.
/// A start on a day off counts from the next working day.
pub fn earliest_end(
    start: OffsetDateTime,
    working_days: u32,
    cal: &WorkCalendar,
) -> OffsetDateTime {
    let first = china_date(start);
    let last = match working_days {
        0 => first,
        n if cal.is_working_day(first) => cal.add_working_days(first, n - 1),
        n => cal.add_working_days(first, n),
    };
    let end_of_day = last.midnight().assume_offset(CHINA_OFFSET);
    end_of_day + Duration::days(1) - Duration::seconds(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::test_support::{item, publicity};
    use time::macros::{date, datetime};

    fn cal() -> WorkCalendar {
        WorkCalendar::builtin()
    }

    /// 2026-03-09 (Mon) 09:00 to 2026-03-13 (Fri) 17:30, Beijing time.
    fn week() -> Publicity {
        publicity(
            datetime!(2026-03-09 09:00 +8),
            datetime!(2026-03-13 17:30 +8),
        )
    }

    #[test]
    fn a_period_ending_past_the_last_day_in_china_does_not_panic() {
        let mut far = item("far", "cadre", datetime!(9999-12-31 23:59:59 UTC));
        far.publicity = Some(publicity(
            datetime!(2026-03-09 09:00 +8),
            datetime!(9999-12-31 23:59:59 UTC),
        ));
        let p = far.publicity.unwrap();
        assert_eq!(end_date(&p), Date::MAX);
        let status = item_status(&far, datetime!(2026-03-10 10:00 +8), &cal());
        assert!(matches!(status, Some(PeriodStatus::Open { ends_on, .. }) if ends_on == Date::MAX));
        assert!(check_minimum(&p, 5, &cal()).is_none());
    }

    #[test]
    fn upcoming() {
        let status = period_status(&week(), datetime!(2026-03-05 10:00 +8), &cal());
        // Thursday: Friday 6 and Monday 9 lie after today, up to the start.
        assert_eq!(
            status,
            PeriodStatus::Upcoming {
                starts_on: date!(2026 - 03 - 09),
                working_days_until: 2
            }
        );
    }

    #[test]
    fn upcoming_counts() {
        let c = cal();
        let at = |t| period_status(&week(), t, &c);
        // Friday before: only Monday remains.
        assert_eq!(
            at(datetime!(2026-03-06 12:00 +8)),
            PeriodStatus::Upcoming {
                starts_on: date!(2026 - 03 - 09),
                working_days_until: 1
            }
        );
        // Sunday evening: still 1, the weekend does not count.
        assert_eq!(
            at(datetime!(2026-03-08 20:00 +8)),
            PeriodStatus::Upcoming {
                starts_on: date!(2026 - 03 - 09),
                working_days_until: 1
            }
        );
        // Monday 08:59: starts today.
        assert_eq!(
            at(datetime!(2026-03-09 08:59 +8)),
            PeriodStatus::Upcoming {
                starts_on: date!(2026 - 03 - 09),
                working_days_until: 0
            }
        );
        // Over 国庆 2025: Tue 30 Sep to a start on Thu 9 Oct is 1 working day.
        let after_holiday = publicity(
            datetime!(2025-10-09 09:00 +8),
            datetime!(2025-10-17 18:00 +8),
        );
        assert_eq!(
            period_status(&after_holiday, datetime!(2025-09-30 10:00 +8), &c),
            PeriodStatus::Upcoming {
                starts_on: date!(2025 - 10 - 09),
                working_days_until: 1
            }
        );
    }

    #[test]
    fn open_counts_today_while_it_is_a_working_day() {
        let status = period_status(&week(), datetime!(2026-03-10 11:00 +8), &cal());
        assert_eq!(
            status,
            PeriodStatus::Open {
                ends_on: date!(2026 - 03 - 13),
                remaining_working_days: 4,
                counts_today: true,
                last_day: false
            }
        );
        assert!(status.is_open());
        // Monday 30 November for a period ending Tuesday 1 December: today
        // and tomorrow, not "1 working day left".
        let p = publicity(
            datetime!(2026-11-25 09:00 +8),
            datetime!(2026-12-01 17:30 +8),
        );
        assert_eq!(
            period_status(&p, datetime!(2026-11-30 16:00 +8), &cal()),
            PeriodStatus::Open {
                ends_on: date!(2026 - 12 - 01),
                remaining_working_days: 2,
                counts_today: true,
                last_day: false
            }
        );
    }

    #[test]
    fn on_a_day_off_the_count_starts_tomorrow() {
        // Saturday 7 March, a period ending Tuesday 10 March: Mon and Tue.
        let p = publicity(
            datetime!(2026-03-04 09:00 +8),
            datetime!(2026-03-10 17:30 +8),
        );
        assert_eq!(
            period_status(&p, datetime!(2026-03-07 10:00 +8), &cal()),
            PeriodStatus::Open {
                ends_on: date!(2026 - 03 - 10),
                remaining_working_days: 2,
                counts_today: false,
                last_day: false
            }
        );
    }

    #[test]
    fn open_from_the_first_instant() {
        let p = week();
        assert_eq!(
            period_status(&p, p.start, &cal()),
            PeriodStatus::Open {
                ends_on: date!(2026 - 03 - 13),
                remaining_working_days: 5,
                counts_today: true,
                last_day: false
            }
        );
    }

    #[test]
    fn the_last_day() {
        let p = week();
        let last = PeriodStatus::Open {
            ends_on: date!(2026 - 03 - 13),
            remaining_working_days: 1,
            counts_today: true,
            last_day: true,
        };
        assert_eq!(
            period_status(&p, datetime!(2026-03-13 08:00 +8), &cal()),
            last
        );
        assert_eq!(
            period_status(&p, p.end, &cal()),
            last,
            "open at the closing instant"
        );
        assert_eq!(
            period_status(&p, p.end + Duration::seconds(1), &cal()),
            PeriodStatus::Ended {
                ended_on: date!(2026 - 03 - 13)
            }
        );
    }

    #[test]
    fn ended() {
        let status = period_status(&week(), datetime!(2026-04-01 09:00 +8), &cal());
        assert_eq!(
            status,
            PeriodStatus::Ended {
                ended_on: date!(2026 - 03 - 13)
            }
        );
        assert!(!status.is_open());
    }

    #[test]
    fn status_uses_china_dates_not_utc() {
        // 2026-03-12 17:00 UTC is already Friday 13 March 01:00 in Beijing.
        let status = period_status(&week(), datetime!(2026-03-12 17:00 UTC), &cal());
        assert_eq!(
            status,
            PeriodStatus::Open {
                ends_on: date!(2026 - 03 - 13),
                remaining_working_days: 1,
                counts_today: true,
                last_day: true
            }
        );
    }

    #[test]
    fn period_ending_on_a_holiday() {
        // Ends on 2 October 2025, inside 国庆: on Tue 30 Sep today is the
        // last working day of the period.
        let p = publicity(
            datetime!(2025-09-24 09:00 +8),
            datetime!(2025-10-02 18:00 +8),
        );
        let c = cal();
        assert_eq!(
            period_status(&p, datetime!(2025-09-30 09:00 +8), &c),
            PeriodStatus::Open {
                ends_on: date!(2025 - 10 - 02),
                remaining_working_days: 1,
                counts_today: true,
                last_day: false
            }
        );
        assert_eq!(
            period_status(&p, datetime!(2025-09-26 09:00 +8), &c),
            PeriodStatus::Open {
                ends_on: date!(2025 - 10 - 02),
                remaining_working_days: 4,
                counts_today: true,
                last_day: false
            },
            "Fri 26 (today), Sun 28 (调休), Mon 29, Tue 30"
        );
        // Wed 24, Thu 25, Fri 26, Sun 28, Mon 29, Tue 30.
        assert_eq!(length_working_days(&p, &c), 6);
    }

    #[test]
    fn end_at_midnight_closes_the_day_before() {
        let p = publicity(
            datetime!(2026-03-09 00:00 +8),
            datetime!(2026-03-14 00:00 +8),
        );
        assert_eq!(end_date(&p), date!(2026 - 03 - 13));
        assert_eq!(length_working_days(&p, &cal()), 5);
        // 16:00 UTC is midnight in Beijing.
        let p = publicity(
            datetime!(2026-03-09 00:00 +8),
            datetime!(2026-03-13 16:00 UTC),
        );
        assert_eq!(end_date(&p), date!(2026 - 03 - 13));
        assert_eq!(
            period_status(&p, datetime!(2026-03-13 15:00 +8), &cal()),
            PeriodStatus::Open {
                ends_on: date!(2026 - 03 - 13),
                remaining_working_days: 1,
                counts_today: true,
                last_day: true
            }
        );
        // At the closing instant itself (midnight, already Saturday) it is
        // still the last day, in effect, with no working day left.
        assert_eq!(
            period_status(&p, p.end, &cal()),
            PeriodStatus::Open {
                ends_on: date!(2026 - 03 - 13),
                remaining_working_days: 0,
                counts_today: false,
                last_day: true
            }
        );
        assert_eq!(
            period_status(&p, p.end + Duration::seconds(1), &cal()),
            PeriodStatus::Ended {
                ended_on: date!(2026 - 03 - 13)
            }
        );
    }

    #[test]
    fn five_working_days_rule() {
        let c = cal();
        // Five calendar days over a weekend, Thu 12 to Mon 16 March: 3 working days.
        let over_weekend = publicity(
            datetime!(2026-03-12 09:00 +8),
            datetime!(2026-03-16 17:00 +8),
        );
        assert_eq!(length_working_days(&over_weekend, &c), 3);
        assert_eq!(
            check_minimum(&over_weekend, 5, &c),
            Some(TooShort {
                actual: 3,
                required: 5
            })
        );
        // Monday to Friday is just enough.
        assert_eq!(check_minimum(&week(), 5, &c), None);
        assert_eq!(
            check_minimum(&week(), 6, &c),
            Some(TooShort {
                actual: 5,
                required: 6
            })
        );
        // Over 国庆 2025, Sat 11 Oct (调休) counts: Thu 9, Fri 10, Sat 11, Mon 13, Tue 14.
        let after_holiday = publicity(
            datetime!(2025-10-09 09:00 +8),
            datetime!(2025-10-14 17:00 +8),
        );
        assert_eq!(check_minimum(&after_holiday, 5, &c), None);
        // The same dates on plain weekdays would be too short.
        assert_eq!(
            check_minimum(&after_holiday, 5, &WorkCalendar::plain()),
            Some(TooShort {
                actual: 4,
                required: 5
            })
        );
        // No rule, no complaint.
        assert_eq!(check_minimum(&over_weekend, 0, &c), None);
    }

    #[test]
    fn reversed_period_is_zero_length() {
        let p = publicity(
            datetime!(2026-03-13 09:00 +8),
            datetime!(2026-03-09 17:00 +8),
        );
        assert_eq!(length_working_days(&p, &cal()), 0);
        assert_eq!(
            check_minimum(&p, 5, &cal()),
            Some(TooShort {
                actual: 0,
                required: 5
            })
        );
    }

    #[test]
    fn reversed_period_is_invalid_and_has_no_status() {
        let reversed = publicity(
            datetime!(2026-03-13 09:00 +8),
            datetime!(2026-03-09 17:00 +8),
        );
        assert!(!is_valid(&reversed));
        assert!(is_valid(&week()));
        let instant = publicity(week().start, week().start);
        assert!(is_valid(&instant), "end == start is a (zero-length) period");
        assert!(!is_valid(&publicity(
            week().start,
            week().start - Duration::seconds(1)
        )));
        let mut it = item("r", "cadre", datetime!(2026-03-01 09:00 +8));
        it.publicity = Some(reversed);
        // Before, between and after the two instants: never any status.
        for now in [
            datetime!(2026-03-05 10:00 +8),
            datetime!(2026-03-10 10:00 +8),
            datetime!(2026-03-20 10:00 +8),
        ] {
            assert_eq!(item_status(&it, now, &cal()), None, "{now}");
        }
        it.publicity = Some(instant);
        assert!(item_status(&it, week().start, &cal()).is_some_and(|s| s.is_open()));
    }

    #[test]
    fn item_without_period_has_no_status() {
        let now = datetime!(2026-03-10 10:00 +8);
        let mut it = item("a", "cadre", now);
        assert_eq!(item_status(&it, now, &cal()), None);
        it.publicity = Some(week());
        assert!(matches!(
            item_status(&it, now, &cal()),
            Some(PeriodStatus::Open { .. })
        ));
    }

    #[test]
    fn earliest_end_for_five_working_days() {
        let c = cal();
        // From Thursday 12 March: Thu, Fri, Mon, Tue, Wed 18.
        let end = earliest_end(datetime!(2026-03-12 09:00 +8), 5, &c);
        assert_eq!(end, datetime!(2026-03-18 23:59:59 +8));
        let p = publicity(datetime!(2026-03-12 09:00 +8), end);
        assert_eq!(check_minimum(&p, 5, &c), None);
        // From a Saturday the count starts on Monday.
        assert_eq!(
            earliest_end(datetime!(2026-03-14 09:00 +8), 1, &c),
            datetime!(2026-03-16 23:59:59 +8)
        );
        // Before 国庆 2026: Tue 29, Wed 30 Sep, Thu 8, Fri 9, Sat 10 Oct (调休).
        assert_eq!(
            earliest_end(datetime!(2026-09-29 09:00 +8), 5, &c),
            datetime!(2026-10-10 23:59:59 +8)
        );
    }
}
