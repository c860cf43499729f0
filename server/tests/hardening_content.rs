//! Content that must not get in: a static backend folder that reaches out of
//! itself (`import`), and staff items with ids outside the contract's pattern
//! or too large for every list page to carry. The real binary, as in
//! `http.rs`.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use gongkai::api::Item;
use gongkai::domain::clock::CHINA_OFFSET;
use gongkai_server::store::Store;
use serde_json::{json, Value};
use support::Server;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

// Import ----------------------------------------------------------------------

/// A database with the demo loaded, and a demo folder (of another date, so
/// that its items differ) to spoil before importing it.
struct Fixture {
    dir: tempfile::TempDir,
    db: PathBuf,
    backend: PathBuf,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().expect("temporary directory");
        let db = dir.path().join("gongkai.db");
        let backend = dir.path().join("backend");
        let today = gongkai_demo::parse_date("2026-11-22").unwrap();
        gongkai_demo::Demo::build(today)
            .unwrap()
            .write(&backend)
            .unwrap();
        let loaded = Command::new(support::BIN)
            .arg("--db")
            .arg(&db)
            .arg("load-demo")
            .env_remove("GONGKAI_DB")
            .output()
            .expect("run load-demo");
        assert!(loaded.status.success(), "{loaded:?}");
        Fixture { dir, db, backend }
    }

    /// The first calendar file of the folder, `v1/calendar/YYYY.json`.
    fn calendar_file(&self) -> PathBuf {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.backend.join("v1/calendar"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        files.into_iter().next().expect("a calendar file")
    }

    /// An attachment file of the folder, `files/…`.
    fn attachment(&self) -> PathBuf {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.backend.join("files"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        files.into_iter().next().expect("an attachment")
    }

    /// The database's content as the read side serves it: every item and
    /// every attachment file.
    fn snapshot(&self) -> (Vec<Item>, Vec<(String, Vec<u8>)>) {
        let store = Store::open(&self.db).expect("open the database");
        let now = OffsetDateTime::now_utc();
        let items = store.items_page(None, 1, 10_000, now).unwrap().items;
        let mut files = Vec::new();
        for item in &items {
            for a in &item.attachments {
                if let Some((_, bytes)) = store.file(&a.url).unwrap() {
                    files.push((a.url.clone(), bytes));
                }
            }
        }
        (items, files)
    }

    /// `gongkai-server import` of the folder, which must fail with a message
    /// that names `file` and says `reason`, and leave the database as it was.
    #[track_caller]
    fn assert_refused(&self, file: &str, reason: &str) {
        let before = self.snapshot();
        let out = import(&self.db, &self.backend);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !out.status.success(),
            "import succeeded: {}{stderr}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(
            stderr.contains(file) && stderr.contains(reason),
            "expected a message naming {file} and saying {reason:?}: {stderr}"
        );
        assert!(stderr.lines().count() <= 2, "one clear message: {stderr}");
        assert!(self.snapshot() == before, "the database changed");
    }
}

