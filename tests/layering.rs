//! Imports run one way (docs: STYLE.md, `src/lib.rs`):
//!
//! ```text
//! contract ← domain ← routes ← api ← i18n ← hooks ← components ← pages ← shells
//! ```
//!
//! Reads every `src/**/*.rs`, finds each `crate::…` path (in `use`, `pub use`,
//! nested `use crate::{a, b::{c, d}}` groups and inline paths such as
//! `crate::hooks::use_api()`) and fails when a module reaches a layer above
//! its own, or when one page imports another (a piece two pages need goes
//! down a layer). Comments are skipped: a doc comment may name any module.
//!
//! `api` is two layers: its contract types (`api/types.rs`, `api/feedback.rs`:
//! serde only) are what the domain rules are written over, so they sit below
//! `domain`; its HTTP half (`api/fetch.rs`, wasm only) sits above it. A
//! `crate::api::Name` counts as HTTP when `api/fetch.rs` defines `Name`.
//!
//! Native only: `cargo test --test layering`.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Bottom to top; a module may import from its own layer and those below.
const LAYERS: [&str; 9] = [
    "contract",
    "domain",
    "routes",
    "api",
    "i18n",
    "hooks",
    "components",
    "pages",
    "shells",
];

/// Imports allowed although they go up, each with its reason. Empty: none
/// is needed today. Entries are (file, imported layer, reason).
const EXCEPTIONS: &[(&str, &str, &str)] = &[];

/// The layer a file under `src/` belongs to; `None` for the crate root
/// (`lib.rs`, `main.rs`, `kiosk_main.rs`), which declares the layers and may
/// use any, and for the kiosk bin's heap probe (`mem_probe.rs`, a module of
/// `kiosk_main.rs` that uses none).
fn file_layer(rel: &str) -> Result<Option<&'static str>, String> {
    let rel = rel.trim_start_matches("src/");
    if rel == "lib.rs" || rel == "main.rs" || rel == "kiosk_main.rs" || rel == "mem_probe.rs" {
        return Ok(None);
    }
    if rel == "api/types.rs" || rel == "api/feedback.rs" {
        return Ok(Some("contract"));
    }
    let top = rel.split('/').next().unwrap_or(rel);
    let top = top.trim_end_matches(".rs");
    module_layer(top).map(Some).ok_or_else(|| {
        format!("src/{rel}: module `{top}` has no layer; add it to tests/layering.rs")
    })
}

/// The layer of a top-level module (or crate-root item such as `t!`).
fn module_layer(name: &str) -> Option<&'static str> {
    Some(match name {
        "domain" => "domain",
        "routes" => "routes",
        "api" => "api",
        "i18n" | "t" | "te" | "tk" => "i18n",
        "hooks" => "hooks",
        "components" => "components",
        "pages" => "pages",
        "shells" | "App" => "shells",
        _ => return None,
    })
}

fn rank(layer: &str) -> usize {
    LAYERS
        .iter()
        .position(|l| *l == layer)
        .expect("a known layer")
}

/// One `crate::` path as written: its first two segments (`["api", "Item"]`,
/// `["pages", "lookup"]`) and the line it starts on.
#[derive(Debug, PartialEq)]
struct CratePath {
    line: usize,
    segments: Vec<String>,
}

