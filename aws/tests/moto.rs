//! The reader against moto's server: architecture A is built through the
//! EC2, ELBv2, Lambda and ECS APIs with the Rust SDK itself, then imported,
//! and the design is compared with its IDs normalized (moto makes them up).

mod common;

use aws_sdk_ec2::types::{DomainType, IpPermission, Tag, UserIdGroupPair};
use aws_sdk_elasticloadbalancingv2::types as elb;
use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types as lambda;
use common::{Moto, normalized};
use expect_test::expect;
use vpcraft_aws::{Selection, read};

const QUEUE_URL: &str = "https://sqs.us-east-1.amazonaws.com/123456789012/jobs";

/// What the fixture made that the test looks up.
struct Fixture {
    vpc: String,
}

async fn name(ec2: &aws_sdk_ec2::Client, id: &str, name: &str) {
    ec2.create_tags()
        .resources(id)
        .tags(Tag::builder().key("Name").value(name).build())
        .send()
        .await
        .unwrap();
}

/// Architecture A: a VPC over two zones with public and private subnets,
/// an internet gateway, a NAT gateway with an Elastic IP, route tables, an
/// internal ALB whose listeners forward to a function and an ECS service,
/// and security groups that admit each other.
async fn architecture_a(moto: &Moto) -> Fixture {
    let config = moto.config().await;
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let vpc = ec2.create_vpc().cidr_block("10.0.0.0/16").send().await.unwrap();
    let vpc = vpc.vpc().and_then(|v| v.vpc_id()).unwrap().to_owned();
    name(&ec2, &vpc, "prod").await;
    let mut subnets = Vec::new();
    for (label, zone, cidr) in [
        ("public-a", "us-east-1a", "10.0.0.0/24"),
        ("public-b", "us-east-1b", "10.0.1.0/24"),
        ("private-a", "us-east-1a", "10.0.10.0/24"),
        ("private-b", "us-east-1b", "10.0.11.0/24"),
    ] {
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
    let (public, private) = subnets.split_at(2);
    let igw = ec2.create_internet_gateway().send().await.unwrap();
    let igw = igw.internet_gateway().and_then(|g| g.internet_gateway_id()).unwrap().to_owned();
    name(&ec2, &igw, "igw").await;
    ec2.attach_internet_gateway().internet_gateway_id(&igw).vpc_id(&vpc).send().await.unwrap();
    let eip = ec2.allocate_address().domain(DomainType::Vpc).send().await.unwrap();
    let eip = eip.allocation_id().unwrap().to_owned();
    name(&ec2, &eip, "nat-ip").await;
    let nat =
        ec2.create_nat_gateway().subnet_id(&public[0]).allocation_id(&eip).send().await.unwrap();
    let nat = nat.nat_gateway().and_then(|n| n.nat_gateway_id()).unwrap().to_owned();
    name(&ec2, &nat, "nat-a").await;
    for (label, target, associated) in [("public", &igw, public), ("private", &nat, private)] {
        let table = ec2.create_route_table().vpc_id(&vpc).send().await.unwrap();
        let table = table.route_table().and_then(|t| t.route_table_id()).unwrap().to_owned();
        name(&ec2, &table, label).await;
        let route = ec2.create_route().route_table_id(&table).destination_cidr_block("0.0.0.0/0");
        let route =
            if label == "public" { route.gateway_id(target) } else { route.nat_gateway_id(target) };
        route.send().await.unwrap();
        for subnet in associated {
            ec2.associate_route_table()
                .route_table_id(&table)
                .subnet_id(subnet)
                .send()
                .await
                .unwrap();
        }
    }
    let mut groups = Vec::new();
    for label in ["alb", "fn", "web"] {
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
    let admit = |port: i32, from: &str| {
        IpPermission::builder()
            .ip_protocol("tcp")
            .from_port(port)
            .to_port(port)
            .user_id_group_pairs(UserIdGroupPair::builder().group_id(from).build())
            .build()
    };
    for (group, permission) in
        [(&groups[1], admit(443, &groups[0])), (&groups[2], admit(8080, &groups[0]))]
    {
        ec2.authorize_security_group_ingress()
            .group_id(group)
            .ip_permissions(permission)
            .send()
            .await
            .unwrap();
    }

    let elbv2 = aws_sdk_elasticloadbalancingv2::Client::new(&config);
    let lb = elbv2
        .create_load_balancer()
        .name("api")
        .r#type(elb::LoadBalancerTypeEnum::Application)
        .scheme(elb::LoadBalancerSchemeEnum::Internal)
        .subnets(&private[0])
        .subnets(&private[1])
        .security_groups(&groups[0])
        .send()
        .await
        .unwrap();
    let lb = lb.load_balancers()[0].load_balancer_arn().unwrap().to_owned();
    let web_tg = elbv2
        .create_target_group()
        .name("web")
        .protocol(elb::ProtocolEnum::Http)
        .port(8080)
        .vpc_id(&vpc)
        .target_type(elb::TargetTypeEnum::Ip)
        .send()
        .await
        .unwrap();
    let web_tg = web_tg.target_groups()[0].target_group_arn().unwrap().to_owned();
    let fn_tg = elbv2
        .create_target_group()
        .name("orders")
        .target_type(elb::TargetTypeEnum::Lambda)
        .send()
        .await
        .unwrap();
    let fn_tg = fn_tg.target_groups()[0].target_group_arn().unwrap().to_owned();
    for (port, tg) in [(80, &web_tg), (8443, &fn_tg)] {
        elbv2
            .create_listener()
            .load_balancer_arn(&lb)
            .protocol(elb::ProtocolEnum::Http)
            .port(port)
            .default_actions(
                elb::Action::builder()
                    .r#type(elb::ActionTypeEnum::Forward)
                    .target_group_arn(tg)
                    .build(),
            )
            .send()
            .await
            .unwrap();
    }

    let role = moto.lambda_role("orders");
    let lambda_client = aws_sdk_lambda::Client::new(&config);
    let function = lambda_client
        .create_function()
        .function_name("orders")
        .runtime(lambda::Runtime::Python312)
        .role(role)
        .handler("app.handler")
        .code(lambda::FunctionCode::builder().zip_file(Blob::new(b"PK\x05\x06".to_vec())).build())
        .vpc_config(
            lambda::VpcConfig::builder()
                .subnet_ids(&private[0])
                .subnet_ids(&private[1])
                .security_group_ids(&groups[1])
                .build(),
        )
        .environment(lambda::Environment::builder().variables("QUEUE_URL", QUEUE_URL).build())
        .send()
        .await
        .unwrap();
    let function = function.function_arn().unwrap().to_owned();
    elbv2
        .register_targets()
        .target_group_arn(&fn_tg)
        .targets(elb::TargetDescription::builder().id(&function).build())
        .send()
        .await
        .unwrap();
    // The load balancer may invoke the function, as the console sets up.
    lambda_client
        .add_permission()
        .function_name("orders")
        .statement_id("elb")
        .action("lambda:InvokeFunction")
        .principal("elasticloadbalancing.amazonaws.com")
        .source_arn(&fn_tg)
        .send()
        .await
        .unwrap();

    let ecs = aws_sdk_ecs::Client::new(&config);
    ecs.create_cluster().cluster_name("prod").send().await.unwrap();
    ecs.register_task_definition()
        .family("web")
        .network_mode(aws_sdk_ecs::types::NetworkMode::Awsvpc)
        .container_definitions(
            aws_sdk_ecs::types::ContainerDefinition::builder()
                .name("web")
                .image("nginx")
                .memory(512)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let network = aws_sdk_ecs::types::AwsVpcConfiguration::builder()
        .subnets(&private[0])
        .subnets(&private[1])
        .security_groups(&groups[2])
        .build()
        .unwrap();
    ecs.create_service()
        .cluster("prod")
        .service_name("web")
        .task_definition("web")
        .desired_count(2)
        .network_configuration(
            aws_sdk_ecs::types::NetworkConfiguration::builder()
                .awsvpc_configuration(network)
                .build(),
        )
        .load_balancers(
            aws_sdk_ecs::types::LoadBalancer::builder()
                .target_group_arn(&web_tg)
                .container_name("web")
                .container_port(8080)
                .build(),
        )
        .send()
        .await
        .unwrap();
    Fixture { vpc }
}

#[tokio::test(flavor = "multi_thread")]
async fn architecture_a_built_in_moto_is_read_back_whole() {
    let moto = Moto::start();
    let fixture = architecture_a(&moto).await;
    let config = moto.config().await;
    let imported = read(&config, &Selection::Vpcs(vec![fixture.vpc.clone()]), &|_| {}).await;
    let warnings: Vec<String> = imported.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings, Vec::<String>::new());
    expect![[r#"
        <vpc1> vpc "prod" {"cidr_blocks":["10.0.0.0/16"],"enable_dns_support":true,"enable_dns_hostnames":false}
        <availability_zone1> availability_zone "us-east-1a" {"vpc":"<vpc1>","zone":"a"}
        <availability_zone2> availability_zone "us-east-1b" {"vpc":"<vpc1>","zone":"b"}
        <subnet1> subnet "public-a" {"az":"<availability_zone1>","cidr":"10.0.0.0/24","map_public_ip_on_launch":false}
        <subnet2> subnet "private-a" {"az":"<availability_zone1>","cidr":"10.0.10.0/24","map_public_ip_on_launch":false}
        <subnet3> subnet "public-b" {"az":"<availability_zone2>","cidr":"10.0.1.0/24","map_public_ip_on_launch":false}
        <subnet4> subnet "private-b" {"az":"<availability_zone2>","cidr":"10.0.11.0/24","map_public_ip_on_launch":false}
        <internet_gateway1> internet_gateway "igw" {"vpc":"<vpc1>"}
        <elastic_ip1> elastic_ip "nat-ip" {}
        <nat_gateway1> nat_gateway "nat-a" {"subnet":"<subnet1>","connectivity":"public","elastic_ip":"<elastic_ip1>"}
        <security_group1> security_group "default" {"vpc":"<vpc1>","description":"default VPC security group","ingress":[],"egress":[{"protocol":"all","ports":null,"peer":{"cidr":"0.0.0.0/0"}}]}
        <security_group2> security_group "alb" {"vpc":"<vpc1>","description":"alb tier","ingress":[],"egress":[{"protocol":"all","ports":null,"peer":{"cidr":"0.0.0.0/0"}}]}
        <security_group3> security_group "fn" {"vpc":"<vpc1>","description":"fn tier","ingress":[{"protocol":"tcp","ports":{"from":443,"to":443},"peer":{"security_group":"<security_group2>"}}],"egress":[{"protocol":"all","ports":null,"peer":{"cidr":"0.0.0.0/0"}}]}
        <security_group4> security_group "web" {"vpc":"<vpc1>","description":"web tier","ingress":[{"protocol":"tcp","ports":{"from":8080,"to":8080},"peer":{"security_group":"<security_group2>"}}],"egress":[{"protocol":"all","ports":null,"peer":{"cidr":"0.0.0.0/0"}}]}
        <route_table1> route_table "<route_table1>" {"vpc":"<vpc1>","main":true,"routes":[],"associations":[]}
        <route_table2> route_table "public" {"vpc":"<vpc1>","main":false,"routes":[{"destination":{"cidr":"0.0.0.0/0"},"target":"<internet_gateway1>"}],"associations":["<subnet1>","<subnet3>"]}
        <route_table3> route_table "private" {"vpc":"<vpc1>","main":false,"routes":[{"destination":{"cidr":"0.0.0.0/0"},"target":"<nat_gateway1>"}],"associations":["<subnet2>","<subnet4>"]}
        <load_balancer1> load_balancer "api" {"lb_type":"application","scheme":"internal","subnets":["<subnet2>","<subnet4>"],"security_groups":["<security_group2>"]}
        <target_group1> target_group "orders" {"target_type":"lambda","vpc":null,"port":null,"targets":["<lambda_function1>"]}
        <target_group2> target_group "web" {"target_type":"ip","vpc":"<vpc1>","port":8080,"targets":["<ecs_service1>"]}
        <listener1> listener "api:80" {"load_balancer":"<load_balancer1>","port":80,"protocol":"HTTP","default_target_group":"<target_group2>"}
        <listener2> listener "api:8443" {"load_balancer":"<load_balancer1>","port":8443,"protocol":"HTTP","default_target_group":"<target_group1>"}
        <lambda_function1> lambda_function "orders" {"runtime":"python3.12","handler":"app.handler","memory_mb":128,"timeout_s":3,"environment":{"QUEUE_URL":"https://sqs.us-east-1.amazonaws.com/123456789012/jobs"},"vpc_config":{"subnets":["<subnet2>","<subnet4>"],"security_groups":["<security_group3>"]},"role":{"arn":"arn:aws:iam::123456789012:role/orders"}}
        <ecs_service1> ecs_service "web" {"cluster":"prod","desired_count":2,"assign_public_ip":false,"network":{"subnets":["<subnet2>","<subnet4>"],"security_groups":["<security_group4>"]}}
        <lambda_permission1> lambda_permission "orders-elasticloadbalancing-invoke" {"function":"<lambda_function1>","principal":"elasticloadbalancing.amazonaws.com","source":"<target_group1>"}
        <external1> external "jobs" {"of":"sqs_queue","source":{"physical_id":"https://sqs.us-east-1.amazonaws.com/123456789012/jobs"}}
        flow-1: <lambda_function1> -> <external1> tcp/443 (environment QUEUE_URL)
        flow-2: <load_balancer1> -> <lambda_function1> tcp/443 (fn admits alb)
        flow-3: <load_balancer1> -> <ecs_service1> tcp/8080 (web admits alb)
    "#]]
    .assert_eq(&normalized(&imported.design));
    // Nothing dangles, and the function's resource policy lets the target
    // group invoke it (no E3006).
    let wrong: Vec<_> = vpcraft_core::validate(&imported.design)
        .into_iter()
        .filter(|f| f.rule == "E0001" || f.rule == "E3006")
        .collect();
    assert!(wrong.is_empty(), "{wrong:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn every_vpc_of_the_region_is_read_with_all() {
    let moto = Moto::start();
    let fixture = architecture_a(&moto).await;
    let imported = read(&moto.config().await, &Selection::All, &|_| {}).await;
    let vpcs: Vec<&str> = imported
        .design
        .resources
        .iter()
        .filter(|r| matches!(r.kind, vpcraft_core::Kind::Vpc(_)))
        .map(|r| r.name.as_str())
        .collect();
    // moto's region has a default VPC beside the fixture's.
    assert_eq!(vpcs.len(), 2, "{vpcs:?}");
    assert!(vpcs.contains(&"prod"));
    assert!(imported.design.resource(&fixture.vpc.as_str().into()).is_some());
}
