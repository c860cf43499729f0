//! The read side: site, organisations, item lists and paging, items,
//! attachments, calendars, content types.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde::de::DeserializeOwned;
use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime, Weekday};
use url::Url;

use crate::report::{Check, Findings, Outcome};
use crate::Ctx;

const SITE: (&str, &str) = ("site", "站点信息 v1/site.json is a Site");
const ORGS: (&str, &str) = ("orgs", "党组织 v1/orgs.json is an OrgList");
const TREE: (&str, &str) = (
    "orgs.tree",
    "组织树 every parent exists, root_org is the one root, no cycles",
);
const LIST: (&str, &str) = (
    "items.list",
    "事项列表 v1/items.json: ItemPages, paging by next ends, ids unique, orgs and categories known",
);
const ORG_LISTS: (&str, &str) = (
    "items.org-lists",
    "组织事项列表 v1/orgs/{org}/items.json: the same, and only that org's own items",
);
const DETAIL: (&str, &str) = (
    "items.detail",
    "事项全文 v1/items/{id}.json: every listed id is an Item with that id",
);
const SUPERSEDED: (&str, &str) = (
    "items.superseded",
    "更正替代 superseded_by names an item that is served",
);
const NOT_FOUND: (&str, &str) = (
    "items.not-found",
    "不存在的事项 an unknown item id answers 404 (or 410)",
);
const ATTACHMENTS: (&str, &str) = (
    "attachments",
    "附件 every attachment answers 200; size matches Content-Length",
);
const TYPES: (&str, &str) = (
    "content-type",
    "内容类型 JSON documents are served as application/json",
);

/// An id that no backend should have.
const NO_SUCH_ITEM: &str = "gongkai-conformance-no-such-item";

/// One entry of a paged list, where it was found.
pub(crate) struct Entry {
    pub page: Url,
    pub pointer: String,
    pub value: Value,
}

impl Entry {
    fn at(&self) -> String {
        format!("{} at \"{}\"", self.page, self.pointer)
    }

    fn str(&self, key: &str) -> Option<&str> {
        self.value.get(key).and_then(Value::as_str)
    }
}

/// A list read by following `next`.
pub(crate) struct Paged {
    pub pages: usize,
    pub entries: Vec<Entry>,
    /// Each page's `total`, where it has one.
    pub totals: Vec<(Url, Option<Value>)>,
}

/// Whether the app's own types read `value`; a document valid by the schema
/// that the app cannot read is a gap between `openapi.yaml` and the app.
pub(crate) fn app_reads<T: DeserializeOwned>(
    value: &Value,
    url: &Url,
    type_name: &str,
    f: &mut Findings,
) {
    if let Err(e) = T::deserialize(value) {
        f.fail(format!(
            "{url}: valid by the schema, but the app cannot read it as {type_name}: {e}"
        ));
    }
}

/// The entries of a list page (`schema` one of the list schemas) that the
/// app cannot read, each reported with the JSON pointer of the field at
/// fault (`…/pages/3.json#/items/7/published_at: invalid type …`). The app
/// skips such an entry and shows the rest of the page, so the checker goes
/// on with the rest too.
pub(crate) fn unreadable_entries(schema: &str, page: &Value, url: &Url, f: &mut Findings) {
    type Read = fn(&Value) -> Result<(), (String, String)>;
    let (key, read): (&str, Read) = match schema {
        "ItemPage" | "SearchPage" => ("items", read_entry::<gongkai::api::Item>),
        "ReplyPage" => ("replies", read_entry::<gongkai::api::PublicReply>),
        "OrgList" => ("organisations", read_entry::<gongkai::api::Organisation>),
        _ => return,
    };
    let entries = page
        .get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten();
    for (i, entry) in entries.enumerate() {
        if let Err((pointer, e)) = read(entry) {
            f.fail(format!(
                "{url}#/{key}/{i}{pointer}: {e} (the app skips this entry and shows the rest)"
            ));
        }
    }
}

