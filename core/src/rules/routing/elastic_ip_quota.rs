//! W2003: a region has at most 5 Elastic IPs by default.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "W2003",
    severity: Severity::Warning,
    title: "More Elastic IPs than the default quota",
    description: "An account has a default quota of 5 Elastic IP addresses per region; a design \
                  that needs more deploys only after a quota increase.",
    doc_url: "https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-eips",
    check,
};

/// The default number of Elastic IPs per region.
const QUOTA: usize = 5;

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    let eips = index.of_kind(KindTag::ElasticIp);
    if eips.len() > QUOTA {
        sink.report(
            format!(
                "the design allocates {} Elastic IPs in {}; the default quota is {QUOTA} per region",
                eips.len(),
                index.design.region
            ),
            eips.iter().map(|r| &r.id),
            Some(
                "Request a quota increase before deploying, or share NAT gateways between \
                 fewer subnets."
                    .into(),
            ),
        );
    }
}
