//! The first load on a phone: answers compressed with br or gzip as the
//! client accepts (the build's precompressed copies where it left them),
//! `Cache-Control` that keeps hashed files for a year and checks everything
//! else, and conditional requests that still end in a `304`. The real
//! binary over HTTP, as in `http.rs`, read with a plain HTTP/1.1 client of
//! this file's own ([`get`]): ureq decodes gzip wherever another crate of
//! the workspace turns its `gzip` feature on (`cargo test --workspace`),
//! and the bytes read here must be the bytes sent.

mod support;

use std::io::{Read, Write};
use std::path::Path;

use support::{Options, Resp, Server};

const JS: &str = "gongkai-0123456789abcdef.js";
const WASM: &str = "gongkai-0123456789abcdef_bg.wasm";
const CSS: &str = "tokens-89abcdef01234567.css";
const KIOSK_WASM: &str = "kiosk/gongkai-kiosk-fedcba9876543210_bg.wasm";

/// Text of `len` bytes or more that compresses well, as the app's files do.
fn text(line: &str, len: usize) -> String {
    line.repeat(len / line.len() + 1)
}

fn index_html(title: &str) -> String {
    format!(
        "<!doctype html><html><head><title>{title}</title></head><body>{}</body></html>",
        text("<div id=\"gongkai\"></div>\n", 2000)
    )
}

fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = brotli::CompressorWriter::new(Vec::new(), 4096, 11, 22);
    out.write_all(bytes).unwrap();
    out.into_inner()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    out.write_all(bytes).unwrap();
    out.finish().unwrap()
}

/// The body as sent before its `Content-Encoding`.
#[track_caller]
fn decoded(r: &Resp) -> Vec<u8> {
    let mut out = Vec::new();
    match r.header("content-encoding") {
        None => out.clone_from(&r.body),
        Some("br") => {
            brotli::Decompressor::new(&r.body[..], 4096)
                .read_to_end(&mut out)
                .expect("a brotli stream");
        }
        Some("gzip") => {
            flate2::read::GzDecoder::new(&r.body[..])
                .read_to_end(&mut out)
                .expect("a gzip stream");
        }
        Some(other) => panic!("unexpected Content-Encoding {other}"),
    }
    out
}

/// Every value of a header, its lines joined as one list.
fn all(r: &Resp, name: &str) -> String {
    r.headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join(", ")
}

#[track_caller]
fn assert_varies_on_encoding(r: &Resp, what: &str) {
    let vary = all(r, "vary");
    assert!(
        vary.split(',')
            .any(|v| v.trim().eq_ignore_ascii_case("accept-encoding")),
        "{what}: Vary {vary:?}"
    );
}

fn write(root: &Path, path: &str, bytes: impl AsRef<[u8]>) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// A build as Trunk leaves it, the phone site's and the kiosk's. `JS` and
/// `index.html` have precompressed copies whose text differs from the
/// file's, so that a test can tell which was sent.
fn app() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "index.html", index_html("gongkai test app"));
    write(
        root,
        "index.html.br",
        brotli(index_html("from index.html.br").as_bytes()),
    );
    write(root, JS, text("export function start() {}\n", 4000));
    write(
        root,
        &format!("{JS}.br"),
        brotli(text("// from the .br copy\n", 4000).as_bytes()),
    );
    write(
        root,
        &format!("{JS}.gz"),
        gzip(text("// from the .gz copy\n", 4000).as_bytes()),
    );
    let mut wasm = b"\0asm\x01\0\0\0".to_vec();
    wasm.extend(text("\x01\x60\x00\x00\x03\x02\x01\x00", 20_000).bytes());
    write(root, WASM, &wasm);
    write(root, CSS, text(":root { --gk-gap: 1rem; }\n", 2000));
    write(
        root,
        "sw.js",
        text("self.addEventListener('fetch', () => {});\n", 2000),
    );
    write(root, "chunk_12.wasm", &wasm);
    write(
        root,
        "__wasm_split.js",
        text("export const chunks = [];\n", 2000),
    );
    write(root, "kiosk/index.html", index_html("gongkai kiosk"));
    write(root, KIOSK_WASM, &wasm);
    // A PNG is compressed already; noise stands in for its pixels.
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut x: u32 = 2_463_534_242;
    for _ in 0..4096 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        png.extend(x.to_le_bytes());
    }
    write(root, "icon.png", png);
    write(root, "tiny.css", "a{}");
    dir
}

