//! Builds the browser bundle into `dist/`: the app compiled to wasm32, its
//! JavaScript bindings generated offline by `wasm-bindgen-cli-support` (the
//! same version as the app's wasm-bindgen, pinned by Cargo.lock), and the
//! static files of `public/` and `style/`.

use crate::paths::{self, root};
use anyhow::{Context, bail};
use std::fs;
use std::path::Path;
use std::process::Command;

const WASM_TARGET: &str = "wasm32-unknown-unknown";

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    Dev,
    Release,
}

impl Profile {
    fn cargo_name(self) -> &'static str {
        match self {
            Self::Dev => "dev",
            Self::Release => "wasm-release",
        }
    }

    fn dir_name(self) -> &'static str {
        match self {
            Self::Dev => "debug",
            Self::Release => "wasm-release",
        }
    }
}

/// Adds the wasm32 target with rustup when it is missing.
pub fn ensure_wasm_target() -> anyhow::Result<()> {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .context("rustup is needed to add the wasm32-unknown-unknown target")?;
    if !String::from_utf8_lossy(&installed.stdout).lines().any(|l| l.trim() == WASM_TARGET) {
        paths::run(Command::new("rustup").args(["target", "add", WASM_TARGET]))?;
    }
    Ok(())
}

pub fn build_bundle(profile: Profile) -> anyhow::Result<()> {
    ensure_wasm_target()?;
    paths::cargo(&[
        "build",
        "-p",
        "vpcraft-app",
        "--lib",
        "--target",
        WASM_TARGET,
        "--profile",
        profile.cargo_name(),
    ])?;
    let wasm =
        paths::target_dir().join(WASM_TARGET).join(profile.dir_name()).join("vpcraft_app.wasm");
    if !wasm.is_file() {
        bail!("the app build did not produce {}", wasm.display());
    }
    let dist = paths::dist();
    if dist.exists() {
        fs::remove_dir_all(&dist).with_context(|| format!("cannot clear {}", dist.display()))?;
    }
    fs::create_dir_all(&dist)?;
    eprintln!("$ wasm-bindgen {} --target web --out-dir {}", wasm.display(), dist.display());
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&wasm)
        .web(true)?
        .omit_default_module_path(false)
        .remove_name_section(profile == Profile::Release)
        .remove_producers_section(true)
        .typescript(false)
        .generate(&dist)
        .map_err(|e| anyhow::anyhow!("wasm-bindgen failed: {e:#}"))?;
    copy_dir(&root().join("public"), &dist)?;
    copy_dir(&root().join("style"), &dist)?;
    let size = fs::metadata(dist.join("vpcraft_app_bg.wasm"))?.len();
    eprintln!("bundle: {} ({} KiB of wasm)", dist.display(), size / 1024);
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> anyhow::Result<()> {
    for entry in fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            fs::create_dir_all(&target)?;
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), &target)
                .with_context(|| format!("cannot copy {}", entry.path().display()))?;
        }
    }
    Ok(())
}
