//! E1005: the subnets of one VPC do not overlap.

use super::{SubnetMover, overlapping_pairs};
use crate::finding::Severity;
use crate::index::FastMap;
use crate::index::Index;
use crate::model::ResourceId;
use crate::rules::{Rule, Sink};
use crate::sort;

pub static RULE: Rule = Rule {
    id: "E1005",
    severity: Severity::Error,
    title: "Subnets overlap",
    description: "The CIDR blocks of the subnets of one VPC must not overlap.",
    doc_url: "https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    let mut by_vpc: FastMap<&ResourceId, Vec<_>> = FastMap::default();
    for (resource, subnet, cidr) in index.subnet_blocks() {
        if let Some((vpc, _)) = index.vpc_of_subnet(subnet) {
            by_vpc.entry(&vpc.id).or_default().push((cidr.trunc(), (resource, subnet)));
        }
    }
    let mut mover = SubnetMover::new(index);
    let mut vpcs: Vec<_> = by_vpc.into_iter().collect();
    sort::sort_by_key(&mut vpcs, |(id, _)| *id);
    for (_, mut subnets) in vpcs {
        for ((a, (first, _)), (b, (second, subnet))) in overlapping_pairs(&mut subnets) {
            let finding = sink.report(
                format!("{b} (subnet {:?}) overlaps {a} (subnet {:?})", second.name, first.name),
                [&second.id, &first.id],
                Some(format!("Move subnet {:?} to a free block of the VPC.", second.name)),
            );
            if let Some(quick_fix) = mover.quick_fix(&second.id, subnet) {
                finding.quick_fix(quick_fix);
            }
        }
    }
}
