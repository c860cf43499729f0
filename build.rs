//! Generates the i18n tables from `locales/*.json` (flat `key → string` maps),
//! and the kiosk's from `locales/kiosk/*.json` (`KioskKey`, `tk!`).
//!
//! * `Key`: one variant per key of the default locale (`zh-Hans`), so
//!   `t!(misspelt_key)` fails to compile.
//! * `args`: each key's placeholder names (`args::key`): `t!(key, n = 1)`
//!   with a name the sentence lacks, or lacking one it has, does not compile.
//! * `Locale`: one variant per file; adding `locales/en.json` adds
//!   `Locale::En`, with its own name (its `locale_name`) for the picker.
//! * Only the default locale's sentences are compiled in (`TABLE_0`). The
//!   others are data (`dist/locales/`, scripts/post-build.mjs), loaded when
//!   chosen (`i18n::loaded`); each must have exactly the default's keys, with
//!   the same placeholders, or the build fails. `TABLE_FP`, the fingerprint
//!   of the key list, lets the app refuse a file made for another build.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

#[path = "src/i18n/fingerprint.rs"]
mod fingerprint;

const DEFAULT_LOCALE: &str = "zh-Hans";
/// The suffix of a key's 长辈模式 wording: shorter, plainer sentences that
/// `te!` shows in its place while 长辈模式 is on.
const ELDER_SUFFIX: &str = "_elder";
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use",
    "where", "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv",
    "typeof", "unsized", "virtual", "yield", "try", "gen",
];

type Table = BTreeMap<String, String>;

fn fail(msg: String) -> ! {
    eprintln!("\n  i18n error: {msg}\n");
    panic!("i18n: {msg}");
}

fn read_locale(path: &Path) -> Table {
    let text = fs::read_to_string(path)
        .unwrap_or_else(|e| fail(format!("cannot read {}: {e}", path.display())));
    let value: serde_json::Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| fail(format!("{} is not valid JSON: {e}", path.display())));
    let Some(map) = value.as_object() else {
        fail(format!(
            "{} must be a flat JSON object of key → string",
            path.display()
        ))
    };
    let mut table = Table::new();
    for (key, value) in map {
        let valid = key.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            && !KEYWORDS.contains(&key.as_str());
        if !valid {
            fail(format!(
                "{}: key `{key}` must be snake_case ([a-z][a-z0-9_]*) and not a Rust keyword",
                path.display()
            ));
        }
        let Some(s) = value.as_str() else {
            fail(format!(
                "{}: the value of `{key}` must be a string",
                path.display()
            ))
        };
        table.insert(key.clone(), s.to_owned());
    }
    table
}

/// The `{name}`s of a sentence, sorted, each once.
fn placeholder_set(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                out.push(&after[..close]);
                rest = &after[close + 1..];
            }
            None => break,
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn variant_name(tag: &str) -> String {
    tag.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut cs = p.chars();
            let first = cs
                .next()
                .map(|c| c.to_ascii_uppercase())
                .unwrap_or_default();
            std::iter::once(first)
                .chain(cs.map(|c| c.to_ascii_lowercase()))
                .collect::<String>()
        })
        .collect()
}

fn main() {
    println!("cargo:rerun-if-changed=locales");
    let locales = read_catalogue(Path::new("locales"));
    let mut out = String::new();
    write_locales(&mut out, &locales);
    write_table(
        &mut out, "Key", "lookup", "TABLE", "locales", "App", &locales,
    );
    write_out("i18n_gen.rs", out);

    // The kiosk's own sentences (shells::kiosk): a table of their own, so
    // the phone site's bundle, which never names them, does not carry them.
    println!("cargo:rerun-if-changed=locales/kiosk");
    let kiosk = read_catalogue(Path::new("locales/kiosk"));
    for (tag, _) in &kiosk {
        if !locales.iter().any(|(t, _)| t == tag) {
            fail(format!(
                "locales/kiosk/{tag}.json has no locales/{tag}.json beside it"
            ));
        }
    }
    for (tag, _) in &locales {
        if !kiosk.iter().any(|(t, _)| t == tag) {
            fail(format!(
                "locales/{tag}.json has no locales/kiosk/{tag}.json: a shipped \
                 language has the kiosk's sentences too"
            ));
        }
    }
    let mut out = String::new();
    write_table(
        &mut out,
        "KioskKey",
        "kiosk_lookup",
        "KIOSK_TABLE",
        "locales/kiosk",
        "Kiosk",
        &kiosk,
    );
    write_out("i18n_kiosk_gen.rs", out);
}

