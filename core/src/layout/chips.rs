//! The membership chips of a subnet: where a resource that also runs in a
//! subnet gets no replica there (the subnet is full), a small chip naming
//! it stands at the subnet's bottom, on at most [`MAX_ROWS`] rows and clear
//! of every icon and replica; what does not fit is folded into one
//! "+N more" chip that lists them. The auto layout keeps those rows free
//! ([`rows_needed`]); in a subnet drawn full by hand, the folding chip
//! stands over what is there rather than leave a membership unshown.

use super::geometry::{fit_text, intersects, is_container, text_width};
use super::spanning::{Membership, icon_rects};
use crate::model::Rect;
use crate::{Design, Resource, ResourceId};
use std::collections::HashMap;

/// Height of a chip.
pub const CHIP_H: f64 = 18.0;
/// Gap between two chips, side by side or one above the other.
const CHIP_GAP: f64 = 3.0;
/// The most rows of chips a subnet shows.
pub const MAX_ROWS: usize = 2;
/// Space between a subnet's edges and its chips.
const INSET: f64 = 10.0;
/// Space under the last row of chips.
const BOTTOM: f64 = 5.0;
/// A chip's font (11px) against the name font [`text_width`] measures.
const FONT_SCALE: f64 = 11.0 / 12.5;
/// Space around a chip's label.
const LABEL_PAD: f64 = 14.0;
/// Space kept between a chip and an icon or replica.
const CLEAR: f64 = 2.0;

/// One chip in a subnet.
#[derive(Clone, Debug, PartialEq)]
pub struct Chip {
    pub subnet: ResourceId,
    pub rect: Rect,
    /// "⇢ name", or "+N more" for the folded ones, shortened to the chip.
    pub label: String,
    /// The resource it names, or every resource it folds.
    pub owners: Vec<ResourceId>,
}

impl Chip {
    /// Whether the chip folds several resources.
    pub fn is_summary(&self) -> bool {
        self.label.starts_with('+')
    }
}

/// The label of the chip of a resource named `name`.
pub fn label(name: &str) -> String {
    format!("⇢ {name}")
}

/// The width of a chip labelled `label` in a subnet `subnet_w` wide, in
/// whole pixels.
pub fn width(label: &str, subnet_w: f64) -> f64 {
    let w = (text_width(label) * FONT_SCALE + LABEL_PAD).ceil();
    w.min((subnet_w - 2.0 * INSET).floor()).max(0.0)
}

/// `label` shortened to what a chip `w` wide shows.
fn shown(label: String, w: f64) -> String {
    let room = (w - LABEL_PAD) / FONT_SCALE;
    if text_width(&label) <= room { label } else { fit_text(&label, room) }
}

/// The height a subnet's box needs under its icons for `rows` rows of
/// chips (none for 0).
pub fn strip_height(rows: usize) -> f64 {
    if rows == 0 { 0.0 } else { rows as f64 * (CHIP_H + CHIP_GAP) + CHIP_GAP }
}

/// The rows of chips (at most [`MAX_ROWS`]) that chips of `widths` need
/// in a subnet `subnet_w` wide.
pub fn rows_needed(widths: impl IntoIterator<Item = f64>, subnet_w: f64) -> usize {
    let room = subnet_w - 2.0 * INSET;
    let mut rows = 0;
    let mut x = f64::INFINITY;
    for w in widths {
        if x + w > room {
            rows += 1;
            if rows > MAX_ROWS {
                return MAX_ROWS;
            }
            x = 0.0;
        }
        x += w + CHIP_GAP;
    }
    rows
}

/// The chips of every membership without a replica, subnet by subnet in
/// the order of the subnets' first chip.
pub fn chips(design: &Design, memberships: &[Membership]) -> Vec<Chip> {
    chips_at(design, memberships, &|id: &ResourceId| design.layout.positions.get(id).copied())
}

/// [`chips`] with the resources where `rect_of` says they are (and
/// `memberships` found with the same). One copy of the code serves every
/// caller's `rect_of`.
pub fn chips_at(
    design: &Design,
    memberships: &[Membership],
    rect_of: &dyn Fn(&ResourceId) -> Option<Rect>,
) -> Vec<Chip> {
    let by_id: HashMap<&ResourceId, &Resource> =
        design.resources.iter().map(|r| (&r.id, r)).collect();
    let mut wanted: Vec<(&ResourceId, Vec<&ResourceId>)> = Vec::new();
    let mut index: HashMap<&ResourceId, usize> = HashMap::new();
    for m in memberships.iter().filter(|m| m.replica.is_none()) {
        let i = *index.entry(&m.subnet).or_insert_with(|| {
            wanted.push((&m.subnet, Vec::new()));
            wanted.len() - 1
        });
        wanted[i].1.push(&m.owner);
    }
    if wanted.is_empty() {
        return Vec::new();
    }
    let icons = icon_rects(design, rect_of);
    let mut out = Vec::new();
    for (subnet, owners) in wanted {
        let (Some(s), Some(resource)) = (rect_of(subnet), by_id.get(subnet)) else {
            continue;
        };
        let named: Vec<(&ResourceId, String)> = owners
            .into_iter()
            .map(|id| (id, label(by_id.get(id).map_or(id.as_str(), |r| r.name.as_str()))))
            .collect();
        let shelf = if is_container(&resource.kind) {
            // What stands in the subnet: its icons and replicas.
            let blocked: Vec<Rect> = icons
                .iter()
                .copied()
                .chain(memberships.iter().filter(|m| &m.subnet == subnet).filter_map(|m| m.replica))
                .filter(|r| intersects(r, &s))
                .collect();
            Shelf::inside(s, &blocked)
        } else {
            // A subnet drawn as an icon (known only at deploy time): the
            // chips hang under it, clear of its name.
            Shelf::under(s)
        };
        out.extend(shelf.place(subnet, named));
    }
    out
}

