//! Server-side search and filtered, counted lists (`GET v1/search.json`),
//! with the client's semantics exactly: the filters of
//! `gongkai::domain::filters::Filters` and the substring search of
//! `gongkai::domain::search::Query`.
//!
//! Two tables beside `items`, keyed by the item's rowid and holding public
//! items only:
//!
//! - `item_search`: what the filters look at, worked out with the app's own
//!   functions when the item is stored (its category, kind, the year and
//!   quarters it belongs to by `belongs_to`, its publicity period when
//!   valid), so that a filtered count is one indexed SQL `count(*)`.
//! - `item_text`: an FTS5 index of the text the client searches, the title,
//!   the summary and the body's text (`html_to_text`), each folded by
//!   `normalize`, one token per character in two aligned streams: `uni`
//!   holds the character itself, `bi` the character and the next one. A
//!   character the index cannot keep as itself (punctuation, a space
//!   between the fields, letters outside ASCII and the CJK ideographs)
//!   becomes the token `_`, so that positions stay those of the characters
//!   and no phrase reaches across it. A term of one character is the phrase
//!   `uni : "党"`, of two `bi : "党费"`, of more the bigrams in a row
//!   (`bi : "换届 届选 选举"`): each matches exactly where the term occurs,
//!   so a count needs no item to be read. A term with other characters
//!   narrows by its runs of indexed characters, and the candidates are then
//!   checked one by one with `Query::matches`.

use gongkai::api::{Item, ItemKind};
use gongkai::domain::filters::{belongs_to, KindFilter, StatusFilter};
use gongkai::domain::period::is_valid;
use gongkai::domain::search::{html_to_text, normalize, terms, Query};
use rusqlite::types::Value as SqlValue;
use rusqlite::{params, params_from_iter, Connection, Transaction};
use time::OffsetDateTime;

use super::content::mark_review;
use super::feedback::open_objections;
use super::{Store, StoreError};

/// Bumped when what the index holds changes: a database with another
/// version is re-indexed when the server opens it.
const INDEX_VERSION: &str = "1";

pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS item_search (
    item          INTEGER PRIMARY KEY,  -- items.rowid, and item_text's rowid
    id            TEXT NOT NULL,
    org           TEXT NOT NULL,
    published_at  INTEGER NOT NULL,     -- Unix nanoseconds
    category      TEXT NOT NULL,
    kind          TEXT NOT NULL,        -- regular, staged, ad_hoc
    year          INTEGER NOT NULL,     -- the year it belongs to (belongs_to)
    quarter_first INTEGER NOT NULL,     -- … and its quarters, first to last
    quarter_last  INTEGER NOT NULL,
    period_start  INTEGER,              -- a valid publicity period, Unix nanoseconds
    period_end    INTEGER
);
CREATE INDEX IF NOT EXISTS item_search_by_time ON item_search (published_at DESC, id);
CREATE INDEX IF NOT EXISTS item_search_by_org ON item_search (org, published_at DESC, id);
CREATE VIRTUAL TABLE IF NOT EXISTS item_text USING fts5(
    uni, bi,
    content = '', contentless_delete = 1,
    tokenize = \"unicode61 remove_diacritics 0 tokenchars '_'\"
);
";

/// What a search asks: the client's filters, with the organisations already
/// resolved (the org alone, or its subtree for `sub=1`).
#[derive(Clone, Debug, Default)]
pub struct SearchQuery {
    pub query: String,
    /// `None`: every organisation.
    pub orgs: Option<Vec<String>>,
    pub category: Option<String>,
    pub kind: Option<KindFilter>,
    pub status: Option<StatusFilter>,
    pub year: Option<i32>,
    pub quarter: Option<u8>,
    pub offset: u64,
    pub limit: u64,
}

/// One page of matches and how many there are in all.
pub struct Found {
    pub total: u64,
    pub items: Vec<Item>,
}

/// Whether `c` stands for itself in the index: folded ASCII letters and
/// digits, and the CJK ideographs that SQLite's `unicode61` tokenizer
/// (Unicode 6.1) knows as letters.
fn indexed(c: char) -> bool {
    c.is_ascii_lowercase()
        || c.is_ascii_digit()
        || ('\u{4E00}'..='\u{9FCC}').contains(&c)
        || ('\u{3400}'..='\u{4DB5}').contains(&c)
}

/// The text the client searches in an item, folded: title, summary and body
/// text, a space between them (no term has a space, so none spans two).
fn searched_text(item: &Item) -> String {
    [
        normalize(&item.title),
        normalize(&item.summary),
        normalize(&html_to_text(&item.body_html)),
    ]
    .join(" ")
}

