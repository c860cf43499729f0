use super::build::{build, BuildOptions, BuiltIndex};
use super::*;
use crate::api::{Category, OrgKind, Organisation, RegularPeriod};
use crate::domain::filters::{newest_first, Filters};
use crate::domain::search::Query;
use crate::domain::test_support::{item, publicity};
use time::macros::datetime;

/// A search run to the end as a client runs it, reading the built files;
/// the page and the paths loaded, round by round.
fn run(index: &BuiltIndex, query: &IndexQuery) -> (IndexPage, Vec<Vec<String>>) {
    run_with(index, &mut Loaded::default(), query)
}

/// [`run`] with what earlier searches loaded, as a client keeps it.
fn run_with(
    index: &BuiltIndex,
    loaded: &mut Loaded,
    query: &IndexQuery,
) -> (IndexPage, Vec<Vec<String>>) {
    let manifest = Manifest::from_json(&index.manifest_json()).expect("the manifest reads");
    let mut rounds = Vec::new();
    loop {
        match step(&manifest, loaded, query).expect("a search step") {
            Step::Done(page) => return (page, rounds),
            Step::Fetch(paths) => {
                assert!(!paths.is_empty(), "a round fetches something");
                assert!(rounds.len() < 3, "at most three rounds: {rounds:?}");
                for path in &paths {
                    let json = index.files.get(path).unwrap_or_else(|| panic!("{path}"));
                    loaded.insert(&manifest, path, json).expect("a file reads");
                }
                rounds.push(paths);
            }
        }
    }
}

fn search(index: &BuiltIndex, q: &str) -> Vec<String> {
    let (page, _) = run(index, &words(q));
    page.items.into_iter().map(|i| i.id).collect()
}

fn words(q: &str) -> IndexQuery {
    IndexQuery {
        query: q.to_owned(),
        limit: usize::MAX,
        ..IndexQuery::default()
    }
}

fn org(id: &str, parent: Option<&str>) -> Organisation {
    Organisation {
        id: id.into(),
        name: id.into(),
        short_name: None,
        kind: if parent.is_none() {
            OrgKind::Committee
        } else {
            OrgKind::Branch
        },
        parent: parent.map(Into::into),
        description: None,
        contacts: Vec::new(),
    }
}

fn category(id: &str) -> Category {
    Category {
        id: id.into(),
        name: id.into(),
        description: None,
        min_publicity_working_days: None,
    }
}

fn small_options() -> BuildOptions {
    BuildOptions {
        doc_chunk: 2,
        text_chunk: 2,
        buckets: Some(8),
        ..BuildOptions::default()
    }
}

/// Items of every sort, newest last on purpose (the build orders them).
fn board() -> Vec<Item> {
    let mut items = Vec::new();
    let mut add = |id: &str, org: &str, cat: &str, at, title: &str, summary: &str, body: &str| {
        let mut it = item(id, cat, at);
        it.org = org.into();
        it.title = title.into();
        it.summary = summary.into();
        it.body_html = body.into();
        items.push(it);
    };
    add(
        "dues-q3",
        "village",
        "dues",
        datetime!(2026-10-08 09:00 +8),
        "青溪村党支部2026年第三季度党费收缴使用情况公开",
        "应缴138人次，实缴137人次。",
        "<p>党费<b>收缴</b>按时足额。</p><p>使用：订阅党报党刊。</p>",
    );
    add(
        "dues-q2",
        "school",
        "dues",
        datetime!(2026-07-06 09:00 +8),
        "中心小学党支部2026年第二季度党费收缴情况",
        "",
        "<p>党员32人，全部按时缴纳。</p>",
    );
    add(
        "trad",
        "village",
        "rules",
        datetime!(2026-05-01 09:00 +8),
        "黨務公開制度（繁體）",
        "依規定辦理黨務公開。",
        "",
    );
    add(
        "latin",
        "school",
        "rules",
        datetime!(2026-04-01 09:00 +8),
        "ＡＢＣ规范化建设 Guide",
        "Abc and ＤＥＦ123",
        "<p>Version 2.0 of the ABC guide</p>",
    );
    add(
        "apart",
        "committee",
        "decisions",
        datetime!(2026-03-01 09:00 +8),
        "党委会议决定事项",
        "党员大，团员大会",
        "<p>收</p><p>缴</p>",
    );
    let mut cadre = item("cadre", "cadre", datetime!(2026-11-18 09:00 +8));
    cadre.org = "committee".into();
    cadre.title = "任前公示：周某某同志".into();
    cadre.publicity = Some(publicity(
        datetime!(2026-11-18 00:00 +8),
        datetime!(2026-11-24 23:59:59 +8),
    ));
    items.push(cadre);
    let mut hidden = item("hidden", "dues", datetime!(2026-11-20 09:00 +8));
    hidden.title = "党内公示 党费".into();
    hidden.audience = crate::api::Audience::PartyInternal;
    items.push(hidden);
    let mut report = item("report", "dues", datetime!(2026-01-06 09:00 +8));
    report.org = "school".into();
    report.title = "2025年第四季度党费".into();
    report.kind = ItemKind::Regular {
        period: RegularPeriod::Quarter,
        covers: Some("2025-Q4".into()),
    };
    items.push(report);
    items
}

