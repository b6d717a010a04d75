//! E1007: VPCs joined by peering have no overlapping CIDR blocks.

use crate::cidr::overlaps;
use crate::finding::Severity;
use crate::index::Index;
use crate::model::Kind;
use crate::rules::{Rule, Sink};

pub static RULE: Rule = Rule {
    id: "E1007",
    severity: Severity::Error,
    title: "Peered VPCs overlap",
    description: "A VPC peering connection cannot join VPCs whose IPv4 CIDR blocks overlap.",
    doc_url: "https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html#vpc-peering-limitations",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    for resource in &index.design.resources {
        let Kind::VpcPeering(peering) = &resource.kind else {
            continue;
        };
        let (Some((a, va)), Some((b, vb))) =
            (index.vpc(&peering.requester), index.vpc(&peering.accepter))
        else {
            continue;
        };
        for x in &va.cidr_blocks {
            for y in &vb.cidr_blocks {
                if overlaps(x, y) {
                    sink.report(
                        format!(
                            "peering {:?} joins VPC {:?} ({x}) and VPC {:?} ({y}), which overlap",
                            resource.name, a.name, b.name
                        ),
                        [&resource.id, &a.id, &b.id],
                        Some("Re-address one of the VPCs so their blocks are disjoint.".into()),
                    );
                }
            }
        }
    }
}
