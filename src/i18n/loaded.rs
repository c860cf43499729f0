//! The languages other than the default, loaded as data when chosen: the
//! default's sentences are compiled in, the others are `locales/<tag>.json`
//! beside the app (and `kiosk/locales/…` for the kiosk), fetched by
//! `hooks::use_i18n` and installed here. A file is taken only when its keys
//! are exactly the build's (their fingerprint), so a file from another
//! build never puts one key's sentence under another's name; then every
//! string lives for the page's life, as the compiled ones do.

use std::cell::RefCell;

use super::fingerprint::fingerprint;
use super::Locale;

/// Which catalogue: the app's (`t!`) or the kiosk's (`tk!`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    App,
    Kiosk,
}

impl Part {
    /// The number of keys and their fingerprint in this build.
    fn shape(self) -> (usize, u64) {
        match self {
            Part::App => (super::TABLE_COUNT, super::TABLE_FP),
            Part::Kiosk => (
                super::kiosk::KIOSK_TABLE_COUNT,
                super::kiosk::KIOSK_TABLE_FP,
            ),
        }
    }
}

/// Why a language's file was not taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CatalogueError {
    /// Not a flat JSON object of strings.
    NotCatalogue,
    /// Its keys are not this build's.
    OtherKeys,
}

type Table = &'static [&'static str];

thread_local! {
    static LOADED: RefCell<Vec<(Locale, Part, Table)>> = const { RefCell::new(Vec::new()) };
}

/// Installs `json` (a `locales/<tag>.json` file) as `locale`'s `part`.
pub fn install(locale: Locale, part: Part, json: &str) -> Result<(), CatalogueError> {
    let mut entries = entries(json).ok_or(CatalogueError::NotCatalogue)?;
    // In key order (byte order, as build.rs numbers the keys).
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let (count, fp) = part.shape();
    if entries.len() != count || fingerprint(entries.iter().map(|(k, _)| k.as_str())) != fp {
        return Err(CatalogueError::OtherKeys);
    }
    let strings: Vec<&'static str> = entries.into_iter().map(|(_, s)| &*s.leak()).collect();
    let table: Table = strings.leak();
    LOADED.with_borrow_mut(|loaded| {
        loaded.retain(|(l, p, _)| !(*l == locale && *p == part));
        loaded.push((locale, part, table));
    });
    Ok(())
}

/// A flat JSON object's keys and strings, or `None` if it is not one.
/// In the browser, its own parser (no serde code in the wasm for a map);
/// natively, serde_json's.
#[cfg(target_arch = "wasm32")]
fn entries(json: &str) -> Option<Vec<(String, String)>> {
    use wasm_bindgen::JsCast;
    let value = js_sys::JSON::parse(json).ok()?;
    if !value.is_object() || js_sys::Array::is_array(&value) {
        return None;
    }
    js_sys::Object::entries(value.unchecked_ref())
        .iter()
        .map(|pair| {
            let pair: js_sys::Array = pair.unchecked_into();
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect()
}

#[cfg(not(target_arch = "wasm32"))]
fn entries(json: &str) -> Option<Vec<(String, String)>> {
    let map: std::collections::BTreeMap<String, String> = serde_json::from_str(json).ok()?;
    Some(map.into_iter().collect())
}

/// Whether `locale`'s `part` can be shown: the default always can.
pub fn is_loaded(locale: Locale, part: Part) -> bool {
    locale == Locale::default() || table(locale, part).is_some()
}

fn table(locale: Locale, part: Part) -> Option<Table> {
    LOADED.with_borrow(|loaded| {
        loaded
            .iter()
            .find(|(l, p, _)| *l == locale && *p == part)
            .map(|(_, _, t)| *t)
    })
}

/// The loaded string `i` of `locale`'s `part`; `None` for the default
/// (compiled in), at once, as every `t!` of it asks.
pub fn string(locale: Locale, part: Part, i: usize) -> Option<&'static str> {
    if locale == Locale::default() {
        return None;
    }
    table(locale, part)?.get(i).copied()
}

/// Where `locale`'s `part` is, relative to the app's base URL: the kiosk
/// keeps its own copies in its folder, which its service worker caches.
pub fn catalogue_path(locale: Locale, part: Part, kiosk_shell: bool) -> String {
    let folder = if kiosk_shell {
        "kiosk/locales"
    } else {
        "locales"
    };
    match part {
        Part::App => format!("{folder}/{}.json", locale.tag()),
        Part::Kiosk => format!("{folder}/kiosk-{}.json", locale.tag()),
    }
}

/// Installs every shipped language from the source files, for native
/// tests of what each language says.
#[cfg(test)]
pub fn install_all_for_tests() {
    for &locale in Locale::ALL.iter().skip(1) {
        let app = std::fs::read_to_string(format!("locales/{}.json", locale.tag())).unwrap();
        install(locale, Part::App, &app).unwrap();
        let kiosk =
            std::fs::read_to_string(format!("locales/kiosk/{}.json", locale.tag())).unwrap();
        install(locale, Part::Kiosk, &kiosk).unwrap();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_with_other_keys_is_refused() {
        let Some(&other) = Locale::ALL.get(1) else {
            return;
        };
        assert_eq!(
            install(other, Part::App, r#"{"retry": "Retry"}"#),
            Err(CatalogueError::OtherKeys)
        );
        assert_eq!(
            install(other, Part::App, "[1, 2]"),
            Err(CatalogueError::NotCatalogue)
        );
        assert!(!is_loaded(other, Part::App));
    }

    #[test]
    fn a_shipped_language_installs_and_is_read_by_key() {
        let Some(&other) = Locale::ALL.get(1) else {
            return;
        };
        install_all_for_tests();
        assert!(is_loaded(other, Part::App));
        // Every key has the loaded language's own sentence.
        for key in super::super::Key::ALL {
            assert!(
                string(other, Part::App, key as usize).is_some(),
                "{}",
                key.name()
            );
        }
        assert_eq!(
            super::super::lookup(other, super::super::Key::locale_name),
            other.own_name()
        );
    }
}
