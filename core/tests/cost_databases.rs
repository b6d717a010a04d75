//! The monthly estimate of databases, caches, file systems and Auto
//! Scaling groups: a design holding RDS instances (Single-AZ and Multi-AZ,
//! gp3 and io1 storage with provisioned IOPS, an engine the table does not
//! price), Aurora clusters (Standard and I/O-Optimized), an ElastiCache
//! replication group and EFS file systems (one with provisioned
//! throughput), with the figures worked out here from the published prices
//! (not read back from the table), the golden of every line, the usage
//! these kinds take and its round trip through a CloudFormation template,
//! and the diff of two such designs priced resource by resource.

mod common;

use common::{fixtures, load};
use expect_test::expect_file;
use vpcraft_core::cost::{CostCategory, Estimate, PriceTable, cents, estimate};
use vpcraft_core::{ResourceId, cfn};

const HOURS: f64 = 730.0;

/// US East (N. Virginia) on-demand prices (read 2026-12-04; the table
/// cites each page and marks the ones no page confirmed).
mod us {
    pub const T3_MEDIUM_HOUR: f64 = 0.0416;
    pub const RDS_PG_T4G_SMALL_HOUR: f64 = 0.032;
    pub const RDS_MYSQL_M5_LARGE_HOUR: f64 = 0.171;
    pub const RDS_GP3_GB_MONTH: f64 = 0.115;
    pub const RDS_IO1_GB_MONTH: f64 = 0.125;
    pub const RDS_IO1_IOPS_MONTH: f64 = 0.10;
    pub const RDS_GP3_IOPS_MONTH: f64 = 0.02;
    pub const AURORA_R6G_LARGE_HOUR: f64 = 0.26;
    pub const AURORA_T4G_MEDIUM_HOUR: f64 = 0.073;
    pub const AURORA_GB_MONTH: f64 = 0.10;
    pub const AURORA_IO_REQUEST: f64 = 0.20 / 1e6;
    /// I/O-Optimized: the Standard instance price plus 30 %, and storage
    /// at its own price with the I/O included.
    pub const AURORA_IOPT_R6G_LARGE_HOUR: f64 = 0.338;
    pub const AURORA_IOPT_GB_MONTH: f64 = 0.225;
    pub const CACHE_T3_MICRO_HOUR: f64 = 0.017;
    pub const EFS_STANDARD_GB_MONTH: f64 = 0.30;
    pub const EFS_IA_GB_MONTH: f64 = 0.016;
    pub const EFS_PROVISIONED_MIBPS_MONTH: f64 = 6.0;
}

/// Europe (Ireland), for the same design moved there.
mod eu {
    pub const T3_MEDIUM_HOUR: f64 = 0.0456;
    pub const RDS_PG_T4G_SMALL_HOUR: f64 = 0.036;
    pub const RDS_MYSQL_M5_LARGE_HOUR: f64 = 0.19;
    pub const RDS_GP3_GB_MONTH: f64 = 0.127;
    pub const RDS_IO1_GB_MONTH: f64 = 0.138;
    pub const RDS_IO1_IOPS_MONTH: f64 = 0.11;
    pub const RDS_GP3_IOPS_MONTH: f64 = 0.022;
    pub const AURORA_R6G_LARGE_HOUR: f64 = 0.287;
    pub const AURORA_T4G_MEDIUM_HOUR: f64 = 0.08;
    pub const AURORA_GB_MONTH: f64 = 0.11;
    pub const AURORA_IO_REQUEST: f64 = 0.22 / 1e6;
    pub const AURORA_IOPT_R6G_LARGE_HOUR: f64 = 0.3731;
    pub const AURORA_IOPT_GB_MONTH: f64 = 0.248;
    pub const CACHE_T3_MICRO_HOUR: f64 = 0.018;
    pub const EFS_STANDARD_GB_MONTH: f64 = 0.33;
    pub const EFS_IA_GB_MONTH: f64 = 0.018;
    pub const EFS_PROVISIONED_MIBPS_MONTH: f64 = 6.6;
}

/// One region's prices, so one worked estimate serves both.
struct P {
    t3_medium: f64,
    pg_t4g_small: f64,
    mysql_m5_large: f64,
    gp3: f64,
    io1: f64,
    io1_iops: f64,
    gp3_iops: f64,
    aurora_r6g_large: f64,
    aurora_t4g_medium: f64,
    aurora_gb: f64,
    aurora_io: f64,
    aurora_iopt_r6g_large: f64,
    aurora_iopt_gb: f64,
    cache_t3_micro: f64,
    efs_standard: f64,
    efs_ia: f64,
    efs_mibps: f64,
}

