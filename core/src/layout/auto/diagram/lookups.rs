//! What the planner asks about the design again and again (a resource by
//! its ID, the icons in a subnet, the subnets of a zone, which subnets are
//! public, who sends flows to whom), gathered once in a pass over the
//! design, so that laying out 2,000 resources costs about twice as much as
//! laying out 1,000.

use crate::index::{FastSet, container_of};
use crate::layout::geometry::{is_attachment, is_container, public_subnets};
use crate::model::Kind;
use crate::{Design, Resource, ResourceId};
use std::collections::{HashMap, HashSet};

pub(super) struct Lookups<'d> {
    /// Each resource's place in the design's list.
    pub order: HashMap<&'d ResourceId, usize>,
    /// Each resource by its ID.
    pub kinds: HashMap<&'d ResourceId, &'d Kind>,
    /// The icons (neither attachments nor containers), in the design's order.
    pub icons: Vec<&'d Resource>,
    /// The icons in each subnet (one in several subnets is in each list).
    pub in_subnet: HashMap<&'d ResourceId, Vec<&'d Resource>>,
    /// The icons whose container (a subnet or a VPC) is each resource.
    pub in_container: HashMap<&'d ResourceId, Vec<&'d Resource>>,
    /// The availability zones of each VPC, with their zone letters.
    pub zones: HashMap<&'d ResourceId, Vec<(&'d str, &'d ResourceId)>>,
    /// The subnets of each availability zone.
    pub subnets: HashMap<&'d ResourceId, Vec<&'d ResourceId>>,
    /// The subnets a route table sends to an internet gateway.
    pub public: FastSet<&'d ResourceId>,
    /// The sources of the flows into each resource.
    pub sources_of: HashMap<&'d ResourceId, Vec<&'d ResourceId>>,
    /// The flows at each resource, as indices into the design's flows.
    pub flows_at: HashMap<&'d ResourceId, Vec<usize>>,
    /// The resources that some flow starts at.
    pub starts: HashSet<&'d ResourceId>,
    /// The resources that some flow ends at.
    pub ends: HashSet<&'d ResourceId>,
}

impl<'d> Lookups<'d> {
    pub fn new(design: &'d Design) -> Self {
        let mut l = Lookups {
            order: HashMap::with_capacity(design.resources.len()),
            kinds: HashMap::with_capacity(design.resources.len()),
            icons: Vec::new(),
            in_subnet: HashMap::new(),
            in_container: HashMap::new(),
            zones: HashMap::new(),
            subnets: HashMap::new(),
            public: public_subnets(design),
            sources_of: HashMap::new(),
            flows_at: HashMap::new(),
            starts: HashSet::new(),
            ends: HashSet::new(),
        };
        for (i, r) in design.resources.iter().enumerate() {
            l.order.insert(&r.id, i);
            l.kinds.insert(&r.id, &r.kind);
            match &r.kind {
                Kind::AvailabilityZone(az) => {
                    l.zones.entry(&az.vpc).or_default().push((az.zone.as_str(), &r.id));
                }
                Kind::Subnet(s) => l.subnets.entry(&s.az).or_default().push(&r.id),
                kind if !is_attachment(kind) && !is_container(kind) => {
                    l.icons.push(r);
                    for subnet in kind.subnets() {
                        l.in_subnet.entry(subnet).or_default().push(r);
                    }
                    if let Some(container) = container_of(kind) {
                        l.in_container.entry(container).or_default().push(r);
                    }
                }
                _ => {}
            }
        }
        for (i, f) in design.flows.iter().enumerate() {
            l.sources_of.entry(&f.target).or_default().push(&f.source);
            l.flows_at.entry(&f.source).or_default().push(i);
            if f.target != f.source {
                l.flows_at.entry(&f.target).or_default().push(i);
            }
            l.starts.insert(&f.source);
            l.ends.insert(&f.target);
        }
        l
    }

    /// The kind of a resource of the design.
    pub fn kind(&self, id: &ResourceId) -> Option<&'d Kind> {
        self.kinds.get(id).copied()
    }
}
