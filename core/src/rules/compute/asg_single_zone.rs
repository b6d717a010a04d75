//! W5005: an Auto Scaling group uses subnets in two or more zones.

use crate::rules::prelude::*;
use crate::rules::subnet_placement::add_zone_fix;

pub static RULE: Rule = Rule {
    id: "W5005",
    severity: Severity::Warning,
    title: "Auto Scaling group in a single zone",
    description: "An Auto Scaling group launches instances only in the availability zones of its \
                  subnets and rebalances them across those zones; with subnets in one zone only, \
                  every instance stops when that zone fails. Use subnets in at least two zones.",
    doc_url: "https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-availability-zone-balanced.html",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    for resource in index.of_kind(KindTag::AutoScalingGroup) {
        let subnets = resource.kind.subnets();
        // The one zone of the subnets that resolve, if they share one.
        let Some((zone_id, first, zone)) = index.single_zone(subnets) else {
            continue;
        };
        let finding = sink.report(
            format!(
                "Auto Scaling group {:?} launches instances only in zone {zone}",
                resource.name
            ),
            [&resource.id],
            Some("Add a subnet in a second availability zone.".into()),
        );
        if let Some(fix) = add_zone_fix(index, &resource.id, "/subnets", first, |az| az == zone_id)
        {
            finding.quick_fix(fix);
        }
    }
}
