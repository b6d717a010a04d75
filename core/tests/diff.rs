//! Golden comparisons of real fixture designs: each case names an old and a
//! new design among the fixtures and pins the rendered diff (refresh with
//! `UPDATE_EXPECT=1`); the JSON form must round-trip.

mod common;

use common::{fixtures, load};
use expect_test::expect_file;
use vpcraft_core::diff::{DesignDiff, diff, render_text};

/// (case, old design, new design), paths under `core/tests/fixtures`.
const CASES: &[(&str, &str, &str)] = &[
    ("dns-turned-on", "rules/E4001/bad.json", "rules/E4001/good.json"),
    ("nat-route-removed", "reference/A.json", "reference/A-missing-nat-route.json"),
    ("endpoint-group-on-80", "reference/B.json", "reference/B-endpoint-sg-80.json"),
    ("same-design", "reference/C.json", "reference/C.json"),
    ("shared-nat-gateway", "rules/I2012/bad.json", "rules/I2012/good.json"),
    ("databases-multi-az", "cost/us-east-1-databases.json", "diff/databases-multi-az.json"),
];

#[test]
fn fixture_pairs_diff_as_pinned() {
    for (case, old, new) in CASES {
        let (old, new) = (load(&fixtures(old)), load(&fixtures(new)));
        let computed = diff(&old, &new);
        expect_file![format!("fixtures/diff/{case}.diff")].assert_eq(&render_text(&computed));
        let json = serde_json::to_string(&computed).unwrap();
        let back: DesignDiff = serde_json::from_str(&json).unwrap();
        assert_eq!(back, computed, "{case}: the JSON form does not round-trip");
    }
}

#[test]
fn the_reverse_diff_swaps_fixed_and_introduced() {
    for (case, old, new) in CASES {
        let (old, new) = (load(&fixtures(old)), load(&fixtures(new)));
        let forward = diff(&old, &new);
        let backward = diff(&new, &old);
        let rules = |fs: &[vpcraft_core::Finding]| -> Vec<String> {
            let mut r: Vec<String> = fs.iter().map(|f| f.summary()).collect();
            r.sort();
            r
        };
        assert_eq!(rules(&forward.fixed), rules(&backward.introduced), "{case}");
        assert_eq!(rules(&forward.introduced), rules(&backward.fixed), "{case}");
        assert_eq!(forward.counts().0, backward.counts().1, "{case}: added ↔ removed");
    }
}
