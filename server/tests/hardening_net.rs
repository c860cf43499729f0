//! Hostile and careless clients (finding 3 of the server-hardening issue),
//! leading double slashes (finding 7) and what the app's folder must not give
//! away (finding 9d). A real server on loopback, talked to over raw TCP where
//! a polite HTTP client would hide the behaviour under test.

mod support;

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use support::{Options, Server, BIN};

fn with_args(args: &[&str]) -> Options {
    Options {
        extra_args: args.iter().map(|a| (*a).to_owned()).collect(),
        ..Options::default()
    }
}

fn addr(server: &Server) -> SocketAddr {
    server
        .base
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .expect("the server's address")
}

fn timed_out(e: &std::io::Error) -> bool {
    matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut)
}

/// How long until the server closes `stream`, reading (and dropping) what it
/// sends first; `None` if it is still open after `limit`.
fn closed_within(stream: &mut TcpStream, limit: Duration) -> Option<Duration> {
    let started = Instant::now();
    stream
        .set_read_timeout(Some(Duration::from_millis(100)))
        .unwrap();
    let mut buf = [0u8; 16 * 1024];
    while started.elapsed() < limit {
        match stream.read(&mut buf) {
            Ok(0) => return Some(started.elapsed()),
            Ok(_) => {}
            Err(e) if timed_out(&e) => {}
            Err(_) => return Some(started.elapsed()),
        }
    }
    None
}

/// A response's head, and the body bytes that came with it.
struct Head {
    text: String,
    body: Vec<u8>,
}

impl Head {
    fn status(&self) -> u16 {
        self.text
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no status line: {}", self.text))
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.text.lines().skip(1).find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// Sends `GET target` on a new connection (asking the server to close it
/// after the response) and reads the response's head.
fn send_get(to: SocketAddr, target: &str) -> (TcpStream, Head) {
    let mut stream = TcpStream::connect(to).expect("connect");
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 1024];
    loop {
        let n = stream.read(&mut buf).expect("read the response head");
        assert!(
            n > 0,
            "closed before the head: {:?}",
            String::from_utf8_lossy(&got)
        );
        got.extend_from_slice(&buf[..n]);
        if let Some(end) = got.windows(4).position(|w| w == b"\r\n\r\n") {
            let text = String::from_utf8_lossy(&got[..end]).into_owned();
            let body = got[end + 4..].to_vec();
            return (stream, Head { text, body });
        }
    }
}

/// Reads until the server closes the connection or cuts it.
fn read_to_close(stream: &mut TcpStream, into: &mut Vec<u8>) {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return,
            Ok(n) => into.extend_from_slice(&buf[..n]),
            Err(e) if timed_out(&e) => panic!("the server neither sent nor closed for 10 s"),
            Err(_) => return,
        }
    }
}

// Finding 3: slow clients -----------------------------------------------------

#[test]
fn slow_request_headers_are_cut_off_while_others_are_served() {
    let server = Server::with(with_args(&["--header-read-timeout", "2"]));
    let to = addr(&server);
    let slow: Vec<_> = (0..20)
        .map(|i| {
            thread::spawn(move || {
                let mut stream = TcpStream::connect(to).expect("connect");
                stream
                    .set_read_timeout(Some(Duration::from_millis(400)))
                    .unwrap();
                let head =
                    format!("GET /api/v1/site.json HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow-{i}: ");
                let mut bytes = head.into_bytes().into_iter().chain(std::iter::repeat(b'z'));
                let started = Instant::now();
                let mut buf = [0u8; 1024];
                // One byte every 400 ms, never ending the headers.
                while started.elapsed() < Duration::from_secs(10) {
                    let _ = stream.write_all(&[bytes.next().unwrap_or(b'z')]);
                    match stream.read(&mut buf) {
                        Ok(0) => return Some(started.elapsed()),
                        Ok(_) => {}
                        Err(e) if timed_out(&e) => {}
                        Err(_) => return Some(started.elapsed()),
                    }
                }
                None
            })
        })
        .collect();
    // Meanwhile everyone else is served.
    for _ in 0..6 {
        thread::sleep(Duration::from_millis(300));
        assert_eq!(server.get("v1/site.json").status, 200);
    }
    for (i, connection) in slow.into_iter().enumerate() {
        let lived = connection.join().expect("slow client");
        assert!(
            lived.is_some_and(|d| d < Duration::from_secs(5)),
            "slow connection {i} lived {lived:?} (None: still open after 10 s) with a 2 s header-read timeout"
        );
    }
}

