//! What is drawn along a route once it is found: its SVG path with rounded
//! corners, its length and points along it, where two routes cross, the
//! boxes of its segments, and the spot of its label.

use super::super::geometry::{Point, intersects};
use crate::model::Rect;

/// The SVG path data of a route, its corners rounded with `radius` (less
/// where a segment is too short for it).
pub fn svg_path(points: &[Point], radius: f64) -> String {
    use std::fmt::Write;
    let Some(first) = points.first() else {
        return String::new();
    };
    let mut d = format!("M{} {}", first.x, first.y);
    for i in 1..points.len() {
        let p = points[i];
        if i + 1 == points.len() {
            let _ = write!(d, " L{} {}", p.x, p.y);
            break;
        }
        let (prev, next) = (points[i - 1], points[i + 1]);
        let into = (p.x - prev.x).abs() + (p.y - prev.y).abs();
        let out = (next.x - p.x).abs() + (next.y - p.y).abs();
        let r = radius.min(into / 2.0).min(out / 2.0);
        let unit = |a: Point, b: Point, len: f64| ((b.x - a.x) / len, (b.y - a.y) / len);
        let (ix, iy) = unit(prev, p, into.max(1e-9));
        let (ox, oy) = unit(p, next, out.max(1e-9));
        let _ = write!(
            d,
            " L{} {} Q{} {} {} {}",
            p.x - ix * r,
            p.y - iy * r,
            p.x,
            p.y,
            p.x + ox * r,
            p.y + oy * r
        );
    }
    d
}

/// The length of a route.
pub fn length(points: &[Point]) -> f64 {
    points.windows(2).map(|w| (w[1].x - w[0].x).abs() + (w[1].y - w[0].y).abs()).sum()
}

/// The point `at` along a route from its start (clamped to its ends).
pub fn point_along(points: &[Point], at: f64) -> Point {
    let mut left = at.max(0.0);
    for w in points.windows(2) {
        let len = (w[1].x - w[0].x).abs() + (w[1].y - w[0].y).abs();
        if left <= len && len > 0.0 {
            let t = left / len;
            return Point::new(w[0].x + (w[1].x - w[0].x) * t, w[0].y + (w[1].y - w[0].y) * t);
        }
        left -= len;
    }
    points.last().copied().unwrap_or_default()
}

/// How many times two routes cross (a segment of one passing through a
/// segment of the other, away from their ends).
pub fn crossings(a: &[Point], b: &[Point]) -> usize {
    let mut n = 0;
    for s in a.windows(2) {
        for t in b.windows(2) {
            let (h, v) = if (s[0].y - s[1].y).abs() < 1e-6 { (s, t) } else { (t, s) };
            let horizontal = (h[0].y - h[1].y).abs() < 1e-6;
            let vertical = (v[0].x - v[1].x).abs() < 1e-6;
            if !horizontal || !vertical || (v[0].y - v[1].y).abs() < 1e-6 {
                continue;
            }
            let (x, y) = (v[0].x, h[0].y);
            let within = |p: f64, a: f64, b: f64| p > a.min(b) + 0.5 && p < a.max(b) - 0.5;
            if within(x, h[0].x, h[1].x) && within(y, v[0].y, v[1].y) {
                n += 1;
            }
        }
    }
    n
}

/// The boxes of a route's segments, `half` wide on each side of the line.
pub fn segment_boxes(points: &[Point], half: f64) -> Vec<Rect> {
    points
        .windows(2)
        .map(|w| {
            let (x, y) = (w[0].x.min(w[1].x), w[0].y.min(w[1].y));
            let (r, b) = (w[0].x.max(w[1].x), w[0].y.max(w[1].y));
            Rect::new(x - half, y - half, r - x + 2.0 * half, b - y + 2.0 * half)
        })
        .collect()
}

/// The centre of a `w` × `h` label on a route: the first spot from
/// `start` along it (then back towards its beginning) where the label,
/// centred on the line, overlaps none of `avoid` and stays `margin` away
/// from both ends; failing that, the first such spot beside a vertical
/// segment (the label just right or left of the line).
pub fn label_spot(
    points: &[Point],
    w: f64,
    h: f64,
    start: f64,
    margin: f64,
    avoid: &[Rect],
) -> Option<Point> {
    let total = length(points);
    let lo = margin.min(total / 2.0);
    let hi = (total - margin).max(lo);
    let from = start.clamp(lo, hi);
    let forward = (0..).map(|i| from + f64::from(i) * 4.0).take_while(|&at| at <= hi);
    let backward = (1..).map(|i| from - f64::from(i) * 4.0).take_while(|&at| at >= lo);
    let spots: Vec<f64> = forward.chain(backward).collect();
    let free = |c: Point| {
        let r = Rect::new(c.x - w / 2.0, c.y - h / 2.0, w, h);
        !avoid.iter().any(|a| intersects(a, &r))
    };
    let centred = spots.iter().map(|&at| point_along(points, at)).find(|&c| free(c));
    centred.or_else(|| {
        spots.iter().find_map(|&at| {
            let (c, before) = (point_along(points, at), point_along(points, at - 1.0));
            let vertical = (c.x - before.x).abs() < 1e-6 && (c.y - before.y).abs() > 1e-6;
            let beside =
                [Point::new(c.x + w / 2.0 + 4.0, c.y), Point::new(c.x - w / 2.0 - 4.0, c.y)];
            beside.into_iter().filter(|_| vertical).find(|&p| free(p))
        })
    })
}
