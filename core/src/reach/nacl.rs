//! Network ACLs on a flow's path: the first matching entry by rule
//! number decides, and a quick fix adds allow entries before the deny.

use super::trace::Trace;
use crate::fix::{Edit, QuickFix};
use crate::model::{Kind, NetworkAclEntry, PortRange, Protocol, ResourceId, RuleAction};
use ipnet::Ipv4Net;

/// A subnet's network ACL lets the traffic out (`egress`) to, or in from,
/// every one of `cidrs`. Subnets without an associated ACL use the default
/// ACL, which allows everything.
pub(crate) fn nacl(t: &mut Trace<'_, '_>, subnet: &ResourceId, egress: bool, cidrs: &[Ipv4Net]) {
    let index = t.index;
    let Some(acl_resource) = index.nacls_of(subnet).first() else {
        return;
    };
    let Kind::NetworkAcl(acl) = &acl_resource.kind else {
        return;
    };
    let mut entries: Vec<&NetworkAclEntry> =
        acl.entries.iter().filter(|e| e.egress == egress).collect();
    entries.sort_by_key(|e| e.rule_number);
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
    // New allow entries go just before the deny that matched (or at 100),
    // on numbers no entry of this direction uses.
    let mut number = deny_number.map_or(100, |n| n.saturating_sub(1).max(1));
    let mut entries_after = acl.entries.clone();
    let mut edits = Vec::new();
    for cidr in &refused {
        while acl
            .entries
            .iter()
            .chain(&entries_after)
            .any(|e| e.egress == egress && e.rule_number == number)
            && number > 1
        {
            number -= 1;
        }
        let entry = NetworkAclEntry {
            rule_number: number,
            egress,
            protocol: t.protocol,
            ports: (t.protocol != Protocol::All).then(|| PortRange::single(t.port)),
            cidr: *cidr,
            action: RuleAction::Allow,
        };
        edits.push(Edit::push(&acl_resource.id, "/entries", &entry));
        entries_after.push(entry);
    }
    let listed: Vec<String> = refused.iter().map(ToString::to_string).collect();
    let why = match deny_number {
        Some(n) => format!("rule {n} denies it"),
        None => "no rule allows it".to_owned(),
    };
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
