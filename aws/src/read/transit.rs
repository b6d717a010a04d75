//! What joins the VPCs to other networks, and what records or carries
//! their traffic: transit gateway attachments and the gateways they
//! attach, egress-only internet gateways, virtual private gateways with
//! their VPN connections and customer gateways, flow logs of the VPCs and
//! subnets, and network interfaces.

use super::Clients;
use super::call::{Ctx, Service};
use super::ec2::{FILTER_VALUES, filter};
use crate::Op;
use crate::map::Snapshot;
use aws_sdk_ec2::types as ec2;
use futures_util::future::join_all;
use std::collections::{BTreeSet, HashSet};

#[derive(Default)]
pub(super) struct Transit {
    transit_gateway_attachments: Vec<ec2::TransitGatewayVpcAttachment>,
    transit_gateways: Vec<ec2::TransitGateway>,
    egress_only_internet_gateways: Vec<ec2::EgressOnlyInternetGateway>,
    vpn_gateways: Vec<ec2::VpnGateway>,
    vpn_connections: Vec<ec2::VpnConnection>,
    customer_gateways: Vec<ec2::CustomerGateway>,
    network_interfaces: Vec<ec2::NetworkInterface>,
}

impl Transit {
    pub fn into_snapshot(self, s: &mut Snapshot) {
        s.transit_gateway_attachments = self.transit_gateway_attachments;
        s.transit_gateways = self.transit_gateways;
        s.egress_only_internet_gateways = self.egress_only_internet_gateways;
        s.vpn_gateways = self.vpn_gateways;
        s.vpn_connections = self.vpn_connections;
        s.customer_gateways = self.customer_gateways;
        s.network_interfaces = self.network_interfaces;
    }
}

/// The gateways and interfaces of the selected VPCs. The attachments, the
/// virtual private gateways and the interfaces are read by VPC; the
/// transit gateways, VPN connections and customer gateways only when
/// something selected names them.
pub(super) async fn read(ctx: &Ctx<'_>, c: &Clients, vpcs: &[String]) -> Transit {
    let e = &c.ec2;
    let (attachments, egress_only, vpn_gateways, interfaces) = tokio::join!(
        ctx.list(
            Service::Ec2,
            Op::DescribeTransitGatewayVpcAttachments,
            e.describe_transit_gateway_vpc_attachments()
                .filters(filter("vpc-id", vpcs))
                .into_paginator()
                .items()
                .send()
                .try_collect()
        ),
        // The call filters by tags only: the region's gateways are listed
        // (one per VPC at most) and the mapping keeps those attached to a
        // selected VPC.
        ctx.list(
            Service::Ec2,
            Op::DescribeEgressOnlyInternetGateways,
            e.describe_egress_only_internet_gateways()
                .into_paginator()
                .items()
                .send()
                .try_collect()
        ),
        // The call does not page.
        ctx.call(
            Service::Ec2,
            Op::DescribeVpnGateways,
            e.describe_vpn_gateways().filters(filter("attachment.vpc-id", vpcs)).send()
        ),
        // Only interfaces a person made: the interfaces a service manages
        // for what it runs (functions, load balancers, databases, NAT
        // gateways, endpoints) are requester-managed or of another type.
        ctx.list(
            Service::Ec2,
            Op::DescribeNetworkInterfaces,
            e.describe_network_interfaces()
                .filters(filter("vpc-id", vpcs))
                .filters(filter("interface-type", &["interface".to_owned()]))
                .filters(filter("requester-managed", &["false".to_owned()]))
                .into_paginator()
                .items()
                .send()
                .try_collect()
        ),
    );
    let vpn_gateways: Vec<ec2::VpnGateway> = vpn_gateways
        .map(|o| {
            let gateways = o.vpn_gateways.unwrap_or_default();
            ctx.progress(Op::DescribeVpnGateways, gateways.len());
            gateways
        })
        .unwrap_or_default();
    let attachments: Vec<ec2::TransitGatewayVpcAttachment> = attachments.unwrap_or_default();
    let tgw_ids: Vec<String> = attachments
        .iter()
        .filter_map(|a| a.transit_gateway_id())
        .map(str::to_owned)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let vgw_ids: Vec<String> =
        vpn_gateways.iter().filter_map(|g| g.vpn_gateway_id()).map(str::to_owned).collect();
    let (transit_gateways, vpn_connections) = tokio::join!(
        join_all(tgw_ids.chunks(FILTER_VALUES).map(|chunk| {
            ctx.list(
                Service::Ec2,
                Op::DescribeTransitGateways,
                e.describe_transit_gateways()
                    .filters(filter("transit-gateway-id", chunk))
                    .into_paginator()
                    .items()
                    .send()
                    .try_collect(),
            )
        })),
        vpn_connections(ctx, c, &vgw_ids, &tgw_ids),
    );
    let cgw_ids: Vec<String> = vpn_connections
        .iter()
        .filter_map(|v| v.customer_gateway_id())
        .map(str::to_owned)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    // The call does not page; the IDs are a filter, as an unknown ID in
    // the list of IDs would fail the whole call.
    let customer_gateways = join_all(cgw_ids.chunks(FILTER_VALUES).map(|chunk| {
        ctx.call(
            Service::Ec2,
            Op::DescribeCustomerGateways,
            e.describe_customer_gateways().filters(filter("customer-gateway-id", chunk)).send(),
        )
    }))
    .await;
    let answered = customer_gateways.iter().any(Option::is_some);
    let customer_gateways: Vec<ec2::CustomerGateway> = customer_gateways
        .into_iter()
        .flatten()
        .flat_map(|o| o.customer_gateways.unwrap_or_default())
        .collect();
    if answered {
        ctx.progress(Op::DescribeCustomerGateways, customer_gateways.len());
    }
    Transit {
        transit_gateway_attachments: attachments,
        transit_gateways: transit_gateways.into_iter().flatten().flatten().collect(),
        egress_only_internet_gateways: egress_only.unwrap_or_default(),
        vpn_gateways,
        vpn_connections,
        customer_gateways,
        network_interfaces: interfaces.unwrap_or_default(),
    }
}

