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

/// A resource icon on the canvas: one image `size` units square at
/// (`x`, `y`), named by its `data-icon`. An image is painted as one item;
/// a `<use>` of a symbol, as before, cloned the icon's elements into a
/// shadow tree per node, each styled, painted and layered on its own.
pub fn image(icon: Icon, class: &'static str, x: f64, y: f64, size: f64) -> impl IntoView {
    view! {
        <image class=class data-icon=icon.slug() href=icon.data_url() x=x y=y width=size
            height=size />
    }
}

impl Icon {
    /// The icon's SVG file as a `data:` URL, made once per icon: the
    /// browser reads a `data:` image at once (no flash of an empty node),
    /// and a downloaded drawing that holds it stays self-contained.
    fn data_url(self) -> &'static str {
        static URLS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
        let urls = URLS.get_or_init(|| Icon::ALL.iter().map(|i| data_url(i.source())).collect());
        let index = Icon::ALL.iter().position(|&i| i == self).unwrap_or_default();
        urls.get(index).map_or("", String::as_str)
    }

    /// The `<symbol>` of the icon whose slug is `slug`, for a downloaded
    /// drawing's `<defs>`: the drawing draws each icon once and uses it by
    /// reference (`#` and the symbol's ID) where the canvas has an image.
    fn symbol_for_slug(slug: &str) -> Option<(String, String)> {
        let icon = Icon::ALL.iter().copied().find(|i| i.slug() == slug)?;
        let (view_box, inner) = icon.parts();
        let id = icon.symbol_id();
        Some((format!("<symbol id=\"{id}\" viewBox=\"{view_box}\">{inner}</symbol>"), id))
    }
}

/// Gives a copy of the canvas each icon once, as a `<symbol>` in its
/// `<defs>`, used where the canvas has an image of it: a downloaded drawing
/// of a thousand nodes then holds each icon's markup once.
pub fn images_to_symbols(copy: &web_sys::Element) -> Result<(), wasm_bindgen::JsValue> {
    use wasm_bindgen::JsCast;
    let document = copy.owner_document().ok_or("the canvas is in no document")?;
    let images = copy.query_selector_all("image[data-icon]")?;
    let mut defined = std::collections::HashSet::new();
    let mut symbols = String::new();
    for i in 0..images.length() {
        let Some(image) = images.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) else {
            continue;
        };
        let slug = image.get_attribute("data-icon").unwrap_or_default();
        let Some((symbol, id)) = Icon::symbol_for_slug(&slug) else { continue };
        if defined.insert(slug) {
            symbols.push_str(&symbol);
        }
        let used = document.create_element_ns(Some("http://www.w3.org/2000/svg"), "use")?;
        for name in ["class", "x", "y", "width", "height"] {
            if let Some(value) = image.get_attribute(name) {
                used.set_attribute(name, &value)?;
            }
        }
        used.set_attribute("href", &format!("#{id}"))?;
        image.replace_with_with_node_1(&used)?;
    }
    let defs = copy.query_selector("defs")?.ok_or("the canvas has no <defs>")?;
    defs.insert_adjacent_html("beforeend", &symbols)
}

/// An SVG file as a `data:` URL: without its title, and with what a URL
/// cannot hold as it is (`%`, `#`, line breaks, anything not ASCII)
/// percent-encoded.
fn data_url(svg: &'static str) -> String {
    let (view_box, inner) = split(svg);
    let file =
        format!("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"{view_box}\">{inner}</svg>");
    let mut url = String::from("data:image/svg+xml,");
    for byte in file.bytes() {
        if byte.is_ascii_graphic() && byte != b'%' && byte != b'#' || byte == b' ' {
            url.push(char::from(byte));
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    url
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
    fn an_icon_is_a_data_url_of_its_file_without_its_title() {
        let url = Icon::LambdaFunction.data_url();
        let svg = url.strip_prefix("data:image/svg+xml,").expect(url);
        assert!(
            svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 64 64\">")
        );
        assert!(svg.ends_with("</svg>") && !svg.contains("<title>"), "{svg}");
        // A colour's `#` would end the URL: it is encoded, as `%` is.
        assert!(svg.contains("fill=\"%23ed7100\"") && !svg.contains('#'), "{svg}");
        assert!(
            svg.split('%')
                .skip(1)
                .all(|s| s.len() >= 2 && s[..2].chars().all(|c| c.is_ascii_hexdigit()))
        );
        assert!(Icon::ALL.iter().all(|i| i.data_url().len() > 100), "every icon has its own URL");
        assert_eq!(Icon::Vpc.data_url(), Icon::Vpc.data_url());
        assert_ne!(Icon::Vpc.data_url(), Icon::Zone.data_url());
    }

    #[test]
    fn a_downloaded_drawing_defines_an_icon_by_its_slug() {
        let (symbol, id) = Icon::symbol_for_slug("sqs-queue").unwrap();
        assert_eq!(id, "aws-icon-sqs-queue");
        assert!(symbol.starts_with("<symbol id=\"aws-icon-sqs-queue\" viewBox=\""), "{symbol}");
        assert!(symbol.ends_with("</symbol>") && symbol.contains("<path"));
        assert_eq!(Icon::symbol_for_slug("no-such-icon"), None);
    }

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
