//! One design per VPC, for `vpcraft export --per-vpc` (SPEC §4: "one
//! template per design, or per VPC when asked").
//!
//! Each VPC's part holds the VPC and every resource inside it (zones,
//! subnets, tables, groups, endpoints, and what sits in its subnets or
//! groups). A resource outside any VPC (a queue, a bucket, a role's target,
//! a permission) joins the VPC whose resources use it, through a reference
//! or a flow in either direction, step by step outwards; one used from
//! several VPCs, or from none, goes to the `shared` part. Flows between
//! parts are left out of both, since neither template can hold them.
//!
//! [`export_per_vpc`] writes the parts as templates that deploy as separate
//! stacks. Logical IDs are claimed over the whole design, so a resource has
//! the same one whichever part names it. A part whose resources refer to a
//! resource of another part (a function's `${Reports}` naming the shared
//! bucket, a route to a peering connection of the other VPC) gets it by
//! `!ImportValue`, not by a parameter the deployer would have to fill in:
//! the part that holds the resource exports it as an Output named
//! `${AWS::StackName}-<LogicalId>-<Attribute>` (`Ref` for a `!Ref`), and the
//! importing part reads `${<Part>StackName}-<LogicalId>-<Attribute>`, where
//! `<Part>StackName` is a parameter per part it imports from, defaulting to
//! that part's file stem (so stacks named after their files need no
//! parameters). `!Ref` and `!GetAtt` become `!ImportValue`; a `!Sub` keeps
//! its text and takes the imported values through its variable map;
//! `DependsOn` on another part's resource is dropped, since the import
//! already orders the stacks. The templates come back in deploy order: a
//! part after every part it imports from, so `shared` first. Parts that
//! import from each other cannot both deploy first; such a cycle is
//! reported as an export finding (X003) on each part in it.
//!
//! This module splits; `link.rs` rewrites a part's references to other
//! parts into imports, and `stacks.rs` exports the parts in deploy order.

mod link;
mod stacks;

pub use stacks::{PartTemplate, export_per_vpc};

use crate::index::Index;
use crate::model::{Design, Kind, ResourceId};
use std::collections::{HashMap, HashSet};

/// One template's worth of a design: a file stem and the design it holds.
#[derive(Clone, Debug)]
pub struct Part {
    /// The VPC's ID made safe for a file name, or `shared`.
    pub stem: String,
    pub design: Design,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Group {
    Vpc(usize),
    Shared,
}

/// Splits a design into one part per VPC, in design order, and a `shared`
/// part when some resources belong to no single VPC.
pub fn split_by_vpc(design: &Design) -> Vec<Part> {
    let index = Index::new(design);
    let vpcs: Vec<&ResourceId> =
        design.resources.iter().filter(|r| matches!(r.kind, Kind::Vpc(_))).map(|r| &r.id).collect();
    let vpc_group: HashMap<&ResourceId, usize> =
        vpcs.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let mut group: HashMap<&ResourceId, Group> = HashMap::new();
    for r in &design.resources {
        let vpc = if matches!(r.kind, Kind::Vpc(_)) { Some(&r.id) } else { index.vpc_of(&r.id) };
        if let Some(&k) = vpc.and_then(|v| vpc_group.get(v)) {
            group.insert(&r.id, Group::Vpc(k));
        }
    }
    // Who is next to whom: references and flows, both ways.
    let mut neighbours: HashMap<&ResourceId, Vec<&ResourceId>> = HashMap::new();
    let mut link = |a: &'_ ResourceId, b: &'_ ResourceId| {
        let (Some(a), Some(b)) = (index.get(a), index.get(b)) else {
            return;
        };
        neighbours.entry(&a.id).or_default().push(&b.id);
        neighbours.entry(&b.id).or_default().push(&a.id);
    };
    for r in &design.resources {
        for reference in r.kind.references() {
            link(&r.id, reference.target);
        }
    }
    for flow in &design.flows {
        link(&flow.source, &flow.target);
    }
    // Outwards from the VPCs, one ring at a time, so that a resource two
    // VPCs reach in the same ring is shared.
    loop {
        let mut decided: Vec<(&ResourceId, Group)> = Vec::new();
        for r in &design.resources {
            if group.contains_key(&r.id) {
                continue;
            }
            let near: HashSet<usize> = neighbours
                .get(&r.id)
                .into_iter()
                .flatten()
                .filter_map(|n| match group.get(n) {
                    Some(Group::Vpc(k)) => Some(*k),
                    _ => None,
                })
                .collect();
            match near.len() {
                0 => {}
                1 => decided.push((&r.id, Group::Vpc(*near.iter().next().expect("one")))),
                _ => decided.push((&r.id, Group::Shared)),
            }
        }
        if decided.is_empty() {
            break;
        }
        group.extend(decided);
    }
    let mut parts: Vec<Part> = vpcs
        .iter()
        .map(|vpc| Part {
            stem: file_stem(vpc.as_str()),
            design: Design {
                name: format!("{} ({})", design.name, index.name(vpc)),
                ..empty(design)
            },
        })
        .collect();
    let mut shared = Part {
        stem: "shared".into(),
        design: Design { name: format!("{} (shared)", design.name), ..empty(design) },
    };
    let mut part_of: HashMap<&ResourceId, usize> = HashMap::new();
    for r in &design.resources {
        let k = match group.get(&r.id) {
            Some(Group::Vpc(k)) => *k,
            _ => parts.len(),
        };
        part_of.insert(&r.id, k);
        let part = parts.get_mut(k).unwrap_or(&mut shared);
        part.design.resources.push(r.clone());
        if let Some(rect) = design.layout.positions.get(&r.id) {
            part.design.layout.positions.insert(r.id.clone(), *rect);
        }
    }
    for flow in &design.flows {
        let (Some(a), Some(b)) = (part_of.get(&flow.source), part_of.get(&flow.target)) else {
            continue;
        };
        if a == b {
            let part = parts.get_mut(*a).unwrap_or(&mut shared);
            part.design.flows.push(flow.clone());
        }
    }
    if !shared.design.resources.is_empty() {
        parts.push(shared);
    }
    // Each part keeps the usage of its own resources and flows.
    for part in &mut parts {
        let d = &mut part.design;
        let ids: HashSet<ResourceId> = d
            .resources
            .iter()
            .map(|r| r.id.clone())
            .chain(d.flows.iter().map(|f| f.id.clone()))
            .collect();
        d.usage.resources.retain(|id, _| ids.contains(id));
        d.usage.flows.retain(|id, _| ids.contains(id));
    }
    parts
}

/// The design's header without its resources, flows and layout.
fn empty(design: &Design) -> Design {
    let mut out = design.clone();
    out.resources.clear();
    out.flows.clear();
    out.layout.positions.clear();
    out
}

/// Letters, digits, `-` and `_` kept, anything else `-`.
fn file_stem(id: &str) -> String {
    let stem: String = id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' })
        .collect();
    if stem.is_empty() || stem == "shared" { format!("vpc-{stem}") } else { stem }
}
