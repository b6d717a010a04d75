//! Template import: the round trip design → export → import for every
//! reference architecture, imports of hand-written templates without
//! vpcraft metadata (intrinsics resolved, flows inferred, generic nodes
//! kept, automatic layout), and clear errors for bad templates.

use serde_json::Value;
use vpcraft_core::cfn::{self, Format, ImportError};
use vpcraft_core::model::Kind;
use vpcraft_core::{Design, parse_design};

fn fixture(path: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/cfn/{path}", env!("CARGO_MANIFEST_DIR")))
        .unwrap()
}

/// A design as comparable JSON: resources and flows sorted by ID, role
/// actions sorted (the export groups them by service).
fn normalized(design: &Design) -> Value {
    let mut value = serde_json::to_value(design).unwrap();
    for key in ["resources", "flows"] {
        value[key].as_array_mut().unwrap().sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    }
    for resource in value["resources"].as_array_mut().unwrap() {
        if let Some(actions) = resource.pointer_mut("/role/actions").and_then(Value::as_array_mut) {
            actions.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
        }
    }
    value
}

fn round_trip(name: &str) {
    let design = parse_design(&fixture(&format!("reference/{name}.json"))).unwrap();
    for format in [Format::Yaml, Format::Json] {
        let exported = cfn::export(&design, format);
        let imported = cfn::import(&exported.text).unwrap();
        assert_eq!(imported.warnings, vec![], "{name} {format:?}");
        assert_eq!(normalized(&imported.design), normalized(&design), "{name} {format:?}");
    }
}

#[test]
fn reference_a_survives_a_round_trip() {
    round_trip("a");
}

#[test]
fn reference_b_survives_a_round_trip() {
    round_trip("b");
}

#[test]
fn reference_c_survives_a_round_trip() {
    round_trip("c");
}

#[test]
fn reference_d_survives_a_round_trip() {
    round_trip("d");
}

#[test]
fn a_plain_template_resolves_intrinsics_and_infers_flows() {
    let imported = cfn::import(&fixture("import/plain.yaml")).unwrap();
    let design = &imported.design;
    let names: Vec<(&str, &str, &str)> = design
        .resources
        .iter()
        .map(|r| (r.id.as_str(), r.name.as_str(), r.kind.tag().as_str()))
        .collect();
    expect_test::expect_file!["fixtures/cfn/import/plain.resources"].assert_debug_eq(&names);
    let flows: Vec<String> = design
        .flows
        .iter()
        .map(|f| {
            format!(
                "{} -> {} port {:?} inferred {} ({})",
                f.source, f.target, f.port, f.inferred, f.label
            )
        })
        .collect();
    expect_test::expect![[r#"
        [
            "worker -> jobs port Some(443) inferred true (environment)",
            "worker -> svc-secretsmanager port Some(443) inferred true (secretsmanager actions of the execution role)",
            "worker -> orders port Some(443) inferred true (dynamodb actions of the execution role)",
            "poller -> jobs port Some(443) inferred true (event source mapping)",
            "api -> worker port Some(443) inferred true (integration)",
        ]
    "#]]
    .assert_debug_eq(&flows);
    let subnet = design.resources.iter().find(|r| r.id.as_str() == "private-b").unwrap();
    let Kind::Subnet(subnet) = &subnet.kind else { panic!("a subnet") };
    assert_eq!(
        subnet.cidr.map(|c| c.to_string()).as_deref(),
        Some("10.9.2.0/24"),
        "the CIDR comes from the parameter's default"
    );
    assert_eq!(subnet.az.as_str(), "vpc-az-b", "!Select [1, !GetAZs ''] is zone b");
    let endpoint = design.resources.iter().find(|r| r.id.as_str() == "sqs-endpoint").unwrap();
    let Kind::VpcEndpoint(endpoint) = &endpoint.kind else { panic!("an endpoint") };
    assert_eq!(endpoint.service, "sqs");
    let generic = design.resources.iter().find(|r| r.id.as_str() == "topic").unwrap();
    let Kind::Generic(generic) = &generic.kind else { panic!("a generic node") };
    assert_eq!(generic.resource_type, "AWS::SNS::Topic");
    assert_eq!(
        generic.properties,
        serde_json::json!({"TopicName": {"Fn::Sub": "${AWS::StackName}-events"}})
    );
    // Every drawn resource has a position (attachments such as event
    // source mappings are not drawn): the layout was made automatically.
    for r in &design.resources {
        let drawn = !vpcraft_core::layout::geometry::is_attachment(&r.kind);
        assert_eq!(design.layout.positions.contains_key(&r.id), drawn, "{}", r.id);
    }
    let vpc = design.layout.positions[&"vpc".into()];
    let private_a = design.layout.positions[&"private-a".into()];
    assert!(vpc.contains(&private_a), "subnets are drawn inside their VPC");
    assert_eq!(imported.warnings, vec![]);
}

fn error(text: &str) -> String {
    cfn::import(text).unwrap_err().to_string()
}

#[test]
fn bad_templates_give_one_line_errors_naming_the_place() {
    assert_eq!(
        error("Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: [\n"),
        "line 5, column 1: did not find expected node content"
    );
    assert_eq!(error("{\"Resources\": {}}"), "not a CloudFormation template: Resources is empty");
    assert_eq!(
        error("- a\n- b\n"),
        "not a CloudFormation template: the top level must be a mapping"
    );
    assert_eq!(
        error(
            "Resources:\n  Sub:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !Ref Nowhere\n      CidrBlock: 10.0.0.0/24\n"
        ),
        "resource Sub refers to Nowhere, which is neither a resource nor a parameter"
    );
    assert_eq!(
        error(
            "Resources:\n  Sub:\n    Type: AWS::EC2::Subnet\n    Properties:\n      CidrBlock: 10.0.0.0/24\n"
        ),
        "resource Sub (AWS::EC2::Subnet) is missing the required property VpcId"
    );
    assert_eq!(
        error(
            "Resources:\n  A:\n    Type: AWS::SQS::Queue\n    DependsOn: B\n  B:\n    Type: AWS::SQS::Queue\n    Properties:\n      RedrivePolicy:\n        deadLetterTargetArn: !GetAtt A.Arn\n"
        ),
        "resources depend on each other in a cycle: A -> B -> A"
    );
    assert_eq!(
        error("Resources:\n  A:\n    Properties: {}\n"),
        "resource A (no type) is missing the required property Type"
    );
    assert!(matches!(cfn::import(""), Err(ImportError::NotATemplate(_))));
}
