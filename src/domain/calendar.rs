//! Working-day arithmetic on China's official calendar.
//!
//! A day is a working day when it is Monday to Friday, unless the State
//! Council's schedule (国务院办公厅关于部分节假日安排的通知) makes it a day
//! off (法定节假日 and the days joined to it), or a weekend day that the
//! schedule makes a working day (调休上班). Years without a schedule fall back
//! to plain Monday to Friday.

use std::ops::RangeInclusive;

use time::macros::date;
use time::{Date, Weekday};

use crate::api::CalendarYear;

/// A working-day calendar: plain Monday to Friday, corrected by the official
/// schedules of the years it has data for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WorkCalendar {
    /// Sorted by year. Plain sorted lists here rather than `BTreeMap`s and
    /// a `BTreeSet` (a few years of a few dozen days): no B-tree code for
    /// these key types in the wasm.
    years: Vec<(i32, YearSchedule)>,
}

/// One year's schedule. Dates normally lie in that year, but a schedule may
/// list a day of a neighbouring year (a 元旦 run starting on 30 December).
#[derive(Clone, Debug, Default, PartialEq)]
struct YearSchedule {
    /// Days off, with the holiday's name where known.
    holidays: DayMap,
    /// Weekend days that are working days.
    workdays: DayMap,
}

/// Days with an optional name, sorted by date, one entry a day.
#[derive(Clone, Debug, Default, PartialEq)]
struct DayMap(Vec<(Date, Option<String>)>);

impl DayMap {
    /// Adds `day`, or renames it when it is there already.
    fn insert(&mut self, day: Date, name: Option<String>) {
        match self.0.binary_search_by_key(&day, |(d, _)| *d) {
            Ok(i) => self.0[i].1 = name,
            Err(i) => self.0.insert(i, (day, name)),
        }
    }

    fn get(&self, day: &Date) -> Option<&Option<String>> {
        let i = self.0.binary_search_by_key(day, |(d, _)| *d).ok()?;
        Some(&self.0[i].1)
    }

    fn contains_key(&self, day: &Date) -> bool {
        self.get(day).is_some()
    }

    /// The days in `[from, to]`.
    fn range(&self, from: Date, to: Date) -> impl Iterator<Item = Date> + '_ {
        let start = self.0.partition_point(|(d, _)| *d < from);
        let end = self.0.partition_point(|(d, _)| *d <= to).max(start);
        self.0[start..end].iter().map(|(d, _)| *d)
    }
}

/// Puts `schedule` in `years` (sorted by year), replacing that year's.
fn set_year(years: &mut Vec<(i32, YearSchedule)>, year: i32, schedule: YearSchedule) {
    match years.binary_search_by_key(&year, |(y, _)| *y) {
        Ok(i) => years[i].1 = schedule,
        Err(i) => years.insert(i, (year, schedule)),
    }
}

/// A run of consecutive days off.
struct Run {
    name: &'static str,
    first: Date,
    last: Date,
}

const fn run(name: &'static str, first: Date, last: Date) -> Run {
    Run { name, first, last }
}

struct Schedule {
    year: i32,
    holidays: &'static [Run],
    workdays: &'static [(Date, &'static str)],
}

