//! The way out to the internet: a subnet's default route, the NAT gateway
//! it names, and that gateway's own subnet and address.

use super::nacl::{nacl, nacl_response};
use super::peer::{Peer, any};
use super::security_group::egress;
use super::trace::Trace;
use crate::fix::{Edit, QuickFix};
use crate::model::{
    ElasticIp, Kind, KindTag, NatConnectivity, NatGateway, Resource, ResourceId, Route,
    RouteDestination, SgPeer,
};
use crate::rules::routing::default_route_target;

/// Every subnet of the source reaches the internet, and its security groups
/// let the traffic out.
pub(crate) fn internet_path<'d>(t: &mut Trace<'_, 'd>, source: &'d Resource) {
    egress(t, source, &Peer::cidr(any()), "0.0.0.0/0", |_| SgPeer::Cidr(any()));
    for subnet in source.kind.subnets() {
        if t.index.subnet(subnet).is_none() {
            continue;
        }
        nacl(t, subnet, true, &[any().into()]);
        nacl_response(t, subnet, false, &[any().into()]);
        subnet_to_internet(t, source, subnet);
    }
}

/// Whether a resource has a public IP address in its subnets: an ECS
/// service that assigns one, an internet-facing load balancer, an instance
/// that asks for one or whose subnet gives one by default, a database
/// publicly accessible.
pub(crate) fn public_ip(index: &crate::index::Index<'_>, source: &Resource) -> bool {
    match &source.kind {
        Kind::EcsService(svc) => svc.assign_public_ip,
        Kind::LoadBalancer(lb) => lb.scheme == crate::model::Scheme::InternetFacing,
        Kind::Ec2Instance(i) => i.public_ip.unwrap_or_else(|| subnet_default(index, source)),
        Kind::AutoScalingGroup(asg) => {
            let template = asg.launch_template.as_ref().and_then(|lt| index.get(lt));
            match template.map(|r| &r.kind) {
                Some(Kind::LaunchTemplate(lt)) => {
                    lt.public_ip.unwrap_or_else(|| subnet_default(index, source))
                }
                _ => subnet_default(index, source),
            }
        }
        Kind::RdsInstance(_) | Kind::DbCluster(_) => index.publicly_accessible(source),
        // Managed nodes get a public address where their subnet gives one.
        Kind::EksNodeGroup(_) => subnet_default(index, source),
        _ => false,
    }
}

/// Whether every subnet of a resource gives a public IP address on launch.
fn subnet_default(index: &crate::index::Index<'_>, source: &Resource) -> bool {
    let subnets = source.kind.subnets();
    !subnets.is_empty()
        && subnets.iter().all(|s| index.subnet(s).is_some_and(|(_, s)| s.map_public_ip_on_launch))
}

/// From the internet to a resource's public address: its subnets route to
/// an internet gateway, their network ACLs let the traffic in and its
/// response out, and its security groups admit it.
pub(crate) fn internet_to_public<'d>(t: &mut Trace<'_, 'd>, target: &'d Resource) {
    let index = t.index;
    for subnet in target.kind.subnets() {
        let Some(name) = index.subnet(subnet).map(|(r, _)| &r.name) else {
            continue;
        };
        let igw = index
            .route_table_of(subnet)
            .and_then(|(table, rt)| Some((table, default_route_target(rt)?)))
            .and_then(|(table, target)| Some((table, index.igw(target)?.0)));
        match igw {
            Some((table, igw)) => {
                t.hop(&igw.id, "internet gateway");
                t.hop(&table.id, format_args!("0.0.0.0/0 → internet gateway {:?}", igw.name));
            }
            None => t.block(
                format!(
                    "subnet {name:?} of {:?} has no route to an internet gateway, so its public \
                     address is unreachable",
                    target.name
                ),
                vec![subnet.clone(), target.id.clone()],
                None,
            ),
        }
        nacl(t, subnet, false, &[any().into()]);
        nacl_response(t, subnet, true, &[any().into()]);
    }
    let fix_from = |_: &Trace<'_, '_>| Some(SgPeer::Cidr(any()));
    super::security_group::ingress(
        t,
        target,
        index.security_groups_of(target),
        &Peer::internet(),
        "the internet",
        fix_from,
    );
    t.hop(&target.id, "public IP address");
}