/// `text` with `//` and `/* */` comments blanked (line breaks kept) and
/// string and char literals emptied, so neither is read as a path.
fn strip_comments(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let rest = &text[i..];
        if rest.starts_with("//") {
            let end = rest.find('\n').unwrap_or(rest.len());
            i += end;
        } else if rest.starts_with("/*") {
            let end = rest.find("*/").map_or(rest.len(), |e| e + 2);
            out.extend(rest[..end].chars().filter(|&c| c == '\n'));
            i += end;
        } else if rest.starts_with("r#\"") || rest.starts_with("r\"") {
            let hashes = rest[1..].chars().take_while(|&c| c == '#').count();
            let close = format!("\"{}", "#".repeat(hashes));
            let body = &rest[2 + hashes..];
            let end = body
                .find(&close)
                .map_or(rest.len(), |e| 2 + hashes + e + close.len());
            out.push_str("\"\"");
            out.extend(rest[..end].chars().filter(|&c| c == '\n'));
            i += end;
        } else if let Some(len) = char_literal(rest) {
            out.push_str("' '");
            i += len;
        } else if rest.starts_with('"') {
            let mut j = 1;
            let b = rest.as_bytes();
            while j < b.len() && b[j] != b'"' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            let end = (j + 1).min(rest.len());
            out.push_str("\"\"");
            out.extend(rest[..end].chars().filter(|&c| c == '\n'));
            i += end;
        } else {
            let c = rest.chars().next().expect("not at the end");
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// The length of a char literal (`'"'`, `'\''`, `'\u{7f}'`) at the start of
/// `rest`; `None` for anything else, a lifetime (`'a`) included.
fn char_literal(rest: &str) -> Option<usize> {
    let body = rest.strip_prefix('\'')?;
    if let Some(escaped) = body.strip_prefix('\\') {
        let close = escaped.get(1..)?.find('\'')?;
        return Some(1 + 1 + 1 + close + 1);
    }
    let c = body.chars().next()?;
    body[c.len_utf8()..]
        .starts_with('\'')
        .then(|| 1 + c.len_utf8() + 1)
}

/// Every `crate::…` (and `$crate::…`) path in `text`, nested `use` groups
/// expanded, each cut to its first two segments.
fn crate_paths(text: &str) -> Vec<CratePath> {
    let code = strip_comments(text);
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(pos) = code[from..].find("crate::") {
        let at = from + pos;
        from = at + "crate::".len();
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // e.g. `my_crate::`
        }
        let line = code[..at].matches('\n').count() + 1;
        let mut cursor = Cursor {
            text: &code[from..],
            pos: 0,
        };
        for segments in cursor.tree() {
            found.push(CratePath { line, segments });
        }
    }
    found
}

/// A reader of a `use` tree: `a::b`, `a::{b, c::{d}}`, `{a, b}`, `a as x`, `*`.
struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl Cursor<'_> {
    fn skip_space(&mut self) {
        while self.text[self.pos..].starts_with(char::is_whitespace) {
            self.pos += self.text[self.pos..]
                .chars()
                .next()
                .map_or(1, char::len_utf8);
        }
    }

    fn eat(&mut self, token: &str) -> bool {
        self.skip_space();
        let hit = self.text[self.pos..].starts_with(token);
        if hit {
            self.pos += token.len();
        }
        hit
    }

    fn ident(&mut self) -> Option<String> {
        self.skip_space();
        let rest = &self.text[self.pos..];
        let len = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let len = if len == 0 && rest.starts_with('*') {
            1
        } else {
            len
        };
        (len > 0).then(|| {
            self.pos += len;
            rest[..len].to_owned()
        })
    }

    /// The paths of one tree, each as its segments (at most two kept).
    fn tree(&mut self) -> Vec<Vec<String>> {
        if self.eat("{") {
            let mut all = Vec::new();
            loop {
                if self.eat("}") {
                    break;
                }
                let before = self.pos;
                all.extend(self.tree());
                if !self.eat(",") {
                    self.eat("}");
                    break;
                }
                if self.pos == before {
                    break;
                }
            }
            return all;
        }
        let Some(head) = self.ident() else {
            return Vec::new();
        };
        if !self.eat("::") {
            return vec![vec![head]];
        }
        if self.text[self.pos..].trim_start().starts_with('{') {
            return self
                .tree()
                .into_iter()
                .map(|rest| {
                    let mut path = vec![head.clone()];
                    path.extend(rest.into_iter().take(1));
                    path
                })
                .collect();
        }
        match self.ident() {
            Some(next) => {
                // Deeper segments do not change the layer: skip them.
                while self.eat("::") {
                    if self.text[self.pos..].trim_start().starts_with('{') {
                        self.tree();
                        break;
                    }
                    if self.ident().is_none() {
                        break;
                    }
                }
                vec![vec![head, next]]
            }
            None => vec![vec![head]],
        }
    }
}

/// The names `src/api/fetch.rs` defines: the HTTP half of `api`.
fn http_names(fetch_rs: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for line in strip_comments(fetch_rs).lines() {
        let line = line.trim_start();
        let Some(rest) = line.strip_prefix("pub ") else {
            continue;
        };
        let rest = rest.trim_start_matches("async ");
        for kw in [
            "fn ", "struct ", "enum ", "type ", "const ", "static ", "trait ",
        ] {
            if let Some(name) = rest.strip_prefix(kw) {
                let end = name
                    .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .unwrap_or(name.len());
                names.insert(name[..end].to_owned());
            }
        }
    }
    names
}

