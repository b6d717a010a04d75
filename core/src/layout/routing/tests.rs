//! Tests of the orthogonal router: clear routes, bends, labels.

use super::*;

/// True when `p` lies strictly inside `r` (its edges are outside).
fn strictly_inside(r: &Rect, p: Point) -> bool {
    const E: f64 = 0.01;
    p.x > r.x + E && p.x < r.x + r.w - E && p.y > r.y + E && p.y < r.y + r.h - E
}

fn icon(x: f64, y: f64) -> End {
    End::boxed(Rect::new(x, y, 48.0, 48.0))
}

/// True when every segment is horizontal or vertical.
fn orthogonal(points: &[Point]) -> bool {
    points.windows(2).all(|w| (w[0].x - w[1].x).abs() < 1e-6 || (w[0].y - w[1].y).abs() < 1e-6)
}

/// True when some segment of the route passes through `r`'s inside.
fn crosses(points: &[Point], r: &Rect) -> bool {
    points.windows(2).any(|w| {
        let steps = 64;
        (0..=steps).any(|i| {
            let t = f64::from(i) / f64::from(steps);
            let p = Point::new(w[0].x + (w[1].x - w[0].x) * t, w[0].y + (w[1].y - w[0].y) * t);
            strictly_inside(r, p)
        })
    })
}

#[test]
fn aligned_boxes_are_joined_by_one_straight_segment() {
    let path = route(&icon(0.0, 0.0), &icon(300.0, 0.0), &[]);
    assert_eq!(path, vec![Point::new(48.0, 24.0), Point::new(300.0, 24.0)]);
}

#[test]
fn offset_boxes_get_an_orthogonal_route_with_few_bends() {
    let path = route(&icon(0.0, 0.0), &icon(300.0, 200.0), &[]);
    assert!(orthogonal(&path));
    assert!(path.len() <= 4, "{path:?}");
    assert_eq!(path.first(), Some(&Point::new(48.0, 24.0)));
}

#[test]
fn routes_go_around_an_obstacle_in_the_way() {
    let wall = Rect::new(140.0, -60.0, 60.0, 170.0);
    let path = route(&icon(0.0, 0.0), &icon(300.0, 0.0), &[wall]);
    assert!(orthogonal(&path));
    assert!(!crosses(&path, &wall), "{path:?}");
    assert!(!crosses(&path, &inflate(&wall, CLEARANCE - 0.5)), "keeps its distance: {path:?}");
}

#[test]
fn routes_never_cross_the_name_under_their_own_ends() {
    // An icon with its name under it, and a target straight below.
    let from =
        End { body: Rect::new(44.0, 4.0, 48.0, 48.0), outline: Rect::new(0.0, 0.0, 136.0, 84.0) };
    let to = icon(44.0, 300.0);
    let path = route(&from, &to, &[]);
    assert_eq!(path.first(), Some(&Point::new(68.0, 84.0)), "leaves below the name");
    let name = Rect::new(0.0, 52.0, 136.0, 32.0);
    assert!(!crosses(&path, &name));
}

#[test]
fn a_walled_in_target_falls_back_to_an_elbow() {
    let to = icon(300.0, 200.0);
    let cage = [
        Rect::new(250.0, 150.0, 150.0, 20.0),
        Rect::new(250.0, 280.0, 150.0, 20.0),
        Rect::new(250.0, 150.0, 20.0, 150.0),
        Rect::new(380.0, 150.0, 20.0, 150.0),
    ];
    let path = route(&icon(0.0, 0.0), &to, &cage);
    assert!(orthogonal(&path));
    // It enters the side facing the source.
    assert_eq!(path.last(), Some(&Point::new(300.0, 224.0)));
}

#[test]
fn a_second_route_keeps_off_the_first() {
    let (a, b) = (icon(0.0, 0.0), icon(400.0, 0.0));
    let first = route(&a, &b, &[]);
    let drawn = [(first.clone(), 1.0)];
    let avoid = Avoid { routes: &drawn, ..Avoid::default() };
    let second = clear_route(&a, &b, &[], avoid).unwrap();
    assert!(orthogonal(&second));
    assert!(second != first);
    let segments: Vec<_> = first.windows(2).map(|w| (w[0], w[1], 1.0)).collect();
    let shared: f64 = second.windows(2).map(|w| sharing(w[0], w[1], &segments)).sum();
    assert!(shared < 10.0 * OVERLAP, "{second:?}");
}

#[test]
fn crossings_are_counted_between_perpendicular_segments() {
    let across = [Point::new(0.0, 50.0), Point::new(100.0, 50.0)];
    let down = [Point::new(50.0, 0.0), Point::new(50.0, 100.0)];
    let beside = [Point::new(150.0, 0.0), Point::new(150.0, 100.0)];
    assert_eq!(crossings(&across, &down), 1);
    assert_eq!(crossings(&down, &across), 1);
    assert_eq!(crossings(&across, &beside), 0);
}

#[test]
fn corners_are_rounded_in_the_path_data() {
    let d = svg_path(&[Point::new(0.0, 0.0), Point::new(100.0, 0.0), Point::new(100.0, 50.0)], 8.0);
    assert_eq!(d, "M0 0 L92 0 Q100 0 100 8 L100 50");
    // A short segment gets a smaller radius.
    let d = svg_path(&[Point::new(0.0, 0.0), Point::new(6.0, 0.0), Point::new(6.0, 50.0)], 8.0);
    assert_eq!(d, "M0 0 L3 0 Q6 0 6 3 L6 50");
}

#[test]
fn labels_avoid_what_they_must_not_cover() {
    let path = [Point::new(0.0, 0.0), Point::new(400.0, 0.0)];
    let blocker = Rect::new(150.0, -20.0, 100.0, 40.0);
    let at = label_spot(&path, 60.0, 18.0, 200.0, 10.0, &[blocker]).unwrap();
    let label = Rect::new(at.x - 30.0, at.y - 9.0, 60.0, 18.0);
    assert!(!intersects(&label, &blocker), "{at:?}");
    assert_eq!(at, Point::new(280.0, 0.0), "the first free spot from the start");
    let wall = Rect::new(-100.0, -100.0, 600.0, 200.0);
    assert_eq!(label_spot(&path, 60.0, 18.0, 0.0, 10.0, &[wall]), None);
}
