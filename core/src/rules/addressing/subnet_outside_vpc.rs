//! E1003: a subnet's CIDR lies inside one of its VPC's CIDR blocks.

use super::SubnetMover;
use crate::finding::Severity;
use crate::index::Index;
use crate::rules::{Rule, Sink};

pub static RULE: Rule = Rule {
    id: "E1003",
    severity: Severity::Error,
    title: "Subnet CIDR outside its VPC",
    description: "A subnet's CIDR block must be a subset of one of the CIDR blocks of the VPC \
                  it belongs to.",
    doc_url: "https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    let mut mover = SubnetMover::new(index);
    for (resource, subnet, cidr) in index.subnet_blocks() {
        let Some((vpc_resource, vpc)) = index.vpc_of_subnet(subnet) else {
            continue;
        };
        if vpc.cidr_blocks.iter().any(|block| block.contains(&cidr.trunc())) {
            continue;
        }
        let blocks: Vec<String> = vpc.cidr_blocks.iter().map(ToString::to_string).collect();
        let quick_fix = mover.quick_fix(&resource.id, subnet);
        let fix = quick_fix.as_ref().map(|_| {
            "Change the subnet's CIDR to the next free block of its size in the VPC.".to_owned()
        });
        let finding = sink.report(
            format!(
                "{} (subnet {:?}) is outside {} (VPC {:?})",
                cidr,
                resource.name,
                blocks.join(", "),
                vpc_resource.name
            ),
            [&resource.id, &vpc_resource.id],
            fix,
        );
        if let Some(quick_fix) = quick_fix {
            finding.quick_fix(quick_fix);
        }
    }
}
