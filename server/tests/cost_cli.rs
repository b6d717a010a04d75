//! `vpcraft cost`, run as a real process on a design file and on the
//! template it exports as.

mod common;

use common::vpcraft;
use std::path::Path;

const REFERENCE_A: &str = "../core/tests/fixtures/reference/A.json";

fn design() -> vpcraft_core::Design {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(REFERENCE_A);
    vpcraft_core::parse_design(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn json_output_has_the_total_the_lines_and_the_assumptions() {
    let (code, stdout, stderr) = vpcraft(&["cost", REFERENCE_A, "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let expected = vpcraft_core::cost::estimate(&design());
    assert_eq!(value["total_monthly_usd"].as_f64(), Some(expected.total_monthly_usd));
    let lines = value["lines"].as_array().unwrap();
    assert_eq!(lines.len(), expected.lines.len());
    let sum: f64 = lines.iter().map(|l| l["monthly_usd"].as_f64().unwrap()).sum();
    assert!((sum - expected.total_monthly_usd).abs() < 0.001, "lines add up to {sum}");
    let nat = lines.iter().find(|l| l["resource"] == "nat-a" && l["unit"] == "hours").unwrap();
    assert_eq!(nat["quantity"], 730.0);
    assert_eq!(nat["unit_price_usd"], 0.048);
    assert_eq!(nat["category"], "nat_gateways");
    assert!(value["assumptions"].as_array().unwrap().len() >= 5);
}

#[test]
fn text_output_leads_with_the_total_and_ends_with_the_assumptions() {
    let (code, stdout, stderr) = vpcraft(&["cost", REFERENCE_A]);
    assert_eq!(code, 0, "{stderr}");
    let total =
        vpcraft_core::cost::format_usd(vpcraft_core::cost::estimate(&design()).total_monthly_usd);
    let first = stdout.lines().next().unwrap();
    assert_eq!(first, format!("{REFERENCE_A}: {total} a month (eu-west-1, prices of 2026-12-03)"));
    assert!(stdout.contains("      NAT gateway hours: 730 hours × $0.048 = $35.04\n"), "{stdout}");
    assert!(stdout.contains("\nAssumptions:\n  - Prices of Europe (Ireland)"), "{stdout}");
}

#[test]
fn a_template_costs_what_its_design_costs() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("a.yaml");
    let template = template.to_str().unwrap();
    let (code, _, stderr) = vpcraft(&["export", REFERENCE_A, "-o", template]);
    assert_eq!(code, 0, "{stderr}");
    let (code, stdout, stderr) = vpcraft(&["cost", template, "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let expected = vpcraft_core::cost::estimate(&design());
    assert_eq!(value["total_monthly_usd"].as_f64(), Some(expected.total_monthly_usd));
}

#[test]
fn a_missing_file_exits_two() {
    let (code, stdout, stderr) = vpcraft(&["cost", "no-such-file.json"]);
    assert_eq!(code, 2);
    assert_eq!(stdout, "");
    assert!(stderr.starts_with("vpcraft: "), "{stderr}");
}
