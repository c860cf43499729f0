//! The static search index (静态检索索引): how a folder of static files is
//! searched site-wide without reading every list page. docs/api.md,
//! "Static search index", describes the files; this module holds their
//! types, the rules both sides share (folding, grams, buckets, the codes),
//! and the query side: which files a query needs, and its exact, counted
//! page of results once they are loaded. The writing side is
//! [`build`] (used by `gongkai-index` and the demo writer).
//!
//! A client searches in rounds, each a pure call:
//!
//! ```text
//! manifest = GET v1/search/index.json
//! loop { match step(&manifest, &loaded, &request)? {
//!     Step::Fetch(paths) => for p in paths { loaded.insert(&manifest, p, GET(manifest_dir + p))? },
//!     Step::Done(page)   => break page,
//! } }
//! ```
//!
//! at most three rounds: gram buckets and facets, then (only for a term
//! longer than the index's grams) the folded texts of its candidates, then
//! the entries of the page shown.
//!
//! Text is folded as [`normalize`] folds it and indexed by its character
//! n-grams of 1 to `gram_max` characters, each with the set of documents
//! holding it. A term of up to `gram_max` characters is one gram, and its
//! set is the exact answer; a longer one is looked up by its grams and then
//! checked against the stored folded text of each candidate.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::filters::{KindFilter, StatusFilter};
use super::search::terms;
use crate::api::{Item, ItemKind};

pub mod build;

/// The version of the format this code reads and writes (`version` in the
/// manifest). A client that meets another reads the lists as before.
pub const FORMAT_VERSION: u32 = 1;

/// `v1/search/index.json`: the only file of the index that is not named by
/// its build, so the only one a cache must revalidate.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct Manifest {
    pub version: u32,
    /// The build's name: a hash of its files. Every other file of the index
    /// lies under `{build}/`, beside this manifest, so files of two builds
    /// are never mixed.
    pub build: String,
    /// How many documents (public items), numbered newest first from 0.
    pub docs: u32,
    /// The longest gram indexed, in characters.
    pub gram_max: u32,
    /// How many gram buckets (`{build}/grams/{n}.json`, `n < buckets`).
    pub buckets: u32,
    /// Documents per entry chunk (`{build}/docs/{n}.json`).
    pub doc_chunk: u32,
    /// Documents per folded-text chunk (`{build}/texts/{n}.json`).
    pub text_chunk: u32,
    /// Organisation ids; the `org` facet holds positions in this list.
    pub orgs: Vec<String>,
    /// Category ids; the `category` facet holds positions in this list.
    pub categories: Vec<String>,
    /// The (year, first quarter, last quarter) an item belongs to
    /// (`domain::filters::belongs_to`); the `period` facet holds positions
    /// in this list.
    pub periods: Vec<(i32, u8, u8)>,
}

/// `{build}/grams/{n}.json`: the grams whose bucket is `n`, each with its
/// documents ([`encode_postings`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct GramChunk {
    pub grams: BTreeMap<String, String>,
}

/// `{build}/docs/{n}.json`: the list entries of documents
/// `n * doc_chunk ..`, in order, without `body_html`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct DocChunk {
    pub items: Vec<Item>,
}

/// `{build}/texts/{n}.json`: the folded text ([`fold_item`]) of documents
/// `n * text_chunk ..`, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct TextChunk {
    pub texts: Vec<String>,
}

/// `{build}/facets/{org,category,period,kind}.json`: one value per
/// document, [`encode_codes`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct CodeFacet {
    pub codes: String,
}

/// `{build}/facets/publicity.json`: the documents with a valid publicity
/// period, ascending, each `[doc, start, end]` in Unix seconds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct PublicityFacet {
    pub periods: Vec<(u32, i64, i64)>,
}

/// The per-document attributes a filter reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Facet {
    Org,
    Category,
    Period,
    Kind,
    Publicity,
}

