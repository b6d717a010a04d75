//! The closed set of resource kinds, their palette metadata and the typed
//! references each kind holds.

use super::*;
use serde::{Deserialize, Serialize};

/// Palette groups, as the AWS console groups its services.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Containers,
    Networking,
    LoadBalancing,
    Compute,
    ApplicationIntegration,
    Storage,
    Management,
    Other,
}

impl Category {
    pub fn title(self) -> &'static str {
        match self {
            Self::Containers => "Containers",
            Self::Networking => "Networking & content delivery",
            Self::LoadBalancing => "Load balancing",
            Self::Compute => "Compute",
            Self::ApplicationIntegration => "Application integration",
            Self::Storage => "Storage & databases",
            Self::Management => "Management & governance",
            Self::Other => "Other",
        }
    }
}

macro_rules! kinds {
    ($($variant:ident($ty:ty) = $tag:literal, $title:literal, $prefix:literal, $cat:ident;)*) => {
        /// A resource's kind with its properties, tagged by `type` in JSON.
        /// Read by `de.rs`.
        #[derive(Clone, Debug, PartialEq, Serialize)]
        #[serde(tag = "type")]
        pub enum Kind {
            $(#[serde(rename = $tag)] $variant($ty),)*
        }

        /// A resource kind without its properties.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum KindTag {
            $(#[serde(rename = $tag)] $variant,)*
        }

        impl KindTag {
            pub const ALL: &'static [KindTag] = &[$(KindTag::$variant,)*];

            /// The `type` string used in design files.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $tag,)* }
            }

            /// The human title shown in the palette and inspector.
            pub fn title(self) -> &'static str {
                match self { $(Self::$variant => $title,)* }
            }

            /// The prefix of generated IDs and names (`subnet-3`).
            pub fn prefix(self) -> &'static str {
                match self { $(Self::$variant => $prefix,)* }
            }

            pub fn category(self) -> Category {
                match self { $(Self::$variant => Category::$cat,)* }
            }

            pub fn parse(s: &str) -> Option<Self> {
                match s { $($tag => Some(Self::$variant),)* _ => None }
            }
        }

        impl Kind {
            pub fn tag(&self) -> KindTag {
                match self { $(Self::$variant(_) => KindTag::$variant,)* }
            }

            /// The `type` strings of every kind, for errors.
            pub(super) const TAGS: &'static [&'static str] = &[$($tag,)*];

            /// The kind tagged `tag` with the properties `rest`, read as
            /// JSON (see `de.rs`).
            pub(super) fn from_tagged(
                tag: &str,
                rest: serde_json::Value,
            ) -> Result<Self, serde_json::Error> {
                match tag {
                    $($tag => <$ty as Deserialize>::deserialize(rest).map(Self::$variant),)*
                    other => Err(serde::de::Error::unknown_variant(other, Self::TAGS)),
                }
            }
        }

        $(impl From<$ty> for Kind {
            fn from(value: $ty) -> Self {
                Self::$variant(value)
            }
        })*
    };
}

