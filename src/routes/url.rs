//! The app's own addresses, as the router reads them: which page a path is
//! ([`match_path`]), a path with its query ([`AppUrl`]), and whether a link
//! is the app's at all ([`app_path`]). Pure, so the router's decisions are
//! tested natively; `router.rs` applies them to the browser's location.

use super::{FEEDBACK_SENT_PATH, HOME_PATH, LOOKUP_PATH};

/// A page of the route table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Home,
    Board,
    Replies,
    Item,
    Feedback,
    FeedbackSent,
    Lookup,
    NotFound,
}

/// A path inside the app (without the base) and its query, as the router
/// holds it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AppUrl {
    /// `/org/town`: percent-encoded, as links write it.
    pub path: String,
    /// Without the `?`; `""` when there is none.
    pub search: String,
}

impl AppUrl {
    /// `/org/town?q=x#part`: the path and the query (a fragment is not the
    /// app's). A path that does not start with `/` is taken from the root.
    pub fn parse(href: &str) -> Self {
        let href = href.split('#').next().unwrap_or_default();
        let (path, search) = href.split_once('?').unwrap_or((href, ""));
        let path = if path.starts_with('/') {
            path.to_owned()
        } else {
            format!("/{path}")
        };
        AppUrl {
            path,
            search: search.to_owned(),
        }
    }

    /// The path and query, as a link under the base writes them.
    pub fn full(&self) -> String {
        if self.search.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, self.search)
        }
    }

    /// The page and its `:id`, decoded ([`match_path`]).
    pub fn page(&self) -> (Page, String) {
        match_path(&self.path)
    }

    /// The query's value for `key`, decoded as `URLSearchParams` does
    /// (`+` is a space); the first when the key is repeated.
    pub fn query(&self, key: &str) -> Option<String> {
        self.search.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode_query(k) == key).then(|| decode_query(v))
        })
    }
}

fn decode_query(s: &str) -> String {
    percent_decode(&s.replace('+', " "))
}

/// `%XX` sequences decoded as UTF-8 (invalid sequences are kept as
/// written, invalid UTF-8 replaced), as `decodeURIComponent` reads what
/// links write.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The page at `path` (under the base) and its `:id`, decoded. A CMS
/// menu's `…/index.html` (or `.htm`) is the folder; a trailing slash is
/// ignored.
pub fn match_path(path: &str) -> (Page, String) {
    let path = path
        .strip_suffix("index.html")
        .or_else(|| path.strip_suffix("index.htm"))
        .unwrap_or(path);
    let trimmed = path.trim_end_matches('/');
    let segments: Vec<&str> = trimmed.split('/').skip(1).collect();
    let none = String::new();
    match segments.as_slice() {
        [] => (Page::Home, none),
        ["org", id] if !id.is_empty() => (Page::Board, percent_decode(id)),
        ["org", id, "replies"] if !id.is_empty() => (Page::Replies, percent_decode(id)),
        ["item", id] if !id.is_empty() => (Page::Item, percent_decode(id)),
        ["feedback"] => (Page::Feedback, none),
        _ if trimmed == FEEDBACK_SENT_PATH => (Page::FeedbackSent, none),
        _ if trimmed == LOOKUP_PATH => (Page::Lookup, none),
        _ => (Page::NotFound, none),
    }
}

/// The app's path for `pathname` (a same-origin URL's path, encoded) when
/// it is under `base` (`""` or `/gongkai`, no trailing slash): `/org/x`
/// for `/gongkai/org/x`, `/` for `/gongkai`, `/gongkai/` and
/// `/gongkai/index.html`. `None` for a path outside the base, or one the
/// route table has no page for (the host's `/gongkai-news/`, a file under
/// the base): a link there is the browser's to follow.
pub fn app_path(pathname: &str, base: &str) -> Option<String> {
    let rest = pathname.strip_prefix(base)?;
    let rest = if rest.is_empty() { HOME_PATH } else { rest };
    if !rest.starts_with('/') {
        return None;
    }
    let (page, _) = match_path(rest);
    (page != Page::NotFound).then(|| rest.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_their_ids() {
        assert_eq!(match_path("/"), (Page::Home, String::new()));
        assert_eq!(match_path(""), (Page::Home, String::new()));
        assert_eq!(match_path("/index.html"), (Page::Home, String::new()));
        assert_eq!(match_path("/org/town"), (Page::Board, "town".into()));
        assert_eq!(match_path("/org/town/"), (Page::Board, "town".into()));
        assert_eq!(
            match_path("/org/a%2Fb%20c/replies"),
            (Page::Replies, "a/b c".into())
        );
        assert_eq!(match_path("/item/%E5%85%9A"), (Page::Item, "党".into()));
        assert_eq!(match_path("/feedback").0, Page::Feedback);
        assert_eq!(match_path("/feedback/sent").0, Page::FeedbackSent);
        assert_eq!(match_path("/lookup").0, Page::Lookup);
        for other in [
            "/org",
            "/org/",
            "/org/x/y",
            "/item",
            "/djdt/",
            "/lookup/x",
            "/x.pdf",
        ] {
            assert_eq!(match_path(other).0, Page::NotFound, "{other}");
        }
    }

    #[test]
    fn urls_and_queries() {
        let url = AppUrl::parse("/org/town?q=%E5%85%9A%E8%B4%B9+2026&status=open&q=2#top");
        assert_eq!(url.path, "/org/town");
        assert_eq!(url.search, "q=%E5%85%9A%E8%B4%B9+2026&status=open&q=2");
        assert_eq!(url.query("q").as_deref(), Some("党费 2026"));
        assert_eq!(url.query("status").as_deref(), Some("open"));
        assert_eq!(url.query("kind"), None);
        assert_eq!(
            url.full(),
            "/org/town?q=%E5%85%9A%E8%B4%B9+2026&status=open&q=2"
        );
        assert_eq!(AppUrl::parse("lookup").full(), "/lookup");
        assert_eq!(AppUrl::parse("/").full(), "/");
        // What cannot be decoded is kept as written.
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("%E5%85"), "\u{FFFD}");
    }

    #[test]
    fn only_the_apps_own_links() {
        assert_eq!(
            app_path("/dangjian/org/x", "/dangjian").as_deref(),
            Some("/org/x")
        );
        assert_eq!(app_path("/dangjian", "/dangjian").as_deref(), Some("/"));
        assert_eq!(app_path("/dangjian/", "/dangjian").as_deref(), Some("/"));
        assert_eq!(
            app_path("/dangjian/index.html", "/dangjian").as_deref(),
            Some("/index.html")
        );
        // The portal's own pages beside and under the app's folder.
        assert_eq!(app_path("/dangjian/djdt/", "/dangjian"), None);
        assert_eq!(app_path("/dangjian-fairzt/index.html", "/dangjian"), None);
        assert_eq!(app_path("/news/1.html", "/dangjian"), None);
        // A file under the base (an attachment, a demo backend's data).
        assert_eq!(app_path("/dangjian/demo/files/a.pdf", "/dangjian"), None);
        assert_eq!(app_path("/org/x", "").as_deref(), Some("/org/x"));
    }
}
