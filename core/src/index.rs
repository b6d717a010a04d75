//! A read-only index over a design: lookups by ID and the containment,
//! routing and membership relations that rules and the canvas ask about.
//!
//! Every map is built once, in one pass or two over the resources, so that
//! rules never scan the whole design per resource.

use crate::finding::ResourceRef;
use crate::model::{
    AvailabilityZone, Design, Flow, Kind, KindTag, LambdaFunction, LoadBalancer,
    LoadBalancerListener, NatGateway, NetworkAcl, Resource, ResourceId, RouteDestination,
    RouteTable, SecurityGroup, SqsQueue, Subnet, TargetGroup, Vpc, VpcEndpoint,
};
use std::collections::{HashMap, HashSet};

/// The hasher of the index's maps: foldhash, several times faster than
/// SipHash on the short string IDs of a design (natively and in wasm), and
/// still seeded per process so that crafted IDs cannot collide on purpose.
pub(crate) type FastHash = foldhash::fast::RandomState;
pub(crate) type FastMap<K, V> = HashMap<K, V, FastHash>;
pub(crate) type FastSet<K> = HashSet<K, FastHash>;

type Multi<'d> = FastMap<&'d ResourceId, Vec<&'d Resource>>;

/// The in-VPC callers of each AWS service, by (VPC, service short name).
pub(crate) type Consumers<'d> = FastMap<(&'d ResourceId, &'d str), Vec<&'d Resource>>;

/// Built once per validation; every lookup is O(1) or proportional to the
/// answer.
pub struct Index<'d> {
    pub design: &'d Design,
    by_id: FastMap<&'d ResourceId, &'d Resource>,
    children: Multi<'d>,
    by_tag: FastMap<KindTag, Vec<&'d Resource>>,
    flows_by_id: FastMap<&'d ResourceId, &'d Flow>,
    vpc_of: FastMap<&'d ResourceId, &'d ResourceId>,
    /// Explicit route-table associations of each subnet.
    route_tables_of: Multi<'d>,
    main_route_table: FastMap<&'d ResourceId, &'d Resource>,
    nacls_of: Multi<'d>,
    igws_of: Multi<'d>,
    members: Multi<'d>,
    listeners_of_lb: Multi<'d>,
    listeners_of_tg: Multi<'d>,
    target_groups_of: Multi<'d>,
    permissions_of: Multi<'d>,
    mappings_of_source: Multi<'d>,
    mappings_of_function: Multi<'d>,
    endpoints_of: Multi<'d>,
    flows_from: FastMap<&'d ResourceId, Vec<&'d Flow>>,
    flows_to: FastMap<&'d ResourceId, Vec<&'d Flow>>,
    public: FastSet<&'d ResourceId>,
    /// Shared by the endpoint and security rules.
    consumers: Consumers<'d>,
}

