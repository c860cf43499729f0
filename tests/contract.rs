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

    /// A validator for any schema in the components, by its JSON Pointer
    /// (e.g. the problem body of a response).
    fn validator_at(&self, pointer: &str) -> jsonschema::Validator {
        assert!(
            self.root.pointer(pointer).is_some_and(Value::is_object),
            "no schema at {pointer} in openapi.yaml"
        );
        let mut schema = self.root.clone();
        schema["$ref"] = json!(format!("#{pointer}"));
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(true)
            .build(&schema)
            .unwrap_or_else(|e| panic!("schema {pointer}: {e}"))
    }

    fn validator(&self, name: &str) -> jsonschema::Validator {
        assert!(
            self.root["components"]["schemas"][name].is_object(),
            "no schema {name} in openapi.yaml"
        );
        self.validator_at(&format!("/components/schemas/{name}"))
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
    // One ended 公示 whose objections are still being checked (a static
    // backend sets the flag by hand), and only on an ended period.
    let under_review: Vec<&str> = full
        .values()
        .filter(|i| i.objections_under_review)
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(under_review, ["recruitment-community-probationary"]);
    for id in under_review {
        let p = full[id].publicity.as_ref().expect("a 公示");
        assert!(
            matches!(period_status(p, now, &cal), PeriodStatus::Ended { .. }),
            "{id} under review before its period ended"
        );
    }

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
    assert!(!item.objections_under_review);
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
            "/v1/calendar/{year}.json",
            "/v1/search.json",
            "/v1/feedback",
            "/v1/feedback/{code}",
            "/v1/feedback/{code}/rating",
            "/v1/orgs/{org}/replies.json",
            "/v1/staff/feedback",
            "/v1/staff/feedback/{code}",
            "/v1/staff/feedback/{code}/start",
            "/v1/staff/feedback/{code}/reply",
            "/v1/staff/feedback/{code}/publish",
            "/v1/staff/feedback/{code}/close",
            "/v1/staff/objections",
            "/v1/staff/items/{id}",
            "/v1/kiosk/heartbeat",
            "/v1/staff/kiosks",
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

// ---------------------------------------------------------------------------
// `null` means the same as absent, for every optional field of every schema

/// Reads `value` as the app's `T` and writes it back: what the app made of
/// it, to compare.
fn read_back<T: DeserializeOwned + serde::Serialize>(value: &Value) -> Result<Value, String> {
    let t: T = parse_str(&value.to_string())?;
    Ok(serde_json::to_value(t).unwrap())
}

/// Like [`read_back`], for a list page: an entry skipped is a failure too.
fn read_page<T: DeserializeOwned + serde::Serialize>(
    skipped: fn(&T) -> usize,
) -> impl Fn(&Value) -> Result<Value, String> {
    move |value| {
        let t: T = parse_str(&value.to_string())?;
        match skipped(&t) {
            0 => Ok(serde_json::to_value(t).unwrap()),
            n => Err(format!("{n} entries skipped")),
        }
    }
}

/// Where a schema `node` (a JSON pointer into the components) meets
/// `value` (at `at`), the objects described by a node with `properties`,
/// as (pointer into the value, pointer to the node), at any depth:
/// following `$ref`, `allOf`, the branches of `oneOf`/`anyOf` that `value`
/// matches, `properties` and `items`.
struct Walker<'a> {
    schemas: &'a Schemas,
    validators: BTreeMap<String, jsonschema::Validator>,
}

impl Walker<'_> {
    fn matches(&mut self, node: &str, value: &Value) -> bool {
        let schemas = self.schemas;
        self.validators
            .entry(node.to_owned())
            .or_insert_with(|| schemas.validator_at(node))
            .is_valid(value)
    }

    fn walk(&mut self, node: &str, value: &Value, at: &str, out: &mut Vec<(String, String)>) {
        let schema = self.schemas.root.pointer(node).unwrap().clone();
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            self.walk(r.strip_prefix('#').unwrap(), value, at, out);
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            for (i, _) in schema
                .get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                let branch = format!("{node}/{key}/{i}");
                if key == "allOf" || self.matches(&branch, value) {
                    self.walk(&branch, value, at, out);
                }
            }
        }
        if let (Some(props), Some(object)) = (
            schema.get("properties").and_then(Value::as_object),
            value.as_object(),
        ) {
            out.push((at.to_owned(), node.to_owned()));
            for (key, sub) in props {
                if let (Some(v), true) = (object.get(key), sub.is_object()) {
                    let escaped = key.replace('~', "~0").replace('/', "~1");
                    self.walk(
                        &format!("{node}/properties/{escaped}"),
                        v,
                        &format!("{at}/{escaped}"),
                        out,
                    );
                }
            }
        }
        if let (Some(_), Some(list)) = (schema.get("items"), value.as_array()) {
            for (i, v) in list.iter().enumerate() {
                self.walk(&format!("{node}/items"), v, &format!("{at}/{i}"), out);
            }
        }
    }
}

/// The optional properties of an object schema: in `properties` (and not
/// `false`, which forbids one), and not in `required`.
fn optional_properties(schema: &Value) -> Vec<String> {
    let required: BTreeSet<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    schema["properties"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(k, v)| **v != Value::Bool(false) && !required.contains(k.as_str()))
        .map(|(k, _)| k.clone())
        .collect()
}

/// Every object schema of the components, with its optional properties:
/// `components/schemas/X`, and the branches of an `allOf` that add
/// properties of their own (`StaffFeedback`'s).
fn every_optional_property(schemas: &Schemas) -> BTreeSet<(String, String)> {
    let mut all = BTreeSet::new();
    for (name, schema) in schemas.root["components"]["schemas"].as_object().unwrap() {
        let mut nodes = vec![(format!("/components/schemas/{name}"), schema)];
        for (i, branch) in schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            nodes.push((format!("/components/schemas/{name}/allOf/{i}"), branch));
        }
        for (node, schema) in nodes {
            for key in optional_properties(schema) {
                all.insert((node.clone(), key));
            }
        }
    }
    all
}

type Reader = Box<dyn Fn(&Value) -> Result<Value, String>>;

