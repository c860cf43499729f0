//! Writing the static search index: from the items of a backend to the
//! files of one build (docs/api.md, "Static search index"). Pure: the
//! `gongkai-index` command reads and writes the folder.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use serde::Serialize;
use time::OffsetDateTime;

use super::{
    bucket_of, code_width, each_gram, encode_codes, encode_postings, fold_item, kind_code,
    CodeFacet, Facet, GramChunk, IndexFile, Manifest, PublicityFacet, TextChunk, FORMAT_VERSION,
};
use crate::api::{Category, Item, ItemKind, Organisation, Publicity};
use crate::domain::filters::{belongs_to, newest_first};
use crate::domain::period::is_valid;

/// How a build is cut.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildOptions {
    /// The longest gram indexed (1 to 5 characters): terms up to this long
    /// are answered by their gram alone, longer ones are checked against
    /// the folded text.
    pub gram_max: u32,
    /// Entries per `docs/` chunk.
    pub doc_chunk: u32,
    /// Folded texts per `texts/` chunk.
    pub text_chunk: u32,
    /// The size a gram bucket should have, in bytes: the bucket count is
    /// the power of two that brings the average at or below it.
    pub bucket_bytes: usize,
    /// A fixed bucket count instead.
    pub buckets: Option<u32>,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            gram_max: 5,
            doc_chunk: 10,
            text_chunk: 16,
            bucket_bytes: 24 * 1024,
            buckets: None,
        }
    }
}

/// One build: the manifest, and every other file by its path relative to
/// the manifest's folder (`{build}/…`).
#[derive(Clone, Debug)]
pub struct BuiltIndex {
    pub manifest: Manifest,
    pub files: BTreeMap<String, String>,
    /// How many distinct grams were indexed.
    pub grams: usize,
}

impl BuiltIndex {
    /// The manifest as written to `index.json`.
    pub fn manifest_json(&self) -> String {
        let mut json = serde_json::to_string(&self.manifest).expect("a manifest serialises");
        json.push('\n');
        json
    }
}

/// A list entry: what a card shows, without the body.
#[derive(Serialize)]
struct Entry<'a> {
    id: &'a str,
    org: &'a str,
    category: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    summary: &'a str,
    kind: EntryKind<'a>,
    #[serde(with = "time::serde::rfc3339")]
    published_at: OffsetDateTime,
    #[serde(skip_serializing_if = "Option::is_none")]
    publicity: Option<&'a Publicity>,
    #[serde(skip_serializing_if = "is_false")]
    objections_under_review: bool,
}

fn is_false(b: &bool) -> bool {
    !b
}

/// `kind` without the nulls of absent fields.
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum EntryKind<'a> {
    Regular {
        period: &'a crate::api::RegularPeriod,
        #[serde(skip_serializing_if = "Option::is_none")]
        covers: Option<&'a str>,
    },
    Staged {
        stages: &'a [crate::api::Stage],
    },
    AdHoc,
}

impl<'a> From<&'a ItemKind> for EntryKind<'a> {
    fn from(kind: &'a ItemKind) -> Self {
        match kind {
            ItemKind::Regular { period, covers } => EntryKind::Regular {
                period,
                covers: covers.as_deref(),
            },
            ItemKind::Staged { stages } => EntryKind::Staged { stages },
            ItemKind::AdHoc => EntryKind::AdHoc,
        }
    }
}

#[derive(Serialize)]
struct EntryChunk<'a> {
    items: Vec<Entry<'a>>,
}

