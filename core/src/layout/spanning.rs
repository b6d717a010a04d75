//! Where a resource in several subnets shows up besides its icon: the
//! spot of its replica in each other subnet (mirroring the icon's place in
//! its own subnet when that spot is free, else the nearest free one), or no
//! spot when the subnet is full. The canvas draws replicas and flows go
//! around them.

use super::geometry::{GRID, intersects, is_attachment, is_container};
use super::routing::inflate;
use crate::model::Rect;
use crate::{Design, ResourceId};
use std::collections::{HashMap, HashSet};

/// Where a subnet's icons start under its title.
const SUBNET_TOP: f64 = 42.0;
/// Space between a replica and what is around it.
const ROOM: f64 = 8.0;

/// Where a spanning resource shows up in one of its other subnets.
#[derive(Clone, Debug, PartialEq)]
pub struct Membership {
    pub owner: ResourceId,
    pub subnet: ResourceId,
    /// The replica's rectangle (icon-node sized), or `None` for a chip.
    pub replica: Option<Rect>,
}

/// The replicas and chips of every resource drawn in one subnet but
/// living in others too, in the design's order.
pub fn memberships(design: &Design) -> Vec<Membership> {
    memberships_at(design, &|id: &ResourceId| design.layout.positions.get(id).copied())
}

/// [`memberships`] with the resources where `rect_of` says they are.
///
/// A replica only has to keep clear of what stands in its subnet, so each
/// subnet's icons (and the replicas placed so far) are gathered once, and
/// a displaced replica takes the nearest free spot, tried nearest first:
/// the cost grows with the icons of each subnet, not of the design.
pub fn memberships_at(
    design: &Design,
    rect_of: &impl Fn(&ResourceId) -> Option<Rect>,
) -> Vec<Membership> {
    let icons = icon_rects(design, rect_of);
    // What stands in each subnet a replica goes to, grown by the room
    // around it.
    let mut taken: HashMap<&ResourceId, Vec<Rect>> = HashMap::new();
    // The subnets found to have no free spot of a size: what stands in a
    // subnet only grows, so none will appear there later.
    let mut full: HashSet<(&ResourceId, u64, u64)> = HashSet::new();
    let mut out = Vec::new();
    for r in &design.resources {
        let subnets = r.kind.subnets();
        let Some(own) = rect_of(&r.id) else {
            continue;
        };
        if subnets.len() < 2 {
            continue;
        }
        let home = subnets.iter().filter_map(rect_of).find(|s| s.contains(&own));
        for subnet in subnets {
            let Some(s) = rect_of(subnet) else {
                continue;
            };
            if s.contains(&own) {
                continue;
            }
            let here = taken
                .entry(subnet)
                .or_insert_with(|| icons.iter().map(grown).filter(|t| intersects(t, &s)).collect());
            let mirrored = home.map(|h| own.translate(s.x - h.x, s.y - h.y));
            let free = |c: &Rect| s.contains(c) && !here.iter().any(|t| intersects(t, c));
            let size = (subnet, own.w.to_bits(), own.h.to_bits());
            let replica = mirrored.filter(free).or_else(|| {
                if full.contains(&size) {
                    return None;
                }
                let wanted = mirrored.unwrap_or(Rect::new(s.x, s.y, own.w, own.h));
                let mut spots: Vec<(f64, Rect)> =
                    free_spots(&s, own.w, own.h).map(|c| (distance(&c, &wanted), c)).collect();
                crate::sort::sort_by(&mut spots, |a, b| a.0.total_cmp(&b.0));
                let spot = spots.into_iter().map(|(_, c)| c).find(free);
                if spot.is_none() {
                    full.insert(size);
                }
                spot
            });
            if let Some(rect) = replica {
                here.push(grown(&rect));
            }
            out.push(Membership { owner: r.id.clone(), subnet: subnet.clone(), replica });
        }
    }
    out
}

/// The rectangles of every icon (neither attachment nor container) where
/// `rect_of` says they are: what replicas and chips keep clear of.
pub fn icon_rects(design: &Design, rect_of: &dyn Fn(&ResourceId) -> Option<Rect>) -> Vec<Rect> {
    design
        .resources
        .iter()
        .filter(|r| !is_attachment(&r.kind) && !is_container(&r.kind))
        .filter_map(|r| rect_of(&r.id))
        .collect()
}

fn grown(r: &Rect) -> Rect {
    inflate(r, ROOM / 2.0)
}

fn distance(a: &Rect, b: &Rect) -> f64 {
    (a.x - b.x).hypot(a.y - b.y)
}

/// Icon-sized spots on a grid inside a subnet, below its title.
fn free_spots(s: &Rect, w: f64, h: f64) -> impl Iterator<Item = Rect> + '_ {
    let rows = ((s.h - SUBNET_TOP - ROOM) / GRID).floor().max(0.0) as usize;
    let columns = ((s.w - w - 2.0 * ROOM) / GRID).floor().max(0.0) as usize;
    (0..=rows).flat_map(move |row| {
        (0..=columns).map(move |column| {
            Rect::new(s.x + ROOM + column as f64 * GRID, s.y + SUBNET_TOP + row as f64 * GRID, w, h)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::auto::tests::reference;

    #[test]
    fn spanning_resources_of_the_templates_get_mirrored_replicas() {
        let design = reference("A");
        let all = memberships(&design);
        // The function, the ECS service, the load balancer and the logs
        // endpoint each run in both private subnets.
        assert_eq!(all.len(), 4, "{all:?}");
        let at = |id: &str| design.layout.positions[&ResourceId::from(id)];
        let shift = at("private-b").x - at("private-a").x;
        for m in &all {
            assert_eq!(m.subnet, ResourceId::from("private-b"));
            let own = at(m.owner.as_str());
            assert_eq!(m.replica, Some(own.translate(shift, 0.0)), "{}", m.owner);
        }
    }

    #[test]
    fn replicas_move_aside_when_their_mirrored_spot_is_taken() {
        let mut design = reference("C");
        let at = |d: &Design, id: &str| d.layout.positions[&ResourceId::from(id)];
        let shift = at(&design, "private-b").x - at(&design, "private-a").x;
        // Something else now stands where the handler's replica would be.
        let blocker = at(&design, "handler").translate(shift, 0.0);
        design.layout.positions.insert("secrets".into(), blocker);
        let replica = memberships(&design)
            .into_iter()
            .find(|m| m.owner == ResourceId::from("handler"))
            .and_then(|m| m.replica)
            .expect("a replica on another spot");
        assert!(at(&design, "private-b").contains(&replica));
        assert!(!intersects(&replica, &blocker), "{replica:?} {blocker:?}");
    }
}
