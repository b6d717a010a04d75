//! Design file reading: every migration with a real file of its input
//! version, round trips, and the precise error of each kind of bad input.

use super::*;
use crate::model::{Kind, Rect, ResourceId};
use expect_test::{Expect, expect};

/// Parses `text` and renders the outcome as one line.
fn check(text: &str, expect: Expect) {
    let actual = match parse_design(text) {
        Ok(design) => format!("ok: {} resources", design.resources.len()),
        Err(e) => format!("error: {e}"),
    };
    expect.assert_eq(&actual);
}

#[test]
fn migration_1_nests_layout_positions() {
    let text = include_str!("../../tests/fixtures/schema/v1-layout.json");
    let design = parse_design(text).unwrap();
    assert_eq!(design.schema_version, SCHEMA_VERSION);
    assert_eq!(
        design.layout.positions.get(&ResourceId::new("vpc-1")),
        Some(&Rect::new(10.0, 20.0, 300.0, 200.0))
    );
}

#[test]
fn migration_2_reads_a_version_2_file_unchanged() {
    let text = include_str!("../../tests/fixtures/schema/v2-reference-b.json");
    let design = parse_design(text).unwrap();
    assert_eq!(design.schema_version, SCHEMA_VERSION);
    let as_v3 = text.replacen("\"schema_version\": 2", "\"schema_version\": 3", 1);
    assert_eq!(parse_design(&as_v3).unwrap(), design);
    assert!(design.resources.iter().all(|r| r.logical_id.is_none() && !r.kind.is_external()));
}

#[test]
fn every_migration_is_in_order_and_reaches_the_current_version() {
    let froms: Vec<u32> = MIGRATIONS.iter().map(|(from, _)| *from).collect();
    let expected: Vec<u32> = (1..SCHEMA_VERSION).collect();
    assert_eq!(froms, expected, "one migration per version, in order");
}

#[test]
fn a_design_round_trips_through_its_file_format() {
    let text = include_str!("../../tests/fixtures/schema/v1-layout.json");
    let design = parse_design(text).unwrap();
    let again = parse_design(&to_json(&design)).unwrap();
    assert_eq!(design, again);
    assert!(matches!(again.resources[0].kind, Kind::Vpc(_)));
}

#[test]
fn bad_input_gets_a_precise_error() {
    check("", expect!["error: line 1, column 0: EOF while parsing a value"]);
    check("[1]", expect!["error: not a vpcraft design: the top level must be a JSON object"]);
    check(r#"{"name": "x"}"#, expect!["error: not a vpcraft design: missing schema_version"]);
    check(
        r#"{"schema_version": 99, "name": "x"}"#,
        expect![
            "error: schema_version 99 is newer than this vpcraft understands (3); upgrade vpcraft"
        ],
    );
    check(
        r#"{"schema_version": 2, "name": "x", "colour": "red"}"#,
        expect![
            "error: at colour: unknown field `colour`, expected one of `schema_version`, `name`, `region`, `resources`, `flows`, `layout`, `usage`"
        ],
    );
    check(
        r#"{"schema_version": 2, "name": "x", "resources": [
            {"id": "a", "name": "a", "type": "vpc", "cidr_blocks": ["10.0.0.0/16"]},
            {"id": "b", "name": "b", "type": "subnet", "az": "a", "cidr": "10.0.0.0/33"}]}"#,
        expect![[r#"error: at resources[1] (id "b"): invalid IP address syntax"#]],
    );
    check(
        r#"{"schema_version": 2, "name": "x", "resources": [
            {"id": "a", "name": "a", "type": "router"}]}"#,
        expect![[
            r#"error: at resources[0] (id "a"): unknown variant `router`, expected one of `vpc`, `availability_zone`, `subnet`, `internet_gateway`, `egress_only_internet_gateway`, `nat_gateway`, `elastic_ip`, `route_table`, `network_acl`, `security_group`, `vpc_endpoint`, `vpc_peering`, `transit_gateway`, `transit_gateway_attachment`, `vpn_gateway`, `customer_gateway`, `vpn_connection`, `flow_log`, `load_balancer`, `listener`, `target_group`, `lambda_function`, `lambda_permission`, `ecs_service`, `ec2_instance`, `network_interface`, `launch_template`, `auto_scaling_group`, `eks_cluster`, `eks_node_group`, `rds_instance`, `db_cluster`, `cache_cluster`, `efs_file_system`, `api_gateway`, `sqs_queue`, `event_source_mapping`, `log_group`, `nested_stack`, `s3_bucket`, `dynamodb_table`, `aws_service`, `generic`, `external`"#
        ]],
    );
    check(
        r#"{"schema_version": 2, "name": "x", "resources": [
            {"id": "a", "name": "a", "type": "vpc", "cidr_blocks": [], "dns": true}]}"#,
        expect![[
            r#"error: at resources[0] (id "a"): unknown field `dns`, expected one of `cidr_blocks`, `cidr_at_deploy`, `enable_dns_support`, `enable_dns_hostnames`, `ipv6`"#
        ]],
    );
    check(
        r#"{"schema_version": 2, "name": "x", "resources": [
            {"id": "a", "name": "a", "type": "elastic_ip"},
            {"id": "a", "name": "b", "type": "elastic_ip"}]}"#,
        expect![[r#"error: duplicate id "a": every resource and flow needs its own id"#]],
    );
}

