//! Dropping each kind from the palette: where it lands and what it refuses.

use super::*;

fn add(design: &mut Design, tag: KindTag, x: f64, y: f64) -> Result<ResourceId, Refusal> {
    let applied = AddResource { tag, at: Point::new(x, y) }.apply(design)?;
    Ok(applied.select.unwrap().remove(0))
}

fn subnet_cidr(design: &Design, id: &ResourceId) -> String {
    match &design.resource(id).unwrap().kind {
        Kind::Subnet(s) => s.cidr_label(),
        other => panic!("not a subnet: {other:?}"),
    }
}

#[test]
fn a_vpc_comes_with_two_availability_zones() {
    let mut design = Design::new("d");
    let vpc = add(&mut design, KindTag::Vpc, 100.0, 100.0).unwrap();
    let azs = geometry::azs_of_vpc(&design, &vpc);
    assert_eq!(azs.len(), 2);
    let vpc_rect = design.layout.positions[&vpc];
    for az in &azs {
        assert!(vpc_rect.contains(&design.layout.positions[az]));
    }
}

fn vpc_cidrs(design: &Design, id: &ResourceId) -> Vec<String> {
    match &design.resource(id).unwrap().kind {
        Kind::Vpc(vpc) => vpc.cidr_blocks.iter().map(ToString::to_string).collect(),
        other => panic!("not a VPC: {other:?}"),
    }
}

#[test]
fn a_new_vpc_takes_the_next_16_that_overlaps_no_other_vpc() {
    let mut design = Design::new("d");
    let first = add(&mut design, KindTag::Vpc, 100.0, 100.0).unwrap();
    let second = add(&mut design, KindTag::Vpc, 100.0, 1000.0).unwrap();
    assert_eq!(vpc_cidrs(&design, &first), ["10.0.0.0/16"]);
    assert_eq!(vpc_cidrs(&design, &second), ["10.1.0.0/16"]);
    // A wider first VPC and a secondary block of the second are skipped.
    let Kind::Vpc(vpc) = &mut design.resource_mut(&first).unwrap().kind else { panic!() };
    vpc.cidr_blocks = vec!["10.0.0.0/15".parse().unwrap()];
    let Kind::Vpc(vpc) = &mut design.resource_mut(&second).unwrap().kind else { panic!() };
    vpc.cidr_blocks = vec!["10.2.0.0/16".parse().unwrap(), "10.3.0.0/16".parse().unwrap()];
    let third = add(&mut design, KindTag::Vpc, 100.0, 2000.0).unwrap();
    assert_eq!(vpc_cidrs(&design, &third), ["10.4.0.0/16"]);
    // A gap left by a deleted VPC is taken again, and the new VPC's
    // first subnet lies inside its own block.
    let Kind::Vpc(vpc) = &mut design.resource_mut(&first).unwrap().kind else { panic!() };
    vpc.cidr_blocks = vec!["10.1.0.0/16".parse().unwrap()];
    let fourth = add(&mut design, KindTag::Vpc, 100.0, 3000.0).unwrap();
    assert_eq!(vpc_cidrs(&design, &fourth), ["10.0.0.0/16"]);
    let az = design.layout.positions[&geometry::azs_of_vpc(&design, &third)[0]];
    let subnet = add(&mut design, KindTag::Subnet, az.x + 20.0, az.y + 60.0).unwrap();
    assert_eq!(subnet_cidr(&design, &subnet), "10.4.0.0/24");
    let blocks: Vec<Ipv4Net> = [&first, &second, &third, &fourth]
        .into_iter()
        .flat_map(|id| vpc_cidrs(&design, id))
        .map(|c| c.parse().unwrap())
        .collect();
    for (i, a) in blocks.iter().enumerate() {
        for b in &blocks[i + 1..] {
            assert!(!cidr::overlaps(a, b), "{a} overlaps {b}");
        }
    }
}

