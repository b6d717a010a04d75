//! The EC2 side: the account, VPCs and their DNS attributes, subnets,
//! route tables, gateways, Elastic IPs, security groups and their rules,
//! network ACLs, endpoints and peering connections.

use super::call::{Ctx, Service};
use super::{Clients, Selection};
use crate::Op;
use crate::map::{Snapshot, VpcDns};
use aws_sdk_ec2::types::{self as ec2, Filter, VpcAttributeName};
use futures_util::future::join_all;
use std::collections::BTreeMap;

/// How many values one EC2 filter takes.
pub(super) const FILTER_VALUES: usize = 200;

pub(super) fn filter(name: &str, values: &[String]) -> Filter {
    Filter::builder().name(name).set_values(Some(values.to_vec())).build()
}

/// The account the credentials belong to.
pub(super) async fn account(ctx: &Ctx<'_>, c: &Clients) -> Option<String> {
    let identity =
        ctx.call(Service::Sts, Op::GetCallerIdentity, c.sts.get_caller_identity().send()).await?;
    identity.account().map(str::to_owned)
}

/// The selected VPCs.
pub(super) async fn vpcs(ctx: &Ctx<'_>, c: &Clients, selection: &Selection) -> Vec<ec2::Vpc> {
    let ids = match selection {
        Selection::All => None,
        Selection::Vpcs(ids) => Some(ids.clone()),
    };
    // Asking for one unknown ID fails the whole call, so IDs are a filter.
    let filters = ids.map(|ids| vec![filter("vpc-id", &ids)]);
    let call = c.ec2.describe_vpcs().set_filters(filters).into_paginator().items().send();
    ctx.list(Service::Ec2, Op::DescribeVpcs, call.try_collect()).await.unwrap_or_default()
}

/// What the EC2 calls after the VPCs return.
#[derive(Default)]
pub(super) struct Network {
    vpc_dns: BTreeMap<String, VpcDns>,
    subnets: Vec<ec2::Subnet>,
    route_tables: Vec<ec2::RouteTable>,
    internet_gateways: Vec<ec2::InternetGateway>,
    nat_gateways: Vec<ec2::NatGateway>,
    addresses: Vec<ec2::Address>,
    security_groups: Vec<ec2::SecurityGroup>,
    security_group_rules: Vec<ec2::SecurityGroupRule>,
    network_acls: Vec<ec2::NetworkAcl>,
    vpc_endpoints: Vec<ec2::VpcEndpoint>,
    peering_connections: Vec<ec2::VpcPeeringConnection>,
}

impl Network {
    pub fn into_snapshot(self, s: &mut Snapshot) {
        s.vpc_dns = self.vpc_dns;
        s.subnets = self.subnets;
        s.route_tables = self.route_tables;
        s.internet_gateways = self.internet_gateways;
        s.nat_gateways = self.nat_gateways;
        s.addresses = self.addresses;
        s.security_groups = self.security_groups;
        s.security_group_rules = self.security_group_rules;
        s.network_acls = self.network_acls;
        s.vpc_endpoints = self.vpc_endpoints;
        s.peering_connections = self.peering_connections;
    }
}