const US: P = P {
    t3_medium: us::T3_MEDIUM_HOUR,
    pg_t4g_small: us::RDS_PG_T4G_SMALL_HOUR,
    mysql_m5_large: us::RDS_MYSQL_M5_LARGE_HOUR,
    gp3: us::RDS_GP3_GB_MONTH,
    io1: us::RDS_IO1_GB_MONTH,
    io1_iops: us::RDS_IO1_IOPS_MONTH,
    gp3_iops: us::RDS_GP3_IOPS_MONTH,
    aurora_r6g_large: us::AURORA_R6G_LARGE_HOUR,
    aurora_t4g_medium: us::AURORA_T4G_MEDIUM_HOUR,
    aurora_gb: us::AURORA_GB_MONTH,
    aurora_io: us::AURORA_IO_REQUEST,
    aurora_iopt_r6g_large: us::AURORA_IOPT_R6G_LARGE_HOUR,
    aurora_iopt_gb: us::AURORA_IOPT_GB_MONTH,
    cache_t3_micro: us::CACHE_T3_MICRO_HOUR,
    efs_standard: us::EFS_STANDARD_GB_MONTH,
    efs_ia: us::EFS_IA_GB_MONTH,
    efs_mibps: us::EFS_PROVISIONED_MIBPS_MONTH,
};

const EU: P = P {
    t3_medium: eu::T3_MEDIUM_HOUR,
    pg_t4g_small: eu::RDS_PG_T4G_SMALL_HOUR,
    mysql_m5_large: eu::RDS_MYSQL_M5_LARGE_HOUR,
    gp3: eu::RDS_GP3_GB_MONTH,
    io1: eu::RDS_IO1_GB_MONTH,
    io1_iops: eu::RDS_IO1_IOPS_MONTH,
    gp3_iops: eu::RDS_GP3_IOPS_MONTH,
    aurora_r6g_large: eu::AURORA_R6G_LARGE_HOUR,
    aurora_t4g_medium: eu::AURORA_T4G_MEDIUM_HOUR,
    aurora_gb: eu::AURORA_GB_MONTH,
    aurora_io: eu::AURORA_IO_REQUEST,
    aurora_iopt_r6g_large: eu::AURORA_IOPT_R6G_LARGE_HOUR,
    aurora_iopt_gb: eu::AURORA_IOPT_GB_MONTH,
    cache_t3_micro: eu::CACHE_T3_MICRO_HOUR,
    efs_standard: eu::EFS_STANDARD_GB_MONTH,
    efs_ia: eu::EFS_IA_GB_MONTH,
    efs_mibps: eu::EFS_PROVISIONED_MIBPS_MONTH,
};

/// Every priced resource of the fixture with its monthly figure.
fn expected(p: &P) -> Vec<(&'static str, f64)> {
    vec![
        // The usage says 3.5 instances on average (desired capacity 2).
        ("asg", cents(3.5 * HOURS * p.t3_medium)),
        // Single-AZ, 50 GB of gp3 with 4,000 IOPS: 1,000 above the 3,000
        // that gp3 includes under 400 GB.
        ("pg", cents(HOURS * p.pg_t4g_small) + cents(50.0 * p.gp3) + cents(1000.0 * p.gp3_iops)),
        // Multi-AZ: the primary and the standby, each with 100 GB of io1
        // and its 1,000 provisioned IOPS.
        (
            "mysql",
            cents(2.0 * HOURS * p.mysql_m5_large)
                + cents(2.0 * 100.0 * p.io1)
                + cents(2.0 * 1000.0 * p.io1_iops),
        ),
        // Two instances, the usage's 200 GB and 50 million I/Os.
        (
            "aurora",
            cents(2.0 * HOURS * p.aurora_r6g_large)
                + cents(200.0 * p.aurora_gb)
                + cents(50e6 * p.aurora_io),
        ),
        // One instance, the defaults: 20 GB and 10 million I/Os.
        (
            "aurora-small",
            cents(HOURS * p.aurora_t4g_medium)
                + cents(20.0 * p.aurora_gb)
                + cents(10e6 * p.aurora_io),
        ),
        // I/O-Optimized, one instance, the default 20 GB, no I/O charge.
        (
            "aurora-optimized",
            cents(HOURS * p.aurora_iopt_r6g_large) + cents(20.0 * p.aurora_iopt_gb),
        ),
        ("cache", cents(3.0 * HOURS * p.cache_t3_micro)),
        // And 10 MiB/s of provisioned throughput.
        (
            "files",
            cents(40.0 * p.efs_standard) + cents(500.0 * p.efs_ia) + cents(10.0 * p.efs_mibps),
        ),
        // The default: 10 GB in Standard.
        ("files-default", cents(10.0 * p.efs_standard)),
    ]
}

