//! Canvas geometry: points, the sizes of drawn resources and hit testing of
//! the containers (VPC, availability zone, subnet) under a point.

use vpcraft_core::model::{Kind, Layout, Rect};
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
/// Width of an icon node (icon plus the name under it).
pub const ICON_NODE_W: f64 = 112.0;
/// Height of an icon node.
pub const ICON_NODE_H: f64 = 84.0;
/// Side of the square icon inside an icon node.
pub const ICON_SIZE: f64 = 48.0;

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
    found.vpc = innermost(|k| matches!(k, Kind::Vpc(_))).map(|r| r.id.clone());
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
