//! Security groups: CIDR and prefix-list rules inline, rules that name a
//! security group as separate ingress and egress resources so that groups
//! referring to each other never form a circular dependency.

use super::Exporter;
use crate::cfn::logical_id::pascal_case;
use crate::cfn::tree::{Key, Node};
use crate::model::{Protocol, ResourceId, SecurityGroup, SecurityGroupRule, SgPeer};

/// The egress rule that stands for "no egress": an inline egress list
/// replaces AWS's default allow-all rule, and this one lets nothing out.
pub(crate) const NO_EGRESS_CIDR: &str = "127.0.0.1/32";

impl Exporter<'_> {
    pub(super) fn security_group(
        &mut self,
        id: String,
        name: &str,
        design_id: &ResourceId,
        sg: &SecurityGroup,
    ) {
        let description =
            if sg.description.is_empty() { name.to_owned() } else { sg.description.clone() };
        let inline = |rules: &[SecurityGroupRule], egress: bool| -> Vec<Node> {
            rules
                .iter()
                .filter(|r| !matches!(r.peer, SgPeer::SecurityGroup(_)))
                .map(|r| Node::Map(rule_entries(r, egress, None)))
                .collect()
        };
        let ingress = inline(&sg.ingress, false);
        let mut egress = inline(&sg.egress, true);
        if egress.is_empty() {
            egress.push(Node::Map(vec![
                ("IpProtocol".into(), Node::str("-1")),
                ("CidrIp".into(), Node::str(NO_EGRESS_CIDR)),
                ("Description".into(), Node::str("No egress other than the rules below")),
            ]));
        }
        let mut props =
            vec![("GroupDescription", Node::Str(description)), ("VpcId", self.reference(&sg.vpc))];
        if !ingress.is_empty() {
            props.push(("SecurityGroupIngress", Node::List(ingress)));
        }
        props.push(("SecurityGroupEgress", Node::List(egress)));
        props.push(("Tags", Self::name_tag(name)));
        self.add(id.clone(), "AWS::EC2::SecurityGroup", props, vec![]);

        for (rules, egress) in [(&sg.ingress, false), (&sg.egress, true)] {
            for rule in rules {
                let SgPeer::SecurityGroup(peer) = &rule.peer else {
                    continue;
                };
                let peer_id = if peer == design_id { id.clone() } else { self.id(peer) };
                let (ty, word) = if egress {
                    ("AWS::EC2::SecurityGroupEgress", "EgressTo")
                } else {
                    ("AWS::EC2::SecurityGroupIngress", "IngressFrom")
                };
                let logical = self.claim(&format!("{id}{word}{}", pascal_case(&peer_id, "Sg")));
                let mut props = vec![("GroupId".into(), Node::reference(&id))];
                props.extend(rule_entries(rule, egress, Some(&peer_id)));
                self.add(logical, ty, props, vec![]);
            }
        }
    }
}

/// The CloudFormation fields of one rule; `peer` is the peer group's logical
/// ID for a standalone rule resource.
fn rule_entries(rule: &SecurityGroupRule, egress: bool, peer: Option<&str>) -> Vec<(Key, Node)> {
    let mut out: Vec<(Key, Node)> =
        vec![("IpProtocol".into(), Node::str(ip_protocol(rule.protocol)))];
    match rule.protocol {
        Protocol::All => {}
        Protocol::Icmp => {
            let (from, to) = rule.ports.map_or((-1, -1), |p| (i64::from(p.from), i64::from(p.to)));
            out.push(("FromPort".into(), Node::Int(from)));
            out.push(("ToPort".into(), Node::Int(to)));
        }
        Protocol::Tcp | Protocol::Udp => {
            let ports = rule.ports.unwrap_or(crate::model::PortRange::ALL);
            out.push(("FromPort".into(), Node::Int(i64::from(ports.from))));
            out.push(("ToPort".into(), Node::Int(i64::from(ports.to))));
        }
    }
    let (key, value) = match (&rule.peer, egress) {
        (SgPeer::Cidr(cidr), _) => ("CidrIp", Node::Str(cidr.to_string())),
        (SgPeer::Cidr6(cidr), _) => ("CidrIpv6", Node::str(cidr)),
        (SgPeer::PrefixList(pl), false) => ("SourcePrefixListId", Node::str(pl)),
        (SgPeer::PrefixList(pl), true) => ("DestinationPrefixListId", Node::str(pl)),
        (SgPeer::SecurityGroup(_), false) => {
            ("SourceSecurityGroupId", Node::reference(peer.unwrap_or_default()))
        }
        (SgPeer::SecurityGroup(_), true) => {
            ("DestinationSecurityGroupId", Node::reference(peer.unwrap_or_default()))
        }
    };
    out.push((key.into(), value));
    if !rule.description.is_empty() {
        out.push(("Description".into(), Node::str(&rule.description)));
    }
    out
}

/// `tcp`, `udp`, `icmp` or `-1` for every protocol.
pub(crate) fn ip_protocol(protocol: Protocol) -> &'static str {
    match protocol {
        Protocol::Tcp => "tcp",
        Protocol::Udp => "udp",
        Protocol::Icmp => "icmp",
        Protocol::All => "-1",
    }
}
