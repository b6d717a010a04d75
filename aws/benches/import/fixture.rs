//! The benchmark's account: one VPC over three zones holding about as many
//! resources as asked for, made in moto through the Rust SDK (and boto3 for
//! the one IAM role Lambda needs): subnets, route tables, an internet
//! gateway, NAT gateways with Elastic IPs, security groups with rules that
//! admit each other, network interfaces, Lambda functions in the VPC,
//! endpoints, internal load balancers with listeners and target groups with
//! registered targets, and ECS services.

use crate::common::Moto;
use aws_sdk_ec2::types::{
    DomainType, IpPermission, IpRange, ResourceType, Tag, TagSpecification, UserIdGroupPair,
    VpcEndpointType,
};
use aws_sdk_ecs::types as ecs;
use aws_sdk_elasticloadbalancingv2::types as elb;
use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types as lambda;
use futures_util::StreamExt;
use std::future::Future;

/// How many create calls run at once.
const AT_ONCE: usize = 8;
/// The zones the VPC spans.
const ZONES: [&str; 3] = ["us-east-1a", "us-east-1b", "us-east-1c"];
/// Private subnets per zone (and one public subnet each).
const PRIVATE_PER_ZONE: usize = 5;
/// The services of the interface endpoints, in turn.
const INTERFACE_SERVICES: [&str; 12] = [
    "sqs",
    "sns",
    "ssm",
    "kms",
    "logs",
    "secretsmanager",
    "ecr.api",
    "ecr.dkr",
    "sts",
    "monitoring",
    "events",
    "lambda",
];

/// What the fixture made, by kind.
#[derive(Debug, Default)]
pub struct Made {
    pub subnets: usize,
    pub security_groups: usize,
    pub network_interfaces: usize,
    pub functions: usize,
    pub endpoints: usize,
    pub load_balancers: usize,
    pub target_groups: usize,
    pub ecs_services: usize,
}

/// How many of each kind make about `n` resources in the design.
struct Counts {
    groups: usize,
    interfaces: usize,
    functions: usize,
    endpoints: usize,
    balancers: usize,
    services: usize,
}

impl Counts {
    fn for_size(n: usize) -> Self {
        let share = |per_thousand: usize| (n * per_thousand).div_ceil(1000).max(1);
        Self {
            groups: share(300),
            interfaces: share(100),
            functions: share(450),
            endpoints: share(30),
            balancers: share(50),
            services: share(15),
        }
    }
}

/// Runs `f` on every item, `AT_ONCE` at a time, keeping the order.
async fn each<I, T, F, Fut>(items: I, f: F) -> Vec<T>
where
    I: IntoIterator,
    F: FnMut(I::Item) -> Fut,
    Fut: Future<Output = T>,
{
    futures_util::stream::iter(items).map(f).buffered(AT_ONCE).collect().await
}

fn name(resource: ResourceType, value: &str) -> TagSpecification {
    TagSpecification::builder()
        .resource_type(resource)
        .tags(Tag::builder().key("Name").value(value).build())
        .build()
}

