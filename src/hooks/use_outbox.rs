//! `use_outbox()`: the app's one outbox. Submissions are written to
//! `localStorage` before anything is sent, then sent from there, one at a
//! time, again after each failure (2 s, 4 s … 2 min, and at once when the
//! connection comes back), until the backend answers. A 2xx removes the
//! entry and keeps the receipt for this tab; a refusal keeps the entry for
//! the person to correct. Every attempt carries the draft's idempotency key,
//! so a retry, a second tab or a reload never makes a second record.
//!
//! The outbox, the receipts and the drafts are kept per backend
//! (`domain::device_keys`): an entry is sent only to the backend it was
//! written for. An earlier version's outbox (one for the whole origin, its
//! entries without a backend) is read and shown ([`FeedbackOutbox::legacy`])
//! but never sent on its own: the person sends an entry here or deletes it.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};

use super::storage::{self, now_ms};
use crate::api::{Api, FeedbackReceipt, FeedbackRequest, SendError};
use crate::domain::device_keys::{DeviceKeys, LEGACY_DRAFT_PREFIX, LEGACY_OUTBOX};
use crate::domain::draft::Draft;
use crate::domain::outbox::{Enqueued, Outbox, OutboxEntry};
/// Receipts kept for this tab, newest last.
const MAX_RECEIPTS: usize = 10;

/// A delivered submission's receipt, and whether its confirmation was shown.
#[derive(Clone, Debug, PartialEq)]
pub struct SentReceipt {
    pub key: String,
    pub receipt: FeedbackReceipt,
    pub seen: bool,
    /// The receipt as the backend sent it: what is stored.
    json: String,
}

/// A receipt as kept in `sessionStorage`: the backend's JSON text as it
/// came, so that keeping a receipt needs no code to write one (dates and
/// times included); it is read again when the tab reloads.
#[derive(Deserialize, Serialize)]
struct StoredReceipt {
    key: String,
    receipt: String,
    #[serde(default)]
    seen: bool,
}

fn read_receipts(text: &str) -> Vec<SentReceipt> {
    serde_json::from_str::<Vec<StoredReceipt>>(text)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|s| {
            Some(SentReceipt {
                receipt: serde_json::from_str(&s.receipt).ok()?,
                key: s.key,
                seen: s.seen,
                json: s.receipt,
            })
        })
        .collect()
}

#[derive(Clone, Copy)]
pub struct FeedbackOutbox {
    state: RwSignal<Outbox>,
    /// An earlier version's outbox: entries without a backend.
    legacy: RwSignal<Outbox>,
    receipts: RwSignal<Vec<SentReceipt>>,
    keys: StoredValue<DeviceKeys>,
    /// Whether the outbox is kept on the device (else in memory only).
    persistent: StoredValue<bool>,
    api: StoredValue<Api>,
    busy: StoredValue<bool>,
    timer: StoredValue<Option<TimeoutHandle>>,
    /// Whether what the device kept has been read ([`Self::ensure`]).
    restored: StoredValue<bool>,
}

/// Starts the outbox for `api` and provides it to the app. What the device
/// kept (the waiting submissions, this tab's receipts) is read once the
/// first page has painted ([`crate::api::when_idle`]): the storage's first
/// use blocks for milliseconds, and nothing on a first screen needs it.
pub fn provide_outbox(api: Api) -> FeedbackOutbox {
    let keys = DeviceKeys::new(api.base());
    let outbox = FeedbackOutbox {
        state: RwSignal::new(Outbox::new(keys.backend())),
        legacy: RwSignal::new(Outbox::default()),
        receipts: RwSignal::new(Vec::new()),
        keys: StoredValue::new(keys),
        persistent: StoredValue::new(true),
        api: StoredValue::new(api),
        busy: StoredValue::new(false),
        timer: StoredValue::new(None),
        restored: StoredValue::new(false),
    };
    provide_context(outbox);
    crate::api::when_idle(move || {
        if outbox.ensure() {
            outbox.pump();
        }
    });
    let online = window_event_listener(leptos::ev::online, move |_| outbox.retry_now());
    // Another tab changed the outbox: take its view, which is the newer one.
    let other_tab = window_event_listener(leptos::ev::storage, move |ev| {
        let Some(keys) = outbox.keys.try_get_value() else {
            return;
        };
        let text = ev.new_value().unwrap_or_default();
        let key = ev.key();
        if key.as_deref() == Some(keys.outbox().as_str()) {
            outbox.state.set(Outbox::parse(&text, keys.backend()));
            outbox.pump();
        } else if key.as_deref() == Some(LEGACY_OUTBOX) {
            outbox.legacy.set(Outbox::parse(&text, ""));
        }
    });
    on_cleanup(move || {
        online.remove();
        other_tab.remove();
    });
    outbox
}

