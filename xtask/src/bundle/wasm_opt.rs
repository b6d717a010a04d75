//! Binaryen's `wasm-opt` over the wasm that wasm-bindgen wrote: binaryen's
//! `-Oz` pipeline without the two passes that make this app's wasm
//! compress worse (`inlining-optimizing` and `ssa-nomerge`: with them the
//! file is smaller but its gzip grows by about a tenth).
//!
//! `wasm-opt` is binaryen 132 from npm (its JavaScript and WebAssembly
//! build, pinned in `tools/binaryen/package-lock.json` and installed with
//! `npm ci` when missing, as the browser tests' packages are). Debian
//! bookworm's binaryen 108 is too old: it turns wasm-bindgen's `externref`
//! table into one the browser refuses, and the app does not start.

use crate::paths;
use anyhow::bail;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The WebAssembly features that rustc enables by default for
/// wasm32-unknown-unknown, so that wasm-opt accepts and keeps them.
const FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// The passes, in `-Oz`'s order (shrink level 2, optimize level 2).
const PASSES: &[&str] = &[
    // Global passes first.
    "duplicate-function-elimination",
    "memory-packing",
    "once-reduction",
    // The function passes.
    "dce",
    "remove-unused-names",
    "remove-unused-brs",
    "remove-unused-names",
    "optimize-instructions",
    "pick-load-signs",
    "precompute-propagate",
    "code-pushing",
    "simplify-locals-nostructure",
    "vacuum",
    "reorder-locals",
    "remove-unused-brs",
    "merge-locals",
    "coalesce-locals",
    "local-cse",
    "simplify-locals",
    "vacuum",
    "reorder-locals",
    "coalesce-locals",
    "reorder-locals",
    "vacuum",
    "code-folding",
    "merge-blocks",
    "remove-unused-brs",
    "remove-unused-names",
    "merge-blocks",
    "precompute-propagate",
    "optimize-instructions",
    "rse",
    "vacuum",
    // The global passes after them.
    "dae-optimizing",
    "duplicate-function-elimination",
    "duplicate-import-elimination",
    "merge-similar-functions",
    "simplify-globals-optimizing",
    "remove-unused-module-elements",
    "directize",
    "generate-stack-ir",
    "optimize-stack-ir",
];

/// Optimizes `wasm` in place with the pinned `wasm-opt` (or `$WASM_OPT`;
/// `WASM_OPT=none` skips the pass, and the size budget then tells).
pub fn optimize(wasm: &Path) -> anyhow::Result<()> {
    let program = match std::env::var_os("WASM_OPT") {
        Some(none) if none == "none" => {
            eprintln!("bundle: WASM_OPT=none, so the wasm is not optimized");
            return Ok(());
        }
        Some(program) => program.into(),
        None => pinned()?,
    };
    let mut command = Command::new(&program);
    command.args(FEATURES).args(["--optimize-level", "2", "--shrink-level", "2"]);
    for pass in PASSES {
        command.arg(format!("--{pass}"));
    }
    if super::keep_names() {
        command.arg("--debuginfo");
    }
    command.arg(wasm).arg("-o").arg(wasm);
    paths::run(&mut command)
}

/// The wasm-opt of `tools/binaryen`, installed from its lock file first if
/// needed.
fn pinned() -> anyhow::Result<PathBuf> {
    let dir = paths::root().join("tools/binaryen");
    let program = dir.join("node_modules/.bin/wasm-opt");
    if !program.is_file() {
        paths::run(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(&dir))
            .map_err(|e| anyhow::anyhow!("{e}\nbinaryen did not install; is npm on PATH?"))?;
    }
    if !program.is_file() {
        bail!("{} is missing after npm ci", program.display());
    }
    Ok(program)
}
