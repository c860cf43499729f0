//! The allow-list HTML sanitiser, pure part.
//!
//! In the browser the backend's HTML is parsed inertly (`DOMParser`) and
//! turned into [`HtmlNode`]s; this module decides what survives and writes
//! it back as HTML text that is safe to set as `inner_html`:
//!
//! - Only the elements in [`ALLOWED`] are written, under their own lower-case
//!   names (`h1` becomes `h2`: the page owns its `h1`).
//! - Only the attributes each of them allows are written, every value
//!   escaped; no `class`, `style`, `id` or event handlers anywhere.
//!   Links keep `href` only when [`safe_url`] accepts it and always get
//!   `rel="noopener noreferrer nofollow external"` (`external`: the app's
//!   router leaves the click to the browser); a link without one is written
//!   as its text. Images always get `referrerpolicy="no-referrer"` and
//!   `loading="lazy"`; an image without a safe `src` is dropped.
//! - Other elements are unwrapped (their content kept), except the
//!   [`DROPPED`] ones, which go with everything inside them.
//! - Elements nested more than [`MAX_DEPTH`] deep are written as their text.
//! - The output is balanced: every element written is closed, void elements
//!   are written as `<br>`.
//! - Every table is wrapped in a region that scrolls sideways (the app's
//!   CSS), takes the focus (to scroll by keyboard) and is named after its
//!   caption, or the caller's generic label:
//!   `<div role="region" tabindex="0" aria-label="…"><table>…</table></div>`.
//!
//! Relative addresses are the caller's to resolve first, with
//! [`resolve_urls`] (against the backend's base URL, say).

use std::borrow::Cow;

/// A parsed node: what the browser's DOM tree is turned into.
#[derive(Clone, Debug, PartialEq)]
pub enum HtmlNode {
    Element {
        tag: String,
        attrs: Vec<(String, String)>,
        children: Vec<HtmlNode>,
    },
    Text(String),
}

impl HtmlNode {
    pub fn text(s: impl Into<String>) -> Self {
        Self::Text(s.into())
    }

    pub fn element(tag: &str, attrs: &[(&str, &str)], children: Vec<HtmlNode>) -> Self {
        Self::Element {
            tag: tag.to_owned(),
            attrs: attrs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            children,
        }
    }
}

/// The `rel` every kept link gets.
pub const LINK_REL: &str = "noopener noreferrer nofollow external";

/// Rewrites the `href` of every `a` and the `src` of every `img` in `nodes`,
/// at any depth, through `resolve`; `None` removes the attribute (so
/// [`sanitize_to_html`] then writes the link as text and drops the image).
/// A fragment-only `href` (`#…`) is left as it is: it points into the page.
/// Run it before [`sanitize_to_html`], which still checks every address
/// with [`safe_url`].
pub fn resolve_urls(nodes: &mut [HtmlNode], resolve: &dyn Fn(&str) -> Option<String>) {
    walk(nodes, &mut |node| {
        let HtmlNode::Element { tag, attrs, .. } = node else {
            return true;
        };
        let url_attr = if tag.eq_ignore_ascii_case("a") {
            Some("href")
        } else if tag.eq_ignore_ascii_case("img") {
            Some("src")
        } else {
            None
        };
        if let Some(name) = url_attr {
            attrs.retain_mut(|(key, value)| {
                if !key.eq_ignore_ascii_case(name)
                    || (name == "href"
                        && value
                            .trim_start_matches(|c: char| c <= ' ')
                            .starts_with('#'))
                {
                    return true;
                }
                match resolve(value) {
                    Some(resolved) => {
                        *value = resolved;
                        true
                    }
                    None => false,
                }
            });
        }
        true
    });
}

/// Calls `visit` on every node of `nodes` at any depth, each before its
/// children; where `visit` returns `false` the node's children are not
/// visited (it put another node in its place).
fn walk(nodes: &mut [HtmlNode], visit: &mut dyn FnMut(&mut HtmlNode) -> bool) {
    let mut stack: Vec<&mut HtmlNode> = nodes.iter_mut().collect();
    while let Some(node) = stack.pop() {
        if !visit(node) {
            continue;
        }
        if let HtmlNode::Element { children, .. } = node {
            stack.extend(children.iter_mut());
        }
    }
}

/// The origin (`scheme://host[:port]`, lower case) of an absolute http(s)
/// URL; `None` for anything else.
pub fn origin_of(url: &str) -> Option<String> {
    let url = url.trim();
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let host = rest.split(['/', '?', '#']).next()?;
    // user:password@host is not an image address anyone needs.
    if host.is_empty() || host.contains('@') {
        return None;
    }
    Some(format!("{scheme}://{}", host.to_ascii_lowercase()))
}