/// The `*.json` files of `dir`, the default locale first, each checked
/// against it: the same keys, each with the same placeholders.
fn read_catalogue(dir: &Path) -> Vec<(String, Table)> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| fail(format!("cannot read {}/: {e}", dir.display())))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut locales: Vec<(String, Table)> = Vec::new();
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let tag = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        locales.push((tag, read_locale(path)));
    }
    // The default locale first.
    let Some(pos) = locales.iter().position(|(tag, _)| tag == DEFAULT_LOCALE) else {
        fail(format!(
            "{}/{DEFAULT_LOCALE}.json (the default locale) is missing",
            dir.display()
        ))
    };
    let default = locales.remove(pos);
    locales.insert(0, default);
    let base = &locales[0].1;

    // 长辈模式's plainer sentences (`key_elder`) stand in for `key`, so
    // they take the same arguments.
    for (key, s) in base {
        let Some(plain) = key.strip_suffix(ELDER_SUFFIX) else {
            continue;
        };
        let Some(plain_s) = base.get(plain) else {
            fail(format!(
                "{}/{DEFAULT_LOCALE}.json: `{key}` is the 长辈模式 wording of \
                 `{plain}`, which it lacks",
                dir.display()
            ))
        };
        let (wanted, given) = (placeholder_set(plain_s), placeholder_set(s));
        if wanted != given {
            fail(format!(
                "{}/{DEFAULT_LOCALE}.json: `{key}` has the placeholders \
                 {given:?}, `{plain}` {wanted:?}",
                dir.display()
            ));
        }
    }

    for (tag, table) in &locales[1..] {
        let file = format!("{}/{tag}.json", dir.display());
        for key in base.keys() {
            if !table.contains_key(key) {
                fail(format!(
                    "{file} lacks `{key}`: a shipped language has every sentence"
                ));
            }
        }
        for (key, s) in table {
            let Some(default_s) = base.get(key) else {
                fail(format!(
                    "{file} has key `{key}` that {}/{DEFAULT_LOCALE}.json lacks \
                     (add it to the default locale first)",
                    dir.display()
                ))
            };
            let (wanted, given) = (placeholder_set(default_s), placeholder_set(s));
            if wanted != given {
                fail(format!(
                    "{file}: `{key}` has the placeholders {given:?}, the \
                     {DEFAULT_LOCALE} sentence {wanted:?}"
                ));
            }
        }
    }
    locales
}

/// `Locale`: one variant per file of `locales/`.
fn write_locales(out: &mut String, locales: &[(String, Table)]) {
    out.push_str("/// The locales found in `locales/`; the first is the default.\n");
    out.push_str(
        "#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]\npub enum Locale {\n",
    );
    for (i, (tag, _)) in locales.iter().enumerate() {
        if i == 0 {
            out.push_str("    #[default]\n");
        }
        let _ = writeln!(out, "    /// `{tag}`\n    {},", variant_name(tag));
    }
    out.push_str("}\n\nimpl Locale {\n    pub const ALL: &'static [Locale] = &[");
    for (tag, _) in locales {
        let _ = write!(out, "Locale::{}, ", variant_name(tag));
    }
    out.push_str("];\n    /// The BCP 47 tag, as in the file name.\n    pub const fn tag(self) -> &'static str {\n        match self {\n");
    for (tag, _) in locales {
        let _ = writeln!(out, "            Locale::{} => {tag:?},", variant_name(tag));
    }
    out.push_str("        }\n    }\n    /// The language's own name (its `locale_name`), for the picker.\n    pub const fn own_name(self) -> &'static str {\n        match self {\n");
    for (tag, table) in locales {
        let name = table.get("locale_name").map(String::as_str).unwrap_or(tag);
        let _ = writeln!(
            out,
            "            Locale::{} => {name:?},",
            variant_name(tag)
        );
    }
    out.push_str("        }\n    }\n}\n\n");
}

