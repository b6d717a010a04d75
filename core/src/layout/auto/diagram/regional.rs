//! Where the regional services (everything outside the VPCs) go: beside,
//! above or under the VPCs, each near what it is linked to. Every
//! arrangement is tried and scored by how its flows route (or, past a few
//! flows, how far each service is from its links) and how large the whole
//! drawing fits a laptop screen.

use super::{MARGIN, NODE_W, Planner, ROW_GAP};
use crate::ResourceId;
use crate::layout::flows;
use crate::layout::geometry::{ICON_NODE_H, Point, centre, is_attachment, is_container, union};
use crate::layout::{routing, stack_box};
use crate::model::{Flow, Rect};
use crate::sort;
use std::collections::{HashMap, HashSet};

/// Distance from a VPC to the regional services beside or under it.
const OUTSIDE_GAP: f64 = 88.0;
/// The part of a laptop screen (1440 × 900) the canvas shows, less its
/// fit margins: the size the arrangement of regional services is chosen
/// for.
pub(super) const VIEW: (f64, f64) = (828.0, 584.0);

/// How much a route cost (in units of length) is worth the whole diagram
/// being drawn at full size rather than not at all: 1% of zoom is worth
/// this much divided by 100.
const ZOOM_WORTH: f64 = 2000.0;
/// The zoom past which a larger drawing is worth nothing more.
const ENOUGH_ZOOM: f64 = 0.9;
/// Price of an arrow that ends under its target's name, not at its icon.
const COST_INTO_NAME: f64 = 90.0;
/// The most flows a design may have for the arrangements of its regional
/// services to be judged by routing the flows.
const MAX_ROUTED_FLOWS: usize = 12;
/// Price of a bend in a route, in units of length.
const COST_BEND: f64 = 40.0;
/// Price of two routes crossing.
const COST_CROSSING: f64 = 60.0;
/// Price of two routes touching an icon at the same point.
const COST_SHARED_END: f64 = 80.0;
/// Price of a flow whose arrow points left or up, against the reading
/// direction.
const COST_BACKWARDS: f64 = 40.0;
/// Price of a flow that finds no clear route.
const COST_NO_ROUTE: f64 = 2000.0;

/// A side of the VPCs where regional services may go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    Left,
    Right,
    Above,
    Below,
}

impl Side {
    const ALL: [Side; 4] = [Side::Left, Side::Right, Side::Above, Side::Below];
}