/// Where pictures in bodies may be loaded from: the backend's and the
/// app's own origins, and those the site lists (`config.json`
/// `image_origins`). A picture from anywhere else would tell a third party
/// who reads what (a tracking pixel); it is shown as a link instead
/// ([`hold_remote_images`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImageOrigins {
    origins: Vec<String>,
}

impl ImageOrigins {
    /// The origins of the absolute URLs in `sources` (the backend's base,
    /// the app's, the listed ones); anything else in the list is ignored.
    pub fn new<'a>(sources: impl IntoIterator<Item = &'a str>) -> ImageOrigins {
        ImageOrigins {
            origins: sources
                .into_iter()
                .filter_map(|s| origin_of(s.trim_end_matches('/')))
                .collect(),
        }
    }

    pub fn allows(&self, url: &str) -> bool {
        origin_of(url).is_some_and(|o| self.origins.contains(&o))
    }

    fn has(&self, origin: &str) -> bool {
        self.origins.iter().any(|o| o == origin)
    }
}

/// Every `img` (at any depth) whose absolute `src` is not from `origins`
/// becomes a link to the picture, its text `label(host, alt)` (the locale
/// words both, the alt text kept): the reader sees that there is a picture and where it
/// is, and it is fetched only if they open it. Run after [`resolve_urls`]
/// (addresses absolute) and before [`sanitize_to_html`].
pub fn hold_remote_images(
    nodes: &mut [HtmlNode],
    origins: &ImageOrigins,
    label: &dyn Fn(&str, Option<&str>) -> String,
) {
    walk(nodes, &mut |node| match held(node, origins, label) {
        Some(link) => {
            *node = link;
            false
        }
        None => true,
    });
}

