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

fn check(index: &Index<'_>, sink: &mut Sink<'_>) {
    for (resource, ep) in interface_endpoints(index) {
        if !ep.private_dns {
            continue;
        }
        let Some((vpc_resource, vpc)) = index.vpc(&ep.vpc) else {
            continue;
        };
        let mut off = Vec::new();
        let mut edits = Vec::new();
        if !vpc.enable_dns_support {
            off.push("DNS support");
            edits.push(Edit::set(&vpc_resource.id, "/enable_dns_support", true));
        }
        if !vpc.enable_dns_hostnames {
            off.push("DNS hostnames");
            edits.push(Edit::set(&vpc_resource.id, "/enable_dns_hostnames", true));
        }
        if off.is_empty() {
            continue;
        }
        sink.report(
            format!(
                "endpoint {:?} ({}) has private DNS, but VPC {:?} has {} off",
                resource.name,
                ep.service,
                vpc_resource.name,
                off.join(" and ")
            ),
            [&resource.id, &vpc_resource.id],
            Some(format!("Turn on {} for the VPC.", off.join(" and "))),
        )
        .quick_fix(QuickFix::new(
            format!("Turn on {} for VPC {:?}", off.join(" and "), vpc_resource.name),
            edits,
        ));
    }
}
