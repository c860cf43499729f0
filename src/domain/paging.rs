//! Long lists, both ways: walking a backend's paged list (the contract's
//! `next` links) to its end, with no cap, and showing the results a page at
//! a time (`page=N` in the URL, like a portal's 第 N 页).
//!
//! The walk stops only at the list's end or where the backend loops (a page
//! URL that comes again): then the walk ends with a notice, never silently.
//! Pure, tested natively.

use std::ops::Range;

use crate::api::Item;

use super::filters::newest_first;
use super::search::Searchable;

/// Results shown on one page of a board: a portal's 第 N 页 lists 15 to 20,
/// and fewer, larger cards are what an elderly reader scans best. Each
/// keystroke renders this many cards, so it bounds a search's paint too.
pub const RESULTS_PER_PAGE: usize = 20;

/// What has been seen on a walk through a paged list: page URLs (a repeat
/// means the backend loops) and entry ids (a repeat is dropped). Sorted
/// vectors with binary search: no hash table or B-tree code is linked.
#[derive(Debug, Default)]
pub struct Walk {
    pages: Vec<String>,
    ids: Vec<String>,
}

impl Walk {
    pub fn new() -> Walk {
        Walk::default()
    }

    /// Whether the page at `url` is new to the walk; `false` ends the walk
    /// (the list loops).
    pub fn enter(&mut self, url: &str) -> bool {
        first_time(&mut self.pages, url)
    }

    /// Whether an entry with this `id` is new to the walk (keeping it).
    pub fn first_time(&mut self, id: &str) -> bool {
        first_time(&mut self.ids, id)
    }

    /// The pages walked so far.
    pub fn pages(&self) -> usize {
        self.pages.len()
    }
}

fn first_time(seen: &mut Vec<String>, key: &str) -> bool {
    match seen.binary_search_by(|s| s.as_str().cmp(key)) {
        Ok(_) => false,
        Err(i) => {
            seen.insert(i, key.to_owned());
            true
        }
    }
}

/// How a walk ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WalkEnd {
    /// The last page had no `next`.
    Done,
    /// A page's `next` named a page already walked: the backend's list
    /// loops. What was read is kept; the notice says the list may be
    /// incomplete.
    Looped,
}

/// A list as it loads: the entries so far (newest first), what the backend
/// says the whole holds, what could not be read, and whether it is all in.
#[derive(Clone, Debug, PartialEq)]
pub struct Loading {
    /// Which entries positions in this list name: new for every list and
    /// whenever its entries are reordered, so that results kept from an
    /// earlier search ([`super::filters::Hits`]) are never read against
    /// other entries. Appending keeps it.
    pub id: u64,
    pub entries: Vec<Searchable>,
    /// The whole list's count, where the backend tells it (`total`).
    pub total: Option<u64>,
    /// Entries that could not be read and were left out.
    pub skipped: usize,
    /// `None` while pages are still coming.
    pub end: Option<WalkEnd>,
    /// The years the entries belong to, newest first (the year filter's
    /// choices), kept as entries come.
    pub years: Vec<i32>,
}

/// The next [`Loading::id`].
fn next_list_id() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

impl Default for Loading {
    fn default() -> Self {
        Loading {
            id: next_list_id(),
            entries: Vec::new(),
            total: None,
            skipped: 0,
            end: None,
            years: Vec::new(),
        }
    }
}

impl Loading {
    /// Adds a page's entries, keeping the list newest first (a backend's
    /// pages may disagree with the contract's order, and lists merged from
    /// several organisations do).
    pub fn extend(&mut self, items: impl IntoIterator<Item = Item>) {
        self.extend_searchable(items.into_iter().map(Searchable::new));
    }

    /// [`Loading::extend`] with entries already folded.
    pub fn extend_searchable(&mut self, entries: impl IntoIterator<Item = Searchable>) {
        let from = self.entries.len();
        self.entries.extend(entries);
        for entry in &self.entries[from..] {
            if entry.item.is_public() {
                let year = super::filters::belongs_to(&entry.item).0;
                if let Err(at) = self.years.binary_search_by(|y| year.cmp(y)) {
                    self.years.insert(at, year);
                }
            }
        }
        let in_order = self.entries[from.saturating_sub(1)..]
            .windows(2)
            .all(|w| newest_first(&w[0].item, &w[1].item).is_le());
        if !in_order {
            self.entries.sort_by(|a, b| newest_first(&a.item, &b.item));
            self.id = next_list_id();
        }
    }

