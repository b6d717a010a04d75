//! `cargo xtask build` and `cargo xtask run`: the release server with the
//! bundle embedded, serving on 127.0.0.1:8080 with a SQLite file.

use crate::{bundle, paths};
use std::process::Command;

pub fn build_server_release() -> anyhow::Result<()> {
    paths::cargo(&["build", "--release", "-p", "vpcraft-server"])?;
    eprintln!("built {}", paths::target_dir().join("release/vpcraft").display());
    Ok(())
}

pub fn run(args: &[String]) -> anyhow::Result<()> {
    bundle::build_bundle(bundle::Profile::Release)?;
    build_server_release()?;
    let binary = paths::target_dir().join("release/vpcraft");
    // Ctrl-C reaches the server too (same process group); it shuts down
    // cleanly and this process then returns its status.
    paths::run(Command::new(binary).arg("serve").args(args))
}
