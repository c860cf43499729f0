//! Substring search for Chinese text, with highlighting.
//!
//! Chinese has no spaces between words, so a query matches wherever its text
//! occurs. Case, full-width forms (`ＡＢＣ１２３`) and runs of whitespace
//! (including the ideographic space) are folded away on both sides. A query
//! of several whitespace-separated terms matches when every term does.

use std::ops::Range;

use super::sanitize::decode_entities;
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

/// A query folded once, for matching many items.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    terms: Vec<String>,
}

impl Query {
    pub fn new(query: &str) -> Self {
        Self {
            terms: terms(query),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
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

/// The text of an HTML fragment, for searching: tags and comments removed,
/// `script`/`style` content dropped, the common character references decoded,
/// a space where a block element begins or ends so that words in adjacent
/// paragraphs do not run together (inline elements add nothing: `党<b>员</b>`
/// reads `党员`).
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&decode_entities(&rest[..lt]));
        let markup = &rest[lt..];
        let tail = &markup[1..];
        if let Some(comment) = markup.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
        } else if tail.starts_with(['!', '?']) {
            rest = tail.find('>').map_or("", |end| &tail[end + 1..]);
        } else if let Some(tag) = Tag::parse(tail) {
            if tag.block {
                out.push(' ');
            }
            rest = tag.rest;
            if tag.raw_text {
                rest = skip_raw_text(rest, tag.name);
            }
        } else {
            out.push('<');
            rest = tail;
        }
    }
    out.push_str(&decode_entities(rest));
    out
}

/// A tag as `html_to_text` sees it.
struct Tag<'a> {
    name: &'a str,
    block: bool,
    /// `script` or `style`: what follows up to the closing tag is not text.
    raw_text: bool,
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
        let name = &body[..name_len];
        let rest = skip_tag(&body[name_len..]);
        let lower = name.to_ascii_lowercase();
        Some(Tag {
            name,
            block: BLOCK_TAGS.contains(&lower.as_str()),
            raw_text: !closing && matches!(lower.as_str(), "script" | "style"),
            rest,
        })
    }
}

/// Past the `>` that ends a tag, stepping over quoted attribute values.
fn skip_tag(s: &str) -> &str {
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return &s[i + 1..],
            _ => {}
        }
    }
    ""
}

/// Past the closing tag of a `script` or `style` element.
fn skip_raw_text<'a>(s: &'a str, name: &str) -> &'a str {
    let closing = format!("</{}", name.to_ascii_lowercase());
    // ASCII lower-casing keeps byte offsets.
    match s.to_ascii_lowercase().find(&closing) {
        Some(at) => skip_tag(&s[at + closing.len()..]),
        None => "",
    }
}

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
}
