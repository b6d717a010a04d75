//! Membership of a changing set, and values of a changing map, watched key
//! by key: when the set or map changes, only the keys whose membership or
//! value changed are notified.
//!
//! A thousand nodes each asking "am I selected?" (or "where am I?") of one
//! signal would all re-run on every click, and the reactive graph's
//! bookkeeping for so many subscribers of one source grows with their
//! square. With a `KeyedSet` or `KeyedValues` each node watches a signal of
//! its own.

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

/// A map from resource IDs to values with one reactive signal per key.
pub struct KeyedValues<T: Send + Sync + 'static> {
    signals: StoredValue<HashMap<ResourceId, ArcRwSignal<T>>>,
}

impl<T: Send + Sync + 'static> Clone for KeyedValues<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for KeyedValues<T> {}

impl<T: Clone + PartialEq + Send + Sync + 'static> KeyedValues<T> {
    pub fn new() -> Self {
        Self { signals: StoredValue::new(HashMap::new()) }
    }

    /// The value of `id`, tracking only `id`'s signal. A key the map has
    /// not been given yet holds `first` until it is.
    pub fn get(&self, id: &ResourceId, first: T) -> T {
        let signal = self.signals.try_update_value(|signals| {
            signals.entry(id.clone()).or_insert_with(|| ArcRwSignal::new(first.clone())).clone()
        });
        signal.map_or(first, |s| s.get())
    }

    /// Gives the map these entries and forgets the keys not among them,
    /// notifying only the keys whose value changed.
    pub fn set_all<'a>(&self, entries: impl IntoIterator<Item = (&'a ResourceId, T)>) {
        let mut changed: Vec<(ArcRwSignal<T>, T)> = Vec::new();
        self.signals.update_value(|signals| {
            let mut present: HashSet<&ResourceId> = HashSet::with_capacity(signals.len());
            for (id, value) in entries {
                present.insert(id);
                match signals.get(id) {
                    Some(signal) => {
                        if signal.with_untracked(|now| *now != value) {
                            changed.push((signal.clone(), value));
                        }
                    }
                    None => {
                        signals.insert(id.clone(), ArcRwSignal::new(value));
                    }
                }
            }
            signals.retain(|id, _| present.contains(id));
        });
        // Set outside the map's borrow: a subscriber may read the map.
        for (signal, value) in changed {
            signal.set(value);
        }
    }
}

impl<T: Clone + PartialEq + Send + Sync + 'static> Default for KeyedValues<T> {
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

    #[test]
    fn values_follow_the_map_and_only_changed_keys_are_notified() {
        let owner = Owner::new();
        owner.with(|| {
            let map = KeyedValues::<i32>::new();
            let (a, b) = (id("a"), id("b"));
            assert_eq!(map.get(&a, 7), 7, "a key not yet given holds its first value");
            map.set_all([(&a, 1), (&b, 2)]);
            assert_eq!((map.get(&a, 0), map.get(&b, 0)), (1, 2));
            // One reader per key, counting its runs.
            let readers = [a.clone(), b.clone()].map(|key| {
                let runs = Arc::new(std::sync::atomic::AtomicUsize::new(0));
                let counted = runs.clone();
                let memo = ArcMemo::new(move |_| {
                    counted.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    map.get(&key, 0)
                });
                (runs, memo)
            });
            let read = |readers: &[(Arc<std::sync::atomic::AtomicUsize>, ArcMemo<i32>); 2]| {
                readers.each_ref().map(|(runs, memo)| {
                    let value = memo.get();
                    (value, runs.load(std::sync::atomic::Ordering::Relaxed))
                })
            };
            assert_eq!(read(&readers), [(1, 1), (2, 1)]);
            map.set_all([(&a, 1), (&b, 3)]);
            assert_eq!(read(&readers), [(1, 1), (3, 2)], "only b's reader ran again");
            // A key left out is forgotten: asked again, it holds its first value.
            map.set_all([(&b, 3)]);
            assert_eq!(map.get(&a, 9), 9);
        });
    }
}
