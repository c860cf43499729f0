//! Where a device keeps what a person wrote or was given, one set of keys
//! per backend: the outbox, the drafts, this tab's receipts, the saved
//! tracking codes and the code carried to the look-up page. Boards of
//! several backends on one origin (two installs on one portal, embedded
//! boards) share one `localStorage`; a key that names its backend means a
//! submission written for one is never read, shown or sent by another.
//!
//! The backend is named by its base URL as the app resolved it (absolute,
//! ending in `/`): a URL's text holds no space, so "version, space, URL"
//! can neither collide with another backend's key nor be a prefix of one
//! (`…/api/` and `…/api/v2/` are told apart by the space that ends the
//! first's draft prefix). The data cache needs no set of its own: its keys
//! are the absolute URLs of what was read (`api::CACHE_PREFIX`).
//!
//! Earlier versions kept one outbox, one set of drafts and one list of
//! codes for the whole origin, without the backend ([`LEGACY_OUTBOX`],
//! [`LEGACY_DRAFT_PREFIX`], [`LEGACY_CODES`]). Their entries are read but
//! never sent anywhere on their own: the person decides
//! (`Outbox::adopt`, docs/embedding.md, "Storage").

/// The outbox of versions before per-backend keys: its entries have no
/// backend and wait for the person to choose.
pub const LEGACY_OUTBOX: &str = "gongkai:outbox:v1";
/// The drafts of versions before per-backend keys (then `org/item`).
pub const LEGACY_DRAFT_PREFIX: &str = "gongkai:draft:v1:";
/// The saved codes of versions before per-backend keys.
pub const LEGACY_CODES: &str = "gongkai:codes:v1";
/// What every outbox's key starts with, of every version and backend (a
/// kiosk's reset keeps them all: an undelivered submission is never
/// deleted).
pub const OUTBOX_PREFIX: &str = "gongkai:outbox:";

/// The keys of one backend's records on this device.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceKeys {
    backend: String,
}

impl DeviceKeys {
    /// The keys of the backend at `backend` (its absolute base URL).
    pub fn new(backend: &str) -> DeviceKeys {
        DeviceKeys {
            // A space would end the name early (see the module's note); a
            // base URL as the browser writes it has none, but a caller's
            // text might.
            backend: backend.trim().replace(' ', "%20"),
        }
    }

    /// The backend these keys belong to.
    pub fn backend(&self) -> &str {
        &self.backend
    }

    /// The outbox (`localStorage`).
    pub fn outbox(&self) -> String {
        format!("gongkai:outbox:v2 {}", self.backend)
    }

    /// This tab's receipts (`sessionStorage`).
    pub fn receipts(&self) -> String {
        format!("gongkai:receipts:v3 {}", self.backend)
    }

    /// The tracking codes saved on this device (`localStorage`).
    pub fn codes(&self) -> String {
        format!("gongkai:codes:v2 {}", self.backend)
    }

    /// The code carried to the look-up page (`sessionStorage`).
    pub fn lookup(&self) -> String {
        format!("gongkai:lookup:v2 {}", self.backend)
    }

    /// What the key of every draft of this backend starts with.
    pub fn drafts(&self) -> String {
        format!("gongkai:draft:v2 {} ", self.backend)
    }

    /// The draft of the form about `org` (and `item`): one a form.
    pub fn draft(&self, org: &str, item: Option<&str>) -> String {
        format!("{}{org}/{}", self.drafts(), item.unwrap_or(""))
    }

    /// Where an earlier version kept the draft of the same form.
    pub fn legacy_draft(org: &str, item: Option<&str>) -> String {
        format!("{LEGACY_DRAFT_PREFIX}{org}/{}", item.unwrap_or(""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "https://dangjian.example.gov.cn/api/";
    const B: &str = "https://dangjian.example.gov.cn/api/v2/";

    fn every_key(keys: &DeviceKeys) -> Vec<String> {
        vec![
            keys.outbox(),
            keys.receipts(),
            keys.codes(),
            keys.lookup(),
            keys.draft("village", None),
            keys.draft("village", Some("item-1")),
        ]
    }

    #[test]
    fn two_backends_share_no_key_and_no_prefix() {
        let (a, b) = (DeviceKeys::new(A), DeviceKeys::new(B));
        for key in every_key(&a) {
            assert!(!every_key(&b).contains(&key), "{key}");
            assert!(!key.starts_with(&b.drafts()), "{key}");
        }
        for key in every_key(&b) {
            assert!(!key.starts_with(&a.drafts()), "{key}");
        }
        // B's URL starts with A's: the drafts' prefixes still tell them
        // apart.
        assert!(B.starts_with(A));
        assert!(a.draft("village", None).starts_with(&a.drafts()));
        assert!(!b.draft("village", None).starts_with(&a.drafts()));
    }

    #[test]
    fn every_key_names_its_backend_and_none_is_an_earlier_versions() {
        let a = DeviceKeys::new(A);
        for key in every_key(&a) {
            assert!(key.contains(A), "{key}");
            assert_ne!(key, LEGACY_OUTBOX);
            assert_ne!(key, LEGACY_CODES);
            assert!(!key.starts_with(LEGACY_DRAFT_PREFIX), "{key}");
        }
        assert!(a.outbox().starts_with(OUTBOX_PREFIX));
        assert!(LEGACY_OUTBOX.starts_with(OUTBOX_PREFIX));
    }

    #[test]
    fn a_form_has_one_draft_per_organisation_and_item() {
        let a = DeviceKeys::new(A);
        assert_ne!(a.draft("village", None), a.draft("village", Some("item-1")));
        assert_ne!(
            a.draft("village", Some("item-1")),
            a.draft("village", Some("item-2"))
        );
        assert_eq!(
            DeviceKeys::legacy_draft("village", Some("item-1")),
            "gongkai:draft:v1:village/item-1"
        );
    }

    #[test]
    fn a_space_in_a_backends_name_cannot_end_it_early() {
        let odd = DeviceKeys::new("https://x.example/a b/");
        let other = DeviceKeys::new("https://x.example/a");
        assert!(!odd.draft("village", None).starts_with(&other.drafts()));
        assert_eq!(odd.backend(), "https://x.example/a%20b/");
    }
}
