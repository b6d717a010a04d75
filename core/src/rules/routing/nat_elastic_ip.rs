//! E2002: a public NAT gateway has its own Elastic IP; a private one has
//! none.

use crate::index::FastMap;
use crate::model::{ElasticIp, NatConnectivity};
use crate::rules::prelude::*;
use crate::sort;

pub static RULE: Rule = Rule {
    id: "E2002",
    severity: Severity::Error,
    title: "NAT gateway Elastic IP missing, shared or not allowed",
    description: "A NAT gateway with public connectivity needs an Elastic IP of its own; two NAT \
                  gateways cannot share one, and a private NAT gateway cannot have one.",
    doc_url: "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    let mut users: FastMap<&ResourceId, Vec<&Resource>> = FastMap::default();
    for resource in index.of_kind(KindTag::NatGateway) {
        let Kind::NatGateway(nat) = &resource.kind else {
            continue;
        };
        match (&nat.elastic_ip, nat.connectivity) {
            (None, NatConnectivity::Public) => {
                let edits = allocate(index, resource, &index.design.fresh_id("eip")).into();
                sink.report(
                    format!("public NAT gateway {:?} has no Elastic IP", resource.name),
                    [&resource.id],
                    Some("Allocate an Elastic IP for the NAT gateway.".into()),
                )
                .quick_fix(QuickFix::new("Allocate an Elastic IP for it", edits));
            }
            (Some(eip), NatConnectivity::Private) => {
                sink.report(
                    format!(
                        "private NAT gateway {:?} has Elastic IP {:?}; private NAT gateways use \
                         private addresses only",
                        resource.name,
                        index.name(eip)
                    ),
                    [&resource.id],
                    Some("Remove the Elastic IP or make the NAT gateway public.".into()),
                )
                .quick_fix(QuickFix::new(
                    "Remove the Elastic IP from it",
                    vec![Edit::set(&resource.id, "/elastic_ip", ())],
                ));
            }
            (Some(eip), NatConnectivity::Public) => users.entry(eip).or_default().push(resource),
            (None, NatConnectivity::Private) => {}
        }
    }
    let mut shared: Vec<_> = users.into_iter().filter(|(_, nats)| nats.len() > 1).collect();
    sort::sort_by_key(&mut shared, |(eip, _)| *eip);
    for (eip, nats) in shared {
        let names: Vec<String> = nats.iter().map(|n| format!("{:?}", n.name)).collect();
        let mut ids = vec![eip];
        ids.extend(nats.iter().map(|n| &n.id));
        let mut edits = Vec::new();
        for (i, nat) in nats.iter().enumerate().skip(1) {
            let id = ResourceId::new(format!("{}-{i}", index.design.fresh_id("eip")));
            edits.extend(allocate(index, nat, &id));
        }
        sink.report(
            format!(
                "Elastic IP {:?} is used by NAT gateways {}",
                index.name(eip),
                names.join(" and ")
            ),
            ids,
            Some("Give each NAT gateway its own Elastic IP.".into()),
        )
        .quick_fix(QuickFix::new("Allocate an Elastic IP for each NAT gateway", edits));
    }
}

/// The edits that add Elastic IP `eip`, named after `nat`, and give it to
/// `nat`.
fn allocate(index: &Index<'_>, nat: &Resource, eip: &ResourceId) -> [Edit; 2] {
    [
        Edit::AddResource {
            resource: Resource::new(
                eip.as_str(),
                index.design.fresh_name(&format!("{}-eip", nat.name)),
                ElasticIp {},
            ),
        },
        Edit::set(&nat.id, "/elastic_ip", eip),
    ]
}
