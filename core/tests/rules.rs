//! Data-driven rule tests.
//!
//! Every rule has a directory `fixtures/rules/<ID>/` with designs named
//! `good*.json`, which must not trigger the rule, and `bad*.json`, which
//! must. Each bad design's findings (from every rule) are pinned in a golden
//! `.findings` file next to it; refresh them with
//! `UPDATE_EXPECT=1 cargo test -p vpcraft-core` and review the diff. Every
//! quick fix a bad design offers for its rule must apply cleanly and make its
//! finding disappear.

mod common;

use common::{broken_quick_fixes, fixtures, json_files, load, render};
use expect_test::{Expect, expect, expect_file};
use std::panic::{AssertUnwindSafe, catch_unwind};
use vpcraft_core::rules::RULES;
use vpcraft_core::{parse_design, validate};

fn file_name(path: &std::path::Path) -> String {
    path.file_name().unwrap_or_default().to_string_lossy().into_owned()
}

#[test]
fn every_rule_has_good_and_bad_fixtures_with_golden_findings() {
    let mut failures = Vec::new();
    for rule in RULES {
        let dir = fixtures("rules").join(rule.id);
        let files = json_files(&dir);
        let (good, bad): (Vec<_>, Vec<_>) =
            files.iter().partition(|p| file_name(p).starts_with("good"));
        if good.is_empty() || bad.is_empty() {
            failures.push(format!(
                "{}: needs good*.json and bad*.json in {}",
                rule.id,
                dir.display()
            ));
            continue;
        }
        for path in good {
            let findings = validate(&load(path));
            let own: Vec<String> =
                findings.iter().filter(|f| f.rule == rule.id).map(|f| f.summary()).collect();
            if !own.is_empty() {
                failures.push(format!("{}/{}: unexpected {own:#?}", rule.id, file_name(path)));
            }
        }
        for path in bad {
            let design = load(path);
            let findings = validate(&design);
            if !findings.iter().any(|f| f.rule == rule.id) {
                failures.push(format!("{}/{}: no {} finding", rule.id, file_name(path), rule.id));
            }
            let golden = expect_file![path.with_extension("findings")];
            let rendered = render(&findings);
            if catch_unwind(AssertUnwindSafe(|| golden.assert_eq(&rendered))).is_err() {
                failures.push(format!("{}/{}: golden findings differ", rule.id, file_name(path)));
            }
            for problem in broken_quick_fixes(&design, rule.id) {
                failures.push(format!("{}/{}: {problem}", rule.id, file_name(path)));
            }
        }
    }
    assert!(failures.is_empty(), "{} fixture failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_fixture_directory_belongs_to_a_rule() {
    let entries = std::fs::read_dir(fixtures("rules")).expect("fixtures/rules exists");
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(RULES.iter().any(|r| r.id == name), "fixtures/rules/{name} names no rule");
    }
}

#[test]
fn rule_ids_are_unique_sorted_and_follow_the_scheme() {
    let ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
    for window in ids.windows(2) {
        assert!(window[0][1..] < window[1][1..], "{} must come before {}", window[0], window[1]);
    }
    for rule in RULES {
        let letter = match rule.severity {
            vpcraft_core::Severity::Error => 'E',
            vpcraft_core::Severity::Warning => 'W',
            vpcraft_core::Severity::Info => 'I',
        };
        assert!(
            rule.id.starts_with(letter) && rule.id.len() == 5,
            "{}: letter is the severity",
            rule.id
        );
        assert!(
            rule.doc_url.starts_with("https://docs.aws.amazon.com/"),
            "{}: AWS docs URL",
            rule.id
        );
        assert!(rule.description.ends_with('.'), "{}: description is a sentence", rule.id);
    }
}

/// Validates an inline design and compares its findings with `expect`.
fn check(design_json: &str, expect: Expect) {
    let design = parse_design(design_json).unwrap_or_else(|e| panic!("{e}"));
    expect.assert_eq(&render(&validate(&design)));
}

#[test]
fn unresolved_references_are_reported_not_panicked_on() {
    check(
        r#"{"schema_version": 2, "name": "dangling", "resources": [
            {"id": "s", "name": "orphan", "type": "subnet", "az": "nowhere", "cidr": "10.0.0.0/24"},
            {"id": "nat", "name": "nat", "type": "nat_gateway", "subnet": "s"},
            {"id": "fn", "name": "fn", "type": "lambda_function", "runtime": "python3.12",
             "handler": "h", "vpc_config": {"subnets": ["s", "gone"], "security_groups": ["sg?"]}}
        ], "flows": [{"id": "f", "source": "fn", "target": "ghost"}]}"#,
        expect![[r#"
            E0001 error: Subnet "orphan" refers in az to "nowhere", which does not exist [orphan]
                fix: Remove the reference from az or create the resource.
            E0001 error: Lambda function "fn" refers in vpc_config.subnets to "gone", which does not exist [fn]
                fix: Remove the reference from vpc_config.subnets or create the resource.
                quick fix: Remove "gone" from vpc_config.subnets
            E0001 error: Lambda function "fn" refers in vpc_config.security_groups to "sg?", which does not exist [fn]
                fix: Remove the reference from vpc_config.security_groups or create the resource.
                quick fix: Remove "sg?" from vpc_config.security_groups
            E0001 error: flow "f" names "ghost", which does not exist [fn → ghost]
                fix: Delete the flow or reconnect it.
                quick fix: Delete the flow
            E2002 error: public NAT gateway "nat" has no Elastic IP [nat]
                fix: Allocate an Elastic IP for the NAT gateway.
                quick fix: Allocate an Elastic IP for it
            W5002 warning: function "fn" runs only in zone nowhere [fn]
                fix: Add a subnet in a second availability zone.
        "#]],
    );
}

#[test]
fn a_subnet_without_route_tables_uses_the_implicit_main_table() {
    check(
        r#"{"schema_version": 2, "name": "no tables", "resources": [
            {"id": "vpc", "name": "main", "type": "vpc", "cidr_blocks": ["10.0.0.0/16"]},
            {"id": "az", "name": "az-a", "type": "availability_zone", "vpc": "vpc", "zone": "a"},
            {"id": "s", "name": "private-a", "type": "subnet", "az": "az", "cidr": "10.0.1.0/24"},
            {"id": "sg", "name": "fn-sg", "type": "security_group", "vpc": "vpc",
             "egress": [{"protocol": "all", "peer": {"cidr": "0.0.0.0/0"}}]},
            {"id": "fn", "name": "worker", "type": "lambda_function", "runtime": "python3.12",
             "handler": "h", "vpc_config": {"subnets": ["s"], "security_groups": ["sg"]}},
            {"id": "q", "name": "jobs", "type": "sqs_queue"}
        ], "flows": [{"id": "f", "source": "fn", "target": "q"}]}"#,
        expect![[r#"
            E7001 error: "worker" cannot reach "jobs" on tcp/443: subnet "private-a" uses its VPC's implicit main route table, which has only the local route: nothing sends 0.0.0.0/0 to a NAT gateway [worker → jobs, worker, jobs, private-a]
                fix: Change the setting above.
                quick fix: Add an interface endpoint for sqs with private DNS
            W5002 warning: function "worker" runs only in zone a [worker]
                fix: Add a subnet in a second availability zone.
        "#]],
    );
}
