//! Kiosk heartbeats, the rules without I/O: what a beat may hold (it comes
//! from anyone, unauthenticated) and how staff read the numbers. When a
//! device counts as offline is the app's rule,
//! [`gongkai::domain::kiosk::is_offline`].

use gongkai::api::{
    FieldProblem, HEARTBEAT_DEVICE_MAX_CHARS, HEARTBEAT_ERROR_MAX_CHARS, HEARTBEAT_SECONDS_MAX,
    HEARTBEAT_VERSION_MAX_CHARS,
};
use gongkai::domain::feedback::clean_text;
use serde::Deserialize;

/// Where the reference server takes beats, relative to the API base.
pub const HEARTBEAT_PATH: &str = "v1/kiosk/heartbeat";

/// A beat as it arrives: every field optional and numbers as written, so
/// that a missing, negative or fractional value is a refusal with its JSON
/// Pointer rather than unreadable JSON. A field of the wrong type (a number
/// as a string) is still `bad-json`.
#[derive(Debug, Default, Deserialize)]
pub struct BeatFields {
    #[serde(default)]
    pub device: Option<String>,
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default)]
    pub data_age_seconds: Option<serde_json::Number>,
    #[serde(default)]
    pub uptime_seconds: Option<serde_json::Number>,
    #[serde(default)]
    pub last_error: Option<String>,
}

/// A beat that passed [`validate`]: cleaned text, numbers in range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Beat {
    pub device: String,
    pub version: String,
    pub data_age_seconds: Option<u64>,
    pub uptime_seconds: u64,
    pub last_error: Option<String>,
}

fn problem(pointer: &str, code: &str, detail: String) -> FieldProblem {
    FieldProblem {
        pointer: pointer.to_owned(),
        code: code.to_owned(),
        detail,
    }
}

/// One line of 1 to `max` characters once cleaned ([`clean_text`]: control,
/// bidi and zero-width characters dropped, ends trimmed).
fn one_line(
    value: Option<&str>,
    pointer: &str,
    label: &str,
    max: usize,
    errors: &mut Vec<FieldProblem>,
) -> String {
    let text = clean_text(value.unwrap_or(""));
    let chars = text.chars().count();
    if chars == 0 {
        errors.push(problem(pointer, "required", format!("请填写{label}")));
    } else if chars > max {
        errors.push(problem(
            pointer,
            "too_long",
            format!("{label}不能超过{max}个字，现有{chars}个字"),
        ));
    } else if text.contains(['\n', '\t']) {
        errors.push(problem(
            pointer,
            "not_one_line",
            format!("{label}只能是一行文字，不能有换行或制表符"),
        ));
    }
    text
}

/// A whole number of seconds from 0 to [`HEARTBEAT_SECONDS_MAX`].
fn seconds(
    value: Option<&serde_json::Number>,
    pointer: &str,
    label: &str,
    errors: &mut Vec<FieldProblem>,
) -> Option<u64> {
    let n = value?;
    match n.as_u64().filter(|s| *s <= HEARTBEAT_SECONDS_MAX) {
        Some(s) => Some(s),
        None => {
            errors.push(problem(
                pointer,
                "out_of_range",
                format!("{label}须为0到{HEARTBEAT_SECONDS_MAX}之间的整数（秒），现为{n}"),
            ));
            None
        }
    }
}

/// The beat, or every refused field in the request's order.
pub fn validate(fields: &BeatFields) -> Result<Beat, Vec<FieldProblem>> {
    let mut errors = Vec::new();
    let device = one_line(
        fields.device.as_deref(),
        "/device",
        "设备名称",
        HEARTBEAT_DEVICE_MAX_CHARS,
        &mut errors,
    );
    let version = one_line(
        fields.version.as_deref(),
        "/version",
        "版本号",
        HEARTBEAT_VERSION_MAX_CHARS,
        &mut errors,
    );
    let data_age_seconds = seconds(
        fields.data_age_seconds.as_ref(),
        "/data_age_seconds",
        "数据时长",
        &mut errors,
    );
    let uptime_seconds = seconds(
        fields.uptime_seconds.as_ref(),
        "/uptime_seconds",
        "运行时长",
        &mut errors,
    );
    if fields.uptime_seconds.is_none() {
        errors.push(problem(
            "/uptime_seconds",
            "required",
            "请填写运行时长（uptime_seconds，秒）".into(),
        ));
    }
    let last_error = fields
        .last_error
        .as_deref()
        .map(clean_text)
        .filter(|e| !e.is_empty());
    if let Some(e) = &last_error {
        let chars = e.chars().count();
        if chars > HEARTBEAT_ERROR_MAX_CHARS {
            errors.push(problem(
                "/last_error",
                "too_long",
                format!("最近的错误不能超过{HEARTBEAT_ERROR_MAX_CHARS}个字，现有{chars}个字"),
            ));
        }
    }
    match (errors.is_empty(), uptime_seconds) {
        (true, Some(uptime_seconds)) => Ok(Beat {
            device,
            version,
            data_age_seconds,
            uptime_seconds,
            last_error,
        }),
        _ => Err(errors),
    }
}

