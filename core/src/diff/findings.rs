//! Which findings a change fixed and which it introduced.
//!
//! A finding is the same one in both designs when it comes from the same
//! rule about the same resources (old IDs translated to their match in the
//! new design). Equal messages pair first, so of two findings of one rule on
//! one resource the one whose text survived is the one kept; what is left
//! pairs by rule and resources alone, because a message that only quotes a
//! changed value (a block that is still too small) is still the same problem.

use crate::finding::Finding;
use crate::model::ResourceId;
use std::collections::HashMap;

type Key = (String, Vec<ResourceId>);

/// Returns the findings fixed (in `old` only) and introduced (in `new` only),
/// each in its design's order.
pub(super) fn compare(
    old: &[Finding],
    new: &[Finding],
    renamed: &HashMap<&ResourceId, &ResourceId>,
) -> (Vec<Finding>, Vec<Finding>) {
    let old_key = |f: &Finding| -> Key {
        let mut ids: Vec<ResourceId> = f
            .resources
            .iter()
            .map(|r| renamed.get(&r.id).map_or_else(|| r.id.clone(), |n| (*n).clone()))
            .collect();
        ids.sort();
        (f.rule.clone(), ids)
    };
    let new_key = |f: &Finding| -> Key {
        let mut ids: Vec<ResourceId> = f.resources.iter().map(|r| r.id.clone()).collect();
        ids.sort();
        (f.rule.clone(), ids)
    };

    let mut old_left = vec![true; old.len()];
    let mut new_left = vec![true; new.len()];
    // First pass: same rule, resources and message.
    let mut exact: HashMap<(Key, &str), Vec<usize>> = HashMap::new();
    for (j, f) in new.iter().enumerate().rev() {
        exact.entry((new_key(f), f.message.as_str())).or_default().push(j);
    }
    for (i, f) in old.iter().enumerate() {
        if let Some(j) = exact.get_mut(&(old_key(f), f.message.as_str())).and_then(Vec::pop) {
            old_left[i] = false;
            new_left[j] = false;
        }
    }
    // Second pass: same rule and resources.
    let mut loose: HashMap<Key, Vec<usize>> = HashMap::new();
    for (j, f) in new.iter().enumerate().rev().filter(|(j, _)| new_left[*j]) {
        loose.entry(new_key(f)).or_default().push(j);
    }
    for (i, f) in old.iter().enumerate() {
        if !old_left[i] {
            continue;
        }
        if let Some(j) = loose.get_mut(&old_key(f)).and_then(Vec::pop) {
            old_left[i] = false;
            new_left[j] = false;
        }
    }
    let pick = |all: &[Finding], left: &[bool]| -> Vec<Finding> {
        all.iter().zip(left).filter(|(_, l)| **l).map(|(f, _)| f.clone()).collect()
    };
    (pick(old, &old_left), pick(new, &new_left))
}
