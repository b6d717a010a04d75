//! The internet over IPv6: every address of a subnet with an IPv6 block is
//! public, so what decides is the subnet's `::/0` route. An internet
//! gateway carries connections both ways; an egress-only internet gateway
//! carries them out only, and the responses back in.

use super::nacl::{nacl, nacl_response};
use super::peer::Peer;
use super::security_group::{egress, ingress};
use super::trace::Trace;
use crate::fix::{Edit, QuickFix};
use crate::model::{Kind, KindTag, Resource, ResourceId, Route, RouteDestination, SgPeer};

/// `::/0`, as security-group rules name it.
pub(crate) const ANY6: &str = "::/0";

/// The target of a table's IPv6 default route (`::/0`), if it has one.
pub(crate) fn default_route6(table: &crate::model::RouteTable) -> Option<&ResourceId> {
    table.routes.iter().find_map(|r| match &r.destination {
        RouteDestination::Cidr6(c) if c.prefix_len() == 0 => Some(&r.target),
        _ => None,
    })
}

/// A subnet with an IPv6 block; a blocker naming the subnet otherwise.
fn has_block<'d>(t: &mut Trace<'_, 'd>, subnet: &'d ResourceId, who: &'d Resource) -> bool {
    let Some((_, s)) = t.index.subnet(subnet) else { return false };
    if s.ipv6.is_some() {
        return true;
    }
    t.block(
        format!(
            "subnet {:?} of {:?} has no IPv6 block, so it has no IPv6 address",
            t.index.name(subnet),
            who.name
        ),
        vec![subnet.clone(), who.id.clone()],
        None,
    );
    false
}

/// From a resource in a VPC to the IPv6 internet: its groups let the
/// traffic out to `::/0`, its subnets' ACLs let it out and the response in,
/// and each subnet routes `::/0` to an internet gateway or an egress-only one.
pub(crate) fn internet_path6<'d>(t: &mut Trace<'_, 'd>, source: &'d Resource) {
    let any = t.anywhere();
    egress(t, source, &Peer::internet6(), ANY6, |_| SgPeer::Cidr6(ANY6.into()));
    for subnet in source.kind.subnets() {
        if t.index.subnet(subnet).is_none() || !has_block(t, subnet, source) {
            continue;
        }
        nacl(t, subnet, true, &[any]);
        nacl_response(t, subnet, false, &[any]);
        let table = t.index.route_table_of(subnet);
        let target = table.and_then(|(_, rt)| default_route6(rt)).and_then(|id| t.index.get(id));
        match (table, target.map(|r| (r, &r.kind))) {
            (Some((table, _)), Some((gw, Kind::InternetGateway(_)))) => {
                t.hop(&table.id, format_args!("::/0 → internet gateway {:?}", gw.name));
                t.hop(&gw.id, "internet gateway");
            }
            (Some((table, _)), Some((gw, Kind::EgressOnlyInternetGateway(_)))) => {
                t.hop(&table.id, format_args!("::/0 → egress-only internet gateway {:?}", gw.name));
                t.hop(&gw.id, "egress-only internet gateway (outbound only)");
            }
            (table, other) => no_route(t, subnet, table.map(|(r, _)| r), other.map(|(r, _)| r)),
        }
    }
}

/// From the IPv6 internet to a resource in a VPC: each subnet routes `::/0`
/// to an internet gateway (an egress-only one lets no connection in), its
/// ACLs let the request in and the response out, and its groups admit it.
pub(crate) fn internet_to_resource6<'d>(t: &mut Trace<'_, 'd>, target: &'d Resource) {
    let any = t.anywhere();
    for subnet in target.kind.subnets() {
        if t.index.subnet(subnet).is_none() || !has_block(t, subnet, target) {
            continue;
        }
        let table = t.index.route_table_of(subnet);
        let gateway = table.and_then(|(_, rt)| default_route6(rt)).and_then(|id| t.index.get(id));
        match (table, gateway.map(|r| (r, &r.kind))) {
            (Some((table, _)), Some((gw, Kind::InternetGateway(_)))) => {
                t.hop(&gw.id, "internet gateway");
                t.hop(&table.id, format_args!("::/0 → internet gateway {:?}", gw.name));
            }
            (Some((table, _)), Some((gw, Kind::EgressOnlyInternetGateway(_)))) => t.block(
                format!(
                    "subnet {:?} routes ::/0 to egress-only internet gateway {:?}, which lets no \
                     connection in from the internet (outbound only)",
                    t.index.name(subnet),
                    gw.name
                ),
                vec![subnet.clone(), table.id.clone(), gw.id.clone()],
                None,
            ),
            (table, other) => no_route(t, subnet, table.map(|(r, _)| r), other.map(|(r, _)| r)),
        }
        nacl(t, subnet, false, &[any]);
        nacl_response(t, subnet, true, &[any]);
    }
    let fix_from = |_: &Trace<'_, '_>| Some(SgPeer::Cidr6(ANY6.into()));
    let groups = t.index.security_groups_of(target);
    ingress(t, target, groups, &Peer::internet6(), "the internet (IPv6)", fix_from);
    t.hop(&target.id, "IPv6 address");
}

/// A subnet without a usable `::/0` route: the blocker, with a quick fix
/// routing it to the VPC's egress-only internet gateway (outbound) or
/// internet gateway when the VPC has one.
fn no_route<'d>(
    t: &mut Trace<'_, 'd>,
    subnet: &'d ResourceId,
    table: Option<&Resource>,
    other: Option<&Resource>,
) {
    let index = t.index;
    let name = index.name(subnet);
    let Some(table) = table else {
        t.block(
            format!(
                "subnet {name:?} uses its VPC's implicit main route table, which has no ::/0 route"
            ),
            vec![subnet.clone()],
            None,
        );
        return;
    };
    if let Some(other) = other {
        t.block(
            format!(
                "route table {:?} sends ::/0 to {} {:?}, which does not lead to the internet",
                table.name,
                other.kind.tag().title(),
                other.name
            ),
            vec![table.id.clone(), other.id.clone()],
            None,
        );
        return;
    }
    let vpc = index.vpc_of(subnet);
    let gateway = [KindTag::EgressOnlyInternetGateway, KindTag::InternetGateway]
        .iter()
        .flat_map(|tag| index.of_kind(*tag).iter().copied())
        .find(|r| match &r.kind {
            Kind::EgressOnlyInternetGateway(g) => Some(&g.vpc) == vpc,
            Kind::InternetGateway(g) => g.vpc.as_ref() == vpc,
            _ => false,
        });
    let fix = gateway.map(|gw| {
        QuickFix::new(
            format!("Route ::/0 of {:?} to {} {:?}", table.name, gw.kind.tag().title(), gw.name),
            vec![Edit::AddRoute {
                route_table: table.id.clone(),
                route: Route {
                    destination: RouteDestination::Cidr6(Default::default()),
                    target: gw.id.clone(),
                },
            }],
        )
    });
    t.block(
        format!("route table {:?} of subnet {name:?} has no route to ::/0", table.name),
        vec![table.id.clone(), subnet.clone()],
        fix,
    );
}
