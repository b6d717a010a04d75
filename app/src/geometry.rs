//! Canvas geometry: points, the sizes of drawn resources and hit testing of
//! the containers (VPC, availability zone, subnet) under a point; what
//! flows are routed around and their routes ([`routing`]), and where a
//! resource in several subnets shows up ([`spanning`]).

pub mod routing;
pub mod spanning;

use vpcraft_core::model::{Kind, KindTag, Layout, Rect};
use vpcraft_core::{Design, ResourceId};

/// A point in canvas coordinates.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

impl Point {
    pub fn new(x: f64, y: f64) -> Self {
        Self { x, y }
    }
}

/// The grid that new resources snap to, in canvas units.
pub const GRID: f64 = 8.0;

/// Inner padding of a VPC around its availability zone columns.
pub const VPC_PAD: f64 = 24.0;
/// Height of a VPC's title bar, above its availability zone columns.
pub const VPC_HEADER: f64 = 48.0;
/// Width of one availability zone column.
pub const AZ_W: f64 = 300.0;
/// Height of an availability zone's title, above its subnet rows.
pub const AZ_HEADER: f64 = 40.0;
/// Inner padding of an availability zone column.
pub const AZ_PAD: f64 = 16.0;
/// Height of one subnet row.
pub const SUBNET_H: f64 = 150.0;
/// Vertical gap between subnet rows.
pub const ROW_GAP: f64 = 16.0;
/// Rows an availability zone column has room for when it is created.
pub const INITIAL_ROWS: usize = 2;
/// Width of an icon node (icon plus the name under it) dropped from the
/// palette.
pub const ICON_NODE_W: f64 = 112.0;
/// Width of the icon nodes of a laid-out diagram: wide enough for a name of
/// 19 characters, so that names show whole.
pub const ICON_NODE_MAX_W: f64 = 136.0;
/// Height of an icon node.
pub const ICON_NODE_H: f64 = 84.0;
/// Side of the square icon inside an icon node.
pub const ICON_SIZE: f64 = 48.0;

/// Estimated width of a character of an icon's name (12.5px UI font), the
/// same estimate the canvas shortens names with.
pub const NAME_CHAR_W: f64 = 7.0;

/// What an icon node covers on screen: its icon and, under it, its name
/// (as wide as the name, at most the node, down to the name's descenders;
/// the canvas draws the name there whatever the node's height).
pub fn footprint(rect: &Rect, name: &str) -> Rect {
    let w = (name.chars().count() as f64 * NAME_CHAR_W).clamp(ICON_SIZE, rect.w.max(ICON_SIZE));
    Rect::new(rect.x + (rect.w - w) / 2.0, rect.y, w, ICON_SIZE + NAME_DEPTH)
}

/// How far an icon node's name reaches below its icon's top edge, less
/// the icon: the name's baseline is 22 below the icon and its descenders
/// reach a little further.
const NAME_DEPTH: f64 = 30.0;

/// The box of an icon node's icon: what flows and relation lines attach to.
pub fn icon_box(r: &Rect) -> Rect {
    Rect::new(r.x + (r.w - ICON_SIZE) / 2.0, r.y + 4.0, ICON_SIZE, ICON_SIZE)
}

/// A flow's end at a drawn resource (flows join icons, never containers):
/// its icon, with its name under it.
pub fn flow_end(rect: &Rect, name: &str) -> routing::End {
    routing::End { body: icon_box(rect), outline: footprint(rect, name) }
}

/// True for the resources drawn as boxes holding others.
pub fn is_container(kind: &Kind) -> bool {
    is_vpc(kind) || matches!(kind, Kind::AvailabilityZone(_) | Kind::Subnet(_))
}

/// True for a VPC of the design and for an existing VPC it names (an
/// external one): both are drawn as a box holding zones and groups.
pub fn is_vpc(kind: &Kind) -> bool {
    kind.acts_as() == KindTag::Vpc
}

/// What flows go around, with the resources where `rect_of` says they
/// are: the footprint of every icon (with its ID, so that a flow's own ends
/// can be left out), of every replica, and the titles of the containers.
pub fn obstacles<'d>(
    design: &'d Design,
    rect_of: &impl Fn(&ResourceId) -> Option<Rect>,
) -> Vec<(Option<&'d ResourceId>, Rect)> {
    let title = |r: &Rect, w: f64, h: f64| Rect::new(r.x, r.y, w.min(r.w), h.min(r.h));
    let mut out = Vec::new();
    for r in &design.resources {
        if crate::auto_layout::is_attachment(&r.kind) {
            continue;
        }
        let Some(rect) = rect_of(&r.id) else {
            continue;
        };
        match &r.kind {
            Kind::Vpc(v) => {
                let cidrs = v.cidr_blocks.iter().map(|c| c.to_string().len() + 2).sum::<usize>();
                let chars = r.name.chars().count().max(cidrs + 6);
                out.push((None, title(&rect, 44.0 + chars as f64 * 7.2, 42.0)));
            }
            Kind::AvailabilityZone(_) => out.push((None, title(&rect, 160.0, 32.0))),
            Kind::Subnet(s) => {
                let chars = r.name.chars().count().max(s.cidr_label().len() + 17);
                out.push((None, title(&rect, 38.0 + chars as f64 * 7.2, 40.0)));
            }
            _ => out.push((Some(&r.id), footprint(&rect, &r.name))),
        }
    }
    for (owner, rect) in spanning::replica_rects(design, rect_of) {
        let name = design.resource(&owner).map_or("", |r| r.name.as_str());
        out.push((None, footprint(&rect, name)));
    }
    out
}

