//! Reads a static backend folder (what `demo-data` writes, or a portal's own
//! export) into [`Content`], so a file-only deployment can move to the server.
//!
//! The folder may come from anywhere, so nothing in it may reach out of it:
//! every file is read through [`Folder`], which takes regular files inside
//! the folder only, never a link, and no more than a cap; ids are checked
//! against the contract's pattern before they name a file. Any refusal stops
//! the whole import, before the database is touched.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{File, OpenOptions};
use std::io::{ErrorKind, Read};
use std::path::{Component, Path, PathBuf};

use gongkai::api::{is_valid_id, CalendarYear, Item, ItemPage, OrgList, Site, ID_MAX_LEN};
use serde::de::DeserializeOwned;

use crate::store::{check_item, Content};

/// The largest JSON file import reads: a page of items, an item, the
/// organisations, a calendar year.
pub const JSON_MAX_BYTES: u64 = 16 * 1024 * 1024;

/// The largest attachment import takes by default (50 MiB): ample for a
/// scanned PDF of a few dozen pages, and it keeps the database a size that
/// is quick to back up. `import --max-attachment-mib` raises it; larger
/// files can also stay on the portal, linked by absolute URL.
pub const ATTACHMENT_MAX_BYTES: u64 = 50 * 1024 * 1024;

/// The folder being imported, canonicalised: the only place files are read
/// from.
struct Folder {
    root: PathBuf,
}

impl Folder {
    fn new(dir: &Path) -> Result<Folder, String> {
        let root = std::fs::canonicalize(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        if !root.is_dir() {
            return Err(format!("{}: not a folder", dir.display()));
        }
        Ok(Folder { root })
    }

    /// `rel` (a path of plain names, from [`resolve`] or checked ids) in the
    /// folder, when it exists and is neither a link nor reached through one;
    /// `None` when it does not exist.
    fn locate(&self, rel: &Path) -> Result<Option<PathBuf>, String> {
        debug_assert!(rel.components().all(|c| matches!(c, Component::Normal(_))));
        let path = self.root.join(rel);
        let shown = path.display();
        let meta = match std::fs::symlink_metadata(&path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("{shown}: {e}")),
        };
        if meta.file_type().is_symlink() {
            let target = std::fs::read_link(&path)
                .map(|t| t.display().to_string())
                .unwrap_or_default();
            let outside = std::fs::canonicalize(&path).map_or(true, |c| !c.starts_with(&self.root));
            return Err(format!(
                "{shown}: is a symbolic link to {target}{}; import follows no links",
                if outside { ", outside the folder" } else { "" }
            ));
        }
        let canonical = std::fs::canonicalize(&path).map_err(|e| format!("{shown}: {e}"))?;
        if !canonical.starts_with(&self.root) {
            return Err(format!(
                "{shown}: is {}, outside the folder {} (a folder on the way is a symbolic link); import takes no links",
                canonical.display(),
                self.root.display()
            ));
        }
        if canonical != path {
            return Err(format!(
                "{shown}: a folder on the way is a symbolic link; import takes no links"
            ));
        }
        Ok(Some(path))
    }

    /// The bytes of the regular file `rel`, at most `cap` of them; `None`
    /// when it does not exist.
    fn read(&self, rel: &Path, cap: u64, what: &str) -> Result<Option<Vec<u8>>, String> {
        let Some(path) = self.locate(rel)? else {
            return Ok(None);
        };
        let shown = path.display();
        // No link followed even if one appeared since `locate`, and a FIFO
        // opens without waiting for a writer; what was opened is then checked
        // on the handle itself.
        let mut options = OpenOptions::new();
        options.read(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
        }
        let file: File = options.open(&path).map_err(|e| format!("{shown}: {e}"))?;
        let meta = file.metadata().map_err(|e| format!("{shown}: {e}"))?;
        if !meta.is_file() {
            return Err(format!(
                "{shown}: is not a regular file (a folder, FIFO, device or socket); import reads regular files only"
            ));
        }
        let too_large = || {
            format!(
                "{shown}: is larger than {} MiB, the most import takes for {what}",
                cap / (1024 * 1024)
            )
        };
        if meta.len() > cap {
            return Err(too_large());
        }
        let mut bytes = Vec::new();
        file.take(cap + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("{shown}: {e}"))?;
        if bytes.len() as u64 > cap {
            return Err(too_large());
        }
        Ok(Some(bytes))
    }

    /// The JSON file `rel`, which must exist.
    fn json<T: DeserializeOwned>(&self, rel: &Path) -> Result<T, String> {
        let bytes = self
            .read(rel, JSON_MAX_BYTES, "a JSON file")?
            .ok_or_else(|| format!("{}: no such file", self.root.join(rel).display()))?;
        self.parse(rel, &bytes)
    }

