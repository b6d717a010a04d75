//! Laying out a whole design that has no layout yet (a starter template, a
//! hand-written or imported file) as an AWS architecture diagram.
//!
//! Each VPC gets its availability zones as columns; subnets form rows across
//! the columns, public rows first, so that public-a sits beside public-b.
//! Icons stand on a two-column grid inside their subnet (wider, near square,
//! where a subnet holds many), in the order that makes the flows between
//! them simplest (every order is tried). A resource
//! in several subnets of one row (a function, load balancer or endpoint in
//! two zones) takes the same slot in each of them: its icon is drawn in the
//! leftmost, and the canvas draws a faded replica on the same spot of the
//! others (see [`crate::layout::spanning`]), so the zones mirror each
//! other as in AWS reference diagrams. VPC-wide resources (gateways, route
//! tables, endpoints, security groups) line up in rows under the zones.
//! Regional services go beside, above or under the VPCs, each near what it
//! is linked to; every arrangement is tried and the one whose flows route
//! shortest and simplest wins, unless another fits a laptop screen at a
//! noticeably larger zoom.

#[cfg(test)]
mod tests;

use super::super::geometry::{self as geometry, ICON_NODE_H, ICON_NODE_MAX_W, Point, VPC_PAD};
use crate::model::{Flow, Kind, Rect};
use crate::sort;
use crate::{Design, Resource, ResourceId};
use std::collections::{HashMap, HashSet};

mod chip_strips;
mod lookups;
mod regional;

use lookups::Lookups;

/// Width of the diagram's icon nodes: the widest, so that names show whole.
const NODE_W: f64 = ICON_NODE_MAX_W;
/// Where the diagram starts, and the gap between stacked VPCs.
const MARGIN: f64 = 48.0;
/// The height of stacked VPCs past which they wrap into columns (four
/// laptop screens).
const WRAP_FROM: f64 = 4.0 * 584.0;
/// The most columns of stacked VPCs tried.
const MAX_STACK_COLUMNS: usize = 64;
/// Height of a VPC's title, above its zones.
const VPC_TOP: f64 = 44.0;
/// Height of a zone's title, above its subnets.
const ZONE_TOP: f64 = 34.0;
/// Inner padding of a zone column beside its subnets.
const ZONE_PAD: f64 = 16.0;
/// Space under the last subnet of a zone column.
const ZONE_BOTTOM: f64 = 12.0;
/// Space under the last row of VPC-wide resources.
const VPC_BOTTOM: f64 = 16.0;
/// Height of a subnet's title, above its icons.
const SUBNET_TOP: f64 = 42.0;
/// Space left and right of the icon grid in a subnet.
const SUBNET_PAD: f64 = 16.0;
/// Space under the icon grid in a subnet (the names end above the grid's
/// bottom edge).
const SUBNET_BOTTOM: f64 = 8.0;
/// Vertical gap between two subnets of a zone.
const SUBNET_GAP: f64 = 12.0;
/// Icon columns in a subnet, unless one of the VPC's subnets would need
/// more than [`MAX_LINES`] rows of them.
const COLUMNS: usize = 2;
/// Icon rows a subnet may have on [`COLUMNS`] columns; past them the
/// VPC's subnets get as many columns as give the VPC the proportions of a
/// laptop screen.
const MAX_LINES: usize = 6;
/// The most icon columns a subnet gets.
const MAX_COLUMNS: usize = 12;
/// Gap between two icon columns.
const GAP_X: f64 = 16.0;
/// Gap between two icon rows, room for a flow and its label.
const GAP_Y: f64 = 32.0;
/// Gap between icons in the rows of VPC-wide resources and of regional
/// services.
const ROW_GAP: f64 = 12.0;

/// Lays out every resource of the design (which has no positions yet).
pub fn lay_out(design: &mut Design) {
    let positions = Planner::new(design).plan();
    design.layout.positions.extend(positions);
}

struct Planner<'d> {
    design: &'d Design,
    l: Lookups<'d>,
    placed: HashMap<ResourceId, Rect>,
}

/// A subnet row of a VPC: one subnet (or none) per zone column.
struct Row<'d> {
    subnets: Vec<Option<&'d ResourceId>>,
}

