//! Security rules: security groups open to the internet and CIDR rules
//! where a security-group reference would do.

pub mod cidr_instead_of_group;
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
