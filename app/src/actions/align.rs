//! Aligning and distributing icons, as in draw.io and Figma: the selected
//! icon nodes line up on an edge or centre of the box around them, or are
//! spread so that the gaps between them are equal, on the grid.
//!
//! Containers in the selection are left alone: their place is set by their
//! zone column or subnet row. Like an arrow-key nudge, this changes only
//! where the icons are drawn, never which container they belong to.

use super::{Action, Applied, Refusal, UndoPolicy};
use crate::geometry::snap;
use std::collections::HashSet;
use vpcraft_core::model::{Kind, Rect};
use vpcraft_core::sort;
use vpcraft_core::{Design, ResourceId};

/// How icons are lined up or spread.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Alignment {
    Left,
    Centre,
    Right,
    Top,
    Middle,
    Bottom,
    DistributeHorizontally,
    DistributeVertically,
}

impl Alignment {
    /// Every alignment, in toolbar order.
    pub const ALL: [Alignment; 8] = [
        Alignment::Left,
        Alignment::Centre,
        Alignment::Right,
        Alignment::Top,
        Alignment::Middle,
        Alignment::Bottom,
        Alignment::DistributeHorizontally,
        Alignment::DistributeVertically,
    ];

    /// What the command is called, as a tooltip says it.
    pub fn title(self) -> &'static str {
        match self {
            Alignment::Left => "Align left",
            Alignment::Centre => "Align centres horizontally",
            Alignment::Right => "Align right",
            Alignment::Top => "Align top",
            Alignment::Middle => "Align middles vertically",
            Alignment::Bottom => "Align bottom",
            Alignment::DistributeHorizontally => "Distribute horizontally",
            Alignment::DistributeVertically => "Distribute vertically",
        }
    }

    /// The keyboard shortcut.
    pub fn shortcut(self) -> &'static str {
        match self {
            Alignment::Left => "Alt+A",
            Alignment::Centre => "Alt+H",
            Alignment::Right => "Alt+D",
            Alignment::Top => "Alt+W",
            Alignment::Middle => "Alt+V",
            Alignment::Bottom => "Alt+S",
            Alignment::DistributeHorizontally => "Alt+Shift+H",
            Alignment::DistributeVertically => "Alt+Shift+V",
        }
    }

    /// A short stable name, for test IDs.
    pub fn key(self) -> &'static str {
        match self {
            Alignment::Left => "left",
            Alignment::Centre => "centre",
            Alignment::Right => "right",
            Alignment::Top => "top",
            Alignment::Middle => "middle",
            Alignment::Bottom => "bottom",
            Alignment::DistributeHorizontally => "distribute-horizontally",
            Alignment::DistributeVertically => "distribute-vertically",
        }
    }

    /// The alignment a key pressed with Alt asks for, by the key's code
    /// (`KeyA`), so that layouts where Alt changes the character still work.
    pub fn for_key(code: &str, shift: bool) -> Option<Self> {
        Some(match (code, shift) {
            ("KeyA", false) => Alignment::Left,
            ("KeyD", false) => Alignment::Right,
            ("KeyW", false) => Alignment::Top,
            ("KeyS", false) => Alignment::Bottom,
            ("KeyH", false) => Alignment::Centre,
            ("KeyV", false) => Alignment::Middle,
            ("KeyH", true) => Alignment::DistributeHorizontally,
            ("KeyV", true) => Alignment::DistributeVertically,
            _ => return None,
        })
    }

    /// How many icons the command needs: two to align, three to
    /// distribute.
    pub fn minimum(self) -> usize {
        match self {
            Alignment::DistributeHorizontally | Alignment::DistributeVertically => 3,
            _ => 2,
        }
    }
}

/// Aligns or distributes the icon nodes among `ids`. One undo step.
#[derive(Clone, Debug)]
pub struct Align {
    pub ids: Vec<ResourceId>,
    pub how: Alignment,
}

/// The icon nodes among `ids` with their rectangles, in design order:
/// drawn resources that are not containers.
pub fn icons(design: &Design, ids: &[ResourceId]) -> Vec<(ResourceId, Rect)> {
    if ids.len() < 2 {
        return Vec::new();
    }
    let wanted: HashSet<&ResourceId> = ids.iter().collect();
    design
        .resources
        .iter()
        .filter(|r| wanted.contains(&r.id))
        .filter(|r| !matches!(r.kind, Kind::Vpc(_) | Kind::AvailabilityZone(_) | Kind::Subnet(_)))
        .filter_map(|r| design.layout.positions.get(&r.id).map(|rect| (r.id.clone(), *rect)))
        .collect()
}