impl<'d> Planner<'d> {
    fn new(design: &'d Design) -> Self {
        Self { design, l: Lookups::new(design), placed: HashMap::new() }
    }

    fn plan(mut self) -> HashMap<ResourceId, Rect> {
        let design = self.design;
        // Each VPC laid out on its own at the margin, then the VPCs stacked.
        let mut drawn = Vec::new();
        for vpc in design.resources.iter().filter(|r| geometry::is_vpc(&r.kind)) {
            let others = std::mem::take(&mut self.placed);
            let rect = self.vpc(&vpc.id, Point::new(MARGIN, MARGIN));
            drawn.push((rect, std::mem::replace(&mut self.placed, others)));
        }
        let rects: Vec<Rect> = drawn.iter().map(|(rect, _)| *rect).collect();
        let column = stack_height(&rects);
        let (mut x, mut y, mut column_w) = (MARGIN, MARGIN, 0.0_f64);
        for (rect, mut placed) in drawn {
            if y > MARGIN && y + rect.h > MARGIN + column {
                (x, y, column_w) = (x + column_w + MARGIN, MARGIN, 0.0);
            }
            let (dx, dy) = (x - rect.x, y - rect.y);
            if dx != 0.0 || dy != 0.0 {
                for r in placed.values_mut() {
                    *r = r.translate(dx, dy);
                }
            }
            self.placed.extend(placed);
            y += rect.h + MARGIN;
            column_w = column_w.max(rect.w);
        }
        self.regional();
        self.stack_boxes();
        self.placed
    }

    fn order_of(&self, id: &ResourceId) -> usize {
        self.l.order.get(id).copied().unwrap_or(usize::MAX)
    }

    /// The icon resources (not attachments, not containers) of the design.
    fn icons(&self) -> impl Iterator<Item = &'d Resource> + '_ {
        self.l.icons.iter().copied()
    }

