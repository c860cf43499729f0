//! The board's filters. All their state lives in the URL query
//! (`?category=finance&kind=regular&status=open&year=2026&quarter=1&q=党费`),
//! so a filtered board can be bookmarked, shared and navigated back to; how
//! they are written there is `routes::query`'s.

use time::OffsetDateTime;

use super::calendar::WorkCalendar;
use super::clock::china_date;
use super::covers::Covered;
use super::period::{item_status, PeriodStatus};
use super::search::{terms, Query, Searchable};
use crate::api::{Category, Item, ItemKind, OrgKind};

/// The board's filters. `None` and an empty query mean "any".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    /// A category id from the catalogue.
    pub category: Option<String>,
    pub kind: Option<KindFilter>,
    pub status: Option<StatusFilter>,
    /// The year an item belongs to ([`Filters::belongs_to`]): for a regular
    /// report the year it covers (所属期), for any other item the year of
    /// publication, China time.
    pub year: Option<i32>,
    /// The quarter, 1 to 4, in the same sense as `year`; in every year when
    /// `year` is not set.
    pub quarter: Option<u8>,
    /// The search box, kept as typed (a trailing space is the user's).
    pub query: String,
    /// 含下级组织 (`sub=1` / `sub=0`): whether a board lists its
    /// sub-organisations' items too. `None` keeps the board's default (on for
    /// 党委 and 党总支, see [`includes_sub_orgs_by_default`]).
    pub sub: Option<bool>,
    /// The page of the results shown (`page=3`), 2 or more; `None` is the
    /// first. Not a filter: any change of filter starts again at the first
    /// page ([`Filters::first_page`]).
    pub page: Option<u32>,
}

/// The positions in a list that passed a search
/// ([`Filters::search_entries`]), with what the next search needs to start
/// from them.
#[derive(Clone, Debug, PartialEq)]
pub struct Hits {
    /// Ascending: the list's order, newest first.
    pub positions: Vec<usize>,
    filters: Filters,
    now: OffsetDateTime,
    list: u64,
    /// How many of the list's entries were looked at.
    scanned: usize,
}

/// The kind of disclosure (`kind=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KindFilter {
    Regular,
    Staged,
    AdHoc,
}

impl KindFilter {
    pub const ALL: [Self; 3] = [Self::Regular, Self::Staged, Self::AdHoc];

    /// The value in the URL: `regular`, `staged`, `ad_hoc`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Regular => "regular",
            Self::Staged => "staged",
            Self::AdHoc => "ad_hoc",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn matches(self, kind: &ItemKind) -> bool {
        matches!(
            (self, kind),
            (Self::Regular, ItemKind::Regular { .. })
                | (Self::Staged, ItemKind::Staged { .. })
                | (Self::AdHoc, ItemKind::AdHoc)
        )
    }
}

/// Where an item's publicity period stands (`status=`). Items without a
/// period never match.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StatusFilter {
    Upcoming,
    Open,
    Ended,
}

impl StatusFilter {
    pub const ALL: [Self; 3] = [Self::Upcoming, Self::Open, Self::Ended];

    /// The value in the URL: `upcoming`, `open`, `ended`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Upcoming => "upcoming",
            Self::Open => "open",
            Self::Ended => "ended",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn matches(self, status: &PeriodStatus) -> bool {
        matches!(
            (self, status),
            (Self::Upcoming, PeriodStatus::Upcoming { .. })
                | (Self::Open, PeriodStatus::Open { .. })
                | (Self::Ended, PeriodStatus::Ended { .. })
        )
    }
}

impl Filters {
    /// Whether no filter narrows the board (a blank search counts as none).
    /// `sub` chooses what the board holds rather than narrowing it, so it
    /// does not count, and 清除筛选 keeps it ([`Filters::cleared`]).
    pub fn is_empty(&self) -> bool {
        self.category.is_none()
            && self.kind.is_none()
            && self.status.is_none()
            && self.year.is_none()
            && self.quarter.is_none()
            && self.query.trim().is_empty()
    }

