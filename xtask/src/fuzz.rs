//! `cargo xtask fuzz`: coverage-guided fuzzing of the core's readers and
//! export with cargo-fuzz (libFuzzer), a bounded time per target.
//!
//! The targets live in fuzz/, a package outside the workspace. They build
//! on the stable toolchain with `RUSTC_BOOTSTRAP=1` (cargo-fuzz needs
//! nightly flags), without a sanitizer (the core is safe Rust: a bug shows
//! as a panic, which libFuzzer reports as a crash), into a target dir of
//! their own since their flags differ from every other build's.

use crate::paths;
use anyhow::{Context, bail};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Every fuzz target, in fuzz/fuzz_targets/.
pub const TARGETS: [&str; 3] = ["design_reader", "template_reader", "export"];

/// The cargo-fuzz release that `cargo install` pins.
const CARGO_FUZZ_VERSION: &str = "0.13.2";

/// What one target's run did.
struct Outcome {
    target: String,
    executions: Option<u64>,
    crash: Option<String>,
}

/// How long each target runs.
#[derive(Clone, Copy)]
pub enum Budget {
    /// This many seconds.
    Seconds(u64),
    /// This many executions, within `seconds` when given.
    Runs { runs: u64, seconds: Option<u64> },
}

impl Budget {
    /// libFuzzer's flags for this budget.
    fn flags(self) -> Vec<String> {
        match self {
            Budget::Seconds(s) => vec![format!("-max_total_time={s}")],
            Budget::Runs { runs, seconds } => {
                let mut flags = vec![format!("-runs={runs}")];
                flags.extend(seconds.map(|s| format!("-max_total_time={s}")));
                flags
            }
        }
    }

    /// The budget in words, for the summary.
    fn describe(self) -> String {
        match self {
            Budget::Seconds(s) => format!("{s} s per target"),
            Budget::Runs { runs, seconds: None } => format!("{runs} executions per target"),
            Budget::Runs { runs, seconds: Some(s) } => {
                format!("{runs} executions per target, at most {s} s")
            }
        }
    }
}

/// Builds every target, then runs each of `targets` (all when empty) for
/// `budget`, and fails if any of them found a crash, a hang or a leak.
pub fn fuzz(budget: Budget, targets: &[String]) -> anyhow::Result<()> {
    let targets: Vec<String> = if targets.is_empty() {
        TARGETS.iter().map(|t| t.to_string()).collect()
    } else {
        targets.to_vec()
    };
    for target in &targets {
        if !TARGETS.contains(&target.as_str()) {
            bail!("unknown fuzz target {target:?}; the targets are {}", TARGETS.join(", "));
        }
    }
    install_cargo_fuzz()?;
    paths::run(cargo_fuzz().args(["build", "--sanitizer", "none"]))?;
    let mut outcomes = Vec::new();
    for target in &targets {
        outcomes.push(run_target(target, budget)?);
    }
    eprintln!("\ncargo xtask fuzz: {}", budget.describe());
    for o in &outcomes {
        let executions = o.executions.map_or("unknown".to_string(), |n| n.to_string());
        let crashes = if o.crash.is_some() { 1 } else { 0 };
        eprintln!("  {:<16} executions: {executions:>10}, crashes: {crashes}", o.target);
        if let Some(crash) = &o.crash {
            eprintln!("    {crash}");
        }
    }
    let crashed: Vec<&str> =
        outcomes.iter().filter(|o| o.crash.is_some()).map(|o| o.target.as_str()).collect();
    if !crashed.is_empty() {
        bail!(
            "fuzzing found a crash in {}: reproduce with `RUSTC_BOOTSTRAP=1 cargo fuzz run -s none TARGET ARTIFACT`",
            crashed.join(", ")
        );
    }
    Ok(())
}