/// Reads one entry with the app's type: the JSON pointer (within the
/// entry) of the field it stumbled on, and why.
fn read_entry<T: DeserializeOwned>(entry: &Value) -> Result<(), (String, String)> {
    serde_path_to_error::deserialize::<_, T>(entry)
        .map(drop)
        .map_err(|e| (json_pointer(e.path()), e.into_inner().to_string()))
}

/// A serde path (`kind.stages[0].date`) as a JSON pointer
/// (`/kind/stages/0/date`).
fn json_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    path.iter()
        .filter_map(|segment| match segment {
            Segment::Seq { index } => Some(index.to_string()),
            Segment::Map { key } => Some(key.replace('~', "~0").replace('/', "~1")),
            Segment::Enum { .. } | Segment::Unknown => None,
        })
        .map(|s| format!("/{s}"))
        .collect()
}

fn parse_time(v: Option<&Value>) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(v?.as_str()?, &Rfc3339).ok()
}

impl Ctx<'_> {
    pub(crate) fn read_side(&mut self) {
        self.check_site();
        self.check_orgs();
        let all = self.check_items_list();
        let by_org = self.check_org_lists(all.as_ref());
        let lists = all.iter().map(|p| ("v1/items.json".to_owned(), p));
        self.check_totals(
            lists.chain(
                by_org
                    .iter()
                    .map(|(org, p)| (format!("v1/orgs/{org}/items.json"), p)),
            ),
        );
        self.search_side(all.as_ref());
        self.check_details(all.as_ref(), &by_org);
        self.check_superseded();
        self.check_not_found();
        self.check_attachments();
        self.check_calendars();
    }

    /// Validates `value` against schema `name` and, when valid, reads it
    /// with the app's type `T`.
    pub(crate) fn validate<T: DeserializeOwned>(
        &self,
        name: &str,
        value: &Value,
        url: &Url,
        f: &mut Findings,
    ) -> bool {
        let problems = self.cfg.spec.problems(name, value, url.as_str());
        let valid = problems.is_empty();
        f.extend(problems);
        if valid {
            app_reads::<T>(value, url, name, f);
        }
        unreadable_entries(name, value, url, f);
        valid
    }

    fn fetch_doc(&mut self, path: &str) -> Result<(Url, Value), String> {
        let url = self.url(path)?;
        let value = self.get_json(&url)?;
        Ok((url, value))
    }

    fn check_site(&mut self) {
        let mut f = Findings::new();
        let mut note = String::new();
        match self.fetch_doc("v1/site.json") {
            Ok((url, site)) => {
                self.validate::<gongkai::api::Site>("Site", &site, &url, &mut f);
                if let Some(title) = site.get("title").and_then(Value::as_str) {
                    note = format!("{title}, root_org {}", site["root_org"]);
                }
                if site.is_object() {
                    self.site = Some(site);
                }
            }
            Err(e) => f.fail(e),
        }
        self.push(f.into_check(SITE.0, SITE.1, note));
    }

    fn check_orgs(&mut self) {
        let mut f = Findings::new();
        let mut list = None;
        match self.fetch_doc("v1/orgs.json") {
            Ok((url, orgs)) => {
                self.validate::<gongkai::api::OrgList>("OrgList", &orgs, &url, &mut f);
                match orgs.get("organisations").and_then(Value::as_array) {
                    Some(a) => list = Some((url, a.clone())),
                    None => f.fail(format!("{url}: no organisations array")),
                }
            }
            Err(e) => f.fail(e),
        }
        let note = list
            .as_ref()
            .map(|(_, l)| format!("{} organisations", l.len()))
            .unwrap_or_default();
        self.push(f.into_check(ORGS.0, ORGS.1, note));

        let Some((url, list)) = list else {
            self.push(Check::new(
                TREE.0,
                TREE.1,
                Outcome::Skip,
                "needs v1/orgs.json",
            ));
            return;
        };
        let mut f = Findings::new();
        let mut parents: BTreeMap<String, Option<String>> = BTreeMap::new();
        for (i, org) in list.iter().enumerate() {
            let Some(id) = org.get("id").and_then(Value::as_str) else {
                continue; // reported by the schema
            };
            let parent = org.get("parent").and_then(Value::as_str).map(str::to_owned);
            if parents.insert(id.to_owned(), parent).is_some() {
                f.fail(format!(
                    "{url} at \"/organisations/{i}\": id {id} appears more than once"
                ));
            }
        }
        for (id, parent) in &parents {
            if let Some(p) = parent {
                if !parents.contains_key(p) {
                    f.fail(format!(
                        "{url}: org {id} has parent {p}, which is not in the list"
                    ));
                }
            }
        }
        let root = self
            .site
            .as_ref()
            .and_then(|s| s.get("root_org"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        match &root {
            Some(root) => match parents.get(root) {
                None => f.fail(format!(
                    "{url}: site.json's root_org {root} is not in the list"
                )),
                Some(Some(p)) => f.fail(format!(
                    "{url}: root_org {root} has parent {p}; the root has none"
                )),
                Some(None) => {}
            },
            None => f.warn("site.json has no root_org to check the root against"),
        }
        for (id, parent) in &parents {
            if parent.is_none() && root.as_deref() != Some(id) && root.is_some() {
                f.fail(format!(
                    "{url}: org {id} has no parent, but only root_org may be without one"
                ));
            }
        }
        // Follow parents from every org; a walk longer than the list loops.
        let mut reported: HashSet<BTreeSet<String>> = HashSet::new();
        for start in parents.keys() {
            let mut path = vec![start.clone()];
            let mut at = start;
            while let Some(Some(p)) = parents.get(at) {
                if let Some(pos) = path.iter().position(|x| x == p) {
                    let cycle: BTreeSet<String> = path[pos..].iter().cloned().collect();
                    if reported.insert(cycle) {
                        let mut shown = path[pos..].to_vec();
                        shown.push(p.clone());
                        f.fail(format!(
                            "{url}: following parent loops: {}",
                            shown.join(" → ")
                        ));
                    }
                    break;
                }
                path.push(p.clone());
                at = p;
            }
        }
        let note = format!(
            "{} organisations under {}",
            parents.len(),
            root.unwrap_or_default()
        );
        self.orgs = Some(parents.into_keys().collect());
        self.push(f.into_check(TREE.0, TREE.1, note));
    }

    /// Follows `next` from `first`: every page validates against `schema`
    /// and the app's `T`, the entries are in `key`; a page visited twice or
    /// more than `max_pages` pages fail.
    pub(crate) fn follow<T: DeserializeOwned>(
        &mut self,
        first: Url,
        schema: &str,
        key: &str,
        f: &mut Findings,
    ) -> Paged {
        let mut paged = Paged {
            pages: 0,
            entries: Vec::new(),
            totals: Vec::new(),
        };
        let mut url = first.clone();
        let mut previous: Option<Url> = None;
        let mut seen = HashSet::new();
        loop {
            if !seen.insert(url.to_string()) {
                f.fail(format!(
                    "paging from {first} loops: {} (next of {}) was already visited",
                    url,
                    previous.map(|p| p.to_string()).unwrap_or_default()
                ));
                break;
            }
            if paged.pages >= self.cfg.max_pages {
                f.fail(format!(
                    "paging from {first} goes on past {} pages (at {url}); following next must end",
                    self.cfg.max_pages
                ));
                break;
            }
            let (page, retrieved) = match self.get_json_at(&url) {
                Ok(page) => page,
                Err(e) => {
                    f.fail(match &previous {
                        Some(p) => format!("{e} (the next of {p})"),
                        None => e,
                    });
                    break;
                }
            };
            paged.pages += 1;
            let total = page.get("total").filter(|t| !t.is_null()).cloned();
            paged.totals.push((url.clone(), total));
            self.validate::<T>(schema, &page, &url, f);
            if let Some(entries) = page.get(key).and_then(Value::as_array) {
                for (i, value) in entries.iter().enumerate() {
                    paged.entries.push(Entry {
                        page: url.clone(),
                        pointer: format!("/{key}/{i}"),
                        value: value.clone(),
                    });
                }
            }
            let next = match page.get("next") {
                None | Some(Value::Null) => break,
                Some(Value::String(next)) => next,
                Some(_) => break, // reported by the schema
            };
            match retrieved.join(next) {
                Ok(mut n) => {
                    n.set_fragment(None);
                    previous = Some(std::mem::replace(&mut url, n));
                }
                Err(e) => {
                    f.fail(format!(
                        "{url} at \"/next\": {next:?} does not resolve: {e}"
                    ));
                    break;
                }
            }
        }
        paged
    }

    /// The rules every item list keeps: ids unique, orgs and categories
    /// known, newest first, and in an org's list only its own items.
    fn list_rules(&self, paged: &Paged, org: Option<&str>, f: &mut Findings) {
        let catalogue: BTreeSet<&str> = self
            .site
            .as_ref()
            .and_then(|s| s.get("catalogue"))
            .and_then(Value::as_array)
            .map(|c| {
                c.iter()
                    .filter_map(|c| c.get("id").and_then(Value::as_str))
                    .collect()
            })
            .unwrap_or_default();
        let mut first_seen: HashMap<&str, &Entry> = HashMap::new();
        let mut order_reported = false;
        let mut last_time: Option<OffsetDateTime> = None;
        for entry in &paged.entries {
            if let Some(id) = entry.str("id") {
                if let Some(before) = first_seen.get(id) {
                    f.fail(format!(
                        "{}: id {id} appears again (first at {})",
                        entry.at(),
                        before.at()
                    ));
                } else {
                    first_seen.insert(id, entry);
                }
            }
            if let Some(item_org) = entry.str("org") {
                if let Some(orgs) = &self.orgs {
                    if !orgs.contains(item_org) {
                        f.fail(format!(
                            "{}: org {item_org} is not in v1/orgs.json",
                            entry.at()
                        ));
                    }
                }
                if let Some(org) = org {
                    if item_org != org {
                        f.fail(format!(
                            "{}: an item of {item_org} in the list of {org}; an org's list has only its own items",
                            entry.at()
                        ));
                    }
                }
            }
            if let Some(category) = entry.str("category") {
                if !catalogue.is_empty() && !catalogue.contains(category) {
                    f.fail(format!(
                        "{}: category {category} is not in site.json's catalogue",
                        entry.at()
                    ));
                }
            }
            if let Some(t) = parse_time(entry.value.get("published_at")) {
                if let Some(last) = last_time {
                    if t > last && !order_reported {
                        order_reported = true;
                        f.fail(format!(
                            "{}: published_at {} is later than the entry before it; lists are newest first",
                            entry.at(),
                            entry.value["published_at"]
                        ));
                    }
                }
                last_time = Some(t);
            }
        }
    }

    fn check_items_list(&mut self) -> Option<Paged> {
        let mut f = Findings::new();
        let first = match self.url("v1/items.json") {
            Ok(u) => u,
            Err(e) => {
                f.fail(e);
                self.push(f.into_check(LIST.0, LIST.1, ""));
                return None;
            }
        };
        let paged = self.follow::<gongkai::api::ItemPage>(first, "ItemPage", "items", &mut f);
        self.list_rules(&paged, None, &mut f);
        let note = format!("{} items on {} pages", paged.entries.len(), paged.pages);
        self.push(f.into_check(LIST.0, LIST.1, note));
        (paged.pages > 0).then_some(paged)
    }

    fn check_org_lists(&mut self, all: Option<&Paged>) -> BTreeMap<String, Paged> {
        let mut lists = BTreeMap::new();
        let Some(orgs) = self.orgs.clone() else {
            self.push(Check::new(
                ORG_LISTS.0,
                ORG_LISTS.1,
                Outcome::Skip,
                "needs v1/orgs.json",
            ));
            return lists;
        };
        let mut f = Findings::new();
        let mut items = 0;
        for org in &orgs {
            let first = match self.id_url("v1/orgs/", org, "/items.json") {
                Ok(u) => u,
                Err(e) => {
                    f.fail(e);
                    continue;
                }
            };
            let paged = self.follow::<gongkai::api::ItemPage>(first, "ItemPage", "items", &mut f);
            self.list_rules(&paged, Some(org), &mut f);
            items += paged.entries.len();
            lists.insert(org.clone(), paged);
        }
        // The lists of the orgs together hold the same items as v1/items.json.
        if let Some(all) = all {
            let mut in_org_lists: HashMap<&str, &Entry> = HashMap::new();
            for paged in lists.values() {
                for e in &paged.entries {
                    if let Some(id) = e.str("id") {
                        in_org_lists.entry(id).or_insert(e);
                    }
                }
            }
            let in_all: HashSet<&str> = all.entries.iter().filter_map(|e| e.str("id")).collect();
            for e in &all.entries {
                if let (Some(id), Some(org)) = (e.str("id"), e.str("org")) {
                    if !in_org_lists.contains_key(id) && orgs.contains(org) {
                        f.fail(format!(
                            "{}: item {id} is in v1/items.json but not in the list of its org {org}",
                            e.at()
                        ));
                    }
                }
            }
            let mut extra: Vec<(&&str, &&Entry)> = in_org_lists
                .iter()
                .filter(|(id, _)| !in_all.contains(**id))
                .collect();
            extra.sort_by_key(|(id, _)| **id);
            for (id, e) in extra {
                f.fail(format!(
                    "{}: item {id} is in its org's list but not in v1/items.json",
                    e.at()
                ));
            }
        }
        let note = format!("{} organisations, {items} items", orgs.len());
        self.push(f.into_check(ORG_LISTS.0, ORG_LISTS.1, note));
        lists
    }

    fn check_details(&mut self, all: Option<&Paged>, by_org: &BTreeMap<String, Paged>) {
        let mut f = Findings::new();
        let mut seen = HashSet::new();
        let entries = all
            .into_iter()
            .chain(by_org.values())
            .flat_map(|p| p.entries.iter())
            .filter(|e| e.str("id").is_some_and(|id| seen.insert(id.to_owned())));
        let mut count = 0;
        for entry in entries {
            let id = entry.str("id").unwrap_or_default();
            count += 1;
            let url = match self.id_url("v1/items/", id, ".json") {
                Ok(u) => u,
                Err(e) => {
                    f.fail(e);
                    continue;
                }
            };
            let item = match self.get_json(&url) {
                Ok(item) => item,
                Err(e) => {
                    f.fail(format!("{e} (listed at {})", entry.at()));
                    continue;
                }
            };
            self.validate::<gongkai::api::Item>("Item", &item, &url, &mut f);
            match item.get("id").and_then(Value::as_str) {
                Some(got) if got != id => f.fail(format!(
                    "{url} at \"/id\": id is {got}, but the list entry at {} is {id}",
                    entry.at()
                )),
                _ => {}
            }
            if let (Some(got), Some(listed)) =
                (item.get("org").and_then(Value::as_str), entry.str("org"))
            {
                if got != listed {
                    f.fail(format!(
                        "{url} at \"/org\": org is {got}, but the list entry at {} says {listed}",
                        entry.at()
                    ));
                }
            }
            if item.is_object() {
                self.details.insert(id.to_owned(), item);
            }
        }
        self.push(f.into_check(DETAIL.0, DETAIL.1, format!("{count} items")));
    }

    fn check_superseded(&mut self) {
        let mut f = Findings::new();
        let pointers: Vec<(String, String)> = self
            .details
            .iter()
            .filter_map(|(id, item)| {
                let by = item.get("superseded_by")?.as_str()?;
                Some((id.clone(), by.to_owned()))
            })
            .collect();
        if pointers.is_empty() {
            self.push(Check::new(
                SUPERSEDED.0,
                SUPERSEDED.1,
                Outcome::Pass,
                "no item is superseded",
            ));
            return;
        }
        for (id, by) in &pointers {
            let from = format!("v1/items/{id}.json at \"/superseded_by\"");
            if id == by {
                f.fail(format!("{from}: the item supersedes itself"));
                continue;
            }
            if self.details.contains_key(by) {
                continue;
            }
            let url = match self.id_url("v1/items/", by, ".json") {
                Ok(u) => u,
                Err(e) => {
                    f.fail(e);
                    continue;
                }
            };
            match self.get_json(&url) {
                Ok(item) => {
                    self.validate::<gongkai::api::Item>("Item", &item, &url, &mut f);
                }
                Err(e) => f.fail(format!("{from}: {by} is not served: {e}")),
            }
        }
        let note = format!("{} superseded items", pointers.len());
        self.push(f.into_check(SUPERSEDED.0, SUPERSEDED.1, note));
    }

    fn check_not_found(&mut self) {
        let mut f = Findings::new();
        match self
            .url(&format!("v1/items/{NO_SUCH_ITEM}.json"))
            .and_then(|url| self.http.get(&url))
        {
            Ok(r) if r.status == 404 || r.status == 410 => {
                let problem_json = r
                    .media_type()
                    .is_some_and(|m| m == "application/problem+json");
                if problem_json && !r.body.is_empty() {
                    match crate::parse_json(&r) {
                        Ok((body, _)) => f.extend(self.cfg.spec.response_problems(
                            ("get", "/v1/items/{id}.json"),
                            r.status,
                            "application/problem+json",
                            "Problem",
                            &body,
                            r.url.as_str(),
                        )),
                        Err(e) => f.fail(e),
                    }
                }
            }
            Ok(r) if r.status == 200 => f.fail(format!(
                "{}: HTTP 200 for an item that does not exist (a catch-all page?); expected 404",
                r.url
            )),
            Ok(r) => f.fail(format!("{}: HTTP {}, expected 404", r.url, r.status)),
            Err(e) => f.fail(e),
        }
        self.push(f.into_check(NOT_FOUND.0, NOT_FOUND.1, ""));
    }

    fn check_attachments(&mut self) {
        let mut f = Findings::new();
        let mut seen = HashSet::new();
        let mut count = 0;
        let attachments: Vec<(String, usize, Value)> = self
            .details
            .iter()
            .flat_map(|(id, item)| {
                item.get("attachments")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .enumerate()
                    .map(move |(i, a)| (id.clone(), i, a.clone()))
            })
            .collect();
        for (id, i, a) in attachments {
            let Some(reference) = a.get("url").and_then(Value::as_str) else {
                continue; // reported by the schema
            };
            let at = format!("v1/items/{id}.json at \"/attachments/{i}\"");
            let url = match self.cfg.base.join(reference) {
                Ok(u) => u,
                Err(e) => {
                    f.fail(format!("{at}: url {reference:?} does not resolve: {e}"));
                    continue;
                }
            };
            if !matches!(url.scheme(), "http" | "https") {
                f.fail(format!(
                    "{at}: url {reference:?} is not http(s); the app does not link it"
                ));
                continue;
            }
            let size = a.get("size").and_then(Value::as_u64);
            if !seen.insert((url.to_string(), size)) {
                continue;
            }
            count += 1;
            let mut r = match self.http.head(&url) {
                Ok(r) => r,
                Err(e) => {
                    f.fail(format!("{at}: {e}"));
                    continue;
                }
            };
            if matches!(r.status, 405 | 501) {
                r = match self.http.get_headers(&url) {
                    Ok(r) => r,
                    Err(e) => {
                        f.fail(format!("{at}: {e}"));
                        continue;
                    }
                };
            }
            if r.status != 200 {
                f.fail(format!("{at}: {url}: HTTP {}, expected 200", r.status));
                continue;
            }
            let encoded = r
                .content_encoding
                .as_deref()
                .is_some_and(|e| !e.eq_ignore_ascii_case("identity"));
            let served = r.content_length.filter(|_| !encoded);
            if let (Some(size), Some(served)) = (size, served) {
                if size != served {
                    f.fail(format!(
                        "{at}: size {size}, but {url} has {served} bytes (Content-Length)"
                    ));
                }
            }
            if let (Some(stated), Some(got)) =
                (a.get("media_type").and_then(Value::as_str), r.media_type())
            {
                if crate::http::media_type(stated) != got {
                    f.warn(format!(
                        "{at}: media_type {stated}, but {url} is served as {got}"
                    ));
                }
            }
        }
        if count == 0 && f.is_ok() {
            self.push(Check::new(
                ATTACHMENTS.0,
                ATTACHMENTS.1,
                Outcome::Skip,
                "no item has attachments",
            ));
            return;
        }
        self.push(f.into_check(ATTACHMENTS.0, ATTACHMENTS.1, format!("{count} attachments")));
    }

    fn check_calendars(&mut self) {
        let year = gongkai::domain::clock::china_date(self.now).year();
        for y in [year, year + 1] {
            let name = format!("calendar.{y}");
            let title =
                format!("节假日与调休 v1/calendar/{y}.json is a CalendarYear for {y}, or 404");
            let check = self.check_calendar(y, &name, &title);
            self.push(check);
        }
    }

    fn check_calendar(&mut self, year: i32, name: &str, title: &str) -> Check {
        let mut f = Findings::new();
        let url = match self.url(&format!("v1/calendar/{year}.json")) {
            Ok(u) => u,
            Err(e) => return Check::new(name, title, Outcome::Fail, e),
        };
        let r = match self.http.get(&url) {
            Ok(r) => r,
            Err(e) => return Check::new(name, title, Outcome::Fail, e),
        };
        match r.status {
            404 => {
                return Check::new(
                    name,
                    title,
                    Outcome::Pass,
                    "no calendar, client uses built-in (404)",
                )
            }
            200 => {}
            s => {
                return Check::new(
                    name,
                    title,
                    Outcome::Fail,
                    format!("{url}: HTTP {s}, expected 200 or 404"),
                )
            }
        }
        let cal = match self.json_of(&r, "application/json") {
            Ok(v) => v,
            Err(e) => return Check::new(name, title, Outcome::Fail, e),
        };
        self.validate::<gongkai::api::CalendarYear>("CalendarYear", &cal, &url, &mut f);
        if let Some(got) = cal.get("year").and_then(Value::as_i64) {
            if got != i64::from(year) {
                f.fail(format!(
                    "{url} at \"/year\": year is {got}, expected {year}"
                ));
            }
        }
        let format = time::macros::format_description!("[year]-[month]-[day]");
        for key in ["holidays", "workdays"] {
            let days = cal.get(key).and_then(Value::as_array).into_iter().flatten();
            for (i, day) in days.enumerate() {
                let Some(date) = day
                    .get("date")
                    .and_then(Value::as_str)
                    .and_then(|d| Date::parse(d, &format).ok())
                else {
                    continue; // reported by the schema
                };
                let at = format!("{url} at \"/{key}/{i}/date\"");
                if date.year() != year {
                    f.fail(format!("{at}: {date} is not in {year}"));
                }
                if key == "workdays"
                    && !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
                {
                    f.warn(format!(
                        "{at}: {date} is a {}; workdays lists Saturdays and Sundays that are worked",
                        date.weekday()
                    ));
                }
            }
        }
        f.into_check(name, title, format!("served for {year}"))
    }

    /// The content types of every JSON document read (last, so that it
    /// covers the write side's GETs too).
    pub(crate) fn check_content_types(&mut self) {
        let types = std::mem::take(&mut self.types);
        if self.json_documents == 0 {
            self.push(Check::new(
                TYPES.0,
                TYPES.1,
                Outcome::Skip,
                "no JSON document was read",
            ));
            return;
        }
        let note = format!("{} JSON documents", self.json_documents);
        self.push(types.into_check(TYPES.0, TYPES.1, note));
    }
}
