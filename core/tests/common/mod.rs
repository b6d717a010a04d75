//! Helpers shared by the integration tests: fixture discovery, golden
//! rendering of findings and quick-fix checks.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use vpcraft_core::{Design, Finding, parse_design, validate};

/// The fixture directory `core/tests/fixtures/<sub>`.
pub fn fixtures(sub: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(sub)
}

/// The `.json` files of a directory, sorted by name.
pub fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

pub fn load(path: &Path) -> Design {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse_design(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The golden form of a design's findings: one summary line each, then
/// indented lines for the fix in words and the title of each quick fix.
pub fn render(findings: &[Finding]) -> String {
    let mut out = String::new();
    for finding in findings {
        out.push_str(&finding.summary());
        out.push('\n');
        if let Some(fix) = &finding.fix {
            out.push_str(&format!("    fix: {fix}\n"));
        }
        for fix in &finding.quick_fixes {
            out.push_str(&format!("    quick fix: {}\n", fix.title));
        }
    }
    out
}

/// Applies each quick fix of each finding of `rule` to a copy of the design
/// and returns a description of every fix that fails to apply, leaves its
/// finding in place, or introduces an integrity error.
pub fn broken_quick_fixes(design: &Design, rule: &str) -> Vec<String> {
    let before = validate(design);
    let integrity_before = before.iter().filter(|f| f.rule == "E0001").count();
    let mut problems = Vec::new();
    for finding in before.iter().filter(|f| f.rule == rule) {
        for fix in &finding.quick_fixes {
            let mut patched = design.clone();
            if let Err(e) = fix.apply(&mut patched) {
                problems.push(format!("{:?} does not apply: {e}", fix.title));
                continue;
            }
            let after = validate(&patched);
            if after.iter().any(|f| f.rule == finding.rule && f.message == finding.message) {
                problems.push(format!("{:?} leaves {:?}", fix.title, finding.summary()));
            }
            let new_integrity: Vec<String> =
                after.iter().filter(|f| f.rule == "E0001").map(Finding::summary).collect();
            if new_integrity.len() > integrity_before {
                problems.push(format!("{:?} breaks references: {new_integrity:?}", fix.title));
            }
        }
    }
    problems
}
