//! The static search index of a folder backend: reads `v1/site.json`,
//! `v1/orgs.json` and `v1/items.json` with its `next` pages from disk,
//! builds the index (`gongkai::domain::search_index::build`), writes it to
//! `v1/search/` and advertises it in `v1/site.json`. docs/api.md, "Static
//! search index", describes the files.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use gongkai::api::{Item, ItemPage, OrgList, SearchKind, SearchService, Site};
use gongkai::domain::search_index::build::{build, BuildOptions, BuiltIndex};
use gongkai::domain::search_index::Manifest;
use serde::{Deserialize, Serialize};

/// Where the manifest lies, relative to the backend's base (and the
/// `path` written into `site.json`).
pub const MANIFEST_PATH: &str = "v1/search/index.json";

/// What a folder backend holds, as far as the index needs.
pub struct Backend {
    pub site: SiteFile,
    pub orgs: OrgList,
    /// Every entry of `v1/items.json` and its following pages, in order.
    pub items: Vec<Item>,
    pub pages: usize,
}

/// `v1/site.json` with the fields this version does not know, kept so that
/// rewriting it loses nothing.
#[derive(Deserialize, Serialize)]
pub struct SiteFile {
    #[serde(flatten)]
    pub site: Site,
    #[serde(flatten)]
    pub other: BTreeMap<String, serde_json::Value>,
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Reads the backend in `dir`: the list pages are followed through `next`
/// (relative to the page, as a browser resolves it), until a page without
/// one or a page seen before.
pub fn read_backend(dir: &Path) -> Result<Backend, String> {
    let v1 = dir.join("v1");
    let site: SiteFile = read_json(&v1.join("site.json"))?;
    let orgs: OrgList = read_json(&v1.join("orgs.json"))?;
    let mut items = Vec::new();
    let mut seen: HashSet<PathBuf> = HashSet::new();
    let mut page_path = v1.join("items.json");
    loop {
        let page: ItemPage = read_json(&page_path)?;
        seen.insert(page_path.clone());
        items.extend(page.items);
        let Some(next) = page.next else { break };
        if next.contains("://") || next.starts_with('/') || next.contains(['?', '#']) {
            return Err(format!(
                "{}: next page {next:?} is not a relative path to a file",
                page_path.display()
            ));
        }
        let mut following = page_path.parent().unwrap_or(dir).to_path_buf();
        for part in next.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    following.pop();
                }
                part => following.push(part),
            }
        }
        if seen.contains(&following) {
            break;
        }
        page_path = following;
    }
    Ok(Backend {
        site,
        orgs,
        items,
        pages: seen.len(),
    })
}

/// Builds the index of the backend in `dir` and writes it: the build's
/// files under `v1/search/{build}/`, then `v1/search/index.json`, then
/// `search` in `v1/site.json`. Builds other than this one and the one the
/// old manifest named are removed (a client holding the old manifest can
/// finish its search). Says what it wrote.
pub fn write_index(dir: &Path, options: &BuildOptions) -> Result<(BuiltIndex, String), String> {
    let backend = read_backend(dir)?;
    let index = build(
        &backend.items,
        &backend.orgs.organisations,
        &backend.site.site.catalogue,
        options,
    );
    let search = dir.join("v1").join("search");
    let manifest_path = dir.join(MANIFEST_PATH);
    let previous = std::fs::read_to_string(&manifest_path)
        .ok()
        .and_then(|json| Manifest::from_json(&json).ok())
        .map(|m| m.build);
    for (path, json) in &index.files {
        write_file(&search.join(path), json.as_bytes())?;
    }
    write_file(&manifest_path, index.manifest_json().as_bytes())?;
    if let Ok(entries) = std::fs::read_dir(&search) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let keep = name == index.manifest.build || Some(&name) == previous.as_ref();
            if entry.path().is_dir() && !keep && is_build_name(&name) {
                std::fs::remove_dir_all(entry.path())
                    .map_err(|e| format!("{}: {e}", entry.path().display()))?;
            }
        }
    }
    let mut site = backend.site;
    site.site.search = Some(SearchService {
        kind: SearchKind::Index,
        path: MANIFEST_PATH.to_owned(),
    });
    let site_path = dir.join("v1").join("site.json");
    let pretty = serde_json::to_string_pretty(&site).map_err(|e| e.to_string())?;
    let mut json = without_nulls(&pretty);
    json.push('\n');
    write_file(&site_path, json.as_bytes())?;
    let bytes: usize = index.files.values().map(String::len).sum();
    let summary = format!(
        "gongkai-index: {} items ({} list pages), {} grams in {} buckets, {} files, {:.1} MB, build {} → {}",
        index.manifest.docs,
        backend.pages,
        index.grams,
        index.manifest.buckets,
        index.files.len() + 1,
        bytes as f64 / 1e6,
        index.manifest.build,
        manifest_path.display()
    );
    Ok((index, summary))
}

/// Sixteen lower-case hexadecimal digits, as the builder names builds.
fn is_build_name(name: &str) -> bool {
    name.len() == 16
        && name
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// Drops the `"key": null` members of pretty-printed JSON, where each member
/// stands on its own line, and the comma before a dropped last member: JSON
/// as the demo writes it (absent optional fields left out).
pub fn without_nulls(pretty: &str) -> String {
    let is_null_member = |line: &str| {
        let t = line.trim_start();
        let t = t.strip_suffix(',').unwrap_or(t);
        t.starts_with('"') && t.ends_with("\": null") && !t[1..t.len() - 7].contains(['"', '\\'])
    };
    let mut lines: Vec<String> = Vec::new();
    for line in pretty.lines() {
        if is_null_member(line) {
            if !line.ends_with(',') {
                // It was the last member: the one before it loses its comma.
                if let Some(prev) = lines.last_mut() {
                    if prev.ends_with(',') {
                        prev.pop();
                    }
                }
            }
            continue;
        }
        lines.push(line.to_owned());
    }
    lines.join("\n")
}