/// How much running along a route from the same source counts, against
/// one from elsewhere: flows from one resource may share a stretch and fork.
const FORK_WEIGHT: f64 = 0.1;

/// Extra cost of an arrow ending under an icon's name rather than at the
/// icon: more than two bends.
const INTO_NAME: f64 = 90.0;

/// The most flows routed around obstacles at once: past it (a large
/// imported design), every flow is a plain elbow, so that the canvas stays
/// responsive.
const MAX_SEARCHED_FLOWS: usize = 40;

/// How far from a route its label may reach.
const LABEL_REACH: f64 = 80.0;

/// One flow's route between its two ends, and what it went around.
pub struct FlowRoute {
    pub from: routing::End,
    pub to: routing::End,
    /// What the route went around, near it.
    pub around: Vec<Rect>,
    pub points: Vec<Point>,
    /// False for the plain elbow of a flow that found no clear way.
    pub clear: bool,
}

/// The routes of `flows`, in that order, around everything but their own
/// ends, with the resources where `rect_of` says they are; `None` for a
/// flow whose ends are not drawn. Each route keeps off the ones before it
/// where it can (it avoids running along them and crossing them, though
/// flows from one resource may share a stretch and fork); a flow that finds
/// no clear way at all, and every flow of a design with more than
/// [`MAX_SEARCHED_FLOWS`], is drawn as a plain elbow.
pub fn flow_routes(
    design: &Design,
    rect_of: &impl Fn(&ResourceId) -> Option<Rect>,
    flows: &[&vpcraft_core::model::Flow],
) -> Vec<Option<FlowRoute>> {
    let name = |id: &ResourceId| design.resource(id).map_or("", |r| r.name.as_str());
    let all = obstacles(design, rect_of);
    let searched = flows.len() <= MAX_SEARCHED_FLOWS;
    let mut drawn: Vec<(&ResourceId, Vec<Point>)> = Vec::new();
    let mut out = Vec::with_capacity(flows.len());
    for f in flows {
        let ends = rect_of(&f.source).zip(rect_of(&f.target));
        let Some((a, b)) = ends else {
            out.push(None);
            continue;
        };
        let (from, to) = (flow_end(&a, name(&f.source)), flow_end(&b, name(&f.target)));
        let around: Vec<Rect> = all
            .iter()
            .filter(|(owner, _)| *owner != Some(&f.source) && *owner != Some(&f.target))
            .map(|(_, r)| *r)
            .collect();
        let routes: Vec<(Vec<Point>, f64)> = drawn
            .iter()
            .map(|(source, p)| (p.clone(), if *source == &f.source { FORK_WEIGHT } else { 1.0 }))
            .collect();
        // An arrow is clearest into an icon's side or top, not into its name.
        let mut end_cost = [0.0; 4];
        if to.body != to.outline {
            end_cost[routing::Side::Bottom.index()] = INTO_NAME;
        }
        let avoid = routing::Avoid { start_cost: [0.0; 4], end_cost, routes: &routes };
        let found = if searched { routing::clear_route(&from, &to, &around, avoid) } else { None };
        let clear = found.is_some();
        let points = found.unwrap_or_else(|| routing::elbow(&from, &to));
        drawn.push((&f.source, points.clone()));
        // Only what is near the route matters to its label.
        let near = points.iter().fold(union(&from.outline, &to.outline), |acc, p| {
            union(&acc, &Rect::new(p.x, p.y, 0.0, 0.0))
        });
        let near = routing::inflate(&near, LABEL_REACH);
        let around = around.into_iter().filter(|r| intersects(r, &near)).collect();
        out.push(Some(FlowRoute { from, to, around, points, clear }));
    }
    out
}

/// Height of an availability zone column with room for `rows` subnets.
pub fn az_height(rows: usize) -> f64 {
    AZ_HEADER + rows as f64 * (SUBNET_H + ROW_GAP) + AZ_PAD - ROW_GAP
}

