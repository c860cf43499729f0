//! Feedback cases: created by residents, handled by staff, rated by the
//! submitter. Transitions follow `gongkai::domain::feedback::next_status`;
//! every change is logged in `feedback_events`.

use std::collections::BTreeMap;

use gongkai::api::{
    FeedbackKind, FeedbackReceipt, FeedbackState, FeedbackStatus, PublicReply, Rating, RatingGiven,
    Reply, StaffFeedback,
};
use gongkai::domain::calendar::WorkCalendar;
use gongkai::domain::clock::china_date;
use gongkai::domain::feedback::{
    can_rate, next_status, unsatisfied_without_reopen, working_days_taken, CaseAction,
    TrackingCode, TransitionRefused, ValidFeedback, ValidRating,
};
use rusqlite::{params, Connection, OptionalExtension, Row};
use sha2::{Digest, Sha256};
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime};

use super::{rfc3339, Store, StoreError};

/// A validated submission with its times.
pub struct NewCase {
    pub feedback: ValidFeedback,
    pub submitted_at: OffsetDateTime,
    pub reply_due: Date,
}

#[derive(Debug, thiserror::Error)]
pub enum CaseError {
    #[error("no submission has this tracking code")]
    NotFound,
    #[error("{0}")]
    Transition(#[from] TransitionRefused),
    #[error("there is no reply to rate yet, or it has been rated already")]
    CannotRate,
    #[error("there is no reply to publish yet")]
    NoReply,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for CaseError {
    fn from(e: rusqlite::Error) -> Self {
        CaseError::Store(e.into())
    }
}

const DATE: &[time::format_description::FormatItem<'_>] =
    time::macros::format_description!("[year]-[month]-[day]");

fn parse_time(s: &str) -> rusqlite::Result<OffsetDateTime> {
    OffsetDateTime::parse(s, &Rfc3339).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into())
    })
}

fn parse_date(s: &str) -> rusqlite::Result<Date> {
    Date::parse(s, DATE).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into())
    })
}

fn bad_text(what: &str, value: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("unknown {what} {value:?}").into(),
    )
}

/// A row of `feedback`, read whole.
struct CaseRow {
    id: i64,
    code: String,
    kind: FeedbackKind,
    org: String,
    item: Option<String>,
    body: String,
    name: Option<String>,
    contact: Option<String>,
    status: FeedbackStatus,
    submitted_at: OffsetDateTime,
    reply_due: Date,
    reply: Option<(String, OffsetDateTime)>,
    public_question: Option<String>,
    reply_public: bool,
    rating: Option<RatingGiven>,
    reopen_count: u32,
    reopened_at: Option<OffsetDateTime>,
}

/// The columns of `CaseRow`, the last two from the case's events.
const COLUMNS: &str =
    "id, code, kind, org, item, body, name, contact, status, submitted_at, reply_due,
    reply_text, replied_at, public_question, reply_public, rating, rating_reason, rated_at,
    (SELECT count(*) FROM feedback_events e WHERE e.feedback_id = feedback.id AND e.action = 'reopened'),
    (SELECT max(at) FROM feedback_events e WHERE e.feedback_id = feedback.id AND e.action = 'reopened')";

impl CaseRow {
    fn from_row(r: &Row) -> rusqlite::Result<CaseRow> {
        let kind: String = r.get(2)?;
        let status: String = r.get(8)?;
        let reply_text: Option<String> = r.get(11)?;
        let replied_at: Option<String> = r.get(12)?;
        let rating: Option<String> = r.get(15)?;
        let rated_at: Option<String> = r.get(17)?;
        let reopened_at: Option<String> = r.get(19)?;
        Ok(CaseRow {
            id: r.get(0)?,
            code: r.get(1)?,
            kind: FeedbackKind::parse(&kind).ok_or_else(|| bad_text("kind", &kind))?,
            org: r.get(3)?,
            item: r.get(4)?,
            body: r.get(5)?,
            name: r.get(6)?,
            contact: r.get(7)?,
            status: FeedbackStatus::parse(&status).ok_or_else(|| bad_text("status", &status))?,
            submitted_at: parse_time(&r.get::<_, String>(9)?)?,
            reply_due: parse_date(&r.get::<_, String>(10)?)?,
            reply: match (reply_text, replied_at) {
                (Some(text), Some(at)) => Some((text, parse_time(&at)?)),
                _ => None,
            },
            public_question: r.get(13)?,
            reply_public: r.get(14)?,
            rating: match (rating, rated_at) {
                (Some(rating), Some(at)) => Some(RatingGiven {
                    rating: Rating::parse(&rating).ok_or_else(|| bad_text("rating", &rating))?,
                    reason: r.get(16)?,
                    rated_at: parse_time(&at)?,
                }),
                _ => None,
            },
            reopen_count: r.get(18)?,
            reopened_at: reopened_at.as_deref().map(parse_time).transpose()?,
        })
    }

