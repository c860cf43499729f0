//! A feedback draft: what someone has typed into a form, kept on the device
//! so that a reload or a closed tab loses nothing, with the idempotency key
//! its submission will carry.

use serde::{Deserialize, Serialize};

use crate::api::FeedbackRequest;
use crate::domain::feedback::clean_text;

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct Draft {
    /// The `Idempotency-Key` of this draft's submission, made once.
    pub key: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub contact: String,
}

impl Draft {
    pub fn new(key: String) -> Draft {
        Draft {
            key,
            ..Draft::default()
        }
    }

    /// A stored draft; `None` when there is none or it cannot be read.
    pub fn parse(text: &str) -> Option<Draft> {
        serde_json::from_str::<Draft>(text)
            .ok()
            .filter(|d| !d.key.is_empty())
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn is_blank(&self) -> bool {
        [&self.body, &self.name, &self.contact]
            .iter()
            .all(|s| s.trim().is_empty())
    }

    /// The request this draft sends to `org` (and `item`). Empty optional
    /// fields are left out: anonymous unless a name is given.
    pub fn request(&self, org: &str, item: Option<&str>) -> FeedbackRequest {
        let optional = |s: &str| Some(clean_text(s)).filter(|s| !s.is_empty());
        FeedbackRequest {
            kind: self.kind.clone(),
            org: org.to_owned(),
            item: item.map(str::to_owned),
            body: clean_text(&self.body),
            name: optional(&self.name),
            contact: optional(&self.contact),
        }
    }
}

/// "还可输入 n 字" or "超出 n 字": the live count beside a text field,
/// counted as the backend counts (cleaned text, in characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CharCount {
    Remaining(usize),
    Over(usize),
}

pub fn char_count(text: &str, max: usize) -> CharCount {
    let used = clean_text(text).chars().count();
    if used > max {
        CharCount::Over(used - max)
    } else {
        CharCount::Remaining(max - used)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_anonymous_draft_sends_no_name_or_contact() {
        let draft = Draft {
            key: "k".into(),
            kind: "suggestion".into(),
            body: "  村口路灯坏了三盏，晚上出行不便。\r\n ".into(),
            name: "   ".into(),
            contact: String::new(),
        };
        let request = draft.request("qingxi-village", None);
        assert_eq!(request.body, "村口路灯坏了三盏，晚上出行不便。");
        assert_eq!(request.name, None);
        assert_eq!(request.contact, None);
        assert_eq!(request.item, None);
        let json = serde_json::to_string(&request).unwrap();
        assert!(
            !json.contains("name") && !json.contains("contact"),
            "{json}"
        );
    }

    #[test]
    fn a_named_draft_about_an_item_sends_both() {
        let draft = Draft {
            key: "k".into(),
            kind: "objection".into(),
            body: "公示对象的任职时间与实际不符。".into(),
            name: " 张三 ".into(),
            contact: "138 1234 5678".into(),
        };
        let request = draft.request("qingxi-committee", Some("cadre-1"));
        assert_eq!(request.item.as_deref(), Some("cadre-1"));
        assert_eq!(request.name.as_deref(), Some("张三"));
        assert_eq!(request.contact.as_deref(), Some("138 1234 5678"));
    }

    #[test]
    fn drafts_survive_storage_and_bad_storage_gives_none() {
        let mut draft = Draft::new("0b6f3c9e".into());
        draft.body = "草稿内容".into();
        assert_eq!(Draft::parse(&draft.to_json()), Some(draft.clone()));
        assert_eq!(Draft::parse("{}"), None, "a draft without a key");
        assert_eq!(Draft::parse("not json"), None);
        assert!(!draft.is_blank());
        assert!(Draft::new("k".into()).is_blank());
    }

    #[test]
    fn the_count_is_of_characters_as_the_backend_counts_them() {
        assert_eq!(char_count("", 10), CharCount::Remaining(10));
        assert_eq!(char_count("  党务公开  ", 10), CharCount::Remaining(6));
        assert_eq!(char_count("一二三四五", 5), CharCount::Remaining(0));
        assert_eq!(char_count("一二三四五六七", 5), CharCount::Over(2));
        assert_eq!(char_count("a\r\nb", 5), CharCount::Remaining(2));
    }
}