#[test]
fn an_idle_keep_alive_connection_is_closed_after_the_header_read_timeout() {
    let server = Server::with(with_args(&["--header-read-timeout", "2"]));
    let mut stream = TcpStream::connect(addr(&server)).expect("connect");
    stream
        .write_all(b"GET /api/v1/site.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .unwrap();
    let lived = closed_within(&mut stream, Duration::from_secs(8));
    assert!(
        lived.is_some_and(|d| d > Duration::from_secs(1) && d < Duration::from_secs(5)),
        "the kept-alive connection lived {lived:?} (None: still open after 8 s)"
    );
}

#[test]
fn connections_beyond_the_limit_wait_to_be_accepted() {
    let server = Server::with(with_args(&[
        "--max-connections",
        "2",
        "--header-read-timeout",
        "2",
    ]));
    let to = addr(&server);
    // Two clients that connect and say nothing hold both places …
    let _first = TcpStream::connect(to).expect("connect");
    let _second = TcpStream::connect(to).expect("connect");
    thread::sleep(Duration::from_millis(300));
    // … so a third waits in the listen queue until the header-read timeout
    // frees a place, and is then served: not refused, not dropped.
    let started = Instant::now();
    let r = server.get("v1/site.json");
    let waited = started.elapsed();
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(
        waited > Duration::from_secs(1) && waited < Duration::from_secs(6),
        "served after {waited:?}: the third connection should wait for a place (about 2 s)"
    );
}

/// Starts a feedback POST whose body is `len` bytes long and sends `first`
/// of them.
fn start_post(to: SocketAddr, len: usize, first: &[u8]) -> TcpStream {
    let mut stream = TcpStream::connect(to).expect("connect");
    write!(
        stream,
        "POST /api/v1/feedback HTTP/1.1\r\nHost: 127.0.0.1\r\n\
         Content-Type: application/json\r\nIdempotency-Key: {}\r\n\
         Content-Length: {len}\r\n\r\n",
        support::unique("slow-body")
    )
    .unwrap();
    stream.write_all(first).unwrap();
    stream
}

/// The status of the response that arrives within `limit`, if any.
fn status_within(stream: &mut TcpStream, limit: Duration) -> Option<u16> {
    stream.set_read_timeout(Some(limit)).unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 1024];
    while !got.windows(2).any(|w| w == b"\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return None,
            Ok(n) => got.extend_from_slice(&buf[..n]),
        }
    }
    String::from_utf8_lossy(&got)
        .split(' ')
        .nth(1)?
        .parse()
        .ok()
}