/// The rectangle of subnet row `row` inside an availability zone column.
pub fn subnet_row(az: &Rect, row: usize) -> Rect {
    Rect::new(
        az.x + AZ_PAD,
        az.y + AZ_HEADER + row as f64 * (SUBNET_H + ROW_GAP),
        az.w - 2.0 * AZ_PAD,
        SUBNET_H,
    )
}

/// Rounds a coordinate to the grid.
pub fn snap(v: f64) -> f64 {
    (v / GRID).round() * GRID
}

/// True when two rectangles share some area.
pub fn intersects(a: &Rect, b: &Rect) -> bool {
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

/// The smallest rectangle holding both.
pub fn union(a: &Rect, b: &Rect) -> Rect {
    let x = a.x.min(b.x);
    let y = a.y.min(b.y);
    Rect::new(x, y, (a.x + a.w).max(b.x + b.w) - x, (a.y + a.h).max(b.y + b.h) - y)
}

/// The centre of a rectangle.
pub fn centre(r: &Rect) -> Point {
    Point::new(r.x + r.w / 2.0, r.y + r.h / 2.0)
}

/// The innermost drawn resource under a point (the smallest rectangle
/// holding it), icons before the containers they sit in.
pub fn node_at(design: &Design, at: Point) -> Option<ResourceId> {
    design
        .layout
        .positions
        .iter()
        .filter(|(id, rect)| rect.contains_point(at.x, at.y) && design.resource(id).is_some())
        .min_by(|(_, a), (_, b)| (a.w * a.h).total_cmp(&(b.w * b.h)))
        .map(|(id, _)| id.clone())
}

/// Where the segment from `r`'s centre towards `toward` leaves `r`.
pub fn exit_point(r: &Rect, toward: Point) -> Point {
    let c = centre(r);
    let (dx, dy) = (toward.x - c.x, toward.y - c.y);
    if dx == 0.0 && dy == 0.0 {
        return c;
    }
    let tx = if dx == 0.0 { f64::INFINITY } else { (r.w / 2.0) / dx.abs() };
    let ty = if dy == 0.0 { f64::INFINITY } else { (r.h / 2.0) / dy.abs() };
    let t = tx.min(ty).min(1.0);
    Point::new(c.x + dx * t, c.y + dy * t)
}

/// The containers found under a point, from the outside in. When a subnet
/// is found, its availability zone and VPC are those it belongs to.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Containers {
    pub vpc: Option<ResourceId>,
    pub az: Option<ResourceId>,
    pub subnet: Option<ResourceId>,
}

/// Finds the VPC, availability zone and subnet under a point.
pub fn containers_at(design: &Design, at: Point) -> Containers {
    containers_at_except(design, at, |_| false)
}

/// Finds the VPC, availability zone and subnet under a point, ignoring the
/// containers `skip` names (those being moved, when judging where they go).
pub fn containers_at_except(
    design: &Design,
    at: Point,
    skip: impl Fn(&ResourceId) -> bool,
) -> Containers {
    let layout = &design.layout;
    let innermost = |wanted: fn(&Kind) -> bool| {
        design
            .resources
            .iter()
            .filter(|r| wanted(&r.kind) && !skip(&r.id))
            .filter_map(|r| layout.positions.get(&r.id).map(|rect| (r, rect)))
            .filter(|(_, rect)| rect.contains_point(at.x, at.y))
            .min_by(|(_, a), (_, b)| (a.w * a.h).total_cmp(&(b.w * b.h)))
            .map(|(r, _)| r)
    };
    let mut found = Containers::default();
    if let Some(subnet) = innermost(|k| matches!(k, Kind::Subnet(_))) {
        found.subnet = Some(subnet.id.clone());
        if let Kind::Subnet(s) = &subnet.kind {
            found.az = Some(s.az.clone());
            found.vpc = vpc_of_az(design, &s.az);
        }
        return found;
    }
    if let Some(az) = innermost(|k| matches!(k, Kind::AvailabilityZone(_))) {
        found.az = Some(az.id.clone());
        found.vpc = vpc_of_az(design, &az.id);
        return found;
    }
    found.vpc = innermost(is_vpc).map(|r| r.id.clone());
    found
}

/// The containers an icon being moved could be dropped in, taken once when
/// the drag starts, so that each grid step of the drag looks only at them
/// (never at the whole design).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DropProbe {
    /// Where the moved icon's centre was when the drag started.
    centre: Point,
    /// The candidate containers, smallest first, so the first one under a
    /// point is the innermost.
    candidates: Vec<(ResourceId, Rect)>,
}

