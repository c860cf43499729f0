//! What a tapped link does on the kiosk (issue 10, part 2, "nothing leaves
//! the kiosk"): a kiosk page opens in the app; a telephone number or an
//! e-mail address is shown large; anything else on the web (a page of the
//! phone site, an attachment, another site) becomes a QR code to take away
//! on one's own phone; every other scheme is refused.
//!
//! Pure: the shell resolves the link against the document and passes the
//! absolute URL, the kiosk's base URL (`https://h/kiosk/`) and the app's
//! root (`https://h/`, where the phone site is). Written for hostile input:
//! anything it cannot read as http(s), `tel:` or `mailto:` is
//! [`LinkAction::Blocked`].

/// What the kiosk does with a tapped link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkAction {
    /// A kiosk page: the router takes it.
    InApp,
    /// A `tel:` link: the number, shown large, to dial on one's own phone.
    Tel(String),
    /// A `mailto:` link: the address, shown large.
    Mail(String),
    /// A web address to open on one's own phone: `url` is put in a QR code.
    /// `file` for a download (an attachment, a document, an image).
    Qr { url: String, file: bool },
    /// A scheme the kiosk never follows (`javascript:`, `data:`, `blob:`,
    /// `file:` …) or something that is not a URL.
    Blocked,
}

/// Longest link read; a longer one could not be put in a QR code anyway.
const MAX_LEN: usize = 4096;

/// File extensions read as a download rather than a page.
const FILE_EXTENSIONS: &[&str] = &[
    "pdf", "ofd", "doc", "docx", "wps", "rtf", "odt", "txt", "xls", "xlsx", "et", "csv", "ods",
    "ppt", "pptx", "dps", "odp", "jpg", "jpeg", "png", "gif", "webp", "bmp", "tif", "tiff", "svg",
    "heic", "zip", "rar", "7z", "gz", "tar", "mp3", "wav", "m4a", "mp4", "mov", "avi", "wmv",
    "json", "xml", "apk",
];

/// Classifies `href`, an absolute URL, for a kiosk whose pages are under
/// `kiosk_base` and whose phone site is at `app_root` (both absolute URLs,
/// ending in `/` or naming a folder's file such as `index.html`).
pub fn classify_link(href: &str, kiosk_base: &str, app_root: &str) -> LinkAction {
    let Some(href) = clean(href) else {
        return LinkAction::Blocked;
    };
    let Some((scheme, rest)) = split_scheme(&href) else {
        return LinkAction::Blocked;
    };
    match scheme.as_str() {
        "tel" => tel_number(rest).map_or(LinkAction::Blocked, LinkAction::Tel),
        "mailto" => mail_address(rest).map_or(LinkAction::Blocked, LinkAction::Mail),
        "http" | "https" => web(&scheme, rest, kiosk_base, app_root),
        _ => LinkAction::Blocked,
    }
}

/// Whether `url` (as [`LinkAction::Qr`] carries it) is outside the app: on
/// another origin, or on the same one but not under `app_root`. Such a page
/// is introduced as "not this site's".
pub fn is_external(url: &str, app_root: &str) -> bool {
    match (parse_web(url), parse_web(app_root)) {
        (Some(link), Some(root)) => {
            link.origin != root.origin || !link.path.starts_with(&folder(&root.path))
        }
        _ => true,
    }
}

/// The link as a browser reads it: leading and trailing spaces and control
/// characters dropped, tabs and newlines inside removed. `None` when empty
/// or too long, or when other control characters remain.
fn clean(href: &str) -> Option<String> {
    let trimmed = href.trim_matches(|c: char| c <= ' ');
    let out: String = trimmed
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let ok = !out.is_empty() && out.len() <= MAX_LEN && !out.chars().any(char::is_control);
    ok.then_some(out)
}

/// The scheme, lower-cased, and what follows its colon.
fn split_scheme(href: &str) -> Option<(String, &str)> {
    let (scheme, rest) = href.split_once(':')?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| (scheme.to_ascii_lowercase(), rest))
}

/// `%XX` sequences decoded (as UTF-8); `None` for a malformed one or bytes
/// that are not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The number of a `tel:` link, as written (digits, `+`, spaces, `-`,
/// parentheses), without its parameters (`;ext=…`) or query. `None` unless
/// it has at least three digits and nothing else.
fn tel_number(rest: &str) -> Option<String> {
    let decoded = percent_decode(rest)?;
    let number = decoded.split(['?', '#']).next()?.trim();
    let number = number.split(';').next()?.trim();
    let allowed = |c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '(' | ')' | '.');
    let digits = number.chars().filter(char::is_ascii_digit).count();
    (number.chars().all(allowed) && digits >= 3 && number.len() <= 40).then(|| number.to_owned())
}