#[test]
fn subnets_take_the_next_free_24_and_stack_in_their_column() {
    let mut design = Design::new("d");
    let vpc = add(&mut design, KindTag::Vpc, 100.0, 100.0).unwrap();
    let azs = geometry::azs_of_vpc(&design, &vpc);
    let az_a = design.layout.positions[&azs[0]];
    let (x, y) = (az_a.x + 20.0, az_a.y + 60.0);
    let ids: Vec<ResourceId> =
        (0..3).map(|_| add(&mut design, KindTag::Subnet, x, y).unwrap()).collect();
    assert_eq!(subnet_cidr(&design, &ids[0]), "10.0.0.0/24");
    assert_eq!(subnet_cidr(&design, &ids[2]), "10.0.2.0/24");
    let rects: Vec<Rect> = ids.iter().map(|id| design.layout.positions[id]).collect();
    assert!(rects[0].y < rects[1].y && rects[1].y < rects[2].y);
    // The third row did not fit: the zones and the VPC grew around it.
    let vpc_rect = design.layout.positions[&vpc];
    for az in &azs {
        let az_rect = design.layout.positions[az];
        assert!(vpc_rect.contains(&az_rect));
        assert_eq!(az_rect.h, design.layout.positions[&azs[0]].h);
    }
    assert!(design.layout.positions[&azs[0]].contains(&rects[2]));
    assert!(vpc_frees_no_errors(&design));
}

fn vpc_frees_no_errors(design: &Design) -> bool {
    vpcraft_core::validate(design).iter().all(|f| f.severity != vpcraft_core::Severity::Error)
}

#[test]
fn subnets_outside_a_vpc_are_refused() {
    let mut design = Design::new("d");
    let refusal = add(&mut design, KindTag::Subnet, 10.0, 10.0).unwrap_err();
    assert!(refusal.0.contains("inside a VPC"));
    assert!(design.resources.is_empty());
}

#[test]
fn a_lambda_dropped_in_a_subnet_runs_in_it() {
    let mut design = Design::new("d");
    let vpc = add(&mut design, KindTag::Vpc, 100.0, 100.0).unwrap();
    let az = geometry::azs_of_vpc(&design, &vpc)[1].clone();
    let az_rect = design.layout.positions[&az];
    let subnet = add(&mut design, KindTag::Subnet, az_rect.x + 10.0, az_rect.y + 50.0).unwrap();
    let s = design.layout.positions[&subnet];
    let f = add(&mut design, KindTag::LambdaFunction, s.x + s.w / 2.0, s.y + s.h / 2.0).unwrap();
    let Kind::LambdaFunction(props) = &design.resource(&f).unwrap().kind else { panic!() };
    assert_eq!(props.vpc_config.as_ref().unwrap().subnets, vec![subnet.clone()]);
    assert!(s.contains(&design.layout.positions[&f]));

    let outside = add(&mut design, KindTag::LambdaFunction, 2000.0, 2000.0).unwrap();
    let Kind::LambdaFunction(props) = &design.resource(&outside).unwrap().kind else { panic!() };
    assert!(props.vpc_config.is_none());
}

#[test]
fn nested_vpcs_and_regional_services_in_vpcs_are_refused() {
    let mut design = Design::new("d");
    add(&mut design, KindTag::Vpc, 100.0, 100.0).unwrap();
    assert!(add(&mut design, KindTag::Vpc, 200.0, 200.0).is_err());
    assert!(add(&mut design, KindTag::SqsQueue, 200.0, 200.0).is_err());
    assert_eq!(design.resources.len(), 3);
}

/// Where a test drops a resource.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Spot {
    /// The open canvas, below every VPC.
    Canvas,
    /// The VPC "main", in its second zone, outside every subnet.
    Vpc,
    /// The subnet of the VPC "main".
    Subnet,
}

use KindTag as K;
use Spot::{Canvas, Subnet, Vpc};

