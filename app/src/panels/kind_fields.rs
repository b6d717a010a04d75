//! The inspector's fields for each resource kind: every property of the
//! model, grouped as the AWS console groups them.

use super::candidates as c;
use super::classic_listeners::ClassicListeners;
use super::json_fields::{Format, JCheck, JRef, JRefs, JSelect, JText};
use super::list_editors::{AclEntries, Routes, SgRules};
use super::nested_stack::NestedStackContents;
use crate::actions::AddListener;
use crate::state::Editor;
use leptos::prelude::*;
use vpcraft_core::ResourceId;
use vpcraft_core::model::{Kind, KindTag, LoadBalancerType};

const PORT: Format = Format::Int { min: 1, max: 65535, what: "A port" };
const DATA_PORT: Format = Format::OptInt { min: 1, max: 65535, what: "A port" };

/// The kind-specific fields of a resource, below its name. VPCs, subnets
/// and functions keep their own fields in the inspector module.
pub fn fields(tag: KindTag, id: ResourceId) -> Option<AnyView> {
    let t = id;
    Some(match tag {
        KindTag::External => view! { <ExternalFields id=t /> }.into_any(),
        KindTag::AvailabilityZone => view! {
            <JText label="Zone letter" target=t.clone() pointer="/zone" format=Format::Required("A zone letter")
                hint="Mapped to a real zone of the region at export" />
            <JRef label="VPC" target=t pointer="/vpc" candidates=c::vpcs />
        }
        .into_any(),
        KindTag::InternetGateway => view! {
            <JRef label="Attached to VPC" target=t pointer="/vpc" candidates=c::vpcs optional=true />
        }
        .into_any(),
        KindTag::EgressOnlyInternetGateway => view! {
            <JRef label="VPC" target=t pointer="/vpc" candidates=c::vpcs />
            <p class="muted">"IPv6 traffic out to the internet and its responses back; no connection in."</p>
        }
        .into_any(),
        KindTag::TransitGateway => view! {
            <JText label="Amazon side ASN" target=t.clone() pointer="/amazon_side_asn"
                format=Format::OptInt { min: 64512, max: 4294967294, what: "A private ASN" }
                hint="Empty: 64512" />
            <JCheck label="Associate attachments with the default route table" target=t.clone()
                pointer="/default_route_table_association" />
            <JCheck label="Propagate attachments to the default route table" target=t
                pointer="/default_route_table_propagation" />
        }
        .into_any(),
        KindTag::TransitGatewayAttachment => view! {
            <JRef label="Transit gateway" target=t.clone() pointer="/transit_gateway" candidates=c::transit_gateways />
            <JRef label="VPC" target=t.clone() pointer="/vpc" candidates=c::vpcs />
            <JRefs label="Subnets (one per zone that reaches the gateway)" target=t pointer="/subnets" candidates=c::subnets />
        }
        .into_any(),
        KindTag::VpnGateway => view! {
            <JRef label="Attached to VPC" target=t.clone() pointer="/vpc" candidates=c::vpcs optional=true />
            <JText label="Amazon side ASN" target=t pointer="/amazon_side_asn"
                format=Format::OptInt { min: 1, max: 4294967294, what: "An ASN" } hint="Empty: 64512" />
        }
        .into_any(),
        KindTag::CustomerGateway => view! {
            <JText label="Public IP address" target=t.clone() pointer="/ip_address" format=Format::Required("An IP address") />
            <JText label="BGP ASN" target=t pointer="/bgp_asn"
                format=Format::Int { min: 1, max: 4294967294, what: "An ASN" } />
        }
        .into_any(),
        KindTag::VpnConnection => view! {
            <JRef label="Customer gateway" target=t.clone() pointer="/customer_gateway" candidates=c::customer_gateways />
            <JRef label="Virtual private gateway" target=t.clone() pointer="/vpn_gateway" candidates=c::vpn_gateways optional=true />
            <JRef label="Transit gateway" target=t.clone() pointer="/transit_gateway" candidates=c::transit_gateways optional=true />
            <JCheck label="Static routes only (no BGP)" target=t pointer="/static_routes_only" />
        }
        .into_any(),
        KindTag::FlowLog => view! {
            <JRef label="Records the traffic of" target=t.clone() pointer="/resource" candidates=c::flow_log_resources />
            <JSelect label="Traffic" target=t.clone() pointer="/traffic_type"
                options=&[("all", "All"), ("accept", "Accepted"), ("reject", "Rejected")] />
            <JRef label="Destination (log group or S3 bucket)" target=t pointer="/destination" candidates=c::log_destinations />
        }
        .into_any(),
        KindTag::NetworkInterface => view! {
            <JRef label="Subnet" target=t.clone() pointer="/subnet" candidates=c::subnets optional=true />
            <JRefs label="Security groups" target=t.clone() pointer="/security_groups" candidates=c::security_groups />
            <JText label="Private IPv4 address" target=t.clone() pointer="/private_ip" format=Format::Optional
                hint="Empty: the subnet gives one" />
            <JText label="Description" target=t pointer="/description" format=Format::Optional />
        }
        .into_any(),
        KindTag::NatGateway => view! {
            <JSelect label="Connectivity" target=t.clone() pointer="/connectivity"
                options=&[("public", "Public"), ("private", "Private")] />
            <JRef label="Subnet" target=t.clone() pointer="/subnet" candidates=c::subnets />
            <JRef label="Elastic IP" target=t pointer="/elastic_ip" candidates=c::elastic_ips optional=true />
        }
        .into_any(),
        KindTag::ElasticIp => view! { <p class="muted">"An Elastic IP has no settings; attach it to a NAT gateway."</p> }.into_any(),
        KindTag::RouteTable => view! {
            <JRef label="VPC" target=t.clone() pointer="/vpc" candidates=c::vpcs />
            <JCheck label="Main route table of the VPC" target=t.clone() pointer="/main" />
            <Routes target=t.clone() />
            <JRefs label="Associated subnets" target=t pointer="/associations" candidates=c::subnets />
        }
        .into_any(),
        KindTag::NetworkAcl => view! {
            <JRef label="VPC" target=t.clone() pointer="/vpc" candidates=c::vpcs />
            <AclEntries target=t.clone() />
            <JRefs label="Associated subnets" target=t pointer="/associations" candidates=c::subnets />
        }
        .into_any(),
        KindTag::SecurityGroup => view! {
            <JText label="Description" target=t.clone() pointer="/description" format=Format::Optional />
            <JRef label="VPC" target=t.clone() pointer="/vpc" candidates=c::vpcs />
            <SgRules target=t.clone() pointer="/ingress" title="Inbound rules" />
            <SgRules target=t pointer="/egress" title="Outbound rules" />
        }
        .into_any(),
        KindTag::VpcEndpoint => view! { <EndpointFields id=t /> }.into_any(),
        KindTag::VpcPeering => view! {
            <JRef label="Requester VPC" target=t.clone() pointer="/requester" candidates=c::vpcs />
            <JRef label="Accepter VPC" target=t pointer="/accepter" candidates=c::vpcs />
        }
        .into_any(),
        KindTag::LoadBalancer => {
            let editor = Editor::use_context();
            let classic = {
                let t = t.clone();
                Memo::new(move |_| {
                    editor.design.with(|d| {
                        matches!(d.resource(&t).map(|r| &r.kind),
                            Some(Kind::LoadBalancer(lb)) if lb.lb_type == LoadBalancerType::Classic)
                    })
                })
            };
            let listeners = {
                let t = t.clone();
                move || {
                if classic.get() {
                    view! {
                        <ClassicListeners target=t.clone() />
                        <JRefs label="Instances and Auto Scaling groups" target=t.clone() pointer="/instances" candidates=c::instances />
                    }
                    .into_any()
                } else {
                    view! { <Listeners lb=t.clone() /> }.into_any()
                }
                }
            };
            view! {
                <JSelect label="Type" target=t.clone() pointer="/lb_type"
                    options=&[("application", "Application (ALB)"), ("network", "Network (NLB)"), ("classic", "Classic (previous generation)")] />
                <JSelect label="Scheme" target=t.clone() pointer="/scheme"
                    options=&[("internal", "Internal"), ("internet_facing", "Internet-facing")] />
                <JRefs label="Subnets (one per AZ, at least two)" target=t.clone() pointer="/subnets" candidates=c::subnets />
                <JRefs label="Security groups" target=t.clone() pointer="/security_groups" candidates=c::security_groups />
                {listeners}
            }
            .into_any()
        }
        KindTag::Listener => view! { <ListenerFields id=t with_lb=true /> }.into_any(),
        KindTag::TargetGroup => view! {
            <JSelect label="Target type" target=t.clone() pointer="/target_type"
                options=&[("lambda", "Lambda function"), ("ip", "IP addresses"), ("instance", "Instances")] />
            <JText label="Port" target=t.clone() pointer="/port"
                format=Format::OptInt { min: 1, max: 65535, what: "A port" } placeholder="none (Lambda)" />
            <JRef label="VPC" target=t.clone() pointer="/vpc" candidates=c::vpcs optional=true />
            <JRefs label="Targets" target=t pointer="/targets" candidates=c::targets />
        }
        .into_any(),
        KindTag::LambdaPermission => view! {
            <JRef label="Function" target=t.clone() pointer="/function" candidates=c::functions />
            <JText label="Principal" target=t.clone() pointer="/principal" format=Format::Required("A principal")
                placeholder="elasticloadbalancing.amazonaws.com" />
            <JRef label="Source" target=t pointer="/source" candidates=c::invokers optional=true />
        }
        .into_any(),
        KindTag::Ec2Instance => view! {
            <JText label="Instance type" target=t.clone() pointer="/instance_type" format=Format::Required("An instance type") />
            <JText label="Image ID" target=t.clone() pointer="/image_id" format=Format::Optional
                hint="Blank: the latest Amazon Linux 2023 at deploy time" />
            <JRef label="Subnet" target=t.clone() pointer="/subnet" candidates=c::subnets optional=true />
            <JSelect label="Public IP address" target=t.clone() pointer="/public_ip" json_values=true
                options=&[("null", "Subnet default"), ("true", "Assign"), ("false", "Do not assign")] />
            <JRefs label="Security groups" target=t.clone() pointer="/security_groups" candidates=c::security_groups />
            <JText label="Instance profile" target=t pointer="/instance_profile" format=Format::Optional />
        }
        .into_any(),
        KindTag::RdsInstance => view! {
            <JText label="Engine" target=t.clone() pointer="/engine" format=Format::Required("An engine")
                hint="postgres, mysql, mariadb, oracle-se2, sqlserver-ex…" />
            <JText label="Instance class" target=t.clone() pointer="/instance_class" format=Format::Required("An instance class") />
            <JText label="Storage (GiB)" target=t.clone() pointer="/allocated_storage"
                format=Format::Int { min: 5, max: 65536, what: "The storage" } />
            <JSelect label="Storage type" target=t.clone() pointer="/storage_type" json_values=true
                options=&[("null", "General Purpose SSD (AWS default)"), ("\"gp3\"", "General Purpose SSD (gp3)"),
                    ("\"io1\"", "Provisioned IOPS SSD (io1)"), ("\"io2\"", "Provisioned IOPS SSD (io2)"),
                    ("\"standard\"", "Magnetic")] />
            <JText label="Provisioned IOPS" target=t.clone() pointer="/iops"
                format=Format::OptInt { min: 1000, max: 256000, what: "The IOPS" }
                placeholder="none" hint="io1 and io2 pay for all; gp3 for those above 3,000 (12,000 from 400 GiB)" />
            <JCheck label="Multi-AZ (a standby in a second zone)" target=t.clone() pointer="/multi_az" />
            <JRefs label="Subnets (the DB subnet group: two zones at least)" target=t.clone() pointer="/subnets" candidates=c::subnets />
            <JRefs label="Security groups" target=t.clone() pointer="/security_groups" candidates=c::security_groups />
            <JText label="Port" target=t.clone() pointer="/port" format=DATA_PORT placeholder="the engine's" />
            <JSelect label="Publicly accessible" target=t pointer="/publicly_accessible" json_values=true
                options=&[("null", "AWS default (yes if the VPC has an internet gateway)"), ("false", "No"), ("true", "Yes")] />
        }
        .into_any(),
        KindTag::DbCluster => view! {
            <JText label="Engine" target=t.clone() pointer="/engine" format=Format::Required("An engine")
                hint="aurora-postgresql or aurora-mysql" />
            <JText label="Instance class" target=t.clone() pointer="/instance_class" format=Format::Required("An instance class") />
            <JText label="DB instances" target=t.clone() pointer="/instances"
                format=Format::Int { min: 0, max: 16, what: "The number of instances" } />
            <JSelect label="Storage configuration" target=t.clone() pointer="/storage_type" json_values=true
                options=&[("null", "Aurora Standard (I/O charged per request)"), ("\"aurora-iopt1\"", "Aurora I/O-Optimized")] />
            <JRefs label="Subnets (the DB subnet group: two zones at least)" target=t.clone() pointer="/subnets" candidates=c::subnets />
            <JRefs label="Security groups" target=t.clone() pointer="/security_groups" candidates=c::security_groups />
            <JText label="Port" target=t.clone() pointer="/port" format=DATA_PORT placeholder="the engine's" />
            <JSelect label="Publicly accessible" target=t pointer="/publicly_accessible" json_values=true
                options=&[("null", "AWS default (yes if the VPC has an internet gateway)"), ("false", "No"), ("true", "Yes")] />
        }
        .into_any(),
        KindTag::CacheCluster => view! {
            <JText label="Engine" target=t.clone() pointer="/engine" format=Format::Required("An engine")
                hint="redis, valkey or memcached" />
            <JText label="Node type" target=t.clone() pointer="/node_type" format=Format::Required("A node type") />
            <JText label="Nodes" target=t.clone() pointer="/nodes"
                format=Format::Int { min: 1, max: 500, what: "The number of nodes" } />
            <JCheck label="Replication group (Redis or Valkey, with failover)" target=t.clone() pointer="/replication_group" />
            <JRefs label="Subnets (the cache subnet group)" target=t.clone() pointer="/subnets" candidates=c::subnets />
            <JRefs label="Security groups" target=t.clone() pointer="/security_groups" candidates=c::security_groups />
            <JText label="Port" target=t pointer="/port" format=DATA_PORT placeholder="the engine's" />
        }
        .into_any(),
        KindTag::EfsFileSystem => view! {
            <JCheck label="Encrypted" target=t.clone() pointer="/encrypted" />
            <JSelect label="Throughput mode" target=t.clone() pointer="/throughput_mode" json_values=true
                options=&[("null", "Bursting (AWS default)"), ("\"elastic\"", "Elastic"), ("\"provisioned\"", "Provisioned")] />
            <JText label="Provisioned throughput (MiB/s)" target=t.clone() pointer="/provisioned_throughput_mibps"
                format=Format::OptInt { min: 1, max: 10240, what: "The throughput" } placeholder="none" />
            <JRefs label="Mount targets (one subnet per zone)" target=t.clone() pointer="/subnets" candidates=c::subnets />
            <JRefs label="Security groups of the mount targets" target=t pointer="/security_groups" candidates=c::security_groups />
        }
        .into_any(),
        KindTag::LaunchTemplate => view! {
            <JText label="Instance type" target=t.clone() pointer="/instance_type" format=Format::Required("An instance type") />
            <JText label="Image ID" target=t.clone() pointer="/image_id" format=Format::Optional
                hint="Blank: the latest Amazon Linux 2023 at deploy time" />
            <JSelect label="Public IP address" target=t.clone() pointer="/public_ip" json_values=true
                options=&[("null", "Subnet default"), ("true", "Assign"), ("false", "Do not assign")] />
            <JRefs label="Security groups" target=t.clone() pointer="/security_groups" candidates=c::security_groups />
            <JText label="Instance profile" target=t pointer="/instance_profile" format=Format::Optional />
        }
        .into_any(),
        KindTag::AutoScalingGroup => view! {
            <JRef label="Launch template" target=t.clone() pointer="/launch_template" candidates=c::launch_templates optional=true />
            <JRefs label="Subnets" target=t.clone() pointer="/subnets" candidates=c::subnets />
            <JText label="Minimum size" target=t.clone() pointer="/min_size"
                format=Format::Int { min: 0, max: 10000, what: "The minimum size" } />
            <JText label="Maximum size" target=t.clone() pointer="/max_size"
                format=Format::Int { min: 0, max: 10000, what: "The maximum size" } />
            <JText label="Desired capacity" target=t pointer="/desired_capacity"
                format=Format::OptInt { min: 0, max: 10000, what: "The desired capacity" } />
        }
        .into_any(),
        KindTag::EksCluster => view! {
            <JText label="Kubernetes version" target=t.clone() pointer="/version" format=Format::Optional
                hint="Empty: EKS's default" />
            <JRefs label="Subnets (two zones or more)" target=t.clone() pointer="/subnets" candidates=c::subnets />
            <JRefs label="Additional security groups (control plane only)" target=t.clone() pointer="/security_groups" candidates=c::security_groups />
            <JCheck label="Public API endpoint" target=t.clone() pointer="/endpoint_public" />
            <JText label="Public access CIDRs" target=t.clone() pointer="/public_access_cidrs" format=Format::List
                hint="Empty: every address (0.0.0.0/0)" />
            <JCheck label="Private API endpoint (inside the VPC)" target=t.clone() pointer="/endpoint_private" />
            <JText label="Cluster role ARN" target=t pointer="/role" format=Format::Optional
                hint="Empty: the export adds a role with AmazonEKSClusterPolicy" />
            <p class="muted">"EKS also puts the control plane and the managed nodes in a cluster security group of its own, which admits all traffic between them."</p>
        }
        .into_any(),
        KindTag::EksNodeGroup => view! {
            <JRef label="Cluster" target=t.clone() pointer="/cluster" candidates=c::eks_clusters />
            <JRefs label="Subnets" target=t.clone() pointer="/subnets" candidates=c::subnets />
            <JText label="Instance types" target=t.clone() pointer="/instance_types" format=Format::List
                hint="Empty: t3.medium" />
            <JText label="Minimum size" target=t.clone() pointer="/min_size"
                format=Format::Int { min: 0, max: 10000, what: "The minimum size" } />
            <JText label="Maximum size" target=t.clone() pointer="/max_size"
                format=Format::Int { min: 1, max: 10000, what: "The maximum size" } />
            <JText label="Desired size" target=t.clone() pointer="/desired_size"
                format=Format::Int { min: 0, max: 10000, what: "The desired size" } />
            <JText label="Node role ARN" target=t pointer="/role" format=Format::Optional
                hint="Empty: the export adds a role with the worker node, CNI and registry policies" />
        }
        .into_any(),
        KindTag::EcsService => view! {
            <JText label="Cluster" target=t.clone() pointer="/cluster" format=Format::Required("A cluster") />
            <JText label="Desired tasks" target=t.clone() pointer="/desired_count"
                format=Format::Int { min: 0, max: 5000, what: "The desired count" } />
            <JCheck label="Assign public IP" target=t.clone() pointer="/assign_public_ip" />
            <JRefs label="Subnets" target=t.clone() pointer="/network/subnets" candidates=c::subnets />
            <JRefs label="Security groups" target=t pointer="/network/security_groups" candidates=c::security_groups />
        }
        .into_any(),
        KindTag::ApiGateway => view! {
            <JSelect label="API type" target=t pointer="/api_type" options=&[("http", "HTTP API"), ("rest", "REST API")] />
        }
        .into_any(),
        KindTag::SqsQueue => view! {
            <JCheck label="FIFO queue" target=t.clone() pointer="/fifo" />
            <JText label="Visibility timeout (s)" target=t.clone() pointer="/visibility_timeout_s"
                format=Format::Int { min: 0, max: 43_200, what: "The visibility timeout" }
                hint="At least the consuming function's timeout" />
            <JRef label="Dead-letter queue" target=t.clone() pointer="/redrive/dead_letter_queue"
                candidates=c::other_queues optional=true />
            <Show when={ let t = t.clone(); move || has_redrive(&t) }>
                <JText label="Max receives before dead-lettering" target=t.clone() pointer="/redrive/max_receive_count"
                    format=Format::Int { min: 1, max: 1000, what: "The receive count" } />
            </Show>
        }
        .into_any(),
        KindTag::EventSourceMapping => view! {
            <JRef label="Source" target=t.clone() pointer="/source" candidates=c::event_sources />
            <JRef label="Function" target=t.clone() pointer="/function" candidates=c::functions />
            <JText label="Batch size" target=t pointer="/batch_size"
                format=Format::Int { min: 1, max: 10_000, what: "The batch size" } />
        }
        .into_any(),
        KindTag::LogGroup => view! {
            <JText label="Retention (days)" target=t pointer="/retention_days"
                format=Format::OptInt { min: 1, max: 3653, what: "Retention" } placeholder="never expire" />
        }
        .into_any(),
        KindTag::NestedStack => view! {
            <JText label="Template URL" target=t.clone() pointer="/template_url" format=Format::Required("A template URL")
                placeholder="https://bucket.s3.amazonaws.com/child.yaml" />
            <NestedStackContents id=t />
        }
        .into_any(),
        KindTag::S3Bucket => view! { <JCheck label="Versioning" target=t pointer="/versioning" /> }.into_any(),
        KindTag::DynamoDbTable => view! {
            <JText label="Partition key" target=t.clone() pointer="/partition_key" format=Format::Required("A partition key") />
            <JText label="Sort key" target=t pointer="/sort_key" format=Format::Optional placeholder="none" />
        }
        .into_any(),
        KindTag::AwsService => view! {
            <JText label="Service" target=t pointer="/service" format=Format::Service list="aws-services"
                hint="Endpoint short name: secretsmanager, qldb.session, … or internet" />
            {services_datalist()}
        }
        .into_any(),
        KindTag::Generic => view! {
            <JText label="Resource type" target=t.clone() pointer="/resource_type" format=Format::Required("A type") />
            <JText label="Properties (JSON)" target=t pointer="/properties" format=Format::JsonDoc multiline=true />
        }
        .into_any(),
        KindTag::Vpc | KindTag::Subnet | KindTag::LambdaFunction => return None,
    })
}

