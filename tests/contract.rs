//! The contract (`openapi.yaml`, `src/api/types.rs`) and the demo backend
//! that `demo-data` writes: every file parses into the API types and
//! validates against its JSON Schema, paging terminates, every reference
//! resolves, and the demo has what the app needs to show (all categories,
//! all kinds, periods open, upcoming and ended).
//!
//! Native only: `cargo test --test contract`.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use gongkai::api::{
    AppConfig, Audience, CalendarYear, Item, ItemKind, ItemPage, OrgKind, OrgList, Site, StageState,
};
use gongkai::domain::calendar::WorkCalendar;
use gongkai::domain::clock::CHINA_OFFSET;
use gongkai::domain::period::{check_minimum, period_status, PeriodStatus};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use time::{Date, OffsetDateTime, Time};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn repo(path: &str) -> PathBuf {
    Path::new(ROOT).join(path)
}

// ---------------------------------------------------------------------------
// The schemas of openapi.yaml

/// Validators for the component schemas of `openapi.yaml`, resolved within
/// one document (no network, no files).
struct Schemas {
    root: Value,
}

impl Schemas {
    fn load() -> Self {
        let text = std::fs::read_to_string(repo("openapi.yaml")).expect("openapi.yaml");
        let doc: Value = serde_norway::from_str(&text).expect("openapi.yaml is YAML");
        assert_eq!(doc["openapi"], "3.1.0");
        let components = doc["components"].clone();
        assert!(
            components["schemas"].is_object(),
            "openapi.yaml has components.schemas"
        );
        Schemas {
            root: json!({
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "components": components,
            }),
        }
    }

    fn validator(&self, name: &str) -> jsonschema::Validator {
        assert!(
            self.root["components"]["schemas"][name].is_object(),
            "no schema {name} in openapi.yaml"
        );
        let mut schema = self.root.clone();
        schema["$ref"] = json!(format!("#/components/schemas/{name}"));
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(true)
            .build(&schema)
            .unwrap_or_else(|e| panic!("schema {name}: {e}"))
    }

    fn errors(&self, name: &str, value: &Value) -> Vec<String> {
        self.validator(name)
            .iter_errors(value)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect()
    }

    fn assert_valid(&self, name: &str, value: &Value, what: &str) {
        let errors = self.errors(name, value);
        assert!(
            errors.is_empty(),
            "{what} does not match schema {name}:\n  {}",
            errors.join("\n  ")
        );
    }
}

// ---------------------------------------------------------------------------
// Running the generator

struct Demo {
    dir: tempfile::TempDir,
    today: Date,
}

impl Demo {
    fn generate(today: Option<&str>) -> Demo {
        let dir = tempfile::Builder::new()
            .prefix("gongkai-demo-")
            .tempdir()
            .expect("a temporary folder");
        let today = match today {
            Some(t) => gongkai_demo::parse_date(t).unwrap(),
            None => OffsetDateTime::now_utc().to_offset(CHINA_OFFSET).date(),
        };
        gongkai_demo::Demo::build(today)
            .and_then(|demo| demo.write(dir.path()))
            .expect("the demo builds and writes");
        Demo { dir, today }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn read<T: DeserializeOwned>(&self, rel: &str) -> T {
        parse_file(&self.path(rel))
    }

    /// Every file under `v1/`, relative to the output folder, with `/`.
    fn v1_files(&self) -> Vec<String> {
        fn walk(dir: &Path, base: &Path, out: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, base, out);
                } else {
                    let rel = path.strip_prefix(base).unwrap();
                    out.push(
                        rel.components()
                            .map(|c| c.as_os_str().to_str().unwrap())
                            .collect::<Vec<_>>()
                            .join("/"),
                    );
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.path("v1"), self.dir.path(), &mut out);
        out.sort();
        out
    }

