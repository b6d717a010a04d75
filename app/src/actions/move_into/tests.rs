//! Moving resources between containers: what each drop changes, and the drops refused whole.

use super::*;
use crate::actions::AddResource;
use crate::geometry::Point;

fn add(design: &mut Design, tag: KindTag, at: Point) -> ResourceId {
    let applied = AddResource { tag, at }.apply(design).unwrap();
    applied.select.unwrap().remove(0)
}

/// A VPC "main" with subnets a1 and a2 in zone a and b1 in zone b, and
/// a second VPC "other" with subnet o1, side by side.
struct Fixture {
    design: Design,
    main: ResourceId,
    other: ResourceId,
    zones: Vec<ResourceId>,
    a1: ResourceId,
    a2: ResourceId,
    b1: ResourceId,
    o1: ResourceId,
}

fn rect(design: &Design, id: &ResourceId) -> Rect {
    design.layout.positions[id]
}

fn fixture() -> Fixture {
    let mut design = Design::new("d");
    let main = add(&mut design, KindTag::Vpc, Point::new(100.0, 100.0));
    let r = rect(&design, &main);
    let other = add(&mut design, KindTag::Vpc, Point::new(r.x + r.w + 200.0, 100.0));
    let zones = geometry::azs_of_vpc(&design, &main);
    let in_zone = |design: &Design, az: &ResourceId| {
        let z = rect(design, az);
        Point::new(z.x + 20.0, z.y + 60.0)
    };
    let at = in_zone(&design, &zones[0]);
    let a1 = add(&mut design, KindTag::Subnet, at);
    let a2 = add(&mut design, KindTag::Subnet, at);
    let at = in_zone(&design, &zones[1]);
    let b1 = add(&mut design, KindTag::Subnet, at);
    let at = in_zone(&design, &geometry::azs_of_vpc(&design, &other)[0]);
    let o1 = add(&mut design, KindTag::Subnet, at);
    Fixture { design, main, other, zones, a1, a2, b1, o1 }
}

impl Fixture {
    /// Adds an icon of kind `tag` in the middle of `container`.
    fn icon_in(&mut self, tag: KindTag, container: &ResourceId) -> ResourceId {
        let at = geometry::centre(&rect(&self.design, container));
        add(&mut self.design, tag, at)
    }

    /// A point on the open canvas, below both VPCs.
    fn canvas(&self) -> Point {
        Point::new(200.0, rect(&self.design, &self.main).y + 1200.0)
    }

    /// Moves `id` alone (and what it carries) so that its centre lands
    /// on `at`, snapped to the grid as the move tool does.
    fn move_to(&mut self, id: &ResourceId, at: Point) -> Result<Applied, Refusal> {
        let c = geometry::centre(&rect(&self.design, id));
        let (dx, dy) = (geometry::snap(at.x - c.x), geometry::snap(at.y - c.y));
        let mut ids = vec![id.clone()];
        ids.extend(geometry::contained_in(&self.design.layout, id));
        MoveInto { ids, grabbed: vec![id.clone()], dx, dy }.apply(&mut self.design)
    }

    fn kind(&self, id: &ResourceId) -> &Kind {
        &self.design.resource(id).unwrap().kind
    }
}

fn lambda_subnets(kind: &Kind) -> Vec<ResourceId> {
    kind.subnets().to_vec()
}

#[test]
fn a_lambda_moved_into_another_subnet_runs_there() {
    let mut fx = fixture();
    let f = fx.icon_in(KindTag::LambdaFunction, &fx.a1.clone());
    let before = rect(&fx.design, &f);
    let b1 = rect(&fx.design, &fx.b1);
    let target = Point::new(b1.x + b1.w / 2.0, b1.y + 96.0);
    let applied = fx.move_to(&f, target).unwrap();
    assert!(!applied.layout_only);
    assert_eq!(lambda_subnets(fx.kind(&f)), vec![fx.b1.clone()]);
    // It lands where it was dropped, wholly inside its new subnet.
    let after = rect(&fx.design, &f);
    assert!(b1.contains(&after));
    assert_eq!(geometry::centre(&after), centre_after_snapped(before, target));
    // Dropped across a subnet's edge, it is drawn inside the subnet, so
    // that no membership chip appears for it in its own subnet.
    let a1 = rect(&fx.design, &fx.a1);
    fx.move_to(&f, Point::new(a1.x + 20.0, a1.y + a1.h - 10.0)).unwrap();
    assert_eq!(lambda_subnets(fx.kind(&f)), vec![fx.a1.clone()]);
    let after = rect(&fx.design, &f);
    assert_eq!((after.x, after.y), (a1.x + 4.0, a1.y + a1.h - after.h - 4.0));
}