impl Facet {
    pub const ALL: [Facet; 5] = [
        Facet::Org,
        Facet::Category,
        Facet::Period,
        Facet::Kind,
        Facet::Publicity,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Facet::Org => "org",
            Facet::Category => "category",
            Facet::Period => "period",
            Facet::Kind => "kind",
            Facet::Publicity => "publicity",
        }
    }
}

/// The `kind` facet's values.
pub fn kind_code(kind: &ItemKind) -> u32 {
    match kind {
        ItemKind::Regular { .. } => 0,
        ItemKind::Staged { .. } => 1,
        ItemKind::AdHoc => 2,
    }
}

fn kind_filter_code(kind: KindFilter) -> u32 {
    match kind {
        KindFilter::Regular => 0,
        KindFilter::Staged => 1,
        KindFilter::AdHoc => 2,
    }
}

/// A file of the index, by where it lies under `{build}/`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IndexFile {
    Grams(u32),
    Docs(u32),
    Texts(u32),
    Facet(Facet),
}

impl IndexFile {
    /// The path relative to the manifest's folder.
    pub fn path(self, manifest: &Manifest) -> String {
        let build = &manifest.build;
        match self {
            IndexFile::Grams(n) => format!("{build}/grams/{n}.json"),
            IndexFile::Docs(n) => format!("{build}/docs/{n}.json"),
            IndexFile::Texts(n) => format!("{build}/texts/{n}.json"),
            IndexFile::Facet(f) => format!("{build}/facets/{}.json", f.name()),
        }
    }

    /// The file at `path` of the manifest's build; `None` for any other.
    pub fn parse(manifest: &Manifest, path: &str) -> Option<IndexFile> {
        let rest = path
            .strip_prefix(manifest.build.as_str())?
            .strip_prefix('/')?;
        let (dir, name) = rest.split_once('/')?;
        let name = name.strip_suffix(".json")?;
        let number = || name.parse::<u32>().ok();
        Some(match dir {
            "grams" => IndexFile::Grams(number().filter(|&n| n < manifest.buckets)?),
            "docs" => IndexFile::Docs(number()?),
            "texts" => IndexFile::Texts(number()?),
            "facets" => IndexFile::Facet(Facet::ALL.into_iter().find(|f| f.name() == name)?),
            _ => return None,
        })
    }
}

/// What went wrong reading the index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IndexError {
    /// A manifest of another version of the format.
    Version(u32),
    /// A path that is not a file of this build.
    UnknownFile(String),
    /// A file that does not read as its type, or disagrees with the manifest.
    Format(String),
}

impl std::fmt::Display for IndexError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IndexError::Version(v) => write!(f, "search index version {v} is not {FORMAT_VERSION}"),
            IndexError::UnknownFile(p) => write!(f, "{p} is not a file of this search index"),
            IndexError::Format(e) => write!(f, "search index: {e}"),
        }
    }
}

impl std::error::Error for IndexError {}

fn format_error(path: &str, e: impl std::fmt::Display) -> IndexError {
    IndexError::Format(format!("{path}: {e}"))
}

impl Manifest {
    /// Reads `v1/search/index.json`.
    pub fn from_json(json: &str) -> Result<Manifest, IndexError> {
        let m: Manifest = serde_json::from_str(json).map_err(|e| format_error("index.json", e))?;
        if m.version != FORMAT_VERSION {
            return Err(IndexError::Version(m.version));
        }
        if m.buckets == 0 || m.doc_chunk == 0 || m.text_chunk == 0 || m.gram_max == 0 {
            return Err(format_error("index.json", "a zero count"));
        }
        Ok(m)
    }

    /// The bucket file a gram lies in.
    pub fn gram_file(&self, gram: &str) -> IndexFile {
        IndexFile::Grams(bucket_of(gram, self.buckets))
    }
}

// ---------------------------------------------------------------------
// Shared rules: folding, grams, buckets, codes.

/// An item's searchable text, folded (title, summary and body text, one
/// per line): what the `texts/` chunks hold and the grams are taken from.
pub use super::search::fold_item;

