//! How revisions are stored: the design file and its findings as gzip
//! (JSON compresses about tenfold), read back whether a row holds gzip or
//! the plain text that rows written before compression hold.

use anyhow::Context;
use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use std::io::{Read, Write};

/// The first bytes of every gzip stream; JSON text never starts so.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Compresses a stored text.
pub fn pack(text: &str) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::with_capacity(text.len() / 8), Compression::new(6));
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(text.as_bytes());
    encoder.finish().unwrap_or_default()
}

/// The text of a stored value, compressed or not.
pub fn unpack(bytes: &[u8]) -> anyhow::Result<String> {
    if !bytes.starts_with(&GZIP_MAGIC) {
        return String::from_utf8(bytes.to_vec()).context("a stored revision is not UTF-8");
    }
    let mut text = String::with_capacity(bytes.len() * 8);
    GzDecoder::new(bytes).read_to_string(&mut text).context("a stored revision is corrupt")?;
    Ok(text)
}

/// A stored revision's design, parsed (and migrated) as the core reads
/// design files.
pub fn design(bytes: &[u8]) -> anyhow::Result<vpcraft_core::Design> {
    vpcraft_core::parse_design(&unpack(bytes)?)
        .map_err(|e| anyhow::anyhow!("a stored revision does not parse: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_text_reads_back_and_plain_rows_still_read() {
        let design = r#"{"schema_version":3,"name":"x","resources":[]}"#.repeat(50);
        let packed = pack(&design);
        assert!(packed.len() * 10 < design.len(), "{} of {}", packed.len(), design.len());
        assert_eq!(unpack(&packed).unwrap(), design);
        assert_eq!(unpack(design.as_bytes()).unwrap(), design);
        assert!(unpack(&packed[..packed.len() / 2]).is_err());
    }
}
