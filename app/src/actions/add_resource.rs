//! Adding a resource dropped from the palette: where it may go, which
//! container it joins, and the resources and layout it creates.
//!
//! Containers accept only what AWS allows: a VPC sits on the open canvas, a
//! subnet in one of a VPC's availability zones, NAT gateways, load balancers
//! and ECS services in a subnet, a Lambda function either in a subnet or
//! outside every VPC, an interface endpoint in a subnet and a gateway
//! endpoint on its VPC, one internet gateway per VPC, route tables, network
//! ACLs and security groups on their VPC, a peering connection between two
//! VPCs, and regional services outside VPCs.

use super::{Action, Applied, Refusal, UndoPolicy};
use crate::geometry::{
    self, AZ_HEADER, AZ_W, Containers, ICON_NODE_H, ICON_NODE_W, INITIAL_ROWS, Point, VPC_HEADER,
    VPC_PAD, az_height, snap, subnet_row,
};
use ipnet::Ipv4Net;
use vpcraft_core::cidr;
use vpcraft_core::layout::auto as auto_layout;
use vpcraft_core::model::{EndpointType, Kind, KindTag, Rect, TargetType, VpcConfig, VpcPeering};
use vpcraft_core::sort;
use vpcraft_core::{Design, Resource, ResourceId};

/// Adds a resource of kind `tag` dropped at `at` (canvas coordinates).
#[derive(Clone, Debug)]
pub struct AddResource {
    pub tag: KindTag,
    pub at: Point,
}

/// Where a dropped resource goes; computed before anything changes, so the
/// canvas can preview a drop while the pointer moves.
#[derive(Clone, Debug, PartialEq)]
pub enum Placement {
    /// A new VPC on the open canvas, with availability zones "a" and "b".
    Vpc { rect: Rect },
    /// A new availability zone column at the right of a VPC's columns.
    AvailabilityZone { vpc: ResourceId, zone: String, rect: Rect, vpc_rect: Rect },
    /// A new subnet in a row of an availability zone column; `resized`
    /// lists the containers that grow to make room for it.
    Subnet {
        vpc: ResourceId,
        az: ResourceId,
        cidr: Ipv4Net,
        rect: Rect,
        resized: Vec<(ResourceId, Rect)>,
    },
    /// Any other resource, drawn as an icon, in the containers it belongs
    /// to (a subnet, a VPC or none); `associate` is the subnet a route table
    /// dropped on it is associated with, and `resized` lists the containers
    /// that grow for the icon.
    Node {
        within: Containers,
        associate: Option<ResourceId>,
        rect: Rect,
        resized: Vec<(ResourceId, Rect)>,
    },
    /// A peering connection between two VPCs, drawn outside both.
    Peering { requester: ResourceId, accepter: ResourceId, rect: Rect },
}

impl Placement {
    /// The container the drop lands in, to highlight while dragging.
    pub fn target(&self) -> Option<&ResourceId> {
        match self {
            Placement::Vpc { .. } => None,
            Placement::AvailabilityZone { vpc, .. } => Some(vpc),
            Placement::Subnet { az, .. } => Some(az),
            Placement::Node { within, associate, .. } => associate
                .as_ref()
                .or(within.subnet.as_ref())
                .or(within.az.as_ref())
                .or(within.vpc.as_ref()),
            Placement::Peering { .. } => None,
        }
    }

    /// Where the new resource will be drawn.
    pub fn rect(&self) -> Rect {
        match self {
            Placement::Vpc { rect }
            | Placement::AvailabilityZone { rect, .. }
            | Placement::Subnet { rect, .. }
            | Placement::Node { rect, .. }
            | Placement::Peering { rect, .. } => *rect,
        }
    }
}

/// Width of a new VPC with two availability zone columns.
fn vpc_width(columns: usize) -> f64 {
    columns as f64 * (AZ_W + VPC_PAD) + VPC_PAD
}

/// Decides where a resource of kind `tag` dropped at `at` goes, or why it
/// cannot go there.
pub fn plan_placement(design: &Design, tag: KindTag, at: Point) -> Result<Placement, Refusal> {
    if !in_palette(tag) {
        return Err(Refusal::new(format!("{} cannot be added from the palette yet", tag.title())));
    }
    let within = geometry::containers_at(design, at);
    match tag {
        KindTag::Vpc => plan_vpc(design, &within, at),
        KindTag::AvailabilityZone => plan_az(design, &within),
        KindTag::Subnet => plan_subnet(design, &within, at),
        _ => plan_node(design, tag, within, at),
    }
}

/// Why a VPC cannot go inside another.
const NESTED_VPC: &str = "VPCs cannot be nested: drop the VPC on an empty part of the canvas";
/// Why an availability zone cannot go on the open canvas.
pub(super) const ZONE_OUTSIDE_VPC: &str = "An availability zone must be placed inside a VPC";
/// Why a subnet cannot go on the open canvas.
pub(super) const SUBNET_OUTSIDE_VPC: &str =
    "A subnet must be placed inside a VPC's availability zone";

fn plan_vpc(design: &Design, within: &Containers, at: Point) -> Result<Placement, Refusal> {
    if within.vpc.is_some() {
        return Err(Refusal::new(NESTED_VPC));
    }
    let mut rect = Rect::new(
        snap(at.x - VPC_PAD),
        snap(at.y - VPC_HEADER / 2.0),
        vpc_width(2),
        VPC_HEADER + az_height(INITIAL_ROWS) + VPC_PAD,
    );
    // Slide the new VPC to the right of any VPC it would overlap.
    while let Some(other) = vpc_rects(design).find(|other| geometry::intersects(other, &rect)) {
        rect.x = snap(other.x + other.w + 2.0 * VPC_PAD);
    }
    Ok(Placement::Vpc { rect })
}

fn vpc_rects(design: &Design) -> impl Iterator<Item = Rect> + '_ {
    design
        .resources
        .iter()
        .filter(|r| matches!(r.kind, Kind::Vpc(_)))
        .filter_map(|r| design.layout.positions.get(&r.id).copied())
}

fn plan_az(design: &Design, within: &Containers) -> Result<Placement, Refusal> {
    let Some(vpc) = within.vpc.clone() else {
        return Err(Refusal::new(ZONE_OUTSIDE_VPC));
    };
    let vpc_rect = rect_of(design, &vpc)?;
    let azs = geometry::azs_of_vpc(design, &vpc);
    let used: Vec<String> = azs.iter().filter_map(|id| zone_of(design, id)).collect();
    let Some(zone) = ('a'..='z').map(String::from).find(|z| !used.contains(z)) else {
        return Err(Refusal::new("This VPC already uses every availability zone letter"));
    };
    let rects: Vec<Rect> =
        azs.iter().filter_map(|id| design.layout.positions.get(id).copied()).collect();
    let x = rects.iter().map(|r| r.x + r.w).fold(vpc_rect.x, f64::max) + VPC_PAD;
    let h = rects.iter().map(|r| r.h).fold(az_height(INITIAL_ROWS), f64::max);
    let rect = Rect::new(x, vpc_rect.y + VPC_HEADER, AZ_W, h);
    let grown = geometry::union(&vpc_rect, &Rect::new(x, rect.y, AZ_W + VPC_PAD, h + VPC_PAD));
    Ok(Placement::AvailabilityZone { vpc, zone, rect, vpc_rect: grown })
}

