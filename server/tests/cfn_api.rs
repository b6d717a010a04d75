//! `POST /api/export` and `POST /api/import/template`, driven in-process.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;
use vpcraft_server::{AppState, Db, app};

const REFERENCE_B: &str = include_str!("../../core/tests/fixtures/cfn/reference/b.json");
const TWO_TIER: &str = include_str!("../../core/tests/fixtures/layout/two-tier.yaml");

async fn call(uri: &str, body: &str) -> (StatusCode, axum::http::HeaderMap, String) {
    let app = app(AppState::new(Db::in_memory().await.unwrap()));
    let request =
        Request::builder().method(Method::POST).uri(uri).body(Body::from(body.to_owned())).unwrap();
    let response = app.oneshot(request).await.unwrap();
    let (parts, body) = response.into_parts();
    let bytes = body.collect().await.unwrap().to_bytes();
    (parts.status, parts.headers, String::from_utf8(bytes.to_vec()).unwrap())
}

#[tokio::test]
async fn export_returns_the_template_with_findings_in_headers() {
    let (status, headers, text) = call("/api/export", REFERENCE_B).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert_eq!(headers[header::CONTENT_TYPE], "application/yaml");
    assert!(text.contains("\nAWSTemplateFormatVersion: '2010-09-09'\n"), "{text}");
    let design = vpcraft_core::parse_design(REFERENCE_B).unwrap();
    let findings = vpcraft_core::validate(&design);
    let errors = findings.iter().filter(|f| f.severity == vpcraft_core::Severity::Error).count();
    assert_eq!(headers["x-vpcraft-errors"], errors.to_string().as_str());
    let listed: Vec<String> =
        serde_json::from_str(headers["x-vpcraft-findings"].to_str().unwrap()).unwrap();
    let expected: Vec<String> = findings
        .iter()
        .filter(|f| f.severity != vpcraft_core::Severity::Info)
        .map(|f| f.summary())
        .collect();
    assert_eq!(listed, expected);

    let (status, headers, text) = call("/api/export?format=json", REFERENCE_B).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "application/json");
    let template: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(template["Resources"]["Jobs"]["Type"], "AWS::SQS::Queue");

    let (status, _, text) = call("/api/export?format=xml", REFERENCE_B).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(text.contains("unknown format \\\"xml\\\": use yaml or json"), "{text}");
}

#[tokio::test]
async fn a_template_imports_as_the_design_it_was_exported_from() {
    let (_, _, template) = call("/api/export", REFERENCE_B).await;
    let (status, _, body) = call("/api/import/template", &template).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let value: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(value["warnings"], serde_json::json!([]));
    let imported: vpcraft_core::Design = serde_json::from_value(value["design"].clone()).unwrap();
    let original = vpcraft_core::parse_design(REFERENCE_B).unwrap();
    let mut ids: Vec<&str> = imported.resources.iter().map(|r| r.id.as_str()).collect();
    let mut expected: Vec<&str> = original.resources.iter().map(|r| r.id.as_str()).collect();
    ids.sort_unstable();
    expected.sort_unstable();
    assert_eq!(ids, expected);
    assert_eq!(imported.flows, original.flows);
}

#[tokio::test]
async fn a_template_without_layout_is_drawn_as_the_core_and_the_app_draw_it() {
    let (status, _, body) = call("/api/import/template", TWO_TIER).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let value: serde_json::Value = serde_json::from_str(&body).unwrap();
    let served: vpcraft_core::Design = serde_json::from_value(value["design"].clone()).unwrap();
    // The core's import (what the CLI writes) draws the same rectangles.
    let core = vpcraft_core::cfn::import(TWO_TIER).unwrap().design;
    assert_eq!(served.layout.positions, core.layout.positions);
    // The app lays out a design without positions with the same engine.
    let mut app = served.clone();
    app.layout.positions.clear();
    vpcraft_core::layout::place_missing(&mut app);
    assert_eq!(served.layout.positions, app.layout.positions);
    let vpc = served.layout.positions[&"vpc".into()];
    assert!(vpc.contains(&served.layout.positions[&"private-a".into()]));
}

#[tokio::test]
async fn a_bad_template_is_a_400_naming_the_resource() {
    let template = "Resources:\n  Sub:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !Ref Nowhere\n      CidrBlock: 10.0.0.0/24\n";
    let (status, _, body) = call("/api/import/template", template).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let value: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        value["error"]["message"],
        "invalid template: resource Sub refers to Nowhere, which is neither a resource nor a parameter"
    );
}