impl Action for Align {
    fn undo_policy(&self) -> UndoPolicy {
        UndoPolicy::Record
    }

    fn apply(&self, design: &mut Design) -> Result<Applied, Refusal> {
        let icons = icons(design, &self.ids);
        if icons.len() < self.how.minimum() {
            return Err(Refusal::new(match self.how.minimum() {
                2 => "Select two or more icons to align them",
                _ => "Select three or more icons to distribute them",
            }));
        }
        for (id, rect) in arrange(&icons, self.how) {
            design.layout.positions.insert(id, rect);
        }
        Ok(Applied { layout_only: true, ..Applied::default() })
    }

    fn layout_only(&self) -> bool {
        true
    }
}

/// The new rectangles of the icons, snapped to the grid.
fn arrange(icons: &[(ResourceId, Rect)], how: Alignment) -> Vec<(ResourceId, Rect)> {
    let left = icons.iter().map(|(_, r)| r.x).fold(f64::INFINITY, f64::min);
    let right = icons.iter().map(|(_, r)| r.x + r.w).fold(f64::NEG_INFINITY, f64::max);
    let top = icons.iter().map(|(_, r)| r.y).fold(f64::INFINITY, f64::min);
    let bottom = icons.iter().map(|(_, r)| r.y + r.h).fold(f64::NEG_INFINITY, f64::max);
    let at = |r: &Rect, x: f64, y: f64| Rect { x: snap(x), y: snap(y), ..*r };
    match how {
        Alignment::DistributeHorizontally => distribute(icons, true),
        Alignment::DistributeVertically => distribute(icons, false),
        _ => icons
            .iter()
            .map(|(id, r)| {
                let moved = match how {
                    Alignment::Left => at(r, left, r.y),
                    Alignment::Centre => at(r, (left + right - r.w) / 2.0, r.y),
                    Alignment::Right => at(r, right - r.w, r.y),
                    Alignment::Top => at(r, r.x, top),
                    Alignment::Middle => at(r, r.x, (top + bottom - r.h) / 2.0),
                    _ => at(r, r.x, bottom - r.h),
                };
                (id.clone(), moved)
            })
            .collect(),
    }
}

