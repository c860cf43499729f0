//! A real `gongkai-server` on loopback for the integration tests: spawned
//! from the built binary with a temporary database, talked to over HTTP with
//! ureq, killed when dropped.

// Shared by test files; not every file uses every helper.
#![allow(dead_code)]

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, ExitStatus, Output, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;
use tempfile::TempDir;
use ureq::http::HeaderMap;
use ureq::Agent;

pub const BIN: &str = env!("CARGO_BIN_EXE_gongkai-server");
/// At least 32 characters: the server refuses shorter staff tokens.
pub const TOKEN: &str = "test-staff-token-0123456789-abcdefghij";

/// How to start a server.
#[derive(Clone, Debug)]
pub struct Options {
    pub staff_token: Option<String>,
    pub submission_limit: u32,
    pub spa: Option<PathBuf>,
    pub cors_origin: Option<String>,
    /// No access log (`--quiet`).
    pub quiet: bool,
    /// More arguments of `serve`.
    pub extra_args: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            staff_token: Some(TOKEN.to_owned()),
            // High enough that only the rate-limit test meets it.
            submission_limit: 1000,
            spa: None,
            cors_origin: None,
            quiet: true,
            extra_args: Vec::new(),
        }
    }
}

/// A running server; killed (SIGKILL) on drop.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT/`
    pub base: String,
    pub db: PathBuf,
    log: PathBuf,
    agent: Agent,
    /// Kept open: the server may write to stdout again.
    _stdout: BufReader<ChildStdout>,
    /// The database's directory, when this server owns it.
    _dir: Option<TempDir>,
}

impl Server {
    /// A server with a staff token and a fresh database holding the demo.
    pub fn start() -> Server {
        Server::with(Options::default())
    }

    pub fn with(options: Options) -> Server {
        let dir = tempfile::tempdir().expect("temporary directory");
        let mut server = Server::on(&dir.path().join("gongkai.db"), &options);
        server._dir = Some(dir);
        server
    }

