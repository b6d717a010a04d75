//! IPv4 CIDR math for rules and the CIDR planner: sizes, overlap, the next
//! free block and equal splits.

use crate::sort;
use ipnet::Ipv4Net;

/// Addresses AWS reserves in every subnet (network, router, DNS, future,
/// broadcast).
pub const AWS_RESERVED_PER_SUBNET: u64 = 5;

/// The number of addresses in a block.
pub fn size(net: &Ipv4Net) -> u64 {
    1u64 << (32 - u32::from(net.prefix_len()))
}

/// Addresses a subnet of this size offers to resources.
pub fn usable_in_subnet(net: &Ipv4Net) -> u64 {
    size(net).saturating_sub(AWS_RESERVED_PER_SUBNET)
}

pub fn overlaps(a: &Ipv4Net, b: &Ipv4Net) -> bool {
    a.contains(&b.network()) || b.contains(&a.network())
}

/// True when the address has bits set below the prefix (`10.0.0.1/24`),
/// which AWS rejects.
pub fn has_host_bits(net: &Ipv4Net) -> bool {
    net.addr() != net.network()
}

/// The first block of `prefix_len` inside one of `within` that overlaps
/// none of `used`, scanning the blocks in order. One sweep over the used
/// blocks sorted by start per block of `within`: O(n log n) in all.
pub fn next_free(within: &[Ipv4Net], used: &[Ipv4Net], prefix_len: u8) -> Option<Ipv4Net> {
    let first = |n: &Ipv4Net| u64::from(u32::from(n.network()));
    let mut used: Vec<Ipv4Net> = used.iter().map(Ipv4Net::trunc).collect();
    sort::sort_by_key(&mut used, |n| (n.network(), n.prefix_len()));
    for block in within {
        let block = block.trunc();
        if prefix_len < block.prefix_len() || prefix_len > 32 {
            continue;
        }
        let step = 1u64 << (32 - u32::from(prefix_len));
        let end = first(&block) + size(&block);
        let mut candidate = first(&block);
        // The used blocks that start at or before the candidate's last
        // address have been taken in; `reach` is the first address past
        // all of them.
        let (mut taken, mut reach) = (0, 0u64);
        while candidate + step <= end {
            let last = candidate + step - 1;
            while let Some(next) = used.get(taken).filter(|n| first(n) <= last) {
                reach = reach.max(first(next) + size(next));
                taken += 1;
            }
            if reach <= candidate {
                return Ipv4Net::new((candidate as u32).into(), prefix_len).ok();
            }
            // A used block starts inside the candidate and covers everything
            // up to `reach`: no free block of this size starts before it.
            candidate = reach.div_ceil(step) * step;
        }
    }
    None
}

/// Why a block cannot be split as asked.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SplitError {
    #[error("{parts} is not a power of two")]
    NotPowerOfTwo { parts: u32 },
    #[error("{net} cannot be split into {parts} blocks: they would be smaller than /32")]
    TooSmall { net: Ipv4Net, parts: u32 },
}

/// Splits a block into `parts` equal blocks (a /24 into sixteen /28s).
pub fn split(net: &Ipv4Net, parts: u32) -> Result<Vec<Ipv4Net>, SplitError> {
    if !parts.is_power_of_two() {
        return Err(SplitError::NotPowerOfTwo { parts });
    }
    let extra = parts.trailing_zeros() as u8;
    let prefix = net.prefix_len() + extra;
    if prefix > 32 {
        return Err(SplitError::TooSmall { net: *net, parts });
    }
    Ok(net.trunc().subnets(prefix).expect("prefix checked above").collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nets(list: &[&str]) -> Vec<Ipv4Net> {
        list.iter().map(|s| s.parse().unwrap()).collect()
    }

    #[test]
    fn next_free_skips_used_blocks_and_aligns() {
        let vpc = nets(&["10.0.0.0/16"]);
        assert_eq!(next_free(&vpc, &[], 24), Some("10.0.0.0/24".parse().unwrap()));
        let used = nets(&["10.0.0.0/24", "10.0.1.0/26"]);
        assert_eq!(next_free(&vpc, &used, 24), Some("10.0.2.0/24".parse().unwrap()));
        assert_eq!(next_free(&vpc, &used, 26), Some("10.0.1.64/26".parse().unwrap()));
    }

    #[test]
    fn next_free_moves_to_secondary_block_when_primary_is_full() {
        let vpc = nets(&["10.0.0.0/24", "10.1.0.0/24"]);
        let used = nets(&["10.0.0.0/25", "10.0.0.128/25"]);
        assert_eq!(next_free(&vpc, &used, 26), Some("10.1.0.0/26".parse().unwrap()));
        assert_eq!(next_free(&vpc, &used, 16), None);
    }

    #[test]
    fn next_free_finds_gaps_between_blocks_of_any_order_and_size() {
        let vpc = nets(&["10.0.0.0/16"]);
        // A /20 starting early reaches past smaller blocks after it.
        let used = nets(&["10.0.5.0/24", "10.0.0.0/20", "10.0.16.0/26", "10.0.16.128/25"]);
        assert_eq!(next_free(&vpc, &used, 26), Some("10.0.16.64/26".parse().unwrap()));
        assert_eq!(next_free(&vpc, &used, 24), Some("10.0.17.0/24".parse().unwrap()));
        // A used block that starts inside the candidate and spills past it.
        let used = nets(&["10.0.0.128/25", "10.0.1.0/24"]);
        assert_eq!(next_free(&vpc, &used, 24), Some("10.0.2.0/24".parse().unwrap()));
        assert_eq!(next_free(&vpc, &used, 25), Some("10.0.0.0/25".parse().unwrap()));
        // Every /24 of a /22 taken, the same block many times over.
        let vpc = nets(&["10.0.0.0/22"]);
        let mut used = nets(&["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"]);
        used.extend(std::iter::repeat_n("10.0.1.0/24".parse::<Ipv4Net>().unwrap(), 1000));
        assert_eq!(next_free(&vpc, &used, 24), None);
        assert_eq!(next_free(&vpc, &used, 28), None);
    }

    #[test]
    fn split_a_24_into_sixteen_28s() {
        let parts = split(&"10.0.0.0/24".parse().unwrap(), 16).unwrap();
        assert_eq!(parts.len(), 16);
        assert_eq!(parts[0].to_string(), "10.0.0.0/28");
        assert_eq!(parts[15].to_string(), "10.0.0.240/28");
        assert_eq!(
            split(&"10.0.0.0/24".parse().unwrap(), 3),
            Err(SplitError::NotPowerOfTwo { parts: 3 })
        );
    }

    #[test]
    fn usable_addresses_exclude_aws_reserved() {
        assert_eq!(usable_in_subnet(&"10.0.0.0/24".parse().unwrap()), 251);
        assert_eq!(usable_in_subnet(&"10.0.0.0/28".parse().unwrap()), 11);
        assert!(has_host_bits(&"10.0.0.1/24".parse().unwrap()));
        assert!(!has_host_bits(&"10.0.0.0/24".parse().unwrap()));
    }
}
