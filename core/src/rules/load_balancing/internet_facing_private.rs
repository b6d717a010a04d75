//! E3003: an internet-facing load balancer sits in public subnets.

use crate::model::Scheme;
use crate::rules::prelude::*;
use crate::rules::subnet_placement::swap_subnet_fix;

pub static RULE: Rule = Rule {
    id: "E3003",
    severity: Severity::Error,
    title: "Internet-facing load balancer in a private subnet",
    description: "An internet-facing load balancer receives traffic from the internet only in \
                  subnets whose route table sends 0.0.0.0/0 to an internet gateway.",
    doc_url: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-scheme",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    for resource in index.of_kind(KindTag::LoadBalancer) {
        let Kind::LoadBalancer(lb) = &resource.kind else {
            continue;
        };
        if lb.scheme != Scheme::InternetFacing {
            continue;
        }
        for subnet in lb.subnets.iter().filter(|s| index.subnet(s).is_some() && !index.is_public(s))
        {
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
            if let Some(fix) =
                swap_subnet_fix(index, &resource.id, "/subnets", &lb.subnets, subnet, true)
            {
                finding.quick_fix(fix);
            }
        }
    }
}