/// Calls `f` with every run of 1 to `gram_max` characters of `folded` that
/// holds no whitespace (the grams a term can contain), repeats included.
pub fn each_gram(folded: &str, gram_max: usize, mut f: impl FnMut(&[char])) {
    let mut run: Vec<char> = Vec::new();
    let mut flush = |run: &mut Vec<char>| {
        for start in 0..run.len() {
            for len in 1..=gram_max.min(run.len() - start) {
                f(&run[start..start + len]);
            }
        }
        run.clear();
    };
    for c in folded.chars() {
        if c.is_whitespace() {
            flush(&mut run);
        } else {
            run.push(c);
        }
    }
    flush(&mut run);
}

/// The grams a folded term is looked up by, and whether they answer it
/// exactly: the term itself when it is at most `gram_max` characters, else
/// each of its distinct `gram_max`-character grams (a superset of the
/// answer, to be checked against the text).
pub fn term_grams(term: &str, gram_max: usize) -> (Vec<String>, bool) {
    let chars: Vec<char> = term.chars().collect();
    if chars.len() <= gram_max {
        return (vec![term.to_owned()], true);
    }
    let mut grams: Vec<String> = chars
        .windows(gram_max)
        .map(|w| w.iter().collect())
        .collect();
    grams.sort_unstable();
    grams.dedup();
    (grams, false)
}

/// The bucket of a gram: FNV-1a (32 bits) of its UTF-8 bytes, modulo
/// `buckets`.
pub fn bucket_of(gram: &str, buckets: u32) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for b in gram.bytes() {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash % buckets.max(1)
}

/// The 64 characters of the codes, each standing for its position.
const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn digit_value(b: u8) -> Option<u32> {
    Some(match b {
        b'A'..=b'Z' => b - b'A',
        b'a'..=b'z' => b - b'a' + 26,
        b'0'..=b'9' => b - b'0' + 52,
        b'-' => 62,
        b'_' => 63,
        _ => return None,
    } as u32)
}

/// The first character of a postings code written as a bitmap.
const BITMAP: char = '!';

/// A sorted set of documents as a JSON-safe string, whichever is shorter:
/// gaps (the first document, then each one's distance to the one before
/// less one) as base-32 numbers, most significant digit first, a digit
/// `A`–`f` ending a number and `g`–`_` going on; or `!` and a bitmap, six
/// documents a character (document `d` is bit `d % 6` of character `d / 6`).
/// `docs` must be ascending, without repeats, each below `total`.
pub fn encode_postings(docs: &[u32], total: u32) -> String {
    let mut gaps = String::new();
    let mut previous: Option<u32> = None;
    for &d in docs {
        let gap = match previous {
            None => d,
            Some(p) => d - p - 1,
        };
        previous = Some(d);
        let mut digits = [0u8; 7];
        let mut n = gap;
        let mut len = 0;
        loop {
            digits[len] = (n % 32) as u8;
            n /= 32;
            len += 1;
            if n == 0 {
                break;
            }
        }
        for i in (0..len).rev() {
            let continues = if i > 0 { 32 } else { 0 };
            gaps.push(DIGITS[(digits[i] + continues) as usize] as char);
        }
    }
    let bitmap_len = 1 + total.div_ceil(6) as usize;
    if gaps.len() <= bitmap_len {
        return gaps;
    }
    let mut bits = vec![0u8; total.div_ceil(6) as usize];
    for &d in docs {
        bits[(d / 6) as usize] |= 1 << (d % 6);
    }
    let mut out = String::with_capacity(bitmap_len);
    out.push(BITMAP);
    out.extend(bits.into_iter().map(|b| DIGITS[b as usize] as char));
    out
}

