//! The kinds that fill real VPCs, in one design (`fixtures/cfn/kinds.json`):
//! EC2 instances in a public and a private subnet, and an Auto Scaling
//! group of a launch template spanning two private subnets, both targets of
//! a load balancer. The design validates without findings (every flow permitted,
//! hop by hop through its groups, ACLs and routes), exports as a golden
//! template (linted and deployed to moto by `cfn_tools`), and a re-import
//! gives the same design back. Templates written by others import their
//! instances into their subnets with their groups, and their Auto Scaling
//! groups with their launch templates or configurations and target groups.
//! `UPDATE_EXPECT=1 cargo test -p vpcraft-core --test cfn_kinds` rewrites
//! the golden template after an intended change.

mod common;

use common::{assert_round_trip, cfn_design, flow_lines, render, resource_lines};
use expect_test::expect;
use vpcraft_core::cfn::{self, Format};
use vpcraft_core::model::Kind;
use vpcraft_core::{reach, validate};

/// The design has no problem; only the cost advice weighs its NAT
/// gateway per zone against one shared.
#[test]
fn the_kinds_design_validates_with_only_cost_advice() {
    expect![[r#"
        I2012 info: NAT gateways "nat-a" and "nat-b", one per zone, cost $78.34 a month; NAT gateway "nat-a" shared by every zone would cost $39.75 including $0.10 for 5 GB a month crossing into zone a, but the other zones would lose internet access when zone a fails [nat-a, nat-b]
            fix: Where resilience to a zone failure matters less than $38.59 a month, route every private subnet to "nat-a" and remove the other NAT gateways.
            quick fix: Share NAT gateway "nat-a" and remove "nat-b"
    "#]].assert_eq(&render(&validate(&cfn_design("kinds"))));
}

#[test]
fn flows_to_and_from_instances_are_judged_hop_by_hop() {
    let design = cfn_design("kinds");
    let reports = reach::analyze(&design);
    let paths: Vec<String> = reports
        .iter()
        .map(|r| match &r.verdict {
            reach::Verdict::Permitted { path } => format!(
                "{}: {}",
                r.flow,
                path.iter()
                    .map(|h| format!("{} ({})", h.resource, h.step))
                    .collect::<Vec<_>>()
                    .join(" → ")
            ),
            reach::Verdict::Blocked { blockers, .. } => format!("{}: blocked {blockers:?}", r.flow),
        })
        .collect();
    expect![[r#"
        f-internet-alb: internet (source) → alb-sg (ingress admits tcp/80 from "0.0.0.0/0") → http (listener on port 80) → app-tg (target group) → app-sg (ingress admits tcp/8080 from "alb") → app (target on tcp/8080) → app-sg (ingress admits tcp/8080 from "alb") → workers (target on tcp/8080)
        f-alb-app: alb (source) → alb-sg (egress allows tcp/8080 to app) → vpc (local route) → app-sg (ingress admits tcp/8080 from "alb") → app (target)
        f-internet-web: internet (source) → igw (internet gateway) → public-rt (0.0.0.0/0 → internet gateway "igw") → web-sg (ingress admits tcp/443 from "the internet") → web (public IP address)
        f-web-app: web (source) → web-sg (egress allows tcp/8080 to app) → vpc (local route) → app-sg (ingress admits tcp/8080 from "web") → app (target)
        f-app-internet: app (source) → app-sg (egress allows tcp/443 to 0.0.0.0/0) → private-rt (0.0.0.0/0 → NAT gateway "nat-a") → nat-a (NAT gateway) → igw (internet gateway) → internet (internet)
        f-alb-workers: alb (source) → alb-sg (egress allows tcp/8080 to workers) → vpc (local route) → app-sg (ingress admits tcp/8080 from "alb") → workers (target)
        f-workers-internet: workers (source) → app-sg (egress allows tcp/443 to 0.0.0.0/0) → private-rt (0.0.0.0/0 → NAT gateway "nat-a") → nat-a (NAT gateway) → igw (internet gateway) → private-rt-b (0.0.0.0/0 → NAT gateway "nat-b") → nat-b (NAT gateway) → internet (internet)"#]].assert_eq(&paths.join("\n"));
}

#[test]
fn the_kinds_design_exports_as_a_golden_template() {
    let yaml = cfn::render(&cfn_design("kinds"), Format::Yaml, &[]);
    expect_test::expect_file!["fixtures/cfn/golden/kinds.yaml"].assert_eq(&yaml);
}

#[test]
fn the_kinds_design_survives_a_round_trip() {
    assert_round_trip(&cfn_design("kinds"));
}

/// The instances of a template written by hand, as the design holds them.
fn imported_instances(template: &str) -> String {
    let design = cfn::import(template).unwrap().design;
    resource_lines(&design, |k| matches!(k, Kind::Ec2Instance(_))).join("\n")
}

#[test]
fn instances_of_other_templates_import_into_their_subnets() {
    let template = r#"
Parameters:
  LatestAmiId:
    Type: AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>
    Default: /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64
  KeyName: {Type: String, Default: ""}
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  Subnet: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24, MapPublicIpOnLaunch: true}}
  Group:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: web, VpcId: !Ref Vpc}
  Profile: {Type: AWS::IAM::InstanceProfile, Properties: {Roles: [some-role]}}
  Plain:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: !Ref LatestAmiId
      InstanceType: m5.large
      SubnetId: !Ref Subnet
      SecurityGroupIds: [!GetAtt Group.GroupId]
      IamInstanceProfile: !Ref Profile
  Interface:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-0123456789abcdef0
      NetworkInterfaces:
        - DeviceIndex: "0"
          AssociatePublicIpAddress: "false"
          SubnetId: !Ref Subnet
          GroupSet: [!Ref Group]
  DefaultVpc:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-0123456789abcdef0
      SecurityGroups: [default]
"#;
    expect![[r#"
        plain {"type":"ec2_instance","instance_type":"m5.large","subnet":"subnet","security_groups":["group"],"instance_profile":"${Profile}"}
        interface {"type":"ec2_instance","instance_type":"t3.micro","image_id":"ami-0123456789abcdef0","subnet":"subnet","security_groups":["group"],"public_ip":false}
        default-vpc {"type":"ec2_instance","instance_type":"t3.micro","image_id":"ami-0123456789abcdef0","security_groups":[]}"#]].assert_eq(&imported_instances(template));
}

#[test]
fn auto_scaling_groups_of_other_templates_import_with_their_templates_and_targets() {
    let template = r#"
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  SubnetA: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24, AvailabilityZone: !Select [0, !GetAZs ""]}}
  SubnetB: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24, AvailabilityZone: !Select [1, !GetAZs ""]}}
  LbGroup:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: lb, VpcId: !Ref Vpc}
  WebGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web
      VpcId: !Ref Vpc
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 80, ToPort: 80, SourceSecurityGroupId: !Ref LbGroup}
  Lb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: {Subnets: [!Ref SubnetA, !Ref SubnetB], SecurityGroups: [!Ref LbGroup]}
  Tg:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties: {Port: 80, Protocol: HTTP, VpcId: !Ref Vpc}
  Listener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Lb
      Port: 80
      Protocol: HTTP
      DefaultActions: [{Type: forward, TargetGroupArn: !Ref Tg}]
  Config:
    Type: AWS::AutoScaling::LaunchConfiguration
    Properties:
      ImageId: ami-0123456789abcdef0
      InstanceType: t3.large
      SecurityGroups: [!Ref WebGroup]
      AssociatePublicIpAddress: true
  Web:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      LaunchConfigurationName: !Ref Config
      VPCZoneIdentifier: [!Ref SubnetA, !Ref SubnetB]
      MinSize: "2"
      MaxSize: "6"
      TargetGroupARNs: [!Ref Tg]
"#;
    let design = cfn::import(template).unwrap().design;
    let mut shown = resource_lines(&design, |k| {
        matches!(k, Kind::LaunchTemplate(_) | Kind::AutoScalingGroup(_) | Kind::TargetGroup(_))
    });
    shown.extend(flow_lines(&design));
    expect![[r#"
        tg {"type":"target_group","target_type":"instance","vpc":"vpc","port":80,"targets":["web"]}
        config {"type":"launch_template","instance_type":"t3.large","image_id":"ami-0123456789abcdef0","security_groups":["web-group"],"public_ip":true}
        web {"type":"auto_scaling_group","launch_template":"config","subnets":["subnet-a","subnet-b"],"min_size":2,"max_size":6}
        flow lb → web on Some(80) (WebGroup admits LbGroup)"#]].assert_eq(&shown.join("\n"));
}
