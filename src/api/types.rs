//! The JSON contract (`/v1`), as plain serde types. See `openapi.yaml` and
//! `docs/api.md`. Unknown fields are ignored and every optional field has a
//! default, so an older or richer backend never breaks a page.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use time::{Date, OffsetDateTime};

/// Reads `null` as the field's default, as if the field were absent: the
/// contract's rule for every optional field (docs/api.md, Principles). For
/// each `#[serde(default)]` field that is not an `Option` (which reads
/// `null` as `None` by itself): `#[serde(default, deserialize_with =
/// "null_as_default")]`.
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// An entry of a list page that could not be read, and so was skipped: its
/// position in the page's list (from 0) and why, as serde put it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkippedEntry {
    pub index: usize,
    pub error: String,
}

/// A list of a page read entry by entry: one entry that cannot be read is
/// skipped and noted, and the others are kept, so one bad entry never
/// blanks a page. The list itself must still be an array of JSON values.
///
/// Each entry is first taken as raw JSON text and then parsed on its own
/// with `serde_json::from_str`, the same parser (and so the same compiled
/// code) that reads a whole document.
pub(crate) struct Lenient<T> {
    pub kept: Vec<T>,
    pub skipped: Vec<SkippedEntry>,
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries<T>(std::marker::PhantomData<T>);

        impl<'de, T: DeserializeOwned> serde::de::Visitor<'de> for Entries<T> {
            type Value = Lenient<T>;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an array")
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Lenient<T>, A::Error> {
                let mut list = Lenient {
                    kept: Vec::new(),
                    skipped: Vec::new(),
                };
                let mut index = 0;
                while let Some(raw) = seq.next_element::<Box<serde_json::value::RawValue>>()? {
                    match serde_json::from_str(raw.get()) {
                        Ok(entry) => list.kept.push(entry),
                        Err(e) => list.skipped.push(SkippedEntry {
                            index,
                            error: e.to_string(),
                        }),
                    }
                    index += 1;
                }
                Ok(list)
            }
        }

        deserializer.deserialize_seq(Entries(std::marker::PhantomData))
    }
}

/// `YYYY-MM-DD` (RFC 3339 full-date), shared by every contract type with a
/// date. Written out rather than made with `time::serde::format_description!`,
/// whose general format parser costs the browser bundle about 14 KB.
pub(crate) mod iso_date {
    use serde::de::Error;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use time::{Date, Month};

    /// A date written exactly `YYYY-MM-DD`, and a real one.
    pub fn parse(s: &str) -> Option<Date> {
        let bytes = s.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let number = |from: usize, to: usize| {
            bytes[from..to].iter().try_fold(0u16, |n, &b| {
                b.is_ascii_digit().then(|| n * 10 + u16::from(b - b'0'))
            })
        };
        let month = Month::try_from(number(5, 7)? as u8).ok()?;
        Date::from_calendar_date(i32::from(number(0, 4)?), month, number(8, 10)? as u8).ok()
    }

    pub fn serialize<S: Serializer>(date: &Date, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&format_args!(
            "{:04}-{:02}-{:02}",
            date.year(),
            u8::from(date.month()),
            date.day()
        ))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse(&text).ok_or_else(|| D::Error::custom("a date must be written YYYY-MM-DD"))
    }

    pub mod option {
        use super::*;

        struct Written(Date);

        impl Serialize for Written {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                super::serialize(&self.0, serializer)
            }
        }

        pub fn serialize<S: Serializer>(
            date: &Option<Date>,
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            match date {
                Some(date) => serializer.serialize_some(&Written(*date)),
                None => serializer.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(
            deserializer: D,
        ) -> Result<Option<Date>, D::Error> {
            Option::<String>::deserialize(deserializer)?
                .map(|text| {
                    parse(&text)
                        .ok_or_else(|| D::Error::custom("a date must be written YYYY-MM-DD"))
                })
                .transpose()
        }
    }
}

/// `public/config.json`: read at start-up, so one build can serve any backend.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
pub struct AppConfig {
    /// Where the backend lives, absolute or relative to the app's base URL.
    /// The contract's paths (`v1/site.json` …) are appended to it.
    pub api_base: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub default_org: Option<String>,
    /// Origins besides the backend's and the app's from which pictures in
    /// bodies are loaded (`https://www.example.gov.cn`); any other picture
    /// is shown as a link to it (`domain::sanitize::hold_remote_images`).
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub image_origins: Vec<String>,
    /// The built-in theme: `party-red` (党建红, the default) or `gov-blue`
    /// (政务蓝); see `domain::theme`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    /// The site's own colours over it (`#rrggbb`), refused as a whole
    /// below WCAG AA.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "ThemeColors::is_empty"
    )]
    pub theme_colors: ThemeColors,
    // The `kiosk` object is not read here: the phone site ignores it, and
    // the kiosk shell reads it with `KioskConfig::from_config_json`, so the
    // phone bundle carries no kiosk parser.
}