/// The layer a `crate::` path reaches.
fn target_layer(segments: &[String], http: &BTreeSet<String>) -> Result<&'static str, String> {
    let first = segments.first().map(String::as_str).unwrap_or("");
    if first == "api" {
        return Ok(match segments.get(1).map(String::as_str) {
            Some("types" | "feedback") => "contract",
            Some(name) if !http.contains(name) && name != "self" && name != "*" => "contract",
            _ => "api",
        });
    }
    module_layer(first).ok_or_else(|| format!("`crate::{first}` has no layer"))
}

/// The problems in one file: `rel` is its path (`src/…`).
fn check_file(rel: &str, text: &str, http: &BTreeSet<String>) -> Vec<String> {
    let own = match file_layer(rel) {
        Ok(Some(layer)) => layer,
        Ok(None) => return Vec::new(),
        Err(e) => return vec![e],
    };
    let own_page = rel
        .strip_prefix("src/pages/")
        .map(|p| p.trim_end_matches(".rs").split('/').next().unwrap_or(p));
    let mut problems = Vec::new();
    for path in crate_paths(text) {
        let shown = format!("crate::{}", path.segments.join("::"));
        let target = match target_layer(&path.segments, http) {
            Ok(t) => t,
            Err(e) => {
                problems.push(format!("{rel}:{}: {e} (in `{shown}`)", path.line));
                continue;
            }
        };
        let excepted = EXCEPTIONS
            .iter()
            .any(|(file, layer, _)| *file == rel && *layer == target);
        if rank(target) > rank(own) && !excepted {
            problems.push(format!(
                "{rel}:{}: `{shown}` imports from layer `{target}`, above this file's layer `{own}`",
                path.line
            ));
        }
        if let (Some(page), "pages", Some(other)) = (own_page, target, path.segments.get(1)) {
            if page != "mod" && other != page && other != "self" && other != "*" {
                problems.push(format!(
                    "{rel}:{}: `{shown}`: page `{page}` imports page `{other}`; \
                     move what both need down a layer",
                    path.line
                ));
            }
        }
    }
    problems
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("read src/")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_module_imports_from_a_layer_above_its_own() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let http =
        http_names(&std::fs::read_to_string(root.join("src/api/fetch.rs")).expect("fetch.rs"));
    assert!(http.contains("Api") && !http.contains("Item"), "{http:?}");
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    assert!(files.len() > 50, "found only {} files", files.len());
    let mut problems = Vec::new();
    for file in &files {
        let rel = file
            .strip_prefix(root)
            .expect("under the crate")
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(file).expect("a source file");
        problems.extend(check_file(&rel, &text, &http));
    }
    assert!(
        problems.is_empty(),
        "{} import(s) against the layers ({}):\n{}",
        problems.len(),
        LAYERS.join(" ← "),
        problems.join("\n")
    );
}

#[cfg(test)]
mod checker {
    use super::*;

    fn http() -> BTreeSet<String> {
        http_names("pub struct Api;\npub async fn config() {}\npub type ApiResult<T> = T;\n")
    }

    fn check(rel: &str, text: &str) -> Vec<String> {
        check_file(rel, text, &http())
    }

    fn paths(text: &str) -> Vec<String> {
        crate_paths(text)
            .into_iter()
            .map(|p| format!("{}:{}", p.line, p.segments.join("::")))
            .collect()
    }

    #[test]
    fn reads_plain_nested_and_inline_paths() {
        let text = "use crate::api::{self, Api, Item};\n\
                    pub use crate::{domain::filters::{Filters, KindFilter}, hooks::use_api};\n\
                    fn f() { crate::components::home_href(); }\n\
                    use crate::t;\n\
                    macro_rules! m { () => { $crate::i18n::tr() } }\n\
                    use crate::pages::{\n    board::BoardPage,\n    item::ItemPage,\n};\n";
        assert_eq!(
            paths(text),
            [
                "1:api::self",
                "1:api::Api",
                "1:api::Item",
                "2:domain::filters",
                "2:hooks::use_api",
                "3:components::home_href",
                "4:t",
                "5:i18n::tr",
                "6:pages::board",
                "6:pages::item",
            ]
        );
    }

