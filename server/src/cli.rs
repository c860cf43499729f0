//! The command line: `serve`, and staff commands that work on the database
//! directly (the same rules as the staff API), for scripts and for a shell on
//! the server. SQLite's WAL lets them run while the server is serving.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, Subcommand};
use gongkai::api::{FeedbackStatus, ItemUpdate, KioskStatus, Rating, StaffFeedback};
use gongkai::domain::clock::{china_date, CHINA_OFFSET};
use gongkai::domain::feedback::{
    clean_text, is_invisible_format, unsatisfied_without_reopen, FieldErrorCode, TrackingCode,
};
use time::OffsetDateTime;

use crate::http::{self, ServerConfig};
use crate::kiosk::duration_zh;
use crate::store::{CaseFilter, Content, ContentError, StaffAction, Store};

#[derive(Parser, Debug)]
#[command(
    name = "gongkai-server",
    version,
    about = "Reference backend for gongkai (党务公开): the JSON contract on SQLite, feedback, and the app"
)]
pub struct Cli {
    /// The SQLite database file (created on first start).
    #[arg(
        long,
        env = "GONGKAI_DB",
        default_value = "data/gongkai.db",
        global = true
    )]
    pub db: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the API at /api/v1 and the app (with --spa).
    Serve(Box<ServeArgs>),
    /// Replace all content (not feedback) with the demo of 青溪镇, dated from today.
    LoadDemo,
    /// Replace all content (not feedback) with a static backend folder (v1/site.json …).
    Import {
        dir: PathBuf,
        /// The largest attachment taken, in MiB.
        #[arg(long, default_value_t = 50)]
        max_attachment_mib: u64,
    },
    /// Write the first screen of the home page and of each board into a
    /// release build of the app, for a static host (README, "First screens
    /// on a static host"): APP/index.html and APP/org/ID.html, as the
    /// content in the database shows them now (after `import` of the static
    /// folder). Run it after each import and once a day: a 公示's status and
    /// countdown are as of the moment it ran.
    Pages {
        /// The app's folder (a release build, with its index.html).
        app: PathBuf,
    },
    /// List submissions, oldest first: code, status, kind, org, due date,
    /// rating, reopens, first words. "[!]" marks a case rated 不满意 that was
    /// not reopened.
    List {
        /// received, in_progress, replied or closed
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        org: Option<String>,
        /// Only cases rated 不满意 and not reopened.
        #[arg(long)]
        unsatisfied: bool,
    },
    /// List ended 公示 with objections still awaiting a reply (shown to the
    /// public as 公示期内收到异议，正在核查).
    Objections,
    /// Show one submission in full, with name and contact.
    Show { code: String },
    /// Mark a submission as being handled (办理中).
    Start { code: String },
    /// Reply to a submission; with --public-question the reply is published too.
    Reply {
        code: String,
        text: String,
        /// A summary of the question that names no one, to publish with the reply.
        #[arg(long)]
        public_question: Option<String>,
    },
    /// Publish a reply on the organisation's public board (反馈公开).
    Publish { code: String, question: String },
    /// Close a submission (办结).
    Close { code: String },
    /// Publish or revise an item from a JSON file (the contract's Item).
    PutItem {
        file: PathBuf,
        /// What changed; required when revising.
        #[arg(long)]
        note: Option<String>,
        /// Why a publicity period shorter than its category's minimum is
        /// published all the same (recorded; without it such a period is refused).
        #[arg(long)]
        publicity_override_reason: Option<String>,
    },
    /// Show an item as staff see it (JSON), with any reason recorded for a
    /// too-short publicity period.
    ShowItem { id: String },
    /// List the kiosks (touch screens) that send heartbeats, by name: status
    /// (离线 after 3 missed beats), last seen (China time), version, data
    /// age, uptime, last error.
    Kiosks,
    /// Forget a kiosk taken out of service (it reappears if it beats again).
    ForgetKiosk { device: String },
}

