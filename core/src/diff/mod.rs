//! Comparing two designs: which resources and flows were added, removed or
//! changed (property by property), which only moved on the canvas, and which
//! findings the change fixed or introduced, and what it does to the
//! monthly estimate.
//!
//! Resources are matched by their stable ID, then by CloudFormation logical
//! ID, so two imports of a template and two revisions of a drawn design
//! compare the same way. The comparison is pure and cannot fail; its cost is
//! linear in the size of both designs plus the cost of validating them.

mod findings;
mod text;
mod value;

pub use text::render_text;
pub use value::PropertyChange;

use crate::cost::{cents, estimate};
use crate::finding::Finding;
use crate::model::{Design, Resource, ResourceId};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// What happened to a resource or a flow between two designs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Added,
    Removed,
    Changed,
}

impl Change {
    /// The one-character mark of the text output: `+`, `-` or `~`.
    pub fn mark(self) -> char {
        match self {
            Self::Added => '+',
            Self::Removed => '-',
            Self::Changed => '~',
        }
    }
}

/// One resource that differs between the designs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResourceDiff {
    pub change: Change,
    /// The ID in the new design, or in the old one for a removed resource.
    pub id: ResourceId,
    /// The ID the old design had, when matching went by logical ID and the
    /// two differ.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_id: Option<ResourceId>,
    pub name: String,
    /// The `type` of the resource (of the new one when it changed type).
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logical_id: Option<String>,
    /// Property by property, for a changed resource.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub properties: Vec<PropertyChange>,
}

/// One flow that differs between the designs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FlowDiff {
    pub change: Change,
    pub id: ResourceId,
    pub source: String,
    pub target: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub properties: Vec<PropertyChange>,
}

/// Everything that differs between an old and a new design.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DesignDiff {
    /// Changes of the design itself (its name, its region, its usage).
    pub design: Vec<PropertyChange>,
    pub resources: Vec<ResourceDiff>,
    pub flows: Vec<FlowDiff>,
    /// Resources present in both whose only change is where they are drawn.
    pub moved: Vec<ResourceId>,
    /// Findings of the old design that the new one no longer has.
    pub fixed: Vec<Finding>,
    /// Findings of the new design that the old one did not have.
    pub introduced: Vec<Finding>,
    /// The monthly estimate of both designs with today's price table.
    pub cost: CostChange,
}

/// What the change does to the monthly estimate.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CostChange {
    pub old_monthly_usd: f64,
    pub new_monthly_usd: f64,
    /// New minus old, to the cent.
    pub change_usd: f64,
    /// The resources whose monthly figure changed, largest change first
    /// (an added resource was $0 before, a removed one is $0 after).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<ResourceCostChange>,
}

/// What the change does to one resource's monthly figure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResourceCostChange {
    /// The resource's ID in the new design (in the old one when removed).
    pub id: ResourceId,
    pub name: String,
    pub old_monthly_usd: f64,
    pub new_monthly_usd: f64,
    pub change_usd: f64,
}

impl DesignDiff {
    /// True when the designs have the same semantics (layout may differ;
    /// the estimate follows from the semantics).
    pub fn is_empty(&self) -> bool {
        self.design.is_empty() && self.resources.is_empty() && self.flows.is_empty()
    }

    /// How many resources were added, removed and changed, in that order.
    pub fn counts(&self) -> (usize, usize, usize) {
        let count = |c: Change| self.resources.iter().filter(|r| r.change == c).count();
        (count(Change::Added), count(Change::Removed), count(Change::Changed))
    }
}

/// Compares two designs, validating both to tell fixed from introduced
/// findings.
pub fn diff(old: &Design, new: &Design) -> DesignDiff {
    let old_findings = crate::validate(old);
    let new_findings = crate::validate(new);
    diff_with_findings(old, new, &old_findings, &new_findings)
}

