//! Substring search for Chinese text, with highlighting.
//!
//! Chinese has no spaces between words, so a query matches wherever its text
//! occurs. Case, full-width forms (`ＡＢＣ１２３`) and runs of whitespace
//! (including the ideographic space) are folded away on both sides. A query
//! of several whitespace-separated terms matches when every term does.

use std::ops::Range;

use super::sanitize::{decode_entities, DROPPED};
use crate::api::Item;

/// Folds `s` for comparison: lower case, full-width ASCII as ASCII, any run
/// of whitespace (the ideographic space `U+3000` too) as one space, trimmed.
/// Chinese characters stay as they are.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars().flat_map(fold_char) {
        if c == ' ' {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

/// One character, folded: possibly several (`'İ'` lower-cases to two).
fn fold_char(c: char) -> impl Iterator<Item = char> {
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        c if c.is_whitespace() => ' ',
        c => c,
    };
    c.to_lowercase()
}

/// The query's terms, folded; no empty ones, no repeats.
pub fn terms(query: &str) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    for term in normalize(query).split(' ').filter(|t| !t.is_empty()) {
        if !terms.iter().any(|t| t == term) {
            terms.push(term.to_owned());
        }
    }
    terms
}

/// `text` folded character by character, remembering where each folded
/// character came from.
struct Folded {
    text: String,
    /// For each folded character, in order: its byte offset in `text` and
    /// the byte range of the original character it came from.
    origins: Vec<(usize, Range<usize>)>,
}

impl Folded {
    fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut origins = Vec::with_capacity(original.len());
        for (at, c) in original.char_indices() {
            let from = at..at + c.len_utf8();
            for folded in fold_char(c) {
                origins.push((text.len(), from.clone()));
                text.push(folded);
            }
        }
        Self { text, origins }
    }

    /// The original byte range behind the folded byte range `r` (non-empty,
    /// on folded character boundaries).
    fn original(&self, r: Range<usize>) -> Range<usize> {
        let index_of = |byte: usize| match self.origins.binary_search_by_key(&byte, |(at, _)| *at) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let first = &self.origins[index_of(r.start)].1;
        let last = &self.origins[index_of(r.end - 1)].1;
        first.start..last.end
    }
}

/// Byte ranges of `text` to highlight for `query`: every occurrence of every
/// term, in order, merged where they overlap or touch. The ranges always lie
/// on character boundaries of `text`. An empty query highlights nothing.
pub fn match_ranges(text: &str, query: &str) -> Vec<Range<usize>> {
    let terms = terms(query);
    if terms.is_empty() || text.is_empty() {
        return Vec::new();
    }
    let folded = Folded::new(text);
    let mut ranges: Vec<Range<usize>> = terms
        .iter()
        .flat_map(|term| {
            let folded = &folded;
            folded
                .text
                .match_indices(term.as_str())
                .map(move |(at, hit)| folded.original(at..at + hit.len()))
        })
        .collect();
    ranges.sort_unstable_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// A piece of highlighted text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Segment<'a> {
    Plain(&'a str),
    Hit(&'a str),
}

/// `text` cut into plain and matching pieces, in order; joined they give
/// back `text`. No empty pieces.
pub fn highlight<'a>(text: &'a str, query: &str) -> Vec<Segment<'a>> {
    let mut segments = Vec::new();
    let mut at = 0;
    for r in match_ranges(text, query) {
        if r.start > at {
            segments.push(Segment::Plain(&text[at..r.start]));
        }
        at = r.end;
        segments.push(Segment::Hit(&text[r]));
    }
    if at < text.len() {
        segments.push(Segment::Plain(&text[at..]));
    }
    segments
}

/// Whether every term of `query` occurs in the item's title, summary or
/// body text (terms may be found in different places). An empty query
/// matches every item.
pub fn item_matches(item: &Item, query: &str) -> bool {
    Query::new(query).matches(item)
}

/// Which characters a folded text holds, exactly, and which pairs of
/// adjacent characters, one bit each by hash ([`Grams::of`]): a term needs
/// each of its characters and the bits of its pairs, so an item that lacks
/// one cannot hold the term and is passed over without a scan. Most items
/// are; the scan decides the rest. A term of one character needs no scan:
/// the set of characters answers it.
///
/// Measured on a 10 000-item board: with characters and pairs in one set of
/// bits, a third of the items that lacked a first keystroke's character
/// were scanned all through for it; with a set of bits each, a seventh.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grams {
    /// The characters of the Basic Multilingual Plane, sorted, each once.
    chars: Box<[u16]>,
    /// Whether the text has characters beyond it (rare CJK extensions),
    /// which `chars` does not hold.
    beyond: bool,
    pairs: [u64; GRAM_WORDS],
}

