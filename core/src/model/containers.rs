//! Kubernetes on AWS: EKS clusters and their managed node groups.
//!
//! A cluster's control plane reaches the VPC through network interfaces
//! EKS places in the cluster's subnets, behind the cluster's security
//! groups; its Kubernetes API answers on tcp/443 at a public endpoint, a
//! private one, or both. A managed node group runs EC2 instances of the
//! cluster in its own subnets.
//!
//! The cluster security group: EKS creates one security group per cluster
//! (`eks-cluster-sg-…`), which the design does not hold, and puts both the
//! control plane's interfaces and every managed node in it; it admits all
//! traffic from its own members and allows all egress. The cluster's
//! `security_groups` (the additional groups of `ResourcesVpcConfig`) are
//! on the control plane's interfaces only, never on the nodes. So the
//! reachability analysis judges a node group's nodes as members of the
//! cluster security group alone: their egress is always allowed, traffic
//! between the cluster and its nodes always admitted, and a rule naming
//! one of the cluster's additional groups does not name the nodes.

use super::ResourceId;
use serde::{Deserialize, Serialize};

/// An EKS cluster (`AWS::EKS::Cluster`): its control plane's interfaces
/// span `subnets` behind `security_groups` and the cluster security group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EksCluster {
    /// The Kubernetes version (`1.31`); absent, EKS's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default)]
    pub subnets: Vec<ResourceId>,
    /// The additional security groups of the control plane's interfaces.
    #[serde(default)]
    pub security_groups: Vec<ResourceId>,
    /// Whether the API answers at a public endpoint (EKS's default).
    #[serde(default = "yes")]
    pub endpoint_public: bool,
    /// Whether the API answers inside the VPC, through the control plane's
    /// interfaces.
    #[serde(default)]
    pub endpoint_private: bool,
    /// The addresses the public endpoint admits; empty means every address
    /// (`0.0.0.0/0`), as EKS defaults it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub public_access_cidrs: Vec<String>,
    /// The cluster's IAM role: an ARN, or `${Parameter}` or
    /// `${Resource.Arn}`; absent, the export adds a role with the
    /// `AmazonEKSClusterPolicy` managed policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

fn yes() -> bool {
    true
}

impl Default for EksCluster {
    fn default() -> Self {
        Self {
            version: None,
            subnets: Vec::new(),
            security_groups: Vec::new(),
            endpoint_public: true,
            endpoint_private: false,
            public_access_cidrs: Vec::new(),
            role: None,
        }
    }
}

impl EksCluster {
    /// Whether the public endpoint admits every address.
    pub fn public_to_everyone(&self) -> bool {
        self.endpoint_public
            && (self.public_access_cidrs.is_empty()
                || self.public_access_cidrs.iter().any(|c| is_everywhere(c)))
    }
}

/// Whether a CIDR written in a design is `0.0.0.0/0`.
fn is_everywhere(cidr: &str) -> bool {
    cidr.trim().parse::<ipnet::Ipv4Net>().is_ok_and(|n| n.prefix_len() == 0)
}

/// The instance type EKS gives a managed node group that names none.
pub const DEFAULT_NODE_INSTANCE_TYPE: &str = "t3.medium";

/// An EKS managed node group (`AWS::EKS::Nodegroup`): between `min_size`
/// and `max_size` instances of the cluster, spread over `subnets`, members
/// of the cluster security group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EksNodeGroup {
    pub cluster: ResourceId,
    #[serde(default)]
    pub subnets: Vec<ResourceId>,
    /// The instance types, the first preferred; empty, EKS's default
    /// ([`DEFAULT_NODE_INSTANCE_TYPE`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub instance_types: Vec<String>,
    #[serde(default = "one")]
    pub min_size: u32,
    #[serde(default = "two")]
    pub max_size: u32,
    #[serde(default = "two")]
    pub desired_size: u32,
    /// The nodes' IAM role: an ARN, or `${Parameter}` or `${Resource.Arn}`;
    /// absent, the export adds a role with the worker node, CNI and
    /// container registry managed policies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

fn one() -> u32 {
    1
}

fn two() -> u32 {
    2
}

impl Default for EksNodeGroup {
    fn default() -> Self {
        Self {
            cluster: ResourceId::new(""),
            subnets: Vec::new(),
            instance_types: Vec::new(),
            min_size: one(),
            max_size: two(),
            desired_size: two(),
            role: None,
        }
    }
}

impl EksNodeGroup {
    /// The instance type the nodes run: the first named, else EKS's default.
    pub fn instance_type(&self) -> &str {
        self.instance_types.first().map_or(DEFAULT_NODE_INSTANCE_TYPE, String::as_str)
    }
}
