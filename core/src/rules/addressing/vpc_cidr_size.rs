//! E1001: a VPC CIDR block is between /16 and /28.

use crate::finding::Severity;
use crate::index::Index;
use crate::rules::{Rule, Sink};

pub static RULE: Rule = Rule {
    id: "E1001",
    severity: Severity::Error,
    title: "VPC CIDR block size out of range",
    description: "Each IPv4 CIDR block of a VPC must have a prefix between /16 (65,536 \
                  addresses) and /28 (16 addresses).",
    doc_url: "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    for (resource, vpc) in index.vpcs() {
        if vpc.cidr_blocks.is_empty() && !vpc.cidr_at_deploy {
            sink.report(
                format!("VPC {:?} has no CIDR block", resource.name),
                [&resource.id],
                Some("Give the VPC a primary CIDR block such as 10.0.0.0/16.".into()),
            );
        }
        for block in &vpc.cidr_blocks {
            if !(16..=28).contains(&block.prefix_len()) {
                sink.report(
                    format!(
                        "{block} of VPC {:?} is a /{}; VPC blocks must be /16 to /28",
                        resource.name,
                        block.prefix_len()
                    ),
                    [&resource.id],
                    Some(format!("Use a /16 to /28 block, such as {}/16.", block.network())),
                );
            }
        }
    }
}
