//! W3004: an internal load balancer sits in private subnets.

use crate::model::Scheme;
use crate::rules::prelude::*;
use crate::rules::subnet_placement::swap_subnet_fix;

pub static RULE: Rule = Rule {
    id: "W3004",
    severity: Severity::Warning,
    title: "Internal load balancer in a public subnet",
    description: "An internal load balancer works in a public subnet but has no reason to be \
                  there; keep it in private subnets next to its callers and targets, and keep \
                  public subnets for what must face the internet.",
    doc_url: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-scheme",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    for resource in index.of_kind(KindTag::LoadBalancer) {
        let Kind::LoadBalancer(lb) = &resource.kind else {
            continue;
        };
        if lb.scheme != Scheme::Internal {
            continue;
        }
        for subnet in lb.subnets.iter().filter(|s| index.is_public(s)) {
            let finding = sink.report(
                format!(
                    "internal load balancer {:?} is in public subnet {:?}",
                    resource.name,
                    index.name(subnet)
                ),
                [&resource.id, subnet],
                Some("Place it in private subnets.".into()),
            );
            if let Some(fix) =
                swap_subnet_fix(index, &resource.id, "/subnets", &lb.subnets, subnet, false)
            {
                finding.quick_fix(fix);
            }
        }
    }
}
