//! The AWS import benchmark (`cargo xtask bench-import`, or `cargo bench -p
//! vpcraft-aws --bench import`): makes a VPC of about 2,000 resources in
//! moto's server, then times `vpcraft_aws::read_with` on it with the
//! default concurrency and with one call at a time (every VPC of the
//! region, as `vpcraft import vpc --all` reads them), and prints the wall
//! times, the HTTP requests made and the ratio side by side.
//!
//! moto is one Python process (one core's worth of work under its global
//! interpreter lock) on the same machine, so against it directly a call
//! costs moto's CPU rather than a network round trip, and concurrency can
//! only overlap the two processes' work. A second pair of rows goes
//! through a loopback proxy that holds every request back for a fixed time
//! (`--latency-ms`, 40 by default), as the round trip to a real AWS region
//! does; both pairs are labelled. The first pair also goes through the
//! proxy, with no delay, which counts the requests. A third pair replays
//! moto's recorded answers with the same latency and no moto at all, which
//! leaves the import's own work and the waits: the case of a real region,
//! whose CPU is not on this machine. The target is judged on that pair.
//!
//! Flags (after `--`): `--resources 2000`, `--concurrency 16`,
//! `--latency-ms 40` (0 leaves the second pair out), `--design PATH`
//! (writes the imported design there, for looking at it in the app).

#[path = "../../tests/common/mod.rs"]
mod common;
mod fixture;
mod proxy;
mod replay;

use common::{Moto, REGION};
use proxy::Proxy;
use replay::Replay;
use std::time::{Duration, Instant};
use vpcraft_aws::{Concurrency, ConnectOptions, Credentials, Imported, Selection};

/// What the issue asks of 2,000 resources on this machine.
const TARGET_SECONDS: f64 = 5.0;
const TARGET_RATIO: f64 = 4.0;

struct Args {
    resources: usize,
    concurrency: usize,
    latency_ms: u64,
    design: Option<String>,
}

fn args() -> Args {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1));
    let number =
        |flag: &str, default: u64| value(flag).and_then(|v| v.parse().ok()).unwrap_or(default);
    Args {
        resources: number("--resources", 2000) as usize,
        concurrency: number("--concurrency", Concurrency::DEFAULT.total() as u64) as usize,
        latency_ms: number("--latency-ms", 40),
        design: value("--design").cloned(),
    }
}

/// One timed import.
struct Run {
    seconds: f64,
    /// When the last call returned; the rest is mapping and layout.
    fetched: f64,
    requests: usize,
    imported: Imported,
}

async fn import(config: &vpcraft_aws::SdkConfig, requests: &dyn Fn() -> usize, n: usize) -> Run {
    requests();
    // Every VPC of the region: the bench's and moto's default VPC.
    let selection = Selection::All;
    let started = Instant::now();
    let trace = std::env::var_os("BENCH_TRACE").is_some();
    let progress = |line: &str| {
        if trace {
            eprintln!("{:>8.3} s  {line}", started.elapsed().as_secs_f64());
        }
    };
    let (snapshot, warnings) =
        vpcraft_aws::read::fetch(config, &selection, Concurrency::new(n), &progress).await;
    let fetched = started.elapsed().as_secs_f64();
    let (design, notes) = vpcraft_aws::design(&snapshot);
    let seconds = started.elapsed().as_secs_f64();
    let warnings = warnings.into_iter().chain(notes).collect();
    Run { seconds, fetched, requests: requests(), imported: Imported { design, warnings } }
}

