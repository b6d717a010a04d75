//! Nested stacks (`AWS::CloudFormation::Stack`), from the parent template
//! `fixtures/cfn/nested/parent.yaml`: a network stack whose template is a
//! file beside the parent (`network.yaml`) and an application stack whose
//! template is in S3. Each becomes one box with its template, the
//! parameters the parent passes and its outputs; the resources that read
//! an output refer to it, and, when the child template is given, the box
//! lists the outputs it declares and the resources it creates. The export
//! (`nested/exported.yaml`, beside the child so that cfn-lint reads both in
//! `cfn_tools`) reads the outputs again with `!GetAtt`, and a re-import
//! gives the same design back.
//! `UPDATE_EXPECT=1 cargo test -p vpcraft-core --test cfn_nested` rewrites
//! the expectations after an intended change.

mod common;

use common::{render, resource_lines};
use expect_test::expect;
use std::collections::HashMap;
use vpcraft_core::cfn::{self, Format, ImportOptions};
use vpcraft_core::model::Kind;
use vpcraft_core::{Design, validate};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/cfn/nested/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).unwrap()
}

/// The parent imported with its local child template, as the command line
/// reads it.
fn with_child() -> Design {
    let parent = fixture("parent.yaml");
    let children: HashMap<String, String> = cfn::nested_template_urls(&parent)
        .into_iter()
        .filter(|url| !url.contains("://"))
        .map(|url| {
            let text = fixture(&url);
            (url, text)
        })
        .collect();
    let options = ImportOptions { children, ..ImportOptions::default() };
    cfn::import_with(&parent, &options).unwrap().design
}

/// The nested stacks and the resources that read their outputs.
fn stacks(design: &Design) -> String {
    resource_lines(design, |k| matches!(k, Kind::NestedStack(_) | Kind::External(_))).join("\n")
}

#[test]
fn only_the_literal_template_urls_are_offered_to_the_caller() {
    assert_eq!(cfn::nested_template_urls(&fixture("parent.yaml")), ["network.yaml"]);
    assert!(cfn::nested_template_urls("not: [a template").is_empty());
    // A key spelt with an escape is still the key.
    let escaped = r#"{"Resources": {"Net": {"Type": "AWS::CloudFormation::Stack",
        "Properties": {"Template\u0055RL": "net.json"}}}}"#;
    assert_eq!(cfn::nested_template_urls(escaped), ["net.json"]);
    assert!(cfn::nested_template_urls("Resources: {}\n").is_empty());
}