/// The size of [`Grams`]' set of pairs in 64-bit words: 1 024 bits.
const GRAM_WORDS: usize = 16;

impl Default for Grams {
    fn default() -> Self {
        Grams {
            chars: Box::default(),
            beyond: false,
            pairs: [0; GRAM_WORDS],
        }
    }
}

/// The bit of the pair `a b`.
fn gram_bit(a: char, b: char) -> usize {
    let h = (a as u32).wrapping_mul(0x9E37_79B1) ^ (b as u32).wrapping_mul(0x85EB_CA77);
    (h.rotate_left(13).wrapping_mul(0xC2B2_AE3D) >> 22) as usize
}

/// `c` as one UTF-16 unit, if it is of the Basic Multilingual Plane.
fn bmp(c: char) -> Option<u16> {
    u16::try_from(u32::from(c)).ok()
}

fn set(words: &mut [u64; GRAM_WORDS], bit: usize) {
    words[bit / 64] |= 1 << (bit % 64);
}

impl Grams {
    /// Every character of `folded` and every pair of adjacent ones.
    pub fn of(folded: &str) -> Grams {
        let mut chars = Vec::new();
        let mut beyond = false;
        let mut pairs = [0; GRAM_WORDS];
        let mut last = None;
        for c in folded.chars() {
            match bmp(c) {
                Some(unit) => chars.push(unit),
                None => beyond = true,
            }
            if let Some(p) = last {
                set(&mut pairs, gram_bit(p, c));
            }
            last = Some(c);
        }
        chars.sort_unstable();
        chars.dedup();
        Grams {
            chars: chars.into_boxed_slice(),
            beyond,
            pairs,
        }
    }

    /// Adds what `term` (folded) needs of a text that holds it: each of its
    /// characters and each pair of adjacent ones.
    fn need(&mut self, term: &str) {
        let term = Grams::of(term);
        let mut chars = [&self.chars[..], &term.chars[..]].concat();
        chars.sort_unstable();
        chars.dedup();
        self.chars = chars.into_boxed_slice();
        self.beyond |= term.beyond;
        for (need, pair) in self.pairs.iter_mut().zip(term.pairs) {
            *need |= pair;
        }
    }

    /// Whether a text with these grams may hold what `needed` asks.
    fn covers(&self, needed: &Grams) -> bool {
        needed
            .chars
            .iter()
            .all(|&unit| self.chars.binary_search(&unit).is_ok())
            && (!needed.beyond || self.beyond)
            && self
                .pairs
                .iter()
                .zip(needed.pairs.iter())
                .all(|(h, n)| h & n == *n)
    }
}

/// A query folded once, for matching many items.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    terms: Vec<String>,
    /// What the terms need of an item's [`Grams`].
    needed: Grams,
    /// Every term is one character of the Basic Multilingual Plane: the
    /// grams say for certain whether an item holds them.
    answered_by_grams: bool,
}

