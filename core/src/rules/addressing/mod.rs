//! Addressing rules: CIDR sizes, containment, overlap and capacity.

pub mod cidr_host_bits;
pub mod peering_overlap;
pub mod subnet_capacity;
pub mod subnet_cidr_size;
pub mod subnet_outside_vpc;
pub mod subnet_overlap;
pub mod vpc_cidr_overlap;
pub mod vpc_cidr_size;

use crate::cidr::next_free;
use crate::fix::{Edit, QuickFix};
use crate::index::Index;
use crate::model::{ResourceId, Subnet};
use crate::sort;
use ipnet::Ipv4Net;

/// Quick fixes that move subnets to the next free block of their size in
/// their VPC. The free block is worked out once per VPC and size, so a rule
/// that moves every one of `n` subnets stays O(n log n). The subnet moved
/// counts as used: that changes nothing, since a block of its own size is
/// either its own (which overlaps another subnet, or lies outside the VPC,
/// or it would not be moved) or disjoint from it.
pub(crate) struct SubnetMover<'i, 'd> {
    index: &'i Index<'d>,
    free: crate::index::FastMap<(&'d ResourceId, u8), Option<Ipv4Net>>,
}

impl<'i, 'd> SubnetMover<'i, 'd> {
    pub(crate) fn new(index: &'i Index<'d>) -> Self {
        Self { index, free: Default::default() }
    }

    /// The quick fix moving subnet `id`, if its VPC has a free block.
    pub(crate) fn quick_fix(&mut self, id: &ResourceId, subnet: &Subnet) -> Option<QuickFix> {
        let index = self.index;
        let (vpc_resource, vpc) = index.vpc_of_subnet(subnet)?;
        let prefix_len = subnet.cidr?.prefix_len();
        let free = *self.free.entry((&vpc_resource.id, prefix_len)).or_insert_with(|| {
            let used: Vec<Ipv4Net> =
                index.subnets_of_vpc(&vpc_resource.id).filter_map(|(_, s)| s.cidr).collect();
            next_free(&vpc.cidr_blocks, &used, prefix_len)
        });
        Some(QuickFix::new(
            format!("Move subnet {:?} to {}", index.name(id), free?),
            vec![Edit::set(id, "/cidr", free?)],
        ))
    }
}

/// Finds each item that overlaps an earlier one, once, with the earlier
/// item that reaches furthest (so `n` identical blocks give `n - 1` pairs,
/// not `n²/2`): sort by start address, larger blocks first, and sweep,
/// keeping the block that reaches furthest. O(n log n).
pub(crate) fn overlapping_pairs<T: Copy>(
    items: &mut [(Ipv4Net, T)],
) -> Vec<((Ipv4Net, T), (Ipv4Net, T))> {
    sort::sort_by_key(items, |(net, _)| (net.network(), std::cmp::Reverse(net.prefix_len())));
    let mut pairs = Vec::new();
    let mut furthest: Option<(Ipv4Net, T)> = None;
    for &(net, owner) in items.iter() {
        match furthest {
            // Every earlier block starts at or before this one: it overlaps
            // this one when it reaches this one's start.
            Some(reaching) if reaching.0.broadcast() >= net.network() => {
                pairs.push((reaching, (net, owner)));
                if net.broadcast() > reaching.0.broadcast() {
                    furthest = Some((net, owner));
                }
            }
            _ => furthest = Some((net, owner)),
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::overlapping_pairs;
    use ipnet::Ipv4Net;

    fn net(s: &str) -> Ipv4Net {
        s.parse().unwrap()
    }

    #[test]
    fn each_overlapping_block_is_reported_once_against_the_one_reaching_furthest() {
        let mut same: Vec<(Ipv4Net, usize)> = (0..1000).map(|i| (net("10.0.1.0/24"), i)).collect();
        let pairs = overlapping_pairs(&mut same);
        assert_eq!(pairs.len(), 999);
        assert!(pairs.iter().all(|(a, _)| a.1 == 0), "all against the first");

        let mut mixed = vec![
            (net("10.0.0.0/16"), "vpc-wide"),
            (net("10.0.1.0/24"), "inside"),
            (net("10.1.0.0/24"), "apart"),
            (net("10.1.0.128/25"), "half"),
            (net("10.2.0.0/24"), "alone"),
        ];
        let named: Vec<(&str, &str)> =
            overlapping_pairs(&mut mixed).into_iter().map(|(a, b)| (a.1, b.1)).collect();
        assert_eq!(named, [("vpc-wide", "inside"), ("apart", "half")]);
    }
}
