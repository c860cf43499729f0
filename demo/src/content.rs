//! The hand-written part of the demo: site, organisations and the ad hoc
//! and staged items of `content.json`, with dates written relative to today.

use gongkai::api::{
    Attachment, Audience, Item, ItemKind, Organisation, Publicity, RegularPeriod, Revision, Site,
    Stage, StageState,
};
use gongkai::domain::calendar::WorkCalendar;
use gongkai::domain::clock::CHINA_OFFSET;
use serde::Deserialize;
use time::{Date, Duration, OffsetDateTime, Time};

use crate::files::{FileKind, Files};
use gongkai::domain::calendar::cn_date;

use crate::WorkingDays;

const CONTENT: &str = include_str!("content.json");

#[derive(Clone, Debug, Deserialize)]
pub struct Content {
    pub site: Site,
    pub organisations: Vec<Organisation>,
    /// Branches that report their dues quarterly.
    pub dues: Vec<DuesSpec>,
    /// Who reports village finances, and how often.
    pub finance: Vec<FinanceSpec>,
    items: Vec<ItemSpec>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct DuesSpec {
    pub org: String,
    /// Party members who pay dues.
    pub members: u32,
    /// Average monthly dues per member, in fen.
    pub average_fen: u64,
    /// How many past quarters to publish.
    pub quarters: u32,
}

#[derive(Clone, Debug, Deserialize)]
pub struct FinanceSpec {
    pub org: String,
    pub period: RegularPeriod,
    /// How many past periods to publish.
    pub count: u32,
}

/// One item as written in `content.json`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemSpec {
    id: String,
    org: String,
    category: String,
    title: String,
    #[serde(default)]
    summary: String,
    /// Lines of HTML, joined with newlines.
    body: Vec<String>,
    kind: KindSpec,
    /// Publication day relative to today (calendar days); defaults to the
    /// first day of the publicity period, or the last working day before
    /// today for a preview (预告).
    #[serde(default)]
    published: Option<i64>,
    /// Time of day of publication, `HH:MM`.
    #[serde(default = "default_time")]
    time: String,
    #[serde(default)]
    publicity: Option<PublicitySpec>,
    #[serde(default)]
    attachments: Vec<AttachmentSpec>,
    #[serde(default)]
    revisions: Vec<RevisionSpec>,
    #[serde(default)]
    superseded_by: Option<String>,
    /// An ended 公示 whose objections staff are still checking, as a static
    /// backend states it by hand (the reference server works it out from
    /// its cases instead).
    #[serde(default)]
    objections_under_review: bool,
}

fn default_time() -> String {
    "09:00".into()
}

