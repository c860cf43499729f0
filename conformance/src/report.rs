//! What a run found: one [`Check`] per rule, printed one line each.

use std::fmt;

/// The outcome of one check. Only [`Outcome::Fail`] makes a run fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Outcome {
    Pass,
    /// Works with the app, but not as the contract recommends.
    Warn,
    Fail,
    /// Not checked: not applicable, not asked for, or it needs something that
    /// failed before.
    Skip,
}

impl Outcome {
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Pass => "PASS",
            Outcome::Warn => "WARN",
            Outcome::Fail => "FAIL",
            Outcome::Skip => "SKIP",
        }
    }
}

/// One named rule and what came of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    /// Stable machine-readable name, e.g. `items.detail`.
    pub name: String,
    /// What it checks, in Chinese and English.
    pub title: String,
    pub outcome: Outcome,
    /// Why it failed (each reason names the URL and, for a schema error, the
    /// JSON pointer), or a note; one reason per line.
    pub detail: String,
}

impl Check {
    pub fn new(name: &str, title: &str, outcome: Outcome, detail: impl Into<String>) -> Check {
        Check {
            name: name.to_owned(),
            title: title.to_owned(),
            outcome,
            detail: detail.into(),
        }
    }

    pub fn passed(&self) -> bool {
        self.outcome != Outcome::Fail
    }
}

impl fmt::Display for Check {
    /// `PASS  name  title — first line of detail`, further lines of the
    /// detail indented below.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}  {:<26} {}",
            self.outcome.label(),
            self.name,
            self.title
        )?;
        let mut lines = self.detail.lines();
        if let Some(first) = lines.next() {
            write!(f, " — {first}")?;
        }
        for line in lines {
            write!(f, "\n      {line}")?;
        }
        Ok(())
    }
}

/// Everything a run found, in the order checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// The base URL checked.
    pub base: String,
    pub checks: Vec<Check>,
}

impl Report {
    /// True when no check failed (warnings and skips are fine).
    pub fn passed(&self) -> bool {
        self.checks.iter().all(Check::passed)
    }

    /// The process exit code: 0 when no check failed, 1 otherwise.
    pub fn exit_code(&self) -> u8 {
        if self.passed() {
            0
        } else {
            1
        }
    }

    pub fn check(&self, name: &str) -> Option<&Check> {
        self.checks.iter().find(|c| c.name == name)
    }

    pub fn count(&self, outcome: Outcome) -> usize {
        self.checks.iter().filter(|c| c.outcome == outcome).count()
    }

    /// The closing line.
    pub fn summary(&self) -> String {
        format!(
            "总结 Summary for {}: {} PASS, {} FAIL, {} WARN, {} SKIP — {}",
            self.base,
            self.count(Outcome::Pass),
            self.count(Outcome::Fail),
            self.count(Outcome::Warn),
            self.count(Outcome::Skip),
            if self.passed() {
                "符合 conforms"
            } else {
                "不符合 does not conform"
            }
        )
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for check in &self.checks {
            writeln!(f, "{check}")?;
        }
        write!(f, "{}", self.summary())
    }
}

/// Collects the reasons of one check and turns them into a [`Check`].
#[derive(Debug, Default)]
pub(crate) struct Findings {
    pub problems: Vec<String>,
    pub warnings: Vec<String>,
}

/// At most this many reasons are printed per check.
const SHOWN: usize = 12;

impl Findings {
    pub fn new() -> Findings {
        Findings::default()
    }

    pub fn fail(&mut self, reason: impl Into<String>) {
        self.problems.push(reason.into());
    }

    pub fn warn(&mut self, reason: impl Into<String>) {
        self.warnings.push(reason.into());
    }

    pub fn extend(&mut self, reasons: impl IntoIterator<Item = String>) {
        self.problems.extend(reasons);
    }

    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }

    /// FAIL with the problems, else WARN with the warnings, else PASS with
    /// `note`.
    pub fn into_check(self, name: &str, title: &str, note: impl Into<String>) -> Check {
        let (outcome, reasons) = if !self.problems.is_empty() {
            (Outcome::Fail, self.problems)
        } else if !self.warnings.is_empty() {
            (Outcome::Warn, self.warnings)
        } else {
            return Check::new(name, title, Outcome::Pass, note);
        };
        Check::new(name, title, outcome, shorten(&reasons))
    }
}

fn shorten(reasons: &[String]) -> String {
    let mut lines: Vec<String> = reasons.iter().take(SHOWN).cloned().collect();
    if reasons.len() > SHOWN {
        lines.push(format!("… and {} more", reasons.len() - SHOWN));
    }
    lines.join("\n")
}
