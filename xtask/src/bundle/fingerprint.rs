//! Content hashes in the bundle's file names (`vpcraft_app-0123456789abcdef.js`),
//! so that the server can let browsers keep them for a year: a new build
//! gives a changed file a new name, and `index.html`, which names them and
//! is revalidated on every load, points at the new one.

use anyhow::{Context, bail};
use sha2::{Digest, Sha256};
use std::fs;
use std::path::Path;

/// The hex digits of the hash in a name (what the server recognises).
const HASH_LEN: usize = 16;

/// Renames `dist/name` to `stem-HASH.ext` and rewrites every reference to
/// it in `referrers` (files of `dist`), returning the new name. A reference
/// is the name quoted or after a slash (`'name'`, `"/name"`); finding none
/// is an error, so that a change in wasm-bindgen's output cannot leave a
/// stale name behind.
pub fn fingerprint(dist: &Path, name: &str, referrers: &[&str]) -> anyhow::Result<String> {
    let path = dist.join(name);
    let bytes = fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let hashed = hashed_name(name, &bytes);
    fs::rename(&path, dist.join(&hashed))?;
    rewrite(dist, name, &hashed, referrers)?;
    Ok(hashed)
}

/// Fingerprints files that name each other (the wasm imports the split
/// modules' loader, the loader imports the bindings, the bindings load the
/// wasm): all of them get one hash, of their contents together, so a
/// change to any renames them all. A name holding [`PLACEHOLDER`] gets the
/// hash in its place, so that a wasm file naming it (as an import's module)
/// can be patched in place; other names get the hash before the extension.
/// `referrers` are text files, which may be the files themselves by their
/// old names.
pub fn fingerprint_together(
    dist: &Path,
    names: &[&str],
    referrers: &[&str],
) -> anyhow::Result<Vec<String>> {
    let mut hasher = Sha256::new();
    for name in names {
        let path = dist.join(name);
        let bytes = fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(&bytes);
    }
    let hash = short_hex(&hasher.finalize());
    let hashed: Vec<String> = names
        .iter()
        .map(|name| match name.contains(PLACEHOLDER) {
            true => name.replacen(PLACEHOLDER, &hash, 1),
            false => with_hash(name, &hash),
        })
        .collect();
    for (name, new) in names.iter().zip(&hashed) {
        fs::rename(dist.join(name), dist.join(new))?;
    }
    for (name, new) in names.iter().zip(&hashed) {
        if !name.ends_with(".wasm") {
            continue;
        }
        let path = dist.join(new);
        let mut bytes = fs::read(&path)?;
        for (other, other_new) in names.iter().zip(&hashed) {
            if other.contains(PLACEHOLDER) {
                patch(&mut bytes, other.as_bytes(), other_new.as_bytes());
            }
        }
        fs::write(&path, bytes)?;
    }
    let renamed = |name: &str| {
        names.iter().position(|n| *n == name).map_or(name.to_owned(), |i| hashed[i].clone())
    };
    let referrers: Vec<String> = referrers.iter().map(|r| renamed(r)).collect();
    let referrers: Vec<&str> = referrers.iter().map(String::as_str).collect();
    for (name, new) in names.iter().zip(&hashed) {
        rewrite(dist, name, new, &referrers)?;
    }
    Ok(hashed)
}

/// Where a name waits for its hash: as long as the hash, so that the wasm
/// that imports from the file can name it before the hash is known.
pub const PLACEHOLDER: &str = "XXXXXXXXXXXXXXXX";

/// Replaces every occurrence of `from` in `bytes` by `to`, of equal length.
fn patch(bytes: &mut [u8], from: &[u8], to: &[u8]) {
    debug_assert_eq!(from.len(), to.len());
    let mut at = 0;
    while let Some(found) = bytes[at..].windows(from.len()).position(|w| w == from) {
        bytes[at + found..at + found + to.len()].copy_from_slice(to);
        at += found + to.len();
    }
}

/// Rewrites the references to `name` in `referrers` to `new`; finding none
/// is an error.
fn rewrite(dist: &Path, name: &str, new: &str, referrers: &[&str]) -> anyhow::Result<()> {
    let mut found = 0;
    for referrer in referrers {
        let path = dist.join(referrer);
        let text =
            fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let (text, count) = replace_references(&text, name, new);
        found += count;
        fs::write(&path, text)?;
    }
    if found == 0 {
        bail!("no reference to {name} in {referrers:?}");
    }
    Ok(())
}

