//! Where a dropped resource goes: the placement of each kind, the CIDR
//! blocks of new VPCs and subnets, and the one-per-VPC and one-per-subnet
//! refusals.

use super::*;

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
pub(super) fn vpc_width(columns: usize) -> f64 {
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
pub(super) const NESTED_VPC: &str =
    "VPCs cannot be nested: drop the VPC on an empty part of the canvas";
/// Why an availability zone cannot go on the open canvas.
pub(crate) const ZONE_OUTSIDE_VPC: &str = "An availability zone must be placed inside a VPC";
/// Why a subnet cannot go on the open canvas.
pub(crate) const SUBNET_OUTSIDE_VPC: &str =
    "A subnet must be placed inside a VPC's availability zone";

pub(super) fn plan_vpc(
    design: &Design,
    within: &Containers,
    at: Point,
) -> Result<Placement, Refusal> {
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

pub(super) fn vpc_rects(design: &Design) -> impl Iterator<Item = Rect> + '_ {
    design
        .resources
        .iter()
        .filter(|r| matches!(r.kind, Kind::Vpc(_)))
        .filter_map(|r| design.layout.positions.get(&r.id).copied())
}

pub(super) fn plan_az(design: &Design, within: &Containers) -> Result<Placement, Refusal> {
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

pub(super) fn plan_subnet(
    design: &Design,
    within: &Containers,
    at: Point,
) -> Result<Placement, Refusal> {
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
pub(crate) fn subnet_placement(
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
pub(crate) fn insert_subnet(
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
pub(super) fn next_subnet_cidr(design: &Design, vpc: &ResourceId) -> Result<Ipv4Net, Refusal> {
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
pub(super) const PRIVATE_RANGES: [&str; 3] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];

/// The first /16 of the private ranges (10.0.0.0/16, then 10.1.0.0/16, ...)
/// that overlaps no block of another VPC of the design.
pub(super) fn next_vpc_cidr(design: &Design) -> Result<Ipv4Net, Refusal> {
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

/// A VPC has at most one internet gateway attached.
pub(super) fn one_internet_gateway(design: &Design, vpc: &ResourceId) -> Result<(), Refusal> {
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
pub(super) fn route_table_of<'d>(design: &'d Design, subnet: &ResourceId) -> Option<&'d Resource> {
    design
        .resources
        .iter()
        .find(|r| matches!(&r.kind, Kind::RouteTable(rt) if rt.associations.contains(subnet)))
}

/// A route table dropped on a subnet is associated with it, and a subnet is
/// associated with one route table at most.
pub(super) fn one_route_table(design: &Design, subnet: &ResourceId) -> Result<(), Refusal> {
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

pub(super) fn plan_node(
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
pub(super) fn peers_near(design: &Design, at: Point) -> Result<(ResourceId, ResourceId), Refusal> {
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
pub(crate) fn outside_containers(design: &Design, mut rect: Rect) -> Rect {
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
pub(crate) fn clamp_inside(rect: Rect, outer: &Rect) -> Rect {
    let top = outer.y + AZ_HEADER;
    let x = rect.x.min(outer.x + outer.w - rect.w - 4.0).max(outer.x + 4.0);
    let y = rect.y.min(outer.y + outer.h - rect.h - 4.0).max(top);
    Rect { x, y, ..rect }
}

pub(super) fn rect_of(design: &Design, id: &ResourceId) -> Result<Rect, Refusal> {
    design
        .layout
        .positions
        .get(id)
        .copied()
        .ok_or_else(|| Refusal::new(format!("{id} has no place on the canvas")))
}

pub(super) fn zone_of(design: &Design, az: &ResourceId) -> Option<String> {
    match design.resource(az).map(|r| &r.kind) {
        Some(Kind::AvailabilityZone(az)) => Some(az.zone.clone()),
        _ => None,
    }
}

pub(super) fn subnets_in<'d>(
    design: &'d Design,
    az: &'d ResourceId,
) -> impl Iterator<Item = &'d ResourceId> {
    design.resources.iter().filter_map(move |r| match &r.kind {
        Kind::Subnet(s) if &s.az == az => Some(&r.id),
        _ => None,
    })
}