    /// The same filters on their first page of results.
    pub fn first_page(mut self) -> Filters {
        self.page = None;
        self
    }

    /// The same filters on page `n` (1-based).
    pub fn on_page(&self, n: u32) -> Filters {
        Filters {
            page: (n > 1).then_some(n),
            ..self.clone()
        }
    }

    /// The page asked for, 1-based.
    pub fn page_number(&self) -> u32 {
        self.page.unwrap_or(1)
    }

    /// No filter set, the board's 含下级组织 choice kept.
    pub fn cleared(&self) -> Filters {
        Filters {
            sub: self.sub,
            ..Filters::default()
        }
    }

    /// Whether a board with sub-organisations lists their items: the URL's
    /// choice, else the default for the kind of organisation.
    pub fn includes_sub_orgs(&self, kind: OrgKind) -> bool {
        self.sub
            .unwrap_or_else(|| includes_sub_orgs_by_default(kind))
    }

    /// The public items that pass every filter, newest first.
    pub fn apply<'a>(
        &self,
        items: &'a [Item],
        now: OffsetDateTime,
        cal: &WorkCalendar,
    ) -> Vec<&'a Item> {
        self.apply_positions(items, now, cal)
            .into_iter()
            .map(|i| &items[i])
            .collect()
    }

    /// [`Filters::apply`] as positions in `items`: a plain value a view can
    /// keep in a memo and read more than once.
    pub fn apply_positions(
        &self,
        items: &[Item],
        now: OffsetDateTime,
        cal: &WorkCalendar,
    ) -> Vec<usize> {
        let query = Query::new(&self.query);
        let mut passed: Vec<usize> = (0..items.len())
            .filter(|&i| self.passes(&items[i], &query, now, cal))
            .collect();
        passed.sort_unstable_by(|&a, &b| newest_first(&items[a], &items[b]));
        passed
    }

    /// [`Filters::apply_positions`] over items whose searchable text was
    /// folded once beforehand: a keystroke then costs one substring scan per
    /// item, not the folding of every title, summary and body again.
    /// `entries` must already be newest first ([`newest_first`]); the
    /// positions keep that order.
    pub fn apply_searchable(
        &self,
        entries: &[Searchable],
        now: OffsetDateTime,
        cal: &WorkCalendar,
    ) -> Vec<usize> {
        self.search_entries(entries, 0, None, now, cal).positions
    }

    /// [`Filters::apply_searchable`] over `entries` (the entries of list
    /// `list`, [`super::paging::Loading::id`]), starting from the last
    /// search's `previous` hits where this search can only narrow them: the
    /// same list (perhaps grown since), the same filters but the search
    /// words, the same time, and every earlier word inside one of these (a
    /// character typed). Then only the earlier hits and the entries that
    /// came since are looked at; the result is the same as a full search.
    pub fn search_entries(
        &self,
        entries: &[Searchable],
        list: u64,
        previous: Option<&Hits>,
        now: OffsetDateTime,
        cal: &WorkCalendar,
    ) -> Hits {
        let query = Query::new(&self.query);
        let narrows = !self.is_empty_but_query();
        let passes = |i: usize| {
            let entry = &entries[i];
            entry.item.is_public()
                && query.matches_searchable(entry)
                && (!narrows || self.passes(&entry.item, &Query::default(), now, cal))
        };
        let positions = match previous.filter(|p| {
            p.list == list && p.scanned <= entries.len() && p.now == now && self.narrows(&p.filters)
        }) {
            Some(p) => p
                .positions
                .iter()
                .copied()
                .chain(p.scanned..entries.len())
                .filter(|&i| passes(i))
                .collect(),
            None => (0..entries.len()).filter(|&i| passes(i)).collect(),
        };
        Hits {
            positions,
            filters: self.clone(),
            now,
            list,
            scanned: entries.len(),
        }
    }

    /// Whether every item that passes these filters passed `before`: the
    /// same filters but the search words, and each of `before`'s words
    /// inside one of these.
    fn narrows(&self, before: &Filters) -> bool {
        let rest = |f: &Filters| Filters {
            query: String::new(),
            page: None,
            ..f.clone()
        };
        if rest(self) != rest(before) {
            return false;
        }
        let now = terms(&self.query);
        terms(&before.query)
            .iter()
            .all(|old| now.iter().any(|t| t.contains(old.as_str())))
    }

    /// Whether nothing but the search words is set.
    fn is_empty_but_query(&self) -> bool {
        Filters {
            query: String::new(),
            ..self.clone()
        }
        .is_empty()
    }

    /// Whether one item passes; never for an item that is not public.
    pub fn matches(&self, item: &Item, now: OffsetDateTime, cal: &WorkCalendar) -> bool {
        self.passes(item, &Query::new(&self.query), now, cal)
    }

    fn passes(&self, item: &Item, query: &Query, now: OffsetDateTime, cal: &WorkCalendar) -> bool {
        let (year, quarters) = belongs_to(item);
        item.is_public()
            && self.category.as_ref().is_none_or(|c| *c == item.category)
            && self.kind.is_none_or(|k| k.matches(&item.kind))
            && self.status.is_none_or(|s| {
                item_status(item, now, cal).is_some_and(|status| s.matches(&status))
            })
            && self.year.is_none_or(|y| y == year)
            && self.quarter.is_none_or(|q| quarters.contains(&q))
            && query.matches(item)
    }
}

