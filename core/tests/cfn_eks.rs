//! EKS clusters and managed node groups: the fixture design
//! `fixtures/cfn/eks.json` (a cluster with private and public API
//! endpoints in two zones, a node group, a function in the VPC calling
//! the API) validates, its flows pass hop by hop, a blocked flow is
//! resolved by its quick fix, and it exports as a golden template that
//! imports back unchanged; a template written as published samples write
//! them imports with its clusters and node groups.
//! `UPDATE_EXPECT=1 cargo test -p vpcraft-core --test cfn_eks` rewrites
//! the expectations after an intended change.

mod common;

use common::{assert_round_trip, cfn_design, flow_lines, render, resource_lines, verdicts};
use expect_test::expect;
use vpcraft_core::cfn::{self, Format};
use vpcraft_core::model::{Flow, Kind, Protocol, RdsInstance, Resource, SecurityGroup};
use vpcraft_core::{Design, reach, validate};

fn flow(id: &str, source: &str, target: &str, port: u16) -> Flow {
    Flow {
        id: id.into(),
        source: source.into(),
        target: target.into(),
        protocol: Protocol::Tcp,
        port: Some(port),
        inferred: false,
        label: String::new(),
    }
}

/// Applies the quick fix of every blocker of one flow.
fn apply_fixes(design: &mut Design, flow: &str) {
    let report =
        reach::analyze(design).into_iter().find(|r| r.flow.as_str() == flow).expect("the flow");
    let reach::Verdict::Blocked { blockers, .. } = report.verdict else {
        panic!("{flow} is not blocked");
    };
    for blocker in blockers {
        if let Some(fix) = &blocker.quick_fix {
            fix.apply(design).unwrap();
        }
    }
}

/// The verdict line of one flow.
fn verdict(design: &Design, flow: &str) -> String {
    verdicts(design).lines().find(|l| l.starts_with(&format!("{flow} on "))).unwrap().to_owned()
}