    #[test]
    fn skips_comments_strings_and_other_crates() {
        let text = "/// See [`x`](crate::pages::home).\n\
                    // crate::shells::web\n\
                    /* crate::pages::item */\n\
                    let s = \"crate::pages::lookup\";\n\
                    use other_crate::pages;\n";
        assert!(paths(text).is_empty(), "{:?}", paths(text));
        // A quote in a char literal opens no string; lifetimes are not chars.
        let text = "let q = '\"'; let e = '\\''; fn f<'a>(x: &'a str) {}\ncrate::hooks::a();";
        assert_eq!(paths(text), ["2:hooks::a"]);
    }

    #[test]
    fn catches_back_imports() {
        let bad = check(
            "src/components/load_state.rs",
            "use crate::api::ApiError;\nuse crate::pages::not_found::NotFound;\n",
        );
        assert_eq!(bad.len(), 1, "{bad:?}");
        assert!(
            bad[0].starts_with("src/components/load_state.rs:2: `crate::pages::not_found`")
                && bad[0].contains("layer `pages`")
                && bad[0].contains("layer `components`"),
            "{bad:?}"
        );
        // Inside a group, in a `pub use`, and inline.
        assert_eq!(
            check(
                "src/hooks/x.rs",
                "pub use crate::{domain::a, components::b};"
            )
            .len(),
            1
        );
        assert_eq!(
            check("src/domain/x.rs", "fn f() { crate::hooks::use_clock(); }").len(),
            1
        );
        // The old app module is not a layer at all.
        assert!(check("src/pages/x.rs", "use crate::app::use_api;")[0].contains("no layer"));
        // Down and sideways within a layer are fine.
        assert!(check(
            "src/pages/board.rs",
            "use crate::components::x;\nuse crate::hooks::y;\nuse crate::routes::z;\nuse crate::t;"
        )
        .is_empty());
        assert!(check("src/components/a.rs", "use crate::components::b::B;").is_empty());
    }

    #[test]
    fn api_contract_types_sit_below_domain_and_its_http_above() {
        assert!(check("src/domain/x.rs", "use crate::api::{Item, Publicity};").is_empty());
        assert!(check("src/domain/x.rs", "use crate::api::types::Item;").is_empty());
        assert_eq!(
            check("src/domain/x.rs", "use crate::api::{Item, Api};").len(),
            1
        );
        assert_eq!(check("src/domain/x.rs", "use crate::api::{self};").len(), 1);
        assert_eq!(
            check("src/api/types.rs", "use crate::domain::x::Y;").len(),
            1
        );
        assert!(check("src/api/fetch.rs", "use crate::domain::x::Y;").is_empty());
        assert!(check("src/routes/mod.rs", "use crate::api::FeedbackKind;").is_empty());
        assert_eq!(
            check("src/routes/mod.rs", "use crate::api::config;").len(),
            1
        );
    }

    #[test]
    fn pages_do_not_import_each_other() {
        let bad = check(
            "src/pages/feedback_sent.rs",
            "use crate::pages::lookup::remember_lookup_code;",
        );
        assert_eq!(bad.len(), 1);
        assert!(
            bad[0].contains("page `feedback_sent` imports page `lookup`"),
            "{bad:?}"
        );
        assert!(check(
            "src/pages/mod.rs",
            "pub use crate::pages::board::BoardPage;"
        )
        .is_empty());
        assert!(check("src/shells/web.rs", "use crate::pages::board::BoardPage;").is_empty());
    }

    #[test]
    fn every_layer_is_known_and_exceptions_give_a_reason() {
        for (file, layer, reason) in EXCEPTIONS {
            assert!(LAYERS.contains(layer), "{file}: {layer}");
            assert!(!reason.trim().is_empty(), "{file}: no reason");
        }
        assert!(file_layer("src/kiosk.rs").is_err());
        assert_eq!(file_layer("src/lib.rs"), Ok(None));
        assert_eq!(file_layer("src/i18n/format.rs"), Ok(Some("i18n")));
        assert_eq!(file_layer("src/api/fetch.rs"), Ok(Some("api")));
        assert_eq!(file_layer("src/api/feedback.rs"), Ok(Some("contract")));
    }
}
