//! Reads a static backend folder (what `demo-data` writes, or a portal's own
//! export) into [`Content`], so a file-only deployment can move to the server.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

use gongkai::api::{CalendarYear, Item, ItemPage, OrgList, Site};
use serde::de::DeserializeOwned;

use crate::store::Content;

fn read<T: DeserializeOwned>(path: &Path) -> Result<T, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// `reference` resolved against the file `from`, both inside `root`; `None`
/// for absolute URLs and for paths that leave the folder.
fn resolve(root: &Path, from: &Path, reference: &str) -> Option<PathBuf> {
    if reference.contains("://") || reference.starts_with('/') {
        return None;
    }
    let mut path = from.parent()?.strip_prefix(root).ok()?.to_path_buf();
    for component in Path::new(reference).components() {
        match component {
            Component::Normal(part) => path.push(part),
            Component::ParentDir => {
                if !path.pop() {
                    return None;
                }
            }
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(root.join(path))
}

pub fn import(dir: &Path) -> Result<Content, String> {
    let v1 = dir.join("v1");
    let site: Site = read(&v1.join("site.json"))?;
    let orgs: OrgList = read(&v1.join("orgs.json"))?;

    let mut items: Vec<Item> = Vec::new();
    let mut seen_ids = BTreeSet::new();
    let mut seen_pages = BTreeSet::new();
    let mut page_path = v1.join("items.json");
    loop {
        if !seen_pages.insert(page_path.clone()) {
            return Err(format!(
                "{}: the pages' next links loop",
                page_path.display()
            ));
        }
        let page: ItemPage = read(&page_path)?;
        for listed in page.items {
            if !seen_ids.insert(listed.id.clone()) {
                continue;
            }
            // The item's own file is the full version when there is one.
            let own = v1.join("items").join(format!("{}.json", listed.id));
            let item = if own.is_file() { read(&own)? } else { listed };
            if item.is_public() {
                items.push(item);
            }
        }
        match page.next {
            None => break,
            Some(next) => {
                page_path = resolve(dir, &page_path, &next).ok_or_else(|| {
                    format!(
                        "{}: next {next:?} is not a file in the folder",
                        page_path.display()
                    )
                })?;
            }
        }
    }

    let mut calendars: Vec<CalendarYear> = Vec::new();
    if let Ok(entries) = std::fs::read_dir(v1.join("calendar")) {
        for entry in entries.flatten() {
            if entry.path().extension().is_some_and(|e| e == "json") {
                calendars.push(read(&entry.path())?);
            }
        }
    }
    calendars.sort_by_key(|c| c.year);

    let mut files = BTreeMap::new();
    let base = dir.join("site.json"); // attachments are relative to the folder itself
    for item in &items {
        for attachment in &item.attachments {
            if let Some(path) = resolve(dir, &base, &attachment.url).filter(|p| p.is_file()) {
                let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                files.insert(attachment.url.clone(), bytes);
            }
        }
    }
    Ok(Content {
        site,
        orgs,
        items,
        calendars,
        files,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imports_the_demo_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let today = gongkai_demo::parse_date("2026-11-22").unwrap();
        let demo = gongkai_demo::Demo::build(today).unwrap();
        demo.write(dir.path()).unwrap();
        let content = import(dir.path()).unwrap();
        assert_eq!(content.site, demo.site);
        assert_eq!(content.orgs, demo.orgs);
        assert_eq!(content.items, demo.items);
        assert_eq!(content.calendars, demo.calendars);
        assert_eq!(content.files, demo.files);
    }

    #[test]
    fn references_stay_inside_the_folder() {
        let root = Path::new("/srv/backend");
        let page = root.join("v1/items.json");
        assert_eq!(
            resolve(root, &page, "items/pages/2.json"),
            Some(root.join("v1/items/pages/2.json"))
        );
        assert_eq!(
            resolve(root, &root.join("v1/items/pages/2.json"), "3.json"),
            Some(root.join("v1/items/pages/3.json"))
        );
        assert_eq!(resolve(root, &page, "../../etc/passwd"), None);
        assert_eq!(resolve(root, &page, "/etc/passwd"), None);
        assert_eq!(resolve(root, &page, "https://example.org/x.json"), None);
    }
}
