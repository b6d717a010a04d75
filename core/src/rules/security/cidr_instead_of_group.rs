//! W6003: an internal load balancer or endpoint admits its callers by
//! security group rather than by a whole CIDR.

use crate::model::{Scheme, SecurityGroupRule, SgPeer};
use crate::reach::peer::describe_rule_ports;
use crate::rules::endpoints::consumers;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "W6003",
    severity: Severity::Warning,
    title: "CIDR rule where a security-group reference would do",
    description: "When every caller of an internal load balancer or an interface endpoint has a \
                  security group, admitting those groups grants exactly the callers, while \
                  admitting a CIDR block grants everything that ever runs in it.",
    doc_url: "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html#security-group-referencing",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    let consumers = consumers(index);
    for resource in
        index.of_kind(KindTag::LoadBalancer).iter().chain(index.of_kind(KindTag::VpcEndpoint))
    {
        let callers: Vec<&Resource> = match &resource.kind {
            Kind::LoadBalancer(lb) if lb.scheme == Scheme::Internal => {
                let mut callers: Vec<&Resource> = Vec::new();
                for flow in index.flows_to(&resource.id) {
                    if let Some(source) = index.get(&flow.source)
                        && !callers.iter().any(|c| c.id == source.id)
                    {
                        callers.push(source);
                    }
                }
                callers
            }
            Kind::VpcEndpoint(ep) if ep.is_interface() => {
                consumers.get(&(&ep.vpc, ep.service.as_str())).cloned().unwrap_or_default()
            }
            _ => continue,
        };
        // Only when every caller can be named by a group.
        if callers.is_empty() || callers.iter().any(|c| index.security_groups_of(c).is_empty()) {
            continue;
        }
        let is_endpoint = matches!(resource.kind, Kind::VpcEndpoint(_));
        for sg_id in index.security_groups_of(resource) {
            let Some((sg_resource, sg)) = index.sg(sg_id) else {
                continue;
            };
            for rule in &sg.ingress {
                let SgPeer::Cidr(net) = &rule.peer else {
                    continue;
                };
                // Single hosts are deliberate; 0.0.0.0/0 on an endpoint is W4007's.
                if net.prefix_len() == 32 || (is_endpoint && net.prefix_len() == 0) {
                    continue;
                }
                let names: Vec<String> = callers.iter().map(|c| format!("{:?}", c.name)).collect();
                let mut edits = vec![Edit::RemoveSecurityGroupRule {
                    security_group: sg_id.clone(),
                    direction: Direction::Ingress,
                    rule: rule.clone(),
                }];
                for group in callers.iter().flat_map(|c| index.security_groups_of(c)) {
                    let replacement = SecurityGroupRule {
                        peer: SgPeer::SecurityGroup(group.clone()),
                        description: format!("from {}", index.name(group)),
                        ..rule.clone()
                    };
                    let edit = Edit::AddSecurityGroupRule {
                        security_group: sg_id.clone(),
                        direction: Direction::Ingress,
                        rule: replacement,
                    };
                    if !edits.contains(&edit) {
                        edits.push(edit);
                    }
                }
                sink.report(
                    format!(
                        "security group {:?} of {} {:?} admits {} from {net}; its callers ({}) all \
                         have security groups",
                        sg_resource.name,
                        if is_endpoint { "endpoint" } else { "internal load balancer" },
                        resource.name,
                        describe_rule_ports(rule),
                        names.join(", ")
                    ),
                    [&sg_resource.id, &resource.id],
                    Some("Admit the callers' security groups instead of the CIDR block.".into()),
                )
                .quick_fix(QuickFix::new("Admit the callers' security groups instead", edits));
            }
        }
    }
}
