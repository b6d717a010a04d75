//! The `vpcraft` command line, run as a real process.

mod common;

use common::vpcraft;

#[test]
fn a_clean_design_exits_zero() {
    let (code, stdout, _) = vpcraft(&["validate", "tests/fixtures/slice.json"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("tests/fixtures/slice.json: 0 errors, "), "{stdout}");
}

#[test]
fn errors_exit_one_with_json_findings_naming_resources() {
    let (code, stdout, _) =
        vpcraft(&["validate", "tests/fixtures/subnet_outside.json", "--format", "json"]);
    assert_eq!(code, 1);
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        value,
        serde_json::json!({ "findings": [{
            "rule": "E1003",
            "severity": "error",
            "title": "Subnet CIDR outside its VPC",
            "message": "192.168.1.0/24 (subnet \"private-a\") is outside 10.0.0.0/16 (VPC \"main\")",
            "resources": ["private-a", "main"],
            "ids": ["subnet-1", "vpc-1"],
            "logical_ids": [null, null],
            "fix": "Change the subnet's CIDR to the next free block of its size in the VPC.",
            "quick_fixes": ["Move subnet \"private-a\" to 10.0.0.0/24"],
            "doc_url": "https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html",
        }]})
    );
}

#[test]
fn text_output_lists_each_finding_with_its_fix() {
    let (code, stdout, _) = vpcraft(&["validate", "tests/fixtures/subnet_outside.json"]);
    assert_eq!(code, 1);
    expect_test::expect![[r#"
        tests/fixtures/subnet_outside.json: E1003 error: 192.168.1.0/24 (subnet "private-a") is outside 10.0.0.0/16 (VPC "main") [private-a, main]
          fix: Change the subnet's CIDR to the next free block of its size in the VPC.
          quick fix: Move subnet "private-a" to 10.0.0.0/24
        tests/fixtures/subnet_outside.json: 1 error, 0 warnings, 0 info findings
    "#]]
    .assert_eq(&stdout);
}

#[test]
fn bad_input_exits_two_with_a_one_line_reason() {
    let (code, _, stderr) = vpcraft(&["validate", "tests/fixtures/malformed.json"]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "vpcraft: tests/fixtures/malformed.json: line 6, column 3: trailing comma\n"
    );
    let (code, _, stderr) = vpcraft(&["validate", "tests/fixtures/absent.json"]);
    assert_eq!(code, 2);
    assert!(stderr.starts_with("vpcraft: tests/fixtures/absent.json: No such file"), "{stderr}");
}

#[test]
fn sarif_output_points_at_the_resource_line() {
    let (code, stdout, _) =
        vpcraft(&["validate", "tests/fixtures/subnet_outside.json", "--format", "sarif"]);
    assert_eq!(code, 1);
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(value["version"], "2.1.0");
    let run = &value["runs"][0];
    let result = &run["results"][0];
    assert_eq!(result["ruleId"], "E1003");
    assert_eq!(result["level"], "error");
    let index = result["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(run["tool"]["driver"]["rules"][index]["id"], "E1003");
    let location = &result["locations"][0];
    assert_eq!(
        location["physicalLocation"]["artifactLocation"]["uri"],
        "tests/fixtures/subnet_outside.json"
    );
    assert_eq!(location["physicalLocation"]["region"]["startLine"], 7);
    assert_eq!(location["logicalLocations"][0]["name"], "private-a");
}
