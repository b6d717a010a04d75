//! The pure drawing of a stack from constructed responses.

use super::*;
use aws_sdk_cloudformation::types::{Parameter, StackResourceSummary, StackStatus};

const TEMPLATE: &str = r#"
Parameters:
  Cidr: {Type: String, Default: 10.0.0.0/16}
  Secret: {Type: String, NoEcho: true, Default: hidden-default}
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: !Ref Cidr}}
  Subnet:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: !Select [0, !Cidr [!Ref Cidr, 4, 8]], AvailabilityZone: eu-west-1a}
  Jobs: {Type: AWS::SQS::Queue}
  Broken: {Type: AWS::SQS::Queue}
"#;

fn stack(status: StackStatus) -> cfn::Stack {
    let parameter = |key: &str, value: &str| {
        Parameter::builder().parameter_key(key).parameter_value(value).build()
    };
    cfn::Stack::builder()
        .stack_name("net")
        .stack_status(status)
        .parameters(parameter("Cidr", "10.9.0.0/16"))
        .parameters(parameter("Secret", HIDDEN))
        .build()
}

fn summary(logical: &str, physical: &str, status: ResourceStatus) -> StackResourceSummary {
    StackResourceSummary::builder()
        .logical_resource_id(logical)
        .physical_resource_id(physical)
        .resource_status(status)
        .build()
}

fn shown(import: &StackImport) -> Vec<String> {
    import
        .design
        .resources
        .iter()
        .map(|r| {
            let cidr = match &r.kind {
                vpcraft_core::Kind::Vpc(v) => format!(
                    " {}",
                    v.cidr_blocks.iter().map(ToString::to_string).collect::<Vec<_>>().join(",")
                ),
                vpcraft_core::Kind::Subnet(s) => {
                    format!(" {}", s.cidr.map(|c| c.to_string()).unwrap_or_default())
                }
                _ => String::new(),
            };
            format!("{} {}{cidr}", r.id, r.physical_id.as_deref().unwrap_or("-"))
        })
        .collect()
}

#[test]
fn a_stack_is_drawn_with_its_parameters_its_resources_and_their_physical_ids() {
    let resources = [
        summary("Vpc", "vpc-0a1", ResourceStatus::CreateComplete),
        summary("Subnet", "subnet-0b2", ResourceStatus::UpdateComplete),
        summary(
            "Jobs",
            "https://sqs.eu-west-1.amazonaws.com/1/jobs",
            ResourceStatus::CreateComplete,
        ),
        summary("Broken", "", ResourceStatus::CreateFailed),
    ];
    let drawn =
        stack_design("net", TEMPLATE, &stack(StackStatus::CreateComplete), Some(&resources))
            .unwrap();
    assert_eq!(drawn.design.name, "Stack net");
    assert_eq!(drawn.status, "CREATE_COMPLETE");
    let resources = shown(&drawn);
    assert!(resources.contains(&"vpc vpc-0a1 10.9.0.0/16".to_owned()), "{resources:?}");
    assert!(resources.contains(&"subnet subnet-0b2 10.9.0.0/24".to_owned()), "{resources:?}");
    assert!(
        resources.contains(&"jobs https://sqs.eu-west-1.amazonaws.com/1/jobs".to_owned()),
        "{resources:?}"
    );
    assert!(!resources.iter().any(|r| r.starts_with("broken")), "{resources:?}");
    let warnings: Vec<String> = drawn.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings, ["Broken: left out: the deployed stack has no such resource"]);
}

#[test]
fn without_the_resource_list_every_resource_is_kept_without_physical_ids() {
    let drawn =
        stack_design("net", TEMPLATE, &stack(StackStatus::UpdateRollbackComplete), None).unwrap();
    let logical: Vec<&str> =
        drawn.design.resources.iter().filter_map(|r| r.logical_id.as_deref()).collect();
    assert!(["Vpc", "Subnet", "Jobs", "Broken"].iter().all(|l| logical.contains(l)), "{logical:?}");
    assert!(drawn.design.resources.iter().all(|r| r.physical_id.is_none()));
    let warnings: Vec<String> = drawn.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings, ["net: the stack's status is UPDATE_ROLLBACK_COMPLETE"]);
}

#[test]
fn a_template_vpcraft_exported_keeps_its_design_name() {
    let design = vpcraft_core::parse_design(
        r#"{"schema_version": 3, "name": "payments", "resources": [
            {"id": "vpc", "name": "main", "type": "vpc", "cidr_blocks": ["10.0.0.0/16"]}]}"#,
    )
    .unwrap();
    let template = vpcraft_core::cfn::export(&design, vpcraft_core::cfn::Format::Yaml).text;
    // The export names the VPC after the resource: logical ID `Main`.
    assert!(template.contains("\n  Main:\n"), "{template}");
    let resources = [summary("Main", "vpc-0a1", ResourceStatus::CreateComplete)];
    let drawn =
        stack_design("net", &template, &stack(StackStatus::CreateComplete), Some(&resources));
    let drawn = drawn.unwrap();
    assert_eq!(drawn.design.name, "payments");
    assert_eq!(shown(&drawn), ["vpc vpc-0a1 10.0.0.0/16"]);
}
