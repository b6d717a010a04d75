//! Builds the browser bundle into `dist/`: the app compiled to wasm32 and
//! split at its lazily loaded views (`split.rs`), its
//! JavaScript bindings generated offline by `wasm-bindgen-cli-support` (the
//! same version as the app's wasm-bindgen, pinned by Cargo.lock), and the
//! static files of `public/` and `style/`, with content hashes in the names
//! of everything `index.html` loads. A release bundle's wasm also goes
//! through `wasm-opt`, its files are precompressed, and the build fails
//! when the gzip size of the main wasm exceeds [`WASM_GZIP_BUDGET_KIB`] or
//! that of all the wasm files (the split modules too) exceeds
//! [`ALL_WASM_GZIP_BUDGET_KIB`].

mod compress;
mod fingerprint;
mod split;
mod wasm_opt;

use crate::paths::{self, root};
use anyhow::{Context, bail};
use std::fs;
use std::path::Path;
use std::process::Command;

/// The most the release wasm may weigh gzip-compressed, in KiB: the size
/// budget that `cargo xtask test` holds the bundle to. The merged app with
/// the cost panel, sign-in and the data kinds measured 764.6 KiB on
/// 2026-12-03 (the bundle pass alone took it from 872 to 668 KiB before
/// those landed), and 835.4 KiB with live co-editing (patches read and
/// written through `serde_json::Value` for every kind, the room's messages
/// and the WebSocket bindings), and 877.1 KiB with comments (their panel,
/// canvas markers and point tool, about 18 KiB of functions before
/// wasm-opt) and the share-link guest page, and 899.4 KiB with the Share
/// dialog (members and share links: 903.3 KiB as first written, less with
/// its optional parts erased to `AnyView` and the answers read from
/// `serde_json::Value` by hand rather than through derived deserializers),
/// and 914.3 KiB with the history panel merged beside it; 931.0 KiB with
/// the review requests' badge, panel and designs-list column; 928.7 KiB
/// with the "Import from AWS" dialog and its `EventSource` client (both
/// read their answers from `serde_json::Value` by hand); 940.6 KiB with the
/// automatic layout, flow routing and replicas moved from the app into the
/// core (issue #11's one layout engine: the same code built at the core's
/// opt-level "s" rather than the app's "z"); 975.3 KiB with all three
/// merged. The second bundle pass (issue #16) removed copies of the same
/// code: one stable sort instead of 34 (943.9 KiB), JSON read and written
/// only through `serde_json::Value` (894.3 KiB), one
/// `Kind::for_each_reference` and the SVG export's stylesheet read from the
/// page (882.0 KiB); 885.2 KiB merged with the OpenID Connect button and
/// the AWS import dialog's per-service counts; 887.3 KiB with the labels
/// of the new live-import kinds; 891.5 KiB with the grid that finds the
/// routes and labels near each flow (opening a 2,000-resource account went
/// from 72-118 s to 49 s); 943.5 KiB merged with the canvas compare view,
/// save-message box, pushed reviews and the top bar's More menu (about
/// 20 KiB), issue #10's network kinds (IPv6, transit, VPN, flow logs,
/// network interfaces: their palette entries, icons and inspectors, about
/// 26 KiB) and the database prices and usage inputs (about 4 KiB); 970.0
/// KiB with the classic load balancer (its listener table and icon), EKS
/// clusters and node groups (two kinds with their reachability, rules,
/// inspectors and icons), nested stacks (their inspector and icon), the
/// connectivity prices and the AWS import dialog's full progress list; the
/// nested stacks' captions and hover details after that were not measured
/// before the budget was set to 972; 978.0 KiB with the nested stack's box
/// of resources (its grid view and the icons of template types), the
/// import dialog's several files (about 10 KiB of the pick closures before
/// wasm-opt) and validation's cached routes and lookups by address (issue
/// #10's speed target: a second hash map type and the borrowed paths);
/// 985.7 KiB with serde_json's exact float reading (`float_roundtrip`: the
/// design fuzzer found a 112-digit number that the fast reading rounded one
/// unit off, so a saved design read back changed); 991.7 KiB with the
/// membership chips placed by the core (`layout/chips.rs`: rows clear of
/// icons, the folding "+N more" chip and its list, flows around chips);
/// 997.1 KiB with the prices of provisioned IOPS, Aurora I/O-Optimized and
/// EFS provisioned throughput and their five inspector fields (issue #14);
/// 1,005.6 KiB with issue #16's drop work: nodes moved in place by a
/// position signal per node (`keyed::KeyedValues`), icons as `data:`
/// images turned back into symbols for a downloaded drawing, and the
/// findings panel keyed by finding so a re-check redraws what changed;
/// 1,006.2 KiB (over) with `KeyedValues::get` taking its first value and
/// the co-editing diff sent after the frame, then 987.5 KiB with the
/// standard library built with the app (see [`build_bundle`]); 990.3 KiB
/// with the canvas drawn as one SVG per VPC (issue #16's drop: the browser
/// repaints the VPC an edit changed, not the whole diagram), 991.1 KiB
/// with the layers found in linear time and an unsent edit counted at once,
/// 992.3 KiB with the drag layer taken down after the drop's frame and the
/// public subnets found in one pass. Then the wasm was split (issue #16:
/// `split.rs`, `app/src/lazy.rs`): the inspector and the editor's dialogs
/// and side panels went into a module fetched after the first canvas, the
/// designs list and the sign-in page into one each, and this budget holds
/// the main module, the wasm the first canvas waits for: 805.9 KiB; 690.8
/// KiB with the checks (rules, reachability, cost) in a module of their
/// own, fetched as the editor starts and run synchronously once loaded;
/// 588.4 KiB (issue #16's target is under 600) with the model read from a
/// JSON tree without serde's buffered `Content` or a path-tracking wrapper
/// (`core/src/model/de.rs`, `core/src/schema/typed.rs`), the co-editing
/// room's messages in a module of their own, and the findings' list, the
/// image downloads, the compare, the templates' list and the reads of
/// comments, reviews and history moved into the checks' and panels'
/// modules; 590.0 KiB with the layout asking the index which subnets are
/// public and the starter templates' endpoint policies and role actions
/// (their JSON is in the main module's data).
pub const WASM_GZIP_BUDGET_KIB: u64 = 592;