/// One document of every type the app reads or the server takes, with
/// every optional field it can have, and how the app reads it.
fn documents_with_every_field() -> Vec<(&'static str, Value, Reader)> {
    use gongkai::api::{
        FeedbackReceipt, FeedbackRequest, FeedbackState, ItemUpdate, KioskList, Problem,
        RatingRequest, ReplyPage, ReplyRequest, SearchPage, StaffFeedback, StaffItem,
    };
    let demo = Demo::generate(Some("2026-11-22"));
    let item = |id: &str| -> Value { demo.read(&format!("v1/items/{id}.json")) };
    let regular = item("dues-qingxi-village-2026-q3");
    let staged = item("practical-qingxi-village-road");
    let superseded = item("recruitment-taoyuan-probationary");
    let full = item("rules-disclosure-measures");
    let mut site: Value = demo.read("v1/site.json");
    site["feedback"] = json!({ "kinds": ["suggestion", "objection"], "reply_working_days": 10 });
    site["kiosk_heartbeat"] = json!({ "path": "v1/kiosk/heartbeat", "interval_seconds": 60 });
    site["search"] = json!({ "type": "query", "path": "v1/search.json" });
    site["subtitle"] = json!("中共青溪镇委员会党务公开栏");
    site["contacts"][0] = json!({ "name": "周某某", "role": "监督员", "phone": "0571-86120345",
        "email": "a@example.cn", "address": "镇政府", "hours": "工作日" });
    let mut calendar: Value = demo.read("v1/calendar/2026.json");
    for key in ["holidays", "workdays"] {
        calendar[key].as_array_mut().unwrap().truncate(2);
    }
    let at = "2026-11-22T16:14:23+08:00";
    let reply = json!({ "text": "经核实，材料无误。", "replied_at": at, "public": true });
    let state = json!({
        "code": "6J8N-R0CH-4HY9", "kind": "objection", "org": "qingxi-committee",
        "item": "cadre-preappoint-zhou", "status": "replied", "body": "公示对象任职经历的时间有误。",
        "submitted_at": at, "reply_due": "2026-12-04", "reply": reply,
        "rating": { "rating": "unsatisfied", "reason": "没有说明依据", "rated_at": at }
    });
    let mut staff = state.clone();
    for (k, v) in [
        ("name", json!("张三")),
        ("contact", json!("13812345678")),
        ("public_question", json!("群众对任职经历提出异议。")),
        ("reopen_count", json!(1)),
        ("reopened_at", json!(at)),
    ] {
        staff[k] = v;
    }
    vec![
        ("Site", site, Box::new(read_back::<Site>)),
        (
            "OrgList",
            demo.read("v1/orgs.json"),
            Box::new(read_page::<OrgList>(|p| p.skipped.len())),
        ),
        (
            "ItemPage",
            json!({ "items": [regular, staged, superseded], "next": "items/pages/2.json", "total": 3 }),
            Box::new(read_page::<ItemPage>(|p| p.skipped.len())),
        ),
        ("Item", full.clone(), Box::new(read_back::<Item>)),
        (
            "CalendarYear",
            calendar,
            Box::new(read_back::<CalendarYear>),
        ),
        (
            "SearchPage",
            json!({ "total": 1, "offset": 0, "items": [full.clone()] }),
            Box::new(read_back::<SearchPage>),
        ),
        (
            "Problem",
            json!({ "type": "urn:gongkai:problem:validation", "title": "提交的内容需要修改", "status": 422,
                    "detail": "有1处需要修改", "instance": "/v1/feedback",
                    "errors": [{ "pointer": "/body", "code": "too_short", "detail": "留言内容太短" }] }),
            Box::new(read_back::<Problem>),
        ),
        (
            "FeedbackRequest",
            json!({ "kind": "objection", "org": "qingxi-committee", "item": "cadre-preappoint-zhou",
                    "body": "公示对象任职经历的时间有误。", "name": "张三", "contact": "13812345678" }),
            Box::new(read_back::<FeedbackRequest>),
        ),
        (
            "FeedbackReceipt",
            json!({ "code": "6J8N-R0CH-4HY9", "kind": "suggestion", "org": "qingxi-committee",
                    "item": "cadre-preappoint-zhou", "status": "received", "submitted_at": at,
                    "reply_due": "2026-12-04" }),
            Box::new(read_back::<FeedbackReceipt>),
        ),
        (
            "FeedbackState",
            state.clone(),
            Box::new(read_back::<FeedbackState>),
        ),
        ("StaffFeedback", staff, Box::new(read_back::<StaffFeedback>)),
        (
            "RatingRequest",
            json!({ "rating": "unsatisfied", "reason": "没有说明依据", "reopen": true }),
            Box::new(read_back::<RatingRequest>),
        ),
        (
            "ReplyPage",
            json!({ "replies": [{ "id": "r1", "kind": "objection", "org": "qingxi-committee",
                "item": "cadre-preappoint-zhou", "question": "群众对任职经历提出异议。", "reply": "经核实，材料无误。",
                "status": "replied", "submitted_on": "2026-11-22", "reply_due": "2026-12-04",
                "replied_on": "2026-11-23", "working_days_taken": 1, "rating": "satisfied" }],
                "next": "replies/pages/2.json" }),
            Box::new(read_page::<ReplyPage>(|p| p.skipped.len())),
        ),
        (
            "ReplyRequest",
            json!({ "text": "经核实，材料无误。", "public_question": "群众对任职经历提出异议。" }),
            Box::new(read_back::<ReplyRequest>),
        ),
        (
            "ItemUpdate",
            json!({ "item": full.clone(), "note": "更正", "publicity_override_reason": "时间紧" }),
            Box::new(read_back::<ItemUpdate>),
        ),
        (
            "StaffItem",
            json!({ "item": full, "publicity_override": { "reason": "时间紧", "working_days": 3,
                    "required_working_days": 5, "at": at } }),
            Box::new(read_back::<StaffItem>),
        ),
        (
            "AppConfig",
            json!({ "api_base": "demo", "title": "青溪镇党务公开", "default_org": "qingxi-committee" }),
            Box::new(read_back::<AppConfig>),
        ),
        (
            "Heartbeat",
            json!({ "device": "1号屏", "version": "0.1.0", "data_age_seconds": 42,
                    "uptime_seconds": 86400, "last_error": "网络错误" }),
            Box::new(read_back::<gongkai::api::Heartbeat>),
        ),
        (
            "KioskList",
            json!({ "kiosks": [{ "device": "1号屏", "version": "0.1.0", "last_seen": at,
                    "data_age_seconds": 42, "uptime_seconds": 86400, "last_error": "网络错误",
                    "interval_seconds": 60, "offline": false }] }),
            Box::new(read_back::<KioskList>),
        ),
    ]
}

