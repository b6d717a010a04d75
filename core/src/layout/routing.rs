//! Orthogonal routing of flow arrows: a path of horizontal and vertical
//! segments from one box to another that keeps clear of the boxes in
//! between, drawn with rounded corners, and a spot on it for a label.
//!
//! The search runs on a sparse grid made of the obstacles' edges (pushed out
//! by a clearance), the middles of the channels between them and the ports
//! of the two ends; its cost is the length plus a price per bend, so routes
//! are short and turn rarely. Everything here is pure and native-tested.

use super::geometry::{Point, intersects};
use crate::model::Rect;
use crate::sort;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

mod path;
pub use path::{crossings, label_spot, length, point_along, segment_boxes, svg_path};

/// Distance a route keeps from the boxes it goes around.
pub const CLEARANCE: f64 = 10.0;
/// How far a route runs straight out of (and into) an end's footprint
/// before it may turn, so that arrowheads sit on a straight stretch.
const STUB: f64 = 14.0;
/// The cost of one bend, in units of length: a route takes a detour of up
/// to this length to save a bend.
const BEND: f64 = 40.0;
/// Extra cost per unit of length of running along an obstacle's edge
/// instead of down the middle of a channel.
const HUG: f64 = 0.3;
/// How far beyond the two ends' boxes a route may go.
const REACH: f64 = 200.0;
/// The largest search grid (points) a route is looked for on; past it (a
/// long flow across a crowded drawing) the route is a plain elbow, so that
/// drawing stays fast.
const MAX_CELLS: usize = 40_000;
/// Radius of the rounded corners.
pub const CORNER: f64 = 8.0;

/// A side of a box.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Top,
    Right,
    Bottom,
    Left,
}

impl Side {
    pub const ALL: [Side; 4] = [Side::Top, Side::Right, Side::Bottom, Side::Left];

    /// The side's place in [`Side::ALL`] (top, right, bottom, left).
    pub fn index(self) -> usize {
        self.dir()
    }

    /// The side of a box a route leaves through, from its first segment.
    pub fn of_start(points: &[Point]) -> Option<Side> {
        let (a, b) = (points.first()?, points.get(1)?);
        Some(if (a.x - b.x).abs() < 1e-6 {
            if b.y < a.y { Side::Top } else { Side::Bottom }
        } else if b.x > a.x {
            Side::Right
        } else {
            Side::Left
        })
    }

    /// The direction index (see [`DIRS`]) of a step leaving through this side.
    fn dir(self) -> usize {
        match self {
            Side::Top => 0,
            Side::Right => 1,
            Side::Bottom => 2,
            Side::Left => 3,
        }
    }
}

/// The four directions of travel: up, right, down, left.
const DIRS: [(i64, i64); 4] = [(0, -1), (1, 0), (0, 1), (-1, 0)];

/// One end of a route: the box the line touches and the footprint around
/// it that the route leaves straight and never crosses.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct End {
    /// What the line touches (an icon, or a whole container).
    pub body: Rect,
    /// The body with what belongs to it (an icon's name under it).
    pub outline: Rect,
}

impl End {
    /// An end whose body is its whole footprint.
    pub fn boxed(rect: Rect) -> Self {
        Self { body: rect, outline: rect }
    }

    /// Where a line through `side` touches the end, and the point just
    /// outside its footprint where the route starts turning. A line leaves
    /// the bottom below the footprint, so it never crosses a name.
    fn port(&self, side: Side) -> (Point, Point) {
        let (b, o) = (&self.body, &self.outline);
        let (cx, cy) = (b.x + b.w / 2.0, b.y + b.h / 2.0);
        match side {
            Side::Top => (Point::new(cx, b.y), Point::new(cx, o.y - STUB)),
            Side::Bottom => (Point::new(cx, o.y + o.h), Point::new(cx, o.y + o.h + STUB)),
            Side::Left => (Point::new(b.x, cy), Point::new(o.x - STUB, cy)),
            Side::Right => (Point::new(b.x + b.w, cy), Point::new(o.x + o.w + STUB, cy)),
        }
    }
}

