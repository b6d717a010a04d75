//! The mapping on constructed responses: each case builds SDK shapes with
//! their builders and compares the whole design's outline.

use super::*;
use aws_sdk_ec2::types::{
    AttachmentStatus, InternetGatewayAttachment, NatGatewayAddress, NetworkAclAssociation,
    NetworkAclEntry, ReferencedSecurityGroup, Route, RouteTableAssociation, Tag,
};
use expect_test::{Expect, expect};
use vpcraft_core::index::Index;

mod architecture_a;
mod kinds;
mod network_kinds;

use architecture_a::{FN_ARN, LB_ARN, LB_DNS, TG_ARN, architecture_a, group, rule};

const ACCOUNT: &str = "123456789012";

pub(super) fn check(snapshot: &Snapshot, expected: Expect) -> Design {
    let (design, notes) = design(snapshot);
    let notes: String = notes.iter().map(|n| format!("note: {n}\n")).collect();
    expected.assert_eq(&format!("{}{notes}", outline(&design)));
    design
}

pub(super) fn tag(name: &str) -> Tag {
    Tag::builder().key("Name").value(name).build()
}

pub(super) fn vpc(id: &str, cidr: &str, name: &str) -> ec2::Vpc {
    ec2::Vpc::builder().vpc_id(id).cidr_block(cidr).tags(tag(name)).build()
}

pub(super) fn subnet(id: &str, vpc: &str, zone: &str, cidr: &str, name: &str) -> ec2::Subnet {
    ec2::Subnet::builder()
        .subnet_id(id)
        .vpc_id(vpc)
        .availability_zone(zone)
        .cidr_block(cidr)
        .map_public_ip_on_launch(name.starts_with("public"))
        .tags(tag(name))
        .build()
}

/// A Python function in one subnet of `vpc` behind `group`.
pub(super) fn function_in(
    name: &str,
    vpc: &str,
    subnet: &str,
    group: &str,
) -> lambda::builders::FunctionConfigurationBuilder {
    lambda::FunctionConfiguration::builder()
        .function_name(name)
        .runtime(lambda::Runtime::Python312)
        .handler("app.handler")
        .vpc_config(
            lambda::VpcConfigResponse::builder()
                .vpc_id(vpc)
                .subnet_ids(subnet)
                .security_group_ids(group)
                .build(),
        )
}