    pub fn is_done(&self) -> bool {
        self.end.is_some()
    }
}

/// The count a board states for `matches` results so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Count {
    /// 共 N 条: all of it.
    Exact(usize),
    /// 已显示 N 条: more are still loading.
    SoFar(usize),
}

impl Count {
    /// `filtered`: whether a filter or search narrows the list (then the
    /// backend's `total` says nothing about the results).
    pub fn of(matches: usize, filtered: bool, list: &Loading) -> Count {
        match (list.is_done(), filtered, list.total) {
            (true, _, _) => Count::Exact(matches),
            (false, false, Some(total)) => {
                Count::Exact(usize::try_from(total).unwrap_or(usize::MAX).max(matches))
            }
            _ => Count::SoFar(matches),
        }
    }

    pub fn value(self) -> usize {
        match self {
            Count::Exact(n) | Count::SoFar(n) => n,
        }
    }
}

/// The year filter's choices for a list known only by its newest and
/// oldest entries (a backend that searches for the client): every year
/// from the one to the other, newest first. A regular report belongs to
/// the period it covers, so the ends may be out of order: both are taken.
pub fn year_span<'a>(ends: impl IntoIterator<Item = &'a Item>) -> Vec<i32> {
    let years: Vec<i32> = ends
        .into_iter()
        .filter(|i| i.is_public())
        .map(|i| super::filters::belongs_to(i).0)
        .collect();
    match (years.iter().min(), years.iter().max()) {
        (Some(&from), Some(&to)) => (from..=to).rev().collect(),
        _ => Vec::new(),
    }
}

/// The position among all results of the first that page `page`
/// (1-based) shows: what a backend that searches is asked for.
pub fn page_offset(page: u32) -> usize {
    (page.max(1) as usize - 1).saturating_mul(RESULTS_PER_PAGE)
}

/// How many pages `count` results fill (at least one, empty or not).
pub fn page_count(count: usize) -> u32 {
    u32::try_from(count.div_ceil(RESULTS_PER_PAGE).max(1)).unwrap_or(u32::MAX)
}

/// The positions among the results that page `page` (1-based) shows:
/// empty past the end.
pub fn page_range(page: u32, results: usize) -> Range<usize> {
    let start = (page.max(1) as usize - 1).saturating_mul(RESULTS_PER_PAGE);
    start.min(results)..start.saturating_add(RESULTS_PER_PAGE).min(results)
}