    /// Places a VPC with everything in it at `at`; returns its rectangle.
    fn vpc(&mut self, vpc: &'d ResourceId, at: Point) -> Rect {
        let mut zones: Vec<(&str, &ResourceId)> =
            self.l.zones.get(vpc).cloned().unwrap_or_default();
        sort::sort_by(&mut zones, |a, b| {
            a.0.cmp(b.0).then_with(|| self.order_of(a.1).cmp(&self.order_of(b.1)))
        });
        let zones: Vec<&ResourceId> = zones.into_iter().map(|(_, id)| id).collect();
        let rows = self.rows(&zones);
        let subnet_ids: HashSet<&ResourceId> =
            rows.iter().flat_map(|row| row.subnets.iter().flatten().copied()).collect();

        // Which subnet draws each icon, and the slot it takes there.
        let (slots, row_lines, columns) = self.slots(&rows, &subnet_ids, zones.len());
        let zone_w = zone_width(columns);

        let width = zones.len().max(1) as f64 * (zone_w + VPC_PAD) + VPC_PAD;
        let zone_top = at.y + VPC_TOP;
        let mut y = zone_top + ZONE_TOP;
        let mut row_tops = Vec::with_capacity(rows.len());
        let strips = self.chip_strips(&rows, &slots, &row_lines, columns);
        for (k, row) in rows.iter().enumerate() {
            let h = SUBNET_TOP + grid_height(row_lines[k]) + SUBNET_BOTTOM + strips[k];
            row_tops.push(y);
            for (column, subnet) in row.subnets.iter().enumerate() {
                let Some(subnet) = subnet else {
                    continue;
                };
                let x = at.x + VPC_PAD + column as f64 * (zone_w + VPC_PAD) + ZONE_PAD;
                self.placed.insert((*subnet).clone(), Rect::new(x, y, zone_w - 2.0 * ZONE_PAD, h));
            }
            y += h + SUBNET_GAP;
        }
        let zone_bottom =
            if rows.is_empty() { zone_top + ZONE_TOP + 60.0 } else { y - SUBNET_GAP + ZONE_BOTTOM };
        for (column, zone) in zones.iter().enumerate() {
            let x = at.x + VPC_PAD + column as f64 * (zone_w + VPC_PAD);
            self.placed
                .insert((*zone).clone(), Rect::new(x, zone_top, zone_w, zone_bottom - zone_top));
        }
        for (id, (subnet, k, slot)) in &slots {
            let s = self.placed[*subnet];
            let (col, line) = (slot / row_lines[*k], slot % row_lines[*k]);
            let rect = Rect::new(
                s.x + SUBNET_PAD + col as f64 * (NODE_W + GAP_X),
                s.y + SUBNET_TOP + line as f64 * (ICON_NODE_H + GAP_Y),
                NODE_W,
                ICON_NODE_H,
            );
            self.placed.insert((*id).clone(), rect);
        }

        // VPC-wide resources in evenly spaced rows under the zones; a row
        // that is not full is centred, out of the way of flows that leave
        // the zones' first icons downwards.
        let mut wide: Vec<&ResourceId> = self
            .l
            .in_container
            .get(vpc)
            .into_iter()
            .flatten()
            .filter(|r| !slots.contains_key(&r.id))
            .map(|r| &r.id)
            .collect();
        sort::sort_by_key(&mut wide, |id| (self.wide_rank(id), self.order_of(id)));
        let inner = width - 2.0 * VPC_PAD;
        let per_row = (((inner + ROW_GAP) / (NODE_W + ROW_GAP)).floor() as usize).max(1);
        let pitch = if per_row > 1 { (inner - NODE_W) / (per_row - 1) as f64 } else { 0.0 };
        let top = if zones.is_empty() { zone_top } else { zone_bottom + ROW_GAP };
        for (i, id) in wide.iter().enumerate() {
            let in_row = (wide.len() - i / per_row * per_row).min(per_row);
            let column = i % per_row + (per_row - in_row) / 2;
            let rect = Rect::new(
                at.x + VPC_PAD + column as f64 * pitch,
                top + (i / per_row) as f64 * (ICON_NODE_H + ROW_GAP),
                NODE_W,
                ICON_NODE_H,
            );
            self.placed.insert((*id).clone(), rect);
        }
        let bottom = if wide.is_empty() {
            zone_bottom
        } else {
            top + wide.len().div_ceil(per_row) as f64 * (ICON_NODE_H + ROW_GAP) - ROW_GAP
        };
        let rect = Rect::new(at.x, at.y, width, bottom + VPC_BOTTOM - at.y);
        self.placed.insert(vpc.clone(), rect);
        rect
    }

