//! Pricing RDS DB instances, Aurora clusters, ElastiCache clusters and EFS
//! file systems from `prices_databases.json`: instance and node hours by
//! class, storage by type, Aurora's I/O, EFS's storage classes.

use super::{C, Pricer, plural};
use crate::cost::defaults::*;
use crate::model::{CacheCluster, DbCluster, EfsFileSystem, RdsInstance, Resource};

/// The engine family whose prices an RDS engine pays, if the table has it.
fn rds_family(engine: &str) -> Option<&'static str> {
    let engine = engine.to_ascii_lowercase();
    if engine.contains("postgres") {
        Some("postgres")
    } else if engine == "mysql" || engine == "mariadb" {
        Some("mysql")
    } else {
        None
    }
}

/// The storage type whose price an RDS storage type pays, and the type it
/// stands in for when it is another.
fn storage_key(storage_type: Option<&str>) -> (&'static str, Option<String>) {
    match storage_type.map(str::to_ascii_lowercase).as_deref() {
        None | Some("gp2") => ("gp2", None),
        Some("gp3") => ("gp3", None),
        Some("io1") => ("io1", None),
        Some("standard") => ("standard", None),
        Some(other) => ("io1", Some(other.to_owned())),
    }
}

impl<'d> Pricer<'_, 'd> {
    pub(super) fn rds_instance(&mut self, r: &'d Resource, db: &RdsInstance) {
        self.database_assumptions();
        let Some(family) = rds_family(&db.engine) else {
            self.unpriced_kind(r, &format!("RDS {} {}", db.engine, db.instance_class));
            return;
        };
        let copies = if db.multi_az { 2.0 } else { 1.0 };
        let key = format!("rds.{family}.{}.hour", db.instance_class);
        self.known_or_say(r, &key, &db.instance_class);
        let what = if db.multi_az {
            format!("{} {} Multi-AZ (primary and standby)", db.engine, db.instance_class)
        } else {
            format!("{} {} Single-AZ", db.engine, db.instance_class)
        };
        self.line(r, C::Databases, what, copies * self.hours, "instance-hours", &key);
        let (storage, instead_of) = storage_key(db.storage_type.as_deref());
        if let Some(other) = instead_of {
            self.say(format!("RDS storage type {other} ({:?}) is priced as io1.", r.name));
        }
        let gb = f64::from(db.allocated_storage);
        let what = if db.multi_az {
            format!("{storage} storage: {gb} GB, twice (Multi-AZ)")
        } else {
            format!("{storage} storage: {gb} GB")
        };
        let key = format!("rds.storage.{storage}.gb_month");
        self.line(r, C::Databases, what, copies * gb, "GB-months", &key);
        self.provisioned_iops(r, db, storage, copies);
    }

    /// The IOPS an RDS instance provisions beyond what its storage
    /// includes: all of them on io1 and io2, those above the baseline on
    /// gp3 (3,000 IOPS, 12,000 from 400 GB); other types provision none.
    fn provisioned_iops(&mut self, r: &'d Resource, db: &RdsInstance, storage: &str, copies: f64) {
        let Some(iops) = db.iops else {
            return;
        };
        let (key, paid, what) = match storage {
            "io1" => ("rds.iops.io1.month", iops, format!("provisioned IOPS: {iops}")),
            "gp3" => {
                let baseline = if db.allocated_storage >= 400 { 12_000 } else { 3_000 };
                let above = iops.saturating_sub(baseline);
                let what = format!("gp3 IOPS above the {baseline} included: {above} of {iops}");
                ("rds.iops.gp3.month", above, what)
            }
            other => {
                self.say(format!(
                    "RDS {other} storage provisions no IOPS ({:?}): its {iops} IOPS are not \
                     counted.",
                    r.name
                ));
                return;
            }
        };
        if paid > 0 {
            let what = if db.multi_az { format!("{what}, twice (Multi-AZ)") } else { what };
            self.line(r, C::Databases, what, copies * f64::from(paid), "IOPS-months", key);
        }
    }

    pub(super) fn db_cluster(&mut self, r: &'d Resource, db: &DbCluster) {
        self.database_assumptions();
        // I/O-Optimized pays more for instances and storage and nothing
        // for I/O.
        let (config, tier) = if db.io_optimized() {
            ("I/O-Optimized", "aurora.iopt1")
        } else {
            ("Standard", "aurora")
        };
        let key = format!("{tier}.{}.hour", db.instance_class);
        self.known_or_say(r, &key, &db.instance_class);
        let n = f64::from(db.instances);
        self.line(
            r,
            C::Databases,
            format!(
                "Aurora {} {config}: {} × {} instance{}",
                db.engine,
                db.instances,
                db.instance_class,
                plural(db.instances as usize)
            ),
            n * self.hours,
            "instance-hours",
            &key,
        );
        let stored = self.own_gb(&r.id).unwrap_or(AURORA_STORED_GB);
        let storage = format!("{tier}.storage.gb_month");
        let what = format!("Aurora {config} storage");
        self.line(r, C::Databases, what, stored, "GB-months", &storage);
        if db.io_optimized() {
            return;
        }
        let io = self
            .usage(&r.id)
            .and_then(|u| u.io_requests_per_month)
            .unwrap_or(AURORA_IO_REQUESTS)
            .max(0.0);
        self.line(r, C::Databases, "Aurora I/O requests", io, "requests", "aurora.io_request");
    }

    pub(super) fn cache_cluster(&mut self, r: &'d Resource, c: &CacheCluster) {
        self.database_assumptions();
        let key = format!("elasticache.{}.hour", c.node_type);
        self.known_or_say(r, &key, &c.node_type);
        let n = f64::from(c.nodes);
        self.line(
            r,
            C::Databases,
            format!(
                "ElastiCache {}: {} × {} node{}",
                c.engine,
                c.nodes,
                c.node_type,
                plural(c.nodes as usize)
            ),
            n * self.hours,
            "node-hours",
            &key,
        );
    }

    pub(super) fn efs(&mut self, r: &'d Resource, fs: &EfsFileSystem) {
        self.database_assumptions();
        let standard = self.own_gb(&r.id).unwrap_or(EFS_STANDARD_GB);
        self.line(r, C::Storage, "EFS Standard", standard, "GB-months", "efs.standard.gb_month");
        let ia =
            self.usage(&r.id).and_then(|u| u.infrequent_access_gb).unwrap_or(EFS_IA_GB).max(0.0);
        if ia > 0.0 {
            self.line(r, C::Storage, "EFS Infrequent Access", ia, "GB-months", "efs.ia.gb_month");
        }
        let provisioned =
            fs.throughput_mode.as_deref().is_some_and(|m| m.eq_ignore_ascii_case("provisioned"));
        if let Some(mibps) = fs.provisioned_throughput_mibps.filter(|_| provisioned) {
            self.line(
                r,
                C::Storage,
                format!("EFS provisioned throughput: {mibps} MiB/s"),
                mibps,
                "MiB/s-months",
                "efs.provisioned.mibps_month",
            );
        }
    }

    /// Says once that a class or node type has no price in the table.
    fn known_or_say(&mut self, r: &Resource, key: &str, class: &str) {
        if self.prices.get(key).is_none() {
            self.say(format!(
                "The price table has no price for {class} ({:?}): not counted.",
                r.name
            ));
        }
    }

    fn database_assumptions(&mut self) {
        if !self.databases_said {
            self.databases_said = true;
            self.assumptions.extend(database_assumptions());
        }
    }
}
