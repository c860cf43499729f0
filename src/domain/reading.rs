//! How a reader wants the pages shown: 长辈模式 (elder mode: larger text and
//! targets, one column, stronger contrast) and a text step (A / A+ / A++),
//! independent of each other and of the browser's zoom. Kept on a personal
//! device as one short string; a shared screen starts each session plain.

/// A text step: the app's type tokens are multiplied by [`TextStep::scale`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TextStep {
    /// A
    #[default]
    Normal,
    /// A+
    Large,
    /// A++
    Larger,
}

impl TextStep {
    pub const ALL: [TextStep; 3] = [TextStep::Normal, TextStep::Large, TextStep::Larger];

    /// `data-gk-text` on the app's root: `"1"`, `"2"`, `"3"`.
    pub const fn attr(self) -> &'static str {
        match self {
            TextStep::Normal => "1",
            TextStep::Large => "2",
            TextStep::Larger => "3",
        }
    }

    /// What the button shows: `A`, `A+`, `A++` (its name is in the locale).
    pub const fn glyph(self) -> &'static str {
        match self {
            TextStep::Normal => "A",
            TextStep::Large => "A+",
            TextStep::Larger => "A++",
        }
    }

    fn from_attr(s: &str) -> Option<TextStep> {
        TextStep::ALL.into_iter().find(|t| t.attr() == s)
    }
}

/// The reader's choices.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReadingPrefs {
    pub elder: bool,
    pub text: TextStep,
}

impl ReadingPrefs {
    /// As kept on the device: `elder=1;text=2`.
    pub fn to_stored(self) -> String {
        format!(
            "elder={};text={}",
            if self.elder { 1 } else { 0 },
            self.text.attr()
        )
    }

    /// Reads what [`ReadingPrefs::to_stored`] wrote. Anything unreadable
    /// (another version's value, a hand-edited one) is the default for that
    /// part, never an error: a reader is not stopped by a bad preference.
    pub fn from_stored(s: &str) -> ReadingPrefs {
        let mut prefs = ReadingPrefs::default();
        for part in s.split(';') {
            match part.split_once('=').map(|(k, v)| (k.trim(), v.trim())) {
                Some(("elder", v)) => prefs.elder = v == "1",
                Some(("text", v)) => {
                    prefs.text = TextStep::from_attr(v).unwrap_or_default();
                }
                _ => {}
            }
        }
        prefs
    }

    /// Whether this is what a new reader gets (nothing to keep).
    pub fn is_default(self) -> bool {
        self == ReadingPrefs::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_choice() {
        for elder in [false, true] {
            for text in TextStep::ALL {
                let prefs = ReadingPrefs { elder, text };
                assert_eq!(ReadingPrefs::from_stored(&prefs.to_stored()), prefs);
            }
        }
    }

    #[test]
    fn unreadable_parts_fall_back_one_by_one() {
        assert_eq!(ReadingPrefs::from_stored(""), ReadingPrefs::default());
        assert_eq!(
            ReadingPrefs::from_stored("elder=1;text=9"),
            ReadingPrefs {
                elder: true,
                text: TextStep::Normal
            }
        );
        assert_eq!(
            ReadingPrefs::from_stored("junk; text = 3 ;elder=yes"),
            ReadingPrefs {
                elder: false,
                text: TextStep::Larger
            }
        );
    }

    #[test]
    fn default_is_plain() {
        assert!(ReadingPrefs::default().is_default());
        assert!(!ReadingPrefs {
            elder: true,
            ..Default::default()
        }
        .is_default());
        assert_eq!(TextStep::default().attr(), "1");
    }
}
