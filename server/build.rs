//! Embeds the browser bundle (`dist/`, built by `cargo xtask build`) into the
//! server binary, so one file serves the whole app. Without a bundle the
//! server still builds and serves a page saying how to build it.
//!
//! A file's `.br` and `.gz` siblings (precompressed by `cargo xtask bundle`)
//! are embedded as its encodings rather than as files of their own, and a
//! file whose name carries a content hash (`name-0123456789abcdef.ext`) is
//! marked immutable, so that browsers may keep it for a year.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

/// The suffixes of precompressed siblings: brotli and gzip.
const ENCODED: [&str; 2] = ["br", "gz"];

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

    let mut out = String::from("/// Every embedded file by URL path.\n");
    out.push_str("pub static ASSETS: &[(&str, Asset)] = &[\n");
    for (url, path) in &files {
        if ENCODED.iter().any(|suffix| url.ends_with(&format!(".{suffix}"))) {
            continue;
        }
        let etag = etag(path);
        let encoded = |suffix: &str| {
            let sibling = PathBuf::from(format!("{}.{suffix}", path.display()));
            if sibling.is_file() {
                format!(
                    "Some(Encoded {{ bytes: include_bytes!({:?}), etag: {:?} }})",
                    sibling.display().to_string(),
                    format!("\"{etag}-{suffix}\"")
                )
            } else {
                "None".to_owned()
            }
        };
        let _ = writeln!(
            out,
            "    ({url:?}, Asset {{ content_type: {:?}, etag: {:?}, bytes: include_bytes!({:?}), \
             brotli: {}, gzip: {}, immutable: {} }}),",
            content_type(path),
            format!("\"{etag}\""),
            path.display().to_string(),
            encoded("br"),
            encoded("gz"),
            is_fingerprinted(url),
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

/// Whether a file name ends in a content hash before its extension
/// (`vpcraft_app-0123456789abcdef.js`): such a name never changes meaning.
fn is_fingerprinted(url: &str) -> bool {
    let name = url.rsplit('/').next().unwrap_or(url);
    let stem = name.split_once('.').map_or(name, |(stem, _)| stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// A strong validator from the file's content, so browsers revalidate cheaply.
fn etag(path: &Path) -> String {
    use std::hash::{DefaultHasher, Hasher};
    let mut hasher = DefaultHasher::new();
    hasher.write(&fs::read(path).unwrap());
    format!("{:016x}", hasher.finish())
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
