//! `use_draft(org, item)`: the draft of one feedback form, read from the
//! device when the form opens and written back on every change, so a reload
//! or a closed tab loses nothing. A new draft gets a new idempotency key.
//! Drafts are kept per backend (`domain::device_keys`).

use leptos::prelude::*;

use super::storage;
use super::use_api::use_device_keys;
use crate::api::random_bytes;
use crate::domain::device_keys::DeviceKeys;
use crate::domain::draft::Draft;
use crate::domain::outbox::idempotency_key;

pub struct UseDraft {
    pub draft: RwSignal<Draft>,
    /// The draft was kept by an earlier version, which did not record the
    /// backend: the form says so, and the person checks it before sending.
    pub from_earlier_version: bool,
}

pub fn use_draft(org: &str, item: Option<&str>) -> UseDraft {
    let storage_key = use_device_keys().draft(org, item);
    let own = storage::read(storage::local(), &storage_key).and_then(|t| Draft::parse(&t));
    // An earlier version's draft of the same form is moved here, shown, and
    // sent only if the person sends it.
    let earlier = match own {
        Some(_) => None,
        None => {
            let legacy = DeviceKeys::legacy_draft(org, item);
            let draft = storage::read(storage::local(), &legacy).and_then(|t| Draft::parse(&t));
            if let Some(d) = &draft {
                if storage::write(storage::local(), &storage_key, &d.to_json()) {
                    storage::remove(storage::local(), &legacy);
                }
            }
            draft
        }
    };
    let from_earlier_version = earlier.is_some();
    let draft = own
        .or(earlier)
        .unwrap_or_else(|| Draft::new(idempotency_key(random_bytes())));
    let draft = RwSignal::new(draft);
    Effect::new(move |first: Option<()>| {
        let current = draft.get();
        if first.is_none() {
            return;
        }
        if current.is_blank() {
            storage::remove(storage::local(), &storage_key);
        } else {
            storage::write(storage::local(), &storage_key, &current.to_json());
        }
    });
    UseDraft {
        draft,
        from_earlier_version,
    }
}