/// True when a queue has a redrive policy.
fn has_redrive(id: &ResourceId) -> bool {
    let editor = Editor::use_context();
    editor.design.with(|d| matches!(d.resource(id).map(|r| &r.kind), Some(Kind::SqsQueue(q)) if q.redrive.is_some()))
}

/// Service names offered while typing.
const SERVICES: &[&str] = &[
    "sqs",
    "sns",
    "logs",
    "monitoring",
    "secretsmanager",
    "ssm",
    "kms",
    "s3",
    "dynamodb",
    "ecr.api",
    "ecr.dkr",
    "sts",
    "lambda",
    "execute-api",
    "events",
    "qldb.session",
    "internet",
    "internet-ipv6",
];

fn services_datalist() -> impl IntoView {
    view! {
        <datalist id="aws-services">
            {SERVICES.iter().map(|s| view! { <option value=*s></option> }).collect_view()}
        </datalist>
    }
}

/// A VPC endpoint: interface endpoints live in subnets with security
/// groups, gateway endpoints are attached to route tables.
#[component]
fn EndpointFields(id: ResourceId) -> impl IntoView {
    let editor = Editor::use_context();
    let gateway = {
        let id = id.clone();
        Memo::new(move |_| {
            editor.design.with(|d| matches!(d.resource(&id).map(|r| &r.kind), Some(Kind::VpcEndpoint(ep)) if !ep.is_interface()))
        })
    };
    let t = id;
    let region_name = {
        let t = t.clone();
        move || {
            editor.design.with(|d| match d.resource(&t).map(|r| &r.kind) {
                Some(Kind::VpcEndpoint(ep)) => ep.full_service_name(&d.region),
                _ => String::new(),
            })
        }
    };
    view! {
        <JText label="Service" target=t.clone() pointer="/service" format=Format::Service list="aws-services" />
        {services_datalist()}
        <div class="field-hint service-name">{region_name}</div>
        <JSelect label="Endpoint type" target=t.clone() pointer="/endpoint_type"
            options=&[("interface", "Interface"), ("gateway", "Gateway (S3, DynamoDB)")] />
        <JRef label="VPC" target=t.clone() pointer="/vpc" candidates=c::vpcs />
        {
            let t = t.clone();
            move || if gateway.get() {
                view! {
                    <JRefs label="Route tables" target=t.clone() pointer="/route_tables" candidates=c::route_tables />
                }.into_any()
            } else {
                view! {
                    <JRefs label="Subnets (one per AZ)" target=t.clone() pointer="/subnets" candidates=c::subnets />
                    <JRefs label="Security groups" target=t.clone() pointer="/security_groups" candidates=c::security_groups />
                    <JCheck label="Private DNS" target=t.clone() pointer="/private_dns" />
                }.into_any()
            }
        }
        <JText label="Policy (JSON)" target=t pointer="/policy" format=Format::JsonDoc multiline=true
            placeholder="No policy: full access" />
    }
}

