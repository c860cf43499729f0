//! Counted lists and server-side search (issue 11): `total` on list pages,
//! and a `search` of type `query` in `site.json` (`GET {path}?q=…` answering
//! a `SearchPage`). Both are optional: a backend without them is checked as
//! before, and these checks skip.

use serde_json::Value;
use url::Url;

use crate::read::Paged;
use crate::report::{Check, Findings, Outcome};
use crate::Ctx;

const TOTALS: (&str, &str) = (
    "items.totals",
    "计数 total on list pages equals the walked count, the same on every page",
);
const SEARCH: (&str, &str) = (
    "search.query",
    "检索 v1/search.json: SearchPages, total of an empty query, a title's word finds its item, offset paging",
);

/// The most pages of 100 read to find an item by a word of its title.
const FIND_PAGES: u64 = 20;

impl Ctx<'_> {
    /// `total` of every list that carries it: the whole list's count, the
    /// same on each of its pages.
    pub(crate) fn check_totals<'p>(
        &mut self,
        lists: impl IntoIterator<Item = (String, &'p Paged)>,
    ) {
        let mut f = Findings::new();
        let mut counted = 0;
        for (name, paged) in lists {
            let given: Vec<(&Url, u64)> = paged
                .totals
                .iter()
                .filter_map(|(url, total)| Some((url, total.as_ref()?.as_u64()?)))
                .collect();
            if given.is_empty() {
                continue;
            }
            counted += 1;
            let walked = paged.entries.len() as u64;
            if given.len() < paged.totals.len() {
                f.warn(format!(
                    "{name}: {} of its {} pages carry total; the others should too",
                    given.len(),
                    paged.totals.len()
                ));
            }
            let mut reported = false;
            for (url, total) in &given {
                if *total != walked && !reported {
                    reported = true;
                    f.fail(format!(
                        "{url} at \"/total\": {total}, but following next gives {walked} entries"
                    ));
                }
            }
            if let Some((first_url, first)) = given.first() {
                if let Some((url, other)) = given.iter().find(|(_, t)| t != first) {
                    f.fail(format!(
                        "{url} at \"/total\": {other}, but {first_url} says {first}; every page of a list has the same total"
                    ));
                }
            }
        }
        if counted == 0 && f.is_ok() {
            self.push(Check::new(
                TOTALS.0,
                TOTALS.1,
                Outcome::Skip,
                "no list page carries total",
            ));
            return;
        }
        self.push(f.into_check(TOTALS.0, TOTALS.1, format!("{counted} lists with total")));
    }

    /// The query endpoint, when `site.json` advertises one; `all` is the
    /// walk of `v1/items.json`.
    pub(crate) fn search_side(&mut self, all: Option<&Paged>) {
        let skip = |note: &str| Check::new(SEARCH.0, SEARCH.1, Outcome::Skip, note);
        let service = self
            .site
            .as_ref()
            .and_then(|s| s.get("search"))
            .filter(|s| !s.is_null())
            .cloned();
        let Some(service) = service else {
            self.push(skip("site.json advertises no search"));
            return;
        };
        match service.get("type").and_then(Value::as_str) {
            Some("query") => {}
            Some(other) => {
                self.push(skip(&format!("search of type {other}, not query")));
                return;
            }
            None => {
                self.push(skip(
                    "site.json's search has no type (reported by the schema)",
                ));
                return;
            }
        }
        let mut f = Findings::new();
        let endpoint = service
            .get("path")
            .and_then(Value::as_str)
            .ok_or_else(|| "site.json at \"/search/path\": no path".to_owned())
            .and_then(|path| self.search_url(path));
        let endpoint = match endpoint {
            Ok(url) => url,
            Err(e) => {
                f.fail(e);
                self.push(f.into_check(SEARCH.0, SEARCH.1, ""));
                return;
            }
        };
        let note = self.check_search(&endpoint, all, &mut f);
        self.push(f.into_check(SEARCH.0, SEARCH.1, note));
    }

    /// `path` against the base: relative, and staying under it.
    fn search_url(&self, path: &str) -> Result<Url, String> {
        let url = self.url(path)?;
        let base = self.cfg.base.as_str();
        if path.starts_with('/') || path.contains("://") || !url.as_str().starts_with(base) {
            return Err(format!(
                "site.json at \"/search/path\": {path:?} must be relative to the API base and stay under it"
            ));
        }
        Ok(url)
    }

    /// One page of the endpoint with these parameters, checked against the
    /// `SearchPage` schema, newest first and public entries only.
    fn search_page(
        &mut self,
        endpoint: &Url,
        params: &[(&str, &str)],
        f: &mut Findings,
    ) -> Option<Value> {
        let mut url = endpoint.clone();
        url.query_pairs_mut().extend_pairs(params);
        let page = match self.get_json(&url) {
            Ok(page) => page,
            Err(e) => {
                f.fail(e);
                return None;
            }
        };
        if !self.validate::<gongkai::api::SearchPage>("SearchPage", &page, &url, f) {
            return None;
        }
        let offset = params
            .iter()
            .find(|(k, _)| *k == "offset")
            .and_then(|(_, v)| v.parse::<u64>().ok())
            .unwrap_or(0);
        let got = page.get("offset").and_then(Value::as_u64).unwrap_or(0);
        if got != offset {
            f.fail(format!(
                "{url} at \"/offset\": {got}, but offset={offset} was asked"
            ));
        }
        let mut last: Option<time::OffsetDateTime> = None;
        for (i, entry) in entries(&page).iter().enumerate() {
            let audience = entry.get("audience").and_then(Value::as_str);
            if audience.is_some_and(|a| a != "public") {
                f.fail(format!(
                    "{url} at \"/items/{i}/audience\": {audience:?}; only public items are ever served"
                ));
            }
            let at = entry
                .get("published_at")
                .and_then(Value::as_str)
                .and_then(|t| {
                    time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339)
                        .ok()
                });
            if let (Some(at), Some(before)) = (at, last) {
                if at > before {
                    f.fail(format!(
                        "{url} at \"/items/{i}/published_at\": later than the entry before it; results are newest first"
                    ));
                }
            }
            last = at.or(last);
        }
        Some(page)
    }

    fn check_search(&mut self, endpoint: &Url, all: Option<&Paged>, f: &mut Findings) -> String {
        // An empty query counts every item.
        let Some(everything) = self.search_page(endpoint, &[("q", ""), ("limit", "10")], f) else {
            return String::new();
        };
        let total = everything.get("total").and_then(Value::as_u64).unwrap_or(0);
        if let Some(all) = all {
            let walked = all.entries.len() as u64;
            if total != walked {
                f.fail(format!(
                    "{endpoint}?q=: total {total}, but v1/items.json lists {walked} items"
                ));
            }
        }
        let first_ten = ids(&everything);

        // Offset paging: two pages of five are the first ten, without repeats.
        let mut paged = Vec::new();
        for offset in ["0", "5"] {
            if let Some(page) = self.search_page(endpoint, &[("limit", "5"), ("offset", offset)], f)
            {
                let page_total = page.get("total").and_then(Value::as_u64).unwrap_or(0);
                if page_total != total {
                    f.fail(format!(
                        "{endpoint}?limit=5&offset={offset}: total {page_total}, but {total} without offset; total does not depend on the page"
                    ));
                }
                if entries(&page).len() > 5 {
                    f.fail(format!(
                        "{endpoint}?limit=5&offset={offset}: {} entries, more than limit=5",
                        entries(&page).len()
                    ));
                }
                paged.extend(ids(&page));
            }
        }
        if paged != first_ten {
            f.fail(format!(
                "{endpoint}: offset=0 and offset=5 with limit=5 give {paged:?}, but limit=10 gives {first_ten:?}"
            ));
        }

        // A word of a listed item's title finds that item.
        let Some((id, word)) = all.and_then(title_word) else {
            return format!("{total} items; no listed title to search for");
        };
        let mut found = false;
        let mut matches = 0;
        for n in 0..FIND_PAGES {
            let offset = (n * 100).to_string();
            let params = [
                ("q", word.as_str()),
                ("limit", "100"),
                ("offset", offset.as_str()),
            ];
            let Some(page) = self.search_page(endpoint, &params, f) else {
                break;
            };
            matches = page.get("total").and_then(Value::as_u64).unwrap_or(0);
            let page_ids = ids(&page);
            found |= page_ids.contains(&id);
            if found || page_ids.is_empty() {
                break;
            }
        }
        if !found {
            f.fail(format!(
                "{endpoint}?q={word}: item {id}, whose title has {word:?}, is not among the {matches} results"
            ));
        }

        // A value that means nothing is refused.
        let mut bad = endpoint.clone();
        bad.query_pairs_mut().append_pair("kind", "no-such-kind");
        match self.http.get(&bad) {
            Ok(r) if r.status == 400 => {}
            Ok(r) => f.warn(format!(
                "{bad}: HTTP {}; a parameter value that means nothing should be 400",
                r.status
            )),
            Err(e) => f.fail(e),
        }
        format!("{total} items; {word:?} finds {id} among {matches}")
    }
}

fn entries(page: &Value) -> &[Value] {
    page.get("items")
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn ids(page: &Value) -> Vec<String> {
    entries(page)
        .iter()
        .filter_map(|e| e.get("id").and_then(Value::as_str).map(str::to_owned))
        .collect()
}

/// A listed item (the middle one of the list) and a word of its title to
/// search for: its longest run without spaces, at most 8 characters.
fn title_word(all: &Paged) -> Option<(String, String)> {
    let entry = all.entries.get(all.entries.len() / 2)?;
    let id = entry.value.get("id")?.as_str()?.to_owned();
    let title = entry.value.get("title")?.as_str()?;
    let run = title.split_whitespace().max_by_key(|w| w.chars().count())?;
    let word: String = run.chars().take(8).collect();
    (!word.is_empty()).then_some((id, word))
}