    /// Follows `next` from `first` (relative to the output folder); returns
    /// the items in order and the pages visited.
    fn follow(&self, first: &str) -> (Vec<Item>, Vec<String>) {
        let mut url = first.to_owned();
        let mut seen = BTreeSet::new();
        let mut items = Vec::new();
        let mut pages = Vec::new();
        loop {
            assert!(
                seen.insert(url.clone()),
                "paging from {first} loops at {url}"
            );
            assert!(
                self.path(&url).is_file(),
                "page {url} (from {first}) is not a file"
            );
            let page: ItemPage = self.read(&url);
            assert!(page.items.len() <= 100, "{url}: more than 100 items");
            pages.push(url.clone());
            items.extend(page.items);
            match page.next {
                Some(next) => url = resolve(&url, &next),
                None => break,
            }
        }
        (items, pages)
    }
}

fn parse_file<T: DeserializeOwned>(path: &Path) -> T {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Parses with the path of the offending field in the error, e.g.
/// `published_at: …`.
fn parse_str<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        format!("{path}: {}", e.into_inner())
    })
}

/// RFC 3986 resolution of a relative reference against a path relative to
/// the backend's base (`v1/items.json` + `items/pages/2.json`).
fn resolve(base: &str, reference: &str) -> String {
    assert!(
        !reference.contains("://"),
        "the demo's next links are relative, got {reference}"
    );
    let mut segments: Vec<&str> = if reference.starts_with('/') {
        Vec::new()
    } else {
        let mut s: Vec<&str> = base.split('/').collect();
        s.pop();
        s
    };
    for seg in reference.trim_start_matches('/').split('/') {
        match seg {
            "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    segments.join("/")
}

#[test]
fn resolve_follows_rfc_3986() {
    assert_eq!(
        resolve("v1/items.json", "items/pages/2.json"),
        "v1/items/pages/2.json"
    );
    assert_eq!(
        resolve("v1/items/pages/2.json", "3.json"),
        "v1/items/pages/3.json"
    );
    assert_eq!(
        resolve("v1/orgs/a/items.json", "../b/items.json"),
        "v1/orgs/b/items.json"
    );
}

// ---------------------------------------------------------------------------
// The demo backend

fn noon(d: Date) -> OffsetDateTime {
    d.with_time(Time::from_hms(12, 0, 0).unwrap())
        .assume_offset(CHINA_OFFSET)
}

/// Everything the contract promises, checked on one generated backend.
fn check_demo(demo: &Demo) {
    let schemas = Schemas::load();
    let files = demo.v1_files();

    // Every file parses into its type and matches its schema.
    for rel in &files {
        let value: Value = demo.read(rel);
        let schema = schema_for(rel).unwrap_or_else(|| panic!("unexpected file {rel}"));
        schemas.assert_valid(schema, &value, rel);
        let path = demo.path(rel);
        match schema {
            "Site" => drop(parse_file::<Site>(&path)),
            "OrgList" => drop(parse_file::<OrgList>(&path)),
            "ItemPage" => drop(parse_file::<ItemPage>(&path)),
            "Item" => drop(parse_file::<Item>(&path)),
            "CalendarYear" => {
                let cal: CalendarYear = parse_file(&path);
                assert_eq!(format!("v1/calendar/{}.json", cal.year), *rel);
                for d in cal.holidays.iter().chain(&cal.workdays) {
                    assert_eq!(
                        d.date.year(),
                        cal.year,
                        "{rel}: {} is not in {}",
                        d.date,
                        cal.year
                    );
                }
                assert!(!cal.holidays.is_empty(), "{rel}: a year without holidays");
            }
            _ => unreachable!(),
        }
    }

    let site: Site = demo.read("v1/site.json");
    let orgs: OrgList = demo.read("v1/orgs.json");

    // The organisation tree: unique ids, one root (the site's), parents exist, no loops.
    let org_ids: BTreeSet<&str> = orgs.organisations.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(
        org_ids.len(),
        orgs.organisations.len(),
        "duplicate organisation ids"
    );
    let roots: Vec<&str> = orgs
        .organisations
        .iter()
        .filter(|o| o.parent.is_none())
        .map(|o| o.id.as_str())
        .collect();
    assert_eq!(
        roots,
        [site.root_org.as_str()],
        "exactly one root, the site's root_org"
    );
    let parent: BTreeMap<&str, &str> = orgs
        .organisations
        .iter()
        .filter_map(|o| o.parent.as_deref().map(|p| (o.id.as_str(), p)))
        .collect();
    for org in &orgs.organisations {
        let mut at = org.id.as_str();
        for _ in 0..=orgs.organisations.len() {
            match parent.get(at) {
                Some(p) => {
                    assert!(org_ids.contains(p), "{}: parent {p} does not exist", org.id);
                    at = p;
                }
                None => break,
            }
        }
        assert_eq!(
            at, site.root_org,
            "{}: the parent chain does not reach the root",
            org.id
        );
    }
    let kinds: BTreeSet<String> = orgs
        .organisations
        .iter()
        .map(|o| format!("{:?}", o.kind))
        .collect();
    for kind in [OrgKind::Committee, OrgKind::GeneralBranch, OrgKind::Branch] {
        assert!(
            kinds.contains(&format!("{kind:?}")),
            "no organisation of kind {kind:?}"
        );
    }
    assert!(
        orgs.organisations
            .iter()
            .filter(|o| o.kind == OrgKind::Branch)
            .count()
            >= 3
    );

    // The catalogue: the standard ids, in this order.
    let categories: Vec<&str> = site.catalogue.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        categories,
        [
            "decisions",
            "organisation",
            "cadre",
            "recruitment",
            "dues",
            "evaluation",
            "integrity",
            "finance",
            "practical",
            "aid",
            "rules",
            "hot_issues"
        ]
    );
    let min_days = |id: &str| {
        site.catalogue
            .iter()
            .find(|c| c.id == id)
            .unwrap()
            .min_publicity_working_days
    };
    assert_eq!(min_days("cadre"), Some(5));
    assert_eq!(min_days("recruitment"), Some(5));

    // The full list: paging terminates, ids unique, newest first.
    let (all, pages) = demo.follow("v1/items.json");
    assert!(all.len() >= 60, "only {} items", all.len());
    assert!(pages.len() >= 3, "expected several pages, got {pages:?}");
    for page in &pages[..pages.len() - 1] {
        let p: ItemPage = demo.read(page);
        assert_eq!(
            p.items.len(),
            20,
            "{page}: a page before the last has 20 items"
        );
    }
    let ids: BTreeSet<&str> = all.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(
        ids.len(),
        all.len(),
        "an id appears twice across the pages of v1/items.json"
    );
    assert!(
        all.windows(2)
            .all(|w| w[0].published_at >= w[1].published_at),
        "v1/items.json is not newest first"
    );

    // Every listed id has its file, which is the full item; every item file is listed.
    let item_files: BTreeSet<String> = files
        .iter()
        .filter_map(|f| {
            f.strip_prefix("v1/items/")
                .and_then(|f| f.strip_suffix(".json"))
        })
        .filter(|f| !f.contains('/'))
        .map(str::to_owned)
        .collect();
    assert_eq!(
        item_files,
        ids.iter().map(|s| s.to_string()).collect(),
        "item files and listed ids differ"
    );
    let full: BTreeMap<String, Item> = ids
        .iter()
        .map(|id| {
            (
                id.to_string(),
                demo.read::<Item>(&format!("v1/items/{id}.json")),
            )
        })
        .collect();
    for listed in &all {
        let item = &full[&listed.id];
        assert_eq!(item.id, listed.id);
        assert!(!item.body_html.is_empty(), "{}: no body", item.id);
        assert_eq!(
            item, listed,
            "{}: the list entry differs from the item (lists carry the body, for full-text search)",
            item.id
        );
    }

    // Each organisation's list: exactly its own items, paged the same way.
    let mut seen_in_orgs = 0;
    for org in &orgs.organisations {
        let (own, _) = demo.follow(&format!("v1/orgs/{}/items.json", org.id));
        let own_ids: Vec<&str> = own.iter().map(|i| i.id.as_str()).collect();
        let expected: Vec<&str> = all
            .iter()
            .filter(|i| i.org == org.id)
            .map(|i| i.id.as_str())
            .collect();
        assert_eq!(own_ids, expected, "v1/orgs/{}/items.json", org.id);
        seen_in_orgs += own.len();
    }
    assert_eq!(seen_in_orgs, all.len());

    // References: organisations, categories, superseded_by; attachments are real files.
    let cal = WorkCalendar::builtin();
    for item in full.values() {
        assert!(
            org_ids.contains(item.org.as_str()),
            "{}: unknown org {}",
            item.id,
            item.org
        );
        assert!(
            categories.contains(&item.category.as_str()),
            "{}: unknown category {}",
            item.id,
            item.category
        );
        assert_eq!(
            item.audience,
            Audience::Public,
            "{}: a non-public item is served",
            item.id
        );
        if let Some(next) = &item.superseded_by {
            assert!(
                full.contains_key(next),
                "{}: superseded_by {next} does not resolve",
                item.id
            );
            assert_ne!(next, &item.id);
        }
        for a in &item.attachments {
            // Relative attachment URLs resolve against api_base, i.e. the output folder.
            let path = demo.path(&a.url);
            let size = std::fs::metadata(&path)
                .unwrap_or_else(|_| panic!("{}: {} is missing", item.id, a.url))
                .len();
            assert_eq!(a.size, Some(size), "{}: size of {}", item.id, a.url);
        }
        if let Some(p) = &item.publicity {
            assert!(
                p.start < p.end,
                "{}: a period that ends before it starts",
                item.id
            );
        }
        if let ItemKind::Staged { stages } = &item.kind {
            assert!(
                (3..=5).contains(&stages.len()),
                "{}: {} stages",
                item.id,
                stages.len()
            );
            assert_eq!(
                stages
                    .iter()
                    .filter(|s| s.state == StageState::Current)
                    .count(),
                1,
                "{}",
                item.id
            );
        }
    }
    for f in files
        .iter()
        .filter(|f| f.starts_with("v1/items/") && !f.contains("/pages/"))
    {
        assert!(f.ends_with(".json"));
    }

    // What the app needs to show: every category, every kind, revisions, attachments.
    let used: BTreeSet<&str> = all.iter().map(|i| i.category.as_str()).collect();
    assert_eq!(
        used,
        categories.iter().copied().collect(),
        "a category without items"
    );
    let kind = |k: &ItemKind| match k {
        ItemKind::Regular { .. } => "regular",
        ItemKind::Staged { .. } => "staged",
        ItemKind::AdHoc => "ad_hoc",
    };
    let kinds: BTreeSet<&str> = all.iter().map(|i| kind(&i.kind)).collect();
    assert_eq!(kinds, ["ad_hoc", "regular", "staged"].into_iter().collect());
    assert!(
        full.values().any(|i| !i.revisions.is_empty()),
        "no item with revisions"
    );
    assert!(
        full.values().any(|i| i.superseded_by.is_some()),
        "no superseded item"
    );
    assert!(
        full.values().filter(|i| !i.attachments.is_empty()).count() >= 3,
        "too few attachments"
    );
    assert!(
        full.values()
            .any(|i| i.body_html.contains("<script") && i.body_html.contains("javascript:")),
        "no hostile body for the sanitiser"
    );
    let regular_periods: BTreeSet<String> = all
        .iter()
        .filter_map(|i| match &i.kind {
            ItemKind::Regular { period, covers } => {
                assert!(covers.is_some(), "{}: a regular item without covers", i.id);
                Some(format!("{period:?}"))
            }
            _ => None,
        })
        .collect();
    assert!(
        regular_periods.len() >= 3,
        "regular periods: {regular_periods:?}"
    );

    // Publication dates spread over more than a year, none in the future.
    let newest = all.first().unwrap().published_at;
    let oldest = all.last().unwrap().published_at;
    assert!(
        newest <= noon(demo.today) + time::Duration::days(1),
        "published in the future: {newest}"
    );
    assert!(
        (newest - oldest).whole_days() >= 365,
        "items span only {} days",
        (newest - oldest).whole_days()
    );

    // Publicity periods relative to today: open (one on its last day), upcoming, ended, one too short.
    let now = noon(demo.today);
    let statuses: Vec<(&str, PeriodStatus)> = full
        .values()
        .filter_map(|i| {
            i.publicity
                .as_ref()
                .map(|p| (i.id.as_str(), period_status(p, now, &cal)))
        })
        .collect();
    let count = |f: fn(&PeriodStatus) -> bool| statuses.iter().filter(|(_, s)| f(s)).count();
    assert!(
        count(|s| matches!(s, PeriodStatus::Open { .. })) >= 3,
        "{statuses:?}"
    );
    assert!(
        count(|s| matches!(s, PeriodStatus::Open { last_day: true, .. })) >= 1,
        "no period on its last day"
    );
    assert!(
        count(|s| matches!(s, PeriodStatus::Upcoming { .. })) >= 2,
        "{statuses:?}"
    );
    assert!(
        count(|s| matches!(s, PeriodStatus::Ended { .. })) >= 3,
        "{statuses:?}"
    );
    let too_short: Vec<&str> = full
        .values()
        .filter(|i| i.publicity.is_some())
        .filter(|i| {
            let min = min_days(&i.category).unwrap_or(0);
            check_minimum(i.publicity.as_ref().unwrap(), min, &cal).is_some()
        })
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(
        too_short,
        ["cadre-preappoint-zhou"],
        "exactly the one deliberately short 任前公示"
    );

    // The calendar files, where the built-in calendar knows the year.
    for year in [demo.today.year(), demo.today.year() + 1] {
        let rel = format!("v1/calendar/{year}.json");
        assert_eq!(demo.path(&rel).is_file(), cal.has_year(year), "{rel}");
        if cal.has_year(year) {
            let data: CalendarYear = demo.read(&rel);
            let round_trip = WorkCalendar::plain().with_years(&[data]);
            let mut d = Date::from_calendar_date(year, time::Month::January, 1).unwrap();
            while d.year() == year {
                assert_eq!(
                    round_trip.is_working_day(d),
                    cal.is_working_day(d),
                    "{rel}: {d}"
                );
                d = d.next_day().unwrap();
            }
        }
    }
}

/// The schema a file of the demo must match, by its path.
fn schema_for(rel: &str) -> Option<&'static str> {
    let parts: Vec<&str> = rel.split('/').collect();
    match parts.as_slice() {
        ["v1", "site.json"] => Some("Site"),
        ["v1", "orgs.json"] => Some("OrgList"),
        ["v1", "items.json"] | ["v1", "items", "pages", _] => Some("ItemPage"),
        ["v1", "orgs", _, "items.json"] | ["v1", "orgs", _, "items", "pages", _] => {
            Some("ItemPage")
        }
        ["v1", "items", _] => Some("Item"),
        ["v1", "calendar", _] => Some("CalendarYear"),
        _ => None,
    }
}