/// Reads [`encode_postings`]' code into a set of `total` documents.
pub fn decode_postings(code: &str, total: u32) -> Option<DocSet> {
    let mut set = DocSet::empty(total);
    if let Some(bitmap) = code.strip_prefix(BITMAP) {
        for (i, b) in bitmap.bytes().enumerate() {
            let v = digit_value(b)?;
            for bit in 0..6 {
                if v & (1 << bit) != 0 {
                    set.insert(u32::try_from(i * 6 + bit).ok()?)?;
                }
            }
        }
        return Some(set);
    }
    let mut next: u64 = 0;
    let mut n: u64 = 0;
    let mut open = false;
    for b in code.bytes() {
        let v = digit_value(b)?;
        n = n * 32 + u64::from(v & 31);
        if n > u64::from(u32::MAX) {
            return None;
        }
        open = v >= 32;
        if !open {
            let d = next + n;
            set.insert(u32::try_from(d).ok()?)?;
            next = d + 1;
            n = 0;
        }
    }
    (!open).then_some(set)
}

/// The number of characters a facet's code takes per document, for
/// `values` distinct values: the fewest base-64 digits that hold them.
pub fn code_width(values: usize) -> usize {
    let mut width = 1;
    let mut span = 64usize;
    while span < values {
        width += 1;
        span = span.saturating_mul(64);
    }
    width
}

