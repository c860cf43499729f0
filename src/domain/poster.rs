//! The printed notice (a poster for the physical 公开栏): what its QR code
//! points at, how it tells residents to object, and the code itself.
//!
//! A paper copy hangs for the whole 公示, so a notice whose period has not
//! ended (upcoming or open) is printed as a 公示: its QR code opens the
//! objection form and it says how to object. Any other item's code opens the
//! item online.

use qrcodegen::{QrCode, QrCodeEcc};
use time::OffsetDateTime;

use super::calendar::WorkCalendar;
use super::period::{item_status, PeriodStatus};
use crate::api::Item;

/// Where the printed QR code leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QrTarget {
    /// The item's page.
    Item,
    /// The feedback form with kind 异议 for this item.
    ObjectionForm,
}

/// How the poster tells residents to object during the 公示.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ObjectionChannel {
    /// Scan the code for the form, or call the hotline.
    FormOrHotline,
    /// Scan the code for the form.
    Form,
    /// Call the hotline.
    Hotline,
    /// Neither is offered: contact the publishing organisation.
    Organisation,
}

/// What the printed notice of one item offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PosterPlan {
    pub qr: QrTarget,
    /// `Some` for a notice in (or before) its 公示.
    pub objection: Option<ObjectionChannel>,
}

/// The plan for `item` printed at `now`: `objection_form` says whether the
/// site takes objections online, `hotline` whether it has a hotline.
pub fn poster_plan(
    item: &Item,
    now: OffsetDateTime,
    cal: &WorkCalendar,
    objection_form: bool,
    hotline: bool,
) -> PosterPlan {
    let in_publicity = matches!(
        item_status(item, now, cal),
        Some(PeriodStatus::Upcoming { .. } | PeriodStatus::Open { .. })
    );
    if !in_publicity {
        return PosterPlan {
            qr: QrTarget::Item,
            objection: None,
        };
    }
    let channel = match (objection_form, hotline) {
        (true, true) => ObjectionChannel::FormOrHotline,
        (true, false) => ObjectionChannel::Form,
        (false, true) => ObjectionChannel::Hotline,
        (false, false) => ObjectionChannel::Organisation,
    };
    PosterPlan {
        qr: match objection_form {
            true => QrTarget::ObjectionForm,
            false => QrTarget::Item,
        },
        objection: Some(channel),
    }
}

/// Whether a body already ends with its own 落款, as many notices are
/// written: one of the organisation's `names`, then nothing but a date
/// (`2026年11月26日`, `二〇二六年十一月二十六日`) or nothing at all. The
/// printed notice then signs with that paragraph instead of adding a second.
pub fn body_signed(body_html: &str, names: &[&str]) -> bool {
    let text: String = strip_tags(body_html)
        .replace("&nbsp;", "")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    names
        .iter()
        .filter(|n| !n.trim().is_empty())
        .filter_map(|name| {
            text.rfind(name.trim())
                .map(|at| &text[at + name.trim().len()..])
        })
        .any(|rest| rest.is_empty() || is_chinese_date(rest))
}

fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// `2026年11月26日`, or with Chinese numerals.
fn is_chinese_date(s: &str) -> bool {
    s.ends_with('日')
        && s.contains('年')
        && s.contains('月')
        && s.chars()
            .all(|c| c.is_ascii_digit() || "年月日〇零一二三四五六七八九十".contains(c))
}

/// A QR code drawn as one SVG path, in module units.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QrSvg {
    /// Width and height of the `viewBox`, the quiet zone included.
    pub size: u32,
    /// The dark modules: one `M x y h n v1 h -n z` rectangle per run.
    pub path: String,
}

/// The quiet zone around the code, in modules (the standard asks for 4).
const QUIET: i32 = 4;