    fn parse<T: DeserializeOwned>(&self, rel: &Path, bytes: &[u8]) -> Result<T, String> {
        serde_json::from_slice(bytes).map_err(|e| format!("{}: {e}", self.root.join(rel).display()))
    }

    fn shown(&self, rel: &Path) -> String {
        self.root.join(rel).display().to_string()
    }
}

/// `reference` resolved against the folder `base` (relative to the root),
/// as a path of plain names relative to the root; `None` for absolute URLs
/// and for paths that leave the folder.
fn resolve(base: &Path, reference: &str) -> Option<PathBuf> {
    if reference.contains("://") || reference.starts_with('/') {
        return None;
    }
    let mut path = base.to_path_buf();
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
    Some(path).filter(|p| p.components().next().is_some())
}

fn not_an_id(id: &str) -> String {
    format!(
        "{id:?} is not an id (1 to {ID_MAX_LEN} ASCII letters, digits, - and _, starting with a letter or digit)"
    )
}

pub fn import(dir: &Path) -> Result<Content, String> {
    import_with(dir, ATTACHMENT_MAX_BYTES)
}

/// [`import`], taking attachments of up to `attachment_max_bytes`.
pub fn import_with(dir: &Path, attachment_max_bytes: u64) -> Result<Content, String> {
    let folder = Folder::new(dir)?;
    let v1 = Path::new("v1");
    let site: Site = folder.json(&v1.join("site.json"))?;
    let orgs_path = v1.join("orgs.json");
    let orgs: OrgList = folder.json(&orgs_path)?;
    if let Some(org) = orgs.organisations.iter().find(|o| !is_valid_id(&o.id)) {
        return Err(format!(
            "{}: organisation id {}",
            folder.shown(&orgs_path),
            not_an_id(&org.id)
        ));
    }

    let mut items: Vec<Item> = Vec::new();
    let mut seen_ids = BTreeSet::new();
    let mut seen_pages = BTreeSet::new();
    let mut page_path = v1.join("items.json");
    loop {
        if !seen_pages.insert(page_path.clone()) {
            return Err(format!(
                "{}: the pages' next links loop",
                folder.shown(&page_path)
            ));
        }
        let page: ItemPage = folder.json(&page_path)?;
        for listed in page.items {
            // Before the id names a file.
            if !is_valid_id(&listed.id) {
                return Err(format!(
                    "{}: item id {}",
                    folder.shown(&page_path),
                    not_an_id(&listed.id)
                ));
            }
            let id = listed.id.clone();
            if !seen_ids.insert(id.clone()) {
                continue;
            }
            // The item's own file is the full version when there is one.
            let own_path = v1.join("items").join(format!("{id}.json"));
            let (item, from): (Item, &Path) =
                match folder.read(&own_path, JSON_MAX_BYTES, "a JSON file")? {
                    Some(bytes) => (folder.parse(&own_path, &bytes)?, &own_path),
                    None => (listed, &page_path),
                };
            if item.id != id {
                return Err(format!(
                    "{}: its id {:?} is not the file's name",
                    folder.shown(&own_path),
                    item.id
                ));
            }
            if item.is_public() {
                check_item(&item)
                    .map_err(|e| format!("{}: item {}: {e}", folder.shown(from), item.id))?;
                items.push(item);
            }
        }
        match page.next {
            None => break,
            Some(next) => {
                let base = page_path.parent().unwrap_or(v1);
                page_path = resolve(base, &next).ok_or_else(|| {
                    format!(
                        "{}: next {next:?} is not a file in the folder",
                        folder.shown(&page_path)
                    )
                })?;
            }
        }
    }

    let mut calendars: Vec<CalendarYear> = Vec::new();
    let calendar_dir = v1.join("calendar");
    if let Some(path) = folder.locate(&calendar_dir)? {
        let entries = std::fs::read_dir(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut names: Vec<_> = entries
            .map(|e| e.map(|e| e.file_name()))
            .collect::<Result<_, _>>()
            .map_err(|e| format!("{}: {e}", path.display()))?;
        names.sort();
        for name in names {
            let rel = calendar_dir.join(&name);
            if rel.extension().is_some_and(|e| e == "json") {
                calendars.push(folder.json(&rel)?);
            }
        }
    }
    calendars.sort_by_key(|c| c.year);

    let mut files = BTreeMap::new();
    for item in &items {
        for attachment in &item.attachments {
            // Attachments are relative to the folder itself; others are
            // served from elsewhere.
            let Some(rel) = resolve(Path::new(""), &attachment.url) else {
                continue;
            };
            if files.contains_key(&attachment.url) {
                continue;
            }
            if let Some(bytes) = folder.read(&rel, attachment_max_bytes, "an attachment")? {
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

    /// The demo written into `backend/` of a fresh directory, with room
    /// beside it for what lies outside the folder.
    fn demo_folder() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let backend = dir.path().join("backend");
        let today = gongkai_demo::parse_date("2026-11-22").unwrap();
        gongkai_demo::Demo::build(today)
            .unwrap()
            .write(&backend)
            .unwrap();
        (dir, backend)
    }

    /// The first file of `dir` inside the folder, by name.
    fn first_file(dir: &Path) -> PathBuf {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        files.into_iter().next().unwrap()
    }

    #[track_caller]
    fn assert_refused(backend: &Path, file: &str, reason: &str) {
        match import(backend) {
            Ok(_) => panic!("imported; expected {file} refused ({reason})"),
            Err(e) => assert!(
                e.contains(file) && e.contains(reason),
                "expected a message naming {file} and saying {reason:?}: {e}"
            ),
        }
    }

    /// `v1/items.json` with its first item's id replaced, and a JSON file
    /// (an item) at `target`.json, where the id points.
    fn id_pointing_at(backend: &Path, id: &str, target: &Path) {
        let page_path = backend.join("v1/items.json");
        let mut page: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&page_path).unwrap()).unwrap();
        let mut evil = page["items"][0].clone();
        evil["title"] = "不该导入的事项".into();
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target.with_extension("json"), evil.to_string()).unwrap();
        page["items"][0]["id"] = id.into();
        std::fs::write(&page_path, page.to_string()).unwrap();
    }

    #[test]
    fn refuses_an_id_that_climbs_out_of_the_folder() {
        let (dir, backend) = demo_folder();
        id_pointing_at(
            &backend,
            "../../../outside/evil",
            &dir.path().join("outside/evil"),
        );
        assert_refused(
            &backend,
            "v1/items.json",
            "\"../../../outside/evil\" is not an id",
        );
    }

    #[test]
    fn refuses_an_absolute_id() {
        let (dir, backend) = demo_folder();
        let target = dir.path().join("outside/passwd");
        id_pointing_at(&backend, target.to_str().unwrap(), &target);
        assert_refused(&backend, "v1/items.json", "is not an id");
    }

    #[cfg(unix)]
    #[test]
    fn refuses_an_attachment_linked_outside_the_folder() {
        let (dir, backend) = demo_folder();
        let secret = dir.path().join("secret.txt");
        std::fs::write(&secret, "GONGKAI_STAFF_TOKEN=secret").unwrap();
        let attachment = first_file(&backend.join("files"));
        std::fs::remove_file(&attachment).unwrap();
        std::os::unix::fs::symlink(&secret, &attachment).unwrap();
        let name = attachment.file_name().unwrap().to_str().unwrap();
        assert_refused(&backend, &format!("files/{name}"), "symbolic link");
    }

    #[cfg(unix)]
    #[test]
    fn refuses_a_folder_linked_outside_the_folder() {
        let (dir, backend) = demo_folder();
        // The calendars, moved out and linked back in.
        let outside = dir.path().join("calendars");
        std::fs::rename(backend.join("v1/calendar"), &outside).unwrap();
        std::os::unix::fs::symlink(&outside, backend.join("v1/calendar")).unwrap();
        assert_refused(&backend, "v1/calendar", "outside the folder");
    }

    #[test]
    fn refuses_an_attachment_over_the_cap() {
        let (_dir, backend) = demo_folder();
        let attachment = first_file(&backend.join("files"));
        // Sparse: no disk space taken.
        std::fs::File::options()
            .write(true)
            .open(&attachment)
            .unwrap()
            .set_len(50 * 1024 * 1024 + 1)
            .unwrap();
        let name = attachment.file_name().unwrap().to_str().unwrap();
        assert_refused(&backend, &format!("files/{name}"), "larger than");
        // Unless the cap is raised for it.
        assert!(import_with(&backend, 51 * 1024 * 1024).is_ok());
    }

    #[test]
    fn references_stay_inside_the_folder() {
        let v1 = Path::new("v1");
        assert_eq!(
            resolve(v1, "items/pages/2.json"),
            Some(PathBuf::from("v1/items/pages/2.json"))
        );
        assert_eq!(
            resolve(Path::new("v1/items/pages"), "3.json"),
            Some(PathBuf::from("v1/items/pages/3.json"))
        );
        assert_eq!(
            resolve(Path::new(""), "files/a/../b.pdf"),
            Some(PathBuf::from("files/b.pdf"))
        );
        assert_eq!(resolve(v1, "../../etc/passwd"), None);
        assert_eq!(resolve(v1, ".."), None);
        assert_eq!(resolve(v1, "/etc/passwd"), None);
        assert_eq!(resolve(v1, "https://example.org/x.json"), None);
    }
}
