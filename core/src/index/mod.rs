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
use ipnet::Ipv4Net;
use std::collections::{HashMap, HashSet};

mod build;

use build::{Interner, Pairs, Relation, add, address, addresses};

/// The hasher of the index's maps: foldhash, several times faster than
/// SipHash on the short string IDs of a design (natively and in wasm), and
/// still seeded per process so that crafted IDs cannot collide on purpose.
pub type FastHash = foldhash::fast::RandomState;
pub type FastMap<K, V> = HashMap<K, V, FastHash>;
pub type FastSet<K> = HashSet<K, FastHash>;

/// The in-VPC callers of each AWS service, by (VPC, service short name).
pub(crate) type Consumers<'d> = FastMap<(&'d ResourceId, &'d str), Vec<&'d Resource>>;

/// Built once per validation; every lookup is O(1) or proportional to the
/// answer.
///
/// Every ID the design names, as a resource's or in a reference, gets a
/// dense slot once; the relations are then arrays indexed by slot, so that
/// a lookup hashes its ID once and allocates nothing.
pub struct Index<'d> {
    pub design: &'d Design,
    /// The slot of each ID: resources first, in design order (the first of
    /// duplicates), then IDs that only references name.
    slots: FastMap<&'d str, u32>,
    /// The slot of each ID the design holds, by the ID's address: every
    /// resource's own ID, every reference and every flow's ends. A lookup
    /// with an ID borrowed from the design (nearly all of them) hashes a
    /// pointer instead of the text and compares no text; any other ID
    /// falls back to `slots`. Sound because the design is borrowed for the
    /// index's lifetime: no other ID can live at one of these addresses.
    by_address: rustc_hash::FxHashMap<usize, u32>,
    /// The resource of each slot; `None` for IDs that only references name.
    resources: Vec<Option<&'d Resource>>,
    children: Relation<&'d Resource>,
    by_tag: FastMap<KindTag, Vec<&'d Resource>>,
    flows_by_id: FastMap<&'d ResourceId, &'d Flow>,
    /// The VPC of each slot's resource.
    vpc_of: Vec<Option<&'d ResourceId>>,
    /// Explicit route-table associations of each subnet.
    route_tables_of: Relation<&'d Resource>,
    main_route_table: FastMap<&'d ResourceId, &'d Resource>,
    nacls_of: Relation<&'d Resource>,
    igws_of: Relation<&'d Resource>,
    members: Relation<&'d Resource>,
    listeners_of_lb: Relation<&'d Resource>,
    listeners_of_tg: Relation<&'d Resource>,
    target_groups_of: Relation<&'d Resource>,
    classic_lbs_of: Relation<&'d Resource>,
    permissions_of: Relation<&'d Resource>,
    mappings_of_source: Relation<&'d Resource>,
    mappings_of_function: Relation<&'d Resource>,
    endpoints_of: Relation<&'d Resource>,
    flows_from: Relation<&'d Flow>,
    flows_to: Relation<&'d Flow>,
    /// Whether each slot is a public subnet.
    public: Vec<bool>,
    /// Shared by the endpoint and security rules.
    consumers: Consumers<'d>,
    /// What NAT gateways cost, computed by the first rule that asks.
    nat_costs: std::cell::OnceCell<crate::cost::NatCosts>,
    /// The CIDRs of each resource's subnets, gathered by the first trace.
    subnet_cidrs: std::cell::OnceCell<Relation<Ipv4Net>>,
    /// Each flow's route, traced by the first rule that asks.
    flow_routes: std::cell::OnceCell<Vec<Option<crate::reach::Route<'d>>>>,
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
        let mut ids = Interner {
            slots: FastMap::with_capacity_and_hasher(n + n / 4 + 16, FastHash::default()),
            by_address: rustc_hash::FxHashMap::with_capacity_and_hasher(
                n * 4 + design.flows.len() * 2,
                rustc_hash::FxBuildHasher,
            ),
            resources: Vec::with_capacity(n + n / 4 + 16),
        };
        for r in &design.resources {
            let slot = ids.slot(&r.id) as usize;
            if ids.resources[slot].is_none() {
                ids.resources[slot] = Some(r);
            }
        }
        let mut by_tag: FastMap<KindTag, Vec<&'d Resource>> = FastMap::default();
        let mut main_route_table = FastMap::default();
        let mut pairs = Pairs::default();
        for r in &design.resources {
            add(&mut ids, &mut pairs, &mut main_route_table, r);
            by_tag.entry(r.kind.tag()).or_default().push(r);
        }
        for flow in &design.flows {
            pairs.flows_from.push((ids.slot(&flow.source), flow));
            pairs.flows_to.push((ids.slot(&flow.target), flow));
        }
        let slots = ids.resources.len();
        let by_address = addresses(design, &ids.slots, std::mem::take(&mut ids.by_address));
        let mut index = Index {
            design,
            slots: ids.slots,
            by_address,
            resources: ids.resources,
            children: Relation::build(slots, &pairs.children),
            by_tag,
            flows_by_id: design.flows.iter().map(|f| (&f.id, f)).collect(),
            vpc_of: vec![None; slots],
            route_tables_of: Relation::build(slots, &pairs.route_tables_of),
            main_route_table,
            nacls_of: Relation::build(slots, &pairs.nacls_of),
            igws_of: Relation::build(slots, &pairs.igws_of),
            members: Relation::build(slots, &pairs.members),
            listeners_of_lb: Relation::build(slots, &pairs.listeners_of_lb),
            listeners_of_tg: Relation::build(slots, &pairs.listeners_of_tg),
            target_groups_of: Relation::build(slots, &pairs.target_groups_of),
            classic_lbs_of: Relation::build(slots, &pairs.classic_lbs_of),
            permissions_of: Relation::build(slots, &pairs.permissions_of),
            mappings_of_source: Relation::build(slots, &pairs.mappings_of_source),
            mappings_of_function: Relation::build(slots, &pairs.mappings_of_function),
            endpoints_of: Relation::build(slots, &pairs.endpoints_of),
            flows_from: Relation::build(slots, &pairs.flows_from),
            flows_to: Relation::build(slots, &pairs.flows_to),
            public: vec![false; slots],
            consumers: Consumers::default(),
            nat_costs: std::cell::OnceCell::new(),
            subnet_cidrs: std::cell::OnceCell::new(),
            flow_routes: std::cell::OnceCell::new(),
        };
        // The VPC of each resource, now that containers are known; a later
        // duplicate ID overrides an earlier one, as inserting into a map did.
        for r in &design.resources {
            if let Some(vpc) = index.compute_vpc(&r.kind)
                && let Some(slot) = index.slot(&r.id)
            {
                index.vpc_of[slot as usize] = Some(vpc);
            }
        }
        let public: Vec<u32> = index
            .subnets()
            .filter(|(r, _)| index.compute_public(&r.id))
            .filter_map(|(r, _)| index.slot(&r.id))
            .collect();
        for slot in public {
            index.public[slot as usize] = true;
        }
        index.consumers = index.compute_consumers();
        index
    }

    /// The slot of an ID the design names.
    fn slot(&self, id: &ResourceId) -> Option<u32> {
        match self.by_address.get(&address(id)) {
            Some(&slot) => Some(slot),
            None => self.slots.get(id.as_str()).copied(),
        }
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
            let Some(vpc) = self.vpc_of(&source.id) else {
                continue;
            };
            if seen.insert((vpc, service, &source.id)) {
                out.entry((vpc, service)).or_default().push(source);
            }
        }
        out
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
            Kind::EgressOnlyInternetGateway(g) => Some(&g.vpc),
            Kind::VpnGateway(g) => g.vpc.as_ref(),
            Kind::FlowLog(f) => via_subnet(std::slice::from_ref(&f.resource))
                .or_else(|| self.vpc(&f.resource).map(|(r, _)| &r.id)),
            Kind::TransitGatewayAttachment(a) => Some(&a.vpc),
            Kind::RouteTable(rt) => Some(&rt.vpc),
            Kind::NetworkAcl(acl) => Some(&acl.vpc),
            Kind::SecurityGroup(sg) => Some(&sg.vpc),
            Kind::VpcEndpoint(ep) => Some(&ep.vpc),
            Kind::TargetGroup(tg) => tg.vpc.as_ref(),
            Kind::Listener(l) => {
                self.lb(&l.load_balancer).and_then(|(_, lb)| via_subnet(&lb.subnets))
            }
            Kind::LaunchTemplate(lt) => via_sg(&lt.security_groups),
            _ => via_subnet(kind.subnets()).or_else(|| via_sg(kind.security_groups())),
        }
    }

    fn compute_public(&self, subnet: &ResourceId) -> bool {
        let Some((_, table)) = self.route_table_of(subnet) else {
            return false;
        };
        let vpc = self.vpc_of(subnet);
        table.routes.iter().any(|route| {
            matches!(&route.destination, RouteDestination::Cidr(c) if c.prefix_len() == 0)
                && self
                    .igw(&route.target)
                    .is_some_and(|(_, igw)| igw.vpc.is_some() && igw.vpc.as_ref() == vpc)
        })
    }

    pub fn get(&self, id: &ResourceId) -> Option<&'d Resource> {
        self.slot(id).and_then(|slot| self.resources[slot as usize])
    }

    pub fn flow(&self, id: &ResourceId) -> Option<&'d Flow> {
        self.flows_by_id.get(id).copied()
    }

    /// A resource reference for findings; a flow is named by its label or
    /// its ends, and unknown IDs keep the ID as name.
    pub fn reference(&self, id: &ResourceId) -> ResourceRef {
        let logical_id = self.get(id).and_then(|r| r.logical_id.clone());
        let name = match (self.get(id), self.flow(id)) {
            (Some(r), _) => r.name.clone(),
            (None, Some(flow)) if !flow.label.is_empty() => flow.label.clone(),
            (None, Some(flow)) => {
                format!("{} → {}", self.name(&flow.source), self.name(&flow.target))
            }
            (None, None) => id.to_string(),
        };
        ResourceRef { id: id.clone(), name, logical_id }
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

    /// The subnets whose IPv4 block is known, with it: the addressing rules
    /// judge only these (a block from a parameter or an IPAM pool is known
    /// only at deploy time).
    pub fn subnet_blocks(&self) -> impl Iterator<Item = (&'d Resource, &'d Subnet, Ipv4Net)> + '_ {
        self.subnets().filter_map(|(r, s)| Some((r, s, s.cidr?)))
    }

    /// The resources whose container is `id` (AZs of a VPC, subnets of an AZ).
    pub fn children(&self, id: &ResourceId) -> &[&'d Resource] {
        self.children.get(self.slot(id))
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
        self.slot(id).and_then(|slot| self.vpc_of[slot as usize])
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

    /// When every subnet of `subnets` that resolves is in one zone: that
    /// zone's AZ, the first such subnet and the zone's letter. `None` when
    /// they span several zones or none resolves.
    pub fn single_zone<'s>(
        &self,
        subnets: &'s [ResourceId],
    ) -> Option<(&'d ResourceId, &'s ResourceId, &'d str)> {
        let mut resolved = subnets.iter().filter_map(|s| Some((s, self.az_of_subnet(s)?)));
        let (first, az) = resolved.next()?;
        if resolved.any(|(_, other)| other != az) {
            return None;
        }
        Some((az, first, self.zone_of_subnet(first).unwrap_or("?")))
    }

    /// The route tables explicitly associated with a subnet.
    pub fn route_tables_of(&self, subnet: &ResourceId) -> &[&'d Resource] {
        self.route_tables_of.get(self.slot(subnet))
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
        self.slot(subnet).is_some_and(|slot| self.public[slot as usize])
    }

    /// The network ACLs associated with a subnet.
    pub fn nacls_of(&self, subnet: &ResourceId) -> &[&'d Resource] {
        self.nacls_of.get(self.slot(subnet))
    }

    /// The internet gateways attached to a VPC.
    pub fn igws_of(&self, vpc: &ResourceId) -> &[&'d Resource] {
        self.igws_of.get(self.slot(vpc))
    }

    /// Whether a database answers on a public address: as it says, else as
    /// AWS defaults it, public when its VPC has an internet gateway
    /// attached; never for the other kinds.
    pub fn publicly_accessible(&self, resource: &Resource) -> bool {
        if !matches!(resource.kind, Kind::RdsInstance(_) | Kind::DbCluster(_)) {
            return false;
        }
        resource.kind.publicly_accessible().unwrap_or_else(|| {
            self.vpc_of(&resource.id).is_some_and(|vpc| !self.igws_of(vpc).is_empty())
        })
    }

    /// The security groups a resource's network interfaces join: its own,
    /// or for an Auto Scaling group those of its launch template.
    pub fn security_groups_of<'r>(&self, resource: &'r Resource) -> &'r [ResourceId]
    where
        'd: 'r,
    {
        groups_of(&resource.kind, |id| self.get(id))
    }

    /// The resources that are members of a security group.
    pub fn members(&self, sg: &ResourceId) -> &[&'d Resource] {
        self.members.get(self.slot(sg))
    }

    pub fn listeners_of_lb(&self, lb: &ResourceId) -> &[&'d Resource] {
        self.listeners_of_lb.get(self.slot(lb))
    }

    /// The listeners that forward to a target group.
    pub fn listeners_of_tg(&self, tg: &ResourceId) -> &[&'d Resource] {
        self.listeners_of_tg.get(self.slot(tg))
    }

    /// The target groups a function or service is registered in.
    pub fn target_groups_of(&self, target: &ResourceId) -> &[&'d Resource] {
        self.target_groups_of.get(self.slot(target))
    }

    /// The classic load balancers an instance or Auto Scaling group is
    /// registered with.
    pub fn classic_lbs_of(&self, target: &ResourceId) -> &[&'d Resource] {
        self.classic_lbs_of.get(self.slot(target))
    }

    /// The invoke permissions of a function.
    pub fn permissions_of(&self, function: &ResourceId) -> &[&'d Resource] {
        self.permissions_of.get(self.slot(function))
    }

    /// The event source mappings that read a queue or table.
    pub fn mappings_of_source(&self, source: &ResourceId) -> &[&'d Resource] {
        self.mappings_of_source.get(self.slot(source))
    }

    /// The event source mappings that feed a function.
    pub fn mappings_of_function(&self, function: &ResourceId) -> &[&'d Resource] {
        self.mappings_of_function.get(self.slot(function))
    }

    /// The VPC endpoints of a VPC.
    pub fn endpoints_of(&self, vpc: &ResourceId) -> &[&'d Resource] {
        self.endpoints_of.get(self.slot(vpc))
    }

    /// What the design's NAT gateways cost and the traffic through them,
    /// computed once.
    pub fn nat_costs(&self) -> &crate::cost::NatCosts {
        self.nat_costs.get_or_init(|| crate::cost::NatCosts::of(self))
    }

    /// The CIDR blocks of a resource's subnets (those with a block), in
    /// the order it names them: the addresses it may use, as security
    /// groups and network ACLs see them. Gathered once for every resource.
    pub fn subnet_cidrs(&self, id: &ResourceId) -> &[Ipv4Net] {
        let relation = self.subnet_cidrs.get_or_init(|| {
            let pairs: Vec<(u32, Ipv4Net)> = self
                .design
                .resources
                .iter()
                .filter_map(|r| Some((self.slot(&r.id)?, r)))
                .flat_map(|(slot, r)| {
                    r.kind.subnets().iter().filter_map(move |s| {
                        self.subnet(s).and_then(|(_, s)| s.cidr).map(|c| (slot, c.trunc()))
                    })
                })
                .collect();
            Relation::build(self.resources.len(), &pairs)
        });
        relation.get(self.slot(id))
    }

    /// Each flow's verdict and the resources on its path, in flow order
    /// (`None` where an end is missing or known only at deploy time),
    /// traced once for the reachability rule and the NAT cost estimate.
    pub fn flow_routes(&self) -> &[Option<crate::reach::Route<'d>>] {
        self.flow_routes.get_or_init(|| {
            self.design.flows.iter().map(|flow| crate::reach::route_flow(self, flow)).collect()
        })
    }

    /// The in-VPC callers of each AWS service, by (VPC, service short name):
    /// the sources of flows whose target stands for the service (or is an
    /// endpoint of it), in flow order and without repeats.
    pub(crate) fn consumers(&self) -> &Consumers<'d> {
        &self.consumers
    }

    pub fn flows_from(&self, id: &ResourceId) -> &[&'d Flow] {
        self.flows_from.get(self.slot(id))
    }

    pub fn flows_to(&self, id: &ResourceId) -> &[&'d Flow] {
        self.flows_to.get(self.slot(id))
    }
}

/// The security groups of a kind, looking up an Auto Scaling group's
/// launch template with `get`.
fn groups_of<'d>(
    kind: &'d Kind,
    get: impl Fn(&ResourceId) -> Option<&'d Resource>,
) -> &'d [ResourceId] {
    match kind {
        Kind::AutoScalingGroup(asg) => {
            match asg.launch_template.as_ref().and_then(get).map(|r| &r.kind) {
                Some(Kind::LaunchTemplate(lt)) => &lt.security_groups,
                _ => &[],
            }
        }
        other => other.security_groups(),
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
        Kind::EgressOnlyInternetGateway(g) => Some(&g.vpc),
        Kind::VpnGateway(g) => g.vpc.as_ref(),
        Kind::FlowLog(f) => Some(&f.resource),
        Kind::TransitGatewayAttachment(a) => a.subnets.first().or(Some(&a.vpc)),
        Kind::RouteTable(rt) => Some(&rt.vpc),
        Kind::NetworkAcl(acl) => Some(&acl.vpc),
        Kind::SecurityGroup(sg) => Some(&sg.vpc),
        Kind::VpcEndpoint(ep) => ep.subnets.first().or(Some(&ep.vpc)),
        _ => kind.subnets().first(),
    }
}
