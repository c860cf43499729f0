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
//!   valid). A search keeps these rows in memory, newest first, and takes
//!   them again only when the items change (`meta.search_generation`,
//!   counted by every change, so a command on the same database is seen
//!   too): filtering and counting 100 000 of them is a loop of
//!   milliseconds.
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
//!   so a count needs no item to be read: the matching rowids are read from
//!   the index once, and the filters' loop keeps those. A term with other characters
//!   narrows by its runs of indexed characters, and the candidates are then
//!   checked one by one with `Query::matches`.

use gongkai::api::{Item, ItemKind};
use gongkai::domain::filters::{belongs_to, Filters, KindFilter, StatusFilter};
use gongkai::domain::period::is_valid;
use gongkai::domain::search::{html_to_text, normalize, terms, Query};
use std::collections::HashMap;
use std::sync::Arc;

use rusqlite::{params, Connection, OptionalExtension, Transaction};
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

impl SearchQuery {
    /// `filters` (their page aside) over `orgs` (`None`: every
    /// organisation), `limit` matches from `offset`: what the app's search
    /// request for them asks.
    pub fn of(filters: &Filters, orgs: Option<Vec<String>>, offset: usize, limit: usize) -> Self {
        SearchQuery {
            query: filters.query.clone(),
            orgs,
            category: filters.category.clone(),
            kind: filters.kind,
            status: filters.status,
            year: filters.year,
            quarter: filters.quarter,
            offset: offset as u64,
            limit: limit as u64,
        }
    }
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
    touch(tx)
}

/// Takes the item stored at `rowid` out of the index.
pub(super) fn unindex_item(tx: &Transaction, rowid: i64) -> Result<(), StoreError> {
    tx.prepare_cached("DELETE FROM item_search WHERE item = ?1")?
        .execute([rowid])?;
    tx.prepare_cached("DELETE FROM item_text WHERE rowid = ?1")?
        .execute([rowid])?;
    touch(tx)
}