/// The address of a `mailto:` link (the first, without `?subject=…`).
fn mail_address(rest: &str) -> Option<String> {
    let address = rest.split(['?', '#']).next()?;
    let address = percent_decode(address)?;
    let address = address.split(',').next()?.trim();
    let (local, domain) = address.split_once('@')?;
    let ok = !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && address.len() <= 254
        && !address
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>\"'()[]\\,;:".contains(c))
        && !domain.contains('@');
    ok.then(|| address.to_owned())
}

/// An http(s) URL, in the parts the rules compare.
#[derive(Debug)]
struct WebUrl {
    /// `https://host[:port]`, lower-cased, a default port dropped.
    origin: String,
    /// The path, dot segments resolved, always starting with `/`.
    path: String,
    /// `?…#…`, as written.
    tail: String,
    /// Whether the authority had a user name or password.
    userinfo: bool,
}

fn parse_web(href: &str) -> Option<WebUrl> {
    let href = clean(href)?;
    let (scheme, rest) = split_scheme(&href)?;
    parse_web_parts(&scheme, rest)
}

fn parse_web_parts(scheme: &str, rest: &str) -> Option<WebUrl> {
    if scheme != "http" && scheme != "https" {
        return None;
    }
    // Browsers read `\` as `/` in http(s) URLs.
    let rest = rest.replace('\\', "/");
    let after = rest.strip_prefix("//")?;
    let end = after.find(['/', '?', '#']).unwrap_or(after.len());
    let (authority, after_authority) = after.split_at(end);
    let (userinfo, host_port) = match authority.rsplit_once('@') {
        Some((_, host)) => (true, host),
        None => (false, authority),
    };
    let host_port = host_port.to_ascii_lowercase();
    if host_port.is_empty()
        || host_port
            .chars()
            .any(|c| c.is_whitespace() || "<>\"{}|^`%".contains(c))
    {
        return None;
    }
    let default_port = if scheme == "https" { ":443" } else { ":80" };
    let host_port = host_port
        .strip_suffix(default_port)
        .unwrap_or(&host_port)
        .to_owned();
    let tail_at = after_authority
        .find(['?', '#'])
        .unwrap_or(after_authority.len());
    let (path, tail) = after_authority.split_at(tail_at);
    Some(WebUrl {
        origin: format!("{scheme}://{host_port}"),
        path: remove_dot_segments(path),
        tail: tail.to_owned(),
        userinfo,
    })
}

/// `/a/./b/../c` as `/a/c`, with `%2e` read as `.` as browsers read it.
fn remove_dot_segments(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let last = segments.len().saturating_sub(1);
    let mut trailing_slash = path.is_empty() || path.ends_with('/');
    for (i, segment) in segments.iter().enumerate() {
        let lower = segment.to_ascii_lowercase();
        let dots = lower.replace("%2e", ".");
        match dots.as_str() {
            "." => trailing_slash |= i == last,
            ".." => {
                out.pop();
                trailing_slash |= i == last;
            }
            _ => out.push(segment),
        }
    }
    let mut joined = format!("/{}", out.join("/"));
    if trailing_slash && !joined.ends_with('/') {
        joined.push('/');
    }
    joined
}

/// A base URL's folder: the path up to and including its last `/`.
fn folder(path: &str) -> String {
    match path.rfind('/') {
        Some(i) => path[..=i].to_owned(),
        None => "/".to_owned(),
    }
}

/// Whether the path's last segment names a file by its extension.
fn has_file_extension(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let name = percent_decode(name).unwrap_or_else(|| name.to_owned());
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => {
            let ext = ext.trim().to_ascii_lowercase();
            FILE_EXTENSIONS.contains(&ext.as_str())
        }
        _ => false,
    }
}

