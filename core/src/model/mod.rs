//! The design model: every resource kind of the palette, flows and layout.
//!
//! A [`Design`] holds semantics (resources and flows) apart from layout
//! (positions and sizes), so moving a box on the canvas never changes the
//! architecture. Resources refer to each other by [`ResourceId`]; which kind
//! a reference must point at is fixed by the field's type and checked by the
//! integrity rules, never by string conventions.

mod compute;
mod containers;
mod databases;
pub(crate) mod de;
mod endpoint;
mod external;
mod flow;
mod instances;
mod kind;
mod layout;
mod load_balancing;
mod network;
mod security;
mod services;
mod stacks;
mod transit;
mod usage;

pub use compute::{EcsService, IamRole, LambdaFunction, LambdaPermission, VpcConfig};
pub use containers::{DEFAULT_NODE_INSTANCE_TYPE, EksCluster, EksNodeGroup};
pub use databases::{CacheCluster, DbCluster, EfsFileSystem, NFS_PORT, RdsInstance, engine_port};
pub use endpoint::{EndpointType, VpcEndpoint};
pub use external::{External, ExternalSource};
pub use flow::{Flow, FlowId};
pub use instances::{
    AutoScalingGroup, DEFAULT_IMAGE_PARAMETER, Ec2Instance, LaunchTemplate, NetworkInterface,
};
pub use kind::{Category, Kind, KindTag};
pub use layout::{Layout, Rect};
pub use load_balancing::{
    ClassicListener, ListenerProtocol, LoadBalancer, LoadBalancerListener, LoadBalancerType,
    Scheme, TargetGroup, TargetType,
};
pub use network::{
    AvailabilityZone, EgressOnlyInternetGateway, ElasticIp, InternetGateway, Ipv6Block,
    NatConnectivity, NatGateway, NetworkAcl, NetworkAclEntry, Route, RouteDestination, RouteTable,
    RuleAction, Subnet, SubnetIpv6, Vpc, VpcPeering,
};
pub use security::{PortRange, Protocol, SecurityGroup, SecurityGroupRule, SgPeer};
pub use services::{
    ApiGateway, ApiType, AwsService, DynamoDbTable, EventSourceMapping, GenericResource, LogGroup,
    RedrivePolicy, S3Bucket, SqsQueue,
};
pub use stacks::{NestedStack, StackResource};
pub use transit::{
    CustomerGateway, FlowLog, FlowLogTraffic, TransitGateway, TransitGatewayAttachment,
    VpnConnection, VpnGateway,
};
pub use usage::{FlowUsage, ResourceUsage, Usage};

use serde::{Deserialize, Serialize};
use std::fmt;

/// The schema version this build writes; older files are migrated on read.
pub const SCHEMA_VERSION: u32 = 3;

/// A stable identifier of a resource, unique within a design.
///
/// IDs never change when a resource is renamed or moved, so history, diffs,
/// comments and layout can all key on them.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ResourceId(pub String);

impl ResourceId {
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ResourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for ResourceId {
    fn from(s: &str) -> Self {
        Self(s.to_owned())
    }
}

/// One resource: identity, a human name and its kind-specific properties.
/// Read by `de.rs`, in the same JSON form as it is written.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Resource {
    pub id: ResourceId,
    pub name: String,
    /// The CloudFormation logical ID the resource was imported from; the
    /// export keeps it, so findings and templates name it as its author did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logical_id: Option<String>,
    /// The ID AWS gave the deployed resource (`vpc-0a1b…`, an ARN), when
    /// the design was read from a deployed stack.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub physical_id: Option<String>,
    #[serde(flatten)]
    pub kind: Kind,
}

impl Resource {
    pub fn new(id: impl Into<String>, name: impl Into<String>, kind: impl Into<Kind>) -> Self {
        Self {
            id: ResourceId::new(id),
            name: name.into(),
            logical_id: None,
            physical_id: None,
            kind: kind.into(),
        }
    }
}

/// A whole design: what the user draws and what every rule judges. Read
/// by `crate::schema` (`typed.rs`), in the form it is written.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Design {
    pub schema_version: u32,
    pub name: String,
    /// The region the design targets; exports use `AWS::Region` instead of
    /// hard-coding it, this is what the canvas and rules display. Read as
    /// `us-east-1` when a file does not say (as the lists, layout and usage
    /// below are read empty).
    pub region: String,
    pub resources: Vec<Resource>,
    pub flows: Vec<Flow>,
    pub layout: Layout,
    /// Expected traffic and requests for the cost estimate; optional, so
    /// designs without it read and write as before.
    #[serde(skip_serializing_if = "Usage::is_empty")]
    pub usage: Usage,
}

pub(crate) fn default_region() -> String {
    "us-east-1".to_owned()
}

impl Default for Design {
    fn default() -> Self {
        Self::new("Untitled design")
    }
}

impl Design {
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            schema_version: SCHEMA_VERSION,
            name: name.into(),
            region: default_region(),
            resources: Vec::new(),
            flows: Vec::new(),
            layout: Layout::default(),
            usage: Usage::default(),
        }
    }

    pub fn resource(&self, id: &ResourceId) -> Option<&Resource> {
        self.resources.iter().find(|r| &r.id == id)
    }

    pub fn resource_mut(&mut self, id: &ResourceId) -> Option<&mut Resource> {
        self.resources.iter_mut().find(|r| &r.id == id)
    }

    /// Returns an ID not yet used in this design, of the form `{prefix}-{n}`.
    pub fn fresh_id(&self, prefix: &str) -> ResourceId {
        let taken = |candidate: &str| {
            self.resources.iter().any(|r| r.id.as_str() == candidate)
                || self.flows.iter().any(|f| f.id.as_str() == candidate)
        };
        let mut n = self.resources.len() + self.flows.len() + 1;
        loop {
            let candidate = format!("{prefix}-{n}");
            if !taken(&candidate) {
                return ResourceId(candidate);
            }
            n += 1;
        }
    }

    /// Returns a name not yet used by any resource, of the form `{base}-{n}`.
    pub fn fresh_name(&self, base: &str) -> String {
        (1..)
            .map(|n| format!("{base}-{n}"))
            .find(|candidate| !self.resources.iter().any(|r| &r.name == candidate))
            .unwrap_or_else(|| base.to_owned())
    }
}
