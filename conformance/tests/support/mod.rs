//! A demo backend written to a temporary folder and served over real HTTP
//! on loopback by a tiny static file server (GET and HEAD; POST is 405, as
//! on a plain file host).

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;
use time::OffsetDateTime;

/// A request as the test server read it.
pub struct Request {
    pub method: String,
    /// Percent-decoded, without the query.
    pub path: String,
    /// The query string as sent, without the `?` (empty when none).
    pub query: String,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// An answer of a [`Handler`].
pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

/// Answers some requests itself (`Some`); the others go to the files.
pub type Handler = Arc<dyn Fn(&Request) -> Option<Response> + Send + Sync>;

pub struct Backend {
    pub dir: tempfile::TempDir,
}

impl Backend {
    /// The demo as generated today.
    pub fn demo() -> Backend {
        let dir = tempfile::Builder::new()
            .prefix("gongkai-conformance-")
            .tempdir()
            .expect("a temporary folder");
        let today = gongkai::domain::clock::china_date(OffsetDateTime::now_utc());
        gongkai_demo::Demo::build(today)
            .and_then(|demo| demo.write(dir.path()))
            .expect("the demo builds and writes");
        Backend { dir }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn read(&self, rel: &str) -> Value {
        let text = std::fs::read_to_string(self.path(rel)).expect(rel);
        serde_json::from_str(&text).expect(rel)
    }

    pub fn write(&self, rel: &str, value: &Value) {
        std::fs::write(self.path(rel), serde_json::to_vec_pretty(value).unwrap()).expect(rel);
    }

    /// Changes one JSON file.
    pub fn edit(&self, rel: &str, change: impl FnOnce(&mut Value)) {
        let mut value = self.read(rel);
        change(&mut value);
        self.write(rel, &value);
    }

    /// The id of some item that has the file `v1/items/{id}.json`.
    pub fn some_item(&self) -> String {
        self.read("v1/items.json")["items"][0]["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// Serves the folder; JSON files with `Content-Type: application/json`.
    pub fn serve(&self) -> String {
        self.serve_with("application/json")
    }

    /// Serves the folder, JSON files with the given content type; returns
    /// the base URL, `http://127.0.0.1:{port}/`.
    pub fn serve_with(&self, json_type: &'static str) -> String {
        serve(self.dir.path().to_owned(), json_type, None)
    }

    /// Serves the folder behind `handler`.
    pub fn serve_handler(&self, handler: Handler) -> String {
        serve(
            self.dir.path().to_owned(),
            "application/json",
            Some(handler),
        )
    }
}

fn serve(root: PathBuf, json_type: &'static str, handler: Option<Handler>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let port = listener.local_addr().unwrap().port();
    let root = Arc::new(root);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = Arc::clone(&root);
            let handler = handler.clone();
            std::thread::spawn(move || {
                let _ = handle(stream, &root, json_type, handler);
            });
        }
    });
    format!("http://127.0.0.1:{port}/")
}

fn handle(
    stream: TcpStream,
    root: &Path,
    json_type: &str,
    handler: Option<Handler>,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(std::time::Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut length = 0usize;
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            let name = name.trim().to_ascii_lowercase();
            if name == "content-length" {
                length = value.trim().parse().unwrap_or(0);
            }
            headers.push((name, value.trim().to_owned()));
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;

    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let file = decode(path).and_then(|p| {
        let rel = p.trim_start_matches('/');
        let safe = !rel.split('/').any(|s| s == ".." || s == ".");
        safe.then(|| root.join(rel))
    });
    let mut out = stream;
    if let Some(handler) = handler {
        let request = Request {
            method: method.to_owned(),
            path: decode(path).unwrap_or_default(),
            query: target
                .split_once('?')
                .map(|(_, q)| q.split('#').next().unwrap_or("").to_owned())
                .unwrap_or_default(),
            headers,
            body,
        };
        if let Some(r) = handler(&request) {
            write!(
                out,
                "HTTP/1.1 {} X\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n",
                r.status,
                r.content_type,
                r.body.len()
            )?;
            for (name, value) in &r.headers {
                write!(out, "{name}: {value}\r\n")?;
            }
            out.write_all(b"\r\n")?;
            out.write_all(&r.body)?;
            return out.flush();
        }
    }
    match (method, file) {
        ("GET" | "HEAD", Some(file)) if file.is_file() => {
            let bytes = std::fs::read(&file)?;
            let content_type = match file.extension().and_then(|e| e.to_str()) {
                Some("json") => json_type,
                Some("csv") => "text/csv; charset=utf-8",
                Some("pdf") => "application/pdf",
                Some("txt") => "text/plain; charset=utf-8",
                _ => "application/octet-stream",
            };
            write!(
                out,
                "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                bytes.len()
            )?;
            if method == "GET" {
                out.write_all(&bytes)?;
            }
        }
        ("GET" | "HEAD", _) => {
            let text = b"not found";
            write!(
                out,
                "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                text.len()
            )?;
            if method == "GET" {
                out.write_all(text)?;
            }
        }
        _ => {
            write!(
                out,
                "HTTP/1.1 405 Method Not Allowed\r\nAllow: GET, HEAD\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )?;
        }
    }
    out.flush()
}

/// Percent-decodes a path; `None` if it is not UTF-8.
fn decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).ok()
}