#[test]
fn demo_for_a_fixed_day_keeps_the_contract() {
    // A Friday before a 调休 Saturday (2026-10-10) just after 国庆.
    check_demo(&Demo::generate(Some("2026-10-09")));
}

#[test]
fn demo_on_a_sunday_keeps_the_contract() {
    check_demo(&Demo::generate(Some("2026-11-22")));
}

#[test]
fn demo_before_the_spring_festival_keeps_the_contract() {
    // The next working day is a 调休 Saturday (2026-02-14).
    check_demo(&Demo::generate(Some("2026-02-13")));
}

#[test]
fn demo_in_a_year_without_a_builtin_calendar_keeps_the_contract() {
    check_demo(&Demo::generate(Some("2027-06-15")));
}

#[test]
fn demo_for_today_keeps_the_contract() {
    check_demo(&Demo::generate(None));
}

#[test]
fn demo_is_the_same_for_the_same_day() {
    let a = Demo::generate(Some("2026-11-22"));
    let b = Demo::generate(Some("2026-11-22"));
    let files = a.v1_files();
    assert_eq!(files, b.v1_files());
    for rel in files {
        assert_eq!(
            std::fs::read(a.path(&rel)).unwrap(),
            std::fs::read(b.path(&rel)).unwrap(),
            "{rel}"
        );
    }
}