/// The year and the quarters an item belongs to, for the year and quarter
/// filters: a regular report's covered period (所属期: a half-year is in
/// two quarters, a year in four), whatever its publication date; any other
/// item's (and a report whose `covers` cannot be read) publication date,
/// China time.
pub fn belongs_to(item: &Item) -> (i32, std::ops::RangeInclusive<u8>) {
    if let ItemKind::Regular {
        covers: Some(covers),
        ..
    } = &item.kind
    {
        if let Some(c) = Covered::parse(covers) {
            let (first, last) = c.months();
            return (c.year, (first - 1) / 3 + 1..=(last - 1) / 3 + 1);
        }
    }
    let published = china_date(item.published_at);
    let q = quarter_of(published);
    (published.year(), q..=q)
}

/// 党委 and 党总支 boards list their sub-organisations' items unless told
/// otherwise: a committee's 党费 category should not say "共 0 条" while its
/// branches report dues.
pub fn includes_sub_orgs_by_default(kind: OrgKind) -> bool {
    matches!(kind, OrgKind::Committee | OrgKind::GeneralBranch)
}

/// What the home page's search asks of the root organisation's board, so
/// that it searches every item of the site: the words (trimmed), and
/// 含下级组织 where the root's kind would not include its sub-organisations
/// by default (党委 and 党总支 do, and then the URL stays `?q=…` alone).
pub fn site_search(query: &str, root_kind: Option<OrgKind>) -> Filters {
    Filters {
        query: query.trim().to_owned(),
        sub: root_kind
            .is_some_and(|k| !includes_sub_orgs_by_default(k))
            .then_some(true),
        ..Filters::default()
    }
}

/// The quarter, 1 to 4, a date falls in.
pub fn quarter_of(date: time::Date) -> u8 {
    (date.month() as u8 - 1) / 3 + 1
}

/// Newest first, ties by id: a total order, so that the (smaller) unstable
/// sort gives the same list every time.
pub fn newest_first(a: &Item, b: &Item) -> std::cmp::Ordering {
    b.published_at
        .cmp(&a.published_at)
        .then_with(|| a.id.cmp(&b.id))
}