/// A listener's own fields; `with_lb` adds its load balancer.
#[component]
fn ListenerFields(id: ResourceId, with_lb: bool) -> impl IntoView {
    let t = id;
    view! {
        {with_lb.then(|| view! { <JRef label="Load balancer" target=t.clone() pointer="/load_balancer" candidates=c::load_balancers /> })}
        <div class="field-row">
            <JText label="Port" target=t.clone() pointer="/port" format=PORT />
            <JSelect label="Protocol" target=t.clone() pointer="/protocol"
                options=&[("HTTP", "HTTP"), ("HTTPS", "HTTPS"), ("TCP", "TCP"), ("TLS", "TLS"), ("UDP", "UDP")] />
        </div>
        <JText label="Certificate ARN" target=t.clone() pointer="/certificate" format=Format::Optional
            placeholder="arn:aws:acm:… (HTTPS, TLS)" />
        <JRef label="Forward to target group" target=t pointer="/default_target_group" candidates=c::target_groups optional=true />
    }
}

/// The listeners of a load balancer, edited in place.
#[component]
fn Listeners(lb: ResourceId) -> impl IntoView {
    let editor = Editor::use_context();
    let listeners = {
        let lb = lb.clone();
        Memo::new(move |_| {
            editor.design.with(|d| {
                d.resources
                    .iter()
                    .filter(|r| matches!(&r.kind, Kind::Listener(l) if l.load_balancer == lb))
                    .map(|r| r.id.clone())
                    .collect::<Vec<_>>()
            })
        })
    };
    let add = move |_| {
        editor.dispatch(AddListener { load_balancer: lb.clone() });
    };
    view! {
        <fieldset class="field group" data-testid="listeners">
            <legend>"Listeners"</legend>
            <For each=move || listeners.get() key=|id| id.clone() children=move |id| {
                let remove = { let id = id.clone(); move |_| { editor.dispatch(crate::actions::DeleteResources { ids: vec![id.clone()] }); } };
                let testid = format!("listener-{id}");
                view! {
                    <div class="sub-item" data-testid=testid>
                        <ListenerFields id=id with_lb=false />
                        <button class="button small" on:click=remove>"Remove listener"</button>
                    </div>
                }
            } />
            <button class="button small" data-testid="add-listener" on:click=add>"Add listener"</button>
        </fieldset>
    }
}

/// What an external resource stands for and where its value comes from;
/// nothing to edit, since the deployment supplies it.
#[component]
fn ExternalFields(id: ResourceId) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let text = move || {
        editor.design.with(|d| match d.resource(&id).map(|r| &r.kind) {
            Some(Kind::External(ext)) => format!(
                "An existing {}{} from {}, known only at deploy time. Rules skip what depends on it.",
                ext.of.title(),
                if ext.many { " list" } else { "" },
                ext.source
            ),
            _ => String::new(),
        })
    };
    view! { <p class="muted" data-testid="external-source">{text}</p> }
}