fn board_orgs() -> Vec<Organisation> {
    vec![
        org("committee", None),
        org("village", Some("committee")),
        org("school", Some("committee")),
    ]
}

fn board_index(options: &BuildOptions) -> BuiltIndex {
    build(
        &board(),
        &board_orgs(),
        &[category("dues"), category("rules")],
        options,
    )
}

#[test]
fn chinese_substrings_of_one_to_five_characters() {
    for options in [small_options(), BuildOptions::default()] {
        let index = board_index(&options);
        assert_eq!(search(&index, "费"), ["dues-q3", "dues-q2", "report"]);
        assert_eq!(search(&index, "党费"), ["dues-q3", "dues-q2", "report"]);
        assert_eq!(search(&index, "党费收"), ["dues-q3", "dues-q2"]);
        assert_eq!(search(&index, "第三季度"), ["dues-q3"]);
        assert_eq!(search(&index, "党费收缴使"), ["dues-q3"]);
        assert_eq!(search(&index, "党费收缴情况"), ["dues-q2"]);
        assert_eq!(search(&index, "按时足额"), ["dues-q3"], "body text");
        assert_eq!(search(&index, "党费收缴按时"), ["dues-q3"], "inline markup");
        assert!(search(&index, "团费").is_empty());
        assert!(search(&index, "党费收缴收").is_empty());
    }
}

#[test]
fn party_internal_items_are_not_indexed() {
    let index = board_index(&small_options());
    assert_eq!(index.manifest.docs, 7);
    assert!(!search(&index, "党内").iter().any(|id| id == "hidden"));
    assert!(index.files.values().all(|f| !f.contains("党内公示")));
}

#[test]
fn traditional_characters() {
    let index = board_index(&small_options());
    assert_eq!(search(&index, "黨務公開"), ["trad"]);
    assert_eq!(search(&index, "黨"), ["trad"]);
    assert_eq!(search(&index, "辦理黨務"), ["trad"]);
    assert!(search(&index, "党务公开").is_empty(), "no conversion");
}

#[test]
fn latin_with_case_and_full_width() {
    let index = board_index(&small_options());
    for q in ["abc", "ABC", "ＡＢＣ", "Ａbc", "abc规范", "guide"] {
        assert_eq!(search(&index, q), ["latin"], "{q}");
    }
    assert_eq!(search(&index, "def123"), ["latin"]);
    assert_eq!(search(&index, "2.0"), ["latin"]);
    assert_eq!(search(&index, "ｖｅｒｓｉｏｎ　２"), ["latin"], "two terms");
    assert!(search(&index, "abcd").is_empty());
}

#[test]
fn several_terms_must_each_occur() {
    let index = board_index(&small_options());
    assert_eq!(search(&index, "党费 足额"), ["dues-q3"]);
    assert_eq!(search(&index, "党费\u{3000}党员"), ["dues-q2"]);
    assert_eq!(search(&index, "党支部 党费 第二季度"), ["dues-q2"]);
    assert_eq!(search(&index, "党费 党费"), search(&index, "党费"));
    assert!(search(&index, "党费 黨務").is_empty());
}

