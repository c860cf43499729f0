//! The `kiosk` object of `config.json` (issue 10, part 1), read leniently:
//! a bad value never fails the whole `config.json`. Each bad field falls back
//! to its default and leaves a [`KioskProblem`] behind, a code that the i18n
//! layer puts into words on screen ("bad values get a clear message on screen
//! and fall back to defaults").
//!
//! # Why a hand-written visitor
//!
//! The object is read by one small [`Visitor`] over the map, with every value
//! taken as a `Loose` scalar (a six-way enum that accepts any JSON value and
//! drains arrays and objects with [`IgnoredAny`]), then checked by plain
//! functions. The alternatives cost the browser bundle more: deriving
//! `Deserialize` on a struct of `Option<serde_json::Value>` pulls in
//! `Value`'s deserializer, its map type and number handling, which the app
//! does not otherwise use; deriving on a struct of typed fields fails the
//! whole file on the first wrong type; and a "this type, else the default"
//! adapter per field (`#[serde(untagged)]`) buffers each value into serde's
//! private `Content` type first, which the contract types already avoid for
//! internally tagged enums (see `api::types`). Not measured: the worktree it
//! was written in had no release build.

use std::fmt;

use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

use super::night::NightWindow;
use crate::domain::feedback::is_invisible_format;

/// A whole-number setting: its default and the range it must lie in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bounds {
    pub default: u32,
    pub min: u32,
    pub max: u32,
}

/// `idle_seconds`: time without a touch before the warning opens. 90 s by
/// default (the issue's figure). At least 30 s, so that the warning does not
/// open over someone still reading a notice; at most 15 minutes, because
/// until it ends a person who walked away leaves their pages on a shared
/// screen.
pub const IDLE_SECONDS: Bounds = Bounds {
    default: 90,
    min: 30,
    max: 900,
};

/// `warning_seconds`: the countdown of "您还在使用吗？". 30 s by default; never
/// under 20 s, the time WCAG 2.2.1 (Timing Adjustable) requires to extend a
/// time limit; at most 2 minutes, beyond which a countdown is no warning.
pub const WARNING_SECONDS: Bounds = Bounds {
    default: 30,
    min: 20,
    max: 120,
};

/// `attract_seconds`: how long each slide of the attract loop shows. 12 s by
/// default, enough to read a notice's title and its countdown at a walking
/// pace; at least 5 s (a slide that changes faster cannot be read, and WCAG
/// 2.2.2 counts anything moving for longer than 5 s as needing no pause);
/// at most 5 minutes.
pub const ATTRACT_SECONDS: Bounds = Bounds {
    default: 12,
    min: 5,
    max: 300,
};

/// `refresh_minutes`: how often data is fetched again while the screen is
/// idle. 15 minutes by default: items change a few times a day and a 公示
/// countdown is computed on the device, so more often only loads the
/// intranet and a cheap box. At least 1 minute, at most a day (a screen must
/// not show week-old data because of a typo).
pub const REFRESH_MINUTES: Bounds = Bounds {
    default: 15,
    min: 1,
    max: 1440,
};

/// The longest `device` name, in characters. It is sent with every heartbeat
/// and shown in the staff listing beside its last-seen time.
pub const DEVICE_MAX_CHARS: usize = 64;

/// The longest unknown key kept in a [`KioskField::Unknown`], in characters.
pub const UNKNOWN_KEY_MAX_CHARS: usize = 40;

/// The kiosk's settings, every value valid. `Default` is what a screen runs
/// with when `config.json` has no `kiosk` object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KioskConfig {
    pub idle_seconds: u32,
    pub warning_seconds: u32,
    pub attract_seconds: u32,
    pub refresh_minutes: u32,
    /// A screen that is never touched (电子显示屏): the attract loop is all
    /// there is.
    pub signage: bool,
    /// When the screen dims to a clock, in China time.
    pub night: Option<NightWindow>,
    /// This screen's name in heartbeats: trimmed, printable, at most
    /// [`DEVICE_MAX_CHARS`] characters, never empty.
    pub device: Option<String>,
    /// What was wrong with the object as written, in the order met. Empty
    /// when every value was good (or there was no `kiosk` object).
    pub problems: Vec<KioskProblem>,
}

