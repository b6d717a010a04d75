//! E4001: an interface endpoint with private DNS is in a VPC with DNS
//! support and DNS hostnames on.

use super::interface_endpoints;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "E4001",
    severity: Severity::Error,
    title: "Private DNS needs DNS support and DNS hostnames",
    description: "An interface endpoint can enable private DNS only in a VPC whose \
                  enableDnsSupport and enableDnsHostnames attributes are both true; otherwise \
                  the service's default name keeps resolving to its public addresses.",
    doc_url: "https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html#interface-endpoint-private-dns",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    for (resource, ep) in interface_endpoints(index) {
        if !ep.private_dns {
            continue;
        }
        let Some((vpc_resource, vpc)) = index.vpc(&ep.vpc) else {
            continue;
        };
        let Some((off, edits)) = crate::fix::vpc_dns_off(&vpc_resource.id, vpc) else {
            continue;
        };
        sink.report(
            format!(
                "endpoint {:?} ({}) has private DNS, but VPC {:?} has {off} off",
                resource.name, ep.service, vpc_resource.name
            ),
            [&resource.id, &vpc_resource.id],
            Some(format!("Turn on {off} for the VPC.")),
        )
        .quick_fix(QuickFix::new(format!("Turn on {off} for VPC {:?}", vpc_resource.name), edits));
    }
}
