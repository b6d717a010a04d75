//! E1008: a CIDR block is written with its network address.

use crate::cidr::has_host_bits;
use crate::finding::Severity;
use crate::fix::{Edit, QuickFix};
use crate::index::Index;
use crate::rules::{Rule, Sink};

pub static RULE: Rule = Rule {
    id: "E1008",
    severity: Severity::Error,
    title: "CIDR block has host bits set",
    description: "AWS rejects a VPC or subnet CIDR block whose address has bits set below the \
                  prefix, such as 10.0.0.1/24; write the network address, 10.0.0.0/24.",
    doc_url: "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    for (resource, vpc) in index.vpcs() {
        for (i, block) in vpc.cidr_blocks.iter().enumerate().filter(|(_, b)| has_host_bits(b)) {
            sink.report(
                format!("{block} of VPC {:?} is not a network address", resource.name),
                [&resource.id],
                Some(format!("Write it as {}.", block.trunc())),
            )
            .quick_fix(QuickFix::new(
                format!("Write {}", block.trunc()),
                vec![Edit::set(&resource.id, &format!("/cidr_blocks/{i}"), block.trunc())],
            ));
        }
    }
    for (resource, _, cidr) in index.subnet_blocks().filter(|(_, _, cidr)| has_host_bits(cidr)) {
        sink.report(
            format!("{} of subnet {:?} is not a network address", cidr, resource.name),
            [&resource.id],
            Some(format!("Write it as {}.", cidr.trunc())),
        )
        .quick_fix(QuickFix::new(
            format!("Write {}", cidr.trunc()),
            vec![Edit::set(&resource.id, "/cidr", cidr.trunc())],
        ));
    }
}
