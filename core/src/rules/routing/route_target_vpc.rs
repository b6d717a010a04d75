//! E2004: a route's target exists in the route table's own VPC.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "E2004",
    severity: Severity::Error,
    title: "Route target outside the route table's VPC",
    description: "A route sends traffic to a gateway of its own VPC: an internet gateway \
                  attached to the VPC, a NAT gateway or endpoint in the VPC, a peering \
                  connection that joins the VPC, or a transit gateway attached to it.",
    doc_url: "https://docs.aws.amazon.com/vpc/latest/userguide/route-table-options.html",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    for resource in index.of_kind(KindTag::RouteTable) {
        let Kind::RouteTable(table) = &resource.kind else {
            continue;
        };
        let vpc = &table.vpc;
        for route in &table.routes {
            let Some(target) = index.get(&route.target) else {
                continue;
            };
            let target_vpc = match &target.kind {
                // A transit gateway is regional: a VPC routes to it through
                // its attachment.
                Kind::TransitGateway(_) => {
                    let attached =
                        index.of_kind(KindTag::TransitGatewayAttachment).iter().any(|a| {
                            matches!(&a.kind, Kind::TransitGatewayAttachment(a)
                                if &a.vpc == vpc && a.transit_gateway == target.id)
                        });
                    if attached {
                        continue;
                    }
                    sink.report(
                        format!(
                            "route table {:?} sends {} to transit gateway {:?}, which has no \
                             attachment in VPC {:?}",
                            resource.name,
                            destination(&route.destination),
                            target.name,
                            index.name(vpc)
                        ),
                        [&resource.id, &target.id],
                        Some(format!(
                            "Attach the transit gateway to VPC {:?} through a subnet in each \
                             zone.",
                            index.name(vpc)
                        )),
                    );
                    continue;
                }
                Kind::VpcPeering(p) => {
                    if &p.requester == vpc || &p.accepter == vpc {
                        continue;
                    }
                    None
                }
                Kind::InternetGateway(igw) if igw.vpc.is_none() => {
                    sink.report(
                        format!(
                            "route table {:?} sends {} to internet gateway {:?}, which is attached \
                             to no VPC",
                            resource.name,
                            destination(&route.destination),
                            target.name
                        ),
                        [&resource.id, &target.id],
                        Some(format!("Attach the internet gateway to VPC {:?}.", index.name(vpc))),
                    )
                    .quick_fix(QuickFix::new(
                        format!("Attach {:?} to VPC {:?}", target.name, index.name(vpc)),
                        vec![Edit::set(&target.id, "/vpc", vpc)],
                    ));
                    continue;
                }
                _ => index.vpc_of(&target.id),
            };
            if target_vpc == Some(vpc) {
                continue;
            }
            let elsewhere = match target_vpc {
                Some(other) => format!("in VPC {:?}", index.name(other)),
                None => "in another VPC".to_owned(),
            };
            sink.report(
                format!(
                    "route table {:?} of VPC {:?} sends {} to {} {:?}, which is {elsewhere}",
                    resource.name,
                    index.name(vpc),
                    destination(&route.destination),
                    target.kind.tag().title(),
                    target.name
                ),
                [&resource.id, &target.id],
                Some(format!(
                    "Route to a {} of VPC {:?}.",
                    target.kind.tag().title(),
                    index.name(vpc)
                )),
            );
        }
    }
}

pub(crate) fn destination(d: &crate::model::RouteDestination) -> String {
    match d {
        crate::model::RouteDestination::Cidr(c) => c.to_string(),
        crate::model::RouteDestination::Cidr6(c) => c.to_string(),
        crate::model::RouteDestination::PrefixList(p) => format!("prefix list {p}"),
    }
}