#[test]
fn terms_apart_do_not_match_as_one() {
    for gram_max in [2, 3] {
        let index = board_index(&BuildOptions {
            gram_max,
            ..small_options()
        });
        // "apart" holds every gram of 党员大会 (党员大, 员大会; 党员, 员大,
        // 大会), 收 and 缴 in two paragraphs, but neither text.
        assert!(search(&index, "党员大会").is_empty(), "{gram_max}");
        assert!(search(&index, "收缴").iter().all(|id| id != "apart"));
        assert!(
            search(&index, "党委会议决定事项党员").is_empty(),
            "title then summary"
        );
        assert_eq!(search(&index, "党员大 员大会"), ["apart"]);
        assert_eq!(search(&index, "收 缴"), ["dues-q3", "dues-q2", "apart"]);
    }
}

#[test]
fn an_empty_query_lists_everything_newest_first() {
    let index = board_index(&small_options());
    let mut expected: Vec<Item> = board().into_iter().filter(|i| i.is_public()).collect();
    expected.sort_by(newest_first);
    let ids: Vec<String> = expected.into_iter().map(|i| i.id).collect();
    assert_eq!(search(&index, ""), ids);
    assert_eq!(search(&index, " \u{3000} "), ids);
}

#[test]
fn filters_and_exact_counts() {
    let index = board_index(&small_options());
    let count = |q: IndexQuery| run(&index, &q).0.total;
    let subtree = |root: &str| Some(crate::domain::orgs::subtree(&board_orgs(), root));
    let dues = || Some("dues".to_owned());
    assert_eq!(
        count(IndexQuery {
            category: dues(),
            ..words("")
        }),
        3
    );
    assert_eq!(
        count(IndexQuery {
            category: dues(),
            orgs: subtree("school"),
            ..words("")
        }),
        2
    );
    assert_eq!(
        count(IndexQuery {
            category: dues(),
            orgs: subtree("committee"),
            ..words("党费")
        }),
        3
    );
    assert_eq!(
        count(IndexQuery {
            orgs: subtree("village"),
            ..words("党")
        }),
        1,
        "黨 is not 党"
    );
    assert_eq!(
        count(IndexQuery {
            kind: Some(KindFilter::Regular),
            ..words("")
        }),
        1
    );
    // The year a regular report covers, not its publication's.
    let period = |year, quarter| IndexQuery {
        year,
        quarter,
        ..words("党费")
    };
    assert_eq!(count(period(Some(2025), Some(4))), 1);
    assert_eq!(count(period(Some(2026), None)), 2);
    assert_eq!(count(period(None, Some(3))), 1);
    assert_eq!(count(period(Some(2024), None)), 0);
    let status = |s, now| IndexQuery {
        status: Some((s, now)),
        ..words("")
    };
    let now = datetime!(2026-11-20 10:00 +8);
    assert_eq!(count(status(StatusFilter::Open, now)), 1);
    assert_eq!(count(status(StatusFilter::Ended, now)), 0);
    assert_eq!(
        count(status(StatusFilter::Ended, datetime!(2026-11-25 00:00 +8))),
        1
    );
    assert_eq!(
        count(status(
            StatusFilter::Upcoming,
            datetime!(2026-11-17 23:00 +8)
        )),
        1
    );
    // An unknown category or organisation matches nothing.
    assert_eq!(
        count(IndexQuery {
            category: Some("nope".into()),
            ..words("")
        }),
        0
    );
    assert_eq!(
        count(IndexQuery {
            orgs: Some(vec!["nope".into()]),
            ..words("")
        }),
        0
    );
}

