//! The diagram layout of whole designs: where regions, VPCs, zones and services land.

use super::regional::VIEW;
use super::*;
use crate::index::container_of;
use crate::layout::auto::tests::{REFERENCES, reference};
use crate::layout::geometry::is_attachment;
use crate::layout::geometry::union;

#[test]
fn templates_fit_a_laptop_screen_at_a_readable_zoom() {
    for key in REFERENCES {
        let design = reference(key);
        let extent =
            design.layout.positions.values().copied().reduce(|a, b| union(&a, &b)).unwrap();
        let zoom = (VIEW.0 / extent.w).min(VIEW.1 / extent.h);
        assert!(zoom >= 0.8, "{}: {zoom}", key);
    }
}

#[test]
fn containers_nest_and_icons_sit_in_their_subnet_or_outside_every_vpc() {
    for key in REFERENCES {
        let design = reference(key);
        let at = |id: &ResourceId| design.layout.positions[id];
        for r in &design.resources {
            if is_attachment(&r.kind) {
                continue;
            }
            let rect = at(&r.id);
            match (&r.kind, container_of(&r.kind)) {
                (_, Some(c)) => {
                    assert!(at(c).contains(&rect), "{}: {} not in {c}", key, r.id)
                }
                _ if !matches!(r.kind, Kind::Vpc(_)) => {
                    let vpcs = design.resources.iter().filter(|v| matches!(v.kind, Kind::Vpc(_)));
                    for vpc in vpcs {
                        assert!(!geometry::intersects(&at(&vpc.id), &rect), "{}: {}", key, r.id);
                    }
                }
                _ => {}
            }
        }
    }
}

#[test]
fn permutations_cover_every_order_once() {
    let mut seen = Vec::new();
    permutations(&[1, 2, 3], &mut |p| seen.push(p.to_vec()));
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 6);
}
