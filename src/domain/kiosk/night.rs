//! The night window (`"night": "22:00-07:00"`, issue 10 part 1): the hours
//! in which the screen dims to a clock to spare the panel. Read in China time
//! whatever the device's own time zone, and free to wrap past midnight.

use std::fmt;

use crate::domain::clock::CHINA_OFFSET;

const MINUTES_PER_DAY: u16 = 24 * 60;

/// A daily window from `start` (included) to `end` (excluded), as minutes
/// after midnight in China. When `start > end` it wraps midnight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NightWindow {
    start: u16,
    end: u16,
}

/// Why a night window was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NightError {
    /// Not exactly `HH:MM-HH:MM` with hours 00–23 and minutes 00–59.
    Malformed,
    /// Start and end the same minute: never, or always? Neither is meant.
    Empty,
}

impl NightWindow {
    /// Reads `HH:MM-HH:MM` strictly: two digits each, a 24-hour clock
    /// (`24:00` is not a time), one ASCII hyphen, no spaces.
    pub fn parse(text: &str) -> Result<Self, NightError> {
        let b = text.as_bytes();
        if b.len() != 11 || b[5] != b'-' {
            return Err(NightError::Malformed);
        }
        let start = minute_of_day(&b[0..5]).ok_or(NightError::Malformed)?;
        let end = minute_of_day(&b[6..11]).ok_or(NightError::Malformed)?;
        if start == end {
            return Err(NightError::Empty);
        }
        Ok(Self { start, end })
    }

    /// Minutes after midnight at which the window opens.
    pub fn start_minute(self) -> u16 {
        self.start
    }

    /// Minutes after midnight at which the window closes (not included).
    pub fn end_minute(self) -> u16 {
        self.end
    }

    /// Whether `minute` (0–1439, after midnight) is inside the window.
    pub fn contains_minute(self, minute: u16) -> bool {
        if self.start < self.end {
            (self.start..self.end).contains(&minute)
        } else {
            minute >= self.start || minute < self.end
        }
    }

    /// Whether the instant `now_ms` (milliseconds since the Unix epoch, as
    /// `Date.now()` gives them) falls inside the window in China time.
    pub fn contains(self, now_ms: u64) -> bool {
        self.contains_minute(china_minute_of_day(now_ms))
    }
}

/// Minutes after midnight in China at `now_ms` (Unix milliseconds).
pub fn china_minute_of_day(now_ms: u64) -> u16 {
    let offset = u64::from(CHINA_OFFSET.whole_minutes().unsigned_abs());
    ((now_ms / 60_000 + offset) % u64::from(MINUTES_PER_DAY)) as u16
}

/// `HH:MM` as minutes after midnight.
fn minute_of_day(b: &[u8]) -> Option<u16> {
    let digit = |i: usize| b[i].is_ascii_digit().then(|| u16::from(b[i] - b'0'));
    if b[2] != b':' {
        return None;
    }
    let hours = digit(0)? * 10 + digit(1)?;
    let minutes = digit(3)? * 10 + digit(4)?;
    (hours < 24 && minutes < 60).then_some(hours * 60 + minutes)
}

impl fmt::Display for NightWindow {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "{:02}:{:02}-{:02}:{:02}",
            self.start / 60,
            self.start % 60,
            self.end / 60,
            self.end % 60
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;
    use time::OffsetDateTime;

    fn ms(t: OffsetDateTime) -> u64 {
        u64::try_from(t.unix_timestamp_nanos() / 1_000_000).unwrap()
    }

    fn window(text: &str) -> NightWindow {
        NightWindow::parse(text).unwrap()
    }

    #[test]
    fn windows_are_read_strictly() {
        let w = window("22:00-07:00");
        assert_eq!((w.start_minute(), w.end_minute()), (22 * 60, 7 * 60));
        assert_eq!(window("00:00-23:59").end_minute(), 1439);
        assert_eq!(window("23:59-00:00").start_minute(), 1439);
        for bad in [
            "",
            "22:00",
            "22:00-7:00",
            "2:00-07:00",
            "22:00 - 07:00",
            " 22:00-07:00",
            "22:00-07:00 ",
            "22:00–07:00",
            "22:00~07:00",
            "22.00-07.00",
            "24:00-07:00",
            "22:00-24:00",
            "22:60-07:00",
            "22:00-07:99",
            "+2:00-07:00",
            "22:00-07:0a",
            "２２:００-07:00",
            "22:00-07:00-08:00",
            "2200-0700xx",
        ] {
            assert_eq!(
                NightWindow::parse(bad),
                Err(NightError::Malformed),
                "{bad:?}"
            );
        }
        for same in ["07:00-07:00", "00:00-00:00"] {
            assert_eq!(NightWindow::parse(same), Err(NightError::Empty), "{same}");
        }
    }

    #[test]
    fn windows_write_back_as_read() {
        for text in ["22:00-07:00", "00:05-23:55", "12:30-13:00", "23:59-00:00"] {
            assert_eq!(window(text).to_string(), text);
        }
    }

    #[test]
    fn a_window_that_wraps_midnight() {
        let w = window("22:00-07:00");
        let cases = [
            (21 * 60 + 59, false),
            (22 * 60, true),
            (23 * 60 + 59, true),
            (0, true),
            (6 * 60 + 59, true),
            (7 * 60, false),
            (12 * 60, false),
        ];
        for (minute, inside) in cases {
            assert_eq!(w.contains_minute(minute), inside, "{minute}");
        }
    }

    #[test]
    fn a_window_within_one_day() {
        let w = window("01:30-05:00");
        let cases = [
            (0, false),
            (89, false),
            (90, true),
            (299, true),
            (300, false),
            (1439, false),
        ];
        for (minute, inside) in cases {
            assert_eq!(w.contains_minute(minute), inside, "{minute}");
        }
    }

    #[test]
    fn the_window_is_in_china_time_whatever_the_instant_carries() {
        let w = window("22:00-07:00");
        let cases = [
            // 14:00 UTC is 22:00 in Beijing.
            (datetime!(2026-11-29 13:59:59 UTC), false),
            (datetime!(2026-11-29 14:00 UTC), true),
            (datetime!(2026-11-29 22:59 UTC), true),
            // 23:00 UTC is 07:00 the next morning in Beijing.
            (datetime!(2026-11-29 23:00 UTC), false),
            (datetime!(2026-11-30 03:00 UTC), false),
            (datetime!(2026-11-29 23:30 +8), true),
            (datetime!(2026-11-29 09:30 -5), true),
            (datetime!(1970-01-01 00:00 UTC), false),
            (datetime!(1970-01-02 06:59 +8), true),
        ];
        for (t, inside) in cases {
            assert_eq!(w.contains(ms(t)), inside, "{t}");
        }
    }

    #[test]
    fn china_minutes_of_the_day() {
        assert_eq!(china_minute_of_day(0), 8 * 60);
        assert_eq!(china_minute_of_day(ms(datetime!(2026-03-31 16:30 UTC))), 30);
        assert_eq!(
            china_minute_of_day(ms(datetime!(2026-03-31 15:59:59.999 UTC))),
            1439
        );
        assert!(china_minute_of_day(u64::MAX) < 1440);
    }
}
