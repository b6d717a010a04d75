//! E5006: an EKS cluster has subnets in at least two zones.

use crate::rules::prelude::*;
use crate::rules::subnet_placement::add_zone_fix;
use std::collections::BTreeSet;

pub static RULE: Rule = Rule {
    id: "E5006",
    severity: Severity::Error,
    title: "EKS cluster in fewer than two zones",
    description: "EKS places the cluster's control-plane network interfaces in its subnets and \
                  requires subnets in at least two availability zones; it refuses to create a \
                  cluster with fewer.",
    doc_url: "https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    for resource in index.of_kind(KindTag::EksCluster) {
        let subnets = resource.kind.subnets();
        // A subnet known only at deploy time may be in any zone.
        if subnets.iter().any(|s| index.subnet(s).is_none()) {
            continue;
        }
        let zones: BTreeSet<&ResourceId> =
            subnets.iter().filter_map(|s| index.az_of_subnet(s)).collect();
        if zones.len() >= 2 {
            continue;
        }
        let message = match subnets.first().and_then(|s| index.zone_of_subnet(s)) {
            Some(zone) => format!(
                "EKS cluster {:?} has subnets only in zone {zone} ({})",
                resource.name,
                subnets
                    .iter()
                    .map(|s| format!("{:?}", index.name(s)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None => format!("EKS cluster {:?} has no subnet", resource.name),
        };
        let mut ids = vec![&resource.id];
        ids.extend(subnets);
        let finding =
            sink.report(message, ids, Some("Add a subnet in a second availability zone.".into()));
        if let Some(first) = subnets.first()
            && let Some(fix) =
                add_zone_fix(index, &resource.id, "/subnets", first, |az| zones.contains(az))
        {
            finding.quick_fix(fix);
        }
    }
}
