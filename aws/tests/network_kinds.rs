//! The reader against moto's server for the network kinds: a VPC with an
//! Amazon-provided IPv6 block carved into its subnets, an egress-only
//! internet gateway, a transit gateway attached across both subnets, a
//! virtual private gateway, a customer gateway with a VPN connection to
//! each gateway, flow logs of the VPC (to a log group) and of a subnet (to
//! a bucket), and network interfaces: one of its own, one attached to an
//! instance as its second interface, and the interfaces moto makes for an
//! instance, a NAT gateway and an interface endpoint, which are left out.
//! moto's CloudFormation skips several of these, so the EC2 API builds
//! them.

mod common;

use aws_sdk_ec2::types as ec2;
use common::{Moto, normalized};
use expect_test::expect;
use ipnet::Ipv6Net;
use vpcraft_aws::{Selection, read};

/// Tags a resource with a name.
async fn name(ec2: &aws_sdk_ec2::Client, id: &str, name: &str) {
    let tag = ec2::Tag::builder().key("Name").value(name).build();
    ec2.create_tags().resources(id).tags(tag).send().await.unwrap();
}

/// A tag specification naming a resource at its creation.
fn named(kind: ec2::ResourceType, name: &str) -> ec2::TagSpecification {
    let tag = ec2::Tag::builder().key("Name").value(name).build();
    ec2::TagSpecification::builder().resource_type(kind).tags(tag).build()
}

