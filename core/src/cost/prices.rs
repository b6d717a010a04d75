//! The price table: published on-demand prices per region, dated and
//! versioned in `prices.json` beside this file, each with the page it was
//! read from and when.
//!
//! To price a new kind, add its keys to every region of `prices.json` (the
//! test `every_region_prices_the_same_keys` keeps the regions in step) and
//! read them with [`RegionPrices::get`] where the kind is priced.
//!
//! The prices of databases, caches and file systems are in
//! `prices_databases.json`, one price a line, merged into the same regions
//! on load; a price that no page read on its date confirmed says
//! `"unconfirmed": true`, and an estimate that uses one names it.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// One published price.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Price {
    /// US dollars per unit.
    pub usd: f64,
    /// The unit, as a person reads it: "NAT gateway-hour", "GB processed".
    pub per: String,
    /// The AWS pricing page the price was read from.
    pub source: String,
    /// The date the price was read (ISO 8601).
    pub read: String,
    /// A caveat about this price, when it has one.
    #[serde(default)]
    pub note: Option<String>,
    /// The best-known figure, not confirmed on the date it was read.
    #[serde(default)]
    pub unconfirmed: bool,
}

/// The prices of one region.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionPrices {
    /// The region's name as AWS shows it: "Europe (Ireland)".
    pub name: String,
    pub prices: BTreeMap<String, Price>,
}

impl RegionPrices {
    /// The price under `key` ("nat_gateway.hour"), if the table has it.
    pub fn get(&self, key: &str) -> Option<&Price> {
        self.prices.get(key)
    }

    /// The dollar amount under `key`, zero for a key the table lacks (the
    /// estimate names such gaps in its assumptions).
    pub fn usd(&self, key: &str) -> f64 {
        self.get(key).map_or(0.0, |p| p.usd)
    }
}

/// The whole table: every region's prices and what they assume.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceTable {
    /// The table's version: the date its prices were last read.
    pub version: String,
    pub currency: String,
    /// Hours in a month, as AWS's own calculator counts them.
    pub hours_per_month: f64,
    /// The region whose prices stand in for a region the table lacks.
    pub fallback_region: String,
    pub regions: BTreeMap<String, RegionPrices>,
    /// The version (read date) of the database, cache and file-system
    /// prices merged in from `prices_databases.json`.
    #[serde(default)]
    pub databases_version: Option<String>,
}

fn read<T: serde::de::DeserializeOwned>(text: &str) -> serde_json::Result<T> {
    serde_json::from_str(text).and_then(serde_json::from_value)
}

/// `prices_databases.json`: more prices for regions of the main table.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Supplement {
    version: String,
    regions: BTreeMap<String, BTreeMap<String, Price>>,
}

impl PriceTable {
    /// The table built into vpcraft.
    pub fn builtin() -> &'static PriceTable {
        static TABLE: OnceLock<PriceTable> = OnceLock::new();
        // Read by way of a JSON tree, which the browser's wasm reads anyway,
        // rather than straight from the text: that would compile a second
        // reader of the table's types into the wasm.
        TABLE.get_or_init(|| {
            let mut table: PriceTable =
                read(include_str!("prices.json")).expect("the built-in price table is valid");
            let more: Supplement = read(include_str!("prices_databases.json"))
                .expect("the built-in database price table is valid");
            table.merge(more);
            table
        })
    }

    fn merge(&mut self, more: Supplement) {
        for (name, prices) in more.regions {
            if let Some(region) = self.regions.get_mut(&name) {
                region.prices.extend(prices);
            }
        }
        self.databases_version = Some(more.version);
    }

    /// The prices of `region`, or of the fallback region when the table
    /// lacks it, with the region whose prices they are.
    pub fn region(&self, region: &str) -> (&str, &RegionPrices) {
        match self.regions.get_key_value(region) {
            Some((name, prices)) => (name.as_str(), prices),
            None => {
                let (name, prices) = self
                    .regions
                    .get_key_value(&self.fallback_region)
                    .or_else(|| self.regions.iter().next())
                    .expect("the price table has at least one region");
                (name.as_str(), prices)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_table_reads_and_has_both_template_regions() {
        let table = PriceTable::builtin();
        assert_eq!(table.currency, "USD");
        assert_eq!(table.hours_per_month, 730.0);
        assert!(table.regions.contains_key("us-east-1"));
        assert!(table.regions.contains_key("eu-west-1"));
        assert_eq!(table.region("eu-west-1").1.usd("nat_gateway.hour"), 0.048);
        assert_eq!(table.region("us-east-1").1.usd("nat_gateway.hour"), 0.045);
    }

    #[test]
    fn every_region_prices_the_same_keys() {
        let table = PriceTable::builtin();
        let keys = |r: &RegionPrices| r.prices.keys().cloned().collect::<Vec<_>>();
        let first = keys(table.regions.values().next().unwrap());
        for (name, region) in &table.regions {
            assert_eq!(keys(region), first, "{name} prices other keys than the first region");
        }
    }

    #[test]
    fn every_price_names_its_source_and_date() {
        for (name, region) in &PriceTable::builtin().regions {
            for (key, price) in &region.prices {
                assert!(price.source.starts_with("https://aws.amazon.com/"), "{name} {key}");
                assert_eq!(price.read.len(), 10, "{name} {key}: read is a date");
                assert!(price.usd >= 0.0 && price.usd.is_finite(), "{name} {key}");
            }
        }
    }

    #[test]
    fn database_prices_are_merged_and_unconfirmed_ones_say_so() {
        let table = PriceTable::builtin();
        assert_eq!(table.databases_version.as_deref(), Some("2026-12-04"));
        let us = table.region("us-east-1").1;
        assert_eq!(us.usd("efs.standard.gb_month"), 0.30);
        assert!(!us.get("efs.standard.gb_month").unwrap().unconfirmed);
        assert!(us.get("rds.mysql.db.t3.micro.hour").unwrap().unconfirmed);
        // Every region gets the same database keys (checked for all keys
        // above), and the text holds one price a line.
        let text = include_str!("prices_databases.json");
        let priced = text.lines().filter(|l| l.contains("\"usd\"")).count();
        let keys: usize = table
            .regions
            .values()
            .map(|r| r.prices.keys().filter(|k| is_database_key(k)).count())
            .sum();
        assert_eq!(priced, keys);
    }

    fn is_database_key(key: &str) -> bool {
        ["rds.", "aurora.", "elasticache.", "efs."].iter().any(|p| key.starts_with(p))
    }

    #[test]
    fn an_unknown_region_uses_the_fallback() {
        let (name, prices) = PriceTable::builtin().region("ap-southeast-9");
        assert_eq!(name, "us-east-1");
        assert_eq!(prices.usd("alb.hour"), 0.0225);
    }
}