/// Where the move tool puts an icon whose centre is dragged to `at`.
fn centre_after_snapped(before: Rect, at: Point) -> Point {
    let c = geometry::centre(&before);
    Point::new(c.x + geometry::snap(at.x - c.x), c.y + geometry::snap(at.y - c.y))
}

#[test]
fn a_spanning_lambda_keeps_its_other_subnets() {
    let mut fx = fixture();
    let f = fx.icon_in(KindTag::LambdaFunction, &fx.a1.clone());
    if let Kind::LambdaFunction(props) = &mut fx.design.resource_mut(&f).unwrap().kind {
        props.vpc_config.as_mut().unwrap().subnets.push(fx.b1.clone());
    }
    // Drawn in a1, moved into a2: a1 is replaced, b1 kept in place.
    let target = geometry::centre(&rect(&fx.design, &fx.a2));
    fx.move_to(&f, target).unwrap();
    assert_eq!(lambda_subnets(fx.kind(&f)), vec![fx.a2.clone(), fx.b1.clone()]);
    // Moved into b1, one of its own subnets: only the drawing changes.
    let target = geometry::centre(&rect(&fx.design, &fx.b1));
    let applied = fx.move_to(&f, target).unwrap();
    assert!(applied.layout_only);
    assert_eq!(lambda_subnets(fx.kind(&f)), vec![fx.a2.clone(), fx.b1.clone()]);
}

#[test]
fn a_move_within_the_same_subnet_is_layout_only() {
    let mut fx = fixture();
    let f = fx.icon_in(KindTag::LambdaFunction, &fx.a1.clone());
    let before = fx.design.resources.clone();
    let c = geometry::centre(&rect(&fx.design, &f));
    let applied = fx.move_to(&f, Point::new(c.x - 64.0, c.y)).unwrap();
    assert!(applied.layout_only);
    assert_eq!(fx.design.resources, before);
}

#[test]
fn subnet_homed_icons_follow_their_subnet() {
    for tag in [
        KindTag::NatGateway,
        KindTag::LoadBalancer,
        KindTag::EcsService,
        KindTag::Ec2Instance,
        KindTag::AutoScalingGroup,
        KindTag::EksCluster,
        KindTag::RdsInstance,
        KindTag::DbCluster,
        KindTag::CacheCluster,
        KindTag::EfsFileSystem,
    ] {
        let mut fx = fixture();
        let id = fx.icon_in(tag, &fx.a1.clone());
        let target = geometry::centre(&rect(&fx.design, &fx.b1));
        fx.move_to(&id, target).unwrap();
        assert_eq!(fx.kind(&id).subnets(), [fx.b1.clone()], "{tag:?}");
    }
    let mut fx = fixture();
    let ep = fx.icon_in(KindTag::VpcEndpoint, &fx.a1.clone());
    let target = geometry::centre(&rect(&fx.design, &fx.a2));
    fx.move_to(&ep, target).unwrap();
    let Kind::VpcEndpoint(props) = fx.kind(&ep) else { panic!() };
    assert_eq!((props.subnets.clone(), props.vpc.clone()), (vec![fx.a2.clone()], fx.main));
}

#[test]
fn a_nat_gateway_on_the_open_canvas_is_refused_and_nothing_moves() {
    let mut fx = fixture();
    let nat = fx.icon_in(KindTag::NatGateway, &fx.a1.clone());
    let before = fx.design.clone();
    let canvas = fx.canvas();
    let refusal = fx.move_to(&nat, canvas).unwrap_err();
    assert_eq!(refusal.0, "A NAT gateway must be placed inside a subnet");
    // On the VPC outside its subnets, too.
    let z = rect(&fx.design, &fx.main);
    let refusal = fx.move_to(&nat, Point::new(z.x + z.w - 60.0, z.y + z.h - 40.0));
    assert_eq!(refusal.unwrap_err().0, "A NAT gateway must be placed inside a subnet");
    // A refusal is decided before anything moves.
    assert_eq!(fx.design, before);
}

#[test]
fn a_lambda_leaves_and_joins_vpcs_from_the_open_canvas() {
    let mut fx = fixture();
    let f = fx.icon_in(KindTag::LambdaFunction, &fx.a1.clone());
    let canvas = fx.canvas();
    fx.move_to(&f, canvas).unwrap();
    let Kind::LambdaFunction(props) = fx.kind(&f) else { panic!() };
    assert_eq!(props.vpc_config, None);
    for vpc in [&fx.main, &fx.other] {
        assert!(!geometry::intersects(&rect(&fx.design, vpc), &rect(&fx.design, &f)));
    }
    let target = geometry::centre(&rect(&fx.design, &fx.o1));
    fx.move_to(&f, target).unwrap();
    let Kind::LambdaFunction(props) = fx.kind(&f) else { panic!() };
    assert_eq!(
        props.vpc_config,
        Some(VpcConfig { subnets: vec![fx.o1.clone()], security_groups: Vec::new() })
    );
}