/// One value per document, each `width` base-64 digits, most significant
/// first.
pub fn encode_codes(values: &[u32], width: usize) -> String {
    let mut out = String::with_capacity(values.len() * width);
    for &v in values {
        for i in (0..width).rev() {
            out.push(DIGITS[((v >> (6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// Reads [`encode_codes`]' string of `docs` values.
pub fn decode_codes(code: &str, width: usize, docs: u32) -> Option<Vec<u32>> {
    let bytes = code.as_bytes();
    if width == 0 || bytes.len() != width * docs as usize {
        return None;
    }
    bytes
        .chunks(width)
        .map(|digits| {
            digits
                .iter()
                .try_fold(0u32, |n, &b| Some((n << 6) | digit_value(b)?))
        })
        .collect()
}

/// A set of documents, as bits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocSet {
    words: Vec<u64>,
    total: u32,
}

impl DocSet {
    pub fn empty(total: u32) -> DocSet {
        DocSet {
            words: vec![0; total.div_ceil(64) as usize],
            total,
        }
    }

    pub fn full(total: u32) -> DocSet {
        let mut set = DocSet {
            words: vec![u64::MAX; total.div_ceil(64) as usize],
            total,
        };
        if !total.is_multiple_of(64) {
            if let Some(last) = set.words.last_mut() {
                *last = (1u64 << (total % 64)) - 1;
            }
        }
        set
    }

    /// Adds `doc`; `None` when it is not below the total.
    pub fn insert(&mut self, doc: u32) -> Option<()> {
        (doc < self.total).then(|| self.words[(doc / 64) as usize] |= 1 << (doc % 64))
    }

    pub fn contains(&self, doc: u32) -> bool {
        doc < self.total && self.words[(doc / 64) as usize] & (1 << (doc % 64)) != 0
    }

    pub fn remove(&mut self, doc: u32) {
        if doc < self.total {
            self.words[(doc / 64) as usize] &= !(1 << (doc % 64));
        }
    }

    pub fn intersect(&mut self, other: &DocSet) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a &= b;
        }
    }

    pub fn len(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.words.iter().all(|&w| w == 0)
    }

    /// The documents, ascending (newest first).
    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.words.iter().enumerate().flat_map(|(i, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                (w != 0).then(|| {
                    let bit = w.trailing_zeros();
                    w &= w - 1;
                    i as u32 * 64 + bit
                })
            })
        })
    }
}

// ---------------------------------------------------------------------
// The query side.

/// What a client has loaded of one build, parsed.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    grams: HashMap<u32, GramChunk>,
    docs: HashMap<u32, Vec<Item>>,
    texts: HashMap<u32, Vec<String>>,
    codes: HashMap<Facet, Vec<u32>>,
    publicity: Option<Vec<(u32, i64, i64)>>,
}

impl Loaded {
    /// Reads the file at `path` (relative to the manifest's folder, as
    /// [`step`] named it) from its JSON text.
    pub fn insert(
        &mut self,
        manifest: &Manifest,
        path: &str,
        json: &str,
    ) -> Result<(), IndexError> {
        let file = IndexFile::parse(manifest, path)
            .ok_or_else(|| IndexError::UnknownFile(path.to_owned()))?;
        let bad = |e: &dyn std::fmt::Display| format_error(path, e);
        match file {
            IndexFile::Grams(n) => {
                let chunk: GramChunk = serde_json::from_str(json).map_err(|e| bad(&e))?;
                self.grams.insert(n, chunk);
            }
            IndexFile::Docs(n) => {
                let chunk: DocChunk = serde_json::from_str(json).map_err(|e| bad(&e))?;
                if chunk.items.len() != chunk_len(manifest.docs, manifest.doc_chunk, n) {
                    return Err(bad(&"not as many entries as the chunk holds"));
                }
                self.docs.insert(n, chunk.items);
            }
            IndexFile::Texts(n) => {
                let chunk: TextChunk = serde_json::from_str(json).map_err(|e| bad(&e))?;
                if chunk.texts.len() != chunk_len(manifest.docs, manifest.text_chunk, n) {
                    return Err(bad(&"not as many texts as the chunk holds"));
                }
                self.texts.insert(n, chunk.texts);
            }
            IndexFile::Facet(Facet::Publicity) => {
                let facet: PublicityFacet = serde_json::from_str(json).map_err(|e| bad(&e))?;
                if facet.periods.iter().any(|p| p.0 >= manifest.docs) {
                    return Err(bad(&"a document out of range"));
                }
                self.publicity = Some(facet.periods);
            }
            IndexFile::Facet(facet) => {
                let file: CodeFacet = serde_json::from_str(json).map_err(|e| bad(&e))?;
                let values = facet_values(manifest, facet);
                let codes = decode_codes(&file.codes, code_width(values), manifest.docs)
                    .filter(|codes| codes.iter().all(|&c| (c as usize) < values))
                    .ok_or_else(|| bad(&"codes that do not fit the manifest"))?;
                self.codes.insert(facet, codes);
            }
        }
        Ok(())
    }

    /// Whether the file is loaded.
    pub fn has(&self, file: IndexFile) -> bool {
        match file {
            IndexFile::Grams(n) => self.grams.contains_key(&n),
            IndexFile::Docs(n) => self.docs.contains_key(&n),
            IndexFile::Texts(n) => self.texts.contains_key(&n),
            IndexFile::Facet(Facet::Publicity) => self.publicity.is_some(),
            IndexFile::Facet(f) => self.codes.contains_key(&f),
        }
    }
}

/// How many documents chunk `n` of `size` holds.
fn chunk_len(docs: u32, size: u32, n: u32) -> usize {
    let start = u64::from(n) * u64::from(size);
    u64::from(docs).saturating_sub(start).min(u64::from(size)) as usize
}

/// How many distinct values a code facet has.
fn facet_values(manifest: &Manifest, facet: Facet) -> usize {
    match facet {
        Facet::Org => manifest.orgs.len(),
        Facet::Category => manifest.categories.len(),
        Facet::Period => manifest.periods.len(),
        Facet::Kind => 3,
        Facet::Publicity => 0,
    }
}

/// A search of the index: words, filters and the page wanted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IndexQuery {
    /// The search box as typed: whitespace-separated terms, each of which
    /// must occur (as in `domain::search`).
    pub query: String,
    /// Only the items of these organisations (a board and, with 含下级组织,
    /// its subtree: `domain::orgs::subtree`); `None` for every one.
    pub orgs: Option<Vec<String>>,
    pub category: Option<String>,
    pub kind: Option<KindFilter>,
    /// With `status`: the moment the status is taken at.
    pub status: Option<(StatusFilter, OffsetDateTime)>,
    pub year: Option<i32>,
    pub quarter: Option<u8>,
    /// The position of the page's first result among all, and how many.
    pub offset: usize,
    pub limit: usize,
}