/// Installs cargo-fuzz from crates.io when `cargo fuzz` is missing.
fn install_cargo_fuzz() -> anyhow::Result<()> {
    let present = Command::new(env!("CARGO"))
        .args(["fuzz", "--version"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if present {
        return Ok(());
    }
    paths::cargo(&["install", "cargo-fuzz", "--locked", "--version", CARGO_FUZZ_VERSION])
}

/// `cargo fuzz` in fuzz/'s parent with the fuzz builds' environment.
fn cargo_fuzz() -> Command {
    let mut command = Command::new(env!("CARGO"));
    command
        .arg("fuzz")
        .current_dir(paths::root())
        .env("RUSTC_BOOTSTRAP", "1")
        .env("CARGO_TARGET_DIR", fuzz_target_dir());
    command
}

/// The fuzz builds' target dir: `$VPCRAFT_FUZZ_TARGET_DIR`, or
/// `~/.cache/vpcraft-fuzz-target`.
fn fuzz_target_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("VPCRAFT_FUZZ_TARGET_DIR") {
        return PathBuf::from(dir);
    }
    match std::env::var_os("HOME") {
        Some(home) => Path::new(&home).join(".cache/vpcraft-fuzz-target"),
        None => paths::root().join("target/fuzz"),
    }
}

/// Runs one target for `budget`, streaming libFuzzer's messages but not its
/// progress lines, and keeping its whole output in a log beside the corpus.
/// cargo-fuzz saves a crashing input under fuzz/artifacts/<target>/.
fn run_target(target: &str, budget: Budget) -> anyhow::Result<Outcome> {
    let root = paths::root();
    // New inputs go into a working corpus outside the clone; the committed
    // seeds in fuzz/corpus/ are read but never written.
    let work = fuzz_target_dir().join("corpus").join(target);
    std::fs::create_dir_all(&work).with_context(|| format!("cannot create {}", work.display()))?;
    let log_path = fuzz_target_dir().join(format!("{target}.log"));
    let mut log = std::fs::File::create(&log_path)
        .with_context(|| format!("cannot create {}", log_path.display()))?;

    let mut command = cargo_fuzz();
    command
        .args(["run", "--sanitizer", "none", target])
        .arg(&work)
        .arg(root.join("fuzz/corpus").join(target))
        .arg("--")
        .args(budget.flags())
        .args(["-rss_limit_mb=2048", "-timeout=10", "-print_final_stats=1"]);
    let dict = root.join("fuzz/dict").join(format!("{target}.dict"));
    if dict.exists() {
        command.arg(format!("-dict={}", dict.display()));
    }
    eprintln!("$ {command:?}");
    let mut child = command
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot start cargo fuzz run {target}"))?;
    let stderr = child.stderr.take().context("no stderr")?;

    let mut outcome = Outcome { target: target.to_string(), executions: None, crash: None };
    let mut last_progress = None;
    for line in BufReader::new(stderr).lines() {
        let line = line?;
        writeln!(log, "{line}")?;
        if let Some(n) = progress(&line) {
            last_progress = Some(n);
            continue;
        }
        // Newly covered functions and the recommended dictionary: noise.
        let trimmed = line.trim_start();
        if trimmed.starts_with("NEW_FUNC")
            || trimmed.starts_with("######")
            || (trimmed.starts_with('"') && trimmed.contains("# Uses:"))
        {
            continue;
        }
        eprintln!("{line}");
        if let Some(n) = executions(&line) {
            outcome.executions = Some(n);
        }
        if let Some(path) = line.split("Test unit written to ").nth(1) {
            outcome.crash = Some(format!("artifact: {}", path.trim()));
        }
    }
    let status = child.wait()?;
    outcome.executions = outcome.executions.or(last_progress);
    if !status.success() && outcome.crash.is_none() {
        outcome.crash =
            Some(format!("cargo fuzz run failed ({status}); see {}", log_path.display()));
    }
    Ok(outcome)
}

/// The execution count of a libFuzzer progress line, `#1234\tpulse ...`.
fn progress(line: &str) -> Option<u64> {
    let rest = line.strip_prefix('#')?;
    rest.split(|c: char| c.is_whitespace()).next()?.parse().ok()
}

/// The execution count of libFuzzer's final lines:
/// `stat::number_of_executed_units: N` or `Done N runs in S second(s)`.
fn executions(line: &str) -> Option<u64> {
    if let Some(n) = line.strip_prefix("stat::number_of_executed_units:") {
        return n.trim().parse().ok();
    }
    line.strip_prefix("Done ")?.split(' ').next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_libfuzzer_counts() {
        assert_eq!(progress("#4096\tpulse  cov: 10 ft: 12 corp: 3/30b"), Some(4096));
        assert_eq!(progress("INFO: Seed: 1"), None);
        assert_eq!(executions("stat::number_of_executed_units: 81234"), Some(81234));
        assert_eq!(executions("Done 81234 runs in 31 second(s)"), Some(81234));
        assert_eq!(executions("Done with it"), None);
    }
}
