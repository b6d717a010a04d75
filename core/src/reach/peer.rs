//! Security-group matching: whether a group's rules admit traffic from or
//! to a peer described by its security groups and addresses.

use crate::index::Index;
use crate::model::{PortRange, Protocol, ResourceId, SecurityGroup, SecurityGroupRule, SgPeer};
use ipnet::Ipv4Net;
use std::borrow::Cow;

/// The other end of a connection, as a security-group rule sees it.
#[derive(Clone, Debug, Default)]
pub struct Peer<'a> {
    /// The security groups the peer is a member of.
    pub groups: &'a [ResourceId],
    /// The addresses the peer may use (its subnets' CIDRs); empty when
    /// unknown.
    pub cidrs: Cow<'a, [Ipv4Net]>,
    /// The peer is anywhere on the internet.
    pub internet: bool,
    /// The peer speaks IPv6: only IPv6 rules (`CidrIpv6`) name it by address.
    pub ipv6: bool,
    /// The peer is an AWS service reached through a gateway endpoint, by
    /// its short name (`s3`), which prefix-list rules name.
    pub service: Option<&'a str>,
    /// The EKS cluster whose cluster security group the peer is in (the
    /// cluster's control plane or one of its managed node groups); that
    /// group is not in the design, and admits all traffic from its members.
    pub cluster: Option<&'a ResourceId>,
}

impl<'a> Peer<'a> {
    /// A resource in a VPC: its security groups and its subnets' CIDRs.
    pub fn of_resource(index: &'a Index<'_>, id: &ResourceId) -> Peer<'a> {
        let Some(resource) = index.get(id) else {
            return Peer::default();
        };
        Peer {
            groups: index.security_groups_of(resource),
            cidrs: Cow::Borrowed(index.subnet_cidrs(&resource.id)),
            internet: false,
            ipv6: false,
            service: None,
            cluster: super::eks::cluster_group(index, resource).map(|c| &c.id),
        }
    }

    pub fn internet() -> Peer<'a> {
        Peer { internet: true, cidrs: Cow::Owned(vec![any()]), ..Peer::default() }
    }

    /// Anywhere on the internet over IPv6 (`::/0`).
    pub fn internet6() -> Peer<'a> {
        Peer { internet: true, ipv6: true, ..Peer::default() }
    }

    /// An address range, such as the public IPs of AWS services reached
    /// through a NAT gateway.
    pub fn cidr(net: Ipv4Net) -> Peer<'a> {
        Peer { cidrs: Cow::Owned(vec![net]), internet: net.prefix_len() == 0, ..Peer::default() }
    }
}

/// 0.0.0.0/0.
pub fn any() -> Ipv4Net {
    Ipv4Net::default()
}

/// True when the rule covers this protocol and port.
pub fn covers(rule: &SecurityGroupRule, protocol: Protocol, port: u16) -> bool {
    let protocol_ok = rule.protocol == Protocol::All || rule.protocol == protocol;
    let port_ok = rule.protocol == Protocol::All || rule.ports.is_none_or(|r| r.contains(port));
    protocol_ok && port_ok
}

/// True when the rule's peer includes every address of `peer` (or one of
/// its groups, or its service's prefix list).
pub fn matches_peer(rule: &SecurityGroupRule, peer: &Peer<'_>) -> bool {
    match &rule.peer {
        SgPeer::SecurityGroup(g) => peer.groups.contains(g),
        SgPeer::Cidr(_) if peer.ipv6 => false,
        SgPeer::Cidr(net) => {
            net.prefix_len() == 0
                || (!peer.internet
                    && !peer.cidrs.is_empty()
                    && peer.cidrs.iter().all(|c| net.trunc().contains(c)))
        }
        SgPeer::Cidr6(net) => {
            peer.ipv6
                && peer.internet
                && net.trim().parse::<ipnet::Ipv6Net>().is_ok_and(|n| n.prefix_len() == 0)
        }
        SgPeer::PrefixList(name) => {
            peer.service.is_some_and(|s| name == s || name.ends_with(&format!(".{s}")))
        }
    }
}

/// True when some rule of the list admits `protocol`/`port` from or to `peer`.
pub fn admits(rules: &[SecurityGroupRule], protocol: Protocol, port: u16, peer: &Peer<'_>) -> bool {
    rules.iter().any(|r| covers(r, protocol, port) && matches_peer(r, peer))
}

/// True when any of the groups admits the traffic on ingress.
pub fn any_ingress(
    index: &Index<'_>,
    groups: &[ResourceId],
    protocol: Protocol,
    port: u16,
    peer: &Peer<'_>,
) -> bool {
    groups
        .iter()
        .filter_map(|g| index.sg(g))
        .any(|(_, sg)| admits(&sg.ingress, protocol, port, peer))
}

/// True when any of the groups admits the traffic on egress.
pub fn any_egress(
    index: &Index<'_>,
    groups: &[ResourceId],
    protocol: Protocol,
    port: u16,
    peer: &Peer<'_>,
) -> bool {
    groups
        .iter()
        .filter_map(|g| index.sg(g))
        .any(|(_, sg)| admits(&sg.egress, protocol, port, peer))
}

/// A rule admitting tcp on one port from a security group.
pub fn tcp_from_group(port: u16, group: &ResourceId, description: &str) -> SecurityGroupRule {
    SecurityGroupRule {
        protocol: Protocol::Tcp,
        ports: Some(PortRange::single(port)),
        peer: SgPeer::SecurityGroup(group.clone()),
        description: description.to_owned(),
    }
}

/// A rule admitting tcp on one port to or from a CIDR.
pub fn tcp_cidr(port: u16, net: Ipv4Net, description: &str) -> SecurityGroupRule {
    SecurityGroupRule {
        protocol: Protocol::Tcp,
        ports: Some(PortRange::single(port)),
        peer: SgPeer::Cidr(net),
        description: description.to_owned(),
    }
}

/// `tcp/443`, `all traffic`, `tcp/1024-2048` for messages.
pub fn describe_rule_ports(rule: &SecurityGroupRule) -> String {
    match (rule.protocol, rule.ports) {
        (Protocol::All, _) => "all traffic".to_owned(),
        (p, None) => format!("{p}/all ports"),
        (p, Some(r)) if r == PortRange::ALL || (r.from <= 1 && r.to == 65535) => {
            format!("{p}/all ports")
        }
        (p, Some(r)) => format!("{p}/{r}"),
    }
}

/// `10.0.0.0/16`, `security group "x"`, `prefix list pl-s3` for messages.
pub fn describe_peer(index: &Index<'_>, peer: &SgPeer) -> String {
    match peer {
        SgPeer::Cidr(net) => net.to_string(),
        SgPeer::Cidr6(net) => net.clone(),
        SgPeer::SecurityGroup(g) => format!("security group {:?}", index.name(g)),
        SgPeer::PrefixList(p) => format!("prefix list {p}"),
    }
}

/// The group's rules in one direction, for callers holding a group.
pub fn rules(sg: &SecurityGroup, ingress: bool) -> &[SecurityGroupRule] {
    if ingress { &sg.ingress } else { &sg.egress }
}
