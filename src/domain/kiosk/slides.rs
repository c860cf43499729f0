//! What the attract loop shows (issue 10, part 3): the slides built from the
//! site and its public items at an instant. Which of them is on screen, and
//! when the next comes, is [`super::attract_slide`]'s rule.
//!
//! In order, each left out when it would be empty:
//! 1. notices now in 公示 with their countdown, the one ending first at the
//!    top, [`PUBLICITY_PER_SLIDE`] to a slide (so a busy month gets several
//!    slides rather than small type);
//! 2. the [`LATEST_COUNT`] newest items (with a line saying that nothing is
//!    in 公示 when that is so: a resident may have come to check exactly
//!    that, and a slide of its own for "nothing" would waste a turn);
//! 3. the hotline and the contacts, grouped (office, 监督员, 监督举报 …);
//! 4. a QR code to the site, always: the loop is never empty.
//!
//! Items replaced by a newer one (`superseded_by`) are left out: a screen
//! read in passing must not show a notice that no longer holds.

use time::{Date, OffsetDateTime};

use crate::api::{Contact, Item, Organisation, Site};
use crate::domain::calendar::WorkCalendar;
use crate::domain::clock::china_date;
use crate::domain::contacts::{group_contacts, ContactGroup};
use crate::domain::period::{item_status, PeriodStatus};

use super::watchdog::truncate_chars;

/// Notices in 公示 on one slide: four titles with their countdowns fill a
/// 1080p screen at the kiosk's type size.
pub const PUBLICITY_PER_SLIDE: usize = 4;

/// Items on the "latest" slide.
pub const LATEST_COUNT: usize = 6;

/// The longest title shown, in characters; longer ones are cut with "…"
/// (a slide is read from a few metres, in passing).
pub const TITLE_MAX_CHARS: usize = 60;

/// One notice in 公示.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicityEntry {
    pub id: String,
    /// At most [`TITLE_MAX_CHARS`] characters.
    pub title: String,
    /// The organisation's name (its id when it is not among the
    /// organisations).
    pub org: String,
    /// Always [`PeriodStatus::Open`].
    pub status: PeriodStatus,
}

/// One of the newest items.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LatestEntry {
    pub id: String,
    /// At most [`TITLE_MAX_CHARS`] characters.
    pub title: String,
    pub org: String,
    /// The China date it was published.
    pub published_on: Date,
    /// Its publicity period's status, when it has one.
    pub status: Option<PeriodStatus>,
}

/// A slide of the attract loop.
#[derive(Clone, Debug, PartialEq)]
pub enum Slide {
    /// Notices in 公示: `page` (from 1) of `pages`.
    Publicity {
        entries: Vec<PublicityEntry>,
        page: usize,
        pages: usize,
    },
    /// The newest items; `none_in_publicity` when no notice is in 公示.
    Latest {
        entries: Vec<LatestEntry>,
        none_in_publicity: bool,
    },
    /// The hotline and the contacts in their groups.
    Contacts {
        hotline: Option<String>,
        groups: Vec<(ContactGroup, Vec<Contact>)>,
    },
    /// A QR code to the site at `url`.
    Site { url: String },
}

/// The slides at `now`, from the site (`None` while it loads or when it
/// cannot be had), the organisations (for their names), every public item,
/// the working-day calendar and the site's URL (for the QR code).
pub fn attract_slides(
    site: Option<&Site>,
    orgs: &[Organisation],
    items: &[Item],
    now: OffsetDateTime,
    cal: &WorkCalendar,
    site_url: &str,
) -> Vec<Slide> {
    let current: Vec<&Item> = items
        .iter()
        .filter(|item| item.superseded_by.is_none() && item.is_public())
        .collect();
    let org_name = |id: &str| {
        orgs.iter()
            .find(|o| o.id == id)
            .map(|o| o.name.clone())
            .unwrap_or_else(|| id.to_owned())
    };
    let mut slides = Vec::new();

    // 1. In 公示, the one ending first at the top.
    let mut open: Vec<(&Item, PeriodStatus)> = current
        .iter()
        .filter_map(|item| match item_status(item, now, cal) {
            Some(status @ PeriodStatus::Open { .. }) => Some((*item, status)),
            _ => None,
        })
        .collect();
    open.sort_by(|(a, _), (b, _)| {
        let end = |i: &Item| i.publicity.as_ref().map(|p| p.end);
        end(a)
            .cmp(&end(b))
            .then_with(|| b.published_at.cmp(&a.published_at))
            .then_with(|| a.id.cmp(&b.id))
    });
    let pages = open.len().div_ceil(PUBLICITY_PER_SLIDE);
    for (i, chunk) in open.chunks(PUBLICITY_PER_SLIDE).enumerate() {
        slides.push(Slide::Publicity {
            entries: chunk
                .iter()
                .map(|(item, status)| PublicityEntry {
                    id: item.id.clone(),
                    title: shorten(&item.title, TITLE_MAX_CHARS),
                    org: org_name(&item.org),
                    status: *status,
                })
                .collect(),
            page: i + 1,
            pages,
        });
    }

    // 2. The newest items.
    let mut newest = current;
    newest.sort_by(|a, b| {
        b.published_at
            .cmp(&a.published_at)
            .then_with(|| a.id.cmp(&b.id))
    });
    let latest: Vec<LatestEntry> = newest
        .iter()
        .take(LATEST_COUNT)
        .map(|item| LatestEntry {
            id: item.id.clone(),
            title: shorten(&item.title, TITLE_MAX_CHARS),
            org: org_name(&item.org),
            published_on: china_date(item.published_at),
            status: item_status(item, now, cal),
        })
        .collect();
    if !latest.is_empty() {
        slides.push(Slide::Latest {
            entries: latest,
            none_in_publicity: open.is_empty(),
        });
    }

    // 3. Hotline and contacts.
    if let Some(site) = site {
        let hotline = site
            .hotline
            .as_deref()
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .map(str::to_owned);
        let groups = group_contacts(&site.contacts);
        if hotline.is_some() || !groups.is_empty() {
            slides.push(Slide::Contacts { hotline, groups });
        }
    }

    // 4. The site.
    slides.push(Slide::Site {
        url: site_url.to_owned(),
    });
    slides
}

