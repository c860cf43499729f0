//! The on-screen keypad for the 留言码 (issue 10, part 2: 查询办理进度 on a
//! kiosk has no input method, so the code is typed on keys of its own
//! alphabet only). The alphabet and the reading rules are
//! [`TrackingCode`]'s: this module only adds the keys and the typing.

use crate::domain::feedback::TrackingCode;

/// The keys, row by row: the digits first in the order of a phone's or a
/// keyboard's number row, then the 22 letters of the code's alphabet in
/// alphabetical order (no I, L, O, U). At most 11 keys a row, so that keys of
/// 80 px with 8 px gaps fit a portrait 1080 px screen and stay above the
/// issue's 60×60 px minimum.
pub const KEYPAD_ROWS: [&str; 3] = ["1234567890", "ABCDEFGHJKM", "NPQRSTVWXYZ"];

/// Every key, row by row.
pub fn keypad_keys() -> impl Iterator<Item = char> {
    KEYPAD_ROWS.iter().flat_map(|row| row.chars())
}

/// The character a key press stands for in a tracking code, or `None` for a
/// key outside its alphabet. Read as [`TrackingCode::normalize`] reads: any
/// case, and I/L as 1 and O as 0 (for a hardware keyboard; the keypad itself
/// has none of them).
pub fn code_char(key: char) -> Option<char> {
    let repeated: String = std::iter::repeat_n(key, TrackingCode::LEN).collect();
    TrackingCode::normalize(&repeated).and_then(|code| code.chars().next())
}

/// What has been typed so far: at most [`TrackingCode::LEN`] characters of
/// the alphabet, in canonical form. Wiped by the kiosk's reset.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CodeInput {
    typed: String,
}

impl CodeInput {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a key's character. Ignored (and `false`) for a key outside the
    /// alphabet, or when the code is already complete.
    pub fn press(&mut self, key: char) -> bool {
        match code_char(key) {
            Some(c) if !self.is_complete() => {
                self.typed.push(c);
                true
            }
            _ => false,
        }
    }

    /// Removes the last character; `false` when there was none.
    pub fn backspace(&mut self) -> bool {
        self.typed.pop().is_some()
    }

    pub fn clear(&mut self) {
        self.typed.clear();
    }

    /// Characters typed, hyphens not counted.
    pub fn len(&self) -> usize {
        self.typed.len()
    }

    pub fn is_empty(&self) -> bool {
        self.typed.is_empty()
    }

    pub fn is_complete(&self) -> bool {
        self.typed.len() == TrackingCode::LEN
    }

    /// What the screen shows: groups of four joined by hyphens, a hyphen
    /// only once a character follows it (`7K3M`, `7K3M-Q`, `7K3M-Q9XD-2FHP`).
    pub fn display(&self) -> String {
        let mut out = String::with_capacity(TrackingCode::LEN + 2);
        for (i, c) in self.typed.chars().enumerate() {
            if i > 0 && i % 4 == 0 {
                out.push('-');
            }
            out.push(c);
        }
        out
    }

    /// The twelve places of the code, filled or not, for a display of fixed
    /// width (`7K3M-Q___-____`).
    pub fn slots(&self) -> [Option<char>; TrackingCode::LEN] {
        let mut slots = [None; TrackingCode::LEN];
        for (slot, c) in slots.iter_mut().zip(self.typed.chars()) {
            *slot = Some(c);
        }
        slots
    }

