//! The box a nested stack is drawn as once its template was read: its icon,
//! name and counts on top, where any icon node has them (so that flows
//! attach to it the same way), and under them a grid of the resources its
//! template creates, each a small icon with its logical ID. The layout
//! sizes the box and the canvas draws the grid with these functions, so
//! every shell agrees on where each resource sits.

use super::geometry::{ICON_NODE_H, ICON_NODE_MAX_W};
use crate::model::{Kind, Rect, StackResource};

/// Width of one resource's cell: a small icon and its logical ID under it.
pub const CELL_W: f64 = 116.0;
/// Height of one resource's cell.
pub const CELL_H: f64 = 58.0;
/// Side of a resource's icon in its cell.
pub const CELL_ICON: f64 = 28.0;
/// Height of the box's head: the stack's icon, name and counts.
pub const HEAD: f64 = ICON_NODE_H + 12.0;
/// Padding around the grid.
pub const PAD: f64 = 12.0;
/// The most columns of the grid: a large stack grows down, not across.
pub const MAX_COLUMNS: usize = 6;

/// The resources a nested stack is drawn with: those its template creates,
/// when it was read. `None` for every other resource and for a stack drawn
/// as one icon.
pub fn contents(kind: &Kind) -> Option<&[StackResource]> {
    match kind {
        Kind::NestedStack(stack) if !stack.resources.is_empty() => Some(&stack.resources),
        _ => None,
    }
}

/// The size of the box a resource is drawn as when it is a nested stack
/// drawn with its resources; `None` for every other resource.
pub fn box_size(kind: &Kind) -> Option<(f64, f64)> {
    contents(kind).map(|resources| size(resources.len()))
}

/// The grid's columns for `n` resources: near square, at most
/// [`MAX_COLUMNS`].
pub fn columns(n: usize) -> usize {
    let mut c = 1;
    while c * c < n && c < MAX_COLUMNS {
        c += 1;
    }
    c
}

/// The width and height of the box of a stack of `n` resources.
pub fn size(n: usize) -> (f64, f64) {
    let columns = columns(n);
    let rows = n.div_ceil(columns).max(1);
    let w = (columns as f64 * CELL_W + 2.0 * PAD).max(ICON_NODE_MAX_W);
    (w, HEAD + rows as f64 * CELL_H + PAD)
}

/// The cell of the `i`th of `n` resources in a box drawn at `rect`: rows
/// left to right, the grid centred across the box.
pub fn cell(rect: &Rect, i: usize, n: usize) -> Rect {
    let columns = columns(n);
    let grid_w = columns as f64 * CELL_W;
    let left = rect.x + (rect.w - grid_w) / 2.0;
    let (row, column) = (i / columns, i % columns);
    Rect::new(left + column as f64 * CELL_W, rect.y + HEAD + row as f64 * CELL_H, CELL_W, CELL_H)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grid_is_near_square_and_grows_down_past_six_columns() {
        let cases = [(1, 1), (2, 2), (4, 2), (5, 3), (9, 3), (10, 4), (36, 6), (200, 6)];
        for (n, want) in cases {
            assert_eq!(columns(n), want, "{n} resources");
        }
        assert_eq!(size(1), (CELL_W + 2.0 * PAD, HEAD + CELL_H + PAD));
        assert_eq!(size(7), (3.0 * CELL_W + 2.0 * PAD, HEAD + 3.0 * CELL_H + PAD));
        assert_eq!(size(200).1, HEAD + 34.0 * CELL_H + PAD);
    }

    #[test]
    fn cells_fill_rows_left_to_right_inside_the_box() {
        let (w, h) = size(5);
        let rect = Rect::new(100.0, 50.0, w, h);
        let cells: Vec<Rect> = (0..5).map(|i| cell(&rect, i, 5)).collect();
        assert_eq!(cells[0], Rect::new(100.0 + PAD, 50.0 + HEAD, CELL_W, CELL_H));
        assert_eq!(cells[2].x, cells[0].x + 2.0 * CELL_W);
        assert_eq!((cells[3].x, cells[3].y), (cells[0].x, cells[0].y + CELL_H));
        for c in cells {
            assert!(c.x >= rect.x && c.x + c.w <= rect.x + rect.w, "{c:?} inside {rect:?}");
            assert!(c.y >= rect.y && c.y + c.h <= rect.y + rect.h, "{c:?} inside {rect:?}");
        }
    }
}