#[test]
fn without_the_child_a_stack_has_the_outputs_its_parent_reads() {
    let design = cfn::import(&fixture("parent.yaml")).unwrap().design;
    expect![[r#"
        network {"type":"nested_stack","template_url":"network.yaml","parameters":{"CidrBlock":"10.20.0.0/16"},"outputs":["FunctionGroup","SubnetA","SubnetB","VpcId"]}
        network-outputs-subneta {"type":"external","of":"subnet","source":{"stack_output":"Network.Outputs.SubnetA"}}
        network-outputs-subnetb {"type":"external","of":"subnet","source":{"stack_output":"Network.Outputs.SubnetB"}}
        network-outputs-functiongroup {"type":"external","of":"security_group","source":{"stack_output":"Network.Outputs.FunctionGroup"}}
        app {"type":"nested_stack","template_url":"https://templates-${AWS::Region}.s3.amazonaws.com/app.yaml","parameters":{"Environment":"test","QueueUrl":{"Ref":"Queue"},"VpcId":{"Fn::GetAtt":["Network","Outputs.VpcId"]}}}"#]].assert_eq(&stacks(&design));
}

#[test]
fn with_the_child_a_stack_lists_its_outputs_and_resources() {
    expect![[r#"
        network {"type":"nested_stack","template_url":"network.yaml","parameters":{"CidrBlock":"10.20.0.0/16"},"outputs":["VpcId","SubnetA","SubnetB","FunctionGroup"],"resources":[{"logical_id":"Vpc","resource_type":"AWS::EC2::VPC"},{"logical_id":"SubnetA","resource_type":"AWS::EC2::Subnet"},{"logical_id":"SubnetB","resource_type":"AWS::EC2::Subnet"},{"logical_id":"FunctionGroup","resource_type":"AWS::EC2::SecurityGroup"}]}
        network-outputs-subneta {"type":"external","of":"subnet","source":{"stack_output":"Network.Outputs.SubnetA"}}
        network-outputs-subnetb {"type":"external","of":"subnet","source":{"stack_output":"Network.Outputs.SubnetB"}}
        network-outputs-functiongroup {"type":"external","of":"security_group","source":{"stack_output":"Network.Outputs.FunctionGroup"}}
        app {"type":"nested_stack","template_url":"https://templates-${AWS::Region}.s3.amazonaws.com/app.yaml","parameters":{"Environment":"test","QueueUrl":{"Ref":"Queue"},"VpcId":{"Fn::GetAtt":["Network","Outputs.VpcId"]}}}"#]].assert_eq(&stacks(&with_child()));
}

#[test]
fn the_nested_design_validates() {
    expect![[r#"
        I0002 info: "Network.Outputs.SubnetA" is an existing Subnet from nested stack output Network.Outputs.SubnetA, known only at deploy time; "Worker" depends on it, and rules that need its properties skip what depends on it [Network.Outputs.SubnetA, Worker]
            fix: It is known once the nested stack deploys; vpcraft does not yet follow a value into the stack that makes it.
        I0002 info: "Network.Outputs.SubnetB" is an existing Subnet from nested stack output Network.Outputs.SubnetB, known only at deploy time; "Worker" depends on it, and rules that need its properties skip what depends on it [Network.Outputs.SubnetB, Worker]
            fix: It is known once the nested stack deploys; vpcraft does not yet follow a value into the stack that makes it.
        I0002 info: "Network.Outputs.FunctionGroup" is an existing Security group from nested stack output Network.Outputs.FunctionGroup, known only at deploy time; "Worker" depends on it, and rules that need its properties skip what depends on it [Network.Outputs.FunctionGroup, Worker]
            fix: It is known once the nested stack deploys; vpcraft does not yet follow a value into the stack that makes it.
    "#]].assert_eq(&render(&validate(&with_child())));
}

#[test]
fn the_export_reads_the_outputs_of_the_stacks_it_deploys() {
    let yaml = cfn::render(&with_child(), Format::Yaml, &[]);
    expect_test::expect_file!["fixtures/cfn/nested/exported.yaml"].assert_eq(&yaml);
}

/// A design's resources without the logical IDs a first import records
/// (a re-import of vpcraft's own template knows them by design ID).
fn comparable(design: &Design) -> serde_json::Value {
    let mut value = serde_json::to_value(&design.resources).unwrap();
    for resource in value.as_array_mut().unwrap() {
        resource.as_object_mut().unwrap().remove("logical_id");
    }
    value
}

#[test]
fn a_nested_design_survives_a_round_trip() {
    for design in [with_child(), cfn::import(&fixture("parent.yaml")).unwrap().design] {
        for format in [Format::Yaml, Format::Json] {
            let text = cfn::render(&design, format, &[]);
            let back = cfn::import(&text).unwrap().design;
            assert_eq!(comparable(&back), comparable(&design), "{format:?}");
        }
    }
}

#[test]
fn a_child_that_is_no_template_is_named_in_a_warning() {
    let parent = fixture("parent.yaml");
    let children = HashMap::from([("network.yaml".to_owned(), "[not yaml".to_owned())]);
    let imported =
        cfn::import_with(&parent, &ImportOptions { children, ..ImportOptions::default() }).unwrap();
    let warnings: Vec<String> =
        imported.warnings.iter().map(|w| format!("{}: {}", w.logical_id, w.message)).collect();
    expect!["Network: its template network.yaml was not read: line 2, column 1: did not find expected ',' or ']'"].assert_eq(&warnings.join("\n"));
}

#[test]
fn a_stack_whose_template_was_read_is_a_box_of_its_resources_under_the_drawing() {
    use vpcraft_core::layout::{geometry::ICON_NODE_H, stack_box};
    let design = with_child();
    let rect_of = |id: &str| design.layout.positions[&vpcraft_core::ResourceId::new(id)];
    let (network, app) = (rect_of("network"), rect_of("app"));
    assert_eq!((network.w, network.h), stack_box::size(4));
    assert_eq!(app.h, ICON_NODE_H, "a stack without its template stays an icon");
    for (id, rect) in &design.layout.positions {
        if id.as_str() != "network" {
            assert!(
                rect.y + rect.h <= network.y,
                "{id} at {rect:?} is not above the box {network:?}"
            );
        }
    }
}
