//! `vpcraft export FILE [--format yaml|json] [-o OUT]`: a design (or a
//! template, re-exported through the design it imports as) to
//! CloudFormation. The template is written even when the design has error
//! findings; they are listed in its header and on stderr, and the exit code
//! is 1. With `--per-vpc -o DIR`, one template per VPC (and `shared` for
//! what no single VPC uses) is written into DIR, the parts importing what
//! they use from each other; the deploy order (`shared` first) is printed
//! on stderr.

use crate::import_cmd::{LoadError, load, write_output};
use std::path::Path;
use vpcraft_core::Severity;
use vpcraft_core::cfn::{Format, ImportOptions};

/// Exports a file and returns the number of error findings.
pub fn export_file(
    file: &Path,
    format: Format,
    out: Option<&Path>,
    options: &ImportOptions,
) -> Result<usize, LoadError> {
    let shown = file.display().to_string();
    let loaded = load(file, options)?;
    let exported = vpcraft_core::cfn::export(&loaded.design, format);
    write_output(out, &exported.text)?;
    Ok(report(&shown, &exported.findings))
}

/// Prints the errors and warnings of an export and returns how many errors.
fn report(shown: &str, findings: &[vpcraft_core::Finding]) -> usize {
    let mut errors = 0;
    for finding in findings.iter().filter(|f| f.severity != Severity::Info) {
        errors += usize::from(finding.severity == Severity::Error);
        eprintln!("vpcraft: {shown}: {}", finding.summary());
    }
    errors
}

/// Exports one template per VPC into `dir` (created when missing), named
/// after the VPC's ID, plus `shared` when some resources belong to no
/// single VPC; returns the number of error findings over all templates.
pub fn export_per_vpc(
    file: &Path,
    format: Format,
    dir: &Path,
    options: &ImportOptions,
) -> Result<usize, LoadError> {
    let loaded = load(file, options)?;
    std::fs::create_dir_all(dir)
        .map_err(|source| LoadError::Write { path: dir.display().to_string(), source })?;
    let extension = match format {
        Format::Yaml => "yaml",
        Format::Json => "json",
    };
    let mut errors = 0;
    let parts = vpcraft_core::cfn::export_per_vpc(&loaded.design, format);
    for part in &parts {
        let path = dir.join(format!("{}.{extension}", part.stem));
        write_output(Some(&path), &part.exported.text)?;
        errors += report(&path.display().to_string(), &part.exported.findings);
    }
    let order: Vec<&str> = parts.iter().map(|p| p.stem.as_str()).collect();
    eprintln!(
        "vpcraft: deploy in this order, each stack named after its file: {}",
        order.join(", ")
    );
    Ok(errors)
}
