//! Databases and shared storage: an RDS DB instance or an Aurora cluster
//! with its DB subnet group (and the cluster's DB instances), an
//! ElastiCache cluster or replication group with its cache subnet group,
//! an EFS file system with a mount target in each of its subnets.

use super::Exporter;
use crate::cfn::tree::Node;
use crate::model::{CacheCluster, DbCluster, EfsFileSystem, RdsInstance, ResourceId};

/// The master user of an exported database; RDS keeps its password in
/// Secrets Manager (`ManageMasterUserPassword`).
const MASTER_USERNAME: &str = "dbadmin";

impl Exporter<'_> {
    /// A subnet group of `resource_type` holding `subnets`, named after its
    /// owner; `None` when the owner has no subnets (the default VPC).
    fn subnet_group(
        &mut self,
        owner: &str,
        name: &str,
        resource_type: &str,
        description_key: &str,
        subnets: &[ResourceId],
    ) -> Option<Node> {
        if subnets.is_empty() {
            return None;
        }
        let logical = self.claim(&format!("{owner}SubnetGroup"));
        self.add(
            logical.clone(),
            resource_type,
            vec![
                (description_key, Node::Str(format!("Subnets of {name}"))),
                ("SubnetIds", self.refs(subnets)),
            ],
            vec![],
        );
        Some(Node::reference(&logical))
    }

    pub(super) fn rds_instance(&mut self, id: String, name: &str, db: &RdsInstance) {
        let group = self.subnet_group(
            &id,
            name,
            "AWS::RDS::DBSubnetGroup",
            "DBSubnetGroupDescription",
            &db.subnets,
        );
        let mut props: Vec<(&str, Node)> = vec![
            ("Engine", Node::str(&db.engine)),
            ("DBInstanceClass", Node::str(&db.instance_class)),
            ("AllocatedStorage", Node::Str(db.allocated_storage.to_string())),
            ("MasterUsername", Node::str(MASTER_USERNAME)),
            ("ManageMasterUserPassword", Node::Bool(true)),
            ("StorageEncrypted", Node::Bool(true)),
        ];
        if let Some(group) = group {
            props.push(("DBSubnetGroupName", group));
        }
        if !db.security_groups.is_empty() {
            props.push(("VPCSecurityGroups", self.refs(&db.security_groups)));
        }
        if let Some(port) = db.port {
            props.push(("Port", Node::Str(port.to_string())));
        }
        if let Some(public) = db.publicly_accessible {
            props.push(("PubliclyAccessible", Node::Bool(public)));
        }
        if db.multi_az {
            props.push(("MultiAZ", Node::Bool(true)));
        }
        if let Some(storage_type) = &db.storage_type {
            props.push(("StorageType", Node::str(storage_type)));
        }
        if let Some(iops) = db.iops {
            props.push(("Iops", Node::Int(i64::from(iops))));
        }
        props.push(("Tags", Self::name_tag(name)));
        self.add(id, "AWS::RDS::DBInstance", props, vec![]);
    }

    pub(super) fn db_cluster(&mut self, id: String, name: &str, db: &DbCluster) {
        let group = self.subnet_group(
            &id,
            name,
            "AWS::RDS::DBSubnetGroup",
            "DBSubnetGroupDescription",
            &db.subnets,
        );
        let mut props: Vec<(&str, Node)> = vec![
            ("Engine", Node::str(&db.engine)),
            ("MasterUsername", Node::str(MASTER_USERNAME)),
            ("ManageMasterUserPassword", Node::Bool(true)),
            ("StorageEncrypted", Node::Bool(true)),
        ];
        if let Some(group) = group {
            props.push(("DBSubnetGroupName", group));
        }
        if !db.security_groups.is_empty() {
            props.push(("VpcSecurityGroupIds", self.refs(&db.security_groups)));
        }
        if let Some(port) = db.port {
            props.push(("Port", Node::Int(i64::from(port))));
        }
        if let Some(storage_type) = &db.storage_type {
            props.push(("StorageType", Node::str(storage_type)));
        }
        props.push(("Tags", Self::name_tag(name)));
        self.add(id.clone(), "AWS::RDS::DBCluster", props, vec![]);
        for n in 1..=db.instances {
            let logical = self.claim(&format!("{id}Instance{n}"));
            let mut props: Vec<(&str, Node)> = vec![
                ("DBClusterIdentifier", Node::reference(&id)),
                ("Engine", Node::str(&db.engine)),
                ("DBInstanceClass", Node::str(&db.instance_class)),
            ];
            if let Some(public) = db.publicly_accessible {
                props.push(("PubliclyAccessible", Node::Bool(public)));
            }
            props.push(("Tags", Self::name_tag(&format!("{name}-{n}"))));
            self.add(logical, "AWS::RDS::DBInstance", props, vec![]);
        }
    }

    pub(super) fn cache_cluster(&mut self, id: String, name: &str, c: &CacheCluster) {
        let group = self.subnet_group(
            &id,
            name,
            "AWS::ElastiCache::SubnetGroup",
            "Description",
            &c.subnets,
        );
        let groups = (!c.security_groups.is_empty()).then(|| self.refs(&c.security_groups));
        let mut props: Vec<(&str, Node)> = Vec::new();
        if c.replication_group {
            props.push(("ReplicationGroupDescription", Node::str(name)));
        }
        props.push(("Engine", Node::str(&c.engine)));
        props.push(("CacheNodeType", Node::str(&c.node_type)));
        if c.replication_group {
            props.push(("NumCacheClusters", Node::Int(i64::from(c.nodes))));
            // Automatic failover needs a replica to fail over to.
            if c.nodes > 1 {
                props.push(("AutomaticFailoverEnabled", Node::Bool(true)));
            }
        } else {
            props.push(("NumCacheNodes", Node::Int(i64::from(c.nodes))));
        }
        if let Some(group) = group {
            props.push(("CacheSubnetGroupName", group));
        }
        if let Some(groups) = groups {
            let key = if c.replication_group { "SecurityGroupIds" } else { "VpcSecurityGroupIds" };
            props.push((key, groups));
        }
        if let Some(port) = c.port {
            props.push(("Port", Node::Int(i64::from(port))));
        }
        props.push(("Tags", Self::name_tag(name)));
        let resource_type = if c.replication_group {
            "AWS::ElastiCache::ReplicationGroup"
        } else {
            "AWS::ElastiCache::CacheCluster"
        };
        self.add(id, resource_type, props, vec![]);
    }

    pub(super) fn efs_file_system(
        &mut self,
        id: String,
        name: &str,
        design_id: &ResourceId,
        fs: &EfsFileSystem,
    ) {
        let tags = Node::List(vec![Node::Map(vec![
            ("Key".into(), Node::str("Name")),
            ("Value".into(), Node::str(name)),
        ])]);
        let mut props = vec![("Encrypted", Node::Bool(fs.encrypted)), ("FileSystemTags", tags)];
        if let Some(mode) = &fs.throughput_mode {
            props.push(("ThroughputMode", Node::str(mode)));
        }
        if let Some(mibps) = fs.provisioned_throughput_mibps {
            props.push(("ProvisionedThroughputInMibps", Node::Float(mibps)));
        }
        self.add(id.clone(), "AWS::EFS::FileSystem", props, vec![]);
        if !fs.subnets.is_empty() && fs.security_groups.is_empty() {
            self.note(
                "X005",
                "EFS mount targets without security groups",
                format!(
                    "file system {name:?} has no security groups, which CloudFormation requires \
                     for its mount targets: choose them in the design"
                ),
                design_id,
            );
        }
        for subnet in &fs.subnets {
            let zone = self.index.zone_of_subnet(subnet).unwrap_or("");
            let suffix: String = zone.chars().filter(char::is_ascii_alphanumeric).collect();
            let logical = self.claim(&format!("{id}MountTarget{}", suffix.to_uppercase()));
            let mut props: Vec<(&str, Node)> =
                vec![("FileSystemId", Node::reference(&id)), ("SubnetId", self.reference(subnet))];
            if !fs.security_groups.is_empty() {
                props.push(("SecurityGroups", self.refs(&fs.security_groups)));
            }
            self.add(logical, "AWS::EFS::MountTarget", props, vec![]);
        }
    }
}
