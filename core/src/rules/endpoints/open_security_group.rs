//! W4007: an interface endpoint's security group does not admit the whole
//! internet.

use super::{consumers, interface_endpoints};
use crate::model::SgPeer;
use crate::reach::peer::{describe_rule_ports, tcp_from_group};
use crate::rules::prelude::*;
use crate::rules::security::from_anywhere;

pub static RULE: Rule = Rule {
    id: "W4007",
    severity: Severity::Warning,
    title: "Endpoint security group open to 0.0.0.0/0",
    description: "An interface endpoint is reachable only from inside the VPC (and what is \
                  routed to it), so a security group that admits 0.0.0.0/0 grants more than \
                  intended; admit the callers' security groups instead (least privilege).",
    doc_url: "https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html#add-endpoint-security-group",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    let consumers = consumers(index);
    for (resource, ep) in interface_endpoints(index) {
        let callers = consumers.get(&(&ep.vpc, ep.service.as_str()));
        for sg_id in &ep.security_groups {
            let Some((sg_resource, sg)) = index.sg(sg_id) else {
                continue;
            };
            for rule in &sg.ingress {
                if from_anywhere(rule).is_none() {
                    continue;
                }
                let finding = sink.report(
                    format!(
                        "security group {:?} of endpoint {:?} admits {} from {}",
                        sg_resource.name,
                        resource.name,
                        describe_rule_ports(rule),
                        match &rule.peer {
                            SgPeer::Cidr6(net) => net.clone(),
                            _ => "0.0.0.0/0".to_owned(),
                        }
                    ),
                    [&sg_resource.id, &resource.id],
                    Some("Admit tcp/443 from the callers' security groups only.".into()),
                );
                let groups: Vec<&ResourceId> = callers
                    .into_iter()
                    .flatten()
                    .flat_map(|c| index.security_groups_of(c))
                    .collect();
                if groups.is_empty() {
                    continue;
                }
                let mut edits = vec![Edit::RemoveSecurityGroupRule {
                    security_group: sg_id.clone(),
                    direction: Direction::Ingress,
                    rule: rule.clone(),
                }];
                for group in groups {
                    edits.push(Edit::AddSecurityGroupRule {
                        security_group: sg_id.clone(),
                        direction: Direction::Ingress,
                        rule: tcp_from_group(
                            443,
                            group,
                            &format!("HTTPS from {}", index.name(group)),
                        ),
                    });
                }
                edits.dedup();
                finding.quick_fix(QuickFix::new(
                    "Admit tcp/443 from the callers' security groups only",
                    edits,
                ));
            }
        }
    }
}
