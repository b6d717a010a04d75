//! I2010: S3 or DynamoDB reached through a NAT gateway, where a gateway
//! endpoint carries the same data for nothing.

use super::nat_costs::{NatCosts, gateway_endpoint, names};
use crate::cost::format_usd;
use crate::reach::service::{has_gateway_endpoint, service_name};
use crate::rules::prelude::*;
use crate::sort;

pub static RULE: Rule = Rule {
    id: "I2010",
    severity: Severity::Info,
    title: "S3 or DynamoDB through a NAT gateway",
    description: "Every gigabyte a NAT gateway processes is charged, also when it goes to S3 or \
                  DynamoDB in the same region; a gateway endpoint on the subnets' route tables \
                  carries that traffic at no charge.",
    doc_url: "https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    let Some(costs) = NatCosts::of(index) else {
        return;
    };
    let nat_gb = costs.prices.usd("nat_gateway.gb");
    let cross_gb = 2.0 * costs.prices.usd("data_transfer.cross_az_gb");
    for f in costs.flows.iter().filter(|f| !f.nat.is_empty()) {
        let (Some(source), Some(target)) = (index.get(&f.source), index.get(&f.target)) else {
            continue;
        };
        let Some(service) = service_name(&target.kind).filter(|s| has_gateway_endpoint(s)) else {
            continue;
        };
        let Some(vpc) = index.vpc_of(&source.id) else {
            continue;
        };
        let gb: f64 = f.nat.iter().map(|s| s.gb).sum();
        let usd: f64 = f
            .nat
            .iter()
            .map(|s| s.gb * nat_gb + if s.cross_az { s.gb * cross_gb } else { 0.0 })
            .sum();
        let mut nats: Vec<&ResourceId> = f.nat.iter().map(|s| &s.via).collect();
        nats.dedup();
        let mut tables: Vec<ResourceId> = f
            .nat
            .iter()
            .filter_map(|s| index.route_table_of(&s.subnet).map(|(t, _)| t.id.clone()))
            .collect();
        sort::sort(&mut tables);
        tables.dedup();
        let nat_names = names(nats.iter().map(|n| index.name(n)));
        let finding = sink.report(
            format!(
                "{:?} reaches {} {:?} through NAT gateway{} {nat_names}: its {gb} GB a month cost \
                 {} in NAT data processing, and {} through a gateway endpoint for {service}",
                source.name,
                target.kind.tag().title(),
                target.name,
                if nats.len() == 1 { "" } else { "s" },
                format_usd(usd),
                format_usd(0.0),
            ),
            [&source.id, &target.id].into_iter().chain(nats.iter().copied()),
            Some(format!(
                "Attach a gateway endpoint for {service} to the route tables of {:?}.",
                source.name
            )),
        );
        let mut taken = Vec::new();
        let edits = gateway_endpoint(index, vpc, service, &tables, &mut taken);
        finding.quick_fix(QuickFix::new(
            format!(
                "Reach {service} through a gateway endpoint on {}",
                names(tables.iter().map(|t| index.name(t)))
            ),
            edits,
        ));
    }
}