    fn state(&self) -> FeedbackState {
        FeedbackState {
            code: self.code.clone(),
            kind: self.kind,
            org: self.org.clone(),
            item: self.item.clone(),
            status: self.status,
            body: self.body.clone(),
            submitted_at: self.submitted_at,
            reply_due: self.reply_due,
            reply: self.reply.as_ref().map(|(text, at)| Reply {
                text: text.clone(),
                replied_at: *at,
                public: self.reply_public,
            }),
            rating: self.rating.clone(),
        }
    }

    fn staff(&self) -> StaffFeedback {
        StaffFeedback {
            state: self.state(),
            name: self.name.clone(),
            contact: self.contact.clone(),
            public_question: self.public_question.clone(),
            reopen_count: self.reopen_count,
            reopened_at: self.reopened_at,
        }
    }

    fn public_reply(&self, cal: &WorkCalendar, key: &[u8; 32]) -> Option<PublicReply> {
        let (text, replied_at) = self.reply.as_ref()?;
        let question = self.public_question.clone().filter(|_| self.reply_public)?;
        let submitted_on = china_date(self.submitted_at);
        let replied_on = china_date(*replied_at);
        Some(PublicReply {
            id: public_reply_id(key, self.id),
            kind: self.kind,
            org: self.org.clone(),
            item: self.item.clone(),
            question,
            reply: text.clone(),
            status: self.status,
            submitted_on,
            reply_due: self.reply_due,
            replied_on,
            working_days_taken: working_days_taken(submitted_on, replied_on, cal),
            rating: self.rating.as_ref().map(|r| r.rating),
        })
    }
}

/// A public reply's id: stable, and opaque, so it reveals neither the
/// tracking code nor how many submissions there are (the row number would).
/// `r` and 20 hex digits of SHA-256 over the database's key and the row.
fn public_reply_id(key: &[u8; 32], row: i64) -> String {
    let digest = Sha256::new()
        .chain_update(key)
        .chain_update(row.to_le_bytes())
        .finalize();
    let hex: String = digest[..10].iter().map(|b| format!("{b:02x}")).collect();
    format!("r{hex}")
}

fn find(c: &Connection, code: &str) -> Result<CaseRow, CaseError> {
    let code = TrackingCode::normalize(code).ok_or(CaseError::NotFound)?;
    c.query_row(
        &format!("SELECT {COLUMNS} FROM feedback WHERE code = ?1"),
        [code],
        CaseRow::from_row,
    )
    .optional()?
    .ok_or(CaseError::NotFound)
}

fn log(
    c: &Connection,
    id: i64,
    now: OffsetDateTime,
    action: &str,
    detail: Option<&str>,
) -> rusqlite::Result<()> {
    c.execute(
        "INSERT INTO feedback_events (feedback_id, at, action, detail) VALUES (?1, ?2, ?3, ?4)",
        params![id, rfc3339(now), action, detail],
    )?;
    Ok(())
}

fn set_status(c: &Connection, id: i64, status: FeedbackStatus) -> rusqlite::Result<()> {
    c.execute(
        "UPDATE feedback SET status = ?2 WHERE id = ?1",
        params![id, status.as_str()],
    )?;
    Ok(())
}

