//! What the index is built from: the slots IDs get (by text and by
//! address), the relations gathered as (slot, item) pairs while the
//! resources are read, and their compressed form.

use super::{FastMap, container_of, groups_of};
use crate::model::{Design, Flow, Kind, Resource, ResourceId};

/// A one-to-many relation keyed by slot, in compressed form: the items of
/// slot `s` are `items[start[s]..start[s + 1]]`, in the order they were
/// added. One allocation per relation instead of one per key.
pub(super) struct Relation<T> {
    start: Vec<u32>,
    items: Vec<T>,
}

impl<T: Copy> Relation<T> {
    /// Groups `pairs` (slot, item) by slot, keeping their order within a
    /// slot; every slot is below `slots`.
    pub(super) fn build(slots: usize, pairs: &[(u32, T)]) -> Self {
        let Some(&(_, first)) = pairs.first() else {
            return Self { start: Vec::new(), items: Vec::new() };
        };
        let mut start = vec![0u32; slots + 1];
        for &(slot, _) in pairs {
            start[slot as usize] += 1;
        }
        // Inclusive sums make `start[s]` the end of slot `s`; placing the
        // pairs backwards then moves it to the slot's beginning.
        let mut total = 0;
        for count in &mut start[..slots] {
            total += *count;
            *count = total;
        }
        start[slots] = total;
        let mut items = vec![first; pairs.len()];
        for &(slot, item) in pairs.iter().rev() {
            let at = &mut start[slot as usize];
            *at -= 1;
            items[*at as usize] = item;
        }
        Self { start, items }
    }

    pub(super) fn get(&self, slot: Option<u32>) -> &[T] {
        let Some(slot) = slot.map(|s| s as usize) else {
            return &[];
        };
        match (self.start.get(slot), self.start.get(slot + 1)) {
            (Some(&from), Some(&to)) => &self.items[from as usize..to as usize],
            _ => &[],
        }
    }
}

/// The relations of resources while the index is being built, as (slot,
/// resource) pairs.
#[derive(Default)]
pub(super) struct Pairs<'d> {
    pub(super) children: Vec<(u32, &'d Resource)>,
    pub(super) route_tables_of: Vec<(u32, &'d Resource)>,
    pub(super) nacls_of: Vec<(u32, &'d Resource)>,
    pub(super) igws_of: Vec<(u32, &'d Resource)>,
    pub(super) members: Vec<(u32, &'d Resource)>,
    pub(super) listeners_of_lb: Vec<(u32, &'d Resource)>,
    pub(super) listeners_of_tg: Vec<(u32, &'d Resource)>,
    pub(super) target_groups_of: Vec<(u32, &'d Resource)>,
    pub(super) classic_lbs_of: Vec<(u32, &'d Resource)>,
    pub(super) permissions_of: Vec<(u32, &'d Resource)>,
    pub(super) mappings_of_source: Vec<(u32, &'d Resource)>,
    pub(super) mappings_of_function: Vec<(u32, &'d Resource)>,
    pub(super) endpoints_of: Vec<(u32, &'d Resource)>,
    pub(super) flows_from: Vec<(u32, &'d Flow)>,
    pub(super) flows_to: Vec<(u32, &'d Flow)>,
}

/// Where an ID lives: the key of [`super::Index::by_address`].
pub(super) fn address(id: &ResourceId) -> usize {
    std::ptr::from_ref(id) as usize
}

/// The slot of every ID the design holds, by address (see
/// [`super::Index::by_address`]), adding to those the interner recorded while
/// building the relations; IDs without a slot are left out.
pub(super) fn addresses(
    design: &Design,
    slots: &FastMap<&str, u32>,
    mut out: rustc_hash::FxHashMap<usize, u32>,
) -> rustc_hash::FxHashMap<usize, u32> {
    let mut put = |id: &ResourceId| {
        if let std::collections::hash_map::Entry::Vacant(entry) = out.entry(address(id))
            && let Some(&slot) = slots.get(id.as_str())
        {
            entry.insert(slot);
        }
    };
    for r in &design.resources {
        r.kind.for_each_reference(|reference| put(reference.target));
    }
    out
}

/// Gives IDs their slots while the index is being built.
pub(super) struct Interner<'d> {
    pub(super) slots: FastMap<&'d str, u32>,
    /// The slot of each ID interned, by its address.
    pub(super) by_address: rustc_hash::FxHashMap<usize, u32>,
    pub(super) resources: Vec<Option<&'d Resource>>,
}

impl<'d> Interner<'d> {
    /// The resource with an ID, when it is interned and exists.
    pub(super) fn get(&self, id: &ResourceId) -> Option<&'d Resource> {
        let slot = *self.slots.get(id.as_str())?;
        self.resources[slot as usize]
    }

    pub(super) fn slot(&mut self, id: &'d ResourceId) -> u32 {
        let next = self.resources.len() as u32;
        let slot = *self.slots.entry(id.as_str()).or_insert(next);
        if slot == next {
            self.resources.push(None);
        }
        self.by_address.insert(address(id), slot);
        slot
    }
}

/// Records the relations of one resource.
pub(super) fn add<'d>(
    ids: &mut Interner<'d>,
    pairs: &mut Pairs<'d>,
    main_route_table: &mut FastMap<&'d ResourceId, &'d Resource>,
    r: &'d Resource,
) {
    if let Some(parent) = container_of(&r.kind) {
        pairs.children.push((ids.slot(parent), r));
    }
    for sg in groups_of(&r.kind, |id| ids.get(id)) {
        pairs.members.push((ids.slot(sg), r));
    }
    match &r.kind {
        Kind::RouteTable(rt) => {
            for subnet in &rt.associations {
                pairs.route_tables_of.push((ids.slot(subnet), r));
            }
            if rt.main {
                main_route_table.entry(&rt.vpc).or_insert(r);
            }
        }
        Kind::NetworkAcl(acl) => {
            for subnet in &acl.associations {
                pairs.nacls_of.push((ids.slot(subnet), r));
            }
        }
        Kind::InternetGateway(igw) => {
            if let Some(vpc) = &igw.vpc {
                pairs.igws_of.push((ids.slot(vpc), r));
            }
        }
        Kind::Listener(l) => {
            pairs.listeners_of_lb.push((ids.slot(&l.load_balancer), r));
            if let Some(tg) = &l.default_target_group {
                pairs.listeners_of_tg.push((ids.slot(tg), r));
            }
        }
        Kind::TargetGroup(tg) => {
            for target in &tg.targets {
                pairs.target_groups_of.push((ids.slot(target), r));
            }
        }
        Kind::LoadBalancer(lb) => {
            for target in &lb.instances {
                pairs.classic_lbs_of.push((ids.slot(target), r));
            }
        }
        Kind::LambdaPermission(p) => {
            pairs.permissions_of.push((ids.slot(&p.function), r));
        }
        Kind::EventSourceMapping(m) => {
            pairs.mappings_of_source.push((ids.slot(&m.source), r));
            pairs.mappings_of_function.push((ids.slot(&m.function), r));
        }
        Kind::VpcEndpoint(ep) => {
            pairs.endpoints_of.push((ids.slot(&ep.vpc), r));
        }
        _ => {}
    }
}
