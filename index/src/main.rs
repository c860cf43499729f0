//! Writes the static search index of a folder backend.
//!
//! ```text
//! gongkai-index <backend-dir> [--gram-max N] [--doc-chunk N] [--text-chunk N] [--bucket-kb N]
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use gongkai::domain::search_index::build::BuildOptions;

const USAGE: &str = "usage: gongkai-index <backend-dir> [--gram-max N] [--doc-chunk N] [--text-chunk N] [--bucket-kb N]";

fn main() -> ExitCode {
    match parse_args(std::env::args().skip(1)) {
        Ok((dir, options)) => {
            let started = std::time::Instant::now();
            match gongkai_index::write_index(&dir, &options) {
                Ok((_, summary)) => {
                    println!("{summary} in {:.2} s", started.elapsed().as_secs_f64());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("gongkai-index: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Err(e) => {
            eprintln!("gongkai-index: {e}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<(PathBuf, BuildOptions), String> {
    let mut dir = None;
    let mut options = BuildOptions::default();
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> Result<u32, String> {
            args.next()
                .and_then(|v| v.parse::<u32>().ok())
                .filter(|&n| n > 0)
                .ok_or_else(|| format!("{name} needs a positive number"))
        };
        match arg.as_str() {
            "--gram-max" => options.gram_max = number("--gram-max")?.min(5),
            "--doc-chunk" => options.doc_chunk = number("--doc-chunk")?,
            "--text-chunk" => options.text_chunk = number("--text-chunk")?,
            "--bucket-kb" => options.bucket_bytes = number("--bucket-kb")? as usize * 1024,
            "-h" | "--help" => return Err("help".into()),
            s if s.starts_with('-') => return Err(format!("unknown option {s}")),
            s if dir.is_none() => dir = Some(PathBuf::from(s)),
            s => return Err(format!("unexpected argument {s}")),
        }
    }
    Ok((dir.ok_or("no backend folder")?, options))
}