#[derive(Clone, Debug, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
enum KindSpec {
    AdHoc,
    Staged { stages: Vec<StageSpec> },
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StageSpec {
    name: String,
    state: StageState,
    /// Calendar days relative to today.
    day: i64,
    #[serde(default)]
    note: Option<String>,
}

/// A publicity period of `wd` working days, anchored either by its first day
/// (`start_wd` working days from today) or by its last day (`end_days`
/// calendar days from today).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PublicitySpec {
    wd: u32,
    #[serde(default)]
    start_wd: Option<i32>,
    #[serde(default)]
    end_days: Option<i64>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AttachmentSpec {
    name: String,
    /// Path under the backend's base URL, e.g. `files/guide.pdf`.
    file: String,
    kind: FileKind,
    /// Text of the file: lines (PDF, TXT) or comma-separated rows (CSV).
    lines: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RevisionSpec {
    /// Calendar days after publication.
    after_days: i64,
    #[serde(default = "default_revision_time")]
    time: String,
    note: String,
}

fn default_revision_time() -> String {
    "15:30".into()
}

impl Content {
    pub fn load() -> Result<Self, String> {
        serde_json::from_str(CONTENT).map_err(|e| format!("content.json: {e}"))
    }

    pub fn org_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.organisations
            .iter()
            .find(|o| o.id == id)
            .map(|o| o.short_name.as_deref().unwrap_or(&o.name))
            .unwrap_or(id)
    }

    pub fn items(
        &self,
        today: Date,
        calendar: &WorkCalendar,
        files: &mut Files,
    ) -> Result<Vec<Item>, String> {
        self.items
            .iter()
            .map(|spec| spec.build(today, calendar, files))
            .collect()
    }
}

/// Dates an item's text may mention, for `{…}` placeholders.
struct Dates {
    today: Date,
    published: Date,
    publicity: Option<(Date, Date, u32)>,
}

impl ItemSpec {
    fn build(
        &self,
        today: Date,
        calendar: &WorkCalendar,
        files: &mut Files,
    ) -> Result<Item, String> {
        let err = |what: String| format!("content.json item {}: {what}", self.id);
        let publicity = match &self.publicity {
            None => None,
            Some(p) => Some(match (p.start_wd, p.end_days) {
                (Some(s), None) => {
                    let start = calendar.shift(today, s);
                    (start, calendar.add_working_days(start, p.wd - 1), p.wd)
                }
                (None, Some(e)) => {
                    let end = today + Duration::days(e);
                    (calendar.start_for_end(end, p.wd), end, p.wd)
                }
                _ => {
                    return Err(err(
                        "publicity needs exactly one of start_wd, end_days".into()
                    ))
                }
            }),
        };
        let published = match (self.published, publicity) {
            (Some(days), _) => today + Duration::days(days),
            (None, Some((start, _, _))) if start <= today => start,
            // A preview (预告) comes out on the working day before today.
            (None, Some(_)) => calendar.shift(today, -1),
            (None, None) => return Err(err("needs `published` or `publicity`".into())),
        };
        let dates = Dates {
            today,
            published,
            publicity,
        };
        let fill = |s: &str| fill(s, &dates).map_err(err);

        let kind = match &self.kind {
            KindSpec::AdHoc => ItemKind::AdHoc,
            KindSpec::Staged { stages } => ItemKind::Staged {
                stages: stages
                    .iter()
                    .map(|s| {
                        Ok(Stage {
                            name: fill(&s.name)?,
                            state: s.state,
                            date: Some(today + Duration::days(s.day)),
                            note: s.note.as_deref().map(fill).transpose()?,
                        })
                    })
                    .collect::<Result<_, String>>()?,
            },
        };
        let attachments = self
            .attachments
            .iter()
            .map(|a| {
                let lines: Vec<String> =
                    a.lines.iter().map(|l| fill(l)).collect::<Result<_, _>>()?;
                let name = fill(&a.name)?;
                Ok(files.add(&a.file, a.kind, &name, &lines))
            })
            .collect::<Result<Vec<Attachment>, String>>()?;
        let published_at = at(published, &self.time).map_err(err)?;
        let revisions = self
            .revisions
            .iter()
            .map(|r| {
                Ok(Revision {
                    at: at(published + Duration::days(r.after_days), &r.time).map_err(err)?,
                    note: fill(&r.note)?,
                })
            })
            .collect::<Result<_, String>>()?;
        Ok(Item {
            id: self.id.clone(),
            org: self.org.clone(),
            category: self.category.clone(),
            title: fill(&self.title)?,
            summary: fill(&self.summary)?,
            body_html: fill(&self.body.join("\n"))?,
            kind,
            audience: Audience::Public,
            published_at,
            publicity: publicity.map(|(start, end, _)| period(start, end)),
            attachments,
            revisions,
            superseded_by: self.superseded_by.clone(),
            objections_under_review: self.objections_under_review,
        })
    }
}

/// A publicity period from the start of `start` to the end of `end`, China time.
pub fn period(start: Date, end: Date) -> Publicity {
    Publicity {
        start: start.with_time(Time::MIDNIGHT).assume_offset(CHINA_OFFSET),
        end: end
            .with_hms(23, 59, 59)
            .expect("a valid time")
            .assume_offset(CHINA_OFFSET),
    }
}

/// `day` at `HH:MM`, China time.
pub fn at(day: Date, hh_mm: &str) -> Result<OffsetDateTime, String> {
    let format = time::macros::format_description!("[hour]:[minute]");
    let t = Time::parse(hh_mm, format).map_err(|e| format!("bad time {hh_mm:?}: {e}"))?;
    Ok(day.with_time(t).assume_offset(CHINA_OFFSET))
}

/// Replaces the placeholders of content text:
/// `{start}`, `{end}` (publicity period, `2026年11月20日`), `{wd}` (its
/// working days), `{pub}` (publication date), `{py}` / `{py-1}` (year of
/// publication, and the year before), `{d:N}` (today + N days).
fn fill(text: &str, dates: &Dates) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..]
            .find('}')
            .ok_or_else(|| format!("unclosed {{ in {text:?}"))?
            + open;
        let key = &rest[open + 1..close];
        let period = || {
            dates
                .publicity
                .ok_or_else(|| format!("{{{key}}} without a publicity period"))
        };
        let value = match key {
            "start" => cn_date(period()?.0),
            "end" => cn_date(period()?.1),
            "wd" => period()?.2.to_string(),
            "pub" => cn_date(dates.published),
            "py" => dates.published.year().to_string(),
            "py-1" => (dates.published.year() - 1).to_string(),
            k if k.starts_with("d:") => {
                let n: i64 = k[2..]
                    .parse()
                    .map_err(|_| format!("bad placeholder {{{k}}}"))?;
                cn_date(dates.today + Duration::days(n))
            }
            k => return Err(format!("unknown placeholder {{{k}}}")),
        };
        out.push_str(&value);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}
