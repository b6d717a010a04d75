//! Diagram geometry shared by the layout, the router and the canvas: points,
//! the sizes of drawn resources, which resources are drawn as containers,
//! and the rectangle arithmetic everything else is built on.

use crate::index::{FastSet, Index};
use crate::model::{Kind, KindTag, Rect};
use crate::sort;
use crate::{Design, ResourceId};

/// A point in canvas coordinates.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

impl Point {
    pub fn new(x: f64, y: f64) -> Self {
        Self { x, y }
    }
}

/// The grid that new resources snap to, in canvas units.
pub const GRID: f64 = 8.0;

/// Inner padding of a VPC around its availability zone columns.
pub const VPC_PAD: f64 = 24.0;
/// Height of a VPC's title bar, above its availability zone columns.
pub const VPC_HEADER: f64 = 48.0;
/// Width of one availability zone column.
pub const AZ_W: f64 = 300.0;
/// Height of an availability zone's title, above its subnet rows.
pub const AZ_HEADER: f64 = 40.0;
/// Inner padding of an availability zone column.
pub const AZ_PAD: f64 = 16.0;
/// Height of one subnet row.
pub const SUBNET_H: f64 = 150.0;
/// Vertical gap between subnet rows.
pub const ROW_GAP: f64 = 16.0;
/// Rows an availability zone column has room for when it is created.
pub const INITIAL_ROWS: usize = 2;
/// Width of an icon node (icon plus the name under it) dropped from the
/// palette.
pub const ICON_NODE_W: f64 = 112.0;
/// Width of the icon nodes of a laid-out diagram: wide enough for a name of
/// 19 characters, so that names show whole.
pub const ICON_NODE_MAX_W: f64 = 136.0;
/// Height of an icon node.
pub const ICON_NODE_H: f64 = 84.0;
/// Side of the square icon inside an icon node.
pub const ICON_SIZE: f64 = 48.0;

/// Estimated width of a character of an icon's name (the 12.5px medium
/// UI font), on the wide side: measured in the headless Chromium of the
/// tests, whose fallback font is wider than most desktops' system fonts,
/// so that a name shortened to fit never runs past its node.
pub fn char_width(c: char) -> f64 {
    match c {
        'i' | 'j' | 'l' | 't' | 'f' | 'I' | '.' | ',' | ':' | ';' | '/' | '\\' | '|' | '!'
        | '\'' => 5.1,
        ' ' | 'r' | 's' | 'J' | '-' | '(' | ')' | '[' | ']' => 6.3,
        'a' | 'c' | 'e' | 'z' => 7.1,
        'm' => 12.5,
        'w' => 11.6,
        'M' => 14.3,
        'W' => 15.1,
        'E' | 'F' | 'L' | 'P' | 'S' | 'T' | 'Z' => 9.8,
        'B' | 'C' | 'R' => 10.7,
        'A'..='Z' => 11.6,
        '…' => 12.0,
        c if c.is_ascii() => 8.0,
        // Wide scripts and symbols.
        _ => 12.5,
    }
}

/// Estimated width of `text` in an icon's name font ([`char_width`]).
pub fn text_width(text: &str) -> f64 {
    text.chars().map(char_width).sum()
}

/// Shortens `text` with an ellipsis to fit `width` pixels of the name font
/// ([`char_width`]).
pub fn fit_text(text: &str, width: f64) -> String {
    if text_width(text) <= width {
        return text.to_owned();
    }
    let room = width - char_width('…');
    let mut used = 0.0;
    let kept: String = text
        .chars()
        .take_while(|c| {
            used += char_width(*c);
            used <= room
        })
        .collect();
    format!("{kept}…")
}

/// How far an icon node's name reaches below its icon's top edge, less
/// the icon: the name's baseline is 22 below the icon and its descenders
/// reach a little further.
const NAME_DEPTH: f64 = 30.0;