/// The `uni` and `bi` token streams of folded text: one token per
/// character, space-separated.
fn streams(text: &str) -> (String, String) {
    let chars: Vec<char> = text.chars().collect();
    let mut uni = String::with_capacity(text.len() * 2);
    let mut bi = String::with_capacity(text.len() * 3);
    for (i, &c) in chars.iter().enumerate() {
        if i > 0 {
            uni.push(' ');
            bi.push(' ');
        }
        uni.push(if indexed(c) { c } else { '_' });
        match chars.get(i + 1) {
            Some(&d) if indexed(c) && indexed(d) => {
                bi.push(c);
                bi.push(d);
            }
            _ => bi.push('_'),
        }
    }
    (uni, bi)
}

/// The FTS5 expression that finds the items holding every term, and whether
/// it finds exactly those (else the candidates must be checked). `None`:
/// no term narrows the search.
fn match_expression(terms: &[String]) -> (Option<String>, bool) {
    let mut phrases = Vec::new();
    let mut exact = true;
    for term in terms {
        let chars: Vec<char> = term.chars().collect();
        exact &= chars.iter().all(|&c| indexed(c));
        for run in chars.split(|&c| !indexed(c)).filter(|r| !r.is_empty()) {
            phrases.push(match run {
                [c] => format!("uni : \"{c}\""),
                _ => {
                    let grams: Vec<String> = run.windows(2).map(|w| w.iter().collect()).collect();
                    format!("bi : \"{}\"", grams.join(" "))
                }
            });
        }
    }
    let expression = (!phrases.is_empty()).then(|| phrases.join(" AND "));
    (expression, exact)
}

/// The kind filter an item's kind passes.
fn kind_of(kind: &ItemKind) -> &'static str {
    KindFilter::ALL
        .into_iter()
        .find(|k| k.matches(kind))
        .map_or("", KindFilter::as_str)
}

fn nanos(t: OffsetDateTime) -> i64 {
    i64::try_from(t.unix_timestamp_nanos()).unwrap_or(if t.year() < 1970 {
        i64::MIN
    } else {
        i64::MAX
    })
}

/// Indexes a public item stored at `rowid` (one not public is left out).
pub(super) fn index_item(tx: &Transaction, rowid: i64, item: &Item) -> Result<(), StoreError> {
    if !item.is_public() {
        return Ok(());
    }
    let (year, quarters) = belongs_to(item);
    let period = item.publicity.filter(is_valid);
    tx.prepare_cached(
        "INSERT INTO item_search (item, id, org, published_at, category, kind, year,
                                  quarter_first, quarter_last, period_start, period_end)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        rowid,
        item.id,
        item.org,
        nanos(item.published_at),
        item.category,
        kind_of(&item.kind),
        year,
        quarters.start(),
        quarters.end(),
        period.map(|p| nanos(p.start)),
        period.map(|p| nanos(p.end)),
    ])?;
    let (uni, bi) = streams(&searched_text(item));
    tx.prepare_cached("INSERT INTO item_text (rowid, uni, bi) VALUES (?1, ?2, ?3)")?
        .execute(params![rowid, uni, bi])?;
    Ok(())
}

/// Takes the item stored at `rowid` out of the index.
pub(super) fn unindex_item(tx: &Transaction, rowid: i64) -> Result<(), StoreError> {
    tx.prepare_cached("DELETE FROM item_search WHERE item = ?1")?
        .execute([rowid])?;
    tx.prepare_cached("DELETE FROM item_text WHERE rowid = ?1")?
        .execute([rowid])?;
    Ok(())
}

/// Empties the index (before all content is replaced).
pub(super) fn clear(tx: &Transaction) -> Result<(), StoreError> {
    tx.execute_batch(
        "DELETE FROM item_search; INSERT INTO item_text (item_text) VALUES ('delete-all');",
    )?;
    Ok(())
}

/// Merges the index's segments into one, after a bulk load.
pub(super) fn optimize(tx: &Transaction) -> Result<(), StoreError> {
    tx.execute_batch("INSERT INTO item_text (item_text) VALUES ('optimize');")?;
    Ok(())
}

/// Records that the index is in step with the items.
pub(super) fn mark_current(tx: &Transaction) -> Result<(), StoreError> {
    tx.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('search_index', ?1)",
        [INDEX_VERSION],
    )?;
    Ok(())
}

