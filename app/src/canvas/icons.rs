//! Resource icons: the official AWS Architecture Icons (npm package
//! `aws-icons` 3.3.0, vendored under `app/assets/aws-icons`), embedded in
//! the binary so that downloaded drawings stay self-contained.

use leptos::prelude::*;
use vpcraft_core::model::{Kind, KindTag, LoadBalancerType};

/// One vendored icon.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Icon {
    Vpc,
    Zone,
    PublicSubnet,
    PrivateSubnet,
    InternetGateway,
    NatGateway,
    ElasticIp,
    RouteTable,
    NetworkAcl,
    SecurityGroup,
    VpcEndpoint,
    VpcPeering,
    TransitGateway,
    TransitGatewayAttachment,
    VpnGateway,
    CustomerGateway,
    VpnConnection,
    FlowLog,
    LoadBalancer,
    ApplicationLoadBalancer,
    NetworkLoadBalancer,
    ClassicLoadBalancer,
    LambdaFunction,
    LambdaPermission,
    EcsService,
    Ec2Instance,
    NetworkInterface,
    LaunchTemplate,
    AutoScalingGroup,
    EksCluster,
    EksNodeGroup,
    RdsInstance,
    DbCluster,
    CacheCluster,
    EfsFileSystem,
    ApiGateway,
    SqsQueue,
    EventSourceMapping,
    LogGroup,
    NestedStack,
    S3Bucket,
    DynamoDbTable,
    AwsService,
    Generic,
}

