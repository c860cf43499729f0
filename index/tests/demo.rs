//! The index of the demo backend, written to disk and searched through
//! `gongkai::domain::search_index` reading the files back, against a
//! linear scan of the demo's items.

use std::path::{Path, PathBuf};

use gongkai::api::{Item, SearchKind};
use gongkai::domain::filters::newest_first;
use gongkai::domain::search::Query;
use gongkai::domain::search_index::build::BuildOptions;
use gongkai::domain::search_index::{step, IndexPage, IndexQuery, Loaded, Manifest, Step};

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gongkai-index-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// A search as a client runs it, every file read from disk; the page and
/// the rounds of fetches it took.
fn search(dir: &Path, query: &IndexQuery) -> (IndexPage, usize) {
    let search = dir.join("v1/search");
    let manifest =
        Manifest::from_json(&std::fs::read_to_string(search.join("index.json")).unwrap()).unwrap();
    let mut loaded = Loaded::default();
    let mut rounds = 0;
    loop {
        match step(&manifest, &loaded, query).unwrap() {
            Step::Done(page) => return (page, rounds),
            Step::Fetch(paths) => {
                rounds += 1;
                assert!(rounds <= 3, "at most three rounds of fetches");
                for path in paths {
                    let json = std::fs::read_to_string(search.join(&path)).unwrap();
                    loaded.insert(&manifest, &path, &json).unwrap();
                }
            }
        }
    }
}

fn words(q: &str) -> IndexQuery {
    IndexQuery {
        query: q.into(),
        limit: 20,
        ..IndexQuery::default()
    }
}

#[test]
fn the_demo_folder_is_indexed_and_searched_from_disk() {
    let dir = temp_dir("demo");
    let demo = gongkai_demo::Demo::build(time::macros::date!(2026 - 11 - 22)).unwrap();
    demo.write(&dir).unwrap();
    let (index, summary) = gongkai_index::write_index(&dir, &BuildOptions::default()).unwrap();
    assert!(
        summary.contains(&format!("{} items", demo.items.len())),
        "{summary}"
    );

    // site.json advertises it, and keeps what it had.
    let site: gongkai::api::Site =
        serde_json::from_str(&std::fs::read_to_string(dir.join("v1/site.json")).unwrap()).unwrap();
    let service = site.search.expect("search in site.json");
    assert_eq!(
        (service.kind, service.path.as_str()),
        (SearchKind::Index, "v1/search/index.json")
    );
    assert_eq!(site.title, demo.site.title);
    assert_eq!(site.catalogue, demo.site.catalogue);

    let mut items: Vec<&Item> = demo.items.iter().filter(|i| i.is_public()).collect();
    items.sort_by(|a, b| newest_first(a, b));
    for q in [
        "党",
        "党费",
        "公示",
        "任前公示",
        "青溪村党支部",
        "党费 情况",
        "黨",
        "xyz",
        "",
    ] {
        let query = Query::new(q);
        let expected: Vec<&str> = items
            .iter()
            .filter(|i| query.matches(i))
            .map(|i| i.id.as_str())
            .collect();
        let (page, rounds) = search(&dir, &words(q));
        assert_eq!(page.total, expected.len(), "{q}");
        let got: Vec<&str> = page.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(got, &expected[..expected.len().min(20)], "{q}");
        assert!(rounds <= 3, "{q}: {rounds} rounds");
    }
    // A board: the committee's dues.
    let orgs = gongkai::domain::orgs::subtree(&demo.orgs.organisations, &demo.site.root_org);
    let (page, _) = search(
        &dir,
        &IndexQuery {
            orgs: Some(orgs),
            category: Some("dues".into()),
            ..words("")
        },
    );
    let dues = items.iter().filter(|i| i.category == "dues").count();
    assert!(dues > 0);
    assert_eq!(page.total, dues);
    assert_eq!(index.manifest.docs as usize, items.len());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_rebuild_keeps_the_previous_build_only_and_unknown_site_fields() {
    let dir = temp_dir("rebuild");
    let demo = gongkai_demo::Demo::build(time::macros::date!(2026 - 11 - 22)).unwrap();
    demo.write(&dir).unwrap();
    let site_path = dir.join("v1/site.json");
    let mut site: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&site_path).unwrap()).unwrap();
    site["x_source"] = "cms".into();
    std::fs::write(&site_path, site.to_string()).unwrap();

    let build = |gram_max| {
        gongkai_index::write_index(
            &dir,
            &BuildOptions {
                gram_max,
                ..BuildOptions::default()
            },
        )
        .unwrap()
        .0
        .manifest
        .build
    };
    let builds = [build(2), build(3), build(4)];
    assert!(builds[0] != builds[1] && builds[1] != builds[2]);
    let mut kept: Vec<String> = std::fs::read_dir(dir.join("v1/search"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    kept.sort();
    let mut expected = vec![builds[1].clone(), builds[2].clone()];
    expected.sort();
    assert_eq!(kept, expected);
    let text = std::fs::read_to_string(&site_path).unwrap();
    let site: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(site["x_source"], "cms");
    assert_eq!(site["search"]["type"], "index");
    assert!(!text.contains("null"), "{text}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_page_loop_ends_the_walk() {
    let dir = temp_dir("loop");
    let demo = gongkai_demo::Demo::build(time::macros::date!(2026 - 11 - 22)).unwrap();
    demo.write(&dir).unwrap();
    // The last page points back at the second.
    let pages = dir.join("v1/items/pages");
    let last = std::fs::read_dir(&pages)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .max_by_key(|p| {
            p.file_stem()
                .and_then(|s| s.to_str())
                .and_then(|s| s.parse::<u32>().ok())
        })
        .unwrap();
    let mut page: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&last).unwrap()).unwrap();
    page["next"] = "2.json".into();
    std::fs::write(&last, page.to_string()).unwrap();
    let backend = gongkai_index::read_backend(&dir).unwrap();
    assert_eq!(backend.items.len(), demo.items.len());
    std::fs::remove_dir_all(&dir).unwrap();
}
