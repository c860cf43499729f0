//! The public replies board (反馈公开): its filters, kept in the URL query
//! (`?kind=objection&status=closed`), and whether a reply came on time.

use crate::api::{FeedbackKind, FeedbackStatus, PublicReply};

/// The replies board's filters. `None` means "any".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReplyFilters {
    pub kind: Option<FeedbackKind>,
    pub status: Option<FeedbackStatus>,
}

impl ReplyFilters {
    /// The URL query keys, in the order [`ReplyFilters::to_query`] writes them.
    pub const KEYS: [&'static str; 2] = ["kind", "status"];

    /// Reads the filters from the URL query; `get` returns a key's value.
    /// Unknown values (`kind=xyz`, `status=CLOSED`) are ignored.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Self {
        let read = |key: &str| get(key).map(|v| v.trim().to_owned());
        Self {
            kind: read("kind").and_then(|v| FeedbackKind::parse(&v)),
            status: read("status").and_then(|v| FeedbackStatus::parse(&v)),
        }
    }

    /// Only the kinds the site takes count: a kind it does not offer is
    /// ignored like an unknown one, so the select never says 全部 while a
    /// filter it cannot show is on.
    pub fn offered(self, kinds: &[FeedbackKind]) -> Self {
        Self {
            kind: self.kind.filter(|k| kinds.contains(k)),
            ..self
        }
    }

    /// The filters as URL query pairs: only those set, in [`Self::KEYS`]
    /// order. [`Self::from_query`] reads them back unchanged.
    pub fn to_query(&self) -> Vec<(&'static str, &'static str)> {
        let kind = self.kind.map(|k| ("kind", k.as_str()));
        let status = self.status.map(|s| ("status", s.as_str()));
        kind.into_iter().chain(status).collect()
    }

    /// The query string, `?` included, or `""` when nothing is filtered. The
    /// values are snake_case ASCII: nothing to percent-encode.
    pub fn query_string(&self) -> String {
        let pairs: Vec<String> = self
            .to_query()
            .into_iter()
            .map(|(key, value)| format!("{key}={value}"))
            .collect();
        match pairs.is_empty() {
            true => String::new(),
            false => format!("?{}", pairs.join("&")),
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

    fn from_pairs(pairs: &[(&str, &str)]) -> ReplyFilters {
        ReplyFilters::from_query(|key| {
            pairs
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| (*v).to_owned())
        })
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
        let f = from_pairs(&[("kind", "objection")]);
        assert_eq!(f.kind, Some(FeedbackKind::Objection));
        assert_eq!(ids(&f.apply(&replies)), ["b", "c"]);
        let none = from_pairs(&[("kind", "complaint")]);
        assert!(none.apply(&replies).is_empty());
    }

    #[test]
    fn by_status() {
        let replies = board();
        let f = from_pairs(&[("status", "closed")]);
        assert_eq!(ids(&f.apply(&replies)), ["b", "d"]);
        let f = from_pairs(&[("status", "in_progress")]);
        assert!(f.apply(&replies).is_empty());
    }

    #[test]
    fn by_kind_and_status() {
        let replies = board();
        let f = from_pairs(&[("kind", "objection"), ("status", "closed")]);
        assert_eq!(ids(&f.apply(&replies)), ["b"]);
        let f = from_pairs(&[("kind", "suggestion"), ("status", "closed")]);
        assert!(f.apply(&replies).is_empty());
        assert!(!f.is_empty());
    }

    #[test]
    fn unknown_query_values_are_ignored() {
        for pairs in [
            &[("kind", "xyz"), ("status", "CLOSED")][..],
            &[("kind", ""), ("status", "")],
            &[("kind", "Objection"), ("status", "done")],
            &[("category", "finance"), ("q", "党费")],
        ] {
            let f = from_pairs(pairs);
            assert_eq!(f, ReplyFilters::default(), "{pairs:?}");
            assert!(f.is_empty());
            assert_eq!(f.apply(&board()).len(), 4);
        }
        // Surrounding spaces are forgiven, as on the board.
        assert_eq!(
            from_pairs(&[("kind", " inquiry ")]).kind,
            Some(FeedbackKind::Inquiry)
        );
    }

    #[test]
    fn a_kind_the_site_does_not_offer_is_ignored() {
        let f = from_pairs(&[("kind", "complaint"), ("status", "replied")]);
        let offered = [FeedbackKind::Suggestion, FeedbackKind::Objection];
        assert_eq!(
            f.offered(&offered),
            ReplyFilters {
                kind: None,
                status: Some(FeedbackStatus::Replied),
            }
        );
        let f = from_pairs(&[("kind", "objection")]);
        assert_eq!(f.offered(&offered), f);
        assert_eq!(f.offered(&[]).kind, None);
    }

    #[test]
    fn round_trips_through_the_query() {
        let mut cases = vec![ReplyFilters::default()];
        for kind in FeedbackKind::ALL {
            for status in FeedbackStatus::ALL {
                cases.push(ReplyFilters {
                    kind: Some(kind),
                    status: Some(status),
                });
                cases.push(ReplyFilters {
                    kind: None,
                    status: Some(status),
                });
            }
            cases.push(ReplyFilters {
                kind: Some(kind),
                status: None,
            });
        }
        for f in cases {
            let pairs = f.to_query();
            let keys: Vec<&str> = pairs.iter().map(|(k, _)| *k).collect();
            let mut in_order = keys.clone();
            in_order.sort_by_key(|k| ReplyFilters::KEYS.iter().position(|x| x == k));
            assert_eq!(keys, in_order);
            let back = ReplyFilters::from_query(|key| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == key)
                    .map(|(_, v)| (*v).to_owned())
            });
            assert_eq!(back, f);
            // And through the string a URL carries.
            let qs = f.query_string();
            let back = ReplyFilters::from_query(|key| {
                qs.trim_start_matches('?')
                    .split('&')
                    .filter_map(|pair| pair.split_once('='))
                    .find(|(k, _)| *k == key)
                    .map(|(_, v)| v.to_owned())
            });
            assert_eq!(back, f, "{qs}");
        }
    }

    #[test]
    fn query_string() {
        assert_eq!(ReplyFilters::default().query_string(), "");
        let f = ReplyFilters {
            kind: Some(FeedbackKind::Objection),
            status: Some(FeedbackStatus::InProgress),
        };
        assert_eq!(f.query_string(), "?kind=objection&status=in_progress");
        let f = ReplyFilters {
            kind: None,
            status: Some(FeedbackStatus::Closed),
        };
        assert_eq!(f.query_string(), "?status=closed");
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