#[test]
fn attachments_are_real_files_of_their_type() {
    let demo = Demo::generate(Some("2026-11-22"));
    let mut kinds = BTreeSet::new();
    for rel in demo
        .v1_files()
        .iter()
        .filter(|f| schema_for(f) == Some("Item"))
    {
        let item: Item = demo.read(rel);
        for a in item.attachments {
            let bytes = std::fs::read(demo.path(&a.url)).unwrap();
            match a.media_type.as_deref() {
                Some("application/pdf") => {
                    assert!(bytes.starts_with(b"%PDF-1."), "{}", a.url);
                    assert!(bytes.ends_with(b"%%EOF\n"), "{}", a.url);
                    // The cross-reference offsets point at the objects.
                    let text = String::from_utf8_lossy(&bytes);
                    let xref: usize = text
                        .rsplit("startxref\n")
                        .next()
                        .unwrap()
                        .lines()
                        .next()
                        .unwrap()
                        .parse()
                        .unwrap();
                    assert!(bytes[xref..].starts_with(b"xref"), "{}: startxref", a.url);
                    for (n, line) in text[xref..]
                        .lines()
                        .skip(3)
                        .take_while(|l| l.ends_with(" n "))
                        .enumerate()
                    {
                        let offset: usize = line[..10].parse().unwrap();
                        assert!(
                            bytes[offset..].starts_with(format!("{} 0 obj", n + 1).as_bytes()),
                            "{}: object {}",
                            a.url,
                            n + 1
                        );
                    }
                }
                Some("text/csv") => {
                    let text = std::str::from_utf8(&bytes).expect("UTF-8 CSV");
                    assert!(
                        text.starts_with('\u{feff}'),
                        "{}: a BOM for spreadsheet programs",
                        a.url
                    );
                    assert!(text.lines().count() >= 3, "{}", a.url);
                }
                Some("text/plain") => drop(std::str::from_utf8(&bytes).expect("UTF-8 text")),
                other => panic!("{}: unexpected media type {other:?}", a.url),
            }
            assert!(
                a.name
                    .rsplit('.')
                    .next()
                    .is_some_and(|ext| a.url.ends_with(ext)),
                "{}: name and url disagree",
                a.url
            );
            kinds.insert(a.media_type.unwrap());
        }
    }
    assert_eq!(kinds.len(), 3, "{kinds:?}");
}

