//! Typed query parameters: the board's filters (`?category=…&q=…`), the
//! replies board's (`?kind=…&status=…`) and the feedback form's
//! (`?org=…&item=…&kind=…`). What each filter means is domain's
//! ([`Filters`], [`ReplyFilters`]); how it is written in a URL is here, in
//! both directions, so a link built by one page reads back unchanged on
//! another. Pure, tested natively.

use crate::api::{FeedbackKind, FeedbackStatus};
use crate::domain::filters::{Filters, KindFilter, StatusFilter};
use crate::domain::replies::ReplyFilters;

/// Years a board may be filtered by; anything else in the URL is ignored.
const YEARS: std::ops::RangeInclusive<i32> = 1921..=9999;

impl Filters {
    /// The URL query keys, in the order [`Filters::to_query`] writes them.
    pub const KEYS: [&'static str; 8] = [
        "category", "kind", "status", "year", "quarter", "q", "sub", "page",
    ];

    /// Reads the filters from the URL query; `get` returns a key's value.
    /// Values that make no sense (`quarter=9`, `year=abc`, `kind=xyz`, an
    /// empty category) are ignored.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Self {
        let trimmed = |key: &str| get(key).map(|v| v.trim().to_owned());
        Self {
            category: get("category").filter(|c| !c.trim().is_empty()),
            kind: trimmed("kind").and_then(|v| KindFilter::parse(&v)),
            status: trimmed("status").and_then(|v| StatusFilter::parse(&v)),
            year: trimmed("year")
                .and_then(|v| v.parse().ok())
                .filter(|y| YEARS.contains(y)),
            quarter: trimmed("quarter")
                .and_then(|v| v.parse().ok())
                .filter(|q| (1..=4).contains(q)),
            query: get("q").unwrap_or_default(),
            sub: trimmed("sub").and_then(|v| match v.as_str() {
                "1" => Some(true),
                "0" => Some(false),
                _ => None,
            }),
            page: trimmed("page")
                .and_then(|v| v.parse::<u32>().ok())
                .filter(|&n| n > 1),
        }
    }

    /// The filters as URL query pairs: only those set, in [`Filters::KEYS`]
    /// order. `Filters::from_query` reads them back unchanged.
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if let Some(category) = &self.category {
            pairs.push(("category", category.clone()));
        }
        if let Some(kind) = self.kind {
            pairs.push(("kind", kind.as_str().to_owned()));
        }
        if let Some(status) = self.status {
            pairs.push(("status", status.as_str().to_owned()));
        }
        if let Some(year) = self.year {
            pairs.push(("year", year.to_string()));
        }
        if let Some(quarter) = self.quarter {
            pairs.push(("quarter", quarter.to_string()));
        }
        if !self.query.is_empty() {
            pairs.push(("q", self.query.clone()));
        }
        if let Some(sub) = self.sub {
            pairs.push(("sub", if sub { "1" } else { "0" }.to_owned()));
        }
        if let Some(page) = self.page.filter(|&n| n > 1) {
            pairs.push(("page", page.to_string()));
        }
        pairs
    }

    /// The value one query key has in [`Filters::to_query`] (`""` when
    /// unset): what the filter bar's field for it shows.
    pub fn query_value(&self, key: &str) -> String {
        self.to_query()
            .into_iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v)
            .unwrap_or_default()
    }

    /// The filters as a percent-encoded query string, `?` included, or an
    /// empty string when no filter is set: ready to append to a path.
    pub fn query_string(&self) -> String {
        let pairs = self.to_query();
        let joined: Vec<String> = pairs
            .iter()
            .map(|(key, value)| format!("{key}={}", percent_encode(value)))
            .collect();
        match joined.is_empty() {
            true => String::new(),
            false => format!("?{}", joined.join("&")),
        }
    }
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
}

/// The feedback form's query: the organisation addressed, perhaps one of its
/// items, perhaps the kind chosen (the item page's 提出异议). Values are
/// trimmed; an empty one counts as absent, an unknown kind too.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FeedbackQuery {
    pub org: Option<String>,
    pub item: Option<String>,
    pub kind: Option<FeedbackKind>,
}

impl FeedbackQuery {
    /// The URL query keys, in the order [`FeedbackQuery::query_string`]
    /// writes them.
    pub const KEYS: [&'static str; 3] = ["org", "item", "kind"];

    pub fn new(org: &str, item: Option<&str>, kind: Option<FeedbackKind>) -> Self {
        Self {
            org: Some(org.to_owned()),
            item: item.map(str::to_owned),
            kind,
        }
    }

    /// Reads the query; `get` returns a key's value.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Self {
        Self {
            org: Self::read(&get, "org"),
            item: Self::read(&get, "item"),
            kind: Self::read(&get, "kind").and_then(|k| FeedbackKind::parse(&k)),
        }
    }