#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    #[arg(long, env = "GONGKAI_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// The built app (dist/); without it only the API is served.
    #[arg(long, env = "GONGKAI_SPA")]
    pub spa: Option<PathBuf>,
    /// Bearer token for the staff API (at least 32 characters), from the
    /// environment only: without one the staff API is off.
    #[arg(skip = std::env::var("GONGKAI_STAFF_TOKEN").ok())]
    pub staff_token: Option<String>,
    /// A file holding the staff API's bearer token (instead of GONGKAI_STAFF_TOKEN).
    #[arg(long, env = "GONGKAI_STAFF_TOKEN_FILE")]
    pub staff_token_file: Option<PathBuf>,
    /// Refused: a token on the command line is visible to every local user.
    #[arg(long = "staff-token", hide = true)]
    pub staff_token_arg: Option<String>,
    /// An origin allowed to call the API from a browser (repeat, or comma-separated).
    #[arg(
        long = "cors-origin",
        env = "GONGKAI_CORS_ORIGINS",
        value_delimiter = ','
    )]
    pub cors_origins: Vec<String>,
    /// Let any origin read the public API (GET), for boards embedded by
    /// portals not listed; submissions and the staff API stay with
    /// --cors-origin.
    #[arg(long, env = "GONGKAI_CORS_READ_ANY")]
    pub cors_read_any: bool,
    /// An origin allowed to frame the app (the iframe mode of
    /// gongkai-embed.js) without calling the API (repeat, or
    /// comma-separated); --cors-origin portals may frame it too. Without
    /// either, no other origin may (frame-ancestors 'self').
    #[arg(
        long = "frame-origin",
        env = "GONGKAI_FRAME_ORIGINS",
        value_delimiter = ','
    )]
    pub frame_origins: Vec<String>,
    /// An origin besides this server's from which pictures in bodies load
    /// (repeat, or comma-separated); any other picture is shown as a link.
    #[arg(
        long = "image-origin",
        env = "GONGKAI_IMAGE_ORIGINS",
        value_delimiter = ','
    )]
    pub image_origins: Vec<String>,
    /// Start with an empty database instead of loading the demo on first start.
    #[arg(long)]
    pub no_demo: bool,
    /// New submissions one client address may make per window.
    #[arg(long, env = "GONGKAI_SUBMISSION_LIMIT", default_value_t = 20)]
    pub submission_limit: u32,
    /// The window of --submission-limit, in seconds.
    #[arg(long, env = "GONGKAI_SUBMISSION_WINDOW", default_value_t = 600)]
    pub submission_window: u64,
    /// Behind a reverse proxy: the client is the last address in X-Forwarded-For.
    #[arg(long)]
    pub behind_proxy: bool,
    /// Working days within which a reply is due (答复时限).
    #[arg(long, env = "GONGKAI_REPLY_DAYS", default_value_t = 10)]
    pub reply_working_days: u32,
    /// No access log on stderr.
    #[arg(long)]
    pub quiet: bool,
    /// Seconds a client has to send a request's headers, from when the
    /// connection opens or its previous response ends (so also how long an
    /// idle keep-alive connection stays open).
    #[arg(long, env = "GONGKAI_HEADER_READ_TIMEOUT", default_value_t = 10, value_parser = seconds())]
    pub header_read_timeout: u64,
    /// Seconds a request body may pause between two pieces.
    #[arg(long, env = "GONGKAI_BODY_TIMEOUT", default_value_t = 30, value_parser = seconds())]
    pub body_timeout: u64,
    /// Seconds from a request's headers to its response, body included.
    #[arg(long, env = "GONGKAI_REQUEST_TIMEOUT", default_value_t = 60, value_parser = seconds())]
    pub request_timeout: u64,
    /// Seconds a response may wait for a client that stopped reading it
    /// before the connection is dropped.
    #[arg(long, env = "GONGKAI_STALL_TIMEOUT", default_value_t = 30, value_parser = seconds())]
    pub stall_timeout: u64,
    /// Connections served at once; more wait to be accepted. Keep it below
    /// the open-file limit (ulimit -n).
    #[arg(long, env = "GONGKAI_MAX_CONNECTIONS", default_value_t = 512,
          value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub max_connections: u32,
    /// Seconds between two kiosk heartbeats, advertised in site.json; a
    /// kiosk silent for 3 of them is offline.
    #[arg(long, env = "GONGKAI_KIOSK_HEARTBEAT_SECONDS", default_value_t = 60,
          value_parser = clap::value_parser!(u32).range(1..=i64::from(gongkai::api::HEARTBEAT_INTERVAL_MAX)))]
    pub kiosk_heartbeat_seconds: u32,
    /// No kiosk heartbeat: not advertised in site.json, and its endpoint is 404.
    #[arg(long)]
    pub no_kiosk_heartbeat: bool,
    /// No server-side search: site.json does not advertise it and
    /// v1/search.json is 404, as on a backend without it (for testing clients).
    #[arg(long)]
    pub no_search: bool,
    /// Kiosk heartbeats one client address may send per minute (kiosks behind
    /// one address share it).
    #[arg(long, env = "GONGKAI_KIOSK_HEARTBEAT_LIMIT", default_value_t = 10,
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub kiosk_heartbeat_limit: u32,
    /// Kiosks known at most; a heartbeat from a new one beyond is refused.
    #[arg(long, env = "GONGKAI_KIOSK_MAX_DEVICES", default_value_t = 1000,
          value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub kiosk_max_devices: u32,
    /// The kiosks' settings (config.json's `kiosk` object: idle_seconds,
    /// warning_seconds, attract_seconds, refresh_minutes, signage, night,
    /// device; see docs/kiosk.md), from a JSON file holding that object. The
    /// values are passed on as written: a kiosk shows what is wrong with them.
    #[arg(long, env = "GONGKAI_KIOSK_SETTINGS", value_name = "FILE")]
    pub kiosk_settings: Option<PathBuf>,
}

