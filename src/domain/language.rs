//! Which of the app's languages a reader gets: the link's `?lang=` first
//! (a shared link opens in the language it was shared in), then the choice
//! kept on the device, then the site's declared `languages`, then the
//! browser's `navigator.languages`; the default when none matches.
//!
//! Tags are matched as BCP 47 says people mean them: `zh-TW`, `zh-HK` and
//! `zh-MO` are Traditional script (`zh-Hant`), `zh-CN`, `zh-SG` and a bare
//! `zh` Simplified (`zh-Hans`), `en-GB` is `en`. Plain Rust over the tags,
//! so the rule is tested natively; `i18n::Locale` lists what exists.

/// Where a reader's language may come from, strongest first.
#[derive(Clone, Copy, Debug, Default)]
pub struct LanguageSources<'a> {
    /// `?lang=` of the address.
    pub query: Option<&'a str>,
    /// The choice kept on the device.
    pub saved: Option<&'a str>,
    /// `site.json`'s `languages`, the site's first.
    pub site: &'a [String],
    /// `navigator.languages`.
    pub browser: &'a [String],
}

/// The index in `available` (tags such as `zh-Hans`, `zh-Hant`, `en`) of
/// the first source that names one of them, or `None` for the default.
pub fn negotiate(sources: &LanguageSources<'_>, available: &[&str]) -> Option<usize> {
    let one = |tag: Option<&str>| tag.and_then(|t| best_match(t, available));
    one(sources.query)
        .or_else(|| one(sources.saved))
        .or_else(|| sources.site.iter().find_map(|t| best_match(t, available)))
        .or_else(|| {
            sources
                .browser
                .iter()
                .find_map(|t| best_match(t, available))
        })
}

/// The index in `available` of the language `tag` asks for: the same tag
/// (any case), else the same language and script, where a region implies
/// its script for Chinese.
pub fn best_match(tag: &str, available: &[&str]) -> Option<usize> {
    let tag = tag.trim();
    if tag.is_empty() {
        return None;
    }
    if let Some(i) = available.iter().position(|a| a.eq_ignore_ascii_case(tag)) {
        return Some(i);
    }
    let wanted = Parts::of(tag);
    available.iter().position(|a| {
        let have = Parts::of(a);
        have.language == wanted.language && have.script == wanted.script
    })
}

/// A tag's language and script, lower case, with the script a Chinese
/// region or none implies.
#[derive(Debug, PartialEq, Eq)]
struct Parts {
    language: String,
    script: Option<String>,
}

impl Parts {
    fn of(tag: &str) -> Parts {
        let mut subtags = tag.split(['-', '_']).map(str::to_ascii_lowercase);
        let language = subtags.next().unwrap_or_default();
        let mut script = None;
        let mut region = None;
        for s in subtags {
            if s.len() == 4 && s.chars().all(|c| c.is_ascii_alphabetic()) && script.is_none() {
                script = Some(s);
            } else if (s.len() == 2 && s.chars().all(|c| c.is_ascii_alphabetic()))
                || (s.len() == 3 && s.chars().all(|c| c.is_ascii_digit()))
            {
                region.get_or_insert(s);
            }
        }
        if language == "zh" && script.is_none() {
            script = Some(match region.as_deref() {
                Some("tw" | "hk" | "mo") => "hant".to_owned(),
                _ => "hans".to_owned(),
            });
        }
        Parts { language, script }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AVAILABLE: &[&str] = &["zh-Hans", "zh-Hant", "en"];

    fn tags(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn tags_match_as_readers_mean_them() {
        let cases = [
            ("zh-Hans", Some(0)),
            ("ZH-hant", Some(1)),
            ("zh", Some(0)),
            ("zh-CN", Some(0)),
            ("zh_SG", Some(0)),
            ("zh-TW", Some(1)),
            ("zh-HK", Some(1)),
            ("zh-Hant-HK", Some(1)),
            ("zh-Hans-HK", Some(0)),
            ("en", Some(2)),
            ("en-GB", Some(2)),
            ("EN-us", Some(2)),
            ("ug", None),
            ("fr-FR", None),
            ("", None),
        ];
        for (tag, want) in cases {
            assert_eq!(best_match(tag, AVAILABLE), want, "{tag}");
        }
    }

    #[test]
    fn the_sources_in_their_order() {
        let site = tags(&["zh-Hant"]);
        let browser = tags(&["fr", "en-US", "zh-CN"]);
        let all = LanguageSources {
            query: Some("en"),
            saved: Some("zh-Hans"),
            site: &site,
            browser: &browser,
        };
        assert_eq!(negotiate(&all, AVAILABLE), Some(2), "the link first");
        let no_query = LanguageSources { query: None, ..all };
        assert_eq!(
            negotiate(&no_query, AVAILABLE),
            Some(0),
            "then the saved choice"
        );
        let no_saved = LanguageSources {
            saved: None,
            ..no_query
        };
        assert_eq!(negotiate(&no_saved, AVAILABLE), Some(1), "then the site");
        let no_site = LanguageSources {
            site: &[],
            ..no_saved
        };
        assert_eq!(
            negotiate(&no_site, AVAILABLE),
            Some(2),
            "then the browser's first known language"
        );
        assert_eq!(negotiate(&LanguageSources::default(), AVAILABLE), None);
    }

    #[test]
    fn an_unknown_choice_does_not_hide_the_next_source() {
        let site = tags(&["ug", "zh-Hant"]);
        let sources = LanguageSources {
            query: Some("xx"),
            saved: Some(""),
            site: &site,
            browser: &[],
        };
        assert_eq!(negotiate(&sources, AVAILABLE), Some(1));
    }
}
