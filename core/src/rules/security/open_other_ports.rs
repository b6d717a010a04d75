//! W6002: a security group admits the internet only on web ports.

use super::{internet_lb_only_ports, open_to_internet, remove_rule_fix, sensitive_ports};
use crate::model::Protocol;
use crate::reach::peer::describe_rule_ports;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "W6002",
    severity: Severity::Warning,
    title: "Non-web port open to the internet",
    description: "A security group that admits 0.0.0.0/0 or ::/0 on ports other than HTTP (80) \
                  and HTTPS (443) exposes a service that is rarely meant for the whole internet.",
    doc_url: "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    for (resource, rule, anywhere) in open_to_internet(index) {
        // Sensitive ports are E6001's; ICMP (ping, path MTU) is harmless.
        if rule.protocol == Protocol::Icmp || !sensitive_ports(rule).is_empty() {
            continue;
        }
        // A group used only by internet-facing load balancers is W6004's.
        if internet_lb_only_ports(index, &resource.id).is_some() {
            continue;
        }
        let web_only = rule.protocol == Protocol::Tcp
            && rule.ports.is_some_and(|r| r.from == r.to && (r.from == 80 || r.from == 443));
        if web_only {
            continue;
        }
        sink.report(
            format!(
                "security group {:?} admits {} from {anywhere}",
                resource.name,
                describe_rule_ports(rule)
            ),
            [&resource.id],
            Some("Admit only the callers' security group or address range.".into()),
        )
        .quick_fix(remove_rule_fix(&resource.id, rule, anywhere));
    }
}