impl DropProbe {
    /// A probe for an icon drawn at `rect`, offering the design's subnets
    /// and (or) VPCs as targets, as the icon's kind may land in them.
    pub fn new(design: &Design, rect: &Rect, subnets: bool, vpcs: bool) -> Self {
        let mut candidates: Vec<(ResourceId, Rect)> = design
            .resources
            .iter()
            .filter(|r| match r.kind {
                Kind::Subnet(_) => subnets,
                Kind::Vpc(_) => vpcs,
                _ => false,
            })
            .filter_map(|r| design.layout.positions.get(&r.id).map(|rect| (r.id.clone(), *rect)))
            .collect();
        candidates.sort_by(|(_, a), (_, b)| (a.w * a.h).total_cmp(&(b.w * b.h)));
        Self { centre: centre(rect), candidates }
    }

    /// The container the icon would land in once moved by `offset`: the
    /// innermost candidate under its centre.
    pub fn target(&self, offset: Point) -> Option<&ResourceId> {
        let at = Point::new(self.centre.x + offset.x, self.centre.y + offset.y);
        self.candidates.iter().find(|(_, r)| r.contains_point(at.x, at.y)).map(|(id, _)| id)
    }
}

/// The VPC an availability zone belongs to.
pub fn vpc_of_az(design: &Design, az: &ResourceId) -> Option<ResourceId> {
    match design.resource(az).map(|r| &r.kind) {
        Some(Kind::AvailabilityZone(az)) => Some(az.vpc.clone()),
        _ => None,
    }
}

/// The availability zones of a VPC, in column order (left to right).
pub fn azs_of_vpc(design: &Design, vpc: &ResourceId) -> Vec<ResourceId> {
    let mut azs: Vec<(f64, String, ResourceId)> = design
        .resources
        .iter()
        .filter_map(|r| match &r.kind {
            Kind::AvailabilityZone(az) if &az.vpc == vpc => {
                let x = design.layout.positions.get(&r.id).map_or(f64::MAX, |p| p.x);
                Some((x, az.zone.clone(), r.id.clone()))
            }
            _ => None,
        })
        .collect();
    azs.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    azs.into_iter().map(|(_, _, id)| id).collect()
}

/// The resources whose rectangles lie inside the given container's.
pub fn contained_in(layout: &Layout, container: &ResourceId) -> Vec<ResourceId> {
    let Some(outer) = layout.positions.get(container) else {
        return Vec::new();
    };
    layout
        .positions
        .iter()
        .filter(|(id, rect)| *id != container && outer.contains(rect))
        .map(|(id, _)| id.clone())
        .collect()
}

/// Horizontal distance from a point to a rectangle (zero when above or
/// below it).
pub fn horizontal_distance(rect: &Rect, at: Point) -> f64 {
    if at.x < rect.x {
        rect.x - at.x
    } else if at.x > rect.x + rect.w {
        at.x - rect.x - rect.w
    } else {
        0.0
    }
}

/// The availability zones and the VPC grown so that `row` fits inside
/// them; every zone of the VPC keeps the same height.
pub fn grow_for(design: &Design, vpc: &ResourceId, row: &Rect) -> Vec<(ResourceId, Rect)> {
    let mut resized = Vec::new();
    let bottom = row.y + row.h + AZ_PAD;
    for az in azs_of_vpc(design, vpc) {
        if let Some(rect) = design.layout.positions.get(&az)
            && rect.y + rect.h < bottom
        {
            resized.push((az.clone(), Rect { h: bottom - rect.y, ..*rect }));
        }
    }
    if let Some(rect) = design.layout.positions.get(vpc)
        && rect.y + rect.h < bottom + VPC_PAD
    {
        resized.push((vpc.clone(), Rect { h: bottom + VPC_PAD - rect.y, ..*rect }));
    }
    resized
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn union_and_intersection() {
        let a = Rect::new(0.0, 0.0, 10.0, 10.0);
        let b = Rect::new(5.0, 5.0, 10.0, 10.0);
        assert!(intersects(&a, &b));
        assert_eq!(union(&a, &b), Rect::new(0.0, 0.0, 15.0, 15.0));
        assert!(!intersects(&a, &Rect::new(10.0, 0.0, 5.0, 5.0)));
    }

    #[test]
    fn segments_leave_rectangles_at_their_edge() {
        let r = Rect::new(0.0, 0.0, 100.0, 50.0);
        assert_eq!(exit_point(&r, Point::new(300.0, 25.0)), Point::new(100.0, 25.0));
        assert_eq!(exit_point(&r, Point::new(50.0, -100.0)), Point::new(50.0, 0.0));
    }

    #[test]
    fn subnet_rows_stack_under_the_header() {
        let az = Rect::new(100.0, 100.0, AZ_W, az_height(2));
        let first = subnet_row(&az, 0);
        let second = subnet_row(&az, 1);
        assert_eq!(first.y, 100.0 + AZ_HEADER);
        assert!(!intersects(&first, &second));
        assert!(az.contains(&second));
    }
}
