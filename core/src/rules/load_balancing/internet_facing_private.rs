//! E3003: an internet-facing load balancer sits in public subnets.

use super::replacement_subnet;
use crate::model::Scheme;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "E3003",
    severity: Severity::Error,
    title: "Internet-facing load balancer in a private subnet",
    description: "An internet-facing load balancer receives traffic from the internet only in \
                  subnets whose route table sends 0.0.0.0/0 to an internet gateway.",
    doc_url: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-scheme",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_>) {
    for resource in index.of_kind(KindTag::LoadBalancer) {
        let Kind::LoadBalancer(lb) = &resource.kind else {
            continue;
        };
        if lb.scheme != Scheme::InternetFacing {
            continue;
        }
        for subnet in lb.subnets.iter().filter(|s| index.subnet(s).is_some() && !index.is_public(s))
        {
            let swap = index.subnet(subnet).and_then(|(_, s)| {
                replacement_subnet(index, index.vpc_of(subnet)?, &s.az, true, &lb.subnets)
            });
            let finding = sink.report(
                format!(
                    "internet-facing load balancer {:?} is in private subnet {:?} (no route \
                     0.0.0.0/0 to an internet gateway)",
                    resource.name,
                    index.name(subnet)
                ),
                [&resource.id, subnet],
                Some("Place it in public subnets, or make it internal.".into()),
            );
            if let Some(swap) = swap {
                finding.quick_fix(QuickFix::new(
                    format!(
                        "Use public subnet {:?} instead of {:?}",
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
