//! Where each kind lives in AWS (on the canvas, in a VPC, in a subnet),
//! which containers accept it, and how kinds are named in refusals.

use super::*;

/// Where a kind lives in AWS, which decides where it may be dropped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Home {
    /// In a subnet (more subnets are added in the inspector): NAT gateways,
    /// load balancers and ECS services.
    Subnet,
    /// Part of a VPC as a whole, not of one subnet: internet gateways, route
    /// tables, network ACLs and security groups. Drawn in the VPC's own row
    /// even when dropped on a subnet.
    Vpc,
    /// Regional, outside every VPC: addresses and managed services.
    Region,
    /// A Lambda function: in a subnet (with VPC access) or outside every VPC.
    SubnetOrRegion,
    /// A VPC endpoint: an interface endpoint in a subnet, or a gateway
    /// endpoint on the VPC outside its subnets.
    SubnetOrVpc,
    /// A target group: on a VPC for ip targets, outside every VPC for a
    /// Lambda target.
    VpcOrRegion,
    /// A peering connection, between two VPCs on the open canvas.
    BetweenVpcs,
}

pub(crate) fn home(tag: KindTag) -> Home {
    match tag {
        KindTag::NatGateway
        | KindTag::LoadBalancer
        | KindTag::EcsService
        | KindTag::Ec2Instance
        | KindTag::NetworkInterface
        | KindTag::AutoScalingGroup
        | KindTag::EksCluster
        | KindTag::EksNodeGroup
        | KindTag::RdsInstance
        | KindTag::DbCluster
        | KindTag::CacheCluster
        | KindTag::EfsFileSystem
        | KindTag::TransitGatewayAttachment => Home::Subnet,
        KindTag::InternetGateway
        | KindTag::EgressOnlyInternetGateway
        | KindTag::VpnGateway
        | KindTag::FlowLog
        | KindTag::RouteTable
        | KindTag::NetworkAcl
        | KindTag::SecurityGroup => Home::Vpc,
        KindTag::LambdaFunction => Home::SubnetOrRegion,
        KindTag::VpcEndpoint => Home::SubnetOrVpc,
        KindTag::TargetGroup => Home::VpcOrRegion,
        KindTag::VpcPeering => Home::BetweenVpcs,
        _ => Home::Region,
    }
}

/// The containers an icon of kind `tag` found over `within` belongs to.
/// Resources of the VPC as a whole are not drawn in a subnet they are over,
/// and icons are never loose in a zone: outside a subnet they belong to the
/// VPC (whose row they go to, and which is the drop target).
pub(crate) fn home_within(tag: KindTag, mut within: Containers) -> Containers {
    if matches!(home(tag), Home::Vpc | Home::VpcOrRegion) {
        within.subnet = None;
    }
    if within.subnet.is_none() {
        within.az = None;
    }
    within
}

/// True when the palette offers `tag`: every kind with default properties,
/// and peering connections, which take their two VPCs from where they are
/// dropped.
pub fn in_palette(tag: KindTag) -> bool {
    tag == KindTag::VpcPeering || Kind::default_for(tag, None).is_some()
}

/// A kind's name with its article, to start a sentence.
pub(crate) fn a(tag: KindTag) -> &'static str {
    match tag {
        KindTag::InternetGateway => "An internet gateway",
        KindTag::EgressOnlyInternetGateway => "An egress-only internet gateway",
        KindTag::TransitGateway => "A transit gateway",
        KindTag::TransitGatewayAttachment => "A transit gateway attachment",
        KindTag::VpnGateway => "A virtual private gateway",
        KindTag::CustomerGateway => "A customer gateway",
        KindTag::VpnConnection => "A VPN connection",
        KindTag::FlowLog => "A VPC flow log",
        KindTag::NetworkInterface => "A network interface",
        KindTag::NatGateway => "A NAT gateway",
        KindTag::ElasticIp => "An Elastic IP",
        KindTag::RouteTable => "A route table",
        KindTag::NetworkAcl => "A network ACL",
        KindTag::SecurityGroup => "A security group",
        KindTag::VpcEndpoint => "A VPC endpoint",
        KindTag::VpcPeering => "A VPC peering connection",
        KindTag::LoadBalancer => "A load balancer",
        KindTag::TargetGroup => "A target group",
        KindTag::LambdaFunction => "A Lambda function",
        KindTag::EcsService => "An ECS service",
        KindTag::Ec2Instance => "An EC2 instance",
        KindTag::LaunchTemplate => "A launch template",
        KindTag::AutoScalingGroup => "An Auto Scaling group",
        KindTag::EksCluster => "An EKS cluster",
        KindTag::EksNodeGroup => "An EKS node group",
        KindTag::RdsInstance => "An RDS database",
        KindTag::DbCluster => "An Aurora cluster",
        KindTag::CacheCluster => "An ElastiCache cluster",
        KindTag::EfsFileSystem => "An EFS file system",
        KindTag::ApiGateway => "An API Gateway API",
        KindTag::SqsQueue => "An SQS queue",
        KindTag::LogGroup => "A CloudWatch log group",
        KindTag::NestedStack => "A nested stack",
        KindTag::S3Bucket => "An S3 bucket",
        KindTag::DynamoDbTable => "A DynamoDB table",
        KindTag::AwsService => "An AWS service",
        other => other.title(),
    }
}

pub(crate) fn name_of(design: &Design, id: &ResourceId) -> String {
    design.resource(id).map_or_else(|| id.to_string(), |r| r.name.clone())
}

/// Refuses a drop where AWS does not allow the kind.
pub(crate) fn check_home(
    design: &Design,
    tag: KindTag,
    within: &Containers,
) -> Result<(), Refusal> {
    let refuse = |reason: String| Err(Refusal::new(reason));
    match home(tag) {
        Home::Subnet if within.subnet.is_none() => {
            refuse(format!("{} must be placed inside a subnet", a(tag)))
        }
        Home::Vpc | Home::SubnetOrVpc if within.vpc.is_none() => {
            refuse(format!("{} must be placed inside a VPC", a(tag)))
        }
        Home::Region if within.vpc.is_some() => {
            refuse(format!("{} is regional, not part of a VPC: place it outside every VPC", a(tag)))
        }
        Home::SubnetOrRegion if within.vpc.is_some() && within.subnet.is_none() => refuse(
            "A Lambda function in a VPC must be placed inside a subnet (or outside every VPC)"
                .into(),
        ),
        Home::BetweenVpcs if within.vpc.is_some() => refuse(
            "A VPC peering connection joins two VPCs: drop it on the canvas between them".into(),
        ),
        _ => match (tag, &within.vpc, &within.subnet) {
            (KindTag::InternetGateway, Some(vpc), _) => one_internet_gateway(design, vpc),
            (KindTag::RouteTable, _, Some(subnet)) => one_route_table(design, subnet),
            _ => Ok(()),
        },
    }
}
