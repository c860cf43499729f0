//! Feedback (意见箱) rules shared by the app and the reference server: what
//! a valid submission is, the tracking code (留言码), when an objection may be
//! raised, the reply deadline, and how a case moves from received to closed.

use time::{Date, OffsetDateTime};

use super::calendar::WorkCalendar;
use super::clock::china_date;
use super::period::{check_minimum, end_date, is_valid, item_status, PeriodStatus, TooShort};
use crate::api::{
    Category, FeedbackKind, FeedbackRequest, FeedbackStatus, Item, Problem, Publicity, Rating,
    RatingRequest,
};

/// Characters (not bytes) allowed in each field.
pub const BODY_MIN_CHARS: usize = 5;
pub const BODY_MAX_CHARS: usize = 2000;
pub const NAME_MAX_CHARS: usize = 30;
pub const CONTACT_MAX_CHARS: usize = 100;
pub const REASON_MAX_CHARS: usize = 500;
pub const REPLY_MAX_CHARS: usize = 5000;
pub const QUESTION_MAX_CHARS: usize = 300;
/// Staff's reason for publishing a 公示 shorter than its category's minimum.
pub const OVERRIDE_REASON_MAX_CHARS: usize = 300;

/// Why a field was refused, as problem+json's stable code (`as_str`); the
/// reason with its figures is a [`FieldReason`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldErrorCode {
    Required,
    TooShort,
    TooLong,
    UnknownKind,
    UnknownRating,
    BadContact,
    ItemRequired,
    NotInPublicity,
    PublicityNotStarted,
    PublicityEnded,
    UnknownOrg,
    UnknownItem,
    ItemOfOtherOrg,
    ReopenNeedsUnsatisfied,
    /// Staff API: a status filter that is no status.
    UnknownStatus,
    /// Staff API: an item whose id differs from the one in the URL.
    IdMismatch,
    /// Staff API: an id outside the contract's pattern (`api::is_valid_id`).
    BadId,
    /// Staff API: a publicity period shorter than its category's minimum,
    /// without a reason for it.
    PublicityTooShort,
}

impl FieldErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Required => "required",
            Self::TooShort => "too_short",
            Self::TooLong => "too_long",
            Self::UnknownKind => "unknown_kind",
            Self::UnknownRating => "unknown_rating",
            Self::BadContact => "bad_contact",
            Self::ItemRequired => "item_required",
            Self::NotInPublicity => "not_in_publicity",
            Self::PublicityNotStarted => "publicity_not_started",
            Self::PublicityEnded => "publicity_ended",
            Self::UnknownOrg => "unknown_org",
            Self::UnknownItem => "unknown_item",
            Self::ItemOfOtherOrg => "item_of_other_org",
            Self::ReopenNeedsUnsatisfied => "reopen_needs_unsatisfied",
            Self::UnknownStatus => "unknown_status",
            Self::IdMismatch => "id_mismatch",
            Self::BadId => "bad_id",
            Self::PublicityTooShort => "publicity_too_short",
        }
    }
}

/// A text field whose length is checked (the i18n layer names it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextField {
    /// 留言内容.
    Body,
    /// 姓名.
    Name,
    /// A rating's reason (理由).
    Reason,
    /// Staff API: a reply's text (答复).
    Reply,
    /// Staff API: the public summary of the question.
    Question,
    /// Staff API: why a publicity period is shorter than its minimum.
    OverrideReason,
}

/// A choice the form asks for (the i18n layer names it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    Kind,
    Org,
    Rating,
}

/// Why a field was refused, with what a sentence about it needs: the
/// domain says what is wrong, `i18n::field_error_text` says it in the
/// reader's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldReason {
    NotChosen(Choice),
    Empty(TextField),
    TooShort {
        field: TextField,
        min: usize,
        chars: usize,
    },
    TooLong {
        field: TextField,
        max: usize,
        chars: usize,
    },
    UnknownKind,
    UnknownRating,
    BadContact,
    ItemRequired,
    NoPublicity,
    PublicityNotStarted {
        starts_on: Date,
    },
    PublicityEnded {
        ended_on: Date,
    },
    ReopenNeedsUnsatisfied,
    PublicityTooShort {
        actual: u32,
        required: u32,
    },
}

impl FieldReason {
    /// The stable code of problem+json.
    pub fn code(self) -> FieldErrorCode {
        use FieldErrorCode as C;
        match self {
            Self::NotChosen(_) | Self::Empty(_) => C::Required,
            Self::TooShort { .. } => C::TooShort,
            Self::TooLong { .. } => C::TooLong,
            Self::UnknownKind => C::UnknownKind,
            Self::UnknownRating => C::UnknownRating,
            Self::BadContact => C::BadContact,
            Self::ItemRequired => C::ItemRequired,
            Self::NoPublicity => C::NotInPublicity,
            Self::PublicityNotStarted { .. } => C::PublicityNotStarted,
            Self::PublicityEnded { .. } => C::PublicityEnded,
            Self::ReopenNeedsUnsatisfied => C::ReopenNeedsUnsatisfied,
            Self::PublicityTooShort { .. } => C::PublicityTooShort,
        }
    }

    /// The reason a backend's refusal gives (`pointer`, `code`), where the
    /// code says all a sentence needs: the app then words it itself. `None`
    /// for codes whose sentence needs figures or dates the refusal does not
    /// carry, and for fields the feedback forms do not have.
    pub fn from_problem(pointer: &str, code: &str) -> Option<FieldReason> {
        Some(match (code, pointer) {
            ("required", "/kind") => Self::NotChosen(Choice::Kind),
            ("required", "/org") => Self::NotChosen(Choice::Org),
            ("required", "/rating") => Self::NotChosen(Choice::Rating),
            ("required", "/body") => Self::Empty(TextField::Body),
            ("unknown_kind", _) => Self::UnknownKind,
            ("unknown_rating", _) => Self::UnknownRating,
            ("bad_contact", _) => Self::BadContact,
            ("item_required", _) => Self::ItemRequired,
            ("not_in_publicity", _) => Self::NoPublicity,
            ("reopen_needs_unsatisfied", _) => Self::ReopenNeedsUnsatisfied,
            _ => return None,
        })
    }
}