macro_rules! typed {
    ($($(#[$doc:meta])* $name:ident: $variant:ident => $ty:ty;)*) => {
        $($(#[$doc])*
        pub fn $name(&self, id: &ResourceId) -> Option<(&'d Resource, &'d $ty)> {
            self.get(id).and_then(|r| match &r.kind {
                Kind::$variant(x) => Some((r, x)),
                _ => None,
            })
        })*
    };
}

impl<'d> Index<'d> {
    pub fn new(design: &'d Design) -> Self {
        let n = design.resources.len();
        let mut index = Index {
            design,
            by_id: FastMap::with_capacity_and_hasher(n, FastHash::default()),
            children: FastMap::default(),
            by_tag: FastMap::default(),
            flows_by_id: design.flows.iter().map(|f| (&f.id, f)).collect(),
            vpc_of: FastMap::with_capacity_and_hasher(n, FastHash::default()),
            route_tables_of: FastMap::default(),
            main_route_table: FastMap::default(),
            nacls_of: FastMap::default(),
            igws_of: FastMap::default(),
            members: FastMap::default(),
            listeners_of_lb: FastMap::default(),
            listeners_of_tg: FastMap::default(),
            target_groups_of: FastMap::default(),
            permissions_of: FastMap::default(),
            mappings_of_source: FastMap::default(),
            mappings_of_function: FastMap::default(),
            endpoints_of: FastMap::default(),
            flows_from: FastMap::default(),
            flows_to: FastMap::default(),
            public: FastSet::default(),
            consumers: Consumers::default(),
        };
        for r in &design.resources {
            index.by_id.entry(&r.id).or_insert(r);
        }
        for r in &design.resources {
            index.add(r);
        }
        for flow in &design.flows {
            index.flows_from.entry(&flow.source).or_default().push(flow);
            index.flows_to.entry(&flow.target).or_default().push(flow);
        }
        // The VPC of each resource, now that containers are known.
        for r in &design.resources {
            if let Some(vpc) = index.compute_vpc(&r.kind) {
                index.vpc_of.insert(&r.id, vpc);
            }
        }
        let public: FastSet<&ResourceId> = index
            .subnets()
            .filter(|(r, _)| index.compute_public(&r.id))
            .map(|(r, _)| &r.id)
            .collect();
        index.public = public;
        index.consumers = index.compute_consumers();
        index
    }

    fn compute_consumers(&self) -> Consumers<'d> {
        let mut out = Consumers::default();
        let mut seen = FastSet::default();
        for flow in &self.design.flows {
            let (Some(source), Some(target)) = (self.get(&flow.source), self.get(&flow.target))
            else {
                continue;
            };
            let service = match &target.kind {
                Kind::VpcEndpoint(ep) => Some(ep.service.as_str()),
                kind => crate::reach::service_name(kind),
            };
            let (Some(service), false) = (service, source.kind.subnets().is_empty()) else {
                continue;
            };
            let Some(vpc) = self.vpc_of(&source.id) else { continue };
            if seen.insert((vpc, service, &source.id)) {
                out.entry((vpc, service)).or_default().push(source);
            }
        }
        out
    }

    fn add(&mut self, r: &'d Resource) {
        if let Some(parent) = container_of(&r.kind) {
            self.children.entry(parent).or_default().push(r);
        }
        self.by_tag.entry(r.kind.tag()).or_default().push(r);
        for sg in r.kind.security_groups() {
            self.members.entry(sg).or_default().push(r);
        }
        match &r.kind {
            Kind::RouteTable(rt) => {
                for subnet in &rt.associations {
                    self.route_tables_of.entry(subnet).or_default().push(r);
                }
                if rt.main {
                    self.main_route_table.entry(&rt.vpc).or_insert(r);
                }
            }
            Kind::NetworkAcl(acl) => {
                for subnet in &acl.associations {
                    self.nacls_of.entry(subnet).or_default().push(r);
                }
            }
            Kind::InternetGateway(igw) => {
                if let Some(vpc) = &igw.vpc {
                    self.igws_of.entry(vpc).or_default().push(r);
                }
            }
            Kind::Listener(l) => {
                self.listeners_of_lb.entry(&l.load_balancer).or_default().push(r);
                if let Some(tg) = &l.default_target_group {
                    self.listeners_of_tg.entry(tg).or_default().push(r);
                }
            }
            Kind::TargetGroup(tg) => {
                for target in &tg.targets {
                    self.target_groups_of.entry(target).or_default().push(r);
                }
            }
            Kind::LambdaPermission(p) => {
                self.permissions_of.entry(&p.function).or_default().push(r);
            }
            Kind::EventSourceMapping(m) => {
                self.mappings_of_source.entry(&m.source).or_default().push(r);
                self.mappings_of_function.entry(&m.function).or_default().push(r);
            }
            Kind::VpcEndpoint(ep) => {
                self.endpoints_of.entry(&ep.vpc).or_default().push(r);
            }
            _ => {}
        }
    }

    fn compute_vpc(&self, kind: &'d Kind) -> Option<&'d ResourceId> {
        let via_subnet = |subnets: &'d [ResourceId]| {
            subnets.iter().find_map(|s| {
                self.subnet(s).and_then(|(_, s)| self.az(&s.az)).map(|(_, az)| &az.vpc)
            })
        };
        let via_sg = |groups: &'d [ResourceId]| {
            groups.iter().find_map(|g| self.sg(g).map(|(_, sg)| &sg.vpc))
        };
        match kind {
            Kind::AvailabilityZone(az) => Some(&az.vpc),
            Kind::Subnet(s) => self.az(&s.az).map(|(_, az)| &az.vpc),
            Kind::InternetGateway(igw) => igw.vpc.as_ref(),
            Kind::RouteTable(rt) => Some(&rt.vpc),
            Kind::NetworkAcl(acl) => Some(&acl.vpc),
            Kind::SecurityGroup(sg) => Some(&sg.vpc),
            Kind::VpcEndpoint(ep) => Some(&ep.vpc),
            Kind::TargetGroup(tg) => tg.vpc.as_ref(),
            Kind::Listener(l) => {
                self.lb(&l.load_balancer).and_then(|(_, lb)| via_subnet(&lb.subnets))
            }
            _ => via_subnet(kind.subnets()).or_else(|| via_sg(kind.security_groups())),
        }
    }

    fn compute_public(&self, subnet: &ResourceId) -> bool {
        let Some((_, table)) = self.route_table_of(subnet) else { return false };
        let vpc = self.vpc_of(subnet);
        table.routes.iter().any(|route| {
            matches!(&route.destination, RouteDestination::Cidr(c) if c.prefix_len() == 0)
                && self
                    .igw(&route.target)
                    .is_some_and(|(_, igw)| igw.vpc.is_some() && igw.vpc.as_ref() == vpc)
        })
    }

    pub fn get(&self, id: &ResourceId) -> Option<&'d Resource> {
        self.by_id.get(id).copied()
    }

    pub fn flow(&self, id: &ResourceId) -> Option<&'d Flow> {
        self.flows_by_id.get(id).copied()
    }

    /// A resource reference for findings; a flow is named by its label or
    /// its ends, and unknown IDs keep the ID as name.
    pub fn reference(&self, id: &ResourceId) -> ResourceRef {
        let name = match (self.get(id), self.flow(id)) {
            (Some(r), _) => r.name.clone(),
            (None, Some(flow)) if !flow.label.is_empty() => flow.label.clone(),
            (None, Some(flow)) => {
                format!("{} → {}", self.name(&flow.source), self.name(&flow.target))
            }
            (None, None) => id.to_string(),
        };
        ResourceRef { id: id.clone(), name }
    }

    pub fn name<'a>(&'a self, id: &'a ResourceId) -> &'a str {
        self.get(id).map_or(id.as_str(), |r| r.name.as_str())
    }

    /// Every resource of one kind, in design order.
    pub fn of_kind(&self, tag: KindTag) -> &[&'d Resource] {
        self.by_tag.get(&tag).map_or(&[], Vec::as_slice)
    }

    pub fn vpcs(&self) -> impl Iterator<Item = (&'d Resource, &'d Vpc)> + '_ {
        self.of_kind(KindTag::Vpc).iter().filter_map(|r| match &r.kind {
            Kind::Vpc(v) => Some((*r, v)),
            _ => None,
        })
    }

    pub fn subnets(&self) -> impl Iterator<Item = (&'d Resource, &'d Subnet)> + '_ {
        self.of_kind(KindTag::Subnet).iter().filter_map(|r| match &r.kind {
            Kind::Subnet(s) => Some((*r, s)),
            _ => None,
        })
    }

    /// The resources whose container is `id` (AZs of a VPC, subnets of an AZ).
    pub fn children(&self, id: &ResourceId) -> &[&'d Resource] {
        self.children.get(id).map_or(&[], Vec::as_slice)
    }

    /// The subnets of a VPC, through its availability zones.
    pub fn subnets_of_vpc(
        &self,
        vpc: &ResourceId,
    ) -> impl Iterator<Item = (&'d Resource, &'d Subnet)> + '_ {
        self.children(vpc)
            .iter()
            .filter(|r| matches!(r.kind, Kind::AvailabilityZone(_)))
            .flat_map(|az| self.children(&az.id))
            .filter_map(|r| match &r.kind {
                Kind::Subnet(s) => Some((*r, s)),
                _ => None,
            })
    }

    /// The VPC a subnet lies in, through its availability zone.
    pub fn vpc_of_subnet(&self, subnet: &Subnet) -> Option<(&'d Resource, &'d Vpc)> {
        let (_, az) = self.az(&subnet.az)?;
        self.vpc(&az.vpc)
    }

    typed! {
        az: AvailabilityZone => AvailabilityZone;
        vpc: Vpc => Vpc;
        subnet: Subnet => Subnet;
        igw: InternetGateway => crate::model::InternetGateway;
        nat: NatGateway => NatGateway;
        route_table: RouteTable => RouteTable;
        nacl: NetworkAcl => NetworkAcl;
        sg: SecurityGroup => SecurityGroup;
        endpoint: VpcEndpoint => VpcEndpoint;
        lb: LoadBalancer => LoadBalancer;
        listener: Listener => LoadBalancerListener;
        target_group: TargetGroup => TargetGroup;
        lambda: LambdaFunction => LambdaFunction;
        queue: SqsQueue => SqsQueue;
    }

    /// The VPC a resource belongs to: its own for containers and
    /// VPC-wide resources, its subnets' (or security groups') for
    /// resources placed in subnets.
    pub fn vpc_of(&self, id: &ResourceId) -> Option<&'d ResourceId> {
        self.vpc_of.get(id).copied()
    }

    /// The availability zone (ID) of a subnet.
    pub fn az_of_subnet(&self, subnet: &ResourceId) -> Option<&'d ResourceId> {
        self.subnet(subnet).map(|(_, s)| &s.az)
    }

    /// The zone letter of a subnet ("a"), or its AZ's ID when unresolved.
    pub fn zone_of_subnet(&self, subnet: &ResourceId) -> Option<&'d str> {
        let az = self.az_of_subnet(subnet)?;
        Some(self.az(az).map_or(az.as_str(), |(_, az)| az.zone.as_str()))
    }

    /// The route tables explicitly associated with a subnet.
    pub fn route_tables_of(&self, subnet: &ResourceId) -> &[&'d Resource] {
        self.route_tables_of.get(subnet).map_or(&[], Vec::as_slice)
    }

    /// The main route table of a VPC.
    pub fn main_route_table(&self, vpc: &ResourceId) -> Option<(&'d Resource, &'d RouteTable)> {
        self.main_route_table.get(vpc).and_then(|r| self.route_table(&r.id))
    }

    /// The route table that routes a subnet: its (first) explicit
    /// association, else its VPC's main table.
    pub fn route_table_of(&self, subnet: &ResourceId) -> Option<(&'d Resource, &'d RouteTable)> {
        match self.route_tables_of(subnet).first() {
            Some(r) => self.route_table(&r.id),
            None => self.main_route_table(self.vpc_of(subnet)?),
        }
    }

    /// A subnet is public when its route table sends 0.0.0.0/0 to an
    /// internet gateway attached to its VPC.
    pub fn is_public(&self, subnet: &ResourceId) -> bool {
        self.public.contains(subnet)
    }

    /// The network ACLs associated with a subnet.
    pub fn nacls_of(&self, subnet: &ResourceId) -> &[&'d Resource] {
        self.nacls_of.get(subnet).map_or(&[], Vec::as_slice)
    }

    /// The internet gateways attached to a VPC.
    pub fn igws_of(&self, vpc: &ResourceId) -> &[&'d Resource] {
        self.igws_of.get(vpc).map_or(&[], Vec::as_slice)
    }

    /// The resources that are members of a security group.
    pub fn members(&self, sg: &ResourceId) -> &[&'d Resource] {
        self.members.get(sg).map_or(&[], Vec::as_slice)
    }

    pub fn listeners_of_lb(&self, lb: &ResourceId) -> &[&'d Resource] {
        self.listeners_of_lb.get(lb).map_or(&[], Vec::as_slice)
    }

    /// The listeners that forward to a target group.
    pub fn listeners_of_tg(&self, tg: &ResourceId) -> &[&'d Resource] {
        self.listeners_of_tg.get(tg).map_or(&[], Vec::as_slice)
    }

    /// The target groups a function or service is registered in.
    pub fn target_groups_of(&self, target: &ResourceId) -> &[&'d Resource] {
        self.target_groups_of.get(target).map_or(&[], Vec::as_slice)
    }

    /// The invoke permissions of a function.
    pub fn permissions_of(&self, function: &ResourceId) -> &[&'d Resource] {
        self.permissions_of.get(function).map_or(&[], Vec::as_slice)
    }

    /// The event source mappings that read a queue or table.
    pub fn mappings_of_source(&self, source: &ResourceId) -> &[&'d Resource] {
        self.mappings_of_source.get(source).map_or(&[], Vec::as_slice)
    }

    /// The event source mappings that feed a function.
    pub fn mappings_of_function(&self, function: &ResourceId) -> &[&'d Resource] {
        self.mappings_of_function.get(function).map_or(&[], Vec::as_slice)
    }

    /// The VPC endpoints of a VPC.
    pub fn endpoints_of(&self, vpc: &ResourceId) -> &[&'d Resource] {
        self.endpoints_of.get(vpc).map_or(&[], Vec::as_slice)
    }

    /// The in-VPC callers of each AWS service, by (VPC, service short name):
    /// the sources of flows whose target stands for the service (or is an
    /// endpoint of it), in flow order and without repeats.
    pub(crate) fn consumers(&self) -> &Consumers<'d> {
        &self.consumers
    }

    pub fn flows_from(&self, id: &ResourceId) -> &[&'d Flow] {
        self.flows_from.get(id).map_or(&[], Vec::as_slice)
    }

    pub fn flows_to(&self, id: &ResourceId) -> &[&'d Flow] {
        self.flows_to.get(id).map_or(&[], Vec::as_slice)
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