/// `text` trimmed, cut to at most `max` characters, the last of them "…"
/// when it was longer (`watchdog::truncate_chars`, with no space left
/// before the "…").
pub fn shorten(text: &str, max: usize) -> String {
    let text = text.trim();
    let cut = truncate_chars(text, max);
    if cut == text {
        return cut;
    }
    // No space before the "…".
    match cut.strip_suffix('…') {
        Some(head) => format!("{}…", head.trim_end()),
        None => cut,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Audience, OrgKind};
    use crate::domain::test_support::{item, publicity};
    use time::macros::{date, datetime};

    const URL: &str = "https://dangwu.example.cn/";

    /// Monday 30 November 2026, 10:00 in Beijing.
    const NOW: OffsetDateTime = datetime!(2026-11-30 10:00 +8);

    fn cal() -> WorkCalendar {
        WorkCalendar::builtin()
    }

    fn site(hotline: Option<&str>, contacts: Vec<Contact>) -> Site {
        Site {
            title: "青溪镇党务公开".into(),
            subtitle: None,
            root_org: "org-1".into(),
            hotline: hotline.map(Into::into),
            contacts,
            catalogue: vec![],
            languages: vec![],
            feedback: None,
            kiosk_heartbeat: None,
            search: None,
        }
    }

    fn contact(name: &str, role: &str) -> Contact {
        Contact {
            name: name.into(),
            role: Some(role.into()),
            phone: Some("0571-86121101".into()),
            ..Contact::default()
        }
    }

    fn org(id: &str, name: &str) -> Organisation {
        Organisation {
            id: id.into(),
            name: name.into(),
            short_name: None,
            kind: OrgKind::Branch,
            parent: None,
            description: None,
            contacts: vec![],
        }
    }

    /// An item published `days_ago` days before NOW.
    fn published(id: &str, days_ago: i64) -> Item {
        item(id, "cat", NOW - time::Duration::days(days_ago))
    }

    /// An item in 公示 from last Friday until `end`.
    fn in_publicity(id: &str, end: OffsetDateTime) -> Item {
        let mut it = published(id, 3);
        it.publicity = Some(publicity(datetime!(2026-11-27 09:00 +8), end));
        it
    }

    fn kinds(slides: &[Slide]) -> Vec<&'static str> {
        slides
            .iter()
            .map(|s| match s {
                Slide::Publicity { .. } => "publicity",
                Slide::Latest { .. } => "latest",
                Slide::Contacts { .. } => "contacts",
                Slide::Site { .. } => "site",
            })
            .collect()
    }

    fn publicity_ids(slide: &Slide) -> Vec<&str> {
        match slide {
            Slide::Publicity { entries, .. } => entries.iter().map(|e| e.id.as_str()).collect(),
            other => panic!("not a publicity slide: {other:?}"),
        }
    }

    #[test]
    fn nothing_loaded_still_shows_the_site() {
        let slides = attract_slides(None, &[], &[], NOW, &cal(), URL);
        assert_eq!(slides, [Slide::Site { url: URL.into() }]);
    }

    #[test]
    fn every_kind_of_slide_in_order() {
        let items = [
            in_publicity("cadre", datetime!(2026-12-04 17:30 +8)),
            published("dues", 10),
        ];
        let s = site(
            Some("0571-12345678"),
            vec![contact("周某某", "党务公开监督员")],
        );
        let orgs = [org("org-1", "青溪村党支部")];
        let slides = attract_slides(Some(&s), &orgs, &items, NOW, &cal(), URL);
        assert_eq!(kinds(&slides), ["publicity", "latest", "contacts", "site"]);
        match &slides[0] {
            Slide::Publicity {
                entries,
                page,
                pages,
            } => {
                assert_eq!((*page, *pages), (1, 1));
                assert_eq!(entries[0].org, "青溪村党支部");
                // Monday to Friday 4 December: five working days, today too.
                assert_eq!(
                    entries[0].status,
                    PeriodStatus::Open {
                        ends_on: date!(2026 - 12 - 04),
                        remaining_working_days: 5,
                        counts_today: true,
                        last_day: false,
                    }
                );
            }
            other => panic!("{other:?}"),
        }
        match &slides[2] {
            Slide::Contacts { hotline, groups } => {
                assert_eq!(hotline.as_deref(), Some("0571-12345678"));
                assert_eq!(groups.len(), 1);
                assert_eq!(groups[0].0, ContactGroup::Supervisor);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(slides[3], Slide::Site { url: URL.into() });
    }

    #[test]
    fn the_notice_ending_first_comes_first_four_to_a_slide() {
        let ends = [
            ("d", datetime!(2026-12-08 18:00 +8)),
            ("a", datetime!(2026-11-30 17:00 +8)), // last day, today
            ("f", datetime!(2026-12-11 18:00 +8)),
            ("c", datetime!(2026-12-02 18:00 +8)),
            ("b", datetime!(2026-12-01 18:00 +8)),
            ("e", datetime!(2026-12-09 18:00 +8)),
        ];
        let items: Vec<Item> = ends
            .iter()
            .map(|(id, end)| in_publicity(id, *end))
            .collect();
        let slides = attract_slides(None, &[], &items, NOW, &cal(), URL);
        assert_eq!(kinds(&slides), ["publicity", "publicity", "latest", "site"]);
        assert_eq!(publicity_ids(&slides[0]), ["a", "b", "c", "d"]);
        assert_eq!(publicity_ids(&slides[1]), ["e", "f"]);
        match (&slides[0], &slides[1]) {
            (
                Slide::Publicity {
                    page: 1, pages: 2, ..
                },
                Slide::Publicity {
                    page: 2, pages: 2, ..
                },
            ) => {}
            other => panic!("{other:?}"),
        }
        match &slides[0] {
            Slide::Publicity { entries, .. } => assert!(matches!(
                entries[0].status,
                PeriodStatus::Open { last_day: true, .. }
            )),
            _ => unreachable!(),
        }
    }

    #[test]
    fn exactly_four_notices_make_one_slide() {
        let items: Vec<Item> = (0..4)
            .map(|i| in_publicity(&format!("n{i}"), datetime!(2026-12-04 18:00 +8)))
            .collect();
        let slides = attract_slides(None, &[], &items, NOW, &cal(), URL);
        assert_eq!(kinds(&slides), ["publicity", "latest", "site"]);
        // Same end: the newer first, then by id.
        assert_eq!(publicity_ids(&slides[0]), ["n0", "n1", "n2", "n3"]);
    }

    #[test]
    fn only_notices_in_publicity_now_count() {
        let mut upcoming = published("upcoming", 1);
        upcoming.publicity = Some(publicity(
            datetime!(2026-12-02 09:00 +8),
            datetime!(2026-12-09 18:00 +8),
        ));
        let mut ended = published("ended", 10);
        ended.publicity = Some(publicity(
            datetime!(2026-11-20 09:00 +8),
            datetime!(2026-11-27 18:00 +8),
        ));
        // Its last second is now: still in 公示.
        let mut last_second = published("last-second", 5);
        last_second.publicity = Some(publicity(datetime!(2026-11-25 09:00 +8), NOW));
        // End before start: invalid, no status at all.
        let mut invalid = published("invalid", 5);
        invalid.publicity = Some(publicity(
            datetime!(2026-12-09 18:00 +8),
            datetime!(2026-11-25 09:00 +8),
        ));
        let items = [upcoming, ended, last_second, invalid];
        let slides = attract_slides(None, &[], &items, NOW, &cal(), URL);
        assert_eq!(publicity_ids(&slides[0]), ["last-second"]);
        // One second later it has ended and nothing is in 公示.
        let later = attract_slides(
            None,
            &[],
            &items,
            NOW + time::Duration::seconds(1),
            &cal(),
            URL,
        );
        assert_eq!(kinds(&later), ["latest", "site"]);
        assert!(matches!(
            later[0],
            Slide::Latest {
                none_in_publicity: true,
                ..
            }
        ));
    }

    #[test]
    fn the_countdown_skips_days_off() {
        // Friday 4 December 2026 at 10:00, a period ending Monday 7: today
        // and Monday.
        let friday = datetime!(2026-12-04 10:00 +8);
        let items = [in_publicity("n", datetime!(2026-12-07 18:00 +8))];
        let slides = attract_slides(None, &[], &items, friday, &cal(), URL);
        match &slides[0] {
            Slide::Publicity { entries, .. } => assert_eq!(
                entries[0].status,
                PeriodStatus::Open {
                    ends_on: date!(2026 - 12 - 07),
                    remaining_working_days: 2,
                    counts_today: true,
                    last_day: false,
                }
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_six_newest_items_newest_first() {
        let items: Vec<Item> = [5, 1, 9, 3, 7, 2, 8, 4]
            .iter()
            .map(|&days| published(&format!("i{days}"), days))
            .collect();
        let slides = attract_slides(None, &[], &items, NOW, &cal(), URL);
        match &slides[0] {
            Slide::Latest {
                entries,
                none_in_publicity,
            } => {
                let ids: Vec<&str> = entries.iter().map(|e| e.id.as_str()).collect();
                assert_eq!(ids, ["i1", "i2", "i3", "i4", "i5", "i7"]);
                assert!(*none_in_publicity);
                assert_eq!(entries[0].published_on, date!(2026 - 11 - 29));
                assert_eq!(entries[0].status, None);
                // No organisations loaded: the id stands in.
                assert_eq!(entries[0].org, "org-1");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_latest_slide_says_when_something_is_in_publicity() {
        let items = [in_publicity("n", datetime!(2026-12-04 18:00 +8))];
        let slides = attract_slides(None, &[], &items, NOW, &cal(), URL);
        match &slides[1] {
            Slide::Latest {
                entries,
                none_in_publicity,
            } => {
                assert!(!none_in_publicity);
                assert!(matches!(entries[0].status, Some(PeriodStatus::Open { .. })));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn replaced_and_non_public_items_are_left_out() {
        let mut old = in_publicity("old", datetime!(2026-12-04 18:00 +8));
        old.superseded_by = Some("new".into());
        let new = in_publicity("new", datetime!(2026-12-04 18:00 +8));
        let mut internal = published("internal", 0);
        internal.audience = Audience::PartyInternal;
        let slides = attract_slides(None, &[], &[old, new, internal], NOW, &cal(), URL);
        assert_eq!(publicity_ids(&slides[0]), ["new"]);
        match &slides[1] {
            Slide::Latest { entries, .. } => {
                let ids: Vec<&str> = entries.iter().map(|e| e.id.as_str()).collect();
                assert_eq!(ids, ["new"]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn no_hotline_and_no_contacts_no_contacts_slide() {
        let bare = site(Some("   "), vec![]);
        let slides = attract_slides(Some(&bare), &[], &[], NOW, &cal(), URL);
        assert_eq!(kinds(&slides), ["site"]);
        let hotline_only = site(Some(" 12388 "), vec![]);
        let slides = attract_slides(Some(&hotline_only), &[], &[], NOW, &cal(), URL);
        assert_eq!(
            slides[0],
            Slide::Contacts {
                hotline: Some("12388".into()),
                groups: vec![]
            }
        );
    }

    #[test]
    fn contacts_come_in_their_groups() {
        let s = site(
            None,
            vec![
                contact("镇纪委", "监督举报"),
                contact("周某某", "党务公开监督员"),
                contact("镇党建工作办公室", "党务公开工作机构"),
            ],
        );
        let slides = attract_slides(Some(&s), &[], &[], NOW, &cal(), URL);
        match &slides[0] {
            Slide::Contacts { hotline, groups } => {
                assert_eq!(*hotline, None);
                let order: Vec<ContactGroup> = groups.iter().map(|(g, _)| *g).collect();
                assert_eq!(
                    order,
                    [
                        ContactGroup::Office,
                        ContactGroup::Supervisor,
                        ContactGroup::Discipline
                    ]
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn long_titles_are_cut() {
        let mut long = published("long", 0);
        long.title = "长".repeat(20_000);
        let slides = attract_slides(None, &[], &[long], NOW, &cal(), URL);
        match &slides[0] {
            Slide::Latest { entries, .. } => {
                assert_eq!(entries[0].title.chars().count(), TITLE_MAX_CHARS);
                assert!(entries[0].title.ends_with('…'));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn shorten_keeps_short_text_and_trims() {
        assert_eq!(shorten("  公示  ", 10), "公示");
        assert_eq!(shorten("一二三四五", 5), "一二三四五");
        assert_eq!(shorten("一二三四五六", 5), "一二三四…");
        assert_eq!(shorten("ab  cdef", 4), "ab…");
        assert_eq!(shorten("", 5), "");
    }
}