fn web(scheme: &str, rest: &str, kiosk_base: &str, app_root: &str) -> LinkAction {
    let Some(link) = parse_web_parts(scheme, rest) else {
        return LinkAction::Blocked;
    };
    let url = format!("{}{}{}", link.origin, link.path, link.tail);
    let file = has_file_extension(&link.path);
    let kiosk = parse_web(kiosk_base);
    let in_kiosk = kiosk.as_ref().is_some_and(|k| {
        let dir = folder(&k.path);
        !link.userinfo
            && link.origin == k.origin
            && (link.path.starts_with(&dir) || link.path == dir.trim_end_matches('/'))
    });
    if in_kiosk && !file {
        return LinkAction::InApp;
    }
    // A download from the API, which may sit under the app root (`demo/`).
    let under_files = parse_web(app_root).is_some_and(|root| {
        link.origin == root.origin
            && link.path.starts_with(&folder(&root.path))
            && link.path.split('/').any(|s| s == "files")
    });
    // Kept with its user info, if any: the QR code shows where it really goes.
    let url = match link.userinfo {
        true => clean(&format!("{scheme}:{rest}")).unwrap_or(url),
        false => url,
    };
    LinkAction::Qr {
        url,
        file: file || under_files,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KIOSK: &str = "https://h.example/kiosk/";
    const ROOT: &str = "https://h.example/";

    fn classify(href: &str) -> LinkAction {
        classify_link(href, KIOSK, ROOT)
    }

    fn qr(url: &str, file: bool) -> LinkAction {
        LinkAction::Qr {
            url: url.into(),
            file,
        }
    }

    #[test]
    fn kiosk_pages_open_in_the_app() {
        for href in [
            "https://h.example/kiosk/",
            "https://h.example/kiosk",
            "https://h.example/kiosk/item/cadre-zhou",
            "https://h.example/kiosk/org/qingxi?category=dues#top",
            "HTTPS://H.EXAMPLE/kiosk/lookup",
            "https://h.example:443/kiosk/feedback?org=x",
            "https://h.example/kiosk/item/a%20b",
        ] {
            assert_eq!(classify(href), LinkAction::InApp, "{href}");
        }
    }

    #[test]
    fn the_phone_site_outside_the_kiosk_is_a_qr_code() {
        assert_eq!(
            classify("https://h.example/item/cadre-zhou"),
            qr("https://h.example/item/cadre-zhou", false)
        );
        assert_eq!(
            classify("https://h.example/feedback?org=x&kind=objection"),
            qr("https://h.example/feedback?org=x&kind=objection", false)
        );
        assert_eq!(
            classify("https://h.example/"),
            qr("https://h.example/", false)
        );
        // Not under kiosk/: a sibling folder whose name only starts alike.
        assert_eq!(
            classify("https://h.example/kiosk-old/item/x"),
            qr("https://h.example/kiosk-old/item/x", false)
        );
        assert_eq!(
            classify("https://h.example/kioskitem/x"),
            qr("https://h.example/kioskitem/x", false)
        );
    }

    #[test]
    fn attachments_and_files_are_downloads() {
        for href in [
            "https://h.example/demo/files/dues-2026-q3.csv",
            "https://h.example/demo/files/report",
            "https://h.example/docs/notice.PDF",
            "https://h.example/docs/%E5%85%AC%E7%A4%BA.docx",
            "https://h.example/a.xlsx?download=1",
            "https://cdn.other.example/photo.jpg",
            "https://h.example/kiosk/files/guide.pdf",
        ] {
            assert!(
                matches!(classify(href), LinkAction::Qr { file: true, .. }),
                "{href}: {:?}",
                classify(href)
            );
        }
        // Not files: no extension, or one that is not a document's.
        for href in [
            "https://h.example/item/v1.2",
            "https://h.example/item/.pdf",
            "https://other.example/page.html",
            "https://other.example/files.pdf/",
        ] {
            assert!(
                matches!(classify(href), LinkAction::Qr { file: false, .. }),
                "{href}: {:?}",
                classify(href)
            );
        }
    }

    #[test]
    fn other_sites_are_qr_codes_and_external() {
        assert_eq!(
            classify("https://www.gov.cn/zhengce/"),
            qr("https://www.gov.cn/zhengce/", false)
        );
        assert_eq!(
            classify("http://h.example/kiosk/"),
            qr("http://h.example/kiosk/", false),
            "another scheme is another origin"
        );
        assert_eq!(
            classify("https://h.example:8443/kiosk/"),
            qr("https://h.example:8443/kiosk/", false)
        );
        assert!(is_external("https://www.gov.cn/", ROOT));
        assert!(is_external("https://h.example.evil.test/kiosk/", ROOT));
        assert!(!is_external("https://h.example/item/x", ROOT));
        assert!(is_external(
            "https://h.example/other/",
            "https://h.example/gongkai/"
        ));
        assert!(!is_external(
            "https://h.example/gongkai/item/x",
            "https://h.example/gongkai/index.html"
        ));
        assert!(is_external("javascript:alert(1)", ROOT));
    }

    #[test]
    fn look_alike_hosts_and_user_info_never_pass_as_the_kiosk() {
        for href in [
            "https://h.example.evil.test/kiosk/",
            "https://evil.test/h.example/kiosk/",
            "https://h.example@evil.test/kiosk/",
            "https://evil.test@h.example/kiosk/",
            "https://evil.test\\@h.example/kiosk/",
            "https://h.examplee/kiosk/",
        ] {
            assert!(
                matches!(classify(href), LinkAction::Qr { .. }),
                "{href}: {:?}",
                classify(href)
            );
        }
        // The QR code shows the link as it really goes, user info and all.
        assert_eq!(
            classify("https://h.example@evil.test/kiosk/"),
            qr("https://h.example@evil.test/kiosk/", false)
        );
    }

    #[test]
    fn dot_segments_cannot_climb_out_of_the_kiosk_or_into_it() {
        assert_eq!(
            classify("https://h.example/kiosk/../item/x"),
            qr("https://h.example/item/x", false)
        );
        assert_eq!(
            classify("https://h.example/kiosk/%2e%2E/item/x"),
            qr("https://h.example/item/x", false)
        );
        assert_eq!(
            classify("https://h.example/item/../kiosk/item/x"),
            LinkAction::InApp
        );
        assert_eq!(
            classify("https://h.example/kiosk/./item/x"),
            LinkAction::InApp
        );
        assert_eq!(
            classify("https://h.example/../../kiosk/"),
            LinkAction::InApp
        );
    }

    #[test]
    fn telephone_numbers_are_shown() {
        assert_eq!(
            classify("tel:0571-88886666"),
            LinkAction::Tel("0571-88886666".into())
        );
        assert_eq!(
            classify("TEL:+86%20571%2012345678"),
            LinkAction::Tel("+86 571 12345678".into())
        );
        assert_eq!(classify("tel:12345"), LinkAction::Tel("12345".into()));
        assert_eq!(
            classify("tel:0571-88886666;ext=12"),
            LinkAction::Tel("0571-88886666".into())
        );
        for hostile in [
            "tel:",
            "tel:12",
            "tel:<script>",
            "tel:110%3Cb%3E",
            "tel:12345javascript",
            "tel:%ZZ123",
            "tel:%FF%FE123",
            &format!("tel:{}", "1".repeat(60)),
        ] {
            assert_eq!(classify(hostile), LinkAction::Blocked, "{hostile}");
        }
    }

    #[test]
    fn mail_addresses_are_shown() {
        assert_eq!(
            classify("mailto:dwgk@qingxi.gov.cn"),
            LinkAction::Mail("dwgk@qingxi.gov.cn".into())
        );
        assert_eq!(
            classify("MAILTO:dwgk@qingxi.gov.cn?subject=%E7%95%99%E8%A8%80&body=x"),
            LinkAction::Mail("dwgk@qingxi.gov.cn".into())
        );
        assert_eq!(
            classify("mailto:a@b.example,c@d.example"),
            LinkAction::Mail("a@b.example".into())
        );
        for hostile in [
            "mailto:",
            "mailto:nobody",
            "mailto:@b.example",
            "mailto:a@b",
            "mailto:a@.example",
            "mailto:a@b@c.example",
            "mailto:a%0A@b.example",
            "mailto:<a@b.example>",
            "mailto:a%20b@c.example",
        ] {
            assert_eq!(classify(hostile), LinkAction::Blocked, "{hostile}");
        }
    }

    #[test]
    fn every_other_scheme_is_blocked() {
        for href in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "blob:https://h.example/1234",
            "file:///etc/passwd",
            "vbscript:msgbox(1)",
            "ftp://h.example/a.pdf",
            "chrome://settings",
            "intent://scan/#Intent;scheme=zxing;end",
            "weixin://dl/scan",
            "about:blank",
            "",
            "   ",
            "no-scheme-at-all",
            "/kiosk/item/x",
            "//h.example/kiosk/",
            "1http://h.example/",
            "https:h.example/kiosk/",
            "https://",
            "https:///kiosk/",
            "https://h ex.example/",
            "https://h.example/\u{7}/x",
        ] {
            assert_eq!(classify(href), LinkAction::Blocked, "{href:?}");
        }
        assert_eq!(
            classify(&format!("https://h.example/{}", "a".repeat(5000))),
            LinkAction::Blocked,
            "too long for any QR code"
        );
    }

    #[test]
    fn whitespace_a_browser_would_drop_is_dropped() {
        assert_eq!(
            classify("  https://h.example/kiosk/item/x \n"),
            LinkAction::InApp
        );
        assert_eq!(
            classify("ht\ttps://www.gov.cn/"),
            qr("https://www.gov.cn/", false)
        );
        assert_eq!(classify(" tel:110 "), LinkAction::Tel("110".into()));
    }

    #[test]
    fn a_kiosk_under_a_sub_path_and_an_index_file_base() {
        let kiosk = "https://h.example/gongkai/kiosk/index.html";
        let root = "https://h.example/gongkai/";
        assert_eq!(
            classify_link("https://h.example/gongkai/kiosk/item/x", kiosk, root),
            LinkAction::InApp
        );
        assert_eq!(
            classify_link("https://h.example/gongkai/item/x", kiosk, root),
            qr("https://h.example/gongkai/item/x", false)
        );
        assert_eq!(
            classify_link("https://h.example/gongkai/demo/files/x", kiosk, root),
            qr("https://h.example/gongkai/demo/files/x", true)
        );
        // A broken base never makes a link in-app.
        assert_eq!(
            classify_link("https://h.example/kiosk/", "not a url", root),
            qr("https://h.example/kiosk/", false)
        );
    }
}