    /// The code to look up, as [`TrackingCode::normalize`] writes it, once
    /// all twelve characters are in.
    pub fn code(&self) -> Option<String> {
        TrackingCode::normalize(&self.typed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(keys: &str) -> CodeInput {
        let mut input = CodeInput::new();
        for k in keys.chars() {
            input.press(k);
        }
        input
    }

    /// The alphabet as `TrackingCode` defines it, found by asking it.
    fn alphabet() -> Vec<char> {
        (0u8..128)
            .map(char::from)
            .filter(|&c| {
                let code = std::iter::repeat_n(c, TrackingCode::LEN).collect::<String>();
                TrackingCode::normalize(&code).is_some_and(|n| n.starts_with(c))
            })
            .collect()
    }

    #[test]
    fn the_keypad_has_each_character_of_the_alphabet_once_digits_first() {
        let keys: Vec<char> = keypad_keys().collect();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, alphabet());
        assert_eq!(keys.len(), 32);
        assert!(KEYPAD_ROWS[0].chars().all(|c| c.is_ascii_digit()));
        assert_eq!(KEYPAD_ROWS[0].len(), 10);
        assert!(KEYPAD_ROWS.iter().all(|row| row.len() <= 11));
        for key in keys {
            assert_eq!(code_char(key), Some(key), "{key}");
        }
    }

    #[test]
    fn keys_are_read_as_the_code_reads_them() {
        let cases = [
            ('a', Some('A')),
            ('z', Some('Z')),
            ('7', Some('7')),
            ('i', Some('1')),
            ('I', Some('1')),
            ('l', Some('1')),
            ('O', Some('0')),
            ('o', Some('0')),
            ('U', None),
            ('u', None),
            ('-', None),
            (' ', None),
            ('\u{3000}', None),
            ('－', None),
            ('#', None),
            ('\n', None),
            ('７', None),
            ('Ａ', None),
            ('码', None),
        ];
        for (key, expected) in cases {
            assert_eq!(code_char(key), expected, "{key:?}");
        }
    }

    #[test]
    fn typing_shows_groups_of_four() {
        let cases = [
            ("", ""),
            ("7", "7"),
            ("7K3M", "7K3M"),
            ("7K3MQ", "7K3M-Q"),
            ("7k3mq9xd", "7K3M-Q9XD"),
            ("7K3MQ9XD2", "7K3M-Q9XD-2"),
            ("7K3MQ9XD2FHP", "7K3M-Q9XD-2FHP"),
            ("7K3M-Q9XD 2FHP", "7K3M-Q9XD-2FHP"),
            ("7K3MQ9XD2FHPZZZ", "7K3M-Q9XD-2FHP"),
            ("uuu7", "7"),
        ];
        for (keys, shown) in cases {
            let input = typed(keys);
            assert_eq!(input.display(), shown, "{keys}");
            assert_eq!(input.len(), shown.replace('-', "").len(), "{keys}");
        }
    }

    #[test]
    fn a_complete_code_is_the_normalised_code() {
        let mut input = typed("7K3MQ9XD2FH");
        assert!(!input.is_complete());
        assert_eq!(input.code(), None);
        assert!(input.press('p'));
        assert!(input.is_complete());
        assert_eq!(input.code().as_deref(), Some("7K3M-Q9XD-2FHP"));
        assert_eq!(
            input.code(),
            TrackingCode::normalize("7k3m q9xd 2fhp"),
            "the same as typed anywhere else"
        );
        assert!(!input.press('Z'), "full");
        assert_eq!(input.display(), "7K3M-Q9XD-2FHP");
        let ones = typed("iloILO000000");
        assert_eq!(ones.code().as_deref(), Some("1101-1000-0000"));
    }

    #[test]
    fn backspace_and_clear() {
        let mut input = typed("7K3MQ");
        assert!(input.backspace());
        assert_eq!(input.display(), "7K3M");
        assert!(input.backspace());
        assert_eq!(input.display(), "7K3");
        input.clear();
        assert!(input.is_empty());
        assert_eq!(input.display(), "");
        assert!(!input.backspace());
        assert_eq!(input, CodeInput::new());
        // A full code can be corrected.
        let mut input = typed("7K3MQ9XD2FHP");
        assert!(input.backspace());
        assert!(input.press('X'));
        assert_eq!(input.code().as_deref(), Some("7K3M-Q9XD-2FHX"));
    }

    #[test]
    fn keys_outside_the_alphabet_change_nothing() {
        let mut input = typed("7K");
        for key in ['U', '-', ' ', '?', '码', '\u{8}'] {
            assert!(!input.press(key), "{key:?}");
        }
        assert_eq!(input.display(), "7K");
    }

    #[test]
    fn slots_fill_from_the_left() {
        let slots = typed("7K3MQ").slots();
        assert_eq!(
            &slots[..6],
            &[Some('7'), Some('K'), Some('3'), Some('M'), Some('Q'), None]
        );
        assert!(slots[5..].iter().all(Option::is_none));
        assert!(typed("").slots().iter().all(Option::is_none));
        assert!(typed("7K3MQ9XD2FHP").slots().iter().all(Option::is_some));
    }
}
