//! What a design costs each month: every resource priced from a dated
//! price table (`prices.rs`, data in `prices.json`) with the usage the
//! design states or the defaults it assumes (`defaults.rs`), and the data
//! each flow carries through NAT gateways, endpoints, load balancers and
//! across zones, read from the reachability paths (`traffic.rs`). Pricing
//! per kind is in `resources.rs`.
//!
//! The estimate is pure and cannot fail: a resource the table cannot price
//! gets a line at zero and an assumption saying so.

pub mod defaults;
pub mod prices;
mod resources;
pub mod traffic;

pub use prices::{Price, PriceTable, RegionPrices};

use crate::index::Index;
use crate::model::{Design, ResourceId};
use crate::reach::{self, FlowReport};
use crate::sort;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What the NAT cost rules weigh: the traffic of the flows that pass a NAT
/// gateway (a default route of a source subnet leads to one, and the
/// flow's path goes through it) and the monthly figure of each NAT gateway
/// and Elastic IP, priced as the estimate prices them. Built once per
/// index by [`Index::nat_costs`], and cheaper than the whole estimate:
/// it reads the traced routes and weighs only those flows.
#[derive(Debug)]
pub struct NatCosts {
    pub flows: Vec<traffic::FlowTraffic>,
    by_resource: HashMap<ResourceId, f64>,
}

impl NatCosts {
    pub fn of(index: &Index<'_>) -> Self {
        // The NAT gateway a source subnet's default route leads to.
        let nat_of = |subnet: &ResourceId| {
            index
                .route_table_of(subnet)
                .and_then(|(_, rt)| crate::rules::routing::default_route_target(rt))
                .filter(|target| index.nat(target).is_some())
        };
        // A cheap look at what `traffic::one` weighs in full, so that only
        // the flows through a NAT gateway are weighed.
        let passes_nat = |flow: &crate::model::Flow, route: &reach::Route<'_>| {
            index.get(&flow.source).is_some_and(|source| {
                source.kind.subnets().iter().filter_map(nat_of).any(|nat| route.path.contains(&nat))
            })
        };
        let flows: Vec<_> = index
            .design
            .flows
            .iter()
            .zip(index.flow_routes())
            .filter_map(|(flow, route)| route.as_ref().map(|r| (flow, r)))
            .filter(|(flow, route)| passes_nat(flow, route))
            .filter_map(|(flow, route)| traffic::one(index, &flow.id, &route.path))
            .filter(|traffic| !traffic.nat.is_empty())
            .collect();
        let totals = traffic::Totals::of(&flows);
        let table = PriceTable::builtin();
        let prices = table.region(&index.design.region).1;
        let mut pricer = resources::Pricer::new(index, prices, table.hours_per_month, &totals);
        for tag in [crate::model::KindTag::NatGateway, crate::model::KindTag::ElasticIp] {
            for r in index.of_kind(tag) {
                pricer.price(r);
            }
        }
        let mut by_resource: HashMap<ResourceId, f64> = HashMap::new();
        for line in pricer.finish().0 {
            *by_resource.entry(line.resource).or_default() += line.monthly_usd;
        }
        Self { flows, by_resource }
    }

    /// The monthly figure of a NAT gateway or Elastic IP.
    pub fn of_resource(&self, id: &ResourceId) -> f64 {
        cents(self.by_resource.get(id).copied().unwrap_or(0.0))
    }
}

/// What a line of the estimate pays for, for the per-category view.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CostCategory {
    NatGateways,
    Endpoints,
    LoadBalancers,
    /// Transit gateway attachments, VPN connections and flow logs.
    Connectivity,
    PublicIpv4,
    DataTransfer,
    Compute,
    Databases,
    Integration,
    Storage,
    NoCharge,
    NotPriced,
}

impl CostCategory {
    pub fn title(self) -> &'static str {
        match self {
            Self::NatGateways => "NAT gateways",
            Self::Endpoints => "VPC endpoints",
            Self::LoadBalancers => "Load balancers",
            Self::Connectivity => "Transit, VPN and flow logs",
            Self::PublicIpv4 => "Public IPv4 addresses",
            Self::DataTransfer => "Data transfer",
            Self::Compute => "Compute",
            Self::Databases => "Databases and caches",
            Self::Integration => "Queues and APIs",
            Self::Storage => "Storage and logs",
            Self::NoCharge => "No charge",
            Self::NotPriced => "Not priced",
        }
    }
}

/// One priced item: `quantity` units at `unit_price_usd` each.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CostLine {
    pub resource: ResourceId,
    pub resource_name: String,
    pub category: CostCategory,
    pub description: String,
    pub quantity: f64,
    pub unit: String,
    pub unit_price_usd: f64,
    /// `quantity × unit_price_usd`, rounded to the cent.
    pub monthly_usd: f64,
}