fn app_server(dir: &Path) -> Server {
    Server::with(Options {
        spa: Some(dir.to_owned()),
        ..Options::default()
    })
}

fn get(server: &Server, path: &str, accept_encoding: Option<&str>) -> Resp {
    let mut headers = Vec::new();
    if let Some(encoding) = accept_encoding {
        headers.push(("accept-encoding", encoding));
    }
    raw_get(&server.url(path), &headers)
}

/// `GET url` with exactly these headers, over one HTTP/1.1 connection: the
/// status, the headers and the body as sent (chunks joined, nothing decoded).
fn raw_get(url: &str, headers: &[(&str, &str)]) -> Resp {
    let rest = url.strip_prefix("http://").expect("an http:// URL");
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut stream = std::net::TcpStream::connect(host).expect("connect");
    let mut request = format!(
        "GET {} HTTP/1.1\r\nhost: {host}\r\nconnection: close\r\n",
        if path.is_empty() { "/" } else { path }
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).expect("send");
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).expect("read");
    let end = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a header block")
        + 4;
    let head = String::from_utf8(bytes[..end].to_vec()).expect("UTF-8 headers");
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status");
    let mut map = ureq::http::HeaderMap::new();
    for line in lines.filter(|l| !l.is_empty()) {
        let (name, value) = line.split_once(':').expect("a header line");
        map.append(
            ureq::http::HeaderName::from_bytes(name.trim().as_bytes()).expect("a header name"),
            ureq::http::HeaderValue::from_str(value.trim()).expect("a header value"),
        );
    }
    let mut body = bytes[end..].to_vec();
    let chunked = map
        .get("transfer-encoding")
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"chunked"));
    if chunked {
        let (mut joined, mut at) = (Vec::new(), 0);
        loop {
            let line_end = at
                + body[at..]
                    .windows(2)
                    .position(|w| w == b"\r\n")
                    .expect("a chunk size");
            let size_text = std::str::from_utf8(&body[at..line_end]).expect("a chunk size");
            let size = usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16)
                .expect("a hex size");
            at = line_end + 2;
            if size == 0 {
                break;
            }
            joined.extend_from_slice(&body[at..at + size]);
            at += size + 2;
        }
        body = joined;
    }
    Resp {
        status,
        headers: map,
        body,
    }
}

#[test]
fn api_json_is_compressed_with_br_or_gzip_when_asked_and_sent_as_is_otherwise() {
    let server = Server::start();
    let path = "api/v1/items.json";
    let plain = get(&server, path, None);
    assert_eq!(plain.status, 200);
    assert_eq!(plain.header("content-encoding"), None);
    assert_varies_on_encoding(&plain, "identity");
    assert!(plain.json()["items"].is_array());
    let tag = plain.header("etag").expect("an ETag").to_owned();

    for (accept, encoding) in [
        ("br", "br"),
        ("gzip", "gzip"),
        ("gzip, deflate, br, zstd", "br"),
        ("br;q=0, gzip", "gzip"),
        ("gzip;q=0.5, br;q=0.1", "gzip"),
    ] {
        let r = get(&server, path, Some(accept));
        assert_eq!(r.status, 200, "{accept}");
        assert_eq!(r.header("content-encoding"), Some(encoding), "{accept}");
        assert_eq!(r.media_type(), "application/json", "{accept}");
        assert_varies_on_encoding(&r, accept);
        assert!(
            r.body.len() < plain.body.len() / 2,
            "{accept}: hardly smaller"
        );
        assert!(decoded(&r) == plain.body, "{accept}: another body");
        // One content, one (weak) tag, whatever the encoding.
        assert_eq!(r.header("etag"), Some(tag.as_str()), "{accept}");
    }
    assert!(
        tag.starts_with("W/\""),
        "an ETag shared by encodings is weak: {tag}"
    );

    for accept in ["identity", "compress", "br;q=0, gzip;q=0", ""] {
        let r = get(&server, path, Some(accept));
        assert_eq!(r.header("content-encoding"), None, "{accept:?}");
        assert!(r.body == plain.body, "{accept:?}");
    }
}

