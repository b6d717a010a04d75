//! Turning template resources into design resources: primaries first (each
//! becomes one design resource), then the secondaries folded into them
//! (routes, associations, rules, attachments, roles, clusters, API parts).
//!
//! This module holds the builder, its stages and its lookups; the kinds of
//! primaries are made in `network.rs`, `ipv6.rs`, `transit.rs`,
//! `compute.rs`, `instances.rs`, `containers.rs` (EKS), `databases.rs` and
//! `services.rs`, the secondaries are folded in by
//! `secondary.rs`, and `zones.rs` makes and places the zone containers.

mod compute;
mod containers;
mod databases;
mod externals;
pub use externals::kind_of_type;
mod instances;
mod ipv6;
mod network;
mod related;
mod secondary;
mod services;
mod transit;
mod zones;

use super::resolve::{Resolver, Val};
use super::{Entry, ImportWarning, Imported};
use crate::cfn::logical_id::{LogicalIds, kebab_case};
use crate::cfn::metadata::Saved;
use crate::index::{FastMap as HashMap, FastSet as HashSet};
use crate::model::*;
use related::Related;
use secondary::SECONDARY;

/// One import in progress: the template's entries, the design resources
/// made from them so far, and what the stages share.
pub(super) struct Builder<'a, 't> {
    pub resolver: &'a Resolver<'t>,
    pub entries: &'a [Entry<'t>],
    /// What entries are found by, gathered once so that no lookup scans
    /// the template.
    pub related: Related<'a, 't>,
    /// Logical ID → the design ID of the resource it became.
    pub ids: HashMap<&'t str, ResourceId>,
    pub resources: Vec<Resource>,
    position: HashMap<ResourceId, usize>,
    pub warnings: Vec<ImportWarning>,
    pub saved: Option<Saved>,
    /// Roles used by functions: folded into them.
    roles: HashMap<&'t str, &'a Entry<'t>>,
    /// The policy resources attached to each role (`AWS::IAM::Policy`,
    /// `RolePolicy`, `ManagedPolicy`), by the role's logical ID.
    policies: HashMap<&'t str, Vec<&'a Entry<'t>>>,
    /// Policy resources attached only to roles folded into functions: the
    /// function's role carries their statements, so they are folded too
    /// (drawn on their own they would name a role the design has not).
    folded_policies: HashSet<&'t str>,
    taken: LogicalIds,
    /// The zone container of each (VPC, zone letter) made so far.
    zone_ids: HashMap<(ResourceId, String), ResourceId>,
    /// Zone containers in the order they were made, placed after their VPC
    /// once every resource is in: inserting each into `resources` as it
    /// came would shift (and re-index) everything after it, a quadratic
    /// cost for templates with thousands of subnets.
    zones: Vec<Resource>,
    /// The external resource made for each (kind, source, list index,
    /// stands for many).
    externals: HashMap<(KindTag, ExternalSource, Option<usize>, bool), ResourceId>,
    /// The zone letter given to each zone known only at deploy time, by
    /// (VPC, source).
    zone_letters: HashMap<(ResourceId, ExternalSource), String>,
}

