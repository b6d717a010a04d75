//! IPv6, in one dual-stack design (`fixtures/cfn/ipv6.json`): a VPC with an
//! Amazon-provided IPv6 block, a public subnet whose `::/0` route goes to
//! the internet gateway and a private one whose `::/0` route goes to an
//! egress-only internet gateway, an IPv6 network ACL and security-group
//! rules by `CidrIpv6`. Flows to and from the internet over IPv6 are judged
//! as over IPv4: out through the egress-only gateway is permitted, in
//! through it is not. The design exports as a golden template (linted by
//! `cfn_tools`) and a re-import gives the same design back; templates of
//! others import their IPv6 blocks, routes and ACL entries.
//! `UPDATE_EXPECT=1 cargo test -p vpcraft-core --test cfn_ipv6` rewrites
//! the golden template after an intended change.

mod common;

use common::{assert_round_trip, cfn_design, render, verdicts};
use expect_test::expect;
use vpcraft_core::cfn::{self, Format};
use vpcraft_core::model::{Flow, Kind, KindTag, Protocol, ResourceId};
use vpcraft_core::validate;

fn flow(id: &str, source: &str, target: &str) -> Flow {
    Flow {
        id: ResourceId::new(id),
        source: ResourceId::new(source),
        target: ResourceId::new(target),
        protocol: Protocol::Tcp,
        port: Some(443),
        inferred: false,
        label: String::new(),
    }
}

#[test]
fn the_ipv6_design_validates() {
    expect![""].assert_eq(&render(&validate(&cfn_design("ipv6"))));
}