impl Default for KioskConfig {
    fn default() -> Self {
        Self {
            idle_seconds: IDLE_SECONDS.default,
            warning_seconds: WARNING_SECONDS.default,
            attract_seconds: ATTRACT_SECONDS.default,
            refresh_minutes: REFRESH_MINUTES.default,
            signage: false,
            night: None,
            device: None,
            problems: Vec::new(),
        }
    }
}

/// The key a problem is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KioskField {
    /// The `kiosk` value itself.
    Kiosk,
    IdleSeconds,
    WarningSeconds,
    AttractSeconds,
    RefreshMinutes,
    Signage,
    Night,
    Device,
    /// A key this app does not know (likely a typo), cut to
    /// [`UNKNOWN_KEY_MAX_CHARS`] characters.
    Unknown(String),
}

impl KioskField {
    /// The key as written in `config.json`.
    pub fn key(&self) -> &str {
        match self {
            Self::Kiosk => "kiosk",
            Self::IdleSeconds => "idle_seconds",
            Self::WarningSeconds => "warning_seconds",
            Self::AttractSeconds => "attract_seconds",
            Self::RefreshMinutes => "refresh_minutes",
            Self::Signage => "signage",
            Self::Night => "night",
            Self::Device => "device",
            Self::Unknown(key) => key,
        }
    }

    fn from_key(key: &str) -> Self {
        match key {
            "idle_seconds" => Self::IdleSeconds,
            "warning_seconds" => Self::WarningSeconds,
            "attract_seconds" => Self::AttractSeconds,
            "refresh_minutes" => Self::RefreshMinutes,
            "signage" => Self::Signage,
            "night" => Self::Night,
            "device" => Self::Device,
            other => Self::Unknown(other.chars().take(UNKNOWN_KEY_MAX_CHARS).collect()),
        }
    }
}

/// What was wrong with a value. The bounds are carried so the message can
/// say them ("不能少于20秒").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KioskIssue {
    /// `kiosk` is not an object (e.g. `"kiosk": true`); every setting is
    /// its default.
    NotAnObject,
    /// A key this app does not know; it is ignored.
    UnknownKey,
    /// The same key twice; the first value is kept.
    Duplicate,
    /// A string where a number is expected, a number for `signage` …
    WrongType,
    /// A number with a fraction (`90.5`).
    NotWholeNumber,
    BelowMinimum(u32),
    AboveMaximum(u32),
    /// `night` not written `HH:MM-HH:MM` with real times.
    MalformedNight,
    /// `night` starting and ending at the same minute, which could mean
    /// never or always.
    EmptyNight,
    /// `device` longer than [`DEVICE_MAX_CHARS`] characters.
    TooLong(usize),
    /// `device` holding control or invisible formatting characters.
    NotPrintable,
}

/// One bad value in the `kiosk` object, as a code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KioskProblem {
    pub field: KioskField,
    pub issue: KioskIssue,
}

impl KioskProblem {
    fn new(field: KioskField, issue: KioskIssue) -> Self {
        Self { field, issue }
    }
}

impl KioskConfig {
    /// Whether every setting is its default and nothing was wrong.
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }

    /// Reads only the `kiosk` object out of a whole `config.json`: the kiosk
    /// shell's way in (`AppConfig` leaves the object alone, so the phone
    /// bundle carries no kiosk parser). Fails only on JSON that is not
    /// well-formed; every other key is skipped unread.
    pub fn from_config_json(text: &str) -> serde_json::Result<Self> {
        #[derive(Deserialize)]
        struct File {
            #[serde(default)]
            kiosk: KioskConfig,
        }
        serde_json::from_str::<File>(text).map(|file| file.kiosk)
    }
}

