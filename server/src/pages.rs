//! `gongkai-server pages APP`: the first screen of the home page and of
//! every board, written into a release build of the app for a static host.
//!
//! A static host has no server to write a page's first screen into the page
//! it sends (`http::first_screen`), so the phone would wait for the app, its
//! start and its first list before it painted an item. This command writes
//! the same first screens ahead of time:
//! - a board's as `APP/org/<id>.html`, which the host sends for `/org/<id>`
//!   (README, "First screens on a static host": `try_files $uri
//!   $uri.html …`): the board's first page without filters;
//! - the home page's into `APP/index.html` itself. That file is also every
//!   other page's fallback (`/feedback`, an item…), so its first screen
//!   starts with a line of script that removes it, before it is painted,
//!   wherever the address is not the home page's; the app then starts at
//!   once, as it does without a first screen. The build's own `index.html`
//!   is kept beside it as [`TEMPLATE`], which later runs write from (a new
//!   build's `index.html`, without a first screen, takes its place).
//!
//! Each is rendered from the content in the database (a static folder
//! brought in with `import`) with the folder's `site.json` as the app reads
//! it, and the app takes its place as it does on the reference server.
//! Pages of organisations that are no longer in the content are removed, so
//! that an old page never stands in front of the app's 页面不存在.

use std::path::Path;

use gongkai::api::is_valid_id;
use gongkai::domain::clock::china_date;
use gongkai::domain::filters::Filters;
use time::{Date, OffsetDateTime};

use crate::http::first_screen::{Content, Page, MOUNT};
use crate::store::Store;

/// The folder of the pages in the app's folder (`/org/<id>` → `org/<id>.html`).
pub const PAGES_DIR: &str = "org";

/// The build's own `index.html`, kept beside the one with the home page's
/// first screen.
pub const TEMPLATE: &str = "index.app.html";

/// The `<meta>` by which a build names its first-screen guard
/// (`scripts/boot/first-screen-guard.js`, hashed by scripts/post-build.mjs).
pub const GUARD_META: &str = "gongkai-first-guard";

/// The first element of every first screen written here: the build's guard,
/// a classic script the parser runs as it reaches it (so nothing of the
/// first screen is painted when it goes). A page written on another day than
/// today's in China removes its first screen, whose 公示 statuses and
/// countdowns are those of the day it was written, and the app starts at
/// once as it does without one. The home page's (`home`) also goes wherever
/// the address is not the home page's, since `index.html` is every other
/// page's fallback. A file of the build's, not an inline script: the site
/// runs under `script-src 'self'`.
pub fn guard(src: &str, written_on: Date, home: bool) -> String {
    let home = match home {
        true => " data-home",
        false => "",
    };
    format!(r#"<script src="{src}" data-written-on="{written_on}"{home}></script>"#)
}

/// The guard a build names in its page (`<meta name="gongkai-first-guard"
/// content="…">`).
fn guard_src(index: &str) -> Option<&str> {
    let tag = format!(r#"<meta name="{GUARD_META}" content=""#);
    let start = index.find(&tag)? + tag.len();
    let src = &index[start..start + index[start..].find('"')?];
    // A file name beside the page, nothing that could leave the attribute.
    src.chars()
        .all(|c| c.is_ascii_alphanumeric() || "./-_".contains(c))
        .then_some(src)
}

/// Writes the pages; returns what to print.
pub fn write_pages(store: &Store, app: &Path, now: OffsetDateTime) -> Result<String, String> {
    let index_path = app.join("index.html");
    let template_path = app.join(TEMPLATE);
    let read = |path: &Path| {
        std::fs::read_to_string(path).map_err(|e| {
            format!(
                "{}: {e} (the app's folder: a release build)",
                path.display()
            )
        })
    };
    let built = read(&index_path)?;
    // A build's index.html has its mount point empty: it is the template
    // (again, after a new build); one with a first screen was written here.
    let index = match built.contains(MOUNT) || !template_path.is_file() {
        true => built,
        false => read(&template_path)?,
    };
    if !index.contains(MOUNT) {
        return Err(format!(
            "{}: no {MOUNT} to write a first screen into",
            index_path.display()
        ));
    }
    let src = guard_src(&index).ok_or_else(|| {
        format!(
            "{}: no <meta name=\"{GUARD_META}\">: a release build of this version",
            index_path.display()
        )
    })?;
    let site = store
        .site()
        .map_err(|e| e.to_string())?
        .ok_or("the database has no content: `import` the static folder first")?;
    let content = Content::read(store, site).map_err(|e| e.to_string())?;
    let today = china_date(now);
    let dir = app.join(PAGES_DIR);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut written = 0;
    let mut bytes = 0;
    for org in &content.orgs {
        // Ids follow the contract's pattern (checked on import), so each is
        // a plain file name; a page is never written outside the folder.
        if !is_valid_id(&org.id) {
            continue;
        }
        let page = Page::Board {
            id: org.id.clone(),
            filters: Filters::default(),
        };
        let Some(html) = page
            .write_for(store, &content, &index, now)
            .map_err(|e| e.to_string())?
            .and_then(|html| guarded(&html, &guard(src, today, false)))
        else {
            continue;
        };
        let path = dir.join(format!("{}.html", org.id));
        std::fs::write(&path, &html).map_err(|e| format!("{}: {e}", path.display()))?;
        written += 1;
        bytes += html.len();
    }
    // The home page, last: until it is written, index.html is the build's.
    let home = Page::Home
        .write_for(store, &content, &index, now)
        .map_err(|e| e.to_string())?
        .and_then(|html| guarded(&html, &guard(src, today, true)))
        .ok_or("the home page has no first screen")?;
    std::fs::write(&template_path, &index)
        .map_err(|e| format!("{}: {e}", template_path.display()))?;
    std::fs::write(&index_path, &home).map_err(|e| format!("{}: {e}", index_path.display()))?;
    let mut removed = 0;
    for entry in std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let Some(id) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".html"))
        else {
            continue;
        };
        if is_valid_id(id) && !content.orgs.iter().any(|o| o.id == id) && path.is_file() {
            std::fs::remove_file(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            removed += 1;
        }
    }
    Ok(format!(
        "wrote the first screen of the home page in {} and of {written} boards in {} ({:.1} KB), removed {removed} old pages",
        index_path.display(),
        dir.display(),
        (bytes + home.len()) as f64 / 1024.0
    ))
}

