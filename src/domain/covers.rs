//! The period a regular report covers (所属期): `kind.covers` as the contract
//! writes it — `2026-10` (a month), `2026-Q3` (a quarter), `2026-H2` (a
//! half-year), `2026` (a year) — read into the months it spans.
//!
//! A 2026年第三季度 report is published in October: what it covers, not when
//! it appeared, is what a resident means by "第三季度的党费".

/// The months of one year a regular report covers, `first..=last` (1 to 12).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Covered {
    pub year: i32,
    pub span: Span,
}

/// Which part of the year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Span {
    Month(u8),
    Quarter(u8),
    /// 1 = 上半年, 2 = 下半年.
    Half(u8),
    Year,
}

impl Covered {
    /// Reads `covers`; `None` for anything that is not one of the four forms
    /// (the period is then unknown, and the publication date stands in).
    pub fn parse(covers: &str) -> Option<Covered> {
        let s = covers.trim();
        let (year, rest) = match s.split_once('-') {
            Some((y, r)) => (y, Some(r)),
            None => (s, None),
        };
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let year: i32 = year.parse().ok()?;
        let number = |r: &str| {
            (!r.is_empty() && r.len() <= 2 && r.bytes().all(|b| b.is_ascii_digit()))
                .then(|| r.parse::<u8>().ok())
                .flatten()
        };
        let span = match rest {
            None => Span::Year,
            Some(r) => match r.as_bytes().first().map(u8::to_ascii_uppercase) {
                Some(b'Q') => Span::Quarter(number(&r[1..]).filter(|q| (1..=4).contains(q))?),
                Some(b'H') => Span::Half(number(&r[1..]).filter(|h| (1..=2).contains(h))?),
                _ => Span::Month(number(r).filter(|m| (1..=12).contains(m))?),
            },
        };
        Some(Covered { year, span })
    }

    /// The first and last month covered.
    pub fn months(&self) -> (u8, u8) {
        match self.span {
            Span::Month(m) => (m, m),
            Span::Quarter(q) => (q * 3 - 2, q * 3),
            Span::Half(h) => (h * 6 - 5, h * 6),
            Span::Year => (1, 12),
        }
    }

    /// Whether any of quarter `q` (1 to 4) is covered: a half-year covers
    /// two quarters, a year all four.
    pub fn touches_quarter(&self, q: u8) -> bool {
        let (first, last) = self.months();
        let (q_first, q_last) = (q * 3 - 2, q * 3);
        first <= q_last && q_first <= last
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quarters(covers: &str) -> Vec<u8> {
        let c = Covered::parse(covers).unwrap();
        (1..=4).filter(|&q| c.touches_quarter(q)).collect()
    }

    #[test]
    fn reads_the_four_forms() {
        assert_eq!(
            Covered::parse("2026-10"),
            Some(Covered {
                year: 2026,
                span: Span::Month(10)
            })
        );
        assert_eq!(
            Covered::parse("2026-q3").map(|c| c.span),
            Some(Span::Quarter(3))
        );
        assert_eq!(
            Covered::parse(" 2025-H2 ").map(|c| c.span),
            Some(Span::Half(2))
        );
        assert_eq!(Covered::parse("2026").map(|c| c.span), Some(Span::Year));
        assert_eq!(
            Covered::parse("2026-01").map(|c| c.span),
            Some(Span::Month(1))
        );
        for bad in [
            "",
            "第三季度",
            "2026-13",
            "2026-00",
            "2026-Q5",
            "2026-Q0",
            "2026-H3",
            "26-Q1",
            "2026-Q",
            "2026-",
            "2026-Q1x",
            "２０２６-Q1",
            "2026-+1",
            "2026-001",
        ] {
            assert_eq!(Covered::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn month_quarter_half_and_year_map_to_quarters() {
        assert_eq!(quarters("2026-01"), [1]);
        assert_eq!(quarters("2026-03"), [1]);
        assert_eq!(quarters("2026-04"), [2]);
        assert_eq!(quarters("2026-09"), [3]);
        assert_eq!(quarters("2026-12"), [4]);
        assert_eq!(quarters("2026-Q2"), [2]);
        assert_eq!(quarters("2026-Q3"), [3]);
        assert_eq!(quarters("2026-H1"), [1, 2]);
        assert_eq!(quarters("2026-H2"), [3, 4]);
        assert_eq!(quarters("2026"), [1, 2, 3, 4]);
        assert_eq!(Covered::parse("2026-H2").unwrap().months(), (7, 12));
    }
}