fn check(e: &Estimate, expected: &[(&str, f64)]) {
    for (id, usd) in expected {
        let got = e.of_resource(&ResourceId::new(*id));
        assert!((got - usd).abs() < 0.001, "{id} costs {got}, expected {usd}");
    }
    for (id, _, usd) in e.by_resource() {
        if !expected.iter().any(|(x, _)| *x == id.as_str()) {
            assert_eq!(usd, 0.0, "{id} costs {usd}, expected nothing");
        }
    }
    let total = cents(expected.iter().map(|(_, usd)| usd).sum());
    assert!((e.total_monthly_usd - total).abs() < 0.001, "{} != {total}", e.total_monthly_usd);
}

fn render(e: &Estimate) -> String {
    let mut out = format!("total {:.2} USD a month ({})\n", e.total_monthly_usd, e.priced_region);
    for l in &e.lines {
        out.push_str(&format!(
            "{} | {:?} | {} | {} {} x {} = {:.2}\n",
            l.resource,
            l.category,
            l.description,
            l.quantity,
            l.unit,
            l.unit_price_usd,
            l.monthly_usd
        ));
    }
    for a in &e.assumptions {
        out.push_str(&format!("assumes: {a}\n"));
    }
    out
}

fn design() -> vpcraft_core::Design {
    load(&fixtures("cost").join("us-east-1-databases.json"))
}

#[test]
fn databases_caches_and_file_systems_are_priced_by_class_storage_and_usage() {
    let e = estimate(&design());
    check(&e, &expected(&US));
    expect_file![fixtures("cost").join("us-east-1-databases.estimate")].assert_eq(&render(&e));
    let databases = e.by_category().into_iter().find(|(c, _)| *c == CostCategory::Databases);
    assert!(databases.is_some_and(|(_, usd)| usd > 300.0), "{:?}", e.by_category());
}

#[test]
fn the_same_design_in_ireland_pays_irelands_prices() {
    let mut d = design();
    d.region = "eu-west-1".into();
    let e = estimate(&d);
    assert_eq!(e.priced_region, "eu-west-1");
    check(&e, &expected(&EU));
}

#[test]
fn an_engine_the_table_lacks_is_named_and_unconfirmed_prices_are_listed() {
    let e = estimate(&design());
    let oracle = e.lines.iter().find(|l| l.resource.as_str() == "oracle").unwrap();
    assert_eq!(oracle.category, CostCategory::NotPriced);
    assert!(e.assumptions.iter().any(|a| a.contains("Not priced") && a.contains("oracle-se2")));
    let unconfirmed = e
        .assumptions
        .iter()
        .find(|a| a.starts_with("Unconfirmed prices"))
        .expect("the estimate names its unconfirmed prices");
    // Every price named is one the table marks unconfirmed.
    let prices = PriceTable::builtin().region("us-east-1").1;
    let list = unconfirmed.split(": ").nth(1).unwrap().trim_end_matches('.');
    for key in list.split(", ") {
        assert!(prices.get(key).is_some_and(|p| p.unconfirmed), "{key} is not unconfirmed");
    }
    assert!(unconfirmed.contains("rds.mysql.db.m5.large.hour"), "{unconfirmed}");
    assert!(!unconfirmed.contains("efs.standard.gb_month"), "{unconfirmed}");
    assert!(!unconfirmed.contains("rds.postgres.db.t4g.small.hour"), "{unconfirmed}");
}

#[test]
fn a_design_without_databases_states_no_database_assumptions() {
    let e = estimate(&load(&fixtures("reference").join("B.json")));
    assert!(!e.assumptions.iter().any(|a| a.starts_with("Aurora") || a.starts_with("Unconfirmed")));
}

