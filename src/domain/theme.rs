//! Themes: the built-in 党建红 (the default) and 政务蓝, and a site's own
//! colours (`config.json` `theme` and `theme_colors`), each checked against
//! WCAG AA before it is used: text, links and the accent on the page and
//! on panels, and white on the accent (buttons), at 4.5:1 at least. A theme
//! that fails is refused as a whole, with the pairs that failed, and the
//! default is used (a board nobody can read is worse than a red one).

/// The built-in themes, by the name `config.json` gives them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BuiltIn {
    /// 党建红.
    #[default]
    PartyRed,
    /// 政务蓝.
    GovBlue,
}

impl BuiltIn {
    pub fn from_name(name: &str) -> Option<BuiltIn> {
        match name.trim() {
            "party-red" | "党建红" => Some(BuiltIn::PartyRed),
            "gov-blue" | "政务蓝" => Some(BuiltIn::GovBlue),
            _ => None,
        }
    }

    /// The name the stylesheet knows it by (`data-gk-theme`).
    pub fn name(self) -> &'static str {
        match self {
            BuiltIn::PartyRed => "party-red",
            BuiltIn::GovBlue => "gov-blue",
        }
    }

    /// Its colours, as in style/tokens.css (a native test checks that the
    /// two agree).
    pub fn colors(self) -> [(&'static str, &'static str); 6] {
        match self {
            BuiltIn::PartyRed => [
                ("accent", "#a8121a"),
                ("link", "#8e1016"),
                ("text", "#1c1c1c"),
                ("muted", "#4f4f4f"),
                ("bg", "#ffffff"),
                ("surface", "#f6f4f1"),
            ],
            BuiltIn::GovBlue => [
                ("accent", "#0b4f8a"),
                ("link", "#0a4b85"),
                ("text", "#1c1c1c"),
                ("muted", "#4f4f4f"),
                ("bg", "#ffffff"),
                ("surface", "#f1f5f9"),
            ],
        }
    }
}

/// The colours a site may set (`theme_colors`), each the custom property
/// `--gk-color-<name>`.
pub const COLOR_NAMES: [&str; 6] = ["accent", "link", "text", "muted", "bg", "surface"];

/// A colour as `#rgb` or `#rrggbb`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub fn parse(text: &str) -> Option<Rgb> {
        let hex = text.trim().strip_prefix('#')?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let digit = |i: usize| u8::from_str_radix(&hex[i..i + 1], 16).ok();
        let pair = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        match hex.len() {
            3 => Some(Rgb(digit(0)? * 17, digit(1)? * 17, digit(2)? * 17)),
            6 => Some(Rgb(pair(0)?, pair(2)?, pair(4)?)),
            _ => None,
        }
    }

    /// WCAG 2 relative luminance, from [`LINEAR`] (no `powf` in the
    /// browser's bundle).
    fn luminance(self) -> f64 {
        let channel = |c: u8| f64::from(LINEAR[usize::from(c)]) / 1_000_000.0;
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }
}

/// Each sRGB channel value linearised as WCAG 2 does it
/// (`c/12.92`, or `((c+0.055)/1.055)^2.4`), in millionths; a native test
/// checks every entry against the formula.
const LINEAR: [u32; 256] = [
    0, 304, 607, 911, 1214, 1518, 1821, 2125, 2428, 2732, 3035, 3347, 3677, 4025, 4391, 4777, 5182,
    5605, 6049, 6512, 6995, 7499, 8023, 8568, 9134, 9721, 10330, 10960, 11612, 12286, 12983, 13702,
    14444, 15209, 15996, 16807, 17642, 18500, 19382, 20289, 21219, 22174, 23153, 24158, 25187,
    26241, 27321, 28426, 29557, 30713, 31896, 33105, 34340, 35601, 36889, 38204, 39546, 40915,
    42311, 43735, 45186, 46665, 48172, 49707, 51269, 52861, 54480, 56128, 57805, 59511, 61246,
    63010, 64803, 66626, 68478, 70360, 72272, 74214, 76185, 78187, 80220, 82283, 84376, 86500,
    88656, 90842, 93059, 95307, 97587, 99899, 102242, 104616, 107023, 109462, 111932, 114435,
    116971, 119538, 122139, 124772, 127438, 130136, 132868, 135633, 138432, 141263, 144128, 147027,
    149960, 152926, 155926, 158961, 162029, 165132, 168269, 171441, 174647, 177888, 181164, 184475,
    187821, 191202, 194618, 198069, 201556, 205079, 208637, 212231, 215861, 219526, 223228, 226966,
    230740, 234551, 238398, 242281, 246201, 250158, 254152, 258183, 262251, 266356, 270498, 274677,
    278894, 283149, 287441, 291771, 296138, 300544, 304987, 309469, 313989, 318547, 323143, 327778,
    332452, 337164, 341914, 346704, 351533, 356400, 361307, 366253, 371238, 376262, 381326, 386429,
    391572, 396755, 401978, 407240, 412543, 417885, 423268, 428690, 434154, 439657, 445201, 450786,
    456411, 462077, 467784, 473531, 479320, 485150, 491021, 496933, 502886, 508881, 514918, 520996,
    527115, 533276, 539479, 545724, 552011, 558340, 564712, 571125, 577580, 584078, 590619, 597202,
    603827, 610496, 617207, 623960, 630757, 637597, 644480, 651406, 658375, 665387, 672443, 679542,
    686685, 693872, 701102, 708376, 715694, 723055, 730461, 737910, 745404, 752942, 760525, 768151,
    775822, 783538, 791298, 799103, 806952, 814847, 822786, 830770, 838799, 846873, 854993, 863157,
    871367, 879622, 887923, 896269, 904661, 913099, 921582, 930111, 938686, 947307, 955973, 964686,
    973445, 982251, 991102, 1000000,
];