/// What an icon node covers on screen: its icon and, under it, its name
/// (as wide as the name, at most the node, down to the name's descenders;
/// the canvas draws the name there whatever the node's height).
pub fn footprint(rect: &Rect, name: &str) -> Rect {
    let w = text_width(name).clamp(ICON_SIZE, rect.w.max(ICON_SIZE));
    Rect::new(rect.x + (rect.w - w) / 2.0, rect.y, w, ICON_SIZE + NAME_DEPTH)
}

/// The box of an icon node's icon: what flows and relation lines attach to.
pub fn icon_box(r: &Rect) -> Rect {
    Rect::new(r.x + (r.w - ICON_SIZE) / 2.0, r.y + 4.0, ICON_SIZE, ICON_SIZE)
}

/// True for the resources drawn as boxes holding others.
pub fn is_container(kind: &Kind) -> bool {
    is_vpc(kind) || matches!(kind, Kind::AvailabilityZone(_) | Kind::Subnet(_))
}

/// True for a VPC of the design and for an existing VPC it names (an
/// external one): both are drawn as a box holding zones and groups.
pub fn is_vpc(kind: &Kind) -> bool {
    kind.acts_as() == KindTag::Vpc
}

/// True for the parts of another resource that the inspector edits with
/// their owner and the canvas does not draw: listeners, Lambda permissions
/// and event source mappings. They get no rectangle.
pub fn is_attachment(kind: &Kind) -> bool {
    matches!(kind, Kind::Listener(_) | Kind::LambdaPermission(_) | Kind::EventSourceMapping(_))
}

/// The public subnets, as the rules judge them (`Index::is_public`): those
/// whose route table (their own, else their VPC's main table) sends
/// `0.0.0.0/0` to an internet gateway attached to their VPC.
pub fn public_subnets(design: &Design) -> FastSet<&ResourceId> {
    let index = Index::new(design);
    design
        .resources
        .iter()
        .filter(|r| matches!(r.kind, Kind::Subnet(_)) && index.is_public(&r.id))
        .map(|r| &r.id)
        .collect()
}

/// Height of an availability zone column with room for `rows` subnets.
pub fn az_height(rows: usize) -> f64 {
    AZ_HEADER + rows as f64 * (SUBNET_H + ROW_GAP) + AZ_PAD - ROW_GAP
}

/// The rectangle of subnet row `row` inside an availability zone column.
pub fn subnet_row(az: &Rect, row: usize) -> Rect {
    Rect::new(
        az.x + AZ_PAD,
        az.y + AZ_HEADER + row as f64 * (SUBNET_H + ROW_GAP),
        az.w - 2.0 * AZ_PAD,
        SUBNET_H,
    )
}

