//! E4005: an interface endpoint's security groups admit tcp/443 from its
//! consumers.

use super::{consumers, interface_endpoints};
use crate::model::Protocol;
use crate::reach::peer::{Peer, any_ingress, tcp_from_group};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "E4005",
    severity: Severity::Error,
    title: "Endpoint security group does not admit HTTPS from its callers",
    description: "AWS SDKs call an interface endpoint on tcp/443, so one of the endpoint's \
                  security groups must admit tcp/443 from every workload that calls the service \
                  (best by referencing the workload's security group).",
    doc_url: "https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html#add-endpoint-security-group",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    let consumers = consumers(index);
    for (resource, ep) in interface_endpoints(index) {
        let Some(callers) = consumers.get(&(&ep.vpc, ep.service.as_str())) else {
            continue;
        };
        for caller in callers {
            let peer = Peer::of_resource(index, &caller.id);
            if any_ingress(index, &ep.security_groups, Protocol::Tcp, 443, &peer) {
                continue;
            }
            let groups: Vec<String> =
                ep.security_groups.iter().map(|g| format!("{:?}", index.name(g))).collect();
            let message = if groups.is_empty() {
                format!(
                    "endpoint {:?} ({}) has no security group to admit tcp/443 from {:?}",
                    resource.name, ep.service, caller.name
                )
            } else {
                format!(
                    "security group {} of endpoint {:?} ({}) does not admit tcp/443 from {:?}",
                    groups.join(", "),
                    resource.name,
                    ep.service,
                    caller.name
                )
            };
            let mut ids = vec![&resource.id];
            ids.extend(&ep.security_groups);
            ids.push(&caller.id);
            let finding = sink.report(
                message,
                ids,
                Some(format!("Admit tcp/443 from the security group of {:?}.", caller.name)),
            );
            if let (Some(sg), Some(from)) =
                (ep.security_groups.first(), index.security_groups_of(caller).first())
            {
                finding.quick_fix(QuickFix::new(
                    format!("Admit tcp/443 from {:?} in {:?}", index.name(from), index.name(sg)),
                    vec![Edit::AddSecurityGroupRule {
                        security_group: sg.clone(),
                        direction: Direction::Ingress,
                        rule: tcp_from_group(443, from, &format!("HTTPS from {}", caller.name)),
                    }],
                ));
            }
        }
    }
}