/// `stem.ext` with the first hex digits of the content's SHA-256 before
/// the extension.
pub fn hashed_name(name: &str, bytes: &[u8]) -> String {
    with_hash(name, &short_hex(&Sha256::digest(bytes)))
}

/// The first [`HASH_LEN`] hex digits of a digest.
fn short_hex(digest: &[u8]) -> String {
    digest.iter().take(HASH_LEN / 2).map(|b| format!("{b:02x}")).collect()
}

/// `stem-hash.ext` (the extension after the first dot).
fn with_hash(name: &str, hash: &str) -> String {
    match name.split_once('.') {
        Some((stem, ext)) => format!("{stem}-{hash}.{ext}"),
        None => format!("{name}-{hash}"),
    }
}

/// Replaces each occurrence of `name` that a quote or a slash precedes and
/// a quote follows, returning the text and how many it replaced.
fn replace_references(text: &str, name: &str, new: &str) -> (String, usize) {
    let mut out = String::with_capacity(text.len());
    let mut count = 0;
    let mut rest = text;
    while let Some(at) = rest.find(name) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + name.len()..].chars().next();
        out.push_str(&rest[..at]);
        if matches!(before, Some('/' | '\'' | '"')) && matches!(after, Some('\'' | '"')) {
            out.push_str(new);
            count += 1;
        } else {
            out.push_str(name);
        }
        rest = &rest[at + name.len()..];
    }
    out.push_str(rest);
    (out, count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_quoted_references_are_rewritten() {
        let js =
            "imports['./app_bg.js'] = 1; new URL('app_bg.wasm', import.meta.url); x.app_bg.wasm";
        let (out, count) = replace_references(js, "app_bg.wasm", "app_bg-00.wasm");
        assert_eq!(count, 1);
        assert_eq!(
            out,
            "imports['./app_bg.js'] = 1; new URL('app_bg-00.wasm', import.meta.url); x.app_bg.wasm"
        );
        let (out, count) = replace_references("<link href=\"/main.css\">", "main.css", "m.css");
        assert_eq!((out.as_str(), count), ("<link href=\"/m.css\">", 1));
    }

    #[test]
    fn files_that_name_each_other_share_one_hash() {
        let dist = std::env::temp_dir().join(format!("vpcraft-fp-{}", std::process::id()));
        fs::create_dir_all(&dist).unwrap();
        let link = format!("link-{PLACEHOLDER}.js");
        fs::write(dist.join("app.wasm"), format!("\0imports ./{link}\0")).unwrap();
        fs::write(
            dist.join("app.js"),
            format!("import * as l from \"./{link}\"; f('app.wasm'); x = {{ \"./{link}\": l }}"),
        )
        .unwrap();
        fs::write(dist.join(&link), "import { initSync } from \"./app.js\";").unwrap();
        fs::write(dist.join("index.html"), "<script src=\"/app.js\">").unwrap();
        let names = fingerprint_together(
            &dist,
            &["app.wasm", "app.js", &link],
            &["app.js", &link, "index.html"],
        )
        .unwrap();
        let hash = names[0].trim_start_matches("app-").trim_end_matches(".wasm").to_owned();
        assert_eq!(hash.len(), PLACEHOLDER.len());
        let link = format!("link-{hash}.js");
        assert_eq!(names, [format!("app-{hash}.wasm"), format!("app-{hash}.js"), link.clone()]);
        let read = |name: &str| fs::read_to_string(dist.join(name)).unwrap();
        assert_eq!(read(&names[0]), format!("\0imports ./{link}\0"));
        assert_eq!(
            read(&names[1]),
            format!(
                "import * as l from \"./{link}\"; f('app-{hash}.wasm'); x = {{ \"./{link}\": l }}"
            )
        );
        assert_eq!(read(&link), format!("import {{ initSync }} from \"./app-{hash}.js\";"));
        assert_eq!(read("index.html"), format!("<script src=\"/app-{hash}.js\">"));
        fs::remove_dir_all(&dist).unwrap();
    }

    #[test]
    fn the_hash_follows_the_content() {
        let a = hashed_name("main.css", b"a");
        assert_eq!(a, "main-ca978112ca1bbdca.css");
        assert_ne!(a, hashed_name("main.css", b"b"));
    }
}