/// `gongkai-server --db DB import DIR`, with 512 MiB of address space and
/// 30 seconds: a run that would eat the machine's memory or hang fails.
fn import(db: &Path, dir: &Path) -> Output {
    let mut command = Command::new(support::BIN);
    command
        .arg("--db")
        .arg(db)
        .arg("import")
        .arg(dir)
        .env_remove("GONGKAI_DB")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // SAFETY: setrlimit(2) only, between fork and exec.
        unsafe {
            command.pre_exec(|| {
                let limit = libc::rlimit {
                    rlim_cur: 512 << 20,
                    rlim_max: 512 << 20,
                };
                if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    let mut child = command.spawn().expect("run import");
    let started = Instant::now();
    loop {
        if child.try_wait().expect("wait for import").is_some() {
            return child.wait_with_output().expect("import's output");
        }
        if started.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("import did not finish within 30 seconds (it hangs)");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn import_of_a_sound_folder_replaces_the_content() {
    let f = Fixture::new();
    let before = f.snapshot();
    let out = import(&f.db, &f.backend);
    assert!(out.status.success(), "{out:?}");
    let after = f.snapshot();
    assert!(after != before, "the import changed nothing");
    assert!(!after.1.is_empty(), "attachments were imported");
}

#[cfg(unix)]
#[test]
fn import_refuses_a_fifo_without_hanging() {
    let f = Fixture::new();
    let site = f.backend.join("v1/site.json");
    std::fs::remove_file(&site).unwrap();
    let path = std::ffi::CString::new(site.to_str().unwrap()).unwrap();
    // SAFETY: a valid C string; mkfifo(3) touches nothing else.
    assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o644) }, 0);
    f.assert_refused("v1/site.json", "not a regular file");
}

#[cfg(unix)]
#[test]
fn import_refuses_a_link_to_dev_zero_without_exhausting_memory() {
    let f = Fixture::new();
    let calendar = f.calendar_file();
    std::fs::remove_file(&calendar).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &calendar).unwrap();
    let name = calendar.file_name().unwrap().to_str().unwrap().to_owned();
    f.assert_refused(&format!("v1/calendar/{name}"), "symbolic link");
}

#[cfg(unix)]
#[test]
fn import_refuses_an_attachment_linked_to_the_database() {
    let f = Fixture::new();
    let attachment = f.attachment();
    std::fs::remove_file(&attachment).unwrap();
    std::os::unix::fs::symlink(&f.db, &attachment).unwrap();
    let name = attachment.file_name().unwrap().to_str().unwrap().to_owned();
    f.assert_refused(&format!("files/{name}"), "symbolic link");
    // The directory outlives the check above.
    assert!(f.dir.path().exists());
}

#[test]
fn import_refuses_an_item_id_that_climbs_out_and_imports_nothing() {
    let f = Fixture::new();
    // What the id would reach: a JSON file outside the folder.
    let outside = f.dir.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    let page_path = f.backend.join("v1/items.json");
    let mut page: Value = serde_json::from_slice(&std::fs::read(&page_path).unwrap()).unwrap();
    let mut evil = page["items"][0].clone();
    evil["title"] = json!("不该导入的事项");
    std::fs::write(outside.join("evil.json"), evil.to_string()).unwrap();
    page["items"][0]["id"] = json!("../../../outside/evil");
    std::fs::write(&page_path, page.to_string()).unwrap();
    f.assert_refused("v1/items.json", "../../../outside/evil");
}

// Staff items -----------------------------------------------------------------

fn now_rfc3339() -> String {
    OffsetDateTime::now_utc()
        .to_offset(CHINA_OFFSET)
        .replace_nanosecond(0)
        .unwrap()
        .format(&Rfc3339)
        .unwrap()
}

fn new_item(id: &str, org: &str, title: &str) -> Value {
    json!({
        "id": id,
        "org": org,
        "category": "decisions",
        "title": title,
        "summary": "测试用事项。",
        "body_html": "<p>测试用事项的正文。</p>",
        "kind": { "type": "ad_hoc" },
        "audience": "public",
        "published_at": now_rfc3339(),
    })
}

#[test]
fn staff_put_item_refuses_ids_outside_the_pattern() {
    let server = Server::start();
    let long = "a".repeat(129);
    for (id, in_url) in [
        ("../../x y/<b>", "..%2F..%2Fx%20y%2F%3Cb%3E"),
        ("/etc/passwd", "%2Fetc%2Fpasswd"),
        ("-leading-dash", "-leading-dash"),
        ("点", "%E7%82%B9"),
        ("a.b", "a.b"),
        (long.as_str(), long.as_str()),
    ] {
        let item = new_item(id, "qingxi-committee", "id 不合规的事项");
        let r = server.staff_put(
            &format!("v1/staff/items/{in_url}"),
            &json!({ "item": item }),
        );
        assert_eq!(
            support::pointers(&r.problem(422, "validation")),
            [("/item/id".to_owned(), "bad_id".to_owned())],
            "{id}"
        );
        let r = server.staff_get(&format!("v1/staff/items/{in_url}"));
        assert_eq!(r.status, 404, "{id}: {}", r.text());
    }
    // Only the URL's id is wrong: refused as such, not as a mismatch.
    let item = new_item("fine-id", "qingxi-committee", "网址中 id 不合规的事项");
    let r = server.staff_put(
        "v1/staff/items/..%2F..%2Fx%20y%2F%3Cb%3E",
        &json!({ "item": item }),
    );
    assert_eq!(
        support::pointers(&r.problem(422, "validation")),
        [("/item/id".to_owned(), "bad_id".to_owned())]
    );
    // The longest id allowed.
    let id = "a".repeat(128);
    let item = new_item(&id, "qingxi-committee", "id 最长的事项");
    let r = server.staff_put(&format!("v1/staff/items/{id}"), &json!({ "item": item }));
    assert_eq!(r.status, 201, "{}", r.text());

    // The command line, under the same rule.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("item.json");
    let item = new_item("../../x y/<b>", "qingxi-committee", "id 不合规的事项");
    std::fs::write(&file, item.to_string()).unwrap();
    let out = server.cli(&["put-item", file.to_str().unwrap()]);
    assert!(!out.status.success(), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("\"../../x y/<b>\""), "{stderr}");
    assert!(stderr.contains("not an id"), "{stderr}");
}

#[test]
fn staff_put_item_refuses_an_item_too_large_for_the_lists() {
    let server = Server::start();
    let id = "test-huge-item";
    let mut item = new_item(id, "qingxi-committee", "篇幅过大的事项");
    // About 3.9 MB: under the staff API's 4 MiB body limit, over an item's cap.
    item["body_html"] = json!(format!("<p>{}</p>", "长".repeat(1_300_000)));
    let r = server.staff_put(&format!("v1/staff/items/{id}"), &json!({ "item": item }));
    assert_eq!(r.status, 422, "a 3.9 MB item");
    assert_eq!(
        support::pointers(&r.problem(422, "validation")),
        [("/item".to_owned(), "too_long".to_owned())]
    );
    assert_eq!(server.get(&format!("v1/items/{id}.json")).status, 404);
}

#[test]
fn lists_are_served_when_their_items_add_up_to_megabytes() {
    let server = Server::start();
    // Ten items just under an item's cap: a first page of about 10 MB, more
    // than what is buffered for an ETag.
    for n in 0..10 {
        let id = format!("test-big-item-{n}");
        let mut item = new_item(&id, "qingxi-committee", &format!("篇幅较长的事项{n}"));
        item["body_html"] = json!(format!("<p>{}</p>", "a".repeat(1_000_000)));
        let r = server.staff_put(&format!("v1/staff/items/{id}"), &json!({ "item": item }));
        assert_eq!(r.status, 201, "{}", r.text());
    }
    for list in ["v1/items.json", "v1/orgs/qingxi-committee/items.json"] {
        let r = server.get(list);
        assert_eq!(r.status, 200, "{list}: {}", r.text());
        assert!(r.body.len() > 8 * 1024 * 1024, "{list}: {}", r.body.len());
        let page: Value = serde_json::from_slice(&r.body).unwrap();
        let big = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| {
                i["id"]
                    .as_str()
                    .is_some_and(|id| id.starts_with("test-big-item-"))
            })
            .count();
        assert_eq!(big, 10, "{list}");
    }
    // A small answer still has its ETag.
    let r = server.get("v1/site.json");
    assert!(r.header("etag").is_some());
}
