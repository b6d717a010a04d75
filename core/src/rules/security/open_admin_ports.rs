//! E6001: no security group admits the internet on SSH, RDP or database
//! ports.

use super::{internet_lb_only_ports, open_to_internet, remove_rule_fix, sensitive_ports};
use crate::reach::peer::describe_rule_ports;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "E6001",
    severity: Severity::Error,
    title: "Administration or database port open to the internet",
    description: "A security group must not admit 0.0.0.0/0 or ::/0 on SSH (22), RDP (3389) or \
                  database and cache ports (1433, 1521, 3306, 5432, 5439, 6379, 9200, 11211, \
                  27017 and the like); reach them through a bastion, Session Manager or a \
                  security-group reference.",
    doc_url: "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    for (resource, rule, anywhere) in open_to_internet(index) {
        let mut ports = sensitive_ports(rule);
        // Behind an internet-facing load balancer only its listener ports
        // answer; W6004 says when the group admits more than those.
        if let Some(listening) = internet_lb_only_ports(index, &resource.id) {
            ports.retain(|(port, _)| listening.contains(port));
        }
        if ports.is_empty() {
            continue;
        }
        let named: Vec<String> = ports.iter().map(|(p, name)| format!("{name} ({p})")).collect();
        let opened = if ports.len() == 1 && rule.ports.is_some_and(|r| r.from == r.to) {
            format!("{} ({})", describe_rule_ports(rule), ports[0].1)
        } else {
            format!("{}, including {}", describe_rule_ports(rule), named.join(", "))
        };
        sink.report(
            format!("security group {:?} admits {opened} from {anywhere}", resource.name),
            [&resource.id],
            Some(
                "Remove the rule, or admit only a security group or a known address range.".into(),
            ),
        )
        .quick_fix(remove_rule_fix(&resource.id, rule, anywhere));
    }
}
