//! The heartbeat rule for the staff listing (issue 10, part 5:
//! `gongkai-server kiosks` lists devices with their last-seen time, and
//! "offline" after 3 missed beats), and when the kiosk's next beat is due.

use time::OffsetDateTime;

/// How many missed beats make a device offline.
pub const MISSED_BEATS_OFFLINE: u32 = 3;

/// How many beats a device has missed: those that were due, one every
/// `interval_seconds` after `last_seen`, strictly before `now`. A beat due
/// at exactly `now` is not missed yet. A last-seen time in the future (a
/// server clock gone back) misses none; an interval of 0 is taken as 1 s.
pub fn missed_beats(interval_seconds: u32, last_seen: OffsetDateTime, now: OffsetDateTime) -> u32 {
    let elapsed_ms = (now - last_seen).whole_milliseconds();
    if elapsed_ms <= 0 {
        return 0;
    }
    let interval_ms = i128::from(interval_seconds.max(1)) * 1000;
    let missed = (elapsed_ms - 1) / interval_ms;
    u32::try_from(missed).unwrap_or(u32::MAX)
}

/// Whether the staff listing shows the device as offline: it has missed
/// [`MISSED_BEATS_OFFLINE`] beats.
pub fn is_offline(interval_seconds: u32, last_seen: OffsetDateTime, now: OffsetDateTime) -> bool {
    missed_beats(interval_seconds, last_seen, now) >= MISSED_BEATS_OFFLINE
}

/// Whether the kiosk's next beat is due at `now` (Unix ms), the last one
/// having been at `last`, with beats every `interval_ms`. Half a second
/// early counts, so a timer that fires a little before its time does not
/// skip a beat; a clock that has gone back makes one due at once.
pub fn beat_due(last: Option<u64>, now: u64, interval_ms: u64) -> bool {
    last.is_none_or(|last| now < last || now - last + 500 >= interval_ms)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_first_beat_is_due_at_once_and_then_one_an_interval() {
        use super::beat_due;
        assert!(beat_due(None, 1_000, 60_000));
        assert!(!beat_due(Some(1_000), 30_000, 60_000));
        assert!(!beat_due(Some(1_000), 60_000, 60_000));
        assert!(
            beat_due(Some(1_000), 60_600, 60_000),
            "half a second early is on time"
        );
        assert!(beat_due(Some(1_000), 200_000, 60_000));
        assert!(
            beat_due(Some(90_000), 1_000, 60_000),
            "a clock gone back beats at once"
        );
    }

    use super::*;
    use time::macros::datetime;
    use time::Duration;

    #[test]
    fn offline_after_three_missed_beats() {
        let seen = datetime!(2026-11-29 08:00 +8);
        let ms = Duration::milliseconds;
        let cases = [
            (ms(0), 0, false),
            (ms(59_999), 0, false),
            (ms(60_000), 0, false),
            (ms(60_001), 1, false),
            (ms(120_001), 2, false),
            (ms(180_000), 2, false),
            (ms(180_001), 3, true),
            (Duration::hours(5), 299, true),
            (ms(-1), 0, false),
            (-Duration::days(1), 0, false),
        ];
        for (after, missed, offline) in cases {
            let now = seen + after;
            assert_eq!(missed_beats(60, seen, now), missed, "{after}");
            assert_eq!(is_offline(60, seen, now), offline, "{after}");
        }
    }

    #[test]
    fn the_offset_of_either_time_does_not_matter() {
        let seen = datetime!(2026-11-29 00:00 UTC);
        assert!(!is_offline(30, seen, datetime!(2026-11-29 08:01:30 +8)));
        assert!(is_offline(30, seen, datetime!(2026-11-29 08:01:30.001 +8)));
    }

    #[test]
    fn odd_intervals() {
        let seen = datetime!(2026-11-29 00:00 UTC);
        assert_eq!(
            missed_beats(0, seen, seen + Duration::milliseconds(3001)),
            3
        );
        assert_eq!(
            missed_beats(1, seen, seen + Duration::days(365 * 200)),
            u32::MAX
        );
        assert!(!is_offline(
            u32::MAX,
            seen,
            seen + Duration::days(365 * 100)
        ));
    }
}
