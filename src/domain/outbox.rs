//! The outbox: a submission is written to the device first and sent from
//! there, so that nothing typed is lost to a dropped connection, a server
//! restart or a closed tab. Each entry carries the idempotency key of its
//! draft; sending it again after a failure can therefore never create a
//! second record on the backend.
//!
//! Each entry names the backend it was written for, and an outbox hands
//! out only its own backend's entries: an entry is sent to that backend or
//! to none. Entries stored by versions that did not record the backend
//! (`domain::device_keys::LEGACY_OUTBOX`) have none and are never sent on
//! their own; the person may [adopt](Outbox::adopt) one for a backend.
//!
//! An entry moves: waiting → sending → gone (delivered), back to waiting
//! with a later attempt time (network or server failure), or refused (the
//! backend said no: the person must change something). Times are
//! milliseconds since the Unix epoch, as the browser counts them.

use serde::{Deserialize, Serialize};

use crate::api::{FeedbackRequest, Problem};

/// The longest wait between two attempts.
pub const MAX_BACKOFF_MS: i64 = 120_000;
const FIRST_BACKOFF_MS: i64 = 2_000;

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct OutboxEntry {
    /// The `Idempotency-Key`, the same for every attempt.
    pub key: String,
    pub request: FeedbackRequest,
    pub queued_at_ms: i64,
    /// The base URL of the backend it was written for; `None` in an
    /// earlier version's outbox, which did not record it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backend: Option<String>,
    /// Attempts started so far.
    pub attempts: u32,
    /// No attempt before this time.
    pub next_attempt_ms: i64,
    pub state: EntryState,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(tag = "state", rename_all = "snake_case", try_from = "StateFields")]
pub enum EntryState {
    Waiting,
    /// An attempt is under way. A stored entry found in this state was
    /// interrupted (the page closed mid-request) and waits again.
    Sending,
    /// The backend refused it; it waits for the person to correct it.
    Refused {
        problem: Problem,
    },
}

/// `state` as stored: read as one flat object and then checked, because
/// serde's internally tagged enums buffer the whole object first, which costs
/// the browser bundle several kilobytes (as `ItemKind` in the contract).
#[derive(Deserialize)]
struct StateFields {
    state: StateTag,
    #[serde(default)]
    problem: Option<Problem>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum StateTag {
    Waiting,
    Sending,
    Refused,
}

impl TryFrom<StateFields> for EntryState {
    type Error = &'static str;

    fn try_from(f: StateFields) -> Result<Self, Self::Error> {
        Ok(match f.state {
            StateTag::Waiting => EntryState::Waiting,
            StateTag::Sending => EntryState::Sending,
            StateTag::Refused => EntryState::Refused {
                problem: f
                    .problem
                    .ok_or("missing field `problem` of a refused entry")?,
            },
        })
    }
}

/// What [`Outbox::enqueue`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Enqueued {
    Added,
    /// A refused entry was corrected and waits again.
    Replaced,
    /// The key is already waiting or sending: a second click, not a
    /// second submission.
    AlreadyQueued,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
pub struct Outbox {
    /// The backend this outbox sends to (its key names it; not stored).
    #[serde(skip)]
    backend: String,
    entries: Vec<OutboxEntry>,
}

impl Outbox {
    /// An empty outbox that sends to `backend`.
    pub fn new(backend: &str) -> Outbox {
        Outbox {
            backend: backend.to_owned(),
            entries: Vec::new(),
        }
    }

    /// The outbox of `backend` as stored (by this or another tab);
    /// unreadable storage gives an empty one rather than stopping the app.
    pub fn parse(text: &str, backend: &str) -> Outbox {
        Outbox {
            backend: backend.to_owned(),
            ..serde_json::from_str(text).unwrap_or_default()
        }
    }

    /// The outbox as a page that starts finds it: attempts that were under
    /// way when the last page closed were cut off, and wait again, due now.
    pub fn restore(text: &str, backend: &str) -> Outbox {
        let mut outbox = Outbox::parse(text, backend);
        for entry in &mut outbox.entries {
            if entry.state == EntryState::Sending {
                entry.state = EntryState::Waiting;
                entry.next_attempt_ms = 0;
            }
        }
        outbox
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{\"entries\":[]}".to_owned())
    }