#[test]
fn pages_and_the_files_they_load() {
    let index = board_index(&small_options());
    let manifest = &index.manifest;
    let (page, rounds) = run(
        &index,
        &IndexQuery {
            offset: 1,
            limit: 2,
            ..words("党费")
        },
    );
    assert_eq!(page.total, 3);
    assert_eq!(page.offset, 1);
    let ids: Vec<&str> = page.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["dues-q2", "report"]);
    assert!(page.items.iter().all(|i| i.body_html.is_empty()));
    // Round one: the bucket of 党费; round two: the entries shown. A
    // two-character term needs no text.
    assert_eq!(rounds.len(), 2);
    assert_eq!(rounds[0], [manifest.gram_file("党费").path(manifest)]);
    assert!(rounds[1].iter().all(|p| p.contains("/docs/")));
    // A term longer than the grams (five characters) checks its
    // candidates' texts.
    let (_, rounds) = run(&index, &words("党费收缴使用"));
    assert_eq!(rounds.len(), 3);
    assert!(rounds[1].iter().all(|p| p.contains("/texts/")));
    // Past the end: the count, no entries.
    let (page, _) = run(
        &index,
        &IndexQuery {
            offset: 10,
            limit: 20,
            ..words("党费")
        },
    );
    assert_eq!((page.total, page.items.len()), (3, 0));
}

#[test]
fn entries_read_as_items_without_their_body() {
    let index = board_index(&small_options());
    let (page, _) = run(&index, &words("任前公示"));
    let original = board().into_iter().find(|i| i.id == "cadre").unwrap();
    assert_eq!(page.items.len(), 1);
    let got = &page.items[0];
    assert_eq!(got.title, original.title);
    assert_eq!(got.publicity, original.publicity);
    assert_eq!(got.published_at, original.published_at);
    assert_eq!(got.kind, original.kind);
}

#[test]
fn builds_are_named_by_their_content() {
    let a = board_index(&small_options());
    let b = board_index(&small_options());
    assert_eq!(a.manifest.build, b.manifest.build);
    assert_eq!(a.files, b.files);
    assert!(a.files.keys().all(|p| p.starts_with(&a.manifest.build)));
    let mut items = board();
    items[0].summary.push('。');
    let c = build(&items, &board_orgs(), &[], &small_options());
    assert_ne!(a.manifest.build, c.manifest.build);
    // A file of another build is refused.
    let manifest = Manifest::from_json(&a.manifest_json()).unwrap();
    let stale = format!("{}/grams/0.json", c.manifest.build);
    assert_eq!(
        Loaded::default().insert(&manifest, &stale, "{\"grams\":{}}"),
        Err(IndexError::UnknownFile(stale))
    );
}

#[test]
fn damaged_files_are_errors_not_panics() {
    let index = board_index(&small_options());
    let manifest = &index.manifest;
    let mut loaded = Loaded::default();
    let build = &manifest.build;
    for (path, json) in [
        (format!("{build}/grams/0.json"), "{\"grams\":[]}"),
        (format!("{build}/docs/0.json"), "{\"items\":[]}"),
        (format!("{build}/texts/0.json"), "{\"texts\":[\"a\"]}"),
        (format!("{build}/facets/org.json"), "{\"codes\":\"A\"}"),
        (
            format!("{build}/facets/kind.json"),
            "{\"codes\":\"AAAAAAZ\"}",
        ),
        (
            format!("{build}/facets/publicity.json"),
            "{\"periods\":[[99,0,0]]}",
        ),
        (format!("{build}/grams/999.json"), "{\"grams\":{}}"),
        (format!("{build}/../x.json"), "{}"),
    ] {
        assert!(loaded.insert(manifest, &path, json).is_err(), "{path}");
    }
    // Bad postings in a well-formed bucket.
    let bucket = manifest.gram_file("党费").path(manifest);
    loaded
        .insert(manifest, &bucket, "{\"grams\":{\"党费\":\"*?\"}}")
        .unwrap();
    assert!(step(manifest, &loaded, &words("党费")).is_err());
    let mut future = manifest.clone();
    future.version = 2;
    assert_eq!(
        Manifest::from_json(&serde_json::to_string(&future).unwrap()),
        Err(IndexError::Version(2))
    );
}

