//! What the read side serves: site, organisations, items, calendars, files.

use std::collections::BTreeMap;

use gongkai::api::{
    is_valid_id, CalendarYear, Item, ItemUpdate, ObjectionReview, OrgList, PublicityOverride,
    Revision, Site, StaffItem, ID_MAX_LEN,
};
use gongkai::domain::calendar::WorkCalendar;
use gongkai::domain::clock::CHINA_OFFSET;
use gongkai::domain::feedback::{
    check_length, clean_text, objections_under_review, publicity_too_short,
    publicity_too_short_error, FieldError, TextField, OVERRIDE_REASON_MAX_CHARS,
};
use gongkai::domain::period::{end_date, TooShort};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::feedback::open_objections;
use super::search;
use super::{rfc3339, Store, StoreError};

/// A whole backend's content, as loaded on first start (the demo) or imported.
pub struct Content {
    pub site: Site,
    pub orgs: OrgList,
    pub items: Vec<Item>,
    pub calendars: Vec<CalendarYear>,
    /// Attachment files by path relative to the API base (`files/…`).
    pub files: BTreeMap<String, Vec<u8>>,
}

impl From<gongkai_demo::Demo> for Content {
    fn from(demo: gongkai_demo::Demo) -> Self {
        Content {
            site: demo.site,
            orgs: demo.orgs,
            items: demo.items,
            calendars: demo.calendars,
            files: demo.files,
        }
    }
}

/// One page of an item list.
pub struct ItemsPage {
    pub items: Vec<Item>,
    /// Another page follows.
    pub more: bool,
    /// The items of the whole list.
    pub total: u64,
}

pub(super) const ORG_PAGE: &str = "SELECT json FROM items WHERE public = 1 AND org = ?1
     ORDER BY published_at DESC, id LIMIT ?2 OFFSET ?3";
pub(super) const ORG_COUNT: &str = "SELECT count(*) FROM items WHERE public = 1 AND org = ?1";
pub(super) const ALL_PAGE: &str = "SELECT json FROM items WHERE public = 1
     ORDER BY published_at DESC, id LIMIT ?1 OFFSET ?2";
pub(super) const ALL_COUNT: &str = "SELECT count(*) FROM items WHERE public = 1";

/// What `put_item` did.
pub struct PutItem {
    /// The item as served.
    pub item: Item,
    /// Published (true) or revised.
    pub created: bool,
    /// Its period is shorter than the minimum, and the reason was recorded.
    pub overridden: Option<TooShort>,
}

/// The most an item may weigh as stored (its JSON, 1 MiB): a list page
/// carries a page of items whole, so no single item may bloat them all.
/// Large tables and scans belong in attachments.
pub const ITEM_MAX_BYTES: usize = 1024 * 1024;

/// Why a staff change to an item was refused; each names the field.
#[derive(Debug, thiserror::Error)]
pub enum ContentError {
    #[error(
        "item.{field} {id:?} is not an id: 1 to {ID_MAX_LEN} ASCII letters, digits, - and _, \
         starting with a letter or digit"
    )]
    BadId { field: &'static str, id: String },
    #[error("the item is {bytes} bytes as JSON, over the {ITEM_MAX_BYTES} bytes an item may have")]
    TooLarge { bytes: usize },
    #[error("item.id {body} differs from the id {path} in the URL")]
    IdMismatch { path: String, body: String },
    #[error("unknown organisation {0}")]
    UnknownOrg(String),
    #[error("a revision needs a note saying what changed")]
    NoteRequired,
    /// A field refused by a rule: a too-short publicity period without a
    /// reason, or a reason too long.
    #[error("{}", gongkai::i18n::field_error_text(.0))]
    Refused(FieldError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for ContentError {
    fn from(e: rusqlite::Error) -> Self {
        ContentError::Store(e.into())
    }
}

fn media_type_of(path: &str) -> &'static str {
    match path
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
    {
        Some(ext) if ext == "pdf" => "application/pdf",
        Some(ext) if ext == "csv" => "text/csv; charset=utf-8",
        Some(ext) if ext == "txt" => "text/plain; charset=utf-8",
        Some(ext) if ext == "png" => "image/png",
        Some(ext) if ext == "jpg" || ext == "jpeg" => "image/jpeg",
        Some(ext) if ext == "docx" => {
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        }
        Some(ext) if ext == "xlsx" => {
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        }
        _ => "application/octet-stream",
    }
}

/// What every item from outside (the staff API, the command line, an import)
/// must be before it is stored: its ids follow the contract's pattern
/// ([`is_valid_id`]), so they never reach a URL or a file name they could
/// leave, and its JSON is at most [`ITEM_MAX_BYTES`].
pub fn check_item(item: &Item) -> Result<(), ContentError> {
    let ids = [
        ("id", Some(&item.id)),
        ("superseded_by", item.superseded_by.as_ref()),
    ];
    for (field, id) in ids {
        if let Some(id) = id.filter(|id| !is_valid_id(id)) {
            return Err(ContentError::BadId {
                field,
                id: id.clone(),
            });
        }
    }
    let bytes = serde_json::to_vec(item).map_or(0, |json| json.len());
    if bytes > ITEM_MAX_BYTES {
        return Err(ContentError::TooLarge { bytes });
    }
    Ok(())
}

/// Stores `item`, replacing one with its id, and keeps the search index in
/// step.
fn insert_item(tx: &Transaction, item: &Item) -> Result<(), StoreError> {
    let old: Option<i64> = tx
        .prepare_cached("SELECT rowid FROM items WHERE id = ?1")?
        .query_row([&item.id], |r| r.get(0))
        .optional()?;
    if let Some(rowid) = old {
        search::unindex_item(tx, rowid)?;
    }
    tx.prepare_cached(
        "INSERT OR REPLACE INTO items (id, org, published_at, public, json) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        item.id,
        item.org,
        item.published_at.unix_timestamp(),
        item.is_public(),
        serde_json::to_string(item)?
    ])?;
    search::index_item(tx, tx.last_insert_rowid(), item)
}

