//! Embeds the browser bundle (`dist/`, built by `cargo xtask build`) into the
//! server binary, so one file serves the whole app. Without a bundle the
//! server still builds and serves a page saying how to build it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
    println!("cargo:rerun-if-env-changed=VPCRAFT_DIST");
    // The migrations are embedded by `sqlx::migrate!`.
    println!("cargo:rerun-if-changed=migrations");
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let dist =
        env::var_os("VPCRAFT_DIST").map(PathBuf::from).unwrap_or_else(|| manifest.join("../dist"));
    println!("cargo:rerun-if-changed={}", dist.display());

    let mut files = Vec::new();
    if dist.join("index.html").is_file() {
        collect(&dist, &dist, &mut files);
    }
    files.sort();

    let mut out = String::from("/// Every embedded file: (URL path, content type, ETag, bytes).\n");
    out.push_str("pub static ASSETS: &[(&str, &str, &str, &[u8])] = &[\n");
    for (url, path) in &files {
        let _ = writeln!(
            out,
            "    ({url:?}, {:?}, {:?}, include_bytes!({:?})),",
            content_type(path),
            etag(path),
            path.display().to_string()
        );
    }
    out.push_str("];\n");
    let _ = writeln!(
        out,
        "/// True when the bundle was built before the server.\npub const BUNDLED: bool = {};",
        !files.is_empty()
    );
    let target = PathBuf::from(env::var("OUT_DIR").unwrap()).join("assets.rs");
    fs::write(target, out).unwrap();
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, files);
        } else {
            let relative = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            let absolute = fs::canonicalize(&path).unwrap();
            files.push((format!("/{relative}"), absolute));
        }
    }
}

/// A strong validator from the file's content, so browsers revalidate cheaply.
fn etag(path: &Path) -> String {
    use std::hash::{DefaultHasher, Hasher};
    let mut hasher = DefaultHasher::new();
    hasher.write(&fs::read(path).unwrap());
    format!("\"{:016x}\"", hasher.finish())
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "json" => "application/json",
        "txt" | "md" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}
