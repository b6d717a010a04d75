//! Lambda and compute rules: VPC configuration, zones, public subnets and
//! queue timeouts; Auto Scaling groups' zones.

pub mod asg_single_zone;
pub mod lambda_public_subnet;
pub mod lambda_single_zone;
pub mod lambda_vpc_config;
pub mod sqs_visibility_timeout;