impl Store {
    /// Whether content has been loaded (the demo, or an import).
    pub fn has_content(&self) -> Result<bool, StoreError> {
        Ok(self.site()?.is_some())
    }

    /// Replaces all content in one transaction. Feedback is kept.
    pub fn load_content(&self, content: &Content) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute_batch(
                "DELETE FROM items; DELETE FROM orgs; DELETE FROM calendars; DELETE FROM files;",
            )?;
            search::clear(tx)?;
            tx.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('site', ?1)",
                [serde_json::to_string(&content.site)?],
            )?;
            for (position, org) in content.orgs.organisations.iter().enumerate() {
                tx.execute(
                    "INSERT INTO orgs (id, position, json) VALUES (?1, ?2, ?3)",
                    params![org.id, position as i64, serde_json::to_string(org)?],
                )?;
            }
            for item in &content.items {
                insert_item(tx, item)?;
            }
            search::optimize(tx)?;
            search::mark_current(tx)?;
            for year in &content.calendars {
                tx.execute(
                    "INSERT INTO calendars (year, json) VALUES (?1, ?2)",
                    params![year.year, serde_json::to_string(year)?],
                )?;
            }
            for (path, bytes) in &content.files {
                tx.execute(
                    "INSERT INTO files (path, media_type, bytes) VALUES (?1, ?2, ?3)",
                    params![path, media_type_of(path), bytes],
                )?;
            }
            Ok(())
        })
    }

    pub fn site(&self) -> Result<Option<Site>, StoreError> {
        self.read(|c| json_row(c, "SELECT value FROM meta WHERE key = 'site'", []))
    }

    pub fn orgs(&self) -> Result<OrgList, StoreError> {
        self.read(|c| {
            let mut stmt = c.prepare("SELECT json FROM orgs ORDER BY position")?;
            let organisations = stmt
                .query_map([], |r| r.get::<_, String>(0))?
                .map(|json| Ok(serde_json::from_str(&json?)?))
                .collect::<Result<_, StoreError>>()?;
            Ok(OrgList {
                organisations,
                skipped: Vec::new(),
            })
        })
    }

    pub fn org_exists(&self, id: &str) -> Result<bool, StoreError> {
        self.read(|c| org_exists(c, id))
    }

    /// One page (1-based) of the public items, newest first, of one
    /// organisation or of all; whether another page follows; and how many
    /// items the whole list holds. Both queries walk an index
    /// (`items_by_org`, `items_by_time`): the page reads its own rows only.
    pub fn items_page(
        &self,
        org: Option<&str>,
        page: usize,
        page_size: usize,
        now: OffsetDateTime,
    ) -> Result<ItemsPage, StoreError> {
        let offset =
            i64::try_from(page.saturating_sub(1).saturating_mul(page_size)).unwrap_or(i64::MAX);
        let limit = page_size as i64 + 1;
        self.read(|c| {
            let (jsons, total) = match org {
                Some(org) => (
                    c.prepare_cached(ORG_PAGE)?
                        .query_map(params![org, limit, offset], |r| r.get::<_, String>(0))?
                        .collect::<Result<Vec<_>, _>>()?,
                    c.prepare_cached(ORG_COUNT)?
                        .query_row([org], |r| r.get::<_, i64>(0))?,
                ),
                None => (
                    c.prepare_cached(ALL_PAGE)?
                        .query_map(params![limit, offset], |r| r.get::<_, String>(0))?
                        .collect::<Result<Vec<_>, _>>()?,
                    c.prepare_cached(ALL_COUNT)?
                        .query_row([], |r| r.get::<_, i64>(0))?,
                ),
            };
            let mut items = jsons
                .iter()
                .map(|json| Ok(serde_json::from_str::<Item>(json)?))
                .collect::<Result<Vec<_>, StoreError>>()?;
            let more = items.len() > page_size;
            items.truncate(page_size);
            let open = open_objections(c)?;
            for item in &mut items {
                mark_review(item, &open, now);
            }
            Ok(ItemsPage {
                items,
                more,
                total: total as u64,
            })
        })
    }

    /// A public item; `None` for one that does not exist or is not public.
    pub fn public_item(&self, id: &str, now: OffsetDateTime) -> Result<Option<Item>, StoreError> {
        self.read(|c| {
            let item: Option<Item> = json_row(
                c,
                "SELECT json FROM items WHERE id = ?1 AND public = 1",
                [id],
            )?;
            Ok(match item {
                Some(mut item) => {
                    mark_review(&mut item, &open_objections(c)?, now);
                    Some(item)
                }
                None => None,
            })
        })
    }

    /// An item as staff see it, public or not, with the reason recorded for
    /// a too-short publicity period.
    pub fn staff_item(
        &self,
        id: &str,
        now: OffsetDateTime,
    ) -> Result<Option<StaffItem>, StoreError> {
        self.read(|c| {
            let Some(mut item) = item_in(c, id)? else {
                return Ok(None);
            };
            mark_review(&mut item, &open_objections(c)?, now);
            Ok(Some(StaffItem {
                publicity_override: last_override(c, id)?,
                item,
            }))
        })
    }

    /// Items whose publicity period has ended while objections to them
    /// still await a reply, the earliest ended first.
    pub fn objection_reviews(
        &self,
        now: OffsetDateTime,
    ) -> Result<Vec<ObjectionReview>, StoreError> {
        self.read(|c| {
            let mut reviews = Vec::new();
            for (id, codes) in open_objections(c)? {
                let Some(item) = item_in(c, &id)? else {
                    continue;
                };
                if !objections_under_review(&item, now, codes.len()) {
                    continue;
                }
                let Some(ended_on) = item.publicity.as_ref().map(end_date) else {
                    continue;
                };
                reviews.push(ObjectionReview {
                    item: item.id,
                    org: item.org,
                    title: item.title,
                    ended_on,
                    open: codes,
                });
            }
            reviews.sort_by(|a, b| a.ended_on.cmp(&b.ended_on).then(a.item.cmp(&b.item)));
            Ok(reviews)
        })
    }

    pub fn calendar(&self, year: i32) -> Result<Option<CalendarYear>, StoreError> {
        self.read(|c| json_row(c, "SELECT json FROM calendars WHERE year = ?1", [year]))
    }

    pub fn calendars(&self) -> Result<Vec<CalendarYear>, StoreError> {
        self.read(calendars_in)
    }

    /// An attachment file whole: its media type and bytes (for tools and
    /// tests; the server streams downloads, see `files.rs`).
    pub fn file(&self, path: &str) -> Result<Option<(String, Vec<u8>)>, StoreError> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT media_type, bytes FROM files WHERE path = ?1",
                [path],
                |r| Ok((r.get::<_, Option<String>>(0)?, r.get::<_, Vec<u8>>(1)?)),
            )
            .optional()?
            .map(|(media, bytes)| {
                (
                    media.unwrap_or_else(|| "application/octet-stream".into()),
                    bytes,
                )
            }))
        })
    }

    /// Publishes a new item or revises one (staff). A revision keeps the
    /// item's earlier revisions and adds one with `note`. A publicity period
    /// shorter than its category's minimum needs `publicity_override_reason`,
    /// which is then recorded (see [`Store::staff_item`]). `id` must be an id
    /// and the item must pass [`check_item`]. Returns the item as stored and
    /// whether it is new.
    pub fn put_item(
        &self,
        id: &str,
        update: ItemUpdate,
        now: OffsetDateTime,
    ) -> Result<PutItem, ContentError> {
        let ItemUpdate {
            mut item,
            note,
            publicity_override_reason,
        } = update;
        if !is_valid_id(id) {
            return Err(ContentError::BadId {
                field: "id",
                id: id.to_owned(),
            });
        }
        check_item(&item)?;
        if item.id != id {
            return Err(ContentError::IdMismatch {
                path: id.to_owned(),
                body: item.id,
            });
        }
        let reason = publicity_override_reason
            .map(|r| clean_text(&r))
            .filter(|r| !r.is_empty());
        if let Some(e) = reason.as_deref().and_then(|r| {
            check_length(
                "/publicity_override_reason",
                TextField::OverrideReason,
                r,
                0,
                OVERRIDE_REASON_MAX_CHARS,
            )
        }) {
            return Err(ContentError::Refused(e));
        }
        // The server works this out from its cases; never stored.
        item.objections_under_review = false;
        self.write(|tx| {
            if !org_exists(tx, &item.org)? {
                return Err(ContentError::UnknownOrg(item.org.clone()));
            }
            let site: Option<Site> =
                json_row(tx, "SELECT value FROM meta WHERE key = 'site'", [])?;
            let catalogue = site.map(|s| s.catalogue).unwrap_or_default();
            let cal = WorkCalendar::builtin().with_years(&calendars_in(tx)?);
            let short = publicity_too_short(&item, &catalogue, &cal);
            if let Some(short) = short {
                let Some(reason) = &reason else {
                    return Err(ContentError::Refused(publicity_too_short_error(short)));
                };
                tx.execute(
                    "INSERT INTO publicity_overrides (item, at, working_days, required_working_days, reason)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![id, rfc3339(now), short.actual, short.required, reason],
                )?;
            }
            let existing: Option<Item> =
                json_row(tx, "SELECT json FROM items WHERE id = ?1", [id])?;
            let created = existing.is_none();
            if let Some(old) = existing {
                let note = note
                    .map(|n| n.trim().to_owned())
                    .filter(|n| !n.is_empty())
                    .ok_or(ContentError::NoteRequired)?;
                let mut revisions = old.revisions;
                revisions.push(Revision {
                    at: now.to_offset(CHINA_OFFSET),
                    note,
                });
                item.revisions = revisions;
            }
            insert_item(tx, &item)?;
            mark_review(&mut item, &open_objections(tx)?, now);
            Ok(PutItem {
                item,
                created,
                overridden: short,
            })
        })
    }
}

