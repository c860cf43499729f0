//! Writes the demo backend as a folder of static JSON files.
//!
//! ```text
//! cargo run -p gongkai-demo -- <out-dir> [--today YYYY-MM-DD]
//! ```
//!
//! `--today` defaults to today in China.

use std::path::PathBuf;
use std::process::ExitCode;

use gongkai::domain::clock::china_date;
use gongkai_demo::Demo;
use time::{Date, OffsetDateTime};

const USAGE: &str = "usage: demo-data <out-dir> [--today YYYY-MM-DD]";

fn main() -> ExitCode {
    match parse_args(std::env::args().skip(1)) {
        Ok((out, today)) => match Demo::build(today).and_then(|demo| demo.write(&out)) {
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

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<(PathBuf, Date), String> {
    let mut out = None;
    let mut today = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--today" => {
                let value = args.next().ok_or("--today needs a date")?;
                today = Some(gongkai_demo::parse_date(&value)?);
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
    Ok((out, today))
}
