//! Architecture A of the specification as the EC2 and Lambda APIs answer
//! it: the constructed responses most mapping cases start from.

use super::*;

pub(super) fn table(
    id: &str,
    vpc: &str,
    main: bool,
    subnets: &[&str],
    routes: Vec<Route>,
) -> ec2::RouteTable {
    let mut t = ec2::RouteTable::builder().route_table_id(id).vpc_id(vpc).set_routes(Some(routes));
    if main {
        t = t.associations(RouteTableAssociation::builder().main(true).build());
    }
    for s in subnets {
        t = t.associations(RouteTableAssociation::builder().main(false).subnet_id(*s).build());
    }
    t.route(Route::builder().destination_cidr_block("10.0.0.0/16").gateway_id("local").build())
        .build()
}

trait RouteTableExt {
    fn route(self, route: Route) -> Self;
}

impl RouteTableExt for ec2::builders::RouteTableBuilder {
    fn route(self, route: Route) -> Self {
        self.routes(route)
    }
}

pub(super) fn rule(
    group: &str,
    egress: bool,
    protocol: &str,
    ports: (i32, i32),
) -> ec2::builders::SecurityGroupRuleBuilder {
    ec2::SecurityGroupRule::builder()
        .security_group_rule_id(format!("sgr-{group}-{egress}-{}", ports.0))
        .group_id(group)
        .is_egress(egress)
        .ip_protocol(protocol)
        .from_port(ports.0)
        .to_port(ports.1)
}

pub(super) fn group(id: &str, vpc: &str, name: &str) -> ec2::SecurityGroup {
    ec2::SecurityGroup::builder()
        .group_id(id)
        .vpc_id(vpc)
        .group_name(name)
        .description(format!("{name} tier"))
        .build()
}

pub(super) const LB_ARN: &str =
    "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/api/50dc6c495c0c9188";
pub(super) const TG_ARN: &str =
    "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api-fn/73e2d6bc24d8a067";
pub(super) const LISTENER_ARN: &str = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/api/50dc6c495c0c9188/f2f7dc8efc522ab2";
pub(super) const LB_DNS: &str = "internal-api-1234567890.us-east-1.elb.amazonaws.com";
pub(super) const FN_ARN: &str = "arn:aws:lambda:us-east-1:123456789012:function:orders";
pub(super) const QUEUE_ARN: &str = "arn:aws:sqs:us-east-1:123456789012:jobs";

