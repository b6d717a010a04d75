//! Security rules: security groups open to the internet and CIDR rules
//! where a security-group reference would do.

pub mod cidr_instead_of_group;
pub mod open_admin_ports;
pub mod open_other_ports;

use crate::model::{Protocol, SecurityGroupRule, SgPeer};

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

/// True when the rule admits the whole internet (IPv4 or IPv6).
pub(crate) fn from_anywhere(rule: &SecurityGroupRule) -> Option<&str> {
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
