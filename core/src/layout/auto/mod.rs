//! The automatic layout, the one every shell uses (the app, template and
//! AWS imports, the CLI and the server): it gives every resource without a
//! rectangle one. A design with no layout at all is laid out whole as a
//! diagram ([`diagram`]); otherwise containers come first, then what goes
//! inside them. The app's editing actions also place new resources with
//! [`free_slot`], [`free_slot_near`], [`vpc_row`] and [`grow_vpc`].

mod diagram;
#[cfg(test)]
pub(crate) mod tests;

use super::geometry::{
    self, AZ_W, ICON_NODE_H, ICON_NODE_W, INITIAL_ROWS, VPC_HEADER, VPC_PAD, az_height,
    is_attachment, subnet_row,
};
use crate::index::container_of;
use crate::model::{Kind, Rect};
use crate::sort;
use crate::{Design, ResourceId};

/// Left margin and gap between top-level blocks.
const MARGIN: f64 = 48.0;

/// Gives every resource without a rectangle one, leaving placed ones alone.
pub fn place_missing(design: &mut Design) {
    if design.layout.positions.is_empty() {
        diagram::lay_out(design);
    }
    place_vpcs(design);
    place_azs(design);
    place_subnets(design);
    place_nodes(design);
}

fn unplaced(design: &Design, wanted: fn(&Kind) -> bool) -> Vec<ResourceId> {
    design
        .resources
        .iter()
        .filter(|r| wanted(&r.kind) && !design.layout.positions.contains_key(&r.id))
        .map(|r| r.id.clone())
        .collect()
}

/// The lowest edge of everything placed so far.
fn bottom(design: &Design) -> f64 {
    design.layout.positions.values().map(|r| r.y + r.h).fold(0.0, f64::max)
}

fn place_vpcs(design: &mut Design) {
    for vpc in unplaced(design, geometry::is_vpc) {
        let zones = design
            .resources
            .iter()
            .filter(|r| matches!(&r.kind, Kind::AvailabilityZone(az) if az.vpc == vpc))
            .count()
            .max(1);
        let rows = rows_needed(design, &vpc);
        let rect = Rect::new(
            MARGIN,
            bottom(design) + MARGIN,
            zones as f64 * (AZ_W + VPC_PAD) + VPC_PAD,
            VPC_HEADER + az_height(rows) + VPC_PAD + ICON_NODE_H + VPC_PAD,
        );
        design.layout.positions.insert(vpc, rect);
    }
}

/// The most subnets any zone of a VPC holds, and at least the initial rows.
fn rows_needed(design: &Design, vpc: &ResourceId) -> usize {
    design
        .resources
        .iter()
        .filter(|r| matches!(&r.kind, Kind::AvailabilityZone(az) if &az.vpc == vpc))
        .map(|az| {
            design
                .resources
                .iter()
                .filter(|r| matches!(&r.kind, Kind::Subnet(s) if s.az == az.id))
                .count()
        })
        .max()
        .unwrap_or(0)
        .max(INITIAL_ROWS)
}

fn place_azs(design: &mut Design) {
    let mut missing = unplaced(design, |k| matches!(k, Kind::AvailabilityZone(_)));
    sort::sort_by_key(&mut missing, |id| match design.resource(id).map(|r| &r.kind) {
        Some(Kind::AvailabilityZone(az)) => az.zone.clone(),
        _ => String::new(),
    });
    for az in missing {
        let Some(vpc) = geometry::vpc_of_az(design, &az) else {
            continue;
        };
        let Some(vpc_rect) = design.layout.positions.get(&vpc).copied() else {
            continue;
        };
        let placed: Vec<Rect> = geometry::azs_of_vpc(design, &vpc)
            .iter()
            .filter_map(|id| design.layout.positions.get(id).copied())
            .collect();
        let x = placed.iter().map(|r| r.x + r.w).fold(vpc_rect.x, f64::max) + VPC_PAD;
        let rect =
            Rect::new(x, vpc_rect.y + VPC_HEADER, AZ_W, az_height(rows_needed(design, &vpc)));
        let grown =
            geometry::union(&vpc_rect, &Rect::new(x, rect.y, AZ_W + VPC_PAD, rect.h + VPC_PAD));
        design.layout.positions.insert(vpc, grown);
        design.layout.positions.insert(az, rect);
    }
}