/// The State Council's schedules as published: 国办发明电〔2023〕7号 (2024),
/// 〔2024〕12号 (2025), 〔2025〕7号 (2026). 2027 is not built in: until the
/// backend sends it, 2027 is plain Monday to Friday.
const BUILTIN: &[Schedule] = &[
    Schedule {
        year: 2024,
        holidays: &[
            run("元旦", date!(2024 - 01 - 01), date!(2024 - 01 - 01)),
            run("春节", date!(2024 - 02 - 10), date!(2024 - 02 - 17)),
            run("清明节", date!(2024 - 04 - 04), date!(2024 - 04 - 06)),
            run("劳动节", date!(2024 - 05 - 01), date!(2024 - 05 - 05)),
            run("端午节", date!(2024 - 06 - 08), date!(2024 - 06 - 10)),
            run("中秋节", date!(2024 - 09 - 15), date!(2024 - 09 - 17)),
            run("国庆节", date!(2024 - 10 - 01), date!(2024 - 10 - 07)),
        ],
        workdays: &[
            (date!(2024 - 02 - 04), "春节"),
            (date!(2024 - 02 - 18), "春节"),
            (date!(2024 - 04 - 07), "清明节"),
            (date!(2024 - 04 - 28), "劳动节"),
            (date!(2024 - 05 - 11), "劳动节"),
            (date!(2024 - 09 - 14), "中秋节"),
            (date!(2024 - 09 - 29), "国庆节"),
            (date!(2024 - 10 - 12), "国庆节"),
        ],
    },
    Schedule {
        year: 2025,
        holidays: &[
            run("元旦", date!(2025 - 01 - 01), date!(2025 - 01 - 01)),
            run("春节", date!(2025 - 01 - 28), date!(2025 - 02 - 04)),
            run("清明节", date!(2025 - 04 - 04), date!(2025 - 04 - 06)),
            run("劳动节", date!(2025 - 05 - 01), date!(2025 - 05 - 05)),
            run("端午节", date!(2025 - 05 - 31), date!(2025 - 06 - 02)),
            run(
                "国庆节、中秋节",
                date!(2025 - 10 - 01),
                date!(2025 - 10 - 08),
            ),
        ],
        workdays: &[
            (date!(2025 - 01 - 26), "春节"),
            (date!(2025 - 02 - 08), "春节"),
            (date!(2025 - 04 - 27), "劳动节"),
            (date!(2025 - 09 - 28), "国庆节、中秋节"),
            (date!(2025 - 10 - 11), "国庆节、中秋节"),
        ],
    },
    Schedule {
        year: 2026,
        holidays: &[
            run("元旦", date!(2026 - 01 - 01), date!(2026 - 01 - 03)),
            run("春节", date!(2026 - 02 - 15), date!(2026 - 02 - 23)),
            run("清明节", date!(2026 - 04 - 04), date!(2026 - 04 - 06)),
            run("劳动节", date!(2026 - 05 - 01), date!(2026 - 05 - 05)),
            run("端午节", date!(2026 - 06 - 19), date!(2026 - 06 - 21)),
            run("中秋节", date!(2026 - 09 - 25), date!(2026 - 09 - 27)),
            run("国庆节", date!(2026 - 10 - 01), date!(2026 - 10 - 07)),
        ],
        workdays: &[
            (date!(2026 - 01 - 04), "元旦"),
            (date!(2026 - 02 - 14), "春节"),
            (date!(2026 - 02 - 28), "春节"),
            (date!(2026 - 05 - 09), "劳动节"),
            (date!(2026 - 09 - 20), "国庆节"),
            (date!(2026 - 10 - 10), "国庆节"),
        ],
    },
];

impl WorkCalendar {
    /// Plain Monday to Friday, no holidays.
    pub fn plain() -> Self {
        Self::default()
    }

    /// The official schedules for 2024, 2025 and 2026, built in so that
    /// periods are counted right before (or without) the backend's calendar.
    /// The backend's `v1/calendar/{year}.json` is authoritative: pass it to
    /// [`WorkCalendar::with_years`] and it replaces the built-in year.
    pub fn builtin() -> Self {
        let mut years = Vec::new();
        for schedule in BUILTIN {
            let mut year = YearSchedule::default();
            for run in schedule.holidays {
                for day in days(run.first..=run.last) {
                    year.holidays.insert(day, Some(run.name.to_owned()));
                }
            }
            for &(day, name) in schedule.workdays {
                year.workdays.insert(day, Some(name.to_owned()));
            }
            set_year(&mut years, schedule.year, year);
        }
        Self { years }
    }

    /// The backend's calendar: each given year replaces whatever this
    /// calendar knew about that year.
    pub fn with_years(mut self, years: &[CalendarYear]) -> Self {
        for given in years {
            let mut schedule = YearSchedule::default();
            // Inserted one by one: collecting into a map would link a second
            // (stable) sort into the browser bundle.
            for d in &given.holidays {
                schedule.holidays.insert(d.date, d.name.clone());
            }
            for d in &given.workdays {
                schedule.workdays.insert(d.date, d.name.clone());
            }
            set_year(&mut self.years, given.year, schedule);
        }
        self
    }

