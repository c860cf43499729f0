//! 在本机保存我的留言码: tracking codes a resident chose to keep on their own
//! phone, so that a lost screenshot does not lose the case. Opt-in, never on
//! a kiosk, and only what the look-up page needs to list them: the code, the
//! organisation and the kind, and the day it was sent (no message, no name,
//! no contact).

use serde::{Deserialize, Serialize};

use super::feedback::TrackingCode;

/// At most this many codes are kept; the oldest go first.
pub const MAX_SAVED: usize = 20;

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct SavedCode {
    pub code: String,
    pub org: String,
    /// The feedback kind, as the contract writes it (`objection` …).
    pub kind: String,
    /// `YYYY-MM-DD`, China date of submission.
    pub sent_on: String,
}

/// The saved codes, newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SavedCodes(Vec<SavedCode>);

impl SavedCodes {
    /// Reads what was stored; anything unreadable, and any entry whose code
    /// is not a tracking code, is dropped rather than shown.
    pub fn parse(text: &str) -> SavedCodes {
        let list: Vec<SavedCode> = serde_json::from_str(text).unwrap_or_default();
        let mut saved = SavedCodes::default();
        for entry in list.into_iter().rev() {
            saved.add(entry);
        }
        saved
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.0).unwrap_or_else(|_| "[]".to_owned())
    }

    pub fn list(&self) -> &[SavedCode] {
        &self.0
    }

    pub fn contains(&self, code: &str) -> bool {
        let code = TrackingCode::normalize(code);
        code.is_some() && self.0.iter().any(|s| Some(&s.code) == code.as_ref())
    }

    /// Puts `entry` first (once, by its normalised code) and keeps at most
    /// [`MAX_SAVED`]. A malformed code is not kept.
    pub fn add(&mut self, mut entry: SavedCode) {
        let Some(code) = TrackingCode::normalize(&entry.code) else {
            return;
        };
        entry.code = code;
        self.0.retain(|s| s.code != entry.code);
        self.0.insert(0, entry);
        self.0.truncate(MAX_SAVED);
    }

    pub fn remove(&mut self, code: &str) {
        if let Some(code) = TrackingCode::normalize(code) {
            self.0.retain(|s| s.code != code);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn saved(code: &str) -> SavedCode {
        SavedCode {
            code: code.into(),
            org: "qingxi-village".into(),
            kind: "objection".into(),
            sent_on: "2026-11-30".into(),
        }
    }

    #[test]
    fn newest_first_once_each_and_round_trips() {
        let mut codes = SavedCodes::default();
        codes.add(saved("6J8N-R0CH-4HY9"));
        codes.add(saved("3A9J-2MY3-7WVR"));
        // The same code typed another way is the same code.
        codes.add(saved("6j8n r0ch 4hy9"));
        let listed: Vec<&str> = codes.list().iter().map(|s| s.code.as_str()).collect();
        assert_eq!(listed, ["6J8N-R0CH-4HY9", "3A9J-2MY3-7WVR"]);
        assert!(codes.contains("3a9j-2my3-7wvr"));
        assert_eq!(SavedCodes::parse(&codes.to_json()), codes);
        codes.remove("3A9J 2MY3 7WVR");
        assert!(!codes.contains("3A9J-2MY3-7WVR"));
        assert_eq!(codes.list().len(), 1);
    }

    #[test]
    fn bad_storage_and_bad_codes_are_dropped() {
        assert_eq!(SavedCodes::parse(""), SavedCodes::default());
        assert_eq!(SavedCodes::parse("{\"x\":1}"), SavedCodes::default());
        let text = r#"[{"code":"<script>","org":"o","kind":"k","sent_on":"x"},
                       {"code":"6J8N-R0CH-4HY9","org":"o","kind":"k","sent_on":"2026-11-30"}]"#;
        let codes = SavedCodes::parse(text);
        assert_eq!(codes.list().len(), 1);
        assert_eq!(codes.list()[0].code, "6J8N-R0CH-4HY9");
        let mut codes = SavedCodes::default();
        codes.add(saved("1234"));
        assert!(codes.list().is_empty());
        assert!(!codes.contains(""));
    }

    #[test]
    fn reads_what_serde_json_wrote() {
        // The format of `gongkai:codes:v1` since it was introduced.
        let written = concat!(
            r#"[{"code":"3A9J-2MY3-7WVR","org":"qingxi-village","kind":"objection","sent_on":"2026-11-30"},"#,
            r#"{"code":"6J8N-R0CH-4HY9","org":"town","kind":"suggestion","sent_on":"2026-11-29"}]"#
        );
        let codes = SavedCodes::parse(written);
        assert_eq!(
            codes.list(),
            [
                saved("3A9J-2MY3-7WVR"),
                SavedCode {
                    code: "6J8N-R0CH-4HY9".into(),
                    org: "town".into(),
                    kind: "suggestion".into(),
                    sent_on: "2026-11-29".into(),
                }
            ]
        );
        assert_eq!(codes.to_json(), written);
        assert_eq!(SavedCodes::default().to_json(), "[]");
        // Fields in any order, with spaces and unknown fields.
        let text = r#" [ { "sent_on" : "2026-11-30", "x": "y", "kind":"objection",
                        "org":"qingxi-village", "code":"3a9j 2my3 7wvr" } ] "#;
        assert_eq!(SavedCodes::parse(text).list(), [saved("3A9J-2MY3-7WVR")]);
    }

    #[test]
    fn anything_a_backend_names_round_trips_and_broken_text_reads_as_nothing() {
        let mut codes = SavedCodes::default();
        codes.add(SavedCode {
            org: "a\"b\\c\nd".into(),
            ..saved("3A9J-2MY3-7WVR")
        });
        assert_eq!(SavedCodes::parse(&codes.to_json()), codes);
        for bad in [
            "",
            "[",
            "[{",
            r#"[{"code":"#,
            r#"{"code":"3A9J-2MY3-7WVR"}"#,
            "null",
        ] {
            assert_eq!(SavedCodes::parse(bad), SavedCodes::default(), "{bad:?}");
        }
    }

    #[test]
    fn keeps_at_most_twenty() {
        let mut codes = SavedCodes::default();
        for i in 0..25u8 {
            codes.add(saved(&TrackingCode::from_random([7, 1, 2, 3, 4, 5, 6, i])));
        }
        assert_eq!(codes.list().len(), MAX_SAVED);
        assert_eq!(
            codes.list()[0].code,
            TrackingCode::from_random([7, 1, 2, 3, 4, 5, 6, 24])
        );
    }
}