#[test]
fn the_eks_design_validates() {
    expect![[r#"
        I2012 info: NAT gateways "nat-a" and "nat-b", one per zone, cost $77.86 a month; NAT gateway "nat-a" shared by every zone would cost $39.27 including $0.10 for 5 GB a month crossing into zone a, but the other zones would lose internet access when zone a fails [nat-a, nat-b]
            fix: Where resilience to a zone failure matters less than $38.59 a month, route every private subnet to "nat-a" and remove the other NAT gateways.
            quick fix: Share NAT gateway "nat-a" and remove "nat-b"
    "#]].assert_eq(&render(&validate(&cfn_design("eks"))));
}

#[test]
fn flows_reach_the_api_through_the_private_endpoint_and_the_nodes_through_the_cluster_group() {
    expect![[r#"
        f-deploy on 443: deployer (source) → fn-sg (egress allows tcp/443 to platform) → vpc (local route) → cluster-sg (ingress admits tcp/443 from "deployer") → eks (private API endpoint)
        f-nodes-api on 443: nodes (source) → eks (cluster security group of "platform" allows all egress) → vpc (local route) → eks (cluster security group of "platform" admits all traffic from the cluster and its nodes) → eks (private API endpoint)
        f-kubelet on 10250: eks (source) → eks (cluster security group of "platform" allows all egress) → vpc (local route) → eks (cluster security group of "platform" admits all traffic from the cluster and its nodes) → nodes (target)
        f-nodes-out on 443: nodes (source) → eks (cluster security group of "platform" allows all egress) → private-rt-a (0.0.0.0/0 → NAT gateway "nat-a") → nat-a (NAT gateway) → igw (internet gateway) → private-rt-b (0.0.0.0/0 → NAT gateway "nat-b") → nat-b (NAT gateway) → internet (internet)"#]].assert_eq(&verdicts(&cfn_design("eks")));
}

#[test]
fn without_the_private_endpoint_the_restricted_public_one_blocks_and_the_fix_turns_it_back_on() {
    let mut design = cfn_design("eks");
    for r in &mut design.resources {
        if let Kind::EksCluster(c) = &mut r.kind {
            c.endpoint_private = false;
        }
    }
    expect![[r#"f-deploy on 443: blocked: the public API endpoint of EKS cluster "platform" admits only 203.0.113.0/24, and the public address of "deployer" is not known to be among them [Turn on the private API endpoint of "platform"]"#]].assert_eq(&verdict(&design, "f-deploy"));
    apply_fixes(&mut design, "f-deploy");
    expect![[r#"f-deploy on 443: deployer (source) → fn-sg (egress allows tcp/443 to platform) → vpc (local route) → cluster-sg (ingress admits tcp/443 from "deployer") → eks (private API endpoint)"#]].assert_eq(&verdict(&design, "f-deploy"));
}

#[test]
fn the_private_endpoint_needs_the_vpc_dns_and_the_fix_turns_it_on() {
    let mut design = cfn_design("eks");
    for r in &mut design.resources {
        if let Kind::Vpc(vpc) = &mut r.kind {
            vpc.enable_dns_hostnames = false;
        }
    }
    expect![[r#"f-deploy on 443: blocked: the private API endpoint of EKS cluster "platform" resolves only in a VPC with DNS support and DNS hostnames on, and VPC "main" has DNS hostnames off [Turn on DNS hostnames for VPC "main"]"#]].assert_eq(&verdict(&design, "f-deploy"));
    apply_fixes(&mut design, "f-deploy");
    assert!(verdict(&design, "f-deploy").ends_with("eks (private API endpoint)"));
}

#[test]
fn the_internet_reaches_the_public_endpoint_only_when_it_admits_every_address() {
    let mut design = cfn_design("eks");
    design.flows.push(flow("f-admin", "internet", "eks", 443));
    expect![[r#"f-admin on 443: blocked: the public API endpoint of EKS cluster "platform" admits only 203.0.113.0/24, not the whole internet"#]].assert_eq(&verdict(&design, "f-admin"));
    for r in &mut design.resources {
        if let Kind::EksCluster(c) = &mut r.kind {
            c.public_access_cidrs.clear();
        }
    }
    expect!["f-admin on 443: internet (source) → eks (public API endpoint)"]
        .assert_eq(&verdict(&design, "f-admin"));
    // With every address admitted, W6005 warns.
    expect![[r#"
        W6005 warning: the public API endpoint of EKS cluster "platform" admits every address (0.0.0.0/0) [platform]
            fix: Restrict the public access CIDRs to known addresses, or turn the public endpoint off and use the private one.
            quick fix: Use only the private API endpoint of "platform" (from inside its VPC)
        I2012 info: NAT gateways "nat-a" and "nat-b", one per zone, cost $77.86 a month; NAT gateway "nat-a" shared by every zone would cost $39.27 including $0.10 for 5 GB a month crossing into zone a, but the other zones would lose internet access when zone a fails [nat-a, nat-b]
            fix: Where resilience to a zone failure matters less than $38.59 a month, route every private subnet to "nat-a" and remove the other NAT gateways.
            quick fix: Share NAT gateway "nat-a" and remove "nat-b"
    "#]].assert_eq(&render(&validate(&design)));
}

#[test]
fn the_nodes_are_in_no_group_of_the_design_and_are_admitted_by_their_subnets() {
    // The database's group admits nothing; the quick fix admits the block
    // holding both node subnets, since the nodes' cluster security group
    // is not in the design.
    let mut design = cfn_design("eks");
    let mut db_sg = SecurityGroup::new("vpc".into());
    db_sg.description = "Security group of the database".into();
    design.resources.push(Resource::new("db-sg", "db-sg", db_sg));
    let db = RdsInstance {
        subnets: vec!["private-a".into(), "private-b".into()],
        security_groups: vec!["db-sg".into()],
        ..RdsInstance::default()
    };
    design.resources.push(Resource::new("db", "orders", db));
    design.flows.push(flow("f-nodes-db", "nodes", "db", 5432));
    expect![[r#"f-nodes-db on 5432: blocked: security group "db-sg" of "orders" does not admit tcp/5432 from "general" [Admit tcp/5432 from "general" in "db-sg"]"#]].assert_eq(&verdict(&design, "f-nodes-db"));
    apply_fixes(&mut design, "f-nodes-db");
    let Some(Kind::SecurityGroup(sg)) = design.resource(&"db-sg".into()).map(|r| &r.kind) else {
        panic!("the database's group is gone");
    };
    expect![[r#"[{"protocol":"tcp","ports":{"from":5432,"to":5432},"peer":{"cidr":"10.0.10.0/23"},"description":"from general"}]"#]].assert_eq(&serde_json::to_string(&sg.ingress).unwrap());
    expect![[r#"f-nodes-db on 5432: nodes (source) → eks (cluster security group of "platform" allows all egress) → vpc (local route) → db-sg (ingress admits tcp/5432 from "general") → db (target)"#]].assert_eq(&verdict(&design, "f-nodes-db"));
    // Nothing but the cluster reaches the nodes without a rule outside the
    // design.
    design.flows.push(flow("f-db-nodes", "db", "nodes", 8080));
    expect![[r#"f-db-nodes on 8080: blocked: the nodes of node group "general" are only in the cluster security group of "platform", which admits only the cluster and its nodes unless a rule added outside the design admits tcp/8080 from "orders""#]].assert_eq(&verdict(&design, "f-db-nodes"));
}

#[test]
fn the_eks_design_exports_as_a_golden_template() {
    let yaml = cfn::render(&cfn_design("eks"), Format::Yaml, &[]);
    expect_test::expect_file!["fixtures/cfn/golden/eks.yaml"].assert_eq(&yaml);
}

#[test]
fn the_eks_design_survives_a_round_trip() {
    assert_round_trip(&cfn_design("eks"));
}

/// The clusters and node groups of a template, as the design holds them,
/// and its inferred flows.
fn imported_eks(template: &str) -> String {
    let imported = cfn::import(template).unwrap();
    let design = imported.design;
    let mut lines = resource_lines(&design, |k| {
        matches!(k, Kind::EksCluster(_) | Kind::EksNodeGroup(_) | Kind::External(_))
    });
    lines.extend(flow_lines(&design));
    lines.extend(
        imported.warnings.iter().map(|w| format!("warning {}: {}", w.logical_id, w.message)),
    );
    lines.join("\n")
}

#[test]
fn clusters_and_node_groups_of_other_templates_import() {
    // As the published samples write them: a role of the template by
    // `GetAtt`, the version a parameter with a default, endpoint flags as
    // strings, sizes as strings, a node group of a cluster named by
    // parameter (known only at deploy time), `Fn::If` choosing the public
    // access CIDRs, and a node group's launch template, which is not kept
    // (a warning says so).
    let template = r#"
Parameters:
  KubernetesVersion: {Type: String, Default: "1.30"}
  ExistingCluster: {Type: String}
  AdminCidr: {Type: String}
  Restrict: {Type: String, Default: "yes"}
Conditions:
  Restricted: !Equals [!Ref Restrict, "yes"]
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  SubnetA: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24, AvailabilityZone: !Select [0, !GetAZs ""]}}
  SubnetB: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24, AvailabilityZone: !Select [1, !GetAZs ""]}}
  ControlPlaneSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: control plane, VpcId: !Ref Vpc}
  ClusterRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{Effect: Allow, Principal: {Service: eks.amazonaws.com}, Action: sts:AssumeRole}]
      ManagedPolicyArns: [!Sub "arn:${AWS::Partition}:iam::aws:policy/AmazonEKSClusterPolicy"]
  Cluster:
    Type: AWS::EKS::Cluster
    Properties:
      Name: demo
      Version: !Ref KubernetesVersion
      RoleArn: !GetAtt ClusterRole.Arn
      ResourcesVpcConfig:
        SubnetIds: [!Ref SubnetA, !Ref SubnetB]
        SecurityGroupIds: [!Ref ControlPlaneSecurityGroup]
        EndpointPrivateAccess: "true"
        EndpointPublicAccess: "true"
        PublicAccessCidrs: !If [Restricted, [!Ref AdminCidr], !Ref AWS::NoValue]
  NodeGroup:
    Type: AWS::EKS::Nodegroup
    Properties:
      ClusterName: !Ref Cluster
      NodegroupName: workers
      NodeRole: arn:aws:iam::123456789012:role/eks-nodes
      Subnets: [!Ref SubnetA, !Ref SubnetB]
      InstanceTypes: [m5.large]
      ScalingConfig: {MinSize: "1", MaxSize: "3", DesiredSize: "2"}
      LaunchTemplate: {Id: !Ref NodeTemplate}
  NodeTemplate:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        MetadataOptions: {HttpTokens: required}
  Elsewhere:
    Type: AWS::EKS::Nodegroup
    Properties:
      ClusterName: !Ref ExistingCluster
      NodeRole: arn:aws:iam::123456789012:role/eks-nodes
      Subnets: [!Ref SubnetA]
"#;
    expect![[r#"
        cluster {"type":"eks_cluster","version":"1.30","subnets":["subnet-a","subnet-b"],"security_groups":["control-plane-security-group"],"endpoint_public":true,"endpoint_private":true,"public_access_cidrs":["${AdminCidr}"],"role":"${ClusterRole.Arn}"}
        node-group {"type":"eks_node_group","cluster":"cluster","subnets":["subnet-a","subnet-b"],"instance_types":["m5.large"],"min_size":1,"max_size":3,"desired_size":2,"role":"arn:aws:iam::123456789012:role/eks-nodes"}
        existing-cluster {"type":"external","of":"eks_cluster","source":{"parameter":"ExistingCluster"}}
        elsewhere {"type":"eks_node_group","cluster":"existing-cluster","subnets":["subnet-a"],"min_size":1,"max_size":2,"desired_size":1,"role":"arn:aws:iam::123456789012:role/eks-nodes"}
        warning NodeGroup: the node group's launch template is not kept: its nodes are judged as members of the cluster security group, not of the template's security groups"#]].assert_eq(&imported_eks(template));
}

#[test]
fn a_cluster_is_priced_by_the_hour_and_a_node_group_as_its_instances() {
    let estimate = vpcraft_core::cost::estimate(&cfn_design("eks"));
    let lines: Vec<String> = estimate
        .lines
        .iter()
        .filter(|l| ["eks", "nodes"].contains(&l.resource.as_str()))
        .map(|l| format!("{}: {} = ${:.2}", l.resource, l.description, l.monthly_usd))
        .collect();
    expect![[r#"
        eks: EKS cluster hours = $73.00
        nodes: 2 × t3.large on-demand = $133.15"#]]
    .assert_eq(&lines.join("\n"));
    assert!(estimate.assumptions.iter().any(|a| a.contains("eks.cluster_hour")));
}
