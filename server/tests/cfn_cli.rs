//! `vpcraft export`, `vpcraft import template` and `vpcraft validate` on a
//! template, run as real processes.

mod common;

use common::vpcraft;

const REFERENCE_C: &str = "../core/tests/fixtures/cfn/reference/c.json";
const TWO_TIER: &str = "../core/tests/fixtures/layout/two-tier.yaml";

#[test]
fn import_draws_a_template_without_layout_as_the_core_does() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("two-tier.json");
    let (code, _, stderr) = vpcraft(&["import", "template", TWO_TIER, "-o", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let written = vpcraft_core::parse_design(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let text =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(TWO_TIER))
            .unwrap();
    let core = vpcraft_core::cfn::import(&text).unwrap().design;
    assert_eq!(written.layout.positions, core.layout.positions);
}

#[test]
fn export_writes_the_template_and_import_reads_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("c.yaml");
    let template = template.to_str().unwrap();
    let (code, stdout, stderr) = vpcraft(&["export", REFERENCE_C, "-o", template]);
    let design = vpcraft_core::parse_design(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(REFERENCE_C),
        )
        .unwrap(),
    )
    .unwrap();
    let errors = vpcraft_core::validate(&design)
        .iter()
        .filter(|f| f.severity == vpcraft_core::Severity::Error)
        .count();
    assert_eq!(code, i32::from(errors > 0), "{stderr}");
    assert_eq!(stdout, "");
    let text = std::fs::read_to_string(template).unwrap();
    assert!(text.contains("  OrdersApi:\n    Type: AWS::ApiGateway::RestApi\n"));

    let (code, json, stderr) = vpcraft(&["export", REFERENCE_C, "--format", "json"]);
    assert!(code <= 1, "{stderr}");
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["Resources"]["Handler"]["Type"], "AWS::Lambda::Function");

    let out = dir.path().join("c.json");
    let (code, _, stderr) = vpcraft(&["import", "template", template, "-o", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let imported = vpcraft_core::parse_design(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(imported.flows, design.flows);
    assert_eq!(imported.resources.len(), design.resources.len());

    // validate reads the template as the design it imports as.
    let (code, stdout, _) = vpcraft(&["validate", template]);
    assert_eq!(code, i32::from(errors > 0), "{stdout}");
    assert!(stdout.contains(&format!("{template}: {errors} error")), "{stdout}");
}

#[test]
fn a_bad_template_exits_two_naming_the_file_and_the_resource() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.yaml");
    std::fs::write(&path, "Resources:\n  Rt:\n    Type: AWS::EC2::Route\n    Properties:\n      DestinationCidrBlock: 0.0.0.0/0\n").unwrap();
    let path = path.to_str().unwrap();
    let (code, _, stderr) = vpcraft(&["import", "template", path]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        format!(
            "vpcraft: {path}: resource Rt (AWS::EC2::Route) is missing the required property RouteTableId\n"
        )
    );
    let (code, _, stderr) = vpcraft(&["export", path]);
    assert_eq!(code, 2);
    assert!(stderr.starts_with(&format!("vpcraft: {path}: resource Rt")), "{stderr}");
    std::fs::write(path, "Resources:\n  A: [\n").unwrap();
    let (code, _, stderr) = vpcraft(&["validate", path]);
    assert_eq!(code, 2);
    assert!(stderr.starts_with(&format!("vpcraft: {path}: line ")), "{stderr}");
}

const TWO_VPCS: &str = "../core/tests/fixtures/cfn/split/two-vpcs.json";

#[test]
fn export_per_vpc_writes_one_template_per_vpc_and_shared() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("parts");
    let (code, stdout, stderr) =
        vpcraft(&["export", TWO_VPCS, "--per-vpc", "-o", out.to_str().unwrap()]);
    // The design has an error finding (the second VPC's subnet has no route
    // table), so the exit code is 1; the templates are written anyway.
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("deploy in this order, each stack named after its file: shared, vpc, vpc2"),
        "{stderr}"
    );
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["shared.yaml", "vpc.yaml", "vpc2.yaml"]);
    let shared = std::fs::read_to_string(out.join("shared.yaml")).unwrap();
    assert!(shared.contains("Name: !Sub ${AWS::StackName}-Reports-Ref"), "{shared}");
    let vpc2 = std::fs::read_to_string(out.join("vpc2.yaml")).unwrap();
    assert!(vpc2.contains("Fn::ImportValue: !Sub ${SharedStackName}-Reports-Arn"), "{vpc2}");
    // Each part reads back as a template.
    let (code, _, stderr) =
        vpcraft(&["import", "template", out.join("vpc2.yaml").to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");

    let (code, _, stderr) = vpcraft(&[
        "export",
        TWO_VPCS,
        "--per-vpc",
        "--format",
        "json",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{stderr}");
    let value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("vpc.json")).unwrap()).unwrap();
    assert_eq!(value["Parameters"]["SharedStackName"]["Default"], "shared");

    let (code, _, stderr) = vpcraft(&["export", TWO_VPCS, "--per-vpc"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("--per-vpc needs -o DIR"), "{stderr}");
}

/// A template whose NAT gateway exists only when a parameter says so, and
/// whose security group lives in a VPC passed in by parameter.
const CONDITIONAL: &str = r#"
Parameters:
  VpcId: {Type: "AWS::EC2::VPC::Id"}
  WithNat: {Type: String, Default: "no", AllowedValues: ["yes", "no"]}
Conditions:
  NatWanted: !Equals [!Ref WithNat, "yes"]
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  Public: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24}}
  Eip: {Type: AWS::EC2::EIP, Condition: NatWanted}
  Nat:
    Type: AWS::EC2::NatGateway
    Condition: NatWanted
    Properties: {SubnetId: !Ref Public, AllocationId: !GetAtt Eip.AllocationId}
  AppSg:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: app, VpcId: !Ref VpcId}