/// A rectangle grown by `by` on every side.
pub fn inflate(r: &Rect, by: f64) -> Rect {
    Rect::new(r.x - by, r.y - by, r.w + 2.0 * by, r.h + 2.0 * by)
}

/// One coordinate line of the search grid; `hug` marks an obstacle's edge.
#[derive(Clone, Copy, Debug)]
struct Line {
    at: f64,
    hug: bool,
}

/// Sorted, merged grid lines with the middle of every gap between two
/// neighbours added, so that routes can run down the centre of a channel.
fn grid_lines(mut lines: Vec<Line>, lo: f64, hi: f64) -> Vec<Line> {
    lines.retain(|l| l.at >= lo && l.at <= hi);
    sort::sort_by(&mut lines, |a, b| a.at.total_cmp(&b.at));
    let mut merged: Vec<Line> = Vec::with_capacity(lines.len());
    for l in lines {
        match merged.last_mut() {
            Some(last) if (l.at - last.at).abs() < 0.5 => last.hug &= l.hug,
            _ => merged.push(l),
        }
    }
    let mut out = Vec::with_capacity(merged.len() * 2);
    for pair in merged.windows(2) {
        out.push(pair[0]);
        if pair[1].at - pair[0].at > 4.0 {
            out.push(Line { at: (pair[0].at + pair[1].at) / 2.0, hug: false });
        }
    }
    out.extend(merged.last().copied());
    out
}

/// A cost in the priority queue, ordered for a min-heap.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Queued {
    estimate: f64,
    state: usize,
}

impl Eq for Queued {}

impl Ord for Queued {
    fn cmp(&self, other: &Self) -> Ordering {
        other.estimate.total_cmp(&self.estimate).then_with(|| other.state.cmp(&self.state))
    }
}

impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The route from `from` to `to` around `obstacles`: the points of a path
/// of horizontal and vertical segments, from the source's edge to the
/// target's edge, without repeated or collinear points. When no such path
/// exists nearby (the ends overlap, or obstacles wall one in), the route is
/// a plain elbow between the two bodies.
pub fn route(from: &End, to: &End, obstacles: &[Rect]) -> Vec<Point> {
    clear_route(from, to, obstacles, Avoid::default()).unwrap_or_else(|| elbow(from, to))
}

/// What a route keeps off when it can, besides its obstacles.
#[derive(Clone, Copy, Debug, Default)]
pub struct Avoid<'a> {
    /// The extra cost of leaving the source through each side (indexed by
    /// [`Side::index`]), so that flows from one resource spread out.
    pub start_cost: [f64; 4],
    /// The extra cost of reaching the target through each side.
    pub end_cost: [f64; 4],
    /// Routes already drawn: running along one costs extra per unit of
    /// length (times its weight), and crossing one costs [`CROSSING`]. A
    /// light weight lets flows from one resource share their first stretch
    /// and fork, as buses do in diagrams.
    pub routes: &'a [(Vec<Point>, f64)],
}

/// Extra cost per unit of length of running along another route (closer
/// than [`LANE`]).
const OVERLAP: f64 = 3.0;
/// How far apart two parallel routes must be not to count as one line.
const LANE: f64 = 3.0;
/// Collinear segments of two routes closer than this end to end read as
/// one line.
const NEAR: f64 = 16.0;
/// The cost of a segment that seems to continue another route's.
const ALIGNED: f64 = 40.0;
/// The cost of crossing another route.
pub const CROSSING: f64 = 24.0;