/// `--kiosk-settings`: a JSON object, at most 16 KiB. Its values are the
/// kiosk's to judge; only the file's shape is checked here.
fn kiosk_settings(path: &std::path::Path) -> Result<serde_json::Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if text.len() > 16 * 1024 {
        return Err(format!("{}: kiosk settings over 16 KiB", path.display()));
    }
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: not JSON: {e}", path.display()))?;
    if !value.is_object() {
        return Err(format!(
            "{}: kiosk settings must be a JSON object, e.g. {{\"idle_seconds\": 90}}",
            path.display()
        ));
    }
    Ok(value)
}

/// Whole seconds, at least one.
fn seconds() -> clap::builder::RangedU64ValueParser {
    clap::value_parser!(u64).range(1..=86_400)
}

impl ServeArgs {
    fn limits(&self) -> http::Limits {
        http::Limits {
            header_read: Duration::from_secs(self.header_read_timeout),
            body: Duration::from_secs(self.body_timeout),
            request: Duration::from_secs(self.request_timeout),
            stall: Duration::from_secs(self.stall_timeout),
            max_connections: self.max_connections,
        }
    }
}

pub async fn serve(store: Store, args: ServeArgs) -> Result<(), String> {
    let now = OffsetDateTime::now_utc();
    if !args.no_demo && !store.has_content().map_err(|e| e.to_string())? {
        load_demo(&store, now)?;
    }
    let forgotten = store
        .forget_idempotency_keys(now, 30)
        .map_err(|e| e.to_string())?;
    if forgotten > 0 {
        eprintln!("gongkai-server: forgot {forgotten} idempotency keys older than 30 days");
    }
    if let Some(dir) = &args.spa {
        if !dir.join("index.html").is_file() {
            return Err(format!(
                "{}: no index.html (build the app first: scripts/build.sh)",
                dir.display()
            ));
        }
    }
    let staff_token = staff_token(&args)?;
    let kiosk_settings = args
        .kiosk_settings
        .as_deref()
        .map(kiosk_settings)
        .transpose()?;
    let limits = args.limits();
    let config = ServerConfig {
        spa_dir: args.spa,
        staff_token,
        cors_origins: args
            .cors_origins
            .into_iter()
            .filter(|o| !o.is_empty())
            .collect(),
        cors_read_any: args.cors_read_any,
        frame_origins: args
            .frame_origins
            .into_iter()
            .filter(|o| !o.is_empty())
            .collect(),
        image_origins: args
            .image_origins
            .into_iter()
            .filter(|o| !o.is_empty())
            .collect(),
        submission_limit: args.submission_limit,
        submission_window: Duration::from_secs(args.submission_window),
        behind_proxy: args.behind_proxy,
        reply_working_days: args.reply_working_days,
        access_log: !args.quiet,
        limits,
        kiosk_heartbeat_seconds: (!args.no_kiosk_heartbeat).then_some(args.kiosk_heartbeat_seconds),
        kiosk_heartbeat_limit: args.kiosk_heartbeat_limit,
        kiosk_max_devices: args.kiosk_max_devices as usize,
        kiosk_settings,
        search: !args.no_search,
        ..ServerConfig::default()
    };
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| format!("{}: {e}", args.listen))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    // Tests and scripts read this line to learn the port.
    println!("gongkai-server: listening on http://{addr}/");
    if config.staff_token.is_none() {
        eprintln!("gongkai-server: no staff token, the staff API is off");
    }
    http::serve(listener, http::router(store, config), limits)
        .await
        .map_err(|e| e.to_string())
}

