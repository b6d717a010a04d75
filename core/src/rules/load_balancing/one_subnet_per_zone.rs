//! E3002: a load balancer has at most one subnet per zone.

use crate::rules::prelude::*;
use std::collections::HashMap;

pub static RULE: Rule = Rule {
    id: "E3002",
    severity: Severity::Error,
    title: "Load balancer with two subnets in one zone",
    description: "A load balancer can use at most one subnet per availability zone.",
    doc_url: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#availability-zones",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_>) {
    for resource in index.of_kind(KindTag::LoadBalancer) {
        let Kind::LoadBalancer(lb) = &resource.kind else { continue };
        let mut first: HashMap<&ResourceId, &ResourceId> = HashMap::new();
        for subnet in &lb.subnets {
            let Some(az) = index.az_of_subnet(subnet) else { continue };
            let Some(kept) = first.get(az) else {
                first.insert(az, subnet);
                continue;
            };
            sink.report(
                format!(
                    "load balancer {:?} has subnets {:?} and {:?} in zone {}",
                    resource.name,
                    index.name(kept),
                    index.name(subnet),
                    index.zone_of_subnet(subnet).unwrap_or("?")
                ),
                [&resource.id, *kept, subnet],
                Some(format!("Remove subnet {:?} from the load balancer.", index.name(subnet))),
            )
            .quick_fix(QuickFix::new(
                format!("Remove subnet {:?}", index.name(subnet)),
                vec![Edit::pull(&resource.id, "/subnets", subnet)],
            ));
        }
    }
}
