//! The clock, injectable so that every rule depending on "now" is testable,
//! and the one place that knows China's UTC offset.

use time::{Date, OffsetDateTime, UtcOffset};

/// China Standard Time, +08:00. `Asia/Shanghai` has had no daylight saving
/// since 1991, so a fixed offset is exact for every date this app shows.
pub const CHINA_OFFSET: UtcOffset = time::macros::offset!(+8);

/// Where "now" comes from. The browser build supplies one backed by
/// `js_sys::Date`; tests use [`FixedClock`].
pub trait Clock {
    fn now(&self) -> OffsetDateTime;

    /// Today's calendar date in China.
    fn today(&self) -> Date {
        china_date(self.now())
    }
}

/// A clock stopped at one instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FixedClock(pub OffsetDateTime);

impl Clock for FixedClock {
    fn now(&self) -> OffsetDateTime {
        self.0
    }
}

/// Instant `t` in China time. One whose China date would be past the last
/// day a date can hold (9999-12-31 20:00 UTC is already 10000-01-01 in
/// Beijing), or before the first, stops at the end of the last day (the
/// start of the first): a date from a backend can never make a rule panic.
pub fn in_china(t: OffsetDateTime) -> OffsetDateTime {
    t.checked_to_offset(CHINA_OFFSET).unwrap_or_else(|| {
        let (day, time) = match t.year() > 0 {
            true => (Date::MAX, time::macros::time!(23:59:59.999_999_999)),
            false => (Date::MIN, time::Time::MIDNIGHT),
        };
        day.with_time(time).assume_offset(CHINA_OFFSET)
    })
}

/// The calendar date in China at instant `t`, whatever offset `t` carries
/// (see [`in_china`] for instants past the last day).
pub fn china_date(t: OffsetDateTime) -> Date {
    in_china(t).date()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn china_date_crosses_midnight_ahead_of_utc() {
        // 16:30 UTC is already half past midnight in Beijing.
        assert_eq!(
            china_date(datetime!(2026-03-31 16:30 UTC)),
            date!(2026 - 04 - 01)
        );
        assert_eq!(
            china_date(datetime!(2026-03-31 15:59:59 UTC)),
            date!(2026 - 03 - 31)
        );
    }

    #[test]
    fn china_date_ignores_the_offset_it_is_given_in() {
        let in_new_york = datetime!(2026-01-01 11:00 -5);
        assert_eq!(china_date(in_new_york), date!(2026 - 01 - 02));
        let in_beijing = datetime!(2026-01-01 00:00 +8);
        assert_eq!(china_date(in_beijing), date!(2026 - 01 - 01));
    }

    #[test]
    fn instants_past_the_last_day_in_china_saturate_instead_of_panicking() {
        // 9999-12-31 20:00 UTC is already 10000-01-01 in Beijing, a day no
        // date can hold; a backend's `published_at` can say so (found by
        // tests/fuzz_contract.rs).
        let last = datetime!(9999-12-31 20:00 UTC);
        assert_eq!(china_date(last), date!(9999 - 12 - 31));
        assert_eq!(in_china(last).date(), Date::MAX);
        assert_eq!(in_china(last).offset(), CHINA_OFFSET);
        let first = datetime!(-9999-01-01 00:00 +9);
        assert_eq!(china_date(first), Date::MIN);
        assert_eq!(in_china(first).time(), time::Time::MIDNIGHT);
        // Within the range nothing changes.
        let t = datetime!(2026-03-31 16:30 UTC);
        assert_eq!(in_china(t), t);
        assert_eq!(in_china(t).offset(), CHINA_OFFSET);
    }

    #[test]
    fn fixed_clock() {
        let t = datetime!(2026-09-30 17:00 UTC);
        assert_eq!(FixedClock(t).now(), t);
        assert_eq!(FixedClock(t).today(), date!(2026 - 10 - 01));
    }
}