/// A page of results.
#[derive(Clone, Debug, PartialEq)]
pub struct IndexPage {
    /// How many items match in all (exact).
    pub total: usize,
    pub offset: usize,
    /// The list entries (no `body_html`), newest first.
    pub items: Vec<Item>,
}

/// What [`step`] answers.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// Load these files (paths relative to the manifest's folder) into
    /// [`Loaded`], then call [`step`] again.
    Fetch(Vec<String>),
    Done(IndexPage),
}

/// One round of a search: the files still missing for it, or its page.
pub fn step(manifest: &Manifest, loaded: &Loaded, query: &IndexQuery) -> Result<Step, IndexError> {
    let mut missing = Vec::new();
    let plan = Plan::new(manifest, query);
    for &file in &plan.first {
        if !loaded.has(file) {
            missing.push(file);
        }
    }
    if !missing.is_empty() {
        return Ok(fetch(manifest, missing));
    }
    let Some(found) = matching(manifest, loaded, query, &plan)? else {
        // Texts to check longer terms against.
        let mut missing: Vec<IndexFile> = Vec::new();
        for doc in candidates(manifest, loaded, query, &plan)?.iter() {
            let file = IndexFile::Texts(doc / manifest.text_chunk);
            if !loaded.has(file) && missing.last() != Some(&file) {
                missing.push(file);
            }
        }
        return Ok(fetch(manifest, missing));
    };
    let page: Vec<u32> = found
        .iter()
        .copied()
        .skip(query.offset)
        .take(query.limit)
        .collect();
    let mut missing: Vec<IndexFile> = Vec::new();
    for &doc in &page {
        let file = IndexFile::Docs(doc / manifest.doc_chunk);
        if !loaded.has(file) && !missing.contains(&file) {
            missing.push(file);
        }
    }
    if !missing.is_empty() {
        return Ok(fetch(manifest, missing));
    }
    let items = page
        .iter()
        .map(|&doc| {
            let n = doc / manifest.doc_chunk;
            loaded.docs[&n][(doc % manifest.doc_chunk) as usize].clone()
        })
        .collect();
    Ok(Step::Done(IndexPage {
        total: found.len(),
        offset: query.offset,
        items,
    }))
}

fn fetch(manifest: &Manifest, files: Vec<IndexFile>) -> Step {
    Step::Fetch(files.into_iter().map(|f| f.path(manifest)).collect())
}

/// What a query looks up.
struct Plan {
    /// Per term: its grams and whether they answer it exactly.
    terms: Vec<(String, Vec<String>, bool)>,
    /// The gram buckets and facets, loaded in the first round.
    first: Vec<IndexFile>,
}

impl Plan {
    fn new(manifest: &Manifest, query: &IndexQuery) -> Plan {
        let gram_max = manifest.gram_max as usize;
        let terms: Vec<(String, Vec<String>, bool)> = terms(&query.query)
            .into_iter()
            .map(|t| {
                let (grams, exact) = term_grams(&t, gram_max);
                (t, grams, exact)
            })
            .collect();
        let mut first: Vec<IndexFile> = Vec::new();
        for (_, grams, _) in &terms {
            for gram in grams {
                let file = manifest.gram_file(gram);
                if !first.contains(&file) {
                    first.push(file);
                }
            }
        }
        let facets = [
            (query.orgs.is_some(), Facet::Org),
            (query.category.is_some(), Facet::Category),
            (
                query.year.is_some() || query.quarter.is_some(),
                Facet::Period,
            ),
            (query.kind.is_some(), Facet::Kind),
            (query.status.is_some(), Facet::Publicity),
        ];
        first.extend(
            facets
                .into_iter()
                .filter(|(used, _)| *used)
                .map(|(_, f)| IndexFile::Facet(f)),
        );
        Plan { terms, first }
    }
}