    pub fn entries(&self) -> &[OutboxEntry] {
        &self.entries
    }

    pub fn get(&self, key: &str) -> Option<&OutboxEntry> {
        self.entries.iter().find(|e| e.key == key)
    }

    fn get_mut(&mut self, key: &str) -> Option<&mut OutboxEntry> {
        self.entries.iter_mut().find(|e| e.key == key)
    }

    /// Puts a submission in the outbox, due at once.
    pub fn enqueue(&mut self, key: &str, request: FeedbackRequest, now_ms: i64) -> Enqueued {
        match self.get_mut(key) {
            Some(entry) => match entry.state {
                EntryState::Refused { .. } => {
                    entry.request = request;
                    entry.state = EntryState::Waiting;
                    entry.next_attempt_ms = now_ms;
                    Enqueued::Replaced
                }
                EntryState::Waiting | EntryState::Sending => Enqueued::AlreadyQueued,
            },
            None => {
                self.entries.push(OutboxEntry {
                    key: key.to_owned(),
                    request,
                    queued_at_ms: now_ms,
                    backend: Some(self.backend.clone()),
                    attempts: 0,
                    next_attempt_ms: now_ms,
                    state: EntryState::Waiting,
                });
                Enqueued::Added
            }
        }
    }

    /// The oldest waiting entry that is due and was written for this
    /// outbox's backend, now marked as sending: the caller sends it to that
    /// backend and reports back with [`delivered`](Self::delivered),
    /// [`failed`](Self::failed) or [`refused`](Self::refused).
    pub fn take_due(&mut self, now_ms: i64) -> Option<(String, FeedbackRequest)> {
        let backend = self.backend.as_str();
        let entry = self
            .entries
            .iter_mut()
            .filter(|e| {
                e.state == EntryState::Waiting
                    && e.next_attempt_ms <= now_ms
                    && e.backend.as_deref() == Some(backend)
            })
            .min_by_key(|e| e.queued_at_ms)?;
        entry.state = EntryState::Sending;
        entry.attempts += 1;
        Some((entry.key.clone(), entry.request.clone()))
    }

    /// The backend has it (a 2xx): the entry goes.
    pub fn delivered(&mut self, key: &str) -> bool {
        let before = self.entries.len();
        self.entries.retain(|e| e.key != key);
        self.entries.len() != before
    }

    /// The attempt failed in a way worth retrying (network, 5xx, 429): the
    /// entry waits, longer after each failure, or as long as the server
    /// asked (`Retry-After`).
    pub fn failed(&mut self, key: &str, now_ms: i64, retry_after_ms: Option<i64>) {
        if let Some(entry) = self.get_mut(key) {
            let wait = backoff_ms(entry.attempts, key).max(retry_after_ms.unwrap_or(0));
            entry.state = EntryState::Waiting;
            entry.next_attempt_ms = now_ms + wait;
        }
    }

    /// The backend refused the submission: it stays, unsent, until it is
    /// corrected ([`enqueue`](Self::enqueue) with the same key) or withdrawn.
    pub fn refused(&mut self, key: &str, problem: Problem) {
        if let Some(entry) = self.get_mut(key) {
            entry.state = EntryState::Refused { problem };
        }
    }

    pub fn withdraw(&mut self, key: &str) -> bool {
        self.delivered(key)
    }

    /// Makes every waiting entry due now: the connection is back, or the
    /// person pressed 立即重试.
    pub fn retry_now(&mut self, now_ms: i64) {
        for entry in &mut self.entries {
            if entry.state == EntryState::Waiting {
                entry.next_attempt_ms = entry.next_attempt_ms.min(now_ms);
            }
        }
    }