/// Makes the account's VPC with about `n` resources.
pub async fn make(moto: &Moto, n: usize) -> Made {
    let counts = Counts::for_size(n);
    let config = moto.config().await;
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let vpc = ec2
        .create_vpc()
        .cidr_block("10.0.0.0/16")
        .tag_specifications(name(ResourceType::Vpc, "bench"))
        .send()
        .await
        .expect("CreateVpc");
    let vpc = vpc.vpc().and_then(|v| v.vpc_id()).expect("a VPC ID").to_owned();

    // One public and PRIVATE_PER_ZONE private subnets in each zone.
    let plan: Vec<(usize, bool, usize)> = (0..ZONES.len())
        .flat_map(|z| (0..=PRIVATE_PER_ZONE).map(move |i| (z, i == 0, z * 16 + i)))
        .collect();
    let subnets = each(&plan, |&(zone, public, block)| {
        let (ec2, vpc) = (&ec2, &vpc);
        async move {
            let label = format!("{}-{}-{block}", if public { "public" } else { "private" }, zone);
            let made = ec2
                .create_subnet()
                .vpc_id(vpc)
                .availability_zone(ZONES[zone])
                .cidr_block(format!("10.0.{block}.0/24"))
                .tag_specifications(name(ResourceType::Subnet, &label))
                .send()
                .await
                .expect("CreateSubnet");
            (zone, public, made.subnet().and_then(|s| s.subnet_id()).expect("an ID").to_owned())
        }
    })
    .await;
    let in_zone = |zone: usize, public: bool| -> Vec<String> {
        subnets.iter().filter(|s| s.0 == zone && s.1 == public).map(|s| s.2.clone()).collect()
    };
    let private: Vec<String> = subnets.iter().filter(|s| !s.1).map(|s| s.2.clone()).collect();

    // The way out: an internet gateway for the public subnets, a NAT
    // gateway with an Elastic IP in each zone for the private ones.
    let igw = ec2.create_internet_gateway().send().await.expect("CreateInternetGateway");
    let igw = igw.internet_gateway().and_then(|g| g.internet_gateway_id()).expect("ID").to_owned();
    ec2.attach_internet_gateway()
        .internet_gateway_id(&igw)
        .vpc_id(&vpc)
        .send()
        .await
        .expect("attach");
    let public_table = route_table(&ec2, &vpc, "public").await;
    ec2.create_route()
        .route_table_id(&public_table)
        .destination_cidr_block("0.0.0.0/0")
        .gateway_id(&igw)
        .send()
        .await
        .expect("CreateRoute");
    let mut tables = vec![public_table.clone()];
    for zone in 0..ZONES.len() {
        let public = in_zone(zone, true);
        associate(&ec2, &public_table, &public).await;
        let eip = ec2.allocate_address().domain(DomainType::Vpc).send().await.expect("EIP");
        let nat = ec2
            .create_nat_gateway()
            .subnet_id(&public[0])
            .allocation_id(eip.allocation_id().expect("an allocation"))
            .send()
            .await
            .expect("CreateNatGateway");
        let nat = nat.nat_gateway().and_then(|n| n.nat_gateway_id()).expect("ID").to_owned();
        let table = route_table(&ec2, &vpc, &format!("private-{zone}")).await;
        ec2.create_route()
            .route_table_id(&table)
            .destination_cidr_block("0.0.0.0/0")
            .nat_gateway_id(&nat)
            .send()
            .await
            .expect("CreateRoute");
        associate(&ec2, &table, &in_zone(zone, false)).await;
        tables.push(table);
    }

    // Security groups, each admitting the one before it and the VPC's block.
    let groups = each(0..counts.groups, |i| {
        let (ec2, vpc) = (&ec2, &vpc);
        async move {
            let made = ec2
                .create_security_group()
                .group_name(format!("tier-{i}"))
                .description(format!("tier {i}"))
                .vpc_id(vpc)
                .send()
                .await
                .expect("CreateSecurityGroup");
            made.group_id().expect("an ID").to_owned()
        }
    })
    .await;
    each(1..groups.len(), |i| {
        let (ec2, groups) = (&ec2, &groups);
        async move {
            let from_group = IpPermission::builder()
                .ip_protocol("tcp")
                .from_port(443)
                .to_port(443)
                .user_id_group_pairs(UserIdGroupPair::builder().group_id(&groups[i - 1]).build())
                .build();
            let from_vpc = IpPermission::builder()
                .ip_protocol("tcp")
                .from_port(80)
                .to_port(80)
                .ip_ranges(IpRange::builder().cidr_ip("10.0.0.0/16").build())
                .build();
            ec2.authorize_security_group_ingress()
                .group_id(&groups[i])
                .ip_permissions(from_group)
                .ip_permissions(from_vpc)
                .send()
                .await
                .expect("AuthorizeSecurityGroupIngress");
        }
    })
    .await;
    let group = |i: usize| groups[i % groups.len()].clone();
    let subnet = |i: usize| private[i % private.len()].clone();

    each(0..counts.interfaces, |i| {
        let ec2 = &ec2;
        let (subnet, group) = (subnet(i), group(i));
        async move {
            ec2.create_network_interface()
                .subnet_id(subnet)
                .groups(group)
                .description(format!("interface {i}"))
                .send()
                .await
                .expect("CreateNetworkInterface");
        }
    })
    .await;

    each(0..counts.endpoints, |i| {
        let (ec2, vpc, tables) = (&ec2, &vpc, &tables);
        let (subnet, group) = (subnet(i), group(i));
        async move {
            let call = ec2.create_vpc_endpoint().vpc_id(vpc);
            let call = match i {
                0 => call
                    .service_name("com.amazonaws.us-east-1.s3")
                    .set_route_table_ids(Some(tables.clone())),
                1 => call
                    .service_name("com.amazonaws.us-east-1.dynamodb")
                    .set_route_table_ids(Some(tables.clone())),
                _ => call
                    .vpc_endpoint_type(VpcEndpointType::Interface)
                    .service_name(format!(
                        "com.amazonaws.us-east-1.{}",
                        INTERFACE_SERVICES[i % INTERFACE_SERVICES.len()]
                    ))
                    .subnet_ids(subnet)
                    .security_group_ids(group),
            };
            call.send().await.expect("CreateVpcEndpoint");
        }
    })
    .await;

    let functions = functions(moto, &config, &counts, &subnet, &group).await;
    let balancers = balancers(&config, &vpc, &counts, &in_zone, &group).await;
    services(&config, &counts, &subnet, &group).await;
    Made {
        subnets: subnets.len(),
        security_groups: groups.len(),
        network_interfaces: counts.interfaces,
        functions,
        endpoints: counts.endpoints,
        load_balancers: balancers,
        target_groups: balancers,
        ecs_services: counts.services,
    }
}

