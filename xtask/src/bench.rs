//! `cargo xtask bench`: times validation of synthetic designs natively and
//! in wasm (Node), and the reading of their CloudFormation templates
//! natively, and prints the figures.
//!
//! The native figures come from core's `validate` and `template`
//! benchmarks, the wasm ones from `bench-wasm/bench.mjs` running the
//! `bench-wasm` crate built in the `wasm-release` profile, the one the
//! browser bundle uses.

use crate::bundle::ensure_wasm_target;
use crate::paths::{self, root};
use anyhow::{Context, bail};
use std::collections::BTreeMap;
use std::process::{Command, Stdio};

const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// What validating the largest design may take in wasm, in milliseconds.
const WASM_TARGET_MS: f64 = 10.0;
/// The size the targets apply to.
const TARGET_SIZE: u64 = 5000;
/// What importing the largest design's template may take natively, in
/// milliseconds.
const IMPORT_TARGET_MS: f64 = 60.0;

/// One `RESULT key=value ...` line of a benchmark.
type Figures = BTreeMap<String, f64>;

/// Builds bench-wasm in `wasm_profile` ("wasm-release", the browser
/// bundle's, unless asked otherwise), then runs both benchmarks.
pub fn bench(sizes: &str, per_rule: bool, wasm_profile: &str) -> anyhow::Result<()> {
    ensure_wasm_target()?;
    paths::cargo(&[
        "build",
        "-p",
        "bench-wasm",
        "--lib",
        "--target",
        WASM_TARGET,
        "--profile",
        wasm_profile,
    ])?;
    let profile_dir = if wasm_profile == "dev" { "debug" } else { wasm_profile };
    let wasm = paths::target_dir().join(WASM_TARGET).join(profile_dir).join("bench_wasm.wasm");
    if !wasm.is_file() {
        bail!("the bench-wasm build did not produce {}", wasm.display());
    }
    let out = paths::target_dir().join("bench-wasm");
    std::fs::create_dir_all(&out)?;
    eprintln!("$ wasm-bindgen {} --target nodejs --out-dir {}", wasm.display(), out.display());
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&wasm)
        .nodejs(true)?
        .typescript(false)
        .generate(&out)
        .map_err(|e| anyhow::anyhow!("wasm-bindgen failed: {e:#}"))?;

    let mut native_args =
        vec!["bench", "-p", "vpcraft-core", "--bench", "validate", "--", "--machine", "--sizes"];
    native_args.push(sizes);
    if per_rule {
        native_args.push("--per-rule");
    }
    let native = results(Command::new(env!("CARGO")).args(&native_args).current_dir(root()))?;
    let script = root().join("bench-wasm").join("bench.mjs");
    let wasm = results(Command::new("node").arg(&script).arg(&out).arg(sizes))?;
    let template_args =
        ["bench", "-p", "vpcraft-core", "--bench", "template", "--", "--machine", "--sizes", sizes];
    let templates = results(Command::new(env!("CARGO")).args(template_args).current_dir(root()))?;
    print_table(&native, &wasm, wasm_profile)?;
    print_templates(&templates);
    Ok(())
}

/// The template reading figures and the import target's verdict.
fn print_templates(templates: &BTreeMap<u64, Figures>) {
    let get =
        |n: u64, key: &str| templates.get(&n).and_then(|f| f.get(key)).copied().unwrap_or(f64::NAN);
    println!();
    println!(
        "template reading and automatic layout, native (median milliseconds; full = the full \
         YAML reader alone; layout = the design laid out from no positions)"
    );
    println!(
        "{:>6} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}",
        "n", "YAML KiB", "read", "full", "import", "imp min", "layout", "µs/res"
    );
    for &n in templates.keys() {
        println!(
            "{n:>6} {:>9.0} {:>9.3} {:>9.3} {:>9.3} {:>9.3} {:>9.3} {:>9.2}",
            get(n, "template_bytes") / 1024.0,
            get(n, "read_ms"),
            get(n, "full_read_ms"),
            get(n, "import_ms"),
            get(n, "import_min_ms"),
            get(n, "layout_ms"),
            get(n, "layout_ms") * 1e3 / n as f64,
        );
    }
    if templates.contains_key(&TARGET_SIZE) {
        let ms = get(TARGET_SIZE, "import_ms");
        let verdict = if ms < IMPORT_TARGET_MS { "met" } else { "MISSED" };
        println!(
            "target: importing the template of {TARGET_SIZE} resources in under \
             {IMPORT_TARGET_MS} ms: {verdict} ({ms:.2} ms median, {:.2} ms fastest)",
            get(TARGET_SIZE, "import_min_ms")
        );
    }
}