/// The link that takes the place of `node`, an image from an origin not
/// allowed; `None` for anything else.
fn held(
    node: &HtmlNode,
    origins: &ImageOrigins,
    label: &dyn Fn(&str, Option<&str>) -> String,
) -> Option<HtmlNode> {
    let HtmlNode::Element { tag, attrs, .. } = node else {
        return None;
    };
    if !tag.eq_ignore_ascii_case("img") {
        return None;
    }
    let get = |name: &str| {
        attrs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    let src = get("src")?;
    let origin = origin_of(src).unwrap_or_default();
    if origins.has(&origin) {
        return None;
    }
    let host = origin.split_once("://").map_or("", |(_, h)| h);
    let alt = get("alt").map(str::trim).filter(|a| !a.is_empty());
    let text = label(host, alt);
    Some(HtmlNode::element(
        "a",
        &[("href", src)],
        vec![HtmlNode::text(text)],
    ))
}

/// The elements that are written, lower case.
pub const ALLOWED: &[&str] = &[
    "p",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "small",
    "mark",
    "blockquote",
    "q",
    "pre",
    "code",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "a",
    "img",
    "figure",
    "figcaption",
    "span",
    "div",
];

/// The elements dropped together with their content.
pub const DROPPED: &[&str] = &[
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "template", "noscript",
    "svg", "math", "form", "input", "button", "textarea", "select", "option", "link", "meta",
    "base", "title", "head",
];

/// Elements nested deeper than this are written as plain text.
pub const MAX_DEPTH: usize = 64;

const VOID: &[&str] = &["br", "hr", "img"];

/// The URL schemes a link or image may use.
const SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// The sanitised HTML text of `nodes`; `table_label` names the scrolling
/// region of a table without a caption.
pub fn sanitize_to_html(nodes: &[HtmlNode], table_label: &str) -> String {
    let mut out = String::new();
    for node in nodes {
        write_node(node, 0, table_label, &mut out);
    }
    out
}

fn write_node(node: &HtmlNode, depth: usize, table_label: &str, out: &mut String) {
    let (tag, attrs, children) = match node {
        HtmlNode::Text(text) => return out.push_str(&escape_text(text)),
        HtmlNode::Element {
            tag,
            attrs,
            children,
        } => (tag.to_ascii_lowercase(), attrs, children),
    };
    if DROPPED.contains(&tag.as_str()) {
        return;
    }
    if depth >= MAX_DEPTH {
        return write_text_of(node, out);
    }
    let Some(&name) = ALLOWED.iter().find(|&&a| a == tag) else {
        for child in children {
            write_node(child, depth + 1, table_label, out);
        }
        return;
    };
    let name = if name == "h1" { "h2" } else { name };
    let Some(kept) = kept_attrs(name, attrs) else {
        // A link without a safe target is plain text; an image goes.
        for child in children {
            write_node(child, depth + 1, table_label, out);
        }
        return;
    };
    if name == "table" {
        let label = caption_of(children);
        let label = label.as_deref().unwrap_or(table_label);
        out.push_str("<div role=\"region\" tabindex=\"0\" aria-label=\"");
        out.push_str(&escape_attr(label));
        out.push_str("\">");
    }
    out.push('<');
    out.push_str(name);
    for (key, value) in kept {
        out.push(' ');
        out.push_str(key);
        out.push_str("=\"");
        out.push_str(&escape_attr(&value));
        out.push('"');
    }
    out.push('>');
    if VOID.contains(&name) {
        return;
    }
    for child in children {
        write_node(child, depth + 1, table_label, out);
    }
    out.push_str("</");
    out.push_str(name);
    out.push('>');
    if name == "table" {
        out.push_str("</div>");
    }
}

/// The words of a table's `caption`, white space collapsed; `None` when it
/// has none, or an empty one.
fn caption_of(children: &[HtmlNode]) -> Option<String> {
    let caption = children.iter().find(
        |c| matches!(c, HtmlNode::Element { tag, .. } if tag.eq_ignore_ascii_case("caption")),
    )?;
    let mut text = String::new();
    let mut stack = vec![caption];
    while let Some(node) = stack.pop() {
        match node {
            HtmlNode::Text(t) => text.push_str(t),
            HtmlNode::Element { tag, children, .. } => {
                if !DROPPED.contains(&tag.to_ascii_lowercase().as_str()) {
                    stack.extend(children.iter().rev());
                }
            }
        }
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// The text inside `node`, escaped, leaving out dropped elements. Iterative,
/// so that no nesting depth can exhaust the stack.
fn write_text_of(node: &HtmlNode, out: &mut String) {
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        match node {
            HtmlNode::Text(text) => out.push_str(&escape_text(text)),
            HtmlNode::Element { tag, children, .. } => {
                if !DROPPED.contains(&tag.to_ascii_lowercase().as_str()) {
                    stack.extend(children.iter().rev());
                }
            }
        }
    }
}

/// The attributes `tag` keeps, in a fixed order; `None` when the element
/// itself must go (a link or an image without a safe URL).
fn kept_attrs(tag: &str, attrs: &[(String, String)]) -> Option<Vec<(&'static str, String)>> {
    let get = |name: &str| {
        attrs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    let digits = |name: &str| {
        get(name)
            .map(str::trim)
            .filter(|v| is_small_number(v))
            .map(str::to_owned)
    };
    let mut kept: Vec<(&'static str, String)> = Vec::new();
    let mut keep = |key: &'static str, value: Option<String>| {
        if let Some(value) = value {
            kept.push((key, value));
        }
    };
    match tag {
        "a" => {
            keep("href", Some(get("href").and_then(safe_url)?));
            keep("title", get("title").map(str::to_owned));
            keep("rel", Some(LINK_REL.to_owned()));
        }
        "img" => {
            keep("src", Some(get("src").and_then(safe_url)?));
            keep("alt", get("alt").map(str::to_owned));
            keep("width", digits("width"));
            keep("height", digits("height"));
            keep("referrerpolicy", Some("no-referrer".to_owned()));
            keep("loading", Some("lazy".to_owned()));
        }
        "th" | "td" => {
            keep("colspan", digits("colspan"));
            keep("rowspan", digits("rowspan"));
            if tag == "th" {
                let scope = get("scope").map(|s| s.trim().to_ascii_lowercase());
                keep(
                    "scope",
                    scope.filter(|s| matches!(s.as_str(), "row" | "col" | "rowgroup" | "colgroup")),
                );
            }
        }
        "ol" => keep("start", digits("start")),
        _ => {}
    }
    Some(kept)
}

fn is_small_number(s: &str) -> bool {
    (1..=6).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

/// `s` as HTML text: `&`, `<` and `>` escaped.
pub fn escape_text(s: &str) -> String {
    escape(s, false)
}

/// `s` as a quoted attribute value: `&`, `<`, `>`, `"` and `'` escaped.
pub fn escape_attr(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, quotes: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if quotes => out.push_str("&quot;"),
            '\'' if quotes => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `value` when it is safe as a link or image address: `http:`, `https:`,
/// `mailto:`, `tel:`, or relative (`/x`, `x.html`, `?q`, `#top`, `//host`).
/// Whether it has another scheme is decided after removing ASCII whitespace
/// and control characters anywhere, decoding character references and
/// folding case, so `" JaVaScRiPt:"`, `"jav\tascript:"` and
/// `"javascript&colon;"` are all refused, as are `data:` and `vbscript:`.
/// The address returned is `value` cleaned the way browsers clean it (ends
/// trimmed of spaces and control characters, tabs and newlines removed).
pub fn safe_url(value: &str) -> Option<String> {
    let cleaned: String = value
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    if cleaned.is_empty() {
        return None;
    }
    let probe: String = decode_entities(&cleaned)
        .chars()
        .filter(|c| !(c.is_ascii_whitespace() || c.is_ascii_control()))
        .map(|c| c.to_ascii_lowercase())
        .collect();
    match probe.find([':', '/', '?', '#']) {
        Some(at) if probe[at..].starts_with(':') => {
            SCHEMES.contains(&&probe[..at]).then_some(cleaned)
        }
        _ => Some(cleaned),
    }
}

/// `s` with numeric character references and the common named ones
/// decoded; anything else is left as it is.
pub fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        match decode_one(rest) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The character a reference at the start of `s` (`&…;`) stands for, and
/// the reference's length in bytes.
fn decode_one(s: &str) -> Option<(char, usize)> {
    let end = s
        .char_indices()
        .take(34)
        .find(|&(_, c)| c == ';')
        .map(|(i, _)| i)?;
    let body = &s[1..end];
    let c = if let Some(num) = body.strip_prefix('#') {
        let (digits, radix) = match num.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16),
            None => (num, 10),
        };
        if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
            return None;
        }
        // Too many digits is no character at all, like zero.
        let code = u32::from_str_radix(digits, radix).unwrap_or(0);
        match code {
            0 => '\u{FFFD}',
            code => char::from_u32(code).unwrap_or('\u{FFFD}'),
        }
    } else {
        NAMED.iter().find(|(name, _)| *name == body)?.1
    };
    Some((c, end + 1))
}

const NAMED: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", '\u{A0}'),
    ("ensp", '\u{2002}'),
    ("emsp", '\u{2003}'),
    ("thinsp", '\u{2009}'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("laquo", '«'),
    ("raquo", '»'),
    ("mdash", '—'),
    ("ndash", '–'),
    ("hellip", '…'),
    ("middot", '·'),
    ("bull", '•'),
    ("times", '×'),
    ("divide", '÷'),
    ("deg", '°'),
    ("plusmn", '±'),
    ("yen", '¥'),
    ("copy", '©'),
    ("reg", '®'),
    ("trade", '™'),
    ("sect", '§'),
    ("para", '¶'),
    ("larr", '←'),
    ("rarr", '→'),
    ("colon", ':'),
    ("Tab", '\t'),
    ("NewLine", '\n'),
    ("sol", '/'),
    ("lpar", '('),
    ("rpar", ')'),
    ("num", '#'),
    ("quest", '?'),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn el(tag: &str, attrs: &[(&str, &str)], children: Vec<HtmlNode>) -> HtmlNode {
        HtmlNode::element(tag, attrs, children)
    }

    fn text(s: &str) -> HtmlNode {
        HtmlNode::text(s)
    }

    fn html(nodes: Vec<HtmlNode>) -> String {
        sanitize_to_html(&nodes, "表格")
    }

    /// A tag balance check: every opened non-void tag is closed in order.
    fn assert_balanced(out: &str) {
        let mut open: Vec<String> = Vec::new();
        let mut rest = out;
        while let Some(lt) = rest.find('<') {
            let end = rest[lt..].find('>').expect("tag closes") + lt;
            let tag = &rest[lt + 1..end];
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            if tag.starts_with('/') {
                assert_eq!(open.pop().as_deref(), Some(name.as_str()), "in {out}");
            } else if !VOID.contains(&name.as_str()) {
                open.push(name);
            }
            rest = &rest[end + 1..];
        }
        assert!(open.is_empty(), "unclosed {open:?} in {out}");
    }

    #[test]
    fn script_and_other_dangerous_containers_go_with_their_content() {
        let out = html(vec![
            el(
                "p",
                &[],
                vec![
                    text("前"),
                    el("SCRIPT", &[], vec![text("alert(1)")]),
                    text("后"),
                ],
            ),
            el("style", &[], vec![text("p{color:red}")]),
            el(
                "iframe",
                &[("src", "https://evil.example")],
                vec![text("x")],
            ),
            el(
                "svg",
                &[],
                vec![el("a", &[("href", "https://x")], vec![text("svg link")])],
            ),
            el(
                "form",
                &[],
                vec![el("input", &[("value", "v")], vec![]), text("表单")],
            ),
            el("noscript", &[], vec![el("p", &[], vec![text("n")])]),
        ]);
        assert_eq!(out, "<p>前后</p>");
    }

    #[test]
    fn event_handlers_and_styles_are_stripped() {
        let out = html(vec![
            el(
                "p",
                &[
                    ("onclick", "alert(1)"),
                    ("class", "x"),
                    ("style", "color:red"),
                    ("id", "i"),
                ],
                vec![text("段")],
            ),
            el(
                "img",
                &[
                    ("src", "/a.png"),
                    ("onerror", "alert(1)"),
                    ("ONLOAD", "x"),
                    ("alt", "图"),
                ],
                vec![],
            ),
            el("div", &[("onmouseover", "x")], vec![]),
        ]);
        assert_eq!(
            out,
            "<p>段</p><img src=\"/a.png\" alt=\"图\" referrerpolicy=\"no-referrer\" loading=\"lazy\"><div></div>"
        );
        assert!(!out.contains("on"), "{out}");
    }

    #[test]
    fn javascript_links_in_every_disguise() {
        let disguises = [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " JaVaScRiPt:alert(1)",
            "jav\tascript:alert(1)",
            "jav\nascript:alert(1)",
            "\u{1}javascript:alert(1)",
            "java\u{0}script:alert(1)",
            "javascript&colon;alert(1)",
            "jav&#x09;ascript:alert(1)",
            "&#106;avascript:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html,<script>alert(1)</script>",
            "DATA:image/svg+xml;base64,AAAA",
            "file:///etc/passwd",
            "ｊａｖａｓｃｒｉｐｔ:alert(1)",
        ];
        for href in disguises {
            assert_eq!(safe_url(href), None, "{href:?}");
            let out = html(vec![el("a", &[("href", href)], vec![text("点")])]);
            assert_eq!(
                out, "点",
                "{href:?}: a link that cannot be followed is text"
            );
        }
    }

    #[test]
    fn safe_urls_kept() {
        for (url, kept) in [
            ("https://www.12371.cn/", "https://www.12371.cn/"),
            (
                "HTTP://example.com/a?b=1&c=2",
                "HTTP://example.com/a?b=1&c=2",
            ),
            ("mailto:jiandu@example.cn", "mailto:jiandu@example.cn"),
            ("tel:+86-10-12388", "tel:+86-10-12388"),
            ("/items/42", "/items/42"),
            ("files/公示.pdf", "files/公示.pdf"),
            ("#attachments", "#attachments"),
            ("?q=党费", "?q=党费"),
            ("//cdn.example.com/x.png", "//cdn.example.com/x.png"),
            ("/wiki/a:b", "/wiki/a:b"),
            ("  https://x.cn/\t\n ", "https://x.cn/"),
        ] {
            assert_eq!(safe_url(url).as_deref(), Some(kept), "{url:?}");
        }
        assert_eq!(safe_url(""), None);
        assert_eq!(safe_url(" \t"), None);
    }

    #[test]
    fn links_keep_href_and_title_and_get_rel() {
        let out = html(vec![el(
            "A",
            &[
                ("HREF", "https://x.cn/?a=1&b=\"2\""),
                ("title", "说明<>"),
                ("target", "_blank"),
            ],
            vec![text("链接")],
        )]);
        assert_eq!(
            out,
            "<a href=\"https://x.cn/?a=1&amp;b=&quot;2&quot;\" title=\"说明&lt;&gt;\" rel=\"noopener noreferrer nofollow external\">链接</a>"
        );
        assert_eq!(html(vec![el("a", &[], vec![text("x")])]), "x");
    }

    #[test]
    fn every_kept_link_is_external_and_every_image_lazy_without_referrer() {
        // A relative link too: the router must leave it to the browser.
        assert_eq!(
            html(vec![el("a", &[("href", "/items/42")], vec![text("见")])]),
            "<a href=\"/items/42\" rel=\"noopener noreferrer nofollow external\">见</a>"
        );
        // A `rel` or `referrerpolicy` of the input's own is not kept.
        assert_eq!(
            html(vec![
                el("a", &[("href", "#top"), ("rel", "opener")], vec![]),
                el(
                    "img",
                    &[
                        ("src", "https://x.cn/a.png"),
                        ("referrerpolicy", "unsafe-url"),
                        ("loading", "eager"),
                    ],
                    vec![]
                ),
            ]),
            "<a href=\"#top\" rel=\"noopener noreferrer nofollow external\"></a>\
             <img src=\"https://x.cn/a.png\" referrerpolicy=\"no-referrer\" loading=\"lazy\">"
        );
    }

    /// Resolves against `https://api.example.cn/board/` the simple way:
    /// absolute addresses as they are, `javascript:` refused.
    fn resolver(url: &str) -> Option<String> {
        let url = url.trim();
        if url.starts_with("javascript:") {
            None
        } else if url.contains("://") {
            Some(url.to_owned())
        } else if let Some(path) = url.strip_prefix('/') {
            Some(format!("https://api.example.cn/{path}"))
        } else {
            Some(format!("https://api.example.cn/board/{url}"))
        }
    }

    #[test]
    fn resolve_urls_rewrites_link_and_image_addresses_at_any_depth() {
        let mut nodes = vec![
            el(
                "div",
                &[("href", "not/a/link")],
                vec![el(
                    "p",
                    &[],
                    vec![
                        el(
                            "A",
                            &[("HREF", "files/公示.pdf"), ("title", "t.pdf")],
                            vec![text("附件")],
                        ),
                        el("img", &[("src", "/img/a.png"), ("alt", "a.png")], vec![]),
                    ],
                )],
            ),
            el("a", &[("href", "https://x.cn/")], vec![text("外")]),
            el("a", &[("href", "#attachments")], vec![text("下")]),
            el("a", &[("href", "javascript:alert(1)")], vec![text("坏")]),
            el("IMG", &[("SRC", "javascript:alert(1)")], vec![]),
            text("relative.html"),
        ];
        resolve_urls(&mut nodes, &resolver);
        assert_eq!(
            nodes[0],
            el(
                "div",
                &[("href", "not/a/link")],
                vec![el(
                    "p",
                    &[],
                    vec![
                        el(
                            "A",
                            &[
                                ("HREF", "https://api.example.cn/board/files/公示.pdf"),
                                ("title", "t.pdf")
                            ],
                            vec![text("附件")]
                        ),
                        el(
                            "img",
                            &[
                                ("src", "https://api.example.cn/img/a.png"),
                                ("alt", "a.png")
                            ],
                            vec![]
                        ),
                    ],
                )],
            )
        );
        assert_eq!(
            nodes[1],
            el("a", &[("href", "https://x.cn/")], vec![text("外")])
        );
        assert_eq!(
            nodes[2],
            el("a", &[("href", "#attachments")], vec![text("下")])
        );
        assert_eq!(
            nodes[3],
            el("a", &[], vec![text("坏")]),
            "None removes href"
        );
        assert_eq!(nodes[4], el("IMG", &[], vec![]), "None removes src");
        assert_eq!(nodes[5], text("relative.html"));
        assert_eq!(
            sanitize_to_html(&nodes, "表格"),
            "<div><p><a href=\"https://api.example.cn/board/files/公示.pdf\" title=\"t.pdf\" \
             rel=\"noopener noreferrer nofollow external\">附件</a>\
             <img src=\"https://api.example.cn/img/a.png\" alt=\"a.png\" referrerpolicy=\"no-referrer\" loading=\"lazy\"></p></div>\
             <a href=\"https://x.cn/\" rel=\"noopener noreferrer nofollow external\">外</a>\
             <a href=\"#attachments\" rel=\"noopener noreferrer nofollow external\">下</a>坏relative.html"
        );
    }

    #[test]
    fn resolve_urls_never_sees_a_fragment_link() {
        let mut node = el("a", &[("href", "  #top")], vec![]);
        for _ in 0..200 {
            node = el("div", &[], vec![node]);
        }
        let mut nodes = vec![
            node,
            el("img", &[("src", "#not-a-fragment-for-images")], vec![]),
        ];
        let called = std::cell::Cell::new(0);
        resolve_urls(&mut nodes, &|url| {
            assert!(!url.trim().starts_with("#top"), "{url}");
            called.set(called.get() + 1);
            None
        });
        assert_eq!(called.get(), 1, "only the image's src");
        assert_eq!(nodes[1], el("img", &[], vec![]));
        let mut inner = &nodes[0];
        while let HtmlNode::Element { tag, children, .. } = inner {
            if tag == "a" {
                break;
            }
            inner = &children[0];
        }
        assert_eq!(inner, &el("a", &[("href", "  #top")], vec![]));
    }

    #[test]
    fn images_with_unsafe_or_missing_src_are_dropped() {
        assert_eq!(
            html(vec![el("img", &[("src", "javascript:alert(1)")], vec![])]),
            ""
        );
        assert_eq!(
            html(vec![el(
                "img",
                &[("src", " data:image/png;base64,AAAA")],
                vec![]
            )]),
            ""
        );
        assert_eq!(html(vec![el("img", &[("alt", "no source")], vec![])]), "");
        assert_eq!(
            html(vec![el(
                "img",
                &[
                    ("src", "a.png"),
                    ("width", "120"),
                    ("height", "80px"),
                    ("alt", "\"x\"")
                ],
                vec![]
            )]),
            "<img src=\"a.png\" alt=\"&quot;x&quot;\" width=\"120\" referrerpolicy=\"no-referrer\" loading=\"lazy\">"
        );
    }

    #[test]
    fn a_table_scrolls_in_a_region_named_after_its_caption() {
        let row = || el("tr", &[], vec![el("td", &[], vec![text("1")])]);
        // No caption, or an empty one: the caller's label.
        assert_eq!(
            html(vec![el("table", &[], vec![row()])]),
            "<div role=\"region\" tabindex=\"0\" aria-label=\"表格\"><table><tr><td>1</td></tr></table></div>"
        );
        let blank = el(
            "table",
            &[],
            vec![el("caption", &[], vec![text(" \n ")]), row()],
        );
        assert!(html(vec![blank])
            .starts_with("<div role=\"region\" tabindex=\"0\" aria-label=\"表格\">"));
        // A caption's words, white space collapsed, escaped, without what is dropped.
        let caption = el(
            "caption",
            &[],
            vec![
                text(" 2026年\n第三季度 "),
                el("script", &[], vec![text("alert(1)")]),
                el("b", &[], vec![text("\"党费\" <明细>")]),
            ],
        );
        let out = html(vec![el("table", &[], vec![caption, row()])]);
        assert!(
            out.starts_with("<div role=\"region\" tabindex=\"0\" aria-label=\"2026年 第三季度 &quot;党费&quot; &lt;明细&gt;\"><table>"),
            "{out}"
        );
        assert!(out.ends_with("</table></div>") && !out.contains("alert"));
        assert_balanced(&out);
    }

    #[test]
    fn tables_and_lists_survive() {
        let table = el(
            "table",
            &[("border", "1")],
            vec![
                el("caption", &[], vec![text("党费")]),
                el(
                    "thead",
                    &[],
                    vec![el(
                        "tr",
                        &[],
                        vec![el(
                            "th",
                            &[("scope", "COL"), ("colspan", "2")],
                            vec![text("姓名")],
                        )],
                    )],
                ),
                el(
                    "tbody",
                    &[],
                    vec![el(
                        "tr",
                        &[],
                        vec![
                            el(
                                "td",
                                &[("rowspan", "3"), ("colspan", "x2")],
                                vec![text("张三")],
                            ),
                            el("td", &[("scope", "row")], vec![text("100")]),
                        ],
                    )],
                ),
            ],
        );
        assert_eq!(
            html(vec![table]),
            "<div role=\"region\" tabindex=\"0\" aria-label=\"党费\">\
             <table><caption>党费</caption><thead><tr><th colspan=\"2\" scope=\"col\">姓名</th></tr></thead>\
             <tbody><tr><td rowspan=\"3\">张三</td><td>100</td></tr></tbody></table></div>"
        );
        let list = vec![
            el(
                "ol",
                &[("start", "3"), ("type", "a")],
                vec![el("li", &[], vec![text("三")])],
            ),
            el(
                "ul",
                &[],
                vec![el("li", &[], vec![el("strong", &[], vec![text("要")])])],
            ),
            el(
                "dl",
                &[],
                vec![
                    el("dt", &[], vec![text("t")]),
                    el("dd", &[], vec![text("d")]),
                ],
            ),
        ];
        assert_eq!(
            html(list),
            "<ol start=\"3\"><li>三</li></ol><ul><li><strong>要</strong></li></ul><dl><dt>t</dt><dd>d</dd></dl>"
        );
    }

    #[test]
    fn h1_becomes_h2_and_unknown_elements_are_unwrapped() {
        let out = html(vec![
            el("h1", &[], vec![text("标题")]),
            el(
                "section",
                &[],
                vec![
                    el("font", &[("color", "red")], vec![text("正文")]),
                    el("br", &[], vec![]),
                ],
            ),
            el("center", &[], vec![el("hr", &[], vec![text("ignored")])]),
        ]);
        assert_eq!(out, "<h2>标题</h2>正文<br><hr>");
    }

    #[test]
    fn text_is_escaped() {
        let out = html(vec![el(
            "p",
            &[],
            vec![text("<script>alert(\"x\")</script> & 1<2")],
        )]);
        assert_eq!(
            out,
            "<p>&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; 1&lt;2</p>"
        );
        assert_eq!(escape_attr("a\"b'c<&>"), "a&quot;b&#39;c&lt;&amp;&gt;");
        assert_eq!(escape_text("a\"b'c"), "a\"b'c");
    }

    #[test]
    fn deep_nesting_is_flattened_to_text() {
        let mut node = el(
            "b",
            &[],
            vec![text("深"), el("script", &[], vec![text("bad")])],
        );
        for _ in 0..200 {
            node = el("div", &[], vec![node, text("·")]);
        }
        let out = html(vec![node]);
        assert_balanced(&out);
        assert_eq!(out.matches("<div>").count(), MAX_DEPTH);
        assert!(!out.contains("<b>"));
        assert!(out.contains('深') && !out.contains("bad"));
        assert_eq!(out.matches('·').count(), 200);
        // At exactly the limit nothing is flattened.
        let mut node = el("b", &[], vec![text("x")]);
        for _ in 0..MAX_DEPTH - 1 {
            node = el("div", &[], vec![node]);
        }
        assert!(html(vec![node]).contains("<b>x</b>"));
    }

    #[test]
    fn output_is_balanced() {
        let out = html(vec![
            el(
                "p",
                &[],
                vec![el(
                    "em",
                    &[],
                    vec![el("unknown", &[], vec![el("u", &[], vec![text("x")])])],
                )],
            ),
            el("br", &[], vec![text("child of void")]),
            el(
                "blockquote",
                &[],
                vec![el("q", &[], vec![el("code", &[], vec![text("<")])])],
            ),
        ]);
        assert_balanced(&out);
        assert_eq!(
            out,
            "<p><em><u>x</u></em></p><br><blockquote><q><code>&lt;</code></q></blockquote>"
        );
    }

    #[test]
    fn entities() {
        assert_eq!(decode_entities("a&amp;b&lt;&#60;&#x3C;&#X3c;"), "a&b<<<<");
        assert_eq!(
            decode_entities("&ldquo;公示&rdquo;&nbsp;&hellip;"),
            "“公示”\u{A0}…"
        );
        assert_eq!(
            decode_entities("&bogus; & &amp &#; &#x; &#-1; &#0; &#xD800;"),
            "&bogus; & &amp &#; &#x; &#-1; \u{FFFD} \u{FFFD}"
        );
        assert_eq!(decode_entities("&#x1F389;"), "🎉");
        assert_eq!(
            decode_entities("&#99999999999;&#x110000;&#x+41;"),
            "\u{FFFD}\u{FFFD}&#x+41;"
        );
        assert!(matches!(decode_entities("plain"), Cow::Borrowed("plain")));
    }

    #[test]
    fn a_picture_from_an_origin_not_listed_becomes_a_link_to_it() {
        let origins = ImageOrigins::new([
            "https://dangjian.example.gov.cn/api/",
            "https://www.example.gov.cn",
            "not a url",
        ]);
        let mut nodes = vec![el(
            "p",
            &[],
            vec![
                el(
                    "img",
                    &[("src", "https://dangjian.example.gov.cn/img/a.png")],
                    vec![],
                ),
                el(
                    "img",
                    &[("src", "HTTPS://WWW.example.gov.cn/b.png")],
                    vec![],
                ),
                el(
                    "img",
                    &[
                        ("src", "https://tracker.example.com/p.gif?u=1"),
                        ("alt", "会议照片"),
                    ],
                    vec![],
                ),
                el(
                    "img",
                    &[("src", "https://dangjian.example.gov.cn.evil.example/c.png")],
                    vec![],
                ),
            ],
        )];
        hold_remote_images(&mut nodes, &origins, &|host, alt| match alt {
            Some(alt) => format!("查看图片（来自 {host}）：{alt}"),
            None => format!("查看图片（来自 {host}）"),
        });
        let written = html(nodes);
        assert!(
            written.contains(r#"<img src="https://dangjian.example.gov.cn/img/a.png""#),
            "{written}"
        );
        assert!(
            written.contains(r#"<img src="HTTPS://WWW.example.gov.cn/b.png""#),
            "{written}"
        );
        assert!(!written.contains("<img src=\"https://tracker"), "{written}");
        assert!(
            written.contains(r#"<a href="https://tracker.example.com/p.gif?u=1" rel="noopener noreferrer nofollow external">查看图片（来自 tracker.example.com）：会议照片</a>"#),
            "{written}"
        );
        assert!(
            !written.contains("<img src=\"https://dangjian.example.gov.cn.evil"),
            "{written}"
        );
        assert_eq!(written.matches("<img").count(), 2);
    }

    #[test]
    fn an_origin_is_scheme_host_and_port_and_nothing_else_is_one() {
        assert_eq!(
            origin_of("https://A.example:8443/x?y#z").as_deref(),
            Some("https://a.example:8443")
        );
        assert_eq!(
            origin_of("http://a.example").as_deref(),
            Some("http://a.example")
        );
        assert_eq!(origin_of("data:image/png;base64,AAAA"), None);
        assert_eq!(origin_of("/relative.png"), None);
        assert_eq!(origin_of("https://user:pw@a.example/x"), None);
        assert!(!ImageOrigins::default().allows("https://a.example/x.png"));
    }
}