impl Query {
    pub fn new(query: &str) -> Self {
        let terms = terms(query);
        let mut needed = Grams::default();
        for term in &terms {
            needed.need(term);
        }
        let answered_by_grams = terms.iter().all(|t| {
            let mut chars = t.chars();
            matches!((chars.next(), chars.next()), (Some(c), None) if bmp(c).is_some())
        });
        Self {
            terms,
            needed,
            answered_by_grams,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// [`Query::matches`] against [`fold_item`]'s text of the item.
    pub fn matches_folded(&self, folded: &str) -> bool {
        self.terms.iter().all(|term| folded.contains(term.as_str()))
    }

    /// [`Query::matches_folded`] for an item read for search: its grams
    /// first, the text only when they allow the terms.
    pub fn matches_searchable(&self, s: &Searchable) -> bool {
        s.grams.covers(&self.needed) && (self.answered_by_grams || self.matches_folded(&s.folded))
    }

    pub fn matches(&self, item: &Item) -> bool {
        if self.terms.is_empty() {
            return true;
        }
        let heads = [normalize(&item.title), normalize(&item.summary)];
        let mut body: Option<String> = None;
        self.terms.iter().all(|term| {
            heads.iter().any(|h| h.contains(term.as_str()))
                || body
                    .get_or_insert_with(|| normalize(&html_to_text(&item.body_html)))
                    .contains(term.as_str())
        })
    }
}

/// What a search looks through in an item, folded once ([`normalize`]):
/// title, summary and body text, one per line. A term never holds a line
/// break (whitespace splits terms), so it cannot match across two of them:
/// `Query::new(q).matches_folded(&fold_item(i))` is `Query::new(q).matches(i)`.
pub fn fold_item(item: &Item) -> String {
    let mut out = normalize(&item.title);
    out.push('\n');
    out.push_str(&normalize(&item.summary));
    out.push('\n');
    out.push_str(&normalize(&html_to_text(&item.body_html)));
    out
}

/// An item with its searchable text folded once ([`fold_item`]), so that
/// a keystroke costs one substring scan per item.
#[derive(Clone, Debug, PartialEq)]
pub struct Searchable {
    pub item: Item,
    pub folded: String,
    /// The grams of `folded`.
    pub grams: Grams,
}

impl Searchable {
    pub fn new(item: Item) -> Searchable {
        let folded = fold_item(&item);
        let grams = Grams::of(&folded);
        Searchable {
            item,
            folded,
            grams,
        }
    }
}

/// The text of an HTML fragment, for searching: tags and comments removed,
/// the content of the elements the sanitiser drops with their content
/// ([`DROPPED`]: `script`, `style`, `svg`, `textarea`, …) left out, since a
/// resident never sees it, the common character references decoded, a space
/// where a block element begins or ends so that words in adjacent paragraphs
/// do not run together (inline elements add nothing: `党<b>员</b>` reads
/// `党员`).
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&decode_entities(&rest[..lt]));
        let markup = &rest[lt..];
        let tail = &markup[1..];
        if let Some(after) = skip_declaration(markup) {
            rest = after;
        } else if let Some(tag) = Tag::parse(tail) {
            if tag.block {
                out.push(' ');
            }
            rest = tag.rest;
            if tag.drops_content() {
                rest = skip_dropped(rest, &tag.lower);
            }
        } else {
            out.push('<');
            rest = tail;
        }
    }
    out.push_str(&decode_entities(rest));
    out
}

/// Past a comment, doctype or processing instruction at the start of
/// `markup` (which starts with `<`); `None` when there is none.
fn skip_declaration(markup: &str) -> Option<&str> {
    if let Some(comment) = markup.strip_prefix("<!--") {
        return Some(comment.find("-->").map_or("", |end| &comment[end + 3..]));
    }
    let tail = markup[1..].strip_prefix(['!', '?'])?;
    Some(tail.find('>').map_or("", |end| &tail[end + 1..]))
}

/// A tag as `html_to_text` sees it.
struct Tag<'a> {
    /// The name, lower case.
    lower: String,
    closing: bool,
    /// Written `<x … />`.
    self_closing: bool,
    block: bool,
    /// The input after the tag's `>`.
    rest: &'a str,
}

impl<'a> Tag<'a> {
    /// `s` follows a `<`; a tag when it starts with a letter or `/` and a letter.
    fn parse(s: &'a str) -> Option<Self> {
        let (closing, body) = match s.strip_prefix('/') {
            Some(body) => (true, body),
            None => (false, s),
        };
        if !body.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return None;
        }
        let name_len = body
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(body.len());
        let lower = body[..name_len].to_ascii_lowercase();
        let attrs = &body[name_len..];
        let rest = skip_tag(attrs);
        let self_closing = attrs[..attrs.len() - rest.len()].ends_with("/>");
        Some(Tag {
            block: BLOCK_TAGS.contains(&lower.as_str()),
            lower,
            closing,
            self_closing,
            rest,
        })
    }

    /// A start tag of an element the sanitiser drops with its content, when
    /// it has content: not a void element, nor a self-closed `svg`/`math`.
    fn drops_content(&self) -> bool {
        let name = self.lower.as_str();
        !self.closing
            && DROPPED.contains(&name)
            && !VOID_ELEMENTS.contains(&name)
            && (!self.self_closing || !FOREIGN.contains(&name))
    }
}