/// The page links a pager offers around `current` among `count` pages:
/// the first, the last, and two on each side of the current one; `None`
/// stands for a gap (…). Seven pages or fewer are all listed.
pub fn page_links(current: u32, count: u32) -> Vec<Option<u32>> {
    let count = count.max(1);
    let current = current.clamp(1, count);
    if count <= 7 {
        return (1..=count).map(Some).collect();
    }
    let from = current.saturating_sub(2).max(2);
    let to = (current + 2).min(count - 1);
    let mut links = vec![Some(1)];
    if from > 2 {
        links.push(None);
    }
    links.extend((from..=to).map(Some));
    if to < count - 1 {
        links.push(None);
    }
    links.push(Some(count));
    links
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::search::fold_item;
    use crate::domain::test_support::item;
    use time::macros::datetime;
    use time::Duration;

    #[test]
    fn a_walk_never_caps_and_ends_where_a_page_repeats() {
        let mut walk = Walk::new();
        for n in 1..=500 {
            assert!(walk.enter(&format!("https://b/v1/items/pages/{n}.json")));
        }
        assert_eq!(walk.pages(), 500, "no cap at 50 pages");
        assert!(
            !walk.enter("https://b/v1/items/pages/37.json"),
            "a page that comes again ends the walk"
        );
        assert!(walk.first_time("a"));
        assert!(walk.first_time("b"));
        assert!(!walk.first_time("a"), "a repeated id is dropped");
    }

    fn dated(id: &str, minutes: i64) -> Item {
        item(
            id,
            "dues",
            datetime!(2026-06-01 09:00 +8) - Duration::minutes(minutes),
        )
    }

    #[test]
    fn pages_are_kept_newest_first_whatever_order_they_come_in() {
        let mut list = Loading::default();
        list.extend([dated("a", 0), dated("b", 10)]);
        list.extend([dated("c", 20)]);
        let ids = |l: &Loading| {
            l.entries
                .iter()
                .map(|e| e.item.id.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&list), ["a", "b", "c"]);
        // A merged list: a sub-organisation's newer item comes late.
        list.extend([dated("z", 5), dated("y", 30)]);
        assert_eq!(ids(&list), ["a", "z", "b", "c", "y"]);
        assert!(list.entries.iter().all(|e| e.folded == fold_item(&e.item)));
    }

    #[test]
    fn years_are_gathered_as_pages_come() {
        let mut list = Loading::default();
        let mut old = item("o", "dues", datetime!(2019-03-01 09:00 +8));
        list.extend([dated("a", 0)]);
        assert_eq!(list.years, [2026]);
        old.title = "2019".into();
        list.extend([old, item("p", "dues", datetime!(2021-03-01 09:00 +8))]);
        assert_eq!(list.years, [2026, 2021, 2019]);
        let mut internal = item("q", "dues", datetime!(2015-03-01 09:00 +8));
        internal.audience = crate::api::Audience::PartyInternal;
        list.extend([internal]);
        assert_eq!(list.years, [2026, 2021, 2019], "only public items count");
    }

    #[test]
    fn the_count_is_true_or_says_so_far() {
        let mut list = Loading {
            total: Some(10_000),
            ..Loading::default()
        };
        assert_eq!(Count::of(100, false, &list), Count::Exact(10_000));
        assert_eq!(
            Count::of(7, true, &list),
            Count::SoFar(7),
            "a search counts what it has found"
        );
        list.total = None;
        assert_eq!(Count::of(100, false, &list), Count::SoFar(100));
        list.end = Some(WalkEnd::Done);
        assert_eq!(Count::of(9_998, false, &list), Count::Exact(9_998));
        list.end = Some(WalkEnd::Looped);
        assert_eq!(Count::of(40, true, &list), Count::Exact(40));
    }

    #[test]
    fn pages_of_results() {
        assert_eq!(page_count(0), 1);
        assert_eq!(page_count(20), 1);
        assert_eq!(page_count(21), 2);
        assert_eq!(page_count(10_000), 500);
        assert_eq!(page_range(1, 50), 0..20);
        assert_eq!(page_range(3, 50), 40..50);
        assert_eq!(page_range(4, 50), 50..50, "past the end: nothing");
        assert_eq!(page_range(0, 50), 0..20);
        assert_eq!(page_range(u32::MAX, 10), 10..10);
    }

    #[test]
    fn page_links_around_the_current_page() {
        let l = |c, n| page_links(c, n);
        assert_eq!(l(1, 1), [Some(1)]);
        assert_eq!(l(3, 7), (1..=7).map(Some).collect::<Vec<_>>());
        assert_eq!(l(1, 200), [Some(1), Some(2), Some(3), None, Some(200)]);
        assert_eq!(
            l(100, 200),
            [
                Some(1),
                None,
                Some(98),
                Some(99),
                Some(100),
                Some(101),
                Some(102),
                None,
                Some(200)
            ]
        );
        assert_eq!(
            l(200, 200),
            [Some(1), None, Some(198), Some(199), Some(200)]
        );
        assert_eq!(
            l(4, 200),
            [
                Some(1),
                Some(2),
                Some(3),
                Some(4),
                Some(5),
                Some(6),
                None,
                Some(200)
            ]
        );
        assert_eq!(
            l(999, 9),
            [Some(1), None, Some(7), Some(8), Some(9)],
            "clamped"
        );
    }

    #[test]
    fn a_searched_list_offers_every_year_between_its_ends() {
        let newest = item("n", "c", datetime!(2026-03-01 09:00 +8));
        let oldest = item("o", "c", datetime!(2022-12-31 23:00 +8));
        assert_eq!(
            year_span([&newest, &oldest]),
            [2026, 2025, 2024, 2023, 2022]
        );
        assert_eq!(
            year_span([&oldest, &newest]),
            [2026, 2025, 2024, 2023, 2022]
        );
        assert_eq!(year_span([&newest]), [2026]);
        assert_eq!(year_span(std::iter::empty()), Vec::<i32>::new());
    }

    #[test]
    fn a_page_offset_counts_whole_pages_before_it() {
        assert_eq!(page_offset(0), 0);
        assert_eq!(page_offset(1), 0);
        assert_eq!(page_offset(3), 2 * RESULTS_PER_PAGE);
        assert_eq!(page_range(3, 1000).start, page_offset(3));
    }
}