/// The documents every gram and every filter lets through (the first
/// round's files loaded).
fn candidates(
    manifest: &Manifest,
    loaded: &Loaded,
    query: &IndexQuery,
    plan: &Plan,
) -> Result<DocSet, IndexError> {
    let total = manifest.docs;
    let mut set = DocSet::full(total);
    for (_, grams, _) in &plan.terms {
        for gram in grams {
            let IndexFile::Grams(n) = manifest.gram_file(gram) else {
                unreachable!("a gram's file is a bucket")
            };
            match loaded.grams[&n].grams.get(gram.as_str()) {
                None => return Ok(DocSet::empty(total)),
                Some(code) => {
                    let docs = decode_postings(code, total).ok_or_else(|| {
                        IndexError::Format(format!("grams/{n}: the postings of {gram:?}"))
                    })?;
                    set.intersect(&docs);
                }
            }
        }
    }
    let wanted = |facet: Facet, keep: &dyn Fn(u32) -> bool, set: &mut DocSet| {
        let codes = &loaded.codes[&facet];
        let docs: Vec<u32> = set.iter().collect();
        for doc in docs {
            if !keep(codes[doc as usize]) {
                set.remove(doc);
            }
        }
    };
    if let Some(orgs) = &query.orgs {
        let keep: Vec<bool> = manifest.orgs.iter().map(|o| orgs.contains(o)).collect();
        wanted(Facet::Org, &|c| keep[c as usize], &mut set);
    }
    if let Some(category) = &query.category {
        let keep: Vec<bool> = manifest.categories.iter().map(|c| c == category).collect();
        wanted(Facet::Category, &|c| keep[c as usize], &mut set);
    }
    if query.year.is_some() || query.quarter.is_some() {
        let keep: Vec<bool> = manifest
            .periods
            .iter()
            .map(|&(year, first, last)| {
                query.year.is_none_or(|y| y == year)
                    && query.quarter.is_none_or(|q| (first..=last).contains(&q))
            })
            .collect();
        wanted(Facet::Period, &|c| keep[c as usize], &mut set);
    }
    if let Some(kind) = query.kind {
        let code = kind_filter_code(kind);
        wanted(Facet::Kind, &|c| c == code, &mut set);
    }
    if let Some((status, now)) = query.status {
        let now = now.unix_timestamp();
        let mut with = DocSet::empty(total);
        for &(doc, start, end) in loaded.publicity.as_deref().unwrap_or_default() {
            let passes = match status {
                StatusFilter::Upcoming => now < start,
                StatusFilter::Open => start <= now && now <= end,
                StatusFilter::Ended => now > end,
            };
            if passes {
                with.insert(doc);
            }
        }
        set.intersect(&with);
    }
    Ok(set)
}

/// The matching documents, ascending; `None` while a text needed to check
/// a term longer than the grams is not loaded.
fn matching(
    manifest: &Manifest,
    loaded: &Loaded,
    query: &IndexQuery,
    plan: &Plan,
) -> Result<Option<Vec<u32>>, IndexError> {
    let set = candidates(manifest, loaded, query, plan)?;
    let unchecked: Vec<&str> = plan
        .terms
        .iter()
        .filter(|(_, _, exact)| !exact)
        .map(|(t, _, _)| t.as_str())
        .collect();
    if unchecked.is_empty() {
        return Ok(Some(set.iter().collect()));
    }
    let mut found = Vec::new();
    for doc in set.iter() {
        let Some(texts) = loaded.texts.get(&(doc / manifest.text_chunk)) else {
            return Ok(None);
        };
        let text = &texts[(doc % manifest.text_chunk) as usize];
        if unchecked.iter().all(|t| text.contains(t)) {
            found.push(doc);
        }
    }
    Ok(Some(found))
}

// Native only: the tests read the demo (`gongkai-demo`, a native
// dev-dependency).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