#[test]
fn every_part_of_a_design_is_named_where_it_fails() {
    let design = |rest: &str| format!(r#"{{"schema_version": 3, "name": "x"{rest}}}"#);
    let cases = [
        (r#"{"schema_version": 3}"#.to_owned(), expect!["error: at .: missing field `name`"]),
        (
            r#"{"schema_version": 3, "name": 7}"#.to_owned(),
            expect!["error: at name: invalid type: integer `7`, expected a string"],
        ),
        (
            design(r#", "region": null"#),
            expect!["error: at region: invalid type: null, expected a string"],
        ),
        (
            design(r#", "resources": {}"#),
            expect!["error: at resources: invalid type: map, expected a sequence"],
        ),
        (
            design(r#", "flows": [{"id": "f-1", "source": "a", "target": "b", "port": 70000}]"#),
            expect![[
                r#"error: at flows[0] (id "f-1"): invalid value: integer `70000`, expected u16"#
            ]],
        ),
        (
            design(
                r#", "layout": {"positions": {"vpc-1": {"x": 1, "y": 2, "w": "wide", "h": 4}}}"#,
            ),
            expect![[
                r#"error: at layout.positions.vpc-1: invalid type: string "wide", expected f64"#
            ]],
        ),
        (
            design(r#", "layout": {"grid": 8}"#),
            expect!["error: at layout.grid: unknown field `grid`, expected `positions`"],
        ),
        (
            design(r#", "layout": []"#),
            expect!["error: at layout: invalid type: sequence, expected struct Layout"],
        ),
        (
            design(r#", "usage": {"flows": {"f-1": {"gb": 1}}}"#),
            expect![
                "error: at usage.flows.f-1: unknown field `gb`, expected `gb_per_month` or `requests_per_month`"
            ],
        ),
        (
            design(r#", "usage": {"resources": []}"#),
            expect!["error: at usage.resources: invalid type: sequence, expected a map"],
        ),
    ];
    for (text, expected) in cases {
        check(&text, expected);
    }
}

#[test]
fn a_design_with_every_field_set_reads_back_the_same() {
    // Guards `typed.rs`: a field of `Design` it does not read would fail
    // here as an unknown field.
    let text = r#"{"schema_version": 3, "name": "full", "region": "eu-west-1",
        "resources": [{"id": "vpc-1", "name": "main", "type": "vpc", "cidr_blocks": ["10.0.0.0/16"],
                       "logical_id": "Vpc", "physical_id": "vpc-0abc"},
                      {"id": "q", "name": "queue", "type": "sqs_queue"}],
        "flows": [{"id": "f-1", "source": "vpc-1", "target": "q", "port": 443, "label": "jobs"}],
        "layout": {"positions": {"vpc-1": {"x": 1, "y": 2, "w": 300, "h": 200}}},
        "usage": {"flows": {"f-1": {"gb_per_month": 5}}, "resources": {"q": {"requests_per_month": 1000}}}}"#;
    let design = parse_design(text).unwrap();
    assert_eq!(design.region, "eu-west-1");
    assert_eq!(design.resources[0].physical_id.as_deref(), Some("vpc-0abc"));
    assert_eq!(design.flows[0].label, "jobs");
    assert_eq!(design.usage.resources.len(), 1);
    assert_eq!(parse_design(&to_json(&design)).unwrap(), design);
    // The design reads the same through its `Deserialize`, as messages
    // that carry one do.
    let direct: Design = serde_json::from_str(&to_json(&design)).unwrap();
    assert_eq!(direct, design);
}

#[test]
fn numbers_read_exactly_so_a_saved_design_reads_back_the_same() {
    // The fuzzer's case: an integer too long for 64 bits is read as a
    // float, and serde_json's fast float reading rounds it one unit off,
    // so the saved number read back as another.
    let long = "2".repeat(112);
    let text = format!(
        r#"{{"schema_version": 3, "name": "d", "resources": [
        {{"id": "ep", "name": "ep", "type": "vpc_endpoint", "vpc": "vpc", "service": "s3",
         "endpoint_type": "gateway", "policy": {{"Statement": [{long}, 0.30000000000000004]}}}}],
        "layout": {{"positions": {{}}}}}}"#
    );
    let saved = to_json(&parse_design(&text).unwrap());
    assert!(saved.contains("2.2222222222222223e+111"), "{saved}");
    assert_eq!(to_json(&parse_design(&saved).unwrap()), saved);
}
