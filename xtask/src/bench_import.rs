//! `cargo xtask bench-import`: the AWS import benchmark. Builds and runs
//! the `vpcraft-aws` crate's `import` bench target (`aws/benches/import/`),
//! which starts moto's server from the Python virtualenv, makes a VPC of
//! about 2,000 resources through the SDK and times the import with the
//! default concurrency and with one call at a time, against moto directly
//! and with a fixed delay per request. The bench target is not built by
//! `cargo test`, so the tests never wait on it.

use crate::paths::{self, root};
use anyhow::Context;
use std::process::Command;

/// Builds the benchmark in the release profile, or the debug one when
/// `dev` (the SDK's debug build is usually there already), and runs it with
/// `args` (`--resources 2000 --latency-ms 40`).
pub fn bench_import(dev: bool, args: &[String]) -> anyhow::Result<()> {
    let out = paths::target_dir().join("bench-import");
    std::fs::create_dir_all(&out)?;
    let mut build = Command::new(env!("CARGO"));
    build.args(["build", "-p", "vpcraft-aws", "--bench", "import", "--message-format=json"]);
    if !dev {
        build.arg("--release");
    }
    eprintln!("$ {build:?}");
    let output = build.current_dir(root()).stderr(std::process::Stdio::inherit()).output()?;
    anyhow::ensure!(output.status.success(), "building the benchmark failed");
    // The last artefact cargo reports with an executable is the bench.
    let stdout = String::from_utf8_lossy(&output.stdout);
    let executable = stdout
        .lines()
        .filter_map(|line| line.split("\"executable\":\"").nth(1))
        .filter_map(|rest| rest.split('"').next())
        .next_back()
        .context("cargo reported no benchmark executable")?;
    paths::run(
        Command::new(executable)
            .args(args)
            .arg("--design")
            .arg(out.join("design.json"))
            .current_dir(root()),
    )
}
