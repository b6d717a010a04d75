//! `cargo xtask`: builds the browser bundle and the server, runs the app and
//! runs every test, with nothing but Rust, Node and Chromium installed.

mod bench;
mod bench_collab;
mod bench_import;
mod bench_routes;
mod bundle;
mod docs;
mod e2e;
mod fuzz;
mod paths;
mod run;
mod test;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "vpcraft build orchestration")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the wasm bundle into dist/ and the release binary
    /// target/release/vpcraft with the bundle embedded.
    Build,
    /// Build, then serve on http://127.0.0.1:8080 with a SQLite file.
    Run {
        /// Arguments passed to `vpcraft serve`.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Run every test: unit and integration tests, clippy, the core's wasm32
    /// build, the browser end-to-end tests in headless Chromium and a short
    /// fuzzing run of every fuzz target.
    Test {
        /// Skip the browser tests.
        #[arg(long)]
        no_e2e: bool,
        /// Skip the fuzzing run.
        #[arg(long)]
        no_fuzz: bool,
    },
    /// Build only the wasm bundle into dist/.
    Bundle {
        /// Build the wasm with the debug profile (faster, larger).
        #[arg(long)]
        dev: bool,
    },
    /// Regenerate docs/rules.md from the rule catalogue in core.
    Docs,
    /// Run only the browser end-to-end tests against a freshly built server.
    E2e {
        /// Arguments passed to Playwright (a spec file, `--grep`).
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Time validation of synthetic designs natively and in wasm (Node),
    /// and the import of their templates natively, and print the figures.
    Bench {
        /// The design sizes, in resources.
        #[arg(long, default_value = "100,1000,5000")]
        sizes: String,
        /// Also time each rule on the largest design (natively).
        #[arg(long)]
        per_rule: bool,
        /// The cargo profile of the wasm build; the bundle's by default.
        #[arg(long, default_value = "wasm-release")]
        wasm_profile: String,
    },
    /// The co-editing load test: simulated editors against one design's
    /// room on one server process (SQLite) and on two sharing PostgreSQL;
    /// fails on a lost, duplicated or diverged edit and prints latencies.
    BenchCollab {
        /// Which runs: 1 (one process), 2 (two on PostgreSQL), or both.
        #[arg(long, default_value = "1,2", value_delimiter = ',')]
        processes: Vec<u8>,
        /// Arguments for the load (`--editors 50 --rate 10 --seconds 60`).
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// The worst request each heavy route accepts: the largest design and
    /// template under the body limit (and half of them), each sent to a
    /// fresh release server; prints the time and the server's peak memory.
    BenchRoutes,
    /// The AWS import benchmark: a VPC of about 2,000 resources made in
    /// moto's server, imported with the default concurrency and with one
    /// call at a time, directly and with a delay per request; prints wall
    /// times, calls and the ratio, and writes the design to
    /// <target>/bench-import/design.json.
    BenchImport {
        /// Build in the debug profile instead of release.
        #[arg(long)]
        dev: bool,
        /// Arguments for the benchmark (`--resources 2000 --latency-ms 40
        /// --concurrency 16`).
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Fuzz the core's design reader, template reader and export with
    /// cargo-fuzz (libFuzzer, installed if missing) and fail on a crash.
    Fuzz {
        /// How long to run each target, in seconds (30 when `--runs` is
        /// not given).
        #[arg(long)]
        seconds: Option<u64>,
        /// Stop each target after this many executions instead (its time
        /// then unbounded unless `--seconds` is also given).
        #[arg(long)]
        runs: Option<u64>,
        /// The targets (design_reader, template_reader, export); all by default.
        targets: Vec<String>,
    },
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Build => {
            bundle::build_bundle(bundle::Profile::Release)?;
            run::build_server_release()?;
            Ok(())
        }
        Command::Run { args } => run::run(&args),
        Command::Test { no_e2e, no_fuzz } => test::test_all(!no_e2e, !no_fuzz),
        Command::Bundle { dev } => {
            bundle::build_bundle(if dev { bundle::Profile::Dev } else { bundle::Profile::Release })
        }
        Command::Docs => docs::write_rules(),
        Command::E2e { args } => {
            bundle::build_bundle(bundle::Profile::Release)?;
            paths::cargo(&["build", "-p", "vpcraft-server"])?;
            e2e::run_e2e(&args)
        }
        Command::Bench { sizes, per_rule, wasm_profile } => {
            bench::bench(&sizes, per_rule, &wasm_profile)
        }
        Command::BenchCollab { processes, args } => bench_collab::bench_collab(&args, &processes),
        Command::BenchRoutes => bench_routes::bench_routes(),
        Command::BenchImport { dev, args } => bench_import::bench_import(dev, &args),
        Command::Fuzz { seconds, runs, targets } => {
            let budget = match runs {
                Some(runs) => fuzz::Budget::Runs { runs, seconds },
                None => fuzz::Budget::Seconds(seconds.unwrap_or(30)),
            };
            fuzz::fuzz(budget, &targets)
        }
    }
}