fn plan_subnet(design: &Design, within: &Containers, at: Point) -> Result<Placement, Refusal> {
    let Some(vpc) = within.vpc.clone() else {
        return Err(Refusal::new(SUBNET_OUTSIDE_VPC));
    };
    let az = match &within.az {
        Some(az) => az.clone(),
        None => geometry::azs_of_vpc(design, &vpc)
            .into_iter()
            .filter_map(|id| design.layout.positions.get(&id).map(|r| (id.clone(), *r)))
            .min_by(|(_, a), (_, b)| {
                geometry::horizontal_distance(a, at)
                    .total_cmp(&geometry::horizontal_distance(b, at))
            })
            .map(|(id, _)| id)
            .ok_or_else(|| {
                Refusal::new("This VPC has no availability zone yet: add one before its subnets")
            })?,
    };
    let cidr = next_subnet_cidr(design, &vpc)?;
    subnet_placement(design, vpc, az, cidr)
}

/// A new subnet with a given block in the first free row of a zone's
/// column, and the containers that grow to make room for it.
pub(super) fn subnet_placement(
    design: &Design,
    vpc: ResourceId,
    az: ResourceId,
    cidr: Ipv4Net,
) -> Result<Placement, Refusal> {
    let az_rect = rect_of(design, &az)?;
    let siblings: Vec<Rect> =
        subnets_in(design, &az).filter_map(|id| design.layout.positions.get(id).copied()).collect();
    let rect = (0..)
        .map(|row| subnet_row(&az_rect, row))
        .find(|candidate| !siblings.iter().any(|s| geometry::intersects(s, candidate)))
        .expect("an unbounded search finds a free row");
    Ok(Placement::Subnet { resized: geometry::grow_for(design, &vpc, &rect), vpc, az, cidr, rect })
}

/// Adds a planned subnet: grows its containers and pushes the subnet.
pub(super) fn insert_subnet(
    design: &mut Design,
    az: &ResourceId,
    cidr: Ipv4Net,
    rect: Rect,
    resized: Vec<(ResourceId, Rect)>,
) -> ResourceId {
    for (id, grown) in resized {
        design.layout.positions.insert(id, grown);
    }
    let mut kind = Kind::default_for(KindTag::Subnet, Some(az)).expect("subnets have defaults");
    if let Kind::Subnet(subnet) = &mut kind {
        subnet.cidr = Some(cidr);
    }
    push(design, KindTag::Subnet, kind, rect)
}

/// The next free /24 of a VPC, or the largest free block when the VPC is
/// too small for a /24.
fn next_subnet_cidr(design: &Design, vpc: &ResourceId) -> Result<Ipv4Net, Refusal> {
    let Some(Kind::Vpc(vpc_props)) = design.resource(vpc).map(|r| &r.kind) else {
        return Err(Refusal::new("The VPC under the pointer no longer exists"));
    };
    let azs = geometry::azs_of_vpc(design, vpc);
    let used: Vec<Ipv4Net> = design
        .resources
        .iter()
        .filter_map(|r| match &r.kind {
            Kind::Subnet(s) if azs.contains(&s.az) => s.cidr,
            _ => None,
        })
        .collect();
    (24..=28).find_map(|prefix| cidr::next_free(&vpc_props.cidr_blocks, &used, prefix)).ok_or_else(
        || {
            let name = design.resource(vpc).map_or("", |r| r.name.as_str());
            Refusal::new(format!("VPC \"{name}\" has no free address block left for a subnet"))
        },
    )
}

/// The private ranges a new VPC's /16 is taken from, in order (RFC 1918).
const PRIVATE_RANGES: [&str; 3] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];

/// The first /16 of the private ranges (10.0.0.0/16, then 10.1.0.0/16, ...)
/// that overlaps no block of another VPC of the design.
fn next_vpc_cidr(design: &Design) -> Result<Ipv4Net, Refusal> {
    let used: Vec<Ipv4Net> = design
        .resources
        .iter()
        .filter_map(|r| match &r.kind {
            Kind::Vpc(vpc) => Some(vpc.cidr_blocks.iter().copied()),
            _ => None,
        })
        .flatten()
        .collect();
    let ranges: Vec<Ipv4Net> =
        PRIVATE_RANGES.iter().map(|r| r.parse().expect("a valid private range")).collect();
    cidr::next_free(&ranges, &used, 16).ok_or_else(|| {
        Refusal::new("Every private /16 is taken by a VPC of this design: free one for a new VPC")
    })
}

/// Where a kind lives in AWS, which decides where it may be dropped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Home {
    /// In a subnet (more subnets are added in the inspector): NAT gateways,
    /// load balancers and ECS services.
    Subnet,
    /// Part of a VPC as a whole, not of one subnet: internet gateways, route
    /// tables, network ACLs and security groups. Drawn in the VPC's own row
    /// even when dropped on a subnet.
    Vpc,
    /// Regional, outside every VPC: addresses and managed services.
    Region,
    /// A Lambda function: in a subnet (with VPC access) or outside every VPC.
    SubnetOrRegion,
    /// A VPC endpoint: an interface endpoint in a subnet, or a gateway
    /// endpoint on the VPC outside its subnets.
    SubnetOrVpc,
    /// A target group: on a VPC for ip targets, outside every VPC for a
    /// Lambda target.
    VpcOrRegion,
    /// A peering connection, between two VPCs on the open canvas.
    BetweenVpcs,
}

pub(super) fn home(tag: KindTag) -> Home {
    match tag {
        KindTag::NatGateway
        | KindTag::LoadBalancer
        | KindTag::EcsService
        | KindTag::Ec2Instance
        | KindTag::NetworkInterface
        | KindTag::AutoScalingGroup
        | KindTag::EksCluster
        | KindTag::EksNodeGroup
        | KindTag::RdsInstance
        | KindTag::DbCluster
        | KindTag::CacheCluster
        | KindTag::EfsFileSystem
        | KindTag::TransitGatewayAttachment => Home::Subnet,
        KindTag::InternetGateway
        | KindTag::EgressOnlyInternetGateway
        | KindTag::VpnGateway
        | KindTag::FlowLog
        | KindTag::RouteTable
        | KindTag::NetworkAcl
        | KindTag::SecurityGroup => Home::Vpc,
        KindTag::LambdaFunction => Home::SubnetOrRegion,
        KindTag::VpcEndpoint => Home::SubnetOrVpc,
        KindTag::TargetGroup => Home::VpcOrRegion,
        KindTag::VpcPeering => Home::BetweenVpcs,
        _ => Home::Region,
    }
}

/// The containers an icon of kind `tag` found over `within` belongs to.
/// Resources of the VPC as a whole are not drawn in a subnet they are over,
/// and icons are never loose in a zone: outside a subnet they belong to the
/// VPC (whose row they go to, and which is the drop target).
pub(super) fn home_within(tag: KindTag, mut within: Containers) -> Containers {
    if matches!(home(tag), Home::Vpc | Home::VpcOrRegion) {
        within.subnet = None;
    }
    if within.subnet.is_none() {
        within.az = None;
    }
    within
}

/// True when the palette offers `tag`: every kind with default properties,
/// and peering connections, which take their two VPCs from where they are
/// dropped.
pub fn in_palette(tag: KindTag) -> bool {
    tag == KindTag::VpcPeering || Kind::default_for(tag, None).is_some()
}