/// One refused field: a JSON Pointer into the request and the reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub pointer: &'static str,
    pub code: FieldErrorCode,
    pub reason: FieldReason,
}

impl FieldError {
    pub fn new(pointer: &'static str, reason: FieldReason) -> Self {
        Self {
            pointer,
            code: reason.code(),
            reason,
        }
    }
}

/// An error as a form shows it: the field (a JSON Pointer into the request,
/// empty for the form as a whole) and the sentence beside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormError {
    pub pointer: String,
    pub message: String,
}

/// What a refusal from the backend means for the form: its field errors,
/// or else one error for the whole form with the problem's own words
/// (empty when it has none: the view then says it in the user's language).
pub fn problem_errors(problem: &Problem) -> Vec<FormError> {
    if problem.errors.is_empty() {
        let message = problem
            .detail
            .clone()
            .filter(|d| !d.trim().is_empty())
            .unwrap_or_else(|| problem.title.clone());
        return vec![FormError {
            pointer: String::new(),
            message,
        }];
    }
    problem
        .errors
        .iter()
        .map(|e| FormError {
            pointer: e.pointer.clone(),
            message: e.detail.clone(),
        })
        .collect()
}

/// A submission that passed [`validate_request`], its text cleaned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidFeedback {
    pub kind: FeedbackKind,
    pub org: String,
    pub item: Option<String>,
    pub body: String,
    pub name: Option<String>,
    pub contact: Option<String>,
}

/// Text as stored: line ends made `\n` (U+2028 and U+2029 too), control
/// characters other than line breaks and tabs dropped, and so are the
/// invisible ones that reorder or hide text (bidi overrides, zero-width
/// spaces), so no name can pose as another in a staff list; surrounding
/// white space trimmed.
pub fn clean_text(s: &str) -> String {
    s.replace("\r\n", "\n")
        .chars()
        .map(|c| {
            if matches!(c, '\u{2028}' | '\u{2029}') {
                '\n'
            } else {
                c
            }
        })
        .filter(|&c| (!c.is_control() || matches!(c, '\n' | '\t')) && !is_invisible_format(c))
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Bidi embeddings, overrides and isolates, and zero-width characters: they
/// change how the text around them is shown without being seen themselves.
pub fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// The length rules of one text field, counted in characters: empty when
/// `min > 0` is `Required`, then `TooShort`, then `TooLong`.
pub fn check_length(
    pointer: &'static str,
    field: TextField,
    text: &str,
    min: usize,
    max: usize,
) -> Option<FieldError> {
    let chars = text.chars().count();
    let reason = if chars == 0 && min > 0 {
        FieldReason::Empty(field)
    } else if chars < min {
        FieldReason::TooShort { field, min, chars }
    } else if chars > max {
        FieldReason::TooLong { field, max, chars }
    } else {
        return None;
    };
    Some(FieldError::new(pointer, reason))
}

fn optional(s: &Option<String>) -> Option<String> {
    s.as_deref().map(clean_text).filter(|s| !s.is_empty())
}

/// Checks everything that can be checked without the backend's data (which
/// organisations and items exist, and their periods: see
/// [`objection_allowed`]). All errors are reported at once, in form order.
pub fn validate_request(req: &FeedbackRequest) -> Result<ValidFeedback, Vec<FieldError>> {
    use FieldReason::*;
    let mut errors = Vec::new();
    let kind = match req.kind.trim() {
        "" => {
            errors.push(FieldError::new("/kind", NotChosen(Choice::Kind)));
            None
        }
        k => {
            let kind = FeedbackKind::parse(k);
            if kind.is_none() {
                errors.push(FieldError::new("/kind", UnknownKind));
            }
            kind
        }
    };
    let org = req.org.trim().to_owned();
    if org.is_empty() {
        errors.push(FieldError::new("/org", NotChosen(Choice::Org)));
    }
    let item = optional(&req.item);
    if kind == Some(FeedbackKind::Objection) && item.is_none() {
        errors.push(FieldError::new("/item", ItemRequired));
    }
    let body = clean_text(&req.body);
    errors.extend(check_length(
        "/body",
        TextField::Body,
        &body,
        BODY_MIN_CHARS,
        BODY_MAX_CHARS,
    ));
    let name = optional(&req.name);
    if let Some(n) = &name {
        errors.extend(check_length("/name", TextField::Name, n, 0, NAME_MAX_CHARS));
    }
    let contact = optional(&req.contact);
    if let Some(c) = &contact {
        if c.chars().count() > CONTACT_MAX_CHARS || classify_contact(c).is_none() {
            errors.push(FieldError::new("/contact", BadContact));
        }
    }
    match (kind, errors.is_empty()) {
        (Some(kind), true) => Ok(ValidFeedback {
            kind,
            org,
            item,
            body,
            name,
            contact,
        }),
        _ => Err(errors),
    }
}

/// A rating that passed [`validate_rating`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidRating {
    pub rating: Rating,
    pub reason: Option<String>,
    pub reopen: bool,
}

pub fn validate_rating(req: &RatingRequest) -> Result<ValidRating, Vec<FieldError>> {
    use FieldReason::*;
    let mut errors = Vec::new();
    let rating = Rating::parse(req.rating.trim());
    if req.rating.trim().is_empty() {
        errors.push(FieldError::new("/rating", NotChosen(Choice::Rating)));
    } else if rating.is_none() {
        errors.push(FieldError::new("/rating", UnknownRating));
    }
    let reason = optional(&req.reason);
    if let Some(r) = &reason {
        errors.extend(check_length(
            "/reason",
            TextField::Reason,
            r,
            0,
            REASON_MAX_CHARS,
        ));
    }
    if req.reopen && rating.is_some_and(|r| r != Rating::Unsatisfied) {
        errors.push(FieldError::new("/reopen", ReopenNeedsUnsatisfied));
    }
    match (rating, errors.is_empty()) {
        (Some(rating), true) => Ok(ValidRating {
            rating,
            reason,
            reopen: req.reopen,
        }),
        _ => Err(errors),
    }
}

