//! Network ACLs on a flow's path: the first matching entry by rule
//! number decides, and a quick fix adds allow entries before the deny.
//!
//! ACLs are stateless, so a flow needs its request let out of the source's
//! subnets and into the target's, and its response let out of the target's
//! subnets and back into the source's on the client's ephemeral ports
//! (1024-65535, the range AWS documents for Lambda, NAT gateways, load
//! balancers and most clients).

use super::trace::Trace;
use crate::fix::{Edit, QuickFix};
use crate::model::{
    Kind, NetworkAcl, NetworkAclEntry, PortRange, Protocol, ResourceId, RuleAction,
};
use crate::sort;
use ipnet::IpNet;

/// The client ports a response returns to.
pub(crate) const EPHEMERAL: PortRange = PortRange { from: 1024, to: 65535 };

/// The network ACL associated with a subnet, and its entries of one
/// direction in rule-number order; `None` for the default ACL, which
/// allows everything.
fn acl_of<'d>(
    index: &crate::index::Index<'d>,
    subnet: &ResourceId,
    egress: bool,
) -> Option<(&'d crate::model::Resource, &'d NetworkAcl, Vec<&'d NetworkAclEntry>)> {
    let acl_resource = index.nacls_of(subnet).first()?;
    let Kind::NetworkAcl(acl) = &acl_resource.kind else {
        return None;
    };
    let mut entries: Vec<&NetworkAclEntry> =
        acl.entries.iter().filter(|e| e.egress == egress).collect();
    sort::sort_by_key(&mut entries, |e| e.rule_number);
    Some((acl_resource, acl, entries))
}

/// A subnet's network ACL lets the traffic out (`egress`) to, or in from,
/// every one of `cidrs`. Subnets without an associated ACL use the default
/// ACL, which allows everything.
pub(crate) fn nacl<'d>(
    t: &mut Trace<'_, 'd>,
    subnet: &'d ResourceId,
    egress: bool,
    cidrs: &[IpNet],
) {
    let index = t.index;
    let Some((acl_resource, acl, entries)) = acl_of(index, subnet, egress) else {
        return;
    };
    let direction = if egress { "outbound" } else { "inbound" };
    let mut refused = Vec::new();
    let mut deny_number = None;
    for cidr in cidrs {
        let decision = entries.iter().find(|e| {
            let protocol_ok = e.protocol == Protocol::All || e.protocol == t.protocol;
            let port_ok = e.protocol == Protocol::All || e.ports.is_none_or(|r| r.contains(t.port));
            protocol_ok && port_ok && e.cidr.trunc().contains(cidr)
        });
        match decision {
            Some(e) if e.action == RuleAction::Allow => {
                t.hop(
                    &acl_resource.id,
                    format_args!(
                        "network ACL rule {} allows {direction} {}",
                        e.rule_number,
                        t.traffic()
                    ),
                );
            }
            Some(e) => {
                deny_number = deny_number.or(Some(e.rule_number));
                refused.push(*cidr);
            }
            None => refused.push(*cidr),
        }
    }
    if refused.is_empty() {
        return;
    }
    let ports = (t.protocol != Protocol::All).then(|| PortRange::single(t.port));
    let edits = allow_entries(acl_resource, acl, egress, deny_number, &refused, t.protocol, ports);
    let listed: Vec<String> = refused.iter().map(ToString::to_string).collect();
    let why = why_refused(deny_number);
    t.block(
        format!(
            "network ACL {:?} of subnet {:?} blocks {direction} {} {} {}: {why}",
            acl_resource.name,
            index.name(subnet),
            t.traffic(),
            if egress { "to" } else { "from" },
            listed.join(", ")
        ),
        vec![acl_resource.id.clone(), subnet.clone()],
        Some(QuickFix::new(
            format!(
                "Allow {direction} {} for {} in {:?}",
                t.traffic(),
                listed.join(", "),
                acl_resource.name
            ),
            edits,
        )),
    );
}

