//! The database and storage primaries: RDS DB instances and clusters with
//! their DB subnet group's subnets (a cluster's DB instances folded in),
//! ElastiCache clusters and replication groups with their cache subnet
//! group's subnets, EFS file systems with their mount targets' subnets and
//! security groups.

use super::Builder;
use crate::cfn::import::Entry;
use crate::cfn::import::resolve::Val;
use crate::model::*;

impl Builder<'_, '_> {
    pub(super) fn database_kind(&mut self, e: &Entry<'_>) -> Option<Kind> {
        Some(match e.resource_type {
            "AWS::RDS::DBInstance" => self.rds_instance(e).into(),
            "AWS::RDS::DBCluster" => self.db_cluster(e).into(),
            "AWS::ElastiCache::CacheCluster" => self.cache_cluster(e, false).into(),
            "AWS::ElastiCache::ReplicationGroup" => self.cache_cluster(e, true).into(),
            "AWS::EFS::FileSystem" => self.efs_file_system(e).into(),
            _ => return None,
        })
    }

    /// The subnets of the subnet group a property names: those of a group
    /// the template declares (`group_type`), or one external subnet
    /// standing for the subnets of a group known only at deploy time.
    fn subnet_group(&mut self, e: &Entry<'_>, key: &str, group_type: &str) -> Vec<ResourceId> {
        let value = self.val(e, key);
        let declared =
            value.target().and_then(|target| self.resolver.resources.get(target)).copied();
        match declared {
            Some((ty, props)) if ty == group_type => {
                let subnets =
                    props.get("SubnetIds").map_or(Val::Null, |n| self.resolver.resolve(n));
                self.refs_to(KindTag::Subnet, &subnets)
            }
            _ if matches!(value, Val::Null | Val::NoValue) => Vec::new(),
            _ => {
                let what = match &value {
                    Val::Str(name) => name.clone(),
                    Val::External { source, .. } => source.to_string(),
                    other => other.to_text().unwrap_or_else(|| "a group".to_owned()),
                };
                let source =
                    ExternalSource::Computed(format!("the subnets of subnet group {what}"));
                vec![self.external(KindTag::Subnet, source, None, true)]
            }
        }
    }

    /// A port property, as a number or a numeric string.
    fn port(&self, e: &Entry<'_>, key: &str) -> Option<u16> {
        self.num(e, key).and_then(|n| u16::try_from(n).ok())
    }

    fn rds_instance(&mut self, e: &Entry<'_>) -> RdsInstance {
        let mut security_groups =
            self.refs_to(KindTag::SecurityGroup, &self.val(e, "VPCSecurityGroups"));
        for group in self.refs_to(KindTag::SecurityGroup, &self.val(e, "VpcSecurityGroupIds")) {
            if !security_groups.contains(&group) {
                security_groups.push(group);
            }
        }
        let mut defaults = RdsInstance::default();
        let mut subnets = self.subnet_group(e, "DBSubnetGroupName", "AWS::RDS::DBSubnetGroup");
        // A read replica in the source's region lives in the source's DB
        // subnet group and runs its engine.
        let source = self.val(e, "SourceDBInstanceIdentifier");
        let source = source.target().and_then(|t| self.related.entries.get(t).copied());
        if let Some(source) = source.filter(|s| s.resource_type == "AWS::RDS::DBInstance") {
            if let Some(engine) = self.val(source, "Engine").to_text() {
                defaults.engine = engine;
            }
            if subnets.is_empty() {
                subnets = self.subnet_group(source, "DBSubnetGroupName", "AWS::RDS::DBSubnetGroup");
            }
            self.warn(
                e.logical_id,
                format!(
                    "read replica of {}: drawn in its source's subnets with its engine; an \
                     export writes it as a database of its own",
                    source.logical_id
                ),
            );
        }
        RdsInstance {
            engine: self.val(e, "Engine").to_text().unwrap_or(defaults.engine).to_lowercase(),
            instance_class: self
                .val(e, "DBInstanceClass")
                .to_text()
                .unwrap_or(defaults.instance_class),
            subnets,
            security_groups,
            port: self.port(e, "Port"),
            publicly_accessible: self.val(e, "PubliclyAccessible").as_bool(),
            multi_az: self.val(e, "MultiAZ").as_bool().unwrap_or(false),
            allocated_storage: self
                .num(e, "AllocatedStorage")
                .and_then(|n| u32::try_from(n).ok())
                .unwrap_or(defaults.allocated_storage),
            storage_type: self.val(e, "StorageType").to_text().map(|t| t.to_lowercase()),
            iops: self.num(e, "Iops").and_then(|n| u32::try_from(n).ok()),
        }
    }

