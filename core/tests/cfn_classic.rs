//! Classic load balancers (`AWS::ElasticLoadBalancing::LoadBalancer`), in
//! one design (`fixtures/cfn/classic.json`): an internet-facing classic load
//! balancer in two public subnets forwards HTTP and HTTPS to port 8080 of an
//! instance and an Auto Scaling group in private subnets. Its flows are
//! judged hop by hop through its listener, its security group's egress and
//! its instances' ingress; a flow on a port it has no listener for is
//! blocked with the listener to add. The design exports as a golden
//! template (linted and deployed to moto by `cfn_tools`) that imports back
//! unchanged, and templates written by others (a default-VPC balancer
//! placed by zones, Auto Scaling groups registering by name) import their
//! balancers with their listeners and instances.
//! `UPDATE_EXPECT=1 cargo test -p vpcraft-core --test cfn_classic` rewrites
//! the expectations after an intended change.

mod common;

use common::{assert_round_trip, cfn_design, flow_lines, render, resource_lines, verdicts};
use expect_test::expect;
use vpcraft_core::cfn::{self, Format};
use vpcraft_core::model::{Flow, Kind, Protocol};
use vpcraft_core::{reach, validate};

#[test]
fn the_classic_design_validates_without_findings() {
    expect![""].assert_eq(&render(&validate(&cfn_design("classic"))));
}