/// The shortest staff token accepted: guessing one must be out of reach.
pub const STAFF_TOKEN_MIN_CHARS: usize = 32;

/// The staff token from `GONGKAI_STAFF_TOKEN` or `--staff-token-file`, if
/// any, refused when it is on the command line, short or unprintable.
fn staff_token(args: &ServeArgs) -> Result<Option<String>, String> {
    if args.staff_token_arg.is_some() {
        return Err(
            "--staff-token: a token on the command line is visible to every local user \
             in the process list; set GONGKAI_STAFF_TOKEN or use --staff-token-file"
                .into(),
        );
    }
    let token = match (&args.staff_token_file, &args.staff_token) {
        (Some(_), Some(_)) => {
            return Err("both GONGKAI_STAFF_TOKEN and --staff-token-file are set; keep one".into())
        }
        (Some(file), None) => Some(
            std::fs::read_to_string(file)
                .map_err(|e| format!("--staff-token-file {}: {e}", file.display()))?,
        ),
        (None, token) => token.clone(),
    };
    match token.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(token) => check_staff_token(token).map(|()| Some(token.to_owned())),
    }
}

/// A staff token is at least [`STAFF_TOKEN_MIN_CHARS`] visible ASCII
/// characters (what an `Authorization` header carries as it is).
pub fn check_staff_token(token: &str) -> Result<(), String> {
    if !token.chars().all(|c| c.is_ascii_graphic()) {
        return Err("the staff token must be visible ASCII characters, without spaces".into());
    }
    if token.len() < STAFF_TOKEN_MIN_CHARS {
        return Err(format!(
            "the staff token has {} characters; it needs at least {STAFF_TOKEN_MIN_CHARS} \
             (for example: openssl rand -base64 32)",
            token.len()
        ));
    }
    Ok(())
}

pub fn load_demo(store: &Store, now: OffsetDateTime) -> Result<(), String> {
    let today = china_date(now);
    let demo = gongkai_demo::Demo::build(today)?;
    let items = demo.items.len();
    store
        .load_content(&Content::from(demo))
        .map_err(|e| e.to_string())?;
    eprintln!("gongkai-server: loaded the demo ({items} items, dated from {today})");
    Ok(())
}

