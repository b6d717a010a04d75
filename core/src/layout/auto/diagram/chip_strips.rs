//! The room a subnet row of the diagram keeps under its icons for the
//! membership chips of what runs there but is drawn in another row.

use super::super::super::chips;
use super::{Planner, Row, ZONE_PAD, zone_width};
use crate::ResourceId;
use std::collections::HashMap;

impl<'d> Planner<'d> {
    /// The height each subnet row keeps under its icons for membership
    /// chips: a subnet holds the icons homed in another row as replicas
    /// where its grid has free slots, and as chips past them (see
    /// [`chips`]).
    pub(super) fn chip_strips(
        &self,
        rows: &[Row<'d>],
        slots: &HashMap<&'d ResourceId, (&'d ResourceId, usize, usize)>,
        row_lines: &[usize],
        columns: usize,
    ) -> Vec<f64> {
        let subnet_w = zone_width(columns) - 2.0 * ZONE_PAD;
        rows.iter()
            .enumerate()
            .map(|(k, row)| {
                let most = row
                    .subnets
                    .iter()
                    .flatten()
                    .map(|subnet| {
                        let icons = self.l.in_subnet.get(*subnet).into_iter().flatten();
                        let (mut here, mut foreign) = (0, Vec::new());
                        for r in icons {
                            match slots.get(&r.id) {
                                Some((_, row, _)) if *row == k => here += 1,
                                Some(_) => foreign.push(r),
                                None => {}
                            }
                        }
                        let free = (row_lines[k] * columns).saturating_sub(here);
                        let chipped = foreign.len().saturating_sub(free);
                        let widths = foreign[foreign.len() - chipped..]
                            .iter()
                            .map(|r| chips::width(&chips::label(&r.name), subnet_w));
                        chips::rows_needed(widths, subnet_w)
                    })
                    .max()
                    .unwrap_or(0);
                chips::strip_height(most)
            })
            .collect()
    }
}
