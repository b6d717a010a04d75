//! Security groups with the rules DescribeSecurityGroupRules lists.

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
