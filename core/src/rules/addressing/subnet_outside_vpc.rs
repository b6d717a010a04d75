//! E1003: a subnet's CIDR lies inside one of its VPC's CIDR blocks.

use crate::cidr::next_free;
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

fn check(index: &Index<'_>, sink: &mut Sink<'_>) {
    for (resource, subnet) in index.subnets() {
        let Some((vpc_resource, vpc)) = index.vpc_of_subnet(subnet) else { continue };
        if vpc.cidr_blocks.iter().any(|block| block.contains(&subnet.cidr.trunc())) {
            continue;
        }
        let blocks: Vec<String> = vpc.cidr_blocks.iter().map(ToString::to_string).collect();
        let used: Vec<_> = index
            .subnets()
            .filter(|(r, s)| r.id != resource.id && index.vpc_of_subnet(s).is_some_and(|(v, _)| v.id == vpc_resource.id))
            .map(|(_, s)| s.cidr)
            .collect();
        let fix = next_free(&vpc.cidr_blocks, &used, subnet.cidr.prefix_len())
            .map(|free| format!("Change the subnet's CIDR to {free}, the next free block of its size."));
        sink.report(
            format!(
                "{} (subnet {:?}) is outside {} (VPC {:?})",
                subnet.cidr,
                resource.name,
                blocks.join(", "),
                vpc_resource.name
            ),
            [&resource.id, &vpc_resource.id],
            fix,
        );
    }
}