/// A kind's name with its article, to start a sentence.
pub(super) fn a(tag: KindTag) -> &'static str {
    match tag {
        KindTag::InternetGateway => "An internet gateway",
        KindTag::EgressOnlyInternetGateway => "An egress-only internet gateway",
        KindTag::TransitGateway => "A transit gateway",
        KindTag::TransitGatewayAttachment => "A transit gateway attachment",
        KindTag::VpnGateway => "A virtual private gateway",
        KindTag::CustomerGateway => "A customer gateway",
        KindTag::VpnConnection => "A VPN connection",
        KindTag::FlowLog => "A VPC flow log",
        KindTag::NetworkInterface => "A network interface",
        KindTag::NatGateway => "A NAT gateway",
        KindTag::ElasticIp => "An Elastic IP",
        KindTag::RouteTable => "A route table",
        KindTag::NetworkAcl => "A network ACL",
        KindTag::SecurityGroup => "A security group",
        KindTag::VpcEndpoint => "A VPC endpoint",
        KindTag::VpcPeering => "A VPC peering connection",
        KindTag::LoadBalancer => "A load balancer",
        KindTag::TargetGroup => "A target group",
        KindTag::LambdaFunction => "A Lambda function",
        KindTag::EcsService => "An ECS service",
        KindTag::Ec2Instance => "An EC2 instance",
        KindTag::LaunchTemplate => "A launch template",
        KindTag::AutoScalingGroup => "An Auto Scaling group",
        KindTag::EksCluster => "An EKS cluster",
        KindTag::EksNodeGroup => "An EKS node group",
        KindTag::RdsInstance => "An RDS database",
        KindTag::DbCluster => "An Aurora cluster",
        KindTag::CacheCluster => "An ElastiCache cluster",
        KindTag::EfsFileSystem => "An EFS file system",
        KindTag::ApiGateway => "An API Gateway API",
        KindTag::SqsQueue => "An SQS queue",
        KindTag::LogGroup => "A CloudWatch log group",
        KindTag::NestedStack => "A nested stack",
        KindTag::S3Bucket => "An S3 bucket",
        KindTag::DynamoDbTable => "A DynamoDB table",
        KindTag::AwsService => "An AWS service",
        other => other.title(),
    }
}

pub(super) fn name_of(design: &Design, id: &ResourceId) -> String {
    design.resource(id).map_or_else(|| id.to_string(), |r| r.name.clone())
}

/// Refuses a drop where AWS does not allow the kind.
pub(super) fn check_home(
    design: &Design,
    tag: KindTag,
    within: &Containers,
) -> Result<(), Refusal> {
    let refuse = |reason: String| Err(Refusal::new(reason));
    match home(tag) {
        Home::Subnet if within.subnet.is_none() => {
            refuse(format!("{} must be placed inside a subnet", a(tag)))
        }
        Home::Vpc | Home::SubnetOrVpc if within.vpc.is_none() => {
            refuse(format!("{} must be placed inside a VPC", a(tag)))
        }
        Home::Region if within.vpc.is_some() => {
            refuse(format!("{} is regional, not part of a VPC: place it outside every VPC", a(tag)))
        }
        Home::SubnetOrRegion if within.vpc.is_some() && within.subnet.is_none() => refuse(
            "A Lambda function in a VPC must be placed inside a subnet (or outside every VPC)"
                .into(),
        ),
        Home::BetweenVpcs if within.vpc.is_some() => refuse(
            "A VPC peering connection joins two VPCs: drop it on the canvas between them".into(),
        ),
        _ => match (tag, &within.vpc, &within.subnet) {
            (KindTag::InternetGateway, Some(vpc), _) => one_internet_gateway(design, vpc),
            (KindTag::RouteTable, _, Some(subnet)) => one_route_table(design, subnet),
            _ => Ok(()),
        },
    }
}

/// A VPC has at most one internet gateway attached.
fn one_internet_gateway(design: &Design, vpc: &ResourceId) -> Result<(), Refusal> {
    let attached = design
        .resources
        .iter()
        .find(|r| matches!(&r.kind, Kind::InternetGateway(igw) if igw.vpc.as_ref() == Some(vpc)));
    match attached {
        Some(igw) => Err(Refusal::new(format!(
            "VPC \"{}\" already has internet gateway \"{}\": a VPC takes only one",
            name_of(design, vpc),
            igw.name
        ))),
        None => Ok(()),
    }
}

/// The route table a subnet is explicitly associated with, if any.
fn route_table_of<'d>(design: &'d Design, subnet: &ResourceId) -> Option<&'d Resource> {
    design
        .resources
        .iter()
        .find(|r| matches!(&r.kind, Kind::RouteTable(rt) if rt.associations.contains(subnet)))
}

/// A route table dropped on a subnet is associated with it, and a subnet is
/// associated with one route table at most.
fn one_route_table(design: &Design, subnet: &ResourceId) -> Result<(), Refusal> {
    match route_table_of(design, subnet) {
        Some(table) => Err(Refusal::new(format!(
            "Subnet \"{}\" already uses route table \"{}\": drop the new route table on \
             the VPC outside its subnets",
            name_of(design, subnet),
            table.name
        ))),
        None => Ok(()),
    }
}

fn plan_node(
    design: &Design,
    tag: KindTag,
    mut within: Containers,
    at: Point,
) -> Result<Placement, Refusal> {
    check_home(design, tag, &within)?;
    let wanted = Rect::new(
        snap(at.x - ICON_NODE_W / 2.0),
        snap(at.y - ICON_NODE_H / 2.0),
        ICON_NODE_W,
        ICON_NODE_H,
    );
    if tag == KindTag::VpcPeering {
        let (requester, accepter) = peers_near(design, at)?;
        return Ok(Placement::Peering {
            requester,
            accepter,
            rect: outside_containers(design, wanted),
        });
    }
    // A route table dropped on a subnet is associated with it.
    let associate = within.subnet.clone().filter(|_| tag == KindTag::RouteTable);
    within = home_within(tag, within);
    let (rect, resized) = match (&within.subnet, &within.vpc) {
        (Some(subnet), _) => {
            let outer = rect_of(design, subnet)?;
            let rect = clamp_inside(wanted, &outer);
            let rect = auto_layout::free_slot_near(design, &outer, &rect).unwrap_or(rect);
            (rect, Vec::new())
        }
        // VPC-wide resources go in the VPC's own row, below its zones, so
        // they never cover a zone or a subnet.
        (None, Some(vpc)) => {
            let outer = rect_of(design, vpc)?;
            match auto_layout::free_slot(design, &outer) {
                Some(rect) => (rect, Vec::new()),
                None => {
                    let (rect, grown) = auto_layout::vpc_row(outer);
                    (rect, vec![(vpc.clone(), grown)])
                }
            }
        }
        (None, None) => (outside_containers(design, wanted), Vec::new()),
    };
    Ok(Placement::Node { within, associate, rect, resized })
}

/// The two VPCs nearest to a point, for a peering connection dropped there:
/// the nearest requests, the other accepts.
fn peers_near(design: &Design, at: Point) -> Result<(ResourceId, ResourceId), Refusal> {
    let distance = |r: &Rect| {
        let dx = (r.x - at.x).max(at.x - (r.x + r.w)).max(0.0);
        let dy = (r.y - at.y).max(at.y - (r.y + r.h)).max(0.0);
        dx.hypot(dy)
    };
    let mut vpcs: Vec<(f64, &ResourceId)> = design
        .resources
        .iter()
        .filter(|r| matches!(r.kind, Kind::Vpc(_)))
        .filter_map(|r| design.layout.positions.get(&r.id).map(|rect| (distance(rect), &r.id)))
        .collect();
    sort::sort_by(&mut vpcs, |a, b| a.0.total_cmp(&b.0));
    let [(_, requester), (_, accepter), ..] = vpcs[..] else {
        return Err(Refusal::new(
            "A VPC peering connection joins two VPCs: draw a second VPC first",
        ));
    };
    let existing = design.resources.iter().find(|r| match &r.kind {
        Kind::VpcPeering(p) => {
            (&p.requester, &p.accepter) == (requester, accepter)
                || (&p.requester, &p.accepter) == (accepter, requester)
        }
        _ => false,
    });
    if let Some(peering) = existing {
        return Err(Refusal::new(format!(
            "VPCs \"{}\" and \"{}\" are already peered by \"{}\"",
            name_of(design, requester),
            name_of(design, accepter),
            peering.name
        )));
    }
    Ok((requester.clone(), accepter.clone()))
}

