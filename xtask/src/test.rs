//! `cargo xtask test`: every test of the project, in an order that builds
//! each artefact once (one native profile, dev; the bundle in wasm-release).

use crate::{bundle, e2e, fuzz, paths};

/// How long the test command fuzzes each target.
const FUZZ_SECONDS: u64 = 20;

pub fn test_all(with_e2e: bool, with_fuzz: bool) -> anyhow::Result<()> {
    if with_e2e {
        // Fail fast, before the long builds, when the browser is missing.
        e2e::find_chromium()?;
    }
    // Formatting first: it is instant and names the fix (`cargo fmt --all`).
    paths::cargo(&["fmt", "--all", "--", "--check"])?;
    // cfn-lint and moto for the CloudFormation tests, in a venv (idempotent).
    paths::run(
        std::process::Command::new("bash").arg(paths::root().join("tools/setup-python.sh")),
    )?;
    // The bundle first, so the server binary the tests build embeds it.
    bundle::build_bundle(bundle::Profile::Release)?;
    // The OIDC server tests start the test identity provider from e2e's
    // Node packages.
    e2e::install_node_packages()?;
    paths::cargo(&["test", "--workspace", "--", "--skip", "corpus"])?;
    // The corpus of published templates, with its summary printed so that a
    // regression shows at once (see core/tests/corpus.rs).
    paths::cargo(&["test", "-p", "vpcraft-core", "--test", "corpus", "--", "--nocapture"])?;
    paths::cargo(&["build", "-p", "vpcraft-core", "--target", "wasm32-unknown-unknown"])?;
    paths::cargo(&[
        "clippy",
        "--workspace",
        "--all-targets",
        "--exclude",
        "vpcraft-app",
        "--",
        "-D",
        "warnings",
    ])?;
    paths::cargo(&[
        "clippy",
        "-p",
        "vpcraft-app",
        "--target",
        "wasm32-unknown-unknown",
        "--",
        "-D",
        "warnings",
    ])?;
    if with_e2e {
        // `cargo test` above built the server binary (the integration tests
        // run it) with the workspace's features; a `cargo build -p` of it
        // alone would unify features differently and build the AWS SDK a
        // second time.
        e2e::run_e2e(&[])?;
    }
    // Last, so that a crash it finds is the last thing reported: a short
    // run of every fuzz target (`cargo xtask fuzz` for a longer one).
    if with_fuzz {
        fuzz::fuzz(fuzz::Budget::Seconds(FUZZ_SECONDS), &[])?;
    }
    eprintln!("cargo xtask test: all passed");
    Ok(())
}