/// Empties the index (before all content is replaced).
pub(super) fn clear(tx: &Transaction) -> Result<(), StoreError> {
    tx.execute_batch(
        "DELETE FROM item_search; INSERT INTO item_text (item_text) VALUES ('delete-all');",
    )?;
    touch(tx)
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

/// One indexed item as a search filters it, its names as numbers
/// ([`Facets::orgs`], [`Facets::categories`]).
struct Facet {
    rowid: i64,
    org: u32,
    category: u32,
    /// `None` for a kind no filter knows.
    kind: Option<KindFilter>,
    year: i32,
    quarters: (u8, u8),
    /// A valid publicity period, Unix nanoseconds.
    period: Option<(i64, i64)>,
}

/// The facets of every indexed item, newest first (ties by id): a search
/// filters them in memory. Taken again whenever the items have changed,
/// by this server or by a command on the same database
/// (`meta.search_generation`).
pub struct Facets {
    generation: i64,
    rows: Vec<Facet>,
    /// The organisations' and categories' ids, numbered as they come.
    orgs: Names,
    categories: Names,
    /// Each rowid's place in `rows`.
    place: Place,
}

/// Each rowid's place in [`Facets::rows`]: a vector indexed by rowid while
/// the rowids are dense (as SQLite gives them), a map otherwise. Tens of
/// thousands of matches are placed for a common word.
enum Place {
    Dense(Vec<u32>),
    Sparse(HashMap<i64, u32>),
}

impl Place {
    fn new(rows: &[Facet]) -> Self {
        let places = rows
            .iter()
            .enumerate()
            .map(|(i, f)| (f.rowid, u32::try_from(i).unwrap_or(u32::MAX)));
        let max = rows.iter().map(|f| f.rowid).max().unwrap_or(0);
        let dense = usize::try_from(max)
            .ok()
            .filter(|&m| rows.iter().all(|f| f.rowid >= 0) && m <= rows.len() * 4 + 65_536);
        match dense {
            Some(max) => {
                let mut by_rowid = vec![u32::MAX; max + 1];
                for (rowid, place) in places {
                    by_rowid[rowid as usize] = place;
                }
                Place::Dense(by_rowid)
            }
            None => Place::Sparse(places.collect()),
        }
    }

    fn get(&self, rowid: i64) -> Option<u32> {
        match self {
            Place::Dense(by_rowid) => usize::try_from(rowid)
                .ok()
                .and_then(|r| by_rowid.get(r))
                .copied()
                .filter(|&p| p != u32::MAX),
            Place::Sparse(map) => map.get(&rowid).copied(),
        }
    }
}

/// Strings numbered in the order first seen.
#[derive(Default)]
struct Names(HashMap<String, u32>);

impl Names {
    fn number(&mut self, name: String) -> u32 {
        let next = u32::try_from(self.0.len()).unwrap_or(u32::MAX);
        *self.0.entry(name).or_insert(next)
    }

    fn get(&self, name: &str) -> Option<u32> {
        self.0.get(name).copied()
    }
}

/// A set of places in [`Facets::rows`], one bit each.
pub struct Places(Vec<u64>);

impl Places {
    fn new(len: usize) -> Self {
        Places(vec![0; len.div_ceil(64)])
    }

    fn insert(&mut self, place: u32) {
        let place = place as usize;
        self.0[place / 64] |= 1 << (place % 64);
    }

    fn contains(&self, place: usize) -> bool {
        self.0
            .get(place / 64)
            .is_some_and(|w| w & (1 << (place % 64)) != 0)
    }
}

/// A search's filters in the facets' numbers. An organisation or category
/// no item has matches nothing.
struct Wanted {
    /// `None`: every organisation; else, by number, whether wanted.
    orgs: Option<Vec<bool>>,
    /// `Some(None)`: a category no item has.
    category: Option<Option<u32>>,
    kind: Option<KindFilter>,
    year: Option<i32>,
    quarter: Option<u8>,
    status: Option<StatusFilter>,
    now: i64,
}

impl Wanted {
    fn new(q: &SearchQuery, facets: &Facets, now: i64) -> Self {
        let orgs = q.orgs.as_ref().map(|orgs| {
            let mut wanted = vec![false; facets.orgs.0.len()];
            for n in orgs.iter().filter_map(|o| facets.orgs.get(o)) {
                wanted[n as usize] = true;
            }
            wanted
        });
        Wanted {
            orgs,
            category: q.category.as_deref().map(|c| facets.categories.get(c)),
            kind: q.kind,
            year: q.year,
            quarter: q.quarter,
            status: q.status,
            now,
        }
    }

    /// The client's filters on this item (its query aside), as
    /// `Filters::matches` has them: `period_status` of a valid period is
    /// upcoming before its start, open from start to end (both included),
    /// ended after its end.
    fn passes(&self, f: &Facet) -> bool {
        let now = self.now;
        self.orgs
            .as_ref()
            .is_none_or(|o| o.get(f.org as usize).copied().unwrap_or(false))
            && self.category.is_none_or(|c| c == Some(f.category))
            && self.kind.is_none_or(|k| f.kind == Some(k))
            && self.year.is_none_or(|y| y == f.year)
            && self
                .quarter
                .is_none_or(|n| (f.quarters.0..=f.quarters.1).contains(&n))
            && self.status.is_none_or(|s| {
                f.period.is_some_and(|(start, end)| match s {
                    StatusFilter::Upcoming => now < start,
                    StatusFilter::Open => start <= now && now <= end,
                    StatusFilter::Ended => now > end,
                })
            })
    }
}

/// Counts a change to the indexed items, for [`Facets`] to notice.
pub(super) fn touch(tx: &Transaction) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO meta (key, value) VALUES ('search_generation', '1')
         ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1",
    )?
    .execute([])?;
    Ok(())
}

fn generation(c: &Connection) -> Result<i64, StoreError> {
    Ok(
        c.prepare_cached(
            "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'search_generation'",
        )?
        .query_row([], |r| r.get(0))
        .optional()?
        .unwrap_or(0),
    )
}

fn load_facets(c: &Connection, generation: i64) -> Result<Facets, StoreError> {
    let mut stmt = c.prepare(
        "SELECT item, org, category, kind, year, quarter_first, quarter_last, period_start, period_end
         FROM item_search ORDER BY published_at DESC, id",
    )?;
    let mut orgs = Names::default();
    let mut categories = Names::default();
    let mut rows = Vec::new();
    let mut read = stmt.query([])?;
    while let Some(r) = read.next()? {
        let period = match (r.get::<_, Option<i64>>(7)?, r.get::<_, Option<i64>>(8)?) {
            (Some(start), Some(end)) => Some((start, end)),
            _ => None,
        };
        rows.push(Facet {
            rowid: r.get(0)?,
            org: orgs.number(r.get(1)?),
            category: categories.number(r.get(2)?),
            kind: KindFilter::parse(&r.get::<_, String>(3)?),
            year: r.get(4)?,
            quarters: (r.get(5)?, r.get(6)?),
            period,
        });
    }
    let place = Place::new(&rows);
    Ok(Facets {
        generation,
        rows,
        orgs,
        categories,
        place,
    })
}

