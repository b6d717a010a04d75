//! Load balancer rules: zones and subnets, scheme and placement,
//! certificates, and Lambda targets.

pub mod alb_two_zones;
pub mod certificate;
pub mod internal_in_public;
pub mod internet_facing_private;
pub mod lambda_permission;
pub mod lambda_target_group;
pub mod one_subnet_per_zone;
