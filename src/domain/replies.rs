//! The public replies board (反馈公开): its filters (kept in the URL query,
//! written and read by `routes::query`), and whether a reply came on time.

use crate::api::{FeedbackKind, FeedbackStatus, PublicReply};

/// The replies board's filters. `None` means "any".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReplyFilters {
    pub kind: Option<FeedbackKind>,
    pub status: Option<FeedbackStatus>,
}

impl ReplyFilters {
    /// Only the kinds the site takes count: a kind it does not offer is
    /// ignored like an unknown one, so the select never says 全部 while a
    /// filter it cannot show is on.
    pub fn offered(self, kinds: &[FeedbackKind]) -> Self {
        Self {
            kind: self.kind.filter(|k| kinds.contains(k)),
            ..self
        }
    }

    pub fn is_empty(&self) -> bool {
        self.kind.is_none() && self.status.is_none()
    }

    pub fn matches(&self, reply: &PublicReply) -> bool {
        self.kind.is_none_or(|k| k == reply.kind) && self.status.is_none_or(|s| s == reply.status)
    }

    /// The positions in `replies` of those that pass, newest reply first: a
    /// plain value a view can keep in a memo.
    pub fn apply_positions(&self, replies: &[PublicReply]) -> Vec<usize> {
        let mut passed: Vec<usize> = (0..replies.len())
            .filter(|&i| self.matches(&replies[i]))
            .collect();
        passed.sort_unstable_by(|&a, &b| newest_first(&replies[a], &replies[b]));
        passed
    }

    pub fn apply<'a>(&self, replies: &'a [PublicReply]) -> Vec<&'a PublicReply> {
        self.apply_positions(replies)
            .into_iter()
            .map(|i| &replies[i])
            .collect()
    }
}

/// Newest reply first, then newest submission, ties by id: a total order.
fn newest_first(a: &PublicReply, b: &PublicReply) -> std::cmp::Ordering {
    b.replied_on
        .cmp(&a.replied_on)
        .then_with(|| b.submitted_on.cmp(&a.submitted_on))
        .then_with(|| a.id.cmp(&b.id))
}

/// Whether a reply came within its deadline (答复时限).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timeliness {
    /// 按期答复: on or before the due day.
    OnTime,
    /// 逾期答复: after it.
    Overdue,
}

impl Timeliness {
    pub fn of(reply: &PublicReply) -> Self {
        match reply.replied_on <= reply.reply_due {
            true => Self::OnTime,
            false => Self::Overdue,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;
    use time::Date;

    fn reply(
        id: &str,
        kind: FeedbackKind,
        status: FeedbackStatus,
        replied_on: Date,
    ) -> PublicReply {
        PublicReply {
            id: id.to_owned(),
            kind,
            org: "org-1".to_owned(),
            item: None,
            question: format!("问题 {id}"),
            reply: format!("答复 {id}"),
            status,
            submitted_on: date!(2026 - 03 - 02),
            reply_due: date!(2026 - 03 - 16),
            replied_on,
            working_days_taken: 3,
            rating: None,
        }
    }

    fn board() -> Vec<PublicReply> {
        use FeedbackKind::*;
        use FeedbackStatus::*;
        vec![
            reply("a", Suggestion, Replied, date!(2026 - 03 - 05)),
            reply("b", Objection, Closed, date!(2026 - 03 - 10)),
            reply("c", Objection, Replied, date!(2026 - 03 - 06)),
            reply("d", Inquiry, Closed, date!(2026 - 03 - 04)),
        ]
    }

    fn filters(kind: Option<FeedbackKind>, status: Option<FeedbackStatus>) -> ReplyFilters {
        ReplyFilters { kind, status }
    }

    fn ids(replies: &[&PublicReply]) -> Vec<String> {
        replies.iter().map(|r| r.id.clone()).collect()
    }

    #[test]
    fn no_filter_lists_everything_newest_reply_first() {
        let replies = board();
        assert_eq!(
            ids(&ReplyFilters::default().apply(&replies)),
            ["b", "c", "a", "d"]
        );
        assert!(ReplyFilters::default().apply(&[]).is_empty());
    }

    #[test]
    fn by_kind() {
        let replies = board();
        let f = filters(Some(FeedbackKind::Objection), None);
        assert_eq!(f.kind, Some(FeedbackKind::Objection));
        assert_eq!(ids(&f.apply(&replies)), ["b", "c"]);
        let none = filters(Some(FeedbackKind::Complaint), None);
        assert!(none.apply(&replies).is_empty());
    }

    #[test]
    fn by_status() {
        let replies = board();
        let f = filters(None, Some(FeedbackStatus::Closed));
        assert_eq!(ids(&f.apply(&replies)), ["b", "d"]);
        let f = filters(None, Some(FeedbackStatus::InProgress));
        assert!(f.apply(&replies).is_empty());
    }

    #[test]
    fn by_kind_and_status() {
        let replies = board();
        let f = filters(Some(FeedbackKind::Objection), Some(FeedbackStatus::Closed));
        assert_eq!(ids(&f.apply(&replies)), ["b"]);
        let f = filters(Some(FeedbackKind::Suggestion), Some(FeedbackStatus::Closed));
        assert!(f.apply(&replies).is_empty());
        assert!(!f.is_empty());
    }

    #[test]
    fn a_kind_the_site_does_not_offer_is_ignored() {
        let f = filters(Some(FeedbackKind::Complaint), Some(FeedbackStatus::Replied));
        let offered = [FeedbackKind::Suggestion, FeedbackKind::Objection];
        assert_eq!(
            f.offered(&offered),
            ReplyFilters {
                kind: None,
                status: Some(FeedbackStatus::Replied),
            }
        );
        let f = filters(Some(FeedbackKind::Objection), None);
        assert_eq!(f.offered(&offered), f);
        assert_eq!(f.offered(&[]).kind, None);
    }

    #[test]
    fn on_time_up_to_and_including_the_due_day() {
        let mut r = reply(
            "x",
            FeedbackKind::Inquiry,
            FeedbackStatus::Replied,
            date!(2026 - 03 - 16),
        );
        assert_eq!(r.replied_on, r.reply_due);
        assert_eq!(Timeliness::of(&r), Timeliness::OnTime, "the due day itself");
        r.replied_on = date!(2026 - 03 - 02);
        assert_eq!(Timeliness::of(&r), Timeliness::OnTime, "the same day");
        r.replied_on = date!(2026 - 03 - 17);
        assert_eq!(Timeliness::of(&r), Timeliness::Overdue, "the day after");
        r.replied_on = date!(2027 - 01 - 04);
        assert_eq!(
            Timeliness::of(&r),
            Timeliness::Overdue,
            "into the next year"
        );
    }
}
