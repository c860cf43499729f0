//! Kiosk heartbeats: each device's latest beat, one row per device name,
//! replaced by the next one. The number of devices is capped, since anyone
//! can send a beat.

use gongkai::api::KioskStatus;
use gongkai::domain::kiosk::is_offline;
use rusqlite::{params, OptionalExtension};
use time::OffsetDateTime;

use super::{Store, StoreError};
use crate::kiosk::Beat;

/// Created at every open, like the rest of the schema: an older database
/// gains the table and keeps its schema version.
pub(super) const SCHEMA: &str = "
-- Each kiosk's latest heartbeat (POST v1/kiosk/heartbeat).
CREATE TABLE IF NOT EXISTS kiosks (
    device           TEXT PRIMARY KEY,
    version          TEXT NOT NULL,
    data_age_seconds INTEGER,
    uptime_seconds   INTEGER NOT NULL,
    last_error       TEXT,
    interval_seconds INTEGER NOT NULL,  -- advertised when the beat came
    last_seen        INTEGER NOT NULL   -- Unix seconds
);
";

/// What became of a beat.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BeatStored {
    /// Stored, replacing the device's previous beat if any.
    Stored,
    /// A new device, refused: `max_devices` are known already.
    Full,
}

impl Store {
    /// Keeps `beat` as its device's latest, received at `now` while the
    /// server advertised `interval_seconds`. A device not seen before is
    /// refused once `max_devices` are known.
    pub fn record_beat(
        &self,
        beat: &Beat,
        now: OffsetDateTime,
        interval_seconds: u32,
        max_devices: usize,
    ) -> Result<BeatStored, StoreError> {
        self.write(|tx| {
            let known = tx
                .query_row(
                    "SELECT 1 FROM kiosks WHERE device = ?1",
                    [&beat.device],
                    |_| Ok(()),
                )
                .optional()?
                .is_some();
            if !known {
                let count: i64 = tx.query_row("SELECT COUNT(*) FROM kiosks", [], |r| r.get(0))?;
                if usize::try_from(count).unwrap_or(usize::MAX) >= max_devices {
                    return Ok(BeatStored::Full);
                }
            }
            tx.execute(
                "INSERT INTO kiosks (device, version, data_age_seconds, uptime_seconds,
                                     last_error, interval_seconds, last_seen)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (device) DO UPDATE SET
                     version = excluded.version,
                     data_age_seconds = excluded.data_age_seconds,
                     uptime_seconds = excluded.uptime_seconds,
                     last_error = excluded.last_error,
                     interval_seconds = excluded.interval_seconds,
                     last_seen = excluded.last_seen",
                params![
                    beat.device,
                    beat.version,
                    beat.data_age_seconds.map(|s| s as i64),
                    beat.uptime_seconds as i64,
                    beat.last_error,
                    interval_seconds,
                    now.unix_timestamp(),
                ],
            )?;
            Ok(BeatStored::Stored)
        })
    }

    /// Every device's latest beat, by name, judged offline or not at `now`.
    pub fn kiosks(&self, now: OffsetDateTime) -> Result<Vec<KioskStatus>, StoreError> {
        self.read(|c| {
            let mut statement = c.prepare(
                "SELECT device, version, data_age_seconds, uptime_seconds, last_error,
                        interval_seconds, last_seen
                 FROM kiosks ORDER BY device",
            )?;
            let rows = statement.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<i64>>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, u32>(5)?,
                    r.get::<_, i64>(6)?,
                ))
            })?;
            let mut kiosks = Vec::new();
            for row in rows {
                let (device, version, data_age, uptime, last_error, interval, seen) = row?;
                let last_seen = OffsetDateTime::from_unix_timestamp(seen)
                    .map_err(|e| StoreError::Other(format!("kiosk {device}: last_seen {e}")))?
                    .to_offset(gongkai::domain::clock::CHINA_OFFSET);
                kiosks.push(KioskStatus {
                    offline: is_offline(interval, last_seen, now),
                    device,
                    version,
                    last_seen,
                    data_age_seconds: data_age.and_then(|s| u64::try_from(s).ok()),
                    uptime_seconds: u64::try_from(uptime).unwrap_or(0),
                    last_error,
                    interval_seconds: interval,
                });
            }
            Ok(kiosks)
        })
    }

    /// Forgets a device (a screen taken out of service); whether it was known.
    pub fn forget_kiosk(&self, device: &str) -> Result<bool, StoreError> {
        self.write(|tx| Ok(tx.execute("DELETE FROM kiosks WHERE device = ?1", [device])? > 0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn beat(device: &str) -> Beat {
        Beat {
            device: device.to_owned(),
            version: "0.1.0".into(),
            data_age_seconds: Some(30),
            uptime_seconds: 600,
            last_error: None,
        }
    }

    #[test]
    fn the_latest_beat_wins_and_new_devices_stop_at_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("k.db")).unwrap();
        let t0 = datetime!(2026-11-29 01:00:00 UTC);
        assert_eq!(
            store.record_beat(&beat("b"), t0, 60, 2).unwrap(),
            BeatStored::Stored
        );
        assert_eq!(
            store.record_beat(&beat("a"), t0, 60, 2).unwrap(),
            BeatStored::Stored
        );
        assert_eq!(
            store.record_beat(&beat("c"), t0, 60, 2).unwrap(),
            BeatStored::Full
        );
        // A known device still beats at the cap.
        let later = Beat {
            version: "0.2.0".into(),
            last_error: Some("离线".into()),
            data_age_seconds: None,
            ..beat("b")
        };
        let t1 = t0 + time::Duration::minutes(10);
        assert_eq!(
            store.record_beat(&later, t1, 120, 2).unwrap(),
            BeatStored::Stored
        );
        let now = t1 + time::Duration::minutes(5);
        let kiosks = store.kiosks(now).unwrap();
        let names: Vec<_> = kiosks.iter().map(|k| k.device.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
        assert!(kiosks[0].offline, "a: silent for 15 minutes at 60 s");
        let b = &kiosks[1];
        assert!(!b.offline, "b: 5 minutes at 120 s");
        assert_eq!(
            (b.version.as_str(), b.data_age_seconds, b.interval_seconds),
            ("0.2.0", None, 120)
        );
        assert_eq!(b.last_seen, t1);
        assert_eq!(b.last_seen.offset(), gongkai::domain::clock::CHINA_OFFSET);
        assert!(store.forget_kiosk("a").unwrap());
        assert!(!store.forget_kiosk("a").unwrap());
        assert_eq!(
            store.record_beat(&beat("c"), now, 60, 2).unwrap(),
            BeatStored::Stored
        );
    }
}