#[test]
fn postings_round_trip_both_ways() {
    for total in [1u32, 5, 6, 7, 64, 65, 1000, 100_000] {
        let sets: Vec<Vec<u32>> = vec![
            vec![],
            vec![0],
            vec![total - 1],
            (0..total).collect(),
            (0..total).step_by(3).collect(),
            (0..total).filter(|d| d % 977 == 5).collect(),
        ];
        for docs in sets {
            let code = encode_postings(&docs, total);
            assert!(code
                .chars()
                .all(|c| c.is_ascii_graphic() && c != '"' && c != '\\'));
            let set = decode_postings(&code, total).expect("decodes");
            assert_eq!(set.iter().collect::<Vec<_>>(), docs, "{total} {code}");
            assert_eq!(set.len(), docs.len());
            assert!(code.len() <= 1 + total.div_ceil(6) as usize);
        }
    }
    // Large gaps and the bitmap's choice.
    let code = encode_postings(&[0, 40_000, 99_999], 100_000);
    assert!(!code.starts_with('!'));
    assert_eq!(decode_postings(&code, 100_000).unwrap().len(), 3);
    assert!(encode_postings(&(0..50_000).collect::<Vec<_>>(), 100_000).starts_with('!'));
    // Out of range, unfinished, bad digits.
    assert!(decode_postings("Z", 10).is_none());
    assert!(decode_postings("g", 10).is_none());
    assert!(decode_postings("A*", 10).is_none());
    assert!(decode_postings("!__", 10).is_none());
}

#[test]
fn codes_round_trip() {
    assert_eq!(code_width(0), 1);
    assert_eq!(code_width(64), 1);
    assert_eq!(code_width(65), 2);
    assert_eq!(code_width(4096), 2);
    assert_eq!(code_width(4097), 3);
    let values = [0, 1, 63, 64, 4095, 7];
    let code = encode_codes(&values, 2);
    assert_eq!(code.len(), 12);
    assert_eq!(decode_codes(&code, 2, 6).unwrap(), values);
    assert!(decode_codes(&code, 2, 5).is_none());
    assert!(decode_codes("A?", 1, 2).is_none());
}

#[test]
fn grams_and_buckets() {
    let mut grams = Vec::new();
    each_gram("党费 ab", 2, |g| grams.push(g.iter().collect::<String>()));
    assert_eq!(grams, ["党", "党费", "费", "a", "ab", "b"]);
    assert_eq!(term_grams("党费", 3), (vec!["党费".to_owned()], true));
    assert_eq!(
        term_grams("党费收缴", 3),
        (vec!["党费收".to_owned(), "费收缴".to_owned()], false)
    );
    assert_eq!(term_grams("党党党党", 2), (vec!["党党".to_owned()], false));
    // FNV-1a's published values.
    assert_eq!(bucket_of("", 1 << 31), 0x011c_9dc5);
    assert_eq!(bucket_of("a", 1 << 31), 0x640c_292c);
    assert_eq!(bucket_of("a", 1), 0);
    assert_eq!(bucket_of("a", 0), 0);
}

#[test]
fn doc_sets() {
    let mut set = DocSet::full(70);
    assert_eq!(set.len(), 70);
    assert_eq!(set.iter().last(), Some(69));
    set.remove(3);
    assert!(!set.contains(3) && set.contains(69) && !set.contains(70));
    let mut other = DocSet::empty(70);
    other.insert(3);
    other.insert(64);
    assert!(other.insert(70).is_none());
    set.intersect(&other);
    assert_eq!(set.iter().collect::<Vec<_>>(), [64]);
    assert!(DocSet::empty(0).is_empty() && DocSet::full(0).is_empty());
}

/// The demo's items, read as this crate's types.
fn demo() -> (Vec<Item>, Vec<Organisation>, Vec<Category>) {
    let demo = gongkai_demo::Demo::build(time::macros::date!(2026 - 11 - 22)).expect("the demo");
    let items = serde_json::to_string(&demo.items).unwrap();
    let orgs = serde_json::to_string(&demo.orgs.organisations).unwrap();
    let catalogue = serde_json::to_string(&demo.site.catalogue).unwrap();
    (
        serde_json::from_str(&items).unwrap(),
        serde_json::from_str(&orgs).unwrap(),
        serde_json::from_str(&catalogue).unwrap(),
    )
}

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A query cut from the demo's own texts: one to three terms, each a
/// substring of one to six characters of an item's folded text (mostly the
/// same item's), now and then case-changed or full-width, or with a
/// character that is nowhere.
fn random_query(rng: &mut Rng, texts: &[Vec<char>]) -> String {
    let mut terms = Vec::new();
    let mut text = &texts[rng.below(texts.len())];
    for _ in 0..1 + rng.below(3) {
        if rng.below(4) == 0 {
            text = &texts[rng.below(texts.len())];
        }
        let len = 1 + rng.below(6);
        if text.len() < len {
            continue;
        }
        let at = rng.below(text.len() - len + 1);
        let mut term: String = text[at..at + len].iter().collect();
        match rng.below(10) {
            0 => term = term.to_uppercase(),
            1 => {
                term = term
                    .chars()
                    .map(|c| match c {
                        '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap(),
                        c => c,
                    })
                    .collect()
            }
            2 => term.push('鑫'),
            _ => {}
        }
        terms.push(term);
    }
    terms.join(" ")
}