/// Builds the fixture and returns its VPC's ID.
async fn edge(moto: &Moto) -> String {
    let config = moto.config().await;
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let vpc = ec2.create_vpc().cidr_block("10.4.0.0/16").send().await.unwrap();
    let vpc = vpc.vpc().and_then(|v| v.vpc_id()).unwrap().to_owned();
    name(&ec2, &vpc, "edge").await;
    ec2.associate_vpc_cidr_block()
        .vpc_id(&vpc)
        .amazon_provided_ipv6_cidr_block(true)
        .send()
        .await
        .unwrap();
    let described = ec2.describe_vpcs().vpc_ids(&vpc).send().await.unwrap();
    let block: Ipv6Net = described.vpcs()[0].ipv6_cidr_block_association_set()[0]
        .ipv6_cidr_block()
        .unwrap()
        .parse()
        .unwrap();
    let mut subnets = Vec::new();
    for (n, (label, zone, cidr)) in
        [("app-a", "us-east-1a", "10.4.1.0/24"), ("app-b", "us-east-1b", "10.4.2.0/24")]
            .into_iter()
            .enumerate()
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
        // The second and third /64 of the VPC's block.
        let ipv6 = block.subnets(64).unwrap().nth(n + 1).unwrap();
        ec2.associate_subnet_cidr_block()
            .subnet_id(&id)
            .ipv6_cidr_block(ipv6.to_string())
            .send()
            .await
            .unwrap();
        subnets.push(id);
    }

    // The gateways: egress-only, transit (attached across both subnets)
    // and virtual private.
    let eigw = ec2
        .create_egress_only_internet_gateway()
        .vpc_id(&vpc)
        .tag_specifications(named(ec2::ResourceType::EgressOnlyInternetGateway, "eigw"))
        .send()
        .await
        .unwrap();
    let eigw =
        eigw.egress_only_internet_gateway().and_then(|g| g.egress_only_internet_gateway_id());
    let eigw = eigw.unwrap().to_owned();
    let tgw = ec2
        .create_transit_gateway()
        .description("hub of the region")
        .options(
            ec2::TransitGatewayRequestOptions::builder()
                .amazon_side_asn(64600)
                .default_route_table_propagation(ec2::DefaultRouteTablePropagationValue::Disable)
                .build(),
        )
        .tag_specifications(named(ec2::ResourceType::TransitGateway, "hub"))
        .send()
        .await
        .unwrap();
    let tgw = tgw.transit_gateway().and_then(|t| t.transit_gateway_id()).unwrap().to_owned();
    // moto ignores an attachment's tag specifications: it is tagged after.
    let attachment = ec2
        .create_transit_gateway_vpc_attachment()
        .transit_gateway_id(&tgw)
        .vpc_id(&vpc)
        .set_subnet_ids(Some(subnets.clone()))
        .send()
        .await
        .unwrap();
    let attachment = attachment.transit_gateway_vpc_attachment();
    let attachment = attachment.and_then(|a| a.transit_gateway_attachment_id()).unwrap();
    name(&ec2, attachment, "edge-to-hub").await;
    let vgw = ec2
        .create_vpn_gateway()
        .r#type(ec2::GatewayType::Ipsec1)
        .amazon_side_asn(64700)
        .send()
        .await
        .unwrap();
    let vgw = vgw.vpn_gateway().and_then(|g| g.vpn_gateway_id()).unwrap().to_owned();
    name(&ec2, &vgw, "vgw").await;
    ec2.attach_vpn_gateway().vpn_gateway_id(&vgw).vpc_id(&vpc).send().await.unwrap();
    let cgw = ec2
        .create_customer_gateway()
        .r#type(ec2::GatewayType::Ipsec1)
        .ip_address("203.0.113.12")
        .bgp_asn(65010)
        .send()
        .await
        .unwrap();
    let cgw = cgw.customer_gateway().and_then(|g| g.customer_gateway_id()).unwrap().to_owned();
    name(&ec2, &cgw, "office").await;
    // moto keeps none of a connection's options, so the static one reads
    // back as not static; the mapping's test on constructed responses has
    // one that is.
    for (label, gateway) in [("office-vpn", &vgw), ("office-tgw", &tgw)] {
        let connection =
            ec2.create_vpn_connection().r#type("ipsec.1").customer_gateway_id(&cgw).options(
                ec2::VpnConnectionOptionsSpecification::builder()
                    .static_routes_only(label == "office-vpn")
                    .build(),
            );
        let connection = if gateway == &vgw {
            connection.vpn_gateway_id(gateway)
        } else {
            connection.transit_gateway_id(gateway)
        };
        let connection = connection.send().await.unwrap();
        let id = connection.vpn_connection().and_then(|c| c.vpn_connection_id()).unwrap();
        name(&ec2, id, label).await;
    }

    // One table for both subnets, with a route to each gateway.
    let table = ec2.create_route_table().vpc_id(&vpc).send().await.unwrap();
    let table = table.route_table().and_then(|t| t.route_table_id()).unwrap().to_owned();
    name(&ec2, &table, "app").await;
    ec2.create_route()
        .route_table_id(&table)
        .destination_ipv6_cidr_block("::/0")
        .egress_only_internet_gateway_id(&eigw)
        .send()
        .await
        .unwrap();
    ec2.create_route()
        .route_table_id(&table)
        .destination_cidr_block("10.8.0.0/16")
        .transit_gateway_id(&tgw)
        .send()
        .await
        .unwrap();
    ec2.create_route()
        .route_table_id(&table)
        .destination_cidr_block("192.168.0.0/16")
        .gateway_id(&vgw)
        .send()
        .await
        .unwrap();
    for subnet in &subnets {
        ec2.associate_route_table().route_table_id(&table).subnet_id(subnet).send().await.unwrap();
    }

    // The VPC's traffic to a log group, the second subnet's rejections to
    // a bucket. moto takes all of an S3 destination after `:::` for the
    // bucket's name, so the destination has no prefix here; the mapping's
    // test on constructed responses has one.
    ec2.create_flow_logs()
        .resource_type(ec2::FlowLogsResourceType::Vpc)
        .resource_ids(&vpc)
        .traffic_type(ec2::TrafficType::All)
        .log_group_name("/vpc/edge")
        .deliver_logs_permission_arn("arn:aws:iam::123456789012:role/flow-logs")
        .send()
        .await
        .unwrap();
    moto.s3_bucket("edge-flows");
    ec2.create_flow_logs()
        .resource_type(ec2::FlowLogsResourceType::Subnet)
        .resource_ids(&subnets[1])
        .traffic_type(ec2::TrafficType::Reject)
        .log_destination_type(ec2::LogDestinationType::S3)
        .log_destination("arn:aws:s3:::edge-flows")
        .send()
        .await
        .unwrap();

    // An interface of its own with a fixed address, and an instance with
    // a second interface; a private NAT gateway and an interface endpoint,
    // whose interfaces moto makes as plain ones.
    let group = ec2
        .create_security_group()
        .group_name("appliance")
        .description("appliance interfaces")
        .vpc_id(&vpc)
        .send()
        .await
        .unwrap();
    let group = group.group_id().unwrap().to_owned();
    let mut interfaces = Vec::new();
    for (label, address, description) in
        [("license", "10.4.1.50", "license server"), ("replication", "10.4.1.60", "replication")]
    {
        let interface = ec2
            .create_network_interface()
            .subnet_id(&subnets[0])
            .groups(&group)
            .private_ip_address(address)
            .description(description)
            .send()
            .await
            .unwrap();
        let interface = interface.network_interface().and_then(|i| i.network_interface_id());
        let interface = interface.unwrap().to_owned();
        name(&ec2, &interface, label).await;
        interfaces.push(interface);
    }
    let images = ec2.describe_images().send().await.unwrap();
    let image = images.images()[0].image_id().unwrap().to_owned();
    let appliance = ec2
        .run_instances()
        .image_id(&image)
        .instance_type(ec2::InstanceType::T3Micro)
        .min_count(1)
        .max_count(1)
        .subnet_id(&subnets[0])
        .security_group_ids(&group)
        .send()
        .await
        .unwrap();
    let appliance = appliance.instances()[0].instance_id().unwrap().to_owned();
    name(&ec2, &appliance, "appliance").await;
    ec2.attach_network_interface()
        .network_interface_id(&interfaces[1])
        .instance_id(&appliance)
        .device_index(1)
        .send()
        .await
        .unwrap();
    ec2.create_nat_gateway()
        .subnet_id(&subnets[1])
        .connectivity_type(ec2::ConnectivityType::Private)
        .tag_specifications(named(ec2::ResourceType::Natgateway, "nat-b"))
        .send()
        .await
        .unwrap();
    ec2.create_vpc_endpoint()
        .vpc_id(&vpc)
        .vpc_endpoint_type(ec2::VpcEndpointType::Interface)
        .service_name("com.amazonaws.us-east-1.ssm")
        .subnet_ids(&subnets[1])
        .private_dns_enabled(false)
        .security_group_ids(&group)
        .send()
        .await
        .unwrap();
    vpc
}