/// WCAG 2 contrast ratio, 1 to 21.
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// WCAG AA for text.
pub const AA: f64 = 4.5;

/// Why a theme was refused (`i18n::theme_refusal_text` words it).
#[derive(Clone, Debug, PartialEq)]
pub enum Refusal {
    /// `theme` names no built-in theme.
    UnknownTheme(String),
    /// A colour is not `#rgb`/`#rrggbb`, or not one a site may set.
    BadColor { name: String, value: String },
    /// Pairs below [`AA`]: (foreground, background, ratio).
    Contrast(Vec<(String, String, f64)>),
}

/// `x` with two decimals, by integer formatting (float formatting is
/// kilobytes of the browser's bundle).
pub fn two_places(x: f64) -> String {
    let hundredths = (x * 100.0).round().max(0.0) as u64;
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

/// A theme that passed: the built-in one it starts from, and the colours
/// the site set over it (`--gk-color-<name>`, value), in name order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Theme {
    pub base: BuiltIn,
    pub colors: Vec<(String, String)>,
}

/// The pairs every theme must pass: foreground on background.
const PAIRS: [(&str, &str); 7] = [
    ("text", "bg"),
    ("muted", "bg"),
    ("link", "bg"),
    ("accent", "bg"),
    ("text", "surface"),
    ("link", "surface"),
    ("white", "accent"),
];

/// An element's `colors` attribute (`accent: #0b5cad; link: #0a4f96`):
/// its (name, value) pairs, trimmed, in order; an entry without a `:` is
/// kept with an empty value, so [`resolve`] refuses it by name.
pub fn parse_color_list(text: &str) -> Vec<(&str, &str)> {
    text.split(';')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            let (name, value) = entry.split_once(':').unwrap_or((entry, ""));
            (name.trim(), value.trim())
        })
        .collect()
}

/// The theme `config.json` asks for (`name`, and the site's colours as
/// (name, value) pairs), checked; `Err` says why it is refused (and the
/// default is then used).
pub fn resolve(name: Option<&str>, colors: &[(&str, &str)]) -> Result<Theme, Refusal> {
    let base = match name.map(str::trim).filter(|n| !n.is_empty()) {
        None => BuiltIn::default(),
        Some(n) => BuiltIn::from_name(n).ok_or_else(|| Refusal::UnknownTheme(n.to_owned()))?,
    };
    // COLOR_NAMES' places, then white.
    let at = |name: &str| {
        COLOR_NAMES
            .iter()
            .position(|n| *n == name)
            .unwrap_or(COLOR_NAMES.len())
    };
    let mut palette = [Rgb(255, 255, 255); 7];
    for (name, value) in base.colors() {
        palette[at(name)] = Rgb::parse(value).unwrap_or(Rgb(0, 0, 0));
    }
    let mut set = Vec::new();
    for &(key, value) in colors {
        let bad = || Refusal::BadColor {
            name: key.to_owned(),
            value: value.to_owned(),
        };
        let i = at(key);
        if i == COLOR_NAMES.len() {
            return Err(bad());
        }
        let rgb = Rgb::parse(value).ok_or_else(bad)?;
        palette[i] = rgb;
        set.push((COLOR_NAMES[i].to_owned(), hex(rgb)));
    }
    set.sort();
    let failed: Vec<(String, String, f64)> = PAIRS
        .iter()
        .filter_map(|(fg, bg)| {
            let ratio = contrast(palette[at(fg)], palette[at(bg)]);
            (ratio < AA).then(|| ((*fg).to_owned(), (*bg).to_owned(), ratio))
        })
        .collect();
    if !failed.is_empty() {
        return Err(Refusal::Contrast(failed));
    }
    Ok(Theme { base, colors: set })
}

