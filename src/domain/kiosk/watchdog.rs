//! The watchdog's rules (issue 10, part 5): after a wasm panic or an
//! unhandled error the kiosk reloads itself, a few seconds later, and keeps
//! the reason as its "last error" for the heartbeat. So that a fault on
//! every start does not reload the screen in a tight loop, restarts that
//! follow one another closely wait longer and longer ([`RestartStreak`]).
//!
//! The browser half is `hooks::use_watchdog`; everything here is pure.

use time::OffsetDateTime;

use crate::api::HEARTBEAT_ERROR_MAX_CHARS;
use crate::domain::clock::CHINA_OFFSET;
use crate::domain::feedback::clean_text;

/// An error this soon after the previous restart (Unix ms) continues its
/// streak; a later one starts a new streak.
pub const STREAK_WINDOW_MS: u64 = 60_000;
/// Restarts in a streak that wait the shortest delay.
pub const QUICK_RESTARTS: u32 = 3;
/// The delays before a reload: the first [`QUICK_RESTARTS`] of a streak,
/// the next two, and every one after.
pub const RESTART_DELAYS_MS: [u64; 3] = [5_000, 30_000, 300_000];
/// A last error older than this is no longer reported (a day).
pub const LAST_ERROR_REPORT_MS: u64 = 24 * 3600 * 1000;

/// The kiosk's recent restarts for errors: how many came in a row, and
/// when the latest was due to reload the page (Unix ms).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RestartStreak {
    pub count: u32,
    pub reload_at: u64,
}

impl RestartStreak {
    /// The streak once an error happens at `now`, after `previous` (as
    /// stored; `None` for none or unreadable): one more if the error came
    /// within [`STREAK_WINDOW_MS`] of the previous reload, else a new one.
    pub fn after(previous: Option<RestartStreak>, now: u64) -> RestartStreak {
        let count = match previous {
            Some(p) if now < p.reload_at.saturating_add(STREAK_WINDOW_MS) => {
                p.count.saturating_add(1)
            }
            _ => 1,
        };
        RestartStreak {
            count,
            reload_at: now.saturating_add(restart_delay_ms(count)),
        }
    }

    /// How long to wait before reloading: `reload_at − now`, never
    /// negative.
    pub fn delay_ms(&self, now: u64) -> u64 {
        self.reload_at.saturating_sub(now)
    }

    /// `count,reload_at`, as kept in `localStorage`.
    pub fn encode(&self) -> String {
        format!("{},{}", self.count, self.reload_at)
    }

    /// The stored form back; `None` for anything else.
    pub fn decode(text: &str) -> Option<RestartStreak> {
        let (count, reload_at) = text.trim().split_once(',')?;
        Some(RestartStreak {
            count: count.parse().ok().filter(|&c| c > 0)?,
            reload_at: reload_at.parse().ok()?,
        })
    }
}

/// The delay before the `count`th restart of a streak (1-based): 5 s for
/// the first three, 30 s for the next two, then 5 minutes.
pub fn restart_delay_ms(count: u32) -> u64 {
    match count {
        0..=QUICK_RESTARTS => RESTART_DELAYS_MS[0],
        n if n <= QUICK_RESTARTS + 2 => RESTART_DELAYS_MS[1],
        _ => RESTART_DELAYS_MS[2],
    }
}

/// Whole seconds of a delay, rounded up (for "{seconds} 秒后").
pub fn delay_seconds(delay_ms: u64) -> u64 {
    delay_ms.div_ceil(1000)
}

/// The last error as kept and reported: China time, then the reason on one
/// line (control and invisible characters dropped, runs of white space made
/// one space), at most [`HEARTBEAT_ERROR_MAX_CHARS`] characters in all,
/// cut with "…".
pub fn error_record(reason: &str, at_ms: u64) -> String {
    let when = OffsetDateTime::from_unix_timestamp_nanos(i128::from(at_ms) * 1_000_000)
        .map(|t| t.to_offset(CHINA_OFFSET))
        .ok()
        .and_then(|t| {
            let format =
                time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
            t.format(&format).ok()
        })
        .unwrap_or_default();
    let reason = clean_text(reason)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let reason = if reason.is_empty() {
        "unknown error".to_owned()
    } else {
        reason
    };
    truncate_chars(&format!("{when} {reason}"), HEARTBEAT_ERROR_MAX_CHARS)
}

/// `text` cut to at most `max` characters (not bytes), the last of them
/// "…" when anything was cut.
pub fn truncate_chars(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut cut: String = text.chars().take(max - 1).collect();
    cut.push('…');
    cut
}

/// Whether a window `error` with this message is harmless and restarts
/// nothing: Chromium reports a `ResizeObserver` that could not deliver all
/// its notifications in one frame as an error, though nothing failed.
pub fn is_benign_error(message: &str) -> bool {
    message.starts_with("ResizeObserver loop")
}

/// The stored form of the last error: `at_ms`, a newline, the record.
pub fn encode_last_error(record: &str, at_ms: u64) -> String {
    format!("{at_ms}\n{record}")
}

