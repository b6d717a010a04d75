//! W2007: a private subnet's NAT gateway is in its own availability zone.

use super::default_route_target;
use crate::model::{Route, RouteDestination, RouteTable};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "W2007",
    severity: Severity::Warning,
    title: "NAT gateway in another availability zone",
    description: "A subnet routed to a NAT gateway in another availability zone works, but pays \
                  for cross-AZ traffic and loses internet access when that zone fails; give each \
                  zone its own NAT gateway and route table.",
    doc_url: "https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    for (subnet, s) in index.subnets() {
        let Some((table_resource, table)) = index.route_table_of(&subnet.id) else {
            continue;
        };
        let Some(target) = default_route_target(table) else {
            continue;
        };
        let Some((nat, nat_gw)) = index.nat(target) else {
            continue;
        };
        let Some(nat_az) = index.az_of_subnet(&nat_gw.subnet) else {
            continue;
        };
        let zone = |az: &ResourceId| index.az(az).map_or(az.to_string(), |(_, a)| a.zone.clone());
        // A NAT gateway of another VPC is E2004's to report.
        if zone(nat_az) == zone(&s.az) || index.vpc_of(&nat.id) != index.vpc_of(&subnet.id) {
            continue;
        }
        let local_nat = index.of_kind(KindTag::NatGateway).iter().find(|r| match &r.kind {
            Kind::NatGateway(n) => {
                index.az_of_subnet(&n.subnet) == Some(&s.az)
                    && index.vpc_of(&n.subnet) == index.vpc_of(&subnet.id)
            }
            _ => false,
        });
        let finding = sink.report(
            format!(
                "subnet {:?} in zone {} sends 0.0.0.0/0 to NAT gateway {:?} in zone {} (route table \
                 {:?})",
                subnet.name,
                zone(&s.az),
                nat.name,
                zone(nat_az),
                table_resource.name
            ),
            [&subnet.id, &nat.id, &table_resource.id],
            Some(format!("Route the subnet to a NAT gateway in zone {}.", zone(&s.az))),
        );
        if let Some(local) = local_nat {
            finding.quick_fix(use_local_nat(index, subnet, table_resource, table, &local.id));
        }
    }
}

/// Routes the subnet to `nat`: in place when the table serves only subnets
/// of this zone, else through a new table for this subnet.
fn use_local_nat(
    index: &Index<'_>,
    subnet: &Resource,
    table_resource: &Resource,
    table: &RouteTable,
    nat: &ResourceId,
) -> QuickFix {
    let route =
        Route { destination: RouteDestination::Cidr(Default::default()), target: nat.clone() };
    let az = index.az_of_subnet(&subnet.id);
    let shared =
        table.main || table.associations.iter().any(|other| index.az_of_subnet(other) != az);
    let title = format!("Route 0.0.0.0/0 to NAT gateway {:?}", index.name(nat));
    if !shared {
        return QuickFix::new(
            title,
            vec![Edit::AddRoute { route_table: table_resource.id.clone(), route }],
        );
    }
    let mut own = table.clone();
    own.main = false;
    own.associations = vec![subnet.id.clone()];
    own.routes
        .retain(|r| !matches!(&r.destination, RouteDestination::Cidr(c) if c.prefix_len() == 0));
    own.routes.push(route);
    let id = index.design.fresh_id("rtb");
    let mut edits = vec![Edit::pull(&table_resource.id, "/associations", &subnet.id)];
    for other in index.route_tables_of(&subnet.id) {
        edits.push(Edit::pull(&other.id, "/associations", &subnet.id));
    }
    edits.dedup();
    edits.push(Edit::AddResource {
        resource: Resource::new(
            id.as_str(),
            index.design.fresh_name(&format!("{}-rtb", subnet.name)),
            own,
        ),
    });
    QuickFix::new(format!("{title} in a new route table for {:?}", subnet.name), edits)
}
