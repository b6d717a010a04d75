//! The data stores that live in subnets: RDS databases and Aurora clusters
//! with their DB subnet groups, ElastiCache clusters with their cache
//! subnet groups, and EFS file systems with their mount targets.

use super::Clients;
use super::call::{Ctx, Service};
use crate::Op;
use crate::map::{MountTarget, Snapshot};
use aws_sdk_efs::types as efs;
use aws_sdk_elasticache::types as elasticache;
use aws_sdk_rds::types as rds;
use futures_util::future::join_all;

#[derive(Default)]
pub(super) struct Databases {
    db_instances: Vec<rds::DbInstance>,
    db_clusters: Vec<rds::DbCluster>,
    db_subnet_groups: Vec<rds::DbSubnetGroup>,
    cache_clusters: Vec<elasticache::CacheCluster>,
    cache_subnet_groups: Vec<elasticache::CacheSubnetGroup>,
    file_systems: Vec<efs::FileSystemDescription>,
    mount_targets: Vec<MountTarget>,
}

impl Databases {
    pub fn into_snapshot(self, s: &mut Snapshot) {
        s.db_instances = self.db_instances;
        s.db_clusters = self.db_clusters;
        s.db_subnet_groups = self.db_subnet_groups;
        s.cache_clusters = self.cache_clusters;
        s.cache_subnet_groups = self.cache_subnet_groups;
        s.file_systems = self.file_systems;
        s.mount_targets = self.mount_targets;
    }
}

/// Every database, cache and file system of the region (their listings
/// take no VPC filter; the mapping keeps those in selected subnets), and
/// the mount targets, with their security groups, of those in `vpcs`.
pub(super) async fn read(ctx: &Ctx<'_>, c: &Clients, vpcs: &[String]) -> Databases {
    let (instances, clusters, subnet_groups, caches, cache_groups, efs) = tokio::join!(
        ctx.list(
            Service::Rds,
            Op::DescribeDbInstances,
            c.rds.describe_db_instances().into_paginator().items().send().try_collect()
        ),
        ctx.list(
            Service::Rds,
            Op::DescribeDbClusters,
            c.rds.describe_db_clusters().into_paginator().items().send().try_collect()
        ),
        ctx.list(
            Service::Rds,
            Op::DescribeDbSubnetGroups,
            c.rds.describe_db_subnet_groups().into_paginator().items().send().try_collect()
        ),
        ctx.list(
            Service::ElastiCache,
            Op::DescribeCacheClusters,
            c.elasticache
                .describe_cache_clusters()
                .show_cache_node_info(true)
                .into_paginator()
                .items()
                .send()
                .try_collect()
        ),
        ctx.list(
            Service::ElastiCache,
            Op::DescribeCacheSubnetGroups,
            c.elasticache
                .describe_cache_subnet_groups()
                .into_paginator()
                .items()
                .send()
                .try_collect()
        ),
        file_systems(ctx, c, vpcs),
    );
    let (file_systems, mount_targets) = efs;
    Databases {
        db_instances: instances.unwrap_or_default(),
        db_clusters: clusters.unwrap_or_default(),
        db_subnet_groups: subnet_groups.unwrap_or_default(),
        cache_clusters: caches.unwrap_or_default(),
        cache_subnet_groups: cache_groups.unwrap_or_default(),
        file_systems,
        mount_targets,
    }
}

/// The file systems, then each one's mount targets, then the security
/// groups of the mount targets in `vpcs`.
async fn file_systems(
    ctx: &Ctx<'_>,
    c: &Clients,
    vpcs: &[String],
) -> (Vec<efs::FileSystemDescription>, Vec<MountTarget>) {
    let file_systems: Vec<efs::FileSystemDescription> = ctx
        .list(
            Service::Efs,
            Op::DescribeFileSystems,
            c.efs.describe_file_systems().into_paginator().items().send().try_collect(),
        )
        .await
        .unwrap_or_default();
    let described = join_all(file_systems.iter().map(|fs| {
        ctx.call(
            Service::Efs,
            Op::DescribeMountTargets,
            c.efs.describe_mount_targets().file_system_id(&fs.file_system_id).send(),
        )
    }))
    .await;
    let targets: Vec<efs::MountTargetDescription> = described
        .into_iter()
        .flatten()
        .flat_map(|o| o.mount_targets.unwrap_or_default())
        .filter(|t| t.vpc_id().is_some_and(|v| vpcs.iter().any(|s| s == v)))
        .collect();
    if !file_systems.is_empty() {
        ctx.progress(Op::DescribeMountTargets, targets.len());
    }
    let groups = join_all(targets.iter().map(|t| {
        ctx.call(
            Service::Efs,
            Op::DescribeMountTargetSecurityGroups,
            c.efs
                .describe_mount_target_security_groups()
                .mount_target_id(&t.mount_target_id)
                .send(),
        )
    }))
    .await;
    let mount_targets = targets
        .into_iter()
        .zip(groups)
        .map(|(target, groups)| MountTarget {
            security_groups: groups.map(|g| g.security_groups).unwrap_or_default(),
            target,
        })
        .collect();
    (file_systems, mount_targets)
}