/// Creates a case with a fresh, unguessable tracking code.
pub fn create(c: &Connection, new: &NewCase) -> Result<FeedbackReceipt, StoreError> {
    let f = &new.feedback;
    for _ in 0..8 {
        let mut bytes = [0u8; 8];
        getrandom::fill(&mut bytes)
            .map_err(|e| StoreError::Other(format!("no randomness for a tracking code: {e}")))?;
        let code = TrackingCode::from_random(bytes);
        let inserted = c.execute(
            "INSERT OR IGNORE INTO feedback (code, kind, org, item, body, name, contact, status, submitted_at, reply_due)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                code,
                f.kind.as_str(),
                f.org,
                f.item,
                f.body,
                f.name,
                f.contact,
                FeedbackStatus::Received.as_str(),
                rfc3339(new.submitted_at),
                new.reply_due.format(DATE).unwrap_or_default(),
            ],
        )?;
        if inserted == 1 {
            log(c, c.last_insert_rowid(), new.submitted_at, "received", None)?;
            return Ok(FeedbackReceipt {
                code,
                kind: f.kind,
                org: f.org.clone(),
                item: f.item.clone(),
                status: FeedbackStatus::Received,
                submitted_at: parse_time(&rfc3339(new.submitted_at))?,
                reply_due: new.reply_due,
            });
        }
    }
    Err(StoreError::Other(
        "could not draw an unused tracking code".into(),
    ))
}

/// The submitter's rating of the current reply; `reopen` sends an
/// unsatisfied case back to in progress, due again on `reopen_due` (the
/// general deadline counted from `now`).
pub fn rate(
    c: &Connection,
    code: &str,
    rating: &ValidRating,
    now: OffsetDateTime,
    reopen_due: Date,
) -> Result<FeedbackState, CaseError> {
    let case = find(c, code)?;
    if !can_rate(case.status, case.reply.is_some(), case.rating.is_some()) {
        return Err(CaseError::CannotRate);
    }
    c.execute(
        "UPDATE feedback SET rating = ?2, rating_reason = ?3, rated_at = ?4 WHERE id = ?1",
        params![case.id, rating.rating.as_str(), rating.reason, rfc3339(now)],
    )?;
    log(c, case.id, now, "rated", Some(rating.rating.as_str()))?;
    if rating.reopen {
        let status = next_status(case.status, CaseAction::Reopen)?;
        c.execute(
            "UPDATE feedback SET status = ?2, reply_due = ?3 WHERE id = ?1",
            params![
                case.id,
                status.as_str(),
                reopen_due.format(DATE).unwrap_or_default()
            ],
        )?;
        log(c, case.id, now, "reopened", rating.reason.as_deref())?;
    }
    Ok(find(c, &case.code)?.state())
}

/// Which cases staff list.
#[derive(Clone, Copy, Debug, Default)]
pub struct CaseFilter<'a> {
    pub status: Option<FeedbackStatus>,
    pub org: Option<&'a str>,
    /// Only cases rated 不满意 and not reopened.
    pub unsatisfied: bool,
}

/// The objections still awaiting a reply, by item: the tracking codes,
/// oldest first.
pub fn open_objections(c: &Connection) -> Result<BTreeMap<String, Vec<String>>, StoreError> {
    let mut stmt = c.prepare(
        "SELECT item, code FROM feedback
         WHERE kind = 'objection' AND item IS NOT NULL AND status IN ('received', 'in_progress')
         ORDER BY id",
    )?;
    let mut open: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
        let (item, code) = row?;
        open.entry(item).or_default().push(code);
    }
    Ok(open)
}

/// What staff do to a case.
pub enum StaffAction<'a> {
    Start,
    Reply {
        text: &'a str,
        public_question: Option<&'a str>,
    },
    Publish {
        question: &'a str,
    },
    Close,
}

