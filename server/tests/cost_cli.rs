//! `vpcraft cost`, run as a real process on a design file and on the
//! template it exports as: reference A, and a design of databases,
//! caches, file systems and an Auto Scaling group with stated usage.

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

const DATABASES: &str = "../core/tests/fixtures/cost/us-east-1-databases.json";

#[test]
fn databases_caches_file_systems_and_groups_are_priced_in_json() {
    let (code, stdout, stderr) = vpcraft(&["cost", DATABASES, "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let lines = value["lines"].as_array().unwrap();
    let of = |id: &str| -> f64 {
        lines
            .iter()
            .filter(|l| l["resource"] == id)
            .map(|l| l["monthly_usd"].as_f64().unwrap())
            .sum()
    };
    let cents = vpcraft_core::cost::cents;
    // us-east-1 prices as published (read 2026-12-04 and 05): a Multi-AZ
    // MySQL db.m5.large pays $0.171 an hour twice, 100 GB of io1 at $0.125
    // twice and its 1,000 provisioned IOPS at $0.10 twice; three
    // cache.t3.micro nodes $0.017 an hour each; EFS 40 GB in Standard at
    // $0.30, 500 GB in Infrequent Access at $0.016 and 10 MiB/s of
    // provisioned throughput at $6.00; the Auto Scaling group's 3.5
    // t3.medium instances on average at $0.0416.
    let expected = [
        ("mysql", cents(2.0 * 730.0 * 0.171) + cents(200.0 * 0.125) + cents(2000.0 * 0.10)),
        ("cache", cents(3.0 * 730.0 * 0.017)),
        ("files", cents(40.0 * 0.30) + cents(500.0 * 0.016) + cents(10.0 * 6.0)),
        ("asg", cents(3.5 * 730.0 * 0.0416)),
        ("aurora", cents(2.0 * 730.0 * 0.26) + cents(200.0 * 0.10) + cents(50e6 * 0.20 / 1e6)),
    ];
    for (id, usd) in expected {
        assert!((of(id) - usd).abs() < 0.001, "{id}: {} != {usd}", of(id));
    }
    let mysql = lines.iter().find(|l| l["resource"] == "mysql").unwrap();
    assert_eq!(mysql["category"], "databases");
    assert_eq!(mysql["quantity"], 1460.0);
    let sum: f64 = lines.iter().map(|l| l["monthly_usd"].as_f64().unwrap()).sum();
    let total = value["total_monthly_usd"].as_f64().unwrap();
    assert!((sum - total).abs() < 0.001, "lines add up to {sum}, not {total}");
    let assumptions: Vec<&str> =
        value["assumptions"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
    assert!(
        assumptions.iter().any(|a| a.starts_with("Unconfirmed prices") && a.contains("rds.mysql")),
        "{assumptions:#?}"
    );
}

#[test]
fn a_templates_usage_is_priced_as_the_design_it_came_from() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("databases.yaml");
    let template = template.to_str().unwrap();
    let (code, _, stderr) = vpcraft(&["export", DATABASES, "-o", template]);
    assert!(code == 0 || code == 1, "{stderr}");
    let total = |file: &str| {
        let (code, stdout, stderr) = vpcraft(&["cost", file, "--format", "json"]);
        assert_eq!(code, 0, "{stderr}");
        let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        value["total_monthly_usd"].as_f64().unwrap()
    };
    assert_eq!(total(template), total(DATABASES));
}
