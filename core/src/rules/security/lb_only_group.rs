//! W6004: a security group used only by internet-facing load balancers
//! admits the internet on more than their listener ports.

use super::{internet_lb_only_ports, open_to_internet};
use crate::model::{PortRange, Protocol, SecurityGroupRule};
use crate::reach::peer::describe_rule_ports;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "W6004",
    severity: Severity::Warning,
    title: "Load balancer security group admits more than its listeners",
    description: "A load balancer answers only on its listeners' ports, so a security group used \
                  only by internet-facing load balancers that admits all traffic (or a wide port \
                  range) from the internet exposes nothing beyond the listeners today. It is \
                  still broader than needed: anything later placed in the group, or a listener \
                  added by mistake, is exposed at once. Admit only the listener ports.",
    doc_url: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-update-security-groups.html",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    for (resource, rule, anywhere) in open_to_internet(index) {
        let Some(listening) = internet_lb_only_ports(index, &resource.id) else { continue };
        let within = rule.protocol == Protocol::Tcp
            && rule.ports.is_some_and(|r| (r.from..=r.to).all(|p| listening.contains(&p)));
        if within || rule.protocol == Protocol::Icmp {
            continue;
        }
        let balancers: Vec<String> =
            index.members(&resource.id).iter().map(|m| format!("{:?}", m.name)).collect();
        let ports: Vec<String> = listening.iter().map(u16::to_string).collect();
        let answers = if ports.is_empty() {
            "which have no listener, so nothing answers".to_owned()
        } else {
            format!("which answer only on listener port(s) {}", ports.join(", "))
        };
        let finding = sink.report(
            format!(
                "security group {:?} admits {} from {anywhere}; it serves only internet-facing \
                 load balancer(s) {}, {answers}",
                resource.name,
                describe_rule_ports(rule),
                balancers.join(", ")
            ),
            [&resource.id],
            Some("Admit only the listener ports from the internet.".into()),
        );
        if listening.is_empty() {
            continue;
        }
        let mut edits = vec![Edit::RemoveSecurityGroupRule {
            security_group: resource.id.clone(),
            direction: Direction::Ingress,
            rule: rule.clone(),
        }];
        for port in &listening {
            edits.push(Edit::AddSecurityGroupRule {
                security_group: resource.id.clone(),
                direction: Direction::Ingress,
                rule: SecurityGroupRule {
                    protocol: Protocol::Tcp,
                    ports: Some(PortRange::single(*port)),
                    peer: rule.peer.clone(),
                    description: rule.description.clone(),
                },
            });
        }
        finding.quick_fix(QuickFix::new(
            format!("Admit only tcp/{} from {anywhere}", ports.join(", tcp/")),
            edits,
        ));
    }
}