/// The kinds of contact a submitter may leave.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContactKind {
    /// 11 digits starting 13–19, optionally `+86`/`86` and spaces or hyphens.
    Mobile,
    /// Area code 0xx or 0xxx, then 7 or 8 digits, optionally an extension.
    Landline,
    Email,
}

pub fn classify_contact(s: &str) -> Option<ContactKind> {
    let s = s.trim();
    if s.contains('@') {
        return is_email(s).then_some(ContactKind::Email);
    }
    if !s
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+' | '(' | ')' | '（' | '）'))
    {
        return None;
    }
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    let national = if s.starts_with('+') {
        digits.strip_prefix("86")?
    } else {
        digits.as_str()
    };
    let mobile = national
        .strip_prefix("86")
        .filter(|n| n.len() == 11)
        .unwrap_or(national);
    if mobile.len() == 11 && mobile.starts_with('1') && matches!(mobile.as_bytes()[1], b'3'..=b'9')
    {
        return Some(ContactKind::Mobile);
    }
    if is_landline(national) {
        return Some(ContactKind::Landline);
    }
    None
}

/// `0` + area code (2 or 3 more digits) + a 7 or 8 digit number, optionally
/// followed by an extension of up to 6 digits. Digits only.
fn is_landline(digits: &str) -> bool {
    if !digits.starts_with('0') || digits.starts_with("00") {
        return false;
    }
    // 3-digit area codes (010, 020–029) take 8-digit numbers; 4-digit ones 7 or 8.
    let len = digits.len();
    let base = if digits.starts_with("01") || digits.starts_with("02") {
        3 + 8
    } else {
        return (11..=12).contains(&len) || (len > 12 && len <= 12 + 6);
    };
    len == base || (len > base && len <= base + 6)
}

fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    let atom = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c);
    !local.is_empty()
        && local.len() <= 64
        && local.chars().all(atom)
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && domain.contains('.')
        && domain.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
}

/// Why an objection cannot be raised on an item now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ObjectionRefusal {
    /// The item has no (valid) publicity period.
    NoPeriod,
    NotStarted {
        starts_on: Date,
    },
    Ended {
        ended_on: Date,
    },
}

impl ObjectionRefusal {
    pub fn field_error(self) -> FieldError {
        let reason = match self {
            Self::NoPeriod => FieldReason::NoPublicity,
            Self::NotStarted { starts_on } => FieldReason::PublicityNotStarted { starts_on },
            Self::Ended { ended_on } => FieldReason::PublicityEnded { ended_on },
        };
        FieldError::new("/item", reason)
    }
}

/// Whether an objection (异议) may be raised on `item` at `now`: only while its
/// publicity period runs. Gives the period's open status (the working days
/// left, today included while it is a working day).
pub fn objection_allowed(
    item: &Item,
    now: OffsetDateTime,
    cal: &WorkCalendar,
) -> Result<PeriodStatus, ObjectionRefusal> {
    match item_status(item, now, cal) {
        None => Err(ObjectionRefusal::NoPeriod),
        Some(PeriodStatus::Upcoming { starts_on, .. }) => {
            Err(ObjectionRefusal::NotStarted { starts_on })
        }
        Some(PeriodStatus::Ended { ended_on }) => Err(ObjectionRefusal::Ended { ended_on }),
        Some(open) => Ok(open),
    }
}

/// The last day for a reply: `working_days` working days after the China
/// date of submission (that day itself does not count).
pub fn reply_due(submitted_at: OffsetDateTime, working_days: u32, cal: &WorkCalendar) -> Date {
    cal.add_working_days(china_date(submitted_at), working_days)
}

/// The last day for a reply to an objection (异议) to a 公示: the general
/// deadline, but never after the last day of the publicity period, because
/// objections are checked before the appointment goes ahead (中组发〔2000〕
/// 18号). An objection raised on the last day is due that day; never before
/// the day it was raised.
pub fn objection_reply_due(
    submitted_at: OffsetDateTime,
    general_working_days: u32,
    publicity: &Publicity,
    cal: &WorkCalendar,
) -> Date {
    reply_due(submitted_at, general_working_days, cal)
        .min(end_date(publicity))
        .max(china_date(submitted_at))
}

/// The reply deadline of a new submission: [`objection_reply_due`] for an
/// objection to an item with a publicity period, else [`reply_due`].
pub fn submission_reply_due(
    kind: FeedbackKind,
    publicity: Option<&Publicity>,
    submitted_at: OffsetDateTime,
    general_working_days: u32,
    cal: &WorkCalendar,
) -> Date {
    match (kind, publicity) {
        (FeedbackKind::Objection, Some(p)) => {
            objection_reply_due(submitted_at, general_working_days, p, cal)
        }
        _ => reply_due(submitted_at, general_working_days, cal),
    }
}

/// A case still waiting for its reply: received or in progress.
pub fn awaits_reply(status: FeedbackStatus) -> bool {
    matches!(
        status,
        FeedbackStatus::Received | FeedbackStatus::InProgress
    )
}

/// Whether an item shows 公示期内收到异议，正在核查: its (valid) publicity
/// period has ended at `now` and at least one objection to it still
/// [`awaits_reply`]. While the period runs there is nothing to show: the
/// objection is answered within it.
pub fn objections_under_review(item: &Item, now: OffsetDateTime, open_objections: usize) -> bool {
    open_objections > 0
        && item
            .publicity
            .as_ref()
            .is_some_and(|p| is_valid(p) && now > p.end)
}

