//! The database: one SQLite file in WAL mode. Content (site, organisations,
//! items, calendars, attachment files) is kept as the contract's JSON; feedback
//! cases and idempotency records are rows. Every write is one transaction,
//! committed with `synchronous = FULL` before the client hears of it, so a
//! 2xx survives a `kill -9` (and a power cut).

mod content;
mod feedback;
mod files;
mod idempotency;
mod kiosks;
mod search;

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use rusqlite::{Connection, OptionalExtension};

pub use content::{
    check_item, item_in, org_exists, Content, ContentError, ItemsPage, PutItem, ITEM_MAX_BYTES,
};
pub use feedback::{
    act, create, open_objections, rate, CaseError, CaseFilter, NewCase, StaffAction,
};
pub use files::StoredFile;
pub use idempotency::{Idempotent, RequestKey, StoredResponse};
pub use kiosks::BeatStored;
pub use search::{Found, SearchQuery};

/// Shared handle: one connection behind a mutex. SQLite serialises writers
/// anyway, and the reads are small.
#[derive(Clone)]
pub struct Store {
    conn: Arc<Mutex<Connection>>,
    /// The secret that turns a case's row number into its public reply id.
    public_id_key: Arc<[u8; 32]>,
    /// What searches filter in memory, kept while the items do not change.
    facets: Arc<Mutex<Option<Arc<search::Facets>>>>,
    /// The index's matches of recent queries, while the items do not change.
    matches: Arc<Mutex<search::Matches>>,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("stored JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("{0}")]
    Other(String),
}

const SCHEMA_VERSION: i64 = 1;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS orgs (
    id       TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    json     TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS items (
    id           TEXT PRIMARY KEY,
    org          TEXT NOT NULL,
    published_at INTEGER NOT NULL,  -- Unix seconds
    public       INTEGER NOT NULL,
    json         TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS items_by_org ON items (org, public, published_at DESC, id);
CREATE INDEX IF NOT EXISTS items_by_time ON items (public, published_at DESC, id);
CREATE TABLE IF NOT EXISTS calendars (
    year INTEGER PRIMARY KEY,
    json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS files (
    path       TEXT PRIMARY KEY,
    media_type TEXT,
    bytes      BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS feedback (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL,
    org             TEXT NOT NULL,
    item            TEXT,
    body            TEXT NOT NULL,
    name            TEXT,
    contact         TEXT,
    status          TEXT NOT NULL,
    submitted_at    TEXT NOT NULL,
    reply_due       TEXT NOT NULL,
    reply_text      TEXT,
    replied_at      TEXT,
    public_question TEXT,
    reply_public    INTEGER NOT NULL DEFAULT 0,
    rating          TEXT,
    rating_reason   TEXT,
    rated_at        TEXT
);
CREATE INDEX IF NOT EXISTS feedback_by_org ON feedback (org, submitted_at DESC);
-- The open objections, which every list of items looks up.
CREATE INDEX IF NOT EXISTS feedback_by_kind_status ON feedback (kind, status);
-- What happened to each case, for staff and for audits.
CREATE TABLE IF NOT EXISTS feedback_events (
    id          INTEGER PRIMARY KEY,
    feedback_id INTEGER NOT NULL REFERENCES feedback (id),
    at          TEXT NOT NULL,
    action      TEXT NOT NULL,
    detail      TEXT
);
CREATE INDEX IF NOT EXISTS feedback_events_by_case ON feedback_events (feedback_id, action);
-- Publicity periods published shorter than their category's minimum, and why.
CREATE TABLE IF NOT EXISTS publicity_overrides (
    id                    INTEGER PRIMARY KEY,
    item                  TEXT NOT NULL,
    at                    TEXT NOT NULL,
    working_days          INTEGER NOT NULL,
    required_working_days INTEGER NOT NULL,
    reason                TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS publicity_overrides_by_item ON publicity_overrides (item, id);
CREATE TABLE IF NOT EXISTS idempotency (
    method     TEXT NOT NULL,
    path       TEXT NOT NULL,
    key        TEXT NOT NULL,
    request    BLOB NOT NULL,
    status     INTEGER NOT NULL,
    headers    TEXT NOT NULL,
    response   BLOB NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (method, path, key)
);
";

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its
    /// schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| StoreError::Other(format!("{}: {e}", dir.display())))?;
        }
        let conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Other(format!(
                "{}: SQLite refused WAL mode (got {mode})",
                path.display()
            )));
        }
        conn.execute_batch(
            "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA trusted_schema = OFF;",
        )?;
        conn.execute_batch(SCHEMA)?;
        conn.execute_batch(files::SCHEMA)?;
        conn.execute_batch(kiosks::SCHEMA)?;
        conn.execute_batch(search::SCHEMA)?;
        let version: Option<i64> = conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'schema_version'",
                [],
                |r| r.get::<_, String>(0),
            )
            .optional()?
            .and_then(|v| v.parse().ok());
        match version {
            None => {
                conn.execute(
                    "INSERT INTO meta (key, value) VALUES ('schema_version', ?1)",
                    [SCHEMA_VERSION.to_string()],
                )?;
            }
            Some(SCHEMA_VERSION) => {}
            Some(other) => {
                return Err(StoreError::Other(format!(
                    "{}: schema version {other}, this server knows {SCHEMA_VERSION}",
                    path.display()
                )))
            }
        }
        let mut conn = conn;
        if let Some(count) = search::ensure_index(&mut conn)? {
            if count > 0 {
                eprintln!("gongkai-server: indexed {count} items for search");
            }
        }
        let public_id_key = Arc::new(public_id_key(&conn)?);
        Ok(Store {
            conn: Arc::new(Mutex::new(conn)),
            public_id_key,
            facets: Arc::default(),
            matches: Arc::default(),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves SQLite consistent (the
        // transaction rolls back when dropped), so the connection stays usable.
        self.conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `f` in one transaction, committed only if it returns `Ok`.
    pub fn write<T, E>(
        &self,
        f: impl FnOnce(&rusqlite::Transaction) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<rusqlite::Error>,
    {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    pub fn read<T, E>(&self, f: impl FnOnce(&Connection) -> Result<T, E>) -> Result<T, E> {
        f(&self.lock())
    }
}

/// The database's own random key for public reply ids, made on first use.
fn public_id_key(conn: &Connection) -> Result<[u8; 32], StoreError> {
    let mut fresh = [0u8; 32];
    getrandom::fill(&mut fresh)
        .map_err(|e| StoreError::Other(format!("no randomness for the public id key: {e}")))?;
    let hex: String = fresh.iter().map(|b| format!("{b:02x}")).collect();
    conn.execute(
        "INSERT OR IGNORE INTO meta (key, value) VALUES ('public_id_key', ?1)",
        [hex],
    )?;
    let stored: String = conn.query_row(
        "SELECT value FROM meta WHERE key = 'public_id_key'",
        [],
        |r| r.get(0),
    )?;
    let mut key = [0u8; 32];
    if stored.len() != 64 || !stored.is_ascii() {
        return Err(StoreError::Other(
            "meta public_id_key is not 64 hex digits".into(),
        ));
    }
    for (i, byte) in key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&stored[2 * i..2 * i + 2], 16)
            .map_err(|_| StoreError::Other("meta public_id_key is not 64 hex digits".into()))?;
    }
    Ok(key)
}

/// A moment as the database keeps it: RFC 3339 in China time, whole seconds.
fn rfc3339(t: time::OffsetDateTime) -> String {
    use time::format_description::well_known::Rfc3339;
    t.to_offset(gongkai::domain::clock::CHINA_OFFSET)
        .replace_nanosecond(0)
        .unwrap_or(t)
        .format(&Rfc3339)
        .unwrap_or_default()
}
