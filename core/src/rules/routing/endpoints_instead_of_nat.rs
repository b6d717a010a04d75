//! I2011: NAT gateways whose flows all go to AWS services, which a few
//! endpoints would serve for less.

use super::nat_costs::{NatCosts, gateway_endpoint, interface_endpoint, names, remove_nats};
use crate::cost::format_usd;
use crate::reach::is_internet;
use crate::reach::service::{has_gateway_endpoint, service_name};
use crate::rules::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

pub static RULE: Rule = Rule {
    id: "I2011",
    severity: Severity::Info,
    title: "Endpoints would replace the NAT gateways for less",
    description: "When no flow through a VPC's NAT gateways needs the internet, only AWS \
                  services, interface endpoints for those services (and free gateway endpoints \
                  for S3 and DynamoDB) do the same job; each NAT gateway is charged by the hour \
                  with its Elastic IP, an interface endpoint by the hour in each zone.",
    doc_url: "https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html",
    check,
};

/// What the flows through a VPC's NAT gateways need of one service.
#[derive(Default)]
struct Need {
    subnets: Vec<ResourceId>,
    zones: BTreeSet<String>,
    groups: Vec<ResourceId>,
    tables: Vec<ResourceId>,
    gb: f64,
}

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    let Some(costs) = NatCosts::of(index) else {
        return;
    };
    'vpcs: for (vpc, nats) in costs.nats_by_vpc() {
        let ids: Vec<&ResourceId> = nats.iter().map(|(r, _)| &r.id).collect();
        let mut needs: BTreeMap<&str, Need> = BTreeMap::new();
        for f in costs.flows {
            let shares: Vec<_> = f.nat.iter().filter(|s| ids.contains(&&s.via)).collect();
            if shares.is_empty() {
                continue;
            }
            let Some(target) = index.get(&f.target) else {
                continue 'vpcs;
            };
            let service = match service_name(&target.kind) {
                Some(s) if !is_internet(&target.kind) => s,
                // Something needs the internet (or a service that has no
                // endpoint in the design's terms): the NAT gateways stay.
                _ => continue 'vpcs,
            };
            let need = needs.entry(service).or_default();
            let source = index.get(&f.source);
            for share in &shares {
                need.gb += share.gb;
                if let Some(zone) = index.zone_of_subnet(&share.subnet)
                    && need.zones.insert(zone.to_owned())
                {
                    need.subnets.push(share.subnet.clone());
                }
                if let Some((t, _)) = index.route_table_of(&share.subnet)
                    && !need.tables.contains(&t.id)
                {
                    need.tables.push(t.id.clone());
                }
            }
            for g in source.map(|s| index.security_groups_of(s)).unwrap_or_default() {
                if !need.groups.contains(g) {
                    need.groups.push(g.clone());
                }
            }
        }
        let current: f64 = nats.iter().map(|(r, gw)| costs.nat_usd(r, gw)).sum();
        let (ep_hour, ep_gb) = (
            costs.prices.usd("interface_endpoint.az_hour"),
            costs.prices.usd("interface_endpoint.gb"),
        );
        let mut instead = 0.0;
        let mut parts = Vec::new();
        for (service, need) in &needs {
            if has_gateway_endpoint(service) {
                parts.push(format!("a gateway endpoint for {service}"));
                continue;
            }
            let existing = index.endpoints_of(vpc).iter().any(|r| {
                matches!(&r.kind, Kind::VpcEndpoint(ep) if ep.service == *service && ep.is_interface())
            });
            let hours = if existing { 0.0 } else { need.zones.len() as f64 * costs.hours };
            instead += hours * ep_hour + need.gb * ep_gb;
            parts.push(format!(
                "an interface endpoint for {service} in {} zone{}",
                need.zones.len(),
                if need.zones.len() == 1 { "" } else { "s" }
            ));
        }
        let instead = crate::cost::cents(instead);
        if instead >= current {
            continue;
        }
        let nat_names = names(nats.iter().map(|(r, _)| r.name.as_str()));
        let plural = if nats.len() == 1 { "" } else { "s" };
        let message = if parts.is_empty() {
            format!(
                "NAT gateway{plural} {nat_names} of VPC {:?} cost {} a month with their Elastic \
                 IPs, and no flow passes through them ({} a month without them)",
                index.name(vpc),
                format_usd(current),
                format_usd(instead)
            )
        } else {
            format!(
                "NAT gateway{plural} {nat_names} of VPC {:?} cost {} a month with their Elastic \
                 IPs and their data, and no flow through them needs the internet: {} would cost \
                 {} a month",
                index.name(vpc),
                format_usd(current),
                parts.join(" and "),
                format_usd(instead)
            )
        };
        let involved: Vec<&ResourceId> = ids.clone();
        let finding = sink.report(
            message,
            involved,
            Some(
                "If nothing outside the design needs the internet, serve the AWS services through \
                 endpoints and remove the NAT gateways."
                    .to_owned(),
            ),
        );
        let mut taken = Vec::new();
        let mut edits = Vec::new();
        for (service, need) in &needs {
            edits.extend(if has_gateway_endpoint(service) {
                gateway_endpoint(index, vpc, service, &need.tables, &mut taken)
            } else {
                interface_endpoint(index, vpc, service, &need.subnets, &need.groups, &mut taken)
            });
        }
        let resources: Vec<&Resource> = nats.iter().map(|(r, _)| *r).collect();
        edits.extend(remove_nats(index, &resources));
        let services: Vec<&str> = needs.keys().copied().collect();
        let title = if services.is_empty() {
            format!("Remove NAT gateway{plural} {nat_names} and their routes")
        } else {
            format!(
                "Replace NAT gateway{plural} {nat_names} with endpoints for {}",
                services.join(", ")
            )
        };
        finding.quick_fix(QuickFix::new(title, edits));
    }
}