impl<'d> Planner<'d> {
    /// Places the regional services (everything not in a VPC).
    pub(super) fn regional(&mut self) {
        let outside: Vec<&ResourceId> = self
            .icons()
            .filter(|r| !self.placed.contains_key(&r.id) && stack_box::contents(&r.kind).is_none())
            .map(|r| &r.id)
            .collect();
        if outside.is_empty() {
            return;
        }
        let core = self.placed.values().copied().reduce(|a, b| union(&a, &b));
        let Some(core) = core else {
            // No VPC: one row, wrapping at the view's width.
            let per_row = ((VIEW.0 + ROW_GAP) / (NODE_W + ROW_GAP)).floor().max(1.0) as usize;
            for (i, id) in outside.iter().enumerate() {
                let rect = Rect::new(
                    MARGIN + (i % per_row) as f64 * (NODE_W + 32.0),
                    MARGIN + (i / per_row) as f64 * (ICON_NODE_H + 32.0),
                    NODE_W,
                    ICON_NODE_H,
                );
                self.placed.insert((*id).clone(), rect);
            }
            return;
        };
        let anchors = self.anchors(&outside);
        let keyed = |axis: fn(&Point) -> f64| {
            let mut wishes: Vec<Wish> = outside
                .iter()
                .map(|id| Wish {
                    id,
                    anchor: anchors.get(id).map(|(p, d)| (axis(p), *d)),
                    flow: self.l.flows_at.contains_key(id),
                })
                .collect();
            sort::sort_by(&mut wishes, |a, b| {
                let (x, y) = (a.anchor.unwrap_or((f64::MAX, 0)), b.anchor.unwrap_or((f64::MAX, 0)));
                x.0.total_cmp(&y.0)
                    .then(x.1.cmp(&y.1))
                    .then_with(|| self.order_of(a.id).cmp(&self.order_of(b.id)))
            });
            wishes
        };
        // Services that only start flows (clients, such as an API) may go
        // on another side than the rest; every pairing of sides is tried.
        let starts_only = |id: &ResourceId| self.l.starts.contains(id) && !self.l.ends.contains(id);
        let (by_y, by_x) = (keyed(|p| p.y), keyed(|p| p.x));
        let arrange = |side: Side, clients: Option<bool>| {
            let pick = |wishes: &[Wish<'d>]| -> Vec<Wish<'d>> {
                wishes
                    .iter()
                    .filter(|w| clients.is_none_or(|c| starts_only(w.id) == c))
                    .map(|w| Wish { id: w.id, anchor: w.anchor, flow: w.flow })
                    .collect()
            };
            let (w, h) = (NODE_W, ICON_NODE_H);
            let (top, bottom) = (core.y, core.y + core.h);
            let (left, right) = (core.x, core.x + core.w);
            match side {
                Side::Left => {
                    pack(&pick(&by_y), top, bottom, left - OUTSIDE_GAP - w, h, w, true, -1.0)
                }
                Side::Right => {
                    pack(&pick(&by_y), top, bottom, right + OUTSIDE_GAP, h, w, true, 1.0)
                }
                Side::Above => {
                    pack(&pick(&by_x), left, right, top - OUTSIDE_GAP + 16.0 - h, w, h, false, -1.0)
                }
                Side::Below => {
                    pack(&pick(&by_x), left, right, bottom + OUTSIDE_GAP - 16.0, w, h, false, 1.0)
                }
            }
        };
        let any_clients = outside.iter().any(|id| starts_only(id));
        let mut candidates: Vec<Vec<(ResourceId, Rect)>> = Vec::new();
        for rest in Side::ALL {
            candidates.push(arrange(rest, None));
            if any_clients {
                for clients in Side::ALL.into_iter().filter(|s| *s != rest) {
                    let mut both = arrange(clients, Some(true));
                    both.extend(arrange(rest, Some(false)));
                    candidates.push(both);
                }
            }
        }
        // The arrangement whose flows are shortest and simplest, unless
        // another is drawn noticeably larger. Routing every flow of every
        // arrangement is worth it for a diagram of a few flows; a large one
        // is judged by how far each service is from what it is linked to.
        let routed = self.design.flows.len() <= MAX_ROUTED_FLOWS;
        let score = |rects: &Vec<(ResourceId, Rect)>| {
            let extent = rects.iter().fold(core, |acc, (_, r)| union(&acc, r));
            let zoom = (VIEW.0 / extent.w).min(VIEW.1 / extent.h).min(1.0);
            let links = if routed {
                self.route_cost(rects)
            } else {
                rects
                    .iter()
                    .filter_map(|(id, r)| {
                        let (a, _) = anchors.get(id)?;
                        let c = centre(r);
                        Some((c.x - a.x).abs() + (c.y - a.y).abs())
                    })
                    .sum()
            };
            links + ZOOM_WORTH * (1.0 - zoom.min(ENOUGH_ZOOM))
        };
        let chosen = candidates
            .into_iter()
            .map(|c| (score(&c), c))
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, c)| c)
            .unwrap_or_default();
        self.placed.extend(chosen);
        // Keep the drawing right of and below the margin.
        let extent = self.placed.values().copied().reduce(|a, b| union(&a, &b));
        if let Some(extent) = extent {
            let (dx, dy) = ((MARGIN - extent.x).max(0.0), (MARGIN - extent.y).max(0.0));
            for r in self.placed.values_mut() {
                *r = r.translate(dx, dy);
            }
        }
    }

    /// Places the nested stacks drawn with their resources: boxes of their
    /// own size in a row under everything else, wrapping at the width of
    /// the drawing (at least the view's).
    pub(super) fn stack_boxes(&mut self) {
        let boxes: Vec<(&'d ResourceId, (f64, f64))> = self
            .icons()
            .filter(|r| !self.placed.contains_key(&r.id))
            .filter_map(|r| Some((&r.id, stack_box::box_size(&r.kind)?)))
            .collect();
        let extent = self.placed.values().copied().reduce(|a, b| union(&a, &b));
        let (left, top) = extent.map_or((MARGIN, MARGIN), |e| (e.x, e.y + e.h + OUTSIDE_GAP));
        let right = extent.map_or(0.0, |e| e.x + e.w).max(left + VIEW.0);
        let (mut x, mut y, mut row_h) = (left, top, 0.0_f64);
        for (id, (w, h)) in boxes {
            if x > left && x + w > right {
                (x, y, row_h) = (left, y + row_h + ROW_GAP * 2.0, 0.0);
            }
            self.placed.insert(id.clone(), Rect::new(x, y, w, h));
            x += w + ROW_GAP * 2.0;
            row_h = row_h.max(h);
        }
    }

    /// What the flows would look like with the regional services at
    /// `extra`: their routes' length, a price per bend, per crossing of two
    /// routes, per point two routes share at an icon and per arrow pointing
    /// backwards.
    fn route_cost(&self, extra: &[(ResourceId, Rect)]) -> f64 {
        let design = self.design;
        let lookup: HashMap<&ResourceId, Rect> = self
            .placed
            .iter()
            .chain(extra.iter().map(|(id, r)| (id, r)))
            .map(|(id, r)| (id, *r))
            .collect();
        let rect_of = |id: &ResourceId| lookup.get(id).copied();
        let flows: Vec<&Flow> = design.flows.iter().collect();
        let mut cost = 0.0;
        let mut routes: Vec<Vec<Point>> = Vec::new();
        for (flow, routed) in flows.iter().zip(flows::flow_routes(design, &rect_of, &flows)) {
            // Diagrams read left to right and top to bottom.
            if let (Some(a), Some(b)) = (rect_of(&flow.source), rect_of(&flow.target)) {
                let (from, to) = (centre(&a), centre(&b));
                let (dx, dy) = (to.x - from.x, to.y - from.y);
                if (dx.abs() >= dy.abs() && dx < 0.0) || (dy.abs() > dx.abs() && dy < 0.0) {
                    cost += COST_BACKWARDS;
                }
            }
            if let Some(routed) = routed {
                if !routed.clear {
                    cost += COST_NO_ROUTE;
                }
                let into_name = routed.to.body != routed.to.outline
                    && routed
                        .points
                        .last()
                        .is_some_and(|p| p.y >= routed.to.outline.y + routed.to.outline.h - 0.5);
                if into_name {
                    cost += COST_INTO_NAME;
                }
                let points = routed.points;
                cost +=
                    routing::length(&points) + COST_BEND * points.len().saturating_sub(2) as f64;
                routes.push(points);
            }
        }
        for (i, a) in routes.iter().enumerate() {
            for b in &routes[i + 1..] {
                let ends = [a.first(), a.last()];
                cost += COST_SHARED_END
                    * [b.first(), b.last()].iter().filter(|e| ends.contains(e)).count() as f64;
                cost += COST_CROSSING * routing::crossings(a, b) as f64;
            }
        }
        cost
    }

    /// Where each regional service would like to be: the mean centre of the
    /// placed resources it is linked to (by a flow or a reference), or of
    /// the regional services nearer to them, with the number of links to
    /// the nearest placed resource.
    fn anchors(&self, outside: &[&'d ResourceId]) -> HashMap<&'d ResourceId, (Point, usize)> {
        let links = self.links();
        let mut anchors: HashMap<&ResourceId, (Point, usize)> = HashMap::new();
        let placed_centre = |id: &ResourceId| self.placed.get(id).map(centre);
        for depth in 1..=outside.len() {
            let mut found = Vec::new();
            for id in outside {
                if anchors.contains_key(id) {
                    continue;
                }
                let near: Vec<Point> = links
                    .get(id)
                    .into_iter()
                    .flatten()
                    .filter_map(|other| match anchors.get(other) {
                        Some((p, d)) if *d < depth => Some(*p),
                        Some(_) => None,
                        None if depth == 1 => placed_centre(other),
                        None => None,
                    })
                    .collect();
                if !near.is_empty() {
                    let n = near.len() as f64;
                    let mean = Point::new(
                        near.iter().map(|p| p.x).sum::<f64>() / n,
                        near.iter().map(|p| p.y).sum::<f64>() / n,
                    );
                    found.push((*id, (mean, depth)));
                }
            }
            if found.is_empty() {
                break;
            }
            anchors.extend(found);
        }
        anchors
    }

    /// Which icons are linked to which: the two ends of every flow, a
    /// resource and what it references (not its containers), and the
    /// resources an attachment (listener, permission, event source mapping)
    /// ties together.
    fn links(&self) -> HashMap<&'d ResourceId, Vec<&'d ResourceId>> {
        let design = self.design;
        let containers: HashSet<&ResourceId> =
            design.resources.iter().filter(|r| is_container(&r.kind)).map(|r| &r.id).collect();
        let mut links: HashMap<&ResourceId, Vec<&ResourceId>> = HashMap::new();
        let mut link = |a: &'d ResourceId, b: &'d ResourceId| {
            if a != b {
                links.entry(a).or_default().push(b);
                links.entry(b).or_default().push(a);
            }
        };
        for flow in &design.flows {
            link(&flow.source, &flow.target);
        }
        for r in &design.resources {
            let refs: Vec<&ResourceId> = r
                .kind
                .references()
                .into_iter()
                .map(|reference| reference.target)
                .filter(|t| !containers.contains(t))
                .collect();
            if is_attachment(&r.kind) {
                for (i, a) in refs.iter().enumerate() {
                    for b in &refs[i + 1..] {
                        link(a, b);
                    }
                }
            } else {
                for t in refs {
                    link(&r.id, t);
                }
            }
        }
        links
    }
}

/// Where a regional service would like to be along a line of them.
struct Wish<'a> {
    id: &'a ResourceId,
    /// The coordinate it is drawn to and how many links away that is.
    anchor: Option<(f64, usize)>,
    /// True when a flow starts or ends at it (its arrow should be short).
    flow: bool,
}

/// Packs icons along one axis between `lo` and `hi` (longer runs wrap
/// onto further lines). Icons that flows reach are placed first, each as
/// near its anchor as the ones before allow; the others then take the free
/// spots nearest to their anchors, those with the same anchor side by side.
/// A line starts at `across` on the other axis and further lines go on the
/// side `wrap` points to (1 or -1); `vertical` packs a column.
#[allow(clippy::too_many_arguments)]
fn pack(
    wishes: &[Wish],
    lo: f64,
    hi: f64,
    across: f64,
    along_size: f64,
    across_size: f64,
    vertical: bool,
    wrap: f64,
) -> Vec<(ResourceId, Rect)> {
    let gap = ROW_GAP + 4.0;
    let fit = (((hi - lo + gap) / (along_size + gap)).floor() as usize).max(1);
    let lines = wishes.len().div_ceil(fit).max(1);
    let per_line = wishes.len().div_ceil(lines).max(1);
    let mut out = Vec::with_capacity(wishes.len());
    for (line, chunk) in wishes.chunks(per_line).enumerate() {
        let at = pack_line(chunk, lo, hi, along_size, gap);
        let across_at = across + wrap * line as f64 * (across_size + 24.0);
        for (wish, v) in chunk.iter().zip(at) {
            let rect = if vertical {
                Rect::new(across_at, v, across_size, along_size)
            } else {
                Rect::new(v, across_at, along_size, across_size)
            };
            out.push((wish.id.clone(), rect));
        }
    }
    out
}

/// The start of each icon of one line (see [`pack`]), in the wishes' order.
fn pack_line(wishes: &[Wish], lo: f64, hi: f64, size: f64, gap: f64) -> Vec<f64> {
    let mut at: Vec<Option<f64>> = vec![None; wishes.len()];
    // Icons with flows, in anchor order, shifted back to end by `hi`.
    let mut next = lo;
    let first: Vec<usize> = (0..wishes.len()).filter(|&i| wishes[i].flow).collect();
    for &i in &first {
        let wanted = wishes[i].anchor.map_or(next, |(a, _)| a - size / 2.0);
        let v = wanted.max(next);
        at[i] = Some(v);
        next = v + size + gap;
    }
    let overflow = next - gap - hi;
    let room = first.first().and_then(|&i| at[i]).map_or(0.0, |v| v - lo);
    if overflow > 0.0 {
        for &i in &first {
            at[i] = at[i].map(|v| v - overflow.min(room));
        }
    }
    // The others, in groups of the same anchor, on the nearest free spots.
    let anchor = |w: &Wish| w.anchor.map(|(a, _)| a);
    let rest: Vec<usize> = (0..wishes.len()).filter(|&i| at[i].is_none()).collect();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for i in rest {
        match groups.last_mut() {
            Some(g) if anchor(&wishes[g[0]]) == anchor(&wishes[i]) => g.push(i),
            _ => groups.push(vec![i]),
        }
    }
    for group in groups {
        let i = group[0];
        let mut taken: Vec<f64> = at.iter().flatten().copied().collect();
        sort::sort_by(&mut taken, f64::total_cmp);
        let block = group.len() as f64 * (size + gap) - gap;
        let end = taken.last().map_or(lo, |t| t + size + gap);
        let wanted = wishes[i].anchor.map_or(end, |(a, _)| a - block / 2.0);
        // The gaps between the icons already placed (and before the first
        // and after the last, within the line) where the group fits.
        let mut gaps: Vec<(f64, f64)> = Vec::with_capacity(taken.len() + 1);
        let mut from = lo;
        for t in &taken {
            gaps.push((from, t - gap - block));
            from = t + size + gap;
        }
        gaps.push((from, hi - block));
        let best = gaps
            .into_iter()
            .filter(|(a, b)| a <= b)
            .map(|(a, b)| wanted.clamp(a, b))
            .min_by(|a, b| (a - wanted).abs().total_cmp(&(b - wanted).abs()));
        let start = best.unwrap_or(end);
        for (k, &g) in group.iter().enumerate() {
            at[g] = Some(start + k as f64 * (size + gap));
        }
    }
    // The whole line shifted back to end by `hi`, as far as it can go.
    let mut at: Vec<f64> = at.into_iter().map(|v| v.unwrap_or(lo)).collect();
    let first = at.iter().copied().fold(f64::INFINITY, f64::min);
    let last = at.iter().copied().fold(f64::NEG_INFINITY, f64::max) + size;
    let shift = (last - hi).min(first - lo);
    if shift > 0.0 {
        for v in &mut at {
            *v -= shift;
        }
    }
    at
}