    /// The subnet rows of a VPC: public subnets first, then private ones,
    /// the n-th subnet of each kind of every zone side by side.
    fn rows(&self, zones: &[&'d ResourceId]) -> Vec<Row<'d>> {
        let mut keyed: HashMap<(bool, usize), Vec<Option<&ResourceId>>> = HashMap::new();
        for (column, zone) in zones.iter().enumerate() {
            let mut subnets: Vec<(bool, &ResourceId)> = self
                .l
                .subnets
                .get(*zone)
                .into_iter()
                .flatten()
                .map(|id| (!self.l.public.contains(id), *id))
                .collect();
            sort::sort_by_key(&mut subnets, |(private, id)| (*private, self.order_of(id)));
            let mut seen: HashMap<bool, usize> = HashMap::new();
            for (private, id) in subnets {
                let n = seen.entry(private).or_insert(0);
                let row = keyed.entry((private, *n)).or_insert_with(|| vec![None; zones.len()]);
                row[column] = Some(id);
                *n += 1;
            }
        }
        let mut keys: Vec<(bool, usize)> = keyed.keys().copied().collect();
        sort::sort(&mut keys);
        keys.into_iter().map(|k| Row { subnets: keyed.remove(&k).unwrap_or_default() }).collect()
    }

    /// The subnet, row and slot of every icon drawn in a subnet, the
    /// number of icon rows each subnet row needs, and the number of icon
    /// columns of the VPC's subnets. Slots fill the grid column by column:
    /// what calls comes first, on the left, what is called next to it, and
    /// what takes part in no flow last.
    #[allow(clippy::type_complexity)]
    fn slots(
        &self,
        rows: &[Row<'d>],
        subnet_ids: &HashSet<&ResourceId>,
        zones: usize,
    ) -> (HashMap<&'d ResourceId, (&'d ResourceId, usize, usize)>, Vec<usize>, usize) {
        // Where each subnet is: its row and column.
        let mut position: HashMap<&ResourceId, (usize, usize)> = HashMap::new();
        for (k, row) in rows.iter().enumerate() {
            for (column, subnet) in row.subnets.iter().enumerate() {
                if let Some(subnet) = subnet {
                    position.entry(*subnet).or_insert((k, column));
                }
            }
        }
        let position = |s: &ResourceId| position.get(s).copied();
        // The icons in the VPC's subnets, each with its home (leftmost
        // subnet of the topmost row) and the rows of its subnets.
        let mut seen: HashSet<&ResourceId> = HashSet::new();
        let mut candidates: Vec<&Resource> = subnet_ids
            .iter()
            .flat_map(|s| self.l.in_subnet.get(*s).into_iter().flatten().copied())
            .filter(|r| seen.insert(&r.id))
            .collect();
        sort::sort_by_key(&mut candidates, |r| self.order_of(&r.id));
        let mut by_row: Vec<Vec<(&ResourceId, &ResourceId, Vec<usize>)>> =
            vec![Vec::new(); rows.len()];
        for r in candidates {
            let subnets: Vec<&ResourceId> =
                r.kind.subnets().iter().filter(|s| subnet_ids.contains(s)).collect();
            let Some(home) = subnets.iter().min_by_key(|s| position(s)).copied() else {
                continue;
            };
            let Some((home_row, _)) = position(home) else {
                continue;
            };
            let in_rows = subnets.iter().filter_map(|s| position(s)).map(|p| p.0).collect();
            by_row[home_row].push((&r.id, home, in_rows));
        }
        // Each row's icons: the shared ones, then each subnet's own.
        let mut grouped = Vec::with_capacity(rows.len());
        for (k, row) in by_row.into_iter().enumerate() {
            // The icons whose home is in this row, with the number of this
            // row's subnets they are in.
            let mut homed: Vec<(&ResourceId, &ResourceId, usize)> = row
                .into_iter()
                .map(|(id, home, in_rows)| (id, home, in_rows.iter().filter(|r| **r == k).count()))
                .collect();
            let here: HashSet<&ResourceId> = homed.iter().map(|(id, _, _)| *id).collect();
            let flow_rank = |id: &ResourceId| {
                let sources = self.l.sources_of.get(id).into_iter().flatten();
                if sources.into_iter().any(|s| here.contains(s)) {
                    1
                } else if self.l.flows_at.contains_key(id) {
                    0
                } else {
                    2
                }
            };
            homed.sort_by_cached_key(|(id, _, shared)| {
                (*shared < 2, flow_rank(id), self.slot_rank(id), self.order_of(id))
            });
            let homes: HashMap<&ResourceId, &ResourceId> =
                homed.iter().map(|(id, home, _)| (*id, *home)).collect();
            // The shared icons take the first slots of every subnet they
            // are in; each subnet's own icons follow.
            let shared: Vec<&ResourceId> = homed.iter().filter(|h| h.2 >= 2).map(|h| h.0).collect();
            let mut own: Vec<(&ResourceId, Vec<&ResourceId>)> = Vec::new();
            for (id, home, n) in &homed {
                if *n < 2 {
                    match own.iter_mut().find(|(h, _)| h == home) {
                        Some((_, ids)) => ids.push(id),
                        None => own.push((home, vec![id])),
                    }
                }
            }
            let most = own.iter().map(|(_, ids)| ids.len()).max().unwrap_or(0) + shared.len();
            grouped.push((homes, shared, own, most));
        }
        let fullness: Vec<usize> = grouped.iter().map(|g| g.3).collect();
        let columns = columns_for(&fullness, zones);
        let mut slots = HashMap::new();
        let mut lines = Vec::with_capacity(rows.len());
        for (k, (homes, shared, own, most)) in grouped.into_iter().enumerate() {
            let line_count = most.div_ceil(columns).max(1);
            for (slot, id) in self.best_order(&shared, 0, line_count).into_iter().enumerate() {
                let home = homes.get(id).copied().unwrap_or(id);
                slots.insert(id, (home, k, slot));
            }
            for (home, ids) in &own {
                let ordered = self.best_order(ids, shared.len(), line_count);
                for (i, id) in ordered.into_iter().enumerate() {
                    slots.insert(id, (*home, k, shared.len() + i));
                }
            }
            lines.push(line_count);
        }
        (slots, lines, columns)
    }

    /// The order of `ids` on the slots from `first` of a grid with `lines`
    /// rows (filled column by column) that makes the flows between them
    /// simplest: two icons side by side or one above the other are joined
    /// by a straight line, others need bends, and arrows best point right
    /// or down; an icon with flows to
    /// elsewhere is best in the first column, towards the services beside
    /// the VPC. Every order is tried when there are few icons; ties keep
    /// the given order.
    fn best_order(
        &self,
        ids: &[&'d ResourceId],
        first: usize,
        lines: usize,
    ) -> Vec<&'d ResourceId> {
        const MAX_TRIED: usize = 6;
        if ids.len() < 2 || ids.len() > MAX_TRIED {
            return ids.to_vec();
        }
        // Only the flows at these icons count.
        let mut at_ids: Vec<usize> = ids
            .iter()
            .flat_map(|id| self.l.flows_at.get(*id).into_iter().flatten().copied())
            .collect();
        at_ids.sort_unstable();
        at_ids.dedup();
        let flows: Vec<&Flow> = at_ids.into_iter().map(|i| &self.design.flows[i]).collect();
        let cost = |order: &[&ResourceId]| {
            let at = |id: &ResourceId| {
                order.iter().position(|o| *o == id).map(|i| {
                    let slot = first + i;
                    ((slot / lines) as f64, (slot % lines) as f64)
                })
            };
            flows
                .iter()
                .map(|f| match (at(&f.source), at(&f.target)) {
                    (Some(a), Some(b)) => {
                        let (dx, dy) = ((a.0 - b.0).abs(), (a.1 - b.1).abs());
                        let straight = (dx == 0.0 && dy <= 1.0) || (dy == 0.0 && dx <= 1.0);
                        let backwards = b.0 < a.0 || b.1 < a.1;
                        dx + dy
                            + if straight { 0.0 } else { 2.0 }
                            + if backwards { 0.25 } else { 0.0 }
                    }
                    (Some((column, _)), None) | (None, Some((column, _))) => 4.0 * column,
                    (None, None) => 0.0,
                })
                .sum::<f64>()
        };
        let mut best = ids.to_vec();
        let mut best_cost = cost(&best);
        permutations(ids, &mut |order| {
            let c = cost(order);
            if c < best_cost - 1e-9 {
                best_cost = c;
                best = order.to_vec();
            }
        });
        best
    }

    /// The order of icons in a subnet: gateways, then compute, then what
    /// compute calls.
    fn slot_rank(&self, id: &ResourceId) -> u8 {
        match self.l.kind(id) {
            Some(Kind::NatGateway(_)) => 0,
            Some(
                Kind::LambdaFunction(_)
                | Kind::EcsService(_)
                | Kind::Ec2Instance(_)
                | Kind::AutoScalingGroup(_)
                | Kind::EksCluster(_)
                | Kind::EksNodeGroup(_),
            ) => 1,
            Some(Kind::LoadBalancer(_)) => 2,
            Some(Kind::VpcEndpoint(_)) => 3,
            _ => 4,
        }
    }

    /// The order of VPC-wide resources: the internet gateway, routing,
    /// endpoints, then security.
    fn wide_rank(&self, id: &ResourceId) -> u8 {
        match self.l.kind(id) {
            Some(Kind::InternetGateway(_) | Kind::EgressOnlyInternetGateway(_)) => 0,
            Some(Kind::RouteTable(_)) => 1,
            Some(Kind::VpcEndpoint(_)) => 2,
            Some(Kind::NetworkAcl(_)) => 3,
            Some(Kind::SecurityGroup(_)) => 4,
            _ => 5,
        }
    }
}

/// Calls `f` with every order of `items` (Heap's algorithm).
fn permutations<T: Copy>(items: &[T], f: &mut impl FnMut(&[T])) {
    let mut v = items.to_vec();
    let mut c = vec![0; v.len()];
    f(&v);
    let mut i = 0;
    while i < v.len() {
        if c[i] < i {
            if i % 2 == 0 {
                v.swap(0, i);
            } else {
                v.swap(c[i], i);
            }
            f(&v);
            c[i] += 1;
            i = 0;
        } else {
            c[i] = 0;
            i += 1;
        }
    }
}

/// How tall a column of stacked VPCs may grow before the next VPC starts
/// another column: unbounded while the whole stack is at most
/// [`WRAP_FROM`] tall (as most designs are), else the height, among those
/// that split the stack into 2, 3, ... columns, whose columns come closest
/// to the proportions of a laptop screen, so that a large account still
/// fits the screen as a whole.
fn stack_height(vpcs: &[Rect]) -> f64 {
    let stacked: f64 = vpcs.iter().map(|r| r.h + MARGIN).sum();
    if stacked <= WRAP_FROM {
        return f64::INFINITY;
    }
    let tallest = vpcs.iter().map(|r| r.h).fold(0.0, f64::max);
    let target = (regional::VIEW.0 / regional::VIEW.1).ln();
    // The extent of the VPCs stacked into columns of at most `column`.
    let extent = |column: f64| {
        let (mut w, mut h, mut y, mut column_w) = (0.0_f64, 0.0_f64, 0.0_f64, 0.0_f64);
        for r in vpcs {
            if y > 0.0 && y + r.h > column {
                (w, y, column_w) = (w + column_w + MARGIN, 0.0, 0.0);
            }
            y += r.h + MARGIN;
            h = h.max(y);
            column_w = column_w.max(r.w);
        }
        (w + column_w, h)
    };
    (2..=vpcs.len().min(MAX_STACK_COLUMNS))
        .map(|k| (stacked / k as f64).max(tallest))
        .map(|column| {
            let (w, h) = extent(column);
            (column, ((w / h).ln() - target).abs())
        })
        .fold(
            (f64::INFINITY, f64::INFINITY),
            |best, (c, m)| if m < best.1 - 1e-9 { (c, m) } else { best },
        )
        .0
}

/// The icon columns of a VPC's subnets, given the most icons a subnet of
/// each subnet row holds and the number of zone columns: two, unless that
/// makes a subnet more than [`MAX_LINES`] rows tall; then the number that
/// brings the VPC's zones closest to a laptop screen's proportions (the
/// fewest columns among equals), so that a crowded account is not drawn as
/// a tall strip.
fn columns_for(fullness: &[usize], zones: usize) -> usize {
    let most = fullness.iter().copied().max().unwrap_or(0);
    if most.div_ceil(COLUMNS) <= MAX_LINES {
        return COLUMNS;
    }
    let target = (regional::VIEW.0 / regional::VIEW.1).ln();
    let misfit = |columns: usize| {
        let w = zones.max(1) as f64 * (zone_width(columns) + VPC_PAD);
        let h: f64 = fullness
            .iter()
            .map(|m| {
                SUBNET_TOP + grid_height(m.div_ceil(columns).max(1)) + SUBNET_BOTTOM + SUBNET_GAP
            })
            .sum();
        ((w / h).ln() - target).abs()
    };
    (COLUMNS..=MAX_COLUMNS)
        .map(|c| (c, misfit(c)))
        .fold(
            (COLUMNS, f64::INFINITY),
            |best, (c, m)| if m < best.1 - 1e-9 { (c, m) } else { best },
        )
        .0
}

/// Width of a zone column whose subnets hold `columns` icon columns.
fn zone_width(columns: usize) -> f64 {
    columns as f64 * NODE_W
        + columns.saturating_sub(1) as f64 * GAP_X
        + 2.0 * SUBNET_PAD
        + 2.0 * ZONE_PAD
}

/// Height of an icon grid of `lines` rows.
fn grid_height(lines: usize) -> f64 {
    lines as f64 * ICON_NODE_H + lines.saturating_sub(1) as f64 * GAP_Y
}
