//! The write side of the contract: feedback (意见箱) and its public replies.
//! A backend offers it by putting `feedback` in `v1/site.json`. See
//! `openapi.yaml` and `docs/api.md`.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use super::types::{iso_date, null_as_default, Lenient, SkippedEntry};

/// `site.json`'s `feedback`: what the backend accepts and promises.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct FeedbackService {
    /// The kinds it accepts, in display order.
    pub kinds: Vec<FeedbackKind>,
    /// Working days within which a reply is due (答复时限).
    pub reply_working_days: u32,
}

/// 留言的类别.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FeedbackKind {
    /// 建议
    Suggestion,
    /// 意见
    Opinion,
    /// 异议: only on an item whose publicity period is running.
    Objection,
    /// 咨询
    Inquiry,
    /// 投诉举报
    Complaint,
}

impl FeedbackKind {
    pub const ALL: [FeedbackKind; 5] = [
        Self::Suggestion,
        Self::Opinion,
        Self::Objection,
        Self::Inquiry,
        Self::Complaint,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Suggestion => "suggestion",
            Self::Opinion => "opinion",
            Self::Objection => "objection",
            Self::Inquiry => "inquiry",
            Self::Complaint => "complaint",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Where a submission stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FeedbackStatus {
    /// 已受理
    Received,
    /// 办理中
    InProgress,
    /// 已答复
    Replied,
    /// 已办结
    Closed,
}

impl FeedbackStatus {
    pub const ALL: [FeedbackStatus; 4] = [
        Self::Received,
        Self::InProgress,
        Self::Replied,
        Self::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Received => "received",
            Self::InProgress => "in_progress",
            Self::Replied => "replied",
            Self::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// 满意度.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    /// 满意
    Satisfied,
    /// 基本满意
    BasicallySatisfied,
    /// 不满意
    Unsatisfied,
}

impl Rating {
    pub const ALL: [Rating; 3] = [Self::Satisfied, Self::BasicallySatisfied, Self::Unsatisfied];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Satisfied => "satisfied",
            Self::BasicallySatisfied => "basically_satisfied",
            Self::Unsatisfied => "unsatisfied",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// `POST v1/feedback`, with an `Idempotency-Key` header. The text fields of
/// requests default to empty, so that a missing one is reported like an empty
/// one: as a validation error naming the field.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
pub struct FeedbackRequest {
    /// One of [`FeedbackKind`]; kept as text so that an unknown kind is a
    /// validation error with a field path rather than a parse failure.
    #[serde(default, deserialize_with = "null_as_default")]
    pub kind: String,
    /// The organisation addressed.
    #[serde(default, deserialize_with = "null_as_default")]
    pub org: String,
    /// The item it is about; required for an objection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub body: String,
    /// Optional: anonymous by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Optional mainland mobile, landline or e-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
}

/// The answer to a submission: its tracking code (留言码) and deadline.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct FeedbackReceipt {
    /// `XXXX-XXXX-XXXX`, see `domain::feedback::TrackingCode`.
    pub code: String,
    pub kind: FeedbackKind,
    pub org: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    pub status: FeedbackStatus,
    #[serde(with = "time::serde::rfc3339")]
    pub submitted_at: OffsetDateTime,
    /// The last day for a reply, in China.
    #[serde(with = "iso_date")]
    pub reply_due: Date,
}

/// `GET v1/feedback/{code}`: what the holder of the code may see. Name and
/// contact are never returned.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct FeedbackState {
    pub code: String,
    pub kind: FeedbackKind,
    pub org: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    pub status: FeedbackStatus,
    pub body: String,
    #[serde(with = "time::serde::rfc3339")]
    pub submitted_at: OffsetDateTime,
    #[serde(with = "iso_date")]
    pub reply_due: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply: Option<Reply>,
    /// The rating of the current reply, once given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<RatingGiven>,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct Reply {
    pub text: String,
    #[serde(with = "time::serde::rfc3339")]
    pub replied_at: OffsetDateTime,
    /// Whether the reply is on the organisation's public board (反馈公开).
    pub public: bool,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct RatingGiven {
    pub rating: Rating,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub rated_at: OffsetDateTime,
}

/// `POST v1/feedback/{code}/rating`, with an `Idempotency-Key` header.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
pub struct RatingRequest {
    /// One of [`Rating`], as text (see [`FeedbackRequest::kind`]).
    #[serde(default, deserialize_with = "null_as_default")]
    pub rating: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// With `unsatisfied` only: ask for the case to be handled again.
    #[serde(default, deserialize_with = "null_as_default")]
    pub reopen: bool,
}

/// `GET v1/orgs/{org}/replies.json`: the organisation's public replies,
/// newest first, paged by `next` like the item lists.
/// An entry that cannot be read is left out and noted in `skipped`, as in
/// [`crate::api::ItemPage`].
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(from = "ReplyPageFields")]
pub struct ReplyPage {
    pub replies: Vec<PublicReply>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// The entries of `replies` that could not be read, left out.
    #[serde(skip)]
    pub skipped: Vec<SkippedEntry>,
}

#[derive(Deserialize)]
struct ReplyPageFields {
    replies: Lenient<PublicReply>,
    #[serde(default)]
    next: Option<String>,
}

impl From<ReplyPageFields> for ReplyPage {
    fn from(f: ReplyPageFields) -> Self {
        ReplyPage {
            replies: f.replies.kept,
            next: f.next,
            skipped: f.replies.skipped,
        }
    }
}

/// One public reply. It carries a summary of the question written by staff,
/// never the submitter's own words, name or contact, nor the tracking code.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct PublicReply {
    pub id: String,
    pub kind: FeedbackKind,
    pub org: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    pub question: String,
    pub reply: String,
    pub status: FeedbackStatus,
    #[serde(with = "iso_date")]
    pub submitted_on: Date,
    #[serde(with = "iso_date")]
    pub reply_due: Date,
    #[serde(with = "iso_date")]
    pub replied_on: Date,
    /// Working days from the day after submission to the reply, both counted.
    pub working_days_taken: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<Rating>,
}

/// A submission as staff see it (`GET v1/staff/feedback`), with name and
/// contact.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct StaffFeedback {
    #[serde(flatten)]
    pub state: FeedbackState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// The question as published with the reply, once public.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_question: Option<String>,
    /// How many times the submitter asked for the case to be handled again
    /// (要求重新办理); absent when never.
    #[serde(
        default,
        skip_serializing_if = "is_zero",
        deserialize_with = "null_as_default"
    )]
    pub reopen_count: u32,
    /// When it was last reopened; `reply_due` was then counted afresh from
    /// that day.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub reopened_at: Option<OffsetDateTime>,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct StaffFeedbackList {
    pub submissions: Vec<StaffFeedback>,
}

