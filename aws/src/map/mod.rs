//! The pure mapping from the SDK's response shapes to a design: no I/O, so
//! it is tested on constructed responses.
//!
//! A [`Snapshot`] holds what the reader fetched, unfiltered; the VPCs in it
//! are the selection, and everything else is kept only when it belongs to
//! one of them. IDs are the AWS physical IDs (or a short form of an ARN),
//! so a second import of the same account yields the same IDs; names come
//! from the `Name` tag, else the resource's own name, else its ID.

mod compute;
mod databases;
mod endpoint;
mod flows;
mod instances;
mod load_balancing;
mod network;
mod outline;
mod permissions;
mod security;
#[cfg(test)]
mod tests;
mod transit;

use crate::Warning;
use aws_sdk_autoscaling::types as autoscaling;
use aws_sdk_ec2::types as ec2;
use aws_sdk_ecs::types as ecs;
use aws_sdk_efs::types as efs;
use aws_sdk_elasticache::types as elasticache;
use aws_sdk_elasticloadbalancingv2::types as elb;
use aws_sdk_lambda::types as lambda;
use aws_sdk_rds::types as rds;
pub use outline::outline;
use std::collections::{BTreeMap, HashSet};
use vpcraft_core::model::{External, ExternalSource, KindTag};
use vpcraft_core::{Design, Kind, Resource, ResourceId};

/// The DNS attributes of one VPC; `None` where the attribute was not read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct VpcDns {
    pub support: Option<bool>,
    pub hostnames: Option<bool>,
}

/// Everything the reader fetched, in the SDK's shapes.
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    pub region: String,
    /// The account, when it was read; it names the design.
    pub account: Option<String>,
    /// The selected VPCs.
    pub vpcs: Vec<ec2::Vpc>,
    /// DNS attributes by VPC ID.
    pub vpc_dns: BTreeMap<String, VpcDns>,
    pub subnets: Vec<ec2::Subnet>,
    pub route_tables: Vec<ec2::RouteTable>,
    pub internet_gateways: Vec<ec2::InternetGateway>,
    pub nat_gateways: Vec<ec2::NatGateway>,
    pub addresses: Vec<ec2::Address>,
    pub security_groups: Vec<ec2::SecurityGroup>,
    pub security_group_rules: Vec<ec2::SecurityGroupRule>,
    pub network_acls: Vec<ec2::NetworkAcl>,
    pub vpc_endpoints: Vec<ec2::VpcEndpoint>,
    pub peering_connections: Vec<ec2::VpcPeeringConnection>,
    pub transit_gateway_attachments: Vec<ec2::TransitGatewayVpcAttachment>,
    /// The transit gateways the attachments name.
    pub transit_gateways: Vec<ec2::TransitGateway>,
    pub egress_only_internet_gateways: Vec<ec2::EgressOnlyInternetGateway>,
    pub vpn_gateways: Vec<ec2::VpnGateway>,
    /// The VPN connections of the virtual private and transit gateways.
    pub vpn_connections: Vec<ec2::VpnConnection>,
    /// The customer gateways the connections name.
    pub customer_gateways: Vec<ec2::CustomerGateway>,
    /// The flow logs of the VPCs and subnets.
    pub flow_logs: Vec<ec2::FlowLog>,
    pub network_interfaces: Vec<ec2::NetworkInterface>,
    pub load_balancers: Vec<elb::LoadBalancer>,
    pub listeners: Vec<elb::Listener>,
    pub target_groups: Vec<elb::TargetGroup>,
    /// Registered targets by target group ARN.
    pub target_health: BTreeMap<String, Vec<elb::TargetHealthDescription>>,
    pub functions: Vec<lambda::FunctionConfiguration>,
    pub event_source_mappings: Vec<lambda::EventSourceMappingConfiguration>,
    /// The resource policies (JSON text) of the functions that are targets
    /// of a load balancer, by function ARN; a function without one is not
    /// listed.
    pub function_policies: BTreeMap<String, String>,
    pub ecs_services: Vec<ecs::Service>,
    pub instances: Vec<ec2::Instance>,
    pub auto_scaling_groups: Vec<autoscaling::AutoScalingGroup>,
    /// The launch template versions the groups launch from.
    pub launch_templates: Vec<ec2::LaunchTemplateVersion>,
    pub db_instances: Vec<rds::DbInstance>,
    pub db_clusters: Vec<rds::DbCluster>,
    pub db_subnet_groups: Vec<rds::DbSubnetGroup>,
    pub cache_clusters: Vec<elasticache::CacheCluster>,
    pub cache_subnet_groups: Vec<elasticache::CacheSubnetGroup>,
    pub file_systems: Vec<efs::FileSystemDescription>,
    pub mount_targets: Vec<MountTarget>,
}