/// Seconds as staff read them: `42秒`, `5分钟`, `3小时7分钟`, `2天4小时`.
pub fn duration_zh(seconds: u64) -> String {
    let (days, hours, minutes) = (seconds / 86_400, seconds / 3600 % 24, seconds / 60 % 60);
    match seconds {
        0..60 => format!("{seconds}秒"),
        60..3600 => format!("{minutes}分钟"),
        3600..86_400 if minutes == 0 => format!("{hours}小时"),
        3600..86_400 => format!("{hours}小时{minutes}分钟"),
        _ if hours == 0 => format!("{days}天"),
        _ => format!("{days}天{hours}小时"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields(value: serde_json::Value) -> BeatFields {
        serde_json::from_value(value).unwrap()
    }

    fn refused(value: serde_json::Value) -> Vec<(String, String)> {
        validate(&fields(value))
            .unwrap_err()
            .into_iter()
            .map(|p| (p.pointer, p.code))
            .collect()
    }

    fn pair(pointer: &str, code: &str) -> (String, String) {
        (pointer.to_owned(), code.to_owned())
    }

    #[test]
    fn a_good_beat_is_cleaned() {
        let beat = validate(&fields(json!({
            "device": "  青溪镇\u{202E}党群服务中心-1号屏\u{200B} ",
            "version": "0.1.0+abc1234",
            "data_age_seconds": 42,
            "uptime_seconds": 86_400,
            "last_error": " \u{2066}网络中断\r\n重试中 ",
        })))
        .unwrap();
        assert_eq!(beat.device, "青溪镇党群服务中心-1号屏");
        assert_eq!(beat.version, "0.1.0+abc1234");
        assert_eq!(beat.data_age_seconds, Some(42));
        assert_eq!(beat.uptime_seconds, 86_400);
        assert_eq!(beat.last_error.as_deref(), Some("网络中断\n重试中"));
        // No data yet, no error, blank error: all none.
        let beat = validate(&fields(json!({
            "device": "屏", "version": "1", "uptime_seconds": 0,
            "data_age_seconds": null, "last_error": " \u{200B} ",
        })))
        .unwrap();
        assert_eq!((beat.data_age_seconds, beat.last_error), (None, None));
    }

    #[test]
    fn every_bad_field_is_named() {
        assert_eq!(
            refused(json!({})),
            [
                pair("/device", "required"),
                pair("/version", "required"),
                pair("/uptime_seconds", "required"),
            ]
        );
        assert_eq!(
            refused(json!({
                "device": "a".repeat(65),
                "version": "v".repeat(65),
                "data_age_seconds": -1,
                "uptime_seconds": 1.5,
                "last_error": "错".repeat(501),
            })),
            [
                pair("/device", "too_long"),
                pair("/version", "too_long"),
                pair("/data_age_seconds", "out_of_range"),
                pair("/uptime_seconds", "out_of_range"),
                pair("/last_error", "too_long"),
            ]
        );
        assert_eq!(
            refused(json!({
                "device": "大厅\n1号屏", "version": "1\t2",
                "uptime_seconds": HEARTBEAT_SECONDS_MAX + 1,
            })),
            [
                pair("/device", "not_one_line"),
                pair("/version", "not_one_line"),
                pair("/uptime_seconds", "out_of_range"),
            ]
        );
        // Only invisible characters: nothing left, so required.
        assert_eq!(
            refused(
                json!({"device": "\u{202E}\u{200B}\u{FEFF}", "version": "1", "uptime_seconds": 1})
            ),
            [pair("/device", "required")]
        );
        // The limits themselves pass, counted in characters.
        assert!(validate(&fields(json!({
            "device": "屏".repeat(64), "version": "v".repeat(64),
            "uptime_seconds": HEARTBEAT_SECONDS_MAX, "data_age_seconds": 0,
            "last_error": "错".repeat(500),
        })))
        .is_ok());
    }

    #[test]
    fn durations_read_in_chinese() {
        assert_eq!(duration_zh(0), "0秒");
        assert_eq!(duration_zh(59), "59秒");
        assert_eq!(duration_zh(60), "1分钟");
        assert_eq!(duration_zh(3599), "59分钟");
        assert_eq!(duration_zh(3600), "1小时");
        assert_eq!(duration_zh(3600 * 3 + 7 * 60 + 5), "3小时7分钟");
        assert_eq!(duration_zh(86_400), "1天");
        assert_eq!(duration_zh(86_400 * 2 + 3600 * 4 + 59), "2天4小时");
    }
}
