//! EC2 instances: a single instance in one subnet with its security groups
//! and whether it gets a public IP address, and Auto Scaling groups that
//! start instances of a launch template across their subnets.

use super::ResourceId;
use serde::{Deserialize, Serialize};

/// The image an instance boots when the design names none: the latest
/// Amazon Linux 2023, read from AWS's public parameter at deploy time.
pub const DEFAULT_IMAGE_PARAMETER: &str =
    "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";

/// An EC2 instance. `subnet` absent means the region's default VPC;
/// `public_ip` absent means the subnet's default (its
/// `map_public_ip_on_launch`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ec2Instance {
    #[serde(default = "default_instance_type")]
    pub instance_type: String,
    /// An AMI ID (`ami-0abc…`) or `${Parameter}`; absent, the latest Amazon
    /// Linux 2023 from [`DEFAULT_IMAGE_PARAMETER`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subnet: Option<ResourceId>,
    #[serde(default)]
    pub security_groups: Vec<ResourceId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_ip: Option<bool>,
    /// The instance profile's name, or `${Resource}` for one the template
    /// declares.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_profile: Option<String>,
}

pub(crate) fn default_instance_type() -> String {
    "t3.micro".to_owned()
}

impl Default for Ec2Instance {
    fn default() -> Self {
        Self {
            instance_type: default_instance_type(),
            image_id: None,
            subnet: None,
            security_groups: Vec::new(),
            public_ip: None,
            instance_profile: None,
        }
    }
}

/// A launch template (or an Auto Scaling launch configuration, which the
/// import reads as one): what the instances an Auto Scaling group starts
/// are, and the security groups they join.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LaunchTemplate {
    #[serde(default = "default_instance_type")]
    pub instance_type: String,
    /// An AMI ID or `${Parameter}`; absent, the latest Amazon Linux 2023.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_id: Option<String>,
    #[serde(default)]
    pub security_groups: Vec<ResourceId>,
    /// Whether the instances get a public IP address; absent, their
    /// subnet's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_ip: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_profile: Option<String>,
}

impl Default for LaunchTemplate {
    fn default() -> Self {
        Self {
            instance_type: default_instance_type(),
            image_id: None,
            security_groups: Vec::new(),
            public_ip: None,
            instance_profile: None,
        }
    }
}

/// An Auto Scaling group: instances of its launch template spread over its
/// subnets, registered with the target groups that list it as a target.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AutoScalingGroup {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch_template: Option<ResourceId>,
    #[serde(default)]
    pub subnets: Vec<ResourceId>,
    #[serde(default = "one")]
    pub min_size: u32,
    #[serde(default = "one")]
    pub max_size: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desired_capacity: Option<u32>,
}

fn one() -> u32 {
    1
}

impl Default for AutoScalingGroup {
    fn default() -> Self {
        Self {
            launch_template: None,
            subnets: Vec::new(),
            min_size: 1,
            max_size: 1,
            desired_capacity: None,
        }
    }
}

/// An elastic network interface (`AWS::EC2::NetworkInterface`): in one
/// subnet behind its security groups, a network endpoint of its own.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetworkInterface {
    pub subnet: Option<ResourceId>,
    #[serde(default)]
    pub security_groups: Vec<ResourceId>,
    /// A fixed private IPv4 address; absent, the subnet gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_ip: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}
