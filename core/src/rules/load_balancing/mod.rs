//! Load balancer rules: zones and subnets, scheme and placement,
//! certificates, and Lambda targets.

pub mod alb_two_zones;
pub mod certificate;
pub mod internal_in_public;
pub mod internet_facing_private;
pub mod lambda_permission;
pub mod lambda_target_group;
pub mod one_subnet_per_zone;

use crate::index::Index;
use crate::model::ResourceId;

/// A subnet of the VPC in `az`, other than those in `exclude`, that is
/// public (or private), for quick fixes that swap or add subnets.
pub(crate) fn replacement_subnet<'d>(
    index: &Index<'d>,
    vpc: &ResourceId,
    az: &ResourceId,
    public: bool,
    exclude: &[ResourceId],
) -> Option<&'d ResourceId> {
    crate::rules::routing::subnets_in_az(index, vpc, az, public)
        .into_iter()
        .find(|s| !exclude.contains(s))
}