    /// One key's value, trimmed; `None` when absent or blank.
    pub fn read(get: impl Fn(&str) -> Option<String>, key: &str) -> Option<String> {
        get(key)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    }

    /// The query string, `?` included (values as `encodeURIComponent` writes
    /// them), or `""` when nothing is set.
    pub fn query_string(&self) -> String {
        let mut out = String::new();
        let kind = self.kind.map(FeedbackKind::as_str);
        for (key, value) in
            Self::KEYS
                .into_iter()
                .zip([self.org.as_deref(), self.item.as_deref(), kind])
        {
            if let Some(value) = value {
                out.push(if out.is_empty() { '?' } else { '&' });
                out.push_str(key);
                out.push('=');
                out.push_str(&super::encode_component(value));
            }
        }
        out
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(b as char)
            }
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from_pairs(pairs: &[(&str, &str)]) -> Filters {
        Filters::from_query(|key| {
            pairs
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| (*v).to_owned())
        })
    }

    fn replies_from_pairs(pairs: &[(&str, &str)]) -> ReplyFilters {
        ReplyFilters::from_query(|key| {
            pairs
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| (*v).to_owned())
        })
    }

    #[test]
    fn reads_every_filter() {
        let f = from_pairs(&[
            ("category", "finance"),
            ("kind", "ad_hoc"),
            ("status", "open"),
            ("year", "2026"),
            ("quarter", "1"),
            ("q", "党费 公示"),
        ]);
        assert_eq!(
            f,
            Filters {
                category: Some("finance".into()),
                kind: Some(KindFilter::AdHoc),
                status: Some(StatusFilter::Open),
                year: Some(2026),
                quarter: Some(1),
                query: "党费 公示".into(),
                sub: None,
                page: None,
            }
        );
        assert_eq!(from_pairs(&[("sub", "0")]).sub, Some(false));
        assert_eq!(from_pairs(&[("sub", " 1")]).sub, Some(true));
        assert_eq!(from_pairs(&[("sub", "yes")]).sub, None);
        assert!(
            from_pairs(&[("sub", "0")]).is_empty(),
            "含下级组织 is what the board holds, not a filter"
        );
        assert!(!f.is_empty());
    }

    #[test]
    fn invalid_values_are_ignored() {
        let f = from_pairs(&[
            ("category", "  "),
            ("kind", "xyz"),
            ("status", "OPEN"),
            ("year", "abc"),
            ("quarter", "9"),
        ]);
        assert_eq!(f, Filters::default());
        assert!(f.is_empty());
        for (year, quarter) in [
            ("-1", "0"),
            ("99999999999", "-1"),
            ("20 26", "1.5"),
            ("", "256"),
            ("1900", ""),
        ] {
            let f = from_pairs(&[("year", year), ("quarter", quarter)]);
            assert_eq!((f.year, f.quarter), (None, None), "{year:?} {quarter:?}");
        }
        assert_eq!(
            from_pairs(&[("year", " 2025 "), ("quarter", "4")]).year,
            Some(2025)
        );
        assert!(
            from_pairs(&[("q", "  ")]).is_empty(),
            "a blank search filters nothing"
        );
    }

    #[test]
    fn the_page_is_two_or_more_or_absent() {
        for (value, page) in [
            ("3", Some(3)),
            (" 12 ", Some(12)),
            ("1", None),
            ("0", None),
            ("-2", None),
            ("x", None),
            ("", None),
            ("99999999999", None),
        ] {
            assert_eq!(from_pairs(&[("page", value)]).page, page, "{value:?}");
        }
        let f = from_pairs(&[("q", "党费"), ("page", "2")]);
        assert_eq!(f.query_string(), "?q=%E5%85%9A%E8%B4%B9&page=2");
    }

    #[test]
    fn round_trips_through_the_query() {
        let cases = [
            Filters::default(),
            Filters {
                query: "党费 ".into(),
                ..Filters::default()
            },
            Filters {
                category: Some("cadre".into()),
                quarter: Some(4),
                ..Filters::default()
            },
            Filters {
                category: Some("finance".into()),
                kind: Some(KindFilter::Regular),
                status: Some(StatusFilter::Upcoming),
                year: Some(2025),
                quarter: Some(2),
                query: "Ｑ２ & 100%".into(),
                sub: Some(false),
                page: Some(12),
            },
            Filters {
                sub: Some(true),
                ..Filters::default()
            },
        ];
        for f in cases {
            let pairs = f.to_query();
            let keys: Vec<&str> = pairs.iter().map(|(k, _)| *k).collect();
            let mut in_order = keys.clone();
            in_order.sort_by_key(|k| Filters::KEYS.iter().position(|x| x == k));
            assert_eq!(keys, in_order);
            let back = Filters::from_query(|key| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == key)
                    .map(|(_, v)| v.clone())
            });
            assert_eq!(back, f);
        }
        for kind in KindFilter::ALL {
            assert_eq!(KindFilter::parse(kind.as_str()), Some(kind));
        }
        for status in StatusFilter::ALL {
            assert_eq!(StatusFilter::parse(status.as_str()), Some(status));
        }
    }

    #[test]
    fn query_string() {
        assert_eq!(Filters::default().query_string(), "");
        let f = Filters {
            kind: Some(KindFilter::AdHoc),
            query: "党 a&b".into(),
            ..Filters::default()
        };
        assert_eq!(f.query_string(), "?kind=ad_hoc&q=%E5%85%9A%20a%26b");
    }

    #[test]
    fn unknown_replies_query_values_are_ignored() {
        for pairs in [
            &[("kind", "xyz"), ("status", "CLOSED")][..],
            &[("kind", ""), ("status", "")],
            &[("kind", "Objection"), ("status", "done")],
            &[("category", "finance"), ("q", "党费")],
        ] {
            let f = replies_from_pairs(pairs);
            assert_eq!(f, ReplyFilters::default(), "{pairs:?}");
            assert!(f.is_empty());
        }
        // Surrounding spaces are forgiven, as on the board.
        assert_eq!(
            replies_from_pairs(&[("kind", " inquiry ")]).kind,
            Some(FeedbackKind::Inquiry)
        );
    }

    #[test]
    fn replies_round_trip_through_the_query() {
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
    fn replies_query_string() {
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
    fn the_site_search_as_the_board_reads_it() {
        use crate::api::OrgKind;
        use crate::domain::filters::site_search;
        let committee = site_search("  党费 ", Some(OrgKind::Committee));
        assert_eq!(committee.query_string(), "?q=%E5%85%9A%E8%B4%B9");
        let branch = site_search("党费", Some(OrgKind::Branch));
        assert_eq!(branch.query_string(), "?q=%E5%85%9A%E8%B4%B9&sub=1");
        assert_eq!(
            site_search("   ", Some(OrgKind::Committee)).query_string(),
            ""
        );
        assert_eq!(site_search("a&b", None).query_string(), "?q=a%26b");
        // The board reads back what the home page wrote.
        let f = site_search("三重一大 100%", Some(OrgKind::Branch));
        let pairs = f.to_query();
        let back = Filters::from_query(|k| {
            pairs
                .iter()
                .find(|(key, _)| *key == k)
                .map(|(_, v)| v.clone())
        });
        assert_eq!(back, f);
    }

    #[test]
    fn the_feedback_form_query() {
        let q = FeedbackQuery::new("branch 1", Some("a&b"), Some(FeedbackKind::Objection));
        assert_eq!(
            q.query_string(),
            "?org=branch%201&item=a%26b&kind=objection"
        );
        assert_eq!(
            FeedbackQuery::new("town", None, None).query_string(),
            "?org=town"
        );
        assert_eq!(FeedbackQuery::default().query_string(), "");
        let read = |pairs: &'static [(&'static str, &'static str)]| {
            FeedbackQuery::from_query(|key| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == key)
                    .map(|(_, v)| (*v).to_owned())
            })
        };
        assert_eq!(
            read(&[("org", " town "), ("item", "  "), ("kind", "objection")]),
            FeedbackQuery {
                org: Some("town".into()),
                item: None,
                kind: Some(FeedbackKind::Objection),
            }
        );
        assert_eq!(read(&[]), FeedbackQuery::default());
        assert_eq!(read(&[("kind", "Objection")]).kind, None);
        for kind in FeedbackKind::ALL {
            let q = FeedbackQuery::new("town", None, Some(kind));
            let qs = q.query_string();
            let back = FeedbackQuery::from_query(|key| {
                qs.trim_start_matches('?')
                    .split('&')
                    .filter_map(|pair| pair.split_once('='))
                    .find(|(k, _)| *k == key)
                    .map(|(_, v)| v.to_owned())
            });
            assert_eq!(back, q, "{qs}");
        }
    }
}
