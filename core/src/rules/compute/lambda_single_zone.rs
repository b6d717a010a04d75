//! W5002: a Lambda function in a VPC uses subnets in two or more zones.

use crate::rules::prelude::*;
use crate::rules::subnet_placement::add_zone_fix;

pub static RULE: Rule = Rule {
    id: "W5002",
    severity: Severity::Warning,
    title: "Lambda function in a single zone",
    description: "Lambda runs a VPC function in the availability zones of its subnets; with \
                  subnets in one zone only, the function stops when that zone fails. Use \
                  subnets in at least two zones.",
    doc_url: "https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html#vpc-best-practice",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    for resource in index.of_kind(KindTag::LambdaFunction) {
        let subnets = resource.kind.subnets();
        // The one zone of the subnets that resolve, if they share one.
        let Some((zone_id, first, zone)) = index.single_zone(subnets) else {
            continue;
        };
        let finding = sink.report(
            format!("function {:?} runs only in zone {zone}", resource.name),
            [&resource.id],
            Some("Add a subnet in a second availability zone.".into()),
        );
        let pointer = "/vpc_config/subnets";
        if let Some(fix) = add_zone_fix(index, &resource.id, pointer, first, |az| az == zone_id) {
            finding.quick_fix(fix);
        }
    }
}