    /// The person chose to send `entry`, kept by an earlier version without
    /// its backend, to this outbox's backend: it joins this outbox, due now
    /// (a refused one stays refused, for the person to correct). An entry of
    /// another backend, or a key already here, is not taken.
    pub fn adopt(&mut self, mut entry: OutboxEntry, now_ms: i64) -> bool {
        if entry.backend.is_some() || self.get(&entry.key).is_some() {
            return false;
        }
        entry.backend = Some(self.backend.clone());
        if entry.state == EntryState::Sending {
            entry.state = EntryState::Waiting;
        }
        entry.next_attempt_ms = now_ms;
        self.entries.push(entry);
        true
    }

    /// When the next of this backend's waiting entries is due, if any waits.
    pub fn next_due_ms(&self) -> Option<i64> {
        self.entries
            .iter()
            .filter(|e| {
                e.state == EntryState::Waiting && e.backend.as_deref() == Some(&self.backend)
            })
            .map(|e| e.next_attempt_ms)
            .min()
    }
}

/// The wait after `attempts` failed attempts: 2 s, 4 s, 8 s … up to two
/// minutes, plus up to a quarter more, derived from the key, so that many
/// devices do not all retry in the same second after an outage.
pub fn backoff_ms(attempts: u32, key: &str) -> i64 {
    let exponent = attempts.saturating_sub(1).min(16);
    let base = (FIRST_BACKOFF_MS << exponent).min(MAX_BACKOFF_MS);
    let spread = key.bytes().fold(u64::from(attempts), |h, b| {
        h.wrapping_mul(31).wrapping_add(u64::from(b))
    }) % 1000;
    base + base * spread as i64 / 4000
}

/// A version 4 UUID from 16 random bytes: the idempotency key of a draft.
pub fn idempotency_key(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(body: &str) -> FeedbackRequest {
        FeedbackRequest {
            kind: "suggestion".into(),
            org: "qingxi-committee".into(),
            body: body.into(),
            ..Default::default()
        }
    }

    fn problem(status: u16) -> Problem {
        Problem {
            problem_type: "urn:gongkai:problem:validation".into(),
            title: "提交的内容需要修改".into(),
            status,
            detail: None,
            errors: vec![],
        }
    }

    #[test]
    fn a_second_click_does_not_queue_a_second_submission() {
        let mut outbox = Outbox::default();
        assert_eq!(
            outbox.enqueue("k1", request("路灯坏了三盏"), 0),
            Enqueued::Added
        );
        assert_eq!(
            outbox.enqueue("k1", request("路灯坏了三盏"), 5),
            Enqueued::AlreadyQueued
        );
        assert_eq!(outbox.entries().len(), 1);
        assert!(outbox.take_due(10).is_some());
        // Still one, and a click while it is being sent changes nothing.
        assert_eq!(
            outbox.enqueue("k1", request("路灯坏了三盏"), 11),
            Enqueued::AlreadyQueued
        );
        assert!(outbox.take_due(12).is_none());
    }

    #[test]
    fn delivered_entries_leave_the_outbox() {
        let mut outbox = Outbox::default();
        outbox.enqueue("k1", request("路灯坏了三盏"), 0);
        let (key, sent) = outbox.take_due(0).unwrap();
        assert_eq!((key.as_str(), sent.body.as_str()), ("k1", "路灯坏了三盏"));
        assert!(outbox.delivered("k1"));
        assert!(outbox.entries().is_empty());
        assert_eq!(outbox.next_due_ms(), None);
        assert!(!outbox.delivered("k1"));
    }

    #[test]
    fn failures_wait_longer_each_time_up_to_two_minutes() {
        let mut outbox = Outbox::default();
        outbox.enqueue("k1", request("路灯坏了三盏"), 0);
        let mut now = 0;
        let mut waits = Vec::new();
        for _ in 0..10 {
            assert!(outbox.take_due(now).is_some());
            outbox.failed("k1", now, None);
            let due = outbox.next_due_ms().unwrap();
            assert!(outbox.take_due(due - 1).is_none(), "not before it is due");
            waits.push(due - now);
            now = due;
        }
        assert!(waits[0] >= 2_000 && waits[0] < 2_600, "{waits:?}");
        assert!(waits[1] >= 4_000 && waits[1] < 5_100, "{waits:?}");
        assert!(waits
            .windows(2)
            .all(|w| w[1] >= w[0] || w[1] >= MAX_BACKOFF_MS));
        assert!(waits[9] >= MAX_BACKOFF_MS && waits[9] <= MAX_BACKOFF_MS * 5 / 4);
        assert_eq!(outbox.get("k1").unwrap().attempts, 10);
    }

    #[test]
    fn retry_after_is_honoured_when_longer_than_the_backoff() {
        let mut outbox = Outbox::default();
        outbox.enqueue("k1", request("路灯坏了三盏"), 0);
        outbox.take_due(0);
        outbox.failed("k1", 1_000, Some(60_000));
        assert_eq!(outbox.next_due_ms(), Some(61_000));
    }

    #[test]
    fn retry_now_makes_waiting_entries_due_but_leaves_refused_ones() {
        let mut outbox = Outbox::default();
        outbox.enqueue("k1", request("路灯坏了三盏"), 0);
        outbox.enqueue("k2", request("垃圾桶太少了"), 1);
        outbox.take_due(1);
        outbox.failed("k1", 1, None);
        outbox.take_due(1);
        outbox.refused("k2", problem(422));
        assert!(outbox.take_due(100).is_none());
        outbox.retry_now(100);
        assert_eq!(outbox.take_due(100).unwrap().0, "k1");
        assert!(
            outbox.take_due(100).is_none(),
            "the refused one waits for a correction"
        );
    }

    #[test]
    fn a_refused_entry_is_kept_and_a_correction_reuses_its_key() {
        let mut outbox = Outbox::default();
        outbox.enqueue("k1", request("短"), 0);
        outbox.take_due(0);
        outbox.refused("k1", problem(422));
        assert!(matches!(
            outbox.get("k1").unwrap().state,
            EntryState::Refused { .. }
        ));
        assert_eq!(
            outbox.enqueue("k1", request("路灯坏了三盏"), 50),
            Enqueued::Replaced
        );
        let (key, sent) = outbox.take_due(50).unwrap();
        assert_eq!((key.as_str(), sent.body.as_str()), ("k1", "路灯坏了三盏"));
        assert!(outbox.withdraw("k1"));
    }

    #[test]
    fn the_oldest_due_entry_goes_first() {
        let mut outbox = Outbox::default();
        outbox.enqueue("late", request("第二条留言内容"), 20);
        outbox.enqueue("early", request("第一条留言内容"), 10);
        assert_eq!(outbox.take_due(30).unwrap().0, "early");
        assert_eq!(outbox.take_due(30).unwrap().0, "late");
    }

    #[test]
    fn stored_and_read_back_an_interrupted_attempt_waits_again() {
        let mut outbox = Outbox::default();
        outbox.enqueue("k1", request("路灯坏了三盏"), 0);
        outbox.enqueue("k2", request("垃圾桶太少了"), 0);
        outbox.take_due(0);
        outbox.refused("k2", problem(422));
        outbox.take_due(0);
        let same = Outbox::parse(&outbox.to_json(), "");
        assert_eq!(same, outbox);
        let mut read = Outbox::restore(&outbox.to_json(), "");
        assert_eq!(read.entries().len(), 2);
        assert_eq!(read.get("k1").unwrap().state, EntryState::Waiting);
        assert_eq!(
            read.get("k2").unwrap().state,
            outbox.get("k2").unwrap().state
        );
        assert_eq!(read.take_due(1).unwrap().0, "k1");
    }

    #[test]
    fn entries_stored_by_earlier_versions_are_read() {
        let stored = r#"{"entries":[
            {"key":"k1","request":{"kind":"suggestion","org":"o","body":"路灯坏了三盏"},
             "queued_at_ms":1,"attempts":2,"next_attempt_ms":3,"state":{"state":"sending"}},
            {"key":"k2","request":{"kind":"suggestion","org":"o","body":"垃圾桶太少了"},
             "queued_at_ms":1,"attempts":1,"next_attempt_ms":3,
             "state":{"state":"refused","problem":{"type":"about:blank","title":"","status":422}}}
        ]}"#;
        let mut outbox = Outbox::restore(stored, A);
        assert_eq!(outbox.get("k1").unwrap().state, EntryState::Waiting);
        assert_eq!(outbox.get("k1").unwrap().attempts, 2);
        // They did not record their backend: read, shown, never sent.
        assert_eq!(outbox.get("k1").unwrap().backend, None);
        assert_eq!(outbox.take_due(i64::MAX), None);
        assert_eq!(outbox.next_due_ms(), None);
        assert!(matches!(
            outbox.get("k2").unwrap().state,
            EntryState::Refused { ref problem } if problem.status == 422
        ));
        // A refused entry without its problem is unreadable, not waiting.
        let broken = stored.replace(
            r#","problem":{"type":"about:blank","title":"","status":422}"#,
            "",
        );
        assert!(Outbox::restore(&broken, A).entries().is_empty());
    }

    const A: &str = "https://a.example.gov.cn/api/";
    const B: &str = "https://b.example.gov.cn/api/";

    #[test]
    fn an_entry_is_sent_only_to_the_backend_it_was_written_for() {
        let mut a = Outbox::new(A);
        a.enqueue("k1", request("路灯坏了三盏"), 0);
        let stored = a.to_json();
        assert!(
            stored.contains(A),
            "the entry records its backend: {stored}"
        );
        // The same text read as another backend's outbox (a key mixed up, a
        // copy pasted by hand) sends nothing, and waits for nothing.
        let mut b = Outbox::restore(&stored, B);
        assert_eq!(b.entries().len(), 1);
        assert_eq!(b.take_due(i64::MAX), None);
        assert_eq!(b.next_due_ms(), None);
        // Nor can another backend take it over.
        let entry = b.get("k1").unwrap().clone();
        assert!(!Outbox::new(B).adopt(entry, 0));
        let mut a = Outbox::restore(&stored, A);
        assert_eq!(a.take_due(0).map(|(k, _)| k).as_deref(), Some("k1"));
    }

    #[test]
    fn an_earlier_versions_entry_goes_where_the_person_chooses_and_once() {
        let stored = r#"{"entries":[
            {"key":"k1","request":{"kind":"suggestion","org":"o","body":"路灯坏了三盏"},
             "queued_at_ms":1,"attempts":2,"next_attempt_ms":3,"state":{"state":"sending"}}
        ]}"#;
        let legacy = Outbox::restore(stored, "");
        let entry = legacy.get("k1").unwrap().clone();
        let mut b = Outbox::new(B);
        assert!(b.adopt(entry.clone(), 50));
        assert!(
            !b.adopt(entry, 60),
            "a second choice does not queue it twice"
        );
        assert_eq!(b.next_due_ms(), Some(50));
        let (key, request) = b.take_due(50).unwrap();
        assert_eq!(
            (key.as_str(), request.body.as_str()),
            ("k1", "路灯坏了三盏")
        );
        assert!(b.to_json().contains(B));
    }

    #[test]
    fn unreadable_storage_gives_an_empty_outbox() {
        assert!(Outbox::restore("", A).entries().is_empty());
        assert!(Outbox::restore("{\"entries\": 3}", A).entries().is_empty());
        assert!(Outbox::restore("null", A).entries().is_empty());
    }

    #[test]
    fn reports_about_unknown_keys_change_nothing() {
        let mut outbox = Outbox::default();
        outbox.enqueue("k1", request("路灯坏了三盏"), 0);
        outbox.failed("nope", 0, None);
        outbox.refused("nope", problem(422));
        assert_eq!(outbox.get("k1").unwrap().state, EntryState::Waiting);
        assert_eq!(outbox.entries().len(), 1);
    }

    #[test]
    fn idempotency_keys_are_version_4_uuids() {
        let key = idempotency_key([0xff; 16]);
        assert_eq!(key, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        let key = idempotency_key([0; 16]);
        assert_eq!(key, "00000000-0000-4000-8000-000000000000");
        assert_eq!(key.len(), 36);
    }
}