pub(crate) fn subnet_to_internet<'d>(
    t: &mut Trace<'_, 'd>,
    source: &'d Resource,
    subnet: &'d ResourceId,
) {
    let index = t.index;
    let Some((table, rt)) = index.route_table_of(subnet) else {
        t.block(
            format!(
                "subnet {:?} uses its VPC's implicit main route table, which has only the \
                 local route: nothing sends 0.0.0.0/0 to a NAT gateway",
                index.name(subnet)
            ),
            vec![subnet.clone()],
            None,
        );
        return;
    };
    let target = default_route_target(rt).and_then(|id| index.get(id));
    match target.map(|r| (r, &r.kind)) {
        Some((nat, Kind::NatGateway(gw))) => {
            t.hop(&table.id, format_args!("0.0.0.0/0 → NAT gateway {:?}", nat.name));
            nat_to_internet(t, nat, gw);
        }
        Some((igw, Kind::InternetGateway(_))) if public_ip(index, source) => {
            t.hop(&table.id, format_args!("0.0.0.0/0 → internet gateway {:?}", igw.name));
            t.hop(&igw.id, "internet gateway");
        }
        Some((igw, Kind::InternetGateway(_))) => {
            let fix = private_subnet_with_nat(t, source, subnet);
            t.block(
                format!(
                    "{:?} gets no public IP in subnet {:?}, so its route 0.0.0.0/0 to internet gateway \
                     {:?} does not carry its traffic",
                    source.name,
                    index.name(subnet),
                    igw.name
                ),
                vec![source.id.clone(), subnet.clone()],
                fix,
            );
        }
        Some((other, _)) => t.block(
            format!(
                "route table {:?} sends 0.0.0.0/0 to {} {:?}, which does not lead to the internet",
                table.name,
                other.kind.tag().title(),
                other.name
            ),
            vec![table.id.clone(), other.id.clone()],
            None,
        ),
        None => {
            let fix = add_nat_route(t, table, subnet);
            t.block(
                format!(
                    "route table {:?} of subnet {:?} has no route to 0.0.0.0/0 (no NAT gateway)",
                    table.name,
                    index.name(subnet)
                ),
                vec![table.id.clone(), subnet.clone()],
                fix,
            );
        }
    }
}

fn nat_to_internet<'d>(t: &mut Trace<'_, 'd>, nat: &'d Resource, gw: &NatGateway) {
    let index = t.index;
    if gw.connectivity == NatConnectivity::Private {
        t.block(
            format!(
                "NAT gateway {:?} has private connectivity and does not reach the internet",
                nat.name
            ),
            vec![nat.id.clone()],
            None,
        );
        return;
    }
    if gw.elastic_ip.is_none() {
        let eip = index.design.fresh_id("eip");
        t.block(
            format!("NAT gateway {:?} has no Elastic IP", nat.name),
            vec![nat.id.clone()],
            Some(QuickFix::new(
                format!("Allocate an Elastic IP for {:?}", nat.name),
                vec![
                    Edit::AddResource {
                        resource: Resource::new(
                            eip.as_str(),
                            index.design.fresh_name(&format!("{}-eip", nat.name)),
                            ElasticIp {},
                        ),
                    },
                    Edit::set(&nat.id, "/elastic_ip", &eip),
                ],
            )),
        );
    }
    if !index.is_public(&gw.subnet) {
        let fix = index.subnet(&gw.subnet).and_then(|(_, s)| {
            let vpc = index.vpc_of(&gw.subnet)?;
            let public = crate::rules::routing::subnets_in_az(index, vpc, &s.az, true);
            let to = public.first()?;
            Some(QuickFix::new(
                format!("Move NAT gateway {:?} to public subnet {:?}", nat.name, index.name(to)),
                vec![Edit::set(&nat.id, "/subnet", to)],
            ))
        });
        t.block(
            format!(
                "NAT gateway {:?} is in subnet {:?}, which has no route 0.0.0.0/0 to an internet gateway",
                nat.name,
                index.name(&gw.subnet)
            ),
            vec![nat.id.clone(), gw.subnet.clone()],
            fix,
        );
        return;
    }
    t.hop(&nat.id, "NAT gateway");
    if let Some(igw) = index.vpc_of(&gw.subnet).and_then(|v| index.igws_of(v).first()) {
        t.hop(&igw.id, "internet gateway");
    }
}

