//! Load balancers, their listeners and target groups.

use super::ResourceId;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LoadBalancerType {
    #[default]
    Application,
    Network,
    /// The previous generation (`AWS::ElasticLoadBalancing::LoadBalancer`):
    /// its listeners are its own and forward straight to instances.
    Classic,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scheme {
    #[default]
    Internal,
    InternetFacing,
}

/// An application, network or classic load balancer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoadBalancer {
    #[serde(default)]
    pub lb_type: LoadBalancerType,
    #[serde(default)]
    pub scheme: Scheme,
    #[serde(default)]
    pub subnets: Vec<ResourceId>,
    #[serde(default)]
    pub security_groups: Vec<ResourceId>,
    /// A classic load balancer's listeners (the others have listener
    /// resources of their own).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub classic_listeners: Vec<ClassicListener>,
    /// The EC2 instances and Auto Scaling groups registered with a classic
    /// load balancer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub instances: Vec<ResourceId>,
}

/// A classic load balancer's listener: the port it answers on and the
/// instance port it forwards to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassicListener {
    pub port: u16,
    #[serde(default)]
    pub protocol: ListenerProtocol,
    pub instance_port: u16,
    /// The instance-side protocol when it differs from the front's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_protocol: Option<ListenerProtocol>,
    /// The certificate ARN of an HTTPS or SSL listener.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<String>,
}

impl ClassicListener {
    /// A listener forwarding a port to the same port with one protocol.
    pub fn new(port: u16, protocol: ListenerProtocol) -> Self {
        Self { port, protocol, instance_port: port, instance_protocol: None, certificate: None }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum ListenerProtocol {
    #[default]
    Http,
    Https,
    Tcp,
    Tls,
    Udp,
}

impl ListenerProtocol {
    /// HTTPS and TLS listeners terminate TLS and need a certificate.
    pub fn needs_certificate(self) -> bool {
        matches!(self, Self::Https | Self::Tls)
    }
}

/// A listener on a load balancer, forwarding to a target group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoadBalancerListener {
    pub load_balancer: ResourceId,
    pub port: u16,
    #[serde(default)]
    pub protocol: ListenerProtocol,
    /// The ACM certificate ARN for HTTPS and TLS listeners.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<String>,
    #[serde(default)]
    pub default_target_group: Option<ResourceId>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetType {
    #[default]
    Lambda,
    Ip,
    Instance,
}

/// A target group and its registered targets (functions, services).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetGroup {
    #[serde(default)]
    pub target_type: TargetType,
    /// The VPC, for ip and instance targets.
    #[serde(default)]
    pub vpc: Option<ResourceId>,
    #[serde(default)]
    pub port: Option<u16>,
    #[serde(default)]
    pub targets: Vec<ResourceId>,
}
