//! Tests of the membership chips: exact placement and folding in a subnet
//! drawn by hand, and an auto-laid-out design whose functions span subnets
//! of different rows, whose chips must stand clear of everything.

use super::*;
use crate::layout::auto::place_missing;
use crate::layout::spanning::memberships;
use crate::model::{AvailabilityZone, LambdaFunction, Subnet, Vpc, VpcConfig};

fn function(subnets: &[&str]) -> LambdaFunction {
    let subnets = subnets.iter().map(|s| ResourceId::from(*s)).collect();
    LambdaFunction {
        vpc_config: Some(VpcConfig { subnets, security_groups: vec![] }),
        ..LambdaFunction::default()
    }
}

/// A VPC with two zones of `rows` private subnets each (`s-a0`, `s-b0`,
/// ...), nothing placed yet.
fn vpc(rows: usize) -> Design {
    let mut design = Design::new("d");
    design.resources.push(Resource::new("vpc", "vpc", Vpc::default()));
    for (z, zone) in ["a", "b"].into_iter().enumerate() {
        let az = AvailabilityZone { vpc: "vpc".into(), zone: zone.into() };
        design.resources.push(Resource::new(format!("az-{zone}"), zone, az));
        for row in 0..rows {
            let subnet = Subnet {
                az: format!("az-{zone}").as_str().into(),
                cidr: Some(format!("10.0.{}.0/24", z * 16 + row).parse().unwrap()),
                map_public_ip_on_launch: false,
                ipv6: None,
            };
            let id = format!("s-{zone}{row}");
            design.resources.push(Resource::new(id.clone(), id, subnet));
        }
    }
    design
}

/// One subnet `w` wide and 300 high at (0, 0), and functions `fn-0` ...
/// homed elsewhere that get no replica in it.
fn hand_drawn(w: f64, functions: usize) -> (Design, Vec<Membership>) {
    let mut design = vpc(1);
    design.layout.positions.insert("s-a0".into(), Rect::new(0.0, 0.0, w, 300.0));
    design.layout.positions.insert("s-b0".into(), Rect::new(400.0, 0.0, 300.0, 300.0));
    let mut all = Vec::new();
    for i in 0..functions {
        let id = format!("fn-{i}");
        design.resources.push(Resource::new(id.clone(), id.clone(), function(&["s-b0", "s-a0"])));
        let at =
            Rect::new(410.0 + (i % 2) as f64 * 140.0, 40.0 + (i / 2) as f64 * 10.0, 136.0, 84.0);
        design.layout.positions.insert(id.as_str().into(), at);
        all.push(Membership { owner: id.as_str().into(), subnet: "s-a0".into(), replica: None });
    }
    (design, all)
}

fn labels(chips: &[Chip]) -> Vec<&str> {
    chips.iter().map(|c| c.label.as_str()).collect()
}

#[test]
fn chips_fill_two_rows_then_fold_the_rest_into_one_that_lists_them() {
    // 180 px of room: three "⇢ fn-N" chips (55 px) a row.
    let (design, all) = hand_drawn(200.0, 10);
    let chips = chips(&design, &all);
    assert_eq!(labels(&chips), ["⇢ fn-0", "⇢ fn-1", "⇢ fn-2", "⇢ fn-3", "⇢ fn-4", "+5 more"]);
    let folded: Vec<&str> = chips[5].owners.iter().map(|o| o.as_str()).collect();
    assert_eq!(folded, ["fn-5", "fn-6", "fn-7", "fn-8", "fn-9"]);
    assert!(chips[5].is_summary() && !chips[0].is_summary());
    // Each chip is as wide as its label, which shows whole.
    assert_eq!(chips[0].rect.w, 55.0);
    assert_eq!(chips[5].rect.w, 64.0);
    // Rows up from the bottom edge, left to right.
    let at: Vec<(f64, f64)> = chips.iter().map(|c| (c.rect.x, c.rect.y)).collect();
    let (low, high) = (300.0 - CHIP_H - 5.0, 300.0 - 2.0 * CHIP_H - 5.0 - 3.0);
    assert_eq!(at[..3], [(10.0, low), (68.0, low), (126.0, low)]);
    assert_eq!(at[3..], [(10.0, high), (68.0, high), (126.0, high)]);
}

#[test]
fn as_many_chips_as_fit_show_without_folding() {
    let (design, all) = hand_drawn(200.0, 6);
    assert_eq!(
        labels(&chips(&design, &all)),
        ["⇢ fn-0", "⇢ fn-1", "⇢ fn-2", "⇢ fn-3", "⇢ fn-4", "⇢ fn-5"]
    );
}