/// What the segment from `a` to `b` costs for the routes already drawn.
fn sharing(a: Point, b: Point, segments: &[(Point, Point, f64)]) -> f64 {
    let horizontal = (a.y - b.y).abs() < 1e-6;
    let overlap = |a0: f64, a1: f64, b0: f64, b1: f64| {
        (a0.max(a1).min(b0.max(b1)) - a0.min(a1).max(b0.min(b1))).max(0.0)
    };
    let mut cost = 0.0;
    for &(p, q, weight) in segments {
        let level = (p.y - q.y).abs() < 1e-6;
        // Collinear segments that overlap, or nearly meet end to end and so
        // read as one line.
        let along = |a0: f64, a1: f64, b0: f64, b1: f64| {
            let shared = overlap(a0, a1, b0, b1);
            let gap = (a0.min(a1) - b0.max(b1)).max(b0.min(b1) - a0.max(a1));
            weight * (OVERLAP * shared + if shared > 0.0 || gap < NEAR { ALIGNED } else { 0.0 })
        };
        if horizontal && level && (p.y - a.y).abs() < LANE {
            cost += along(a.x, b.x, p.x, q.x);
        } else if !horizontal && !level && (p.x - a.x).abs() < LANE {
            cost += along(a.y, b.y, p.y, q.y);
        } else if horizontal != level {
            let (h0, h1, v0, v1) = if horizontal { (a, b, p, q) } else { (p, q, a, b) };
            let strictly = |v: f64, e0: f64, e1: f64| v > e0.min(e1) + 0.5 && v < e0.max(e1) - 0.5;
            if strictly(v0.x, h0.x, h1.x) && strictly(h0.y, v0.y, v1.y) {
                cost += CROSSING;
            }
        }
    }
    cost
}