kinds! {
    Vpc(Vpc) = "vpc", "VPC", "vpc", Containers;
    AvailabilityZone(AvailabilityZone) = "availability_zone", "Availability Zone", "az", Containers;
    Subnet(Subnet) = "subnet", "Subnet", "subnet", Containers;
    InternetGateway(InternetGateway) = "internet_gateway", "Internet gateway", "igw", Networking;
    EgressOnlyInternetGateway(EgressOnlyInternetGateway) = "egress_only_internet_gateway", "Egress-only internet gateway", "eigw", Networking;
    NatGateway(NatGateway) = "nat_gateway", "NAT gateway", "nat", Networking;
    ElasticIp(ElasticIp) = "elastic_ip", "Elastic IP", "eip", Networking;
    RouteTable(RouteTable) = "route_table", "Route table", "rtb", Networking;
    NetworkAcl(NetworkAcl) = "network_acl", "Network ACL", "acl", Networking;
    SecurityGroup(SecurityGroup) = "security_group", "Security group", "sg", Networking;
    VpcEndpoint(VpcEndpoint) = "vpc_endpoint", "VPC endpoint", "vpce", Networking;
    VpcPeering(VpcPeering) = "vpc_peering", "VPC peering", "pcx", Networking;
    TransitGateway(TransitGateway) = "transit_gateway", "Transit gateway", "tgw", Networking;
    TransitGatewayAttachment(TransitGatewayAttachment) = "transit_gateway_attachment", "Transit gateway attachment", "tgw-attach", Networking;
    VpnGateway(VpnGateway) = "vpn_gateway", "Virtual private gateway", "vgw", Networking;
    CustomerGateway(CustomerGateway) = "customer_gateway", "Customer gateway", "cgw", Networking;
    VpnConnection(VpnConnection) = "vpn_connection", "VPN connection", "vpn", Networking;
    FlowLog(FlowLog) = "flow_log", "VPC flow log", "flowlog", Networking;
    LoadBalancer(LoadBalancer) = "load_balancer", "Load balancer", "lb", LoadBalancing;
    Listener(LoadBalancerListener) = "listener", "Listener", "listener", LoadBalancing;
    TargetGroup(TargetGroup) = "target_group", "Target group", "tg", LoadBalancing;
    LambdaFunction(LambdaFunction) = "lambda_function", "Lambda function", "fn", Compute;
    LambdaPermission(LambdaPermission) = "lambda_permission", "Lambda permission", "perm", Compute;
    EcsService(EcsService) = "ecs_service", "ECS service", "ecs", Compute;
    Ec2Instance(Ec2Instance) = "ec2_instance", "EC2 instance", "instance", Compute;
    NetworkInterface(NetworkInterface) = "network_interface", "Network interface", "eni", Networking;
    LaunchTemplate(LaunchTemplate) = "launch_template", "Launch template", "lt", Compute;
    AutoScalingGroup(AutoScalingGroup) = "auto_scaling_group", "Auto Scaling group", "asg", Compute;
    EksCluster(EksCluster) = "eks_cluster", "EKS cluster", "eks", Compute;
    EksNodeGroup(EksNodeGroup) = "eks_node_group", "EKS node group", "nodes", Compute;
    RdsInstance(RdsInstance) = "rds_instance", "RDS database", "db", Storage;
    DbCluster(DbCluster) = "db_cluster", "Aurora cluster", "aurora", Storage;
    CacheCluster(CacheCluster) = "cache_cluster", "ElastiCache cluster", "cache", Storage;
    EfsFileSystem(EfsFileSystem) = "efs_file_system", "EFS file system", "efs", Storage;
    ApiGateway(ApiGateway) = "api_gateway", "API Gateway", "api", ApplicationIntegration;
    SqsQueue(SqsQueue) = "sqs_queue", "SQS queue", "queue", ApplicationIntegration;
    EventSourceMapping(EventSourceMapping) = "event_source_mapping", "Event source mapping", "esm", ApplicationIntegration;
    LogGroup(LogGroup) = "log_group", "CloudWatch log group", "logs", Management;
    NestedStack(NestedStack) = "nested_stack", "Nested stack", "stack", Management;
    S3Bucket(S3Bucket) = "s3_bucket", "S3 bucket", "bucket", Storage;
    DynamoDbTable(DynamoDbTable) = "dynamodb_table", "DynamoDB table", "table", Storage;
    AwsService(AwsService) = "aws_service", "AWS service", "svc", Other;
    Generic(GenericResource) = "generic", "Other resource", "res", Other;
    External(External) = "external", "External resource", "ext", Other;
}

/// One typed reference from a resource to another, for integrity checks,
/// cascading deletes and drawing.
#[derive(Clone, Copy, Debug)]
pub struct Reference<'a> {
    pub field: &'static str,
    pub target: &'a ResourceId,
    pub allowed: &'static [KindTag],
}

use KindTag as K;

const VPC: &[KindTag] = &[K::Vpc];
const AZ: &[KindTag] = &[K::AvailabilityZone];
const SUBNET: &[KindTag] = &[K::Subnet];
const SG: &[KindTag] = &[K::SecurityGroup];
const RTB: &[KindTag] = &[K::RouteTable];
const ROUTE_TARGET: &[KindTag] = &[
    K::InternetGateway,
    K::EgressOnlyInternetGateway,
    K::NatGateway,
    K::VpcPeering,
    K::VpcEndpoint,
    K::TransitGateway,
    K::VpnGateway,
];
const FUNCTION: &[KindTag] = &[K::LambdaFunction];
const TARGET: &[KindTag] =
    &[K::LambdaFunction, K::EcsService, K::Ec2Instance, K::AutoScalingGroup, K::Generic];
