//! E4003: an interface endpoint has at most one subnet per zone.

use crate::rules::prelude::*;
use crate::rules::subnet_placement::report_second_subnets_per_zone;

pub static RULE: Rule = Rule {
    id: "E4003",
    severity: Severity::Error,
    title: "Endpoint with two subnets in one zone",
    description: "An interface endpoint places one network interface per availability zone and \
                  accepts at most one subnet per zone.",
    doc_url: "https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    for resource in index.of_kind(KindTag::VpcEndpoint) {
        let Kind::VpcEndpoint(ep) = &resource.kind else {
            continue;
        };
        report_second_subnets_per_zone(index, sink, resource, &ep.subnets, "endpoint");
    }
}
