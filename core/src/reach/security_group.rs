//! Security groups on a flow's path: the source's egress and the
//! receiver's ingress, each with a quick fix adding the missing rule.

use super::peer::{Peer, any_egress, any_ingress};
use super::trace::Trace;
use crate::fix::{Direction, Edit, QuickFix};
use crate::model::{PortRange, Protocol, Resource, ResourceId, SecurityGroupRule, SgPeer};
use ipnet::Ipv4Net;

/// The rule peer that names `resource` best: its first security group, else
/// the smallest block holding its subnets' CIDRs (an EKS node group's nodes
/// are in no group of the design, and often in several subnets).
pub(crate) fn group_or_cidr(t: &Trace<'_, '_>, resource: &Resource) -> Option<SgPeer> {
    if let Some(g) = t.index.security_groups_of(resource).first() {
        return Some(SgPeer::SecurityGroup(g.clone()));
    }
    let cidrs: Vec<Ipv4Net> = resource
        .kind
        .subnets()
        .iter()
        .filter_map(|s| t.index.subnet(s)?.1.cidr)
        .map(|c| c.trunc())
        .collect();
    let mut block = *cidrs.first()?;
    while !cidrs.iter().all(|c| block.contains(c)) {
        block = block.supernet()?.trunc();
    }
    Some(SgPeer::Cidr(block))
}

/// A rule admitting the flow's traffic from or to `peer`.
pub(super) fn rule(t: &Trace<'_, '_>, peer: SgPeer, description: String) -> SecurityGroupRule {
    SecurityGroupRule {
        protocol: t.protocol,
        ports: (t.protocol != Protocol::All).then(|| PortRange::single(t.port)),
        peer,
        description,
    }
}

/// The names of security groups, quoted and joined for a message.
fn names(t: &Trace<'_, '_>, groups: &[ResourceId]) -> String {
    groups.iter().map(|g| format!("{:?}", t.index.name(g))).collect::<Vec<_>>().join(", ")
}

/// The source's security groups let the traffic out towards `to`;
/// `fix_to` names `to` in the rule of the quick fix, and only runs when the
/// traffic is blocked.
pub(crate) fn egress<'d>(
    t: &mut Trace<'_, 'd>,
    source: &'d Resource,
    to: &Peer<'_>,
    to_name: &str,
    fix_to: impl FnOnce(&Trace<'_, 'd>) -> SgPeer,
) {
    if super::eks::cluster_egress(t, source) {
        return;
    }
    let groups = t.index.security_groups_of(source);
    let Some(first) = groups.first() else { return };
    if any_egress(t.index, groups, t.protocol, t.port, to) {
        t.hop(first, format_args!("egress allows {} to {to_name}", t.traffic()));
        return;
    }
    let fix = QuickFix::new(
        format!("Allow {} egress to {to_name} in {:?}", t.traffic(), t.index.name(first)),
        vec![Edit::AddSecurityGroupRule {
            security_group: first.clone(),
            direction: Direction::Egress,
            rule: rule(t, fix_to(t), format!("to {to_name}")),
        }],
    );
    let mut ids = groups.to_vec();
    ids.push(source.id.clone());
    t.block(
        format!(
            "security group {} of {:?} allows no {} egress to {to_name}",
            names(t, groups),
            source.name,
            t.traffic()
        ),
        ids,
        Some(fix),
    );
}

/// The receiver's security groups admit the traffic from `from`;
/// `fix_from` names `from` in the rule of the quick fix, and only runs when
/// the traffic is blocked.
pub(crate) fn ingress<'d>(
    t: &mut Trace<'_, 'd>,
    receiver: &'d Resource,
    groups: &'d [ResourceId],
    from: &Peer<'_>,
    from_name: &str,
    fix_from: impl FnOnce(&Trace<'_, 'd>) -> Option<SgPeer>,
) {
    if super::eks::cluster_ingress(t, receiver, groups, from, from_name) {
        return;
    }
    let Some(first) = groups.first() else {
        t.block(
            format!(
                "{} {:?} has no security group to admit {}",
                receiver.kind.tag().title(),
                receiver.name,
                t.traffic()
            ),
            vec![receiver.id.clone()],
            None,
        );
        return;
    };
    if any_ingress(t.index, groups, t.protocol, t.port, from) {
        t.hop(first, format_args!("ingress admits {} from {from_name:?}", t.traffic()));
        return;
    }
    let fix = fix_from(t).map(|peer| {
        QuickFix::new(
            format!("Admit {} from {from_name:?} in {:?}", t.traffic(), t.index.name(first)),
            vec![Edit::AddSecurityGroupRule {
                security_group: first.clone(),
                direction: Direction::Ingress,
                rule: rule(t, peer, format!("from {from_name}")),
            }],
        )
    });
    let mut ids = groups.to_vec();
    ids.push(receiver.id.clone());
    t.block(
        format!(
            "security group {} of {:?} does not admit {} from {from_name:?}",
            names(t, groups),
            receiver.name,
            t.traffic()
        ),
        ids,
        fix,
    );
}
