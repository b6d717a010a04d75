//! E3002: a load balancer has at most one subnet per zone.

use crate::rules::prelude::*;
use crate::rules::subnet_placement::report_second_subnets_per_zone;

pub static RULE: Rule = Rule {
    id: "E3002",
    severity: Severity::Error,
    title: "Load balancer with two subnets in one zone",
    description: "A load balancer can use at most one subnet per availability zone.",
    doc_url: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#availability-zones",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    for resource in index.of_kind(KindTag::LoadBalancer) {
        let Kind::LoadBalancer(lb) = &resource.kind else {
            continue;
        };
        report_second_subnets_per_zone(index, sink, resource, &lb.subnets, "load balancer");
    }
}