/// Past the `>` that ends a tag. A quote opens an attribute value only right
/// after its `=` (spaces allowed between): in `title=O'Brien` it is a letter.
fn skip_tag(s: &str) -> &str {
    let mut quote = None;
    let mut after_equals = false;
    for (i, c) in s.char_indices() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '>' => return &s[i + 1..],
            '"' | '\'' if after_equals => quote = Some(c),
            // `a==b`: the second `=` begins an unquoted value.
            '=' if !after_equals => {
                after_equals = true;
                continue;
            }
            c if c.is_ascii_whitespace() => continue,
            _ => {}
        }
        after_equals = false;
    }
    ""
}

/// Past the end of a dropped element whose start tag `<name …>` has just
/// been read: its closing tag, counting nested elements of the same name
/// where they nest (`svg`, `math`, `template`), stepping over comments and
/// (outside `svg`/`math`) the raw text of a nested `script` or the like.
/// Unclosed, the element runs to the end of the input.
fn skip_dropped<'a>(s: &'a str, name: &str) -> &'a str {
    if RAW_TEXT.contains(&name) {
        return skip_raw_text(s, name);
    }
    let foreign = FOREIGN.contains(&name);
    let nests = foreign || name == "template";
    let mut depth = 1;
    let mut rest = s;
    while let Some(lt) = rest.find('<') {
        let markup = &rest[lt..];
        if let Some(after) = skip_declaration(markup) {
            rest = after;
            continue;
        }
        let Some(tag) = Tag::parse(&markup[1..]) else {
            rest = &markup[1..];
            continue;
        };
        rest = tag.rest;
        if tag.lower == name {
            if tag.closing {
                depth -= 1;
                if depth == 0 {
                    return rest;
                }
            } else if nests && !tag.self_closing {
                depth += 1;
            }
        } else if !foreign && !tag.closing && RAW_TEXT.contains(&tag.lower.as_str()) {
            rest = skip_raw_text(rest, &tag.lower);
        }
    }
    ""
}

/// Past the closing tag of a raw-text element (`script`, `style`, …), whose
/// lower-case name is `name`.
fn skip_raw_text<'a>(s: &'a str, name: &str) -> &'a str {
    let closing = format!("</{name}");
    // ASCII lower-casing keeps byte offsets.
    match s.to_ascii_lowercase().find(&closing) {
        Some(at) => skip_tag(&s[at + closing.len()..]),
        None => "",
    }
}

/// Elements whose content the HTML parser reads as text, up to their closing
/// tag (`noscript` is not one: `DOMParser` runs without scripting).
const RAW_TEXT: &[&str] = &[
    "script", "style", "iframe", "noembed", "noframes", "xmp", "textarea", "title",
];

/// Elements that never have content.
const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "frame", "hr", "img", "input", "keygen", "link", "meta",
    "param", "source", "track", "wbr",
];

/// Foreign elements: `<svg/>` is empty, and nothing inside is raw text.
const FOREIGN: &[&str] = &["svg", "math"];