fn place_subnets(design: &mut Design) {
    for subnet in unplaced(design, |k| matches!(k, Kind::Subnet(_))) {
        let Some(Kind::Subnet(props)) = design.resource(&subnet).map(|r| r.kind.clone()) else {
            continue;
        };
        let Some(az_rect) = design.layout.positions.get(&props.az).copied() else {
            continue;
        };
        let siblings: Vec<Rect> = design
            .resources
            .iter()
            .filter(|r| matches!(&r.kind, Kind::Subnet(s) if s.az == props.az))
            .filter_map(|r| design.layout.positions.get(&r.id).copied())
            .collect();
        let height = subnet_height(design, &subnet);
        let rect = (0..)
            .map(|row| Rect { h: height, ..subnet_row(&az_rect, row) })
            .find(|c| !siblings.iter().any(|s| geometry::intersects(s, c)))
            .expect("an unbounded search finds a free row");
        if let Some(vpc) = geometry::vpc_of_az(design, &props.az) {
            for (id, grown) in geometry::grow_for(design, &vpc, &rect) {
                design.layout.positions.insert(id, grown);
            }
        }
        design.layout.positions.insert(subnet, rect);
    }
}

/// Icons side by side in a subnet row.
const ICONS_PER_ROW: usize = 2;

/// A subnet tall enough for the icons that will be drawn in it.
fn subnet_height(design: &Design, subnet: &ResourceId) -> f64 {
    let icons = design
        .resources
        .iter()
        .filter(|r| !is_attachment(&r.kind) && container_of(&r.kind) == Some(subnet))
        .count();
    let rows = icons.div_ceil(ICONS_PER_ROW).max(1);
    // Room at the bottom for the chips of resources drawn in another subnet.
    (40.0 + rows as f64 * (ICON_NODE_H + 8.0) + 26.0).max(geometry::SUBNET_H)
}

/// Places icon resources inside their container (a subnet or a VPC) in the
/// first free slot, and the rest in a row under everything. A VPC that is
/// full grows a row at its bottom for its VPC-wide resources (security
/// groups, route tables, gateways).
fn place_nodes(design: &mut Design) {
    let mut outside = Vec::new();
    for id in unplaced(design, |k| !is_attachment(k)) {
        let container = design
            .resource(&id)
            .and_then(|r| container_of(&r.kind).cloned())
            .and_then(|c| design.layout.positions.get(&c).copied().map(|rect| (c, rect)));
        let Some((container, outer)) = container else {
            outside.push(id);
            continue;
        };
        let rect = free_slot(design, &outer).unwrap_or_else(|| {
            if design.resource(&container).is_some_and(|r| geometry::is_vpc(&r.kind)) {
                grow_vpc_row(design, &container, outer)
            } else {
                Rect::new(
                    outer.x + 8.0,
                    outer.y + outer.h - ICON_NODE_H - 4.0,
                    ICON_NODE_W,
                    ICON_NODE_H,
                )
            }
        });
        design.layout.positions.insert(id, rect);
    }
    // Regional services go in rows under everything, as wide as the VPCs.
    let width = design.layout.positions.values().map(|r| r.x + r.w).fold(640.0, f64::max);
    let mut y = bottom(design) + MARGIN;
    let mut x = MARGIN;
    let mut row_h = ICON_NODE_H;
    for id in outside {
        // A nested stack drawn with its resources is a box of its own size.
        let (w, h) = design
            .resource(&id)
            .and_then(|r| super::stack_box::box_size(&r.kind))
            .unwrap_or((ICON_NODE_W, ICON_NODE_H));
        if x > MARGIN && x + w > width {
            x = MARGIN;
            y += row_h + 24.0;
            row_h = ICON_NODE_H;
        }
        design.layout.positions.insert(id, Rect::new(x, y, w, h));
        x += w + 32.0;
        row_h = row_h.max(h);
    }
}

