//! `vpcraft diff OLD NEW`: compares two designs (design files or templates,
//! in any mix) and prints what changed and which findings the change fixed
//! or introduced.

use crate::cli::DiffFormat;
use std::io::Write;
use std::path::Path;
use vpcraft_core::Severity;
use vpcraft_core::cfn::ImportOptions;
use vpcraft_core::diff::{diff, render_text};

/// Why two files could not be compared.
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    #[error("{0}")]
    Load(#[from] crate::import_cmd::LoadError),
    #[error("cannot write the output: {0}")]
    Write(#[from] std::io::Error),
}

/// Compares the designs in two files; returns how many error findings the
/// new design introduced.
pub fn diff_files(
    old: &Path,
    new: &Path,
    format: DiffFormat,
    options: &ImportOptions,
    out: &mut impl Write,
) -> Result<usize, DiffError> {
    let old = crate::import_cmd::load(old, options)?.design;
    let new = crate::import_cmd::load(new, options)?.design;
    let computed = diff(&old, &new);
    match format {
        DiffFormat::Text => out.write_all(render_text(&computed).as_bytes())?,
        DiffFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &computed).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
    }
    Ok(computed.introduced.iter().filter(|f| f.severity == Severity::Error).count())
}
