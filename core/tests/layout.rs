//! The one layout engine, as every shell uses it: an imported template is
//! drawn as VPCs with availability zone columns, public subnet rows above
//! private ones and the regional services outside; a small design is
//! pinned rectangle by rectangle; a crowded subnet's icons stand on a
//! near-square grid; generated designs of up to 2,000
//! resources are drawn with no overlapping boxes, every box inside its
//! container, within a bounded area.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use vpcraft_core::index::container_of;
use vpcraft_core::layout::geometry::{ICON_NODE_H, ICON_NODE_MAX_W, intersects, is_attachment};
use vpcraft_core::layout::{self, geometry};
use vpcraft_core::model::{Kind, Rect};
use vpcraft_core::{Design, ResourceId, cfn, synth};

fn imported(name: &str) -> Design {
    let path = format!("{}/tests/fixtures/layout/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    cfn::import(&text).unwrap_or_else(|e| panic!("{name}: {e}")).design
}

fn at(design: &Design, id: &str) -> Rect {
    *design.layout.positions.get(&ResourceId::from(id)).unwrap_or_else(|| panic!("{id} unplaced"))
}

/// The subnets of a zone, by their ID.
fn zone_of(design: &Design, subnet: &str) -> ResourceId {
    match &design.resource(&ResourceId::from(subnet)).expect("a subnet").kind {
        Kind::Subnet(s) => s.az.clone(),
        other => panic!("{subnet} is a {:?}", other.tag()),
    }
}

#[test]
fn an_imported_template_is_drawn_as_zone_columns_with_public_rows_above_private_ones() {
    let design = imported("two-tier.yaml");
    let vpc = at(&design, "vpc");
    let (zone_a, zone_b) = (zone_of(&design, "public-a"), zone_of(&design, "public-b"));
    assert_eq!(zone_of(&design, "private-a"), zone_a);
    assert_eq!(zone_of(&design, "private-b"), zone_b);
    let (za, zb) = (at(&design, zone_a.as_str()), at(&design, zone_b.as_str()));
    // Two zone columns side by side in the VPC, as tall as each other.
    assert!(vpc.contains(&za) && vpc.contains(&zb));
    assert_eq!((za.y, za.h), (zb.y, zb.h));
    assert!(za.x + za.w < zb.x, "zone a {za:?} is left of zone b {zb:?}");
    // Subnet rows across the columns: the public row first.
    for (subnet, zone) in [("public-a", za), ("private-a", za), ("public-b", zb), ("private-b", zb)]
    {
        assert!(zone.contains(&at(&design, subnet)), "{subnet} is in its zone's column");
    }
    assert_eq!(at(&design, "public-a").y, at(&design, "public-b").y);
    assert_eq!(at(&design, "private-a").y, at(&design, "private-b").y);
    let public = at(&design, "public-a");
    assert!(public.y + public.h < at(&design, "private-a").y);
    // Icons in their subnets; the function's icon in its first zone.
    assert!(public.contains(&at(&design, "nat")));
    assert!(at(&design, "private-a").contains(&at(&design, "worker")));
    // VPC-wide resources under the zones, inside the VPC.
    for wide in ["igw", "public-routes", "private-routes", "worker-sg"] {
        let rect = at(&design, wide);
        assert!(vpc.contains(&rect) && rect.y >= za.y + za.h, "{wide} {rect:?}");
    }
    // Regional services outside the VPC.
    for regional in ["jobs", "bucket", "nat-ip"] {
        assert!(!intersects(&vpc, &at(&design, regional)), "{regional} is outside the VPC");
    }
    assert_eq!(problems(&design), Vec::<String>::new());
}

#[test]
fn the_two_tier_template_is_laid_out_exactly() {
    let design = imported("two-tier.yaml");
    let mut text = String::new();
    for (id, r) in &design.layout.positions {
        writeln!(text, "{id}: x {} y {} w {} h {}", r.x, r.y, r.w, r.h).unwrap();
    }
    expect_test::expect_file!["fixtures/layout/two-tier.rects"].assert_eq(&text);
}

/// The sizes of the generated designs (200 resources make one VPC, 1,000
/// five and 2,000 nine, each with three zones of public and private
/// subnets).
const GENERATED: [usize; 3] = [200, 1_000, 2_000];

/// The most area a drawing may take per icon, in icon nodes (each
/// `ICON_NODE_MAX_W` × `ICON_NODE_H`): the boxes around the icons, their
/// titles and the gaps included. The engine takes about 4.2.
const MOST_AREA_PER_ICON: f64 = 5.0;

/// The proportions (width over height) of the drawing of several VPCs: they
/// wrap into columns so that a large account keeps about the proportions of
/// a screen (the engine gives 1.1 for 1,000 resources and 1.8 for 2,000).
const PROPORTIONS: std::ops::RangeInclusive<f64> = 0.5..=2.5;

#[test]
fn a_crowded_subnet_gets_a_near_square_grid_and_its_zone_mirrors_the_width() {
    // Forty functions in one private subnet of zone a; zone b has one.
    let mut template = String::from(
        "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/16}\n",
    );
    for (name, zone, cidr) in
        [("A", "us-east-1a", "10.0.0.0/20"), ("B", "us-east-1b", "10.0.16.0/20")]
    {
        write!(
            template,
            "  Subnet{name}:\n    Type: AWS::EC2::Subnet\n    Properties: {{VpcId: !Ref Vpc, CidrBlock: {cidr}, AvailabilityZone: {zone}}}\n"
        )
        .unwrap();
    }
    for i in 0..41 {
        let subnet = if i == 40 { "SubnetB" } else { "SubnetA" };
        write!(
            template,
            "  Fn{i}:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.12\n      Handler: index.handler\n      Role: arn:aws:iam::123456789012:role/r\n      Code: {{ZipFile: x}}\n      VpcConfig: {{SubnetIds: [!Ref {subnet}], SecurityGroupIds: []}}\n"
        )
        .unwrap();
    }
    let design = cfn::import(&template).expect("imports").design;
    assert_eq!(problems(&design), Vec::<String>::new());
    let a = at(&design, "subnet-a");
    let b = at(&design, "subnet-b");
    // Five columns of eight rows (not two of twenty): the VPC's two zones
    // then have about a laptop screen's proportions. Both zones are as wide.
    let columns: std::collections::BTreeSet<i64> =
        (0..40).map(|i| at(&design, &format!("fn{i}")).x.round() as i64).collect();
    assert_eq!(columns.len(), 5, "{columns:?}");
    assert_eq!(a.w, b.w);
    assert!((0.5..=2.0).contains(&(a.w / a.h)), "subnet a is {} × {}", a.w, a.h);
}

#[test]
fn generated_designs_are_laid_out_without_overlaps_inside_their_containers_in_bounded_area() {
    for size in GENERATED {
        let mut design = synth::design(size);
        design.layout.positions.clear();
        layout::place_missing(&mut design);
        assert_eq!(problems(&design), Vec::<String>::new(), "{size} resources");
        let icons = design
            .resources
            .iter()
            .filter(|r| !is_attachment(&r.kind) && !geometry::is_container(&r.kind))
            .count();
        let extent =
            design.layout.positions.values().copied().reduce(|a, b| geometry::union(&a, &b));
        let extent = extent.expect("something is drawn");
        let per_icon = extent.w * extent.h / (icons as f64 * ICON_NODE_MAX_W * ICON_NODE_H);
        assert!(
            per_icon <= MOST_AREA_PER_ICON,
            "{size} resources: {icons} icons in {} × {}, {per_icon:.1} icon areas each",
            extent.w,
            extent.h
        );
        let vpcs = design.resources.iter().filter(|r| geometry::is_vpc(&r.kind)).count();
        if vpcs > 1 {
            let proportions = extent.w / extent.h;
            assert!(PROPORTIONS.contains(&proportions), "{size} resources: {proportions}");
        }
    }
}

/// Everything wrong with a layout, one sentence each: a drawn resource
/// without a rectangle, a box outside its container (a zone outside its
/// VPC, a subnet outside its zone, an icon outside all of its subnets or
/// its VPC), a regional service over a VPC, two icons overlapping, two
/// containers of one kind overlapping, and an icon straddling a
/// container's edge.
fn problems(design: &Design) -> Vec<String> {
    let positions = &design.layout.positions;
    let mut out = Vec::new();
    let mut icons: Vec<(&ResourceId, Rect)> = Vec::new();
    let mut containers: BTreeMap<&str, Vec<(&ResourceId, Rect)>> = BTreeMap::new();
    for r in design.resources.iter().filter(|r| !is_attachment(&r.kind)) {
        let Some(rect) = positions.get(&r.id).copied() else {
            out.push(format!("{} has no rectangle", r.id));
            continue;
        };
        let parents: Vec<&ResourceId> = match &r.kind {
            Kind::AvailabilityZone(az) => vec![&az.vpc],
            Kind::Subnet(s) => vec![&s.az],
            kind if !kind.subnets().is_empty() => kind.subnets().iter().collect(),
            kind => container_of(kind).into_iter().collect(),
        };
        let inside = parents.iter().any(|p| positions.get(*p).is_some_and(|p| p.contains(&rect)));
        if !parents.is_empty() && !inside {
            out.push(format!("{} {rect:?} is outside its container {parents:?}", r.id));
        }
        if geometry::is_container(&r.kind) {
            containers.entry(r.kind.tag().as_str()).or_default().push((&r.id, rect));
        } else {
            icons.push((&r.id, rect));
        }
    }
    let vpcs = containers.get("vpc").cloned().unwrap_or_default();
    for r in &design.resources {
        let regional = !is_attachment(&r.kind)
            && !geometry::is_container(&r.kind)
            && r.kind.subnets().is_empty()
            && container_of(&r.kind).is_none();
        if let Some(rect) = positions.get(&r.id).filter(|_| regional) {
            for (vpc, v) in &vpcs {
                if intersects(rect, v) {
                    out.push(format!("regional {} is drawn over {vpc}", r.id));
                }
            }
        }
    }
    let mut overlapping = |boxes: &[(&ResourceId, Rect)]| {
        for (i, (a, ra)) in boxes.iter().enumerate() {
            for (b, rb) in &boxes[i + 1..] {
                if intersects(ra, rb) {
                    out.push(format!("{a} {ra:?} overlaps {b} {rb:?}"));
                }
            }
        }
    };
    overlapping(&icons);
    for boxes in containers.values() {
        overlapping(boxes);
    }
    for (icon, rect) in &icons {
        for (container, c) in containers.values().flatten() {
            if intersects(rect, c) && !c.contains(rect) {
                out.push(format!("{icon} {rect:?} straddles the edge of {container} {c:?}"));
            }
        }
    }
    out
}