/// The most every wasm file of the bundle may weigh together, gzip
/// compressed, in KiB: splitting costs some bytes (the main module exports
/// what the split modules call, and each is compressed on its own), and
/// this budget keeps that cost in view. 1,042.7 KiB when the split was
/// made, against 992.3 KiB of the one wasm before it; 1,045.8 KiB with the
/// checks split off too; 1,029.4 KiB with the co-editing module and the
/// model's one reader; 1,030.8 KiB with the starter templates' policies.
pub const ALL_WASM_GZIP_BUDGET_KIB: u64 = 1_033;

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

/// Adds the standard library's source with rustup when it is missing: the
/// release bundle builds its own standard library (see [`build_bundle`]).
fn ensure_rust_src() -> anyhow::Result<()> {
    let installed = Command::new("rustup")
        .args(["component", "list", "--installed"])
        .output()
        .context("rustup is needed to add the rust-src component")?;
    if !String::from_utf8_lossy(&installed.stdout).lines().any(|l| l.trim() == "rust-src") {
        paths::run(Command::new("rustup").args(["component", "add", "rust-src"]))?;
    }
    Ok(())
}

/// Builds the app's wasm, binds it, optimizes it (release) and writes
/// `dist/` with hashed names and precompressed files.
///
/// The release build compiles the standard library with the app
/// (`-Z build-std`, on the stable toolchain through `RUSTC_BOOTSTRAP=1`) at
/// the bundle's opt-level and with std's `optimize_for_size` feature, so
/// that LTO sees std's code too: 19 KiB gzip off the wasm (1,006.2 to
/// 987.5 KiB on 2026-12-05). Panics keep their messages: std's
/// `immediate-abort` panics would save 22 KiB more but turn every panic
/// into a bare `unreachable` trap in the console.
pub fn build_bundle(profile: Profile) -> anyhow::Result<()> {
    ensure_wasm_target()?;
    let mut args = vec![
        "build",
        "-p",
        "vpcraft-app",
        "--lib",
        "--target",
        WASM_TARGET,
        "--profile",
        profile.cargo_name(),
    ];
    let mut build = Command::new(env!("CARGO"));
    if profile == Profile::Release {
        ensure_rust_src()?;
        args.extend([
            "-Z",
            "build-std=std,panic_abort",
            "-Z",
            "build-std-features=optimize_for_size",
        ]);
        build.env("RUSTC_BOOTSTRAP", "1");
    }
    paths::run(build.args(&args).current_dir(root()).env("VPCRAFT_DIST", paths::dist()))?;
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
    let work = paths::target_dir().join("wasm-split");
    let split = split::split(&wasm, &dist, &work, "vpcraft_app.js")?;
    eprintln!(
        "$ wasm-bindgen {} --target web --out-dir {} ({} split modules)",
        split.main.display(),
        dist.display(),
        split.modules.len()
    );
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&split.main)
        .out_name("vpcraft_app")
        .web(true)?
        .omit_default_module_path(false)
        .keep_lld_exports(true)
        .remove_name_section(profile == Profile::Release && !keep_names())
        .remove_producers_section(true)
        .typescript(false)
        .generate(&dist)
        .map_err(|e| anyhow::anyhow!("wasm-bindgen failed: {e:#}"))?;
    if profile == Profile::Release {
        wasm_opt::optimize(&dist.join("vpcraft_app_bg.wasm"))?;
        for module in &split.modules {
            wasm_opt::optimize(&dist.join(module))?;
        }
    }
    copy_dir(&root().join("public"), &dist)?;
    join_styles(&root().join("style"), &dist.join("main.css"))?;
    for module in &split.modules {
        fingerprint::fingerprint(&dist, module, &[split::LINK])?;
    }
    let wasm = fingerprint::fingerprint_together(
        &dist,
        &["vpcraft_app_bg.wasm", "vpcraft_app.js", split::LINK],
        &["vpcraft_app.js", split::LINK, "boot.js", "index.html"],
    )?
    .swap_remove(0);
    fingerprint::fingerprint(&dist, "boot.js", &["index.html"])?;
    fingerprint::fingerprint(&dist, "main.css", &["index.html"])?;
    preload(&dist.join("index.html"), &wasm)?;
    if profile == Profile::Dev {
        let size = fs::metadata(dist.join(&wasm))?.len();
        eprintln!("bundle: {} ({} KiB of wasm)", dist.display(), size / 1024);
        return Ok(());
    }
    let sizes = compress::precompress(&dist)?;
    for (name, s) in &sizes {
        eprintln!(
            "bundle: {name}: {} KiB, gzip {} KiB, brotli {} KiB",
            s.plain / 1024,
            s.gzip / 1024,
            s.brotli / 1024
        );
    }
    let gzip = sizes.iter().find(|(name, _)| *name == wasm).map_or(0, |(_, s)| s.gzip);
    let all: u64 =
        sizes.iter().filter(|(name, _)| name.ends_with(".wasm")).map(|(_, s)| s.gzip).sum();
    if keep_names() {
        eprintln!(
            "bundle: VPCRAFT_WASM_NAMES=1 keeps function names, so the budget is not checked"
        );
        return Ok(());
    }
    check_budget("the main wasm", gzip, WASM_GZIP_BUDGET_KIB)?;
    check_budget("all the wasm files", all, ALL_WASM_GZIP_BUDGET_KIB)
}

