//! Where each flow's data goes: through which NAT gateways and interface
//! endpoints (and whether it crosses zones to reach them), through which
//! load balancers, out to the internet. Read from the reachability paths,
//! so the estimate prices the path AWS would take.

use super::defaults::{FLOW_GB, FLOW_REQUESTS};
use crate::index::Index;
use crate::model::{EndpointType, Flow, Kind, ResourceId};
use crate::reach::{FlowReport, Verdict, is_internet};
use crate::rules::routing::default_route_target;
use crate::sort;
use std::collections::{BTreeMap, BTreeSet};

/// A part of a flow's data that passes one NAT gateway or endpoint.
#[derive(Clone, Debug, PartialEq)]
pub struct Share {
    /// The NAT gateway or interface endpoint.
    pub via: ResourceId,
    /// The source subnet the share leaves from.
    pub subnet: ResourceId,
    pub gb: f64,
    /// Whether the share crosses availability zones to reach `via`.
    pub cross_az: bool,
}

/// One permitted flow's usage and the priced resources on its path.
#[derive(Clone, Debug, PartialEq)]
pub struct FlowTraffic {
    pub flow: ResourceId,
    pub source: ResourceId,
    pub target: ResourceId,
    pub gb: f64,
    pub requests: f64,
    pub nat: Vec<Share>,
    pub endpoints: Vec<Share>,
    pub load_balancers: Vec<ResourceId>,
    /// What serves the flow's requests: its target, and the functions a
    /// load balancer's target group invokes for it.
    pub served_by: Vec<ResourceId>,
    /// Set when the flow ends at the internet.
    pub internet: bool,
}

/// The GB and requests a flow carries: its usage, else the defaults.
pub fn flow_usage(index: &Index<'_>, flow: &Flow) -> (f64, f64) {
    let usage = index.design.usage.flows.get(&flow.id);
    let gb = usage.and_then(|u| u.gb_per_month).unwrap_or(FLOW_GB);
    let requests = usage.and_then(|u| u.requests_per_month).unwrap_or(FLOW_REQUESTS);
    (gb.max(0.0), requests.max(0.0))
}

/// The traffic of every permitted flow, in design order.
pub fn flows(index: &Index<'_>, reports: &[FlowReport]) -> Vec<FlowTraffic> {
    reports
        .iter()
        .filter_map(|report| match &report.verdict {
            Verdict::Permitted { path } => {
                let path: Vec<&ResourceId> = path.iter().map(|h| &h.resource).collect();
                one(index, &report.flow, &path)
            }
            Verdict::Blocked { .. } => None,
        })
        .collect()
}

/// The traffic of one permitted flow, from the resources on its path.
pub(crate) fn one(
    index: &Index<'_>,
    flow: &ResourceId,
    path: &[&ResourceId],
) -> Option<FlowTraffic> {
    let flow = index.flow(flow)?;
    let source = index.get(&flow.source)?;
    let target = index.get(&flow.target)?;
    let (gb, requests) = flow_usage(index, flow);
    let on_path: BTreeSet<&ResourceId> = path.iter().copied().collect();
    let mut traffic = FlowTraffic {
        flow: flow.id.clone(),
        source: source.id.clone(),
        target: target.id.clone(),
        gb,
        requests,
        nat: Vec::new(),
        endpoints: Vec::new(),
        load_balancers: Vec::new(),
        served_by: vec![target.id.clone()],
        internet: is_internet(&target.kind),
    };
    let mut gateway_tables: BTreeSet<&ResourceId> = BTreeSet::new();
    for id in &on_path {
        match index.get(id).map(|r| &r.kind) {
            Some(Kind::LoadBalancer(_)) => traffic.load_balancers.push((*id).clone()),
            // A path through a load balancer names its listener.
            Some(Kind::Listener(l)) => traffic.load_balancers.push(l.load_balancer.clone()),
            Some(Kind::LambdaFunction(_)) if **id != source.id && **id != target.id => {
                traffic.served_by.push((*id).clone());
            }
            Some(Kind::VpcEndpoint(ep)) if ep.endpoint_type == EndpointType::Gateway => {
                gateway_tables.extend(ep.route_tables.iter());
            }
            _ => {}
        }
    }
    sort::sort(&mut traffic.load_balancers);
    traffic.load_balancers.dedup();
    let subnets = source.kind.subnets();
    let share = gb / subnets.len().max(1) as f64;
    for subnet in subnets {
        let zone = index.zone_of_subnet(subnet);
        for id in &on_path {
            if let Some((_, ep)) = index.endpoint(id).filter(|(_, ep)| ep.is_interface()) {
                let covered = ep.subnets.iter().any(|s| index.zone_of_subnet(s) == zone);
                traffic.endpoints.push(Share {
                    via: (*id).clone(),
                    subnet: subnet.clone(),
                    gb: share,
                    cross_az: !covered,
                });
            }
        }
        let Some((table, rt)) = index.route_table_of(subnet) else {
            continue;
        };
        if gateway_tables.contains(&table.id) {
            continue;
        }
        let Some(nat) = default_route_target(rt).filter(|t| on_path.contains(t)) else {
            continue;
        };
        if let Some((_, gw)) = index.nat(nat) {
            traffic.nat.push(Share {
                via: nat.clone(),
                subnet: subnet.clone(),
                gb: share,
                cross_az: index.zone_of_subnet(&gw.subnet) != zone,
            });
        }
    }
    Some(traffic)
}

/// The flows' traffic summed by the resource it passes or reaches.
#[derive(Debug, Default)]
pub struct Totals {
    /// GB processed by each NAT gateway and interface endpoint.
    pub processed_gb: BTreeMap<ResourceId, f64>,
    /// GB that cross zones to reach each NAT gateway or endpoint.
    pub cross_az_gb: BTreeMap<ResourceId, f64>,
    /// GB and requests through each load balancer.
    pub lb_gb: BTreeMap<ResourceId, f64>,
    pub lb_requests: BTreeMap<ResourceId, f64>,
    /// GB to each internet node.
    pub internet_gb: BTreeMap<ResourceId, f64>,
    /// GB and requests of the flows into each resource.
    pub gb_in: BTreeMap<ResourceId, f64>,
    pub requests_in: BTreeMap<ResourceId, f64>,
}

impl Totals {
    pub fn of(flows: &[FlowTraffic]) -> Self {
        let mut t = Totals::default();
        let add = |map: &mut BTreeMap<ResourceId, f64>, id: &ResourceId, v: f64| {
            *map.entry(id.clone()).or_default() += v;
        };
        for f in flows {
            for share in f.nat.iter().chain(&f.endpoints) {
                add(&mut t.processed_gb, &share.via, share.gb);
                if share.cross_az {
                    add(&mut t.cross_az_gb, &share.via, share.gb);
                }
            }
            for lb in &f.load_balancers {
                add(&mut t.lb_gb, lb, f.gb);
                add(&mut t.lb_requests, lb, f.requests);
            }
            if f.internet {
                add(&mut t.internet_gb, &f.target, f.gb);
            }
            add(&mut t.gb_in, &f.target, f.gb);
            for served in &f.served_by {
                add(&mut t.requests_in, served, f.requests);
            }
        }
        t
    }

    pub fn get(map: &BTreeMap<ResourceId, f64>, id: &ResourceId) -> f64 {
        map.get(id).copied().unwrap_or(0.0)
    }
}
