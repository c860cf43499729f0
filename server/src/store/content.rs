//! What the read side serves: site, organisations, items, calendars, files.

use std::collections::BTreeMap;

use gongkai::api::{CalendarYear, Item, ItemUpdate, OrgList, Revision, Site};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use time::OffsetDateTime;

use super::{Store, StoreError};

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

/// Why a staff change to an item was refused; each names the field.
#[derive(Debug, thiserror::Error)]
pub enum ContentError {
    #[error("item.id {body} differs from the id {path} in the URL")]
    IdMismatch { path: String, body: String },
    #[error("unknown organisation {0}")]
    UnknownOrg(String),
    #[error("a revision needs a note saying what changed")]
    NoteRequired,
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

fn insert_item(tx: &Transaction, item: &Item) -> Result<(), StoreError> {
    tx.execute(
        "INSERT OR REPLACE INTO items (id, org, published_at, public, json) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            item.id,
            item.org,
            item.published_at.unix_timestamp(),
            item.is_public(),
            serde_json::to_string(item)?
        ],
    )?;
    Ok(())
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
            Ok(OrgList { organisations })
        })
    }

    pub fn org_exists(&self, id: &str) -> Result<bool, StoreError> {
        self.read(|c| org_exists(c, id))
    }

    /// One page (1-based) of the public items, newest first, of one
    /// organisation or of all; and whether another page follows.
    pub fn items_page(
        &self,
        org: Option<&str>,
        page: usize,
        page_size: usize,
    ) -> Result<(Vec<Item>, bool), StoreError> {
        let offset =
            i64::try_from(page.saturating_sub(1).saturating_mul(page_size)).unwrap_or(i64::MAX);
        let limit = page_size as i64 + 1;
        self.read(|c| {
            let mut stmt = c.prepare(
                "SELECT json FROM items WHERE public = 1 AND (?1 IS NULL OR org = ?1)
                 ORDER BY published_at DESC, id LIMIT ?2 OFFSET ?3",
            )?;
            let mut items = stmt
                .query_map(params![org, limit, offset], |r| r.get::<_, String>(0))?
                .map(|json| Ok(serde_json::from_str::<Item>(&json?)?))
                .collect::<Result<Vec<_>, StoreError>>()?;
            let more = items.len() > page_size;
            items.truncate(page_size);
            Ok((items, more))
        })
    }

    /// A public item; `None` for one that does not exist or is not public.
    pub fn public_item(&self, id: &str) -> Result<Option<Item>, StoreError> {
        self.read(|c| {
            json_row(
                c,
                "SELECT json FROM items WHERE id = ?1 AND public = 1",
                [id],
            )
        })
    }

    pub fn calendar(&self, year: i32) -> Result<Option<CalendarYear>, StoreError> {
        self.read(|c| json_row(c, "SELECT json FROM calendars WHERE year = ?1", [year]))
    }

    pub fn calendars(&self) -> Result<Vec<CalendarYear>, StoreError> {
        self.read(|c| {
            let mut stmt = c.prepare("SELECT json FROM calendars ORDER BY year")?;
            let years = stmt
                .query_map([], |r| r.get::<_, String>(0))?
                .map(|json| Ok(serde_json::from_str(&json?)?))
                .collect::<Result<_, StoreError>>()?;
            Ok(years)
        })
    }

    /// An attachment file: its media type and bytes.
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
    /// item's earlier revisions and adds one with `note`. Returns the item as
    /// stored and whether it is new.
    pub fn put_item(
        &self,
        id: &str,
        update: ItemUpdate,
        now: OffsetDateTime,
    ) -> Result<(Item, bool), ContentError> {
        let ItemUpdate { mut item, note } = update;
        if item.id != id {
            return Err(ContentError::IdMismatch {
                path: id.to_owned(),
                body: item.id,
            });
        }
        self.write(|tx| {
            if !org_exists(tx, &item.org)? {
                return Err(ContentError::UnknownOrg(item.org.clone()));
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
                    at: now.to_offset(gongkai::domain::clock::CHINA_OFFSET),
                    note,
                });
                item.revisions = revisions;
            }
            insert_item(tx, &item)?;
            Ok((item, created))
        })
    }
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
