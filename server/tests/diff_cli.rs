//! `vpcraft diff`, run as a real process on design files and templates.

mod common;

use common::vpcraft;

#[test]
fn a_change_that_introduces_an_error_exits_one_and_names_it() {
    let (code, stdout, stderr) =
        vpcraft(&["diff", "tests/fixtures/slice.json", "tests/fixtures/subnet_outside.json"]);
    assert_eq!(code, 1, "{stderr}");
    expect_test::expect![[r#"
        design name: first slice → subnet outside its VPC
        - worker (lambda_function, fn-1)
        - worker-sg (security_group, sg-1)
        ~ private-a (subnet, subnet-1)
            cidr: 10.0.1.0/24 → 192.168.1.0/24
        moved on the canvas only: vpc-1
        fixed: W5002 warning: function "worker" runs only in zone a [worker]
        introduced: E1003 error: 192.168.1.0/24 (subnet "private-a") is outside 10.0.0.0/16 (VPC "main") [private-a, main]
        monthly estimate: $0.41 → $0.00 (−$0.41)
          worker: $0.41 → $0.00 (−$0.41)
        resources: 0 added, 2 removed, 1 changed; flows: 0 added, 0 removed, 0 changed; findings: 1 fixed, 1 introduced
    "#]]
    .assert_eq(&stdout);
}

#[test]
fn the_reverse_change_fixes_it_and_exits_zero_with_json() {
    let (code, stdout, stderr) = vpcraft(&[
        "diff",
        "tests/fixtures/subnet_outside.json",
        "tests/fixtures/slice.json",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let fixed: Vec<&str> =
        value["fixed"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert_eq!(fixed, ["E1003"]);
    // The function comes back, and with it the warning of its single zone.
    let introduced: Vec<&str> = value["introduced"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(introduced, [r#"function "worker" runs only in zone a"#]);
    let added: Vec<(&str, &str)> = value["resources"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["change"] == "added")
        .map(|r| (r["id"].as_str().unwrap(), r["type"].as_str().unwrap()))
        .collect();
    assert_eq!(added, [("fn-1", "lambda_function"), ("sg-1", "security_group")]);
    assert_eq!(
        value["resources"][2]["properties"],
        serde_json::json!([{"path": "cidr", "old": "192.168.1.0/24", "new": "10.0.1.0/24"}])
    );
}

#[test]
fn an_exported_template_diffs_clean_against_its_design() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("slice.yaml");
    let template = template.to_str().unwrap();
    let (code, _, stderr) = vpcraft(&["export", "tests/fixtures/slice.json", "-o", template]);
    assert_eq!(code, 0, "{stderr}");
    let (code, stdout, stderr) = vpcraft(&["diff", "tests/fixtures/slice.json", template]);
    assert_eq!(code, 0, "{stderr}");
    let summary = stdout.lines().last().unwrap();
    assert_eq!(
        summary,
        "resources: 0 added, 0 removed, 0 changed; flows: 0 added, 0 removed, 0 changed; \
         findings: 0 fixed, 0 introduced",
        "{stdout}"
    );
}

#[test]
fn an_unreadable_side_exits_two_naming_the_file() {
    let (code, _, stderr) =
        vpcraft(&["diff", "tests/fixtures/slice.json", "tests/fixtures/malformed.json"]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "vpcraft: tests/fixtures/malformed.json: line 6, column 3: trailing comma\n"
    );
}
