//! RDS databases, Aurora clusters, ElastiCache clusters and EFS file
//! systems: each drawn across the subnets of its subnet group (or its mount
//! targets) when one of them is selected, with its security groups. Their
//! DNS names are kept so that a function whose environment names one
//! calls it.

use super::Mapper;
use aws_sdk_efs::types as efs;
use aws_sdk_elasticache::types as elasticache;
use aws_sdk_rds::types as rds;
use vpcraft_core::model::*;

/// The design IDs of data stores, by their AWS identifiers.
pub(super) fn db_id(identifier: &str) -> String {
    format!("rds-{identifier}")
}

pub(super) fn cluster_id(identifier: &str) -> String {
    format!("aurora-{identifier}")
}

pub(super) fn cache_id(identifier: &str) -> String {
    format!("cache-{identifier}")
}

fn port(port: Option<i32>) -> Option<u16> {
    port.and_then(|p| u16::try_from(p).ok()).filter(|p| *p != 0)
}

impl Mapper<'_> {
    pub(super) fn databases(&mut self) {
        let s = self.snapshot;
        for db in &s.db_instances {
            self.db_instance(db);
        }
        for cluster in &s.db_clusters {
            self.db_cluster(cluster);
        }
        for cache in &s.cache_clusters {
            self.cache_cluster(cache);
        }
        for fs in &s.file_systems {
            self.file_system(fs);
        }
    }

    fn subnets_of(&self, ids: impl IntoIterator<Item = impl AsRef<str>>) -> Vec<ResourceId> {
        let mut known: Vec<ResourceId> = Vec::new();
        for id in ids {
            if let Some(id) = self.known(id.as_ref())
                && !known.contains(&id)
            {
                known.push(id);
            }
        }
        known
    }

    fn groups_of<'a>(&self, ids: impl IntoIterator<Item = &'a str>) -> Vec<ResourceId> {
        self.subnets_of(ids)
    }

    /// Remembers that `host` (a DNS name clients connect to) is `id`'s.
    pub(super) fn host(&mut self, host: Option<&str>, id: &ResourceId, port: u16) {
        if let Some(host) = host.filter(|h| !h.is_empty()) {
            self.hosts.insert(host.to_ascii_lowercase(), (id.clone(), port));
        }
    }

    fn db_instance(&mut self, db: &rds::DbInstance) {
        let Some(identifier) = db.db_instance_identifier() else { return };
        // A cluster's members are drawn as the cluster.
        if db.db_cluster_identifier().is_some() {
            return;
        }
        let group = db.db_subnet_group();
        let subnets = self.subnets_of(
            group
                .map(|g| g.subnets())
                .unwrap_or_default()
                .iter()
                .filter_map(|s| s.subnet_identifier()),
        );
        if subnets.is_empty() {
            return;
        }
        let defaults = RdsInstance::default();
        let kind = RdsInstance {
            engine: db.engine().map_or(defaults.engine, str::to_owned),
            instance_class: db.db_instance_class().map_or(defaults.instance_class, str::to_owned),
            subnets,
            security_groups: self.groups_of(
                db.vpc_security_groups().iter().filter_map(|g| g.vpc_security_group_id()),
            ),
            port: port(db.endpoint().and_then(|e| e.port())),
            publicly_accessible: db.publicly_accessible(),
            multi_az: db.multi_az().unwrap_or(false),
            allocated_storage: db
                .allocated_storage()
                .and_then(|s| u32::try_from(s).ok())
                .unwrap_or(defaults.allocated_storage),
            storage_type: db.storage_type().map(str::to_owned),
            iops: db.iops().and_then(|n| u32::try_from(n).ok()),
        };
        let id = ResourceId::new(db_id(identifier));
        let data_port = kind.port.unwrap_or_else(|| engine_port(&kind.engine));
        self.push(id.as_str(), identifier, kind);
        self.host(db.endpoint().and_then(|e| e.address()), &id, data_port);
    }

    fn db_cluster(&mut self, cluster: &rds::DbCluster) {
        let Some(identifier) = cluster.db_cluster_identifier() else { return };
        let s = self.snapshot;
        let group = cluster.db_subnet_group().and_then(|name| {
            s.db_subnet_groups.iter().find(|g| g.db_subnet_group_name() == Some(name))
        });
        let subnets = self.subnets_of(
            group
                .map(|g| g.subnets())
                .unwrap_or_default()
                .iter()
                .filter_map(|s| s.subnet_identifier()),
        );
        if subnets.is_empty() {
            return;
        }
        let members = cluster.db_cluster_members();
        let writer = members
            .iter()
            .find(|m| m.is_cluster_writer() == Some(true))
            .or_else(|| members.first())
            .and_then(|m| m.db_instance_identifier())
            .and_then(|w| s.db_instances.iter().find(|db| db.db_instance_identifier() == Some(w)));
        let defaults = DbCluster::default();
        let kind = DbCluster {
            engine: cluster.engine().map_or(defaults.engine, str::to_owned),
            instance_class: writer
                .and_then(|w| w.db_instance_class())
                .or(cluster.db_cluster_instance_class())
                .map_or(defaults.instance_class, str::to_owned),
            instances: u32::try_from(members.len()).unwrap_or(u32::MAX),
            subnets,
            security_groups: self.groups_of(
                cluster.vpc_security_groups().iter().filter_map(|g| g.vpc_security_group_id()),
            ),
            port: port(cluster.port()),
            publicly_accessible: writer
                .and_then(|w| w.publicly_accessible())
                .or(cluster.publicly_accessible()),
            // Only I/O-Optimized differs from what an absent storage type
            // means (Aurora Standard); emulators report other values.
            storage_type: cluster
                .storage_type()
                .filter(|t| t.eq_ignore_ascii_case("aurora-iopt1"))
                .map(str::to_ascii_lowercase),
        };
        let id = ResourceId::new(cluster_id(identifier));
        let data_port = kind.port.unwrap_or_else(|| engine_port(&kind.engine));
        self.push(id.as_str(), identifier, kind);
        self.host(cluster.endpoint(), &id, data_port);
        self.host(cluster.reader_endpoint(), &id, data_port);
    }

    fn cache_cluster(&mut self, cache: &elasticache::CacheCluster) {
        let Some(identifier) = cache.cache_cluster_id() else { return };
        let s = self.snapshot;
        let group = cache.cache_subnet_group_name().and_then(|name| {
            s.cache_subnet_groups.iter().find(|g| g.cache_subnet_group_name() == Some(name))
        });
        let subnets = self.subnets_of(
            group
                .map(|g| g.subnets())
                .unwrap_or_default()
                .iter()
                .filter_map(|s| s.subnet_identifier()),
        );
        if subnets.is_empty() {
            return;
        }
        let endpoints: Vec<&elasticache::Endpoint> = cache
            .configuration_endpoint()
            .into_iter()
            .chain(cache.cache_nodes().iter().filter_map(|n| n.endpoint()))
            .collect();
        let defaults = CacheCluster::default();
        let kind = CacheCluster {
            engine: cache.engine().map_or(defaults.engine, str::to_owned),
            node_type: cache.cache_node_type().map_or(defaults.node_type, str::to_owned),
            nodes: cache.num_cache_nodes().and_then(|n| u32::try_from(n).ok()).unwrap_or(1),
            replication_group: cache.replication_group_id().is_some(),
            subnets,
            security_groups: self
                .groups_of(cache.security_groups().iter().filter_map(|g| g.security_group_id())),
            port: endpoints.iter().find_map(|e| port(e.port())),
        };
        let id = ResourceId::new(cache_id(identifier));
        let data_port = kind.port.unwrap_or_else(|| engine_port(&kind.engine));
        self.push(id.as_str(), identifier, kind);
        for endpoint in endpoints {
            self.host(endpoint.address(), &id, data_port);
        }
    }

    fn file_system(&mut self, fs: &efs::FileSystemDescription) {
        let id = fs.file_system_id();
        let targets: Vec<&super::MountTarget> = self
            .snapshot
            .mount_targets
            .iter()
            .filter(|t| t.target.file_system_id() == id)
            .collect();
        let subnets = self.subnets_of(targets.iter().map(|t| t.target.subnet_id()));
        if subnets.is_empty() {
            return;
        }
        let groups = self
            .groups_of(targets.iter().flat_map(|t| t.security_groups.iter().map(String::as_str)));
        let kind = EfsFileSystem {
            encrypted: fs.encrypted().unwrap_or(false),
            subnets,
            security_groups: groups,
            // Bursting is also what an absent mode means.
            throughput_mode: fs
                .throughput_mode()
                .map(|m| m.as_str().to_ascii_lowercase())
                .filter(|m| m != "bursting"),
            provisioned_throughput_mibps: fs.provisioned_throughput_in_mibps(),
        };
        let name = fs.name().filter(|n| !n.is_empty()).unwrap_or(id).to_owned();
        self.push(id, name, kind);
        let host = format!("{id}.efs.{}.amazonaws.com", self.snapshot.region);
        self.host(Some(&host), &ResourceId::new(id), NFS_PORT);
    }
}
