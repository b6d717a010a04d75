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
    let mut found = 0;
    for referrer in referrers {
        let path = dist.join(referrer);
        let text =
            fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let (text, count) = replace_references(&text, name, &hashed);
        found += count;
        fs::write(&path, text)?;
    }
    if found == 0 {
        bail!("no reference to {name} in {referrers:?}");
    }
    Ok(hashed)
}

/// `stem.ext` with the first hex digits of the content's SHA-256 before
/// the extension.
pub fn hashed_name(name: &str, bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    let hash = &hex[..HASH_LEN];
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
    fn the_hash_follows_the_content() {
        let a = hashed_name("main.css", b"a");
        assert_eq!(a, "main-ca978112ca1bbdca.css");
        assert_ne!(a, hashed_name("main.css", b"b"));
    }
}