#[test]
fn null_means_absent_for_every_optional_field_of_every_schema() {
    let schemas = Schemas::load();
    let mut tested = BTreeSet::new();
    let mut failures = Vec::new();
    for (name, doc, read) in documents_with_every_field() {
        let validator = schemas.validator(name);
        schemas.assert_valid(name, &doc, name);
        assert!(
            read(&doc).is_ok(),
            "{name}: the sample itself: {:?}",
            read(&doc)
        );
        let mut walker = Walker {
            schemas: &schemas,
            validators: BTreeMap::new(),
        };
        let mut objects = Vec::new();
        walker.walk(
            &format!("/components/schemas/{name}"),
            &doc,
            "",
            &mut objects,
        );
        for (at, node) in objects {
            for key in optional_properties(schemas.root.pointer(&node).unwrap()) {
                tested.insert((node.clone(), key.clone()));
                let mut absent = doc.clone();
                absent
                    .pointer_mut(&at)
                    .unwrap()
                    .as_object_mut()
                    .unwrap()
                    .remove(&key);
                let mut null = doc.clone();
                null.pointer_mut(&at).unwrap()[key.as_str()] = Value::Null;
                let field = format!("{name} at {at}/{key}");
                if validator.is_valid(&absent) != validator.is_valid(&null) {
                    failures.push(format!(
                        "{field}: the schema takes {} but not {}",
                        if validator.is_valid(&absent) {
                            "absent"
                        } else {
                            "null"
                        },
                        if validator.is_valid(&absent) {
                            "null"
                        } else {
                            "absent"
                        },
                    ));
                }
                match (read(&absent), read(&null)) {
                    (Ok(a), Ok(n)) if a != n => {
                        failures.push(format!("{field}: null reads as {n}, absent as {a}"))
                    }
                    (Ok(_), Err(e)) => {
                        failures.push(format!("{field}: absent reads, null does not: {e}"))
                    }
                    (Err(e), Ok(_)) => {
                        failures.push(format!("{field}: null reads, absent does not: {e}"))
                    }
                    _ => {}
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "null is not absent:\n  {}",
        failures.join("\n  ")
    );
    // Every optional property of every schema was tried: a new one needs a
    // sample above that has it (or its object).
    let untested: Vec<_> = every_optional_property(&schemas)
        .difference(&tested)
        .cloned()
        .collect();
    assert!(
        untested.is_empty(),
        "optional properties no sample reaches: {untested:?}"
    );
}

// ---------------------------------------------------------------------------
// The write side: feedback, public replies, the staff API

mod write_side {
    use super::*;
    use gongkai::api::{
        FeedbackKind, FeedbackReceipt, FeedbackRequest, FeedbackService, FeedbackState,
        FeedbackStatus, FieldProblem, ItemUpdate, ObjectionReview, ObjectionReviewList, Problem,
        PublicReply, PublicityOverride, PublishRequest, Rating, RatingGiven, RatingRequest, Reply,
        ReplyPage, ReplyRequest, StaffFeedback, StaffFeedbackList, StaffItem,
    };
    use gongkai::domain::feedback::{
        clean_text, validate_rating, validate_request, FieldError, TrackingCode, BODY_MAX_CHARS,
        BODY_MIN_CHARS, CONTACT_MAX_CHARS, NAME_MAX_CHARS, QUESTION_MAX_CHARS, REASON_MAX_CHARS,
        REPLY_MAX_CHARS,
    };
    use serde::Serialize;
    use time::macros::{date, datetime};

    fn to_value(v: &impl Serialize) -> Value {
        serde_json::to_value(v).unwrap()
    }

    /// Serialises `v`, checks it against `schema` and parses it back.
    fn assert_round_trip<T>(schemas: &Schemas, schema: &str, v: &T, what: &str)
    where
        T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        let value = to_value(v);
        schemas.assert_valid(schema, &value, what);
        let back: T = parse_str(&value.to_string()).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(&back, v, "{what}: round trip");
    }

    /// `value` must not match `schema`.
    fn assert_refused(schemas: &Schemas, schema: &str, value: &Value, what: &str) {
        assert!(
            !schemas.errors(schema, value).is_empty(),
            "{what} matches schema {schema}: {value}"
        );
    }

    fn edited(value: &Value, edit: impl FnOnce(&mut serde_json::Map<String, Value>)) -> Value {
        let mut v = value.clone();
        edit(v.as_object_mut().unwrap());
        v
    }

    /// `value` with `key` set to `new`.
    fn with(value: &Value, key: &str, new: Value) -> Value {
        edited(value, |m| drop(m.insert(key.into(), new)))
    }

    /// `value` without `key`.
    fn without(value: &Value, key: &str) -> Value {
        edited(value, |m| drop(m.remove(key)))
    }

    const CODE: &str = "7KQ2-M9XD-4FTB";

    fn request() -> FeedbackRequest {
        FeedbackRequest {
            kind: "suggestion".into(),
            org: "qingxi-village".into(),
            body: "村口路灯坏了三盏，晚上出行不便，建议尽快修理。".into(),
            ..Default::default()
        }
    }

    fn objection() -> FeedbackRequest {
        FeedbackRequest {
            kind: "objection".into(),
            org: "qingxi-committee".into(),
            item: Some("cadre-preappoint-zhou".into()),
            body: "公示对象任职经历中的时间与本人了解的情况不符，请核实。".into(),
            name: Some("张三".into()),
            contact: Some("138 1234 5678".into()),
        }
    }

    fn receipt() -> FeedbackReceipt {
        FeedbackReceipt {
            code: CODE.into(),
            kind: FeedbackKind::Suggestion,
            org: "qingxi-village".into(),
            item: None,
            status: FeedbackStatus::Received,
            submitted_at: datetime!(2026-11-18 10:15:30 +8),
            reply_due: date!(2026 - 12 - 02),
        }
    }

    fn state(status: FeedbackStatus) -> FeedbackState {
        FeedbackState {
            code: CODE.into(),
            kind: FeedbackKind::Suggestion,
            org: "qingxi-village".into(),
            item: None,
            status,
            body: "村口路灯坏了三盏，晚上出行不便，建议尽快修理。".into(),
            submitted_at: datetime!(2026-11-18 10:15:30 +8),
            reply_due: date!(2026 - 12 - 02),
            reply: None,
            rating: None,
        }
    }

    fn reply(public: bool) -> Reply {
        Reply {
            text: "已联系镇供电所，三盏路灯已于11月20日修复。感谢您的建议。".into(),
            replied_at: datetime!(2026-11-20 16:40 +8),
            public,
        }
    }

    fn rating(rating: Rating, reason: Option<&str>) -> RatingGiven {
        RatingGiven {
            rating,
            reason: reason.map(Into::into),
            rated_at: datetime!(2026-11-21 08:05 +8),
        }
    }

    /// The submission at every stage of its life, as its holder sees it.
    fn states() -> Vec<(&'static str, FeedbackState)> {
        let mut objection = state(FeedbackStatus::InProgress);
        objection.kind = FeedbackKind::Objection;
        objection.org = "qingxi-committee".into();
        objection.item = Some("cadre-preappoint-zhou".into());
        let replied = FeedbackState {
            reply: Some(reply(false)),
            ..state(FeedbackStatus::Replied)
        };
        let rated = FeedbackState {
            reply: Some(reply(true)),
            rating: Some(rating(Rating::Satisfied, None)),
            ..state(FeedbackStatus::Closed)
        };
        let reopened = FeedbackState {
            reply: Some(reply(true)),
            rating: Some(rating(
                Rating::Unsatisfied,
                Some("只修了两盏，还有一盏不亮。"),
            )),
            ..state(FeedbackStatus::InProgress)
        };
        vec![
            ("received", state(FeedbackStatus::Received)),
            ("in progress, an objection", objection),
            ("replied", replied),
            ("closed after a satisfied rating", rated),
            ("reopened after an unsatisfied rating", reopened),
            ("closed without a reply", state(FeedbackStatus::Closed)),
        ]
    }

    fn public_reply() -> PublicReply {
        PublicReply {
            id: "r-2026-0031".into(),
            kind: FeedbackKind::Suggestion,
            org: "qingxi-village".into(),
            item: None,
            question: "群众反映村口路灯损坏，晚间出行不便。".into(),
            reply: "已联系镇供电所，三盏路灯已于11月20日修复。".into(),
            status: FeedbackStatus::Closed,
            submitted_on: date!(2026 - 11 - 18),
            reply_due: date!(2026 - 12 - 02),
            replied_on: date!(2026 - 11 - 20),
            working_days_taken: 2,
            rating: Some(Rating::BasicallySatisfied),
        }
    }

    fn staff(state: FeedbackState) -> StaffFeedback {
        StaffFeedback {
            state,
            name: None,
            contact: None,
            public_question: None,
            reopen_count: 0,
            reopened_at: None,
        }
    }

    fn problem(errors: Vec<FieldError>) -> Problem {
        Problem {
            problem_type: "urn:gongkai:problem:validation".into(),
            title: "提交的内容有误".into(),
            status: 422,
            detail: Some("请按提示修改后重新提交".into()),
            errors: errors
                .into_iter()
                .map(|e| FieldProblem {
                    pointer: e.pointer.into(),
                    code: e.code.as_str().into(),
                    detail: gongkai::i18n::field_error_text(&e),
                })
                .collect(),
        }
    }

    fn simple_problem(name: &str, title: &str, status: u16) -> Problem {
        Problem {
            problem_type: format!("urn:gongkai:problem:{name}"),
            title: title.into(),
            status,
            detail: None,
            errors: Vec::new(),
        }
    }

    /// The problem body schema of a shared response, e.g. `Unprocessable`.
    fn response_schema(schemas: &Schemas, response: &str) -> jsonschema::Validator {
        schemas.validator_at(&format!(
            "/components/responses/{response}/content/application~1problem+json/schema"
        ))
    }

    #[test]
    fn site_json_may_claim_the_write_side() {
        let schemas = Schemas::load();
        let demo = Demo::generate(Some("2026-11-22"));
        let mut site: Site = demo.read("v1/site.json");
        assert_eq!(site.feedback, None, "the static demo takes no feedback");
        assert_round_trip(&schemas, "Site", &site, "site without feedback");
        site.feedback = Some(FeedbackService {
            kinds: FeedbackKind::ALL.to_vec(),
            reply_working_days: 10,
        });
        assert_round_trip(&schemas, "Site", &site, "site with feedback");
        let value = to_value(&site);
        let service = value["feedback"].clone();
        assert_eq!(
            service,
            json!({
                "kinds": ["suggestion", "opinion", "objection", "inquiry", "complaint"],
                "reply_working_days": 10
            })
        );
        for (what, bad) in [
            (
                "an unknown kind",
                json!({"kinds": ["praise"], "reply_working_days": 10}),
            ),
            ("no kinds", json!({"kinds": [], "reply_working_days": 10})),
            (
                "a repeated kind",
                json!({"kinds": ["opinion", "opinion"], "reply_working_days": 10}),
            ),
            ("no deadline", json!({"kinds": ["opinion"]})),
            (
                "a deadline of 0 days",
                json!({"kinds": ["opinion"], "reply_working_days": 0}),
            ),
        ] {
            assert_refused(&schemas, "FeedbackService", &bad, what);
            assert_refused(
                &schemas,
                "Site",
                &with(&value, "feedback", bad.clone()),
                what,
            );
        }
    }

    #[test]
    fn feedback_requests_match_their_schema() {
        let schemas = Schemas::load();
        assert_round_trip(&schemas, "FeedbackRequest", &request(), "anonymous");
        assert_round_trip(&schemas, "FeedbackRequest", &objection(), "objection");
        for kind in FeedbackKind::ALL {
            let req = FeedbackRequest {
                kind: kind.as_str().into(),
                ..objection()
            };
            schemas.assert_valid("FeedbackRequest", &to_value(&req), kind.as_str());
        }
        // null is the same as absent.
        let nulls = edited(&to_value(&request()), |r| {
            for k in ["item", "name", "contact"] {
                r.insert(k.into(), Value::Null);
            }
        });
        schemas.assert_valid("FeedbackRequest", &nulls, "nulls");
        assert_eq!(
            parse_str::<FeedbackRequest>(&nulls.to_string()),
            Ok(request())
        );

        let good = to_value(&objection());
        for (what, bad) in [
            ("an unknown kind", with(&good, "kind", json!("praise"))),
            ("no body", without(&good, "body")),
            ("no org", without(&good, "org")),
            ("an objection without an item", without(&good, "item")),
            ("an objection on null", with(&good, "item", Value::Null)),
            ("an org that is no id", with(&good, "org", json!("青溪村"))),
            ("a number as body", with(&good, "body", json!(12345))),
        ] {
            assert_refused(&schemas, "FeedbackRequest", &bad, what);
        }
    }

    /// The schema's length limits are the server's: what the server accepts
    /// the schema accepts (text is cleaned before it is counted), and the
    /// schema refuses clean text the server refuses.
    #[test]
    fn request_limits_agree_with_the_server() {
        let schemas = Schemas::load();
        // Only the cases named "over" or "under" break a limit.
        let expected = |what: &str| !(what.contains(" over ") || what.contains(" under "));
        let agree = |schema: &str, value: Value, server_ok: bool, what: &str| {
            assert_eq!(server_ok, expected(what), "{what}: the server's rules");
            let errors = schemas.errors(schema, &value);
            assert_eq!(
                errors.is_empty(),
                server_ok,
                "{what}: the schema says {errors:?}"
            );
        };
        let padded = |s: String| format!("  \r\n{s}\t \n");
        let chars = |n: usize| "字".repeat(n);
        // `zhangsan@aaaa….bbbb….example.cn`, n characters in all.
        let mail = |n: usize| {
            format!(
                "zhangsan@{}.{}.example.cn",
                "a".repeat(40),
                "b".repeat(n - 61)
            )
        };

        let body = |body: String| FeedbackRequest { body, ..request() };
        let name = |name: String| FeedbackRequest {
            name: Some(name),
            ..request()
        };
        let contact = |c: String| FeedbackRequest {
            contact: Some(c),
            ..request()
        };
        for (what, req) in [
            ("body at the minimum", body(chars(BODY_MIN_CHARS))),
            ("body under the minimum", body(chars(BODY_MIN_CHARS - 1))),
            ("body at the maximum", body(chars(BODY_MAX_CHARS))),
            ("body over the maximum", body(chars(BODY_MAX_CHARS + 1))),
            (
                "padded body at the maximum",
                body(padded(chars(BODY_MAX_CHARS))),
            ),
            (
                "body at the maximum and a bell",
                body(chars(BODY_MAX_CHARS) + "\u{7}"),
            ),
            ("name at the maximum", name(chars(NAME_MAX_CHARS))),
            ("name over the maximum", name(chars(NAME_MAX_CHARS + 1))),
            (
                "padded name at the maximum",
                name(padded(chars(NAME_MAX_CHARS))),
            ),
            ("an empty name", name(String::new())),
            ("contact at the maximum", contact(mail(CONTACT_MAX_CHARS))),
            (
                "contact over the maximum",
                contact(mail(CONTACT_MAX_CHARS + 1)),
            ),
            (
                "padded contact at the maximum",
                contact(padded(mail(CONTACT_MAX_CHARS))),
            ),
        ] {
            let server_ok = validate_request(&req).is_ok();
            agree("FeedbackRequest", to_value(&req), server_ok, what);
        }

        let reason = |reason: String| RatingRequest {
            rating: "unsatisfied".into(),
            reason: Some(reason),
            reopen: true,
        };
        for (what, req) in [
            ("reason at the maximum", reason(chars(REASON_MAX_CHARS))),
            (
                "reason over the maximum",
                reason(chars(REASON_MAX_CHARS + 1)),
            ),
            ("padded reason", reason(padded(chars(REASON_MAX_CHARS)))),
        ] {
            let server_ok = validate_rating(&req).is_ok();
            agree("RatingRequest", to_value(&req), server_ok, what);
        }

        // Staff text: the server's rule (clean, then count) written out.
        let fits = |s: &str, max: usize| (1..=max).contains(&clean_text(s).chars().count());
        let texts = |max: usize| {
            [
                ("at the maximum", chars(max)),
                ("padded at the maximum", padded(chars(max))),
                ("just over the maximum", chars(max + 1)),
                ("empty, under the minimum", String::new()),
            ]
        };
        for (what, text) in texts(REPLY_MAX_CHARS) {
            let what = format!("reply {what}");
            let ok = fits(&text, REPLY_MAX_CHARS);
            agree("ReplyRequest", json!({ "text": text }), ok, &what);
        }
        for (what, question) in texts(QUESTION_MAX_CHARS) {
            let what = format!("question {what}");
            let ok = fits(&question, QUESTION_MAX_CHARS);
            agree("PublishRequest", json!({ "question": question }), ok, &what);
            if !question.is_empty() {
                let reply = json!({ "text": "答复", "public_question": question });
                agree("ReplyRequest", reply, ok, &what);
            }
        }
    }

    #[test]
    fn rating_requests_match_their_schema() {
        let schemas = Schemas::load();
        for rating in Rating::ALL {
            let req = RatingRequest {
                rating: rating.as_str().into(),
                ..Default::default()
            };
            assert_round_trip(&schemas, "RatingRequest", &req, rating.as_str());
        }
        let reopen = RatingRequest {
            rating: "unsatisfied".into(),
            reason: Some("只修了两盏，还有一盏不亮。".into()),
            reopen: true,
        };
        assert_round_trip(&schemas, "RatingRequest", &reopen, "unsatisfied, reopen");
        schemas.assert_valid(
            "RatingRequest",
            &json!({"rating": "satisfied"}),
            "no reopen",
        );

        let good = to_value(&reopen);
        for (what, bad) in [
            (
                "reopen when satisfied",
                with(&good, "rating", json!("satisfied")),
            ),
            ("an unknown rating", with(&good, "rating", json!("great"))),
            ("no rating", without(&good, "rating")),
        ] {
            assert_refused(&schemas, "RatingRequest", &bad, what);
        }
        // `null` is absent: no reopening.
        let null_reopen = with(&good, "reopen", Value::Null);
        schemas.assert_valid("RatingRequest", &null_reopen, "reopen null");
        let read: RatingRequest = parse_str(&null_reopen.to_string()).unwrap();
        assert!(!read.reopen);
        // The schema's rule is the server's.
        let satisfied_reopen = RatingRequest {
            rating: "satisfied".into(),
            ..reopen
        };
        assert!(validate_rating(&satisfied_reopen).is_err());
    }

    #[test]
    fn tracking_codes_match_their_pattern() {
        let schemas = Schemas::load();
        for bytes in [
            [0u8; 8],
            [0xff; 8],
            [0x5a; 8],
            *b"gongkai!",
            1234567890u64.to_be_bytes(),
        ] {
            let code = TrackingCode::from_random(bytes);
            schemas.assert_valid("TrackingCode", &json!(code), &code);
            assert_eq!(
                TrackingCode::normalize(&code.to_lowercase()),
                Some(code.clone())
            );
        }
        assert_eq!(
            TrackingCode::normalize("abcd efgh jklm").as_deref(),
            Some("ABCD-EFGH-JK1M")
        );
        for bad in [
            "7kq2-m9xd-4ftb",
            "7KQ2M9XD4FTB",
            "7KQ2-M9XD-4FTU",
            "7KQ2-M9XD-4FTI",
            "7KQ2-M9XD-4FT",
            "7KQ2-M9XD-4FTBB",
            " 7KQ2-M9XD-4FTB",
        ] {
            assert_refused(&schemas, "TrackingCode", &json!(bad), bad);
        }
    }

    #[test]
    fn receipts_match_their_schema() {
        let schemas = Schemas::load();
        assert_round_trip(&schemas, "FeedbackReceipt", &receipt(), "receipt");
        let on_item = FeedbackReceipt {
            kind: FeedbackKind::Objection,
            org: "qingxi-committee".into(),
            item: Some("cadre-preappoint-zhou".into()),
            ..receipt()
        };
        assert_round_trip(
            &schemas,
            "FeedbackReceipt",
            &on_item,
            "receipt of an objection",
        );
        let good = to_value(&on_item);
        assert_eq!(good["submitted_at"], "2026-11-18T10:15:30+08:00");
        assert_eq!(good["reply_due"], "2026-12-02");
        for (what, bad) in [
            (
                "a lower-case code",
                with(&good, "code", json!("7kq2-m9xd-4ftb")),
            ),
            (
                "a code with U",
                with(&good, "code", json!("7KQ2-M9XD-4FTU")),
            ),
            ("an unknown kind", with(&good, "kind", json!("praise"))),
            (
                "a receipt in progress",
                with(&good, "status", json!("in_progress")),
            ),
            ("no reply_due", without(&good, "reply_due")),
            ("no code", without(&good, "code")),
            (
                "reply_due as a time",
                with(&good, "reply_due", json!("2026-12-02T00:00:00+08:00")),
            ),
            (
                "a time without offset",
                with(&good, "submitted_at", json!("2026-11-18T10:15:30")),
            ),
            ("an objection without its item", without(&good, "item")),
        ] {
            assert_refused(&schemas, "FeedbackReceipt", &bad, what);
        }
    }

    #[test]
    fn states_match_their_schema_and_never_name_the_submitter() {
        let schemas = Schemas::load();
        for (what, s) in states() {
            assert_round_trip(&schemas, "FeedbackState", &s, what);
        }
        let good = to_value(&states()[4].1);
        for (what, bad) in [
            ("a name", with(&good, "name", json!("张三"))),
            ("a contact", with(&good, "contact", json!("13812345678"))),
            ("an unknown status", with(&good, "status", json!("pending"))),
            ("an unknown kind", with(&good, "kind", json!("praise"))),
            (
                "a malformed code",
                with(&good, "code", json!("7KQ2M9XD4FTB")),
            ),
            ("no body", without(&good, "body")),
            ("a rating without a reply", without(&good, "reply")),
            (
                "a reply that is not public or private",
                edited(&good, |r| {
                    r["reply"].as_object_mut().unwrap().remove("public");
                }),
            ),
            (
                "an unknown rating",
                edited(&good, |r| {
                    r["rating"]["rating"] = json!("great");
                }),
            ),
        ] {
            assert_refused(&schemas, "FeedbackState", &bad, what);
        }
        let replied = to_value(&states()[2].1);
        assert_refused(
            &schemas,
            "FeedbackState",
            &without(&replied, "reply"),
            "replied without a reply",
        );
        assert_refused(
            &schemas,
            "FeedbackState",
            &with(&replied, "status", json!("received")),
            "received with a reply",
        );
        let mut objection = to_value(&states()[1].1);
        objection.as_object_mut().unwrap().remove("item");
        assert_refused(
            &schemas,
            "FeedbackState",
            &objection,
            "an objection without its item",
        );
    }

    #[test]
    fn public_replies_match_their_schema_and_carry_no_words_of_the_submitter() {
        let schemas = Schemas::load();
        let on_item = PublicReply {
            id: "r-2026-0032".into(),
            kind: FeedbackKind::Inquiry,
            org: "qingxi-committee".into(),
            item: Some("dues-qingxi-village-2026-q3".into()),
            status: FeedbackStatus::Replied,
            working_days_taken: 0,
            rating: None,
            ..public_reply()
        };
        assert_round_trip(&schemas, "PublicReply", &public_reply(), "public reply");
        assert_round_trip(&schemas, "PublicReply", &on_item, "public reply on an item");
        let page = ReplyPage {
            replies: vec![on_item, public_reply()],
            next: Some("replies/pages/2.json".into()),
            skipped: vec![],
        };
        assert_round_trip(&schemas, "ReplyPage", &page, "first page");
        let last = ReplyPage {
            replies: vec![public_reply()],
            next: None,
            skipped: vec![],
        };
        assert_round_trip(&schemas, "ReplyPage", &last, "last page");
        assert_round_trip(
            &schemas,
            "ReplyPage",
            &ReplyPage {
                replies: vec![],
                next: None,
                skipped: vec![],
            },
            "no public replies",
        );

        let good = to_value(&public_reply());
        for (what, bad) in [
            (
                "the submitter's words",
                with(&good, "body", json!("村口路灯坏了三盏")),
            ),
            ("the tracking code", with(&good, "code", json!(CODE))),
            ("a name", with(&good, "name", json!("张三"))),
            ("a contact", with(&good, "contact", json!("13812345678"))),
            ("no question", without(&good, "question")),
            ("an empty question", with(&good, "question", json!(""))),
            (
                "negative working days",
                with(&good, "working_days_taken", json!(-1)),
            ),
            (
                "a rating object",
                with(&good, "rating", to_value(&rating(Rating::Satisfied, None))),
            ),
            (
                "replied_on as a time",
                with(&good, "replied_on", json!("2026-11-20T16:40:00+08:00")),
            ),
        ] {
            assert_refused(&schemas, "PublicReply", &bad, what);
        }
        let mut too_long = to_value(&page);
        too_long["replies"] = json!(vec![good.clone(); 101]);
        assert_refused(&schemas, "ReplyPage", &too_long, "a page of 101");
    }

    #[test]
    fn staff_views_match_their_schemas() {
        let schemas = Schemas::load();
        let mut all = Vec::new();
        for (what, s) in states() {
            let public = s.reply.as_ref().is_some_and(|r| r.public);
            let bare = staff(s.clone());
            let reopened = s.status == FeedbackStatus::InProgress && s.rating.is_some();
            let full = StaffFeedback {
                state: s,
                name: Some("张三".into()),
                contact: Some("13812345678".into()),
                public_question: public.then(|| "群众反映村口路灯损坏，晚间出行不便。".into()),
                reopen_count: u32::from(reopened),
                reopened_at: reopened.then_some(datetime!(2026-11-21 08:05 +8)),
            };
            if !public {
                assert_round_trip(&schemas, "StaffFeedback", &bare, what);
                all.push(bare);
            }
            assert_round_trip(&schemas, "StaffFeedback", &full, what);
            // Staff see what the holder of the code may not.
            assert_refused(&schemas, "FeedbackState", &to_value(&full), what);
            all.push(full);
        }
        let list = StaffFeedbackList { submissions: all };
        assert_round_trip(&schemas, "StaffFeedbackList", &list, "list");
        assert_round_trip(
            &schemas,
            "StaffFeedbackList",
            &StaffFeedbackList {
                submissions: vec![],
            },
            "empty list",
        );
        // Flattened: the state's fields sit beside name and contact.
        let value = to_value(&list.submissions[1]);
        assert_eq!(value["code"], CODE);
        assert_eq!(value["name"], "张三");

        let public = to_value(&staff(states()[3].1.clone()));
        assert_refused(
            &schemas,
            "StaffFeedback",
            &public,
            "a public reply without its question",
        );
        for (what, bad) in [
            ("no code", without(&public, "code")),
            ("an unknown status", with(&public, "status", json!("done"))),
            (
                "a negative reopen count",
                with(&public, "reopen_count", json!(-1)),
            ),
            (
                "a reopen time without offset",
                with(&public, "reopened_at", json!("2026-11-21T08:05:00")),
            ),
        ] {
            assert_refused(&schemas, "StaffFeedback", &bad, what);
        }
        // A reopened case says so, and when.
        let reopened = list
            .submissions
            .iter()
            .find(|s| s.reopen_count == 1)
            .expect("a reopened case");
        let value = to_value(reopened);
        assert_eq!(value["reopen_count"], 1);
        assert_eq!(value["reopened_at"], "2026-11-21T08:05:00+08:00");
        assert!(to_value(&staff(states()[0].1.clone()))
            .get("reopen_count")
            .is_none());
    }

    #[test]
    fn items_under_objection_review_match_their_schema() {
        let schemas = Schemas::load();
        let mut item: Item = parse_str(&fixture("item-minimal.json")).unwrap();
        assert!(
            to_value(&item).get("objections_under_review").is_none(),
            "omitted when false"
        );
        item.objections_under_review = true;
        assert_round_trip(&schemas, "Item", &item, "an item under review");
        assert_eq!(to_value(&item)["objections_under_review"], true);
        let page = ItemPage {
            items: vec![item.clone()],
            next: None,
            total: Some(1),
            skipped: vec![],
        };
        assert_round_trip(&schemas, "ItemPage", &page, "a list with it");
        for bad in [json!("true"), json!(1)] {
            assert_refused(
                &schemas,
                "Item",
                &with(&to_value(&item), "objections_under_review", bad),
                "not a boolean",
            );
        }
        // `false` and absent are the same.
        let explicit = with(&to_value(&item), "objections_under_review", json!(false));
        schemas.assert_valid("Item", &explicit, "false");
        let back: Item = parse_str(&explicit.to_string()).unwrap();
        assert!(!back.objections_under_review);

        let reviews = ObjectionReviewList {
            items: vec![ObjectionReview {
                item: "cadre-preappoint-zhou".into(),
                org: "qingxi-committee".into(),
                title: "关于周明同志拟任青溪社区党总支副书记的公示".into(),
                ended_on: date!(2026 - 11 - 20),
                open: vec![CODE.into()],
            }],
        };
        assert_round_trip(&schemas, "ObjectionReviewList", &reviews, "reviews");
        assert_round_trip(
            &schemas,
            "ObjectionReviewList",
            &ObjectionReviewList { items: vec![] },
            "no reviews",
        );
        let value = to_value(&reviews.items[0]);
        for (what, bad) in [
            ("no open objection", with(&value, "open", json!([]))),
            ("a bad code", with(&value, "open", json!(["x"]))),
            (
                "a time for a date",
                with(&value, "ended_on", json!("2026-11-20T17:00:00+08:00")),
            ),
        ] {
            assert_refused(&schemas, "ObjectionReview", &bad, what);
        }
    }

    #[test]
    fn staff_requests_match_their_schemas() {
        let schemas = Schemas::load();
        let text = "已联系镇供电所，三盏路灯已于11月20日修复。";
        assert_round_trip(
            &schemas,
            "ReplyRequest",
            &ReplyRequest {
                text: text.into(),
                public_question: None,
            },
            "reply",
        );
        assert_round_trip(
            &schemas,
            "ReplyRequest",
            &ReplyRequest {
                text: text.into(),
                public_question: Some("群众反映村口路灯损坏。".into()),
            },
            "reply and publish",
        );
        assert_round_trip(
            &schemas,
            "PublishRequest",
            &PublishRequest {
                question: "群众反映村口路灯损坏。".into(),
            },
            "publish",
        );
        let item: Item = parse_str(&fixture("item-minimal.json")).unwrap();
        let new = ItemUpdate {
            item: item.clone(),
            note: None,
            publicity_override_reason: None,
        };
        let revised = ItemUpdate {
            item: item.clone(),
            note: Some("更正第二项金额".into()),
            publicity_override_reason: None,
        };
        let overridden = ItemUpdate {
            item: item.clone(),
            note: None,
            publicity_override_reason: Some("换届工作时间紧，经党委会议研究缩短公示期。".into()),
        };
        assert_round_trip(&schemas, "ItemUpdate", &new, "a new item");
        assert_round_trip(&schemas, "ItemUpdate", &revised, "a revision");
        assert_round_trip(
            &schemas,
            "ItemUpdate",
            &overridden,
            "a short period, with a reason",
        );
        assert_refused(
            &schemas,
            "ItemUpdate",
            &with(
                &to_value(&overridden),
                "publicity_override_reason",
                json!("原".repeat(301)),
            ),
            "a reason too long",
        );
        assert_eq!(
            gongkai::domain::feedback::OVERRIDE_REASON_MAX_CHARS,
            300,
            "openapi.yaml says 300"
        );
        let recorded = StaffItem {
            item: item.clone(),
            publicity_override: Some(PublicityOverride {
                reason: "换届工作时间紧，经党委会议研究缩短公示期。".into(),
                working_days: 3,
                required_working_days: 5,
                at: datetime!(2026-11-18 09:00 +8),
            }),
        };
        assert_round_trip(
            &schemas,
            "StaffItem",
            &recorded,
            "an item with its override",
        );
        assert_round_trip(
            &schemas,
            "StaffItem",
            &StaffItem {
                item,
                publicity_override: None,
            },
            "an item",
        );
        assert_refused(
            &schemas,
            "StaffItem",
            &edited(&to_value(&recorded), |m| {
                m["publicity_override"]
                    .as_object_mut()
                    .unwrap()
                    .remove("reason");
            }),
            "an override without its reason",
        );
        for (schema, what, bad) in [
            (
                "ReplyRequest",
                "no text",
                json!({"public_question": "问题"}),
            ),
            ("PublishRequest", "no question", json!({})),
            ("ItemUpdate", "no item", json!({"note": "更正"})),
            (
                "ItemUpdate",
                "an item without a title",
                edited(&to_value(&revised), |u| {
                    u["item"].as_object_mut().unwrap().remove("title");
                }),
            ),
        ] {
            assert_refused(&schemas, schema, &bad, what);
        }
    }

    #[test]
    fn problems_match_their_schemas() {
        let schemas = Schemas::load();
        let unprocessable = response_schema(&schemas, "Unprocessable");
        let bad = FeedbackRequest {
            kind: "praise".into(),
            org: " ".into(),
            body: "短".into(),
            name: Some("名".repeat(31)),
            contact: Some("12345".into()),
            ..Default::default()
        };
        let validation = problem(validate_request(&bad).unwrap_err());
        assert_eq!(validation.errors.len(), 5);
        assert_round_trip(&schemas, "Problem", &validation, "validation problem");
        let value = to_value(&validation);
        assert!(unprocessable.is_valid(&value), "{value}");
        assert_eq!(value["type"], "urn:gongkai:problem:validation");
        assert_eq!(value["errors"][2]["pointer"], "/body");
        assert_eq!(value["errors"][2]["code"], "too_short");

        for (response, name, title, status) in [
            (
                "BadRequest",
                "idempotency-key-missing",
                "缺少 Idempotency-Key",
                400,
            ),
            ("BadRequest", "bad-json", "请求内容不是有效的 JSON", 400),
            ("Unauthorized", "unauthorized", "未授权", 401),
            (
                "StaffApiDisabled",
                "staff-api-disabled",
                "未启用工作人员接口",
                403,
            ),
            ("FeedbackNotFound", "not-found", "没有这个留言码", 404),
            ("Conflict", "conflict", "当前状态不能进行此操作", 409),
            ("PayloadTooLarge", "payload-too-large", "请求内容过大", 413),
            (
                "UnsupportedMediaType",
                "unsupported-media-type",
                "请求内容须为 JSON",
                415,
            ),
            (
                "Unprocessable",
                "idempotency-key-reused",
                "Idempotency-Key 已用于其他内容",
                422,
            ),
            ("RateLimited", "rate-limited", "提交过于频繁", 429),
        ] {
            let p = simple_problem(name, title, status);
            assert_round_trip(&schemas, "Problem", &p, name);
            let value = to_value(&p);
            let validator = response_schema(&schemas, response);
            assert!(validator.is_valid(&value), "{response}: {value}");
            // Another type or status is not this response.
            let other = with(&value, "status", json!(500));
            assert!(!validator.is_valid(&other), "{response}: {other}");
            let other = edited(&value, |p| {
                p.insert("type".into(), json!("urn:gongkai:problem:other"));
            });
            assert!(!validator.is_valid(&other), "{response}: {other}");
        }

        // A validation problem names its fields.
        let no_errors = simple_problem("validation", "提交的内容有误", 422);
        assert!(!unprocessable.is_valid(&to_value(&no_errors)));
        let good = to_value(&validation);
        for (what, bad) in [
            ("no title", without(&good, "title")),
            ("no type", without(&good, "type")),
            ("a status out of range", with(&good, "status", json!(42))),
            ("empty errors", with(&good, "errors", json!([]))),
            (
                "a pointer that is no pointer",
                edited(&good, |p| {
                    p["errors"][0]["pointer"] = json!("body");
                }),
            ),
            (
                "a field error without detail",
                edited(&good, |p| {
                    p["errors"][0].as_object_mut().unwrap().remove("detail");
                }),
            ),
            (
                "a code that is a sentence",
                edited(&good, |p| {
                    p["errors"][0]["code"] = json!("Too long!");
                }),
            ),
        ] {
            assert!(
                !unprocessable.is_valid(&bad),
                "{what} is a valid 422 problem: {bad}"
            );
        }
        // A read-only backend's own error body stays valid: RFC 9457 makes
        // every member optional, and so does the generic schema.
        schemas.assert_valid(
            "Problem",
            &json!({"status": 404, "detail": "没有这条事项"}),
            "a bare problem",
        );
    }

    /// The shape of the write side's operations: keys, tokens, problems and
    /// the headers that go with them.
    #[test]
    fn write_operations_declare_their_headers_and_security() {
        let doc: Value =
            serde_norway::from_str(&std::fs::read_to_string(repo("openapi.yaml")).unwrap())
                .unwrap();
        let components = &doc["components"];
        let resolve_ref = |v: &Value| -> Value {
            match v["$ref"].as_str() {
                Some(r) => doc.pointer(r.strip_prefix('#').unwrap()).unwrap().clone(),
                None => v.clone(),
            }
        };
        assert_eq!(components["securitySchemes"]["staffToken"]["type"], "http");
        assert_eq!(
            components["securitySchemes"]["staffToken"]["scheme"],
            "bearer"
        );
        assert!(doc.get("security").is_none(), "no global security");
        let key = &components["parameters"]["IdempotencyKey"];
        assert_eq!(
            (key["in"].as_str(), key["required"].as_bool()),
            (Some("header"), Some(true))
        );

        let mut operations = 0;
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                operations += 1;
                let what = format!("{method} {path}");
                let params: Vec<Value> = op["parameters"]
                    .as_array()
                    .map(|a| a.iter().map(resolve_ref).collect())
                    .unwrap_or_default();
                let has_key = params.iter().any(|p| p["name"] == "Idempotency-Key");
                // A heartbeat replaces the last one: last write wins, no key.
                let keyed = method == "post" && path != "/v1/kiosk/heartbeat";
                assert_eq!(has_key, keyed, "{what}: Idempotency-Key");
                let staff = path.starts_with("/v1/staff/");
                assert_eq!(
                    op["security"] == json!([{"staffToken": []}]),
                    staff,
                    "{what}: security"
                );
                let responses = op["responses"].as_object().unwrap();
                if staff {
                    assert!(
                        responses.contains_key("401") && responses.contains_key("403"),
                        "{what}"
                    );
                    let unauthorized = resolve_ref(&responses["401"]);
                    assert!(
                        unauthorized["headers"]["WWW-Authenticate"].is_object(),
                        "{what}"
                    );
                }
                if op.get("requestBody").is_some() {
                    assert!(
                        op["requestBody"]["content"]["application/json"].is_object(),
                        "{what}"
                    );
                    for status in ["400", "413", "415", "422"] {
                        assert!(responses.contains_key(status), "{what}: {status}");
                    }
                }
                for (status, response) in responses {
                    let response = resolve_ref(response);
                    if status.starts_with('4') || status == "default" {
                        if let Some(content) = response["content"].as_object() {
                            assert_eq!(
                                content.keys().collect::<Vec<_>>(),
                                ["application/problem+json"],
                                "{what} {status}"
                            );
                        }
                    }
                    if status == "429" {
                        assert!(response["headers"]["Retry-After"].is_object(), "{what}");
                    }
                    if keyed && status.starts_with('2') {
                        assert!(
                            response["headers"]["Idempotent-Replayed"].is_object(),
                            "{what} {status}: Idempotent-Replayed"
                        );
                    }
                }
            }
        }
        assert_eq!(operations, 22);
        let submit = &doc["paths"]["/v1/feedback"]["post"]["responses"];
        assert!(submit["201"]["headers"]["Location"].is_object());
        assert!(submit["429"].is_object());
    }
}