async fn route_table(ec2: &aws_sdk_ec2::Client, vpc: &str, label: &str) -> String {
    let table = ec2
        .create_route_table()
        .vpc_id(vpc)
        .tag_specifications(name(ResourceType::RouteTable, label))
        .send()
        .await
        .expect("CreateRouteTable");
    table.route_table().and_then(|t| t.route_table_id()).expect("an ID").to_owned()
}

async fn associate(ec2: &aws_sdk_ec2::Client, table: &str, subnets: &[String]) {
    for subnet in subnets {
        ec2.associate_route_table()
            .route_table_id(table)
            .subnet_id(subnet)
            .send()
            .await
            .expect("AssociateRouteTable");
    }
}

/// Lambda functions in the VPC's private subnets; every fifth names a queue
/// in its environment.
async fn functions(
    moto: &Moto,
    config: &aws_config::SdkConfig,
    counts: &Counts,
    subnet: &dyn Fn(usize) -> String,
    group: &dyn Fn(usize) -> String,
) -> usize {
    let role = moto.lambda_role("bench-function");
    let client = aws_sdk_lambda::Client::new(config);
    let made = each(0..counts.functions, |i| {
        let (client, role) = (&client, &role);
        let vpc_config = lambda::VpcConfig::builder()
            .subnet_ids(subnet(i))
            .subnet_ids(subnet(i + 1))
            .security_group_ids(group(i))
            .build();
        async move {
            let mut environment = lambda::Environment::builder().variables("STAGE", "prod");
            if i % 5 == 0 {
                let queue = format!("https://sqs.us-east-1.amazonaws.com/123456789012/jobs-{i}");
                environment = environment.variables("QUEUE_URL", queue);
            }
            client
                .create_function()
                .function_name(format!("fn-{i}"))
                .runtime(lambda::Runtime::Python312)
                .role(role)
                .handler("app.handler")
                .code(
                    lambda::FunctionCode::builder()
                        .zip_file(Blob::new(b"PK\x05\x06".to_vec()))
                        .build(),
                )
                .vpc_config(vpc_config)
                .environment(environment.build())
                .send()
                .await
                .expect("CreateFunction");
        }
    })
    .await;
    made.len()
}

