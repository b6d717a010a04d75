//! The instance, Auto Scaling, database, cache and file-system kinds on
//! constructed responses: what lies in selected subnets is drawn across
//! them, what does not is left out, a group's instances are the group, and
//! a function's environment naming a data store's DNS name is a flow.

use super::{check, function_in, group, subnet, vpc};
use crate::map::{MountTarget, Snapshot};
use aws_sdk_autoscaling::types as autoscaling;
use aws_sdk_ec2::types as ec2;
use aws_sdk_efs::types as efs;
use aws_sdk_elasticache::types as elasticache;
use aws_sdk_elasticloadbalancingv2::types as elb;
use aws_sdk_lambda::types as lambda;
use aws_sdk_rds::types as rds;
use expect_test::expect;

const TG_ARN: &str =
    "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/73e2d6bc24d8a067";
const DB_HOST: &str = "orders.c9akciq32.us-east-1.rds.amazonaws.com";
const CACHE_HOST: &str = "sessions.abc123.0001.use1.cache.amazonaws.com";

fn rds_subnets(ids: &[&str]) -> Vec<rds::Subnet> {
    ids.iter().map(|id| rds::Subnet::builder().subnet_identifier(*id).build()).collect()
}

/// A VPC over two zones (and another VPC's subnet, not selected) holding
/// one of each kind, and one database outside the selection.
fn snapshot() -> Snapshot {
    let v = "vpc-a";
    let db_group = rds::DbSubnetGroup::builder()
        .db_subnet_group_name("data")
        .vpc_id(v)
        .set_subnets(Some(rds_subnets(&["subnet-a", "subnet-b"])))
        .build();
    let elsewhere = rds::DbSubnetGroup::builder()
        .db_subnet_group_name("other")
        .vpc_id("vpc-z")
        .set_subnets(Some(rds_subnets(&["subnet-z"])))
        .build();
    let membership =
        |id: &str| rds::VpcSecurityGroupMembership::builder().vpc_security_group_id(id).build();
    let web_instance = |id: &str, group: Option<&str>| {
        let mut i = ec2::Instance::builder()
            .instance_id(id)
            .instance_type(ec2::InstanceType::T3Small)
            .image_id("ami-1")
            .subnet_id("subnet-a")
            .security_groups(ec2::GroupIdentifier::builder().group_id("sg-web").build());
        i = match group {
            Some(g) => {
                i.tags(ec2::Tag::builder().key("aws:autoscaling:groupName").value(g).build())
            }
            None => i
                .tags(ec2::Tag::builder().key("Name").value("bastion").build())
                .public_ip_address("54.0.0.1")
                .iam_instance_profile(
                    ec2::IamInstanceProfile::builder()
                        .arn("arn:aws:iam::123456789012:instance-profile/ops/bastion")
                        .build(),
                ),
        };
        i.build()
    };
    Snapshot {
        region: "us-east-1".into(),
        vpcs: vec![vpc(v, "10.0.0.0/16", "prod")],
        subnets: vec![
            subnet("subnet-a", v, "us-east-1a", "10.0.1.0/24", "app-a"),
            subnet("subnet-b", v, "us-east-1b", "10.0.2.0/24", "app-b"),
        ],
        security_groups: vec![group("sg-web", v, "web"), group("sg-db", v, "db")],
        target_groups: vec![
            elb::TargetGroup::builder()
                .target_group_arn(TG_ARN)
                .target_group_name("web")
                .target_type(elb::TargetTypeEnum::Instance)
                .vpc_id(v)
                .port(80)
                .build(),
        ],
        target_health: [(
            TG_ARN.to_owned(),
            vec![
                elb::TargetHealthDescription::builder()
                    .target(elb::TargetDescription::builder().id("i-member1").build())
                    .build(),
            ],
        )]
        .into(),
        instances: vec![web_instance("i-bastion", None), web_instance("i-member1", Some("web"))],
        launch_templates: vec![
            ec2::LaunchTemplateVersion::builder()
                .launch_template_id("lt-1")
                .launch_template_name("web")
                .launch_template_data(
                    ec2::ResponseLaunchTemplateData::builder()
                        .instance_type(ec2::InstanceType::T3Small)
                        .image_id("ami-1")
                        .security_group_ids("sg-web")
                        .build(),
                )
                .build(),
        ],
        auto_scaling_groups: vec![
            autoscaling::AutoScalingGroup::builder()
                .auto_scaling_group_name("web")
                .launch_template(
                    autoscaling::LaunchTemplateSpecification::builder()
                        .launch_template_id("lt-1")
                        .build(),
                )
                .min_size(2)
                .max_size(4)
                .desired_capacity(2)
                .vpc_zone_identifier("subnet-a,subnet-b")
                .target_group_arns(TG_ARN)
                .instances(autoscaling::Instance::builder().instance_id("i-member1").build())
                .build(),
        ],
        db_instances: vec![
            rds::DbInstance::builder()
                .db_instance_identifier("orders")
                .engine("postgres")
                .db_instance_class("db.t3.small")
                .allocated_storage(50)
                .storage_type("io1")
                .iops(3000)
                .multi_az(true)
                .publicly_accessible(false)
                .endpoint(rds::Endpoint::builder().address(DB_HOST).port(5432).build())
                .db_subnet_group(db_group.clone())
                .vpc_security_groups(membership("sg-db"))
                .build(),
            rds::DbInstance::builder()
                .db_instance_identifier("ledger-1")
                .engine("aurora-postgresql")
                .db_instance_class("db.r6g.large")
                .db_cluster_identifier("ledger")
                .publicly_accessible(false)
                .db_subnet_group(db_group.clone())
                .build(),
            rds::DbInstance::builder()
                .db_instance_identifier("elsewhere")
                .engine("mysql")
                .db_subnet_group(elsewhere.clone())
                .build(),
        ],
        db_clusters: vec![
            rds::DbCluster::builder()
                .db_cluster_identifier("ledger")
                .engine("aurora-postgresql")
                .db_subnet_group("data")
                .storage_type("aurora-iopt1")
                .port(5432)
                .vpc_security_groups(membership("sg-db"))
                .db_cluster_members(
                    rds::DbClusterMember::builder()
                        .db_instance_identifier("ledger-1")
                        .is_cluster_writer(true)
                        .build(),
                )
                .build(),
        ],
        db_subnet_groups: vec![db_group, elsewhere],
        cache_clusters: vec![
            elasticache::CacheCluster::builder()
                .cache_cluster_id("sessions")
                .engine("redis")
                .cache_node_type("cache.t3.micro")
                .num_cache_nodes(1)
                .cache_subnet_group_name("cache")
                .security_groups(
                    elasticache::SecurityGroupMembership::builder()
                        .security_group_id("sg-db")
                        .build(),
                )
                .cache_nodes(
                    elasticache::CacheNode::builder()
                        .endpoint(
                            elasticache::Endpoint::builder().address(CACHE_HOST).port(6379).build(),
                        )
                        .build(),
                )
                .build(),
        ],
        cache_subnet_groups: vec![
            elasticache::CacheSubnetGroup::builder()
                .cache_subnet_group_name("cache")
                .vpc_id(v)
                .subnets(elasticache::Subnet::builder().subnet_identifier("subnet-b").build())
                .build(),
        ],
        file_systems: vec![
            efs::FileSystemDescription::builder()
                .owner_id("123456789012")
                .creation_token("shared")
                .file_system_id("fs-1")
                .creation_time(aws_smithy_types::DateTime::from_secs(0))
                .life_cycle_state(efs::LifeCycleState::Available)
                .number_of_mount_targets(2)
                .size_in_bytes(efs::FileSystemSize::builder().value(0).build())
                .performance_mode(efs::PerformanceMode::GeneralPurpose)
                .throughput_mode(efs::ThroughputMode::Provisioned)
                .provisioned_throughput_in_mibps(64.0)
                .set_tags(Some(Vec::new()))
                .name("shared")
                .encrypted(true)
                .build()
                .unwrap(),
        ],
        mount_targets: ["subnet-a", "subnet-b"]
            .iter()
            .map(|s| MountTarget {
                target: efs::MountTargetDescription::builder()
                    .mount_target_id(format!("fsmt-{s}"))
                    .file_system_id("fs-1")
                    .subnet_id(*s)
                    .vpc_id(v)
                    .life_cycle_state(efs::LifeCycleState::Available)
                    .build()
                    .unwrap(),
                security_groups: vec!["sg-db".into()],
            })
            .collect(),
        functions: vec![
            function_in("checkout", v, "subnet-a", "sg-web")
                .environment(
                    lambda::EnvironmentResponse::builder()
                        .variables("DATABASE_URL", format!("postgres://app@{DB_HOST}:5433/orders"))
                        .variables("CACHE", CACHE_HOST.to_uppercase())
                        .variables("FILES", "fs-1.efs.us-east-1.amazonaws.com")
                        .variables("OTHER", "db.example.com:5432")
                        .build(),
                )
                .build(),
        ],
        ..Snapshot::default()
    }
}