/// A case rated 不满意 that was not reopened: the submitter did not ask for
/// it to be handled again (or staff closed it after the rating). Staff
/// should look at it. A reopened case is back in progress with that rating.
pub fn unsatisfied_without_reopen(status: FeedbackStatus, rating: Option<Rating>) -> bool {
    rating == Some(Rating::Unsatisfied)
        && matches!(status, FeedbackStatus::Replied | FeedbackStatus::Closed)
}

/// Whether `item`'s publicity period is shorter than its category's
/// `min_publicity_working_days` in `catalogue`; `None` when it has no
/// (valid) period, its category sets no minimum, or it is long enough.
pub fn publicity_too_short(
    item: &Item,
    catalogue: &[Category],
    cal: &WorkCalendar,
) -> Option<TooShort> {
    let min = catalogue
        .iter()
        .find(|c| c.id == item.category)?
        .min_publicity_working_days?;
    let p = item.publicity.as_ref().filter(|p| is_valid(p))?;
    check_minimum(p, min, cal)
}

/// The refusal of a too-short period, at `/item/publicity` of a
/// `PUT v1/staff/items/{id}`: the working days counted and the rule.
pub fn publicity_too_short_error(short: TooShort) -> FieldError {
    FieldError::new(
        "/item/publicity",
        FieldReason::PublicityTooShort {
            actual: short.actual,
            required: short.required,
        },
    )
}

/// Working days a reply took: those after the submission day up to and
/// including the reply day. A reply on the same day took 0.
pub fn working_days_taken(submitted_on: Date, replied_on: Date, cal: &WorkCalendar) -> u32 {
    match submitted_on.next_day() {
        Some(next) => cal.working_days_between(next, replied_on),
        None => 0,
    }
}

/// Overdue: no reply yet and `today` is past the due day.
pub fn is_overdue(status: FeedbackStatus, reply_due: Date, today: Date) -> bool {
    awaits_reply(status) && today > reply_due
}

/// What staff or the submitter do to a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseAction {
    /// Staff take it up (办理中).
    Start,
    /// Staff reply, or amend their reply.
    Reply,
    /// Staff close it (办结).
    Close,
    /// The submitter is not satisfied and asks for it to be handled again.
    Reopen,
}

/// A transition the state machine does not allow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a case that is {from:?} cannot take {action:?}")]
pub struct TransitionRefused {
    pub from: FeedbackStatus,
    pub action: CaseAction,
}

/// received → in_progress → replied → closed; a reply may come straight
/// from received; a replied or closed case reopens to in_progress.
pub fn next_status(
    from: FeedbackStatus,
    action: CaseAction,
) -> Result<FeedbackStatus, TransitionRefused> {
    use CaseAction::*;
    use FeedbackStatus::*;
    match (from, action) {
        (Received, Start) => Ok(InProgress),
        (Received | InProgress | Replied, Reply) => Ok(Replied),
        (Received | InProgress | Replied, Close) => Ok(Closed),
        (Replied | Closed, Reopen) => Ok(InProgress),
        _ => Err(TransitionRefused { from, action }),
    }
}

/// A reply can be rated once it exists; each new reply can be rated again.
pub fn can_rate(status: FeedbackStatus, has_reply: bool, already_rated: bool) -> bool {
    has_reply
        && !already_rated
        && matches!(status, FeedbackStatus::Replied | FeedbackStatus::Closed)
}

/// The tracking code (留言码): 60 random bits as 12 characters of Crockford's
/// base 32 (digits and capitals without I, L, O, U), shown as `XXXX-XXXX-XXXX`.
/// Read back forgivingly: any case, spaces or hyphens anywhere, and I/L read
/// as 1, O as 0.
pub struct TrackingCode;

const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

impl TrackingCode {
    pub const LEN: usize = 12;

    /// A code from 8 random bytes (the top 4 bits are unused).
    pub fn from_random(bytes: [u8; 8]) -> String {
        let mut n = u64::from_be_bytes(bytes);
        let mut chars = [0u8; Self::LEN];
        for c in chars.iter_mut().rev() {
            *c = CROCKFORD[(n & 31) as usize];
            n >>= 5;
        }
        let s = std::str::from_utf8(&chars).expect("ASCII");
        format!("{}-{}-{}", &s[0..4], &s[4..8], &s[8..12])
    }