impl Icon {
    /// Every icon, in the order of the canvas's symbol definitions.
    pub const ALL: &'static [Icon] = &[
        Icon::Vpc,
        Icon::Zone,
        Icon::PublicSubnet,
        Icon::PrivateSubnet,
        Icon::InternetGateway,
        Icon::NatGateway,
        Icon::ElasticIp,
        Icon::RouteTable,
        Icon::NetworkAcl,
        Icon::SecurityGroup,
        Icon::VpcEndpoint,
        Icon::VpcPeering,
        Icon::TransitGateway,
        Icon::TransitGatewayAttachment,
        Icon::VpnGateway,
        Icon::CustomerGateway,
        Icon::VpnConnection,
        Icon::FlowLog,
        Icon::LoadBalancer,
        Icon::ApplicationLoadBalancer,
        Icon::NetworkLoadBalancer,
        Icon::ClassicLoadBalancer,
        Icon::LambdaFunction,
        Icon::LambdaPermission,
        Icon::EcsService,
        Icon::Ec2Instance,
        Icon::NetworkInterface,
        Icon::LaunchTemplate,
        Icon::AutoScalingGroup,
        Icon::EksCluster,
        Icon::EksNodeGroup,
        Icon::RdsInstance,
        Icon::DbCluster,
        Icon::CacheCluster,
        Icon::EfsFileSystem,
        Icon::ApiGateway,
        Icon::SqsQueue,
        Icon::EventSourceMapping,
        Icon::LogGroup,
        Icon::NestedStack,
        Icon::S3Bucket,
        Icon::DynamoDbTable,
        Icon::AwsService,
        Icon::Generic,
    ];

    /// The icon of a resource kind in the palette, where nothing more than
    /// the kind is known.
    pub fn of_tag(tag: KindTag) -> Icon {
        use KindTag as K;
        match tag {
            K::Vpc => Icon::Vpc,
            K::AvailabilityZone => Icon::Zone,
            K::Subnet => Icon::PrivateSubnet,
            // The icon set has no egress-only gateway of its own; AWS's diagrams
            // draw it with the internet gateway's, as here (its title tells them apart).
            K::InternetGateway | K::EgressOnlyInternetGateway => Icon::InternetGateway,
            K::NatGateway => Icon::NatGateway,
            K::ElasticIp => Icon::ElasticIp,
            K::RouteTable => Icon::RouteTable,
            K::NetworkAcl => Icon::NetworkAcl,
            K::SecurityGroup => Icon::SecurityGroup,
            K::VpcEndpoint => Icon::VpcEndpoint,
            K::VpcPeering => Icon::VpcPeering,
            K::TransitGateway => Icon::TransitGateway,
            K::TransitGatewayAttachment => Icon::TransitGatewayAttachment,
            K::VpnGateway => Icon::VpnGateway,
            K::CustomerGateway => Icon::CustomerGateway,
            K::VpnConnection => Icon::VpnConnection,
            K::FlowLog => Icon::FlowLog,
            K::LoadBalancer => Icon::ApplicationLoadBalancer,
            K::Listener | K::TargetGroup => Icon::LoadBalancer,
            K::LambdaFunction => Icon::LambdaFunction,
            K::LambdaPermission => Icon::LambdaPermission,
            K::EcsService => Icon::EcsService,
            K::Ec2Instance => Icon::Ec2Instance,
            K::NetworkInterface => Icon::NetworkInterface,
            K::LaunchTemplate => Icon::LaunchTemplate,
            K::AutoScalingGroup => Icon::AutoScalingGroup,
            K::EksCluster => Icon::EksCluster,
            K::EksNodeGroup => Icon::EksNodeGroup,
            K::RdsInstance => Icon::RdsInstance,
            K::DbCluster => Icon::DbCluster,
            K::CacheCluster => Icon::CacheCluster,
            K::EfsFileSystem => Icon::EfsFileSystem,
            K::ApiGateway => Icon::ApiGateway,
            K::SqsQueue => Icon::SqsQueue,
            K::EventSourceMapping => Icon::EventSourceMapping,
            K::LogGroup => Icon::LogGroup,
            K::NestedStack => Icon::NestedStack,
            K::S3Bucket => Icon::S3Bucket,
            K::DynamoDbTable => Icon::DynamoDbTable,
            K::AwsService => Icon::AwsService,
            K::Generic | K::External => Icon::Generic,
        }
    }

    /// The icon of a resource on the canvas: network and classic load
    /// balancers and a public subnet look different from their siblings.
    pub fn of_kind(kind: &Kind, public: bool) -> Icon {
        match kind {
            Kind::Subnet(_) if public => Icon::PublicSubnet,
            // An external resource looks like what it stands for; the
            // canvas draws it dashed.
            Kind::External(ext) => Icon::of_tag(ext.of),
            Kind::LoadBalancer(lb) if lb.lb_type == LoadBalancerType::Network => {
                Icon::NetworkLoadBalancer
            }
            Kind::LoadBalancer(lb) if lb.lb_type == LoadBalancerType::Classic => {
                Icon::ClassicLoadBalancer
            }
            _ => Icon::of_tag(kind.tag()),
        }
    }

    /// The icon of a CloudFormation resource type (a nested stack's
    /// resource): the design kind's the import makes of it, else generic.
    pub fn of_resource_type(resource_type: &str) -> Icon {
        match resource_type {
            "AWS::ElasticLoadBalancing::LoadBalancer" => Icon::ClassicLoadBalancer,
            ty => vpcraft_core::cfn::kind_of_type(ty).map_or(Icon::Generic, Icon::of_tag),
        }
    }

    /// The element id of the icon's `<symbol>` in the canvas.
    fn symbol_id(self) -> String {
        format!("aws-icon-{}", self.slug())
    }

    fn slug(self) -> &'static str {
        match self {
            Icon::Vpc => "vpc",
            Icon::Zone => "zone",
            Icon::PublicSubnet => "public-subnet",
            Icon::PrivateSubnet => "private-subnet",
            Icon::InternetGateway => "internet-gateway",
            Icon::NatGateway => "nat-gateway",
            Icon::ElasticIp => "elastic-ip",
            Icon::RouteTable => "route-table",
            Icon::NetworkAcl => "network-acl",
            Icon::SecurityGroup => "security-group",
            Icon::VpcEndpoint => "vpc-endpoint",
            Icon::VpcPeering => "vpc-peering",
            Icon::TransitGateway => "transit-gateway",
            Icon::TransitGatewayAttachment => "transit-gateway-attachment",
            Icon::VpnGateway => "vpn-gateway",
            Icon::CustomerGateway => "customer-gateway",
            Icon::VpnConnection => "vpn-connection",
            Icon::FlowLog => "flow-log",
            Icon::LoadBalancer => "load-balancer",
            Icon::ApplicationLoadBalancer => "alb",
            Icon::NetworkLoadBalancer => "nlb",
            Icon::ClassicLoadBalancer => "clb",
            Icon::LambdaFunction => "lambda",
            Icon::LambdaPermission => "lambda-permission",
            Icon::EcsService => "ecs-service",
            Icon::Ec2Instance => "ec2-instance",
            Icon::NetworkInterface => "network-interface",
            Icon::LaunchTemplate => "launch-template",
            Icon::AutoScalingGroup => "auto-scaling-group",
            Icon::EksCluster => "eks-cluster",
            Icon::EksNodeGroup => "eks-node-group",
            Icon::RdsInstance => "rds-instance",
            Icon::DbCluster => "db-cluster",
            Icon::CacheCluster => "cache-cluster",
            Icon::EfsFileSystem => "efs-file-system",
            Icon::ApiGateway => "api-gateway",
            Icon::SqsQueue => "sqs-queue",
            Icon::EventSourceMapping => "event-source-mapping",
            Icon::LogGroup => "log-group",
            Icon::NestedStack => "nested-stack",
            Icon::S3Bucket => "s3-bucket",
            Icon::DynamoDbTable => "dynamodb-table",
            Icon::AwsService => "aws-service",
            Icon::Generic => "generic",
        }
    }

    /// The vendored SVG file of the icon.
    fn source(self) -> &'static str {
        macro_rules! asset {
            ($file:literal) => {
                include_str!(concat!("../../assets/aws-icons/", $file))
            };
        }
        match self {
            Icon::Vpc => asset!("VirtualprivatecloudVPC.svg"),
            Icon::Zone => asset!("Region.svg"),
            Icon::PublicSubnet => asset!("Publicsubnet.svg"),
            Icon::PrivateSubnet => asset!("Privatesubnet.svg"),
            Icon::InternetGateway => asset!("AmazonVPCInternetGateway.svg"),
            Icon::NatGateway => asset!("AmazonVPCNATGateway.svg"),
            Icon::ElasticIp => asset!("AmazonEC2ElasticIPAddress.svg"),
            Icon::RouteTable => asset!("AmazonVPCRouter.svg"),
            Icon::NetworkAcl => asset!("AmazonVPCNetworkAccessControlList.svg"),
            Icon::SecurityGroup => asset!("AWSNetworkFirewall.svg"),
            Icon::VpcEndpoint => asset!("AmazonVPCEndpoints.svg"),
            Icon::VpcPeering => asset!("AmazonVPCPeeringConnection.svg"),
            Icon::TransitGateway => asset!("AWSTransitGateway.svg"),
            Icon::TransitGatewayAttachment => asset!("AWSTransitGatewayAttachment.svg"),
            Icon::VpnGateway => asset!("AmazonVPCVPNGateway.svg"),
            Icon::CustomerGateway => asset!("AmazonVPCCustomerGateway.svg"),
            Icon::VpnConnection => asset!("AmazonVPCVPNConnection.svg"),
            Icon::FlowLog => asset!("AmazonVPCFlowLogs.svg"),
            Icon::LoadBalancer => asset!("ElasticLoadBalancing.svg"),
            Icon::ApplicationLoadBalancer => {
                asset!("ElasticLoadBalancingApplicationLoadBalancer.svg")
            }
            Icon::NetworkLoadBalancer => asset!("ElasticLoadBalancingNetworkLoadBalancer.svg"),
            Icon::ClassicLoadBalancer => asset!("ElasticLoadBalancingClassicLoadBalancer.svg"),
            Icon::LambdaFunction => asset!("AWSLambda.svg"),
            Icon::LambdaPermission => asset!("AWSIdentityAccessManagementPermissions.svg"),
            Icon::EcsService => asset!("AmazonElasticContainerServiceService.svg"),
            Icon::Ec2Instance => asset!("AmazonEC2Instance.svg"),
            Icon::NetworkInterface => asset!("AmazonVPCElasticNetworkInterface.svg"),
            Icon::LaunchTemplate => asset!("AmazonEC2AMI.svg"),
            Icon::AutoScalingGroup => asset!("AmazonEC2AutoScaling.svg"),
            Icon::EksCluster => asset!("AmazonElasticKubernetesService.svg"),
            Icon::EksNodeGroup => asset!("AmazonEC2Instances.svg"),
            Icon::RdsInstance => asset!("AmazonRDS.svg"),
            Icon::DbCluster => asset!("AmazonAurora.svg"),
            Icon::CacheCluster => asset!("AmazonElastiCache.svg"),
            Icon::EfsFileSystem => asset!("AmazonEFS.svg"),
            Icon::ApiGateway => asset!("AmazonAPIGateway.svg"),
            Icon::SqsQueue => asset!("AmazonSimpleQueueServiceQueue.svg"),
            Icon::EventSourceMapping => asset!("AmazonCloudWatchEventEventBased.svg"),
            Icon::LogGroup => asset!("AmazonCloudWatchLogs.svg"),
            Icon::NestedStack => asset!("AWSCloudFormationStack.svg"),
            Icon::S3Bucket => asset!("AmazonSimpleStorageServiceBucket.svg"),
            Icon::DynamoDbTable => asset!("AmazonDynamoDBTable.svg"),
            Icon::AwsService => asset!("AWSCloudlogo.svg"),
            Icon::Generic => asset!("GenericApplication.svg"),
        }
    }

    /// The icon's view box and its drawing without the outer `<svg>` element
    /// and the `<title>`.
    fn parts(self) -> (&'static str, String) {
        split(self.source())
    }
}