/// True when two rectangles share some area.
pub fn intersects(a: &Rect, b: &Rect) -> bool {
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

/// The smallest rectangle holding both.
pub fn union(a: &Rect, b: &Rect) -> Rect {
    let x = a.x.min(b.x);
    let y = a.y.min(b.y);
    Rect::new(x, y, (a.x + a.w).max(b.x + b.w) - x, (a.y + a.h).max(b.y + b.h) - y)
}

/// The centre of a rectangle.
pub fn centre(r: &Rect) -> Point {
    Point::new(r.x + r.w / 2.0, r.y + r.h / 2.0)
}

/// The VPC an availability zone belongs to.
pub fn vpc_of_az(design: &Design, az: &ResourceId) -> Option<ResourceId> {
    match design.resource(az).map(|r| &r.kind) {
        Some(Kind::AvailabilityZone(az)) => Some(az.vpc.clone()),
        _ => None,
    }
}

/// The availability zones of a VPC, in column order (left to right).
pub fn azs_of_vpc(design: &Design, vpc: &ResourceId) -> Vec<ResourceId> {
    let mut azs: Vec<(f64, String, ResourceId)> = design
        .resources
        .iter()
        .filter_map(|r| match &r.kind {
            Kind::AvailabilityZone(az) if &az.vpc == vpc => {
                let x = design.layout.positions.get(&r.id).map_or(f64::MAX, |p| p.x);
                Some((x, az.zone.clone(), r.id.clone()))
            }
            _ => None,
        })
        .collect();
    sort::sort_by(&mut azs, |a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    azs.into_iter().map(|(_, _, id)| id).collect()
}

/// The availability zones and the VPC grown so that `row` fits inside
/// them; every zone of the VPC keeps the same height.
pub fn grow_for(design: &Design, vpc: &ResourceId, row: &Rect) -> Vec<(ResourceId, Rect)> {
    let mut resized = Vec::new();
    let bottom = row.y + row.h + AZ_PAD;
    for az in azs_of_vpc(design, vpc) {
        if let Some(rect) = design.layout.positions.get(&az)
            && rect.y + rect.h < bottom
        {
            resized.push((az.clone(), Rect { h: bottom - rect.y, ..*rect }));
        }
    }
    if let Some(rect) = design.layout.positions.get(vpc)
        && rect.y + rect.h < bottom + VPC_PAD
    {
        resized.push((vpc.clone(), Rect { h: bottom + VPC_PAD - rect.y, ..*rect }));
    }
    resized
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn union_and_intersection() {
        let a = Rect::new(0.0, 0.0, 10.0, 10.0);
        let b = Rect::new(5.0, 5.0, 10.0, 10.0);
        assert!(intersects(&a, &b));
        assert_eq!(union(&a, &b), Rect::new(0.0, 0.0, 15.0, 15.0));
        assert!(!intersects(&a, &Rect::new(10.0, 0.0, 5.0, 5.0)));
    }

    #[test]
    fn public_subnets_are_those_routed_to_an_internet_gateway() {
        let design = crate::parse_design(include_str!("../../tests/fixtures/reference/A.json"))
            .expect("a valid design");
        let mut public: Vec<&str> =
            public_subnets(&design).into_iter().map(ResourceId::as_str).collect();
        public.sort_unstable();
        assert_eq!(public, ["public-a", "public-b"]);
    }

    #[test]
    fn a_subnet_without_a_table_of_its_own_is_public_by_its_vpcs_main_table() {
        // A default VPC: the main table routes to the internet gateway and
        // no subnet is associated with a table explicitly; `private` is.
        let design = crate::parse_design(
            r#"{"schema_version": 3, "name": "default VPC", "resources": [
            {"id": "vpc", "name": "default", "type": "vpc", "cidr_blocks": ["172.31.0.0/16"]},
            {"id": "az", "name": "a", "type": "availability_zone", "vpc": "vpc", "zone": "us-east-1a"},
            {"id": "igw", "name": "igw", "type": "internet_gateway", "vpc": "vpc"},
            {"id": "main", "name": "main", "type": "route_table", "vpc": "vpc", "main": true,
             "routes": [{"destination": {"cidr": "0.0.0.0/0"}, "target": "igw"}]},
            {"id": "other", "name": "other", "type": "route_table", "vpc": "vpc",
             "associations": ["private"]},
            {"id": "default-a", "name": "default-a", "type": "subnet", "az": "az", "cidr": "172.31.0.0/20"},
            {"id": "private", "name": "private", "type": "subnet", "az": "az", "cidr": "172.31.16.0/20"}]}"#,
        )
        .expect("a valid design");
        let public: Vec<&str> =
            public_subnets(&design).into_iter().map(ResourceId::as_str).collect();
        assert_eq!(public, ["default-a"]);
    }

    #[test]
    fn subnet_rows_stack_under_the_header() {
        let az = Rect::new(100.0, 100.0, AZ_W, az_height(2));
        let first = subnet_row(&az, 0);
        let second = subnet_row(&az, 1);
        assert_eq!(first.y, 100.0 + AZ_HEADER);
        assert!(!intersects(&first, &second));
        assert!(az.contains(&second));
    }
}
