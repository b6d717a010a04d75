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

/// A design of `fixtures/cfn/<name>.json`.
pub fn cfn_design(name: &str) -> Design {
    load(&fixtures("cfn").join(format!("{name}.json")))
}

/// A design as comparable JSON: resources and flows sorted by ID.
pub fn normalized(design: &Design) -> serde_json::Value {
    let mut value = serde_json::to_value(design).unwrap();
    for key in ["resources", "flows"] {
        if let Some(items) = value[key].as_array_mut() {
            items.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
        }
    }
    value
}

/// Each flow's verdict on one line, with the port it was judged on: its
/// path hop by hop, or its blockers with their quick fixes in brackets.
pub fn verdicts(design: &Design) -> String {
    use vpcraft_core::reach::{self, Verdict};
    reach::analyze(design)
        .iter()
        .map(|r| match &r.verdict {
            Verdict::Permitted { path } => format!(
                "{} on {}: {}",
                r.flow,
                r.port,
                path.iter()
                    .map(|h| format!("{} ({})", h.resource, h.step))
                    .collect::<Vec<_>>()
                    .join(" → ")
            ),
            Verdict::Blocked { blockers, .. } => format!(
                "{} on {}: blocked: {}",
                r.flow,
                r.port,
                blockers
                    .iter()
                    .map(|b| {
                        let fix = b.quick_fix.as_ref().map(|f| format!(" [{}]", f.title));
                        format!("{}{}", b.message, fix.unwrap_or_default())
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Exports a design as YAML and as JSON and imports each back: both give
/// the same design.
pub fn assert_round_trip(design: &Design) {
    use vpcraft_core::cfn::{self, Format};
    for format in [Format::Yaml, Format::Json] {
        let text = cfn::render(design, format, &[]);
        let back = cfn::import(&text).unwrap().design;
        assert_eq!(normalized(&back), normalized(design), "{format:?}");
    }
}

/// The resources `keep` selects, one line each: ID and properties.
pub fn resource_lines(
    design: &Design,
    keep: impl Fn(&vpcraft_core::model::Kind) -> bool,
) -> Vec<String> {
    design
        .resources
        .iter()
        .filter(|r| keep(&r.kind))
        .map(|r| format!("{} {}", r.id, serde_json::to_string(&r.kind).unwrap()))
        .collect()
}

/// A design's flows, one line each: ends, port and label.
pub fn flow_lines(design: &Design) -> Vec<String> {
    design
        .flows
        .iter()
        .map(|f| format!("flow {} → {} on {:?} ({})", f.source, f.target, f.port, f.label))
        .collect()
}
