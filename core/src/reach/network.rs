//! Flows that start inside a VPC: the path each kind of target takes, and
//! between two resources in VPCs the egress, the network ACLs and the local
//! route or a peering route.

use super::nacl::{nacl, nacl_response};
use super::peer::{Peer, any};
use super::security_group::{egress, group_or_cidr, ingress};
use super::service::{service_path, via_interface};
use super::trace::Trace;
use super::{in_vpc, is_internet, lb, route, service_name};
use crate::fix::{Edit, QuickFix};
use crate::model::{Kind, Resource, ResourceId, RouteDestination, Scheme, SgPeer};
use ipnet::Ipv4Net;

pub(crate) fn from_vpc<'d>(t: &mut Trace<'_, 'd>, source: &'d Resource, target: &'d Resource) {
    if is_internet(&target.kind) {
        if t.ipv6 {
            super::ipv6::internet_path6(t, source);
        } else {
            route::internet_path(t, source);
        }
        if !t.is_blocked() {
            t.hop(&target.id, "internet");
        }
        return;
    }
    match &target.kind {
        Kind::LambdaFunction(_) if matches!(source.kind, Kind::LoadBalancer(_)) => {
            lb::invoke_lambda(t, source, target);
        }
        Kind::LoadBalancer(lb) if lb.scheme == Scheme::InternetFacing => {
            route::internet_path(t, source);
            lb::front(t, target, lb, &Peer::internet(), None);
        }
        Kind::LoadBalancer(lb) => {
            to_network_target(t, source, target);
            let from = Peer::of_resource(t.index, &source.id);
            lb::front(t, target, lb, &from, Some(source));
        }
        Kind::VpcEndpoint(ep) => via_interface(t, source, target, ep),
        Kind::EksCluster(cluster) => super::eks::api_from_vpc(t, source, target, cluster),
        _ => match service_name(&target.kind) {
            Some(service) => service_path(t, source, target, service),
            None if in_vpc(target) => {
                to_network_target(t, source, target);
                let from = Peer::of_resource(t.index, &source.id);
                let fix_from = |t: &Trace<'_, '_>| group_or_cidr(t, source);
                ingress(
                    t,
                    target,
                    t.index.security_groups_of(target),
                    &from,
                    &source.name,
                    fix_from,
                );
                t.hop(&target.id, "target");
            }
            None => t.hop(&target.id, "target"),
        },
    }
}

/// The CIDRs of a resource's subnets.
pub(crate) fn cidrs<'i>(t: &Trace<'i, '_>, resource: &Resource) -> &'i [Ipv4Net] {
    t.index.subnet_cidrs(&resource.id)
}

/// From an in-VPC source to an in-VPC target: egress, network ACLs, and the
/// local route or a peering route both ways.
pub(crate) fn to_network_target<'d>(
    t: &mut Trace<'_, 'd>,
    source: &'d Resource,
    target: &'d Resource,
) {
    let to = Peer::of_resource(t.index, &target.id);
    let fix_to = |t: &Trace<'_, '_>| group_or_cidr(t, target).unwrap_or(SgPeer::Cidr(any()));
    egress(t, source, &to, &target.name, fix_to);
    let (source_v4, target_v4) = (cidrs(t, source), cidrs(t, target));
    let ip = |c: &Ipv4Net| ipnet::IpNet::from(*c);
    let source_cidrs: Vec<_> = source_v4.iter().map(ip).collect();
    let target_cidrs: Vec<_> = target_v4.iter().map(ip).collect();
    for subnet in source.kind.subnets() {
        nacl(t, subnet, true, &target_cidrs);
    }
    for subnet in target.kind.subnets() {
        nacl(t, subnet, false, &source_cidrs);
        nacl_response(t, subnet, true, &source_cidrs);
    }
    for subnet in source.kind.subnets() {
        nacl_response(t, subnet, false, &target_cidrs);
    }
    let (Some(from_vpc), Some(to_vpc)) = (t.index.vpc_of(&source.id), t.index.vpc_of(&target.id))
    else {
        return;
    };
    if from_vpc == to_vpc {
        t.hop(from_vpc, "local route");
        return;
    }
    if !peered(t, from_vpc, to_vpc)
        && let Some(joined) = super::transit::joined(t.index, from_vpc, to_vpc)
    {
        let ends = ((source, source_v4), (target, target_v4));
        super::transit::through(t, &joined, ends.0, ends.1);
        return;
    }
    peering_routes(t, source, from_vpc, to_vpc, target_v4);
    peering_routes(t, target, to_vpc, from_vpc, source_v4);
}

/// Whether a peering connection joins the two VPCs.
fn peered(t: &Trace<'_, '_>, a: &ResourceId, b: &ResourceId) -> bool {
    t.index.of_kind(crate::model::KindTag::VpcPeering).iter().any(|p| match &p.kind {
        Kind::VpcPeering(p) => {
            (&p.requester == a && &p.accepter == b) || (&p.requester == b && &p.accepter == a)
        }
        _ => false,
    })
}

/// Every subnet of `from` routes `cidrs` to a peering connection with `to`.
fn peering_routes<'d>(
    t: &mut Trace<'_, 'd>,
    from: &'d Resource,
    from_vpc: &'d ResourceId,
    to_vpc: &'d ResourceId,
    cidrs: &[Ipv4Net],
) {
    let index = t.index;
    let peering = index.of_kind(crate::model::KindTag::VpcPeering).iter().find(|p| match &p.kind {
        Kind::VpcPeering(p) => {
            (&p.requester == from_vpc && &p.accepter == to_vpc)
                || (&p.requester == to_vpc && &p.accepter == from_vpc)
        }
        _ => false,
    });
    let Some(peering) = peering else {
        t.block(
            format!(
                "VPCs {:?} and {:?} are not connected (no peering connection)",
                index.name(from_vpc),
                index.name(to_vpc)
            ),
            vec![from_vpc.clone(), to_vpc.clone()],
            None,
        );
        return;
    };
    for subnet in from.kind.subnets() {
        let Some((table, rt)) = index.route_table_of(subnet) else {
            continue;
        };
        let routed = cidrs.iter().all(|c| {
            rt.routes.iter().any(|r| {
                r.target == peering.id
                    && matches!(&r.destination, RouteDestination::Cidr(d) if d.trunc().contains(c))
            })
        });
        if routed {
            t.hop(&table.id, format_args!("routes to peering {:?}", peering.name));
            continue;
        }
        let destination = index.vpc(to_vpc).and_then(|(_, v)| v.cidr_blocks.first().copied());
        let fix = destination.map(|d| {
            QuickFix::new(
                format!("Route {d} to peering {:?} in {:?}", peering.name, table.name),
                vec![Edit::AddRoute {
                    route_table: table.id.clone(),
                    route: crate::model::Route {
                        destination: RouteDestination::Cidr(d.trunc()),
                        target: peering.id.clone(),
                    },
                }],
            )
        });
        t.block(
            format!(
                "route table {:?} of subnet {:?} has no route to VPC {:?} through peering {:?}",
                table.name,
                index.name(subnet),
                index.name(to_vpc),
                peering.name
            ),
            vec![table.id.clone(), peering.id.clone()],
            fix,
        );
    }
}
