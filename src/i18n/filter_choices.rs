//! The board's filter choices in words, `(value in the URL, label)` each:
//! the app's filter bar (`components::filters_bar`) and the server's first
//! screen of a board offer the same.

use crate::domain::filters::{KindFilter, StatusFilter};
use crate::i18n::quarter_name;
use crate::t;

/// 类型: regular, staged, ad hoc.
pub fn kind_choices() -> Vec<(String, String)> {
    KindFilter::ALL
        .into_iter()
        .map(|k| {
            let label = match k {
                KindFilter::Regular => t!(kind_regular),
                KindFilter::Staged => t!(kind_staged),
                KindFilter::AdHoc => t!(kind_ad_hoc),
            };
            (k.as_str().to_owned(), label.to_owned())
        })
        .collect()
}

/// 状态: the publicity period's.
pub fn status_choices() -> Vec<(String, String)> {
    StatusFilter::ALL
        .into_iter()
        .map(|s| {
            let label = match s {
                StatusFilter::Upcoming => t!(status_upcoming),
                StatusFilter::Open => t!(status_open),
                StatusFilter::Ended => t!(status_ended),
            };
            (s.as_str().to_owned(), label.to_owned())
        })
        .collect()
}

/// 年份: the board's years, newest first, and the one chosen even where no
/// item belongs to it (a shared link may name it: the select would show
/// 全部 while the filter is on).
pub fn year_choices(years: &[i32], chosen: Option<i32>) -> Vec<(String, String)> {
    let mut years = years.to_vec();
    if let Some(y) = chosen.filter(|y| !years.contains(y)) {
        years.push(y);
        years.sort_unstable_by(|a, b| b.cmp(a));
    }
    years
        .into_iter()
        .map(|y| (y.to_string(), t!(year_n, y = y)))
        .collect()
}

/// 季度: the four quarters.
pub fn quarter_choices() -> Vec<(String, String)> {
    (1..=4)
        .map(|q| (q.to_string(), quarter_name(q).to_owned()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_chosen_without_items_is_offered_in_its_place() {
        let values = |c: Vec<(String, String)>| c.into_iter().map(|(v, _)| v).collect::<Vec<_>>();
        assert_eq!(values(year_choices(&[2026, 2024], None)), ["2026", "2024"]);
        assert_eq!(
            values(year_choices(&[2026, 2024], Some(2025))),
            ["2026", "2025", "2024"]
        );
        assert_eq!(values(year_choices(&[2026], Some(2026))), ["2026"]);
        assert_eq!(year_choices(&[2026], None)[0].1, "2026年");
        assert_eq!(values(quarter_choices()), ["1", "2", "3", "4"]);
        assert_eq!(values(kind_choices()), ["regular", "staged", "ad_hoc"]);
        assert_eq!(values(status_choices()), ["upcoming", "open", "ended"]);
    }
}
