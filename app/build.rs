//! Links the browser build with its relocations kept (`--emit-relocs`), which
//! the bundle's wasm splitter reads to move lazily loaded code (the checks,
//! the panels, two pages) into wasm modules of their own (see
//! `xtask/src/bundle/split.rs`).

fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo::rustc-link-arg-cdylib=--emit-relocs");
    }
    println!("cargo::rerun-if-changed=build.rs");
}
