//! SARIF 2.1.0 output of findings, so CI systems (GitHub code scanning and
//! others) annotate the design file in pull requests.

use serde_json::{Value, json};
use std::io::Write;
use vpcraft_core::rules::RULES;
use vpcraft_core::{Finding, Severity};

/// Writes one SARIF run for the design file at `path` whose text is `text`.
pub fn write_sarif(
    path: &str,
    text: &str,
    findings: &[Finding],
    out: &mut impl Write,
) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &sarif(path, text, findings))?;
    writeln!(out)
}

pub fn sarif(path: &str, text: &str, findings: &[Finding]) -> Value {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|rule| {
            json!({
                "id": rule.id,
                "name": rule.title,
                "shortDescription": { "text": rule.title },
                "fullDescription": { "text": rule.description },
                "helpUri": rule.doc_url,
                "defaultConfiguration": { "level": level(rule.severity) },
            })
        })
        .collect();
    let results: Vec<Value> = findings.iter().map(|f| result(path, text, f)).collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "vpcraft",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/vpcraft/vpcraft/blob/main/docs/rules.md",
                "rules": rules,
            }},
            "results": results,
        }],
    })
}

fn result(path: &str, text: &str, finding: &Finding) -> Value {
    let mut message = finding.message.clone();
    if let Some(fix) = &finding.fix {
        message.push_str(". Fix: ");
        message.push_str(fix);
    }
    let line = finding
        .resources
        .first()
        .and_then(|r| match &r.logical_id {
            Some(logical) => line_of_logical_id(text, logical),
            None => line_of_id(text, r.id.as_str()),
        })
        .unwrap_or(1);
    let logical: Vec<Value> = finding
        .resources
        .iter()
        .map(|r| {
            let qualified = match &r.logical_id {
                Some(logical) => format!("Resources/{logical}"),
                None => format!("resources/{}", r.id),
            };
            json!({
                "name": r.name,
                "fullyQualifiedName": qualified,
                "kind": "resource",
                "properties": { "designId": r.id, "logicalId": r.logical_id },
            })
        })
        .collect();
    json!({
        "ruleId": finding.rule,
        "ruleIndex": RULES.iter().position(|r| r.id == finding.rule),
        "level": level(finding.severity),
        "message": { "text": message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": path },
                "region": { "startLine": line },
            },
            "logicalLocations": logical,
        }],
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The 1-based line where the resource with this ID is declared
/// (`"id": "<id>"`), for the annotation's position.
fn line_of_id(text: &str, id: &str) -> Option<usize> {
    let quoted = format!("\"{id}\"");
    let mut from = 0;
    while let Some(found) = text[from..].find(&quoted) {
        let at = from + found;
        let before = text[..at].trim_end();
        if before.ends_with(':') && before[..before.len() - 1].trim_end().ends_with("\"id\"") {
            return Some(text[..at].matches('\n').count() + 1);
        }
        from = at + quoted.len();
    }
    None
}

/// The 1-based line where a template declares a logical ID: a key of its
/// own, `Name:` in YAML or `"Name":` in JSON, at the start of a line.
fn line_of_logical_id(text: &str, logical_id: &str) -> Option<usize> {
    let yaml = format!("{logical_id}:");
    let json = format!("\"{logical_id}\":");
    text.lines()
        .position(|line| {
            let key = line.trim_start();
            key.starts_with(&yaml) || key.starts_with(&json)
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::{line_of_id, line_of_logical_id};

    #[test]
    fn finds_the_line_declaring_a_logical_id() {
        let text = "Resources:\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n  SgIngress:\n";
        assert_eq!(line_of_logical_id(text, "Sg"), Some(2));
        assert_eq!(line_of_logical_id(text, "SgIngress"), Some(4));
        assert_eq!(line_of_logical_id("{\n  \"Sg\": {}\n}", "Sg"), Some(2));
    }

    #[test]
    fn finds_the_declaring_line_not_a_reference() {
        let text =
            "{\n  \"a\": \"subnet-1\",\n  \"resources\": [\n    { \"id\" : \"subnet-1\" }\n  ]\n}";
        assert_eq!(line_of_id(text, "subnet-1"), Some(4));
        assert_eq!(line_of_id(text, "nothing"), None);
    }
}
