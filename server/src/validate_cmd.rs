//! `vpcraft validate`: reads a design file, runs every rule and prints the
//! findings as text, JSON or SARIF.

use crate::cli::Format;
use serde_json::json;
use std::io::Write;
use std::path::Path;
use vpcraft_core::{Finding, Severity};

/// Why a file could not be validated at all.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{0}")]
    Load(crate::import_cmd::LoadError),
    #[error("cannot write the output: {0}")]
    Write(#[from] std::io::Error),
}

/// What validation found, for the exit code.
#[derive(Debug, PartialEq, Eq)]
pub struct Outcome {
    pub errors: usize,
}

impl Outcome {
    pub fn exit_code(&self) -> u8 {
        u8::from(self.errors > 0)
    }
}

pub fn validate_file(
    path: &Path,
    format: Format,
    options: &vpcraft_core::cfn::ImportOptions,
    out: &mut impl Write,
) -> Result<Outcome, InputError> {
    let shown = path.display().to_string();
    // A CloudFormation template is validated as the design it imports as.
    let loaded = crate::import_cmd::load(path, options).map_err(InputError::Load)?;
    let findings = vpcraft_core::validate(&loaded.design);
    match format {
        Format::Text => write_text(&shown, &findings, out)?,
        Format::Json => write_json(&findings, out)?,
        Format::Sarif => crate::sarif::write_sarif(&shown, &loaded.text, &findings, out)?,
    }
    Ok(Outcome { errors: count(&findings, Severity::Error) })
}

fn count(findings: &[Finding], severity: Severity) -> usize {
    findings.iter().filter(|f| f.severity == severity).count()
}

fn write_text(path: &str, findings: &[Finding], out: &mut impl Write) -> std::io::Result<()> {
    for finding in findings {
        writeln!(out, "{path}: {}", finding.summary())?;
        if let Some(fix) = &finding.fix {
            writeln!(out, "  fix: {fix}")?;
        }
        for quick_fix in &finding.quick_fixes {
            writeln!(out, "  quick fix: {}", quick_fix.title)?;
        }
    }
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    writeln!(
        out,
        "{path}: {}, {}, {}",
        plural(count(findings, Severity::Error), "error"),
        plural(count(findings, Severity::Warning), "warning"),
        plural(count(findings, Severity::Info), "info finding")
    )
}

fn write_json(findings: &[Finding], out: &mut impl Write) -> std::io::Result<()> {
    let findings: Vec<_> = findings
        .iter()
        .map(|f| {
            json!({
                "rule": f.rule,
                "severity": f.severity,
                "title": f.title,
                "message": f.message,
                "resources": f.resources.iter().map(|r| &r.name).collect::<Vec<_>>(),
                "ids": f.resources.iter().map(|r| &r.id).collect::<Vec<_>>(),
                "logical_ids": f.resources.iter().map(|r| &r.logical_id).collect::<Vec<_>>(),
                "fix": f.fix,
                "quick_fixes": f.quick_fixes.iter().map(|q| &q.title).collect::<Vec<_>>(),
                "doc_url": f.doc_url,
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &json!({ "findings": findings }))?;
    writeln!(out)
}
