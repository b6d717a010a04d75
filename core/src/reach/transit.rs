//! Between two VPCs through a transit gateway attached to both: each
//! side's subnets route the other VPC's addresses to the gateway, and the
//! side's attachment has a subnet in each such subnet's availability zone
//! (traffic enters the gateway in its own zone). The gateway routes
//! between its attachments when its default route table associates and
//! propagates them, as AWS creates it; other route tables are not modelled.

use super::trace::Trace;
use crate::fix::{Edit, QuickFix};
use crate::index::Index;
use crate::model::{
    Kind, KindTag, Resource, ResourceId, Route, RouteDestination, TransitGatewayAttachment,
};
use ipnet::Ipv4Net;

/// A transit gateway joining two VPCs, with its attachment in each.
pub(crate) struct Joined<'d> {
    pub gateway: &'d Resource,
    pub from: (&'d Resource, &'d TransitGatewayAttachment),
    pub to: (&'d Resource, &'d TransitGatewayAttachment),
}

/// The attachment of a VPC to a transit gateway (any gateway when `tgw` is
/// `None`).
fn attachment<'d>(
    index: &Index<'d>,
    vpc: &ResourceId,
    tgw: Option<&ResourceId>,
) -> Option<(&'d Resource, &'d TransitGatewayAttachment)> {
    index.of_kind(KindTag::TransitGatewayAttachment).iter().find_map(|r| match &r.kind {
        Kind::TransitGatewayAttachment(a)
            if &a.vpc == vpc && tgw.is_none_or(|t| t == &a.transit_gateway) =>
        {
            Some((*r, a))
        }
        _ => None,
    })
}

/// The transit gateway attached to both VPCs, if any.
pub(crate) fn joined<'d>(
    index: &Index<'d>,
    from_vpc: &ResourceId,
    to_vpc: &ResourceId,
) -> Option<Joined<'d>> {
    index.of_kind(KindTag::TransitGatewayAttachment).iter().find_map(|r| {
        let Kind::TransitGatewayAttachment(a) = &r.kind else { return None };
        if &a.vpc != from_vpc {
            return None;
        }
        let to = attachment(index, to_vpc, Some(&a.transit_gateway))?;
        let gateway = index.get(&a.transit_gateway)?;
        Some(Joined { gateway, from: (*r, a), to })
    })
}

/// The gateway routes between the two attachments, and each side's
/// subnets reach it.
pub(crate) fn through<'d>(
    t: &mut Trace<'_, 'd>,
    j: &Joined<'d>,
    (source, source_cidrs): (&'d Resource, &[Ipv4Net]),
    (target, target_cidrs): (&'d Resource, &[Ipv4Net]),
) {
    if let Kind::TransitGateway(tgw) = &j.gateway.kind
        && !tgw.routes_between_attachments()
    {
        t.block(
            format!(
                "transit gateway {:?} does not associate and propagate its attachments in its \
                 default route table, and its other route tables are not in the design",
                j.gateway.name
            ),
            vec![j.gateway.id.clone()],
            None,
        );
        return;
    }
    side(t, j, source, j.from, target_cidrs);
    t.hop(&j.gateway.id, "transit gateway");
    side(t, j, target, j.to, source_cidrs);
}

/// Every subnet of `from` routes `cidrs` to the gateway, and `attachment`
/// has a subnet in its zone.
fn side<'d>(
    t: &mut Trace<'_, 'd>,
    j: &Joined<'_>,
    from: &'d Resource,
    (att, attachment): (&'d Resource, &TransitGatewayAttachment),
    cidrs: &[Ipv4Net],
) {
    let index = t.index;
    let gateway = j.gateway;
    for subnet in from.kind.subnets() {
        let Some((table, rt)) = index.route_table_of(subnet) else {
            continue;
        };
        let routed = cidrs.iter().all(|c| {
            rt.routes.iter().any(|r| {
                r.target == gateway.id
                    && matches!(&r.destination, RouteDestination::Cidr(d) if d.trunc().contains(c))
            })
        });
        if routed {
            t.hop(&table.id, format_args!("routes to transit gateway {:?}", gateway.name));
        } else {
            let destination = cidrs.first().map(|c| c.trunc());
            let fix = destination.map(|d| {
                QuickFix::new(
                    format!("Route {d} to transit gateway {:?} in {:?}", gateway.name, table.name),
                    vec![Edit::AddRoute {
                        route_table: table.id.clone(),
                        route: Route {
                            destination: RouteDestination::Cidr(d),
                            target: gateway.id.clone(),
                        },
                    }],
                )
            });
            t.block(
                format!(
                    "route table {:?} of subnet {:?} has no route to {} through transit gateway \
                     {:?}",
                    table.name,
                    index.name(subnet),
                    cidrs.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
                    gateway.name
                ),
                vec![table.id.clone(), gateway.id.clone()],
                fix,
            );
        }
        let zone = index.az_of_subnet(subnet);
        if attachment.subnets.iter().any(|s| index.az_of_subnet(s) == zone) {
            t.hop(
                &att.id,
                format_args!(
                    "attachment subnet in zone {}",
                    index.zone_of_subnet(subnet).unwrap_or("?")
                ),
            );
            continue;
        }
        t.block(
            format!(
                "transit gateway attachment {:?} has no subnet in zone {} of subnet {:?}, so its \
                 traffic cannot enter transit gateway {:?}",
                att.name,
                index.zone_of_subnet(subnet).unwrap_or("?"),
                index.name(subnet),
                gateway.name
            ),
            vec![att.id.clone(), subnet.clone()],
            Some(QuickFix::new(
                format!("Attach {:?} to subnet {:?} as well", att.name, index.name(subnet)),
                vec![Edit::push(&att.id, "/subnets", subnet)],
            )),
        );
    }
}