#[test]
fn chips_step_around_an_icon_standing_at_the_subnet_bottom() {
    let (mut design, all) = hand_drawn(400.0, 3);
    // A queue's node drawn over the bottom row, from x 60 to 196.
    design.resources.push(Resource::new("other", "other", function(&["s-a0"])));
    design.layout.positions.insert("other".into(), Rect::new(60.0, 220.0, 136.0, 84.0));
    let chips = chips(&design, &all);
    let at: Vec<(f64, f64)> = chips.iter().map(|c| (c.rect.x, c.rect.y)).collect();
    let low = 300.0 - CHIP_H - 5.0;
    // The first chip does not fit left of it (10 + 55 > 58): all go right.
    assert_eq!(at, [(198.0, low), (256.0, low), (314.0, low)]);
}

#[test]
fn a_subnet_drawn_full_still_shows_one_chip_listing_every_membership() {
    let (mut design, all) = hand_drawn(200.0, 4);
    design.resources.push(Resource::new("other", "other", function(&["s-a0"])));
    design.layout.positions.insert("other".into(), Rect::new(0.0, 200.0, 200.0, 100.0));
    let chips = chips(&design, &all);
    assert_eq!(labels(&chips), ["+4 more"]);
    assert_eq!(chips[0].owners.len(), 4);
    assert_eq!((chips[0].rect.x, chips[0].rect.y), (10.0, 300.0 - CHIP_H - 5.0));
}

#[test]
fn rows_needed_counts_shelf_rows_up_to_the_most_shown() {
    assert_eq!(rows_needed([], 200.0), 0);
    assert_eq!(rows_needed([55.0; 3], 200.0), 1);
    assert_eq!(rows_needed([55.0; 4], 200.0), 2);
    assert_eq!(rows_needed([55.0; 40], 200.0), MAX_ROWS);
    assert_eq!(strip_height(0), 0.0);
    assert_eq!(strip_height(2), 45.0);
}

#[test]
fn functions_spanning_rows_get_chips_clear_of_every_icon_and_replica() {
    // Like an account that puts each function in two subnets of different
    // rows: 30 functions per pair, far more than a subnet has free slots.
    let mut design = vpc(3);
    let pairs = [("s-a0", "s-a1"), ("s-a1", "s-b2"), ("s-b0", "s-a2"), ("s-b1", "s-b2")];
    for (p, (one, other)) in pairs.into_iter().enumerate() {
        for i in 0..30 {
            let id = format!("fn-{p}-{i}");
            design.resources.push(Resource::new(id.clone(), id, function(&[one, other])));
        }
    }
    place_missing(&mut design);
    let all = memberships(&design);
    let chips = chips(&design, &all);
    // Every membership without a replica is on exactly one chip.
    let mut chipped: Vec<(&str, &str)> = chips
        .iter()
        .flat_map(|c| c.owners.iter().map(move |o| (o.as_str(), c.subnet.as_str())))
        .collect();
    let mut wanted: Vec<(&str, &str)> = all
        .iter()
        .filter(|m| m.replica.is_none())
        .map(|m| (m.owner.as_str(), m.subnet.as_str()))
        .collect();
    chipped.sort_unstable();
    wanted.sort_unstable();
    assert!(!wanted.is_empty());
    assert_eq!(chipped, wanted);
    // Nothing the chips stand on: icons, replicas, other chips.
    let mut standing: Vec<(String, Rect)> = design
        .resources
        .iter()
        .filter(|r| r.id.as_str().starts_with("fn-"))
        .map(|r| (r.id.to_string(), design.layout.positions[&r.id]))
        .collect();
    standing.extend(all.iter().filter_map(|m| Some((format!("replica {}", m.owner), m.replica?))));
    for (i, chip) in chips.iter().enumerate() {
        let subnet = design.layout.positions[&chip.subnet];
        assert!(subnet.contains(&chip.rect), "{} outside {}", chip.label, chip.subnet);
        for (what, rect) in &standing {
            assert!(!intersects(&chip.rect, rect), "{} in {} over {what}", chip.label, chip.subnet);
        }
        for other in &chips[i + 1..] {
            assert!(!intersects(&chip.rect, &other.rect), "{} over {}", chip.label, other.label);
        }
    }
    // The layout kept room for the chips: a subnet that folds some uses
    // both rows of chips, so it shows as many names as there is room for.
    for summary in chips.iter().filter(|c| c.is_summary()) {
        let mut rows: Vec<u64> = chips
            .iter()
            .filter(|c| c.subnet == summary.subnet)
            .map(|c| c.rect.y.to_bits())
            .collect();
        rows.sort_unstable();
        rows.dedup();
        assert_eq!(rows.len(), MAX_ROWS, "chips of {}", summary.subnet);
    }
}
