//! E4002: at most one endpoint per service and VPC has private DNS.

use super::interface_endpoints;
use crate::index::FastMap;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "E4002",
    severity: Severity::Error,
    title: "Two endpoints with private DNS for one service",
    description: "Private DNS makes the service's default name resolve to the endpoint, so only \
                  one interface endpoint per service and VPC can have it on.",
    doc_url: "https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html#interface-endpoint-private-dns",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    let mut first: FastMap<(&ResourceId, &str), &Resource> = FastMap::default();
    for (resource, ep) in interface_endpoints(index) {
        if !ep.private_dns {
            continue;
        }
        let Some(kept) = first.get(&(&ep.vpc, ep.service.as_str())) else {
            first.insert((&ep.vpc, ep.service.as_str()), resource);
            continue;
        };
        sink.report(
            format!(
                "endpoints {:?} and {:?} of VPC {:?} both have private DNS for {}",
                kept.name,
                resource.name,
                index.name(&ep.vpc),
                ep.service
            ),
            [&resource.id, &kept.id],
            Some(format!("Remove endpoint {:?} or turn its private DNS off.", resource.name)),
        )
        .quick_fix(QuickFix::new(
            format!("Turn private DNS off for {:?}", resource.name),
            vec![Edit::set(&resource.id, "/private_dns", false)],
        ));
    }
}