/// The places in the facets of the items the index matches for recent
/// expressions, with the generation they were read at: the common words
/// (党, 党费) are asked again and again, and reading their tens of
/// thousands of matches is most of a search's time.
#[derive(Default)]
pub struct Matches {
    generation: i64,
    sets: HashMap<String, Arc<Places>>,
}

/// Expressions kept at most; the whole cache is dropped when full.
const MATCHES_KEPT: usize = 256;

impl Store {
    /// The places in `facets` of the items `expression` matches, from the
    /// cache while the items are as they were.
    fn matching(
        &self,
        c: &Connection,
        facets: &Facets,
        expression: &str,
    ) -> Result<Arc<Places>, StoreError> {
        let generation = facets.generation;
        let mut kept = self
            .matches
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if kept.generation != generation || kept.sets.len() >= MATCHES_KEPT {
            kept.generation = generation;
            kept.sets.clear();
        }
        if let Some(set) = kept.sets.get(expression) {
            return Ok(Arc::clone(set));
        }
        let mut set = Places::new(facets.rows.len());
        let mut stmt = c.prepare_cached("SELECT rowid FROM item_text WHERE item_text MATCH ?1")?;
        let mut rows = stmt.query([expression])?;
        while let Some(row) = rows.next()? {
            if let Some(place) = facets.place.get(row.get::<_, i64>(0)?) {
                set.insert(place);
            }
        }
        let set = Arc::new(set);
        kept.sets.insert(expression.to_owned(), Arc::clone(&set));
        Ok(set)
    }

    /// The facets as they are now: the kept ones while the items have not
    /// changed.
    fn facets(&self, c: &Connection) -> Result<Arc<Facets>, StoreError> {
        let now = generation(c)?;
        let mut kept = self
            .facets
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(facets) = kept.as_ref().filter(|f| f.generation == now) {
            return Ok(Arc::clone(facets));
        }
        let facets = Arc::new(load_facets(c, now)?);
        *kept = Some(Arc::clone(&facets));
        Ok(facets)
    }

    /// The public items that pass `q`'s filters and contain every term of
    /// its query, newest first (ties by id): `q.limit` of them from
    /// `q.offset`, and how many there are in all.
    pub fn search(&self, q: &SearchQuery, now: OffsetDateTime) -> Result<Found, StoreError> {
        let terms = terms(&q.query);
        let (expression, exact) = match_expression(&terms);
        let now_nanos = nanos(now);
        let query = Query::new(&q.query);
        self.read(|c| {
            let facets = self.facets(c)?;
            let wanted = Wanted::new(q, &facets, now_nanos);
            let candidates = expression
                .as_deref()
                .map(|e| self.matching(c, &facets, e))
                .transpose()?;
            let mut item_json = c.prepare_cached("SELECT json FROM items WHERE rowid = ?1")?;
            let mut total = 0u64;
            let mut page = Vec::new();
            for (place, facet) in facets.rows.iter().enumerate() {
                if !candidates.as_ref().is_none_or(|set| set.contains(place))
                    || !wanted.passes(facet)
                {
                    continue;
                }
                let mut item = None;
                if !exact {
                    // The index over-matches: the candidate is read and checked.
                    let json: String = item_json.query_row([facet.rowid], |r| r.get(0))?;
                    let read: Item = serde_json::from_str(&json)?;
                    if !query.matches(&read) {
                        continue;
                    }
                    item = Some(read);
                }
                if total >= q.offset && (page.len() as u64) < q.limit {
                    page.push((facet.rowid, item));
                }
                total += 1;
            }
            let open = open_objections(c)?;
            let mut items = Vec::with_capacity(page.len());
            for (rowid, item) in page {
                let mut item = match item {
                    Some(item) => item,
                    None => {
                        let json: String = item_json.query_row([rowid], |r| r.get(0))?;
                        serde_json::from_str(&json)?
                    }
                };
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