/// The route from `from` to `to` around `obstacles`, keeping off what
/// `avoid` says where it can, when there is one nearby (and the search
/// stays small).
pub fn clear_route(from: &End, to: &End, obstacles: &[Rect], avoid: Avoid) -> Option<Vec<Point>> {
    if intersects(&inflate(&from.outline, CLEARANCE), &inflate(&to.outline, CLEARANCE)) {
        return None;
    }
    let region = inflate(&super::geometry::union(&from.outline, &to.outline), REACH);
    // The segments of the routes already drawn that come near.
    let segments: Vec<(Point, Point, f64)> = avoid
        .routes
        .iter()
        .flat_map(|(r, weight)| r.windows(2).map(move |w| (w[0], w[1], *weight)))
        .filter(|(p, q, _)| {
            let (x, y) = (p.x.min(q.x), p.y.min(q.y));
            let (w, h) = ((p.x - q.x).abs().max(1.0), (p.y - q.y).abs().max(1.0));
            intersects(&Rect::new(x, y, w, h), &region)
        })
        .collect();
    let walls: Vec<Rect> = obstacles
        .iter()
        .chain([&from.outline, &to.outline])
        .map(|r| inflate(r, CLEARANCE))
        .filter(|r| intersects(r, &region))
        .collect();
    let starts: Vec<(Side, Point, Point)> =
        Side::ALL.iter().map(|&s| (s, from.port(s).0, from.port(s).1)).collect();
    let goals: Vec<(Side, Point, Point)> =
        Side::ALL.iter().map(|&s| (s, to.port(s).0, to.port(s).1)).collect();

    let mut xs =
        vec![Line { at: region.x, hug: false }, Line { at: region.x + region.w, hug: false }];
    let mut ys =
        vec![Line { at: region.y, hug: false }, Line { at: region.y + region.h, hug: false }];
    for w in &walls {
        xs.push(Line { at: w.x, hug: true });
        xs.push(Line { at: w.x + w.w, hug: true });
        ys.push(Line { at: w.y, hug: true });
        ys.push(Line { at: w.y + w.h, hug: true });
    }
    for (_, _, stub) in starts.iter().chain(&goals) {
        xs.push(Line { at: stub.x, hug: false });
        ys.push(Line { at: stub.y, hug: false });
    }
    let xs = grid_lines(xs, region.x, region.x + region.w);
    let ys = grid_lines(ys, region.y, region.y + region.h);
    let (nx, ny) = (xs.len(), ys.len());
    if nx * ny > MAX_CELLS {
        return None;
    }
    let index_of = |lines: &[Line], v: f64| lines.iter().position(|l| (l.at - v).abs() < 0.5);
    let cell = |ix: usize, iy: usize| iy * nx + ix;
    let point = |c: usize| Point::new(xs[c % nx].at, ys[c / nx].at);
    // Which grid points, and which segments between neighbouring points,
    // lie inside a wall: found once per wall from the lines it spans (the
    // walls' edges are grid lines, so a segment is wholly in or out).
    let mut point_blocked = vec![false; nx * ny];
    let mut right_blocked = vec![false; nx * ny];
    let mut down_blocked = vec![false; nx * ny];
    const E: f64 = 0.01;
    let inside = |lines: &[Line], lo: f64, hi: f64| {
        (lines.partition_point(|l| l.at <= lo + E), lines.partition_point(|l| l.at < hi - E))
    };
    let within = |lines: &[Line], lo: f64, hi: f64| {
        (lines.partition_point(|l| l.at < lo - E), lines.partition_point(|l| l.at <= hi + E))
    };
    for w in &walls {
        let (xa, xb) = inside(&xs, w.x, w.x + w.w);
        let (ya, yb) = inside(&ys, w.y, w.y + w.h);
        let (wxa, wxb) = within(&xs, w.x, w.x + w.w);
        let (wya, wyb) = within(&ys, w.y, w.y + w.h);
        for iy in ya..yb {
            for ix in xa..xb {
                point_blocked[cell(ix, iy)] = true;
            }
            for ix in wxa..wxb.saturating_sub(1) {
                right_blocked[cell(ix, iy)] = true;
            }
        }
        for ix in xa..xb {
            for iy in wya..wyb.saturating_sub(1) {
                down_blocked[cell(ix, iy)] = true;
            }
        }
    }
    let edge_blocked = |c: usize, d: usize| match d {
        0 => down_blocked[c - nx],
        1 => right_blocked[c],
        2 => down_blocked[c],
        _ => right_blocked[c - 1],
    };

    let mut goal_at: Vec<Option<(usize, usize)>> = vec![None; nx * ny];
    for (k, (side, _, stub)) in goals.iter().enumerate() {
        if let (Some(ix), Some(iy)) = (index_of(&xs, stub.x), index_of(&ys, stub.y)) {
            goal_at[cell(ix, iy)] = Some((k, side.dir()));
        }
    }
    // A lower bound of the cost left from `p` heading `dir`: the distance
    // to the nearest goal, plus a bend when that goal is not straight ahead
    // and two when it is behind.
    let heuristic = |p: Point, dir: usize| {
        let (dx, dy) = (DIRS[dir].0 as f64, DIRS[dir].1 as f64);
        goals
            .iter()
            .map(|(_, _, g)| {
                let (gx, gy) = (g.x - p.x, g.y - p.y);
                let ahead = gx * dx + gy * dy;
                let aside = (gx * dy - gy * dx).abs();
                let bends = if aside < 0.5 && ahead >= -0.5 {
                    0.0
                } else if ahead > -0.5 {
                    1.0
                } else {
                    2.0
                };
                gx.abs() + gy.abs() + bends * BEND
            })
            .fold(f64::INFINITY, f64::min)
    };

    // The cost and parent of every state (a grid point and a heading).
    let mut reached: Vec<(f64, usize)> = vec![(f64::INFINITY, usize::MAX); nx * ny * 4];
    let cost_of = |reached: &Vec<(f64, usize)>, s: usize| reached[s].0;
    let mut heap = BinaryHeap::new();
    for (side, attach, stub) in &starts {
        let (Some(ix), Some(iy)) = (index_of(&xs, stub.x), index_of(&ys, stub.y)) else {
            continue;
        };
        let s = cell(ix, iy) * 4 + side.dir();
        let c =
            (stub.x - attach.x).abs() + (stub.y - attach.y).abs() + avoid.start_cost[side.index()];
        if c < cost_of(&reached, s) {
            reached[s] = (c, usize::MAX);
            heap.push(Queued { estimate: c + heuristic(*stub, side.dir()), state: s });
        }
    }
    let mut best: Option<(f64, usize, usize)> = None;
    while let Some(Queued { estimate, state }) = heap.pop() {
        if best.is_some_and(|(b, _, _)| estimate >= b) {
            break;
        }
        let (c, dir) = (state / 4, state % 4);
        let here = point(c);
        let g = cost_of(&reached, state);
        if estimate > g + heuristic(here, dir) + 1e-6 {
            continue;
        }
        if let Some((k, side_dir)) = goal_at[c] {
            // Arriving at a goal port: the last leg must head into the box.
            let inward = (side_dir + 2) % 4;
            let turn = if dir == inward { 0.0 } else { BEND };
            if dir != side_dir {
                let (_, attach, stub) = goals[k];
                let total = g
                    + turn
                    + (stub.x - attach.x).abs()
                    + (stub.y - attach.y).abs()
                    + avoid.end_cost[side_dir];
                if best.is_none_or(|(b, _, _)| total < b) {
                    best = Some((total, state, k));
                }
            }
        }
        let (ix, iy) = ((c % nx) as i64, (c / nx) as i64);
        for (d, (dx, dy)) in DIRS.iter().enumerate() {
            if d == (dir + 2) % 4 {
                continue;
            }
            let (jx, jy) = (ix + dx, iy + dy);
            if jx < 0 || jy < 0 || jx >= nx as i64 || jy >= ny as i64 {
                continue;
            }
            let next = cell(jx as usize, jy as usize);
            let there = point(next);
            let is_goal = goal_at[next].is_some();
            if (!is_goal && point_blocked[next]) || edge_blocked(c, d) {
                continue;
            }
            let len = (there.x - here.x).abs() + (there.y - here.y).abs();
            let hug = if *dx == 0 { xs[ix as usize].hug } else { ys[iy as usize].hug };
            let step = len * if hug { 1.0 + HUG } else { 1.0 }
                + if d == dir { 0.0 } else { BEND }
                + sharing(here, there, &segments);
            let s = next * 4 + d;
            if g + step < cost_of(&reached, s) - 1e-9 {
                reached[s] = (g + step, state);
                heap.push(Queued { estimate: g + step + heuristic(there, d), state: s });
            }
        }
    }
    let (_, last, k) = best?;
    let mut cells = Vec::new();
    let mut s = last;
    while s != usize::MAX {
        cells.push(point(s / 4));
        s = reached[s].1;
    }
    cells.reverse();
    let first_stub = cells[0];
    let (_, attach_from, _) = *starts.iter().find(|(_, _, stub)| same(*stub, first_stub))?;
    let mut points = vec![attach_from];
    points.extend(cells);
    points.push(goals[k].1);
    Some(simplify(points))
}

