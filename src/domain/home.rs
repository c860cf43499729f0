//! What the home page lists: the notices in 公示 now (the soonest to end
//! first), those announced (the soonest to start first), and the latest of
//! the rest. The app's home page and the server's first screen of it show
//! the same.

use std::cmp::Ordering;

use time::{Date, OffsetDateTime};

use crate::api::Item;
use crate::domain::calendar::WorkCalendar;
use crate::domain::filters::newest_first;
use crate::domain::period::{item_status, PeriodStatus};

/// How many of the latest items the home page lists.
pub const LATEST: usize = 8;

/// How many entries of each status a backend that searches is asked for at
/// most (the query endpoint's largest page): more than a town has in 公示
/// at once.
pub const BY_STATUS: usize = 100;

/// How many of the newest entries a backend that searches is asked for: the
/// latest not in 公示 or announced, so more than the page shows.
pub const NEWEST: usize = 50;

/// The items of the lists a backend that searches gave for the home page
/// (in 公示, announced, the newest), each once, in the order they came.
pub fn each_once(lists: impl IntoIterator<Item = Vec<Item>>) -> Vec<Item> {
    let mut items: Vec<Item> = Vec::new();
    for item in lists.into_iter().flatten() {
        if !items.iter().any(|i| i.id == item.id) {
            items.push(item);
        }
    }
    items
}

/// An item with its publicity period's status at the time asked.
pub type Entry<'a> = (&'a Item, Option<PeriodStatus>);

/// The home page's three lists.
#[derive(Debug, Default)]
pub struct HomeLists<'a> {
    /// In 公示 now, the soonest to end first.
    pub open: Vec<Entry<'a>>,
    /// Announced, the soonest to start first.
    pub upcoming: Vec<Entry<'a>>,
    /// The rest, newest first, [`LATEST`] at most.
    pub latest: Vec<Entry<'a>>,
}

/// The public `items` in the home page's lists at `now`.
pub fn home_lists<'a>(items: &'a [Item], now: OffsetDateTime, cal: &WorkCalendar) -> HomeLists<'a> {
    let mut with_status: Vec<Entry<'a>> = items
        .iter()
        .filter(|i| i.is_public())
        .map(|i| (i, item_status(i, now, cal)))
        .collect();
    with_status.sort_unstable_by(|a, b| newest_first(a.0, b.0));
    let pick = |want: fn(&PeriodStatus) -> bool| -> Vec<Entry<'a>> {
        let mut list: Vec<Entry<'a>> = with_status
            .iter()
            .filter(|(_, s)| s.as_ref().is_some_and(want))
            .cloned()
            .collect();
        list.sort_unstable_by(soonest_first);
        list
    };
    let open = pick(|s| matches!(s, PeriodStatus::Open { .. }));
    let upcoming = pick(|s| matches!(s, PeriodStatus::Upcoming { .. }));
    let latest = with_status
        .iter()
        .filter(|(_, s)| {
            !s.as_ref().is_some_and(|s| {
                matches!(s, PeriodStatus::Open { .. } | PeriodStatus::Upcoming { .. })
            })
        })
        .take(LATEST)
        .cloned()
        .collect();
    HomeLists {
        open,
        upcoming,
        latest,
    }
}

/// Open ones by their end, upcoming ones by their start; then newest first.
fn soonest_first(a: &Entry<'_>, b: &Entry<'_>) -> Ordering {
    soonest_key(a)
        .cmp(&soonest_key(b))
        .then_with(|| newest_first(a.0, b.0))
}

fn soonest_key(entry: &Entry<'_>) -> Option<Date> {
    match entry.1 {
        Some(PeriodStatus::Open { ends_on, .. }) => Some(ends_on),
        Some(PeriodStatus::Upcoming { starts_on, .. }) => Some(starts_on),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;
    use time::Duration;

    use super::*;
    use crate::api::Audience;
    use crate::domain::test_support::{item, publicity};

    #[test]
    fn an_item_in_two_lists_is_taken_once_where_it_first_came() {
        let at = datetime!(2026-06-10 10:00 +08:00);
        let ids = |items: Vec<Item>| items.into_iter().map(|i| i.id).collect::<Vec<_>>();
        let lists = vec![
            vec![item("a", "cadre", at), item("b", "cadre", at)],
            vec![item("c", "cadre", at)],
            vec![
                item("b", "cadre", at),
                item("d", "cadre", at),
                item("a", "cadre", at),
            ],
        ];
        assert_eq!(ids(each_once(lists)), ["a", "b", "c", "d"]);
    }

    #[test]
    fn open_by_their_end_announced_by_their_start_and_the_latest_of_the_rest() {
        let now = datetime!(2026-06-10 10:00 +08:00);
        let day = Duration::days(1);
        let with = |id: &str, published: OffsetDateTime, period: Option<(i32, i32)>| {
            let mut i = item(id, "cadre", published);
            i.publicity = period.map(|(s, e)| publicity(now + day * s, now + day * e));
            i
        };
        let mut internal = with("internal", now, None);
        internal.audience = Audience::PartyInternal;
        let items = vec![
            with("open-late", now - day, Some((-1, 9))),
            with("open-soon", now - day * 3, Some((-3, 2))),
            with("next-week", now, Some((7, 14))),
            with("tomorrow", now - day, Some((1, 8))),
            with("ended", now - day * 20, Some((-20, -10))),
            internal,
        ]
        .into_iter()
        .chain((0..10).map(|n: i32| with(&format!("plain-{n}"), now - day * (n + 2), None)))
        .collect::<Vec<_>>();
        let lists = home_lists(&items, now, &WorkCalendar::builtin());
        fn ids<'a>(l: &[Entry<'a>]) -> Vec<&'a str> {
            l.iter().map(|(i, _)| i.id.as_str()).collect()
        }
        assert_eq!(ids(&lists.open), ["open-soon", "open-late"]);
        assert_eq!(ids(&lists.upcoming), ["tomorrow", "next-week"]);
        assert_eq!(lists.latest.len(), LATEST);
        assert_eq!(ids(&lists.latest)[..3], ["plain-0", "plain-1", "plain-2"]);
        assert!(!ids(&lists.latest).contains(&"internal"));
        assert!(!ids(&lists.open).contains(&"internal"));
    }
}