#[test]
fn the_apps_files_are_sent_precompressed_when_the_build_left_copies() {
    let dir = app();
    let server = app_server(dir.path());

    let br = get(&server, JS, Some("gzip, deflate, br"));
    assert_eq!(br.status, 200);
    assert_eq!(br.header("content-encoding"), Some("br"));
    assert_eq!(br.media_type(), "text/javascript");
    assert_varies_on_encoding(&br, "JS.br");
    assert!(decoded(&br).starts_with(b"// from the .br copy"));

    let gz = get(&server, JS, Some("gzip"));
    assert_eq!(gz.header("content-encoding"), Some("gzip"));
    assert_eq!(gz.media_type(), "text/javascript");
    assert_varies_on_encoding(&gz, "JS.gz");
    assert!(decoded(&gz).starts_with(b"// from the .gz copy"));

    let plain = get(&server, JS, None);
    assert_eq!(plain.header("content-encoding"), None);
    assert!(plain.text().starts_with("export function start()"));

    // The page for a deep link, and for `/`, comes from its copy too; a
    // board's, written with its first screen, is compressed as it is sent.
    let board = get(&server, "org/qingxi-village", Some("br"));
    assert_eq!(board.header("content-encoding"), Some("br"));
    assert_varies_on_encoding(&board, "a board's page");
    let html = String::from_utf8(decoded(&board)).unwrap();
    assert!(html.contains(r#"<div id="gk-first""#), "{html:.200}");
    for path in ["lookup", "org/qingxi-village/replies"] {
        let page = get(&server, path, Some("br"));
        assert_eq!(page.status, 200, "/{path}");
        assert_eq!(page.header("content-encoding"), Some("br"), "/{path}");
        assert_eq!(page.media_type(), "text/html", "/{path}");
        let html = String::from_utf8(decoded(&page)).unwrap();
        assert!(html.contains("from index.html.br"), "/{path}: {html:.80}");
    }

    // Without a copy, the file is compressed as it is sent.
    let original = std::fs::read(dir.path().join(WASM)).unwrap();
    for encoding in ["br", "gzip"] {
        let wasm = get(&server, WASM, Some(encoding));
        assert_eq!(wasm.status, 200);
        assert_eq!(wasm.header("content-encoding"), Some(encoding));
        assert_eq!(wasm.media_type(), "application/wasm");
        assert_varies_on_encoding(&wasm, WASM);
        assert!(decoded(&wasm) == original, "{encoding}: another body");
    }

    // The copies are not files of the app by their own names.
    for copy in [
        format!("{JS}.br"),
        format!("{JS}.gz"),
        "index.html.br".to_owned(),
    ] {
        for accept in [None, Some("br, gzip")] {
            let r = get(&server, &copy, accept);
            assert_eq!(r.status, 404, "/{copy} ({accept:?})");
            assert_eq!(r.header("content-encoding"), None, "/{copy}");
        }
    }
}

#[test]
fn pictures_pdfs_and_tiny_bodies_are_sent_as_they_are() {
    let dir = app();
    let server = app_server(dir.path());
    for (path, media_type) in [("icon.png", "image/png"), ("tiny.css", "text/css")] {
        let r = get(&server, path, Some("br, gzip"));
        assert_eq!(r.status, 200, "/{path}");
        assert_eq!(r.media_type(), media_type, "/{path}");
        assert_eq!(r.header("content-encoding"), None, "/{path}");
        assert!(
            r.body == std::fs::read(dir.path().join(path)).unwrap(),
            "/{path}"
        );
    }
    // An attachment that is a PDF streams as it is, with its length.
    let pdf = raw_get(
        &server.api("files/rules-disclosure-measures.pdf"),
        &[("accept-encoding", "br, gzip")],
    );
    assert_eq!(pdf.status, 200);
    assert_eq!(pdf.header("content-encoding"), None);
    assert!(pdf.body.starts_with(b"%PDF-"));
    assert_eq!(
        pdf.header("content-length"),
        Some(pdf.body.len().to_string().as_str())
    );
}

#[test]
fn hashed_files_are_immutable_and_everything_else_is_revalidated() {
    let dir = app();
    let server = app_server(dir.path());
    for path in [JS, WASM, CSS, KIOSK_WASM] {
        for accept in [None, Some("br"), Some("gzip")] {
            let r = get(&server, path, accept);
            assert_eq!(r.status, 200, "/{path}");
            assert_eq!(
                r.header("cache-control"),
                Some("public, max-age=31536000, immutable"),
                "/{path} ({accept:?})"
            );
        }
    }
    for path in [
        "",
        "index.html",
        "org/qingxi-village",
        "org/qingxi-village/items/x",
        "kiosk/",
        "kiosk/org/qingxi-village",
        "config.json",
        "sw.js",
        "chunk_12.wasm",
        "__wasm_split.js",
        "tiny.css",
    ] {
        let r = get(&server, path, Some("br, gzip"));
        assert_eq!(r.status, 200, "/{path}");
        assert_eq!(r.header("cache-control"), Some("no-cache"), "/{path}");
        // What no-cache revalidates with: a date, or for the home page's and
        // a board's (written for each request) a tag (config.json is the
        // API's).
        match path {
            "config.json" => {}
            "" | "org/qingxi-village" => assert!(r.header("etag").is_some(), "/{path}"),
            _ => assert!(r.header("last-modified").is_some(), "/{path}"),
        }
    }
    // A hashed name that is not there is not kept for a year.
    let missing = get(&server, "gongkai-fedcba9876543210.js", None);
    assert_eq!(missing.status, 404);
    assert_eq!(missing.header("cache-control"), None);
}

#[test]
fn conditional_requests_still_end_in_304() {
    let dir = app();
    let server = app_server(dir.path());

    // An API answer, tagged over its JSON, whatever the encoding.
    let url = server.api("v1/orgs/qingxi-village/items.json");
    let first = raw_get(&url, &[("accept-encoding", "br")]);
    assert_eq!(first.header("content-encoding"), Some("br"));
    let tag = first.header("etag").expect("an ETag").to_owned();
    let strong = tag.trim_start_matches("W/").to_owned();
    for (accept, if_none_match) in [
        ("br", tag.as_str()),
        ("gzip", tag.as_str()),
        ("", tag.as_str()),
        ("br", strong.as_str()),
    ] {
        let r = raw_get(
            &url,
            &[
                ("accept-encoding", accept),
                ("if-none-match", if_none_match),
            ],
        );
        assert_eq!(r.status, 304, "{accept:?} {if_none_match}");
        assert!(r.body.is_empty());
        assert_eq!(r.header("etag"), Some(tag.as_str()));
        assert_eq!(r.header("content-encoding"), None);
        assert_varies_on_encoding(&r, "API 304");
    }

    // The app's files, by their Last-Modified: a hashed one, the page, and
    // the page for a deep link, precompressed or not.
    for (path, cache_control) in [
        (JS, "public, max-age=31536000, immutable"),
        (WASM, "public, max-age=31536000, immutable"),
        ("index.html", "no-cache"),
        ("lookup", "no-cache"),
        ("sw.js", "no-cache"),
    ] {
        for accept in ["br", "gzip", "identity"] {
            let first = get(&server, path, Some(accept));
            assert_eq!(first.status, 200, "/{path}");
            let since = first
                .header("last-modified")
                .unwrap_or_else(|| panic!("/{path}: no Last-Modified"))
                .to_owned();
            let r = raw_get(
                &server.url(path),
                &[("accept-encoding", accept), ("if-modified-since", &since)],
            );
            assert_eq!(r.status, 304, "/{path} ({accept})");
            assert!(r.body.is_empty(), "/{path}");
            assert_eq!(r.header("cache-control"), Some(cache_control), "/{path}");
            assert_varies_on_encoding(&r, path);
        }
    }

    // The home page's and a board's, written for each request, by their
    // tag: the same page in any encoding.
    for page in ["", "org/qingxi-village"] {
        let tag = get(&server, page, Some("br"))
            .header("etag")
            .expect("the page has an ETag")
            .to_owned();
        for accept in ["br", "gzip", "identity"] {
            let r = raw_get(
                &server.url(page),
                &[("accept-encoding", accept), ("if-none-match", &tag)],
            );
            assert_eq!(r.status, 304, "/{page} ({accept})");
            assert!(r.body.is_empty());
            assert_eq!(r.header("cache-control"), Some("no-cache"));
            assert_eq!(r.header("etag"), Some(tag.as_str()));
        }
        let other = raw_get(
            &server.url(page),
            &[("if-none-match", r#"W/"0000000000000000-1""#)],
        );
        assert_eq!(other.status, 200);
    }
}
