//! `gongkai-server pages APP`: the first screen of every board, written into
//! a release build of the app for a static host.
//!
//! A static host has no server to write a board's first screen into the page
//! it sends (`http::first_screen`), so the phone would wait for the app, its
//! start and its first list before it painted an item. This command writes
//! the same first screen ahead of time, as `APP/org/<id>.html`: the host
//! sends it for `/org/<id>` (README, "Static hosting": `try_files $uri
//! $uri.html …`), and the app takes its place as it does on the reference
//! server. Each page is the board's first page without filters, from the
//! content in the database (a static folder brought in with `import`),
//! rendered with the folder's `site.json` as the app reads it. The home page
//! is not written: `index.html` is every other page's fallback.
//!
//! Pages of organisations that are no longer in the content are removed, so
//! that an old page never stands in front of the app's 页面不存在.

use std::path::Path;

use gongkai::api::is_valid_id;
use gongkai::domain::filters::Filters;
use time::OffsetDateTime;

use crate::http::first_screen::{Page, MOUNT};
use crate::store::Store;

/// The folder of the pages in the app's folder (`/org/<id>` → `org/<id>.html`).
pub const PAGES_DIR: &str = "org";

/// Writes the pages; returns what to print.
pub fn write_pages(store: &Store, app: &Path, now: OffsetDateTime) -> Result<String, String> {
    let index_path = app.join("index.html");
    let index = std::fs::read_to_string(&index_path).map_err(|e| {
        format!(
            "{}: {e} (the app's folder: a release build)",
            index_path.display()
        )
    })?;
    if !index.contains(MOUNT) {
        return Err(format!(
            "{}: no {MOUNT} to write a first screen into",
            index_path.display()
        ));
    }
    let site = store
        .site()
        .map_err(|e| e.to_string())?
        .ok_or("the database has no content: `import` the static folder first")?;
    let orgs = store.orgs().map_err(|e| e.to_string())?.organisations;
    let dir = app.join(PAGES_DIR);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut written = 0;
    let mut bytes = 0;
    for org in &orgs {
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
            .write_for(store, &site, &index, now)
            .map_err(|e| e.to_string())?
        else {
            continue;
        };
        let path = dir.join(format!("{}.html", org.id));
        std::fs::write(&path, &html).map_err(|e| format!("{}: {e}", path.display()))?;
        written += 1;
        bytes += html.len();
    }
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
        if is_valid_id(id) && !orgs.iter().any(|o| o.id == id) && path.is_file() {
            std::fs::remove_file(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            removed += 1;
        }
    }
    Ok(format!(
        "wrote the first screen of {written} boards in {} ({:.1} KB), removed {removed} old pages",
        dir.display(),
        bytes as f64 / 1024.0
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const INDEX: &str = r#"<!doctype html><html><head><base href="/gongkai/" /><title>党务公开</title></head><body><div id="gongkai"></div></body></html>"#;

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

        let said = write_pages(&store, &app, OffsetDateTime::now_utc()).unwrap();
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

        let page =
            std::fs::read_to_string(app.join(PAGES_DIR).join("qingxi-committee.html")).unwrap();
        // The build's page, its <base href> as it was, with the board in it.
        assert!(page.contains(r#"<base href="/gongkai/" />"#));
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
}
