//! `use_draft(org, item)`: the draft of one feedback form, read from the
//! device when the form opens and written back on every change, so a reload
//! or a closed tab loses nothing. A new draft gets a new idempotency key.

use leptos::prelude::*;

use super::storage;
use crate::api::random_bytes;
use crate::domain::draft::Draft;
use crate::domain::outbox::idempotency_key;

pub fn use_draft(org: &str, item: Option<&str>) -> RwSignal<Draft> {
    let storage_key = Draft::storage_key(org, item);
    let draft = storage::read(storage::local(), &storage_key)
        .and_then(|t| Draft::parse(&t))
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
    draft
}