/// Builds the index from the items when the database has none of this
/// version (one made before search, or by an older server). Returns the
/// items indexed, `None` when the index was current.
pub(super) fn ensure_index(conn: &mut Connection) -> Result<Option<usize>, StoreError> {
    let version: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'search_index'",
            [],
            |r| r.get(0),
        )
        .ok();
    if version.as_deref() == Some(INDEX_VERSION) {
        return Ok(None);
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    clear(&tx)?;
    let mut count = 0;
    {
        let mut stmt = tx.prepare("SELECT rowid, json FROM items WHERE public = 1")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let item: Item = serde_json::from_str(&row.get::<_, String>(1)?)?;
            index_item(&tx, row.get(0)?, &item)?;
            count += 1;
        }
    }
    optimize(&tx)?;
    mark_current(&tx)?;
    tx.commit()?;
    Ok(Some(count))
}

impl Store {
    /// The public items that pass `q`'s filters and contain every term of
    /// its query, newest first (ties by id): `q.limit` of them from
    /// `q.offset`, and how many there are in all.
    pub fn search(&self, q: &SearchQuery, now: OffsetDateTime) -> Result<Found, StoreError> {
        let terms = terms(&q.query);
        let (expression, exact) = match_expression(&terms);
        let mut sql = String::from("FROM item_search s WHERE 1");
        let mut args: Vec<SqlValue> = Vec::new();
        if let Some(orgs) = &q.orgs {
            sql.push_str(" AND s.org IN (");
            for (i, org) in orgs.iter().enumerate() {
                sql.push_str(if i == 0 { "?" } else { ", ?" });
                args.push(SqlValue::Text(org.clone()));
            }
            sql.push(')');
        }
        if let Some(category) = &q.category {
            sql.push_str(" AND s.category = ?");
            args.push(SqlValue::Text(category.clone()));
        }
        if let Some(kind) = q.kind {
            sql.push_str(" AND s.kind = ?");
            args.push(SqlValue::Text(kind.as_str().to_owned()));
        }
        if let Some(year) = q.year {
            sql.push_str(" AND s.year = ?");
            args.push(SqlValue::Integer(year.into()));
        }
        if let Some(quarter) = q.quarter {
            sql.push_str(" AND s.quarter_first <= ? AND s.quarter_last >= ?");
            args.push(SqlValue::Integer(quarter.into()));
            args.push(SqlValue::Integer(quarter.into()));
        }
        // `period_status` on a valid period: upcoming before its start, open
        // from start to end (both included), ended after its end.
        if let Some(status) = q.status {
            let now = SqlValue::Integer(nanos(now));
            match status {
                StatusFilter::Upcoming => sql.push_str(" AND s.period_start > ?"),
                StatusFilter::Open => {
                    sql.push_str(" AND s.period_start <= ? AND s.period_end >= ?");
                    args.push(now.clone());
                }
                StatusFilter::Ended => sql.push_str(" AND s.period_end < ?"),
            }
            args.push(now);
        }
        if let Some(expression) = &expression {
            sql.push_str(" AND s.item IN (SELECT rowid FROM item_text WHERE item_text MATCH ?)");
            args.push(SqlValue::Text(expression.clone()));
        }
        let page_args = || {
            let mut all = args.clone();
            all.push(SqlValue::Integer(
                i64::try_from(q.limit).unwrap_or(i64::MAX),
            ));
            all.push(SqlValue::Integer(
                i64::try_from(q.offset).unwrap_or(i64::MAX),
            ));
            all
        };
        self.read(|c| {
            let (total, rowids) = if exact {
                let total: i64 = c
                    .prepare_cached(&format!("SELECT count(*) {sql}"))?
                    .query_row(params_from_iter(&args), |r| r.get(0))?;
                let page_sql = format!(
                    "SELECT s.item {sql} ORDER BY s.published_at DESC, s.id LIMIT ? OFFSET ?"
                );
                let rowids = c
                    .prepare_cached(&page_sql)?
                    .query_map(params_from_iter(page_args()), |r| r.get::<_, i64>(0))?
                    .collect::<Result<Vec<_>, _>>()?;
                (total as u64, rowids)
            } else {
                // The index over-matches: every candidate is read and checked.
                let query = Query::new(&q.query);
                let all_sql = format!(
                    "SELECT s.item, i.json {sql_join} ORDER BY s.published_at DESC, s.id",
                    sql_join = sql.replacen(
                        "FROM item_search s",
                        "FROM item_search s JOIN items i ON i.rowid = s.item",
                        1
                    )
                );
                let mut stmt = c.prepare(&all_sql)?;
                let mut rows = stmt.query(params_from_iter(&args))?;
                let mut total = 0u64;
                let mut rowids = Vec::new();
                while let Some(row) = rows.next()? {
                    let item: Item = serde_json::from_str(&row.get::<_, String>(1)?)?;
                    if query.matches(&item) {
                        if total >= q.offset && (rowids.len() as u64) < q.limit {
                            rowids.push(row.get::<_, i64>(0)?);
                        }
                        total += 1;
                    }
                }
                (total, rowids)
            };
            let open = open_objections(c)?;
            let mut stmt = c.prepare_cached("SELECT json FROM items WHERE rowid = ?1")?;
            let mut items = Vec::with_capacity(rowids.len());
            for rowid in rowids {
                let json: String = stmt.query_row([rowid], |r| r.get(0))?;
                let mut item: Item = serde_json::from_str(&json)?;
                mark_review(&mut item, &open, now);
                items.push(item);
            }
            Ok(Found { total, items })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Content;
    use gongkai::domain::calendar::WorkCalendar;
    use gongkai::domain::filters::Filters;

    #[test]
    fn a_database_without_the_index_gets_it_when_opened() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("before-search.db");
        let today = gongkai_demo::parse_date("2026-11-22").unwrap();
        let demo = gongkai_demo::Demo::build(today).unwrap();
        let now = time::macros::datetime!(2026-11-22 10:00 +8);
        let want = Filters {
            query: "党费".into(),
            ..Filters::default()
        }
        .apply(&demo.items, now, &WorkCalendar::builtin())
        .len() as u64;
        assert!(want > 0);
        let store = Store::open(&path).unwrap();
        store.load_content(&Content::from(demo)).unwrap();
        let q = SearchQuery {
            query: "党费".into(),
            limit: 100,
            ..SearchQuery::default()
        };
        assert_eq!(store.search(&q, now).unwrap().total, want);
        // As a server from before search left it: items, and no index.
        store
            .write(|tx| {
                tx.execute_batch(
                    "DROP TABLE item_search; DROP TABLE item_text;
                     DELETE FROM meta WHERE key = 'search_index';",
                )
            })
            .unwrap();
        drop(store);
        let store = Store::open(&path).unwrap();
        let found = store.search(&q, now).unwrap();
        assert_eq!(found.total, want);
        assert_eq!(found.items.len() as u64, want.min(100));
    }

    #[test]
    fn list_pages_and_counts_walk_an_index() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("plan.db")).unwrap();
        let plan = |sql: &str| -> String {
            store
                .read(|c| {
                    let mut stmt = c.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
                    let rows = stmt
                        .query_map([], |r| r.get::<_, String>(3))?
                        .collect::<Result<Vec<_>, _>>()?;
                    Ok::<_, rusqlite::Error>(rows.join("; "))
                })
                .unwrap()
        };
        for (sql, index) in [
            (super::super::content::ORG_PAGE, "items_by_org"),
            (super::super::content::ORG_COUNT, "items_by_org"),
            (super::super::content::ALL_PAGE, "items_by_time"),
            (super::super::content::ALL_COUNT, "items_by_time"),
        ] {
            let sql = sql
                .replace("?1", "'x'")
                .replace("?2", "20")
                .replace("?3", "0");
            let plan = plan(&sql);
            assert!(plan.contains(index), "{sql}: {plan}");
            assert!(!plan.contains("TEMP B-TREE"), "{sql} sorts: {plan}");
        }
    }