#[test]
fn usage_and_storage_types_survive_a_cloudformation_round_trip() {
    let d = design();
    for format in [cfn::Format::Yaml, cfn::Format::Json] {
        let template = cfn::export(&d, format).text;
        let again = cfn::import(&template).unwrap().design;
        assert_eq!(again.usage, d.usage, "{format:?}");
        assert_eq!(estimate(&again).total_monthly_usd, estimate(&d).total_monthly_usd);
        let storage =
            |d: &vpcraft_core::Design| match &d.resource(&ResourceId::new("mysql")).unwrap().kind {
                vpcraft_core::Kind::RdsInstance(db) => db.storage_type.clone(),
                _ => None,
            };
        assert_eq!(storage(&again).as_deref(), Some("io1"));
        // And what the prices of provisioned performance read.
        let same = |id: &str| {
            let id = ResourceId::new(id);
            assert_eq!(again.resource(&id).unwrap().kind, d.resource(&id).unwrap().kind, "{id}");
        };
        for id in ["pg", "mysql", "aurora-optimized", "files"] {
            same(id);
        }
    }
}

#[test]
fn the_diff_prices_each_resource_the_change_touched() {
    let old = design();
    let new = load(&fixtures("diff").join("databases-multi-az.json"));
    let cost = vpcraft_core::diff::diff(&old, &new).cost;
    let change = |id: &str| cost.resources.iter().find(|r| r.id.as_str() == id).unwrap().change_usd;
    // Multi-AZ doubles the db.t4g.small's hours, its 50 GB of gp3 and its
    // 1,000 IOPS above gp3's baseline.
    let orders = cents(HOURS * us::RDS_PG_T4G_SMALL_HOUR)
        + cents(50.0 * us::RDS_GP3_GB_MONTH)
        + cents(1000.0 * us::RDS_GP3_IOPS_MONTH);
    assert!((change("pg") - orders).abs() < 0.001, "{cost:?}");
    assert!((change("cache") + cents(HOURS * us::CACHE_T3_MICRO_HOUR)).abs() < 0.001);
    assert!(
        (change("asg")
            - (cents(2.0 * HOURS * us::T3_MEDIUM_HOUR) - cents(3.5 * HOURS * us::T3_MEDIUM_HOUR)))
        .abs()
            < 0.001
    );
    assert!((change("files-default") + cents(10.0 * us::EFS_STANDARD_GB_MONTH)).abs() < 0.001);
    let sum: f64 = cost.resources.iter().map(|r| r.change_usd).sum();
    assert!((sum - cost.change_usd).abs() < 0.001, "{sum} != {}", cost.change_usd);
}

#[test]
fn what_equals_aws_defaults_reads_as_absent_from_a_template() {
    let template = r#"
Resources:
  Ledger:
    Type: AWS::RDS::DBCluster
    Properties: {Engine: aurora-postgresql, StorageType: aurora}
  Fast:
    Type: AWS::RDS::DBCluster
    Properties: {Engine: aurora-postgresql, StorageType: Aurora-IOPT1}
  Files:
    Type: AWS::EFS::FileSystem
    Properties: {ThroughputMode: bursting, ProvisionedThroughputInMibps: 8}
  Orders:
    Type: AWS::RDS::DBInstance
    Properties: {Engine: postgres, DBInstanceClass: db.t4g.small, StorageType: gp3, Iops: "12000"}
"#;
    let design = cfn::import(template).unwrap().design;
    let kind = |id: &str| design.resource(&ResourceId::new(id)).unwrap().kind.clone();
    let vpcraft_core::Kind::DbCluster(ledger) = kind("ledger") else { panic!() };
    assert_eq!(ledger.storage_type, None);
    let vpcraft_core::Kind::DbCluster(fast) = kind("fast") else { panic!() };
    assert!(fast.io_optimized(), "{fast:?}");
    let vpcraft_core::Kind::EfsFileSystem(files) = kind("files") else { panic!() };
    assert_eq!((files.throughput_mode, files.provisioned_throughput_mibps), (None, Some(8.0)));
    let vpcraft_core::Kind::RdsInstance(orders) = kind("orders") else { panic!() };
    assert_eq!((orders.storage_type.as_deref(), orders.iops), (Some("gp3"), Some(12000)));
    // Bursting throughput is free: only the storage is priced.
    let e = estimate(&design);
    assert!(!e.lines.iter().any(|l| l.description.contains("throughput")), "{:?}", e.lines);
}