/// `text` as a QR code (error correction M, about 15 % of the code may be
/// damaged or dirty on a board outdoors); `None` if it is too long for any
/// QR code. In byte mode, which a URL with lower-case letters needs anyway:
/// `encode_text`'s choice of mode costs 0.5 KB gzip of wasm for nothing here.
pub fn qr_svg(text: &str) -> Option<QrSvg> {
    let code = QrCode::encode_binary(text.as_bytes(), QrCodeEcc::Medium).ok()?;
    let n = code.size();
    let mut path = String::new();
    for y in 0..n {
        let mut x = 0;
        while x < n {
            if !code.get_module(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < n && code.get_module(x, y) {
                x += 1;
            }
            let run = x - start;
            path.push_str(&format!("M{} {}h{run}v1h-{run}z", start + QUIET, y + QUIET));
        }
    }
    Some(QrSvg {
        size: (n + 2 * QUIET) as u32,
        path,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::test_support::{item, publicity};
    use time::macros::datetime;

    fn cadre() -> Item {
        let mut it = item("cadre", "cadre", datetime!(2026-11-27 09:00 +8));
        it.publicity = Some(publicity(
            datetime!(2026-11-27 00:00 +8),
            datetime!(2026-12-03 23:59:59 +8),
        ));
        it
    }

    #[test]
    fn a_notice_in_its_publicity_points_at_the_objection_form() {
        let cal = WorkCalendar::builtin();
        let now = datetime!(2026-11-30 10:00 +8);
        assert_eq!(
            poster_plan(&cadre(), now, &cal, true, true),
            PosterPlan {
                qr: QrTarget::ObjectionForm,
                objection: Some(ObjectionChannel::FormOrHotline),
            }
        );
        assert_eq!(
            poster_plan(&cadre(), now, &cal, true, false).objection,
            Some(ObjectionChannel::Form)
        );
    }

    #[test]
    fn the_last_second_of_the_period_is_still_publicity() {
        let cal = WorkCalendar::builtin();
        let plan = poster_plan(
            &cadre(),
            datetime!(2026-12-03 23:59:59 +8),
            &cal,
            true,
            true,
        );
        assert_eq!(plan.qr, QrTarget::ObjectionForm);
        let after = poster_plan(&cadre(), datetime!(2026-12-04 00:00 +8), &cal, true, true);
        assert_eq!(
            after,
            PosterPlan {
                qr: QrTarget::Item,
                objection: None
            }
        );
    }

    #[test]
    fn a_notice_printed_before_its_period_is_a_publicity_poster() {
        let cal = WorkCalendar::builtin();
        let plan = poster_plan(&cadre(), datetime!(2026-11-26 17:00 +8), &cal, true, true);
        assert_eq!(plan.qr, QrTarget::ObjectionForm);
    }

    #[test]
    fn without_the_online_form_the_code_opens_the_item_and_the_poster_gives_the_phone() {
        let cal = WorkCalendar::builtin();
        let now = datetime!(2026-11-30 10:00 +8);
        assert_eq!(
            poster_plan(&cadre(), now, &cal, false, true),
            PosterPlan {
                qr: QrTarget::Item,
                objection: Some(ObjectionChannel::Hotline),
            }
        );
        assert_eq!(
            poster_plan(&cadre(), now, &cal, false, false).objection,
            Some(ObjectionChannel::Organisation)
        );
    }

    #[test]
    fn items_without_a_valid_period_point_at_themselves() {
        let cal = WorkCalendar::builtin();
        let now = datetime!(2026-11-30 10:00 +8);
        let plain = item("plain", "dues", datetime!(2026-11-02 09:00 +8));
        assert_eq!(
            poster_plan(&plain, now, &cal, true, true),
            PosterPlan {
                qr: QrTarget::Item,
                objection: None
            }
        );
        let mut reversed = cadre();
        reversed.publicity = Some(publicity(
            datetime!(2026-12-03 00:00 +8),
            datetime!(2026-11-27 00:00 +8),
        ));
        assert_eq!(
            poster_plan(&reversed, now, &cal, true, true).objection,
            None
        );
    }

    #[test]
    fn a_body_that_ends_with_its_own_signature_is_signed() {
        let names = ["中共青溪镇委员会", "镇党委"];
        let body = "<p>现予以公示。</p>\n<p>中共青溪镇委员会<br>2026年11月26日</p>";
        assert!(body_signed(body, &names));
        assert!(body_signed(
            "<p>……</p><p>镇党委</p><p>二〇二六年十一月二十六日</p>",
            &names
        ));
        assert!(body_signed(
            "<p>……</p><p style='x'>中共青溪镇委员会&nbsp;</p>",
            &names
        ));
        // Named in the text, but the text goes on: not a signature.
        assert!(!body_signed(
            "<p>中共青溪镇委员会2026年11月26日研究决定如下。</p>",
            &names
        ));
        assert!(!body_signed("<p>经中共青溪镇委员会研究。</p>", &names));
        assert!(!body_signed("", &names));
        assert!(!body_signed("<p>x</p>", &["", "  "]));
    }

    /// Reads the path back into a grid of dark modules.
    fn modules(svg: &QrSvg) -> Vec<Vec<bool>> {
        let n = svg.size as usize;
        let mut grid = vec![vec![false; n]; n];
        for rect in svg.path.split('z').filter(|r| !r.is_empty()) {
            let rest = rect.strip_prefix('M').unwrap();
            let (x, rest) = rest.split_once(' ').unwrap();
            let (y, rest) = rest.split_once('h').unwrap();
            let (run, rest) = rest.split_once("v1h-").unwrap();
            assert_eq!(run, rest, "each rectangle closes on itself");
            let (x, y, run): (usize, usize, usize) =
                (x.parse().unwrap(), y.parse().unwrap(), run.parse().unwrap());
            for cell in &mut grid[y][x..x + run] {
                assert!(!*cell, "rectangles do not overlap");
                *cell = true;
            }
        }
        grid
    }

    #[test]
    fn the_svg_path_draws_exactly_the_dark_modules_inside_a_quiet_zone() {
        let url = "https://dwgk.example.gov.cn/feedback?org=qingxi-committee&item=cadre-preappoint-zhou&kind=objection";
        let svg = qr_svg(url).unwrap();
        let code = QrCode::encode_binary(url.as_bytes(), QrCodeEcc::Medium).unwrap();
        assert_eq!(svg.size as i32, code.size() + 8);
        let grid = modules(&svg);
        for (y, row) in grid.iter().enumerate() {
            for (x, &dark) in row.iter().enumerate() {
                let (cx, cy) = (x as i32 - QUIET, y as i32 - QUIET);
                let expected = (0..code.size()).contains(&cx)
                    && (0..code.size()).contains(&cy)
                    && code.get_module(cx, cy);
                assert_eq!(dark, expected, "module ({cx}, {cy})");
            }
        }
        // Finder pattern: the top-left 7×7 square has a dark border.
        assert!(grid[4][4..11].iter().all(|&d| d));
    }

    #[test]
    fn a_text_too_long_for_any_qr_code_gives_none() {
        assert!(qr_svg(&"x".repeat(3000)).is_none());
        assert!(qr_svg("https://a.example/").is_some());
    }
}