#[tokio::test(flavor = "multi_thread")]
async fn gateways_vpn_connections_flow_logs_interfaces_and_ipv6_are_read() {
    let moto = Moto::start();
    let vpc = edge(&moto).await;
    let config = moto.config().await;
    let lines = std::sync::Mutex::new(Vec::new());
    let progress = |line: &str| lines.lock().unwrap().push(line.to_owned());
    let imported = read(&config, &Selection::Vpcs(vec![vpc]), &progress).await;
    let warnings: Vec<String> = imported.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings, Vec::<String>::new());
    expect![[r#"
        <vpc1> vpc "edge" {"cidr_blocks":["10.4.0.0/16"],"enable_dns_support":true,"enable_dns_hostnames":false,"ipv6":"amazon_provided"}
        <availability_zone1> availability_zone "us-east-1a" {"vpc":"<vpc1>","zone":"a"}
        <availability_zone2> availability_zone "us-east-1b" {"vpc":"<vpc1>","zone":"b"}
        <subnet1> subnet "app-a" {"az":"<availability_zone1>","cidr":"10.4.1.0/24","map_public_ip_on_launch":false,"ipv6":{"index":1}}
        <subnet2> subnet "app-b" {"az":"<availability_zone2>","cidr":"10.4.2.0/24","map_public_ip_on_launch":false,"ipv6":{"index":2}}
        <egress_only_internet_gateway1> egress_only_internet_gateway "eigw" {"vpc":"<vpc1>"}
        <nat_gateway1> nat_gateway "nat-b" {"subnet":"<subnet2>","connectivity":"private","elastic_ip":null}
        <security_group1> security_group "default" {"vpc":"<vpc1>","description":"default VPC security group","ingress":[],"egress":[{"protocol":"all","ports":null,"peer":{"cidr":"0.0.0.0/0"}}]}
        <security_group2> security_group "appliance" {"vpc":"<vpc1>","description":"appliance interfaces","ingress":[],"egress":[{"protocol":"all","ports":null,"peer":{"cidr":"0.0.0.0/0"}},{"protocol":"all","ports":null,"peer":{"cidr6":"::/0"}}]}
        <vpc_endpoint1> vpc_endpoint "ssm" {"vpc":"<vpc1>","service":"ssm","endpoint_type":"interface","subnets":["<subnet2>"],"security_groups":["<security_group2>"],"private_dns":false,"policy":{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}}
        <transit_gateway1> transit_gateway "hub" {"amazon_side_asn":64600,"default_route_table_association":true,"default_route_table_propagation":false}
        <transit_gateway_attachment1> transit_gateway_attachment "edge-to-hub" {"transit_gateway":"<transit_gateway1>","vpc":"<vpc1>","subnets":["<subnet1>","<subnet2>"]}
        <vpn_gateway1> vpn_gateway "vgw" {"vpc":"<vpc1>","amazon_side_asn":64700}
        <customer_gateway1> customer_gateway "office" {"ip_address":"203.0.113.12","bgp_asn":65010}
        <vpn_connection1> vpn_connection "office-vpn" {"customer_gateway":"<customer_gateway1>","vpn_gateway":"<vpn_gateway1>","transit_gateway":null,"static_routes_only":false}
        <vpn_connection2> vpn_connection "office-tgw" {"customer_gateway":"<customer_gateway1>","vpn_gateway":null,"transit_gateway":"<transit_gateway1>","static_routes_only":false}
        <external1> external "/vpc/edge" {"of":"log_group","source":{"physical_id":"/vpc/edge"}}
        <flow_log1> flow_log "<flow_log1>" {"resource":"<vpc1>","traffic_type":"all","destination":"<external1>"}
        <external2> external "edge-flows" {"of":"s3_bucket","source":{"physical_id":"arn:aws:s3:::edge-flows"}}
        <flow_log2> flow_log "<flow_log2>" {"resource":"<subnet2>","traffic_type":"reject","destination":"<external2>"}
        <route_table1> route_table "<route_table1>" {"vpc":"<vpc1>","main":true,"routes":[],"associations":[]}
        <route_table2> route_table "app" {"vpc":"<vpc1>","main":false,"routes":[{"destination":{"cidr6":"::/0"},"target":"<egress_only_internet_gateway1>"},{"destination":{"cidr":"10.8.0.0/16"},"target":"<transit_gateway1>"},{"destination":{"cidr":"192.168.0.0/16"},"target":"<vpn_gateway1>"}],"associations":["<subnet1>","<subnet2>"]}
        <ec2_instance1> ec2_instance "appliance" {"instance_type":"t3.micro","image_id":"ami-03cf127a","subnet":"<subnet1>","security_groups":["<security_group2>"],"public_ip":false}
        <network_interface1> network_interface "license" {"subnet":"<subnet1>","security_groups":["<security_group2>"],"private_ip":"10.4.1.50","description":"license server"}
        <network_interface2> network_interface "replication" {"subnet":"<subnet1>","security_groups":["<security_group2>"],"private_ip":"10.4.1.60","description":"replication"}
    "#]]
    .assert_eq(&normalized(&imported.design));
    let errors: Vec<_> = vpcraft_core::validate(&imported.design)
        .into_iter()
        .filter(|f| f.severity == vpcraft_core::Severity::Error)
        .map(|f| format!("{}: {}", f.rule, f.message))
        .collect();
    assert_eq!(errors, Vec::<String>::new());
    // Each new listing was read (and said so).
    let mut lines = lines.into_inner().unwrap();
    lines.retain(|l| {
        ["transit", "egress-only", "virtual private", "VPN", "customer", "flow logs", "interfaces"]
            .iter()
            .any(|w| l.contains(w))
    });
    lines.sort();
    expect![[r#"
        [
            "read 1 customer gateways (ec2:DescribeCustomerGateways)",
            "read 1 egress-only internet gateways (ec2:DescribeEgressOnlyInternetGateways)",
            "read 1 transit gateway VPC attachments (ec2:DescribeTransitGatewayVpcAttachments)",
            "read 1 transit gateways (ec2:DescribeTransitGateways)",
            "read 1 virtual private gateways (ec2:DescribeVpnGateways)",
            "read 2 VPN connections (ec2:DescribeVpnConnections)",
            "read 2 flow logs (ec2:DescribeFlowLogs)",
            "read 5 network interfaces (ec2:DescribeNetworkInterfaces)",
        ]
    "#]]
    .assert_debug_eq(&lines);
}