    /// The canonical form of what someone typed, or `None` if it cannot be a code.
    pub fn normalize(input: &str) -> Option<String> {
        let mut out = String::with_capacity(Self::LEN + 2);
        let mut count = 0;
        for c in input.chars() {
            let c = match c.to_ascii_uppercase() {
                ' ' | '-' | '\u{3000}' | '－' | '—' => continue,
                'I' | 'L' => '1',
                'O' => '0',
                c if c.is_ascii_digit() || (c.is_ascii_uppercase() && c != 'U') => c,
                _ => return None,
            };
            if count == Self::LEN {
                return None;
            }
            if count == 4 || count == 8 {
                out.push('-');
            }
            out.push(c);
            count += 1;
        }
        (count == Self::LEN).then_some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Publicity;

    #[test]
    fn clean_text_drops_what_reorders_or_hides_text() {
        assert_eq!(clean_text("\u{202E}张三\u{202C}"), "张三");
        assert_eq!(clean_text("李\u{200B}四\u{FEFF}"), "李四");
        assert_eq!(clean_text("\u{2066}王五\u{2069} \u{200F}"), "王五");
        assert_eq!(
            clean_text("第一行\u{2028}第二行\u{2029}第三行"),
            "第一行\n第二行\n第三行"
        );
        assert_eq!(clean_text(" a\r\nb\u{7}\tc "), "a\nb\tc");
    }
    use crate::domain::test_support::item;
    use time::macros::{date, datetime};

    fn request(kind: &str, body: &str) -> FeedbackRequest {
        FeedbackRequest {
            kind: kind.into(),
            org: "qingxi-village".into(),
            body: body.into(),
            ..Default::default()
        }
    }

    fn codes(errors: &[FieldError]) -> Vec<(&str, FieldErrorCode)> {
        errors.iter().map(|e| (e.pointer, e.code)).collect()
    }

    #[test]
    fn a_plain_anonymous_suggestion_is_valid() {
        let valid =
            validate_request(&request("suggestion", "  村口路灯坏了，请修理。\r\n谢谢 ")).unwrap();
        assert_eq!(valid.kind, FeedbackKind::Suggestion);
        assert_eq!(valid.body, "村口路灯坏了，请修理。\n谢谢");
        assert_eq!(valid.name, None);
        assert_eq!(valid.contact, None);
    }

    #[test]
    fn every_error_is_reported_at_once_in_form_order() {
        let req = FeedbackRequest {
            kind: "praise".into(),
            org: " ".into(),
            body: "短".into(),
            name: Some("名".repeat(31)),
            contact: Some("12345".into()),
            ..Default::default()
        };
        let errors = validate_request(&req).unwrap_err();
        assert_eq!(
            codes(&errors),
            vec![
                ("/kind", FieldErrorCode::UnknownKind),
                ("/org", FieldErrorCode::Required),
                ("/body", FieldErrorCode::TooShort),
                ("/name", FieldErrorCode::TooLong),
                ("/contact", FieldErrorCode::BadContact),
            ]
        );
        assert_eq!(
            errors[2].reason,
            FieldReason::TooShort {
                field: TextField::Body,
                min: 5,
                chars: 1
            }
        );
        assert_eq!(errors[1].reason, FieldReason::NotChosen(Choice::Org));
    }

    #[test]
    fn length_rule_edges() {
        use FieldErrorCode::*;
        let code = |text: &str, min, max| {
            check_length("/x", TextField::Reply, text, min, max).map(|e| e.code)
        };
        assert_eq!(code("", 1, 3), Some(Required));
        assert_eq!(code("", 0, 3), None);
        assert_eq!(code("一", 2, 3), Some(TooShort));
        assert_eq!(code("一二", 2, 3), None);
        assert_eq!(code("一二三", 2, 3), None);
        assert_eq!(code("一二三四", 2, 3), Some(TooLong));
        let e = check_length("/text", TextField::Reply, "一二三四", 1, 3).unwrap();
        assert_eq!(e.pointer, "/text");
        assert_eq!(
            e.reason,
            FieldReason::TooLong {
                field: TextField::Reply,
                max: 3,
                chars: 4
            }
        );
    }

    #[test]
    fn body_length_counts_characters_not_bytes() {
        assert!(validate_request(&request("opinion", &"字".repeat(BODY_MAX_CHARS))).is_ok());
        let errors =
            validate_request(&request("opinion", &"字".repeat(BODY_MAX_CHARS + 1))).unwrap_err();
        assert_eq!(codes(&errors), vec![("/body", FieldErrorCode::TooLong)]);
        // Control characters do not count and are not kept.
        assert_eq!(
            validate_request(&request("opinion", "\u{0}\u{7}意见很好\u{1b}!"))
                .unwrap()
                .body,
            "意见很好!"
        );
        assert_eq!(
            codes(&validate_request(&request("opinion", "   \n ")).unwrap_err()),
            vec![("/body", FieldErrorCode::Required)]
        );
    }

    #[test]
    fn an_objection_needs_an_item() {
        let errors = validate_request(&request("objection", "对公示对象有异议")).unwrap_err();
        assert_eq!(
            codes(&errors),
            vec![("/item", FieldErrorCode::ItemRequired)]
        );
        let mut req = request("objection", "对公示对象有异议");
        req.item = Some("cadre-preappoint-zhou".into());
        assert_eq!(
            validate_request(&req).unwrap().item.as_deref(),
            Some("cadre-preappoint-zhou")
        );
    }

    #[test]
    fn empty_optional_fields_are_absent() {
        let mut req = request("inquiry", "请问党费怎么交？");
        req.name = Some("  ".into());
        req.contact = Some(String::new());
        let valid = validate_request(&req).unwrap();
        assert_eq!((valid.name, valid.contact), (None, None));
    }

    #[test]
    fn contacts_are_mainland_phones_or_email() {
        use ContactKind::*;
        for (s, kind) in [
            ("13812345678", Some(Mobile)),
            ("138 1234 5678", Some(Mobile)),
            ("138-1234-5678", Some(Mobile)),
            ("+86 138 1234 5678", Some(Mobile)),
            ("8613812345678", Some(Mobile)),
            ("19912345678", Some(Mobile)),
            ("12812345678", None),
            ("1381234567", None),
            ("138123456789", None),
            ("010-12345678", Some(Landline)),
            ("0571-87654321", Some(Landline)),
            ("0571-8765432", Some(Landline)),
            ("(0571)87654321", Some(Landline)),
            ("0571-87654321-123", Some(Landline)),
            ("010-1234567", None),
            ("87654321", None),
            ("+1 415 555 0100", None),
            ("zhang.san@example.cn", Some(Email)),
            ("张三@例子.中国", None),
            ("a@b", None),
            ("a@@b.cn", None),
            ("a..b@c.cn", None),
            ("微信 zhangsan", None),
        ] {
            assert_eq!(classify_contact(s), kind, "{s}");
        }
    }

    #[test]
    fn ratings() {
        let rate = |rating: &str, reopen: bool| {
            validate_rating(&RatingRequest {
                rating: rating.into(),
                reason: None,
                reopen,
            })
        };
        assert_eq!(rate("satisfied", false).unwrap().rating, Rating::Satisfied);
        assert!(rate("unsatisfied", true).unwrap().reopen);
        assert_eq!(
            codes(&rate("satisfied", true).unwrap_err()),
            vec![("/reopen", FieldErrorCode::ReopenNeedsUnsatisfied)]
        );
        assert_eq!(
            codes(&rate("great", false).unwrap_err()),
            vec![("/rating", FieldErrorCode::UnknownRating)]
        );
        let long = validate_rating(&RatingRequest {
            rating: "unsatisfied".into(),
            reason: Some("因".repeat(REASON_MAX_CHARS + 1)),
            reopen: false,
        });
        assert_eq!(
            codes(&long.unwrap_err()),
            vec![("/reason", FieldErrorCode::TooLong)]
        );
    }

    #[test]
    fn objections_only_while_the_period_runs() {
        let cal = WorkCalendar::builtin();
        let mut notice = item("n", "cadre", datetime!(2026-11-16 09:00 +8));
        notice.publicity = Some(Publicity {
            start: datetime!(2026-11-16 09:00 +8),
            end: datetime!(2026-11-20 17:00 +8),
        });
        let days_left = |now| match objection_allowed(&notice, now, &cal) {
            Ok(PeriodStatus::Open {
                remaining_working_days,
                ..
            }) => Some(remaining_working_days),
            _ => None,
        };
        // Wednesday 18th: today, Thursday and Friday are left.
        assert_eq!(days_left(datetime!(2026-11-18 10:00 +8)), Some(3));
        // The last afternoon, until 17:00: today.
        assert_eq!(days_left(datetime!(2026-11-20 16:59 +8)), Some(1));
        assert_eq!(
            objection_allowed(&notice, datetime!(2026-11-20 17:01 +8), &cal),
            Err(ObjectionRefusal::Ended {
                ended_on: date!(2026 - 11 - 20)
            })
        );
        assert_eq!(
            objection_allowed(&notice, datetime!(2026-11-15 10:00 +8), &cal),
            Err(ObjectionRefusal::NotStarted {
                starts_on: date!(2026 - 11 - 16)
            })
        );
        notice.publicity = None;
        assert_eq!(
            objection_allowed(&notice, datetime!(2026-11-18 10:00 +8), &cal),
            Err(ObjectionRefusal::NoPeriod)
        );
        let ended = ObjectionRefusal::Ended {
            ended_on: date!(2026 - 11 - 20),
        }
        .field_error();
        assert_eq!(ended.code, FieldErrorCode::PublicityEnded);
        assert_eq!(
            ended.reason,
            FieldReason::PublicityEnded {
                ended_on: date!(2026 - 11 - 20)
            }
        );
    }

    #[test]
    fn reply_deadline_skips_days_off() {
        let cal = WorkCalendar::builtin();
        // Friday 25 September 2026, then the National Day week (1–7 October
        // off, Sunday 27 September and Saturday 10 October working).
        let due = reply_due(datetime!(2026-09-25 20:00 +8), 5, &cal);
        assert_eq!(due, date!(2026 - 10 - 09));
        // A submission late on a UTC day is counted on its China date.
        assert_eq!(
            reply_due(datetime!(2026-11-19 17:00 UTC), 1, &cal),
            date!(2026 - 11 - 23)
        );
        assert_eq!(
            working_days_taken(date!(2026 - 11 - 20), date!(2026 - 11 - 23), &cal),
            1
        );
        assert_eq!(
            working_days_taken(date!(2026 - 11 - 20), date!(2026 - 11 - 20), &cal),
            0
        );
    }

    /// A 公示 from the start of `first` to 23:59:59 on `last`, China time.
    fn days(first: Date, last: Date) -> Publicity {
        Publicity {
            start: first
                .midnight()
                .assume_offset(crate::domain::clock::CHINA_OFFSET),
            end: last
                .with_hms(23, 59, 59)
                .unwrap()
                .assume_offset(crate::domain::clock::CHINA_OFFSET),
        }
    }

    #[test]
    fn an_objection_is_due_when_the_publicity_period_ends_if_that_is_earlier() {
        let cal = WorkCalendar::builtin();
        // Monday 16 November; ten working days would be Monday 30 November,
        // but the 公示 ends on Friday 20 November.
        let week = days(date!(2026 - 11 - 16), date!(2026 - 11 - 20));
        let at = datetime!(2026-11-16 10:00 +8);
        assert_eq!(reply_due(at, 10, &cal), date!(2026 - 11 - 30));
        assert_eq!(
            objection_reply_due(at, 10, &week, &cal),
            date!(2026 - 11 - 20)
        );
        assert_eq!(
            submission_reply_due(FeedbackKind::Objection, Some(&week), at, 10, &cal),
            date!(2026 - 11 - 20)
        );
        // Other kinds keep the general deadline, about an item or not.
        assert_eq!(
            submission_reply_due(FeedbackKind::Opinion, Some(&week), at, 10, &cal),
            date!(2026 - 11 - 30)
        );
        assert_eq!(
            submission_reply_due(FeedbackKind::Objection, None, at, 10, &cal),
            date!(2026 - 11 - 30)
        );
    }

    #[test]
    fn an_objection_keeps_the_general_deadline_when_it_is_earlier() {
        let cal = WorkCalendar::builtin();
        let long = days(date!(2026 - 11 - 16), date!(2026 - 11 - 27));
        // Three working days after Monday: Thursday 19th, before the 27th.
        assert_eq!(
            objection_reply_due(datetime!(2026-11-16 10:00 +8), 3, &long, &cal),
            date!(2026 - 11 - 19)
        );
    }

    #[test]
    fn an_objection_on_the_last_day_is_due_that_day() {
        let cal = WorkCalendar::builtin();
        let mut week = days(date!(2026 - 11 - 16), date!(2026 - 11 - 20));
        week.end = datetime!(2026-11-20 17:00 +8);
        assert_eq!(
            objection_reply_due(datetime!(2026-11-20 16:59 +8), 10, &week, &cal),
            date!(2026 - 11 - 20)
        );
        // "Until 24:00": an end at midnight closes the day before.
        week.end = datetime!(2026-11-21 00:00 +8);
        assert_eq!(
            objection_reply_due(datetime!(2026-11-20 23:30 +8), 10, &week, &cal),
            date!(2026 - 11 - 20)
        );
        // Late in a UTC day is the next China day, the last of the period.
        assert_eq!(
            objection_reply_due(datetime!(2026-11-19 17:00 UTC), 10, &week, &cal),
            date!(2026 - 11 - 20)
        );
        // Never before the day it was raised, whatever the data say.
        let past = days(date!(2026 - 11 - 09), date!(2026 - 11 - 13));
        assert_eq!(
            objection_reply_due(datetime!(2026-11-16 10:00 +8), 10, &past, &cal),
            date!(2026 - 11 - 16)
        );
    }

    #[test]
    fn an_objection_deadline_across_the_national_day_holiday() {
        let cal = WorkCalendar::builtin();
        // Wednesday 30 September 2026: 1–7 October off, Saturday 10 October
        // a working day (调休). Ten working days: Tuesday 20 October.
        let at = datetime!(2026-09-30 10:00 +8);
        assert_eq!(reply_due(at, 10, &cal), date!(2026 - 10 - 20));
        // A 公示 ending on the 调休 Saturday: due that Saturday.
        let to_saturday = days(date!(2026 - 09 - 28), date!(2026 - 10 - 10));
        assert_eq!(
            objection_reply_due(at, 10, &to_saturday, &cal),
            date!(2026 - 10 - 10)
        );
        // Three working days land on the same Saturday, before a later end.
        let longer = days(date!(2026 - 09 - 28), date!(2026 - 10 - 16));
        assert_eq!(
            objection_reply_due(at, 3, &longer, &cal),
            date!(2026 - 10 - 10)
        );
        // Raised on a holiday (Saturday 3 October): due on the last day, Friday 9th.
        let over_holiday = days(date!(2026 - 09 - 28), date!(2026 - 10 - 09));
        assert_eq!(
            objection_reply_due(datetime!(2026-10-03 11:00 +8), 10, &over_holiday, &cal),
            date!(2026 - 10 - 09)
        );
    }

    #[test]
    fn objections_under_review_only_after_the_period_with_one_open() {
        let mut notice = item("n", "cadre", datetime!(2026-11-16 09:00 +8));
        notice.publicity = Some(days(date!(2026 - 11 - 16), date!(2026 - 11 - 20)));
        let during = datetime!(2026-11-20 23:59:59 +8);
        let after = datetime!(2026-11-21 00:00:00 +8);
        assert!(!objections_under_review(&notice, during, 1));
        assert!(objections_under_review(&notice, after, 1));
        assert!(objections_under_review(&notice, after, 3));
        assert!(!objections_under_review(&notice, after, 0));
        // An invalid period, or none, never shows it.
        let mut broken = notice.clone();
        broken.publicity = Some(Publicity {
            start: datetime!(2026-11-20 09:00 +8),
            end: datetime!(2026-11-16 09:00 +8),
        });
        assert!(!objections_under_review(&broken, after, 1));
        notice.publicity = None;
        assert!(!objections_under_review(&notice, after, 1));

        use FeedbackStatus::*;
        assert!(awaits_reply(Received) && awaits_reply(InProgress));
        assert!(!awaits_reply(Replied) && !awaits_reply(Closed));
    }

    #[test]
    fn unsatisfied_and_not_reopened_stands_out() {
        use FeedbackStatus::*;
        let unsatisfied = Some(Rating::Unsatisfied);
        assert!(unsatisfied_without_reopen(Replied, unsatisfied));
        assert!(unsatisfied_without_reopen(Closed, unsatisfied));
        // Reopened: back in progress with that rating.
        assert!(!unsatisfied_without_reopen(InProgress, unsatisfied));
        assert!(!unsatisfied_without_reopen(
            Replied,
            Some(Rating::BasicallySatisfied)
        ));
        assert!(!unsatisfied_without_reopen(Closed, Some(Rating::Satisfied)));
        assert!(!unsatisfied_without_reopen(Replied, None));
    }

    #[test]
    fn a_period_shorter_than_its_category_minimum() {
        let cal = WorkCalendar::builtin();
        let catalogue = vec![
            Category {
                id: "cadre".into(),
                name: "干部任免与任前公示".into(),
                description: None,
                min_publicity_working_days: Some(5),
            },
            Category {
                id: "decisions".into(),
                name: "决策决议及执行".into(),
                description: None,
                min_publicity_working_days: None,
            },
        ];
        let mut notice = item("n", "cadre", datetime!(2026-11-18 09:00 +8));
        // Wednesday to Friday: 3 working days.
        notice.publicity = Some(days(date!(2026 - 11 - 18), date!(2026 - 11 - 20)));
        let short = publicity_too_short(&notice, &catalogue, &cal).unwrap();
        assert_eq!((short.actual, short.required), (3, 5));
        let e = publicity_too_short_error(short);
        assert_eq!(e.pointer, "/item/publicity");
        assert_eq!(e.code.as_str(), "publicity_too_short");
        assert_eq!(
            e.reason,
            FieldReason::PublicityTooShort {
                actual: 3,
                required: 5
            }
        );
        // Wednesday to Tuesday across a weekend: 5 working days, enough.
        notice.publicity = Some(days(date!(2026 - 11 - 18), date!(2026 - 11 - 24)));
        assert_eq!(publicity_too_short(&notice, &catalogue, &cal), None);
        // Over the National Day week, 28 September to 9 October 2026 is
        // only 5 working days (28–30 September, 8–9 October).
        notice.publicity = Some(days(date!(2026 - 09 - 28), date!(2026 - 10 - 09)));
        assert_eq!(publicity_too_short(&notice, &catalogue, &cal), None);
        notice.publicity = Some(days(date!(2026 - 09 - 29), date!(2026 - 10 - 09)));
        assert_eq!(
            publicity_too_short(&notice, &catalogue, &cal).map(|s| s.actual),
            Some(4)
        );
        // No minimum, no period, or an unknown category: nothing to refuse.
        notice.category = "decisions".into();
        assert_eq!(publicity_too_short(&notice, &catalogue, &cal), None);
        notice.category = "unknown".into();
        assert_eq!(publicity_too_short(&notice, &catalogue, &cal), None);
        notice.category = "cadre".into();
        notice.publicity = None;
        assert_eq!(publicity_too_short(&notice, &catalogue, &cal), None);
    }

    #[test]
    fn overdue_only_without_a_reply_after_the_due_day() {
        use FeedbackStatus::*;
        let due = date!(2026 - 11 - 20);
        assert!(!is_overdue(Received, due, due));
        assert!(is_overdue(Received, due, date!(2026 - 11 - 21)));
        assert!(is_overdue(InProgress, due, date!(2026 - 11 - 21)));
        assert!(!is_overdue(Replied, due, date!(2026 - 12 - 21)));
        assert!(!is_overdue(Closed, due, date!(2026 - 12 - 21)));
    }

    #[test]
    fn case_state_machine() {
        use CaseAction::*;
        use FeedbackStatus::*;
        assert_eq!(next_status(Received, Start), Ok(InProgress));
        assert_eq!(next_status(Received, Reply), Ok(Replied));
        assert_eq!(next_status(InProgress, Reply), Ok(Replied));
        assert_eq!(next_status(Replied, Reply), Ok(Replied));
        assert_eq!(next_status(Replied, Close), Ok(Closed));
        assert_eq!(next_status(Closed, Reopen), Ok(InProgress));
        assert_eq!(next_status(Replied, Reopen), Ok(InProgress));
        for (from, action) in [
            (InProgress, Start),
            (Replied, Start),
            (Closed, Start),
            (Closed, Reply),
            (Closed, Close),
            (Received, Reopen),
            (InProgress, Reopen),
        ] {
            assert_eq!(
                next_status(from, action),
                Err(TransitionRefused { from, action })
            );
        }
        assert!(can_rate(Replied, true, false));
        assert!(can_rate(Closed, true, false));
        assert!(!can_rate(Replied, true, true));
        assert!(!can_rate(InProgress, false, false));
    }

    #[test]
    fn tracking_codes_round_trip_and_forgive_typing() {
        let code = TrackingCode::from_random([0xff; 8]);
        assert_eq!(code, "ZZZZ-ZZZZ-ZZZZ");
        let code = TrackingCode::from_random([0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef]);
        assert_eq!(code.len(), 14);
        assert_eq!(
            TrackingCode::normalize(&code).as_deref(),
            Some(code.as_str())
        );
        assert_eq!(
            TrackingCode::normalize(" 7k3m q9xd 2fhp ").as_deref(),
            Some("7K3M-Q9XD-2FHP")
        );
        assert_eq!(
            TrackingCode::normalize("oIL0-0000-0000").as_deref(),
            Some("0110-0000-0000")
        );
        for bad in [
            "",
            "7K3M-Q9XD-2FH",
            "7K3M-Q9XD-2FHPX",
            "7K3M-Q9XD-2FHU",
            "7K3M/Q9XD/2FHP",
        ] {
            assert_eq!(TrackingCode::normalize(bad), None, "{bad}");
        }
        // Distinct bytes give distinct codes (60 of the 64 bits are used).
        let a = TrackingCode::from_random([0, 0, 0, 0, 0, 0, 0, 1]);
        let b = TrackingCode::from_random([0, 0, 0, 0, 0, 0, 0, 2]);
        assert_ne!(a, b);
    }

    #[test]
    fn a_refusal_becomes_field_errors_or_one_error_for_the_form() {
        use crate::api::FieldProblem;
        let mut problem = Problem {
            problem_type: "urn:gongkai:problem:validation".into(),
            title: "提交的内容需要修改".into(),
            status: 422,
            detail: Some("有1处需要修改".into()),
            errors: vec![FieldProblem {
                pointer: "/item".into(),
                code: "publicity_ended".into(),
                detail: "这条事项的公示期已于2026年11月20日结束".into(),
            }],
        };
        assert_eq!(
            problem_errors(&problem),
            vec![FormError {
                pointer: "/item".into(),
                message: "这条事项的公示期已于2026年11月20日结束".into()
            }]
        );
        problem.errors.clear();
        assert_eq!(problem_errors(&problem)[0].message, "有1处需要修改");
        assert_eq!(problem_errors(&problem)[0].pointer, "");
        problem.detail = Some(" ".into());
        assert_eq!(problem_errors(&problem)[0].message, "提交的内容需要修改");
    }

    #[test]
    fn a_backends_refusal_is_a_reason_where_its_code_says_enough() {
        assert_eq!(
            FieldReason::from_problem("/org", "required"),
            Some(FieldReason::NotChosen(Choice::Org))
        );
        assert_eq!(
            FieldReason::from_problem("/body", "required"),
            Some(FieldReason::Empty(TextField::Body))
        );
        assert_eq!(
            FieldReason::from_problem("/contact", "bad_contact"),
            Some(FieldReason::BadContact)
        );
        // Figures and dates the refusal does not carry: its own words stay.
        assert_eq!(FieldReason::from_problem("/body", "too_long"), None);
        assert_eq!(FieldReason::from_problem("/item", "publicity_ended"), None);
        assert_eq!(FieldReason::from_problem("/x", "something_new"), None);
        // Every reason's code is the one from_problem reads back.
        for reason in [
            FieldReason::UnknownKind,
            FieldReason::UnknownRating,
            FieldReason::BadContact,
            FieldReason::ItemRequired,
            FieldReason::NoPublicity,
            FieldReason::ReopenNeedsUnsatisfied,
        ] {
            assert_eq!(
                FieldReason::from_problem("/x", reason.code().as_str()),
                Some(reason)
            );
        }
    }
}
