//! The reader against moto's server for the kinds that fill real VPCs: an
//! EC2 instance, a launch template with an Auto Scaling group behind a
//! target group, an RDS database, an Aurora cluster, an ElastiCache
//! cluster and an EFS file system with a mount target per zone, built
//! through their own APIs, and a function whose environment names the
//! database and the cache.

mod common;

use aws_sdk_autoscaling::types as autoscaling;
use aws_sdk_ec2::types as ec2;
use aws_sdk_elasticloadbalancingv2::types as elb;
use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types as lambda;
use common::{Moto, normalized};
use expect_test::expect;
use vpcraft_aws::{Selection, read};

/// Tags a resource with a name.
async fn name(ec2: &aws_sdk_ec2::Client, id: &str, name: &str) {
    let tag = ec2::Tag::builder().key("Name").value(name).build();
    ec2.create_tags().resources(id).tags(tag).send().await.unwrap();
}

/// Builds the fixture and returns its VPC's ID.
async fn three_tier(moto: &Moto) -> String {
    let config = moto.config().await;
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let vpc = ec2.create_vpc().cidr_block("10.2.0.0/16").send().await.unwrap();
    let vpc = vpc.vpc().and_then(|v| v.vpc_id()).unwrap().to_owned();
    name(&ec2, &vpc, "shop").await;
    let mut subnets = Vec::new();
    for (label, zone, cidr) in
        [("app-a", "us-east-1a", "10.2.1.0/24"), ("app-b", "us-east-1b", "10.2.2.0/24")]
    {
        let subnet = ec2
            .create_subnet()
            .vpc_id(&vpc)
            .availability_zone(zone)
            .cidr_block(cidr)
            .send()
            .await
            .unwrap();
        let id = subnet.subnet().and_then(|s| s.subnet_id()).unwrap().to_owned();
        name(&ec2, &id, label).await;
        subnets.push(id);
    }
    let mut groups = Vec::new();
    for label in ["web", "db", "cache", "files", "fn"] {
        let group = ec2
            .create_security_group()
            .group_name(label)
            .description(format!("{label} tier"))
            .vpc_id(&vpc)
            .send()
            .await
            .unwrap();
        groups.push(group.group_id().unwrap().to_owned());
    }
    let [web, db, cache, files, function_group] = &groups[..] else { unreachable!() };
    let admit = |port: i32, from: &str| {
        ec2::IpPermission::builder()
            .ip_protocol("tcp")
            .from_port(port)
            .to_port(port)
            .user_id_group_pairs(ec2::UserIdGroupPair::builder().group_id(from).build())
            .build()
    };
    for (group, permission) in [
        (db, admit(5432, web)),
        (db, admit(5432, function_group)),
        (cache, admit(6379, function_group)),
        (files, admit(2049, web)),
    ] {
        ec2.authorize_security_group_ingress()
            .group_id(group)
            .ip_permissions(permission)
            .send()
            .await
            .unwrap();
    }

    // An instance of its own, and a group of two behind a target group.
    let images = ec2.describe_images().send().await.unwrap();
    let image = images.images()[0].image_id().unwrap().to_owned();
    let bastion = ec2
        .run_instances()
        .image_id(&image)
        .instance_type(ec2::InstanceType::T3Nano)
        .min_count(1)
        .max_count(1)
        .subnet_id(&subnets[0])
        .security_group_ids(web)
        .send()
        .await
        .unwrap();
    let bastion = bastion.instances()[0].instance_id().unwrap().to_owned();
    name(&ec2, &bastion, "bastion").await;
    let template = ec2
        .create_launch_template()
        .launch_template_name("web")
        .launch_template_data(
            ec2::RequestLaunchTemplateData::builder()
                .image_id(&image)
                .instance_type(ec2::InstanceType::T3Small)
                .security_group_ids(web)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let template = template.launch_template().and_then(|t| t.launch_template_id()).unwrap();
    let elbv2 = aws_sdk_elasticloadbalancingv2::Client::new(&config);
    let tg = elbv2
        .create_target_group()
        .name("web")
        .protocol(elb::ProtocolEnum::Http)
        .port(80)
        .vpc_id(&vpc)
        .target_type(elb::TargetTypeEnum::Instance)
        .send()
        .await
        .unwrap();
    let tg = tg.target_groups()[0].target_group_arn().unwrap().to_owned();
    aws_sdk_autoscaling::Client::new(&config)
        .create_auto_scaling_group()
        .auto_scaling_group_name("web")
        .launch_template(
            autoscaling::LaunchTemplateSpecification::builder()
                .launch_template_id(template)
                .version("$Default")
                .build(),
        )
        .min_size(2)
        .max_size(4)
        .desired_capacity(2)
        .vpc_zone_identifier(subnets.join(","))
        .target_group_arns(&tg)
        .send()
        .await
        .unwrap();

    // The data stores, each in both subnets.
    let rds = aws_sdk_rds::Client::new(&config);
    rds.create_db_subnet_group()
        .db_subnet_group_name("data")
        .db_subnet_group_description("both zones")
        .set_subnet_ids(Some(subnets.clone()))
        .send()
        .await
        .unwrap();
    let orders = rds
        .create_db_instance()
        .db_instance_identifier("orders")
        .engine("postgres")
        .db_instance_class("db.t3.small")
        .allocated_storage(50)
        .master_username("app")
        .master_user_password("not-a-secret-1")
        .db_subnet_group_name("data")
        .vpc_security_group_ids(db)
        .publicly_accessible(false)
        .multi_az(true)
        .send()
        .await
        .unwrap();
    let orders_host =
        orders.db_instance().and_then(|d| d.endpoint()).and_then(|e| e.address()).unwrap();
    rds.create_db_cluster()
        .db_cluster_identifier("ledger")
        .engine("aurora-postgresql")
        .master_username("app")
        .master_user_password("not-a-secret-1")
        .db_subnet_group_name("data")
        .vpc_security_group_ids(db)
        .send()
        .await
        .unwrap();
    for member in ["ledger-1", "ledger-2"] {
        rds.create_db_instance()
            .db_instance_identifier(member)
            .db_cluster_identifier("ledger")
            .engine("aurora-postgresql")
            .db_instance_class("db.r6g.large")
            .send()
            .await
            .unwrap();
    }
    let elasticache = aws_sdk_elasticache::Client::new(&config);
    elasticache
        .create_cache_subnet_group()
        .cache_subnet_group_name("cache")
        .cache_subnet_group_description("both zones")
        .set_subnet_ids(Some(subnets.clone()))
        .send()
        .await
        .unwrap();
    elasticache
        .create_cache_cluster()
        .cache_cluster_id("sessions")
        .engine("redis")
        .cache_node_type("cache.t3.micro")
        .num_cache_nodes(1)
        .cache_subnet_group_name("cache")
        .security_group_ids(cache)
        .send()
        .await
        .unwrap();
    let efs = aws_sdk_efs::Client::new(&config);
    let fs = efs
        .create_file_system()
        .creation_token("shared")
        .encrypted(true)
        .tags(aws_sdk_efs::types::Tag::builder().key("Name").value("shared").build().unwrap())
        .send()
        .await
        .unwrap();
    for subnet in &subnets {
        efs.create_mount_target()
            .file_system_id(fs.file_system_id())
            .subnet_id(subnet)
            .security_groups(files)
            .send()
            .await
            .unwrap();
    }

    // A function that names the database by URL and the cache by host.
    let caches =
        elasticache.describe_cache_clusters().show_cache_node_info(true).send().await.unwrap();
    let cache_host = caches.cache_clusters()[0]
        .cache_nodes()
        .first()
        .and_then(|n| n.endpoint())
        .and_then(|e| e.address())
        .map(str::to_owned);
    let mut environment = lambda::Environment::builder()
        .variables("DATABASE_URL", format!("postgres://app@{orders_host}:5432/orders"));
    if let Some(host) = &cache_host {
        environment = environment.variables("CACHE_HOST", host);
    }
    aws_sdk_lambda::Client::new(&config)
        .create_function()
        .function_name("checkout")
        .runtime(lambda::Runtime::Python312)
        .role(moto.lambda_role("checkout"))
        .handler("app.handler")
        .code(lambda::FunctionCode::builder().zip_file(Blob::new(b"PK\x05\x06".to_vec())).build())
        .vpc_config(
            lambda::VpcConfig::builder()
                .set_subnet_ids(Some(subnets.clone()))
                .security_group_ids(function_group)
                .build(),
        )
        .environment(environment.build())
        .send()
        .await
        .unwrap();
    vpc
}

#[tokio::test(flavor = "multi_thread")]
async fn instances_groups_databases_caches_and_file_systems_are_read_into_their_subnets() {
    let moto = Moto::start();
    let vpc = three_tier(&moto).await;
    let config = moto.config().await;
    let imported = read(&config, &Selection::Vpcs(vec![vpc]), &|_| {}).await;
    let warnings: Vec<String> = imported.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings, Vec::<String>::new());
    let text = normalized(&imported.design);
    // Only the lines of the kinds this test is about, and the flows.
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| {
            [" ec2_instance ", " launch_template ", " auto_scaling_group ", " rds_instance "]
                .iter()
                .chain(&[" db_cluster ", " cache_cluster ", " efs_file_system ", " target_group "])
                .any(|k| l.contains(k))
                || l.starts_with("flow-")
        })
        .collect();
    // moto answers a cache cluster without its security groups or nodes
    // (so without a port, and the function gets no CACHE_HOST): the test on
    // constructed responses in src/map/tests/kinds.rs covers those.
    expect![[r#"
        <target_group1> target_group "web" {"target_type":"instance","vpc":"<vpc1>","port":80,"targets":["<auto_scaling_group1>"]}
        <launch_template1> launch_template "web" {"instance_type":"t3.small","image_id":"ami-03cf127a","security_groups":["<security_group2>"]}
        <auto_scaling_group1> auto_scaling_group "web" {"launch_template":"<launch_template1>","subnets":["<subnet1>","<subnet2>"],"min_size":2,"max_size":4,"desired_capacity":2}
        <ec2_instance1> ec2_instance "bastion" {"instance_type":"t3.nano","image_id":"ami-03cf127a","subnet":"<subnet1>","security_groups":["<security_group2>"],"public_ip":false}
        <rds_instance1> rds_instance "orders" {"engine":"postgres","instance_class":"db.t3.small","subnets":["<subnet1>","<subnet2>"],"security_groups":["<security_group3>"],"port":5432,"publicly_accessible":false,"multi_az":true,"allocated_storage":50,"storage_type":"gp2"}
        <db_cluster1> db_cluster "ledger" {"engine":"aurora-postgresql","instance_class":"db.r6g.large","instances":2,"subnets":["<subnet1>","<subnet2>"],"security_groups":["<security_group3>"],"port":5432,"publicly_accessible":false}
        <cache_cluster1> cache_cluster "sessions" {"engine":"redis","node_type":"cache.t3.micro","nodes":1,"replication_group":false,"subnets":["<subnet1>","<subnet2>"],"security_groups":[]}
        <efs_file_system1> efs_file_system "shared" {"encrypted":true,"subnets":["<subnet1>","<subnet2>"],"security_groups":["<security_group5>"]}
        flow-1: <lambda_function1> -> <rds_instance1> tcp/5432 (environment DATABASE_URL)
        flow-2: <auto_scaling_group1> -> <rds_instance1> tcp/5432 (db admits web)
        flow-3: <auto_scaling_group1> -> <db_cluster1> tcp/5432 (db admits web)
        flow-4: <ec2_instance1> -> <rds_instance1> tcp/5432 (db admits web)
        flow-5: <ec2_instance1> -> <db_cluster1> tcp/5432 (db admits web)
        flow-6: <lambda_function1> -> <db_cluster1> tcp/5432 (db admits fn)
        flow-7: <auto_scaling_group1> -> <efs_file_system1> tcp/2049 (files admits web)
        flow-8: <ec2_instance1> -> <efs_file_system1> tcp/2049 (files admits web)
    "#]].assert_eq(&(lines.join("\n") + "\n"));
    let errors: Vec<_> = vpcraft_core::validate(&imported.design)
        .into_iter()
        .filter(|f| f.severity == vpcraft_core::Severity::Error)
        .map(|f| format!("{}: {}", f.rule, f.message))
        .collect();
    assert_eq!(errors, Vec::<String>::new());
}
