//! The words for a refused theme (`domain::theme::Refusal`), for the site's
//! staff in the browser's console.

use crate::domain::theme::{two_places, Refusal, COLOR_NAMES};
use crate::t;

/// Why the theme was not taken, in the current locale.
pub fn theme_refusal_text(refusal: &Refusal) -> String {
    match refusal {
        Refusal::UnknownTheme(name) => t!(theme_unknown, name = name),
        Refusal::BadColor { name, value } => t!(
            theme_bad_color,
            name = name,
            value = value,
            names = COLOR_NAMES.join(t!(enum_separator))
        ),
        Refusal::Contrast(pairs) => {
            let pairs: Vec<String> = pairs
                .iter()
                .map(|(fg, bg, ratio)| {
                    t!(
                        theme_contrast_pair,
                        fg = fg,
                        bg = bg,
                        ratio = two_places(*ratio)
                    )
                })
                .collect();
            t!(theme_contrast, pairs = pairs.join(t!(clause_separator)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::theme::resolve;

    #[test]
    fn a_refusal_names_what_to_change() {
        let refused = resolve(Some("gov-blue"), &[("accent", "#7fb3e6")]).unwrap_err();
        let text = theme_refusal_text(&refused);
        assert!(
            text.starts_with("对比度低于 WCAG AA 的 4.5:1：accent 在 bg 上 "),
            "{text}"
        );
        assert!(text.contains("；white 在 accent 上 "), "{text}");
        assert_eq!(
            theme_refusal_text(&Refusal::UnknownTheme("紫".into())),
            "没有名为“紫”的主题（可用：party-red 党建红、gov-blue 政务蓝）"
        );
        let bad = theme_refusal_text(&Refusal::BadColor {
            name: "accent".into(),
            value: "red".into(),
        });
        assert!(
            bad.contains("“red”无法识别") && bad.contains("accent、link"),
            "{bad}"
        );
    }
}