/// Pushes a rectangle dropped next to a VPC out of it, so that it is either
/// wholly inside a container or wholly outside.
pub(super) fn outside_containers(design: &Design, mut rect: Rect) -> Rect {
    for vpc in vpc_rects(design) {
        if !geometry::intersects(&vpc, &rect) {
            continue;
        }
        let moves = [
            (vpc.x - (rect.x + rect.w) - 8.0, 0.0),
            (vpc.x + vpc.w + 8.0 - rect.x, 0.0),
            (0.0, vpc.y - (rect.y + rect.h) - 8.0),
            (0.0, vpc.y + vpc.h + 8.0 - rect.y),
        ];
        let (dx, dy) = moves
            .into_iter()
            .min_by(|a, b| (a.0.abs() + a.1.abs()).total_cmp(&(b.0.abs() + b.1.abs())))
            .expect("four candidate moves");
        rect = rect.translate(dx, dy);
    }
    rect
}

/// Moves `rect` so that it lies inside `outer` below its title, as far as
/// it fits.
pub(super) fn clamp_inside(rect: Rect, outer: &Rect) -> Rect {
    let top = outer.y + AZ_HEADER;
    let x = rect.x.min(outer.x + outer.w - rect.w - 4.0).max(outer.x + 4.0);
    let y = rect.y.min(outer.y + outer.h - rect.h - 4.0).max(top);
    Rect { x, y, ..rect }
}

fn rect_of(design: &Design, id: &ResourceId) -> Result<Rect, Refusal> {
    design
        .layout
        .positions
        .get(id)
        .copied()
        .ok_or_else(|| Refusal::new(format!("{id} has no place on the canvas")))
}

fn zone_of(design: &Design, az: &ResourceId) -> Option<String> {
    match design.resource(az).map(|r| &r.kind) {
        Some(Kind::AvailabilityZone(az)) => Some(az.zone.clone()),
        _ => None,
    }
}

fn subnets_in<'d>(design: &'d Design, az: &'d ResourceId) -> impl Iterator<Item = &'d ResourceId> {
    design.resources.iter().filter_map(move |r| match &r.kind {
        Kind::Subnet(s) if &s.az == az => Some(&r.id),
        _ => None,
    })
}

/// Adds a resource with a fresh ID and name and its rectangle.
fn push(design: &mut Design, tag: KindTag, kind: Kind, rect: Rect) -> ResourceId {
    let id = design.fresh_id(tag.prefix());
    let name = design.fresh_name(tag.prefix());
    design.resources.push(Resource {
        id: id.clone(),
        name,
        logical_id: None,
        physical_id: None,
        kind,
    });
    design.layout.positions.insert(id.clone(), rect);
    id
}

fn add_az(design: &mut Design, vpc: &ResourceId, zone: &str, rect: Rect) -> ResourceId {
    let mut kind =
        Kind::default_for(KindTag::AvailabilityZone, Some(vpc)).expect("AZs have defaults");
    if let Kind::AvailabilityZone(az) = &mut kind {
        az.zone = zone.to_owned();
    }
    push(design, KindTag::AvailabilityZone, kind, rect)
}

impl Action for AddResource {
    fn undo_policy(&self) -> UndoPolicy {
        UndoPolicy::Record
    }

    fn apply(&self, design: &mut Design) -> Result<Applied, Refusal> {
        let tag = self.tag;
        let placement = plan_placement(design, tag, self.at)?;
        let id = match placement {
            Placement::Vpc { rect } => {
                let cidr = next_vpc_cidr(design)?;
                let mut kind = Kind::default_for(tag, None).expect("VPCs have defaults");
                if let Kind::Vpc(vpc) = &mut kind {
                    vpc.cidr_blocks = vec![cidr];
                }
                let vpc = push(design, tag, kind, rect);
                for (column, zone) in ["a", "b"].into_iter().enumerate() {
                    let x = rect.x + VPC_PAD + column as f64 * (AZ_W + VPC_PAD);
                    let az_rect = Rect::new(x, rect.y + VPC_HEADER, AZ_W, az_height(INITIAL_ROWS));
                    add_az(design, &vpc, zone, az_rect);
                }
                vpc
            }
            Placement::AvailabilityZone { vpc, zone, rect, vpc_rect } => {
                design.layout.positions.insert(vpc.clone(), vpc_rect);
                add_az(design, &vpc, &zone, rect)
            }
            Placement::Subnet { az, cidr, rect, resized, .. } => {
                insert_subnet(design, &az, cidr, rect, resized)
            }
            Placement::Node { within, associate, rect, resized } => {
                let kind = node_kind(design, tag, &within, associate)?;
                for (id, grown) in resized {
                    auto_layout::grow_vpc(design, &id, grown);
                }
                push(design, tag, kind, rect)
            }
            Placement::Peering { requester, accepter, rect } => {
                push(design, tag, VpcPeering { requester, accepter }.into(), rect)
            }
        };
        Ok(Applied { select: Some(vec![id]), ..Applied::default() })
    }
}

