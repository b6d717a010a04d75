//! Database rules: the zones of a DB subnet group, and databases that are
//! publicly accessible or placed in public subnets.

pub mod public_database;
pub mod public_subnet;
pub mod subnet_group_zones;

use crate::rules::prelude::*;

/// The RDS databases of a design: DB instances and Aurora clusters.
pub(crate) fn databases<'i, 'd>(index: &'i Index<'d>) -> impl Iterator<Item = &'d Resource> + 'i {
    [KindTag::RdsInstance, KindTag::DbCluster]
        .into_iter()
        .flat_map(|tag| index.of_kind(tag))
        .copied()
}

/// "database" or "Aurora cluster", for messages.
pub(crate) fn noun(resource: &Resource) -> &'static str {
    match resource.kind {
        Kind::DbCluster(_) => "Aurora cluster",
        _ => "database",
    }
}