/// A design's monthly estimate (the default: nothing priced yet).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// The sum of the lines, in US dollars.
    pub total_monthly_usd: f64,
    /// The design's region, and the region whose prices were used (the
    /// table's fallback when it lacks the design's).
    pub region: String,
    pub priced_region: String,
    /// The price table's version (the date its prices were read).
    pub price_table_version: String,
    pub lines: Vec<CostLine>,
    pub assumptions: Vec<String>,
}

impl Estimate {
    /// The monthly total of each category with a line, largest first.
    pub fn by_category(&self) -> Vec<(CostCategory, f64)> {
        let mut sums: std::collections::BTreeMap<CostCategory, f64> = Default::default();
        for line in &self.lines {
            *sums.entry(line.category).or_default() += line.monthly_usd;
        }
        let mut out: Vec<(CostCategory, f64)> = sums.into_iter().collect();
        out.iter_mut().for_each(|(_, sum)| *sum = cents(*sum));
        sort::sort_by(&mut out, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }

    /// The monthly total of each resource with a line, largest first, with
    /// its name.
    pub fn by_resource(&self) -> Vec<(ResourceId, String, f64)> {
        let mut out: Vec<(ResourceId, String, f64)> = Vec::new();
        for line in &self.lines {
            match out.iter_mut().find(|(id, _, _)| *id == line.resource) {
                Some((_, _, sum)) => *sum += line.monthly_usd,
                None => {
                    out.push((line.resource.clone(), line.resource_name.clone(), line.monthly_usd))
                }
            }
        }
        out.iter_mut().for_each(|(_, _, sum)| *sum = cents(*sum));
        sort::sort_by(&mut out, |a, b| b.2.total_cmp(&a.2));
        out
    }

    /// The monthly total of the lines of one resource.
    pub fn of_resource(&self, id: &ResourceId) -> f64 {
        cents(self.lines.iter().filter(|l| &l.resource == id).map(|l| l.monthly_usd).sum())
    }
}

/// Rounds to the cent.
pub fn cents(usd: f64) -> f64 {
    let rounded = (usd * 100.0).round() / 100.0;
    // Negative zero prints as "-0"; it is zero.
    if rounded == 0.0 { 0.0 } else { rounded }
}

/// `$1,234.56`.
pub fn format_usd(usd: f64) -> String {
    let cents_total = (usd * 100.0).round() as i64;
    let (whole, frac) = (cents_total / 100, (cents_total % 100).abs());
    format!("${}.{frac:02}", defaults::thousands(whole as f64))
}

/// The design's estimate with the built-in price table.
pub fn estimate(design: &Design) -> Estimate {
    estimate_with(design, PriceTable::builtin())
}

/// The design's estimate with the given price table.
pub fn estimate_with(design: &Design, table: &PriceTable) -> Estimate {
    let index = Index::new(design);
    let reports = reach::analyze_index(&index);
    estimate_index(&index, &reports, table)
}

/// The estimate from an index and the flows' reachability, for callers
/// that have both already (the rules).
pub fn estimate_index(index: &Index<'_>, reports: &[FlowReport], table: &PriceTable) -> Estimate {
    let design = index.design;
    let (priced_region, prices) = table.region(&design.region);
    let version = match &table.databases_version {
        Some(v) if *v != table.version => {
            format!("{} (databases, caches and file systems: {v})", table.version)
        }
        _ => table.version.clone(),
    };
    let mut assumptions = vec![format!(
        "Prices of {} ({priced_region}) from the price table of {version}, {} hours a month.",
        prices.name, table.hours_per_month
    )];
    if priced_region != design.region {
        assumptions.push(format!(
            "The price table has no prices for {}: {priced_region}'s are used.",
            design.region
        ));
    }
    assumptions.extend(defaults::general_assumptions());
    let flows = traffic::flows(index, reports);
    let totals = traffic::Totals::of(&flows);
    let mut pricer = resources::Pricer::new(index, prices, table.hours_per_month, &totals);
    for resource in &design.resources {
        pricer.price(resource);
    }
    let (lines, extra) = pricer.finish();
    assumptions.extend(extra);
    let total = cents(lines.iter().map(|l| l.monthly_usd).sum());
    Estimate {
        total_monthly_usd: total,
        region: design.region.clone(),
        priced_region: priced_region.to_owned(),
        price_table_version: table.version.clone(),
        lines,
        assumptions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dollars_are_formatted_with_cents_and_thousands() {
        assert_eq!(format_usd(77.38), "$77.38");
        assert_eq!(format_usd(1234.5), "$1,234.50");
        assert_eq!(format_usd(0.0), "$0.00");
        assert_eq!(cents(0.3504), 0.35);
        assert_eq!(cents(-0.001), 0.0);
    }
}