/// `config.json` `theme_colors`: a field each (a map's reader would cost
/// the bundle kilobytes); a name not listed here is not read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct ThemeColors {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub muted: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bg: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub surface: Option<String>,
}

impl ThemeColors {
    pub fn is_empty(&self) -> bool {
        self.pairs().is_empty()
    }

    /// The colours set, as (name, value), in `domain::theme::COLOR_NAMES`' order.
    pub fn pairs(&self) -> Vec<(&'static str, &str)> {
        [
            ("accent", &self.accent),
            ("link", &self.link),
            ("text", &self.text),
            ("muted", &self.muted),
            ("bg", &self.bg),
            ("surface", &self.surface),
        ]
        .into_iter()
        .filter_map(|(k, v)| Some((k, v.as_deref()?)))
        .collect()
    }
}

/// `GET v1/site.json`
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct Site {
    pub title: String,
    #[serde(default)]
    pub subtitle: Option<String>,
    /// Id of the root organisation of the tree.
    pub root_org: String,
    #[serde(default)]
    pub hotline: Option<String>,
    /// 监督员 and other contacts for the whole site.
    #[serde(default, deserialize_with = "null_as_default")]
    pub contacts: Vec<Contact>,
    /// The disclosure catalogue (公开目录), in display order.
    #[serde(default, deserialize_with = "null_as_default")]
    pub catalogue: Vec<Category>,
    /// BCP 47 tags the site's content is offered in, first is the default.
    #[serde(default, deserialize_with = "null_as_default")]
    pub languages: Vec<String>,
    /// Present when the backend takes feedback (意见箱): the write side of
    /// the contract. A folder of static files has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback: Option<crate::api::FeedbackService>,
    /// Present when the backend takes kiosk heartbeats (触摸屏心跳). A folder
    /// of static files has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kiosk_heartbeat: Option<crate::api::KioskHeartbeatService>,
    /// Present when the backend can search and count its items without the
    /// client reading every page: a server's query endpoint, or a static
    /// search index written by `gongkai-index`. See docs/api.md, "Search".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search: Option<SearchService>,
}

/// `site.json`'s `search`: where and how a backend searches its items.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct SearchService {
    #[serde(rename = "type")]
    pub kind: SearchKind,
    /// Relative to the API base: the query endpoint (`v1/search.json`) or
    /// the index's manifest (`v1/search/index.json`).
    pub path: String,
}

/// The two ways a backend searches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SearchKind {
    /// A server answers `GET {path}?q=…&org=…&offset=…&limit=…` with a
    /// counted page of matching entries ([`SearchPage`]).
    Query,
    /// Static files: a manifest and chunks that a query loads only the
    /// needed parts of.
    Index,
    /// A kind this version of the app does not know: ignored, the client
    /// reads the lists as before.
    #[serde(other)]
    Unknown,
}