/// Compares two designs whose findings are already known.
pub fn diff_with_findings(
    old: &Design,
    new: &Design,
    old_findings: &[Finding],
    new_findings: &[Finding],
) -> DesignDiff {
    let pairs = match_resources(old, new);
    let mut out = DesignDiff { design: design_properties(old, new), ..DesignDiff::default() };

    let paired_old: HashSet<&ResourceId> = pairs.iter().map(|(o, _)| &o.id).collect();
    let paired_new: HashSet<&ResourceId> = pairs.iter().map(|(_, n)| &n.id).collect();
    // The old IDs of matched resources, so flows compare across a renamed ID.
    let renamed: HashMap<&ResourceId, &ResourceId> =
        pairs.iter().map(|(o, n)| (&o.id, &n.id)).collect();

    for (o, n) in &pairs {
        let properties = value::compare_resources(o, n);
        if !properties.is_empty() {
            out.resources.push(ResourceDiff {
                old_id: (o.id != n.id).then(|| o.id.clone()),
                properties,
                ..summary(Change::Changed, n)
            });
        } else if old.layout.positions.get(&o.id) != new.layout.positions.get(&n.id) {
            out.moved.push(n.id.clone());
        }
    }
    out.resources.extend(
        new.resources
            .iter()
            .filter(|r| !paired_new.contains(&r.id))
            .map(|r| summary(Change::Added, r)),
    );
    out.resources.extend(
        old.resources
            .iter()
            .filter(|r| !paired_old.contains(&r.id))
            .map(|r| summary(Change::Removed, r)),
    );
    out.resources.sort_by(|a, b| a.change.cmp(&b.change).then_with(|| a.name.cmp(&b.name)));
    out.moved.sort();

    out.flows = diff_flows(old, new, &renamed);
    let (fixed, introduced) = findings::compare(old_findings, new_findings, &renamed);
    out.fixed = fixed;
    out.introduced = introduced;
    out.cost = cost_change(old, new, &renamed);
    out
}

/// Both estimates, and the resources whose figure changed (matched as the
/// resources are: an old ID maps to its new one).
fn cost_change(
    old: &Design,
    new: &Design,
    renamed: &HashMap<&ResourceId, &ResourceId>,
) -> CostChange {
    let (before, after) = (estimate(old), estimate(new));
    let mut by_id: Vec<ResourceCostChange> = Vec::new();
    let mut at: HashMap<ResourceId, usize> = HashMap::new();
    let mut add = |id: &ResourceId, name: &str, usd: f64, is_new: bool| {
        let k = *at.entry(id.clone()).or_insert_with(|| {
            by_id.push(ResourceCostChange {
                id: id.clone(),
                name: name.to_owned(),
                old_monthly_usd: 0.0,
                new_monthly_usd: 0.0,
                change_usd: 0.0,
            });
            by_id.len() - 1
        });
        let row = &mut by_id[k];
        if is_new {
            row.name = name.to_owned();
            row.new_monthly_usd = usd;
        } else {
            row.old_monthly_usd = usd;
        }
    };
    for (id, name, usd) in before.by_resource() {
        let id = renamed.get(&id).map_or(id.clone(), |n| (*n).clone());
        add(&id, &name, usd, false);
    }
    for (id, name, usd) in after.by_resource() {
        add(&id, &name, usd, true);
    }
    let mut resources: Vec<ResourceCostChange> = by_id
        .into_iter()
        .map(|r| ResourceCostChange {
            change_usd: cents(r.new_monthly_usd - r.old_monthly_usd),
            ..r
        })
        .filter(|r| r.change_usd != 0.0)
        .collect();
    crate::sort::sort_by(&mut resources, |a, b| {
        b.change_usd.abs().total_cmp(&a.change_usd.abs()).then_with(|| a.id.cmp(&b.id))
    });
    CostChange {
        old_monthly_usd: before.total_monthly_usd,
        new_monthly_usd: after.total_monthly_usd,
        change_usd: cents(after.total_monthly_usd - before.total_monthly_usd),
        resources,
    }
}

fn summary(change: Change, r: &Resource) -> ResourceDiff {
    ResourceDiff {
        change,
        id: r.id.clone(),
        old_id: None,
        name: r.name.clone(),
        kind: r.kind.tag().as_str().to_owned(),
        logical_id: r.logical_id.clone(),
        properties: Vec::new(),
    }
}

fn design_properties(old: &Design, new: &Design) -> Vec<PropertyChange> {
    let mut changes = Vec::new();
    if old.name != new.name {
        changes.push(PropertyChange::new("name", Some(old.name.as_str()), Some(new.name.as_str())));
    }
    if old.region != new.region {
        changes.push(PropertyChange::new(
            "region",
            Some(old.region.as_str()),
            Some(new.region.as_str()),
        ));
    }
    // Usage (GB and requests a month) drives the estimate.
    changes.extend(value::compare_part("usage", &old.usage, &new.usage));
    changes
}

