//! Template reading benchmark: exports the synthetic designs of 100, 1,000
//! and 5,000 resources as YAML, then times reading the text into the
//! template tree (`cfn::yaml::read`), the same with the full YAML reader
//! alone (`cfn::yaml::read_full`, what every text took before the fast
//! reader, for comparison on the same machine at the same moment) and the
//! whole import (`cfn::import`: reading, resolving and building the
//! design), and prints the figures. It also times the automatic layout
//! (`layout::place_missing`) of each synthetic design with its positions
//! dropped, what an import of a template or an AWS account without layout
//! runs, and its cost per resource, which stays about flat as designs grow.
//!
//! Run it with `cargo bench -p vpcraft-core --bench template`. Flags (after
//! `--`): `--sizes 100,200` replaces the sizes, `--profile` only imports the
//! largest template for ten seconds (to run under a profiler), `--once`
//! imports it once (to count instructions with callgrind), and `--machine`
//! adds one `RESULT key=value ...` line per size for `cargo xtask bench` to
//! read.

use std::hint::black_box;
use std::time::{Duration, Instant};
use vpcraft_core::cfn::{self, Format};
use vpcraft_core::{layout, synth};

/// How long each size's measurement runs at least, after warming up.
const BUDGET: Duration = Duration::from_millis(1500);
/// The fewest samples behind a median.
const MIN_SAMPLES: usize = 10;
/// The most samples, so that small templates do not run for ever.
const MAX_SAMPLES: usize = 2000;

/// The median and fastest of repeated runs of `f`, in milliseconds.
fn measure<T>(mut f: impl FnMut() -> T) -> (f64, f64) {
    black_box(f());
    let start = Instant::now();
    let mut samples = Vec::new();
    while samples.len() < MAX_SAMPLES && (samples.len() < MIN_SAMPLES || start.elapsed() < BUDGET) {
        let t = Instant::now();
        black_box(f());
        samples.push(t.elapsed().as_secs_f64() * 1e3);
    }
    samples.sort_by(f64::total_cmp);
    (samples[samples.len() / 2], samples[0])
}

/// The YAML template of the synthetic design of `n` resources.
fn template(n: usize) -> String {
    cfn::render(&synth::design(n), Format::Yaml, &[])
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let machine = args.iter().any(|a| a == "--machine");
    let sizes: Vec<usize> = args
        .iter()
        .position(|a| a == "--sizes")
        .and_then(|i| args.get(i + 1))
        .map(|list| list.split(',').filter_map(|s| s.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![100, 1000, 5000]);

    if args.iter().any(|a| a == "--profile" || a == "--once") {
        let text = template(sizes.iter().copied().max().unwrap_or(5000));
        let seconds = if args.iter().any(|a| a == "--once") { 0 } else { 10 };
        let start = Instant::now();
        loop {
            black_box(cfn::import(&text).expect("the template imports"));
            if start.elapsed() >= Duration::from_secs(seconds) {
                return;
            }
        }
    }
    println!("template reading (median and fastest of repeated runs, milliseconds)");
    println!(
        "{:>6} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}",
        "n",
        "YAML KiB",
        "read",
        "read min",
        "full",
        "full min",
        "import",
        "imp min",
        "layout",
        "µs/res"
    );
    let mut lines = Vec::new();
    for &n in &sizes {
        let text = template(n);
        let imported = cfn::import(&text).expect("the template imports");
        assert_eq!(imported.design.resources.len(), n, "the import restores every resource");
        let (read, read_min) = measure(|| cfn::yaml::read(&text).expect("the template reads"));
        let (full, full_min) = measure(|| cfn::yaml::read_full(&text).expect("the template reads"));
        let (import, import_min) = measure(|| cfn::import(&text).expect("the template imports"));
        let mut bare = synth::design(n);
        bare.layout.positions.clear();
        let (copy, _) = measure(|| bare.clone());
        let (laid_out, _) = measure(|| {
            let mut design = bare.clone();
            layout::place_missing(&mut design);
            design
        });
        // The copy of the design each run starts from is not the layout's.
        let layout_ms = (laid_out - copy).max(0.0);
        let per_resource_us = layout_ms * 1e3 / n as f64;
        println!(
            "{n:>6} {:>9.0} {read:>9.3} {read_min:>9.3} {full:>9.3} {full_min:>9.3} {import:>9.3} \
             {import_min:>9.3} {layout_ms:>9.3} {per_resource_us:>9.2}",
            text.len() as f64 / 1024.0
        );
        lines.push(format!(
            "RESULT n={n} template_bytes={} read_ms={read:.6} read_min_ms={read_min:.6} \
             full_read_ms={full:.6} import_ms={import:.6} import_min_ms={import_min:.6} \
             layout_ms={layout_ms:.6}",
            text.len()
        ));
    }
    if machine {
        for line in lines {
            println!("{line}");
        }
    }
}
