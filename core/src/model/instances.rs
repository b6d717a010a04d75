//! EC2 instances: a single instance in one subnet, with its security
//! groups and whether it gets a public IP address.

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