/// Runs a benchmark, echoing its output, and collects its `RESULT` lines
/// by size.
fn results(command: &mut Command) -> anyhow::Result<BTreeMap<u64, Figures>> {
    let shown = format!("{command:?}");
    eprintln!("$ {shown}");
    let output = command
        .stderr(Stdio::inherit())
        .output()
        .with_context(|| format!("cannot start {shown}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut by_size = BTreeMap::new();
    for line in stdout.lines() {
        let Some(rest) = line.strip_prefix("RESULT ") else {
            println!("{line}");
            continue;
        };
        let figures: Figures = rest
            .split_whitespace()
            .filter_map(|pair| pair.split_once('='))
            .filter_map(|(k, v)| Some((k.to_owned(), v.parse().ok()?)))
            .collect();
        if let Some(n) = figures.get("n") {
            by_size.insert(*n as u64, figures);
        }
    }
    if !output.status.success() {
        bail!("command failed ({}): {shown}", output.status);
    }
    if by_size.is_empty() {
        bail!("{shown} printed no RESULT lines");
    }
    Ok(by_size)
}

fn print_table(
    native: &BTreeMap<u64, Figures>,
    wasm: &BTreeMap<u64, Figures>,
    wasm_profile: &str,
) -> anyhow::Result<()> {
    let get = |m: &BTreeMap<u64, Figures>, n: u64, key: &str| {
        m.get(&n).and_then(|f| f.get(key)).copied().unwrap_or(f64::NAN)
    };
    let n_log_n = |n: u64| n as f64 * (n as f64).log2();
    println!();
    println!(
        "validation of synthetic designs, median milliseconds (wasm: {wasm_profile} profile, Node \
         {})",
        node_version()
    );
    println!(
        "{:>6} {:>6} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}  wasm growth vs n log n",
        "n",
        "flows",
        "native v",
        "native p",
        "wasm v",
        "wasm p95",
        "wasm p",
        "v/p wasm",
        "wasm/nat",
    );
    let mut previous: Option<u64> = None;
    for &n in wasm.keys() {
        let validate = get(wasm, n, "validate_ms");
        let growth = match previous {
            Some(p) => {
                let factor = validate / get(wasm, p, "validate_ms");
                let exponent = factor.ln() / (n as f64 / p as f64).ln();
                format!(
                    "×{factor:.1} for n ×{:.0} (n log n ×{:.1}, n^{exponent:.2})",
                    n as f64 / p as f64,
                    n_log_n(n) / n_log_n(p)
                )
            }
            None => "-".to_owned(),
        };
        println!(
            "{n:>6} {:>6} {:>9.3} {:>9.3} {:>9.3} {:>9.3} {:>9.3} {:>9.2} {:>9.2}  {growth}",
            get(wasm, n, "flows"),
            get(native, n, "validate_ms"),
            get(native, n, "parse_ms"),
            validate,
            get(wasm, n, "validate_p95_ms"),
            get(wasm, n, "parse_ms"),
            validate / get(wasm, n, "parse_ms"),
            validate / get(native, n, "validate_ms"),
        );
        previous = Some(n);
    }
    println!(
        "columns: native/wasm v = validate, p = parse_design of the same JSON, v/p = validate \
         over parse, wasm/nat = wasm over native validate"
    );
    if wasm.contains_key(&TARGET_SIZE) {
        let ms = get(wasm, TARGET_SIZE, "validate_ms");
        let verdict = if ms < WASM_TARGET_MS { "met" } else { "MISSED" };
        println!(
            "target: {TARGET_SIZE} resources in under {WASM_TARGET_MS} ms in wasm: {verdict} \
             ({ms:.2} ms)"
        );
    }
    Ok(())
}

fn node_version() -> String {
    Command::new("node")
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}
