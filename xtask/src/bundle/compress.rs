//! Precompression of the bundle at build time: every text or wasm file gets
//! a brotli (quality 11) and a gzip (level 9) sibling, `name.br` and
//! `name.gz`, which the server embeds and sends by content negotiation.

use anyhow::Context;
use std::fs;
use std::io::Write;
use std::path::Path;

/// The extensions worth compressing.
const COMPRESSIBLE: &[&str] = &["wasm", "js", "css", "html", "svg", "json"];

/// The sizes of one file, in bytes.
#[derive(Clone, Copy, Debug)]
pub struct Sizes {
    pub plain: u64,
    pub brotli: u64,
    pub gzip: u64,
}

/// Writes the `.br` and `.gz` siblings of every compressible file in
/// `dist` (not in its subfolders) and returns the sizes by file name. An
/// encoding that would not be smaller than the file is not written.
pub fn precompress(dist: &Path) -> anyhow::Result<Vec<(String, Sizes)>> {
    let mut sizes = Vec::new();
    let mut entries: Vec<_> = fs::read_dir(dist)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let compressible = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|ext| COMPRESSIBLE.contains(&ext));
        if !path.is_file() || !compressible {
            continue;
        }
        let bytes = fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let brotli = brotli(&bytes)?;
        let gzip = gzip(&bytes)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        for (encoded, suffix) in [(&brotli, "br"), (&gzip, "gz")] {
            if encoded.len() < bytes.len() {
                fs::write(dist.join(format!("{name}.{suffix}")), encoded)?;
            }
        }
        let plain = bytes.len() as u64;
        sizes.push((name, Sizes { plain, brotli: brotli.len() as u64, gzip: gzip.len() as u64 }));
    }
    Ok(sizes)
}

/// Brotli at its best quality, with a window as large as the file needs.
pub fn brotli(bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 24,
        size_hint: bytes.len(),
        ..Default::default()
    };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out)
}

/// Gzip at level 9.
pub fn gzip(bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn both_encodings_decode_to_the_file() {
        let text = "a design of many subnets ".repeat(200);
        let mut back = String::new();
        flate2::read::GzDecoder::new(&gzip(text.as_bytes()).unwrap()[..])
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, text);
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut &brotli(text.as_bytes()).unwrap()[..], &mut back).unwrap();
        assert_eq!(back, text.as_bytes());
    }
}