/// `html` with `script` first inside its first screen.
fn guarded(html: &str, script: &str) -> Option<String> {
    let start = html.find(r#"<div id="gk-first""#)?;
    let open_end = start + html[start..].find('>')? + 1;
    Some(format!(
        "{}{script}{}",
        &html[..open_end],
        &html[open_end..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const INDEX: &str = r#"<!doctype html><html><head><base href="/gongkai/" /><meta name="gongkai-first-guard" content="./gongkai-guard-0123456789abcdef.js"><title>党务公开</title></head><body><div id="gongkai"></div></body></html>"#;
    const SRC: &str = "./gongkai-guard-0123456789abcdef.js";

    fn demo_store(dir: &Path) -> Store {
        let store = Store::open(&dir.join("pages.db")).expect("store");
        crate::cli::load_demo(&store, OffsetDateTime::now_utc()).expect("demo");
        store
    }

    #[test]
    fn every_board_gets_its_page_and_a_page_of_a_board_that_went_goes_too() {
        let dir = tempfile::tempdir().unwrap();
        let store = demo_store(dir.path());
        let app = dir.path().join("app");
        std::fs::create_dir_all(app.join(PAGES_DIR)).unwrap();
        std::fs::write(app.join("index.html"), INDEX).unwrap();
        std::fs::write(app.join(PAGES_DIR).join("gone-org.html"), "old").unwrap();
        std::fs::write(app.join(PAGES_DIR).join("notes.txt"), "kept").unwrap();

        let now = OffsetDateTime::now_utc();
        let today = china_date(now);
        let said = write_pages(&store, &app, now).unwrap();
        assert!(said.contains("of 7 boards"), "{said}");
        assert!(said.contains("removed 1 old pages"), "{said}");
        let mut names: Vec<String> = std::fs::read_dir(app.join(PAGES_DIR))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert!(!names.contains(&"gone-org.html".to_owned()), "{names:?}");
        assert!(names.contains(&"notes.txt".to_owned()), "{names:?}");
        assert_eq!(names.iter().filter(|n| n.ends_with(".html")).count(), 7);

        // The home page in index.html, which removes itself elsewhere; the
        // build's own beside it, for the next run.
        let home = std::fs::read_to_string(app.join("index.html")).unwrap();
        assert!(
            home.contains(&format!(r#"lang="zh-Hans">{}"#, guard(SRC, today, true))),
            "{home}"
        );
        assert!(home.contains("正在公示</h2>") || home.contains("最新公开</h2>"));
        assert_eq!(std::fs::read_to_string(app.join(TEMPLATE)).unwrap(), INDEX);
        // Again: from the build's own, not from the page with a first screen.
        write_pages(&store, &app, OffsetDateTime::now_utc()).unwrap();
        let again = std::fs::read_to_string(app.join("index.html")).unwrap();
        assert_eq!(again.matches("<script src=").count(), 1);
        assert!(!again.contains("<script>"), "no inline script: {again}");
        assert_eq!(again.matches(r#"id="gk-first""#).count(), 1);
        // A new build's index.html takes the old one's place.
        let rebuilt = INDEX.replace("/gongkai/", "/gk2/");
        std::fs::write(app.join("index.html"), &rebuilt).unwrap();
        write_pages(&store, &app, OffsetDateTime::now_utc()).unwrap();
        assert_eq!(
            std::fs::read_to_string(app.join(TEMPLATE)).unwrap(),
            rebuilt
        );
        assert!(std::fs::read_to_string(app.join("index.html"))
            .unwrap()
            .contains(r#"<base href="/gk2/" />"#));

        let page =
            std::fs::read_to_string(app.join(PAGES_DIR).join("qingxi-committee.html")).unwrap();
        // The build's page, its <base href> as it was, with the board in it
        // and today's date in its guard; a board's page is only ever sent
        // for its board.
        assert!(page.contains(r#"<base href="/gk2/" />"#));
        assert!(page.contains(&format!(r#"lang="zh-Hans">{}"#, guard(SRC, today, false))));
        assert!(page.contains(&format!(r#"data-written-on="{today}">"#)));
        assert!(!page.contains("data-home"));
        assert!(page.contains(r#"<div id="gongkai"><div id="gk-first""#));
        assert!(
            page.contains("<title>中共青溪镇委员会 - 青溪镇党务公开</title>"),
            "{page}"
        );
        assert!(page.contains("中共青溪镇委员会</h1>"));
        assert_eq!(page.matches("<article").count(), 20);
        // As the folder's site.json says: the demo takes no feedback.
        assert!(!page.contains("gk-board__feedback"));
    }

    #[test]
    fn nothing_is_written_without_content_or_without_the_apps_mount_point() {
        let dir = tempfile::tempdir().unwrap();
        let app = dir.path().join("app");
        std::fs::create_dir_all(&app).unwrap();
        std::fs::write(app.join("index.html"), INDEX).unwrap();
        let empty = Store::open(&dir.path().join("empty.db")).unwrap();
        let error = write_pages(&empty, &app, OffsetDateTime::now_utc()).unwrap_err();
        assert!(error.contains("import"), "{error}");
        assert!(!app.join(PAGES_DIR).exists());

        std::fs::write(app.join("index.html"), "<html><body></body></html>").unwrap();
        let store = demo_store(dir.path());
        let error = write_pages(&store, &app, OffsetDateTime::now_utc()).unwrap_err();
        assert!(error.contains(MOUNT), "{error}");
        assert!(!app.join(PAGES_DIR).exists());
    }

    #[test]
    fn a_build_that_names_no_guard_or_a_strange_one_gets_no_pages() {
        let dir = tempfile::tempdir().unwrap();
        let app = dir.path().join("app");
        std::fs::create_dir_all(&app).unwrap();
        let store = demo_store(dir.path());
        let without = INDEX.replace(
            r#"<meta name="gongkai-first-guard" content="./gongkai-guard-0123456789abcdef.js">"#,
            "",
        );
        std::fs::write(app.join("index.html"), &without).unwrap();
        let error = write_pages(&store, &app, OffsetDateTime::now_utc()).unwrap_err();
        assert!(error.contains(GUARD_META), "{error}");
        assert!(!app.join(PAGES_DIR).exists());
        for strange in [
            "javascript:alert(1)",
            "https://evil.example/x.js",
            "./a b.js",
        ] {
            let page = INDEX.replace(SRC, strange);
            assert_eq!(guard_src(&page), None, "{strange}");
        }
        assert_eq!(guard_src(INDEX), Some(SRC));
    }
}
