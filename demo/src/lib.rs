//! The demo backend for the fictional town of 青溪镇: organisations, items,
//! calendars and attachment files that speak the `v1` contract (see
//! `openapi.yaml` and `docs/api.md`).
//!
//! [`Demo::build`] makes it in memory (the reference server loads it into its
//! database); [`Demo::write`] writes it as a folder of static JSON files (the
//! `demo-data` command). Every date is relative to `today`, so the demo always
//! has periods in 公示, about to start and ended, whatever day it runs. The
//! wording lives in `content.json`; the regular reports (党费, 财务) are
//! computed in `regular.rs`; the attachments are made in `files.rs`.

mod content;
mod files;
mod regular;
pub mod scale;

use std::collections::BTreeMap;
use std::path::Path;

use gongkai::api::{CalendarDay, CalendarYear, Item, ItemPage, OrgList, Site};
use gongkai::domain::calendar::WorkCalendar;
use serde::Serialize;
use time::{Date, Month};

/// Items per page, for `v1/items.json` and every organisation's list.
pub const PAGE_SIZE: usize = 20;

/// The whole demo backend, in memory.
pub struct Demo {
    pub today: Date,
    pub site: Site,
    pub orgs: OrgList,
    /// Newest first; ties by id.
    pub items: Vec<Item>,
    /// The official schedules of `today`'s year and the next, where known.
    pub calendars: Vec<CalendarYear>,
    /// Attachment files by path relative to the backend's base URL
    /// (`files/…`), as the items' attachment URLs name them.
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Demo {
    pub fn build(today: Date) -> Result<Demo, String> {
        let calendar = WorkCalendar::builtin();
        let content = content::Content::load()?;
        let site: Site = content.site.clone();
        let orgs = OrgList {
            organisations: content.organisations.clone(),
            skipped: Vec::new(),
        };

        let mut files = files::Files::default();
        let mut items: Vec<Item> = Vec::new();
        items.extend(content.items(today, &calendar, &mut files)?);
        items.extend(regular::items(&content, today, &calendar, &mut files));
        // Newest first; ties by id so that the order is stable.
        items.sort_by(|a, b| {
            b.published_at
                .cmp(&a.published_at)
                .then_with(|| a.id.cmp(&b.id))
        });
        let calendars = [today.year(), today.year() + 1]
            .into_iter()
            .filter_map(|year| calendar_year(&calendar, year))
            .collect();
        Ok(Demo {
            today,
            site,
            orgs,
            items,
            calendars,
            files: files.into_map(),
        })
    }

    /// Writes the whole backend into `out` as static files and says what it wrote.
    pub fn write(&self, out: &Path) -> Result<String, String> {
        let v1 = out.join("v1");
        // Start from a clean folder so that no page of a previous run survives.
        for stale in [v1.clone(), out.join("files")] {
            if stale.exists() {
                std::fs::remove_dir_all(&stale).map_err(|e| format!("{}: {e}", stale.display()))?;
            }
        }
        write_json(&v1.join("site.json"), &self.site)?;
        write_json(&v1.join("orgs.json"), &self.orgs)?;

        for item in &self.items {
            write_json(&v1.join("items").join(format!("{}.json", item.id)), item)?;
        }
        let mut pages = write_pages(&v1, "items", &self.items)?;
        for org in &self.orgs.organisations {
            let own: Vec<Item> = self
                .items
                .iter()
                .filter(|i| i.org == org.id)
                .cloned()
                .collect();
            pages += write_pages(&v1.join("orgs").join(&org.id), "items", &own)?;
        }
        for data in &self.calendars {
            write_json(
                &v1.join("calendar").join(format!("{}.json", data.year)),
                data,
            )?;
        }
        for (path, bytes) in &self.files {
            write_file(&out.join(path), bytes)?;
        }

        Ok(format!(
            "demo-data: {} items, {} organisations, {} list pages, calendars {:?}, {} files, today {} → {}",
            self.items.len(),
            self.orgs.organisations.len(),
            pages,
            self.calendars.iter().map(|c| c.year).collect::<Vec<_>>(),
            self.files.len(),
            self.today,
            out.display()
        ))
    }
}

/// Parses `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Result<Date, String> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(s, format).map_err(|e| format!("bad date {s:?} ({e}); expected YYYY-MM-DD"))
}