/// Routes the table to a NAT gateway of the VPC (the subnet's zone first),
/// or creates one with an Elastic IP in a public subnet of the zone.
fn add_nat_route(t: &Trace<'_, '_>, table: &Resource, subnet: &ResourceId) -> Option<QuickFix> {
    let index = t.index;
    let vpc = index.vpc_of(subnet)?;
    let az = index.az_of_subnet(subnet);
    let nats: Vec<&Resource> = index
        .of_kind(KindTag::NatGateway)
        .iter()
        .copied()
        .filter(|r| match &r.kind {
            Kind::NatGateway(n) => {
                n.connectivity == NatConnectivity::Public && index.vpc_of(&n.subnet) == Some(vpc)
            }
            _ => false,
        })
        .collect();
    let nat_az = |r: &Resource| match &r.kind {
        Kind::NatGateway(n) => index.az_of_subnet(&n.subnet),
        _ => None,
    };
    let route = |target: &ResourceId| Edit::AddRoute {
        route_table: table.id.clone(),
        route: Route { destination: RouteDestination::Cidr(any()), target: target.clone() },
    };
    if let Some(nat) = nats.iter().find(|n| nat_az(n) == az).or(nats.first()) {
        return Some(QuickFix::new(
            format!("Route 0.0.0.0/0 of {:?} to NAT gateway {:?}", table.name, nat.name),
            vec![route(&nat.id)],
        ));
    }
    let public = az
        .map(|az| crate::rules::routing::subnets_in_az(index, vpc, az, true))
        .and_then(|p| p.first().copied())
        .or_else(|| {
            index.subnets_of_vpc(vpc).find(|(r, _)| index.is_public(&r.id)).map(|(r, _)| &r.id)
        })?;
    let design = index.design;
    let eip = ResourceId::new(format!("{}-eip", design.fresh_id("nat")));
    let nat = design.fresh_id("nat");
    let nat_name =
        design.fresh_name(&format!("nat-{}", index.zone_of_subnet(public).unwrap_or("a")));
    Some(QuickFix::new(
        format!(
            "Add NAT gateway {nat_name:?} in {:?} and route 0.0.0.0/0 of {:?} to it",
            index.name(public),
            table.name
        ),
        vec![
            Edit::AddResource {
                resource: Resource::new(eip.as_str(), format!("{nat_name}-eip"), ElasticIp {}),
            },
            Edit::AddResource {
                resource: Resource::new(
                    nat.as_str(),
                    nat_name,
                    NatGateway {
                        subnet: public.clone(),
                        connectivity: NatConnectivity::Public,
                        elastic_ip: Some(eip),
                    },
                ),
            },
            route(&nat),
        ],
    ))
}

/// Swaps a public subnet of the source for a private one of the same zone
/// that is routed to a NAT gateway.
fn private_subnet_with_nat(
    t: &Trace<'_, '_>,
    source: &Resource,
    subnet: &ResourceId,
) -> Option<QuickFix> {
    let index = t.index;
    if let Kind::Ec2Instance(_) = &source.kind {
        return Some(QuickFix::new(
            format!("Give {:?} a public IP address", source.name),
            vec![Edit::set(&source.id, "/public_ip", true)],
        ));
    }
    let pointer = match &source.kind {
        Kind::LambdaFunction(_) => "/vpc_config/subnets",
        Kind::EcsService(_) => "/network/subnets",
        Kind::AutoScalingGroup(_) | Kind::EksNodeGroup(_) | Kind::EksCluster(_) => "/subnets",
        _ => return None,
    };
    let (_, s) = index.subnet(subnet)?;
    let vpc = index.vpc_of(subnet)?;
    let swap = crate::rules::routing::subnets_in_az(index, vpc, &s.az, false).into_iter().find(
        |candidate| {
            index
                .route_table_of(candidate)
                .and_then(|(_, rt)| default_route_target(rt))
                .is_some_and(|target| index.nat(target).is_some())
        },
    )?;
    Some(QuickFix::new(
        format!(
            "Use private subnet {:?} (NAT) instead of {:?}",
            index.name(swap),
            index.name(subnet)
        ),
        vec![Edit::pull(&source.id, pointer, subnet), Edit::push(&source.id, pointer, swap)],
    ))
}
