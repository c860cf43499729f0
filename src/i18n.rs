//! Every user-facing string, by key, from `locales/*.json` (see `build.rs`).
//!
//! `t!(key)` gives the string of the current locale (`&'static str`),
//! `t!(key, name = value, …)` fills `{name}` placeholders (`String`). A key
//! that is not in `locales/zh-Hans.json` does not compile.
//!
//! The current locale is held in a `Locale` signal provided as context by the
//! shell (`hooks::use_i18n`); the shell re-renders when it changes, so the
//! strings read by `t!` are always the ones of the chosen locale.
//!
//! Layer: above `api` (it puts `api`'s errors into words), below `hooks`.

mod field_errors;
mod filter_choices;
mod fingerprint;
mod format;
mod kiosk_words;
pub mod loaded;
mod theme_words;
pub use field_errors::*;
pub use filter_choices::*;
pub use format::*;
pub use kiosk_words::kiosk_problem;
pub use theme_words::theme_refusal_text;

use std::cell::Cell;

include!(concat!(env!("OUT_DIR"), "/i18n_gen.rs"));

/// The kiosk's own sentences (`locales/kiosk/*.json`), in a table of their
/// own: only the kiosk's bundle names them, so the phone site does not carry
/// them. `tk!` reads them as `t!` reads the rest.
pub mod kiosk {
    use super::Locale;

    include!(concat!(env!("OUT_DIR"), "/i18n_kiosk_gen.rs"));

    /// The kiosk string for `key` in the current locale.
    pub fn tr(key: KioskKey) -> &'static str {
        kiosk_lookup(super::current_locale(), key)
    }
}

thread_local! {
    static CURRENT: Cell<Locale> = Cell::new(Locale::default());
}

/// The locale `t!` reads from.
pub fn current_locale() -> Locale {
    CURRENT.with(Cell::get)
}

/// Makes `locale` the one `t!` reads from (`hooks::I18n::set` calls this).
pub fn set_current_locale(locale: Locale) {
    CURRENT.with(|c| c.set(locale));
}

/// `f`'s result with `locale` as the one `t!` reads from, then back: words
/// for content in its own language (读给我听 reads a notice's dates in the
/// notice's language, whatever the pages are in).
pub fn with_locale<T>(locale: Locale, f: impl FnOnce() -> T) -> T {
    let before = current_locale();
    set_current_locale(locale);
    let out = f();
    set_current_locale(before);
    out
}

/// A user-facing message for an error (errors are types until here).
#[cfg(target_arch = "wasm32")]
pub fn error_message(error: &crate::api::ApiError) -> &'static str {
    use crate::api::ApiError;
    match error {
        ApiError::Network(_) => crate::t!(error_network),
        ApiError::CrossOrigin(_) => crate::t!(error_cross_origin),
        ApiError::Status(s) if *s >= 500 => crate::t!(error_server),
        ApiError::Status(_) => crate::t!(error_http),
        ApiError::NotFound => crate::t!(error_not_found),
        ApiError::BadData(_) => crate::t!(error_bad_data),
    }
}

/// The string for `key` in the current locale.
pub fn tr(key: Key) -> &'static str {
    lookup(current_locale(), key)
}

/// Replaces each `{name}` in `template` with its value; unknown placeholders
/// are left as they are.
pub fn fill(template: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 8);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => {
                        use std::fmt::Write as _;
                        let _ = write!(out, "{value}");
                    }
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Stops the build unless `given` (a `t!`'s argument names) are exactly the
/// placeholders of the sentence (`wanted`, sorted, from `args`): every one
/// given once, none missing, none unknown. Runs in a `const`, so a
/// misspelt or forgotten argument is a compile error, not a `{name}` left
/// in the page.
pub const fn check_args(wanted: &[&str], given: &[&str]) {
    if given.len() != wanted.len() {
        panic!("t!: the arguments are not the sentence's placeholders (one is missing or extra)");
    }
    let mut i = 0;
    while i < given.len() {
        let mut found = false;
        let mut j = 0;
        while j < wanted.len() {
            if str_eq(given[i], wanted[j]) {
                found = true;
            }
            j += 1;
        }
        if !found {
            panic!("t!: an argument names no placeholder of the sentence");
        }
        let mut k = i + 1;
        while k < given.len() {
            if str_eq(given[i], given[k]) {
                panic!("t!: an argument is given twice");
            }
            k += 1;
        }
        i += 1;
    }
}

/// Stops the build unless `key` has a 长辈模式 wording (`te!`).
pub const fn has_elder_wording(key: Key) {
    if key.elder_wording().is_none() {
        panic!("te!: the sentence has no 长辈模式 wording (a `…_elder` key in locales/)");
    }
}

impl Key {
    /// This sentence, or its 长辈模式 wording while `elder`.
    pub fn for_elder(self, elder: bool) -> Key {
        match self.elder_wording() {
            Some(plain) if elder => plain,
            _ => self,
        }
    }
}

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

impl Locale {
    /// The locale for a BCP 47 tag (case-insensitive), e.g. from `site.languages`.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        Locale::ALL
            .iter()
            .copied()
            .find(|l| l.tag().eq_ignore_ascii_case(tag))
    }

    /// The first of the app's locales that `sources` ask for
    /// ([`crate::domain::language::negotiate`]), or `None` for the default.
    pub fn negotiate(sources: &crate::domain::language::LanguageSources<'_>) -> Option<Locale> {
        let tags: Vec<&str> = Locale::ALL.iter().map(|l| l.tag()).collect();
        crate::domain::language::negotiate(sources, &tags).map(|i| Locale::ALL[i])
    }
}