pub fn use_outbox() -> FeedbackOutbox {
    expect_context::<FeedbackOutbox>()
}

impl FeedbackOutbox {
    /// Reads what the device kept, once, before the outbox is first used or
    /// when the page is idle, whichever comes first. `false` once the app
    /// has gone.
    fn ensure(&self) -> bool {
        match self.restored.try_get_value() {
            None => return false,
            Some(true) => return true,
            Some(false) => self.restored.set_value(true),
        }
        let keys = self.keys.get_value();
        let stored = storage::read(storage::local(), &keys.outbox());
        let legacy = storage::read(storage::local(), LEGACY_OUTBOX);
        let receipts = storage::read(storage::session(), &keys.receipts())
            .map(|t| read_receipts(&t))
            .unwrap_or_default();
        self.persistent.set_value(storage::local().is_some());
        let restored = Outbox::restore(stored.as_deref().unwrap_or(""), keys.backend());
        // Attempts a closed page left under way wait again on the device
        // too: `modify` starts from what the device holds.
        if stored.is_some() {
            let json = restored.to_json();
            if stored.as_deref() != Some(json.as_str()) {
                storage::write(storage::local(), &keys.outbox(), &json);
            }
        }
        self.state.set(restored);
        self.legacy
            .set(Outbox::restore(legacy.as_deref().unwrap_or(""), ""));
        self.receipts.set(receipts);
        true
    }

    /// Queues a submission and starts sending it. A key that is already
    /// waiting or being sent is not queued again.
    pub fn submit(&self, key: &str, request: FeedbackRequest) -> Enqueued {
        self.ensure();
        let done = self.modify(|o| o.enqueue(key, request, now_ms()));
        self.pump();
        done
    }

    /// The entry of `key`, while it is in the outbox (tracked).
    pub fn entry(&self, key: &str) -> Option<OutboxEntry> {
        self.ensure();
        self.state.with(|o| o.get(key).cloned())
    }

    /// Every entry (tracked).
    pub fn entries(&self) -> Vec<OutboxEntry> {
        self.ensure();
        self.state.with(|o| o.entries().to_vec())
    }

    /// The receipt of the submission sent with `key`, once delivered (tracked).
    pub fn receipt(&self, key: &str) -> Option<FeedbackReceipt> {
        self.ensure();
        self.receipts
            .with(|r| r.iter().find(|s| s.key == key).map(|s| s.receipt.clone()))
    }

    /// Receipts of this tab, newest first (tracked).
    pub fn receipts(&self) -> Vec<SentReceipt> {
        self.ensure();
        self.receipts.with(|r| r.iter().rev().cloned().collect())
    }

    /// An earlier version's entries, which name no backend (tracked, as far
    /// as read: see [`Self::as_read`]).
    pub fn legacy(&self) -> Vec<OutboxEntry> {
        self.legacy.with(|o| o.entries().to_vec())
    }

    /// Whether an earlier version's entries wait (tracked, as far as read).
    pub fn has_legacy(&self) -> bool {
        self.legacy.with(|o| !o.entries().is_empty())
    }

    /// The person chose to send an earlier version's entry to this backend:
    /// it moves into this backend's outbox and is sent from there.
    pub fn send_legacy_here(&self, key: &str) {
        self.ensure();
        let Some(entry) = self.legacy.with_untracked(|o| o.get(key).cloned()) else {
            return;
        };
        let adopted = self.modify(|o| o.adopt(entry, now_ms()));
        if adopted || self.state.with_untracked(|o| o.get(key).is_some()) {
            self.change_legacy(|o| {
                o.withdraw(key);
            });
        }
        self.pump();
    }

    /// The person deleted an earlier version's entry.
    pub fn delete_legacy(&self, key: &str) {
        self.ensure();
        self.change_legacy(|o| {
            o.withdraw(key);
        });
    }

    fn change_legacy(&self, change: impl FnOnce(&mut Outbox)) {
        let mut legacy = self.legacy.get_untracked();
        change(&mut legacy);
        if legacy.entries().is_empty() {
            storage::remove(storage::local(), LEGACY_OUTBOX);
        } else {
            storage::write(storage::local(), LEGACY_OUTBOX, &legacy.to_json());
        }
        self.legacy.set(legacy);
    }

    /// The entries and this tab's receipts (newest first) as far as they are
    /// read (tracked): for the notice above every page, which must not
    /// read the device before the first page paints. Both change when it
    /// is read ([`crate::api::when_idle`]).
    pub fn as_read(&self) -> (Vec<OutboxEntry>, Vec<SentReceipt>) {
        (
            self.state.with(|o| o.entries().to_vec()),
            self.receipts.with(|r| r.iter().rev().cloned().collect()),
        )
    }