pub(super) fn build(
    name: String,
    entries: &[Entry<'_>],
    resolver: &Resolver<'_>,
    saved: Option<Saved>,
) -> Imported {
    let mut b = Builder {
        resolver,
        entries,
        related: Related::of(entries, resolver, saved.as_ref()),
        ids: HashMap::default(),
        resources: Vec::new(),
        position: HashMap::default(),
        warnings: Vec::new(),
        saved,
        roles: HashMap::default(),
        policies: HashMap::default(),
        folded_policies: Default::default(),
        taken: LogicalIds::default(),
        zone_ids: HashMap::default(),
        zones: Vec::new(),
        externals: HashMap::default(),
        zone_letters: HashMap::default(),
    };
    b.find_roles();
    b.assign_ids();
    b.primaries();
    b.secondaries();
    b.endpoint_routes();
    b.zones_and_services();
    b.place_zones();
    let mut design = Design::new(name);
    if let Some(region) = b.saved.as_ref().and_then(|s| s.region.clone()) {
        design.region = region;
    }
    design.resources = std::mem::take(&mut b.resources);
    match b.saved.as_mut() {
        Some(saved) => {
            design.flows = std::mem::take(&mut saved.flows);
            design.layout.positions = std::mem::take(&mut saved.layout);
            design.usage = std::mem::take(&mut saved.usage);
        }
        None => {
            let mut flows = super::flows::infer(&b, &mut design);
            super::wiring::add(&design, &mut flows);
            design.flows = flows;
        }
    }
    let present: HashSet<&ResourceId> = design.resources.iter().map(|r| &r.id).collect();
    // Usage of what a condition left out goes with it.
    let flows: HashSet<&ResourceId> = design.flows.iter().map(|f| &f.id).collect();
    design.usage.resources.retain(|id, _| present.contains(id));
    design.usage.flows.retain(|id, _| flows.contains(id));
    let resources_by_logical_id = b
        .ids
        .iter()
        .filter(|(_, id)| present.contains(id))
        .map(|(logical, id)| ((*logical).to_owned(), id.clone()))
        .collect();
    Imported { design, warnings: b.warnings, parameters: Vec::new(), resources_by_logical_id }
}

impl<'a, 't> Builder<'a, 't> {
    fn warn(&mut self, logical_id: &str, message: impl Into<String>) {
        self.warnings
            .push(ImportWarning { logical_id: logical_id.to_owned(), message: message.into() });
    }

    pub fn val(&self, entry: &Entry<'_>, key: &str) -> Val {
        entry.properties.get(key).map_or(Val::Null, |n| self.resolver.resolve(n))
    }

    /// The design ID a value points at.
    pub fn id_of(&self, value: &Val) -> Option<ResourceId> {
        self.ids.get(value.target()?).cloned()
    }

    fn is_primary(&self, entry: &Entry<'_>) -> bool {
        !self.related.implied.contains(entry.logical_id)
            && !SECONDARY.contains(&entry.resource_type)
            && !self.roles.contains_key(entry.logical_id)
            && !self.folded_policies.contains(entry.logical_id)
            // A DB instance of a cluster the template declares is folded
            // into the cluster.
            && !self.related.clustered.contains(entry.logical_id)
    }

    fn assign_ids(&mut self) {
        let entries = self.entries;
        for entry in entries {
            if !self.is_primary(entry) {
                continue;
            }
            let saved = self
                .saved
                .as_ref()
                .and_then(|s| s.resources.get(entry.logical_id))
                .map(|(id, _)| id.clone());
            let id = self.taken.claim(&saved.unwrap_or_else(|| kebab_case(entry.logical_id)));
            self.ids.insert(entry.logical_id, ResourceId::new(id));
        }
    }

    /// The name of an imported resource: the saved one, a `Name` tag, the
    /// physical name property, or the logical ID.
    fn name(&self, entry: &Entry<'_>) -> String {
        if let Some((_, name)) = self.saved.as_ref().and_then(|s| s.resources.get(entry.logical_id))
        {
            return name.clone();
        }
        let tag = self.val(entry, "Tags").items().iter().find_map(|t| {
            (t.get("Key").and_then(Val::as_str) == Some("Name"))
                .then(|| t.get("Value")?.to_text())?
        });
        let physical = [
            "FunctionName",
            "QueueName",
            "BucketName",
            "TableName",
            "Name",
            "LogGroupName",
            "ServiceName",
            "NodegroupName",
        ]
        .iter()
        .filter(|k| !(entry.resource_type == "AWS::EC2::VPCEndpoint" && **k == "ServiceName"))
        .find_map(|k| self.val(entry, k).as_str().map(str::to_owned));
        tag.or(physical).unwrap_or_else(|| entry.logical_id.to_owned())
    }

    fn push(&mut self, id: ResourceId, name: String, kind: Kind) {
        self.push_from(id, name, None, kind);
    }

    fn push_from(&mut self, id: ResourceId, name: String, logical_id: Option<&str>, kind: Kind) {
        self.position.insert(id.clone(), self.resources.len());
        let logical_id = logical_id.map(str::to_owned);
        self.resources.push(Resource { id, name, logical_id, physical_id: None, kind });
    }

    fn get_mut(&mut self, id: &ResourceId) -> Option<&mut Kind> {
        let i = *self.position.get(id)?;
        Some(&mut self.resources[i].kind)
    }

    fn primaries(&mut self) {
        let entries = self.entries;
        for entry in entries {
            let Some(id) = self.ids.get(entry.logical_id).cloned() else {
                continue;
            };
            let name = self.name(entry);
            let kind = self.kind(entry);
            // A template of vpcraft's own keeps the design's identities in
            // its metadata; any other keeps its author's logical IDs.
            let logical_id = self.saved.is_none().then_some(entry.logical_id);
            self.push_from(id, name, logical_id, kind);
        }
    }

    fn num(&self, entry: &Entry<'_>, key: &str) -> Option<i64> {
        self.val(entry, key).as_i64()
    }

    /// The design kind of a primary entry: a network, compute or service
    /// kind, else a generic node that keeps the entry's properties.
    fn kind(&mut self, e: &Entry<'_>) -> Kind {
        if let Some(kind) = self.network_kind(e) {
            return kind;
        }
        if let Some(kind) = self.compute_kind(e) {
            return kind;
        }
        if let Some(kind) = self.instance_kind(e) {
            return kind;
        }
        if let Some(kind) = self.container_kind(e) {
            return kind;
        }
        if let Some(kind) = self.database_kind(e) {
            return kind;
        }
        if let Some(kind) = self.transit_kind(e) {
            return kind;
        }
        self.service_kind(e)
    }

    fn extra(&self, logical_id: &str, key: &str) -> Option<Val> {
        let node = self.saved.as_ref()?.extra.get(logical_id)?.get(key)?;
        Some(self.resolver.resolve(node))
    }
}
