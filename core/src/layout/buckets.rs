//! A uniform grid of rectangles for "what is near here" questions: the
//! canvas asks it, for each of thousands of flows, which routes and labels
//! lie near one route, in time that grows with what is near rather than
//! with everything drawn.

use super::geometry::intersects;
use crate::model::Rect;
use std::collections::HashMap;

/// Rectangles, each with a tag, filed under every grid cell they touch.
#[derive(Debug)]
pub struct Buckets<T> {
    cell: f64,
    items: Vec<(Rect, T)>,
    cells: HashMap<(i64, i64), Vec<usize>>,
}

/// The most cells one rectangle is filed under: a larger one (a route's box
/// across a whole account) goes in a list every query reads.
const MOST_CELLS: i64 = 64;

impl<T> Buckets<T> {
    /// An empty grid of `cell` × `cell` cells.
    pub fn new(cell: f64) -> Self {
        Self { cell: cell.max(1.0), items: Vec::new(), cells: HashMap::new() }
    }

    /// The cells a rectangle touches, or `None` when they are too many.
    fn span(&self, r: &Rect) -> Option<(i64, i64, i64, i64)> {
        let at = |v: f64| (v / self.cell).floor() as i64;
        let (x0, y0, x1, y1) = (at(r.x), at(r.y), at(r.x + r.w), at(r.y + r.h));
        ((x1 - x0 + 1).saturating_mul(y1 - y0 + 1) <= MOST_CELLS).then_some((x0, y0, x1, y1))
    }

    /// Files a rectangle with its tag.
    pub fn insert(&mut self, rect: Rect, tag: T) {
        let index = self.items.len();
        match self.span(&rect) {
            Some((x0, y0, x1, y1)) => {
                for x in x0..=x1 {
                    for y in y0..=y1 {
                        self.cells.entry((x, y)).or_default().push(index);
                    }
                }
            }
            None => self.cells.entry((i64::MIN, i64::MIN)).or_default().push(index),
        }
        self.items.push((rect, tag));
    }

    /// Every rectangle that intersects `area`, each once, in the order
    /// they were filed.
    pub fn near(&self, area: &Rect) -> Vec<&(Rect, T)> {
        let mut found: Vec<usize> = Vec::new();
        let mut take = |list: Option<&Vec<usize>>| {
            found.extend(list.into_iter().flatten().copied());
        };
        take(self.cells.get(&(i64::MIN, i64::MIN)));
        match self.span(area) {
            Some((x0, y0, x1, y1)) => {
                for x in x0..=x1 {
                    for y in y0..=y1 {
                        take(self.cells.get(&(x, y)));
                    }
                }
            }
            None => found.extend(0..self.items.len()),
        }
        found.sort_unstable();
        found.dedup();
        found.into_iter().map(|i| &self.items[i]).filter(|(r, _)| intersects(r, area)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_intersects_an_area_once_in_filing_order() {
        let mut b = Buckets::new(100.0);
        b.insert(Rect::new(0.0, 0.0, 10.0, 10.0), "a");
        b.insert(Rect::new(150.0, 0.0, 120.0, 10.0), "wide");
        b.insert(Rect::new(-5000.0, -5000.0, 10_000.0, 10_000.0), "huge");
        b.insert(Rect::new(500.0, 500.0, 10.0, 10.0), "far");
        let tags = |area: Rect| b.near(&area).iter().map(|(_, t)| *t).collect::<Vec<_>>();
        assert_eq!(tags(Rect::new(5.0, 5.0, 200.0, 20.0)), vec!["a", "wide", "huge"]);
        assert_eq!(tags(Rect::new(490.0, 490.0, 5.0, 5.0)), vec!["huge"]);
        assert_eq!(tags(Rect::new(495.0, 495.0, 10.0, 10.0)), vec!["huge", "far"]);
        // An area past the cell limit reads everything.
        assert_eq!(tags(Rect::new(-100.0, -100.0, 2000.0, 2000.0)).len(), 4);
    }
}