    /// The confirmation of `code` has been shown.
    pub fn mark_seen(&self, code: &str) {
        self.ensure();
        let changed = self.receipts.try_update(|r| {
            let mut changed = false;
            for s in r.iter_mut().filter(|s| s.receipt.code == code && !s.seen) {
                s.seen = true;
                changed = true;
            }
            changed
        });
        if changed == Some(true) {
            self.save_receipts();
        }
    }

    pub fn is_persistent(&self) -> bool {
        self.ensure();
        self.persistent.get_value()
    }

    /// Tries every waiting entry now.
    pub fn retry_now(&self) {
        self.modify(|o| o.retry_now(now_ms()));
        self.pump();
    }

    fn modify<R>(&self, change: impl FnOnce(&mut Outbox) -> R) -> R {
        self.ensure();
        let keys = self.keys.get_value();
        let key = keys.outbox();
        // From the device, where it holds this outbox: two boards of one
        // backend on a page (two elements) each have an outbox of their
        // own, and neither may write over an entry the other has added.
        // (The other tab's changes come by the `storage` event.)
        let stored = self
            .persistent
            .get_value()
            .then(|| storage::read(storage::local(), &key))
            .flatten();
        let mut outbox = match stored {
            Some(text) => Outbox::parse(&text, keys.backend()),
            None => self.state.get_untracked(),
        };
        let result = change(&mut outbox);
        let stored = storage::write(storage::local(), &key, &outbox.to_json());
        self.persistent.set_value(stored);
        self.state.set(outbox);
        result
    }

    fn save_receipts(&self) {
        self.ensure();
        let json = self.receipts.with_untracked(|r| {
            let stored: Vec<StoredReceipt> = r
                .iter()
                .map(|s| StoredReceipt {
                    key: s.key.clone(),
                    receipt: s.json.clone(),
                    seen: s.seen,
                })
                .collect();
            serde_json::to_string(&stored).unwrap_or_default()
        });
        storage::write(storage::session(), &self.keys.get_value().receipts(), &json);
    }

    fn delivered(&self, key: &str, receipt: FeedbackReceipt, json: String) {
        self.ensure();
        self.receipts.update(|r| {
            r.retain(|s| s.key != key);
            r.push(SentReceipt {
                key: key.to_owned(),
                receipt,
                seen: false,
                json,
            });
            let excess = r.len().saturating_sub(MAX_RECEIPTS);
            r.drain(..excess);
        });
        self.save_receipts();
        self.modify(|o| o.delivered(key));
        forget_draft(&self.keys.get_value(), key);
    }

    /// Sends the next due entry, or sleeps until one is due.
    fn pump(self) {
        if !self.ensure() || self.busy.get_value() {
            return;
        }
        if let Some(timer) = self.timer.get_value() {
            timer.clear();
            self.timer.set_value(None);
        }
        let now = now_ms();
        if let Some((key, request)) = self.modify(|o| o.take_due(now)) {
            self.busy.set_value(true);
            let api = self.api.get_value();
            spawn_local(async move {
                match api.submit_feedback(&key, &request).await {
                    Ok((receipt, json)) => self.delivered(&key, receipt, json),
                    Err(SendError::Retry { retry_after_ms, .. }) => {
                        self.modify(|o| o.failed(&key, now_ms(), retry_after_ms))
                    }
                    Err(SendError::Refused(problem)) => self.modify(|o| o.refused(&key, problem)),
                }
                self.busy.set_value(false);
                self.pump();
            });
            return;
        }
        let next = self.state.with_untracked(Outbox::next_due_ms);
        if let Some(due) = next {
            let wait = Duration::from_millis((due - now).max(0) as u64);
            self.timer
                .set_value(set_timeout_with_handle(move || self.pump(), wait).ok());
        }
    }
}

/// The stored draft that was sent with `key` goes with its delivery (this
/// backend's, or an earlier version's that the person sent here).
fn forget_draft(keys: &DeviceKeys, key: &str) {
    let Some(local) = storage::local() else {
        return;
    };
    let drafts = storage::keys_with_prefix(&local, &keys.drafts())
        .into_iter()
        .chain(storage::keys_with_prefix(&local, LEGACY_DRAFT_PREFIX));
    for storage_key in drafts {
        let sent = local
            .get_item(&storage_key)
            .ok()
            .flatten()
            .and_then(|t| Draft::parse(&t))
            .is_some_and(|d| d.key == key);
        if sent {
            let _ = local.remove_item(&storage_key);
        }
    }
}