#[test]
fn instances_groups_and_data_stores_are_drawn_across_their_subnets() {
    check(
        &snapshot(),
        expect![[r#"
            vpc-a vpc "prod" {"cidr_blocks":["10.0.0.0/16"],"enable_dns_support":true,"enable_dns_hostnames":true}
            vpc-a-us-east-1a availability_zone "us-east-1a" {"vpc":"vpc-a","zone":"a"}
            vpc-a-us-east-1b availability_zone "us-east-1b" {"vpc":"vpc-a","zone":"b"}
            subnet-a subnet "app-a" {"az":"vpc-a-us-east-1a","cidr":"10.0.1.0/24","map_public_ip_on_launch":false}
            subnet-b subnet "app-b" {"az":"vpc-a-us-east-1b","cidr":"10.0.2.0/24","map_public_ip_on_launch":false}
            sg-web security_group "web" {"vpc":"vpc-a","description":"web tier","ingress":[],"egress":[]}
            sg-db security_group "db" {"vpc":"vpc-a","description":"db tier","ingress":[],"egress":[]}
            tg-web-73e2d6bc24d8a067 target_group "web" {"target_type":"instance","vpc":"vpc-a","port":80,"targets":["asg-web"]}
            lt-1 launch_template "web" {"instance_type":"t3.small","image_id":"ami-1","security_groups":["sg-web"]}
            asg-web auto_scaling_group "web" {"launch_template":"lt-1","subnets":["subnet-a","subnet-b"],"min_size":2,"max_size":4,"desired_capacity":2}
            i-bastion ec2_instance "bastion" {"instance_type":"t3.small","image_id":"ami-1","subnet":"subnet-a","security_groups":["sg-web"],"public_ip":true,"instance_profile":"bastion"}
            fn-checkout lambda_function "checkout" {"runtime":"python3.12","handler":"app.handler","memory_mb":128,"timeout_s":3,"environment":{"CACHE":"SESSIONS.ABC123.0001.USE1.CACHE.AMAZONAWS.COM","DATABASE_URL":"postgres://app@orders.c9akciq32.us-east-1.rds.amazonaws.com:5433/orders","FILES":"fs-1.efs.us-east-1.amazonaws.com","OTHER":"db.example.com:5432"},"vpc_config":{"subnets":["subnet-a"],"security_groups":["sg-web"]},"role":{}}
            rds-orders rds_instance "orders" {"engine":"postgres","instance_class":"db.t3.small","subnets":["subnet-a","subnet-b"],"security_groups":["sg-db"],"port":5432,"publicly_accessible":false,"multi_az":true,"allocated_storage":50,"storage_type":"io1","iops":3000}
            aurora-ledger db_cluster "ledger" {"engine":"aurora-postgresql","instance_class":"db.r6g.large","instances":1,"subnets":["subnet-a","subnet-b"],"security_groups":["sg-db"],"port":5432,"publicly_accessible":false,"storage_type":"aurora-iopt1"}
            cache-sessions cache_cluster "sessions" {"engine":"redis","node_type":"cache.t3.micro","nodes":1,"replication_group":false,"subnets":["subnet-b"],"security_groups":["sg-db"],"port":6379}
            fs-1 efs_file_system "shared" {"encrypted":true,"subnets":["subnet-a","subnet-b"],"security_groups":["sg-db"],"throughput_mode":"provisioned","provisioned_throughput_mibps":64.0}
            flow-1: fn-checkout -> cache-sessions tcp/6379 (environment CACHE)
            flow-2: fn-checkout -> rds-orders tcp/5433 (environment DATABASE_URL)
            flow-3: fn-checkout -> fs-1 tcp/2049 (environment FILES)
        "#]],
    );
}