#[test]
fn an_eks_node_group_stays_in_its_clusters_vpc() {
    let mut fx = fixture();
    let cluster = fx.icon_in(KindTag::EksCluster, &fx.a1.clone());
    let nodes = fx.icon_in(KindTag::EksNodeGroup, &fx.a1.clone());
    let name = |fx: &Fixture, id: &ResourceId| fx.design.resource(id).unwrap().name.clone();
    let (cluster_name, nodes_name) = (name(&fx, &cluster), name(&fx, &nodes));
    let target = geometry::centre(&rect(&fx.design, &fx.o1));
    let refusal = fx.move_to(&nodes, target).unwrap_err();
    assert_eq!(
        refusal.0,
        format!(
            "EKS node group \"{nodes_name}\" belongs to EKS cluster \"{cluster_name}\" of VPC \
             \"vpc-1\": move it within that VPC, or change it in the inspector"
        )
    );
    let target = geometry::centre(&rect(&fx.design, &fx.b1));
    fx.move_to(&nodes, target).unwrap();
    assert_eq!(fx.kind(&nodes).subnets(), [fx.b1.clone()]);
}

#[test]
fn what_ties_an_icon_to_its_vpc_keeps_it_there() {
    let mut fx = fixture();
    let f = fx.icon_in(KindTag::LambdaFunction, &fx.a1.clone());
    let sg = fx.icon_in(KindTag::SecurityGroup, &fx.main.clone());
    let sg_name = fx.design.resource(&sg).unwrap().name.clone();
    if let Kind::LambdaFunction(props) = &mut fx.design.resource_mut(&f).unwrap().kind {
        props.vpc_config.as_mut().unwrap().security_groups.push(sg.clone());
    }
    let target = geometry::centre(&rect(&fx.design, &fx.o1));
    let refusal = fx.move_to(&f, target).unwrap_err();
    assert_eq!(
        refusal.0,
        format!(
            "Lambda function \"fn-1\" uses security group \"{sg_name}\" of VPC \"vpc-1\": \
             move it within that VPC, or change it in the inspector"
        )
    );
    // Within its VPC the security group is no obstacle.
    let target = geometry::centre(&rect(&fx.design, &fx.b1));
    fx.move_to(&f, target).unwrap();
    assert_eq!(lambda_subnets(fx.kind(&f)), vec![fx.b1.clone()]);
    // A security group itself stays in its VPC.
    let target = geometry::centre(&rect(&fx.design, &fx.other));
    let refusal = fx.move_to(&sg, target).unwrap_err();
    assert_eq!(
        refusal.0,
        format!(
            "Security group \"{sg_name}\" belongs to VPC \"vpc-1\": move it within that VPC, \
             or change it in the inspector"
        )
    );
}

#[test]
fn a_subnet_moved_into_another_zone_changes_zone_and_keeps_its_cidr() {
    let mut fx = fixture();
    let f = fx.icon_in(KindTag::LambdaFunction, &fx.a2.clone());
    let Kind::Subnet(before) = fx.kind(&fx.a2).clone() else { panic!() };
    // Below b1 in zone b's column.
    let b1 = rect(&fx.design, &fx.b1);
    let at = Point::new(b1.x + b1.w / 2.0, b1.y + b1.h + 16.0 + b1.h / 2.0);
    let applied = fx.move_to(&fx.a2.clone(), at).unwrap();
    assert!(!applied.layout_only);
    let Kind::Subnet(after) = fx.kind(&fx.a2) else { panic!() };
    assert_eq!((&after.az, after.cidr), (&fx.zones[1], before.cidr));
    // The function it carried is still in it, and drawn in it.
    assert_eq!(lambda_subnets(fx.kind(&f)), vec![fx.a2.clone()]);
    assert!(rect(&fx.design, &fx.a2).contains(&rect(&fx.design, &f)));
}

