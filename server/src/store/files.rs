//! Attachment files read a chunk at a time with SQLite's incremental blob
//! I/O, so a download holds neither the whole file nor a read transaction
//! while its client takes its time. Every change to `files` bumps a version,
//! so a download can tell that the file it started has since been replaced
//! (content re-imported) and stop rather than mix two files.

use rusqlite::{Connection, OptionalExtension, MAIN_DB};

use super::{Store, StoreError};

/// Applied after the main schema, which creates `files`. Triggers rather than
/// code, so that every writer of `files` bumps the version.
pub(super) const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS files_version (version INTEGER NOT NULL);
INSERT INTO files_version (version)
    SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM files_version);
CREATE TRIGGER IF NOT EXISTS files_inserted AFTER INSERT ON files
    BEGIN UPDATE files_version SET version = version + 1; END;
CREATE TRIGGER IF NOT EXISTS files_updated AFTER UPDATE ON files
    BEGIN UPDATE files_version SET version = version + 1; END;
CREATE TRIGGER IF NOT EXISTS files_deleted AFTER DELETE ON files
    BEGIN UPDATE files_version SET version = version + 1; END;
";

/// An attachment as a download found it: what to send in the headers, and
/// where to read the bytes.
#[derive(Clone, Debug)]
pub struct StoredFile {
    /// `files/…`, for messages.
    pub path: String,
    pub media_type: String,
    pub len: u64,
    rowid: i64,
    version: i64,
}

fn version(c: &Connection) -> Result<i64, rusqlite::Error> {
    c.query_row("SELECT version FROM files_version", [], |r| r.get(0))
}

impl Store {
    /// The attachment at `path` (`files/…`), without its bytes.
    pub fn open_file(&self, path: &str) -> Result<Option<StoredFile>, StoreError> {
        self.read(|c| {
            // One snapshot for the version, the row and its length.
            let tx = c.unchecked_transaction()?;
            let version = version(&tx)?;
            let row = tx
                .query_row(
                    "SELECT rowid, media_type FROM files WHERE path = ?1",
                    [path],
                    |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?)),
                )
                .optional()?;
            let Some((rowid, media_type)) = row else {
                return Ok(None);
            };
            let len = tx.blob_open(MAIN_DB, "files", "bytes", rowid, true)?.len();
            Ok(Some(StoredFile {
                path: path.to_owned(),
                media_type: media_type.unwrap_or_else(|| "application/octet-stream".into()),
                len: len as u64,
                rowid,
                version,
            }))
        })
    }

    /// Up to `max` bytes of `file` from `offset` (none at its end). Opens the
    /// blob, reads and closes it again: nothing stays open between chunks.
    /// An error if `files` has changed since [`Store::open_file`].
    pub fn read_file(
        &self,
        file: &StoredFile,
        offset: u64,
        max: usize,
    ) -> Result<Vec<u8>, StoreError> {
        self.read(|c| {
            let tx = c.unchecked_transaction()?;
            if version(&tx)? != file.version {
                return Err(StoreError::Other(format!(
                    "{}: the content was replaced during a download",
                    file.path
                )));
            }
            let blob = tx.blob_open(MAIN_DB, "files", "bytes", file.rowid, true)?;
            let start = usize::try_from(offset)
                .unwrap_or(usize::MAX)
                .min(blob.len());
            let end = blob.len().min(start.saturating_add(max));
            let mut bytes = vec![0; end - start];
            blob.read_at_exact(&mut bytes, start)?;
            Ok(bytes)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Content;

    fn store_with(files: &[(&str, Vec<u8>)]) -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("test.db")).unwrap();
        load(&store, files);
        (dir, store)
    }

    fn load(store: &Store, files: &[(&str, Vec<u8>)]) {
        let today = gongkai_demo::parse_date("2026-11-22").unwrap();
        let mut content = Content::from(gongkai_demo::Demo::build(today).unwrap());
        content.files = files
            .iter()
            .map(|(path, bytes)| ((*path).to_owned(), bytes.clone()))
            .collect();
        store.load_content(&content).unwrap();
    }

    #[test]
    fn reads_a_file_in_chunks_to_its_end() {
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let (_dir, store) = store_with(&[("files/a.pdf", bytes.clone())]);
        let file = store.open_file("files/a.pdf").unwrap().unwrap();
        assert_eq!(file.len, 200_000);
        assert_eq!(file.media_type, "application/pdf");
        let mut read = Vec::new();
        loop {
            let chunk = store.read_file(&file, read.len() as u64, 65_536).unwrap();
            if chunk.is_empty() {
                break;
            }
            assert!(chunk.len() <= 65_536);
            read.extend(chunk);
        }
        assert_eq!(read, bytes);
        assert!(store.open_file("files/missing.pdf").unwrap().is_none());
    }

    #[test]
    fn an_empty_file_has_no_chunks() {
        let (_dir, store) = store_with(&[("files/empty.txt", Vec::new())]);
        let file = store.open_file("files/empty.txt").unwrap().unwrap();
        assert_eq!(file.len, 0);
        assert!(store.read_file(&file, 0, 65_536).unwrap().is_empty());
    }

    #[test]
    fn a_file_replaced_between_chunks_is_an_error() {
        let (_dir, store) = store_with(&[("files/a.pdf", vec![1; 100])]);
        let file = store.open_file("files/a.pdf").unwrap().unwrap();
        assert_eq!(store.read_file(&file, 0, 10).unwrap(), vec![1; 10]);
        // Same path, same length, other bytes, and SQLite reuses the rowid
        // after deleting every row: only the version tells.
        load(&store, &[("files/a.pdf", vec![2; 100])]);
        assert!(store.read_file(&file, 10, 10).is_err());
        let again = store.open_file("files/a.pdf").unwrap().unwrap();
        assert_eq!(store.read_file(&again, 10, 10).unwrap(), vec![2; 10]);
    }
}
