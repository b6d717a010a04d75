//! What the builder finds entries by, gathered in one pass over the
//! template: an entry by its logical ID, the DB instances of each template
//! cluster and the mount targets of each file system. Looking these up by
//! scanning every entry per resource made the import quadratic in
//! templates with many clusters, file systems or read replicas.

use super::Entry;
use crate::cfn::import::resolve::Resolver;
use crate::cfn::metadata::Saved;
use crate::index::{FastMap, FastSet};

/// The lookups, built once per import.
#[derive(Default)]
pub(in crate::cfn::import) struct Related<'a, 't> {
    /// Each entry by its logical ID; of an ID given twice, the first.
    pub entries: FastMap<&'t str, &'a Entry<'t>>,
    /// The DB instances of each cluster the template declares, by the
    /// cluster's logical ID, in template order.
    pub cluster_members: FastMap<&'t str, Vec<&'a Entry<'t>>>,
    /// The logical IDs of the DB instances that belong to a template
    /// cluster (folded into it, so not primaries of their own).
    pub clustered: FastSet<&'t str>,
    /// The mount targets of each file system, by the file system's
    /// logical ID, in template order.
    pub mount_targets: FastMap<&'t str, Vec<&'a Entry<'t>>>,
    /// What an earlier export added on its own (a main route table's
    /// associations): not part of the design.
    pub implied: FastSet<String>,
}

impl<'a, 't> Related<'a, 't> {
    pub fn of(entries: &'a [Entry<'t>], resolver: &Resolver<'t>, saved: Option<&Saved>) -> Self {
        let mut related = Self {
            implied: saved.map(|s| s.implied.iter().cloned().collect()).unwrap_or_default(),
            ..Self::default()
        };
        for entry in entries {
            related.entries.entry(entry.logical_id).or_insert(entry);
            let (key, target) = match entry.resource_type {
                "AWS::RDS::DBInstance" => ("DBClusterIdentifier", "AWS::RDS::DBCluster"),
                "AWS::EFS::MountTarget" => ("FileSystemId", "AWS::EFS::FileSystem"),
                _ => continue,
            };
            let Some(value) = entry.properties.get(key).map(|v| resolver.resolve(v)) else {
                continue;
            };
            let Some((&logical, &(ty, _))) =
                value.target().and_then(|t| resolver.resources.get_key_value(t))
            else {
                continue;
            };
            if ty != target {
                continue;
            }
            if entry.resource_type == "AWS::RDS::DBInstance" {
                related.cluster_members.entry(logical).or_default().push(entry);
                related.clustered.insert(entry.logical_id);
            } else {
                related.mount_targets.entry(logical).or_default().push(entry);
            }
        }
        related
    }
}