/// A place AWS forbids for a kind, and the reason shown there.
type Forbidden = Option<(Spot, &'static str)>;

/// Every palette kind: where AWS allows it, a place AWS forbids and
/// the reason shown. Target groups are refused nowhere (ip targets on a
/// VPC, a Lambda target outside every VPC; see their own test).
const CASES: &[(KindTag, Spot, Forbidden)] = &[
    (
        K::Vpc,
        Canvas,
        Some((Vpc, "VPCs cannot be nested: drop the VPC on an empty part of the canvas")),
    ),
    (K::AvailabilityZone, Vpc, Some((Canvas, "An availability zone must be placed inside a VPC"))),
    (K::Subnet, Vpc, Some((Canvas, "A subnet must be placed inside a VPC's availability zone"))),
    (K::InternetGateway, Vpc, Some((Canvas, "An internet gateway must be placed inside a VPC"))),
    (
        K::EgressOnlyInternetGateway,
        Vpc,
        Some((Canvas, "An egress-only internet gateway must be placed inside a VPC")),
    ),
    (K::NatGateway, Subnet, Some((Vpc, "A NAT gateway must be placed inside a subnet"))),
    (
        K::ElasticIp,
        Canvas,
        Some((Vpc, "An Elastic IP is regional, not part of a VPC: place it outside every VPC")),
    ),
    (K::RouteTable, Vpc, Some((Canvas, "A route table must be placed inside a VPC"))),
    (K::NetworkAcl, Vpc, Some((Canvas, "A network ACL must be placed inside a VPC"))),
    (K::SecurityGroup, Vpc, Some((Canvas, "A security group must be placed inside a VPC"))),
    (K::VpcEndpoint, Subnet, Some((Canvas, "A VPC endpoint must be placed inside a VPC"))),
    (
        K::VpcPeering,
        Canvas,
        Some((Vpc, "A VPC peering connection joins two VPCs: drop it on the canvas between them")),
    ),
    (
        K::TransitGateway,
        Canvas,
        Some((Vpc, "A transit gateway is regional, not part of a VPC: place it outside every VPC")),
    ),
    (
        K::TransitGatewayAttachment,
        Subnet,
        Some((Vpc, "A transit gateway attachment must be placed inside a subnet")),
    ),
    (K::VpnGateway, Vpc, Some((Canvas, "A virtual private gateway must be placed inside a VPC"))),
    (
        K::CustomerGateway,
        Canvas,
        Some((
            Vpc,
            "A customer gateway is regional, not part of a VPC: place it outside every VPC",
        )),
    ),
    (
        K::VpnConnection,
        Canvas,
        Some((Vpc, "A VPN connection is regional, not part of a VPC: place it outside every VPC")),
    ),
    (K::FlowLog, Vpc, Some((Canvas, "A VPC flow log must be placed inside a VPC"))),
    (K::LoadBalancer, Subnet, Some((Vpc, "A load balancer must be placed inside a subnet"))),
    (K::TargetGroup, Vpc, None),
    (
        K::LambdaFunction,
        Subnet,
        Some((
            Vpc,
            "A Lambda function in a VPC must be placed inside a subnet (or outside every VPC)",
        )),
    ),
    (K::EcsService, Subnet, Some((Canvas, "An ECS service must be placed inside a subnet"))),
    (K::Ec2Instance, Subnet, Some((Vpc, "An EC2 instance must be placed inside a subnet"))),
    (
        K::NetworkInterface,
        Subnet,
        Some((Vpc, "A network interface must be placed inside a subnet")),
    ),
    (
        K::LaunchTemplate,
        Canvas,
        Some((Vpc, "A launch template is regional, not part of a VPC: place it outside every VPC")),
    ),
    (
        K::AutoScalingGroup,
        Subnet,
        Some((Canvas, "An Auto Scaling group must be placed inside a subnet")),
    ),
    (K::EksCluster, Subnet, Some((Vpc, "An EKS cluster must be placed inside a subnet"))),
    (K::EksNodeGroup, Subnet, Some((Canvas, "An EKS node group must be placed inside a subnet"))),
    (K::RdsInstance, Subnet, Some((Vpc, "An RDS database must be placed inside a subnet"))),
    (K::DbCluster, Subnet, Some((Canvas, "An Aurora cluster must be placed inside a subnet"))),
    (K::CacheCluster, Subnet, Some((Vpc, "An ElastiCache cluster must be placed inside a subnet"))),
    (K::EfsFileSystem, Subnet, Some((Canvas, "An EFS file system must be placed inside a subnet"))),
    (
        K::ApiGateway,
        Canvas,
        Some((
            Subnet,
            "An API Gateway API is regional, not part of a VPC: place it outside every VPC",
        )),
    ),
    (
        K::SqsQueue,
        Canvas,
        Some((Vpc, "An SQS queue is regional, not part of a VPC: place it outside every VPC")),
    ),
    (
        K::LogGroup,
        Canvas,
        Some((
            Vpc,
            "A CloudWatch log group is regional, not part of a VPC: place it outside every VPC",
        )),
    ),
    (
        K::NestedStack,
        Canvas,
        Some((Vpc, "A nested stack is regional, not part of a VPC: place it outside every VPC")),
    ),
    (
        K::S3Bucket,
        Canvas,
        Some((Subnet, "An S3 bucket is regional, not part of a VPC: place it outside every VPC")),
    ),
    (
        K::DynamoDbTable,
        Canvas,
        Some((Vpc, "A DynamoDB table is regional, not part of a VPC: place it outside every VPC")),
    ),
    (
        K::AwsService,
        Canvas,
        Some((Vpc, "An AWS service is regional, not part of a VPC: place it outside every VPC")),
    ),
];

/// Two VPCs side by side, "main" with one subnet in its zone a.
struct Fixture {
    design: Design,
    main: ResourceId,
    other: ResourceId,
    zone_b: ResourceId,
    subnet: ResourceId,
}

fn fixture() -> Fixture {
    let mut design = Design::new("d");
    let main = add(&mut design, KindTag::Vpc, 100.0, 100.0).unwrap();
    let r = design.layout.positions[&main];
    let other = add(&mut design, KindTag::Vpc, r.x + r.w + 100.0, 100.0).unwrap();
    let zones = geometry::azs_of_vpc(&design, &main);
    let a = design.layout.positions[&zones[0]];
    let subnet = add(&mut design, KindTag::Subnet, a.x + 20.0, a.y + 60.0).unwrap();
    Fixture { design, main, other, zone_b: zones[1].clone(), subnet }
}

impl Fixture {
    fn point(&self, spot: Spot) -> Point {
        let rect = |id: &ResourceId| self.design.layout.positions[id];
        match spot {
            Canvas => Point::new(300.0, 2000.0),
            Vpc => {
                let b = rect(&self.zone_b);
                Point::new(b.x + b.w / 2.0, b.y + b.h - 40.0)
            }
            Subnet => geometry::centre(&rect(&self.subnet)),
        }
    }
}

/// Where a resource landed, judged by its references and its drawing.
fn landed(fx: &Fixture, id: &ResourceId) -> Spot {
    let design = &fx.design;
    let rect = design.layout.positions[id];
    let kind = &design.resource(id).unwrap().kind;
    let index = vpcraft_core::index::Index::new(design);
    let vpc = index.vpc_of(id).filter(|vpc| *vpc != id);
    let subnet_rect = design.layout.positions[&fx.subnet];
    if kind.subnets() == std::slice::from_ref(&fx.subnet) {
        assert!(subnet_rect.contains(&rect), "{id} is not drawn in its subnet");
        Subnet
    } else if vpc == Some(&fx.main) {
        assert!(design.layout.positions[&fx.main].contains(&rect), "{id} is not in its VPC");
        assert!(!geometry::intersects(&subnet_rect, &rect), "{id} is drawn in a subnet");
        Vpc
    } else {
        assert_eq!(vpc, None, "{id} belongs to a VPC");
        for r in vpc_rects(design).filter(|r| *r != rect) {
            assert!(!geometry::intersects(&r, &rect), "{id} is drawn over a VPC");
        }
        Canvas
    }
}

#[test]
fn every_palette_kind_lands_where_aws_allows_it_and_is_refused_elsewhere() {
    let palette: Vec<KindTag> = KindTag::ALL.iter().copied().filter(|t| in_palette(*t)).collect();
    let cased: Vec<KindTag> = CASES.iter().map(|c| c.0).collect();
    assert_eq!(cased, palette, "every palette kind has a case");
    for &(tag, allowed, forbidden) in CASES {
        let mut fx = fixture();
        if matches!(tag, KindTag::TransitGatewayAttachment | KindTag::VpnConnection) {
            add(&mut fx.design, KindTag::TransitGateway, 300.0, 2000.0).unwrap();
        }
        if tag == KindTag::FlowLog {
            add(&mut fx.design, KindTag::LogGroup, 300.0, 2600.0).unwrap();
        }
        if tag == KindTag::VpnConnection {
            add(&mut fx.design, KindTag::CustomerGateway, 300.0, 2300.0).unwrap();
        }
        if tag == KindTag::EksNodeGroup {
            let at = fx.point(Subnet);
            add(&mut fx.design, KindTag::EksCluster, at.x, at.y).unwrap();
        }
        let at = fx.point(allowed);
        let id = add(&mut fx.design, tag, at.x, at.y)
            .unwrap_or_else(|r| panic!("{tag:?} refused at {allowed:?}: {}", r.0));
        assert_eq!(fx.design.resource(&id).unwrap().kind.tag(), tag);
        assert_eq!(landed(&fx, &id), allowed, "{tag:?}");
        let Some((forbidden, message)) = forbidden else {
            continue;
        };
        let before = fx.design.clone();
        let at = fx.point(forbidden);
        let refusal = plan_placement(&fx.design, tag, at).unwrap_err();
        assert_eq!(refusal.0, message, "{tag:?} at {forbidden:?}");
        assert_eq!(add(&mut fx.design, tag, at.x, at.y).unwrap_err(), refusal);
        assert_eq!(fx.design.resources, before.resources);
    }
}

#[test]
fn a_transit_gateway_attachment_joins_the_designs_transit_gateway() {
    let mut fx = fixture();
    let at = fx.point(Subnet);
    let refusal = add(&mut fx.design, KindTag::TransitGatewayAttachment, at.x, at.y);
    assert_eq!(
        refusal.unwrap_err().0,
        "A transit gateway attachment needs a transit gateway: add one outside the VPCs first"
    );
    let tgw = add(&mut fx.design, KindTag::TransitGateway, 300.0, 2000.0).unwrap();
    let id = add(&mut fx.design, KindTag::TransitGatewayAttachment, at.x, at.y).unwrap();
    let Kind::TransitGatewayAttachment(a) = &fx.design.resource(&id).unwrap().kind else {
        panic!()
    };
    assert_eq!(
        (&a.transit_gateway, &a.vpc, &a.subnets[..]),
        (&tgw, &fx.main, &[fx.subnet.clone()][..])
    );
}

#[test]
fn an_eks_node_group_joins_the_cluster_of_its_vpc() {
    let mut fx = fixture();
    let at = fx.point(Subnet);
    let refusal = add(&mut fx.design, KindTag::EksNodeGroup, at.x, at.y);
    assert_eq!(
        refusal.unwrap_err().0,
        "An EKS node group needs an EKS cluster in its VPC: add one to a subnet of the VPC \
         first"
    );
    let cluster = add(&mut fx.design, KindTag::EksCluster, at.x, at.y).unwrap();
    let id = add(&mut fx.design, KindTag::EksNodeGroup, at.x, at.y).unwrap();
    let Kind::EksNodeGroup(ng) = &fx.design.resource(&id).unwrap().kind else { panic!() };
    assert_eq!((&ng.cluster, &ng.subnets[..]), (&cluster, &[fx.subnet.clone()][..]));
}

#[test]
fn a_vpc_takes_one_internet_gateway() {
    let mut fx = fixture();
    let at = fx.point(Vpc);
    let igw = add(&mut fx.design, KindTag::InternetGateway, at.x, at.y).unwrap();
    // Dropped on the subnet, the second one still names the subnet's VPC.
    let at = fx.point(Subnet);
    let refusal = add(&mut fx.design, KindTag::InternetGateway, at.x, at.y).unwrap_err();
    assert_eq!(
        refusal.0,
        format!(
            "VPC \"vpc-1\" already has internet gateway \"{}\": a VPC takes only one",
            fx.design.resource(&igw).unwrap().name
        )
    );
}

#[test]
fn vpc_wide_resources_dropped_on_a_subnet_go_to_the_vpc_row() {
    for tag in [KindTag::InternetGateway, KindTag::NetworkAcl, KindTag::SecurityGroup] {
        let mut fx = fixture();
        let at = fx.point(Subnet);
        let placement = plan_placement(&fx.design, tag, at).unwrap();
        assert_eq!(placement.target(), Some(&fx.main), "{tag:?}");
        let id = add(&mut fx.design, tag, at.x, at.y).unwrap();
        assert_eq!(landed(&fx, &id), Vpc, "{tag:?}");
    }
}

#[test]
fn a_route_table_dropped_on_a_subnet_is_associated_with_it_once() {
    let mut fx = fixture();
    let at = fx.point(Subnet);
    assert_eq!(
        plan_placement(&fx.design, KindTag::RouteTable, at).unwrap().target(),
        Some(&fx.subnet)
    );
    let table = add(&mut fx.design, KindTag::RouteTable, at.x, at.y).unwrap();
    let Kind::RouteTable(rt) = &fx.design.resource(&table).unwrap().kind else { panic!() };
    assert_eq!(rt.associations, vec![fx.subnet.clone()]);
    assert_eq!(rt.vpc, fx.main);
    assert_eq!(landed(&fx, &table), Vpc);

    let refusal = add(&mut fx.design, KindTag::RouteTable, at.x, at.y).unwrap_err();
    assert_eq!(
        refusal.0,
        "Subnet \"subnet-1\" already uses route table \"rtb-1\": drop the new route table \
         on the VPC outside its subnets"
    );
    // On the VPC outside the subnet, a second table is welcome.
    let at = fx.point(Vpc);
    let other = add(&mut fx.design, KindTag::RouteTable, at.x, at.y).unwrap();
    let Kind::RouteTable(rt) = &fx.design.resource(&other).unwrap().kind else { panic!() };
    assert!(rt.associations.is_empty());
}

#[test]
fn endpoints_are_interface_in_a_subnet_and_gateway_on_the_vpc() {
    let mut fx = fixture();
    let at = fx.point(Subnet);
    let interface = add(&mut fx.design, KindTag::VpcEndpoint, at.x, at.y).unwrap();
    let table = add(&mut fx.design, KindTag::RouteTable, at.x, at.y).unwrap();
    let at = fx.point(Vpc);
    let gateway = add(&mut fx.design, KindTag::VpcEndpoint, at.x, at.y).unwrap();
    let endpoint = |id: &ResourceId| match &fx.design.resource(id).unwrap().kind {
        Kind::VpcEndpoint(ep) => ep.clone(),
        other => panic!("not an endpoint: {other:?}"),
    };
    let interface = endpoint(&interface);
    assert_eq!(interface.endpoint_type, EndpointType::Interface);
    assert_eq!(interface.subnets, vec![fx.subnet.clone()]);
    let gateway = endpoint(&gateway);
    assert_eq!(gateway.endpoint_type, EndpointType::Gateway);
    assert_eq!((gateway.service.as_str(), gateway.vpc.clone()), ("s3", fx.main.clone()));
    assert!(gateway.subnets.is_empty() && !gateway.private_dns);
    assert_eq!(gateway.route_tables, vec![table]);
    // Neither breaks the rule that settings match the endpoint type, and
    // the gateway endpoint serves the subnet through its route table.
    let rules: Vec<String> =
        vpcraft_core::validate(&fx.design).into_iter().map(|f| f.rule).collect();
    assert!(!rules.iter().any(|r| r == "E4008" || r == "W2008"), "{rules:?}");
}

#[test]
fn target_groups_take_ip_targets_in_a_vpc_and_a_function_outside() {
    let mut fx = fixture();
    let at = fx.point(Subnet);
    let in_vpc = add(&mut fx.design, KindTag::TargetGroup, at.x, at.y).unwrap();
    assert_eq!(landed(&fx, &in_vpc), Vpc);
    let at = fx.point(Canvas);
    let outside = add(&mut fx.design, KindTag::TargetGroup, at.x, at.y).unwrap();
    assert_eq!(landed(&fx, &outside), Canvas);
    let group = |id: &ResourceId| match &fx.design.resource(id).unwrap().kind {
        Kind::TargetGroup(tg) => (tg.target_type, tg.vpc.clone()),
        other => panic!("not a target group: {other:?}"),
    };
    assert_eq!(group(&in_vpc), (TargetType::Ip, Some(fx.main.clone())));
    assert_eq!(group(&outside), (TargetType::Lambda, None));
}

#[test]
fn peering_joins_the_two_nearest_vpcs_once() {
    let mut design = Design::new("d");
    let refusal = add(&mut design, KindTag::VpcPeering, 50.0, 50.0).unwrap_err();
    assert_eq!(refusal.0, "A VPC peering connection joins two VPCs: draw a second VPC first");

    let mut fx = fixture();
    let main = fx.design.layout.positions[&fx.main];
    let far = add(&mut fx.design, KindTag::Vpc, main.x, main.y + main.h + 400.0).unwrap();
    // Just below "main", nearer its right-hand neighbour than the VPC
    // far below: the nearest requests, the next accepts.
    let at = Point::new(main.x + main.w - 20.0, main.y + main.h + 40.0);
    let pcx = add(&mut fx.design, KindTag::VpcPeering, at.x, at.y).unwrap();
    let Kind::VpcPeering(p) = &fx.design.resource(&pcx).unwrap().kind else { panic!() };
    assert_eq!((&p.requester, &p.accepter), (&fx.main, &fx.other));
    assert_ne!(p.accepter, far);
    assert_eq!(landed(&fx, &pcx), Canvas);
    let refusal = add(&mut fx.design, KindTag::VpcPeering, at.x, at.y).unwrap_err();
    let name = |id: &ResourceId| fx.design.resource(id).unwrap().name.clone();
    assert_eq!(
        refusal.0,
        format!(
            "VPCs \"{}\" and \"{}\" are already peered by \"{}\"",
            name(&fx.main),
            name(&fx.other),
            name(&pcx)
        )
    );
}

#[test]
fn vpc_wide_resources_get_the_vpc_row_and_icons_do_not_pile_up() {
    let mut design = Design::new("d");
    let vpc = add(&mut design, KindTag::Vpc, 100.0, 100.0).unwrap();
    let vpc_rect = design.layout.positions[&vpc];
    let igw =
        add(&mut design, KindTag::InternetGateway, vpc_rect.x + 300.0, vpc_rect.y + 20.0).unwrap();
    let igw_rect = design.layout.positions[&igw];
    let grown = design.layout.positions[&vpc];
    assert!(grown.contains(&igw_rect));
    for az in geometry::azs_of_vpc(&design, &vpc) {
        assert!(!geometry::intersects(&design.layout.positions[&az], &igw_rect));
    }
    let Kind::InternetGateway(props) = &design.resource(&igw).unwrap().kind else { panic!() };
    assert_eq!(props.vpc.as_ref(), Some(&vpc));

    let az = design.layout.positions[&geometry::azs_of_vpc(&design, &vpc)[0]];
    let subnet = add(&mut design, KindTag::Subnet, az.x + 10.0, az.y + 60.0).unwrap();
    let s = design.layout.positions[&subnet];
    let (x, y) = (s.x + 60.0, s.y + 90.0);
    let first = add(&mut design, KindTag::LambdaFunction, x, y).unwrap();
    let second = add(&mut design, KindTag::LambdaFunction, x, y).unwrap();
    let (a, b) = (design.layout.positions[&first], design.layout.positions[&second]);
    assert!(!geometry::intersects(&a, &b));
    assert!(s.contains(&a) && s.contains(&b));

    // Next to the VPC but overlapping its edge: pushed outside.
    let outside = add(&mut design, KindTag::SqsQueue, grown.x - 10.0, grown.y + 200.0).unwrap();
    assert!(!geometry::intersects(&design.layout.positions[&outside], &grown));
}