    fn db_cluster(&mut self, e: &Entry<'_>) -> DbCluster {
        let defaults = DbCluster::default();
        let members: Vec<Val> = (self.related.cluster_members.get(e.logical_id))
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(|m| self.resolver.resolve(m.properties))
            .collect();
        let class = members.iter().find_map(|m| m.get("DBInstanceClass")?.to_text());
        let public = members.iter().filter_map(|m| m.get("PubliclyAccessible")?.as_bool());
        let publicly_accessible = public.reduce(|a, b| a || b);
        DbCluster {
            engine: self.val(e, "Engine").to_text().map_or(defaults.engine, |s| s.to_lowercase()),
            instance_class: class
                .or_else(|| self.val(e, "DBClusterInstanceClass").to_text())
                .unwrap_or(defaults.instance_class),
            instances: members.len() as u32,
            subnets: self.subnet_group(e, "DBSubnetGroupName", "AWS::RDS::DBSubnetGroup"),
            security_groups: self
                .refs_to(KindTag::SecurityGroup, &self.val(e, "VpcSecurityGroupIds")),
            port: self.port(e, "Port"),
            publicly_accessible: publicly_accessible
                .or_else(|| self.val(e, "PubliclyAccessible").as_bool()),
            // Aurora Standard is also what an absent storage type means.
            storage_type: (self.val(e, "StorageType").to_text())
                .map(|t| t.to_lowercase())
                .filter(|t| t != "aurora"),
        }
    }

    fn cache_cluster(&mut self, e: &Entry<'_>, replication_group: bool) -> CacheCluster {
        let defaults = CacheCluster::default();
        let groups_key = if replication_group { "SecurityGroupIds" } else { "VpcSecurityGroupIds" };
        let nodes = if replication_group {
            // Cluster mode: node groups of a primary and its replicas.
            let shards = self.num(e, "NumNodeGroups");
            let replicas = self.num(e, "ReplicasPerNodeGroup");
            match (self.num(e, "NumCacheClusters"), shards, replicas) {
                (Some(n), _, _) => Some(n),
                (None, None, None) => None,
                (None, shards, replicas) => Some(shards.unwrap_or(1) * (1 + replicas.unwrap_or(0))),
            }
        } else {
            self.num(e, "NumCacheNodes")
        };
        CacheCluster {
            engine: self.val(e, "Engine").to_text().map_or(defaults.engine, |s| s.to_lowercase()),
            node_type: self.val(e, "CacheNodeType").to_text().unwrap_or(defaults.node_type),
            nodes: nodes.and_then(|n| u32::try_from(n).ok()).unwrap_or(1),
            replication_group,
            subnets: self.subnet_group(e, "CacheSubnetGroupName", "AWS::ElastiCache::SubnetGroup"),
            security_groups: self.refs_to(KindTag::SecurityGroup, &self.val(e, groups_key)),
            port: self.port(e, "Port"),
        }
    }

    fn efs_file_system(&mut self, e: &Entry<'_>) -> EfsFileSystem {
        let targets: Vec<Val> = (self.related.mount_targets.get(e.logical_id))
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(|m| self.resolver.resolve(m.properties))
            .collect();
        let mut subnets = Vec::new();
        let mut security_groups = Vec::new();
        for target in &targets {
            let null = Val::Null;
            for subnet in self.refs_to(KindTag::Subnet, target.get("SubnetId").unwrap_or(&null)) {
                if !subnets.contains(&subnet) {
                    subnets.push(subnet);
                }
            }
            let groups = target.get("SecurityGroups").unwrap_or(&null);
            for group in self.refs_to(KindTag::SecurityGroup, groups) {
                if !security_groups.contains(&group) {
                    security_groups.push(group);
                }
            }
        }
        EfsFileSystem {
            encrypted: self.val(e, "Encrypted").as_bool().unwrap_or(false),
            subnets,
            security_groups,
            // Bursting is also what an absent mode means.
            throughput_mode: (self.val(e, "ThroughputMode").to_text())
                .map(|t| t.to_lowercase())
                .filter(|t| t != "bursting"),
            provisioned_throughput_mibps: self
                .val(e, "ProvisionedThroughputInMibps")
                .as_f64()
                .filter(|n| n.is_finite() && *n >= 0.0),
        }
    }
}
