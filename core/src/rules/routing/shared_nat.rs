//! I2012: a NAT gateway in every zone, where one shared gateway would cost
//! less even with the cross-zone charge.

use super::default_route_target;
use super::nat_costs::{NatCosts, names, remove_nats};
use crate::cost::{cents, format_usd};
use crate::model::{Route, RouteDestination};
use crate::rules::prelude::*;
use crate::sort;

pub static RULE: Rule = Rule {
    id: "I2012",
    severity: Severity::Info,
    title: "One shared NAT gateway would cost less",
    description: "A NAT gateway in each zone keeps every zone's internet access independent, and \
                  each is charged by the hour with its Elastic IP; one shared gateway costs one \
                  gateway's hours plus the cross-zone transfer of the other zones' traffic, but \
                  their subnets lose internet access when its zone fails. The finding gives both \
                  monthly figures so the choice is made knowingly.",
    doc_url: "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    let Some(costs) = NatCosts::of(index) else {
        return;
    };
    let nat_gb = costs.prices.usd("nat_gateway.gb");
    let cross_gb = 2.0 * costs.prices.usd("data_transfer.cross_az_gb");
    for (_, nats) in costs.nats_by_vpc() {
        let zone_of = |gw: &crate::model::NatGateway| index.zone_of_subnet(&gw.subnet);
        let mut zones: Vec<&str> = nats.iter().filter_map(|(_, gw)| zone_of(gw)).collect();
        sort::sort(&mut zones);
        zones.dedup();
        if zones.len() < 2 {
            continue;
        }
        let ids: Vec<&ResourceId> = nats.iter().map(|(r, _)| &r.id).collect();
        let shares: Vec<_> =
            costs.flows.iter().flat_map(|f| &f.nat).filter(|s| ids.contains(&&s.via)).collect();
        // Without traffic, I2011 weighs the gateways against endpoints.
        if shares.is_empty() {
            continue;
        }
        let gb_through =
            |id: &ResourceId| -> f64 { shares.iter().filter(|s| &s.via == id).map(|s| s.gb).sum() };
        let Some(&(keep, keep_gw)) = nats.iter().max_by(|a, b| {
            gb_through(&a.0.id).total_cmp(&gb_through(&b.0.id)).then(b.0.id.cmp(&a.0.id))
        }) else {
            continue;
        };
        let Some(keep_zone) = zone_of(keep_gw) else {
            continue;
        };
        let current: f64 = nats.iter().map(|(r, gw)| costs.nat_usd(r, gw)).sum();
        let total_gb: f64 = shares.iter().map(|s| s.gb).sum();
        let crossing: f64 = shares
            .iter()
            .filter(|s| index.zone_of_subnet(&s.subnet) != Some(keep_zone))
            .map(|s| s.gb)
            .sum();
        let transfer = cents(crossing * cross_gb);
        let shared = cents(costs.nat_fixed_usd(keep_gw) + total_gb * nat_gb) + transfer;
        if shared >= current {
            continue;
        }
        let others: Vec<&Resource> =
            nats.iter().filter(|(r, _)| r.id != keep.id).map(|(r, _)| *r).collect();
        let per_zone = names(nats.iter().map(|(r, _)| r.name.as_str()));
        let finding = sink.report(
            format!(
                "NAT gateways {per_zone}, one per zone, cost {} a month; NAT gateway {:?} shared by \
                 every zone would cost {} including {} for {crossing} GB a month crossing into zone \
                 {keep_zone}, but the other zones would lose internet access when zone {keep_zone} \
                 fails",
                format_usd(current),
                keep.name,
                format_usd(shared),
                format_usd(transfer),
            ),
            ids.iter().copied(),
            Some(format!(
                "Where resilience to a zone failure matters less than {} a month, route every \
                 private subnet to {:?} and remove the other NAT gateways.",
                format_usd(current - shared),
                keep.name
            )),
        );
        let other_ids: Vec<&ResourceId> = others.iter().map(|r| &r.id).collect();
        let mut edits = Vec::new();
        for table in index.of_kind(KindTag::RouteTable) {
            if let Kind::RouteTable(rt) = &table.kind
                && default_route_target(rt).is_some_and(|t| other_ids.contains(&t))
            {
                edits.push(Edit::AddRoute {
                    route_table: table.id.clone(),
                    route: Route {
                        destination: RouteDestination::Cidr(Default::default()),
                        target: keep.id.clone(),
                    },
                });
            }
        }
        edits.extend(remove_nats(index, &others));
        finding.quick_fix(QuickFix::new(
            format!(
                "Share NAT gateway {:?} and remove {}",
                keep.name,
                names(others.iter().map(|r| r.name.as_str()))
            ),
            edits,
        ));
    }
}