/// Edits adding an allow entry per CIDR just before the deny that matched
/// (or at 100), each on a number no entry of this direction uses.
fn allow_entries(
    acl_resource: &crate::model::Resource,
    acl: &NetworkAcl,
    egress: bool,
    deny_number: Option<u16>,
    cidrs: &[IpNet],
    protocol: Protocol,
    ports: Option<PortRange>,
) -> Vec<Edit> {
    let mut number = deny_number.map_or(100, |n| n.saturating_sub(1).max(1));
    let mut added: Vec<u16> = Vec::new();
    let mut edits = Vec::new();
    for cidr in cidrs {
        while number > 1
            && (acl.entries.iter().any(|e| e.egress == egress && e.rule_number == number)
                || added.contains(&number))
        {
            number -= 1;
        }
        added.push(number);
        let entry = NetworkAclEntry {
            rule_number: number,
            egress,
            protocol,
            ports,
            cidr: *cidr,
            action: RuleAction::Allow,
        };
        edits.push(Edit::push(&acl_resource.id, "/entries", &entry));
    }
    edits
}

/// Why an ACL refuses traffic: the deny that matched, or no allow.
fn why_refused(deny_number: Option<u16>) -> String {
    match deny_number {
        Some(n) => format!("rule {n} denies it"),
        None => "no rule allows it".to_owned(),
    }
}

/// The ports of `wanted` that `entries` (sorted by rule number) do not
/// allow for traffic from or to `cidr`, and the first deny that refuses
/// some of them; first match wins per port, and what no entry matches is
/// denied by the final `*` entry.
fn refused_ports(
    entries: &[&NetworkAclEntry],
    protocol: Protocol,
    cidr: &IpNet,
    wanted: PortRange,
) -> (Vec<PortRange>, Option<u16>) {
    let mut open = vec![wanted];
    let mut refused = Vec::new();
    let mut deny = None;
    for e in entries {
        if open.is_empty() {
            break;
        }
        if !(e.protocol == Protocol::All || e.protocol == protocol)
            || !e.cidr.trunc().contains(cidr)
        {
            continue;
        }
        let range = if e.protocol == Protocol::All { None } else { e.ports };
        let (hit, rest) = split_ranges(&open, range);
        if e.action == RuleAction::Deny && !hit.is_empty() {
            deny = deny.or(Some(e.rule_number));
            refused.extend(hit);
        }
        open = rest;
    }
    refused.extend(open);
    (refused, deny)
}

/// The parts of `ranges` inside `by` (all of them when `None`) and the
/// parts outside it.
fn split_ranges(ranges: &[PortRange], by: Option<PortRange>) -> (Vec<PortRange>, Vec<PortRange>) {
    let Some(by) = by else {
        return (ranges.to_vec(), Vec::new());
    };
    let mut inside = Vec::new();
    let mut outside = Vec::new();
    for r in ranges {
        let from = r.from.max(by.from);
        let to = r.to.min(by.to);
        if from > to {
            outside.push(*r);
            continue;
        }
        inside.push(PortRange { from, to });
        if r.from < from {
            outside.push(PortRange { from: r.from, to: from - 1 });
        }
        if to < r.to {
            outside.push(PortRange { from: to + 1, to: r.to });
        }
    }
    (inside, outside)
}

