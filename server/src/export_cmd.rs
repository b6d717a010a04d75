//! `vpcraft export FILE [--format yaml|json] [-o OUT]`: a design (or a
//! template, re-exported through the design it imports as) to
//! CloudFormation. The template is written even when the design has error
//! findings; they are listed in its header and on stderr, and the exit code
//! is 1.

use crate::import_cmd::{LoadError, load, write_output};
use std::path::Path;
use vpcraft_core::Severity;
use vpcraft_core::cfn::Format;

/// Exports a file and returns the number of error findings.
pub fn export_file(file: &Path, format: Format, out: Option<&Path>) -> Result<usize, LoadError> {
    let shown = file.display().to_string();
    let loaded = load(file)?;
    let exported = vpcraft_core::cfn::export(&loaded.design, format);
    write_output(out, &exported.text)?;
    let mut errors = 0;
    for finding in exported
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
    {
        errors += usize::from(finding.severity == Severity::Error);
        eprintln!("vpcraft: {shown}: {}", finding.summary());
    }
    Ok(errors)
}
