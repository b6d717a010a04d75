//! Lambda and compute rules: VPC configuration, zones, public subnets and
//! queue timeouts; Auto Scaling groups' zones; EKS clusters' and node
//! groups' zones.

pub mod asg_single_zone;
pub mod eks_cluster_zones;
pub mod eks_node_group_zone;
pub mod lambda_public_subnet;
pub mod lambda_single_zone;
pub mod lambda_vpc_config;
pub mod sqs_visibility_timeout;