// ---------------------------------------------------------------------------
// The kiosk heartbeat

mod kiosk_heartbeat {
    use super::*;
    use gongkai::api::{
        is_heartbeat_path, Heartbeat, KioskHeartbeatService, KioskList, KioskStatus,
        HEARTBEAT_DEVICE_MAX_CHARS, HEARTBEAT_ERROR_MAX_CHARS, HEARTBEAT_INTERVAL_MAX,
        HEARTBEAT_SECONDS_MAX, HEARTBEAT_VERSION_MAX_CHARS,
    };
    use serde::Serialize;
    use time::macros::datetime;

    fn round_trip<T>(schemas: &Schemas, schema: &str, v: &T)
    where
        T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        let value = serde_json::to_value(v).unwrap();
        schemas.assert_valid(schema, &value, schema);
        let back: T = serde_json::from_value(value).unwrap();
        assert_eq!(&back, v);
    }

    fn refused(schemas: &Schemas, schema: &str, value: Value) {
        assert!(
            !schemas.errors(schema, &value).is_empty(),
            "{value} matches {schema}"
        );
    }

    fn beat() -> Heartbeat {
        Heartbeat {
            device: "青溪镇党群服务中心-1号屏".into(),
            version: "0.1.0+abc1234".into(),
            data_age_seconds: Some(42),
            uptime_seconds: 86_400,
            last_error: Some("网络中断，显示的是缓存数据".into()),
        }
    }

    #[test]
    fn site_json_may_advertise_a_heartbeat_and_old_ones_still_parse() {
        let schemas = Schemas::load();
        let demo = Demo::generate(Some("2026-11-22"));
        let mut site: Site = demo.read("v1/site.json");
        assert_eq!(site.kiosk_heartbeat, None, "static backends have none");
        let service = KioskHeartbeatService {
            path: "v1/kiosk/heartbeat".into(),
            interval_seconds: 60,
        };
        round_trip(&schemas, "KioskHeartbeatService", &service);
        site.kiosk_heartbeat = Some(service);
        round_trip(&schemas, "Site", &site);
        for bad in [
            json!({"path": "/v1/kiosk/heartbeat", "interval_seconds": 60}),
            json!({"path": "../beat", "interval_seconds": 60}),
            json!({"path": "https://evil.example/beat", "interval_seconds": 60}),
            json!({"path": "v1/beat?x=1", "interval_seconds": 60}),
            json!({"path": "v1/kiosk/heartbeat", "interval_seconds": 0}),
            json!({"path": "v1/kiosk/heartbeat", "interval_seconds": HEARTBEAT_INTERVAL_MAX + 1}),
            json!({"path": "v1/kiosk/heartbeat"}),
        ] {
            refused(&schemas, "KioskHeartbeatService", bad.clone());
            // The schema's pattern and the client's check agree.
            if let Some(path) = bad["path"].as_str() {
                if bad["interval_seconds"] == 60 {
                    assert!(!is_heartbeat_path(path), "{path}");
                }
            }
        }
    }

    #[test]
    fn heartbeats_match_their_schema_at_the_limits() {
        let schemas = Schemas::load();
        round_trip(&schemas, "Heartbeat", &beat());
        let sparse = Heartbeat {
            data_age_seconds: None,
            last_error: None,
            ..beat()
        };
        round_trip(&schemas, "Heartbeat", &sparse);
        let full = Heartbeat {
            device: "屏".repeat(HEARTBEAT_DEVICE_MAX_CHARS),
            version: "v".repeat(HEARTBEAT_VERSION_MAX_CHARS),
            data_age_seconds: Some(HEARTBEAT_SECONDS_MAX),
            uptime_seconds: HEARTBEAT_SECONDS_MAX,
            last_error: Some("错".repeat(HEARTBEAT_ERROR_MAX_CHARS)),
        };
        round_trip(&schemas, "Heartbeat", &full);
        let value = serde_json::to_value(beat()).unwrap();
        let with = |key: &str, v: Value| {
            let mut value = value.clone();
            value[key] = v;
            value
        };
        for bad in [
            with("device", json!("")),
            with("device", json!("屏".repeat(HEARTBEAT_DEVICE_MAX_CHARS + 1))),
            with("device", json!("大厅\n1号屏")),
            with(
                "version",
                json!("v".repeat(HEARTBEAT_VERSION_MAX_CHARS + 1)),
            ),
            with("uptime_seconds", json!(-1)),
            with("uptime_seconds", json!(1.5)),
            with("uptime_seconds", json!(HEARTBEAT_SECONDS_MAX + 1)),
            with("data_age_seconds", json!(-1)),
            with(
                "last_error",
                json!("错".repeat(HEARTBEAT_ERROR_MAX_CHARS + 1)),
            ),
            json!({"device": "屏", "version": "1"}),
        ] {
            refused(&schemas, "Heartbeat", bad);
        }
    }

    #[test]
    fn the_staff_list_matches_its_schema() {
        let schemas = Schemas::load();
        let list = KioskList {
            kiosks: vec![KioskStatus {
                device: "大厅1号屏".into(),
                version: "0.1.0".into(),
                last_seen: datetime!(2026-11-29 09:00:00 +8),
                data_age_seconds: None,
                uptime_seconds: 3600,
                last_error: None,
                interval_seconds: 60,
                offline: true,
            }],
        };
        round_trip(&schemas, "KioskList", &list);
    }
}