/// The key enum `key_type` (one variant per key of the default locale), its
/// names, and `lookup_fn(locale, key)` over static tables named `table`.
/// `locales` is in `Locale`'s order, the default first.
fn write_table(
    out: &mut String,
    key_type: &str,
    lookup_fn: &str,
    table: &str,
    dir: &str,
    part: &str,
    locales: &[(String, Table)],
) {
    let base = &locales[0].1;
    let count = format!("{}_COUNT", table);
    let names = format!("{}_NAMES", table);
    let _ = writeln!(
        out,
        "/// One variant per key of `{dir}/{DEFAULT_LOCALE}.json`."
    );
    let _ = writeln!(out, "#[allow(non_camel_case_types)]\n#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]\n#[repr(u16)]\npub enum {key_type} {{");
    for key in base.keys() {
        let _ = writeln!(out, "    {key},");
    }
    out.push_str("}\n\n");
    let _ = writeln!(out, "pub const {count}: usize = {};\n", base.len());
    let _ = write!(
        out,
        "impl {key_type} {{\n    pub const ALL: [{key_type}; {count}] = ["
    );
    for key in base.keys() {
        let _ = write!(out, "{key_type}::{key}, ");
    }
    let _ = write!(out, "];\n    pub const fn name(self) -> &'static str {{\n        {names}[self as usize]\n    }}\n");
    // 长辈模式's wording of a key (`key_elder`), if it has one (where any
    // key has one: the kiosk's sentences have none).
    let has_elder = |key: &String| base.contains_key(&format!("{key}{ELDER_SUFFIX}"));
    if !base.keys().any(has_elder) {
        out.push_str("}\n\n");
    } else {
        let _ = write!(
            out,
            "    /// The key of this sentence's 长辈模式 wording (`…_elder`), if any.\n    \
         pub const fn elder_wording(self) -> Option<{key_type}> {{\n        match self {{\n"
        );
        for key in base.keys().filter(|k| has_elder(k)) {
            let _ = writeln!(
                out,
                "            {key_type}::{key} => Some({key_type}::{key}{ELDER_SUFFIX}),"
            );
        }
        out.push_str("            _ => None,\n        }\n    }\n}\n\n");
    }
    let _ = write!(out, "const {names}: [&str; {count}] = [");
    for key in base.keys() {
        let _ = write!(out, "{key:?}, ");
    }
    out.push_str("];\n\n");

    // Each key's placeholders, for t!'s compile-time check of its arguments.
    out.push_str(
        "/// Each key's placeholder names, sorted: `t!` checks its arguments\n\
         /// against them at compile time.\n\
         #[allow(non_upper_case_globals)]\npub mod args {\n",
    );
    for (key, s) in base {
        let names = placeholder_set(s);
        let _ = writeln!(out, "    pub const {key}: &[&str] = &{names:?};");
    }
    out.push_str("}\n\n");

    let _ = writeln!(
        out,
        "/// The fingerprint of the key list (`i18n::fingerprint`): a language\n\
         /// loaded as data must have the same.\npub const {table}_FP: u64 = {:#x};\n",
        fingerprint::fingerprint(base.keys().map(String::as_str))
    );
    let _ = write!(out, "/// The string for `key` in `locale`: the loaded language's, else the\n/// default locale's (compiled in).\npub fn {lookup_fn}(locale: Locale, key: {key_type}) -> &'static str {{\n    let i = key as usize;\n    crate::i18n::loaded::string(locale, crate::i18n::loaded::Part::{part}, i).unwrap_or({table}_0[i])\n}}\n\n");
    let _ = writeln!(out, "static {table}_0: [&str; {count}] = [");
    for s in base.values() {
        let _ = writeln!(out, "    {s:?},");
    }
    out.push_str("];\n");
}

fn write_out(name: &str, out: String) {
    let dest = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join(name);
    fs::write(&dest, out).unwrap_or_else(|e| fail(format!("cannot write {}: {e}", dest.display())));
}