/// Fails when `what` (gzip-compressed) exceeds its budget of `budget_kib`.
fn check_budget(what: &str, gzip_bytes: u64, budget_kib: u64) -> anyhow::Result<()> {
    let kib = gzip_bytes as f64 / 1024.0;
    if gzip_bytes > budget_kib * 1024 {
        bail!(
            "{what}: {kib:.1} KiB gzip-compressed, over the budget of {budget_kib} KiB \
             (xtask/src/bundle/mod.rs): find what grew before raising it"
        );
    }
    eprintln!("bundle: {what}: {kib:.1} KiB gzip, within the budget of {budget_kib} KiB");
    Ok(())
}

/// Lets the browser fetch the wasm while it still loads the JavaScript
/// that asks for it (`crossorigin` makes the preload match the bindings'
/// `fetch`, which is a CORS request).
fn preload(index: &Path, wasm: &str) -> anyhow::Result<()> {
    let html = fs::read_to_string(index)?;
    let link = format!(
        "  <link rel=\"preload\" href=\"/{wasm}\" as=\"fetch\" type=\"application/wasm\" \
         crossorigin>\n  </head>"
    );
    if !html.contains("</head>") {
        bail!("{} has no </head>", index.display());
    }
    fs::write(index, html.replacen("  </head>", &format!("  {link}"), 1))?;
    Ok(())
}

/// Writes the stylesheet `to` from the `.css` parts of `dir` joined in the
/// order of their names (`10-base.css`, `20-workspace.css`, ...), each part
/// kept small enough to read.
fn join_styles(dir: &Path, to: &Path) -> anyhow::Result<()> {
    let mut parts = Vec::new();
    for entry in fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "css") {
            parts.push(path);
        }
    }
    if parts.is_empty() {
        bail!("{} holds no stylesheet", dir.display());
    }
    parts.sort();
    let mut css = String::new();
    for part in &parts {
        if !css.is_empty() {
            css.push('\n');
        }
        css.push_str(
            &fs::read_to_string(part).with_context(|| format!("cannot read {}", part.display()))?,
        );
    }
    fs::write(to, css).with_context(|| format!("cannot write {}", to.display()))
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

/// True when `VPCRAFT_WASM_NAMES=1` asks for a release bundle that keeps its
/// function names, so that a browser profile names what it samples (the
/// names make the wasm larger, so its budget is not checked then).
pub fn keep_names() -> bool {
    std::env::var_os("VPCRAFT_WASM_NAMES").is_some_and(|v| v == "1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stylesheet_is_its_parts_joined_in_the_order_of_their_names() {
        let dir = std::env::temp_dir().join(format!("vpcraft-styles-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("20-second.css"), "b { }\n").unwrap();
        fs::write(dir.join("10-first.css"), "a { }\n").unwrap();
        fs::write(dir.join("notes.txt"), "not a part").unwrap();
        let out = dir.join("main.css");
        join_styles(&dir, &out).unwrap();
        assert_eq!(fs::read_to_string(&out).unwrap(), "a { }\n\nb { }\n");
        fs::remove_dir_all(&dir).unwrap();
    }
}