fn row(label: &str, fast: &Run, slow: &Run) -> f64 {
    let ratio = slow.seconds / fast.seconds;
    let cell =
        |run: &Run| format!("{:.2} s ({:.2} s) {:>5}", run.seconds, run.fetched, run.requests);
    println!("{label:<30} {:>24} {:>24} {:>7.1}x", cell(fast), cell(slow), ratio);
    ratio
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let args = args();
    let profile = if cfg!(debug_assertions) { "debug build" } else { "release build" };
    eprintln!("starting moto's server and making a VPC of about {} resources…", args.resources);
    let moto = Moto::start();
    let started = Instant::now();
    let made = fixture::make(&moto, args.resources).await;
    eprintln!("made in {:.1} s: {made:?}", started.elapsed().as_secs_f64());

    let upstream = moto.endpoint.trim_start_matches("http://").parse().expect("moto's address");
    let proxy = Proxy::start(upstream).await;
    let options = ConnectOptions {
        region: Some(REGION.into()),
        endpoint_url: Some(proxy.endpoint.clone()),
        credentials: Some(Credentials::new("testing", "testing", None, None, "bench")),
        ..ConnectOptions::default()
    };
    let config = vpcraft_aws::sdk_config(&options).await.expect("a configuration");
    let counted = || proxy.take_requests();
    // A first import warms moto's caches and the connection pool up.
    let warm = import(&config, &counted, args.concurrency).await;
    for warning in &warm.imported.warnings {
        eprintln!("warning: {warning}");
    }

    let fast = import(&config, &counted, args.concurrency).await;
    let slow = import(&config, &counted, 1).await;
    let resources = fast.imported.design.resources.len();
    assert_eq!(resources, slow.imported.design.resources.len(), "both imports read the same");
    let mut delayed = None;
    if args.latency_ms > 0 {
        proxy.set_delay(Duration::from_millis(args.latency_ms));
        let fast = import(&config, &counted, args.concurrency).await;
        let slow = import(&config, &counted, 1).await;
        assert_eq!(resources, fast.imported.design.resources.len());
        delayed = Some((fast, slow));
    }
    let replayed = replayed(&moto, &options, &args, resources).await;

    println!();
    println!(
        "AWS import of every VPC of the region (the bench's and moto's default VPC): {resources} resources in the design, {} flows ({profile}, moto {} on 127.0.0.1)",
        fast.imported.design.flows.len(),
        moto_version(),
    );
    println!(
        "  made in moto: {} subnets, {} security groups with rules, {} network interfaces, {} Lambda functions, {} endpoints, {} load balancers with listeners and {} target groups, {} ECS services",
        made.subnets,
        made.security_groups,
        made.network_interfaces,
        made.functions,
        made.endpoints,
        made.load_balancers,
        made.target_groups,
        made.ecs_services
    );
    println!(
        "  wall: the whole import; reading: until the last call returned (the rest maps the answers and lays the design out); calls: HTTP requests"
    );
    println!();
    let fast_head = format!("concurrency {}", args.concurrency);
    println!("{:<30} {fast_head:>24} {:>24} {:>8}", "", "concurrency 1", "speed-up");
    println!("{:<30} {:>24} {:>24}", "", "wall (reading) calls", "wall (reading) calls");
    let direct = row("moto, no added latency", &fast, &slow);
    let mut verdict_run = (&fast, direct, "direct");
    if let Some((fast, slow)) = &delayed {
        let label = format!("moto + {} ms per request", args.latency_ms);
        let ratio = row(&label, fast, slow);
        verdict_run = (fast, ratio, "moto + latency");
    }
    if let Some((fast, slow, misses)) = &replayed {
        let label = format!("replayed + {} ms per request", args.latency_ms);
        let ratio = row(&label, fast, slow);
        println!("  ({misses} of the replayed requests were not recorded and went to moto)");
        verdict_run = (fast, ratio, "replayed");
    }
    let (run, ratio, judged_on) = verdict_run;
    let scaled = run.seconds * 2000.0 / resources as f64;
    println!();
    println!(
        "target (2,000 resources under {TARGET_SECONDS} s and at least {TARGET_RATIO}x the sequential import, judged on the {judged_on} row): {:.2} s for 2,000 resources, {ratio:.1}x: {}",
        scaled,
        if scaled < TARGET_SECONDS && ratio >= TARGET_RATIO { "met" } else { "NOT met" }
    );
    if let Some(path) = &args.design {
        let mut json = vpcraft_core::to_json(&fast.imported.design);
        json.push('\n');
        std::fs::write(path, json).expect("write the design");
        println!("the imported design is in {path}");
    }
}

/// The same imports against moto's answers recorded and replayed with the
/// latency only (moto's CPU left out, as AWS's is not on this machine):
/// the fast run, the slow run and the replayed requests that missed.
async fn replayed(
    moto: &Moto,
    options: &ConnectOptions,
    args: &Args,
    resources: usize,
) -> Option<(Run, Run, usize)> {
    if args.latency_ms == 0 {
        return None;
    }
    let upstream = moto.endpoint.trim_start_matches("http://").parse().expect("moto's address");
    let replay = Replay::start(upstream).await;
    let options = ConnectOptions { endpoint_url: Some(replay.endpoint.clone()), ..options.clone() };
    let config = vpcraft_aws::sdk_config(&options).await.expect("a configuration");
    let counted = || replay.take_counts().0;
    // Both orders of calls are recorded: concurrency changes no request.
    import(&config, &counted, args.concurrency).await;
    import(&config, &counted, 1).await;
    eprintln!("recorded {} answers", replay.recorded());
    replay.replay(Duration::from_millis(args.latency_ms));
    let misses = std::cell::Cell::new(0);
    let counted = || {
        let (requests, missed) = replay.take_counts();
        misses.set(misses.get() + missed);
        requests
    };
    let fast = import(&config, &counted, args.concurrency).await;
    let slow = import(&config, &counted, 1).await;
    assert_eq!(resources, fast.imported.design.resources.len(), "the replay reads the same");
    assert_eq!(resources, slow.imported.design.resources.len(), "the replay reads the same");
    Some((fast, slow, misses.get()))
}

/// moto's version, as its package says.
fn moto_version() -> String {
    let output = std::process::Command::new(common::tool("python"))
        .args(["-c", "import moto; print(moto.__version__)"])
        .output();
    output.map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned()).unwrap_or_default()
}