#[test]
fn a_request_body_that_stops_is_refused_after_the_body_timeout() {
    let server = Server::with(with_args(&["--body-timeout", "1"]));
    let mut stream = start_post(addr(&server), 200, b"{\"kind\":");
    let started = Instant::now();
    let status = status_within(&mut stream, Duration::from_secs(6));
    assert!(
        status.is_some_and(|s| (400..500).contains(&s)),
        "a body that stopped after 9 of 200 bytes got {status:?} (None: no answer in 6 s)"
    );
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_request_body_trickled_past_the_request_timeout_gets_408() {
    let server = Server::with(with_args(&[
        "--body-timeout",
        "2",
        "--request-timeout",
        "2",
    ]));
    let mut stream = start_post(addr(&server), 200, b"{");
    let started = Instant::now();
    // A byte every 300 ms: never a pause of 2 s, but 60 s for the body.
    let mut status = None;
    while started.elapsed() < Duration::from_secs(8) {
        if stream.write_all(b" ").is_err() {
            break;
        }
        status = status_within(&mut stream, Duration::from_millis(300));
        if status.is_some() {
            break;
        }
    }
    assert_eq!(status, Some(408), "after {:?}", started.elapsed());
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

// Finding 3: downloads ----------------------------------------------------------

/// Larger than what the kernel buffers for a client that reads nothing
/// (a few MB on loopback), so a stalled download really stalls.
const BIG: usize = 16 * 1024 * 1024;
const BIG_URL: &str = "files/big-scan.pdf";
const BIG_TARGET: &str = "/api/files/big-scan.pdf";

/// `size` bytes that depend on `seed` (xorshift), so two files never share
/// a chunk and a mix of them is caught.
fn noise(size: usize, seed: u64) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut out = Vec::with_capacity(size + 8);
    while out.len() < size {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.extend_from_slice(&x.to_le_bytes());
    }
    out.truncate(size);
    out
}

/// Imports the demo into `db`, with `big` as `files/big-scan.pdf` attached
/// to the newest public item; works while a server runs on `db`.
fn import_with_big_file(db: &Path, big: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let today = gongkai::domain::clock::china_date(time::OffsetDateTime::now_utc());
    let mut demo = gongkai_demo::Demo::build(today).unwrap();
    let item = demo
        .items
        .iter_mut()
        .find(|i| i.is_public())
        .expect("a public item");
    item.attachments.push(gongkai::api::Attachment {
        name: "扫描件.pdf".into(),
        media_type: Some("application/pdf".into()),
        size: Some(big.len() as u64),
        url: BIG_URL.into(),
    });
    demo.files.insert(BIG_URL.into(), big.to_vec());
    demo.write(dir.path()).unwrap();
    let out = Command::new(BIN)
        .arg("--db")
        .arg(db)
        .arg("import")
        .arg(dir.path())
        .env_remove("GONGKAI_DB")
        .output()
        .expect("run gongkai-server import");
    assert!(
        out.status.success(),
        "import: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_large_attachment_streams_whole_with_its_headers() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gongkai.db");
    let big = noise(BIG, 1);
    import_with_big_file(&db, &big);
    let server = Server::on(&db, &with_args(&["--stall-timeout", "3"]));

    let (mut stream, head) = send_get(addr(&server), BIG_TARGET);
    assert_eq!(head.status(), 200, "{}", head.text);
    assert_eq!(
        head.header("content-length"),
        Some(BIG.to_string().as_str())
    );
    assert_eq!(head.header("content-type"), Some("application/pdf"));
    assert_eq!(head.header("cache-control"), Some("public, max-age=3600"));
    assert_eq!(head.header("x-content-type-options"), Some("nosniff"));
    // A pause shorter than the stall timeout is not a stall.
    thread::sleep(Duration::from_secs(1));
    let mut body = head.body;
    read_to_close(&mut stream, &mut body);
    assert_eq!(body.len(), BIG);
    assert!(body == big, "the bytes differ from the imported file");

    // And through an ordinary client, twice on one connection.
    for _ in 0..2 {
        let mut response = server
            .agent()
            .get(server.api(BIG_URL))
            .call()
            .expect("GET the big file");
        assert_eq!(response.status(), 200);
        let got = response
            .body_mut()
            .with_config()
            .limit(2 * BIG as u64)
            .read_to_vec()
            .expect("the body");
        assert!(got == big, "the bytes differ ({} of {BIG})", got.len());
    }
    // HEAD gives the length without the bytes.
    let mut response = server
        .agent()
        .head(server.api(BIG_URL))
        .call()
        .expect("HEAD the big file");
    assert_eq!(response.status(), 200);
    assert_eq!(
        response
            .headers()
            .get("content-length")
            .and_then(|v| v.to_str().ok()),
        Some(BIG.to_string().as_str())
    );
    assert!(response.body_mut().read_to_vec().unwrap().is_empty());
}

#[test]
fn a_download_the_client_stops_reading_is_dropped_after_the_stall_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gongkai.db");
    let big = noise(BIG, 2);
    import_with_big_file(&db, &big);
    let server = Server::on(&db, &with_args(&["--stall-timeout", "2"]));

    let (mut stream, head) = send_get(addr(&server), BIG_TARGET);
    assert_eq!(head.status(), 200, "{}", head.text);
    // The client stops reading; the server's writes back up.
    thread::sleep(Duration::from_secs(5));
    let mut body = head.body;
    read_to_close(&mut stream, &mut body);
    assert!(
        body.len() < BIG,
        "the whole file arrived after the client had read nothing for 5 s (stall timeout 2 s)"
    );
    assert!(
        body == big[..body.len()],
        "what arrived is not the file's start"
    );
    // The server is fine.
    assert_eq!(server.get("v1/site.json").status, 200);
}