/// Runs a staff command; returns what to print.
pub fn staff_command(store: &Store, command: Command) -> Result<String, String> {
    let now = OffsetDateTime::now_utc();
    let act = |code: &str, action: StaffAction<'_>| {
        store
            .act(code, action, now)
            .map(|case| describe(&case))
            .map_err(|e| format!("{code}: {e}"))
    };
    match command {
        Command::Serve(_) => unreachable!("serve is handled by main"),
        Command::LoadDemo => load_demo(store, now).map(|()| "demo loaded".into()),
        Command::Import {
            dir,
            max_attachment_mib,
        } => {
            let content =
                crate::import::import_with(&dir, max_attachment_mib.saturating_mul(1024 * 1024))?;
            let summary = format!(
                "imported {} items of {} organisations, {} files",
                content.items.len(),
                content.orgs.organisations.len(),
                content.files.len()
            );
            store.load_content(&content).map_err(|e| e.to_string())?;
            Ok(summary)
        }
        Command::Pages { app } => crate::pages::write_pages(store, &app, now),
        Command::List {
            status,
            org,
            unsatisfied,
        } => {
            let status = match status {
                None => None,
                Some(s) => Some(FeedbackStatus::parse(&s).ok_or_else(|| {
                    format!("unknown status {s:?}: received, in_progress, replied or closed")
                })?),
            };
            let cases = store
                .list_cases(&CaseFilter {
                    status,
                    org: org.as_deref(),
                    unsatisfied,
                })
                .map_err(|e| e.to_string())?;
            Ok(cases.iter().map(list_line).collect::<Vec<_>>().join("\n"))
        }
        Command::Objections => {
            let reviews = store.objection_reviews(now).map_err(|e| e.to_string())?;
            Ok(reviews
                .iter()
                .map(|r| {
                    format!(
                        "{}\t{}\t公示截至 {}\t{}条异议待答复：{}\t{}",
                        r.item,
                        r.org,
                        r.ended_on,
                        r.open.len(),
                        r.open.join(" "),
                        r.title
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"))
        }
        Command::ShowItem { id } if !gongkai::api::is_valid_id(&id) => {
            Err(format!("{id:?} is not an item id"))
        }
        Command::ShowItem { id } => match store.staff_item(&id, now) {
            Ok(Some(item)) => Ok(serde_json::to_string_pretty(&item).unwrap_or_default()),
            Ok(None) => Err(format!("{id}: no such item")),
            Err(e) => Err(e.to_string()),
        },
        Command::Kiosks => {
            let kiosks = store.kiosks(now).map_err(|e| e.to_string())?;
            Ok(kiosks.iter().map(kiosk_line).collect::<Vec<_>>().join("\n"))
        }
        Command::ForgetKiosk { device } => {
            // Names are kept cleaned, as they arrived.
            let device = clean_text(&device);
            if store.forget_kiosk(&device).map_err(|e| e.to_string())? {
                Ok(format!("{device}: forgotten"))
            } else {
                Err(format!(
                    "{device:?}: no such kiosk (see gongkai-server kiosks)"
                ))
            }
        }
        Command::Show { code } => store
            .staff_case(&code)
            .map(|c| escape_invisible(&serde_json::to_string_pretty(&c).unwrap_or_default()))
            .map_err(|e| format!("{code}: {e}")),
        Command::Start { code } => act(&code, StaffAction::Start),
        Command::Reply {
            code,
            text,
            public_question,
        } => {
            let text = clean_text(&text);
            if text.is_empty() {
                return Err("the reply is empty".into());
            }
            let question = public_question
                .map(|q| clean_text(&q))
                .filter(|q| !q.is_empty());
            act(
                &code,
                StaffAction::Reply {
                    text: &text,
                    public_question: question.as_deref(),
                },
            )
        }
        Command::Publish { code, question } => {
            let question = clean_text(&question);
            if question.is_empty() {
                return Err("the question summary is empty".into());
            }
            act(
                &code,
                StaffAction::Publish {
                    question: &question,
                },
            )
        }
        Command::Close { code } => act(&code, StaffAction::Close),
        Command::PutItem {
            file,
            note,
            publicity_override_reason,
        } => {
            let text =
                std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            let item: gongkai::api::Item =
                serde_json::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))?;
            let id = item.id.clone();
            let update = ItemUpdate {
                item,
                note,
                publicity_override_reason,
            };
            let put = store.put_item(&id, update, now).map_err(|e| match e {
                ContentError::Refused(e) if e.code == FieldErrorCode::PublicityTooShort => format!(
                    "{id}: {}（命令行：--publicity-override-reason \"原因\"）",
                    gongkai::i18n::field_error_text(&e)
                ),
                e => format!("{id}: {e}"),
            })?;
            let mut out = format!(
                "{id}: {}",
                if put.created { "published" } else { "revised" }
            );
            if let Some(short) = put.overridden {
                out.push_str(&format!(
                    "（公示期{}个工作日，少于规定的{}个工作日，原因已记录）",
                    short.actual, short.required
                ));
            }
            Ok(out)
        }
    }
}

/// One case of `list`: code, status, kind, org, due date, rating, reopens,
/// first words; tab-separated, the code first.
fn list_line(c: &StaffFeedback) -> String {
    let s = &c.state;
    let rating = match &s.rating {
        None => "未评价".to_owned(),
        Some(r) => {
            let name = match r.rating {
                Rating::Satisfied => "满意",
                Rating::BasicallySatisfied => "基本满意",
                Rating::Unsatisfied => "不满意",
            };
            let marker = if unsatisfied_without_reopen(s.status, Some(r.rating)) {
                "[!] "
            } else {
                ""
            };
            match &r.reason {
                Some(reason) => format!("{marker}{name}：{}", first_line(reason, 30)),
                None => format!("{marker}{name}"),
            }
        }
    };
    let reopened = match (c.reopen_count, c.reopened_at) {
        (0, _) => "未重新办理".to_owned(),
        (n, Some(at)) => format!("重新办理{n}次（最近 {}）", china_date(at)),
        (n, None) => format!("重新办理{n}次"),
    };
    format!(
        "{}\t{}\t{}\t{}\tdue {}\t{}\t{}\t{}",
        s.code,
        s.status.as_str(),
        s.kind.as_str(),
        s.org,
        s.reply_due,
        rating,
        reopened,
        first_line(&s.body, 40)
    )
}

/// One kiosk of `kiosks`: device, status, last seen in China time,
/// version, data age, uptime, last error; tab-separated, the device first.
fn kiosk_line(k: &KioskStatus) -> String {
    let seen = k.last_seen.to_offset(CHINA_OFFSET);
    let data = match k.data_age_seconds {
        Some(age) => format!("数据{}前", duration_zh(age)),
        None => "尚无数据".to_owned(),
    };
    let error = match &k.last_error {
        Some(e) => format!("错误：{}", first_line(e, 60)),
        None => "无错误".to_owned(),
    };
    format!(
        "{}\t{}\t最近 {} {:02}:{:02}:{:02}\t版本 {}\t{}\t已运行{}\t{}",
        escape_invisible(&k.device),
        if k.offline { "离线" } else { "在线" },
        seen.date(),
        seen.hour(),
        seen.minute(),
        seen.second(),
        escape_invisible(&k.version),
        data,
        duration_zh(k.uptime_seconds),
        error
    )
}

fn describe(case: &StaffFeedback) -> String {
    format!("{} {}", case.state.code, case.state.status.as_str())
}

/// JSON with every invisible formatting character (stored before input
/// dropped them) written as its `\uXXXX` escape, so a terminal shows it
/// instead of obeying it.
fn escape_invisible(json: &str) -> String {
    json.chars()
        .map(|c| {
            if is_invisible_format(c) || matches!(c, '\u{2028}' | '\u{2029}') {
                format!("\\u{:04x}", u32::from(c))
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The first line of `s`, at most `max` characters, with invisible
/// formatting characters dropped.
fn first_line(s: &str, max: usize) -> String {
    let s = clean_text(s);
    let line = s.lines().next().unwrap_or("");
    let mut out: String = line.chars().take(max).collect();
    if line.chars().count() > max {
        out.push('…');
    }
    out
}

/// Whether `code` can be a tracking code, for a clear message before the
/// database is opened.
pub fn check_code(code: &str) -> Result<(), String> {
    TrackingCode::normalize(code).map(|_| ()).ok_or_else(|| {
        format!("{code:?} is not a tracking code (12 letters and digits, e.g. 7K3M-Q9XD-2FHP)")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_tokens_are_long_and_printable() {
        assert!(check_staff_token("123").is_err());
        assert!(check_staff_token(&"a".repeat(31)).is_err());
        assert!(check_staff_token(&"a".repeat(32)).is_ok());
        assert!(check_staff_token(&format!("{} b", "a".repeat(32))).is_err());
        assert!(check_staff_token(&format!("{}令", "a".repeat(32))).is_err());
    }

    #[test]
    fn a_kiosk_line_reads_in_china_time() {
        let kiosk = KioskStatus {
            device: "大厅1号屏".into(),
            version: "0.1.0+abc1234".into(),
            last_seen: time::macros::datetime!(2026-11-29 01:02:03 UTC),
            data_age_seconds: Some(125),
            uptime_seconds: 90_000,
            last_error: Some("网络中断\n第二行".into()),
            interval_seconds: 60,
            offline: true,
        };
        assert_eq!(
            kiosk_line(&kiosk),
            "大厅1号屏\t离线\t最近 2026-11-29 09:02:03\t版本 0.1.0+abc1234\t数据2分钟前\t已运行1天1小时\t错误：网络中断"
        );
        let fresh = KioskStatus {
            data_age_seconds: None,
            last_error: None,
            offline: false,
            ..kiosk
        };
        assert!(kiosk_line(&fresh).contains("\t在线\t"));
        assert!(kiosk_line(&fresh).ends_with("\t尚无数据\t已运行1天1小时\t无错误"));
    }

    #[test]
    fn staff_output_shows_invisible_characters_as_escapes() {
        assert_eq!(
            escape_invisible("{\"name\": \"\u{202E}三张\"}"),
            "{\"name\": \"\\u202e三张\"}"
        );
        assert_eq!(
            first_line("\u{202E}路灯\u{200B}坏了\n第二行", 10),
            "路灯坏了"
        );
    }
}
