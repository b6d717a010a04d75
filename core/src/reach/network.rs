//! Flows that start inside a VPC: security groups, network ACLs, the local
//! route or peering, and the choice between endpoints and NAT for AWS
//! services.

use super::peer::{Peer, any, any_egress, any_ingress};
use super::trace::Trace;
use super::{in_vpc, is_internet, lb, route, service_name};
use crate::fix::{Direction, Edit, QuickFix};
use crate::model::{
    EndpointType, Kind, NetworkAclEntry, PortRange, Protocol, Resource, ResourceId,
    RouteDestination, RuleAction, Scheme, SecurityGroup, SecurityGroupRule, SgPeer, VpcConfig,
    VpcEndpoint,
};
use ipnet::Ipv4Net;

pub(crate) fn from_vpc(t: &mut Trace<'_, '_>, source: &Resource, target: &Resource) {
    if is_internet(&target.kind) {
        route::internet_path(t, source);
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
        _ => match service_name(&target.kind) {
            Some(service) => service_path(t, source, target, service),
            None if in_vpc(target) => {
                to_network_target(t, source, target);
                let from = Peer::of_resource(t.index, &source.id);
                let fix_from = |t: &Trace<'_, '_>| group_or_cidr(t, source);
                ingress(t, target, target.kind.security_groups(), &from, &source.name, fix_from);
                t.hop(&target.id, "target");
            }
            None => t.hop(&target.id, "target"),
        },
    }
}

/// The rule peer that names `resource` best: its first security group, else
/// its first subnet's CIDR.
pub(crate) fn group_or_cidr(t: &Trace<'_, '_>, resource: &Resource) -> Option<SgPeer> {
    if let Some(g) = resource.kind.security_groups().first() {
        return Some(SgPeer::SecurityGroup(g.clone()));
    }
    let subnet = resource.kind.subnets().iter().find_map(|s| t.index.subnet(s))?;
    Some(SgPeer::Cidr(subnet.1.cidr.trunc()))
}

fn rule(t: &Trace<'_, '_>, peer: SgPeer, description: String) -> SecurityGroupRule {
    SecurityGroupRule {
        protocol: t.protocol,
        ports: (t.protocol != Protocol::All).then(|| PortRange::single(t.port)),
        peer,
        description,
    }
}

fn names(t: &Trace<'_, '_>, groups: &[ResourceId]) -> String {
    groups.iter().map(|g| format!("{:?}", t.index.name(g))).collect::<Vec<_>>().join(", ")
}

/// The source's security groups let the traffic out towards `to`;
/// `fix_to` names `to` in the rule of the quick fix, and only runs when the
/// traffic is blocked.
pub(crate) fn egress(
    t: &mut Trace<'_, '_>,
    source: &Resource,
    to: &Peer<'_>,
    to_name: &str,
    fix_to: impl FnOnce(&Trace<'_, '_>) -> SgPeer,
) {
    let groups = source.kind.security_groups();
    let Some(first) = groups.first() else { return };
    if any_egress(t.index, groups, t.protocol, t.port, to) {
        t.hop(first, format_args!("egress allows {} to {to_name}", t.traffic()));
        return;
    }
    let fix = QuickFix::new(
        format!("Allow {} egress to {to_name} in {:?}", t.traffic(), t.index.name(first)),
        vec![Edit::AddSecurityGroupRule {
            security_group: first.clone(),
            direction: Direction::Egress,
            rule: rule(t, fix_to(t), format!("to {to_name}")),
        }],
    );
    let mut ids = groups.to_vec();
    ids.push(source.id.clone());
    t.block(
        format!(
            "security group {} of {:?} allows no {} egress to {to_name}",
            names(t, groups),
            source.name,
            t.traffic()
        ),
        ids,
        Some(fix),
    );
}

