//! `cargo xtask bench-collab`: the co-editing load test. Builds the release
//! server and the `collab_load` example beside it, then runs the example on
//! one process with SQLite and on two sharing a throw-away PostgreSQL
//! cluster; the example checks that nothing is lost, duplicated or
//! diverged, prints the delivery latencies and fails when a check fails.

use crate::paths::{self, root};
use std::process::Command;

/// Runs the load test with `args` (`--editors`, `--rate`, `--seconds`) on
/// each number of processes in `processes`.
pub fn bench_collab(args: &[String], processes: &[u8]) -> anyhow::Result<()> {
    crate::bundle::build_bundle(crate::bundle::Profile::Release)?;
    paths::cargo(&[
        "build",
        "--release",
        "-p",
        "vpcraft-server",
        "--bin",
        "vpcraft",
        "--example",
        "collab_load",
    ])?;
    let example = paths::target_dir().join("release/examples/collab_load");
    for n in processes {
        paths::run(
            Command::new(&example)
                .args(args)
                .args(["--processes", &n.to_string()])
                .current_dir(root()),
        )?;
    }
    Ok(())
}