fn hex(c: Rgb) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::from("#");
    for b in [c.0, c.1, c.2] {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_an_elements_colours() {
        assert_eq!(
            super::parse_color_list(" accent: #0b5cad ;link:#0a4f96;; muted "),
            vec![("accent", "#0b5cad"), ("link", "#0a4f96"), ("muted", "")]
        );
        assert!(super::parse_color_list("  ").is_empty());
        // Read, then checked as config.json's are.
        let pale = super::parse_color_list("accent: #ffd0d0");
        assert!(super::resolve(None, &pale).is_err());
        let named = super::parse_color_list("accent: #0b5cad");
        assert!(super::resolve(Some("gov-blue"), &named).is_ok());
    }

    use super::*;

    #[test]
    fn the_table_is_the_formula() {
        for (c, &v) in LINEAR.iter().enumerate() {
            let x = c as f64 / 255.0;
            let exact = if x <= 0.040_45 {
                x / 12.92
            } else {
                ((x + 0.055) / 1.055).powf(2.4)
            };
            assert_eq!(v, (exact * 1_000_000.0).round() as u32, "{c}");
        }
        assert_eq!(two_places(2.2149), "2.21");
        assert_eq!(two_places(21.0), "21.00");
    }

    #[test]
    fn contrast_is_wcags() {
        let (black, white) = (Rgb(0, 0, 0), Rgb(255, 255, 255));
        assert!((contrast(black, white) - 21.0).abs() < 1e-9);
        assert!((contrast(white, white) - 1.0).abs() < 1e-9);
        // #777 on white is the classic near miss: 4.48.
        let grey = Rgb::parse("#777").unwrap();
        assert!((contrast(grey, white) - 4.48).abs() < 0.01);
        assert_eq!(Rgb::parse("#A8121A"), Some(Rgb(0xa8, 0x12, 0x1a)));
        for bad in ["a8121a", "#12", "#ggg", "red", "#1234567"] {
            assert_eq!(Rgb::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn both_built_in_themes_pass_and_agree_with_the_stylesheet() {
        let css = include_str!("../../style/tokens.css");
        for theme in [BuiltIn::PartyRed, BuiltIn::GovBlue] {
            assert_eq!(resolve(Some(theme.name()), &[]).unwrap().base, theme);
            for (name, value) in theme.colors() {
                let declared = format!("--gk-color-{name}: {value};");
                assert!(css.contains(&declared), "{}: {declared}", theme.name());
            }
        }
        assert_eq!(resolve(None, &[]), Ok(Theme::default()));
        assert!(css.contains(r#".gk[data-gk-theme="gov-blue"]"#));
    }

    #[test]
    fn a_site_colour_that_fails_contrast_refuses_the_theme_and_names_the_pairs() {
        let refused = resolve(Some("gov-blue"), &[("accent", "#7fb3e6")]).unwrap_err();
        let Refusal::Contrast(pairs) = &refused else {
            panic!("{refused:?}");
        };
        let names: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(a, b, _)| (a.as_str(), b.as_str()))
            .collect();
        assert_eq!(names, [("accent", "bg"), ("white", "accent")]);
        assert!(pairs.iter().all(|(_, _, r)| *r < AA), "{pairs:?}");
        // A dark enough one passes, written as the stylesheet wants it.
        let theme = resolve(Some("政务蓝"), &[("accent", "#0A3D6B")]).unwrap();
        assert_eq!(theme.colors, [("accent".to_owned(), "#0a3d6b".to_owned())]);
    }

    #[test]
    fn unknown_names_and_colours_are_refused_not_guessed() {
        assert_eq!(
            resolve(Some("green"), &[]),
            Err(Refusal::UnknownTheme("green".into()))
        );
        for (name, value) in [
            ("accent", "red"),
            ("accent", "#12345"),
            ("border", "#000000"),
            ("accent", "#000;}"),
        ] {
            assert!(
                matches!(
                    resolve(None, &[(name, value)]),
                    Err(Refusal::BadColor { .. })
                ),
                "{name}: {value}"
            );
        }
    }
}