#[cfg(target_os = "linux")]
#[test]
fn downloads_that_are_not_read_hold_no_copy_of_the_file() {
    fn rss_kb(pid: u32) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmRSS")
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gongkai.db");
    import_with_big_file(&db, &noise(BIG, 3));
    let server = Server::on(&db, &Options::default());
    assert_eq!(server.get("v1/site.json").status, 200);
    let before = rss_kb(server.pid());

    let downloads: Vec<_> = (0..10)
        .map(|_| send_get(addr(&server), BIG_TARGET))
        .collect();
    for (_, head) in &downloads {
        assert_eq!(head.status(), 200, "{}", head.text);
    }
    thread::sleep(Duration::from_secs(2));
    let during = rss_kb(server.pid());
    // Ten copies would be 160 MB; a chunk or two each is well under 1 MB.
    assert!(
        during < before + 32 * 1024,
        "resident memory grew from {before} kB to {during} kB with 10 unread downloads of a 16 MB file"
    );
    drop(downloads);
}

#[test]
fn a_file_replaced_during_a_download_ends_it_rather_than_mixing_files() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gongkai.db");
    let old = noise(BIG, 4);
    let new = noise(BIG, 5);
    import_with_big_file(&db, &old);
    let server = Server::on(&db, &Options::default());

    let (mut stream, head) = send_get(addr(&server), BIG_TARGET);
    assert_eq!(head.status(), 200, "{}", head.text);
    // The client has read a few MB at most when the content is re-imported.
    import_with_big_file(&db, &new);
    let mut body = head.body;
    read_to_close(&mut stream, &mut body);
    assert!(
        body.len() < BIG,
        "the download ran to its end ({} bytes) across a re-import",
        body.len()
    );
    assert!(
        body == old[..body.len()],
        "the old file's start, then nothing"
    );

    let (mut stream, head) = send_get(addr(&server), BIG_TARGET);
    assert_eq!(head.status(), 200, "{}", head.text);
    let mut body = head.body;
    read_to_close(&mut stream, &mut body);
    assert!(
        body == new,
        "the new file, whole ({} of {BIG} bytes)",
        body.len()
    );
}

#[cfg(unix)]
#[test]
fn sigterm_lets_a_download_in_flight_finish() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gongkai.db");
    let big = noise(BIG, 6);
    import_with_big_file(&db, &big);
    let server = Server::on(&db, &Options::default());
    let (mut stream, head) = send_get(addr(&server), BIG_TARGET);
    assert_eq!(head.status(), 200, "{}", head.text);
    // A reader slow enough (about 3 s for the file) to be mid-way at SIGTERM.
    let reader = thread::spawn(move || {
        let mut body = head.body;
        let mut buf = vec![0u8; 256 * 1024];
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        loop {
            match stream.read(&mut buf) {
                Ok(0) | Err(_) => return body,
                Ok(n) => body.extend_from_slice(&buf[..n]),
            }
            thread::sleep(Duration::from_millis(50));
        }
    });
    thread::sleep(Duration::from_millis(500));
    let status = server
        .terminate(Duration::from_secs(20))
        .expect("the server still runs 20 s after SIGTERM");
    assert!(status.success(), "exit status {status}");
    let body = reader.join().expect("reader");
    assert_eq!(
        body.len(),
        BIG,
        "the download in flight was cut by the shutdown"
    );
    assert!(body == big);
}

// Findings 7 and 9d: the app's folder -------------------------------------------

const INDEX: &str = "<!doctype html><title>gongkai test app</title>";

fn app_server(spa: &Path) -> Server {
    Server::with(Options {
        spa: Some(spa.to_owned()),
        ..Options::default()
    })
}