/// The VPN connections that end at one of these virtual private or transit
/// gateways, in one call when there are any: DescribeVpnConnections does
/// not page and its filters take one kind of gateway each, so the region's
/// connections are read once and kept here by their gateway.
async fn vpn_connections(
    ctx: &Ctx<'_>,
    c: &Clients,
    vgws: &[String],
    tgws: &[String],
) -> Vec<ec2::VpnConnection> {
    if vgws.is_empty() && tgws.is_empty() {
        return Vec::new();
    }
    let Some(output) = ctx
        .call(Service::Ec2, Op::DescribeVpnConnections, c.ec2.describe_vpn_connections().send())
        .await
    else {
        return Vec::new();
    };
    let gateways: HashSet<&str> = vgws.iter().chain(tgws).map(String::as_str).collect();
    let connections: Vec<ec2::VpnConnection> = output
        .vpn_connections
        .unwrap_or_default()
        .into_iter()
        .filter(|v| {
            v.vpn_gateway_id().or(v.transit_gateway_id()).is_some_and(|g| gateways.contains(g))
        })
        .collect();
    ctx.progress(Op::DescribeVpnConnections, connections.len());
    connections
}

/// The flow logs of the snapshot's VPCs and subnets, once the subnets are
/// known: by resource ID, 200 to a call.
pub(super) async fn flow_logs(
    ctx: &Ctx<'_>,
    c: &Clients,
    snapshot: &Snapshot,
) -> Vec<ec2::FlowLog> {
    let resources: Vec<String> = snapshot
        .vpcs
        .iter()
        .filter_map(|v| v.vpc_id())
        .chain(snapshot.subnets.iter().filter_map(|s| s.subnet_id()))
        .map(str::to_owned)
        .collect();
    let logs = join_all(resources.chunks(FILTER_VALUES).map(|chunk| {
        ctx.list(
            Service::Ec2,
            Op::DescribeFlowLogs,
            c.ec2
                .describe_flow_logs()
                .filter(filter("resource-id", chunk))
                .into_paginator()
                .items()
                .send()
                .try_collect(),
        )
    }))
    .await;
    logs.into_iter().flatten().flatten().collect()
}