/// One page of a search or filtered list, with the count of all that match:
/// the answer of a [`SearchKind::Query`] endpoint.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct SearchPage {
    /// How many items match in all.
    pub total: u64,
    /// The position of this page's first entry among them.
    #[serde(default, deserialize_with = "null_as_default")]
    pub offset: u64,
    /// Newest first; entries may leave out `body_html`.
    pub items: Vec<Item>,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct Category {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Minimum length of a publicity period in working days, where a rule sets
    /// one (任前公示: 5).
    #[serde(default)]
    pub min_publicity_working_days: Option<u32>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
pub struct Contact {
    pub name: String,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub hours: Option<String>,
}

/// `GET v1/orgs.json`: every organisation, the tree given by `parent`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(from = "OrgListFields")]
pub struct OrgList {
    pub organisations: Vec<Organisation>,
    /// The entries of `organisations` that could not be read, left out.
    #[serde(skip)]
    pub skipped: Vec<SkippedEntry>,
}

#[derive(Deserialize)]
struct OrgListFields {
    organisations: Lenient<Organisation>,
}

impl From<OrgListFields> for OrgList {
    fn from(f: OrgListFields) -> Self {
        OrgList {
            organisations: f.organisations.kept,
            skipped: f.organisations.skipped,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct Organisation {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub short_name: Option<String>,
    pub kind: OrgKind,
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub contacts: Vec<Contact>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    /// 党委
    Committee,
    /// 党总支
    GeneralBranch,
    /// 党支部
    Branch,
    /// 党组
    LeadingGroup,
    #[serde(other)]
    Other,
}

/// One page of items: `GET v1/items.json` (all organisations) or
/// `GET v1/orgs/{org}/items.json`. `next`, when present, is the URL of the
/// following page, absolute or relative to this page's URL.
///
/// An entry of `items` that cannot be read (a field of the wrong type, a
/// bad date …) is left out and noted in `skipped`, so one bad entry never
/// blanks a page; a page that is not an object, or without an `items`
/// array, is still an error.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(from = "ItemPageFields")]
pub struct ItemPage {
    pub items: Vec<Item>,
    pub next: Option<String>,
    /// How many items the whole list holds, over all its pages, where the
    /// backend knows: the client can then say "共 N 条" from the first page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
    /// The entries of `items` that could not be read, left out.
    #[serde(skip)]
    pub skipped: Vec<SkippedEntry>,
}

#[derive(Deserialize)]
struct ItemPageFields {
    items: Lenient<Item>,
    #[serde(default)]
    next: Option<String>,
    #[serde(default)]
    total: Option<u64>,
}

impl From<ItemPageFields> for ItemPage {
    fn from(f: ItemPageFields) -> Self {
        ItemPage {
            items: f.items.kept,
            next: f.next,
            total: f.total,
            skipped: f.items.skipped,
        }
    }
}

/// A disclosure item. `GET v1/items/{id}.json` gives one in full.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct Item {
    pub id: String,
    pub org: String,
    pub category: String,
    pub title: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub summary: String,
    /// Rich text as HTML from the backend; always sanitised before display.
    #[serde(default, deserialize_with = "null_as_default")]
    pub body_html: String,
    pub kind: ItemKind,
    #[serde(default, deserialize_with = "null_as_default")]
    pub audience: Audience,
    #[serde(with = "time::serde::rfc3339")]
    pub published_at: OffsetDateTime,
    #[serde(default)]
    pub publicity: Option<Publicity>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub attachments: Vec<Attachment>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub revisions: Vec<Revision>,
    /// Id of the item that replaces this one.
    #[serde(default)]
    pub superseded_by: Option<String>,
    /// Set by a backend that takes objections (异议): the publicity period
    /// has ended while an objection to it is still being checked (公示期内收到
    /// 异议，正在核查). No personal data; absent (false) otherwise.
    #[serde(
        default,
        skip_serializing_if = "is_false",
        deserialize_with = "null_as_default"
    )]
    pub objections_under_review: bool,
}

fn is_false(b: &bool) -> bool {
    !b
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(tag = "type", rename_all = "snake_case", try_from = "KindFields")]
pub enum ItemKind {
    /// 定期公开: monthly, quarterly or half-yearly, for the period it covers.
    Regular {
        period: RegularPeriod,
        /// The period covered, e.g. `2026-Q3`, `2026-10`, `2026-H2`.
        #[serde(default)]
        covers: Option<String>,
    },
    /// 阶段性公开: progress by stage.
    Staged {
        #[serde(default, deserialize_with = "null_as_default")]
        stages: Vec<Stage>,
    },
    /// 即时公开 / ad hoc.
    AdHoc,
}

/// `kind` as it arrives: read as one flat object and then checked, because
/// serde's internally tagged enums buffer the whole object first, which costs
/// the browser bundle several kilobytes.
#[derive(Deserialize)]
struct KindFields {
    #[serde(rename = "type")]
    tag: KindTag,
    #[serde(default)]
    period: Option<RegularPeriod>,
    #[serde(default)]
    covers: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    stages: Vec<Stage>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum KindTag {
    Regular,
    Staged,
    AdHoc,
}

impl TryFrom<KindFields> for ItemKind {
    type Error = &'static str;

    fn try_from(f: KindFields) -> Result<Self, Self::Error> {
        Ok(match f.tag {
            KindTag::Regular => ItemKind::Regular {
                period: f.period.ok_or("missing field `period` of a regular item")?,
                covers: f.covers,
            },
            KindTag::Staged => ItemKind::Staged { stages: f.stages },
            KindTag::AdHoc => ItemKind::AdHoc,
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RegularPeriod {
    Month,
    Quarter,
    HalfYear,
    Year,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct Stage {
    pub name: String,
    pub state: StageState,
    #[serde(default, with = "iso_date::option")]
    pub date: Option<Date>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StageState {
    Done,
    Current,
    Pending,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    #[default]
    Public,
    /// 党内公开: never shown by this app.
    PartyInternal,
    /// Anything this app does not know is treated as not public.
    #[serde(other)]
    Restricted,
}

/// A publicity period (公示期). `end` is the moment it closes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct Publicity {
    #[serde(with = "time::serde::rfc3339")]
    pub start: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub end: OffsetDateTime,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct Attachment {
    pub name: String,
    /// Media type, e.g. `application/pdf`.
    #[serde(default)]
    pub media_type: Option<String>,
    /// Size in bytes.
    #[serde(default)]
    pub size: Option<u64>,
    pub url: String,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct Revision {
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub note: String,
}

/// `GET v1/calendar/{year}.json`: the official working-day calendar.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct CalendarYear {
    pub year: i32,
    /// Days off that would otherwise be working days (法定节假日).
    #[serde(default, deserialize_with = "null_as_default")]
    pub holidays: Vec<CalendarDay>,
    /// Weekend days that are working days (调休上班).
    #[serde(default, deserialize_with = "null_as_default")]
    pub workdays: Vec<CalendarDay>,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct CalendarDay {
    #[serde(with = "iso_date")]
    pub date: Date,
    #[serde(default)]
    pub name: Option<String>,
}

impl Item {
    pub fn is_public(&self) -> bool {
        self.audience == Audience::Public
    }
}

/// The longest id of an organisation or an item, in characters (`Id` in
/// `openapi.yaml`: `maxLength`).
pub const ID_MAX_LEN: usize = 128;

/// Whether `id` is an `Id` of the contract: 1 to [`ID_MAX_LEN`] ASCII
/// letters, digits, `-` and `_`, starting with a letter or digit
/// (`^[A-Za-z0-9][A-Za-z0-9_-]*$`). Ids go verbatim into URLs and file
/// names, so one that passes can never hold `/`, `.`, `%` or a space: check
/// before using an id from outside anywhere.
pub fn is_valid_id(id: &str) -> bool {
    let bytes = id.as_bytes();
    (1..=ID_MAX_LEN).contains(&bytes.len())
        && bytes[0].is_ascii_alphanumeric()
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_')
}

#[cfg(test)]
mod tests {
    use super::{is_valid_id, iso_date, ID_MAX_LEN};
    use time::macros::date;

    #[test]
    fn ids_follow_the_contract() {
        for good in [
            "a",
            "7",
            "cadre-preappoint-zhou",
            "qingxi_village",
            "A-1_b",
            "x-",
        ] {
            assert!(is_valid_id(good), "{good}");
        }
        assert!(is_valid_id(&"a".repeat(ID_MAX_LEN)));
        for bad in [
            "",
            "-a",
            "_a",
            "a.b",
            "..",
            "../../../outside/evil",
            "/etc/passwd",
            "a/b",
            "a\\b",
            "x y",
            "<b>",
            "a%2Fb",
            "点",
            "ａ",
            "a\n",
            "a\0",
        ] {
            assert!(!is_valid_id(bad), "{bad:?}");
        }
        assert!(!is_valid_id(&"a".repeat(ID_MAX_LEN + 1)));
    }

    #[test]
    fn iso_dates_are_read_strictly() {
        assert_eq!(iso_date::parse("2026-11-22"), Some(date!(2026 - 11 - 22)));
        assert_eq!(iso_date::parse("2028-02-29"), Some(date!(2028 - 02 - 29)));
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-11-1",
            "2026/11/22",
            "+2026-11-2",
            "2026-11-22T00:00:00Z",
            "２０２６-11-22",
            "",
        ] {
            assert_eq!(iso_date::parse(bad), None, "{bad}");
        }
        let day: super::CalendarDay =
            serde_json::from_str(r#"{"date": "2026-01-05", "name": "元旦"}"#).unwrap();
        assert_eq!(day.date, date!(2026 - 01 - 05));
        assert_eq!(serde_json::to_value(&day).unwrap()["date"], "2026-01-05");
        assert!(serde_json::from_str::<super::CalendarDay>(r#"{"date": "2026-1-5"}"#).is_err());
        let stage = |json| serde_json::from_str::<super::Stage>(json).map(|s| s.date);
        let named = r#"{"name": "s", "state": "done", "date": "2026-03-01"}"#;
        assert_eq!(stage(named).unwrap(), Some(date!(2026 - 03 - 01)));
        let stage_json = serde_json::to_value(super::Stage {
            date: Some(date!(2026 - 03 - 01)),
            ..serde_json::from_str(named).unwrap()
        })
        .unwrap();
        assert_eq!(stage_json["date"], "2026-03-01");
        assert_eq!(stage(r#"{"name": "s", "state": "done"}"#).unwrap(), None);
        assert_eq!(
            stage(r#"{"name": "s", "state": "done", "date": null}"#).unwrap(),
            None
        );
        assert!(stage(r#"{"name": "s", "state": "done", "date": "03/01"}"#).is_err());
    }

    fn entry(id: &str) -> serde_json::Value {
        serde_json::json!({
            "id": id, "org": "o", "category": "dues", "title": "标题",
            "kind": { "type": "ad_hoc" }, "published_at": "2026-11-20T09:00:00+08:00"
        })
    }

    #[test]
    fn null_reads_as_absent_in_a_list_entry() {
        let mut item = entry("a");
        for key in [
            "summary",
            "body_html",
            "audience",
            "attachments",
            "revisions",
            "objections_under_review",
            "publicity",
            "superseded_by",
        ] {
            item[key] = serde_json::Value::Null;
        }
        let page: super::ItemPage =
            serde_json::from_value(serde_json::json!({ "items": [item], "next": null })).unwrap();
        assert!(page.skipped.is_empty(), "{:?}", page.skipped);
        let read = &page.items[0];
        assert_eq!(
            read,
            &serde_json::from_value::<super::Item>(entry("a")).unwrap()
        );
        assert!(read.is_public());
    }

    #[test]
    fn an_unreadable_entry_is_skipped_and_counted_and_the_rest_kept() {
        let mut bad_date = entry("b");
        bad_date["published_at"] = "2026-11-20".into();
        let text = serde_json::json!({
            "items": [entry("a"), bad_date, 7, entry("c"), { "id": "no-title" }],
            "next": "pages/2.json",
            "total": 40
        })
        .to_string();
        let page: super::ItemPage = serde_json::from_str(&text).unwrap();
        let ids: Vec<&str> = page.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["a", "c"]);
        assert_eq!(page.next.as_deref(), Some("pages/2.json"));
        assert_eq!(page.total, Some(40));
        let skipped: Vec<usize> = page.skipped.iter().map(|s| s.index).collect();
        assert_eq!(skipped, [1, 2, 4]);
        assert!(
            page.skipped[2].error.contains("missing field"),
            "{:?}",
            page.skipped[2]
        );
        // Read from a parsed document too (as the conformance checker does).
        let from_value: super::ItemPage =
            serde_json::from_value(serde_json::from_str(&text).unwrap()).unwrap();
        assert_eq!(from_value, page);
        // What is written back has no trace of what was skipped.
        let written = serde_json::to_value(&page).unwrap();
        assert_eq!(written["items"].as_array().unwrap().len(), 2);
        assert!(written.get("skipped").is_none());
    }

    #[test]
    fn a_page_that_is_not_a_page_is_still_an_error() {
        for bad in [
            "[]",
            "null",
            "{}",
            r#"{"items": null}"#,
            r#"{"items": {"0": {}}}"#,
            r#"{"items": "x"}"#,
            r#"{"items": [1, }"#,
        ] {
            assert!(
                serde_json::from_str::<super::ItemPage>(bad).is_err(),
                "{bad}"
            );
        }
        let empty: super::ItemPage = serde_json::from_str(r#"{"items": []}"#).unwrap();
        assert!(empty.items.is_empty() && empty.skipped.is_empty());
    }

    #[test]
    fn unreadable_replies_and_organisations_are_skipped_too() {
        let replies: crate::api::ReplyPage =
            serde_json::from_str(r#"{"replies": [{"id": "r"}, null], "next": null}"#).unwrap();
        assert!(replies.replies.is_empty());
        assert_eq!(replies.skipped.len(), 2);
        let orgs: super::OrgList = serde_json::from_str(
            r#"{"organisations": [{"id": "a", "name": "甲", "kind": "branch", "contacts": null},
                                  {"id": "b", "name": null, "kind": "branch"}]}"#,
        )
        .unwrap();
        assert_eq!(orgs.organisations.len(), 1);
        assert!(orgs.organisations[0].contacts.is_empty());
        assert_eq!(orgs.skipped.len(), 1);
        assert_eq!(orgs.skipped[0].index, 1);
    }
}