/// Internal application load balancers over two zones' private subnets,
/// each with a listener forwarding to its own target group of two IPs.
async fn balancers(
    config: &aws_config::SdkConfig,
    vpc: &str,
    counts: &Counts,
    in_zone: &dyn Fn(usize, bool) -> Vec<String>,
    group: &dyn Fn(usize) -> String,
) -> usize {
    let client = aws_sdk_elasticloadbalancingv2::Client::new(config);
    let made = each(0..counts.balancers, |i| {
        let client = &client;
        let (a, b) = (in_zone(i % 3, false), in_zone((i + 1) % 3, false));
        let group = group(i);
        async move {
            let lb = client
                .create_load_balancer()
                .name(format!("lb-{i}"))
                .r#type(elb::LoadBalancerTypeEnum::Application)
                .scheme(elb::LoadBalancerSchemeEnum::Internal)
                .subnets(&a[i % a.len()])
                .subnets(&b[i % b.len()])
                .security_groups(group)
                .send()
                .await
                .expect("CreateLoadBalancer");
            let lb = lb.load_balancers()[0].load_balancer_arn().expect("an ARN").to_owned();
            let tg = client
                .create_target_group()
                .name(format!("tg-{i}"))
                .protocol(elb::ProtocolEnum::Http)
                .port(8080)
                .vpc_id(vpc)
                .target_type(elb::TargetTypeEnum::Ip)
                .send()
                .await
                .expect("CreateTargetGroup");
            let tg = tg.target_groups()[0].target_group_arn().expect("an ARN").to_owned();
            client
                .create_listener()
                .load_balancer_arn(&lb)
                .protocol(elb::ProtocolEnum::Http)
                .port(80)
                .default_actions(
                    elb::Action::builder()
                        .r#type(elb::ActionTypeEnum::Forward)
                        .target_group_arn(&tg)
                        .build(),
                )
                .send()
                .await
                .expect("CreateListener");
            let target = |host: usize| {
                elb::TargetDescription::builder()
                    .id(format!("10.0.{}.{}", (i % 3) * 16 + 1, 10 + host))
                    .port(8080)
                    .build()
            };
            client
                .register_targets()
                .target_group_arn(&tg)
                .targets(target(0))
                .targets(target(1))
                .send()
                .await
                .expect("RegisterTargets");
        }
    })
    .await;
    made.len()
}

/// ECS services of one cluster in the private subnets.
async fn services(
    config: &aws_config::SdkConfig,
    counts: &Counts,
    subnet: &dyn Fn(usize) -> String,
    group: &dyn Fn(usize) -> String,
) {
    let client = aws_sdk_ecs::Client::new(config);
    client.create_cluster().cluster_name("bench").send().await.expect("CreateCluster");
    client
        .register_task_definition()
        .family("web")
        .network_mode(ecs::NetworkMode::Awsvpc)
        .container_definitions(
            ecs::ContainerDefinition::builder().name("web").image("nginx").memory(512).build(),
        )
        .send()
        .await
        .expect("RegisterTaskDefinition");
    each(0..counts.services, |i| {
        let client = &client;
        let network = ecs::AwsVpcConfiguration::builder()
            .subnets(subnet(i))
            .subnets(subnet(i + 1))
            .security_groups(group(i))
            .build()
            .expect("a network configuration");
        async move {
            client
                .create_service()
                .cluster("bench")
                .service_name(format!("svc-{i}"))
                .task_definition("web")
                .desired_count(1)
                .network_configuration(
                    ecs::NetworkConfiguration::builder().awsvpc_configuration(network).build(),
                )
                .send()
                .await
                .expect("CreateService");
        }
    })
    .await;
}