    /// A server on a database file the caller keeps (to restart on it).
    pub fn on(db: &Path, options: &Options) -> Server {
        let log = db.with_extension(format!("{}.log", unique("server")));
        let mut command = Command::new(BIN);
        command
            .arg("--db")
            .arg(db)
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(["--submission-limit", &options.submission_limit.to_string()])
            .args(["--submission-window", "600"])
            .env_remove("GONGKAI_STAFF_TOKEN")
            .env_remove("GONGKAI_CORS_ORIGINS")
            .env_remove("GONGKAI_FRAME_ORIGINS")
            .env_remove("GONGKAI_SPA")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(File::create(&log).expect("server log file"));
        if options.quiet {
            command.arg("--quiet");
        }
        if let Some(token) = &options.staff_token {
            // From the environment, as docs/server.md advises: a token on the
            // command line is visible in the process list.
            command.env("GONGKAI_STAFF_TOKEN", token);
        }
        if let Some(spa) = &options.spa {
            command.arg("--spa").arg(spa);
        }
        if let Some(origin) = &options.cors_origin {
            command.args(["--cors-origin", origin]);
        }
        command.args(&options.extra_args);
        let mut child = command.spawn().expect("spawn gongkai-server");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut line = String::new();
        // The first line names the port; EOF means the server did not start.
        let read = stdout
            .read_line(&mut line)
            .expect("read the server's stdout");
        let base = line
            .trim()
            .strip_prefix("gongkai-server: listening on ")
            .filter(|_| read > 0)
            .map(str::to_owned);
        let Some(base) = base else {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "gongkai-server did not start (stdout {line:?}); its log:\n{}",
                std::fs::read_to_string(&log).unwrap_or_default()
            );
        };
        assert!(
            base.starts_with("http://127.0.0.1:") && base.ends_with('/'),
            "{base}"
        );
        Server {
            child,
            base,
            db: db.to_owned(),
            log,
            agent: agent(),
            _stdout: stdout,
            _dir: None,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// What the server wrote to stderr so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// `http://127.0.0.1:PORT/{path}`
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path.trim_start_matches('/'))
    }

    /// A URL under the API base: `api("v1/site.json")`.
    pub fn api(&self, path: &str) -> String {
        self.url(&format!("api/{}", path.trim_start_matches('/')))
    }

    pub fn agent(&self) -> &Agent {
        &self.agent
    }

    /// GET an absolute URL, with extra headers.
    pub fn get_url(&self, url: &str, headers: &[(&str, &str)]) -> Resp {
        let mut request = self.agent.get(url);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        Resp::from(request.call())
    }

    /// GET under the API base.
    pub fn get(&self, path: &str) -> Resp {
        self.get_url(&self.api(path), &[])
    }

    /// POST raw bytes under the API base with exactly these headers.
    pub fn post_raw(&self, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Resp {
        let mut request = self.agent.post(self.api(path));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        Resp::from(request.send(body))
    }

    /// POST JSON under the API base with an `Idempotency-Key`.
    pub fn post(&self, path: &str, key: &str, body: &Value) -> Resp {
        self.post_raw(
            path,
            &[
                ("content-type", "application/json"),
                ("idempotency-key", key),
            ],
            &serde_json::to_vec(body).unwrap(),
        )
    }

    /// POST v1/feedback with a fresh key; the 201's code.
    pub fn submit(&self, body: &Value) -> String {
        let r = self.post("v1/feedback", &unique("submit"), body);
        assert_eq!(r.status, 201, "submit {body}: {}", r.text());
        r.json()["code"].as_str().expect("code").to_owned()
    }

    /// GET under the API base as staff.
    pub fn staff_get(&self, path: &str) -> Resp {
        let auth = format!("Bearer {TOKEN}");
        self.get_url(&self.api(path), &[("authorization", &auth)])
    }

    /// POST under the API base as staff, with a fresh key.
    pub fn staff_post(&self, path: &str, body: &Value) -> Resp {
        let auth = format!("Bearer {TOKEN}");
        self.post_raw(
            path,
            &[
                ("content-type", "application/json"),
                ("idempotency-key", &unique("staff")),
                ("authorization", &auth),
            ],
            &serde_json::to_vec(body).unwrap(),
        )
    }

    /// PUT JSON under the API base as staff.
    pub fn staff_put(&self, path: &str, body: &Value) -> Resp {
        let request = self
            .agent
            .put(self.api(path))
            .header("content-type", "application/json")
            .header("authorization", format!("Bearer {TOKEN}"));
        Resp::from(request.send(&serde_json::to_vec(body).unwrap()[..]))
    }

    /// The staff list, as staff see it.
    pub fn staff_list(&self) -> Vec<Value> {
        let r = self.staff_get("v1/staff/feedback");
        assert_eq!(r.status, 200, "{}", r.text());
        r.json()["submissions"]
            .as_array()
            .expect("submissions")
            .clone()
    }

    /// Runs a staff command of the CLI on this server's database.
    pub fn cli(&self, args: &[&str]) -> Output {
        Command::new(BIN)
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .env_remove("GONGKAI_DB")
            .stdin(Stdio::null())
            .output()
            .expect("run the gongkai-server CLI")
    }

    /// SIGKILL, as a crash or `kill -9` would.
    pub fn kill(mut self) {
        self.child.kill().expect("kill the server");
        self.child.wait().expect("reap the server");
    }

    /// SIGTERM, then waits up to `limit` for the exit; `None` if it did not.
    #[cfg(unix)]
    pub fn terminate(mut self, limit: Duration) -> Option<ExitStatus> {
        let pid = libc::pid_t::try_from(self.child.id()).expect("pid");
        // SAFETY: kill(2) on our own child, which has not been reaped yet.
        let sent = unsafe { libc::kill(pid, libc::SIGTERM) };
        assert_eq!(sent, 0, "kill -TERM {pid}");
        let started = Instant::now();
        while started.elapsed() < limit {
            if let Some(status) = self.child.try_wait().expect("wait for the server") {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An agent that hands back 4xx and 5xx as responses, not errors, and never
/// goes through a proxy from the environment.
pub fn agent() -> Agent {
    Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .timeout_global(Some(Duration::from_secs(20)))
        .build()
        .into()
}

/// A response read whole.
pub struct Resp {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl From<Result<ureq::http::Response<ureq::Body>, ureq::Error>> for Resp {
    fn from(result: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Self {
        let mut response = result.expect("HTTP request");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response
            .body_mut()
            .with_config()
            .limit(16 * 1024 * 1024)
            .read_to_vec()
            .expect("response body");
        Resp {
            status,
            headers,
            body,
        }
    }
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The media type without parameters, lower-cased.
    pub fn media_type(&self) -> String {
        self.header("content-type")
            .unwrap_or("")
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}), status {}: {}", self.status, self.text()))
    }

    /// Asserts an RFC 9457 problem of `status` and type
    /// `urn:gongkai:problem:{name}`; returns its JSON.
    #[track_caller]
    pub fn problem(&self, status: u16, name: &str) -> Value {
        assert_eq!(self.status, status, "{}", self.text());
        assert_eq!(self.media_type(), "application/problem+json");
        let problem = self.json();
        assert_eq!(
            problem["type"],
            format!("urn:gongkai:problem:{name}"),
            "{problem}"
        );
        assert_eq!(problem["status"], status, "{problem}");
        assert!(
            problem["title"].as_str().is_some_and(|t| !t.is_empty()),
            "{problem}"
        );
        problem
    }
}

/// A string no other call in this test run returns: for keys and texts.
pub fn unique(prefix: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "{prefix}-{}-{}-{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// Whether the text has Chinese characters (the problems speak Chinese).
pub fn has_chinese(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// `next` resolved against the URL of the page it is in (like a browser).
pub fn resolve(page_url: &str, next: &str) -> String {
    if next.starts_with("http://") || next.starts_with("https://") {
        return next.to_owned();
    }
    if let Some(path) = next.strip_prefix('/') {
        let origin_end = page_url
            .match_indices('/')
            .nth(2)
            .map_or(page_url.len(), |(i, _)| i);
        return format!("{}/{path}", &page_url[..origin_end]);
    }
    let dir_end = page_url.rfind('/').map_or(0, |i| i + 1);
    format!("{}{next}", &page_url[..dir_end])
}

/// The field errors of a problem: (pointer, code), each with a Chinese
/// detail.
pub fn pointers(problem: &Value) -> Vec<(String, String)> {
    problem["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("no errors: {problem}"))
        .iter()
        .map(|e| {
            let detail = e["detail"].as_str().unwrap_or("");
            assert!(has_chinese(detail), "detail not in Chinese: {e}");
            (
                e["pointer"].as_str().unwrap().to_owned(),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}
