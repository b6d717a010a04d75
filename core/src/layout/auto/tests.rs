//! Tests of the automatic layout: the reference architectures, a small
//! design pinned rectangle by rectangle, and a generated 2,000-resource
//! design checked for overlaps, containment and size.

use super::*;
use crate::Resource;
use crate::model::{AvailabilityZone, LambdaFunction, Subnet, Vpc, VpcConfig};

#[test]
fn places_a_hand_written_design_with_containment() {
    let mut design = Design::new("d");
    design.resources.push(Resource::new("vpc", "vpc", Vpc::default()));
    for zone in ["a", "b"] {
        let az = AvailabilityZone { vpc: "vpc".into(), zone: zone.into() };
        design.resources.push(Resource::new(format!("az-{zone}"), zone, az));
        let subnet = Subnet {
            az: format!("az-{zone}").as_str().into(),
            cidr: Some(if zone == "a" { "10.0.0.0/24" } else { "10.0.1.0/24" }.parse().unwrap()),
            map_public_ip_on_launch: false,
            ipv6: None,
        };
        design.resources.push(Resource::new(format!("s-{zone}"), zone, subnet));
    }
    let f = LambdaFunction {
        vpc_config: Some(VpcConfig { subnets: vec!["s-a".into()], security_groups: vec![] }),
        ..LambdaFunction::default()
    };
    design.resources.push(Resource::new("fn", "fn", f));
    place_missing(&mut design);
    let at = |id: &str| design.layout.positions[&ResourceId::from(id)];
    assert!(at("vpc").contains(&at("az-a")) && at("vpc").contains(&at("az-b")));
    assert!(at("az-a").contains(&at("s-a")) && at("az-b").contains(&at("s-b")));
    assert!(at("s-a").contains(&at("fn")));
}

/// The keys of the reference architectures of the specification.
pub(crate) const REFERENCES: [&str; 4] = ["A", "B", "C", "D"];

/// A reference architecture (A to D) with its layout dropped and made
/// again, as the app's starter templates are.
pub(crate) fn reference(key: &str) -> Design {
    let text = match key {
        "A" => include_str!("../../../tests/fixtures/reference/A.json"),
        "B" => include_str!("../../../tests/fixtures/reference/B.json"),
        "C" => include_str!("../../../tests/fixtures/reference/C.json"),
        "D" => include_str!("../../../tests/fixtures/reference/D.json"),
        _ => panic!("no reference architecture {key}"),
    };
    let mut design = crate::parse_design(text).expect("the reference fixtures are valid designs");
    design.layout.positions.clear();
    place_missing(&mut design);
    design
}

#[test]
fn subnets_of_an_existing_vpc_are_drawn_inside_it() {
    let template = r#"
Parameters:
  VpcId: {Type: "AWS::EC2::VPC::Id"}
Resources:
  SubnetA:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref VpcId, CidrBlock: 10.0.1.0/24, AvailabilityZone: !Select [0, !GetAZs ""]}
  SubnetB:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref VpcId, CidrBlock: 10.0.2.0/24, AvailabilityZone: !Select [1, !GetAZs ""]}
  FnSg:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: fn, VpcId: !Ref VpcId}
  Queue: {Type: AWS::SQS::Queue}
"#;
    let design = crate::cfn::import(template).unwrap().design;
    let at = |id: &str| design.layout.positions[&ResourceId::new(id)];
    let vpc = at("vpc-id");
    for held in ["subnet-a", "subnet-b", "fn-sg"] {
        assert!(vpc.contains(&at(held)), "{held} {:?} is not inside {vpc:?}", at(held));
    }
    let zones: Vec<_> = design
        .resources
        .iter()
        .filter(|r| r.kind.tag() == crate::model::KindTag::AvailabilityZone)
        .map(|r| at(r.id.as_str()))
        .collect();
    assert_eq!(zones.len(), 2);
    assert!(zones.iter().all(|z| vpc.contains(z)));
    assert!(!vpc.contains(&at("queue")), "the queue is regional");
}
