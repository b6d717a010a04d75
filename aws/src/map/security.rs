//! Security groups with the rules DescribeSecurityGroupRules lists, or,
//! for a group that call said nothing about (when it was denied), the
//! permissions DescribeSecurityGroups carries: both describe the same rules.

use super::Mapper;
use super::network::protocol;
use aws_sdk_ec2::types as ec2;
use vpcraft_core::model::*;

impl Mapper<'_> {
    pub(super) fn security_groups(&mut self) {
        let s = self.snapshot;
        let selected: Vec<&ec2::SecurityGroup> = s
            .security_groups
            .iter()
            .filter(|g| g.vpc_id().is_some_and(|v| self.vpcs.contains(v)))
            .collect();
        // Every group first, so that rules naming a sibling find it.
        for group in &selected {
            let (Some(id), Some(vpc)) = (group.group_id(), group.vpc_id()) else { continue };
            let name = super::name_tag(group.tags(), |t| t.key(), |t| t.value())
                .or(group.group_name())
                .unwrap_or(id)
                .to_owned();
            let kind = SecurityGroup {
                vpc: ResourceId::new(vpc),
                description: group.description().unwrap_or_default().to_owned(),
                ingress: Vec::new(),
                egress: Vec::new(),
            };
            self.push(id, name, kind);
        }
        let listed: std::collections::HashSet<&str> =
            s.security_group_rules.iter().filter_map(|r| r.group_id()).collect();
        for group in &selected {
            let Some(id) = group.group_id().filter(|id| !listed.contains(id)) else { continue };
            let ingress = self.permissions(id, group.ip_permissions());
            let egress = self.permissions(id, group.ip_permissions_egress());
            if let Some(Kind::SecurityGroup(sg)) =
                self.design.resource_mut(&ResourceId::new(id)).map(|r| &mut r.kind)
            {
                sg.ingress = ingress;
                sg.egress = egress;
            }
        }
        for rule in &s.security_group_rules {
            let Some(group) = rule.group_id().and_then(|g| self.known(g)) else { continue };
            let Some(converted) = self.rule(group.as_str(), rule) else { continue };
            let egress = rule.is_egress().unwrap_or(false);
            if let Some(Kind::SecurityGroup(sg)) =
                self.design.resource_mut(&group).map(|r| &mut r.kind)
            {
                if egress { &mut sg.egress } else { &mut sg.ingress }.push(converted);
            }
        }
    }

    /// The rules of a group's permissions, one per peer.
    fn permissions(
        &mut self,
        group: &str,
        permissions: &[ec2::IpPermission],
    ) -> Vec<SecurityGroupRule> {
        let mut out = Vec::new();
        for p in permissions {
            let Some(protocol) = p.ip_protocol().and_then(protocol) else {
                let named = p.ip_protocol().unwrap_or("?");
                self.note(group, format!("a rule left out: protocol {named} is not modelled"));
                continue;
            };
            let ports = match protocol {
                Protocol::Tcp | Protocol::Udp => {
                    let from = p.from_port().and_then(|f| u16::try_from(f).ok());
                    let to = p.to_port().and_then(|t| u16::try_from(t).ok());
                    match (from, to) {
                        (Some(from), Some(to)) => Some(PortRange { from, to }),
                        _ => continue,
                    }
                }
                Protocol::Icmp | Protocol::All => None,
            };
            let mut peers: Vec<(SgPeer, &str)> = Vec::new();
            for range in p.ip_ranges() {
                if let Some(cidr) = range.cidr_ip().and_then(|c| c.parse().ok()) {
                    peers.push((SgPeer::Cidr(cidr), range.description().unwrap_or_default()));
                }
            }
            for range in p.ipv6_ranges() {
                if let Some(cidr) = range.cidr_ipv6() {
                    peers.push((
                        SgPeer::Cidr6(cidr.to_owned()),
                        range.description().unwrap_or_default(),
                    ));
                }
            }
            for list in p.prefix_list_ids() {
                if let Some(id) = list.prefix_list_id() {
                    peers.push((
                        SgPeer::PrefixList(id.to_owned()),
                        list.description().unwrap_or_default(),
                    ));
                }
            }
            for pair in p.user_id_group_pairs() {
                if let Some(id) = pair.group_id() {
                    let peer = SgPeer::SecurityGroup(self.external(id, KindTag::SecurityGroup));
                    peers.push((peer, pair.description().unwrap_or_default()));
                }
            }
            for (peer, description) in peers {
                out.push(SecurityGroupRule {
                    protocol,
                    ports,
                    peer,
                    description: description.to_owned(),
                });
            }
        }
        out
    }

    /// One rule, when vpcraft models its protocol and peer.
    fn rule(&mut self, group: &str, rule: &ec2::SecurityGroupRule) -> Option<SecurityGroupRule> {
        let rule_id = rule.security_group_rule_id().unwrap_or("a rule");
        let Some(protocol) = rule.ip_protocol().and_then(protocol) else {
            let named = rule.ip_protocol().unwrap_or("?");
            self.note(group, format!("{rule_id} left out: protocol {named} is not modelled"));
            return None;
        };
        let ports = match protocol {
            Protocol::Tcp | Protocol::Udp => {
                let from = u16::try_from(rule.from_port()?).ok()?;
                let to = u16::try_from(rule.to_port()?).ok()?;
                Some(PortRange { from, to })
            }
            Protocol::Icmp | Protocol::All => None,
        };
        let peer = if let Some(cidr) = rule.cidr_ipv4() {
            SgPeer::Cidr(cidr.parse().ok()?)
        } else if let Some(cidr) = rule.cidr_ipv6() {
            SgPeer::Cidr6(cidr.to_owned())
        } else if let Some(list) = rule.prefix_list_id() {
            SgPeer::PrefixList(list.to_owned())
        } else if let Some(peer) = rule.referenced_group_info().and_then(|r| r.group_id()) {
            SgPeer::SecurityGroup(self.external(peer, KindTag::SecurityGroup))
        } else {
            return None;
        };
        let description = rule.description().unwrap_or_default().to_owned();
        Some(SecurityGroupRule { protocol, ports, peer, description })
    }
}