#[test]
fn subnets_and_zones_stay_in_their_vpc() {
    let mut fx = fixture();
    let other_zone = rect(&fx.design, &geometry::azs_of_vpc(&fx.design, &fx.other)[1]);
    let refusal = fx.move_to(&fx.a1.clone(), geometry::centre(&other_zone)).unwrap_err();
    assert_eq!(
        refusal.0,
        "Subnet \"subnet-1\" belongs to VPC \"vpc-1\": a subnet cannot move to another VPC"
    );
    let canvas = fx.canvas();
    let refusal = fx.move_to(&fx.a1.clone(), canvas).unwrap_err();
    assert_eq!(refusal.0, "A subnet must be placed inside a VPC's availability zone");
    let refusal = fx.move_to(&fx.zones[0].clone(), canvas).unwrap_err();
    assert_eq!(refusal.0, "An availability zone must be placed inside a VPC");
    // A VPC moved anywhere, with everything in it, changes only the
    // drawing: what it carries keeps its membership.
    let before = fx.design.resources.clone();
    let applied = fx.move_to(&fx.main.clone(), canvas).unwrap();
    assert!(applied.layout_only);
    assert_eq!(fx.design.resources, before);
}

#[test]
fn regional_services_are_refused_in_a_vpc() {
    let mut fx = fixture();
    let canvas = fx.canvas();
    let queue = add(&mut fx.design, KindTag::SqsQueue, canvas);
    let target = geometry::centre(&rect(&fx.design, &fx.a1));
    let refusal = fx.move_to(&queue, target).unwrap_err();
    assert_eq!(
        refusal.0,
        "An SQS queue is regional, not part of a VPC: place it outside every VPC"
    );
}

#[test]
fn an_internet_gateway_moves_to_a_vpc_without_one() {
    let mut fx = fixture();
    let igw = fx.icon_in(KindTag::InternetGateway, &fx.main.clone());
    let other = rect(&fx.design, &fx.other);
    let at = Point::new(other.x + other.w / 2.0, other.y + other.h - 40.0);
    fx.move_to(&igw, at).unwrap();
    let Kind::InternetGateway(props) = fx.kind(&igw) else { panic!() };
    assert_eq!(props.vpc.as_ref(), Some(&fx.other));
    // The other VPC now has one: a second is refused there.
    let second = fx.icon_in(KindTag::InternetGateway, &fx.main.clone());
    let refusal = fx.move_to(&second, at).unwrap_err();
    assert_eq!(
        refusal.0,
        "VPC \"vpc-2\" already has internet gateway \"igw-1\": a VPC takes only one"
    );
}

#[test]
fn grabbed_icons_inside_a_grabbed_subnet_ride_along() {
    let mut fx = fixture();
    let f = fx.icon_in(KindTag::LambdaFunction, &fx.a2.clone());
    let b1 = rect(&fx.design, &fx.b1);
    let a2 = rect(&fx.design, &fx.a2);
    let at = Point::new(b1.x + b1.w / 2.0, b1.y + b1.h + 16.0 + b1.h / 2.0);
    let c = geometry::centre(&a2);
    let (dx, dy) = (geometry::snap(at.x - c.x), geometry::snap(at.y - c.y));
    let mut ids = vec![fx.a2.clone(), f.clone()];
    ids.extend(geometry::contained_in(&fx.design.layout, &fx.a2).into_iter().filter(|i| *i != f));
    MoveInto { ids, grabbed: vec![f.clone(), fx.a2.clone()], dx, dy }
        .apply(&mut fx.design)
        .unwrap();
    assert_eq!(lambda_subnets(fx.kind(&f)), vec![fx.a2.clone()]);
    let Kind::Subnet(s) = fx.kind(&fx.a2) else { panic!() };
    assert_eq!(s.az, fx.zones[1]);
}

#[test]
fn the_drop_probe_marks_the_subnet_under_a_single_icon() {
    let mut fx = fixture();
    let f = fx.icon_in(KindTag::LambdaFunction, &fx.a1.clone());
    let probe = drop_probe(&fx.design, &f).unwrap();
    let c = geometry::centre(&rect(&fx.design, &f));
    assert_eq!(probe.target(Point::default()), Some(&fx.a1));
    let b1 = geometry::centre(&rect(&fx.design, &fx.b1));
    assert_eq!(probe.target(Point::new(b1.x - c.x, b1.y - c.y)), Some(&fx.b1));
    assert_eq!(probe.target(Point::new(0.0, 2000.0)), None);
    // An internet gateway marks VPCs; containers and queues mark nothing.
    let igw = fx.icon_in(KindTag::InternetGateway, &fx.main.clone());
    let probe = drop_probe(&fx.design, &igw).unwrap();
    assert_eq!(probe.target(Point::default()), Some(&fx.main));
    assert!(drop_probe(&fx.design, &fx.a1).is_none());
    let canvas = fx.canvas();
    let queue = add(&mut fx.design, KindTag::SqsQueue, canvas);
    assert!(drop_probe(&fx.design, &queue).is_none());
}