fn same(a: Point, b: Point) -> bool {
    (a.x - b.x).abs() < 0.5 && (a.y - b.y).abs() < 0.5
}

/// Drops repeated points and the middle one of three collinear points.
pub fn simplify(points: Vec<Point>) -> Vec<Point> {
    let mut out: Vec<Point> = Vec::with_capacity(points.len());
    for p in points {
        if out.last().is_some_and(|&q| same(p, q)) {
            continue;
        }
        if out.len() >= 2 {
            let (a, b) = (out[out.len() - 2], out[out.len() - 1]);
            let collinear = ((a.x - b.x).abs() < 0.5 && (b.x - p.x).abs() < 0.5)
                || ((a.y - b.y).abs() < 0.5 && (b.y - p.y).abs() < 0.5);
            if collinear {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}

/// The plain route when no clear one is found: out of the side of the
/// source that faces the target, one or two bends, into the target.
pub fn elbow(from: &End, to: &End) -> Vec<Point> {
    let (a, b) = (&from.body, &to.body);
    let (ca, cb) = (super::geometry::centre(a), super::geometry::centre(b));
    let (dx, dy) = (cb.x - ca.x, cb.y - ca.y);
    if dx.abs() >= dy.abs() {
        let (sa, sb) =
            if dx >= 0.0 { (Side::Right, Side::Left) } else { (Side::Left, Side::Right) };
        let (p, q) = (from.port(sa).0, to.port(sb).0);
        let mid = (p.x + q.x) / 2.0;
        simplify(vec![p, Point::new(mid, p.y), Point::new(mid, q.y), q])
    } else {
        let (sa, sb) =
            if dy >= 0.0 { (Side::Bottom, Side::Top) } else { (Side::Top, Side::Bottom) };
        let (p, q) = (from.port(sa).0, to.port(sb).0);
        let mid = (p.y + q.y) / 2.0;
        simplify(vec![p, Point::new(p.x, mid), Point::new(q.x, mid), q])
    }
}

#[cfg(test)]
mod tests;
