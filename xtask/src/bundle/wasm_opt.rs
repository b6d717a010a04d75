//! Binaryen's `wasm-opt` over the wasm that wasm-bindgen wrote: binaryen's
//! `-Oz` pipeline without the two passes that make this app's wasm
//! compress worse (`inlining-optimizing` and `ssa-nomerge`: with them the
//! file is smaller but its gzip grows by about a tenth).
//!
//! `wasm-opt` comes from the system (Debian's `binaryen` package, which
//! `.ci/run` installs), never from a download of the build's own.

use crate::paths;
use anyhow::bail;
use std::path::Path;
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

/// Optimizes `wasm` in place.
pub fn optimize(wasm: &Path) -> anyhow::Result<()> {
    if Command::new("wasm-opt").arg("--version").output().is_err() {
        bail!(
            "wasm-opt is missing: the release bundle needs binaryen's wasm-opt.\n\
             Install it with: sudo apt-get install -y binaryen (or npm install -g binaryen)"
        );
    }
    let mut command = Command::new("wasm-opt");
    command.args(FEATURES).args(["--optimize-level", "2", "--shrink-level", "2"]);
    for pass in PASSES {
        command.arg(format!("--{pass}"));
    }
    command.arg(wasm).arg("-o").arg(wasm);
    paths::run(&mut command)
}
