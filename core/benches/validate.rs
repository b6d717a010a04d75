//! Validation benchmark: times `validate` and `parse_design` on synthetic
//! designs of 100, 1,000 and 5,000 resources and prints the figures.
//!
//! Run it with `cargo bench -p vpcraft-core --bench validate`. Flags (after
//! `--`): `--per-rule` adds the time of building the index and of each rule
//! on the largest design (also `VPCRAFT_BENCH_PER_RULE=1`), `--sizes 100,200`
//! replaces the sizes, `--profile` only validates the largest design for ten
//! seconds (to run under a sampling profiler), `--once` validates it once (to
//! count instructions under callgrind), and `--machine` adds one
//! `RESULT key=value ...` line per size for `cargo xtask bench` to read.

use std::hint::black_box;
use std::time::{Duration, Instant};
use vpcraft_core::index::Index;
use vpcraft_core::rules::{RULES, Sink};
use vpcraft_core::{parse_design, synth, to_json, validate};

/// How long each size's measurement runs at least, after warming up.
const BUDGET: Duration = Duration::from_millis(1500);
/// How long each rule's measurement runs at least.
const RULE_BUDGET: Duration = Duration::from_millis(200);
/// The fewest samples behind a median and a 95th percentile.
const MIN_SAMPLES: usize = 30;
/// The most samples, so that small designs do not run for ever.
const MAX_SAMPLES: usize = 5000;

/// The median and 95th percentile of one measurement, in milliseconds.
struct Stats {
    median: f64,
    p95: f64,
    samples: usize,
}

/// Times `f` repeatedly within the budget and summarises the samples.
fn measure<T>(budget: Duration, mut f: impl FnMut() -> T) -> Stats {
    for _ in 0..3 {
        black_box(f());
    }
    let start = Instant::now();
    let mut samples = Vec::new();
    while samples.len() < MAX_SAMPLES && (samples.len() < MIN_SAMPLES || start.elapsed() < budget) {
        let t = Instant::now();
        black_box(f());
        samples.push(t.elapsed().as_secs_f64() * 1e3);
    }
    samples.sort_by(f64::total_cmp);
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    Stats { median: at(0.5), p95: at(0.95), samples: samples.len() }
}

fn n_log_n(n: usize) -> f64 {
    n as f64 * (n as f64).log2()
}

/// One size's figures.
struct Row {
    n: usize,
    flows: usize,
    findings: usize,
    bytes: usize,
    validate: Stats,
    parse: Stats,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let per_rule = args.iter().any(|a| a == "--per-rule")
        || std::env::var_os("VPCRAFT_BENCH_PER_RULE").is_some_and(|v| v != "0");
    let machine = args.iter().any(|a| a == "--machine");
    let sizes: Vec<usize> = args
        .iter()
        .position(|a| a == "--sizes")
        .and_then(|i| args.get(i + 1))
        .map(|list| list.split(',').filter_map(|s| s.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![100, 1000, 5000]);

    let profile = args.iter().any(|a| a == "--profile");
    if profile || args.iter().any(|a| a == "--once") {
        let design = synth::design(sizes.iter().copied().max().unwrap_or(5000));
        let start = Instant::now();
        black_box(validate(&design));
        while profile && start.elapsed() < Duration::from_secs(10) {
            black_box(validate(&design));
        }
        return;
    }
    let mut rows = Vec::new();
    for &n in &sizes {
        let design = synth::design(n);
        let json = to_json(&design);
        let findings = validate(&design).len();
        let validate = measure(BUDGET, || validate(&design));
        let parse = measure(BUDGET, || parse_design(&json).expect("a synthetic design parses"));
        rows.push(Row {
            n,
            flows: design.flows.len(),
            findings,
            bytes: json.len(),
            validate,
            parse,
        });
    }

    println!("native validation (median of repeated runs, milliseconds)");
    println!(
        "{:>6} {:>6} {:>9} {:>9} {:>9} {:>9} {:>8} {:>9} {:>8}  growth vs n log n",
        "n", "flows", "findings", "JSON KiB", "validate", "p95", "samples", "parse", "v/parse"
    );
    for (i, row) in rows.iter().enumerate() {
        let growth = match i.checked_sub(1).map(|j| &rows[j]) {
            Some(prev) => growth(prev.n, prev.validate.median, row.n, row.validate.median),
            None => "-".to_owned(),
        };
        println!(
            "{:>6} {:>6} {:>9} {:>9.0} {:>9.3} {:>9.3} {:>8} {:>9.3} {:>8.2}  {growth}",
            row.n,
            row.flows,
            row.findings,
            row.bytes as f64 / 1024.0,
            row.validate.median,
            row.validate.p95,
            row.validate.samples,
            row.parse.median,
            row.validate.median / row.parse.median,
        );
    }
    if let (Some(first), Some(last)) = (rows.first(), rows.last())
        && rows.len() > 1
    {
        println!(
            "overall {} → {}: {}",
            first.n,
            last.n,
            growth(first.n, first.validate.median, last.n, last.validate.median)
        );
    }
    if machine {
        for row in &rows {
            println!(
                "RESULT n={} flows={} findings={} bytes={} validate_ms={:.6} validate_p95_ms={:.6} \
                 parse_ms={:.6}",
                row.n,
                row.flows,
                row.findings,
                row.bytes,
                row.validate.median,
                row.validate.p95,
                row.parse.median
            );
        }
    }
    if per_rule && let Some(&n) = sizes.iter().max() {
        print_per_rule(n);
    }
}

/// "×t (n log n ×m, exponent k)": how the time grew against n log n.
fn growth(n0: usize, t0: f64, n1: usize, t1: f64) -> String {
    let factor = t1 / t0;
    let exponent = factor.ln() / (n1 as f64 / n0 as f64).ln();
    format!("×{factor:.1} (n log n ×{:.1}, n^{exponent:.2})", n_log_n(n1) / n_log_n(n0))
}

/// Times building the index and each rule alone on a design of `n`
/// resources, slowest first.
fn print_per_rule(n: usize) {
    let design = synth::design(n);
    let index_time = measure(RULE_BUDGET, || Index::new(&design));
    let index = Index::new(&design);
    let mut timings: Vec<(&str, Stats, usize)> = RULES
        .iter()
        .map(|rule| {
            let mut out = Vec::new();
            (rule.check)(&index, &mut Sink::new(rule, &index, &mut out));
            let found = out.len();
            let stats = measure(RULE_BUDGET, || {
                let mut out = Vec::new();
                (rule.check)(&index, &mut Sink::new(rule, &index, &mut out));
                out
            });
            (rule.id, stats, found)
        })
        .collect();
    timings.sort_by(|a, b| b.1.median.total_cmp(&a.1.median));
    let total: f64 = timings.iter().map(|t| t.1.median).sum::<f64>() + index_time.median;
    println!("\nper rule on {n} resources (median ms, share of the sum)");
    println!("{:>8} {:>9} {:>6} {:>9}", "rule", "ms", "share", "findings");
    println!(
        "{:>8} {:>9.3} {:>5.1}% {:>9}",
        "index",
        index_time.median,
        100.0 * index_time.median / total,
        "-"
    );
    for (id, stats, found) in &timings {
        println!("{id:>8} {:>9.3} {:>5.1}% {found:>9}", stats.median, 100.0 * stats.median / total);
    }
    println!("{:>8} {total:>9.3}", "sum");
}
