//! 在本机保存我的留言码: tracking codes a resident chose to keep on their own
//! phone, so that a lost screenshot does not lose the case. Opt-in, never on
//! a kiosk, and only what the look-up page needs to list them: the code, the
//! organisation and the kind, and the day it was sent (no message, no name,
//! no contact).

use super::feedback::TrackingCode;

/// At most this many codes are kept; the oldest go first.
pub const MAX_SAVED: usize = 20;

/// Stored as JSON, `[{"code":…,"org":…,"kind":…,"sent_on":…}, …]`, written
/// and read by a few lines here rather than serde's derives (less code in
/// the wasm): no field may hold `"`, `\` or a control character, so
/// nothing needs escaping.
#[derive(Clone, Debug, PartialEq, Eq)]
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
        let mut list = Vec::new();
        // Each object's strings, in order: key, value, key, value …
        let mut strings: Vec<&str> = Vec::new();
        let mut rest = text.trim();
        if !rest.starts_with('[') {
            return SavedCodes::default();
        }
        while let Some(i) = rest.find(['"', '}']) {
            if rest.as_bytes()[i] == b'}' {
                let field = |name: &str| {
                    let at = strings.chunks(2).position(|kv| kv[0] == name)?;
                    strings.get(at * 2 + 1).map(|v| (*v).to_owned())
                };
                let escaped = strings.iter().any(|s| s.contains('\\'));
                if let (false, Some(code), Some(org), Some(kind), Some(sent_on)) = (
                    escaped,
                    field("code"),
                    field("org"),
                    field("kind"),
                    field("sent_on"),
                ) {
                    list.push(SavedCode {
                        code,
                        org,
                        kind,
                        sent_on,
                    });
                }
                strings.clear();
                rest = &rest[i + 1..];
                continue;
            }
            // A string, up to its closing quote; one with an escape in it
            // is never ours, and makes its entry unreadable.
            let bytes = rest.as_bytes();
            let mut end = i + 1;
            while end < bytes.len() && bytes[end] != b'"' {
                end += if bytes[end] == b'\\' { 2 } else { 1 };
            }
            let Some(string) = rest.get(i + 1..end) else {
                break;
            };
            strings.push(string);
            rest = rest.get(end + 1..).unwrap_or_default();
        }
        let mut saved = SavedCodes::default();
        for entry in list.into_iter().rev() {
            saved.add(entry);
        }
        saved
    }

    pub fn to_json(&self) -> String {
        let mut out = String::from("[");
        for (i, s) in self.0.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&format!(
                r#"{{"code":"{}","org":"{}","kind":"{}","sent_on":"{}"}}"#,
                s.code, s.org, s.kind, s.sent_on
            ));
        }
        out.push(']');
        out
    }

    pub fn list(&self) -> &[SavedCode] {
        &self.0
    }

    pub fn contains(&self, code: &str) -> bool {
        let code = TrackingCode::normalize(code);
        code.is_some() && self.0.iter().any(|s| Some(&s.code) == code.as_ref())
    }

    /// Puts `entry` first (once, by its normalised code) and keeps at most
    /// [`MAX_SAVED`]. A malformed code is not kept, nor an entry with a
    /// field that would need escaping in JSON.
    pub fn add(&mut self, mut entry: SavedCode) {
        let plain = |s: &str| !s.contains(['"', '\\']) && !s.contains(char::is_control);
        let Some(code) = TrackingCode::normalize(&entry.code) else {
            return;
        };
        if ![&entry.org, &entry.kind, &entry.sent_on]
            .into_iter()
            .all(|s| plain(s))
        {
            return;
        }
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
    fn nothing_that_would_need_escaping_is_kept_or_read() {
        let mut codes = SavedCodes::default();
        for org in ["a\"b", "a\\b", "a\nb"] {
            codes.add(SavedCode {
                org: org.into(),
                ..saved("3A9J-2MY3-7WVR")
            });
        }
        assert!(codes.list().is_empty());
        let text = r#"[{"code":"3A9J-2MY3-7WVR","org":"a\"b","kind":"k","sent_on":"d"},
                       {"code":"6J8N-R0CH-4HY9","org":"o","kind":"k","sent_on":"2026-11-30"}]"#;
        let listed: Vec<String> = SavedCodes::parse(text)
            .list()
            .iter()
            .map(|s| s.code.clone())
            .collect();
        assert_eq!(listed, ["6J8N-R0CH-4HY9"]);
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