/// The rows a subnet's chips go on: each row's top and the spans of it
/// that something else covers.
struct Shelf {
    left: f64,
    right: f64,
    rows: Vec<(f64, Vec<(f64, f64)>)>,
}

impl Shelf {
    /// Rows up from the bottom of a subnet's box, below its title.
    fn inside(s: Rect, blocked: &[Rect]) -> Self {
        // The bottom row always, the others where the subnet is tall enough.
        let rows = (0..MAX_ROWS)
            .map(|row| s.y + s.h - CHIP_H - BOTTOM - row as f64 * (CHIP_H + CHIP_GAP))
            .enumerate()
            .filter(|(row, y)| *row == 0 || *y >= s.y + CHIP_H * 2.0)
            .map(|(_, y)| {
                let band = Rect::new(s.x, y - CLEAR, s.w, CHIP_H + 2.0 * CLEAR);
                let mut spans: Vec<(f64, f64)> = blocked
                    .iter()
                    .filter(|b| intersects(b, &band))
                    .map(|b| (b.x - CLEAR, b.x + b.w + CLEAR))
                    .collect();
                crate::sort::sort_by(&mut spans, |a, b| a.0.total_cmp(&b.0));
                (y, spans)
            })
            .collect();
        Self { left: s.x + INSET, right: s.x + s.w - INSET, rows }
    }

    /// Rows down from under a subnet drawn as an icon.
    fn under(s: Rect) -> Self {
        let rows = (0..MAX_ROWS)
            .map(|row| (s.y + s.h + CHIP_GAP + row as f64 * (CHIP_H + CHIP_GAP), Vec::new()))
            .collect();
        Self { left: s.x + INSET, right: s.x + s.w - INSET, rows }
    }

    /// The left edge of the first free span `w` wide at or after `x` on
    /// row `row`.
    fn fit(&self, row: usize, mut x: f64, w: f64) -> Option<f64> {
        for &(from, to) in &self.rows[row].1 {
            if to <= x {
                continue;
            }
            if from >= x + w {
                break;
            }
            x = to;
        }
        (x + w <= self.right).then_some(x)
    }

    /// Places chips for `named` left to right, row after row; when they do
    /// not all fit, the last places go to one chip folding the rest.
    fn place(&self, subnet: &ResourceId, named: Vec<(&ResourceId, String)>) -> Vec<Chip> {
        let subnet_w = self.right - self.left + 2.0 * INSET;
        // (row, x) of the next chip, and the chips placed with theirs.
        let mut at = (0, self.left);
        let mut placed: Vec<((usize, f64), Chip)> = Vec::new();
        let mut rest = named.into_iter();
        for (owner, label) in rest.by_ref() {
            let w = width(&label, subnet_w);
            match self.next_spot(at, w) {
                Some((row, x)) => {
                    let chip = Chip {
                        subnet: subnet.clone(),
                        rect: Rect::new(x, self.rows[row].0, w, CHIP_H),
                        label: shown(label, w),
                        owners: vec![owner.clone()],
                    };
                    placed.push((at, chip));
                    at = (row, x + w + CHIP_GAP);
                }
                None => {
                    let mut folded = vec![owner.clone()];
                    folded.extend(rest.map(|(id, _)| id.clone()));
                    return self.fold(subnet, placed, at, folded);
                }
            }
        }
        placed.into_iter().map(|(_, chip)| chip).collect()
    }

    /// The row and left edge of a chip `w` wide placed from `at` on.
    fn next_spot(&self, (row, x): (usize, f64), w: f64) -> Option<(usize, f64)> {
        (row..self.rows.len()).find_map(|r| {
            let from = if r == row { x } else { self.left };
            self.fit(r, from, w).map(|x| (r, x))
        })
    }

    /// Gives up placed chips from the last until one "+N more" chip for
    /// them and `folded` fits.
    fn fold(
        &self,
        subnet: &ResourceId,
        mut placed: Vec<((usize, f64), Chip)>,
        mut at: (usize, f64),
        mut folded: Vec<ResourceId>,
    ) -> Vec<Chip> {
        let subnet_w = self.right - self.left + 2.0 * INSET;
        loop {
            let label = format!("+{} more", folded.len());
            let w = width(&label, subnet_w);
            if let Some((row, x)) = self.next_spot(at, w) {
                let mut chips: Vec<Chip> = placed.into_iter().map(|(_, chip)| chip).collect();
                chips.push(Chip {
                    subnet: subnet.clone(),
                    rect: Rect::new(x, self.rows[row].0, w, CHIP_H),
                    label: shown(label, w),
                    owners: folded,
                });
                return chips;
            }
            let Some((was, chip)) = placed.pop() else {
                // No free spot at all (a full subnet drawn by hand): the one
                // chip stands on the bottom row regardless, so that no
                // membership goes unshown.
                let rect = Rect::new(self.left, self.rows[0].0, w, CHIP_H);
                let label = shown(label, w);
                return vec![Chip { subnet: subnet.clone(), rect, label, owners: folded }];
            };
            at = was;
            let mut owners = chip.owners;
            owners.append(&mut folded);
            folded = owners;
        }
    }
}

#[cfg(test)]
mod tests;
