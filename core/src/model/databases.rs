//! Databases and shared storage placed in a VPC: RDS DB instances, Aurora
//! clusters, ElastiCache clusters and EFS file systems. Each spans the
//! subnets of its subnet group (for a file system, of its mount targets),
//! sits behind its security groups and answers on its engine's port.

use super::ResourceId;
use serde::{Deserialize, Serialize};

/// The port a database or cache engine listens on when the design names
/// none, as AWS defaults it.
pub fn engine_port(engine: &str) -> u16 {
    let engine = engine.to_ascii_lowercase();
    if engine.contains("postgres") {
        5432
    } else if engine.starts_with("oracle") {
        1521
    } else if engine.starts_with("sqlserver") {
        1433
    } else if engine.starts_with("db2") {
        50000
    } else if engine == "memcached" {
        11211
    } else if engine == "redis" || engine == "valkey" {
        6379
    } else {
        // MySQL, MariaDB and Aurora MySQL (`aurora`, `aurora-mysql`).
        3306
    }
}

/// The NFS port EFS mount targets answer on.
pub const NFS_PORT: u16 = 2049;

impl super::Kind {
    /// The port a database, cache or file system answers on: its own, else
    /// its engine's default; `None` for the other kinds.
    pub fn data_port(&self) -> Option<u16> {
        use super::Kind;
        match self {
            Kind::RdsInstance(db) => Some(db.port.unwrap_or_else(|| engine_port(&db.engine))),
            Kind::DbCluster(db) => Some(db.port.unwrap_or_else(|| engine_port(&db.engine))),
            Kind::CacheCluster(c) => Some(c.port.unwrap_or_else(|| engine_port(&c.engine))),
            Kind::EfsFileSystem(_) => Some(NFS_PORT),
            _ => None,
        }
    }

    /// Whether a database asks for a public address: `Some` when it says,
    /// `None` when AWS decides (`Index::publicly_accessible`) or for the
    /// other kinds.
    pub fn publicly_accessible(&self) -> Option<bool> {
        match self {
            super::Kind::RdsInstance(db) => db.publicly_accessible,
            super::Kind::DbCluster(db) => db.publicly_accessible,
            _ => None,
        }
    }
}

/// An RDS DB instance. `subnets` are those of its DB subnet group (none:
/// the region's default VPC); `publicly_accessible` absent means AWS's
/// default, public when its VPC has an internet gateway attached.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RdsInstance {
    #[serde(default = "default_rds_engine")]
    pub engine: String,
    #[serde(default = "default_rds_class")]
    pub instance_class: String,
    #[serde(default)]
    pub subnets: Vec<ResourceId>,
    #[serde(default)]
    pub security_groups: Vec<ResourceId>,
    /// The port; absent, the engine's default ([`engine_port`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publicly_accessible: Option<bool>,
    #[serde(default)]
    pub multi_az: bool,
    /// The storage in GiB.
    #[serde(default = "default_storage")]
    pub allocated_storage: u32,
    /// The storage type (`gp2`, `gp3`, `io1`, `io2`, `standard`); absent,
    /// AWS's default general-purpose SSD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_type: Option<String>,
    /// The provisioned IOPS of `io1`, `io2` or `gp3` storage; absent, none
    /// (or gp3's baseline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iops: Option<u32>,
}

fn default_rds_engine() -> String {
    "postgres".to_owned()
}

fn default_rds_class() -> String {
    "db.t3.micro".to_owned()
}

fn default_storage() -> u32 {
    20
}

impl Default for RdsInstance {
    fn default() -> Self {
        Self {
            engine: default_rds_engine(),
            instance_class: default_rds_class(),
            subnets: Vec::new(),
            security_groups: Vec::new(),
            port: None,
            publicly_accessible: None,
            multi_az: false,
            allocated_storage: default_storage(),
            storage_type: None,
            iops: None,
        }
    }
}

