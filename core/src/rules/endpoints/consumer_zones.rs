//! W4004: an interface endpoint covers every zone whose workloads use it.

use super::{consumers, interface_endpoints};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "W4004",
    severity: Severity::Warning,
    title: "Endpoint missing from a zone that uses it",
    description: "An interface endpoint should have a subnet in every availability zone of the \
                  workloads that call its service: traffic from other zones crosses zones (and \
                  pays for it), and fails when the endpoint's zone fails.",
    doc_url: "https://docs.aws.amazon.com/vpc/latest/privatelink/interface-endpoints.html",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    let consumers = consumers(index);
    for (resource, ep) in interface_endpoints(index) {
        if ep.subnets.is_empty() {
            continue;
        }
        let covered: Vec<&ResourceId> =
            ep.subnets.iter().filter_map(|s| index.az_of_subnet(s)).collect();
        let mut missing: Vec<(&ResourceId, &ResourceId, &Resource)> = Vec::new();
        for consumer in
            consumers.get(&(&ep.vpc, ep.service.as_str())).map_or(&[][..], Vec::as_slice)
        {
            for subnet in consumer.kind.subnets() {
                let Some(az) = index.az_of_subnet(subnet) else {
                    continue;
                };
                if !covered.contains(&az) && !missing.iter().any(|(a, _, _)| *a == az) {
                    missing.push((az, subnet, consumer));
                }
            }
        }
        for (az, subnet, consumer) in missing {
            let zone = index.az(az).map_or(az.as_str(), |(_, a)| a.zone.as_str());
            sink.report(
                format!(
                    "endpoint {:?} ({}) has no subnet in zone {zone}, where {:?} runs (subnet {:?})",
                    resource.name,
                    ep.service,
                    consumer.name,
                    index.name(subnet)
                ),
                [&resource.id, &consumer.id],
                Some(format!("Add a subnet of zone {zone} to the endpoint.")),
            )
            .quick_fix(QuickFix::new(
                format!("Add subnet {:?} to {:?}", index.name(subnet), resource.name),
                vec![Edit::push(&resource.id, "/subnets", subnet)],
            ));
        }
    }
}