#[test]
fn flows_through_a_classic_load_balancer_reach_every_instance_on_the_instance_port() {
    expect![[r#"
        f-http on 80: internet (source) → clb-sg (ingress admits tcp/80 from "0.0.0.0/0") → clb (listener on port 80 to instance port 8080) → app-sg (ingress admits tcp/8080 from "legacy-web") → app (target on tcp/8080) → app-sg (ingress admits tcp/8080 from "legacy-web") → workers (target on tcp/8080)
        f-https on 443: internet (source) → clb-sg (ingress admits tcp/443 from "0.0.0.0/0") → clb (listener on port 443 to instance port 8080) → app-sg (ingress admits tcp/8080 from "legacy-web") → app (target on tcp/8080) → app-sg (ingress admits tcp/8080 from "legacy-web") → workers (target on tcp/8080)"#]].assert_eq(&verdicts(&cfn_design("classic")));
}

#[test]
fn a_port_without_a_listener_is_blocked_and_its_quick_fix_adds_the_listener() {
    let mut design = cfn_design("classic");
    design.flows.push(Flow {
        id: "f-alt".into(),
        source: "internet".into(),
        target: "clb".into(),
        protocol: Protocol::Tcp,
        port: Some(8443),
        inferred: false,
        label: String::new(),
    });
    let report = reach::analyze(&design).into_iter().find(|r| r.flow.as_str() == "f-alt").unwrap();
    let reach::Verdict::Blocked { blockers, .. } = &report.verdict else {
        panic!("port 8443 has no listener: {report:?}");
    };
    let shown: Vec<String> = blockers
        .iter()
        .map(|b| {
            let fix = b
                .quick_fix
                .as_ref()
                .map_or(String::new(), |f| format!(" (quick fix: {})", f.title));
            format!("{} {:?}{fix}", b.message, b.resources)
        })
        .collect();
    expect![[r#"
        security group "clb-sg" of "legacy-web" does not admit tcp/8443 from "0.0.0.0/0" [ResourceId("clb-sg"), ResourceId("clb")] (quick fix: Admit tcp/8443 from "0.0.0.0/0" in "clb-sg")
        load balancer "legacy-web" has no listener on port 8443 (only 80, 443) [ResourceId("clb")] (quick fix: Add a listener on port 8443 to "legacy-web", forwarding to instance port 8080)"#]].assert_eq(&shown.join("\n"));
    for blocker in blockers {
        if let Some(fix) = &blocker.quick_fix {
            fix.apply(&mut design).unwrap();
        }
    }
    let Some(Kind::LoadBalancer(lb)) = design.resource(&"clb".into()).map(|r| &r.kind) else {
        panic!("the load balancer is gone");
    };
    assert_eq!(lb.classic_listeners.last().map(|l| (l.port, l.instance_port)), Some((8443, 8080)));
    // With both quick fixes applied, the flow passes.
    expect![[r#"f-alt on 8443: internet (source) → clb-sg (ingress admits tcp/8443 from "0.0.0.0/0") → clb (listener on port 8443 to instance port 8080) → app-sg (ingress admits tcp/8080 from "legacy-web") → app (target on tcp/8080) → app-sg (ingress admits tcp/8080 from "legacy-web") → workers (target on tcp/8080)"#]].assert_eq(
        verdicts(&design).lines().find(|l| l.starts_with("f-alt ")).unwrap(),
    );
}

#[test]
fn the_classic_design_exports_as_a_golden_template() {
    let yaml = cfn::render(&cfn_design("classic"), Format::Yaml, &[]);
    expect_test::expect_file!["fixtures/cfn/golden/classic.yaml"].assert_eq(&yaml);
}

#[test]
fn the_classic_design_survives_a_round_trip() {
    assert_round_trip(&cfn_design("classic"));
}

/// The load balancers of a template, as the design holds them, and its
/// inferred flows.
fn imported_balancers(template: &str) -> String {
    let design = cfn::import(template).unwrap().design;
    let mut lines = resource_lines(&design, |k| matches!(k, Kind::LoadBalancer(_)));
    lines.extend(flow_lines(&design));
    lines.join("\n")
}

#[test]
fn classic_load_balancers_of_other_templates_import_with_listeners_and_instances() {
    // As the published samples write them: a balancer of the default VPC
    // placed by zones, strings for ports, an SSL listener whose
    // certificate is a parameter, and an Auto Scaling group registering by
    // name.
    let template = r#"
Parameters:
  CertificateArn: {Type: String}
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
        - {IpProtocol: tcp, FromPort: 8080, ToPort: 8080, SourceSecurityGroupId: !Ref LbGroup}
  Internal:
    Type: AWS::ElasticLoadBalancing::LoadBalancer
    Properties:
      Scheme: internal
      Subnets: [!Ref SubnetA, !Ref SubnetB]
      SecurityGroups: [!Ref LbGroup]
      Listeners:
        - {LoadBalancerPort: "443", InstancePort: "8080", Protocol: SSL, InstanceProtocol: TCP, SSLCertificateId: !Ref CertificateArn}
        - {LoadBalancerPort: "80", InstancePort: "8080", Protocol: http}
  Config:
    Type: AWS::AutoScaling::LaunchConfiguration
    Properties: {ImageId: ami-0123456789abcdef0, InstanceType: t3.large, SecurityGroups: [!Ref WebGroup]}
  Web:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      LaunchConfigurationName: !Ref Config
      VPCZoneIdentifier: [!Ref SubnetA, !Ref SubnetB]
      MinSize: "2"
      MaxSize: "6"
      LoadBalancerNames: [!Ref Internal]
  Solo:
    Type: AWS::EC2::Instance
    Properties: {ImageId: ami-0123456789abcdef0, InstanceType: t3.micro}
  DefaultVpc:
    Type: AWS::ElasticLoadBalancing::LoadBalancer
    Properties:
      AvailabilityZones: !GetAZs ""
      CrossZone: true
      Instances: [!Ref Solo]
      Listeners: [{LoadBalancerPort: 80, InstancePort: 80, Protocol: HTTP}]
      HealthCheck: {Target: "HTTP:80/", HealthyThreshold: "3", UnhealthyThreshold: "5", Interval: "30", Timeout: "5"}
"#;
    expect![[r#"
        internal {"type":"load_balancer","lb_type":"classic","scheme":"internal","subnets":["subnet-a","subnet-b"],"security_groups":["lb-group"],"classic_listeners":[{"port":443,"protocol":"TLS","instance_port":8080,"instance_protocol":"TCP","certificate":"${CertificateArn}"},{"port":80,"protocol":"HTTP","instance_port":8080}],"instances":["web"]}
        default-vpc {"type":"load_balancer","lb_type":"classic","scheme":"internet_facing","subnets":[],"security_groups":[],"classic_listeners":[{"port":80,"protocol":"HTTP","instance_port":80}],"instances":["solo"]}
        flow internal → web on Some(8080) (WebGroup admits LbGroup)"#]].assert_eq(&imported_balancers(template));
}
