//! Adding a resource dropped from the palette: where it may go, which
//! container it joins, and the resources and layout it creates.
//!
//! Containers accept only what AWS allows: a VPC sits on the open canvas, a
//! subnet in one of a VPC's availability zones, a Lambda function either in
//! a subnet or outside every VPC, regional services outside VPCs.

use super::{Action, Applied, Refusal, UndoPolicy};
use crate::auto_layout;
use crate::geometry::{
    self, AZ_HEADER, AZ_W, Containers, ICON_NODE_H, ICON_NODE_W, INITIAL_ROWS, Point, VPC_HEADER,
    VPC_PAD, az_height, snap, subnet_row,
};
use ipnet::Ipv4Net;
use vpcraft_core::cidr;
use vpcraft_core::model::{Kind, KindTag, Rect, VpcConfig};
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
    /// Any other resource, drawn as an icon, in the containers found under
    /// the pointer; `resized` lists the containers that grow for it.
    Node { within: Containers, rect: Rect, resized: Vec<(ResourceId, Rect)> },
}

impl Placement {
    /// The container the drop lands in, to highlight while dragging.
    pub fn target(&self) -> Option<&ResourceId> {
        match self {
            Placement::Vpc { .. } => None,
            Placement::AvailabilityZone { vpc, .. } => Some(vpc),
            Placement::Subnet { az, .. } => Some(az),
            Placement::Node { within, .. } => {
                within.subnet.as_ref().or(within.az.as_ref()).or(within.vpc.as_ref())
            }
        }
    }

    /// Where the new resource will be drawn.
    pub fn rect(&self) -> Rect {
        match self {
            Placement::Vpc { rect }
            | Placement::AvailabilityZone { rect, .. }
            | Placement::Subnet { rect, .. }
            | Placement::Node { rect, .. } => *rect,
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
    if Kind::default_for(tag, None).is_none() {
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

fn plan_vpc(design: &Design, within: &Containers, at: Point) -> Result<Placement, Refusal> {
    if within.vpc.is_some() {
        return Err(Refusal::new(
            "VPCs cannot be nested: drop the VPC on an empty part of the canvas",
        ));
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
        return Err(Refusal::new("An availability zone must be placed inside a VPC"));
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
        return Err(Refusal::new("A subnet must be placed inside a VPC's availability zone"));
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
        subnet.cidr = cidr;
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
            Kind::Subnet(s) if azs.contains(&s.az) => Some(s.cidr),
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

fn plan_node(
    design: &Design,
    tag: KindTag,
    within: Containers,
    at: Point,
) -> Result<Placement, Refusal> {
    let title = tag.title();
    let needs_subnet = |what: &str| Refusal::new(format!("{what} must be placed inside a subnet"));
    match tag {
        KindTag::LambdaFunction if within.vpc.is_some() && within.subnet.is_none() => {
            return Err(Refusal::new(
                "A Lambda function in a VPC must be placed inside a subnet (or outside every VPC)",
            ));
        }
        KindTag::NatGateway | KindTag::EcsService | KindTag::LoadBalancer
            if within.subnet.is_none() =>
        {
            let what = match tag {
                KindTag::NatGateway => "A NAT gateway",
                KindTag::EcsService => "An ECS service",
                _ => "A load balancer",
            };
            return Err(needs_subnet(what));
        }
        KindTag::RouteTable
        | KindTag::NetworkAcl
        | KindTag::SecurityGroup
        | KindTag::VpcEndpoint
            if within.vpc.is_none() =>
        {
            return Err(Refusal::new(format!(
                "A {} must be placed inside a VPC",
                title.to_lowercase()
            )));
        }
        KindTag::ApiGateway
        | KindTag::SqsQueue
        | KindTag::LogGroup
        | KindTag::S3Bucket
        | KindTag::DynamoDbTable
        | KindTag::AwsService
        | KindTag::ElasticIp
            if within.vpc.is_some() =>
        {
            return Err(Refusal::new(format!(
                "{title} is a regional AWS service: place it outside the VPC"
            )));
        }
        _ => {}
    }
    let wanted = Rect::new(
        snap(at.x - ICON_NODE_W / 2.0),
        snap(at.y - ICON_NODE_H / 2.0),
        ICON_NODE_W,
        ICON_NODE_H,
    );
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
    Ok(Placement::Node { within, rect, resized })
}

/// Pushes a rectangle dropped next to a VPC out of it, so that it is either
/// wholly inside a container or wholly outside.
fn outside_containers(design: &Design, mut rect: Rect) -> Rect {
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
fn clamp_inside(rect: Rect, outer: &Rect) -> Rect {
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
    design.resources.push(Resource { id: id.clone(), name, kind });
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
                let kind = Kind::default_for(tag, None).expect("VPCs have defaults");
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
            Placement::Node { within, rect, resized } => {
                let kind = node_kind(tag, &within)?;
                for (id, grown) in resized {
                    auto_layout::grow_vpc(design, &id, grown);
                }
                push(design, tag, kind, rect)
            }
        };
        Ok(Applied { select: Some(vec![id]) })
    }
}

/// The properties of an icon resource placed in the given containers.
fn node_kind(tag: KindTag, within: &Containers) -> Result<Kind, Refusal> {
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
        Kind::LoadBalancer(lb) => lb.subnets = subnets,
        Kind::VpcEndpoint(ep) => ep.subnets = subnets,
        Kind::TargetGroup(tg) => tg.vpc = within.vpc.clone(),
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
            Kind::Subnet(s) => s.cidr.to_string(),
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