    /// Whether the calendar has an official schedule for `year`.
    pub fn has_year(&self, year: i32) -> bool {
        self.years.iter().any(|(y, _)| *y == year)
    }

    pub fn is_working_day(&self, d: Date) -> bool {
        self.listed(d).unwrap_or_else(|| is_weekday(d))
    }

    /// The holiday `d` belongs to (`"国庆节"`), or for a 调休 working day the
    /// holiday it makes up for (`"国庆节"`: [`WorkCalendar::is_working_day`]
    /// tells the two apart), where the schedule names it. The name is the
    /// schedule's, as data; a view puts it into words of its locale.
    pub fn day_name(&self, d: Date) -> Option<&str> {
        self.schedules_for(d)
            .find_map(|s| s.workdays.get(&d).or_else(|| s.holidays.get(&d)))
            .and_then(|name| name.as_deref())
    }

    /// The `n`-th working day strictly after `from`; `from` itself for `n = 0`.
    /// Saturates at the last representable date.
    pub fn add_working_days(&self, from: Date, n: u32) -> Date {
        let mut day = from;
        let mut left = n;
        while left > 0 {
            match day.next_day() {
                Some(next) => day = next,
                None => return day,
            }
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// Working days in the inclusive range `[from, to]`; 0 when `to < from`.
    pub fn working_days_between(&self, from: Date, to: Date) -> u32 {
        if to < from {
            return 0;
        }
        let mut count = i64::from(weekdays_between(from, to));
        let mut listed: Vec<Date> = Vec::new();
        for (_, s) in &self.years {
            for d in s.holidays.range(from, to).chain(s.workdays.range(from, to)) {
                if !listed.contains(&d) {
                    listed.push(d);
                }
            }
        }
        for d in listed {
            count += i64::from(self.is_working_day(d)) - i64::from(is_weekday(d));
        }
        u32::try_from(count.max(0)).unwrap_or(u32::MAX)
    }

    /// What the schedules say about `d`: `Some(true)` for a 调休 working day,
    /// `Some(false)` for a day off, `None` when they say nothing. A day's own
    /// year speaks first, then the neighbouring years.
    fn listed(&self, d: Date) -> Option<bool> {
        self.schedules_for(d).find_map(|s| {
            if s.workdays.contains_key(&d) {
                Some(true)
            } else if s.holidays.contains_key(&d) {
                Some(false)
            } else {
                None
            }
        })
    }

    fn schedules_for(&self, d: Date) -> impl Iterator<Item = &YearSchedule> {
        let y = d.year();
        [y, y - 1, y + 1]
            .into_iter()
            .filter_map(|y| self.years.iter().find(|(year, _)| *year == y))
            .map(|(_, s)| s)
    }
}

fn is_weekday(d: Date) -> bool {
    !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// Monday to Friday days in `[from, to]`, `from <= to`.
fn weekdays_between(from: Date, to: Date) -> u32 {
    let total = to.to_julian_day() - from.to_julian_day() + 1;
    let full_weeks = total / 7;
    let rest = total % 7;
    let start = i32::from(from.weekday().number_days_from_monday());
    let rest_weekdays = (0..rest).filter(|i| (start + i) % 7 < 5).count() as i32;
    (full_weeks * 5 + rest_weekdays) as u32
}

fn days(range: RangeInclusive<Date>) -> impl Iterator<Item = Date> {
    let (first, last) = range.into_inner();
    std::iter::successors(Some(first), move |d| d.next_day().filter(|n| *n <= last))
}

/// `2026年11月20日`, as dates are written in notices and in the backend's
/// messages, whatever language the reader has chosen (the app's own text
/// uses `i18n::format::format_date`).
/// The years whose calendars a page needs on `today`: this year's, last
/// year's in January and next year's in December, when a period may cross
/// the new year. Oldest first.
pub fn calendar_years(today: Date) -> Vec<i32> {
    let year = today.year();
    match today.month() {
        time::Month::January => vec![year - 1, year],
        time::Month::December => vec![year, year + 1],
        _ => vec![year],
    }
}

pub fn cn_date(d: Date) -> String {
    format!("{}年{}月{}日", d.year(), u8::from(d.month()), d.day())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::CalendarDay;

    #[test]
    fn the_years_a_page_needs_cross_the_new_year_at_its_ends() {
        assert_eq!(calendar_years(date!(2026 - 01 - 31)), [2025, 2026]);
        assert_eq!(calendar_years(date!(2026 - 02 - 01)), [2026]);
        assert_eq!(calendar_years(date!(2026 - 11 - 30)), [2026]);
        assert_eq!(calendar_years(date!(2026 - 12 - 01)), [2026, 2027]);
    }

    fn cal() -> WorkCalendar {
        WorkCalendar::builtin()
    }

    /// Counts by walking day by day, the obvious way.
    fn naive_between(cal: &WorkCalendar, from: Date, to: Date) -> u32 {
        if to < from {
            return 0;
        }
        days(from..=to).filter(|d| cal.is_working_day(*d)).count() as u32
    }

    #[test]
    fn plain_weeks() {
        let c = cal();
        assert!(c.is_working_day(date!(2026 - 03 - 13))); // Friday
        assert!(!c.is_working_day(date!(2026 - 03 - 14))); // Saturday
        assert!(!c.is_working_day(date!(2026 - 03 - 15))); // Sunday
        assert!(c.is_working_day(date!(2026 - 03 - 16))); // Monday
    }

    #[test]
    fn national_day_2025_with_its_makeup_days() {
        let c = cal();
        assert!(
            c.is_working_day(date!(2025 - 09 - 28)),
            "Sunday 28 Sep is 调休"
        );
        for day in days(date!(2025 - 10 - 01)..=date!(2025 - 10 - 08)) {
            assert!(!c.is_working_day(day), "{day} is 国庆/中秋");
        }
        assert!(c.is_working_day(date!(2025 - 10 - 09)));
        assert!(
            c.is_working_day(date!(2025 - 10 - 11)),
            "Saturday 11 Oct is 调休"
        );
        assert!(!c.is_working_day(date!(2025 - 10 - 12)));
        assert_eq!(c.day_name(date!(2025 - 10 - 03)), Some("国庆节、中秋节"));
        // A 调休 working day names the holiday it makes up for.
        assert_eq!(c.day_name(date!(2025 - 10 - 11)), Some("国庆节、中秋节"));
        assert_eq!(c.day_name(date!(2025 - 10 - 13)), None);
    }

    #[test]
    fn five_working_days_from_just_before_national_day_2025() {
        let c = cal();
        // Fri 26 Sep → Sun 28 (调休), Mon 29, Tue 30, Thu 9 Oct, Fri 10, Sat 11 (调休).
        assert_eq!(
            c.add_working_days(date!(2025 - 09 - 26), 5),
            date!(2025 - 10 - 10)
        );
        assert_eq!(
            c.add_working_days(date!(2025 - 09 - 26), 6),
            date!(2025 - 10 - 11)
        );
        assert_eq!(
            c.working_days_between(date!(2025 - 09 - 27), date!(2025 - 10 - 11)),
            6
        );
        assert_eq!(
            c.add_working_days(date!(2025 - 09 - 26), 1),
            date!(2025 - 09 - 28)
        );
        assert_eq!(
            c.add_working_days(date!(2025 - 09 - 30), 1),
            date!(2025 - 10 - 09)
        );
        // On plain weekdays the same would land on Fri 3 Oct.
        assert_eq!(
            WorkCalendar::plain().add_working_days(date!(2025 - 09 - 26), 5),
            date!(2025 - 10 - 03)
        );
    }

    #[test]
    fn spring_festival_2025() {
        let c = cal();
        assert!(
            c.is_working_day(date!(2025 - 01 - 26)),
            "Sunday 26 Jan is 调休"
        );
        assert!(c.is_working_day(date!(2025 - 01 - 27)));
        for day in days(date!(2025 - 01 - 28)..=date!(2025 - 02 - 04)) {
            assert!(!c.is_working_day(day), "{day} is 春节");
        }
        assert!(
            c.is_working_day(date!(2025 - 02 - 08)),
            "Saturday 8 Feb is 调休"
        );
        // Fri 24 Jan + 3 → Sun 26, Mon 27, Wed 5 Feb.
        assert_eq!(
            c.add_working_days(date!(2025 - 01 - 24), 3),
            date!(2025 - 02 - 05)
        );
        // January 2025: 23 weekdays, minus 1 Jan and 28–31 Jan, plus Sun 26.
        assert_eq!(
            c.working_days_between(date!(2025 - 01 - 01), date!(2025 - 01 - 31)),
            19
        );
    }

    #[test]
    fn schedule_2026() {
        let c = cal();
        let off = [
            date!(2026 - 01 - 01),
            date!(2026 - 01 - 02),
            date!(2026 - 02 - 16),
            date!(2026 - 02 - 20),
            date!(2026 - 02 - 23),
            date!(2026 - 04 - 06),
            date!(2026 - 05 - 04),
            date!(2026 - 05 - 05),
            date!(2026 - 06 - 19),
            date!(2026 - 09 - 25),
            date!(2026 - 10 - 07),
        ];
        for day in off {
            assert!(!c.is_working_day(day), "{day} is a day off");
        }
        let on = [
            date!(2026 - 01 - 04),
            date!(2026 - 02 - 14),
            date!(2026 - 02 - 28),
            date!(2026 - 05 - 09),
            date!(2026 - 09 - 20),
            date!(2026 - 10 - 10),
        ];
        for day in on {
            assert!(!is_weekday(day), "{day} is a weekend day");
            assert!(c.is_working_day(day), "{day} is 调休");
        }
        assert!(c.is_working_day(date!(2026 - 02 - 24)));
    }

    #[test]
    fn schedule_2024() {
        let c = cal();
        assert!(c.is_working_day(date!(2024 - 02 - 04)));
        assert!(!c.is_working_day(date!(2024 - 02 - 12)));
        assert!(c.is_working_day(date!(2024 - 02 - 18)));
        assert!(c.is_working_day(date!(2024 - 09 - 14)));
        assert!(!c.is_working_day(date!(2024 - 09 - 16)));
        assert!(c.is_working_day(date!(2024 - 10 - 12)));
    }

    #[test]
    fn every_schedule_is_consistent() {
        let c = cal();
        for schedule in BUILTIN {
            for &(day, _) in schedule.workdays {
                assert!(!is_weekday(day), "{day}: 调休 on a weekday");
                assert_eq!(day.year(), schedule.year);
            }
            for run in schedule.holidays {
                assert!(run.first <= run.last);
                assert_eq!(run.first.year(), schedule.year);
                for day in days(run.first..=run.last) {
                    assert!(!c.is_working_day(day));
                }
            }
        }
        // The sum over each year: weekdays, minus weekday holidays, plus 调休.
        assert_eq!(
            c.working_days_between(date!(2024 - 01 - 01), date!(2024 - 12 - 31)),
            251
        );
        assert_eq!(
            c.working_days_between(date!(2025 - 01 - 01), date!(2025 - 12 - 31)),
            248
        );
        assert_eq!(
            c.working_days_between(date!(2026 - 01 - 01), date!(2026 - 12 - 31)),
            248
        );
    }

    #[test]
    fn working_days_between_matches_walking() {
        let c = cal();
        let starts = days(date!(2024 - 12 - 20)..=date!(2025 - 02 - 15)).step_by(3);
        for from in starts {
            for len in [0_i64, 1, 2, 6, 7, 13, 40, 300] {
                let to = from + time::Duration::days(len);
                assert_eq!(
                    c.working_days_between(from, to),
                    naive_between(&c, from, to),
                    "{from}..={to}"
                );
            }
        }
    }

    #[test]
    fn between_edges() {
        let c = cal();
        let d = date!(2026 - 03 - 16);
        assert_eq!(c.working_days_between(d, d), 1);
        assert_eq!(
            c.working_days_between(date!(2026 - 03 - 14), date!(2026 - 03 - 14)),
            0
        );
        assert_eq!(
            c.working_days_between(date!(2026 - 03 - 17), d),
            0,
            "to before from"
        );
        assert_eq!(c.add_working_days(d, 0), d);
        assert_eq!(
            c.add_working_days(date!(2026 - 03 - 14), 0),
            date!(2026 - 03 - 14)
        );
    }

    #[test]
    fn across_the_year_boundary() {
        let c = cal();
        // Wed 31 Dec 2025 + 1 → Thu 1 Jan (元旦), Fri 2 (off), Sat 3 (off), Sun 4 (调休).
        assert_eq!(
            c.add_working_days(date!(2025 - 12 - 31), 1),
            date!(2026 - 01 - 04)
        );
        assert_eq!(
            c.add_working_days(date!(2025 - 12 - 31), 2),
            date!(2026 - 01 - 05)
        );
        assert_eq!(
            c.working_days_between(date!(2025 - 12 - 29), date!(2026 - 01 - 04)),
            4
        );
        // 2026 → 2027: no 2027 data, plain fallback after New Year's Eve.
        assert!(!c.has_year(2027));
        assert_eq!(
            c.add_working_days(date!(2026 - 12 - 31), 1),
            date!(2027 - 01 - 01)
        );
    }

    #[test]
    fn leap_day_with_plain_fallback() {
        let c = cal();
        assert!(!c.has_year(2028));
        // Mon 28 Feb 2028, Tue 29 Feb, Wed 1 Mar.
        assert!(c.is_working_day(date!(2028 - 02 - 29)));
        assert_eq!(
            c.add_working_days(date!(2028 - 02 - 28), 1),
            date!(2028 - 02 - 29)
        );
        assert_eq!(
            c.add_working_days(date!(2028 - 02 - 25), 2),
            date!(2028 - 02 - 29)
        );
        assert_eq!(
            c.working_days_between(date!(2028 - 02 - 26), date!(2028 - 03 - 01)),
            3
        );
    }

    #[test]
    fn has_year() {
        let c = cal();
        assert!(c.has_year(2024) && c.has_year(2025) && c.has_year(2026));
        assert!(!c.has_year(2023));
        assert!(!WorkCalendar::plain().has_year(2026));
    }

    fn day(date: Date) -> CalendarDay {
        CalendarDay { date, name: None }
    }

    #[test]
    fn backend_years_replace_builtin_ones() {
        // A backend that knows better: 2026 has only a (made-up) holiday on
        // Wed 11 March and a working Saturday 14 March.
        let given = CalendarYear {
            year: 2026,
            holidays: vec![day(date!(2026 - 03 - 11))],
            workdays: vec![day(date!(2026 - 03 - 14))],
        };
        let c = cal().with_years(&[given]);
        assert!(!c.is_working_day(date!(2026 - 03 - 11)));
        assert!(c.is_working_day(date!(2026 - 03 - 14)));
        // The built-in 2026 schedule is gone entirely …
        assert!(c.is_working_day(date!(2026 - 10 - 05)));
        assert!(!c.is_working_day(date!(2026 - 10 - 10)));
        // … while 2025 is untouched.
        assert!(!c.is_working_day(date!(2025 - 10 - 03)));
        assert_eq!(
            c.working_days_between(date!(2026 - 03 - 09), date!(2026 - 03 - 15)),
            5
        );
    }

    #[test]
    fn backend_adds_a_year_and_spills_over() {
        let given = CalendarYear {
            year: 2028,
            holidays: vec![day(date!(2027 - 12 - 31)), day(date!(2028 - 02 - 29))],
            workdays: vec![],
        };
        let c = cal().with_years(&[given]);
        assert!(c.has_year(2028));
        assert!(!c.is_working_day(date!(2028 - 02 - 29)));
        assert!(
            !c.is_working_day(date!(2027 - 12 - 31)),
            "a day listed by the next year's schedule"
        );
        assert_eq!(
            c.working_days_between(date!(2027 - 12 - 27), date!(2027 - 12 - 31)),
            4
        );
    }

    #[test]
    fn far_future_saturates() {
        let c = cal();
        assert_eq!(c.add_working_days(Date::MAX, 3), Date::MAX);
    }
}
