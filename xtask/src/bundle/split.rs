//! Splits the app's wasm at its functions marked `wasm_split(module, ...)`
//! (the `wasm_split_helpers` crate, what Leptos's `#[lazy]` expands to; see
//! `app/src/lazy.rs`): each split module's code goes into a wasm file of its
//! own, code that several of them share into a chunk, and the rest stays in
//! the main module that `index.html` loads. `wasm_split_cli_support` reads
//! the relocations the app's build script asks the linker to keep, and
//! writes the main module (for wasm-bindgen), the split modules and
//! [`LINK`], the loader that fetches and instantiates a split module
//! against the main module's memory and table the first time one of its
//! functions is called.

use anyhow::{Context, anyhow};
use std::fs;
use std::path::{Path, PathBuf};

/// The loader's name in `dist/` (and, relative, in the main module's
/// imports) until [`fingerprint_together`] puts the hash in place of the
/// placeholder, in the file's name and in the wasm that imports it.
///
/// [`fingerprint_together`]: super::fingerprint::fingerprint_together
pub const LINK: &str = "__wasm_split-XXXXXXXXXXXXXXXX.js";

/// What the splitter wrote.
pub struct Split {
    /// The main module, for wasm-bindgen.
    pub main: PathBuf,
    /// The split modules' file names in `dist/`.
    pub modules: Vec<String>,
}

/// Splits `input` (the linked app) into `dist/`, the main module into
/// `work/`. `main_js` is the name of the bindings' module that the loader
/// imports the main instance's exports from.
pub fn split(input: &Path, dist: &Path, work: &Path, main_js: &str) -> anyhow::Result<Split> {
    let bytes = fs::read(input).with_context(|| format!("cannot read {}", input.display()))?;
    fs::create_dir_all(work)?;
    let main = work.join("vpcraft_app_split.wasm");
    let link = format!("./{LINK}");
    let main_module = format!("./{main_js}");
    let mut options = wasm_split_cli_support::Options::new(&bytes);
    options.output_dir = dist;
    options.main_out_path = &main;
    options.link_name = &link;
    options.main_module = &main_module;
    let split = wasm_split_cli_support::transform(options)
        .map_err(|e| anyhow!("splitting {} failed: {e:?}", input.display()))?;
    let mut modules = Vec::new();
    for path in &split.split_modules {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| anyhow!("the splitter wrote {}", path.display()))?;
        modules.push(name.to_owned());
    }
    modules.sort();
    Ok(Split { main, modules })
}
