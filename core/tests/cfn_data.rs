//! The data tier, in one design (`fixtures/cfn/data.json`): an RDS
//! database, an Aurora cluster, an ElastiCache replication group and an EFS
//! file system, each spanning two isolated subnets behind its security
//! group, called from an EC2 instance and a Lambda function. The design
//! validates without findings (every flow permitted, hop by hop through
//! groups, ACLs and routes), exports as a golden template (linted and
//! deployed to moto by `cfn_tools`), and a re-import gives the same design
//! back. Templates written by others import their databases with the
//! subnets of their subnet groups, fold an Aurora cluster's DB instances
//! into it and a file system's mount targets into it.
//! `UPDATE_EXPECT=1 cargo test -p vpcraft-core --test cfn_data` rewrites
//! the golden template after an intended change.

mod common;

use common::{assert_round_trip, cfn_design, render, resource_lines, verdicts};
use expect_test::expect;
use vpcraft_core::cfn::{self, Format};
use vpcraft_core::model::{Kind, KindTag, SgPeer};
use vpcraft_core::{reach, validate};

#[test]
fn the_data_design_validates_with_only_cost_advice() {
    expect![[r#"
        I2011 info: NAT gateways "nat-a" and "nat-b" of VPC "main" cost $77.38 a month with their Elastic IPs, and no flow passes through them ($0.00 a month without them) [nat-a, nat-b]
            fix: If nothing outside the design needs the internet, serve the AWS services through endpoints and remove the NAT gateways.
            quick fix: Remove NAT gateways "nat-a" and "nat-b" and their routes
    "#]].assert_eq(&render(&validate(&cfn_design("data"))));
}

#[test]
fn flows_to_databases_caches_and_file_systems_are_judged_hop_by_hop() {
    expect![[r#"
        f-app-orders on 5432: app (source) → app-sg (egress allows tcp/5432 to orders) → vpc (local route) → db-sg (ingress admits tcp/5432 from "app") → orders (target)
        f-worker-orders on 5432: worker (source) → fn-sg (egress allows tcp/5432 to orders) → vpc (local route) → db-sg (ingress admits tcp/5432 from "worker") → orders (target)
        f-app-catalog on 3306: app (source) → app-sg (egress allows tcp/3306 to catalog) → vpc (local route) → aurora-sg (ingress admits tcp/3306 from "app") → catalog (target)
        f-app-sessions on 6379: app (source) → app-sg (egress allows tcp/6379 to sessions) → vpc (local route) → cache-sg (ingress admits tcp/6379 from "app") → sessions (target)
        f-app-shared on 2049: app (source) → app-sg (egress allows tcp/2049 to shared) → vpc (local route) → efs-sg (ingress admits tcp/2049 from "app") → shared (target)"#]].assert_eq(&verdicts(&cfn_design("data")));
}

#[test]
fn a_flow_to_a_database_its_group_does_not_admit_is_blocked() {
    let mut design = cfn_design("data");
    // The database's group admits the instance but no longer the function.
    for r in &mut design.resources {
        if let Kind::SecurityGroup(sg) = &mut r.kind
            && r.id.as_str() == "db-sg"
        {
            sg.ingress.retain(|rule| rule.peer != SgPeer::SecurityGroup("fn-sg".into()));
        }
    }
    let reports = reach::analyze(&design);
    let report = reports.iter().find(|r| r.flow.as_str() == "f-worker-orders").unwrap();
    let reach::Verdict::Blocked { blockers, .. } = &report.verdict else {
        panic!("the flow passes: {report:?}");
    };
    let shown: Vec<String> = blockers
        .iter()
        .map(|b| format!("{} | {:?}", b.message, b.quick_fix.as_ref().map(|f| &f.title)))
        .collect();
    expect![[r#"security group "db-sg" of "orders" does not admit tcp/5432 from "worker" | Some("Admit tcp/5432 from \"worker\" in \"db-sg\"")"#]].assert_eq(&shown.join("\n"));
}

#[test]
fn flows_without_a_port_use_the_engines_port() {
    let mut design = cfn_design("data");
    for flow in &mut design.flows {
        flow.port = None;
    }
    let ports: Vec<String> =
        reach::analyze(&design).iter().map(|r| format!("{} {}", r.flow, r.port)).collect();
    expect![[r#"
        f-app-orders 5432
        f-worker-orders 5432
        f-app-catalog 3306
        f-app-sessions 6379
        f-app-shared 2049"#]]
    .assert_eq(&ports.join("\n"));
}

#[test]
fn the_data_design_exports_as_a_golden_template() {
    let yaml = cfn::render(&cfn_design("data"), Format::Yaml, &[]);
    expect_test::expect_file!["fixtures/cfn/golden/data.yaml"].assert_eq(&yaml);
}

#[test]
fn the_data_design_survives_a_round_trip() {
    assert_round_trip(&cfn_design("data"));
}

/// The data kinds of a template written by hand, as the design holds them.
fn imported(template: &str) -> String {
    let design = cfn::import(template).unwrap().design;
    let data =
        [KindTag::RdsInstance, KindTag::DbCluster, KindTag::CacheCluster, KindTag::EfsFileSystem];
    resource_lines(&design, |k| data.contains(&k.tag()) || k.tag() == KindTag::Generic).join("\n")
}

const NETWORK: &str = r#"
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  SubnetA: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24, AvailabilityZone: !Select [0, !GetAZs ""]}}
  SubnetB: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24, AvailabilityZone: !Select [1, !GetAZs ""]}}
  Group: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: db, VpcId: !Ref Vpc}}
"#;

#[test]
fn databases_of_other_templates_import_with_their_subnet_groups() {
    // As the DMS sample of the corpus writes them: a subnet group by `Ref`,
    // an Aurora cluster whose DB instance names the same group, a MySQL
    // instance with its groups by `GetAtt`, one on a subnet group named by
    // a parameter, and a read replica without a group.
    let template = format!(
        r#"
Parameters:
  ExistingGroup: {{Type: String}}
Resources:
{NETWORK}
  SubnetGroup:
    Type: AWS::RDS::DBSubnetGroup
    Properties: {{DBSubnetGroupDescription: db, SubnetIds: [!Ref SubnetA, !Ref SubnetB]}}
  AuroraCluster:
    Type: AWS::RDS::DBCluster
    Properties:
      Engine: aurora-postgresql
      DBSubnetGroupName: !Ref SubnetGroup
      VpcSecurityGroupIds: [!Ref Group]
  AuroraDB:
    Type: AWS::RDS::DBInstance
    Properties:
      DBClusterIdentifier: !Ref AuroraCluster
      DBInstanceClass: db.t3.medium
      DBSubnetGroupName: !Ref SubnetGroup
      Engine: aurora-postgresql
      PubliclyAccessible: false
  MainDB:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: MySQL
      DBInstanceClass: db.m5.large
      AllocatedStorage: "100"
      MultiAZ: "true"
      DBSubnetGroupName: !Ref SubnetGroup
      VPCSecurityGroups: [!GetAtt Group.GroupId]
      Port: "3307"
  Elsewhere:
    Type: AWS::RDS::DBInstance
    Properties: {{Engine: postgres, DBInstanceClass: db.t3.micro, DBSubnetGroupName: !Ref ExistingGroup}}
  Replica:
    Type: AWS::RDS::DBInstance
    Properties: {{SourceDBInstanceIdentifier: !Ref MainDB, DBInstanceClass: db.m5.large}}
"#
    );
    expect![[r#"
        aurora-cluster {"type":"db_cluster","engine":"aurora-postgresql","instance_class":"db.t3.medium","instances":1,"subnets":["subnet-a","subnet-b"],"security_groups":["group"],"publicly_accessible":false}
        main-db {"type":"rds_instance","engine":"mysql","instance_class":"db.m5.large","subnets":["subnet-a","subnet-b"],"security_groups":["group"],"port":3307,"multi_az":true,"allocated_storage":100}
        elsewhere {"type":"rds_instance","engine":"postgres","instance_class":"db.t3.micro","subnets":["external-subnet"],"security_groups":[],"multi_az":false,"allocated_storage":20}
        replica {"type":"rds_instance","engine":"mysql","instance_class":"db.m5.large","subnets":["subnet-a","subnet-b"],"security_groups":[],"multi_az":false,"allocated_storage":20}"#]].assert_eq(&imported(&template));
}

#[test]
fn caches_and_file_systems_of_other_templates_import_into_their_subnets() {
    let template = format!(
        r#"
Resources:
{NETWORK}
  CacheSubnets:
    Type: AWS::ElastiCache::SubnetGroup
    Properties: {{Description: cache, SubnetIds: [!Ref SubnetA, !Ref SubnetB]}}
  Memcached:
    Type: AWS::ElastiCache::CacheCluster
    Properties:
      Engine: memcached
      CacheNodeType: cache.t3.small
      NumCacheNodes: 3
      CacheSubnetGroupName: !Ref CacheSubnets
      VpcSecurityGroupIds: [!GetAtt Group.GroupId]
  Redis:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: redis
      Engine: redis
      CacheNodeType: cache.r6g.large
      NumNodeGroups: 2
      ReplicasPerNodeGroup: 1
      CacheSubnetGroupName: !Ref CacheSubnets
      SecurityGroupIds: [!Ref Group]
  FileSystem: {{Type: AWS::EFS::FileSystem, Properties: {{Encrypted: true}}}}
  MountA:
    Type: AWS::EFS::MountTarget
    Properties: {{FileSystemId: !Ref FileSystem, SubnetId: !Ref SubnetA, SecurityGroups: [!Ref Group]}}
  MountB:
    Type: AWS::EFS::MountTarget
    Properties: {{FileSystemId: !Ref FileSystem, SubnetId: !Ref SubnetB, SecurityGroups: [!GetAtt Group.GroupId]}}
"#
    );
    expect![[r#"
        memcached {"type":"cache_cluster","engine":"memcached","node_type":"cache.t3.small","nodes":3,"replication_group":false,"subnets":["subnet-a","subnet-b"],"security_groups":["group"]}
        redis {"type":"cache_cluster","engine":"redis","node_type":"cache.r6g.large","nodes":4,"replication_group":true,"subnets":["subnet-a","subnet-b"],"security_groups":["group"]}
        file-system {"type":"efs_file_system","encrypted":true,"subnets":["subnet-a","subnet-b"],"security_groups":["group"]}"#]].assert_eq(&imported(&template));
}

#[test]
fn the_internet_reaches_a_database_only_when_it_is_publicly_accessible() {
    use vpcraft_core::model::{
        AwsService, Flow, PortRange, Protocol, Resource, ResourceId, SecurityGroupRule,
    };
    let verdict = |public: Option<bool>| {
        let mut design = cfn_design("data");
        for r in &mut design.resources {
            match (&mut r.kind, r.id.as_str()) {
                (Kind::RdsInstance(db), _) => {
                    db.subnets = vec!["public-a".into(), "public-b".into()];
                    db.publicly_accessible = public;
                }
                (Kind::SecurityGroup(sg), "db-sg") => sg.ingress.push(SecurityGroupRule {
                    protocol: Protocol::Tcp,
                    ports: Some(PortRange::single(5432)),
                    peer: SgPeer::Cidr("0.0.0.0/0".parse().unwrap()),
                    description: "anyone".into(),
                }),
                _ => {}
            }
        }
        let internet = AwsService { service: "internet".into() };
        design.resources.push(Resource::new("internet", "internet", internet));
        design.flows = vec![Flow {
            id: ResourceId::new("f-internet-orders"),
            source: ResourceId::new("internet"),
            target: ResourceId::new("orders"),
            protocol: Protocol::Tcp,
            port: None,
            inferred: false,
            label: String::new(),
        }];
        verdicts(&design)
    };
    // Said, or left to RDS in a VPC with an internet gateway: public.
    let public = "f-internet-orders on 5432: internet (source) → igw (internet gateway) → public-rt (0.0.0.0/0 → internet gateway \"igw\") → db-sg (ingress admits tcp/5432 from \"the internet\") → orders (public IP address)";
    assert_eq!(verdict(Some(true)), public);
    assert_eq!(verdict(None), public);
    expect![[r#"f-internet-orders on 5432: blocked: the internet reaches only internet-facing load balancers, APIs and resources with a public IP address, and RDS database "orders" is not one"#]].assert_eq(&verdict(Some(false)));
}