"#;

#[test]
fn parameter_values_decide_conditions_and_external_resources() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("conditional.yaml");
    std::fs::write(&path, CONDITIONAL).unwrap();
    let path = path.to_str().unwrap();
    let kinds = |args: &[&str]| -> Vec<String> {
        let (code, json, stderr) = vpcraft(args);
        assert_eq!(code, 0, "{stderr}");
        let design = vpcraft_core::parse_design(&json).unwrap();
        design.resources.iter().map(|r| format!("{}:{}", r.id, r.kind.tag().as_str())).collect()
    };
    let default = kinds(&["import", "template", path]);
    assert!(!default.iter().any(|k| k.starts_with("nat:")), "{default:?}");
    assert!(default.contains(&"vpc-id:external".to_owned()), "{default:?}");
    let with_nat = kinds(&["import", "template", path, "--parameter", "WithNat=yes"]);
    assert!(with_nat.contains(&"nat:nat_gateway".to_owned()), "{with_nat:?}");

    let (code, _, stderr) = vpcraft(&["import", "template", path, "--parameter", "Nope=1"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("the template has no parameter \"Nope\" to set"), "{stderr}");
    let (code, _, stderr) = vpcraft(&["validate", path, "--parameter", "novalue"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("is not KEY=VALUE"), "{stderr}");
    // A VPC passed in by parameter is an assumption, never an error.
    let (code, stdout, _) = vpcraft(&["validate", path, "--format", "json"]);
    assert_eq!(code, 0, "{stdout}");
    let findings: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let assumed: Vec<&serde_json::Value> =
        findings["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == "I0002").collect();
    assert_eq!(assumed.len(), 1, "{stdout}");
    assert_eq!(assumed[0]["ids"], serde_json::json!(["vpc-id", "app-sg"]), "{stdout}");
    assert_eq!(assumed[0]["logical_ids"], serde_json::json!(["VpcId", "AppSg"]), "{stdout}");
}

#[test]
fn import_reads_the_templates_of_nested_stacks_beside_the_parent() {
    let parent = "../core/tests/fixtures/cfn/nested/parent.yaml";
    let (code, stdout, stderr) = vpcraft(&["import", "template", parent]);
    assert_eq!(code, 0, "{stderr}");
    let design = vpcraft_core::parse_design(&stdout).unwrap();
    let stack = |id: &str| match design.resource(&id.into()).map(|r| &r.kind) {
        Some(vpcraft_core::model::Kind::NestedStack(stack)) => stack.clone(),
        other => panic!("{id} is no nested stack: {other:?}"),
    };
    // The network stack's template is the file beside the parent; the
    // application stack's is in S3, so only the outputs read are known.
    let network = stack("network");
    let created: Vec<&str> = network.resources.iter().map(|r| r.logical_id.as_str()).collect();
    assert_eq!(created, ["Vpc", "SubnetA", "SubnetB", "FunctionGroup"]);
    assert_eq!(network.outputs, ["VpcId", "SubnetA", "SubnetB", "FunctionGroup"]);
    let app = stack("app");
    assert!(app.resources.is_empty() && app.outputs.is_empty(), "{app:?}");
}
