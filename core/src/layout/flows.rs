//! The routes of flow arrows through a laid-out design: what they go around
//! (icons, replicas, membership chips, container titles) and each flow's route in turn, kept
//! off the routes before it. The canvas draws them and the automatic
//! layout prices them.

use super::buckets::Buckets;
use super::geometry::{Point, footprint, icon_box, intersects, is_attachment, union};
use super::{chips, routing, spanning, stack_box};
use crate::model::{Flow, Kind, Rect};
use crate::{Design, Resource, ResourceId};
use std::collections::HashMap;

/// A flow's end at a drawn resource (flows join icons, never containers):
/// its icon, with its name under it.
pub fn flow_end(rect: &Rect, name: &str) -> routing::End {
    routing::End { body: icon_box(rect), outline: footprint(rect, name) }
}

/// What flows go around, with the resources where `rect_of` says they
/// are: the footprint of every icon (with its ID, so that a flow's own ends
/// can be left out), of every replica, every membership chip, and the
/// titles of the containers.
pub fn obstacles<'d>(
    design: &'d Design,
    rect_of: &impl Fn(&ResourceId) -> Option<Rect>,
) -> Vec<(Option<&'d ResourceId>, Rect)> {
    let title = |r: &Rect, w: f64, h: f64| Rect::new(r.x, r.y, w.min(r.w), h.min(r.h));
    let mut out = Vec::new();
    for r in &design.resources {
        if is_attachment(&r.kind) {
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
            kind => {
                out.push((Some(&r.id), footprint(&rect, &r.name)));
                // The grid of a nested stack's resources, under its icon.
                if stack_box::contents(kind).is_some() {
                    let head = stack_box::HEAD.min(rect.h);
                    out.push((None, Rect::new(rect.x, rect.y + head, rect.w, rect.h - head)));
                }
            }
        }
    }
    let memberships = spanning::memberships_at(design, rect_of);
    let names = names(design);
    for m in &memberships {
        if let Some(rect) = m.replica {
            let name = names.get(&m.owner).map_or("", |r| r.name.as_str());
            out.push((None, footprint(&rect, name)));
        }
    }
    for chip in chips::chips_at(design, &memberships, rect_of) {
        out.push((None, chip.rect));
    }
    out
}

/// Each resource by its ID (the map type the other passes use too).
fn names(design: &Design) -> HashMap<&ResourceId, &Resource> {
    design.resources.iter().map(|r| (&r.id, r)).collect()
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

/// The cell of the grid of obstacles of a large design.
const BUCKET: f64 = 256.0;

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
    flows: &[&Flow],
) -> Vec<Option<FlowRoute>> {
    let names = names(design);
    let name = |id: &ResourceId| names.get(id).map_or("", |r| r.name.as_str());
    let all = obstacles(design, rect_of);
    let searched = flows.len() <= MAX_SEARCHED_FLOWS;
    // Past the searched size, what is near each route is looked up on a
    // grid rather than in the whole list.
    let index = (!searched).then(|| {
        let mut index = Buckets::new(BUCKET);
        for (owner, r) in &all {
            index.insert(*r, *owner);
        }
        index
    });
    let mut drawn: Vec<(&ResourceId, Vec<Point>)> = Vec::new();
    let mut out = Vec::with_capacity(flows.len());
    for f in flows {
        let ends = rect_of(&f.source).zip(rect_of(&f.target));
        let Some((a, b)) = ends else {
            out.push(None);
            continue;
        };
        let (from, to) = (flow_end(&a, name(&f.source)), flow_end(&b, name(&f.target)));
        let not_an_end =
            |owner: &Option<&ResourceId>| *owner != Some(&f.source) && *owner != Some(&f.target);
        let found = if searched {
            let around: Vec<Rect> =
                all.iter().filter(|(owner, _)| not_an_end(owner)).map(|(_, r)| *r).collect();
            let routes: Vec<(Vec<Point>, f64)> = drawn
                .iter()
                .map(|(source, p)| {
                    (p.clone(), if *source == &f.source { FORK_WEIGHT } else { 1.0 })
                })
                .collect();
            // An arrow is clearest into an icon's side or top, not into its
            // name.
            let mut end_cost = [0.0; 4];
            if to.body != to.outline {
                end_cost[routing::Side::Bottom.index()] = INTO_NAME;
            }
            let avoid = routing::Avoid { start_cost: [0.0; 4], end_cost, routes: &routes };
            routing::clear_route(&from, &to, &around, avoid)
        } else {
            None
        };
        let clear = found.is_some();
        let points = found.unwrap_or_else(|| routing::elbow(&from, &to));
        if searched {
            drawn.push((&f.source, points.clone()));
        }
        // Only what is near the route matters to its label.
        let near = points.iter().fold(union(&from.outline, &to.outline), |acc, p| {
            union(&acc, &Rect::new(p.x, p.y, 0.0, 0.0))
        });
        let near = routing::inflate(&near, LABEL_REACH);
        let around = match &index {
            Some(index) => index
                .near(&near)
                .into_iter()
                .filter(|(_, owner)| not_an_end(owner))
                .map(|(r, _)| *r)
                .collect(),
            None => all
                .iter()
                .filter(|(owner, r)| not_an_end(owner) && intersects(r, &near))
                .map(|(_, r)| *r)
                .collect(),
        };
        out.push(Some(FlowRoute { from, to, around, points, clear }));
    }
    out
}
