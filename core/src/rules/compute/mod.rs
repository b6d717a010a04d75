//! Lambda and compute rules: VPC configuration, zones, public subnets and
//! queue timeouts.

pub mod lambda_public_subnet;
pub mod lambda_single_zone;
pub mod lambda_vpc_config;
pub mod sqs_visibility_timeout;
