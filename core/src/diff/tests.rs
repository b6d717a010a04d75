//! Named cases for the comparison of two designs.

use super::*;
use crate::parse_design;
use serde_json::json;

fn design(resources: serde_json::Value, flows: serde_json::Value) -> Design {
    let text = json!({
        "schema_version": 3, "name": "d", "region": "eu-west-1",
        "resources": resources, "flows": flows,
    });
    parse_design(&text.to_string()).expect("test design parses")
}

fn sg(id: &str, ingress: serde_json::Value) -> serde_json::Value {
    json!({"id": id, "name": id, "type": "security_group", "vpc": "vpc",
           "ingress": ingress, "egress": []})
}

fn vpc() -> serde_json::Value {
    json!({"id": "vpc", "name": "main", "type": "vpc", "cidr_blocks": ["10.0.0.0/16"]})
}

fn rule(port: u16, cidr: &str) -> serde_json::Value {
    json!({"protocol": "tcp", "ports": {"from": port, "to": port}, "peer": {"cidr": cidr}})
}

#[test]
fn identical_designs_have_no_differences() {
    let d = design(json!([vpc(), sg("web", json!([rule(443, "0.0.0.0/0")]))]), json!([]));
    let diff = diff(&d, &d);
    assert!(diff.is_empty());
    assert_eq!(diff, DesignDiff::default());
}

#[test]
fn removing_the_first_rule_reports_that_rule_not_a_shift() {
    let rules = [rule(22, "0.0.0.0/0"), rule(80, "10.0.0.0/8"), rule(443, "10.0.0.0/8")];
    let old = design(json!([vpc(), sg("web", json!(rules))]), json!([]));
    let new = design(json!([vpc(), sg("web", json!(rules[1..]))]), json!([]));
    let diff = diff(&old, &new);
    assert_eq!(diff.resources.len(), 1);
    let changed = &diff.resources[0];
    assert_eq!((changed.change, changed.id.as_str()), (Change::Changed, "web"));
    assert_eq!(
        changed.properties,
        vec![PropertyChange { path: "ingress[0]".into(), old: Some(rules[0].clone()), new: None }]
    );
    // SSH open to the internet was a finding of the old design only.
    let fixed: Vec<String> = diff.fixed.iter().map(Finding::summary).collect();
    assert_eq!(
        fixed,
        [r#"E6001 error: security group "web" admits tcp/22 (SSH) from 0.0.0.0/0 [web]"#]
    );
    assert!(diff.introduced.is_empty(), "{:?}", diff.introduced);
}

#[test]
fn a_changed_element_compares_field_by_field() {
    let old = design(json!([vpc(), sg("web", json!([rule(80, "10.0.0.0/8")]))]), json!([]));
    let new = design(json!([vpc(), sg("web", json!([rule(8080, "10.0.0.0/8")]))]), json!([]));
    let properties = &diff(&old, &new).resources[0].properties;
    let described: Vec<String> = properties.iter().map(PropertyChange::describe).collect();
    assert_eq!(described, ["ingress[0].ports.from: 80 → 8080", "ingress[0].ports.to: 80 → 8080"]);
}

#[test]
fn resources_match_by_logical_id_when_their_ids_differ() {
    let mut old_vpc = vpc();
    old_vpc["logical_id"] = json!("MainVpc");
    let mut new_vpc = old_vpc.clone();
    new_vpc["id"] = json!("main-vpc");
    new_vpc["cidr_blocks"] = json!(["10.1.0.0/16"]);
    let diff = diff(&design(json!([old_vpc]), json!([])), &design(json!([new_vpc]), json!([])));
    assert_eq!(diff.resources.len(), 1);
    let r = &diff.resources[0];
    assert_eq!(r.change, Change::Changed);
    assert_eq!(
        (r.id.as_str(), r.old_id.as_ref().map(ResourceId::as_str)),
        ("main-vpc", Some("vpc"))
    );
    let described: Vec<String> = r.properties.iter().map(PropertyChange::describe).collect();
    assert_eq!(described, [r#"cidr_blocks: ["10.0.0.0/16"] → ["10.1.0.0/16"]"#]);
}

#[test]
fn a_move_is_not_a_change() {
    let old = design(json!([vpc()]), json!([]));
    let mut new = old.clone();
    new.layout
        .positions
        .insert(ResourceId::new("vpc"), crate::model::Rect::new(40.0, 40.0, 600.0, 400.0));
    let diff = diff(&old, &new);
    assert!(diff.is_empty());
    assert_eq!(diff.moved, [ResourceId::new("vpc")]);
}

#[test]
fn flows_match_by_endpoints_when_their_ids_differ() {
    let resources = json!([
        {"id": "q", "name": "jobs", "type": "sqs_queue"},
        {"id": "t", "name": "orders", "type": "s3_bucket"},
        {"id": "f", "name": "worker", "type": "lambda_function", "runtime": "python3.12", "handler": "h"},
    ]);
    let old = design(
        resources.clone(),
        json!([
            {"id": "flow-1", "source": "f", "target": "q"},
            {"id": "flow-2", "source": "f", "target": "t"},
        ]),
    );
    let new = design(
        resources,
        json!([
            {"id": "flow-9", "source": "f", "target": "q", "port": 8443},
        ]),
    );
    let flows = diff(&old, &new).flows;
    let shown: Vec<String> = flows
        .iter()
        .map(|f| {
            let props: Vec<String> = f.properties.iter().map(PropertyChange::describe).collect();
            format!("{} {} → {} [{}]", f.change.mark(), f.source, f.target, props.join("; "))
        })
        .collect();
    assert_eq!(shown, ["- worker → orders []", "~ worker → jobs [port: null → 8443]"]);
}