const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "caption",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::test_support::item;
    use time::macros::datetime;

    fn hits<'a>(text: &'a str, query: &str) -> Vec<&'a str> {
        match_ranges(text, query)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn normalize_folds_case_width_and_space() {
        assert_eq!(normalize("ＡＢＣ１２３"), "abc123");
        assert_eq!(
            normalize("  党员\u{3000}\u{3000}大会\t\nＱ３ "),
            "党员 大会 q3"
        );
        assert_eq!(normalize("２０２６年（第一季度）"), "2026年(第一季度)");
        assert_eq!(normalize("第一党支部"), "第一党支部");
        assert_eq!(normalize(""), "");
        assert_eq!(normalize(" \u{3000} "), "");
    }

    #[test]
    fn full_width_query_finds_ascii_text_and_back() {
        assert_eq!(hits("2026年Q1党费收缴情况", "Ｑ１"), vec!["Q1"]);
        assert_eq!(hits("２０２６年第一季度", "2026"), vec!["２０２６"]);
        assert_eq!(hits("关于ABC的公示", "abc"), vec!["ABC"]);
    }

    #[test]
    fn several_terms_each_highlighted() {
        let text = "第一党支部2026年第一季度党费收缴情况公示";
        assert_eq!(hits(text, "党费  公示"), vec!["党费", "公示"]);
        assert_eq!(hits(text, "第一\u{3000}党费"), vec!["第一", "第一", "党费"]);
        // Overlapping and touching terms merge into one highlight.
        assert_eq!(hits(text, "党支 支部"), vec!["党支部"]);
        assert_eq!(hits(text, "党费 收缴"), vec!["党费收缴"]);
    }

    #[test]
    fn no_match_and_empty_query() {
        assert!(match_ranges("党员大会", "团员").is_empty());
        assert!(match_ranges("党员大会", "").is_empty());
        assert!(match_ranges("党员大会", " \u{3000}\t").is_empty());
        assert!(match_ranges("", "党员").is_empty());
        assert_eq!(highlight("党员大会", ""), vec![Segment::Plain("党员大会")]);
        assert_eq!(highlight("", "党员"), vec![]);
    }

    #[test]
    fn highlight_pieces_join_back_to_the_text() {
        let text = "民主评议党员结果公示（党员）";
        let segments = highlight(text, "党员");
        assert_eq!(
            segments,
            vec![
                Segment::Plain("民主评议"),
                Segment::Hit("党员"),
                Segment::Plain("结果公示（"),
                Segment::Hit("党员"),
                Segment::Plain("）"),
            ]
        );
        let joined: String = segments
            .iter()
            .map(|s| match s {
                Segment::Plain(t) | Segment::Hit(t) => *t,
            })
            .collect();
        assert_eq!(joined, text);
    }

    #[test]
    fn ranges_fall_on_char_boundaries_with_emoji_and_expanding_case() {
        let text = "🎉党员İstanbul👍🏽大会ｉ";
        for query in ["党员", "i", "İ", "大会", "👍", "🏽大", "ｉ", "stan"] {
            for r in match_ranges(text, query) {
                assert!(
                    text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
                    "{query}: {r:?}"
                );
                assert!(r.start < r.end);
            }
        }
        assert_eq!(hits(text, "🏽大"), vec!["🏽大"]);
        // 'İ' lower-cases to "i̇": an "i" finds it, and the full-width ｉ.
        assert_eq!(hits(text, "i"), vec!["İ", "ｉ"]);
        assert_eq!(hits(text, "İstan"), vec!["İstan"]);
    }

    #[test]
    fn very_long_title() {
        let mut title = "党".repeat(20_000);
        title.push_str("公示");
        assert_eq!(match_ranges(&title, "公示"), vec![60_000..60_006]);
        // Every "党" matches; consecutive hits merge into one range.
        assert_eq!(match_ranges(&title, "党"), vec![0..60_000]);
        let mut it = item("long", "c", datetime!(2026-01-01 00:00 +8));
        it.title = title;
        assert!(item_matches(&it, "党党党 公示"));
        assert!(!item_matches(&it, "公告"));
    }

    fn sample() -> Item {
        let mut it = item("x", "finance", datetime!(2026-03-31 23:30 +8));
        it.title = "第一党支部2026年第一季度党费收缴情况".to_owned();
        it.summary = "按时足额缴纳".to_owned();
        it.body_html =
            "<p>应缴<strong>党员</strong>32人</p><p>实缴&nbsp;32人&amp;全额</p><script>var secret=1</script>".to_owned();
        it
    }

    #[test]
    fn item_matches_title_summary_and_body_text() {
        let it = sample();
        assert!(item_matches(&it, ""));
        assert!(item_matches(&it, "党费"));
        assert!(item_matches(&it, "足额"));
        assert!(
            item_matches(&it, "应缴党员"),
            "inline markup does not split words"
        );
        assert!(
            item_matches(&it, "党费 足额 实缴"),
            "terms from title, summary and body"
        );
        assert!(item_matches(&it, "３２人&全额"));
        assert!(!item_matches(&it, "党费 团费"), "every term must match");
        assert!(
            !item_matches(&it, "32人实缴"),
            "paragraphs do not run together"
        );
    }

    #[test]
    fn a_folded_item_matches_as_the_item_does() {
        let it = sample();
        let folded = fold_item(&it);
        let queries = [
            "",
            "党费",
            "足额",
            "应缴党员",
            "党费 足额 实缴",
            "３２人&全额",
            "党费 团费",
            "32人实缴",
            "情况按时",
            "况\n按",
            "secret",
            "第一 ",
            "  ",
            "2026年第一季度",
        ];
        for q in queries {
            let query = Query::new(q);
            assert_eq!(
                query.matches_folded(&folded),
                query.matches(&it),
                "query {q:?}"
            );
        }
        assert!(
            !Query::new("情况按时").matches_folded(&folded),
            "no term spans the title and the summary"
        );
    }

    #[test]
    fn grams_never_rule_out_a_term_the_text_holds() {
        let it = sample();
        let searchable = Searchable::new(it.clone());
        let chars: Vec<char> = searchable.folded.chars().collect();
        // Every piece of the text, of one to six characters.
        for start in 0..chars.len() {
            for len in 1..=6.min(chars.len() - start) {
                let piece: String = chars[start..start + len].iter().collect();
                let query = Query::new(&piece);
                assert_eq!(
                    query.matches_searchable(&searchable),
                    query.matches_folded(&searchable.folded),
                    "piece {piece:?}"
                );
            }
        }
        for q in ["党费 足额 实缴", "３２人&全额", "黨費", "PARTY dues"] {
            let query = Query::new(q);
            assert_eq!(
                query.matches_searchable(&searchable),
                query.matches(&it),
                "query {q:?}"
            );
        }
    }

    #[test]
    fn grams_rule_out_most_texts_without_a_term() {
        // Texts of many characters, none holding the terms asked.
        let texts: Vec<Searchable> = (0..200u32)
            .map(|n| {
                let text: String = (0..120)
                    .map(|k| char::from_u32(0x4E00 + (n * 7919 + k * 104_729) % 3000).unwrap())
                    .collect();
                let mut it = sample();
                it.title = text;
                it.summary = String::new();
                it.body_html = String::new();
                Searchable::new(it)
            })
            .collect();
        let query = Query::new("黨務公開");
        assert!(texts.iter().all(|s| !query.matches_folded(&s.folded)));
        let passed = texts
            .iter()
            .filter(|s| s.grams.covers(&query.needed))
            .count();
        assert!(passed < 10, "{passed} of 200 texts left for a scan");
    }

    /// A search of one character is answered by the grams alone: the same
    /// answer as a scan, for characters the text holds and lacks, in any
    /// case and width, and beyond the Basic Multilingual Plane.
    #[test]
    fn one_character_is_answered_by_the_grams_as_a_scan_would() {
        let mut it = sample();
        it.title = "黨務公開 Ａb𠀀c 第3季度".into();
        it.summary = String::new();
        it.body_html = "<p>附件</p>".into();
        let s = Searchable::new(it.clone());
        for c in "黨務公開aAＡbB𠀀𠀁cC第3３季度党x 。附件".chars() {
            let query = Query::new(&c.to_string());
            assert_eq!(query.matches_searchable(&s), query.matches(&it), "{c:?}");
        }
        assert!(Query::new("𠀀").matches_searchable(&s));
        assert!(!Query::new("党").matches_searchable(&s));
        assert!(Query::new("Ａ").matches_searchable(&s), "full width folds");
        assert!(
            Query::new("件").matches_searchable(&s),
            "the body's text too"
        );
    }

    /// The first keystroke of a search is one character: texts of 150
    /// different characters (a board's item, folded) that lack it are
    /// mostly passed over too.
    #[test]
    fn grams_rule_out_most_texts_without_a_character() {
        let texts: Vec<Searchable> = (0..400u32)
            .map(|n| {
                let mut it = sample();
                it.title = (0..150)
                    .map(|k| char::from_u32(0x4E00 + (n * 7919 + k * 13) % 2000).unwrap())
                    .collect();
                it.summary = String::new();
                it.body_html = String::new();
                Searchable::new(it)
            })
            .collect();
        // Characters no text holds.
        let (mut asked, mut passed) = (0, 0);
        for c in (0..200u32).map(|k| char::from_u32(0x6000 + k * 3).unwrap()) {
            let query = Query::new(&c.to_string());
            for s in &texts {
                assert!(!query.matches_folded(&s.folded));
                asked += 1;
                passed += usize::from(s.grams.covers(&query.needed));
            }
        }
        // 150 bits of 1 024 set: about 14 % by chance.
        assert!(
            passed * 100 < asked * 18,
            "{passed} of {asked} left for a scan"
        );
    }

    #[test]
    fn markup_never_matches() {
        let it = sample();
        for q in ["strong", "<p>", "nbsp", "amp", "script", "secret"] {
            assert!(!item_matches(&it, q), "{q}");
        }
    }

    #[test]
    fn html_to_text_cases() {
        assert_eq!(html_to_text("a<br/>b"), "a b");
        assert_eq!(html_to_text("<a href=\"x>y\" title='1>2'>链接</a>"), "链接");
        assert_eq!(html_to_text("1 < 2 &lt; 3"), "1 < 2 < 3");
        assert_eq!(html_to_text("x<!-- <p>hidden</p> -->y"), "xy");
        assert_eq!(html_to_text("<!DOCTYPE html>正文"), "正文");
        assert_eq!(
            html_to_text("<STYLE>p{}</STYLE>文<script>x</sCrIpT >字"),
            "文字"
        );
        assert_eq!(
            html_to_text("&#x515A;&#20826;&quot;&unknown;"),
            "党党\"&unknown;"
        );
        assert_eq!(html_to_text("<p>unclosed"), " unclosed");
        assert_eq!(html_to_text("<script>never closed"), "");
        assert_eq!(html_to_text("tail<"), "tail<");
    }

    #[test]
    fn a_quote_inside_an_unquoted_value_opens_nothing() {
        assert_eq!(html_to_text("<p title=O'Brien>甲</p><p>乙</p>"), " 甲  乙 ");
        assert_eq!(html_to_text("<p data-x=a\"b class=c>甲</p>乙"), " 甲 乙");
        assert_eq!(html_to_text("<a it's>甲</a>乙"), "甲乙");
        // Quoted values still hide their `>`, with spaces around the `=`.
        assert_eq!(html_to_text("<a title = '1>2' href= \"x>y\">甲</a>"), "甲");
        assert_eq!(html_to_text("<a title=='1>2'>甲</a>"), "2'>甲");
        let mut it = item("q", "c", datetime!(2026-01-01 00:00 +8));
        it.body_html = "<p title=O'Brien>甲</p><p>应缴党员</p>".to_owned();
        assert!(item_matches(&it, "应缴党员"));
    }

    #[test]
    fn content_the_sanitiser_drops_is_not_text() {
        for (html, text) in [
            ("甲<textarea>隐藏</textarea>乙", "甲乙"),
            ("甲<title>隐藏<p></title>乙", "甲乙"),
            ("甲<iframe><p>隐藏</p></iframe>乙", "甲乙"),
            ("甲<noscript><p>隐藏</p></noscript>乙", "甲乙"),
            ("甲<template><p>隐藏</p></template>乙", "甲乙"),
            ("甲<TEMPLATE><template>隐</template>藏</Template>乙", "甲乙"),
            ("甲<svg><text>隐藏</text><svg>隐</svg>藏</svg>乙", "甲乙"),
            ("甲<svg/>乙<math><mi>x</mi></math>丙", "甲乙丙"),
            ("甲<select><option>隐<option>藏</select>乙", "甲乙"),
            ("甲<option>隐藏</option>乙", "甲乙"),
            (
                "甲<noscript><script>\"</noscript>\"</script>隐藏</noscript>乙",
                "甲乙",
            ),
            (
                "甲<object data=x.swf><!-- </object> -->隐藏</object>乙",
                "甲乙",
            ),
            // Void elements have no content to drop.
            ("甲<input value=隐藏>乙<meta charset=utf-8>丙", "甲乙丙"),
            ("甲<textarea>never closed", "甲"),
        ] {
            assert_eq!(html_to_text(html), text, "{html}");
        }
        let mut it = item("d", "c", datetime!(2026-01-01 00:00 +8));
        it.body_html =
            "<p>公示</p><svg><title>秘密</title></svg><textarea>内部</textarea>".to_owned();
        for q in ["秘密", "内部"] {
            assert!(!item_matches(&it, q), "{q}");
        }
        assert!(item_matches(&it, "公示"));
    }

    #[test]
    fn every_dropped_element_hides_its_content() {
        for name in DROPPED {
            if VOID_ELEMENTS.contains(name) {
                continue;
            }
            let html = format!("甲<{name} x=1>隐藏</{name}>乙");
            assert_eq!(html_to_text(&html), "甲乙", "{html}");
        }
    }
}
