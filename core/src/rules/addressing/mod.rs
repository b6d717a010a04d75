//! Addressing rules: CIDR sizes, containment, overlap and capacity.

pub mod cidr_host_bits;
pub mod peering_overlap;
pub mod subnet_capacity;
pub mod subnet_cidr_size;
pub mod subnet_outside_vpc;
pub mod subnet_overlap;
pub mod vpc_cidr_overlap;
pub mod vpc_cidr_size;

use crate::cidr::{next_free, overlaps};
use crate::fix::{Edit, QuickFix};
use crate::index::Index;
use crate::model::{ResourceId, Subnet};
use ipnet::Ipv4Net;

/// A quick fix that moves a subnet to the next free block of its size in
/// its VPC, if there is one.
pub(crate) fn move_subnet(index: &Index<'_>, id: &ResourceId, subnet: &Subnet) -> Option<QuickFix> {
    let (vpc_resource, vpc) = index.vpc_of_subnet(subnet)?;
    let used: Vec<Ipv4Net> = index
        .subnets_of_vpc(&vpc_resource.id)
        .filter(|(r, _)| &r.id != id)
        .filter_map(|(_, s)| s.cidr)
        .collect();
    let free = next_free(&vpc.cidr_blocks, &used, subnet.cidr?.prefix_len())?;
    Some(QuickFix::new(
        format!("Move subnet {:?} to {free}", index.name(id)),
        vec![Edit::set(id, "/cidr", free)],
    ))
}

/// Finds every overlapping pair among `(net, owner)` items in O(n log n + k):
/// sort by start address and sweep, comparing each block only with the ones
/// still open.
pub(crate) fn overlapping_pairs<T: Copy>(
    items: &mut [(Ipv4Net, T)],
) -> Vec<((Ipv4Net, T), (Ipv4Net, T))> {
    items.sort_by_key(|(net, _)| (net.network(), std::cmp::Reverse(net.prefix_len())));
    let mut pairs = Vec::new();
    let mut open: Vec<(Ipv4Net, T)> = Vec::new();
    for &(net, owner) in items.iter() {
        open.retain(|(o, _)| o.broadcast() >= net.network());
        for &(other, other_owner) in &open {
            if overlaps(&other, &net) {
                pairs.push(((other, other_owner), (net, owner)));
            }
        }
        open.push((net, owner));
    }
    pairs
}