/// The response of a flow through a subnet's network ACL: let out of the
/// target's subnet (`egress`) to, or into the source's subnet from, each of
/// `cidrs` on the ephemeral ports. Flows of every protocol are judged by
/// their request alone.
pub(crate) fn nacl_response<'d>(
    t: &mut Trace<'_, 'd>,
    subnet: &'d ResourceId,
    egress: bool,
    cidrs: &[IpNet],
) {
    if !matches!(t.protocol, Protocol::Tcp | Protocol::Udp) {
        return;
    }
    let index = t.index;
    let Some((acl_resource, acl, entries)) = acl_of(index, subnet, egress) else {
        return;
    };
    let direction = if egress { "outbound" } else { "inbound" };
    let mut blocked = Vec::new();
    let mut deny_number = None;
    for cidr in cidrs {
        let (refused, deny) = refused_ports(&entries, t.protocol, cidr, EPHEMERAL);
        if refused.is_empty() {
            let protocol = t.protocol;
            t.hop(
                &acl_resource.id,
                format_args!(
                    "network ACL {:?} allows the response {direction} on {protocol} {EPHEMERAL}",
                    acl_resource.name
                ),
            );
        } else {
            deny_number = deny_number.or(deny);
            blocked.push((*cidr, refused));
        }
    }
    if blocked.is_empty() {
        return;
    }
    let cidrs: Vec<IpNet> = blocked.iter().map(|(cidr, _)| *cidr).collect();
    let edits =
        allow_entries(acl_resource, acl, egress, deny_number, &cidrs, t.protocol, Some(EPHEMERAL));
    let listed: Vec<String> = blocked
        .iter()
        .map(|(cidr, ports)| {
            if ports.as_slice() == [EPHEMERAL] {
                return cidr.to_string();
            }
            let ports: Vec<String> = ports.iter().map(ToString::to_string).collect();
            format!("{cidr} (ports {})", ports.join(", "))
        })
        .collect();
    let why = why_refused(deny_number);
    t.block(
        format!(
            "network ACL {:?} of subnet {:?} blocks the response of {}: {direction} {} on the \
             ephemeral ports {EPHEMERAL} {} {}: {why}; network ACLs are stateless",
            acl_resource.name,
            index.name(subnet),
            t.traffic(),
            t.protocol,
            if egress { "to" } else { "from" },
            listed.join(", ")
        ),
        vec![acl_resource.id.clone(), subnet.clone()],
        Some(QuickFix::new(
            format!(
                "Allow {direction} {} {EPHEMERAL} for the response in {:?}",
                t.protocol, acl_resource.name
            ),
            edits,
        )),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(rule_number: u16, ports: Option<(u16, u16)>, action: RuleAction) -> NetworkAclEntry {
        NetworkAclEntry {
            rule_number,
            egress: false,
            protocol: Protocol::Tcp,
            ports: ports.map(|(from, to)| PortRange { from, to }),
            cidr: "10.0.0.0/16".parse().unwrap(),
            action,
        }
    }

    #[test]
    fn ephemeral_ports_are_judged_range_by_range_in_rule_order() {
        let cidr: IpNet = "10.0.1.0/24".parse().unwrap();
        let cases: &[(&str, Vec<NetworkAclEntry>, &str)] = &[
            ("allow all ports", vec![entry(100, None, RuleAction::Allow)], "[] None"),
            (
                "allow exactly the ephemeral range",
                vec![entry(100, Some((1024, 65535)), RuleAction::Allow)],
                "[] None",
            ),
            ("nothing allows it", vec![], "[1024-65535] None"),
            (
                "only the request's port",
                vec![entry(100, Some((443, 443)), RuleAction::Allow)],
                "[1024-65535] None",
            ),
            (
                "a deny before the allow takes part of the range",
                vec![
                    entry(90, Some((2000, 3000)), RuleAction::Deny),
                    entry(100, Some((1024, 65535)), RuleAction::Allow),
                ],
                "[2000-3000] Some(90)",
            ),
            (
                "an allow of part of the range",
                vec![entry(100, Some((32768, 60999)), RuleAction::Allow)],
                "[1024-32767, 61000-65535] None",
            ),
        ];
        for (name, entries, expected) in cases {
            let entries: Vec<&NetworkAclEntry> = entries.iter().collect();
            let (refused, deny) = refused_ports(&entries, Protocol::Tcp, &cidr, EPHEMERAL);
            let refused: Vec<String> = refused.iter().map(ToString::to_string).collect();
            assert_eq!(format!("[{}] {deny:?}", refused.join(", ")), *expected, "{name}");
        }
    }
}