#[test]
fn ipv6_flows_are_judged_as_ipv4_ones() {
    expect![[r#"
        f-app-out on 443: app (source) → app-sg (egress allows tcp/443 to ::/0) → private-acl (network ACL rule 100 allows outbound tcp/443) → private-acl (network ACL "private-acl" allows the response inbound on tcp 1024-65535) → private-rt (::/0 → egress-only internet gateway "eigw") → eigw (egress-only internet gateway (outbound only)) → internet6 (internet)
        f-in-web on 443: internet6 (source) → igw (internet gateway) → public-rt (::/0 → internet gateway "igw") → web-sg (ingress admits tcp/443 from "the internet (IPv6)") → web (IPv6 address)"#]].assert_eq(&verdicts(&cfn_design("ipv6")));
}

#[test]
fn the_internet_gets_no_connection_in_through_an_egress_only_gateway() {
    let mut design = cfn_design("ipv6");
    design.flows = vec![flow("f-in-app", "internet6", "app")];
    expect![[r#"f-in-app on 443: blocked: subnet "private-a" routes ::/0 to egress-only internet gateway "eigw", which lets no connection in from the internet (outbound only); network ACL "private-acl" of subnet "private-a" blocks inbound tcp/443 from ::/0: no rule allows it [Allow inbound tcp/443 for ::/0 in "private-acl"]; network ACL "private-acl" of subnet "private-a" blocks the response of tcp/443: outbound tcp on the ephemeral ports 1024-65535 to ::/0: no rule allows it; network ACLs are stateless [Allow outbound tcp 1024-65535 for the response in "private-acl"]; security group "app-sg" of "app" does not admit tcp/443 from "the internet (IPv6)" [Admit tcp/443 from "the internet (IPv6)" in "app-sg"]"#]].assert_eq(&verdicts(&design));
}

#[test]
fn ipv6_traffic_needs_ipv6_routes_rules_and_acl_entries() {
    let mut design = cfn_design("ipv6");
    for r in &mut design.resources {
        match (&mut r.kind, r.id.as_str()) {
            // IPv4 routes, rules and entries say nothing about IPv6.
            (Kind::RouteTable(rt), "private-rt") => rt.routes.clear(),
            (Kind::SecurityGroup(sg), "web-sg") => {
                sg.ingress[0].peer = vpcraft_core::model::SgPeer::Cidr(Default::default());
            }
            (Kind::NetworkAcl(acl), _) => {
                acl.entries.retain(|e| e.cidr.network().is_ipv4());
            }
            (Kind::Subnet(s), "public-a") => s.ipv6 = None,
            _ => {}
        }
    }
    expect![[r#"
        f-app-out on 443: blocked: network ACL "private-acl" of subnet "private-a" blocks outbound tcp/443 to ::/0: no rule allows it [Allow outbound tcp/443 for ::/0 in "private-acl"]; network ACL "private-acl" of subnet "private-a" blocks the response of tcp/443: inbound tcp on the ephemeral ports 1024-65535 from ::/0: no rule allows it; network ACLs are stateless [Allow inbound tcp 1024-65535 for the response in "private-acl"]; route table "private-rt" of subnet "private-a" has no route to ::/0 [Route ::/0 of "private-rt" to Egress-only internet gateway "eigw"]
        f-in-web on 443: blocked: subnet "public-a" of "web" has no IPv6 block, so it has no IPv6 address; security group "web-sg" of "web" does not admit tcp/443 from "the internet (IPv6)" [Admit tcp/443 from "the internet (IPv6)" in "web-sg"]"#]].assert_eq(&verdicts(&design));
}

#[test]
fn the_ipv6_design_exports_as_a_golden_template() {
    let yaml = cfn::render(&cfn_design("ipv6"), Format::Yaml, &[]);
    expect_test::expect_file!["fixtures/cfn/golden/ipv6.yaml"].assert_eq(&yaml);
}

#[test]
fn the_ipv6_design_survives_a_round_trip() {
    assert_round_trip(&cfn_design("ipv6"));
}

#[test]
fn ipv6_of_other_templates_imports() {
    // As cfn-lint's functions_cidr and the dual-stack samples write them:
    // an Amazon-provided block, subnets carving /64s from it with
    // `Fn::Cidr`, an egress-only gateway, IPv6 routes and ACL entries.
    let template = r#"
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  Ipv6VPCCidrBlock:
    Type: AWS::EC2::VPCCidrBlock
    Properties: {VpcId: !Ref Vpc, AmazonProvidedIpv6CidrBlock: true}
  SubnetA:
    Type: AWS::EC2::Subnet
    DependsOn: Ipv6VPCCidrBlock
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.0.0.0/24
      AssignIpv6AddressOnCreation: true
      Ipv6CidrBlock: !Select [2, !Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks], 4, 64]]
  SubnetB:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24, Ipv6CidrBlock: "2001:db8:1234:1a01::/64"}
  Eigw: {Type: AWS::EC2::EgressOnlyInternetGateway, Properties: {VpcId: !Ref Vpc}}
  Table: {Type: AWS::EC2::RouteTable, Properties: {VpcId: !Ref Vpc}}
  Out6:
    Type: AWS::EC2::Route
    Properties: {RouteTableId: !Ref Table, DestinationIpv6CidrBlock: "::/0", EgressOnlyInternetGatewayId: !Ref Eigw}
  Acl: {Type: AWS::EC2::NetworkAcl, Properties: {VpcId: !Ref Vpc}}
  Acl6:
    Type: AWS::EC2::NetworkAclEntry
    Properties: {NetworkAclId: !Ref Acl, RuleNumber: 101, Protocol: -1, RuleAction: allow, Egress: true, Ipv6CidrBlock: "::/0"}
"#;
    let imported = cfn::import(template).unwrap();
    let kinds = [
        KindTag::Vpc,
        KindTag::Subnet,
        KindTag::EgressOnlyInternetGateway,
        KindTag::RouteTable,
        KindTag::NetworkAcl,
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
        vpc {"type":"vpc","cidr_blocks":["10.0.0.0/16"],"enable_dns_support":true,"enable_dns_hostnames":false,"ipv6":"amazon_provided"}
        subnet-a {"type":"subnet","az":"vpc-az-a","cidr":"10.0.0.0/24","map_public_ip_on_launch":false,"ipv6":{"index":2}}
        subnet-b {"type":"subnet","az":"vpc-az-a","cidr":"10.0.1.0/24","map_public_ip_on_launch":false,"ipv6":{"cidr":"2001:db8:1234:1a01::/64"}}
        eigw {"type":"egress_only_internet_gateway","vpc":"vpc"}
        table {"type":"route_table","vpc":"vpc","main":false,"routes":[{"destination":{"cidr6":"::/0"},"target":"eigw"}],"associations":[]}
        acl {"type":"network_acl","vpc":"vpc","entries":[{"rule_number":101,"egress":true,"protocol":"all","ports":null,"cidr":"::/0","action":"allow"}],"associations":[]}"#]].assert_eq(&shown.join("\n"));
}
