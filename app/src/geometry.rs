//! Canvas geometry: hit testing of the containers (VPC, availability zone,
//! subnet) under a point, snapping and drop targets. The sizes of drawn
//! resources, rectangle arithmetic, flow routing ([`routing`]) and replicas
//! ([`spanning`]) are the core's layout engine's, re-exported here so the
//! canvas and the automatic layout share them.

pub use vpcraft_core::layout::flows::{FlowRoute, flow_end, flow_routes, obstacles};
pub use vpcraft_core::layout::geometry::*;
pub use vpcraft_core::layout::{routing, spanning};
use vpcraft_core::model::{Kind, Layout, Rect};
use vpcraft_core::sort;
use vpcraft_core::{Design, ResourceId};

/// Rounds a coordinate to the grid.
pub fn snap(v: f64) -> f64 {
    (v / GRID).round() * GRID
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
        sort::sort_by(&mut candidates, |(_, a), (_, b)| (a.w * a.h).total_cmp(&(b.w * b.h)));
        Self { centre: centre(rect), candidates }
    }

    /// The container the icon would land in once moved by `offset`: the
    /// innermost candidate under its centre.
    pub fn target(&self, offset: Point) -> Option<&ResourceId> {
        let at = Point::new(self.centre.x + offset.x, self.centre.y + offset.y);
        self.candidates.iter().find(|(_, r)| r.contains_point(at.x, at.y)).map(|(id, _)| id)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_leave_rectangles_at_their_edge() {
        let r = Rect::new(0.0, 0.0, 100.0, 50.0);
        assert_eq!(exit_point(&r, Point::new(300.0, 25.0)), Point::new(100.0, 25.0));
        assert_eq!(exit_point(&r, Point::new(50.0, -100.0)), Point::new(50.0, 0.0));
    }
}