#[tokio::test]
async fn export_per_vpc_returns_each_part_by_file_name() {
    let design = include_str!("../../core/tests/fixtures/cfn/split/two-vpcs.json");
    let (status, headers, text) = call("/api/export?per_vpc=true", design).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert_eq!(headers[header::CONTENT_TYPE], "application/json");
    let files: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&text).unwrap();
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(names.len(), 3);
    for name in ["shared.yaml", "vpc.yaml", "vpc2.yaml"] {
        assert!(names.contains(&name), "{names:?}");
    }
    let vpc = files["vpc.yaml"].as_str().unwrap();
    assert!(vpc.contains("Fn::ImportValue: !Sub ${SharedStackName}-Reports-Ref"), "{vpc}");
    // Each of the design's findings is counted once over the parts.
    let errors = vpcraft_core::validate(&vpcraft_core::parse_design(design).unwrap())
        .iter()
        .filter(|f| f.severity == vpcraft_core::Severity::Error)
        .count();
    assert!(errors > 0);
    assert_eq!(headers["x-vpcraft-errors"], errors.to_string().as_str());

    let (status, _, text) = call("/api/export?per_vpc=true&format=json", design).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let files: serde_json::Value = serde_json::from_str(&text).unwrap();
    let shared: serde_json::Value =
        serde_json::from_str(files["shared.json"].as_str().unwrap()).unwrap();
    assert_eq!(
        shared["Outputs"]["ReportsExport"]["Export"]["Name"]["Fn::Sub"],
        "${AWS::StackName}-Reports-Ref"
    );
}

#[tokio::test]
async fn a_template_imports_with_the_parameter_values_given() {
    let template = "Parameters:\n  WithQueue: {Type: String, Default: 'no', AllowedValues: ['yes', 'no'], Description: Make the queue}\n  VpcId: {Type: 'AWS::EC2::VPC::Id'}\nConditions:\n  Wanted: !Equals [!Ref WithQueue, 'yes']\nResources:\n  Jobs: {Type: AWS::SQS::Queue, Condition: Wanted}\n  Sg: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: sg, VpcId: !Ref VpcId}}\n";
    let kinds = |body: &str| -> Vec<String> {
        let value: serde_json::Value = serde_json::from_str(body).unwrap();
        value["design"]["resources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["type"].as_str().unwrap().to_owned())
            .collect()
    };
    let (status, _, body) = call("/api/import/template", template).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(kinds(&body), ["external", "security_group"]);
    let value: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        value["parameters"],
        serde_json::json!([
            {"name": "WithQueue", "type": "String", "default": "no", "value": "no",
             "description": "Make the queue", "allowed": ["yes", "no"]},
            {"name": "VpcId", "type": "AWS::EC2::VPC::Id"},
        ])
    );

    let wrapped = serde_json::json!({"template": template, "parameters": {"WithQueue": "yes", "VpcId": "vpc-0abc1234"}});
    let (status, _, body) = call("/api/import/template", &wrapped.to_string()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(kinds(&body), ["sqs_queue", "external", "security_group"]);
    let value: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(value["parameters"][1]["value"], "vpc-0abc1234");
    assert_eq!(
        value["design"]["resources"][1]["source"],
        serde_json::json!({"physical_id": "vpc-0abc1234"})
    );
}

#[tokio::test]
async fn nested_stacks_are_read_with_the_child_templates_sent_by_file_name() {
    let fixture = |name: &str| {
        let path =
            format!("{}/../core/tests/fixtures/cfn/nested/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(path).unwrap()
    };
    let body = serde_json::json!({
        "template": fixture("parent.yaml"),
        "children": {"network.yaml": fixture("network.yaml")},
    });
    let (status, _, body) = call("/api/import/template", &body.to_string()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let value: serde_json::Value = serde_json::from_str(&body).unwrap();
    let network = value["design"]["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "network")
        .unwrap();
    let ids: Vec<&str> = network["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["logical_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["Vpc", "SubnetA", "SubnetB", "FunctionGroup"]);
    assert_eq!(value["design"]["layout"]["positions"]["network"]["w"], 256.0, "drawn as a box");
}