/// `POST v1/staff/feedback/{code}/reply`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
pub struct ReplyRequest {
    #[serde(default, deserialize_with = "null_as_default")]
    pub text: String,
    /// Publish the reply at once, with this summary of the question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_question: Option<String>,
}

/// `POST v1/staff/feedback/{code}/publish`: put the reply on the public
/// board with a summary of the question that names no one.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
pub struct PublishRequest {
    #[serde(default, deserialize_with = "null_as_default")]
    pub question: String,
}

/// `PUT v1/staff/items/{id}`: publish an item, or revise it (then `note`
/// says what changed and becomes a revision).
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct ItemUpdate {
    pub item: crate::api::Item,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Why a publicity period shorter than its category's minimum is
    /// published all the same; without it such a period is refused. Kept
    /// with the item for staff (`GET v1/staff/items/{id}`), not published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publicity_override_reason: Option<String>,
}

/// `GET v1/staff/items/{id}`: an item as staff see it, public or not.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct StaffItem {
    pub item: crate::api::Item,
    /// The reason recorded when its too-short period was last published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publicity_override: Option<PublicityOverride>,
}

/// A publicity period published shorter than its category's minimum, and
/// why (recorded by `PUT v1/staff/items/{id}`).
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct PublicityOverride {
    pub reason: String,
    /// Working days of the period as published.
    pub working_days: u32,
    /// The category's `min_publicity_working_days`.
    pub required_working_days: u32,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// `GET v1/staff/objections`: items whose publicity period has ended while
/// objections to them still await a reply, longest waiting first.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct ObjectionReviewList {
    pub items: Vec<ObjectionReview>,
}

/// One such item (shown publicly as 公示期内收到异议，正在核查).
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct ObjectionReview {
    pub item: String,
    pub org: String,
    pub title: String,
    /// The last day of its publicity period.
    #[serde(with = "iso_date")]
    pub ended_on: Date,
    /// Tracking codes of the objections still received or in progress.
    pub open: Vec<String>,
}

/// RFC 9457 problem details, with the field errors of a validation problem.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct Problem {
    #[serde(rename = "type")]
    pub problem_type: String,
    pub title: String,
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "null_as_default"
    )]
    pub errors: Vec<FieldProblem>,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct FieldProblem {
    /// JSON Pointer (RFC 6901) to the field in the request body, e.g. `/body`.
    pub pointer: String,
    /// Stable machine-readable reason, e.g. `too_long`.
    pub code: String,
    /// The reason in the site's language.
    pub detail: String,
}
