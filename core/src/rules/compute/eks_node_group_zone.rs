//! W5007: an EKS managed node group uses subnets in two or more zones.

use crate::rules::prelude::*;
use crate::rules::subnet_placement::add_zone_fix;

pub static RULE: Rule = Rule {
    id: "W5007",
    severity: Severity::Warning,
    title: "EKS node group in a single zone",
    description: "A managed node group runs its nodes in an Auto Scaling group across the \
                  availability zones of its subnets; with subnets in one zone only, every node, \
                  and every pod on them, stops when that zone fails. Use subnets in at least two \
                  zones.",
    doc_url: "https://docs.aws.amazon.com/eks/latest/best-practices/data-plane.html",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    for resource in index.of_kind(KindTag::EksNodeGroup) {
        let subnets = resource.kind.subnets();
        // The one zone of the subnets that resolve, if they share one.
        let Some((zone_id, first, zone)) = index.single_zone(subnets) else {
            continue;
        };
        let finding = sink.report(
            format!("EKS node group {:?} runs its nodes only in zone {zone}", resource.name),
            [&resource.id],
            Some("Add a subnet in a second availability zone.".into()),
        );
        if let Some(fix) = add_zone_fix(index, &resource.id, "/subnets", first, |az| az == zone_id)
        {
            finding.quick_fix(fix);
        }
    }
}