/// Builds the index of `items` (public ones only, each id once, the first
/// kept), whose organisations are `orgs` and categories `catalogue` (ids
/// that appear only in items are added after them).
pub fn build(
    items: &[Item],
    orgs: &[Organisation],
    catalogue: &[Category],
    options: &BuildOptions,
) -> BuiltIndex {
    let gram_max = options.gram_max.clamp(1, 5);
    let doc_chunk = options.doc_chunk.max(1);
    let text_chunk = options.text_chunk.max(1);

    let mut seen = std::collections::HashSet::new();
    let mut docs: Vec<&Item> = items
        .iter()
        .filter(|i| i.is_public() && seen.insert(i.id.as_str()))
        .collect();
    docs.sort_by(|a, b| newest_first(a, b));
    let total = u32::try_from(docs.len()).expect("fewer than 2³² items");

    let mut org_ids: Vec<String> = orgs.iter().map(|o| o.id.clone()).collect();
    let mut categories: Vec<String> = catalogue.iter().map(|c| c.id.clone()).collect();
    let mut periods: Vec<(i32, u8, u8)> = Vec::new();
    let mut columns: BTreeMap<Facet, Vec<u32>> = BTreeMap::new();
    let mut publicity: Vec<(u32, i64, i64)> = Vec::new();
    for (doc, item) in docs.iter().enumerate() {
        let (year, quarters) = belongs_to(item);
        let values = [
            (Facet::Org, position(&mut org_ids, &item.org)),
            (Facet::Category, position(&mut categories, &item.category)),
            (
                Facet::Period,
                position(&mut periods, &(year, *quarters.start(), *quarters.end())),
            ),
            (Facet::Kind, kind_code(&item.kind)),
        ];
        for (facet, value) in values {
            columns.entry(facet).or_default().push(value);
        }
        if let Some(p) = item.publicity.filter(is_valid) {
            publicity.push((doc as u32, p.start.unix_timestamp(), p.end.unix_timestamp()));
        }
    }
    let mut manifest = Manifest {
        version: FORMAT_VERSION,
        build: String::new(),
        docs: total,
        gram_max,
        buckets: 1,
        doc_chunk,
        text_chunk,
        orgs: org_ids,
        categories,
        periods,
    };

    // Files by their kind and number; named once the build's hash is known.
    let mut files: Vec<(IndexFile, String)> = Vec::new();
    for (facet, values) in &columns {
        let width = code_width(super::facet_values(&manifest, *facet));
        let codes = CodeFacet {
            codes: encode_codes(values, width),
        };
        files.push((IndexFile::Facet(*facet), to_json(&codes)));
    }
    files.push((
        IndexFile::Facet(Facet::Publicity),
        to_json(&PublicityFacet { periods: publicity }),
    ));
    for (n, chunk) in docs.chunks(doc_chunk as usize).enumerate() {
        let entries = EntryChunk {
            items: chunk.iter().map(|i| entry(i)).collect(),
        };
        files.push((IndexFile::Docs(n as u32), to_json(&entries)));
    }

    let mut postings: GramMap = HashMap::default();
    let mut grams: Vec<u128> = Vec::new();
    let mut texts: Vec<String> = Vec::with_capacity(text_chunk as usize);
    for (doc, item) in docs.iter().enumerate() {
        let folded = fold_item(item);
        grams.clear();
        each_gram(&folded, gram_max as usize, |g| grams.push(pack(g)));
        grams.sort_unstable();
        grams.dedup();
        for &g in &grams {
            postings.entry(g).or_default().push(doc as u32);
        }
        texts.push(folded);
        if texts.len() == text_chunk as usize || doc + 1 == docs.len() {
            let n = doc as u32 / text_chunk;
            let chunk = TextChunk {
                texts: std::mem::take(&mut texts),
            };
            files.push((IndexFile::Texts(n), to_json(&chunk)));
        }
    }

    let gram_count = postings.len();
    let mut coded: Vec<(String, String)> = postings
        .into_iter()
        .map(|(g, docs)| (unpack(g), encode_postings(&docs, total)))
        .collect();
    coded.sort_unstable();
    let bytes: usize = coded.iter().map(|(g, c)| g.len() + c.len() + 6).sum();
    manifest.buckets = options
        .buckets
        .unwrap_or_else(|| {
            let wanted = bytes.div_ceil(options.bucket_bytes.max(1)).max(1);
            u32::try_from(wanted.next_power_of_two()).unwrap_or(1 << 31)
        })
        .max(1);
    let mut buckets: Vec<GramChunk> = vec![GramChunk::default(); manifest.buckets as usize];
    for (gram, code) in coded {
        let n = bucket_of(&gram, manifest.buckets);
        buckets[n as usize].grams.insert(gram, code);
    }
    for (n, chunk) in buckets.into_iter().enumerate() {
        files.push((IndexFile::Grams(n as u32), to_json(&chunk)));
    }

    manifest.build = build_name(&manifest, &files);
    let files = files
        .into_iter()
        .map(|(file, json)| (file.path(&manifest), json))
        .collect();
    BuiltIndex {
        manifest,
        files,
        grams: gram_count,
    }
}

/// The position of `value` in `list`, appended when new.
fn position<T, Q>(list: &mut Vec<T>, value: &Q) -> u32
where
    T: std::borrow::Borrow<Q>,
    Q: ?Sized + PartialEq + ToOwned<Owned = T>,
{
    let at = match list.iter().position(|v| v.borrow() == value) {
        Some(at) => at,
        None => {
            list.push(value.to_owned());
            list.len() - 1
        }
    };
    at as u32
}

fn entry(item: &Item) -> Entry<'_> {
    Entry {
        id: &item.id,
        org: &item.org,
        category: &item.category,
        title: &item.title,
        summary: &item.summary,
        kind: EntryKind::from(&item.kind),
        published_at: item.published_at,
        publicity: item.publicity.as_ref(),
        objections_under_review: item.objections_under_review,
    }
}

fn to_json<T: Serialize>(value: &T) -> String {
    let mut json = serde_json::to_string(value).expect("index files serialise");
    json.push('\n');
    json
}

/// The build's name: FNV-1a (64 bits) over the manifest and every file,
/// 16 hexadecimal digits. The same items give the same name.
fn build_name(manifest: &Manifest, files: &[(IndexFile, String)]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for &b in bytes {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
        hash ^= 0xff;
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    };
    feed(to_json(manifest).as_bytes());
    for (file, json) in files {
        feed(format!("{file:?}").as_bytes());
        feed(json.as_bytes());
    }
    format!("{hash:016x}")
}

/// A gram of up to five characters as one number: each character plus one
/// in 22 bits, the first highest.
fn pack(gram: &[char]) -> u128 {
    gram.iter()
        .fold(0u128, |n, &c| (n << 22) | (u128::from(c) + 1))
}

fn unpack(mut n: u128) -> String {
    let mut chars = Vec::new();
    while n != 0 {
        let c = (n & 0x3f_ffff) as u32 - 1;
        chars.push(char::from_u32(c).expect("a packed character"));
        n >>= 22;
    }
    chars.iter().rev().collect()
}

type GramMap = HashMap<u128, Vec<u32>, BuildHasherDefault<GramHasher>>;

/// A quick hash for packed grams (the build hashes tens of millions).
#[derive(Default)]
struct GramHasher(u64);

impl Hasher for GramHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    fn write_u128(&mut self, n: u128) {
        self.write_u64(n as u64);
        self.write_u64((n >> 64) as u64);
    }

    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 31)
    }
}