    fn terms_of(q: &str) -> Vec<String> {
        terms(q)
    }

    #[test]
    fn every_character_is_one_token_in_both_streams() {
        let (uni, bi) = streams("党费 q3,换届");
        assert_eq!(uni, "党 费 _ q 3 _ 换 届");
        assert_eq!(bi, "党费 _ _ q3 _ _ 换届 _");
        assert_eq!(streams(""), (String::new(), String::new()));
        // Letters outside ASCII and the ideographs unicode61 knows stand as `_`.
        assert_eq!(streams("é𠀀").0, "_ _");
    }

    #[test]
    fn short_and_long_terms_become_exact_phrases() {
        assert_eq!(
            match_expression(&terms_of("党")),
            (Some("uni : \"党\"".into()), true)
        );
        assert_eq!(
            match_expression(&terms_of("党费")),
            (Some("bi : \"党费\"".into()), true)
        );
        assert_eq!(
            match_expression(&terms_of("换届选举 Q3")),
            (Some("bi : \"换届 届选 选举\" AND bi : \"q3\"".into()), true)
        );
        assert_eq!(match_expression(&[]), (None, true));
    }

    #[test]
    fn other_characters_narrow_by_runs_and_are_checked() {
        assert_eq!(
            match_expression(&terms_of("2026年(第")),
            (Some("bi : \"20 02 26 6年\" AND uni : \"第\"".into()), false)
        );
        assert_eq!(match_expression(&terms_of("&")), (None, false));
        // Traditional characters are ideographs like any other.
        assert_eq!(
            match_expression(&terms_of("黨務")),
            (Some("bi : \"黨務\"".into()), true)
        );
    }
}
