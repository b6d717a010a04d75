//! W5002: a Lambda function in a VPC uses subnets in two or more zones.

use crate::rules::prelude::*;

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

fn check(index: &Index<'_>, sink: &mut Sink<'_>) {
    for resource in index.of_kind(KindTag::LambdaFunction) {
        let subnets = resource.kind.subnets();
        // The one zone of the subnets that resolve, if they share one.
        let mut zones = subnets.iter().filter_map(|s| index.az_of_subnet(s));
        let Some(zone_id) = zones.next() else {
            continue;
        };
        if zones.any(|z| z != zone_id) {
            continue;
        }
        let first = &subnets[0];
        let public = index.is_public(first);
        let extra = index.vpc_of(first).and_then(|vpc| {
            index
                .subnets_of_vpc(vpc)
                .find(|(r, s)| &s.az != zone_id && index.is_public(&r.id) == public)
                .map(|(r, _)| &r.id)
        });
        let zone = index.zone_of_subnet(first).unwrap_or("?");
        let finding = sink.report(
            format!("function {:?} runs only in zone {zone}", resource.name),
            [&resource.id],
            Some("Add a subnet in a second availability zone.".into()),
        );
        if let Some(extra) = extra {
            finding.quick_fix(QuickFix::new(
                format!(
                    "Add subnet {:?} (zone {})",
                    index.name(extra),
                    index.zone_of_subnet(extra).unwrap_or("?")
                ),
                vec![Edit::push(&resource.id, "/vpc_config/subnets", extra)],
            ));
        }
    }
}