/// The receiver's security groups admit the traffic from `from`;
/// `fix_from` names `from` in the rule of the quick fix, and only runs when
/// the traffic is blocked.
pub(crate) fn ingress(
    t: &mut Trace<'_, '_>,
    receiver: &Resource,
    groups: &[ResourceId],
    from: &Peer<'_>,
    from_name: &str,
    fix_from: impl FnOnce(&Trace<'_, '_>) -> Option<SgPeer>,
) {
    let Some(first) = groups.first() else {
        t.block(
            format!(
                "{} {:?} has no security group to admit {}",
                receiver.kind.tag().title(),
                receiver.name,
                t.traffic()
            ),
            vec![receiver.id.clone()],
            None,
        );
        return;
    };
    if any_ingress(t.index, groups, t.protocol, t.port, from) {
        t.hop(first, format_args!("ingress admits {} from {from_name:?}", t.traffic()));
        return;
    }
    let fix = fix_from(t).map(|peer| {
        QuickFix::new(
            format!("Admit {} from {from_name:?} in {:?}", t.traffic(), t.index.name(first)),
            vec![Edit::AddSecurityGroupRule {
                security_group: first.clone(),
                direction: Direction::Ingress,
                rule: rule(t, peer, format!("from {from_name}")),
            }],
        )
    });
    let mut ids = groups.to_vec();
    ids.push(receiver.id.clone());
    t.block(
        format!(
            "security group {} of {:?} does not admit {} from {from_name:?}",
            names(t, groups),
            receiver.name,
            t.traffic()
        ),
        ids,
        fix,
    );
}

/// The CIDRs of a resource's subnets.
pub(crate) fn cidrs(t: &Trace<'_, '_>, resource: &Resource) -> Vec<Ipv4Net> {
    resource
        .kind
        .subnets()
        .iter()
        .filter_map(|s| t.index.subnet(s).map(|(_, s)| s.cidr.trunc()))
        .collect()
}

/// From an in-VPC source to an in-VPC target: egress, network ACLs, and the
/// local route or a peering route both ways.
pub(crate) fn to_network_target(t: &mut Trace<'_, '_>, source: &Resource, target: &Resource) {
    let to = Peer::of_resource(t.index, &target.id);
    let fix_to = |t: &Trace<'_, '_>| group_or_cidr(t, target).unwrap_or(SgPeer::Cidr(any()));
    egress(t, source, &to, &target.name, fix_to);
    let source_cidrs = cidrs(t, source);
    let target_cidrs = cidrs(t, target);
    for subnet in source.kind.subnets() {
        nacl(t, subnet, true, &target_cidrs);
    }
    for subnet in target.kind.subnets() {
        nacl(t, subnet, false, &source_cidrs);
    }
    let (Some(from_vpc), Some(to_vpc)) = (t.index.vpc_of(&source.id), t.index.vpc_of(&target.id))
    else {
        return;
    };
    if from_vpc == to_vpc {
        t.hop(from_vpc, "local route");
        return;
    }
    peering_routes(t, source, from_vpc, to_vpc, &target_cidrs);
    peering_routes(t, target, to_vpc, from_vpc, &source_cidrs);
}

