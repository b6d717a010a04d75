//! W3004: an internal load balancer sits in private subnets.

use super::replacement_subnet;
use crate::model::Scheme;
use crate::rules::prelude::*;

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

fn check(index: &Index<'_>, sink: &mut Sink<'_>) {
    for resource in index.of_kind(KindTag::LoadBalancer) {
        let Kind::LoadBalancer(lb) = &resource.kind else {
            continue;
        };
        if lb.scheme != Scheme::Internal {
            continue;
        }
        for subnet in lb.subnets.iter().filter(|s| index.is_public(s)) {
            let swap = index.subnet(subnet).and_then(|(_, s)| {
                replacement_subnet(index, index.vpc_of(subnet)?, &s.az, false, &lb.subnets)
            });
            let finding = sink.report(
                format!(
                    "internal load balancer {:?} is in public subnet {:?}",
                    resource.name,
                    index.name(subnet)
                ),
                [&resource.id, subnet],
                Some("Place it in private subnets.".into()),
            );
            if let Some(swap) = swap {
                finding.quick_fix(QuickFix::new(
                    format!(
                        "Use private subnet {:?} instead of {:?}",
                        index.name(swap),
                        index.name(subnet)
                    ),
                    vec![
                        Edit::pull(&resource.id, "/subnets", subnet),
                        Edit::push(&resource.id, "/subnets", swap),
                    ],
                ));
            }
        }
    }
}