/// Everything the VPCs hold on the EC2 side. With `every_vpc` (the whole
/// region is selected) the security group rules are one listing of the
/// region's rules, read beside the groups; otherwise they are read by the
/// selected groups' IDs once the groups are in.
pub(super) async fn network(
    ctx: &Ctx<'_>,
    c: &Clients,
    vpcs: &[String],
    every_vpc: bool,
) -> Network {
    let e = &c.ec2;
    let by_vpc = || Some(vec![filter("vpc-id", vpcs)]);
    let all_rules = async {
        if !every_vpc {
            return None;
        }
        let call = e.describe_security_group_rules().into_paginator().items().send();
        Some(ctx.list(Service::Ec2, Op::DescribeSecurityGroupRules, call.try_collect()).await)
    };
    let (
        (subnets, route_tables, igws, nats, addresses, groups, acls, endpoints, peerings, dns),
        all_rules,
    ) = tokio::join!(
        async {
            tokio::join!(
                ctx.list(
                    Service::Ec2,
                    Op::DescribeSubnets,
                    e.describe_subnets()
                        .set_filters(by_vpc())
                        .into_paginator()
                        .items()
                        .send()
                        .try_collect()
                ),
                ctx.list(
                    Service::Ec2,
                    Op::DescribeRouteTables,
                    e.describe_route_tables()
                        .set_filters(by_vpc())
                        .into_paginator()
                        .items()
                        .send()
                        .try_collect()
                ),
                ctx.list(
                    Service::Ec2,
                    Op::DescribeInternetGateways,
                    e.describe_internet_gateways()
                        .filters(filter("attachment.vpc-id", vpcs))
                        .into_paginator()
                        .items()
                        .send()
                        .try_collect()
                ),
                ctx.list(
                    Service::Ec2,
                    Op::DescribeNatGateways,
                    e.describe_nat_gateways()
                        .set_filter(by_vpc())
                        .into_paginator()
                        .items()
                        .send()
                        .try_collect()
                ),
                ctx.call(Service::Ec2, Op::DescribeAddresses, e.describe_addresses().send()),
                ctx.list(
                    Service::Ec2,
                    Op::DescribeSecurityGroups,
                    e.describe_security_groups()
                        .set_filters(by_vpc())
                        .into_paginator()
                        .items()
                        .send()
                        .try_collect()
                ),
                ctx.list(
                    Service::Ec2,
                    Op::DescribeNetworkAcls,
                    e.describe_network_acls()
                        .set_filters(by_vpc())
                        .into_paginator()
                        .items()
                        .send()
                        .try_collect()
                ),
                ctx.list(
                    Service::Ec2,
                    Op::DescribeVpcEndpoints,
                    e.describe_vpc_endpoints()
                        .set_filters(by_vpc())
                        .into_paginator()
                        .items()
                        .send()
                        .try_collect()
                ),
                ctx.list(
                    Service::Ec2,
                    Op::DescribeVpcPeeringConnections,
                    e.describe_vpc_peering_connections()
                        .into_paginator()
                        .items()
                        .send()
                        .try_collect()
                ),
                join_all(vpcs.iter().map(|vpc| dns(ctx, c, vpc))),
            )
        },
        all_rules
    );
    let security_groups: Vec<ec2::SecurityGroup> = groups.unwrap_or_default();
    let group_ids: Vec<String> =
        security_groups.iter().filter_map(|g| g.group_id()).map(str::to_owned).collect();
    let by_group = if all_rules.is_some() { &[][..] } else { &group_ids[..] };
    let rules = join_all(by_group.chunks(FILTER_VALUES).map(|chunk| {
        ctx.list(
            Service::Ec2,
            Op::DescribeSecurityGroupRules,
            e.describe_security_group_rules()
                .filters(filter("group-id", chunk))
                .into_paginator()
                .items()
                .send()
                .try_collect(),
        )
    }))
    .await;
    Network {
        vpc_dns: vpcs.iter().cloned().zip(dns).collect(),
        subnets: subnets.unwrap_or_default(),
        route_tables: route_tables.unwrap_or_default(),
        internet_gateways: igws.unwrap_or_default(),
        nat_gateways: nats.unwrap_or_default(),
        addresses: addresses.map(|a| a.addresses().to_vec()).unwrap_or_default(),
        security_groups,
        security_group_rules: match all_rules {
            Some(rules) => rules.unwrap_or_default(),
            None => rules.into_iter().flatten().flatten().collect(),
        },
        network_acls: acls.unwrap_or_default(),
        vpc_endpoints: endpoints.unwrap_or_default(),
        peering_connections: peerings.unwrap_or_default(),
    }
}

/// The DNS attributes of one VPC (one call each).
async fn dns(ctx: &Ctx<'_>, c: &Clients, vpc: &str) -> VpcDns {
    let attribute = |name| {
        ctx.call(
            Service::Ec2,
            Op::DescribeVpcAttribute,
            c.ec2.describe_vpc_attribute().vpc_id(vpc).attribute(name).send(),
        )
    };
    let (support, hostnames) = tokio::join!(
        attribute(VpcAttributeName::EnableDnsSupport),
        attribute(VpcAttributeName::EnableDnsHostnames)
    );
    VpcDns {
        support: support.and_then(|o| o.enable_dns_support().and_then(|v| v.value())),
        hostnames: hostnames.and_then(|o| o.enable_dns_hostnames().and_then(|v| v.value())),
    }
}
