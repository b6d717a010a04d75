//! One stable sort for the code the browser runs, to keep its wasm small.
//!
//! The standard library's stable sort is compiled anew for every element
//! type and comparison closure: about 5.5 KiB of wasm each, 190 KiB for the
//! 34 call sites the app had. These functions sort a list of positions with
//! one comparison through `dyn FnMut`, so that sort is compiled once, then
//! move the elements into that order with a little code per element type.
//! The result is exactly the standard library's stable sort's: elements
//! that compare equal keep their order.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// Sorts `items` stably by `compare`, as `slice::sort_by` does.
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let order = {
        let items = &*items;
        sorted_positions(items.len(), &mut |a, b| compare(&items[a], &items[b]))
    };
    permute(items, order);
}

/// Sorts `items` stably by the key `key` gives, as `slice::sort_by_key`
/// does (the key is computed for each comparison).
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` stably in their natural order, as `slice::sort` does.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// Collects `items` into a set by inserting them one by one (as `Extend`
/// does): `collect()` sorts them first, with one more instance of the
/// standard library's stable sort per element type.
pub fn set<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    set.extend(items);
    set
}

/// Collects `items` into a map by inserting them one by one, as [`set`]
/// does; of pairs with equal keys the last one's value stays, as with
/// `collect()`.
pub fn map<K: Ord, V>(items: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    map.extend(items);
    map
}

/// The positions `0..len` in the order `compare` puts the elements at
/// them: the one instance of the standard library's stable sort.
fn sorted_positions(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Moves the elements of `items` so that position `i` holds the element
/// that was at `order[i]`, following each cycle of the permutation.
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    const DONE: usize = usize::MAX;
    for start in 0..items.len() {
        if order[start] == DONE {
            continue;
        }
        let mut at = start;
        loop {
            let from = order[at];
            order[at] = DONE;
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_by_is_stable_and_matches_the_standard_library() {
        let original: Vec<(u8, char)> =
            vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e'), (0, 'f'), (2, 'g'), (3, 'h')];
        let mut ours = original.clone();
        sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
        let mut std = original;
        std.sort_by_key(|t| t.0);
        assert_eq!(ours, std);
        assert_eq!(
            ours,
            vec![(0, 'f'), (1, 'b'), (1, 'e'), (2, 'd'), (2, 'g'), (3, 'a'), (3, 'c'), (3, 'h')]
        );
    }

    #[test]
    fn every_permutation_of_five_sorts_like_the_standard_library() {
        // Keys with ties (i / 2) so that stability shows; every ordering of
        // five elements exercises every cycle shape of `permute`.
        let mut items: Vec<usize> = (0..5).collect();
        let mut count = 0;
        permutations(&mut items, 0, &mut |p| {
            let tagged: Vec<(usize, usize)> = p.iter().map(|&i| (i / 2, i)).collect();
            let mut ours = tagged.clone();
            sort_by_key(&mut ours, |t| t.0);
            let mut std = tagged;
            std.sort_by_key(|t| t.0);
            assert_eq!(ours, std);
            count += 1;
        });
        assert_eq!(count, 120);
    }

    #[test]
    fn sort_orders_naturally_and_leaves_short_lists_alone() {
        let mut words = vec!["pear", "apple", "fig", "apple"];
        sort(&mut words);
        assert_eq!(words, ["apple", "apple", "fig", "pear"]);
        let mut one = vec![7];
        sort(&mut one);
        assert_eq!(one, [7]);
        let mut none: Vec<u8> = Vec::new();
        sort(&mut none);
        assert!(none.is_empty());
    }

    #[test]
    fn set_and_map_collect_like_collect() {
        let words = ["pear", "apple", "fig", "apple"];
        assert_eq!(set(words), words.into_iter().collect::<BTreeSet<_>>());
        let pairs = [(2, 'a'), (1, 'b'), (2, 'c')];
        let ours = map(pairs);
        assert_eq!(ours, pairs.into_iter().collect::<BTreeMap<_, _>>());
        assert_eq!(ours.into_iter().collect::<Vec<_>>(), [(1, 'b'), (2, 'c')]);
    }

    fn permutations(items: &mut Vec<usize>, k: usize, visit: &mut dyn FnMut(&[usize])) {
        if k == items.len() {
            visit(items);
            return;
        }
        for i in k..items.len() {
            items.swap(k, i);
            permutations(items, k + 1, visit);
            items.swap(k, i);
        }
    }
}
