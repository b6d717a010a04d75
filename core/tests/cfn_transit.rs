//! Transit gateways, in one hub-and-spoke design
//! (`fixtures/cfn/transit.json`): two VPCs attached to one transit gateway,
//! each routing the other's addresses to it. A flow between them is judged
//! hop by hop through both route tables, both attachments (a subnet in the
//! zone of each end) and the gateway. The design exports as a golden
//! template (linted by `cfn_tools`) and a re-import gives the same design
//! back; templates of others import their attachments in their subnets and
//! their routes to a transit gateway of another stack.
//! `UPDATE_EXPECT=1 cargo test -p vpcraft-core --test cfn_transit` rewrites
//! the golden template after an intended change.

mod common;

use common::{assert_round_trip, cfn_design, render, verdicts};
use expect_test::expect;
use vpcraft_core::cfn::{self, Format};
use vpcraft_core::model::{Kind, KindTag};
use vpcraft_core::validate;

#[test]
fn the_transit_design_validates() {
    expect![""].assert_eq(&render(&validate(&cfn_design("transit"))));
}

#[test]
fn a_flow_between_vpcs_passes_through_the_transit_gateway() {
    expect![[r#"
        f-api-db on 5432: api (source) → api-sg (egress allows tcp/5432 to db) → spoke-rt (routes to transit gateway "core-tgw") → tgw-spoke (attachment subnet in zone b) → tgw (transit gateway) → hub-rt (routes to transit gateway "core-tgw") → tgw-hub (attachment subnet in zone a) → db-sg (ingress admits tcp/5432 from "api") → db (target)
        f-api-eni on 5432: api (source) → api-sg (egress allows tcp/5432 to db-eni) → spoke-rt (routes to transit gateway "core-tgw") → tgw-spoke (attachment subnet in zone b) → tgw (transit gateway) → hub-rt (routes to transit gateway "core-tgw") → tgw-hub (attachment subnet in zone a) → db-sg (ingress admits tcp/5432 from "api") → eni-db (target)"#]].assert_eq(&verdicts(&cfn_design("transit")));
}

#[test]
fn a_zone_without_an_attachment_subnet_or_a_missing_route_blocks_the_flow() {
    let mut design = cfn_design("transit");
    for r in &mut design.resources {
        match (&mut r.kind, r.id.as_str()) {
            (Kind::TransitGatewayAttachment(a), "tgw-spoke") => {
                a.subnets.retain(|s| s.as_str() != "spoke-b")
            }
            (Kind::RouteTable(rt), "hub-rt") => rt.routes.clear(),
            _ => {}
        }
    }
    expect![[r#"
        f-api-db on 5432: blocked: transit gateway attachment "tgw-spoke" has no subnet in zone b of subnet "spoke-b", so its traffic cannot enter transit gateway "core-tgw" [Attach "tgw-spoke" to subnet "spoke-b" as well]; route table "hub-rt" of subnet "hub-a" has no route to 10.1.1.0/24 through transit gateway "core-tgw" [Route 10.1.1.0/24 to transit gateway "core-tgw" in "hub-rt"]
        f-api-eni on 5432: blocked: transit gateway attachment "tgw-spoke" has no subnet in zone b of subnet "spoke-b", so its traffic cannot enter transit gateway "core-tgw" [Attach "tgw-spoke" to subnet "spoke-b" as well]; route table "hub-rt" of subnet "hub-a" has no route to 10.1.1.0/24 through transit gateway "core-tgw" [Route 10.1.1.0/24 to transit gateway "core-tgw" in "hub-rt"]"#]].assert_eq(&verdicts(&design));
}

#[test]
fn the_transit_design_exports_as_a_golden_template() {
    let yaml = cfn::render(&cfn_design("transit"), Format::Yaml, &[]);
    expect_test::expect_file!["fixtures/cfn/golden/transit.yaml"].assert_eq(&yaml);
}

#[test]
fn the_transit_design_survives_a_round_trip() {
    assert_round_trip(&cfn_design("transit"));
}

#[test]
fn attachments_and_routes_of_other_templates_import() {
    // A spoke stack as the transit gateway samples write it: the gateway
    // of a network account by parameter, a VPC attachment of the newer
    // type in two subnets, and a route to the gateway that waits for it.
    let template = r#"
Parameters:
  TransitGatewayId: {Type: String}
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.2.0.0/16}}
  SubnetA: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.2.0.0/24, AvailabilityZone: !Select [0, !GetAZs ""]}}
  SubnetB: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.2.1.0/24, AvailabilityZone: !Select [1, !GetAZs ""]}}
  Attachment:
    Type: AWS::EC2::TransitGatewayVpcAttachment
    Properties: {TransitGatewayId: !Ref TransitGatewayId, VpcId: !Ref Vpc, SubnetIds: [!Ref SubnetA, !Ref SubnetB]}
  Table: {Type: AWS::EC2::RouteTable, Properties: {VpcId: !Ref Vpc}}
  ToCorp:
    Type: AWS::EC2::Route
    DependsOn: Attachment
    Properties: {RouteTableId: !Ref Table, DestinationCidrBlock: 10.0.0.0/8, TransitGatewayId: !Ref TransitGatewayId}
"#;
    let imported = cfn::import(template).unwrap();
    let kinds = [
        KindTag::TransitGateway,
        KindTag::TransitGatewayAttachment,
        KindTag::RouteTable,
        KindTag::External,
        KindTag::Generic,
    ];
    let shown: Vec<String> = imported
        .design
        .resources
        .iter()
        .filter(|r| kinds.contains(&r.kind.tag()))
        .map(|r| format!("{} {}", r.id, serde_json::to_string(&r.kind).unwrap()))
        .chain(imported.warnings.iter().map(|w| format!("warning {}: {}", w.logical_id, w.message)))
        .collect();
    expect![[r#"
        transit-gateway-id {"type":"external","of":"transit_gateway","source":{"parameter":"TransitGatewayId"}}
        attachment {"type":"transit_gateway_attachment","transit_gateway":"transit-gateway-id","vpc":"vpc","subnets":["subnet-a","subnet-b"]}
        table {"type":"route_table","vpc":"vpc","main":false,"routes":[{"destination":{"cidr":"10.0.0.0/8"},"target":"transit-gateway-id"}],"associations":[]}"#]].assert_eq(&shown.join("\n"));
}

#[test]
fn flow_logs_of_other_templates_import() {
    // As rain's VPC sample writes it: a VPC's rejected traffic to a log
    // group through a role of the template (which stays a role).
    let template = r#"
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.3.0.0/16}}
  Logs: {Type: AWS::Logs::LogGroup}
  Role: {Type: AWS::IAM::Role, Properties: {AssumeRolePolicyDocument: {}}}
  FlowLog:
    Type: AWS::EC2::FlowLog
    Properties:
      LogDestinationType: cloud-watch-logs
      LogGroupName: !Ref Logs
      DeliverLogsPermissionArn: !GetAtt Role.Arn
      ResourceId: !Ref Vpc
      ResourceType: VPC
      TrafficType: REJECT
"#;
    let design = cfn::import(template).unwrap().design;
    let shown: Vec<String> = design
        .resources
        .iter()
        .filter(|r| r.kind.tag() == KindTag::FlowLog)
        .map(|r| format!("{} {}", r.id, serde_json::to_string(&r.kind).unwrap()))
        .collect();
    expect![[r#"flow-log {"type":"flow_log","resource":"vpc","traffic_type":"reject","destination":"logs"}"#]].assert_eq(&shown.join("\n"));
}