/// Splits an SVG file into its `viewBox` and its inner markup.
fn split(svg: &'static str) -> (&'static str, String) {
    let view_box = svg
        .split_once("viewBox=\"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map_or("0 0 48 48", |(vb, _)| vb);
    let start = svg.find('>').map_or(0, |i| i + 1);
    let end = svg.rfind("</svg>").unwrap_or(svg.len());
    let mut inner = svg[start..end].to_owned();
    if let (Some(a), Some(b)) = (inner.find("<title>"), inner.find("</title>")) {
        inner.replace_range(a..b + "</title>".len(), "");
    }
    (view_box, inner)
}

/// The `<symbol>` definitions of every icon, for the canvas's `<defs>`;
/// nodes draw them with `<use>`, so each icon's markup is in the drawing
/// (and in a downloaded file) once.
pub fn symbols() -> impl IntoView {
    Icon::ALL
        .iter()
        .map(|&icon| {
            let (view_box, inner) = icon.parts();
            view! { <symbol id=icon.symbol_id() viewBox=view_box inner_html=inner /> }
        })
        .collect_view()
}

/// A resource icon on the canvas, 24×24 units at the origin.
pub fn tile(icon: Icon) -> impl IntoView {
    view! { <use class="icon-tile" href=format!("#{}", icon.symbol_id()) width="24" height="24" /> }
}

/// A standalone icon, for HTML contexts (palette, inspector, ghost).
pub fn icon_svg(tag: KindTag, size: u32) -> impl IntoView {
    let icon = Icon::of_tag(tag);
    let (view_box, inner) = icon.parts();
    view! {
        <svg class=format!("icon aws-icon-{}", icon.slug()) width=size height=size viewBox=view_box
            aria-hidden="true" inner_html=inner />
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_icon_has_a_view_box_and_no_title() {
        for icon in Icon::ALL {
            let (view_box, inner) = icon.parts();
            assert_eq!(view_box.split(' ').count(), 4, "{icon:?}");
            assert!(
                !inner.contains("<title>") && !inner.contains("</svg>") && inner.contains("<path"),
                "{icon:?}"
            );
            assert!(!inner.contains("id="), "{icon:?} would repeat an element id");
        }
    }

    #[test]
    fn every_kind_has_an_icon() {
        for &tag in KindTag::ALL {
            assert!(Icon::ALL.contains(&Icon::of_tag(tag)));
        }
    }
}
