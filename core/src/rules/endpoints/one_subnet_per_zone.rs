//! E4003: an interface endpoint has at most one subnet per zone.

use crate::rules::prelude::*;
use std::collections::HashMap;

pub static RULE: Rule = Rule {
    id: "E4003",
    severity: Severity::Error,
    title: "Endpoint with two subnets in one zone",
    description: "An interface endpoint places one network interface per availability zone and \
                  accepts at most one subnet per zone.",
    doc_url: "https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_>) {
    for resource in index.of_kind(KindTag::VpcEndpoint) {
        let Kind::VpcEndpoint(ep) = &resource.kind else { continue };
        let mut first: HashMap<&ResourceId, &ResourceId> = HashMap::new();
        for subnet in &ep.subnets {
            let Some(az) = index.az_of_subnet(subnet) else { continue };
            let Some(kept) = first.get(az) else {
                first.insert(az, subnet);
                continue;
            };
            sink.report(
                format!(
                    "endpoint {:?} has subnets {:?} and {:?} in zone {}",
                    resource.name,
                    index.name(kept),
                    index.name(subnet),
                    index.zone_of_subnet(subnet).unwrap_or("?")
                ),
                [&resource.id, *kept, subnet],
                Some(format!("Remove subnet {:?} from the endpoint.", index.name(subnet))),
            )
            .quick_fix(QuickFix::new(
                format!("Remove subnet {:?}", index.name(subnet)),
                vec![Edit::pull(&resource.id, "/subnets", subnet)],
            ));
        }
    }
}