#[test]
fn the_index_finds_what_a_linear_scan_finds_over_the_demo() {
    let (items, orgs, catalogue) = demo();
    let texts: Vec<Vec<char>> = items
        .iter()
        .map(|i| fold_item(i).chars().collect())
        .collect();
    let mut expected_order: Vec<&Item> = items.iter().filter(|i| i.is_public()).collect();
    expected_order.sort_by(|a, b| newest_first(a, b));
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let cases: Vec<(String, Vec<&str>)> = (0..200)
        .map(|_| {
            let q = random_query(&mut rng, &texts);
            let query = Query::new(&q);
            let expected = expected_order
                .iter()
                .filter(|i| query.matches(i))
                .map(|i| i.id.as_str())
                .collect();
            (q, expected)
        })
        .collect();
    let found = cases.iter().filter(|(_, e)| !e.is_empty()).count();
    assert!(found > 100, "most queries find something: {found}");
    for options in [
        BuildOptions::default(),
        BuildOptions {
            gram_max: 2,
            ..small_options()
        },
    ] {
        let index = build(&items, &orgs, &catalogue, &options);
        let mut loaded = Loaded::default();
        for (q, expected) in &cases {
            let (page, _) = run_with(&index, &mut loaded, &words(q));
            let got: Vec<&str> = page.items.iter().map(|i| i.id.as_str()).collect();
            assert_eq!(&got, expected, "query {q:?} with {options:?}");
            assert_eq!(page.total, expected.len());
        }
    }
}

#[test]
fn filtered_counts_equal_the_board_filters_over_the_demo() {
    let (items, orgs, catalogue) = demo();
    let index = build(&items, &orgs, &catalogue, &BuildOptions::default());
    let now = datetime!(2026-11-22 10:00 +8);
    let cal = crate::domain::calendar::WorkCalendar::builtin();
    let mut checked = 0;
    let mut loaded = Loaded::default();
    for root in orgs.iter().map(|o| o.id.clone()) {
        let subtree = crate::domain::orgs::subtree(&orgs, &root);
        let on_board: Vec<Item> = items
            .iter()
            .filter(|i| subtree.contains(&i.org))
            .cloned()
            .collect();
        for category in [None, Some("dues"), Some("cadre")] {
            for (year, quarter) in [(None, None), (Some(2026), None), (Some(2026), Some(3))] {
                for status in [None, Some(StatusFilter::Open), Some(StatusFilter::Ended)] {
                    for q in ["", "党", "公示", "党费 情况"] {
                        let filters = Filters {
                            category: category.map(Into::into),
                            year,
                            quarter,
                            status,
                            query: q.into(),
                            ..Filters::default()
                        };
                        let expected: Vec<String> = filters
                            .apply(&on_board, now, &cal)
                            .into_iter()
                            .map(|i| i.id.clone())
                            .collect();
                        let (page, _) = run_with(
                            &index,
                            &mut loaded,
                            &IndexQuery {
                                orgs: Some(subtree.clone()),
                                category: category.map(Into::into),
                                year,
                                quarter,
                                status: status.map(|s| (s, now)),
                                ..words(q)
                            },
                        );
                        let got: Vec<String> = page.items.into_iter().map(|i| i.id).collect();
                        assert_eq!(got, expected, "{root} {filters:?}");
                        assert_eq!(page.total, expected.len());
                        checked += usize::from(!expected.is_empty());
                    }
                }
            }
        }
    }
    assert!(checked > 100, "{checked}");
}
