//! Addressing rules: CIDR sizes, containment, overlap and capacity.

pub mod cidr_host_bits;
pub mod peering_overlap;
pub mod subnet_capacity;
pub mod subnet_cidr_size;
pub mod subnet_outside_vpc;
pub mod subnet_overlap;
pub mod vpc_cidr_overlap;
pub mod vpc_cidr_size;

use crate::cidr::overlaps;
use ipnet::Ipv4Net;

/// Finds every overlapping pair among `(net, owner)` items in O(n log n + k):
/// sort by start address and sweep, comparing each block only with the ones
/// still open.
pub(crate) fn overlapping_pairs<T: Copy>(items: &mut [(Ipv4Net, T)]) -> Vec<((Ipv4Net, T), (Ipv4Net, T))> {
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