pub fn act(
    c: &Connection,
    code: &str,
    action: StaffAction<'_>,
    now: OffsetDateTime,
) -> Result<StaffFeedback, CaseError> {
    let case = find(c, code)?;
    match action {
        StaffAction::Start => {
            set_status(c, case.id, next_status(case.status, CaseAction::Start)?)?;
            log(c, case.id, now, "started", None)?;
        }
        StaffAction::Reply {
            text,
            public_question,
        } => {
            let status = next_status(case.status, CaseAction::Reply)?;
            // A new reply can be rated afresh, and is private until it is
            // published: an amendment may name people the first reply did not.
            c.execute(
                "UPDATE feedback SET status = ?2, reply_text = ?3, replied_at = ?4,
                     reply_public = 0, rating = NULL, rating_reason = NULL, rated_at = NULL
                 WHERE id = ?1",
                params![case.id, status.as_str(), text, rfc3339(now)],
            )?;
            log(c, case.id, now, "replied", Some(text))?;
            if let Some(question) = public_question {
                publish(c, case.id, question, now)?;
            }
        }
        StaffAction::Publish { question } => {
            if case.reply.is_none() {
                return Err(CaseError::NoReply);
            }
            publish(c, case.id, question, now)?;
        }
        StaffAction::Close => {
            set_status(c, case.id, next_status(case.status, CaseAction::Close)?)?;
            log(c, case.id, now, "closed", None)?;
        }
    }
    Ok(find(c, &case.code)?.staff())
}

fn publish(c: &Connection, id: i64, question: &str, now: OffsetDateTime) -> rusqlite::Result<()> {
    c.execute(
        "UPDATE feedback SET reply_public = 1, public_question = ?2 WHERE id = ?1",
        params![id, question],
    )?;
    log(c, id, now, "published", Some(question))
}

impl Store {
    pub fn case_state(&self, code: &str) -> Result<FeedbackState, CaseError> {
        self.read(|c| Ok(find(c, code)?.state()))
    }

    pub fn staff_case(&self, code: &str) -> Result<StaffFeedback, CaseError> {
        self.read(|c| Ok(find(c, code)?.staff()))
    }

    /// Cases for staff, oldest first (the order they are due in).
    pub fn list_cases(&self, filter: &CaseFilter<'_>) -> Result<Vec<StaffFeedback>, StoreError> {
        self.read(|c| {
            let mut stmt = c.prepare(&format!(
                "SELECT {COLUMNS} FROM feedback
                 WHERE (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR org = ?2)
                 ORDER BY id"
            ))?;
            let rows = stmt
                .query_map(
                    params![filter.status.map(|s| s.as_str()), filter.org],
                    CaseRow::from_row,
                )?
                .map(|r| Ok(r?.staff()))
                .filter(|r: &Result<StaffFeedback, StoreError>| {
                    r.as_ref().map_or(true, |case| {
                        !filter.unsatisfied
                            || unsatisfied_without_reopen(
                                case.state.status,
                                case.state.rating.as_ref().map(|r| r.rating),
                            )
                    })
                })
                .collect::<Result<_, StoreError>>()?;
            Ok(rows)
        })
    }

    /// The number of cases, for tests and the start-up line.
    pub fn case_count(&self) -> Result<i64, StoreError> {
        self.read(|c| Ok(c.query_row("SELECT count(*) FROM feedback", [], |r| r.get(0))?))
    }

    /// One page (1-based) of an organisation's public replies, newest reply
    /// first, and whether another page follows.
    pub fn public_replies(
        &self,
        org: &str,
        page: usize,
        page_size: usize,
        cal: &WorkCalendar,
    ) -> Result<(Vec<PublicReply>, bool), StoreError> {
        let offset =
            i64::try_from(page.saturating_sub(1).saturating_mul(page_size)).unwrap_or(i64::MAX);
        self.read(|c| {
            let mut stmt = c.prepare(&format!(
                "SELECT {COLUMNS} FROM feedback
                 WHERE org = ?1 AND reply_public = 1 AND reply_text IS NOT NULL
                 ORDER BY replied_at DESC, id DESC LIMIT ?2 OFFSET ?3"
            ))?;
            let mut replies = stmt
                .query_map(
                    params![org, page_size as i64 + 1, offset],
                    CaseRow::from_row,
                )?
                .map(|r| Ok(r?.public_reply(cal, &self.public_id_key)))
                .filter_map(|r: Result<_, StoreError>| r.transpose())
                .collect::<Result<Vec<_>, StoreError>>()?;
            let more = replies.len() > page_size;
            replies.truncate(page_size);
            Ok((replies, more))
        })
    }

    /// Staff actions for the command line: each in its own transaction.
    pub fn act(
        &self,
        code: &str,
        action: StaffAction<'_>,
        now: OffsetDateTime,
    ) -> Result<StaffFeedback, CaseError> {
        self.write(|tx| act(tx, code, action, now))
    }
}
