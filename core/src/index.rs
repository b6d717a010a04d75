//! A read-only index over a design: lookups by ID and the containment
//! relations that rules and the canvas ask about.

use crate::finding::ResourceRef;
use crate::model::{AvailabilityZone, Design, Kind, Resource, ResourceId, Subnet, Vpc};
use std::collections::HashMap;

/// Built once per validation; every lookup is O(1) or proportional to the
/// answer.
pub struct Index<'d> {
    pub design: &'d Design,
    by_id: HashMap<&'d ResourceId, &'d Resource>,
    children: HashMap<&'d ResourceId, Vec<&'d Resource>>,
}

impl<'d> Index<'d> {
    pub fn new(design: &'d Design) -> Self {
        let mut by_id = HashMap::with_capacity(design.resources.len());
        for r in &design.resources {
            by_id.entry(&r.id).or_insert(r);
        }
        let mut children: HashMap<&ResourceId, Vec<&Resource>> = HashMap::new();
        for r in &design.resources {
            if let Some(parent) = container_of(&r.kind) {
                children.entry(parent).or_default().push(r);
            }
        }
        Self { design, by_id, children }
    }

    pub fn get(&self, id: &ResourceId) -> Option<&'d Resource> {
        self.by_id.get(id).copied()
    }

    /// A resource reference for findings; unknown IDs keep the ID as name.
    pub fn reference(&self, id: &ResourceId) -> ResourceRef {
        ResourceRef {
            id: id.clone(),
            name: self.get(id).map_or_else(|| id.to_string(), |r| r.name.clone()),
        }
    }

    pub fn name<'a>(&'a self, id: &'a ResourceId) -> &'a str {
        self.get(id).map_or(id.as_str(), |r| r.name.as_str())
    }

    pub fn vpcs(&self) -> impl Iterator<Item = (&'d Resource, &'d Vpc)> + '_ {
        self.design.resources.iter().filter_map(|r| match &r.kind {
            Kind::Vpc(v) => Some((r, v)),
            _ => None,
        })
    }

    pub fn subnets(&self) -> impl Iterator<Item = (&'d Resource, &'d Subnet)> + '_ {
        self.design.resources.iter().filter_map(|r| match &r.kind {
            Kind::Subnet(s) => Some((r, s)),
            _ => None,
        })
    }

    /// The resources whose container is `id` (AZs of a VPC, subnets of an AZ).
    pub fn children(&self, id: &ResourceId) -> &[&'d Resource] {
        self.children.get(id).map_or(&[], Vec::as_slice)
    }

    pub fn az(&self, id: &ResourceId) -> Option<(&'d Resource, &'d AvailabilityZone)> {
        self.get(id).and_then(|r| match &r.kind {
            Kind::AvailabilityZone(az) => Some((r, az)),
            _ => None,
        })
    }

    /// The VPC a subnet lies in, through its availability zone.
    pub fn vpc_of_subnet(&self, subnet: &Subnet) -> Option<(&'d Resource, &'d Vpc)> {
        let (_, az) = self.az(&subnet.az)?;
        self.vpc(&az.vpc)
    }

    pub fn vpc(&self, id: &ResourceId) -> Option<(&'d Resource, &'d Vpc)> {
        self.get(id).and_then(|r| match &r.kind {
            Kind::Vpc(v) => Some((r, v)),
            _ => None,
        })
    }

    pub fn subnet(&self, id: &ResourceId) -> Option<(&'d Resource, &'d Subnet)> {
        self.get(id).and_then(|r| match &r.kind {
            Kind::Subnet(s) => Some((r, s)),
            _ => None,
        })
    }
}

/// The container a resource is drawn inside: a VPC for AZs and VPC-wide
/// resources, an AZ for subnets, the subnet of a NAT gateway.
pub fn container_of(kind: &Kind) -> Option<&ResourceId> {
    match kind {
        Kind::AvailabilityZone(az) => Some(&az.vpc),
        Kind::Subnet(s) => Some(&s.az),
        Kind::NatGateway(nat) => Some(&nat.subnet),
        Kind::InternetGateway(igw) => igw.vpc.as_ref(),
        Kind::RouteTable(rt) => Some(&rt.vpc),
        Kind::NetworkAcl(acl) => Some(&acl.vpc),
        Kind::SecurityGroup(sg) => Some(&sg.vpc),
        Kind::VpcEndpoint(ep) => ep.subnets.first().or(Some(&ep.vpc)),
        _ => kind.subnets().first(),
    }
}