/// An Aurora DB cluster with its DB instances folded in: `instances` of
/// `instance_class`, all publicly accessible or not alike.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DbCluster {
    #[serde(default = "default_aurora_engine")]
    pub engine: String,
    #[serde(default = "default_aurora_class")]
    pub instance_class: String,
    /// The number of DB instances (a writer and its readers).
    #[serde(default = "default_instances")]
    pub instances: u32,
    #[serde(default)]
    pub subnets: Vec<ResourceId>,
    #[serde(default)]
    pub security_groups: Vec<ResourceId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publicly_accessible: Option<bool>,
    /// The storage configuration: `aurora` (Aurora Standard, also when
    /// absent) or `aurora-iopt1` (I/O-Optimized).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_type: Option<String>,
}

fn default_aurora_engine() -> String {
    "aurora-postgresql".to_owned()
}

fn default_aurora_class() -> String {
    "db.r6g.large".to_owned()
}

fn default_instances() -> u32 {
    2
}

impl Default for DbCluster {
    fn default() -> Self {
        Self {
            engine: default_aurora_engine(),
            instance_class: default_aurora_class(),
            instances: default_instances(),
            subnets: Vec::new(),
            security_groups: Vec::new(),
            port: None,
            publicly_accessible: None,
            storage_type: None,
        }
    }
}

impl DbCluster {
    /// Whether the cluster is Aurora I/O-Optimized.
    pub fn io_optimized(&self) -> bool {
        self.storage_type.as_deref().is_some_and(|t| t.eq_ignore_ascii_case("aurora-iopt1"))
    }
}

/// An ElastiCache cluster (`AWS::ElastiCache::CacheCluster`) or, with
/// `replication_group`, a Redis or Valkey replication group of `nodes`
/// nodes; `subnets` are those of its cache subnet group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CacheCluster {
    #[serde(default = "default_cache_engine")]
    pub engine: String,
    #[serde(default = "default_node_type")]
    pub node_type: String,
    #[serde(default = "one")]
    pub nodes: u32,
    #[serde(default)]
    pub replication_group: bool,
    #[serde(default)]
    pub subnets: Vec<ResourceId>,
    #[serde(default)]
    pub security_groups: Vec<ResourceId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
}

fn default_cache_engine() -> String {
    "redis".to_owned()
}

fn default_node_type() -> String {
    "cache.t3.micro".to_owned()
}

fn one() -> u32 {
    1
}

impl Default for CacheCluster {
    fn default() -> Self {
        Self {
            engine: default_cache_engine(),
            node_type: default_node_type(),
            nodes: 1,
            replication_group: false,
            subnets: Vec::new(),
            security_groups: Vec::new(),
            port: None,
        }
    }
}

/// An EFS file system with its mount targets folded in: one in each of
/// `subnets` (at most one per zone), all with `security_groups`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EfsFileSystem {
    #[serde(default = "yes")]
    pub encrypted: bool,
    #[serde(default)]
    pub subnets: Vec<ResourceId>,
    #[serde(default)]
    pub security_groups: Vec<ResourceId>,
    /// The throughput mode: `bursting` (also when absent), `elastic` or
    /// `provisioned`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub throughput_mode: Option<String>,
    /// The throughput provisioned in `provisioned` mode, in MiB/s.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provisioned_throughput_mibps: Option<f64>,
}

fn yes() -> bool {
    true
}

impl Default for EfsFileSystem {
    fn default() -> Self {
        Self {
            encrypted: true,
            subnets: Vec::new(),
            security_groups: Vec::new(),
            throughput_mode: None,
            provisioned_throughput_mibps: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::engine_port;

    #[test]
    fn engines_listen_on_their_default_ports() {
        let ports: Vec<(&str, u16)> = [
            "postgres",
            "aurora-postgresql",
            "mysql",
            "MySQL",
            "aurora-mysql",
            "aurora",
            "mariadb",
            "oracle-se2",
            "sqlserver-ex",
            "redis",
            "valkey",
            "memcached",
        ]
        .into_iter()
        .map(|e| (e, engine_port(e)))
        .collect();
        assert_eq!(
            ports,
            [
                ("postgres", 5432),
                ("aurora-postgresql", 5432),
                ("mysql", 3306),
                ("MySQL", 3306),
                ("aurora-mysql", 3306),
                ("aurora", 3306),
                ("mariadb", 3306),
                ("oracle-se2", 1521),
                ("sqlserver-ex", 1433),
                ("redis", 6379),
                ("valkey", 6379),
                ("memcached", 11211),
            ]
        );
    }
}