const INSTANCES: &[KindTag] = &[K::Ec2Instance, K::AutoScalingGroup, K::Generic];
const QUEUE: &[KindTag] = &[K::SqsQueue];
const EVENT_SOURCE: &[KindTag] = &[K::SqsQueue, K::DynamoDbTable, K::Generic];
const INVOKER: &[KindTag] = &[K::TargetGroup, K::ApiGateway, K::S3Bucket, K::Generic];

/// The references of a resource placed in subnets behind security groups.
fn placed<'a>(
    subnets: &'a [ResourceId],
    security_groups: &'a [ResourceId],
    one: &mut impl FnMut(&'static str, &'a ResourceId, &'static [KindTag]),
) {
    subnets.iter().for_each(|s| one("subnets", s, SUBNET));
    security_groups.iter().for_each(|s| one("security_groups", s, SG));
}

impl Kind {
    /// Every reference this resource holds, with the kinds it may point at.
    pub fn references(&self) -> Vec<Reference<'_>> {
        let mut out = Vec::new();
        self.for_each_reference(|r| out.push(r));
        out
    }

    /// Calls `f` with every reference this resource holds, in the order of
    /// [`Kind::references`], without collecting them.
    pub fn for_each_reference<'a>(&'a self, mut f: impl FnMut(Reference<'a>)) {
        self.visit_references(&mut f);
    }

    /// [`Kind::for_each_reference`] through `dyn FnMut`: the match over
    /// every kind is compiled once, not once per caller's closure (six
    /// copies of about 4 KiB in the browser's wasm).
    fn visit_references<'a>(&'a self, f: &mut dyn FnMut(Reference<'a>)) {
        let mut one = |field, target, allowed| f(Reference { field, target, allowed });
        match self {
            Kind::AvailabilityZone(az) => one("vpc", &az.vpc, VPC),
            Kind::Subnet(s) => one("az", &s.az, AZ),
            Kind::InternetGateway(igw) => {
                if let Some(vpc) = &igw.vpc {
                    one("vpc", vpc, VPC);
                }
            }
            Kind::EgressOnlyInternetGateway(g) => one("vpc", &g.vpc, VPC),
            Kind::NatGateway(nat) => {
                one("subnet", &nat.subnet, SUBNET);
                if let Some(eip) = &nat.elastic_ip {
                    one("elastic_ip", eip, &[K::ElasticIp]);
                }
            }
            Kind::RouteTable(rt) => {
                one("vpc", &rt.vpc, VPC);
                for route in &rt.routes {
                    one("routes.target", &route.target, ROUTE_TARGET);
                }
                for subnet in &rt.associations {
                    one("associations", subnet, SUBNET);
                }
            }
            Kind::NetworkAcl(acl) => {
                one("vpc", &acl.vpc, VPC);
                for subnet in &acl.associations {
                    one("associations", subnet, SUBNET);
                }
            }
            Kind::SecurityGroup(sg) => {
                one("vpc", &sg.vpc, VPC);
                for rule in sg.ingress.iter().chain(&sg.egress) {
                    if let SgPeer::SecurityGroup(peer) = &rule.peer {
                        one("rules.peer", peer, SG);
                    }
                }
            }
            Kind::VpcEndpoint(ep) => {
                one("vpc", &ep.vpc, VPC);
                ep.subnets.iter().for_each(|s| one("subnets", s, SUBNET));
                ep.security_groups.iter().for_each(|s| one("security_groups", s, SG));
                ep.route_tables.iter().for_each(|s| one("route_tables", s, RTB));
            }
            Kind::VpcPeering(p) => {
                one("requester", &p.requester, VPC);
                one("accepter", &p.accepter, VPC);
            }
            Kind::TransitGatewayAttachment(a) => {
                one("transit_gateway", &a.transit_gateway, &[K::TransitGateway]);
                one("vpc", &a.vpc, VPC);
                a.subnets.iter().for_each(|s| one("subnets", s, SUBNET));
            }
            Kind::VpnGateway(g) => {
                if let Some(vpc) = &g.vpc {
                    one("vpc", vpc, VPC);
                }
            }
            Kind::VpnConnection(c) => {
                one("customer_gateway", &c.customer_gateway, &[K::CustomerGateway]);
                if let Some(g) = &c.vpn_gateway {
                    one("vpn_gateway", g, &[K::VpnGateway]);
                }
                if let Some(g) = &c.transit_gateway {
                    one("transit_gateway", g, &[K::TransitGateway]);
                }
            }
            Kind::FlowLog(f) => {
                one("resource", &f.resource, &[K::Vpc, K::Subnet]);
                one("destination", &f.destination, &[K::LogGroup, K::S3Bucket]);
            }
            Kind::LoadBalancer(lb) => {
                lb.subnets.iter().for_each(|s| one("subnets", s, SUBNET));
                lb.security_groups.iter().for_each(|s| one("security_groups", s, SG));
                lb.instances.iter().for_each(|i| one("instances", i, INSTANCES));
            }
            Kind::Listener(l) => {
                one("load_balancer", &l.load_balancer, &[K::LoadBalancer]);
                if let Some(tg) = &l.default_target_group {
                    one("default_target_group", tg, &[K::TargetGroup]);
                }
            }
            Kind::TargetGroup(tg) => {
                if let Some(vpc) = &tg.vpc {
                    one("vpc", vpc, VPC);
                }
                tg.targets.iter().for_each(|t| one("targets", t, TARGET));
            }
            Kind::LambdaFunction(f) => {
                if let Some(cfg) = &f.vpc_config {
                    cfg.subnets.iter().for_each(|s| one("vpc_config.subnets", s, SUBNET));
                    cfg.security_groups
                        .iter()
                        .for_each(|s| one("vpc_config.security_groups", s, SG));
                }
            }
            Kind::LambdaPermission(p) => {
                one("function", &p.function, FUNCTION);
                if let Some(source) = &p.source {
                    one("source", source, INVOKER);
                }
            }
            Kind::EcsService(svc) => {
                svc.network.subnets.iter().for_each(|s| one("network.subnets", s, SUBNET));
                svc.network
                    .security_groups
                    .iter()
                    .for_each(|s| one("network.security_groups", s, SG));
            }
            Kind::Ec2Instance(i) => {
                if let Some(subnet) = &i.subnet {
                    one("subnet", subnet, SUBNET);
                }
                i.security_groups.iter().for_each(|s| one("security_groups", s, SG));
            }
            Kind::NetworkInterface(n) => {
                if let Some(subnet) = &n.subnet {
                    one("subnet", subnet, SUBNET);
                }
                n.security_groups.iter().for_each(|s| one("security_groups", s, SG));
            }
            Kind::LaunchTemplate(lt) => {
                lt.security_groups.iter().for_each(|s| one("security_groups", s, SG));
            }
            Kind::AutoScalingGroup(asg) => {
                if let Some(lt) = &asg.launch_template {
                    one("launch_template", lt, &[K::LaunchTemplate]);
                }
                asg.subnets.iter().for_each(|s| one("subnets", s, SUBNET));
            }
            Kind::EksCluster(c) => placed(&c.subnets, &c.security_groups, &mut one),
            Kind::EksNodeGroup(ng) => {
                one("cluster", &ng.cluster, &[K::EksCluster]);
                ng.subnets.iter().for_each(|s| one("subnets", s, SUBNET));
            }
            Kind::RdsInstance(db) => placed(&db.subnets, &db.security_groups, &mut one),
            Kind::DbCluster(db) => placed(&db.subnets, &db.security_groups, &mut one),
            Kind::CacheCluster(c) => placed(&c.subnets, &c.security_groups, &mut one),
            Kind::EfsFileSystem(fs) => placed(&fs.subnets, &fs.security_groups, &mut one),
            Kind::SqsQueue(q) => {
                if let Some(redrive) = &q.redrive {
                    one("redrive.dead_letter_queue", &redrive.dead_letter_queue, QUEUE);
                }
            }
            Kind::EventSourceMapping(m) => {
                one("source", &m.source, EVENT_SOURCE);
                one("function", &m.function, FUNCTION);
            }
            Kind::Vpc(_)
            | Kind::TransitGateway(_)
            | Kind::CustomerGateway(_)
            | Kind::ElasticIp(_)
            | Kind::ApiGateway(_)
            | Kind::LogGroup(_)
            | Kind::NestedStack(_)
            | Kind::S3Bucket(_)
            | Kind::DynamoDbTable(_)
            | Kind::AwsService(_)
            | Kind::Generic(_)
            | Kind::External(_) => {}
        }
    }

    /// The kind a reference to this resource counts as: an external
    /// resource counts as the kind it stands for.
    pub fn acts_as(&self) -> KindTag {
        match self {
            Kind::External(ext) => ext.of,
            other => other.tag(),
        }
    }

    /// Whether this resource stands for something outside the design.
    pub fn is_external(&self) -> bool {
        matches!(self, Kind::External(_))
    }

    /// The subnets a resource is placed in, for drawing and capacity.
    pub fn subnets(&self) -> &[ResourceId] {
        match self {
            Kind::NatGateway(nat) => std::slice::from_ref(&nat.subnet),
            Kind::VpcEndpoint(ep) => &ep.subnets,
            Kind::LoadBalancer(lb) => &lb.subnets,
            Kind::TransitGatewayAttachment(a) => &a.subnets,
            Kind::LambdaFunction(f) => f.vpc_config.as_ref().map_or(&[], |c| &c.subnets),
            Kind::EcsService(svc) => &svc.network.subnets,
            Kind::Ec2Instance(i) => i.subnet.as_slice(),
            Kind::NetworkInterface(n) => n.subnet.as_slice(),
            Kind::AutoScalingGroup(asg) => &asg.subnets,
            Kind::EksCluster(c) => &c.subnets,
            Kind::EksNodeGroup(ng) => &ng.subnets,
            Kind::RdsInstance(db) => &db.subnets,
            Kind::DbCluster(db) => &db.subnets,
            Kind::CacheCluster(c) => &c.subnets,
            Kind::EfsFileSystem(fs) => &fs.subnets,
            _ => &[],
        }
    }

    /// The security groups a resource is a member of by its own
    /// properties; an Auto Scaling group's instances join those of its
    /// launch template (`Index::security_groups_of`). An EKS node group
    /// has none: its nodes are in the cluster security group EKS creates,
    /// which the design does not hold (see `model/containers.rs`).
    pub fn security_groups(&self) -> &[ResourceId] {
        match self {
            Kind::VpcEndpoint(ep) => &ep.security_groups,
            Kind::LoadBalancer(lb) => &lb.security_groups,
            Kind::LambdaFunction(f) => f.vpc_config.as_ref().map_or(&[], |c| &c.security_groups),
            Kind::EcsService(svc) => &svc.network.security_groups,
            Kind::Ec2Instance(i) => &i.security_groups,
            Kind::NetworkInterface(n) => &n.security_groups,
            Kind::EksCluster(c) => &c.security_groups,
            Kind::RdsInstance(db) => &db.security_groups,
            Kind::DbCluster(db) => &db.security_groups,
            Kind::CacheCluster(c) => &c.security_groups,
            Kind::EfsFileSystem(fs) => &fs.security_groups,
            _ => &[],
        }
    }

    /// A kind's properties as a freshly dropped resource would have them,
    /// placed in `parent` where the kind lives in a container.
    pub fn default_for(tag: KindTag, parent: Option<&ResourceId>) -> Option<Kind> {
        let parent_id = || parent.cloned().unwrap_or_else(|| ResourceId::new(""));
        let kind = match tag {
            K::Vpc => Vpc::default().into(),
            K::AvailabilityZone => AvailabilityZone { vpc: parent_id(), zone: "a".into() }.into(),
            K::Subnet => Subnet {
                az: parent_id(),
                cidr: Some("10.0.0.0/24".parse().unwrap()),
                map_public_ip_on_launch: false,
                ipv6: None,
            }
            .into(),
            K::InternetGateway => InternetGateway { vpc: parent.cloned() }.into(),
            K::EgressOnlyInternetGateway => EgressOnlyInternetGateway { vpc: parent_id() }.into(),
            K::NatGateway => NatGateway {
                subnet: parent_id(),
                connectivity: NatConnectivity::Public,
                elastic_ip: None,
            }
            .into(),
            K::ElasticIp => ElasticIp {}.into(),
            K::RouteTable => RouteTable {
                vpc: parent_id(),
                main: false,
                routes: Vec::new(),
                associations: Vec::new(),
            }
            .into(),
            K::NetworkAcl => {
                NetworkAcl { vpc: parent_id(), entries: Vec::new(), associations: Vec::new() }
                    .into()
            }
            K::SecurityGroup => SecurityGroup::new(parent_id()).into(),
            K::VpcEndpoint => VpcEndpoint {
                vpc: parent_id(),
                service: "sqs".into(),
                endpoint_type: EndpointType::Interface,
                subnets: Vec::new(),
                security_groups: Vec::new(),
                private_dns: true,
                route_tables: Vec::new(),
                policy: None,
            }
            .into(),
            K::TransitGateway => TransitGateway::default().into(),
            K::VpnGateway => VpnGateway { vpc: parent.cloned(), amazon_side_asn: None }.into(),
            K::CustomerGateway => CustomerGateway::default().into(),
            // The app sends it to a log group or bucket of the design.
            K::FlowLog => FlowLog {
                resource: parent_id(),
                traffic_type: FlowLogTraffic::All,
                destination: ResourceId::new(""),
            }
            .into(),
            // The app connects it to gateways of the design.
            K::VpnConnection => VpnConnection {
                customer_gateway: ResourceId::new(""),
                vpn_gateway: None,
                transit_gateway: None,
                static_routes_only: true,
            }
            .into(),
            // The app joins it to a transit gateway of the design.
            K::TransitGatewayAttachment => TransitGatewayAttachment {
                transit_gateway: ResourceId::new(""),
                vpc: parent_id(),
                subnets: Vec::new(),
            }
            .into(),
            K::LoadBalancer => LoadBalancer::default().into(),
            K::TargetGroup => TargetGroup::default().into(),
            K::LambdaFunction => LambdaFunction::default().into(),
            K::EcsService => EcsService::default().into(),
            K::Ec2Instance => Ec2Instance::default().into(),
            K::NetworkInterface => NetworkInterface::default().into(),
            K::LaunchTemplate => LaunchTemplate::default().into(),
            K::AutoScalingGroup => AutoScalingGroup::default().into(),
            K::EksCluster => EksCluster::default().into(),
            // The app joins it to a cluster of the design.
            K::EksNodeGroup => EksNodeGroup::default().into(),
            K::RdsInstance => RdsInstance::default().into(),
            K::DbCluster => DbCluster::default().into(),
            K::CacheCluster => CacheCluster::default().into(),
            K::EfsFileSystem => EfsFileSystem::default().into(),
            K::ApiGateway => ApiGateway::default().into(),
            K::SqsQueue => SqsQueue::default().into(),
            K::LogGroup => LogGroup::default().into(),
            K::NestedStack => NestedStack::default().into(),
            K::S3Bucket => S3Bucket::default().into(),
            K::DynamoDbTable => DynamoDbTable::default().into(),
            K::AwsService => AwsService { service: "secretsmanager".into() }.into(),
            K::VpcPeering
            | K::Listener
            | K::LambdaPermission
            | K::EventSourceMapping
            | K::Generic
            | K::External => return None,
        };
        Some(kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_serialize_as_their_type_strings() {
        for tag in KindTag::ALL {
            assert_eq!(serde_json::to_value(tag).unwrap(), tag.as_str());
            assert_eq!(KindTag::parse(tag.as_str()), Some(*tag));
            if let Some(kind) = Kind::default_for(*tag, Some(&ResourceId::new("parent"))) {
                assert_eq!(kind.tag(), *tag);
                assert_eq!(serde_json::to_value(&kind).unwrap()["type"], tag.as_str());
            }
        }
    }
}