/// Every subnet of `from` routes `cidrs` to a peering connection with `to`.
fn peering_routes(
    t: &mut Trace<'_, '_>,
    from: &Resource,
    from_vpc: &ResourceId,
    to_vpc: &ResourceId,
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

/// A subnet's network ACL lets the traffic out (`egress`) to, or in from,
/// every one of `cidrs`. Subnets without an associated ACL use the default
/// ACL, which allows everything.
pub(crate) fn nacl(t: &mut Trace<'_, '_>, subnet: &ResourceId, egress: bool, cidrs: &[Ipv4Net]) {
    let index = t.index;
    let Some(acl_resource) = index.nacls_of(subnet).first() else {
        return;
    };
    let Kind::NetworkAcl(acl) = &acl_resource.kind else {
        return;
    };
    let mut entries: Vec<&NetworkAclEntry> =
        acl.entries.iter().filter(|e| e.egress == egress).collect();
    entries.sort_by_key(|e| e.rule_number);
    let direction = if egress { "outbound" } else { "inbound" };
    let mut refused = Vec::new();
    let mut deny_number = None;
    for cidr in cidrs {
        let decision = entries.iter().find(|e| {
            let protocol_ok = e.protocol == Protocol::All || e.protocol == t.protocol;
            let port_ok = e.protocol == Protocol::All || e.ports.is_none_or(|r| r.contains(t.port));
            protocol_ok && port_ok && e.cidr.trunc().contains(cidr)
        });
        match decision {
            Some(e) if e.action == RuleAction::Allow => {
                t.hop(
                    &acl_resource.id,
                    format_args!(
                        "network ACL rule {} allows {direction} {}",
                        e.rule_number,
                        t.traffic()
                    ),
                );
            }
            Some(e) => {
                deny_number = deny_number.or(Some(e.rule_number));
                refused.push(*cidr);
            }
            None => refused.push(*cidr),
        }
    }
    if refused.is_empty() {
        return;
    }
    // New allow entries go just before the deny that matched (or at 100),
    // on numbers no entry of this direction uses.
    let mut number = deny_number.map_or(100, |n| n.saturating_sub(1).max(1));
    let mut entries_after = acl.entries.clone();
    let mut edits = Vec::new();
    for cidr in &refused {
        while acl
            .entries
            .iter()
            .chain(&entries_after)
            .any(|e| e.egress == egress && e.rule_number == number)
            && number > 1
        {
            number -= 1;
        }
        let entry = NetworkAclEntry {
            rule_number: number,
            egress,
            protocol: t.protocol,
            ports: (t.protocol != Protocol::All).then(|| PortRange::single(t.port)),
            cidr: *cidr,
            action: RuleAction::Allow,
        };
        edits.push(Edit::push(&acl_resource.id, "/entries", &entry));
        entries_after.push(entry);
    }
    let listed: Vec<String> = refused.iter().map(ToString::to_string).collect();
    let why = match deny_number {
        Some(n) => format!("rule {n} denies it"),
        None => "no rule allows it".to_owned(),
    };
    t.block(
        format!(
            "network ACL {:?} of subnet {:?} blocks {direction} {} {} {}: {why}",
            acl_resource.name,
            index.name(subnet),
            t.traffic(),
            if egress { "to" } else { "from" },
            listed.join(", ")
        ),
        vec![acl_resource.id.clone(), subnet.clone()],
        Some(QuickFix::new(
            format!(
                "Allow {direction} {} for {} in {:?}",
                t.traffic(),
                listed.join(", "),
                acl_resource.name
            ),
            edits,
        )),
    );
}

/// An in-VPC source calls an AWS service: through an interface endpoint
/// with private DNS, a gateway endpoint, or a NAT gateway to the internet.
fn service_path(t: &mut Trace<'_, '_>, source: &Resource, target: &Resource, service: &str) {
    let index = t.index;
    let Some(vpc) = index.vpc_of(&source.id) else {
        return;
    };
    let endpoints: Vec<(&Resource, &VpcEndpoint)> = index
        .endpoints_of(vpc)
        .iter()
        .filter_map(|r| match &r.kind {
            Kind::VpcEndpoint(ep) if ep.service == service => Some((*r, ep)),
            _ => None,
        })
        .collect();
    let interface = endpoints.iter().find(|(_, ep)| ep.is_interface() && ep.private_dns);
    let gateway = endpoints.iter().find(|(_, ep)| ep.endpoint_type == EndpointType::Gateway);
    if let Some((r, ep)) = interface {
        via_interface(t, source, r, ep);
    } else if let Some((r, ep)) = gateway {
        via_gateway(t, source, r, ep, service);
    } else {
        // A NAT path, if the design has one; else every change it needs, and
        // the endpoint that would do instead.
        let mut nat = t.fork();
        route::internet_path(&mut nat, source);
        let nat_blocked = nat.is_blocked();
        t.merge(nat);
        if nat_blocked {
            if let Some((r, _)) = endpoints.iter().find(|(_, ep)| ep.is_interface()) {
                t.block(
                    format!("endpoint {:?} ({service}) has private DNS off, so calls to {service} do not use it", r.name),
                    vec![r.id.clone()],
                    Some(QuickFix::new(
                        format!("Turn on private DNS for {:?}", r.name),
                        vec![Edit::set(&r.id, "/private_dns", true)],
                    )),
                );
            } else if let Some(fix) = add_endpoint(t, source, vpc, service) {
                t.alternative(fix);
            }
        }
    }
    if !t.is_blocked() {
        t.hop(&target.id, "target");
    }
}

fn via_interface(t: &mut Trace<'_, '_>, source: &Resource, endpoint: &Resource, ep: &VpcEndpoint) {
    let index = t.index;
    if ep.private_dns
        && let Some((vpc_resource, vpc)) = index.vpc(&ep.vpc)
        && !(vpc.enable_dns_support && vpc.enable_dns_hostnames)
    {
        t.block(
            format!(
                "private DNS of endpoint {:?} is inactive: VPC {:?} needs DNS support and DNS hostnames on",
                endpoint.name, vpc_resource.name
            ),
            vec![endpoint.id.clone(), vpc_resource.id.clone()],
            Some(QuickFix::new(
                format!("Turn on DNS support and DNS hostnames for VPC {:?}", vpc_resource.name),
                vec![
                    Edit::set(&vpc_resource.id, "/enable_dns_support", true),
                    Edit::set(&vpc_resource.id, "/enable_dns_hostnames", true),
                ],
            )),
        );
    }
    to_network_target(t, source, endpoint);
    let from = Peer::of_resource(index, &source.id);
    let fix_from = |t: &Trace<'_, '_>| group_or_cidr(t, source);
    ingress(t, endpoint, &ep.security_groups, &from, &source.name, fix_from);
    t.hop(&endpoint.id, format_args!("interface endpoint for {}", ep.service));
}

fn via_gateway(
    t: &mut Trace<'_, '_>,
    source: &Resource,
    endpoint: &Resource,
    ep: &VpcEndpoint,
    service: &str,
) {
    let index = t.index;
    let to = Peer { service: Some(service), ..Peer::default() };
    let list = format!("com.amazonaws.{}.{service}", index.design.region);
    egress(t, source, &to, &format!("prefix list {list}"), |_| SgPeer::PrefixList(list.clone()));
    for subnet in source.kind.subnets() {
        let Some((table, _)) = index.route_table_of(subnet) else {
            continue;
        };
        if ep.route_tables.contains(&table.id) {
            t.hop(&table.id, format_args!("route to gateway endpoint {:?}", endpoint.name));
            continue;
        }
        // A subnet the endpoint does not serve still reaches the service's
        // public addresses through a NAT gateway (W2008 warns about it).
        let mut nat = t.fork();
        route::subnet_to_internet(&mut nat, source, subnet);
        if !nat.is_blocked() {
            t.merge(nat);
            continue;
        }
        t.block(
            format!(
                "route table {:?} of subnet {:?} is not attached to gateway endpoint {:?} ({service})",
                table.name,
                index.name(subnet),
                endpoint.name
            ),
            vec![table.id.clone(), endpoint.id.clone()],
            Some(QuickFix::new(
                format!("Attach route table {:?} to {:?}", table.name, endpoint.name),
                vec![Edit::push(&endpoint.id, "/route_tables", &table.id)],
            )),
        );
    }
    t.hop(&endpoint.id, format_args!("gateway endpoint for {service}"));
}

/// A quick fix adding an endpoint for `service`: a gateway endpoint on the
/// source's route tables for S3 and DynamoDB, else an interface endpoint
/// with private DNS in the source's subnets (one per zone) with a security
/// group admitting tcp/443 from the source.
fn add_endpoint(
    t: &Trace<'_, '_>,
    source: &Resource,
    vpc: &ResourceId,
    service: &str,
) -> Option<QuickFix> {
    let index = t.index;
    let design = index.design;
    let id = design.fresh_id("vpce");
    let name = design.fresh_name(&format!("{service}-endpoint"));
    if super::service::has_gateway_endpoint(service) {
        let mut tables: Vec<ResourceId> = source
            .kind
            .subnets()
            .iter()
            .filter_map(|s| index.route_table_of(s).map(|(r, _)| r.id.clone()))
            .collect();
        tables.dedup();
        let ep = VpcEndpoint {
            vpc: vpc.clone(),
            service: service.to_owned(),
            endpoint_type: EndpointType::Gateway,
            subnets: Vec::new(),
            security_groups: Vec::new(),
            private_dns: false,
            route_tables: tables,
            policy: None,
        };
        return Some(QuickFix::new(
            format!(
                "Add a gateway endpoint for {service} on the route tables of {:?}",
                source.name
            ),
            vec![Edit::AddResource { resource: Resource::new(id.as_str(), name, ep) }],
        ));
    }
    let mut subnets: Vec<ResourceId> = Vec::new();
    let mut zones: Vec<&ResourceId> = Vec::new();
    for s in source.kind.subnets() {
        if let Some(az) = index.az_of_subnet(s)
            && !zones.contains(&az)
        {
            zones.push(az);
            subnets.push(s.clone());
        }
    }
    let sg_id = ResourceId::new(format!("{}-sg", id.as_str()));
    let mut sg = SecurityGroup::new(vpc.clone());
    sg.description = format!("{service} endpoint");
    sg.ingress = source
        .kind
        .security_groups()
        .iter()
        .map(|g| super::peer::tcp_from_group(443, g, &format!("HTTPS from {}", index.name(g))))
        .collect();
    if sg.ingress.is_empty() {
        sg.ingress =
            cidrs(t, source).into_iter().map(|c| super::peer::tcp_cidr(443, c, "HTTPS")).collect();
    }
    let mut edits = vec![Edit::AddResource {
        resource: Resource::new(
            sg_id.as_str(),
            design.fresh_name(&format!("{service}-endpoint-sg")),
            sg,
        ),
    }];
    if let Some((vpc_resource, v)) = index.vpc(vpc)
        && !(v.enable_dns_support && v.enable_dns_hostnames)
    {
        edits.push(Edit::set(&vpc_resource.id, "/enable_dns_support", true));
        edits.push(Edit::set(&vpc_resource.id, "/enable_dns_hostnames", true));
    }
    let ep = VpcEndpoint {
        vpc: vpc.clone(),
        service: service.to_owned(),
        endpoint_type: EndpointType::Interface,
        subnets,
        security_groups: vec![sg_id],
        private_dns: true,
        route_tables: Vec::new(),
        policy: None,
    };
    edits.push(Edit::AddResource { resource: Resource::new(id.as_str(), name, ep) });
    Some(QuickFix::new(format!("Add an interface endpoint for {service} with private DNS"), edits))
}

/// A quick fix that runs a function outside any VPC in the subnets of the
/// VPC-only resource it calls, with a new security group that the
/// resource's security group admits.
pub(crate) fn attach_to_vpc(
    t: &Trace<'_, '_>,
    source: &Resource,
    target: &Resource,
) -> Option<QuickFix> {
    let index = t.index;
    if !matches!(source.kind, Kind::LambdaFunction(_)) {
        return None;
    }
    let vpc = index.vpc_of(&target.id)?;
    let subnets: Vec<ResourceId> = target.kind.subnets().to_vec();
    if subnets.is_empty() {
        return None;
    }
    let design = index.design;
    let sg_id = design.fresh_id("sg");
    let sg_name = design.fresh_name(&format!("{}-sg", source.name));
    let mut sg = SecurityGroup::new(vpc.clone());
    sg.description = format!("Security group of function {}", source.name);
    let mut edits = vec![
        Edit::AddResource { resource: Resource::new(sg_id.as_str(), sg_name.clone(), sg) },
        Edit::set(
            &source.id,
            "/vpc_config",
            VpcConfig { subnets, security_groups: vec![sg_id.clone()] },
        ),
    ];
    if let Some(target_sg) = target.kind.security_groups().first() {
        edits.push(Edit::AddSecurityGroupRule {
            security_group: target_sg.clone(),
            direction: Direction::Ingress,
            rule: rule(t, SgPeer::SecurityGroup(sg_id), format!("from {}", source.name)),
        });
    }
    Some(QuickFix::new(
        format!(
            "Run {:?} in the subnets of {:?} with security group {sg_name:?}, admitted on {}",
            source.name,
            target.name,
            t.traffic()
        ),
        edits,
    ))
}