/// Spreads the icons along one axis, in their order along it, keeping the
/// first and the last in place and making the gaps between neighbours
/// equal; the other axis is only snapped.
fn distribute(icons: &[(ResourceId, Rect)], horizontal: bool) -> Vec<(ResourceId, Rect)> {
    let start = |r: &Rect| if horizontal { r.x } else { r.y };
    let size = |r: &Rect| if horizontal { r.w } else { r.h };
    let mut sorted: Vec<&(ResourceId, Rect)> = icons.iter().collect();
    sort::sort_by(&mut sorted, |(a_id, a), (b_id, b)| {
        (start(a) + size(a) / 2.0).total_cmp(&(start(b) + size(b) / 2.0)).then(a_id.cmp(b_id))
    });
    let first = start(&sorted[0].1);
    let end = sorted.iter().map(|(_, r)| start(r) + size(r)).fold(f64::NEG_INFINITY, f64::max);
    let total: f64 = sorted.iter().map(|(_, r)| size(r)).sum();
    let gap = (end - first - total) / (sorted.len() - 1) as f64;
    let mut next = first;
    sorted
        .into_iter()
        .map(|(id, r)| {
            let placed = if horizontal {
                Rect { x: snap(next), y: snap(r.y), ..*r }
            } else {
                Rect { x: snap(r.x), y: snap(next), ..*r }
            };
            next += size(r) + gap;
            (id.clone(), placed)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actions::AddResource;
    use crate::geometry::Point;
    use vpcraft_core::model::KindTag;

    /// Three functions on the open canvas at (96, 40), (184, 80) and
    /// (400, 152), and a VPC.
    fn design() -> (Design, Vec<ResourceId>) {
        let mut design = Design::new("d");
        let mut ids = Vec::new();
        for (x, y) in [(96.0, 40.0), (184.0, 80.0), (400.0, 152.0)] {
            let applied = AddResource { tag: KindTag::LambdaFunction, at: Point::new(x, y) }
                .apply(&mut design)
                .unwrap();
            let id = applied.select.unwrap().remove(0);
            design.layout.positions.insert(id.clone(), Rect::new(x, y, 112.0, 84.0));
            ids.push(id);
        }
        let vpc = AddResource { tag: KindTag::Vpc, at: Point::new(100.0, 800.0) }
            .apply(&mut design)
            .unwrap()
            .select
            .unwrap()
            .remove(0);
        ids.push(vpc);
        (design, ids)
    }

    /// The (x, y) of each function after aligning them all.
    fn aligned(how: Alignment) -> Vec<(f64, f64)> {
        let (mut design, ids) = design();
        let vpc_before = design.layout.positions[&ids[3]];
        let applied = Align { ids: ids.clone(), how }.apply(&mut design).unwrap();
        assert!(applied.layout_only);
        // The VPC in the selection is not an icon: it stays.
        assert_eq!(design.layout.positions[&ids[3]], vpc_before);
        ids[..3]
            .iter()
            .map(|id| {
                let r = design.layout.positions[id];
                assert_eq!((r.w, r.h), (112.0, 84.0));
                (r.x, r.y)
            })
            .collect()
    }

    #[test]
    fn icons_line_up_on_an_edge_or_centre_of_their_box() {
        assert_eq!(aligned(Alignment::Left), [(96.0, 40.0), (96.0, 80.0), (96.0, 152.0)]);
        assert_eq!(aligned(Alignment::Right), [(400.0, 40.0), (400.0, 80.0), (400.0, 152.0)]);
        // The box spans 96..512: centres at 304.
        assert_eq!(aligned(Alignment::Centre), [(248.0, 40.0), (248.0, 80.0), (248.0, 152.0)]);
        assert_eq!(aligned(Alignment::Top), [(96.0, 40.0), (184.0, 40.0), (400.0, 40.0)]);
        assert_eq!(aligned(Alignment::Bottom), [(96.0, 152.0), (184.0, 152.0), (400.0, 152.0)]);
        // The box spans 40..236: middles at 138, snapped to 96 for the top.
        assert_eq!(aligned(Alignment::Middle), [(96.0, 96.0), (184.0, 96.0), (400.0, 96.0)]);
    }

    #[test]
    fn distributing_makes_the_gaps_equal_and_keeps_the_ends() {
        // 96..512 holds three 112-wide icons with two gaps of 40.
        assert_eq!(
            aligned(Alignment::DistributeHorizontally),
            [(96.0, 40.0), (248.0, 80.0), (400.0, 152.0)]
        );
        // 40..236 holds three 84-high icons overlapping by 28.
        assert_eq!(
            aligned(Alignment::DistributeVertically),
            [(96.0, 40.0), (184.0, 96.0), (400.0, 152.0)]
        );
    }

    #[test]
    fn positions_are_snapped_to_the_grid() {
        let (mut design, ids) = design();
        design.layout.positions.insert(ids[0].clone(), Rect::new(99.0, 41.0, 112.0, 84.0));
        Align { ids: ids[..2].to_vec(), how: Alignment::Left }.apply(&mut design).unwrap();
        assert_eq!(design.layout.positions[&ids[0]], Rect::new(96.0, 40.0, 112.0, 84.0));
        assert_eq!(design.layout.positions[&ids[1]], Rect::new(96.0, 80.0, 112.0, 84.0));
    }

    #[test]
    fn too_few_icons_are_refused() {
        let (mut design, ids) = design();
        let before = design.clone();
        let refusal = Align { ids: vec![ids[0].clone(), ids[3].clone()], how: Alignment::Left }
            .apply(&mut design)
            .unwrap_err();
        assert_eq!(refusal.0, "Select two or more icons to align them");
        let refusal = Align { ids: ids[..2].to_vec(), how: Alignment::DistributeVertically }
            .apply(&mut design)
            .unwrap_err();
        assert_eq!(refusal.0, "Select three or more icons to distribute them");
        assert_eq!(design, before);
    }

    #[test]
    fn alt_keys_name_the_commands() {
        let keys: Vec<Option<Alignment>> = [
            ("KeyA", false),
            ("KeyH", false),
            ("KeyD", false),
            ("KeyW", false),
            ("KeyV", false),
            ("KeyS", false),
            ("KeyH", true),
            ("KeyV", true),
        ]
        .into_iter()
        .map(|(code, shift)| Alignment::for_key(code, shift))
        .collect();
        assert_eq!(keys, Alignment::ALL.map(Some));
        assert_eq!(Alignment::for_key("KeyA", true), None);
        for how in Alignment::ALL {
            let (code, shift) = match how.shortcut().strip_prefix("Alt+Shift+") {
                Some(letter) => (format!("Key{letter}"), true),
                None => (format!("Key{}", how.shortcut().strip_prefix("Alt+").unwrap()), false),
            };
            assert_eq!(Alignment::for_key(&code, shift), Some(how), "{}", how.shortcut());
        }
    }
}
