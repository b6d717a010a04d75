//! E3001: an application load balancer has subnets in at least two zones.

use crate::model::LoadBalancerType;
use crate::rules::prelude::*;
use crate::rules::subnet_placement::add_zone_fix;
use std::collections::BTreeSet;

pub static RULE: Rule = Rule {
    id: "E3001",
    severity: Severity::Error,
    title: "Application load balancer in fewer than two zones",
    description: "An application load balancer needs subnets in at least two availability \
                  zones; AWS rejects one with a single zone.",
    doc_url: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#availability-zones",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    for resource in index.of_kind(KindTag::LoadBalancer) {
        let Kind::LoadBalancer(lb) = &resource.kind else {
            continue;
        };
        if lb.lb_type != LoadBalancerType::Application {
            continue;
        }
        let zones: BTreeSet<&ResourceId> =
            lb.subnets.iter().filter_map(|s| index.az_of_subnet(s)).collect();
        if zones.len() >= 2 || lb.subnets.iter().any(|s| index.subnet(s).is_none()) {
            continue;
        }
        let names: Vec<String> =
            lb.subnets.iter().map(|s| format!("{:?}", index.name(s))).collect();
        let placed = if names.is_empty() { "no subnet".to_owned() } else { names.join(", ") };
        let zone = lb.subnets.first().and_then(|s| index.zone_of_subnet(s));
        let message = match zone {
            Some(z) => format!(
                "application load balancer {:?} has subnets only in zone {z} ({placed})",
                resource.name
            ),
            None => format!("application load balancer {:?} has no subnet", resource.name),
        };
        let mut ids = vec![&resource.id];
        ids.extend(&lb.subnets);
        let finding =
            sink.report(message, ids, Some("Add a subnet in a second availability zone.".into()));
        if let Some(first) = lb.subnets.first()
            && let Some(fix) =
                add_zone_fix(index, &resource.id, "/subnets", first, |az| zones.contains(az))
        {
            finding.quick_fix(fix);
        }
    }
}