/// Pairs old and new resources: first by ID, then the rest by logical ID.
fn match_resources<'a>(old: &'a Design, new: &'a Design) -> Vec<(&'a Resource, &'a Resource)> {
    let new_by_id: HashMap<&ResourceId, &Resource> =
        new.resources.iter().map(|r| (&r.id, r)).collect();
    let mut pairs = Vec::new();
    let mut taken_new: HashSet<&ResourceId> = HashSet::new();
    let mut unmatched_old = Vec::new();
    for o in &old.resources {
        match new_by_id.get(&o.id) {
            Some(n) if taken_new.insert(&n.id) => pairs.push((o, *n)),
            _ => unmatched_old.push(o),
        }
    }
    let mut new_by_logical: HashMap<&str, &Resource> = HashMap::new();
    for n in &new.resources {
        if let Some(logical) = n.logical_id.as_deref()
            && !taken_new.contains(&n.id)
        {
            new_by_logical.entry(logical).or_insert(n);
        }
    }
    for o in unmatched_old {
        if let Some(n) = o.logical_id.as_deref().and_then(|l| new_by_logical.remove(l)) {
            taken_new.insert(&n.id);
            pairs.push((o, n));
        }
    }
    pairs
}

/// Flows match by ID, then by their endpoints (translated to new IDs).
fn diff_flows(
    old: &Design,
    new: &Design,
    renamed: &HashMap<&ResourceId, &ResourceId>,
) -> Vec<FlowDiff> {
    let old_names = names(old);
    let new_names = names(new);
    let name_in = |names: &HashMap<&ResourceId, &str>, id: &ResourceId| {
        names.get(id).map_or_else(|| id.to_string(), |n| (*n).to_owned())
    };
    let translate = |id: &ResourceId| renamed.get(id).map_or_else(|| id.clone(), |n| (*n).clone());

    let by_id: HashMap<&ResourceId, usize> =
        new.flows.iter().enumerate().map(|(i, f)| (&f.id, i)).collect();
    let mut by_ends: HashMap<(ResourceId, ResourceId), Vec<usize>> = HashMap::new();
    for (i, f) in new.flows.iter().enumerate().rev() {
        by_ends.entry((f.source.clone(), f.target.clone())).or_default().push(i);
    }
    let mut taken = vec![false; new.flows.len()];
    let mut out = Vec::new();
    let mut removed = Vec::new();
    for o in &old.flows {
        let by_ends_match = |taken: &[bool], by_ends: &mut HashMap<_, Vec<usize>>| {
            let ends = (translate(&o.source), translate(&o.target));
            let candidates: &mut Vec<usize> = by_ends.get_mut(&ends)?;
            while let Some(i) = candidates.pop() {
                if !taken[i] {
                    return Some(i);
                }
            }
            None
        };
        let at = by_id
            .get(&o.id)
            .copied()
            .filter(|&i| !taken[i])
            .or_else(|| by_ends_match(&taken, &mut by_ends));
        let Some(i) = at else {
            removed.push(o);
            continue;
        };
        taken[i] = true;
        let n = &new.flows[i];
        let properties = value::compare_flows(o, n);
        if !properties.is_empty() {
            out.push(FlowDiff {
                change: Change::Changed,
                id: n.id.clone(),
                source: name_in(&new_names, &n.source),
                target: name_in(&new_names, &n.target),
                properties,
            });
        }
    }
    out.extend(new.flows.iter().zip(&taken).filter(|(_, t)| !**t).map(|(n, _)| FlowDiff {
        change: Change::Added,
        id: n.id.clone(),
        source: name_in(&new_names, &n.source),
        target: name_in(&new_names, &n.target),
        properties: Vec::new(),
    }));
    out.extend(removed.into_iter().map(|o| FlowDiff {
        change: Change::Removed,
        id: o.id.clone(),
        source: name_in(&old_names, &o.source),
        target: name_in(&old_names, &o.target),
        properties: Vec::new(),
    }));
    out.sort_by(|a, b| {
        a.change.cmp(&b.change).then_with(|| (&a.source, &a.target).cmp(&(&b.source, &b.target)))
    });
    out
}

fn names(design: &Design) -> HashMap<&ResourceId, &str> {
    design.resources.iter().map(|r| (&r.id, r.name.as_str())).collect()
}

#[cfg(test)]
mod tests;