/// Reference architecture A: a VPC over two zones, public and private
/// subnets, an internet gateway, a NAT gateway with an Elastic IP, an
/// internal ALB forwarding to a function in the private subnets that reads
/// a queue and writes a table.
pub(super) fn architecture_a() -> Snapshot {
    let v = "vpc-a";
    Snapshot {
        region: "us-east-1".into(),
        account: Some(ACCOUNT.into()),
        vpcs: vec![vpc(v, "10.0.0.0/16", "prod")],
        vpc_dns: BTreeMap::from([(
            v.to_owned(),
            VpcDns { support: Some(true), hostnames: Some(false) },
        )]),
        subnets: vec![
            subnet("subnet-pub-b", v, "us-east-1b", "10.0.1.0/24", "public-b"),
            subnet("subnet-pub-a", v, "us-east-1a", "10.0.0.0/24", "public-a"),
            subnet("subnet-priv-a", v, "us-east-1a", "10.0.10.0/24", "private-a"),
            subnet("subnet-priv-b", v, "us-east-1b", "10.0.11.0/24", "private-b"),
        ],
        internet_gateways: vec![
            ec2::InternetGateway::builder()
                .internet_gateway_id("igw-1")
                .attachments(
                    InternetGatewayAttachment::builder()
                        .vpc_id(v)
                        .state(AttachmentStatus::from("available"))
                        .build(),
                )
                .build(),
        ],
        nat_gateways: vec![
            ec2::NatGateway::builder()
                .nat_gateway_id("nat-1")
                .vpc_id(v)
                .subnet_id("subnet-pub-a")
                .state(ec2::NatGatewayState::Available)
                .nat_gateway_addresses(
                    NatGatewayAddress::builder()
                        .allocation_id("eipalloc-1")
                        .public_ip("203.0.113.10")
                        .build(),
                )
                .build(),
        ],
        addresses: vec![
            ec2::Address::builder().allocation_id("eipalloc-1").tags(tag("nat-ip")).build(),
        ],
        route_tables: vec![
            table(
                "rtb-main",
                v,
                true,
                &[],
                vec![
                    Route::builder()
                        .destination_cidr_block("0.0.0.0/0")
                        .gateway_id("igw-1")
                        .build(),
                ],
            ),
            table(
                "rtb-private",
                v,
                false,
                &["subnet-priv-a", "subnet-priv-b"],
                vec![
                    Route::builder()
                        .destination_cidr_block("0.0.0.0/0")
                        .nat_gateway_id("nat-1")
                        .build(),
                    Route::builder()
                        .destination_prefix_list_id("pl-63a5400a")
                        .gateway_id("vpce-s3")
                        .build(),
                ],
            ),
        ],
        security_groups: vec![group("sg-alb", v, "alb"), group("sg-fn", v, "fn")],
        security_group_rules: vec![
            rule("sg-alb", false, "tcp", (443, 443)).cidr_ipv4("10.0.0.0/8").build(),
            rule("sg-alb", true, "-1", (-1, -1)).cidr_ipv4("0.0.0.0/0").build(),
            rule("sg-fn", false, "tcp", (8080, 8080))
                .referenced_group_info(ReferencedSecurityGroup::builder().group_id("sg-alb").build())
                .description("from the ALB")
                .build(),
            rule("sg-fn", true, "tcp", (443, 443)).prefix_list_id("pl-63a5400a").build(),
        ],
        vpc_endpoints: vec![
            ec2::VpcEndpoint::builder()
                .vpc_endpoint_id("vpce-s3")
                .vpc_id(v)
                .service_name("com.amazonaws.us-east-1.s3")
                .vpc_endpoint_type(ec2::VpcEndpointType::Gateway)
                .route_table_ids("rtb-private")
                .policy_document(r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}"#)
                .build(),
        ],
        load_balancers: vec![
            elb::LoadBalancer::builder()
                .load_balancer_arn(LB_ARN)
                .load_balancer_name("api")
                .dns_name(LB_DNS)
                .r#type(elb::LoadBalancerTypeEnum::Application)
                .scheme(elb::LoadBalancerSchemeEnum::Internal)
                .vpc_id(v)
                .availability_zones(elb::AvailabilityZone::builder().subnet_id("subnet-priv-a").build())
                .availability_zones(elb::AvailabilityZone::builder().subnet_id("subnet-priv-b").build())
                .security_groups("sg-alb")
                .build(),
        ],
        listeners: vec![
            elb::Listener::builder()
                .listener_arn(LISTENER_ARN)
                .load_balancer_arn(LB_ARN)
                .port(443)
                .protocol(elb::ProtocolEnum::Https)
                .certificates(elb::Certificate::builder().certificate_arn("arn:aws:acm:us-east-1:123456789012:certificate/abc").build())
                .default_actions(
                    elb::Action::builder()
                        .r#type(elb::ActionTypeEnum::Forward)
                        .target_group_arn(TG_ARN)
                        .build(),
                )
                .build(),
        ],
        target_groups: vec![
            elb::TargetGroup::builder()
                .target_group_arn(TG_ARN)
                .target_group_name("api-fn")
                .target_type(elb::TargetTypeEnum::Lambda)
                .load_balancer_arns(LB_ARN)
                .build(),
        ],
        target_health: BTreeMap::from([(
            TG_ARN.to_owned(),
            vec![
                elb::TargetHealthDescription::builder()
                    .target(elb::TargetDescription::builder().id(FN_ARN).build())
                    .build(),
            ],
        )]),
        functions: vec![
            lambda::FunctionConfiguration::builder()
                .function_name("orders")
                .function_arn(FN_ARN)
                .runtime(lambda::Runtime::Python312)
                .handler("app.handler")
                .memory_size(256)
                .timeout(10)
                .role("arn:aws:iam::123456789012:role/orders")
                .vpc_config(
                    lambda::VpcConfigResponse::builder()
                        .vpc_id(v)
                        .subnet_ids("subnet-priv-a")
                        .subnet_ids("subnet-priv-b")
                        .security_group_ids("sg-fn")
                        .build(),
                )
                .environment(
                    lambda::EnvironmentResponse::builder()
                        .variables("TABLE", "arn:aws:dynamodb:us-east-1:123456789012:table/orders")
                        .variables("LOG_LEVEL", "info")
                        .build(),
                )
                .build(),
            // A function outside every VPC and every target group is not
            // part of the selection.
            lambda::FunctionConfiguration::builder()
                .function_name("elsewhere")
                .function_arn("arn:aws:lambda:us-east-1:123456789012:function:elsewhere")
                .runtime(lambda::Runtime::Nodejs22x)
                .handler("index.handler")
                .build(),
        ],
        event_source_mappings: vec![
            lambda::EventSourceMappingConfiguration::builder()
                .uuid("6f5c")
                .function_arn(FN_ARN)
                .event_source_arn(QUEUE_ARN)
                .batch_size(5)
                .build(),
        ],
        ..Snapshot::default()
    }
}
