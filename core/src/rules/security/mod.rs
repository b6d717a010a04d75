//! Security rules: security groups open to the internet, CIDR rules
//! where a security-group reference would do, EKS API endpoints open to
//! the internet.

pub mod cidr_instead_of_group;
pub mod eks_public_endpoint;
pub mod lb_only_group;
pub mod open_admin_ports;
pub mod open_other_ports;

use crate::model::{Protocol, SecurityGroupRule, SgPeer};
use crate::reach::peer::describe_rule_ports;
use crate::rules::prelude::*;

/// Ports that must never be open to the internet, with their service.
pub(crate) const SENSITIVE_PORTS: &[(u16, &str)] = &[
    (22, "SSH"),
    (23, "Telnet"),
    (445, "SMB"),
    (1433, "SQL Server"),
    (1521, "Oracle"),
    (2049, "NFS"),
    (3306, "MySQL"),
    (3389, "RDP"),
    (5432, "PostgreSQL"),
    (5439, "Redshift"),
    (6379, "Redis"),
    (9200, "OpenSearch"),
    (11211, "Memcached"),
    (27017, "MongoDB"),
];

/// The range of the whole internet that the rule admits (`0.0.0.0/0` or
/// `::/0`), if it admits the whole internet.
pub(crate) fn from_anywhere(rule: &SecurityGroupRule) -> Option<&'static str> {
    match &rule.peer {
        SgPeer::Cidr(net) if net.prefix_len() == 0 => Some("0.0.0.0/0"),
        SgPeer::Cidr6(net) if net.trim() == "::/0" => Some("::/0"),
        _ => None,
    }
}

/// The sensitive ports a rule opens.
pub(crate) fn sensitive_ports(rule: &SecurityGroupRule) -> Vec<(u16, &'static str)> {
    if !matches!(rule.protocol, Protocol::Tcp | Protocol::All) {
        return Vec::new();
    }
    SENSITIVE_PORTS
        .iter()
        .copied()
        .filter(|(port, _)| {
            rule.protocol == Protocol::All || rule.ports.is_none_or(|r| r.contains(*port))
        })
        .collect()
}

/// Every ingress rule of every security group that admits the whole
/// internet, with its group and the range it admits.
fn open_to_internet<'d>(
    index: &Index<'d>,
) -> impl Iterator<Item = (&'d Resource, &'d SecurityGroupRule, &'static str)> {
    index.of_kind(KindTag::SecurityGroup).iter().flat_map(|&resource| {
        let rules = match &resource.kind {
            Kind::SecurityGroup(sg) => sg.ingress.as_slice(),
            _ => &[],
        };
        rules.iter().filter_map(move |rule| Some((resource, rule, from_anywhere(rule)?)))
    })
}

/// The listener ports of a security group used only by internet-facing
/// load balancers: from the internet only those ports answer, whatever the
/// group admits. `None` when anything else uses the group (or nothing).
pub(crate) fn internet_lb_only_ports(index: &Index<'_>, group: &ResourceId) -> Option<Vec<u16>> {
    let members = index.members(group);
    if members.is_empty() {
        return None;
    }
    let mut ports = Vec::new();
    for member in members {
        let Kind::LoadBalancer(lb) = &member.kind else { return None };
        if lb.scheme != crate::model::Scheme::InternetFacing {
            return None;
        }
        for listener in index.listeners_of_lb(&member.id) {
            if let Kind::Listener(l) = &listener.kind
                && !ports.contains(&l.port)
            {
                ports.push(l.port);
            }
        }
        for l in &lb.classic_listeners {
            if !ports.contains(&l.port) {
                ports.push(l.port);
            }
        }
    }
    // A resource vpcraft does not model (an instance, a launch template)
    // may use the group too, and then more than the listeners answer.
    let group_resource = index.get(group)?;
    let names: Vec<&str> =
        std::iter::once(group.as_str()).chain(group_resource.logical_id.as_deref()).collect();
    let generic_uses = index.of_kind(KindTag::Generic).iter().any(|r| match &r.kind {
        Kind::Generic(g) => mentions(&g.properties, &names),
        _ => false,
    });
    if generic_uses {
        return None;
    }
    ports.sort_unstable();
    Some(ports)
}

/// Whether a JSON value holds one of `names` as a string, or in a
/// `${Name}` of one.
fn mentions(value: &serde_json::Value, names: &[&str]) -> bool {
    match value {
        serde_json::Value::String(s) => names
            .iter()
            .any(|n| s == n || s.contains(&format!("${{{n}}}")) || s.contains(&format!("${{{n}."))),
        serde_json::Value::Array(items) => items.iter().any(|v| mentions(v, names)),
        serde_json::Value::Object(map) => map.values().any(|v| mentions(v, names)),
        _ => false,
    }
}

/// A quick fix that removes an ingress rule admitting the internet.
fn remove_rule_fix(group: &ResourceId, rule: &SecurityGroupRule, anywhere: &str) -> QuickFix {
    QuickFix::new(
        format!("Remove the rule admitting {} from {anywhere}", describe_rule_ports(rule)),
        vec![Edit::RemoveSecurityGroupRule {
            security_group: group.clone(),
            direction: Direction::Ingress,
            rule: rule.clone(),
        }],
    )
}