/// Makes a VPC one icon row taller and returns the first slot of that row.
fn grow_vpc_row(design: &mut Design, vpc: &ResourceId, outer: Rect) -> Rect {
    let (slot, grown) = vpc_row(outer);
    grow_vpc(design, vpc, grown);
    slot
}

/// Gives a VPC a taller rectangle, moving down whatever is drawn below it
/// outside it so that the VPC never grows over it.
pub fn grow_vpc(design: &mut Design, vpc: &ResourceId, grown: Rect) {
    let Some(old) = design.layout.positions.get(vpc).copied() else {
        return;
    };
    let dy = grown.y + grown.h - (old.y + old.h);
    if dy > 0.0 {
        let below: Vec<ResourceId> = design
            .layout
            .positions
            .iter()
            .filter(|(id, r)| {
                *id != vpc
                    && !old.contains(r)
                    && r.y >= old.y + old.h - 1.0
                    && r.x < old.x + old.w
                    && old.x < r.x + r.w
            })
            .map(|(id, _)| id.clone())
            .collect();
        for id in below {
            if let Some(r) = design.layout.positions.get_mut(&id) {
                *r = r.translate(0.0, dy);
            }
        }
    }
    design.layout.positions.insert(vpc.clone(), grown);
}

/// The first slot of a new icon row at the bottom of a VPC, and the VPC's
/// rectangle grown to hold it.
pub fn vpc_row(outer: Rect) -> (Rect, Rect) {
    let row_y = outer.y + outer.h - VPC_PAD + 8.0;
    (
        Rect::new(outer.x + VPC_PAD, row_y, ICON_NODE_W, ICON_NODE_H),
        Rect { h: outer.h + ICON_NODE_H, ..outer },
    )
}

/// The first icon-sized spot inside `outer` (below its title) that overlaps
/// nothing drawn inside it.
pub fn free_slot(design: &Design, outer: &Rect) -> Option<Rect> {
    free_slots(design, outer).into_iter().next()
}

/// The free slot of `outer` nearest to `wanted`.
pub fn free_slot_near(design: &Design, outer: &Rect, wanted: &Rect) -> Option<Rect> {
    let d = |r: &Rect| (r.x - wanted.x).hypot(r.y - wanted.y);
    free_slots(design, outer).into_iter().min_by(|a, b| d(a).total_cmp(&d(b)))
}

/// Every icon-sized spot inside `outer` (below its title, on a regular
/// grid) that overlaps nothing drawn inside it.
pub fn free_slots(design: &Design, outer: &Rect) -> Vec<Rect> {
    let mut found = Vec::new();
    let inside: Vec<Rect> = design
        .resources
        .iter()
        .filter(|r| !geometry::is_container(&r.kind))
        .filter_map(|r| design.layout.positions.get(&r.id))
        .filter(|r| outer.contains(r))
        .copied()
        .collect();
    let pad = if outer.w < AZ_W { geometry::AZ_PAD } else { VPC_PAD };
    let mut y = outer.y + 40.0;
    while y + ICON_NODE_H <= outer.y + outer.h {
        let mut x = outer.x + pad;
        while x + ICON_NODE_W <= outer.x + outer.w {
            let candidate = Rect::new(x, y, ICON_NODE_W, ICON_NODE_H);
            let blocked = inside.iter().any(|r| geometry::intersects(r, &candidate))
                || found.iter().any(|r| geometry::intersects(r, &candidate))
                || covers_a_container(design, outer, &candidate);
            if !blocked {
                found.push(candidate);
            }
            x += ICON_NODE_W + 8.0;
        }
        y += 8.0;
    }
    found
}

/// True when the candidate overlaps a container drawn inside `outer` (an
/// availability zone column inside a VPC).
fn covers_a_container(design: &Design, outer: &Rect, candidate: &Rect) -> bool {
    design.resources.iter().any(|r| {
        matches!(r.kind, Kind::AvailabilityZone(_) | Kind::Subnet(_))
            && design.layout.positions.get(&r.id).is_some_and(|rect| {
                rect != outer && outer.contains(rect) && geometry::intersects(rect, candidate)
            })
    })
}