// ---------------------------------------------------------------------------
// Samples

fn fixture(name: &str) -> String {
    std::fs::read_to_string(repo("tests/fixtures").join(name))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn fixture_value(name: &str) -> Value {
    serde_json::from_str(&fixture(name)).unwrap()
}

#[test]
fn a_minimal_item_parses_with_defaults() {
    let item: Item = parse_str(&fixture("item-minimal.json")).unwrap();
    assert_eq!(item.id, "minimal-1");
    assert_eq!(item.kind, ItemKind::AdHoc);
    assert_eq!(item.audience, Audience::Public);
    assert!(item.is_public());
    assert_eq!(item.summary, "");
    assert_eq!(item.body_html, "");
    assert!(item.attachments.is_empty() && item.revisions.is_empty());
    assert!(item.publicity.is_none() && item.superseded_by.is_none());
    assert_eq!(item.published_at.offset(), CHINA_OFFSET);
    Schemas::load().assert_valid(
        "Item",
        &fixture_value("item-minimal.json"),
        "item-minimal.json",
    );
}

#[test]
fn unknown_fields_are_ignored() {
    let item: Item = parse_str(&fixture("item-extra-fields.json")).unwrap();
    assert_eq!(
        item.kind,
        ItemKind::Regular {
            period: gongkai::api::RegularPeriod::Quarter,
            covers: Some("2026-Q3".into())
        }
    );
    assert_eq!(item.attachments[0].size, Some(321));
    assert_eq!(item.revisions[0].note, "更正合计金额");
    Schemas::load().assert_valid(
        "Item",
        &fixture_value("item-extra-fields.json"),
        "item-extra-fields.json",
    );
}

#[test]
fn non_public_items_parse_but_are_not_public_and_never_valid_to_serve() {
    let schemas = Schemas::load();
    let internal: Item = parse_str(&fixture("item-party-internal.json")).unwrap();
    assert_eq!(internal.audience, Audience::PartyInternal);
    assert!(!internal.is_public());
    let unknown: Item = parse_str(&fixture("item-unknown-audience.json")).unwrap();
    assert_eq!(unknown.audience, Audience::Restricted);
    assert!(!unknown.is_public());
    for name in ["item-party-internal.json", "item-unknown-audience.json"] {
        let errors = schemas.errors("Item", &fixture_value(name));
        assert!(
            errors.iter().any(|e| e.contains("/audience")),
            "{name}: {errors:?}"
        );
    }

    // A page that (wrongly) mixes them: the client keeps only the public ones.
    let page: ItemPage = parse_str(&fixture("page-mixed-audience.json")).unwrap();
    let shown: Vec<&str> = page
        .items
        .iter()
        .filter(|i| i.is_public())
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(shown, ["public-1", "public-2"]);
    assert!(
        page.next.as_deref().unwrap().starts_with("https://"),
        "next may be absolute"
    );
}

#[test]
fn every_organisation_kind_parses_and_unknown_kinds_fall_back() {
    let orgs: OrgList = parse_str(&fixture("orgs-all-kinds.json")).unwrap();
    let kinds: Vec<OrgKind> = orgs.organisations.iter().map(|o| o.kind).collect();
    assert_eq!(
        kinds,
        [
            OrgKind::Committee,
            OrgKind::LeadingGroup,
            OrgKind::GeneralBranch,
            OrgKind::Branch,
            OrgKind::Other
        ]
    );
    Schemas::load().assert_valid(
        "OrgList",
        &fixture_value("orgs-all-kinds.json"),
        "orgs-all-kinds.json",
    );
}

/// A bad sample fails to parse with an error naming the field, and fails
/// the schema too.
fn assert_bad(name: &str, field: &str, message: &str) {
    let text = fixture(&format!("bad/{name}"));
    let err = parse_str::<Item>(&text).expect_err(name);
    assert!(
        err.contains(field),
        "{name}: the error does not name {field}: {err}"
    );
    assert!(
        err.contains(message),
        "{name}: the error does not say {message:?}: {err}"
    );
    let errors = Schemas::load().errors("Item", &serde_json::from_str(&text).unwrap());
    assert!(!errors.is_empty(), "{name} matches the schema");
}

#[test]
fn an_item_without_a_title_is_rejected() {
    assert_bad("item-missing-title.json", "title", "missing field `title`");
}

#[test]
fn a_time_without_an_offset_is_rejected() {
    assert_bad(
        "item-published-at-without-offset.json",
        "published_at",
        "published_at:",
    );
}

#[test]
fn a_regular_item_without_its_period_is_rejected() {
    assert_bad(
        "item-regular-without-period.json",
        "kind",
        "missing field `period`",
    );
}

#[test]
fn an_unknown_kind_is_rejected() {
    assert_bad("item-unknown-kind.json", "kind", "unknown variant `weekly`");
}

#[test]
fn config_json_names_the_demo_and_its_root() {
    let config: AppConfig = parse_file(&repo("public/config.json"));
    assert_eq!(config.api_base, "demo");
    assert_eq!(config.title.as_deref(), Some("青溪镇党务公开"));
    let schemas = Schemas::load();
    schemas.assert_valid(
        "AppConfig",
        &parse_file(&repo("public/config.json")),
        "public/config.json",
    );
    let demo = Demo::generate(Some("2026-11-22"));
    let site: Site = demo.read("v1/site.json");
    assert_eq!(config.default_org.as_deref(), Some(site.root_org.as_str()));
}

#[test]
fn the_openapi_document_covers_every_path_of_the_contract() {
    let doc: Value =
        serde_norway::from_str(&std::fs::read_to_string(repo("openapi.yaml")).unwrap()).unwrap();
    let paths: BTreeSet<&str> = doc["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        paths,
        [
            "/v1/site.json",
            "/v1/orgs.json",
            "/v1/items.json",
            "/v1/orgs/{org}/items.json",
            "/v1/items/{id}.json",
            "/v1/calendar/{year}.json"
        ]
        .into_iter()
        .collect()
    );
    // Every $ref points at something that exists.
    fn refs<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
        match v {
            Value::Object(m) => {
                if let Some(Value::String(r)) = m.get("$ref") {
                    out.push(r);
                }
                m.values().for_each(|v| refs(v, out));
            }
            Value::Array(a) => a.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    refs(&doc, &mut all);
    for r in all {
        let pointer = r
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("external $ref {r}"));
        assert!(doc.pointer(pointer).is_some(), "dangling $ref {r}");
    }
    // Every schema compiles.
    let schemas = Schemas::load();
    for name in doc["components"]["schemas"].as_object().unwrap().keys() {
        drop(schemas.validator(name));
    }
}