/// An EFS mount target with the security groups it has (a call of its own).
#[derive(Clone, Debug)]
pub struct MountTarget {
    pub target: efs::MountTargetDescription,
    pub security_groups: Vec<String>,
}

/// The design a snapshot describes, laid out as VPCs with zone columns and
/// subnet rows, and what it could not draw.
pub fn design(snapshot: &Snapshot) -> (Design, Vec<Warning>) {
    let mut m = Mapper::new(snapshot);
    m.network();
    m.security_groups();
    m.endpoints();
    // Routes name the transit and virtual private gateways.
    m.transit();
    m.tables();
    m.load_balancing();
    m.instances();
    m.compute();
    m.lambda_permissions();
    m.databases();
    m.flows();
    // Drawn by the core's one layout engine, as the app and the CLI draw it.
    vpcraft_core::layout::place_missing(&mut m.design);
    (m.design, m.notes)
}

/// The design being built, with lookups from AWS IDs to design IDs.
struct Mapper<'s> {
    snapshot: &'s Snapshot,
    design: Design,
    ids: HashSet<ResourceId>,
    notes: Vec<Warning>,
    /// The selected VPCs' IDs.
    vpcs: HashSet<&'s str>,
    /// The DNS names of drawn data stores (endpoints of databases and
    /// caches), with the resource and port a client connects to there.
    hosts: BTreeMap<String, (ResourceId, u16)>,
    /// AWS IDs drawn as part of another resource (an Auto Scaling group's
    /// instances), with the resource that stands for them.
    aliases: BTreeMap<String, ResourceId>,
}

impl<'s> Mapper<'s> {
    fn new(snapshot: &'s Snapshot) -> Self {
        let mut design = Design::new(match &snapshot.account {
            Some(account) => format!("AWS account {account} ({})", snapshot.region),
            None => format!("AWS {}", snapshot.region),
        });
        design.region = snapshot.region.clone();
        let vpcs = snapshot.vpcs.iter().filter_map(|v| v.vpc_id()).collect();
        Self {
            snapshot,
            design,
            ids: HashSet::new(),
            notes: Vec::new(),
            vpcs,
            hosts: BTreeMap::new(),
            aliases: BTreeMap::new(),
        }
    }

    fn has(&self, id: &str) -> bool {
        self.ids.contains(&ResourceId::new(id))
    }

    /// The design ID of an AWS ID already in the design.
    fn known(&self, id: &str) -> Option<ResourceId> {
        let id = ResourceId::new(id);
        self.ids.contains(&id).then_some(id)
    }

    fn push(&mut self, id: impl Into<String>, name: impl Into<String>, kind: impl Into<Kind>) {
        let id = ResourceId::new(id);
        if self.ids.insert(id.clone()) {
            self.design.resources.push(Resource {
                id,
                name: name.into(),
                logical_id: None,
                // The design ID of a read resource is already its AWS ID.
                physical_id: None,
                kind: kind.into(),
            });
        }
    }

    /// The design ID of an AWS resource outside the selection that a
    /// selected one refers to (a peer VPC, another VPC's group), made an
    /// external resource on first use.
    fn external(&mut self, id: &str, of: KindTag) -> ResourceId {
        if !self.has(id) {
            let source = ExternalSource::PhysicalId(id.to_owned());
            self.push(id, id, External { of, source, many: false });
        }
        ResourceId::new(id)
    }

    fn note(&mut self, subject: impl Into<String>, message: impl Into<String>) {
        self.notes.push(Warning::note(subject, message));
    }
}

/// The value of the `Name` tag, when there is one that is not empty.
fn name_tag<'a, T: 'a>(
    tags: &'a [T],
    key: impl Fn(&T) -> Option<&str>,
    value: impl Fn(&'a T) -> Option<&'a str>,
) -> Option<&'a str> {
    tags.iter().find(|t| key(t) == Some("Name")).and_then(value).filter(|v| !v.is_empty())
}

/// The `Name` tag of an EC2 resource, else its ID.
fn ec2_name(tags: &[ec2::Tag], id: &str) -> String {
    name_tag(tags, |t| t.key(), |t| t.value()).unwrap_or(id).to_owned()
}

/// The part of an ARN after its resource type (`service/cluster/name` →
/// `cluster/name`), or the whole ARN when it has no such part.
fn arn_resource(arn: &str) -> &str {
    let resource = arn.splitn(6, ':').nth(5).unwrap_or(arn);
    resource.split_once('/').map_or(resource, |(_, rest)| rest)
}

/// A design ID from an ARN: the prefix and the ARN's resource path with
/// slashes as dashes (`tg-web-0123abcd`).
fn arn_id(prefix: &str, arn: &str) -> String {
    let path = arn_resource(arn);
    let path = path.strip_prefix("app/").or_else(|| path.strip_prefix("net/")).unwrap_or(path);
    format!("{prefix}-{}", path.replace(['/', ':'], "-"))
}
