//! Security groups and the protocol and port vocabulary shared by rules,
//! network ACLs and flows.

use super::ResourceId;
use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};
use std::fmt;

/// An IP protocol as security groups and flows name it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Protocol {
    #[default]
    Tcp,
    Udp,
    Icmp,
    /// Every protocol (`-1` in AWS).
    All,
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Tcp => "tcp",
            Self::Udp => "udp",
            Self::Icmp => "icmp",
            Self::All => "all",
        })
    }
}

/// An inclusive port range; a single port has `from == to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PortRange {
    pub from: u16,
    pub to: u16,
}

impl PortRange {
    pub const ALL: Self = Self { from: 0, to: 65535 };

    pub fn single(port: u16) -> Self {
        Self { from: port, to: port }
    }

    pub fn contains(&self, port: u16) -> bool {
        self.from <= port && port <= self.to
    }
}

impl fmt::Display for PortRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.from == self.to {
            write!(f, "{}", self.from)
        } else {
            write!(f, "{}-{}", self.from, self.to)
        }
    }
}

/// The other side of a security-group rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SgPeer {
    Cidr(Ipv4Net),
    /// An IPv6 CIDR, kept as written (`::/0`).
    Cidr6(String),
    SecurityGroup(ResourceId),
    PrefixList(String),
}

/// One ingress or egress rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecurityGroupRule {
    pub protocol: Protocol,
    /// The ports; absent means every port (for `all` and `icmp`).
    #[serde(default)]
    pub ports: Option<PortRange>,
    pub peer: SgPeer,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// A security group of one VPC.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecurityGroup {
    pub vpc: ResourceId,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default)]
    pub ingress: Vec<SecurityGroupRule>,
    /// Egress rules; a new group allows all outbound traffic, as in AWS.
    #[serde(default)]
    pub egress: Vec<SecurityGroupRule>,
}

impl SecurityGroup {
    /// A group as AWS creates it: no ingress, all egress.
    pub fn new(vpc: ResourceId) -> Self {
        Self {
            vpc,
            description: String::new(),
            ingress: Vec::new(),
            egress: vec![SecurityGroupRule {
                protocol: Protocol::All,
                ports: None,
                peer: SgPeer::Cidr("0.0.0.0/0".parse().unwrap()),
                description: String::new(),
            }],
        }
    }
}