impl KioskIssue {
    /// A stable code for logs and tests (`below_minimum` …); the sentence a
    /// person reads comes from i18n.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotAnObject => "not_an_object",
            Self::UnknownKey => "unknown_key",
            Self::Duplicate => "duplicate",
            Self::WrongType => "wrong_type",
            Self::NotWholeNumber => "not_whole_number",
            Self::BelowMinimum(_) => "below_minimum",
            Self::AboveMaximum(_) => "above_maximum",
            Self::MalformedNight => "malformed_night",
            Self::EmptyNight => "empty_night",
            Self::TooLong(_) => "too_long",
            Self::NotPrintable => "not_printable",
        }
    }
}

/// Any JSON value, reduced to what a kiosk setting can be.
#[derive(Debug, PartialEq)]
enum Loose {
    Null,
    Bool(bool),
    /// An integer, saturated to `i64` (anything that large is out of range).
    Int(i64),
    Float(f64),
    Text(String),
    /// An array or an object, already skipped.
    Nested,
}

impl<'de> Deserialize<'de> for Loose {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LooseVisitor)
    }
}

struct LooseVisitor;

impl<'de> Visitor<'de> for LooseVisitor {
    type Value = Loose;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E>(self) -> Result<Loose, E> {
        Ok(Loose::Null)
    }
    fn visit_none<E>(self) -> Result<Loose, E> {
        Ok(Loose::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Loose, E> {
        Ok(Loose::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Loose, E> {
        Ok(Loose::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Loose, E> {
        Ok(Loose::Int(i64::try_from(v).unwrap_or(i64::MAX)))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Loose, E> {
        Ok(Loose::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Loose, E> {
        Ok(Loose::Text(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Loose, E> {
        Ok(Loose::Text(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Loose, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Loose::Nested)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Loose, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Loose::Nested)
    }
}

impl<'de> Deserialize<'de> for KioskConfig {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ConfigVisitor)
    }
}

struct ConfigVisitor;

impl ConfigVisitor {
    fn not_an_object(self) -> KioskConfig {
        KioskConfig {
            problems: vec![KioskProblem::new(
                KioskField::Kiosk,
                KioskIssue::NotAnObject,
            )],
            ..KioskConfig::default()
        }
    }
}

impl<'de> Visitor<'de> for ConfigVisitor {
    type Value = KioskConfig;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the kiosk settings")
    }

    /// `"kiosk": null` is the same as no `kiosk` object.
    fn visit_unit<E>(self) -> Result<KioskConfig, E> {
        Ok(KioskConfig::default())
    }
    fn visit_none<E>(self) -> Result<KioskConfig, E> {
        Ok(KioskConfig::default())
    }
    fn visit_bool<E>(self, _: bool) -> Result<KioskConfig, E> {
        Ok(self.not_an_object())
    }
    fn visit_i64<E>(self, _: i64) -> Result<KioskConfig, E> {
        Ok(self.not_an_object())
    }
    fn visit_u64<E>(self, _: u64) -> Result<KioskConfig, E> {
        Ok(self.not_an_object())
    }
    fn visit_f64<E>(self, _: f64) -> Result<KioskConfig, E> {
        Ok(self.not_an_object())
    }
    fn visit_str<E>(self, _: &str) -> Result<KioskConfig, E> {
        Ok(self.not_an_object())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<KioskConfig, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(self.not_an_object())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<KioskConfig, A::Error> {
        let mut config = KioskConfig::default();
        let mut seen: Vec<KioskField> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let field = KioskField::from_key(&key);
            if seen.contains(&field) {
                map.next_value::<IgnoredAny>()?;
                config
                    .problems
                    .push(KioskProblem::new(field, KioskIssue::Duplicate));
                continue;
            }
            seen.push(field.clone());
            let value = map.next_value::<Loose>()?;
            if let Err(issue) = config.apply(&field, value) {
                config.problems.push(KioskProblem::new(field, issue));
            }
        }
        Ok(config)
    }
}

impl KioskConfig {
    /// Sets one field from its value, or says what was wrong (the field then
    /// keeps its default).
    fn apply(&mut self, field: &KioskField, value: Loose) -> Result<(), KioskIssue> {
        match field {
            KioskField::IdleSeconds => self.idle_seconds = whole(value, IDLE_SECONDS)?,
            KioskField::WarningSeconds => self.warning_seconds = whole(value, WARNING_SECONDS)?,
            KioskField::AttractSeconds => self.attract_seconds = whole(value, ATTRACT_SECONDS)?,
            KioskField::RefreshMinutes => self.refresh_minutes = whole(value, REFRESH_MINUTES)?,
            KioskField::Signage => match value {
                Loose::Bool(b) => self.signage = b,
                Loose::Null => {}
                _ => return Err(KioskIssue::WrongType),
            },
            KioskField::Night => match value {
                Loose::Text(text) => self.night = Some(night(&text)?),
                Loose::Null => {}
                _ => return Err(KioskIssue::WrongType),
            },
            KioskField::Device => match value {
                Loose::Text(text) => self.device = device(&text)?,
                Loose::Null => {}
                _ => return Err(KioskIssue::WrongType),
            },
            KioskField::Unknown(_) => return Err(KioskIssue::UnknownKey),
            KioskField::Kiosk => {}
        }
        Ok(())
    }
}

/// A whole number within `bounds`; `null` is the default. `90.0` counts as
/// 90, since JSON does not tell the two apart; `"90"` is a string.
fn whole(value: Loose, bounds: Bounds) -> Result<u32, KioskIssue> {
    let n = match value {
        Loose::Null => return Ok(bounds.default),
        Loose::Int(n) => n,
        Loose::Float(f) if f.fract() != 0.0 || !f.is_finite() => {
            return Err(KioskIssue::NotWholeNumber)
        }
        // Saturates; anything beyond i64 is out of range either way.
        Loose::Float(f) => f as i64,
        _ => return Err(KioskIssue::WrongType),
    };
    if n < i64::from(bounds.min) {
        Err(KioskIssue::BelowMinimum(bounds.min))
    } else if n > i64::from(bounds.max) {
        Err(KioskIssue::AboveMaximum(bounds.max))
    } else {
        Ok(n as u32)
    }
}

fn night(text: &str) -> Result<NightWindow, KioskIssue> {
    use super::night::NightError;
    NightWindow::parse(text).map_err(|e| match e {
        NightError::Malformed => KioskIssue::MalformedNight,
        NightError::Empty => KioskIssue::EmptyNight,
    })
}

/// The device name: trimmed; blank means none.
fn device(text: &str) -> Result<Option<String>, KioskIssue> {
    let name = text.trim();
    if name
        .chars()
        .any(|c| c.is_control() || is_invisible_format(c))
    {
        return Err(KioskIssue::NotPrintable);
    }
    if name.chars().count() > DEVICE_MAX_CHARS {
        return Err(KioskIssue::TooLong(DEVICE_MAX_CHARS));
    }
    Ok((!name.is_empty()).then(|| name.to_owned()))
}

/// Writes the settings back as `config.json` holds them (the problems are
/// not written: what was wrong has already been replaced by defaults).
impl Serialize for KioskConfig {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let len = 5 + usize::from(self.night.is_some()) + usize::from(self.device.is_some());
        let mut s = serializer.serialize_struct("KioskConfig", len)?;
        s.serialize_field("idle_seconds", &self.idle_seconds)?;
        s.serialize_field("warning_seconds", &self.warning_seconds)?;
        s.serialize_field("attract_seconds", &self.attract_seconds)?;
        s.serialize_field("refresh_minutes", &self.refresh_minutes)?;
        s.serialize_field("signage", &self.signage)?;
        if let Some(night) = &self.night {
            s.serialize_field("night", &format_args!("{night}"))?;
        }
        if let Some(device) = &self.device {
            s.serialize_field("device", device)?;
        }
        s.end()
    }
}

#[cfg(test)]
mod tests {
    use super::KioskField as F;
    use super::KioskIssue as I;
    use super::*;

    fn read(json: &str) -> KioskConfig {
        serde_json::from_str::<KioskConfig>(json).unwrap_or_else(|e| panic!("{json}: {e}"))
    }

    fn problems(json: &str) -> Vec<(String, KioskIssue)> {
        read(json)
            .problems
            .into_iter()
            .map(|p| (p.field.key().to_owned(), p.issue))
            .collect()
    }

    #[test]
    fn defaults_are_the_issues_figures() {
        let d = KioskConfig::default();
        assert_eq!(d.idle_seconds, 90);
        assert_eq!(d.warning_seconds, 30);
        assert_eq!(d.attract_seconds, 12);
        assert_eq!(d.refresh_minutes, 15);
        assert!(!d.signage);
        assert_eq!(d.night, None);
        assert_eq!(d.device, None);
        assert!(d.problems.is_empty());
        assert!(d.is_default());
        for b in [
            IDLE_SECONDS,
            WARNING_SECONDS,
            ATTRACT_SECONDS,
            REFRESH_MINUTES,
        ] {
            assert!(b.min <= b.default && b.default <= b.max, "{b:?}");
        }
        // WCAG 2.2.1: at least 20 seconds to extend.
        assert_eq!(WARNING_SECONDS.min, 20);
    }

    #[test]
    fn a_full_good_object_is_read_as_written() {
        let c = read(
            r#"{"idle_seconds": 120, "warning_seconds": 20, "attract_seconds": 8,
                "refresh_minutes": 60, "signage": true, "night": "22:00-07:00",
                "device": "  青溪镇党群服务中心 1号屏 "}"#,
        );
        assert_eq!(c.idle_seconds, 120);
        assert_eq!(c.warning_seconds, 20);
        assert_eq!(c.attract_seconds, 8);
        assert_eq!(c.refresh_minutes, 60);
        assert!(c.signage);
        assert_eq!(c.night, Some(NightWindow::parse("22:00-07:00").unwrap()));
        assert_eq!(c.device.as_deref(), Some("青溪镇党群服务中心 1号屏"));
        assert!(c.problems.is_empty(), "{:?}", c.problems);
        assert!(!c.is_default());
    }

    #[test]
    fn an_empty_or_null_object_is_all_defaults_without_problems() {
        for json in [
            "{}",
            "null",
            r#"{"night": null, "device": null, "idle_seconds": null, "signage": null}"#,
        ] {
            assert_eq!(read(json), KioskConfig::default(), "{json}");
        }
    }

    #[test]
    fn numbers_at_their_bounds_are_taken_and_outside_them_refused() {
        let cases: [(&str, Bounds); 4] = [
            ("idle_seconds", IDLE_SECONDS),
            ("warning_seconds", WARNING_SECONDS),
            ("attract_seconds", ATTRACT_SECONDS),
            ("refresh_minutes", REFRESH_MINUTES),
        ];
        let get = |c: &KioskConfig, key: &str| match key {
            "idle_seconds" => c.idle_seconds,
            "warning_seconds" => c.warning_seconds,
            "attract_seconds" => c.attract_seconds,
            _ => c.refresh_minutes,
        };
        for (key, b) in cases {
            for good in [b.min, b.max, b.default] {
                let c = read(&format!(r#"{{"{key}": {good}}}"#));
                assert_eq!(get(&c, key), good, "{key}={good}");
                assert!(c.problems.is_empty(), "{key}={good}");
            }
            let cases = [
                (format!("{}", b.min - 1), I::BelowMinimum(b.min)),
                (format!("{}", b.max + 1), I::AboveMaximum(b.max)),
                ("-1".to_owned(), I::BelowMinimum(b.min)),
                ("18446744073709551615".to_owned(), I::AboveMaximum(b.max)),
                ("1e30".to_owned(), I::AboveMaximum(b.max)),
                (format!("{}.5", b.min), I::NotWholeNumber),
                (format!("\"{}\"", b.default), I::WrongType),
                ("true".to_owned(), I::WrongType),
                ("[60]".to_owned(), I::WrongType),
                (r#"{"seconds": 60}"#.to_owned(), I::WrongType),
            ];
            for (value, issue) in cases {
                let json = format!(r#"{{"{key}": {value}}}"#);
                let c = read(&json);
                assert_eq!(get(&c, key), b.default, "{json}");
                assert_eq!(problems(&json), vec![(key.to_owned(), issue)], "{json}");
            }
            // A whole number written with a fraction part is that number.
            let c = read(&format!(r#"{{"{key}": {}.0}}"#, b.max));
            assert_eq!((get(&c, key), c.problems.len()), (b.max, 0), "{key}");
        }
    }

    #[test]
    fn the_warning_is_never_under_twenty_seconds() {
        for short in [0, 1, 10, 19] {
            let c = read(&format!(r#"{{"warning_seconds": {short}}}"#));
            assert_eq!(c.warning_seconds, 30);
            assert_eq!(
                c.problems,
                vec![KioskProblem::new(F::WarningSeconds, I::BelowMinimum(20))]
            );
        }
    }

    #[test]
    fn signage_must_be_a_boolean() {
        assert!(read(r#"{"signage": true}"#).signage);
        assert!(!read(r#"{"signage": false}"#).signage);
        for bad in [r#""true""#, "1", "0", r#""yes""#, "[]"] {
            let json = format!(r#"{{"signage": {bad}}}"#);
            let c = read(&json);
            assert!(!c.signage, "{json}");
            assert_eq!(
                problems(&json),
                vec![("signage".into(), I::WrongType)],
                "{json}"
            );
        }
    }

    #[test]
    fn a_bad_night_is_no_night_with_its_reason() {
        let cases = [
            (r#""22:00""#, I::MalformedNight),
            (r#""22:00-7:00""#, I::MalformedNight),
            (r#""25:00-07:00""#, I::MalformedNight),
            (r#""07:00-07:00""#, I::EmptyNight),
            ("2200", I::WrongType),
            (r#"["22:00", "07:00"]"#, I::WrongType),
        ];
        for (value, issue) in cases {
            let json = format!(r#"{{"night": {value}, "idle_seconds": 60}}"#);
            let c = read(&json);
            assert_eq!(c.night, None, "{json}");
            assert_eq!(c.idle_seconds, 60, "{json}: the other fields still count");
            assert_eq!(problems(&json), vec![("night".into(), issue)], "{json}");
        }
    }

    #[test]
    fn the_device_name_is_trimmed_capped_and_printable() {
        let name = |json: &str| read(json).device;
        assert_eq!(
            name(r#"{"device": " 一楼大厅 "}"#).as_deref(),
            Some("一楼大厅")
        );
        assert_eq!(name(r#"{"device": "   "}"#), None);
        assert_eq!(name(r#"{"device": ""}"#), None);
        let longest = "屏".repeat(DEVICE_MAX_CHARS);
        assert_eq!(
            name(&format!(r#"{{"device": "{longest}"}}"#)),
            Some(longest.clone())
        );
        // Trimmed first, then counted.
        assert_eq!(
            name(&format!(r#"{{"device": "  {longest}  "}}"#)),
            Some(longest.clone())
        );
        let cases = [
            (format!("\"{longest}x\""), I::TooLong(DEVICE_MAX_CHARS)),
            (
                format!("\"{}\"", "a".repeat(20_000)),
                I::TooLong(DEVICE_MAX_CHARS),
            ),
            (r#""大厅\u0007""#.to_owned(), I::NotPrintable),
            (r#""一楼\n大厅""#.to_owned(), I::NotPrintable),
            (r#""\u202e屏幕""#.to_owned(), I::NotPrintable),
            (r#""屏\u200b幕""#.to_owned(), I::NotPrintable),
            ("7".to_owned(), I::WrongType),
            ("false".to_owned(), I::WrongType),
        ];
        for (value, issue) in cases {
            let json = format!(r#"{{"device": {value}}}"#);
            assert_eq!(name(&json), None, "{json}");
            assert_eq!(problems(&json), vec![("device".into(), issue)], "{json}");
        }
    }

    #[test]
    fn a_kiosk_value_that_is_no_object_is_all_defaults() {
        for json in [
            "true",
            "90",
            "-3",
            "1.5",
            r#""22:00-07:00""#,
            "[1, {\"a\": [2]}]",
        ] {
            let c = read(json);
            assert_eq!(
                c,
                KioskConfig {
                    problems: vec![KioskProblem::new(F::Kiosk, I::NotAnObject)],
                    ..KioskConfig::default()
                },
                "{json}"
            );
        }
    }

    #[test]
    fn unknown_and_repeated_keys_are_reported_and_ignored() {
        let json = r#"{"idle_second": 60, "idle_seconds": 100, "idle_seconds": 200,
                       "extra": {"nested": [1, 2, {"x": null}]}}"#;
        let c = read(json);
        assert_eq!(c.idle_seconds, 100, "the first value is kept");
        assert_eq!(
            problems(json),
            vec![
                ("idle_second".into(), I::UnknownKey),
                ("idle_seconds".into(), I::Duplicate),
                ("extra".into(), I::UnknownKey),
            ]
        );
        let long = "k".repeat(500);
        let c = read(&format!(r#"{{"{long}": 1}}"#));
        assert_eq!(
            c.problems[0].field,
            F::Unknown("k".repeat(UNKNOWN_KEY_MAX_CHARS))
        );
    }

    #[test]
    fn every_bad_field_is_reported_and_the_good_ones_kept() {
        let json = r#"{"idle_seconds": "ninety", "warning_seconds": 5, "attract_seconds": 20,
                       "refresh_minutes": 0, "signage": "no", "night": "22-07",
                       "device": "大厅"}"#;
        let c = read(json);
        assert_eq!(
            (
                c.idle_seconds,
                c.warning_seconds,
                c.attract_seconds,
                c.refresh_minutes
            ),
            (90, 30, 20, 15)
        );
        assert_eq!(c.device.as_deref(), Some("大厅"));
        assert_eq!(
            problems(json),
            vec![
                ("idle_seconds".into(), I::WrongType),
                ("warning_seconds".into(), I::BelowMinimum(20)),
                ("refresh_minutes".into(), I::BelowMinimum(1)),
                ("signage".into(), I::WrongType),
                ("night".into(), I::MalformedNight),
            ]
        );
    }

    #[test]
    fn malformed_json_is_still_an_error() {
        for json in [
            "{",
            r#"{"idle_seconds": }"#,
            r#"{"night": "22:00-07:00""#,
            "",
        ] {
            assert!(serde_json::from_str::<KioskConfig>(json).is_err(), "{json}");
            let file = format!(r#"{{"api_base": "demo", "kiosk": {json}"#);
            assert!(KioskConfig::from_config_json(&file).is_err(), "{file}");
        }
    }

    #[test]
    fn written_settings_read_back_the_same() {
        let c = read(
            r#"{"idle_seconds": 45, "signage": true, "night": "23:30-06:15", "device": "二楼"}"#,
        );
        let text = serde_json::to_string(&c).unwrap();
        assert_eq!(read(&text), c);
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["night"], "23:30-06:15");
        assert_eq!(value["idle_seconds"], 45);
        let plain = serde_json::to_value(KioskConfig::default()).unwrap();
        assert!(plain.get("night").is_none() && plain.get("device").is_none());
        assert_eq!(read(&plain.to_string()), KioskConfig::default());
    }

    #[test]
    fn bad_kiosk_values_never_fail_config_json() {
        use crate::api::AppConfig;
        for kiosk in [
            "null",
            "7",
            r#""on""#,
            "[]",
            r#"{"idle_seconds": "x", "warning_seconds": 1, "night": "late",
                "device": 5, "signage": "yes", "refresh_minutes": -4, "typo": []}"#,
        ] {
            let json = format!(r#"{{"api_base": "demo", "kiosk": {kiosk}, "title": "青溪"}}"#);
            // The phone site reads the rest of the file as if it were not there…
            let app: AppConfig =
                serde_json::from_str(&json).unwrap_or_else(|e| panic!("{json}: {e}"));
            assert_eq!(app.api_base, "demo");
            assert_eq!(app.title.as_deref(), Some("青溪"), "{json}");
            // … and the kiosk gets its defaults, with what was wrong.
            let c = KioskConfig::from_config_json(&json).unwrap();
            let KioskConfig { problems, .. } = c.clone();
            assert_eq!(
                KioskConfig {
                    problems,
                    ..KioskConfig::default()
                },
                c,
                "{json}"
            );
        }
        let c = KioskConfig::from_config_json(
            r#"{"api_base": "api/", "kiosk": {"signage": true, "night": "22:00-07:00"}}"#,
        )
        .unwrap();
        assert!(c.signage && c.problems.is_empty());
    }

    #[test]
    fn the_kiosk_object_alone_out_of_a_whole_config_json() {
        let c = KioskConfig::from_config_json(
            r#"{"api_base": "demo", "title": {"odd": [1]}, "kiosk": {"idle_seconds": 60,
                "warning_seconds": "30"}, "later": null}"#,
        )
        .unwrap();
        assert_eq!((c.idle_seconds, c.warning_seconds), (60, 30));
        assert_eq!(
            c.problems,
            vec![KioskProblem::new(F::WarningSeconds, I::WrongType)]
        );
        assert_eq!(
            KioskConfig::from_config_json(r#"{"api_base": "demo"}"#).unwrap(),
            KioskConfig::default()
        );
        assert_eq!(
            KioskConfig::from_config_json(r#"{"kiosk": false}"#)
                .unwrap()
                .problems,
            vec![KioskProblem::new(F::Kiosk, I::NotAnObject)]
        );
        assert!(KioskConfig::from_config_json("7").is_err());
    }

    #[test]
    fn issue_codes_are_distinct() {
        let issues = [
            I::NotAnObject,
            I::UnknownKey,
            I::Duplicate,
            I::WrongType,
            I::NotWholeNumber,
            I::BelowMinimum(1),
            I::AboveMaximum(1),
            I::MalformedNight,
            I::EmptyNight,
            I::TooLong(1),
            I::NotPrintable,
        ];
        let codes: std::collections::HashSet<_> = issues.iter().map(|i| i.as_str()).collect();
        assert_eq!(codes.len(), issues.len());
        assert!(codes
            .iter()
            .all(|c| c.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')));
    }

    #[test]
    fn field_keys_read_back_as_their_field() {
        for f in [
            F::IdleSeconds,
            F::WarningSeconds,
            F::AttractSeconds,
            F::RefreshMinutes,
            F::Signage,
            F::Night,
            F::Device,
        ] {
            assert_eq!(F::from_key(f.key()), f);
        }
        assert_eq!(F::from_key("kiosk"), F::Unknown("kiosk".into()));
    }
}
