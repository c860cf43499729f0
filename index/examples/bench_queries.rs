//! The loads and times of 20 Chinese queries against a built static search
//! index, as a client would run them: `scripts/bench-static-index.sh` runs
//! it (`cargo run --release -p gongkai-index --example bench_queries DIR`).
//!
//! Each query starts cold (nothing loaded). For each it prints the files and
//! bytes the query loads (besides the manifest, loaded once per visit), their
//! gzip size (`gzip -6`, as a web server sends them), and the native time of
//! the query's steps with the files already read from disk (parsing
//! included), the median of five runs.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use gongkai::domain::filters::KindFilter;
use gongkai::domain::search_index::{step, IndexQuery, Loaded, Manifest, Step};

fn gzip_len(bytes: &[u8]) -> usize {
    let mut child = Command::new("gzip")
        .arg("-6c")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("gzip runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(bytes)
        .expect("gzip reads");
    child.wait_with_output().expect("gzip ends").stdout.len()
}

/// A query's files, bytes, gzip bytes and milliseconds.
type Row = (usize, usize, usize, f64);

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .expect("usage: bench_queries <backend-dir>");
    let search = Path::new(&dir).join("v1/search");
    let manifest_json = std::fs::read_to_string(search.join("index.json")).expect("a manifest");
    let manifest = Manifest::from_json(&manifest_json).expect("a manifest");
    let orgs_json = std::fs::read_to_string(Path::new(&dir).join("v1/orgs.json")).unwrap();
    let orgs: gongkai::api::OrgList = serde_json::from_str(&orgs_json).unwrap();
    let subtree = |root: &str| Some(gongkai::domain::orgs::subtree(&orgs.organisations, root));
    let q = |text: &str| IndexQuery {
        query: text.into(),
        limit: 20,
        ..IndexQuery::default()
    };
    let queries: Vec<(&str, IndexQuery)> = vec![
        ("", q("党")),
        ("", q("费")),
        ("", q("黨")),
        ("", q("党费")),
        ("", q("公示")),
        ("", q("换届")),
        ("", q("廉洁")),
        ("", q("桃源")),
        ("", q("礼堂")),
        ("", q("党支部")),
        ("", q("预备党")),
        ("", q("办实事")),
        ("", q("王某某")),
        ("", q("任前公示")),
        ("", q("民主评议")),
        ("", q("垃圾分类")),
        ("", q("黨費 公開")),
        (
            "category=dues, org=villages-east subtree",
            IndexQuery {
                category: Some("dues".into()),
                orgs: subtree("villages-east"),
                ..q("党费")
            },
        ),
        (
            "org=scale-big-branch, year=2025",
            IndexQuery {
                orgs: subtree("scale-big-branch"),
                year: Some(2025),
                ..q("公示")
            },
        ),
        (
            "kind=regular, year=2024, quarter=3",
            IndexQuery {
                kind: Some(KindFilter::Regular),
                year: Some(2024),
                quarter: Some(3),
                ..q("财务收支")
            },
        ),
    ];
    println!(
        "manifest: {} bytes, gzip {} bytes; {} documents, {} buckets, grams of 1 to {} characters",
        manifest_json.len(),
        gzip_len(manifest_json.as_bytes()),
        manifest.docs,
        manifest.buckets,
        manifest.gram_max
    );
    println!("| query | filters | matches | files | bytes | gzip | rounds | time (ms) |");
    println!("|---|---|---:|---:|---:|---:|---:|---:|");
    let mut cache: BTreeMap<String, String> = BTreeMap::new();
    let mut rows: Vec<Row> = Vec::new();
    for (filters, query) in &queries {
        let mut times = Vec::new();
        let mut loads = (0usize, 0usize, 0usize, 0usize, 0usize);
        for run in 0..5 {
            // Read from disk first (not timed), then time the client's work.
            let mut loaded = Loaded::default();
            let mut elapsed = 0f64;
            let (mut files, mut bytes, mut gz, mut rounds) = (0, 0, 0, 0);
            let total = loop {
                let started = Instant::now();
                let answer = step(&manifest, &loaded, query).expect("a step");
                elapsed += started.elapsed().as_secs_f64();
                match answer {
                    Step::Done(page) => break page.total,
                    Step::Fetch(paths) => {
                        rounds += 1;
                        for path in paths {
                            let json = cache
                                .entry(path.clone())
                                .or_insert_with(|| {
                                    std::fs::read_to_string(search.join(&path)).expect("a file")
                                })
                                .clone();
                            if run == 0 {
                                files += 1;
                                bytes += json.len();
                                gz += gzip_len(json.as_bytes());
                            }
                            let started = Instant::now();
                            loaded
                                .insert(&manifest, &path, &json)
                                .expect("a file reads");
                            elapsed += started.elapsed().as_secs_f64();
                        }
                    }
                }
            };
            if run == 0 {
                loads = (total, files, bytes, gz, rounds);
            }
            times.push(elapsed * 1e3);
        }
        let time = median(times);
        let (total, files, bytes, gz, rounds) = loads;
        println!(
            "| {} | {} | {total} | {files} | {bytes} | {gz} | {rounds} | {time:.2} |",
            query.query, filters
        );
        rows.push((files, bytes, gz, time));
    }
    let stat = |f: &dyn Fn(&Row) -> f64| {
        let v: Vec<f64> = rows.iter().map(f).collect();
        (median(v.clone()), v.into_iter().fold(0f64, f64::max))
    };
    let (files_med, files_max) = stat(&|r| r.0 as f64);
    let (bytes_med, bytes_max) = stat(&|r| r.1 as f64);
    let (gz_med, gz_max) = stat(&|r| r.2 as f64);
    let (t_med, t_max) = stat(&|r| r.3);
    println!(
        "\nmedian / max over {} queries: files {files_med} / {files_max}, bytes {bytes_med} / {bytes_max}, gzip {gz_med} / {gz_max}, time {t_med:.2} / {t_max:.2} ms",
        rows.len()
    );
}
