//! E1002: the CIDR blocks of one VPC do not overlap each other.

use super::overlapping_pairs;
use crate::finding::Severity;
use crate::fix::{Edit, QuickFix};
use crate::index::Index;
use crate::rules::{Rule, Sink};

pub static RULE: Rule = Rule {
    id: "E1002",
    severity: Severity::Error,
    title: "VPC CIDR blocks overlap",
    description: "A secondary CIDR block of a VPC must not overlap its primary block or any \
                  other secondary block.",
    doc_url: "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html#add-cidr-block-restrictions",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    for (resource, vpc) in index.vpcs() {
        let mut blocks: Vec<_> = vpc.cidr_blocks.iter().map(|b| (b.trunc(), *b)).collect();
        for ((a, _), (b, written)) in overlapping_pairs(&mut blocks) {
            sink.report(
                format!("{b} overlaps {a} in VPC {:?}", resource.name),
                [&resource.id],
                Some(format!("Remove {b} or replace it with a block outside {a}.")),
            )
            .quick_fix(QuickFix::new(
                format!("Remove {b} from the VPC"),
                vec![Edit::pull(&resource.id, "/cidr_blocks", written)],
            ));
        }
    }
}