#[test]
fn architecture_a_maps_every_resource_with_its_references() {
    let design = check(
        &architecture_a(),
        expect![[r#"
            vpc-a vpc "prod" {"cidr_blocks":["10.0.0.0/16"],"enable_dns_support":true,"enable_dns_hostnames":false}
            vpc-a-us-east-1a availability_zone "us-east-1a" {"vpc":"vpc-a","zone":"a"}
            vpc-a-us-east-1b availability_zone "us-east-1b" {"vpc":"vpc-a","zone":"b"}
            subnet-pub-a subnet "public-a" {"az":"vpc-a-us-east-1a","cidr":"10.0.0.0/24","map_public_ip_on_launch":true}
            subnet-priv-a subnet "private-a" {"az":"vpc-a-us-east-1a","cidr":"10.0.10.0/24","map_public_ip_on_launch":false}
            subnet-pub-b subnet "public-b" {"az":"vpc-a-us-east-1b","cidr":"10.0.1.0/24","map_public_ip_on_launch":true}
            subnet-priv-b subnet "private-b" {"az":"vpc-a-us-east-1b","cidr":"10.0.11.0/24","map_public_ip_on_launch":false}
            igw-1 internet_gateway "igw-1" {"vpc":"vpc-a"}
            eipalloc-1 elastic_ip "nat-ip" {}
            nat-1 nat_gateway "nat-1" {"subnet":"subnet-pub-a","connectivity":"public","elastic_ip":"eipalloc-1"}
            sg-alb security_group "alb" {"vpc":"vpc-a","description":"alb tier","ingress":[{"protocol":"tcp","ports":{"from":443,"to":443},"peer":{"cidr":"10.0.0.0/8"}}],"egress":[{"protocol":"all","ports":null,"peer":{"cidr":"0.0.0.0/0"}}]}
            sg-fn security_group "fn" {"vpc":"vpc-a","description":"fn tier","ingress":[{"protocol":"tcp","ports":{"from":8080,"to":8080},"peer":{"security_group":"sg-alb"},"description":"from the ALB"}],"egress":[{"protocol":"tcp","ports":{"from":443,"to":443},"peer":{"prefix_list":"pl-63a5400a"}}]}
            vpce-s3 vpc_endpoint "s3" {"vpc":"vpc-a","service":"s3","endpoint_type":"gateway","private_dns":false,"route_tables":["rtb-private"],"policy":{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}}
            rtb-main route_table "rtb-main" {"vpc":"vpc-a","main":true,"routes":[{"destination":{"cidr":"0.0.0.0/0"},"target":"igw-1"}],"associations":[]}
            rtb-private route_table "rtb-private" {"vpc":"vpc-a","main":false,"routes":[{"destination":{"cidr":"0.0.0.0/0"},"target":"nat-1"},{"destination":{"prefix_list":"pl-63a5400a"},"target":"vpce-s3"}],"associations":["subnet-priv-a","subnet-priv-b"]}
            lb-api-50dc6c495c0c9188 load_balancer "api" {"lb_type":"application","scheme":"internal","subnets":["subnet-priv-a","subnet-priv-b"],"security_groups":["sg-alb"]}
            tg-api-fn-73e2d6bc24d8a067 target_group "api-fn" {"target_type":"lambda","vpc":null,"port":null,"targets":["fn-orders"]}
            listener-api-50dc6c495c0c9188-f2f7dc8efc522ab2 listener "api:443" {"load_balancer":"lb-api-50dc6c495c0c9188","port":443,"protocol":"HTTPS","certificate":"arn:aws:acm:us-east-1:123456789012:certificate/abc","default_target_group":"tg-api-fn-73e2d6bc24d8a067"}
            fn-orders lambda_function "orders" {"runtime":"python3.12","handler":"app.handler","memory_mb":256,"timeout_s":10,"environment":{"LOG_LEVEL":"info","TABLE":"arn:aws:dynamodb:us-east-1:123456789012:table/orders"},"vpc_config":{"subnets":["subnet-priv-a","subnet-priv-b"],"security_groups":["sg-fn"]},"role":{"arn":"arn:aws:iam::123456789012:role/orders"}}
            queue-jobs external "jobs" {"of":"sqs_queue","source":{"physical_id":"arn:aws:sqs:us-east-1:123456789012:jobs"}}
            esm-6f5c event_source_mapping "orders ← jobs" {"source":"queue-jobs","function":"fn-orders","batch_size":5}
            table-orders external "orders" {"of":"dynamodb_table","source":{"physical_id":"arn:aws:dynamodb:us-east-1:123456789012:table/orders"}}
            flow-1: fn-orders -> table-orders tcp/443 (environment TABLE)
            flow-2: fn-orders -> queue-jobs tcp/443 (event source mapping)
            flow-3: lb-api-50dc6c495c0c9188 -> fn-orders tcp/8080 (fn admits alb)
        "#]],
    );
    assert_eq!(design.name, "AWS account 123456789012 (us-east-1)");
    assert_eq!(design.region, "us-east-1");
    // Every reference resolves, so no rule reports a dangling one.
    let dangling: Vec<_> =
        vpcraft_core::validate(&design).into_iter().filter(|f| f.rule == "E0001").collect();
    assert!(dangling.is_empty(), "{dangling:?}");
    // Laid out by the core's engine: zone columns in the VPC, the function
    // in its first private subnet, the queue and table outside.
    let mut again = design.clone();
    again.layout.positions.clear();
    vpcraft_core::layout::place_missing(&mut again);
    assert_eq!(design.layout.positions, again.layout.positions);
    let at = |id: &str| design.layout.positions[&ResourceId::from(id)];
    assert!(at("vpc-a").contains(&at("vpc-a-us-east-1a")));
    assert!(at("vpc-a-us-east-1a").contains(&at("subnet-priv-a")));
    assert!(at("subnet-priv-a").contains(&at("fn-orders")));
    assert!(at("subnet-pub-a").y < at("subnet-priv-a").y);
    assert!(!at("vpc-a").contains(&at("queue-jobs")));
}

#[test]
fn subnets_without_an_explicit_association_use_the_main_table() {
    let (design, _) = design(&architecture_a());
    let index = Index::new(&design);
    let table_of = |subnet: &str| {
        index.route_table_of(&ResourceId::new(subnet)).map(|(r, _)| r.id.to_string())
    };
    assert_eq!(table_of("subnet-pub-a").as_deref(), Some("rtb-main"));
    assert_eq!(table_of("subnet-priv-b").as_deref(), Some("rtb-private"));
    assert!(index.is_public(&ResourceId::new("subnet-pub-b")));
    assert!(!index.is_public(&ResourceId::new("subnet-priv-a")));
}

#[test]
fn what_lies_outside_the_selected_vpcs_is_left_out_or_external() {
    let mut snapshot = architecture_a();
    snapshot.subnets.push(subnet("subnet-other", "vpc-other", "us-east-1a", "10.9.0.0/24", "x"));
    snapshot.security_groups.push(group("sg-other", "vpc-other", "other"));
    snapshot.security_group_rules = vec![
        rule("sg-alb", false, "tcp", (443, 443))
            .referenced_group_info(ReferencedSecurityGroup::builder().group_id("sg-peer").build())
            .build(),
    ];
    snapshot.peering_connections.push(
        ec2::VpcPeeringConnection::builder()
            .vpc_peering_connection_id("pcx-1")
            .requester_vpc_info(ec2::VpcPeeringConnectionVpcInfo::builder().vpc_id("vpc-a").build())
            .accepter_vpc_info(
                ec2::VpcPeeringConnectionVpcInfo::builder().vpc_id("vpc-shared").build(),
            )
            .build(),
    );
    let (design, _) = design(&snapshot);
    let ids: Vec<&str> = design.resources.iter().map(|r| r.id.as_str()).collect();
    assert!(!ids.contains(&"subnet-other") && !ids.contains(&"sg-other"));
    let external = |id: &str| {
        design.resource(&ResourceId::new(id)).map(|r| (r.kind.acts_as(), r.kind.is_external()))
    };
    assert_eq!(external("sg-peer"), Some((KindTag::SecurityGroup, true)));
    assert_eq!(external("vpc-shared"), Some((KindTag::Vpc, true)));
    assert_eq!(external("pcx-1"), Some((KindTag::VpcPeering, false)));
}

#[test]
fn a_function_holding_a_load_balancers_dns_name_calls_it() {
    let mut snapshot = architecture_a();
    snapshot.functions.push(
        function_in("caller", "vpc-a", "subnet-priv-b", "sg-fn")
            .environment(
                lambda::EnvironmentResponse::builder()
                    .variables("ORDERS_API", format!("https://{}/orders", LB_DNS.to_uppercase()))
                    .build(),
            )
            .build(),
    );
    let (design, _) = design(&snapshot);
    let calls: Vec<(String, Option<u16>, &str)> = design
        .flows
        .iter()
        .filter(|f| f.source.as_str() == "fn-caller")
        .map(|f| (f.target.to_string(), f.port, f.label.as_str()))
        .collect();
    let lb = load_balancing::lb_id(LB_ARN);
    assert_eq!(calls, [(lb, Some(443), "environment ORDERS_API")]);
}

#[test]
fn a_function_in_selected_subnets_is_drawn_whatever_vpc_id_it_reports() {
    let mut snapshot = architecture_a();
    snapshot.functions.push(function_in("worker", "vpc-123abc", "subnet-priv-b", "sg-fn").build());
    let (design, _) = design(&snapshot);
    let worker = design.resource(&ResourceId::new("fn-worker")).map(|r| &r.kind);
    let Some(Kind::LambdaFunction(worker)) = worker else { panic!("no fn-worker: {worker:?}") };
    let config = worker.vpc_config.as_ref().expect("its VPC configuration");
    assert_eq!(config.subnets, [ResourceId::new("subnet-priv-b")]);
    assert_eq!(config.security_groups, [ResourceId::new("sg-fn")]);
    assert!(design.resource(&ResourceId::new("fn-elsewhere")).is_none());
}

#[test]
fn without_the_rules_listing_a_group_keeps_the_permissions_it_carries() {
    let mut snapshot = architecture_a();
    snapshot.security_group_rules.clear();
    let permission = ec2::IpPermission::builder()
        .ip_protocol("tcp")
        .from_port(8080)
        .to_port(8080)
        .user_id_group_pairs(
            ec2::UserIdGroupPair::builder().group_id("sg-alb").description("from the ALB").build(),
        )
        .ip_ranges(ec2::IpRange::builder().cidr_ip("10.1.0.0/16").build())
        .build();
    let everything = ec2::IpPermission::builder()
        .ip_protocol("-1")
        .ip_ranges(ec2::IpRange::builder().cidr_ip("0.0.0.0/0").build())
        .build();
    snapshot.security_groups[1] = ec2::SecurityGroup::builder()
        .group_id("sg-fn")
        .vpc_id("vpc-a")
        .group_name("fn")
        .ip_permissions(permission)
        .ip_permissions_egress(everything)
        .build();
    let (design, _) = design(&snapshot);
    let fn_group: Vec<String> =
        outline(&design).lines().filter(|l| l.starts_with("sg-fn ")).map(str::to_owned).collect();
    expect![[r#"
        [
            "sg-fn security_group \"fn\" {\"vpc\":\"vpc-a\",\"ingress\":[{\"protocol\":\"tcp\",\"ports\":{\"from\":8080,\"to\":8080},\"peer\":{\"cidr\":\"10.1.0.0/16\"}},{\"protocol\":\"tcp\",\"ports\":{\"from\":8080,\"to\":8080},\"peer\":{\"security_group\":\"sg-alb\"},\"description\":\"from the ALB\"}],\"egress\":[{\"protocol\":\"all\",\"ports\":null,\"peer\":{\"cidr\":\"0.0.0.0/0\"}}]}",
        ]
    "#]]
    .assert_debug_eq(&fn_group);
}

#[test]
fn routes_and_rules_vpcraft_cannot_draw_are_noted() {
    let mut snapshot = architecture_a();
    snapshot.route_tables[0].routes.get_or_insert_default().push(
        Route::builder().destination_cidr_block("10.8.0.0/16").transit_gateway_id("tgw-1").build(),
    );
    snapshot
        .security_group_rules
        .push(rule("sg-fn", false, "50", (-1, -1)).cidr_ipv4("10.0.0.0/8").build());
    let (_, notes) = design(&snapshot);
    let notes: Vec<String> = notes.iter().map(ToString::to_string).collect();
    expect![[r#"
        [
            "sg-fn: sgr-sg-fn-false--1 left out: protocol 50 is not modelled",
            "rtb-main: route to 10.8.0.0/16 through tgw-1 left out: vpcraft does not model its target",
        ]
    "#]]
    .assert_debug_eq(&notes);
}

#[test]
fn a_default_network_acl_that_allows_everything_is_left_out_and_a_custom_one_kept() {
    let entry = |number: i32, egress: bool, action: ec2::RuleAction| {
        NetworkAclEntry::builder()
            .rule_number(number)
            .egress(egress)
            .protocol("-1")
            .cidr_block("0.0.0.0/0")
            .rule_action(action)
            .build()
    };
    let acl = |id: &str, default: bool, entries: Vec<NetworkAclEntry>| {
        ec2::NetworkAcl::builder()
            .network_acl_id(id)
            .vpc_id("vpc-a")
            .is_default(default)
            .set_entries(Some(entries))
            .associations(NetworkAclAssociation::builder().subnet_id("subnet-priv-a").build())
            .build()
    };
    let open = vec![
        entry(100, false, ec2::RuleAction::Allow),
        entry(100, true, ec2::RuleAction::Allow),
        entry(32767, false, ec2::RuleAction::Deny),
        entry(32767, true, ec2::RuleAction::Deny),
    ];
    let mut custom = open.clone();
    custom.push(
        NetworkAclEntry::builder()
            .rule_number(90)
            .egress(false)
            .protocol("6")
            .port_range(ec2::PortRange::builder().from(22).to(22).build())
            .cidr_block("0.0.0.0/0")
            .rule_action(ec2::RuleAction::Deny)
            .build(),
    );
    let mut snapshot = architecture_a();
    snapshot.network_acls = vec![acl("acl-default", true, open), acl("acl-custom", false, custom)];
    let (design, _) = design(&snapshot);
    let acls: Vec<String> = outline(&design)
        .lines()
        .filter(|l| l.contains(" network_acl "))
        .map(str::to_owned)
        .collect();
    expect![[r#"
        [
            "acl-custom network_acl \"acl-custom\" {\"vpc\":\"vpc-a\",\"entries\":[{\"rule_number\":100,\"egress\":false,\"protocol\":\"all\",\"ports\":null,\"cidr\":\"0.0.0.0/0\",\"action\":\"allow\"},{\"rule_number\":100,\"egress\":true,\"protocol\":\"all\",\"ports\":null,\"cidr\":\"0.0.0.0/0\",\"action\":\"allow\"},{\"rule_number\":90,\"egress\":false,\"protocol\":\"tcp\",\"ports\":{\"from\":22,\"to\":22},\"cidr\":\"0.0.0.0/0\",\"action\":\"deny\"}],\"associations\":[\"subnet-priv-a\"]}",
        ]
    "#]]
    .assert_debug_eq(&acls);
}

#[test]
fn values_naming_queues_tables_and_buckets_are_recognized() {
    let cases = [
        "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs",
        "https://eu-west-1.queue.amazonaws.com/123456789012/jobs.fifo",
        "arn:aws:sqs:eu-west-1:123456789012:jobs",
        "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/2024-01-01T00:00:00.000",
        "arn:aws:s3:::assets",
        "arn:aws:s3:::assets/key",
        "arn:aws:kinesis:eu-west-1:123456789012:stream/clicks",
        "info",
    ];
    let named: Vec<String> =
        cases.iter().map(|c| format!("{c} => {:?}", flows::named(c))).collect();
    expect![[r#"
        [
            "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs => Some((\"queue-jobs\", \"jobs\", SqsQueue))",
            "https://eu-west-1.queue.amazonaws.com/123456789012/jobs.fifo => Some((\"queue-jobs.fifo\", \"jobs.fifo\", SqsQueue))",
            "arn:aws:sqs:eu-west-1:123456789012:jobs => Some((\"queue-jobs\", \"jobs\", SqsQueue))",
            "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/2024-01-01T00:00:00.000 => Some((\"table-orders\", \"orders\", DynamoDbTable))",
            "arn:aws:s3:::assets => Some((\"bucket-assets\", \"assets\", S3Bucket))",
            "arn:aws:s3:::assets/key => None",
            "arn:aws:kinesis:eu-west-1:123456789012:stream/clicks => None",
            "info => None",
        ]
    "#]]
    .assert_debug_eq(&named);
}

#[test]
fn instances_and_ecs_services_become_the_targets_of_their_groups() {
    const WEB_TG: &str =
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef";
    let mut snapshot = architecture_a();
    snapshot.target_groups.push(
        elb::TargetGroup::builder()
            .target_group_arn(WEB_TG)
            .target_group_name("web")
            .target_type(elb::TargetTypeEnum::Instance)
            .port(8080)
            .vpc_id("vpc-a")
            .build(),
    );
    let healthy = elb::TargetHealth::builder().state(elb::TargetHealthStateEnum::Healthy).build();
    snapshot.target_health.insert(
        WEB_TG.to_owned(),
        vec![
            elb::TargetHealthDescription::builder()
                .target(elb::TargetDescription::builder().id("i-0abc").port(8080).build())
                .target_health(healthy)
                .build(),
        ],
    );
    snapshot.ecs_services.push(
        ecs::Service::builder()
            .service_arn("arn:aws:ecs:us-east-1:123456789012:service/prod/web")
            .service_name("web")
            .cluster_arn("arn:aws:ecs:us-east-1:123456789012:cluster/prod")
            .desired_count(3)
            .network_configuration(
                ecs::NetworkConfiguration::builder()
                    .awsvpc_configuration(
                        ecs::AwsVpcConfiguration::builder()
                            .subnets("subnet-priv-a")
                            .security_groups("sg-fn")
                            .assign_public_ip(ecs::AssignPublicIp::Disabled)
                            .build()
                            .unwrap(),
                    )
                    .build(),
            )
            .load_balancers(ecs::LoadBalancer::builder().target_group_arn(WEB_TG).build())
            .build(),
    );
    let (design, _) = design(&snapshot);
    let lines: Vec<String> = outline(&design)
        .lines()
        .filter(|l| l.contains("\"web\"") || l.starts_with("i-0abc"))
        .map(str::to_owned)
        .collect();
    expect![[r#"
        [
            "tg-web-0123456789abcdef target_group \"web\" {\"target_type\":\"instance\",\"vpc\":\"vpc-a\",\"port\":8080,\"targets\":[\"i-0abc\",\"ecs-prod-web\"]}",
            "ecs-prod-web ecs_service \"web\" {\"cluster\":\"prod\",\"desired_count\":3,\"assign_public_ip\":false,\"network\":{\"subnets\":[\"subnet-priv-a\"],\"security_groups\":[\"sg-fn\"]}}",
            "i-0abc generic \"i-0abc\" {\"resource_type\":\"AWS::EC2::Instance\",\"properties\":{\"InstanceId\":\"i-0abc\",\"Health\":\"healthy\"}}",
        ]
    "#]]
    .assert_debug_eq(&lines);
}

#[test]
fn ids_come_from_physical_ids_and_arns() {
    assert_eq!(load_balancing::lb_id(LB_ARN), "lb-api-50dc6c495c0c9188");
    assert_eq!(load_balancing::tg_id(TG_ARN), "tg-api-fn-73e2d6bc24d8a067");
    assert_eq!(compute::function_id_of_arn(&format!("{FN_ARN}:live")), "fn-orders");
    assert_eq!(
        compute::service_id("arn:aws:ecs:us-east-1:123456789012:service/prod/web"),
        "ecs-prod-web"
    );
    assert_eq!(network::zone_id("vpc-a", "us-east-1a"), "vpc-a-us-east-1a");
}
