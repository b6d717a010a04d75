//! E7001: the network lets every flow through.

use crate::reach::Verdict;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "E7001",
    severity: Severity::Error,
    title: "Flow blocked by the network",
    description: "Each flow is followed hop by hop: the source's security-group egress, its \
                  subnets' route tables (local, NAT gateway, internet gateway, gateway endpoint, \
                  peering), network ACLs, the interface endpoint or load balancer with its \
                  security group and listener, and the target's security-group ingress. Calls to \
                  AWS services need an interface endpoint with private DNS, a gateway endpoint or \
                  a NAT gateway; a function outside any VPC cannot reach resources inside one; \
                  from the internet only internet-facing load balancers and APIs answer. The \
                  finding lists every setting in the way.",
    doc_url: "https://docs.aws.amazon.com/vpc/latest/userguide/how-it-works.html",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    for (flow, route) in index.design.flows.iter().zip(index.flow_routes()) {
        let Some(report) = route.as_ref().map(|r| &r.report) else {
            continue;
        };
        let Verdict::Blocked { blockers, alternatives } = &report.verdict else {
            continue;
        };
        let mut ids: Vec<&ResourceId> = vec![&flow.id, &flow.source, &flow.target];
        for id in blockers.iter().flat_map(|b| &b.resources) {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        let reasons: Vec<&str> = blockers.iter().map(|b| b.message.as_str()).collect();
        let traffic = match report.protocol {
            crate::model::Protocol::All => "all traffic".to_owned(),
            p => format!("{p}/{}", report.port),
        };
        let fixes: Vec<&QuickFix> = blockers.iter().filter_map(|b| b.quick_fix.as_ref()).collect();
        let finding = sink.report(
            format!(
                "{:?} cannot reach {:?} on {traffic}: {}",
                index.name(&flow.source),
                index.name(&flow.target),
                reasons.join("; ")
            ),
            ids,
            Some(if blockers.len() == 1 {
                "Change the setting above.".to_owned()
            } else {
                format!("All {} settings above must change.", blockers.len())
            }),
        );
        // Every fix at once first, when each blocker has one.
        if fixes.len() > 1 && fixes.len() == blockers.len() {
            let edits = fixes.iter().flat_map(|f| f.edits.iter().cloned()).collect();
            finding.quick_fix(QuickFix::new("Open the path (apply every change below)", edits));
        }
        for fix in fixes {
            finding.quick_fix(fix.clone());
        }
        for fix in alternatives {
            finding.quick_fix(fix.clone());
        }
    }
}
