//! Checks a gongkai backend against `openapi.yaml` over HTTP.
//!
//! ```text
//! gongkai-conformance <api-base-url> [--write] [--spec openapi.yaml] [--timeout SECONDS]
//! ```
//!
//! Exit code 0 when no check failed, 1 when one did, 2 for a usage error.

use std::process::ExitCode;
use std::time::Duration;

use gongkai_conformance::{base_url, run_with, Config, Spec};

const USAGE: &str = "\
usage: gongkai-conformance <api-base-url> [--write] [--spec openapi.yaml] [--timeout SECONDS]

  <api-base-url>  the backend's api_base, e.g. http://127.0.0.1:8080/api/
                  or http://127.0.0.1:8081/demo/; v1/site.json … resolve against it
  --write         also check the write side (feedback), if site.json claims it;
                  this creates test submissions (一致性检查…) on the backend
  --spec PATH     check against this openapi.yaml instead of the bundled one
  --timeout SECS  per request (default 30)

Exit code: 0 no check failed, 1 some check failed, 2 usage error.";

fn main() -> ExitCode {
    let config = match parse_args(std::env::args().skip(1)) {
        Ok(Some(config)) => config,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("gongkai-conformance: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    println!(
        "gongkai-conformance: {} against openapi.yaml {}{}",
        config.base,
        config.spec.version,
        if config.write {
            ", write side included"
        } else {
            ""
        }
    );
    let report = run_with(&config, &mut |check| println!("{check}"));
    println!("{}", report.summary());
    ExitCode::from(report.exit_code())
}

/// The configuration, or `None` for `--help`.
fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<Config>, String> {
    let mut base = None;
    let mut write = false;
    let mut spec_path = None;
    let mut timeout = None;
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or(format!("{name} needs a value"))
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(None),
            "--write" if inline.is_none() => write = true,
            "--spec" => spec_path = Some(value("--spec")?),
            "--timeout" => {
                let v = value("--timeout")?;
                let secs: f64 = v
                    .parse()
                    .ok()
                    .filter(|s: &f64| s.is_finite() && *s > 0.0)
                    .ok_or(format!("--timeout {v}: not a positive number of seconds"))?;
                timeout = Some(Duration::from_secs_f64(secs));
            }
            s if s.starts_with('-') => return Err(format!("unknown option {arg}")),
            _ if base.is_none() => base = Some(arg),
            _ => return Err(format!("unexpected argument {arg}")),
        }
    }
    let base = base.ok_or("no api base URL")?;
    let mut config = Config::new(base_url(&base)?.as_str())?;
    config.write = write;
    if let Some(path) = spec_path {
        let text = std::fs::read_to_string(&path).map_err(|e| format!("--spec {path}: {e}"))?;
        config.spec = Spec::parse(&text).map_err(|e| format!("--spec {path}: {e}"))?;
    }
    if let Some(timeout) = timeout {
        config.timeout = timeout;
    }
    Ok(Some(config))
}
