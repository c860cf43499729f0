//! Writes the demo backend as a folder of static JSON files, with its
//! static search index (`v1/search/`, advertised in `v1/site.json`).
//!
//! ```text
//! cargo run -p gongkai-demo -- <out-dir> [--today YYYY-MM-DD] [--scale N]
//! ```
//!
//! `--today` defaults to today in China. `--scale N` writes N generated
//! items of fifty organisations instead of the demo's own (for benchmarks
//! and scale tests; see `scale.rs`).

use std::path::PathBuf;
use std::process::ExitCode;

use gongkai::domain::clock::china_date;
use gongkai::domain::search_index::build::BuildOptions;
use gongkai_demo::Demo;
use time::{Date, OffsetDateTime};

const USAGE: &str = "usage: demo-data <out-dir> [--today YYYY-MM-DD] [--scale N]";

fn main() -> ExitCode {
    match parse_args(std::env::args().skip(1)) {
        Ok((out, today, scale)) => match scale
            .map_or_else(
                || Demo::build(today),
                |n| gongkai_demo::scale::build(n, today),
            )
            .and_then(|demo| demo.write(&out))
            .and_then(|summary| with_index(&out, summary))
        {
            Ok(summary) => {
                println!("{summary}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("demo-data: {e}");
                ExitCode::FAILURE
            }
        },
        Err(e) => {
            eprintln!("demo-data: {e}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// Writes the static search index of the backend just written (`v1/search/`,
/// advertised in `v1/site.json`) and adds what it wrote to `summary`.
fn with_index(out: &std::path::Path, summary: String) -> Result<String, String> {
    let (_, index) = gongkai_index::write_index(out, &BuildOptions::default())?;
    Ok(format!("{summary}\n{index}"))
}

type Args = (PathBuf, Date, Option<usize>);

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut out = None;
    let mut today = None;
    let mut scale = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--today" => {
                let value = args.next().ok_or("--today needs a date")?;
                today = Some(gongkai_demo::parse_date(&value)?);
            }
            "--scale" => {
                let value = args.next().ok_or("--scale needs a number of items")?;
                scale = Some(
                    value
                        .parse::<usize>()
                        .ok()
                        .filter(|n| (1..=10_000_000).contains(n))
                        .ok_or_else(|| format!("--scale {value}: 1 to 10000000 items"))?,
                );
            }
            "-h" | "--help" => return Err("help".into()),
            s if s.starts_with("--today=") => {
                today = Some(gongkai_demo::parse_date(&s["--today=".len()..])?)
            }
            s if s.starts_with('-') => return Err(format!("unknown option {s}")),
            s if out.is_none() => out = Some(PathBuf::from(s)),
            s => return Err(format!("unexpected argument {s}")),
        }
    }
    let out = out.ok_or("no output directory")?;
    let today = today.unwrap_or_else(|| china_date(OffsetDateTime::now_utc()));
    Ok((out, today, scale))
}