#[test]
fn leading_double_slashes_never_lead_off_site() {
    let spa = tempfile::tempdir().unwrap();
    std::fs::write(spa.path().join("index.html"), INDEX).unwrap();
    std::fs::create_dir_all(spa.path().join("demo/files")).unwrap();
    std::fs::write(spa.path().join("demo/files/index.html"), "files").unwrap();
    let server = app_server(spa.path());
    let to = addr(&server);

    // ServeDir answers a directory without its slash with a redirect; the
    // Location must stay on this site (browsers take `\` for `/` there).
    for target in [
        "/demo/files",
        "//demo/files",
        "/\\demo/files",
        "///demo/files",
        "//demo/files?x=1",
    ] {
        let (_, head) = send_get(to, target);
        assert!(
            (300..400).contains(&head.status()),
            "{target}: {}",
            head.text
        );
        let location = head.header("location").unwrap_or("");
        assert!(
            location.starts_with("/demo/files/"),
            "{target}: Location {location:?} must be /demo/files/ (one leading slash)"
        );
    }
    // Everything else is served as if the path began with one slash.
    for target in [
        "//demo/files/",
        "//api/v1/site.json",
        "//evil.example/org/x",
    ] {
        let (mut stream, head) = send_get(to, target);
        assert_eq!(head.status(), 200, "{target}: {}", head.text);
        assert!(head.header("location").is_none(), "{target}");
        let mut body = head.body;
        read_to_close(&mut stream, &mut body);
        let expected: &[u8] = match target {
            "//demo/files/" => b"files",
            "//evil.example/org/x" => INDEX.as_bytes(),
            _ => b"{",
        };
        assert!(
            body.starts_with(expected),
            "{target}: {:?}",
            String::from_utf8_lossy(&body)
        );
    }
}

#[cfg(unix)]
#[test]
fn the_app_folder_serves_no_dotfiles_and_follows_no_symlinks() {
    use std::os::unix::fs::symlink;

    let spa = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let root = spa.path();
    std::fs::write(root.join("index.html"), INDEX).unwrap();
    std::fs::write(root.join("app.js"), "console.log(1)").unwrap();
    std::fs::create_dir_all(root.join("assets")).unwrap();
    std::fs::write(root.join("assets/style.css"), "body{}").unwrap();
    std::fs::write(root.join("assets/.secret.css"), "SECRET").unwrap();
    std::fs::write(root.join(".env"), "DB_PASSWORD=SECRET").unwrap();
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::write(root.join(".git/config"), "SECRET").unwrap();
    std::fs::write(outside.path().join("passwd"), "SECRET").unwrap();
    std::fs::create_dir_all(outside.path().join("dir")).unwrap();
    std::fs::write(outside.path().join("dir/index.html"), "SECRET").unwrap();
    std::fs::write(outside.path().join("dir/x.js"), "SECRET").unwrap();
    symlink(outside.path().join("passwd"), root.join("leak.txt")).unwrap();
    symlink(outside.path().join("dir"), root.join("linked")).unwrap();
    // A link that stays inside is refused too: no link is followed.
    symlink(root.join("app.js"), root.join("alias.js")).unwrap();
    let server = app_server(root);

    for path in [
        ".env",
        "%2Eenv",
        ".git/config",
        ".git/",
        "assets/.secret.css",
        "assets/%2esecret.css",
        ".hidden/deep-link",
        "leak.txt",
        "linked",
        "linked/",
        "linked/x.js",
        "linked/index.html",
        "alias.js",
    ] {
        let r = server.get_url(&server.url(path), &[]);
        assert_eq!(r.status, 404, "/{path}: {}", r.text());
        assert!(!r.text().contains("SECRET"), "/{path}: {}", r.text());
    }
    // What the app needs is still served, deep links included.
    for (path, expected) in [
        ("app.js", "console.log(1)"),
        ("assets/style.css", "body{}"),
        ("", INDEX),
        ("org/qingxi-village", INDEX),
        ("org/qingxi-village/items/x", INDEX),
    ] {
        let r = server.get_url(&server.url(path), &[]);
        assert_eq!(r.status, 200, "/{path}");
        assert_eq!(r.text(), expected, "/{path}");
    }
}