/// Groups `items` by category: the catalogue's categories in its order,
/// those without items left out, then categories the catalogue does not
/// know, in the order they first appear. Items keep their order.
pub fn group_by_category<'a>(
    items: &[&'a Item],
    catalogue: &[Category],
) -> Vec<(String, Vec<&'a Item>)> {
    // Linear look-ups over tens of categories: no hash map code.
    let mut groups: Vec<(String, Vec<&'a Item>)> = Vec::new();
    for category in catalogue {
        if !groups.iter().any(|(id, _)| *id == category.id) {
            groups.push((category.id.clone(), Vec::new()));
        }
    }
    for &item in items {
        match groups.iter_mut().find(|(id, _)| *id == item.category) {
            Some((_, list)) => list.push(item),
            None => groups.push((item.category.clone(), vec![item])),
        }
    }
    groups.retain(|(_, items)| !items.is_empty());
    groups
}

/// The years public items belong to ([`belongs_to`]), newest first: the
/// choices for the year filter.
pub fn years_present(items: &[Item]) -> Vec<i32> {
    let mut years: Vec<i32> = items
        .iter()
        .filter(|i| i.is_public())
        .map(|i| belongs_to(i).0)
        .collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    years
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Audience, RegularPeriod};
    use crate::domain::test_support::{item, publicity};
    use time::macros::datetime;

    fn ids(items: &[&Item]) -> Vec<String> {
        items.iter().map(|i| i.id.clone()).collect()
    }

    fn cal() -> WorkCalendar {
        WorkCalendar::builtin()
    }

    const NOW: OffsetDateTime = datetime!(2026-03-10 10:00 +8);

    fn board() -> Vec<Item> {
        let mut a = item("a", "finance", datetime!(2026-01-05 09:00 +8));
        a.kind = ItemKind::Regular {
            period: RegularPeriod::Quarter,
            covers: Some("2025-Q4".into()),
        };
        a.title = "2025年第四季度党费收缴情况".into();
        let mut b = item("b", "cadre", datetime!(2026-03-09 09:00 +8));
        b.title = "任前公示".into();
        b.publicity = Some(publicity(
            datetime!(2026-03-09 09:00 +8),
            datetime!(2026-03-13 17:30 +8),
        ));
        let mut c = item("c", "cadre", datetime!(2026-02-20 09:00 +8));
        c.title = "已结束的任前公示".into();
        c.publicity = Some(publicity(
            datetime!(2026-02-24 09:00 +8),
            datetime!(2026-03-02 17:30 +8),
        ));
        let mut d = item("d", "cadre", datetime!(2026-03-10 08:00 +8));
        d.title = "党内公示".into();
        d.audience = Audience::PartyInternal;
        d.publicity = b.publicity;
        let mut e = item("e", "development", datetime!(2025-11-03 09:00 +8));
        e.kind = ItemKind::Staged { stages: vec![] };
        e.title = "发展党员预告".into();
        e.publicity = Some(publicity(
            datetime!(2026-03-16 09:00 +8),
            datetime!(2026-03-20 17:30 +8),
        ));
        let mut f = item("f", "other", datetime!(2025-12-31 09:00 +8));
        f.audience = Audience::Restricted;
        vec![a, b, c, d, e, f]
    }

    #[test]
    fn no_filter_gives_public_items_newest_first() {
        let items = board();
        let all = Filters::default().apply(&items, NOW, &cal());
        assert_eq!(ids(&all), ["b", "c", "a", "e"]);
    }

    #[test]
    fn items_published_at_the_same_moment_come_in_id_order_whatever_the_input() {
        let at = datetime!(2026-05-01 09:00 +08:00);
        let forward = vec![
            item("x", "dues", at),
            item("m", "dues", at),
            item("a", "dues", at),
        ];
        let backward: Vec<Item> = forward.iter().rev().cloned().collect();
        for items in [forward, backward] {
            let all = Filters::default().apply(&items, NOW, &cal());
            assert_eq!(ids(&all), ["a", "m", "x"]);
        }
    }

    #[test]
    fn folded_once_the_filters_pass_the_same_items() {
        let mut items = board();
        items.sort_unstable_by(newest_first);
        let entries: Vec<Searchable> = items.iter().cloned().map(Searchable::new).collect();
        let cases = [
            Filters::default(),
            Filters {
                query: "公示".into(),
                ..Filters::default()
            },
            Filters {
                query: "公示 结束".into(),
                category: Some("cadre".into()),
                ..Filters::default()
            },
            Filters {
                status: Some(StatusFilter::Open),
                ..Filters::default()
            },
            Filters {
                year: Some(2025),
                quarter: Some(4),
                ..Filters::default()
            },
            Filters {
                query: "党内".into(),
                ..Filters::default()
            },
            Filters {
                kind: Some(KindFilter::Staged),
                page: Some(3),
                ..Filters::default()
            },
        ];
        for f in cases {
            let slow = ids(&f.apply(&items, NOW, &cal()));
            let fast: Vec<String> = f
                .apply_searchable(&entries, NOW, &cal())
                .into_iter()
                .map(|i| items[i].id.clone())
                .collect();
            assert_eq!(fast, slow, "{f:?}");
        }
    }

    /// Typing, deleting and choosing, one step at a time, each search
    /// started from the last one's hits as the board does: always the
    /// result of a search over everything.
    #[test]
    fn a_search_started_from_the_last_one_finds_what_a_full_search_finds() {
        use crate::domain::paging::Loading;
        let mut items = board();
        items.sort_unstable_by(newest_first);
        let half = items.len() / 2;
        let mut list = Loading::default();
        list.extend(items[..half].iter().cloned());
        let typed = |q: &str| Filters {
            query: q.into(),
            ..Filters::default()
        };
        let steps = [
            typed(""),
            typed("公"),
            typed("公示"),
            // More of the list comes in between two keystrokes.
            typed("公示期"),
            typed("公示"),
            typed("公示 "),
            typed("公示 结"),
            typed("公示 结束"),
            Filters {
                category: Some("cadre".into()),
                ..typed("公示 结束")
            },
            typed("公示 结束"),
            typed("结束 公示"),
            typed("ABC"),
            typed("abcd"),
            typed("党"),
            typed("党内"),
            Filters {
                status: Some(StatusFilter::Open),
                ..typed("党内")
            },
            typed("党"),
        ];
        let mut previous = None;
        let mut narrowed = 0;
        for (n, f) in steps.iter().enumerate() {
            if n == 3 {
                list.extend(items[half..].iter().cloned());
            }
            let hits = f.search_entries(&list.entries, list.id, previous.as_ref(), NOW, &cal());
            let full = f.apply_searchable(&list.entries, NOW, &cal());
            assert_eq!(hits.positions, full, "step {n}: {f:?}");
            if previous
                .as_ref()
                .is_some_and(|p: &Hits| f.narrows(&p.filters))
            {
                narrowed += 1;
            }
            previous = Some(hits);
        }
        assert!(narrowed >= 8, "most steps narrow the last: {narrowed}");
        // Reordered (an older page brought a newer item): the positions
        // from before name other entries now, and are not used.
        let mut newer = items[0].clone();
        newer.id = "newest".into();
        newer.published_at += time::Duration::days(30);
        let before = list.id;
        list.extend([newer]);
        assert_ne!(list.id, before);
        let f = typed("党内");
        let hits = f.search_entries(&list.entries, list.id, previous.as_ref(), NOW, &cal());
        assert_eq!(
            hits.positions,
            f.apply_searchable(&list.entries, NOW, &cal())
        );
    }

    #[test]
    fn a_change_of_filter_starts_at_the_first_page() {
        let f = Filters {
            query: "党费".into(),
            page: Some(4),
            ..Filters::default()
        };
        assert_eq!(f.page_number(), 4);
        assert_eq!(f.clone().first_page().page, None);
        assert_eq!(f.on_page(1).page, None, "page 1 is not written");
        assert_eq!(f.on_page(7).page, Some(7));
        assert!(
            Filters {
                page: Some(2),
                ..Filters::default()
            }
            .is_empty(),
            "a page is not a filter"
        );
    }

    #[test]
    fn party_internal_items_never_pass() {
        let items = board();
        let filters = [
            Filters::default(),
            Filters {
                category: Some("cadre".into()),
                ..Filters::default()
            },
            Filters {
                status: Some(StatusFilter::Open),
                ..Filters::default()
            },
            Filters {
                query: "党内".into(),
                ..Filters::default()
            },
            Filters {
                year: Some(2025),
                ..Filters::default()
            },
        ];
        for f in filters {
            let passed = f.apply(&items, NOW, &cal());
            assert!(passed.iter().all(|i| i.is_public()), "{f:?}");
            assert!(!f.matches(&items[3], NOW, &cal()));
        }
        assert!(Filters {
            query: "党内".into(),
            ..Filters::default()
        }
        .apply(&items, NOW, &cal())
        .is_empty());
    }

    #[test]
    fn by_category_kind_and_query() {
        let items = board();
        let apply = |f: Filters| ids(&f.apply(&items, NOW, &cal()));
        assert_eq!(
            apply(Filters {
                category: Some("cadre".into()),
                ..Filters::default()
            }),
            ["b", "c"]
        );
        assert_eq!(
            apply(Filters {
                category: Some("nope".into()),
                ..Filters::default()
            }),
            Vec::<String>::new()
        );
        assert_eq!(
            apply(Filters {
                kind: Some(KindFilter::Regular),
                ..Filters::default()
            }),
            ["a"]
        );
        assert_eq!(
            apply(Filters {
                kind: Some(KindFilter::Staged),
                ..Filters::default()
            }),
            ["e"]
        );
        assert_eq!(
            apply(Filters {
                kind: Some(KindFilter::AdHoc),
                ..Filters::default()
            }),
            ["b", "c"]
        );
        assert_eq!(
            apply(Filters {
                query: "任前　公示".into(),
                ..Filters::default()
            }),
            ["b", "c"]
        );
        assert_eq!(
            apply(Filters {
                query: "已结束 任前".into(),
                ..Filters::default()
            }),
            ["c"]
        );
    }

    #[test]
    fn by_status_and_items_without_a_period_never_match() {
        let items = board();
        let apply = |s| {
            ids(&Filters {
                status: Some(s),
                ..Filters::default()
            }
            .apply(&items, NOW, &cal()))
        };
        assert_eq!(apply(StatusFilter::Open), ["b"]);
        assert_eq!(apply(StatusFilter::Ended), ["c"]);
        assert_eq!(apply(StatusFilter::Upcoming), ["e"]);
        // "a" has no period: it appears under no status at all.
        for s in StatusFilter::ALL {
            assert!(!apply(s).contains(&"a".to_owned()));
        }
    }

    #[test]
    fn a_reversed_period_matches_no_status_at_any_time() {
        let mut r = item("r", "cadre", datetime!(2026-03-01 09:00 +8));
        r.publicity = Some(publicity(
            datetime!(2026-03-13 09:00 +8),
            datetime!(2026-03-09 17:00 +8),
        ));
        let items = vec![r];
        for now in [
            datetime!(2026-03-05 10:00 +8),
            datetime!(2026-03-10 10:00 +8),
            datetime!(2026-03-20 10:00 +8),
        ] {
            for s in StatusFilter::ALL {
                let f = Filters {
                    status: Some(s),
                    ..Filters::default()
                };
                assert!(f.apply(&items, now, &cal()).is_empty(), "{s:?} at {now}");
            }
            // Still listed when no status is asked for.
            assert_eq!(Filters::default().apply(&items, now, &cal()).len(), 1);
        }
    }

    #[test]
    fn quarters_are_counted_in_china_time() {
        let items = vec![
            // Q1 in Beijing and in UTC alike.
            item("march", "c", datetime!(2026-03-31 23:30 +8)),
            // 1 April in Beijing, still 31 March in UTC: Q2.
            item("april", "c", datetime!(2026-04-01 00:30 +8)),
            // 1 January in Beijing, 2025 in UTC.
            item("new-year", "c", datetime!(2025-12-31 16:30 UTC)),
        ];
        let apply = |year, quarter| {
            ids(&Filters {
                year,
                quarter,
                ..Filters::default()
            }
            .apply(&items, NOW, &cal()))
        };
        assert_eq!(apply(Some(2026), Some(1)), ["march", "new-year"]);
        assert_eq!(apply(Some(2026), Some(2)), ["april"]);
        assert_eq!(apply(Some(2025), None), Vec::<String>::new());
        assert_eq!(apply(None, Some(2)), ["april"]);
        assert_eq!(quarter_of(time::macros::date!(2026 - 12 - 31)), 4);
        assert_eq!(quarter_of(time::macros::date!(2026 - 07 - 01)), 3);
    }

    fn report(id: &str, covers: &str, published_at: OffsetDateTime) -> Item {
        let mut r = item(id, "dues", published_at);
        r.kind = ItemKind::Regular {
            period: RegularPeriod::Quarter,
            covers: Some(covers.into()),
        };
        r
    }

    #[test]
    fn a_regular_report_belongs_to_the_period_it_covers() {
        let items = vec![
            // Q2 published in July, Q3 in October: /org/…?year=2026&quarter=3
            // must give the Q3 report, not the Q2 one.
            report("q2", "2026-Q2", datetime!(2026-07-06 09:00 +8)),
            report("q3", "2026-Q3", datetime!(2026-10-08 09:00 +8)),
            // A month report published early the next month.
            report("sep", "2026-09", datetime!(2026-10-09 09:00 +8)),
            // Across the year boundary: 2025's Q4 and second half and the
            // whole year, published in January 2026.
            report("q4", "2025-Q4", datetime!(2026-01-06 09:00 +8)),
            report("h2", "2025-H2", datetime!(2026-01-07 09:00 +8)),
            report("y25", "2025", datetime!(2026-01-20 09:00 +8)),
            report("h1", "2026-H1", datetime!(2026-07-10 09:00 +8)),
            // Unreadable `covers`: the publication date stands in.
            report("odd", "上半年", datetime!(2026-07-10 09:00 +8)),
            // Not regular: by publication date.
            item("adhoc", "dues", datetime!(2026-07-15 09:00 +8)),
        ];
        let apply = |year, quarter| {
            let mut got = ids(&Filters {
                year,
                quarter,
                ..Filters::default()
            }
            .apply(&items, NOW, &cal()));
            got.sort();
            got
        };
        assert_eq!(apply(Some(2026), Some(3)), ["adhoc", "odd", "q3", "sep"]);
        assert_eq!(apply(Some(2026), Some(2)), ["h1", "q2"]);
        assert_eq!(apply(Some(2026), Some(1)), ["h1"]);
        assert_eq!(apply(Some(2026), Some(4)), Vec::<String>::new());
        assert_eq!(apply(Some(2025), Some(4)), ["h2", "q4", "y25"]);
        assert_eq!(apply(Some(2025), Some(3)), ["h2", "y25"]);
        assert_eq!(apply(Some(2025), Some(1)), ["y25"]);
        assert_eq!(apply(Some(2025), None), ["h2", "q4", "y25"]);
        assert_eq!(apply(None, Some(4)), ["h2", "q4", "y25"]);
        assert_eq!(belongs_to(&items[0]), (2026, 2..=2));
        assert_eq!(belongs_to(&items[4]), (2025, 3..=4));
        // The year filter offers the covered years.
        assert_eq!(years_present(&items), [2026, 2025]);
        assert_eq!(years_present(&items[3..6]), [2025]);
    }

    #[test]
    fn committees_include_their_sub_organisations_by_default() {
        let f = Filters::default();
        assert!(f.includes_sub_orgs(OrgKind::Committee));
        assert!(f.includes_sub_orgs(OrgKind::GeneralBranch));
        assert!(!f.includes_sub_orgs(OrgKind::Branch));
        let off = Filters {
            sub: Some(false),
            category: Some("dues".into()),
            ..Filters::default()
        };
        assert!(!off.includes_sub_orgs(OrgKind::Committee));
        assert!(Filters {
            sub: Some(true),
            ..Filters::default()
        }
        .includes_sub_orgs(OrgKind::Branch));
        assert_eq!(
            off.cleared(),
            Filters {
                sub: Some(false),
                ..Filters::default()
            }
        );
    }

    #[test]
    fn the_site_search_covers_every_organisation() {
        let words = |q: &str| Filters {
            query: q.into(),
            ..Filters::default()
        };
        // A 党委 root includes its sub-organisations by default: only the words.
        let f = site_search("  党费 ", Some(OrgKind::Committee));
        assert_eq!(f, words("党费"));
        assert!(f.includes_sub_orgs(OrgKind::Committee));
        assert_eq!(
            site_search("党费", Some(OrgKind::GeneralBranch)),
            words("党费")
        );
        // A 党支部 or 党组 root has to ask for them.
        for kind in [OrgKind::Branch, OrgKind::LeadingGroup] {
            let f = site_search("党费", Some(kind));
            assert_eq!(
                f,
                Filters {
                    sub: Some(true),
                    ..words("党费")
                }
            );
            assert!(f.includes_sub_orgs(kind));
        }
        // An empty search lists everything; an unknown root is left alone.
        assert_eq!(
            site_search("   ", Some(OrgKind::Committee)),
            Filters::default()
        );
        assert_eq!(site_search("a&b", None), words("a&b"));
    }

    #[test]
    fn empty_board() {
        assert!(Filters::default().apply(&[], NOW, &cal()).is_empty());
        assert!(group_by_category(&[], &[]).is_empty());
        assert!(years_present(&[]).is_empty());
    }

    fn category(id: &str) -> Category {
        Category {
            id: id.into(),
            name: id.to_uppercase(),
            description: None,
            min_publicity_working_days: None,
        }
    }

    #[test]
    fn groups_follow_the_catalogue_then_unknown_ids() {
        let items = board();
        let mut extra = item("x", "zzz", datetime!(2026-03-01 09:00 +8));
        extra.title = "unknown category".into();
        let mut list: Vec<&Item> = Filters::default().apply(&items, NOW, &cal());
        list.insert(1, &extra);
        let catalogue = [
            category("development"),
            category("empty"),
            category("cadre"),
            category("finance"),
        ];
        let groups: Vec<(String, Vec<String>)> = group_by_category(&list, &catalogue)
            .into_iter()
            .map(|(c, items)| (c, ids(&items)))
            .collect();
        assert_eq!(
            groups,
            [
                ("development".to_owned(), vec!["e".to_owned()]),
                ("cadre".to_owned(), vec!["b".to_owned(), "c".to_owned()]),
                ("finance".to_owned(), vec!["a".to_owned()]),
                ("zzz".to_owned(), vec!["x".to_owned()]),
            ]
        );
    }

    #[test]
    fn years_present_newest_first_and_public_only() {
        let mut items = board();
        items.push(item("old", "c", datetime!(2024-12-31 16:30 UTC))); // 2025 in Beijing
        assert_eq!(years_present(&items), [2026, 2025]);
        let mut internal = item("i", "c", datetime!(2023-06-01 09:00 +8));
        internal.audience = Audience::PartyInternal;
        items.push(internal);
        assert_eq!(years_present(&items), [2026, 2025]);
    }
}