/// The language of a site's content: the first of its declared `languages`
/// that the app has (`domain::language`), else the default. A site that
/// declares none writes in the default.
pub fn content_locale(languages: &[String]) -> Locale {
    Locale::negotiate(&crate::domain::language::LanguageSources {
        site: languages,
        ..Default::default()
    })
    .unwrap_or_default()
}

/// `t!(key)` → `&'static str`; `t!(key, n = 3)` → `String` with `{n}` filled.
#[macro_export]
macro_rules! t {
    ($key:ident) => {{
        const _: () = $crate::i18n::check_args($crate::i18n::args::$key, &[]);
        $crate::i18n::tr($crate::i18n::Key::$key)
    }};
    ($key:ident, $($name:ident = $value:expr),+ $(,)?) => {{
        const _: () = $crate::i18n::check_args(
            $crate::i18n::args::$key,
            &[$(stringify!($name)),+],
        );
        $crate::i18n::fill(
            $crate::i18n::tr($crate::i18n::Key::$key),
            &[$((stringify!($name), &$value as &dyn ::std::fmt::Display)),+],
        )
    }};
}

/// `te!(elder, key)`, `te!(elder, key, n = 3)`: [`t!`], in 长辈模式's
/// shorter, plainer wording (`key_elder`, with the same placeholders) while
/// `elder` is true. A key without that wording does not compile.
#[macro_export]
macro_rules! te {
    ($elder:expr, $key:ident) => {{
        const _: () = $crate::i18n::has_elder_wording($crate::i18n::Key::$key);
        const _: () = $crate::i18n::check_args($crate::i18n::args::$key, &[]);
        $crate::i18n::tr($crate::i18n::Key::$key.for_elder($elder))
    }};
    ($elder:expr, $key:ident, $($name:ident = $value:expr),+ $(,)?) => {{
        const _: () = $crate::i18n::has_elder_wording($crate::i18n::Key::$key);
        const _: () = $crate::i18n::check_args(
            $crate::i18n::args::$key,
            &[$(stringify!($name)),+],
        );
        $crate::i18n::fill(
            $crate::i18n::tr($crate::i18n::Key::$key.for_elder($elder)),
            &[$((stringify!($name), &$value as &dyn ::std::fmt::Display)),+],
        )
    }};
}

/// `tk!(key)`: [`t!`] for the kiosk's sentences (`locales/kiosk/`).
#[macro_export]
macro_rules! tk {
    ($key:ident) => {
        $crate::i18n::kiosk::tr($crate::i18n::kiosk::KioskKey::$key)
    };
    ($key:ident, $($name:ident = $value:expr),+ $(,)?) => {{
        const _: () = $crate::i18n::check_args(
            $crate::i18n::kiosk::args::$key,
            &[$(stringify!($name)),+],
        );
        $crate::i18n::fill(
            $crate::i18n::kiosk::tr($crate::i18n::kiosk::KioskKey::$key),
            &[$((stringify!($name), &$value as &dyn ::std::fmt::Display)),+],
        )
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kiosk_key_has_a_default_string() {
        for key in kiosk::KioskKey::ALL {
            assert!(
                !kiosk::kiosk_lookup(Locale::default(), key).is_empty(),
                "{}",
                key.name()
            );
        }
    }

    #[test]
    fn every_key_has_a_default_string() {
        for key in Key::ALL {
            assert!(!lookup(Locale::default(), key).is_empty(), "{}", key.name());
        }
    }

    #[test]
    fn default_is_zh_hans() {
        assert_eq!(Locale::default().tag(), "zh-Hans");
        assert_eq!(Locale::from_tag("ZH-hans"), Some(Locale::default()));
        assert_eq!(Locale::from_tag("xx"), None);
    }

    #[test]
    fn fill_replaces_placeholders() {
        assert_eq!(fill("共 {n} 条", &[("n", &3)]), "共 3 条");
        assert_eq!(fill("{a}{b}{a}", &[("a", &"x"), ("b", &1)]), "x1x");
        assert_eq!(fill("{unknown} {", &[("n", &3)]), "{unknown} {");
    }

    #[test]
    fn elder_mode_wording_is_shorter_in_every_language_and_takes_its_place() {
        let with_elder: Vec<Key> = Key::ALL
            .into_iter()
            .filter(|k| k.elder_wording().is_some())
            .collect();
        // The key flows: objecting, the sent page, looking up a 留言码.
        assert!(with_elder.len() >= 23, "{}", with_elder.len());
        for file in [
            include_str!("../locales/zh-Hans.json"),
            include_str!("../locales/zh-Hant.json"),
            include_str!("../locales/en.json"),
        ] {
            let table: std::collections::BTreeMap<String, String> =
                serde_json::from_str(file).unwrap();
            for &key in &with_elder {
                let elder = key.elder_wording().unwrap();
                let (usual, plain) = (&table[key.name()], &table[elder.name()]);
                assert!(
                    plain.chars().count() < usual.chars().count(),
                    "{}: {plain:?} is not shorter than {usual:?}",
                    elder.name()
                );
            }
        }
        assert_eq!(
            Key::lookup_explain_replied.for_elder(false),
            Key::lookup_explain_replied
        );
        assert_eq!(
            crate::te!(true, lookup_explain_replied),
            "已经答复。请看答复，再说说满不满意。"
        );
        assert_eq!(
            crate::te!(true, sent_next_deadline, date = "12月8日", n = 5),
            "最迟12月8日前答复（5 个工作日，节假日不算）。"
        );
        assert_eq!(
            crate::te!(false, sent_next_deadline, date = "12月8日", n = 5),
            "最迟在12月8日前答复（5 个工作日内，节假日不计）。"
        );
    }

    #[test]
    fn macro_formats() {
        assert_eq!(crate::t!(result_count, n = 12), "共 12 条");
        assert_eq!(crate::t!(retry), "重试");
    }
}
