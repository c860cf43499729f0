//! The kiosk heartbeat (触摸屏心跳): an optional part of the contract with
//! which a kiosk tells its backend, every so often, that it is alive and how
//! fresh its data is. A backend offers it by putting `kiosk_heartbeat` in
//! `v1/site.json`; a folder of static files has none. See `openapi.yaml` and
//! `docs/api.md`.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// The longest device name, in characters once cleaned: what a kiosk's
/// `config.json` may name it.
pub const HEARTBEAT_DEVICE_MAX_CHARS: usize = crate::domain::kiosk::config::DEVICE_MAX_CHARS;
/// The longest build version, in characters once cleaned.
pub const HEARTBEAT_VERSION_MAX_CHARS: usize = 64;
/// The longest last error, in characters once cleaned.
pub const HEARTBEAT_ERROR_MAX_CHARS: usize = 500;
/// The largest uptime or data age, in seconds: ten years of 365 days.
pub const HEARTBEAT_SECONDS_MAX: u64 = 315_360_000;
/// The longest beat interval a backend may advertise: an hour.
pub const HEARTBEAT_INTERVAL_MAX: u32 = 3600;

/// `site.json`'s `kiosk_heartbeat`: where a kiosk posts its beats, and how
/// often.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct KioskHeartbeatService {
    /// The endpoint, relative to the API base (`v1/kiosk/heartbeat`). Only
    /// a path that [`is_heartbeat_path`] accepts is ever posted to.
    pub path: String,
    /// Seconds between two beats (1 to [`HEARTBEAT_INTERVAL_MAX`]).
    pub interval_seconds: u32,
}

impl KioskHeartbeatService {
    /// The beat interval a client should keep: the advertised one, within
    /// 1 s to an hour.
    pub fn interval(&self) -> u32 {
        self.interval_seconds.clamp(1, HEARTBEAT_INTERVAL_MAX)
    }
}

/// Whether `path` is a heartbeat endpoint a client may post to: relative to
/// the API base, one or more `/`-separated segments of ASCII letters,
/// digits, `_`, `-` and `.`, none starting with `.` (so never `..`), no
/// leading `/`, no scheme, query or fragment, at most 200 characters. A
/// `site.json` can thus never send beats to another host or path outside
/// the API.
pub fn is_heartbeat_path(path: &str) -> bool {
    path.len() <= 200
        && !path.is_empty()
        && path.split('/').all(|segment| {
            let bytes = segment.as_bytes();
            !bytes.is_empty()
                && bytes[0] != b'.'
                && bytes
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
        })
}

/// `POST v1/kiosk/heartbeat`: one beat. No `Idempotency-Key`: a beat
/// replaces the device's previous one, so a repeat changes nothing.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct Heartbeat {
    /// The kiosk's configured name (`config.json`'s `kiosk.device`), 1 to
    /// [`HEARTBEAT_DEVICE_MAX_CHARS`] characters on one line.
    pub device: String,
    /// The app's build version, 1 to [`HEARTBEAT_VERSION_MAX_CHARS`]
    /// characters.
    pub version: String,
    /// Seconds since the data on screen was fetched; none before the first
    /// fetch.
    #[serde(default)]
    pub data_age_seconds: Option<u64>,
    /// Seconds since the app started.
    pub uptime_seconds: u64,
    /// The last error, briefly (at most [`HEARTBEAT_ERROR_MAX_CHARS`]
    /// characters); none when all is well.
    #[serde(default)]
    pub last_error: Option<String>,
}

/// `GET v1/staff/kiosks`: every device that has beaten, by name.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct KioskList {
    pub kiosks: Vec<KioskStatus>,
}

/// A device's latest beat, as staff see it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct KioskStatus {
    pub device: String,
    pub version: String,
    /// When its latest beat arrived.
    #[serde(with = "time::serde::rfc3339")]
    pub last_seen: OffsetDateTime,
    #[serde(default)]
    pub data_age_seconds: Option<u64>,
    pub uptime_seconds: u64,
    #[serde(default)]
    pub last_error: Option<String>,
    /// The interval the backend advertised when the beat arrived.
    pub interval_seconds: u32,
    /// Three beats or more missed
    /// ([`crate::domain::kiosk::heartbeat::is_offline`]).
    pub offline: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heartbeat_paths_stay_under_the_api_base() {
        for good in [
            "v1/kiosk/heartbeat",
            "v1/kiosk/heartbeat.php",
            "beat",
            "a_b-c/d.e",
        ] {
            assert!(is_heartbeat_path(good), "{good}");
        }
        for bad in [
            "",
            "/v1/kiosk/heartbeat",
            "v1/kiosk/heartbeat/",
            "v1//heartbeat",
            "../heartbeat",
            "v1/../../x",
            "v1/./x",
            ".hidden",
            "https://evil.example/beat",
            "//evil.example/beat",
            "v1/heartbeat?x=1",
            "v1/heartbeat#x",
            "v1\\heartbeat",
            "v1/心跳",
            "v1/heart beat",
            "v1/%2e%2e/x",
        ] {
            assert!(!is_heartbeat_path(bad), "{bad:?}");
        }
        assert!(is_heartbeat_path(&"a".repeat(200)));
        assert!(!is_heartbeat_path(&"a".repeat(201)));
    }

    #[test]
    fn old_site_files_and_sparse_beats_still_parse() {
        let service: KioskHeartbeatService = serde_json::from_str(
            r#"{"path": "v1/kiosk/heartbeat", "interval_seconds": 0, "x": 1}"#,
        )
        .unwrap();
        assert_eq!(service.interval(), 1);
        let beat: Heartbeat = serde_json::from_str(
            r#"{"device": "大厅1号屏", "version": "0.1.0", "uptime_seconds": 5}"#,
        )
        .unwrap();
        assert_eq!(beat.data_age_seconds, None);
        assert_eq!(beat.last_error, None);
    }
}
