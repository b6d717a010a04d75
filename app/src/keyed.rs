//! Membership of a changing set, watched key by key: when the set changes,
//! only the keys that entered or left it are notified.
//!
//! A thousand nodes each asking "am I selected?" of one signal would all
//! re-run on every click, and the reactive graph's bookkeeping for so many
//! subscribers of one source grows with their square. With a `KeyedSet`
//! each node watches a flag of its own.

use leptos::prelude::*;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use vpcraft_core::ResourceId;

/// A set of resource IDs with one reactive flag per key asked about.
#[derive(Clone, Copy)]
pub struct KeyedSet {
    /// The whole set, for readers that need all of it (or its emptiness).
    members: RwSignal<Arc<HashSet<ResourceId>>>,
    flags: StoredValue<HashMap<ResourceId, ArcRwSignal<bool>>>,
}

impl KeyedSet {
    pub fn new() -> Self {
        Self { members: RwSignal::new(Arc::default()), flags: StoredValue::new(HashMap::new()) }
    }

    /// Whether `id` is in the set, tracking only `id`'s flag.
    pub fn contains(&self, id: &ResourceId) -> bool {
        let flag = self.flags.try_update_value(|flags| {
            flags
                .entry(id.clone())
                .or_insert_with(|| {
                    ArcRwSignal::new(self.members.with_untracked(|m| m.contains(id)))
                })
                .clone()
        });
        flag.is_some_and(|f| f.get())
    }

    /// Reads the whole set, tracking every change to it.
    pub fn with<T>(&self, f: impl FnOnce(&HashSet<ResourceId>) -> T) -> T {
        self.members.with(|m| f(m))
    }

    /// Reads the whole set without tracking it.
    pub fn with_untracked<T>(&self, f: impl FnOnce(&HashSet<ResourceId>) -> T) -> T {
        self.members.with_untracked(|m| f(m))
    }

    /// Replaces the set, notifying the keys whose membership changed and
    /// the readers of the whole set.
    pub fn set(&self, next: impl IntoIterator<Item = ResourceId>) {
        let next: HashSet<ResourceId> = next.into_iter().collect();
        let changed: Vec<(ResourceId, bool)> = self.members.with_untracked(|now| {
            now.difference(&next)
                .map(|id| (id.clone(), false))
                .chain(next.difference(now).map(|id| (id.clone(), true)))
                .collect()
        });
        if changed.is_empty() {
            return;
        }
        self.members.set(Arc::new(next));
        let flags: Vec<(ArcRwSignal<bool>, bool)> = self.flags.with_value(|flags| {
            changed.iter().filter_map(|(id, on)| flags.get(id).map(|f| (f.clone(), *on))).collect()
        });
        for (flag, on) in flags {
            flag.set(on);
        }
    }
}

impl Default for KeyedSet {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> ResourceId {
        ResourceId::new(s)
    }

    #[test]
    fn flags_follow_the_set() {
        let owner = Owner::new();
        owner.with(|| {
            let set = KeyedSet::new();
            assert!(!set.contains(&id("a")));
            set.set([id("a"), id("b")]);
            assert!(set.contains(&id("a")));
            assert!(set.contains(&id("b")));
            set.set([id("b")]);
            assert!(!set.contains(&id("a")));
            assert!(set.contains(&id("b")));
            // A key first asked about after it joined reads as a member.
            assert!(!set.contains(&id("c")));
            set.set([id("c")]);
            assert!(set.contains(&id("c")));
            assert!(!set.contains(&id("b")));
            assert_eq!(set.with(HashSet::len), 1);
        });
    }
}