/// Sets `objections_under_review` from the open objections by item.
pub(super) fn mark_review(
    item: &mut Item,
    open: &BTreeMap<String, Vec<String>>,
    now: OffsetDateTime,
) {
    let count = open.get(&item.id).map_or(0, Vec::len);
    item.objections_under_review = objections_under_review(item, now, count);
}

fn calendars_in(c: &Connection) -> Result<Vec<CalendarYear>, StoreError> {
    let mut stmt = c.prepare("SELECT json FROM calendars ORDER BY year")?;
    let years = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .map(|json| Ok(serde_json::from_str(&json?)?))
        .collect::<Result<_, StoreError>>()?;
    Ok(years)
}

/// The latest reason recorded for publishing `item` with a too-short period.
fn last_override(c: &Connection, item: &str) -> Result<Option<PublicityOverride>, StoreError> {
    let row = c
        .query_row(
            "SELECT reason, working_days, required_working_days, at FROM publicity_overrides
             WHERE item = ?1 ORDER BY id DESC LIMIT 1",
            [item],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, u32>(1)?,
                    r.get::<_, u32>(2)?,
                    r.get::<_, String>(3)?,
                ))
            },
        )
        .optional()?;
    row.map(|(reason, working_days, required_working_days, at)| {
        Ok(PublicityOverride {
            reason,
            working_days,
            required_working_days,
            at: OffsetDateTime::parse(&at, &Rfc3339)
                .map_err(|e| StoreError::Other(format!("publicity_overrides.at {at:?}: {e}")))?,
        })
    })
    .transpose()
}

/// Any item, public or not, read inside a transaction.
pub fn item_in(c: &Connection, id: &str) -> Result<Option<Item>, StoreError> {
    json_row(c, "SELECT json FROM items WHERE id = ?1", [id])
}

pub fn org_exists(c: &Connection, id: &str) -> Result<bool, StoreError> {
    Ok(
        c.query_row("SELECT 1 FROM orgs WHERE id = ?1", [id], |_| Ok(()))
            .optional()?
            .is_some(),
    )
}

fn json_row<T: serde::de::DeserializeOwned, P: rusqlite::Params>(
    c: &Connection,
    sql: &str,
    params: P,
) -> Result<Option<T>, StoreError> {
    let json: Option<String> = c.query_row(sql, params, |r| r.get(0)).optional()?;
    Ok(json.map(|j| serde_json::from_str(&j)).transpose()?)
}