/// The `next` link of page `n` (1-based) of a list whose first page is
/// `<name>.json`, when `more` pages follow: relative to the page it is in,
/// so `<name>/pages/2.json` from the first page and `{n+1}.json` after it.
/// The reference server pages its lists the same way.
pub fn next_page_link(name: &str, n: usize, more: bool) -> Option<String> {
    match (more, n) {
        (false, _) => None,
        (true, 1) => Some(format!("{name}/pages/2.json")),
        (true, n) => Some(format!("{}.json", n + 1)),
    }
}

/// Writes `<dir>/<name>.json` and its following pages `<dir>/<name>/pages/{n}.json`.
/// Page names live under `pages/`, so they can never clash with an item's
/// `v1/items/{id}.json` (an id has no `/`). Returns the number of pages.
fn write_pages(dir: &Path, name: &str, items: &[Item]) -> Result<usize, String> {
    let chunks: Vec<&[Item]> = if items.is_empty() {
        vec![&[]]
    } else {
        items.chunks(PAGE_SIZE).collect()
    };
    let count = chunks.len();
    for (i, chunk) in chunks.into_iter().enumerate() {
        let n = i + 1;
        let next = next_page_link(name, n, n < count);
        let page = ItemPage {
            items: chunk.to_vec(),
            next,
            total: Some(items.len() as u64),
            skipped: Vec::new(),
        };
        let path = if n == 1 {
            dir.join(format!("{name}.json"))
        } else {
            dir.join(name).join("pages").join(format!("{n}.json"))
        };
        write_json(&path, &page)?;
    }
    Ok(count)
}

/// The year's official schedule as the built-in calendar knows it, or `None`
/// for a year it has no schedule for (the client then falls back to its own,
/// exactly as on a 404).
pub fn calendar_year(calendar: &WorkCalendar, year: i32) -> Option<CalendarYear> {
    if !calendar.has_year(year) {
        return None;
    }
    let mut data = CalendarYear {
        year,
        holidays: Vec::new(),
        workdays: Vec::new(),
    };
    let mut day = Date::from_calendar_date(year, Month::January, 1).ok()?;
    while day.year() == year {
        let weekend = matches!(
            day.weekday(),
            time::Weekday::Saturday | time::Weekday::Sunday
        );
        let working = calendar.is_working_day(day);
        let name = calendar.day_name(day).map(str::to_owned);
        if weekend && working {
            data.workdays.push(CalendarDay { date: day, name });
        } else if !working && (!weekend || name.is_some()) {
            data.holidays.push(CalendarDay { date: day, name });
        }
        day = day.next_day()?;
    }
    Some(data)
}

/// Pretty JSON, UTF-8, in the types' field order, without the `null`s of
/// absent optional fields.
pub fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<(), String> {
    let text =
        serde_json::to_string_pretty(value).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut text = gongkai_index::without_nulls(&text);
    // The result must still be the same document, less its nulls.
    let reparsed: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut expected =
        serde_json::to_value(value).map_err(|e| format!("{}: {e}", path.display()))?;
    strip_nulls(&mut expected);
    if reparsed != expected {
        return Err(format!(
            "{}: removing nulls changed the document",
            path.display()
        ));
    }
    text.push('\n');
    write_file(path, text.as_bytes())
}

pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

fn strip_nulls(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(strip_nulls);
        }
        serde_json::Value::Array(list) => list.iter_mut().for_each(strip_nulls),
        _ => {}
    }
}

/// Working-day arithmetic in both directions on the built-in calendar.
pub trait WorkingDays {
    /// `n > 0`: the n-th working day after `from`; `n < 0`: the |n|-th
    /// working day before it; `0`: `from` if it is a working day, else the
    /// next one.
    fn shift(&self, from: Date, n: i32) -> Date;
    /// The first day of a period of `len` working days whose last day is `end`
    /// (`end` itself counts when it is a working day).
    fn start_for_end(&self, end: Date, len: u32) -> Date;
}

impl WorkingDays for WorkCalendar {
    fn shift(&self, from: Date, n: i32) -> Date {
        match n {
            0 if self.is_working_day(from) => from,
            0 => self.add_working_days(from, 1),
            n if n > 0 => self.add_working_days(from, n.unsigned_abs()),
            n => {
                let mut day = from;
                let mut left = n.unsigned_abs();
                while left > 0 {
                    day = day.previous_day().expect("a date after year -9999");
                    if self.is_working_day(day) {
                        left -= 1;
                    }
                }
                day
            }
        }
    }

    fn start_for_end(&self, end: Date, len: u32) -> Date {
        let mut day = end;
        let mut counted = u32::from(self.is_working_day(end));
        while counted < len {
            day = day.previous_day().expect("a date after year -9999");
            if self.is_working_day(day) {
                counted += 1;
            }
        }
        day
    }
}