/// The last error to put in a heartbeat at `now`: the stored record if it is
/// readable and less than [`LAST_ERROR_REPORT_MS`] old.
pub fn last_error_to_report(stored: Option<&str>, now: u64) -> Option<String> {
    let (at, record) = stored?.split_once('\n')?;
    let at: u64 = at.parse().ok()?;
    let record = record.trim();
    (now.saturating_sub(at) < LAST_ERROR_REPORT_MS && !record.is_empty())
        .then(|| truncate_chars(record, HEARTBEAT_ERROR_MAX_CHARS))
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: u64 = 1_764_470_000_000;

    #[test]
    fn close_restarts_back_off_and_a_quiet_minute_starts_again() {
        let mut streak = None;
        let mut now = T;
        let mut delays = Vec::new();
        for _ in 0..8 {
            let next = RestartStreak::after(streak, now);
            delays.push(next.delay_ms(now));
            // The page reloads on time and fails again 2 s later.
            now = next.reload_at + 2_000;
            streak = Some(next);
        }
        assert_eq!(
            delays,
            [5_000, 5_000, 5_000, 30_000, 30_000, 300_000, 300_000, 300_000]
        );
        // An error a minute or more after the last reload: a new streak.
        let last = streak.unwrap();
        let later = RestartStreak::after(Some(last), last.reload_at + STREAK_WINDOW_MS);
        assert_eq!(later.count, 1);
        assert_eq!(later.delay_ms(last.reload_at + STREAK_WINDOW_MS), 5_000);
        let just_in = RestartStreak::after(Some(last), last.reload_at + STREAK_WINDOW_MS - 1);
        assert_eq!(just_in.count, 9);
    }

    #[test]
    fn an_error_before_the_reload_counts_and_the_clock_going_back_does_not_panic() {
        let first = RestartStreak::after(None, T);
        // A second error while waiting for the reload.
        let second = RestartStreak::after(Some(first), T + 1_000);
        assert_eq!(second.count, 2);
        // The device clock set back by an hour.
        let back = RestartStreak::after(Some(second), T - 3_600_000);
        assert_eq!(back.count, 3);
        assert_eq!(back.delay_ms(T), 0);
        assert_eq!(restart_delay_ms(0), 5_000);
        assert_eq!(
            RestartStreak::after(
                Some(RestartStreak {
                    count: u32::MAX,
                    reload_at: u64::MAX
                }),
                0
            )
            .count,
            u32::MAX
        );
    }

    #[test]
    fn the_streak_survives_storage_and_garbage_does_not() {
        let s = RestartStreak {
            count: 4,
            reload_at: T,
        };
        assert_eq!(RestartStreak::decode(&s.encode()), Some(s));
        for bad in ["", "4", "x,1", "0,5", "-1,5", "4,", "4,-5", "4;5", "4,5,6"] {
            assert_eq!(RestartStreak::decode(bad), None, "{bad:?}");
        }
        assert_eq!(delay_seconds(5_000), 5);
        assert_eq!(delay_seconds(4_001), 5);
        assert_eq!(delay_seconds(0), 0);
    }

    #[test]
    fn the_record_is_one_dated_line_of_at_most_500_characters() {
        let record = error_record("panicked at src/x.rs:1:2:\n\tboom\u{202E}  again\r\n", T);
        assert_eq!(
            record,
            "2025-11-30 10:33:20 panicked at src/x.rs:1:2: boom again"
        );
        assert_eq!(
            error_record("  \n ", T),
            "2025-11-30 10:33:20 unknown error"
        );
        let long = error_record(&"错".repeat(20_000), T);
        assert_eq!(long.chars().count(), HEARTBEAT_ERROR_MAX_CHARS);
        assert!(long.ends_with("错…"));
        assert!(long.starts_with("2025-11-30 10:33:20 错错"));
    }

    #[test]
    fn only_the_resize_observer_notice_is_benign() {
        assert!(is_benign_error(
            "ResizeObserver loop completed with undelivered notifications."
        ));
        assert!(is_benign_error("ResizeObserver loop limit exceeded"));
        assert!(!is_benign_error("Uncaught Error: ResizeObserver loop"));
        assert!(!is_benign_error("Script error."));
        assert!(!is_benign_error(""));
    }

    #[test]
    fn truncation_counts_characters_not_bytes() {
        assert_eq!(truncate_chars("abc", 3), "abc");
        assert_eq!(truncate_chars("abcd", 3), "ab…");
        assert_eq!(truncate_chars("公开公开", 2), "公…");
        assert_eq!(truncate_chars("公开", 0), "");
        assert_eq!(truncate_chars("", 0), "");
    }

    #[test]
    fn only_a_readable_recent_error_is_reported() {
        let stored = encode_last_error("2025-11-30 10:33:20 boom", T);
        assert_eq!(
            last_error_to_report(Some(&stored), T + 1_000).as_deref(),
            Some("2025-11-30 10:33:20 boom")
        );
        assert_eq!(
            last_error_to_report(Some(&stored), T + LAST_ERROR_REPORT_MS),
            None
        );
        assert_eq!(last_error_to_report(None, T), None);
        assert_eq!(last_error_to_report(Some("boom"), T), None);
        assert_eq!(last_error_to_report(Some("x\nboom"), T), None);
        assert_eq!(last_error_to_report(Some(&format!("{T}\n  ")), T), None);
        let long = encode_last_error(&"x".repeat(900), T);
        assert_eq!(
            last_error_to_report(Some(&long), T).map(|e| e.chars().count()),
            Some(HEARTBEAT_ERROR_MAX_CHARS)
        );
    }
}