/// The properties of an icon resource placed in the given containers.
fn node_kind(
    design: &Design,
    tag: KindTag,
    within: &Containers,
    associate: Option<ResourceId>,
) -> Result<Kind, Refusal> {
    let parent = match tag {
        KindTag::NatGateway => within.subnet.as_ref(),
        _ => within.vpc.as_ref(),
    };
    let mut kind = Kind::default_for(tag, parent).ok_or_else(|| {
        Refusal::new(format!("{} cannot be added from the palette yet", tag.title()))
    })?;
    let subnets: Vec<ResourceId> = within.subnet.iter().cloned().collect();
    match &mut kind {
        Kind::LambdaFunction(f) if !subnets.is_empty() => {
            f.vpc_config = Some(VpcConfig { subnets, security_groups: Vec::new() });
        }
        Kind::EcsService(svc) => svc.network.subnets = subnets,
        Kind::Ec2Instance(i) => i.subnet = subnets.into_iter().next(),
        Kind::NetworkInterface(n) => n.subnet = subnets.into_iter().next(),
        Kind::AutoScalingGroup(asg) => asg.subnets = subnets,
        Kind::EksCluster(c) => c.subnets = subnets,
        // A node group joins the first EKS cluster of its VPC, which the
        // inspector can change.
        Kind::EksNodeGroup(ng) => {
            ng.subnets = subnets;
            let index = vpcraft_core::index::Index::new(design);
            ng.cluster = design
                .resources
                .iter()
                .find(|r| {
                    r.kind.acts_as() == KindTag::EksCluster
                        && index.vpc_of(&r.id) == within.vpc.as_ref()
                })
                .map(|r| r.id.clone())
                .ok_or_else(|| {
                    Refusal::new(
                        "An EKS node group needs an EKS cluster in its VPC: add one to a subnet \
                         of the VPC first",
                    )
                })?;
        }
        Kind::RdsInstance(db) => db.subnets = subnets,
        Kind::DbCluster(db) => db.subnets = subnets,
        Kind::CacheCluster(c) => c.subnets = subnets,
        Kind::EfsFileSystem(fs) => fs.subnets = subnets,
        Kind::LoadBalancer(lb) => lb.subnets = subnets,
        // An attachment joins the design's first transit gateway, which
        // the inspector can change.
        Kind::TransitGatewayAttachment(a) => {
            a.subnets = subnets;
            a.transit_gateway = design
                .resources
                .iter()
                .find(|r| r.kind.acts_as() == KindTag::TransitGateway)
                .map(|r| r.id.clone())
                .ok_or_else(|| {
                    Refusal::new(
                        "A transit gateway attachment needs a transit gateway: add one outside \
                         the VPCs first",
                    )
                })?;
        }
        // A flow log records the VPC it is dropped on to the design's first
        // log group or bucket.
        Kind::FlowLog(f) => {
            f.destination = design
                .resources
                .iter()
                .find(|r| matches!(r.kind.acts_as(), KindTag::LogGroup | KindTag::S3Bucket))
                .map(|r| r.id.clone())
                .ok_or_else(|| {
                    Refusal::new(
                        "A VPC flow log needs a destination: add a CloudWatch log group or an \
                         S3 bucket first",
                    )
                })?;
        }
        // A VPN connection joins the design's first customer gateway to its
        // first virtual private gateway (else transit gateway).
        Kind::VpnConnection(c) => {
            let first = |tag: KindTag| {
                design.resources.iter().find(|r| r.kind.acts_as() == tag).map(|r| r.id.clone())
            };
            c.customer_gateway = first(KindTag::CustomerGateway).ok_or_else(|| {
                Refusal::new("A VPN connection needs a customer gateway: add one first")
            })?;
            c.vpn_gateway = first(KindTag::VpnGateway);
            c.transit_gateway =
                c.vpn_gateway.is_none().then(|| first(KindTag::TransitGateway)).flatten();
            if c.vpn_gateway.is_none() && c.transit_gateway.is_none() {
                return Err(Refusal::new(
                    "A VPN connection ends at a virtual private gateway or a transit gateway: add one first",
                ));
            }
        }
        // An endpoint in a subnet is an interface endpoint there; one on the
        // VPC outside its subnets is a gateway endpoint, which AWS offers
        // only for S3 and DynamoDB, which takes no subnets and which serves
        // the subnets of the route tables it is added to: all of the VPC's.
        Kind::VpcEndpoint(ep) if subnets.is_empty() => {
            ep.endpoint_type = EndpointType::Gateway;
            ep.service = "s3".into();
            ep.private_dns = false;
            ep.route_tables = design
                .resources
                .iter()
                .filter(|r| matches!(&r.kind, Kind::RouteTable(rt) if rt.vpc == ep.vpc))
                .map(|r| r.id.clone())
                .collect();
        }
        Kind::VpcEndpoint(ep) => ep.subnets = subnets,
        // A target group in a VPC takes ip targets (such as ECS tasks); a
        // Lambda target group has no VPC.
        Kind::TargetGroup(tg) if within.vpc.is_some() => {
            tg.target_type = TargetType::Ip;
            tg.vpc = within.vpc.clone();
        }
        Kind::RouteTable(rt) => rt.associations = associate.into_iter().collect(),
        _ => {}
    }
    Ok(kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn add(design: &mut Design, tag: KindTag, x: f64, y: f64) -> Result<ResourceId, Refusal> {
        let applied = AddResource { tag, at: Point::new(x, y) }.apply(design)?;
        Ok(applied.select.unwrap().remove(0))
    }

    fn subnet_cidr(design: &Design, id: &ResourceId) -> String {
        match &design.resource(id).unwrap().kind {
            Kind::Subnet(s) => s.cidr_label(),
            other => panic!("not a subnet: {other:?}"),
        }
    }

    #[test]
    fn a_vpc_comes_with_two_availability_zones() {
        let mut design = Design::new("d");
        let vpc = add(&mut design, KindTag::Vpc, 100.0, 100.0).unwrap();
        let azs = geometry::azs_of_vpc(&design, &vpc);
        assert_eq!(azs.len(), 2);
        let vpc_rect = design.layout.positions[&vpc];
        for az in &azs {
            assert!(vpc_rect.contains(&design.layout.positions[az]));
        }
    }

    fn vpc_cidrs(design: &Design, id: &ResourceId) -> Vec<String> {
        match &design.resource(id).unwrap().kind {
            Kind::Vpc(vpc) => vpc.cidr_blocks.iter().map(ToString::to_string).collect(),
            other => panic!("not a VPC: {other:?}"),
        }
    }

    #[test]
    fn a_new_vpc_takes_the_next_16_that_overlaps_no_other_vpc() {
        let mut design = Design::new("d");
        let first = add(&mut design, KindTag::Vpc, 100.0, 100.0).unwrap();
        let second = add(&mut design, KindTag::Vpc, 100.0, 1000.0).unwrap();
        assert_eq!(vpc_cidrs(&design, &first), ["10.0.0.0/16"]);
        assert_eq!(vpc_cidrs(&design, &second), ["10.1.0.0/16"]);
        // A wider first VPC and a secondary block of the second are skipped.
        let Kind::Vpc(vpc) = &mut design.resource_mut(&first).unwrap().kind else { panic!() };
        vpc.cidr_blocks = vec!["10.0.0.0/15".parse().unwrap()];
        let Kind::Vpc(vpc) = &mut design.resource_mut(&second).unwrap().kind else { panic!() };
        vpc.cidr_blocks = vec!["10.2.0.0/16".parse().unwrap(), "10.3.0.0/16".parse().unwrap()];
        let third = add(&mut design, KindTag::Vpc, 100.0, 2000.0).unwrap();
        assert_eq!(vpc_cidrs(&design, &third), ["10.4.0.0/16"]);
        // A gap left by a deleted VPC is taken again, and the new VPC's
        // first subnet lies inside its own block.
        let Kind::Vpc(vpc) = &mut design.resource_mut(&first).unwrap().kind else { panic!() };
        vpc.cidr_blocks = vec!["10.1.0.0/16".parse().unwrap()];
        let fourth = add(&mut design, KindTag::Vpc, 100.0, 3000.0).unwrap();
        assert_eq!(vpc_cidrs(&design, &fourth), ["10.0.0.0/16"]);
        let az = design.layout.positions[&geometry::azs_of_vpc(&design, &third)[0]];
        let subnet = add(&mut design, KindTag::Subnet, az.x + 20.0, az.y + 60.0).unwrap();
        assert_eq!(subnet_cidr(&design, &subnet), "10.4.0.0/24");
        let blocks: Vec<Ipv4Net> = [&first, &second, &third, &fourth]
            .into_iter()
            .flat_map(|id| vpc_cidrs(&design, id))
            .map(|c| c.parse().unwrap())
            .collect();
        for (i, a) in blocks.iter().enumerate() {
            for b in &blocks[i + 1..] {
                assert!(!cidr::overlaps(a, b), "{a} overlaps {b}");
            }
        }
    }

    #[test]
    fn subnets_take_the_next_free_24_and_stack_in_their_column() {
        let mut design = Design::new("d");
        let vpc = add(&mut design, KindTag::Vpc, 100.0, 100.0).unwrap();
        let azs = geometry::azs_of_vpc(&design, &vpc);
        let az_a = design.layout.positions[&azs[0]];
        let (x, y) = (az_a.x + 20.0, az_a.y + 60.0);
        let ids: Vec<ResourceId> =
            (0..3).map(|_| add(&mut design, KindTag::Subnet, x, y).unwrap()).collect();
        assert_eq!(subnet_cidr(&design, &ids[0]), "10.0.0.0/24");
        assert_eq!(subnet_cidr(&design, &ids[2]), "10.0.2.0/24");
        let rects: Vec<Rect> = ids.iter().map(|id| design.layout.positions[id]).collect();
        assert!(rects[0].y < rects[1].y && rects[1].y < rects[2].y);
        // The third row did not fit: the zones and the VPC grew around it.
        let vpc_rect = design.layout.positions[&vpc];
        for az in &azs {
            let az_rect = design.layout.positions[az];
            assert!(vpc_rect.contains(&az_rect));
            assert_eq!(az_rect.h, design.layout.positions[&azs[0]].h);
        }
        assert!(design.layout.positions[&azs[0]].contains(&rects[2]));
        assert!(vpc_frees_no_errors(&design));
    }

    fn vpc_frees_no_errors(design: &Design) -> bool {
        vpcraft_core::validate(design).iter().all(|f| f.severity != vpcraft_core::Severity::Error)
    }

    #[test]
    fn subnets_outside_a_vpc_are_refused() {
        let mut design = Design::new("d");
        let refusal = add(&mut design, KindTag::Subnet, 10.0, 10.0).unwrap_err();
        assert!(refusal.0.contains("inside a VPC"));
        assert!(design.resources.is_empty());
    }

    #[test]
    fn a_lambda_dropped_in_a_subnet_runs_in_it() {
        let mut design = Design::new("d");
        let vpc = add(&mut design, KindTag::Vpc, 100.0, 100.0).unwrap();
        let az = geometry::azs_of_vpc(&design, &vpc)[1].clone();
        let az_rect = design.layout.positions[&az];
        let subnet = add(&mut design, KindTag::Subnet, az_rect.x + 10.0, az_rect.y + 50.0).unwrap();
        let s = design.layout.positions[&subnet];
        let f =
            add(&mut design, KindTag::LambdaFunction, s.x + s.w / 2.0, s.y + s.h / 2.0).unwrap();
        let Kind::LambdaFunction(props) = &design.resource(&f).unwrap().kind else { panic!() };
        assert_eq!(props.vpc_config.as_ref().unwrap().subnets, vec![subnet.clone()]);
        assert!(s.contains(&design.layout.positions[&f]));

        let outside = add(&mut design, KindTag::LambdaFunction, 2000.0, 2000.0).unwrap();
        let Kind::LambdaFunction(props) = &design.resource(&outside).unwrap().kind else {
            panic!()
        };
        assert!(props.vpc_config.is_none());
    }

    #[test]
    fn nested_vpcs_and_regional_services_in_vpcs_are_refused() {
        let mut design = Design::new("d");
        add(&mut design, KindTag::Vpc, 100.0, 100.0).unwrap();
        assert!(add(&mut design, KindTag::Vpc, 200.0, 200.0).is_err());
        assert!(add(&mut design, KindTag::SqsQueue, 200.0, 200.0).is_err());
        assert_eq!(design.resources.len(), 3);
    }

    /// Where a test drops a resource.
    #[derive(Clone, Copy, Debug, PartialEq)]
    enum Spot {
        /// The open canvas, below every VPC.
        Canvas,
        /// The VPC "main", in its second zone, outside every subnet.
        Vpc,
        /// The subnet of the VPC "main".
        Subnet,
    }

    use KindTag as K;
    use Spot::{Canvas, Subnet, Vpc};

    /// A place AWS forbids for a kind, and the reason shown there.
    type Forbidden = Option<(Spot, &'static str)>;

    /// Every palette kind: where AWS allows it, a place AWS forbids and
    /// the reason shown. Target groups are refused nowhere (ip targets on a
    /// VPC, a Lambda target outside every VPC; see their own test).
    const CASES: &[(KindTag, Spot, Forbidden)] = &[
        (
            K::Vpc,
            Canvas,
            Some((Vpc, "VPCs cannot be nested: drop the VPC on an empty part of the canvas")),
        ),
        (
            K::AvailabilityZone,
            Vpc,
            Some((Canvas, "An availability zone must be placed inside a VPC")),
        ),
        (
            K::Subnet,
            Vpc,
            Some((Canvas, "A subnet must be placed inside a VPC's availability zone")),
        ),
        (
            K::InternetGateway,
            Vpc,
            Some((Canvas, "An internet gateway must be placed inside a VPC")),
        ),
        (
            K::EgressOnlyInternetGateway,
            Vpc,
            Some((Canvas, "An egress-only internet gateway must be placed inside a VPC")),
        ),
        (K::NatGateway, Subnet, Some((Vpc, "A NAT gateway must be placed inside a subnet"))),
        (
            K::ElasticIp,
            Canvas,
            Some((Vpc, "An Elastic IP is regional, not part of a VPC: place it outside every VPC")),
        ),
        (K::RouteTable, Vpc, Some((Canvas, "A route table must be placed inside a VPC"))),
        (K::NetworkAcl, Vpc, Some((Canvas, "A network ACL must be placed inside a VPC"))),
        (K::SecurityGroup, Vpc, Some((Canvas, "A security group must be placed inside a VPC"))),
        (K::VpcEndpoint, Subnet, Some((Canvas, "A VPC endpoint must be placed inside a VPC"))),
        (
            K::VpcPeering,
            Canvas,
            Some((
                Vpc,
                "A VPC peering connection joins two VPCs: drop it on the canvas between them",
            )),
        ),
        (
            K::TransitGateway,
            Canvas,
            Some((
                Vpc,
                "A transit gateway is regional, not part of a VPC: place it outside every VPC",
            )),
        ),
        (
            K::TransitGatewayAttachment,
            Subnet,
            Some((Vpc, "A transit gateway attachment must be placed inside a subnet")),
        ),
        (
            K::VpnGateway,
            Vpc,
            Some((Canvas, "A virtual private gateway must be placed inside a VPC")),
        ),
        (
            K::CustomerGateway,
            Canvas,
            Some((
                Vpc,
                "A customer gateway is regional, not part of a VPC: place it outside every VPC",
            )),
        ),
        (
            K::VpnConnection,
            Canvas,
            Some((
                Vpc,
                "A VPN connection is regional, not part of a VPC: place it outside every VPC",
            )),
        ),
        (K::FlowLog, Vpc, Some((Canvas, "A VPC flow log must be placed inside a VPC"))),
        (K::LoadBalancer, Subnet, Some((Vpc, "A load balancer must be placed inside a subnet"))),
        (K::TargetGroup, Vpc, None),
        (
            K::LambdaFunction,
            Subnet,
            Some((
                Vpc,
                "A Lambda function in a VPC must be placed inside a subnet (or outside every VPC)",
            )),
        ),
        (K::EcsService, Subnet, Some((Canvas, "An ECS service must be placed inside a subnet"))),
        (K::Ec2Instance, Subnet, Some((Vpc, "An EC2 instance must be placed inside a subnet"))),
        (
            K::NetworkInterface,
            Subnet,
            Some((Vpc, "A network interface must be placed inside a subnet")),
        ),
        (
            K::LaunchTemplate,
            Canvas,
            Some((
                Vpc,
                "A launch template is regional, not part of a VPC: place it outside every VPC",
            )),
        ),
        (
            K::AutoScalingGroup,
            Subnet,
            Some((Canvas, "An Auto Scaling group must be placed inside a subnet")),
        ),
        (K::EksCluster, Subnet, Some((Vpc, "An EKS cluster must be placed inside a subnet"))),
        (
            K::EksNodeGroup,
            Subnet,
            Some((Canvas, "An EKS node group must be placed inside a subnet")),
        ),
        (K::RdsInstance, Subnet, Some((Vpc, "An RDS database must be placed inside a subnet"))),
        (K::DbCluster, Subnet, Some((Canvas, "An Aurora cluster must be placed inside a subnet"))),
        (
            K::CacheCluster,
            Subnet,
            Some((Vpc, "An ElastiCache cluster must be placed inside a subnet")),
        ),
        (
            K::EfsFileSystem,
            Subnet,
            Some((Canvas, "An EFS file system must be placed inside a subnet")),
        ),
        (
            K::ApiGateway,
            Canvas,
            Some((
                Subnet,
                "An API Gateway API is regional, not part of a VPC: place it outside every VPC",
            )),
        ),
        (
            K::SqsQueue,
            Canvas,
            Some((Vpc, "An SQS queue is regional, not part of a VPC: place it outside every VPC")),
        ),
        (
            K::LogGroup,
            Canvas,
            Some((
                Vpc,
                "A CloudWatch log group is regional, not part of a VPC: place it outside every VPC",
            )),
        ),
        (
            K::NestedStack,
            Canvas,
            Some((
                Vpc,
                "A nested stack is regional, not part of a VPC: place it outside every VPC",
            )),
        ),
        (
            K::S3Bucket,
            Canvas,
            Some((
                Subnet,
                "An S3 bucket is regional, not part of a VPC: place it outside every VPC",
            )),
        ),
        (
            K::DynamoDbTable,
            Canvas,
            Some((
                Vpc,
                "A DynamoDB table is regional, not part of a VPC: place it outside every VPC",
            )),
        ),
        (
            K::AwsService,
            Canvas,
            Some((
                Vpc,
                "An AWS service is regional, not part of a VPC: place it outside every VPC",
            )),
        ),
    ];

    /// Two VPCs side by side, "main" with one subnet in its zone a.
    struct Fixture {
        design: Design,
        main: ResourceId,
        other: ResourceId,
        zone_b: ResourceId,
        subnet: ResourceId,
    }

    fn fixture() -> Fixture {
        let mut design = Design::new("d");
        let main = add(&mut design, KindTag::Vpc, 100.0, 100.0).unwrap();
        let r = design.layout.positions[&main];
        let other = add(&mut design, KindTag::Vpc, r.x + r.w + 100.0, 100.0).unwrap();
        let zones = geometry::azs_of_vpc(&design, &main);
        let a = design.layout.positions[&zones[0]];
        let subnet = add(&mut design, KindTag::Subnet, a.x + 20.0, a.y + 60.0).unwrap();
        Fixture { design, main, other, zone_b: zones[1].clone(), subnet }
    }

    impl Fixture {
        fn point(&self, spot: Spot) -> Point {
            let rect = |id: &ResourceId| self.design.layout.positions[id];
            match spot {
                Canvas => Point::new(300.0, 2000.0),
                Vpc => {
                    let b = rect(&self.zone_b);
                    Point::new(b.x + b.w / 2.0, b.y + b.h - 40.0)
                }
                Subnet => geometry::centre(&rect(&self.subnet)),
            }
        }
    }

    /// Where a resource landed, judged by its references and its drawing.
    fn landed(fx: &Fixture, id: &ResourceId) -> Spot {
        let design = &fx.design;
        let rect = design.layout.positions[id];
        let kind = &design.resource(id).unwrap().kind;
        let index = vpcraft_core::index::Index::new(design);
        let vpc = index.vpc_of(id).filter(|vpc| *vpc != id);
        let subnet_rect = design.layout.positions[&fx.subnet];
        if kind.subnets() == std::slice::from_ref(&fx.subnet) {
            assert!(subnet_rect.contains(&rect), "{id} is not drawn in its subnet");
            Subnet
        } else if vpc == Some(&fx.main) {
            assert!(design.layout.positions[&fx.main].contains(&rect), "{id} is not in its VPC");
            assert!(!geometry::intersects(&subnet_rect, &rect), "{id} is drawn in a subnet");
            Vpc
        } else {
            assert_eq!(vpc, None, "{id} belongs to a VPC");
            for r in vpc_rects(design).filter(|r| *r != rect) {
                assert!(!geometry::intersects(&r, &rect), "{id} is drawn over a VPC");
            }
            Canvas
        }
    }

    #[test]
    fn every_palette_kind_lands_where_aws_allows_it_and_is_refused_elsewhere() {
        let palette: Vec<KindTag> =
            KindTag::ALL.iter().copied().filter(|t| in_palette(*t)).collect();
        let cased: Vec<KindTag> = CASES.iter().map(|c| c.0).collect();
        assert_eq!(cased, palette, "every palette kind has a case");
        for &(tag, allowed, forbidden) in CASES {
            let mut fx = fixture();
            if matches!(tag, KindTag::TransitGatewayAttachment | KindTag::VpnConnection) {
                add(&mut fx.design, KindTag::TransitGateway, 300.0, 2000.0).unwrap();
            }
            if tag == KindTag::FlowLog {
                add(&mut fx.design, KindTag::LogGroup, 300.0, 2600.0).unwrap();
            }
            if tag == KindTag::VpnConnection {
                add(&mut fx.design, KindTag::CustomerGateway, 300.0, 2300.0).unwrap();
            }
            if tag == KindTag::EksNodeGroup {
                let at = fx.point(Subnet);
                add(&mut fx.design, KindTag::EksCluster, at.x, at.y).unwrap();
            }
            let at = fx.point(allowed);
            let id = add(&mut fx.design, tag, at.x, at.y)
                .unwrap_or_else(|r| panic!("{tag:?} refused at {allowed:?}: {}", r.0));
            assert_eq!(fx.design.resource(&id).unwrap().kind.tag(), tag);
            assert_eq!(landed(&fx, &id), allowed, "{tag:?}");
            let Some((forbidden, message)) = forbidden else {
                continue;
            };
            let before = fx.design.clone();
            let at = fx.point(forbidden);
            let refusal = plan_placement(&fx.design, tag, at).unwrap_err();
            assert_eq!(refusal.0, message, "{tag:?} at {forbidden:?}");
            assert_eq!(add(&mut fx.design, tag, at.x, at.y).unwrap_err(), refusal);
            assert_eq!(fx.design.resources, before.resources);
        }
    }

    #[test]
    fn a_transit_gateway_attachment_joins_the_designs_transit_gateway() {
        let mut fx = fixture();
        let at = fx.point(Subnet);
        let refusal = add(&mut fx.design, KindTag::TransitGatewayAttachment, at.x, at.y);
        assert_eq!(
            refusal.unwrap_err().0,
            "A transit gateway attachment needs a transit gateway: add one outside the VPCs first"
        );
        let tgw = add(&mut fx.design, KindTag::TransitGateway, 300.0, 2000.0).unwrap();
        let id = add(&mut fx.design, KindTag::TransitGatewayAttachment, at.x, at.y).unwrap();
        let Kind::TransitGatewayAttachment(a) = &fx.design.resource(&id).unwrap().kind else {
            panic!()
        };
        assert_eq!(
            (&a.transit_gateway, &a.vpc, &a.subnets[..]),
            (&tgw, &fx.main, &[fx.subnet.clone()][..])
        );
    }

    #[test]
    fn an_eks_node_group_joins_the_cluster_of_its_vpc() {
        let mut fx = fixture();
        let at = fx.point(Subnet);
        let refusal = add(&mut fx.design, KindTag::EksNodeGroup, at.x, at.y);
        assert_eq!(
            refusal.unwrap_err().0,
            "An EKS node group needs an EKS cluster in its VPC: add one to a subnet of the VPC \
             first"
        );
        let cluster = add(&mut fx.design, KindTag::EksCluster, at.x, at.y).unwrap();
        let id = add(&mut fx.design, KindTag::EksNodeGroup, at.x, at.y).unwrap();
        let Kind::EksNodeGroup(ng) = &fx.design.resource(&id).unwrap().kind else { panic!() };
        assert_eq!((&ng.cluster, &ng.subnets[..]), (&cluster, &[fx.subnet.clone()][..]));
    }

    #[test]
    fn a_vpc_takes_one_internet_gateway() {
        let mut fx = fixture();
        let at = fx.point(Vpc);
        let igw = add(&mut fx.design, KindTag::InternetGateway, at.x, at.y).unwrap();
        // Dropped on the subnet, the second one still names the subnet's VPC.
        let at = fx.point(Subnet);
        let refusal = add(&mut fx.design, KindTag::InternetGateway, at.x, at.y).unwrap_err();
        assert_eq!(
            refusal.0,
            format!(
                "VPC \"vpc-1\" already has internet gateway \"{}\": a VPC takes only one",
                fx.design.resource(&igw).unwrap().name
            )
        );
    }

    #[test]
    fn vpc_wide_resources_dropped_on_a_subnet_go_to_the_vpc_row() {
        for tag in [KindTag::InternetGateway, KindTag::NetworkAcl, KindTag::SecurityGroup] {
            let mut fx = fixture();
            let at = fx.point(Subnet);
            let placement = plan_placement(&fx.design, tag, at).unwrap();
            assert_eq!(placement.target(), Some(&fx.main), "{tag:?}");
            let id = add(&mut fx.design, tag, at.x, at.y).unwrap();
            assert_eq!(landed(&fx, &id), Vpc, "{tag:?}");
        }
    }

    #[test]
    fn a_route_table_dropped_on_a_subnet_is_associated_with_it_once() {
        let mut fx = fixture();
        let at = fx.point(Subnet);
        assert_eq!(
            plan_placement(&fx.design, KindTag::RouteTable, at).unwrap().target(),
            Some(&fx.subnet)
        );
        let table = add(&mut fx.design, KindTag::RouteTable, at.x, at.y).unwrap();
        let Kind::RouteTable(rt) = &fx.design.resource(&table).unwrap().kind else { panic!() };
        assert_eq!(rt.associations, vec![fx.subnet.clone()]);
        assert_eq!(rt.vpc, fx.main);
        assert_eq!(landed(&fx, &table), Vpc);

        let refusal = add(&mut fx.design, KindTag::RouteTable, at.x, at.y).unwrap_err();
        assert_eq!(
            refusal.0,
            "Subnet \"subnet-1\" already uses route table \"rtb-1\": drop the new route table \
             on the VPC outside its subnets"
        );
        // On the VPC outside the subnet, a second table is welcome.
        let at = fx.point(Vpc);
        let other = add(&mut fx.design, KindTag::RouteTable, at.x, at.y).unwrap();
        let Kind::RouteTable(rt) = &fx.design.resource(&other).unwrap().kind else { panic!() };
        assert!(rt.associations.is_empty());
    }

    #[test]
    fn endpoints_are_interface_in_a_subnet_and_gateway_on_the_vpc() {
        let mut fx = fixture();
        let at = fx.point(Subnet);
        let interface = add(&mut fx.design, KindTag::VpcEndpoint, at.x, at.y).unwrap();
        let table = add(&mut fx.design, KindTag::RouteTable, at.x, at.y).unwrap();
        let at = fx.point(Vpc);
        let gateway = add(&mut fx.design, KindTag::VpcEndpoint, at.x, at.y).unwrap();
        let endpoint = |id: &ResourceId| match &fx.design.resource(id).unwrap().kind {
            Kind::VpcEndpoint(ep) => ep.clone(),
            other => panic!("not an endpoint: {other:?}"),
        };
        let interface = endpoint(&interface);
        assert_eq!(interface.endpoint_type, EndpointType::Interface);
        assert_eq!(interface.subnets, vec![fx.subnet.clone()]);
        let gateway = endpoint(&gateway);
        assert_eq!(gateway.endpoint_type, EndpointType::Gateway);
        assert_eq!((gateway.service.as_str(), gateway.vpc.clone()), ("s3", fx.main.clone()));
        assert!(gateway.subnets.is_empty() && !gateway.private_dns);
        assert_eq!(gateway.route_tables, vec![table]);
        // Neither breaks the rule that settings match the endpoint type, and
        // the gateway endpoint serves the subnet through its route table.
        let rules: Vec<String> =
            vpcraft_core::validate(&fx.design).into_iter().map(|f| f.rule).collect();
        assert!(!rules.iter().any(|r| r == "E4008" || r == "W2008"), "{rules:?}");
    }

    #[test]
    fn target_groups_take_ip_targets_in_a_vpc_and_a_function_outside() {
        let mut fx = fixture();
        let at = fx.point(Subnet);
        let in_vpc = add(&mut fx.design, KindTag::TargetGroup, at.x, at.y).unwrap();
        assert_eq!(landed(&fx, &in_vpc), Vpc);
        let at = fx.point(Canvas);
        let outside = add(&mut fx.design, KindTag::TargetGroup, at.x, at.y).unwrap();
        assert_eq!(landed(&fx, &outside), Canvas);
        let group = |id: &ResourceId| match &fx.design.resource(id).unwrap().kind {
            Kind::TargetGroup(tg) => (tg.target_type, tg.vpc.clone()),
            other => panic!("not a target group: {other:?}"),
        };
        assert_eq!(group(&in_vpc), (TargetType::Ip, Some(fx.main.clone())));
        assert_eq!(group(&outside), (TargetType::Lambda, None));
    }

    #[test]
    fn peering_joins_the_two_nearest_vpcs_once() {
        let mut design = Design::new("d");
        let refusal = add(&mut design, KindTag::VpcPeering, 50.0, 50.0).unwrap_err();
        assert_eq!(refusal.0, "A VPC peering connection joins two VPCs: draw a second VPC first");

        let mut fx = fixture();
        let main = fx.design.layout.positions[&fx.main];
        let far = add(&mut fx.design, KindTag::Vpc, main.x, main.y + main.h + 400.0).unwrap();
        // Just below "main", nearer its right-hand neighbour than the VPC
        // far below: the nearest requests, the next accepts.
        let at = Point::new(main.x + main.w - 20.0, main.y + main.h + 40.0);
        let pcx = add(&mut fx.design, KindTag::VpcPeering, at.x, at.y).unwrap();
        let Kind::VpcPeering(p) = &fx.design.resource(&pcx).unwrap().kind else { panic!() };
        assert_eq!((&p.requester, &p.accepter), (&fx.main, &fx.other));
        assert_ne!(p.accepter, far);
        assert_eq!(landed(&fx, &pcx), Canvas);
        let refusal = add(&mut fx.design, KindTag::VpcPeering, at.x, at.y).unwrap_err();
        let name = |id: &ResourceId| fx.design.resource(id).unwrap().name.clone();
        assert_eq!(
            refusal.0,
            format!(
                "VPCs \"{}\" and \"{}\" are already peered by \"{}\"",
                name(&fx.main),
                name(&fx.other),
                name(&pcx)
            )
        );
    }

    #[test]
    fn vpc_wide_resources_get_the_vpc_row_and_icons_do_not_pile_up() {
        let mut design = Design::new("d");
        let vpc = add(&mut design, KindTag::Vpc, 100.0, 100.0).unwrap();
        let vpc_rect = design.layout.positions[&vpc];
        let igw = add(&mut design, KindTag::InternetGateway, vpc_rect.x + 300.0, vpc_rect.y + 20.0)
            .unwrap();
        let igw_rect = design.layout.positions[&igw];
        let grown = design.layout.positions[&vpc];
        assert!(grown.contains(&igw_rect));
        for az in geometry::azs_of_vpc(&design, &vpc) {
            assert!(!geometry::intersects(&design.layout.positions[&az], &igw_rect));
        }
        let Kind::InternetGateway(props) = &design.resource(&igw).unwrap().kind else { panic!() };
        assert_eq!(props.vpc.as_ref(), Some(&vpc));

        let az = design.layout.positions[&geometry::azs_of_vpc(&design, &vpc)[0]];
        let subnet = add(&mut design, KindTag::Subnet, az.x + 10.0, az.y + 60.0).unwrap();
        let s = design.layout.positions[&subnet];
        let (x, y) = (s.x + 60.0, s.y + 90.0);
        let first = add(&mut design, KindTag::LambdaFunction, x, y).unwrap();
        let second = add(&mut design, KindTag::LambdaFunction, x, y).unwrap();
        let (a, b) = (design.layout.positions[&first], design.layout.positions[&second]);
        assert!(!geometry::intersects(&a, &b));
        assert!(s.contains(&a) && s.contains(&b));

        // Next to the VPC but overlapping its edge: pushed outside.
        let outside = add(&mut design, KindTag::SqsQueue, grown.x - 10.0, grown.y + 200.0).unwrap();
        assert!(!geometry::intersects(&design.layout.positions[&outside], &grown));
    }
}
