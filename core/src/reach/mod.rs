//! Reachability: whether the network lets each flow through, hop by hop.
//!
//! For every flow the analysis follows what AWS would: the source's
//! security-group egress, its subnets' route tables (local route, NAT
//! gateway, internet gateway, gateway endpoint, peering), network ACLs when
//! the design has them, the interface endpoint or load balancer in between
//! with its security group and listener, and the target's security-group
//! ingress. A permitted flow returns its path; a blocked flow returns every
//! setting in the way of the path the design intends (not only the first),
//! each with a quick fix where one change resolves it. Return traffic is
//! judged where it can be stopped: security groups are stateful, but network
//! ACLs are not, so the response must pass them on the ephemeral ports.
//! A flow whose ends depend on a resource known only at deploy time is not
//! judged.

mod eks;
mod ipv6;
mod lb;
mod nacl;
mod network;
pub mod peer;
mod route;
mod security_group;
pub mod service;
mod trace;
mod transit;

pub(crate) use route::public_ip;
pub use service::{is_internet, is_internet6, service_name};

use crate::fix::{Direction, Edit, QuickFix};
use crate::index::Index;
use crate::model::{
    Design, Flow, FlowId, Kind, Protocol, Resource, ResourceId, Scheme, SecurityGroup, SgPeer,
    VpcConfig,
};
use serde::{Deserialize, Serialize};
use trace::{Hops, Trace};

/// One step of a permitted flow's path, for highlighting on the canvas.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hop {
    pub resource: ResourceId,
    /// What this step contributes: "egress allows tcp/443 to 0.0.0.0/0".
    pub step: String,
}

/// A setting that stops a flow, with the change that would let it pass.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Blocker {
    pub message: String,
    pub resources: Vec<ResourceId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quick_fix: Option<QuickFix>,
}

/// The outcome for one flow.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    Permitted {
        path: Vec<Hop>,
    },
    Blocked {
        blockers: Vec<Blocker>,
        /// Other designs that would also let the flow through (an endpoint
        /// instead of a NAT route).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        alternatives: Vec<QuickFix>,
    },
}

/// The analysis of one flow.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlowReport {
    pub flow: FlowId,
    pub protocol: Protocol,
    pub port: u16,
    #[serde(flatten)]
    pub verdict: Verdict,
}

impl FlowReport {
    pub fn is_permitted(&self) -> bool {
        matches!(self.verdict, Verdict::Permitted { .. })
    }
}

/// Analyzes every flow of a design whose ends exist.
pub fn analyze(design: &Design) -> Vec<FlowReport> {
    analyze_index(&Index::new(design))
}

/// Analyzes every flow, reusing an index.
pub fn analyze_index(index: &Index<'_>) -> Vec<FlowReport> {
    index
        .design
        .flows
        .iter()
        .take_while(|_| !crate::cancel::requested())
        .filter_map(|flow| analyze_flow(index, flow))
        .collect()
}

/// Analyzes one flow; `None` when one of its ends does not exist.
pub fn analyze_flow(index: &Index<'_>, flow: &Flow) -> Option<FlowReport> {
    trace_flow(index, flow, Hops::Steps).map(|(report, _)| report)
}

/// A flow's route as the rules and the cost estimate read it: the report
/// (a permitted flow's path left empty, no step formatted) and the
/// resources a permitted flow passes, borrowed from the design.
#[derive(Debug)]
pub struct Route<'d> {
    pub report: FlowReport,
    pub path: Vec<&'d ResourceId>,
}

/// Like [`analyze_flow`], for the rules and the cost estimate: see
/// [`Route`]. Read it through [`Index::flow_routes`], which traces each
/// flow once.
pub(crate) fn route_flow<'d>(index: &Index<'d>, flow: &Flow) -> Option<Route<'d>> {
    trace_flow(index, flow, Hops::Resources).map(|(report, path)| Route { report, path })
}

fn trace_flow<'d>(
    index: &Index<'d>,
    flow: &Flow,
    keep: Hops,
) -> Option<(FlowReport, Vec<&'d ResourceId>)> {
    let source = index.get(&flow.source)?;
    let target = index.get(&flow.target)?;
    // What depends on a resource known only at deploy time cannot be
    // judged: its subnets' routes and its groups' rules are not in the design.
    if [source, target].iter().any(|r| depends_on_external(index, r)) {
        return None;
    }
    let port = flow.port.unwrap_or_else(|| default_port(index, target));
    let mut t = Trace::new(index, flow.protocol, port, keep);
    t.ipv6 = is_internet6(&source.kind) || is_internet6(&target.kind);
    t.hop(&source.id, "source");
    if is_internet(&source.kind) {
        from_internet(&mut t, source, target);
    } else if in_vpc(source) {
        network::from_vpc(&mut t, source, target);
    } else {
        from_outside(&mut t, source, target);
    }
    let (verdict, path) = t.finish();
    Some((FlowReport { flow: flow.id.clone(), protocol: flow.protocol, port, verdict }, path))
}

/// Whether a resource is external, or sits in external subnets or groups.
fn depends_on_external(index: &Index<'_>, resource: &Resource) -> bool {
    let external = |id: &ResourceId| index.get(id).is_some_and(|r| r.kind.is_external());
    resource.kind.is_external()
        || resource.kind.subnets().iter().any(external)
        || index.security_groups_of(resource).iter().any(external)
        // A node group's security group is its cluster's.
        || matches!(&resource.kind, Kind::EksNodeGroup(ng) if external(&ng.cluster))
}

/// A resource placed in subnets of a VPC.
pub(crate) fn in_vpc(resource: &Resource) -> bool {
    !resource.kind.subnets().is_empty()
}

/// The port a flow to `target` uses when it names none (443 when the
/// target does not exist): what the editor writes on a new flow.
pub fn default_port_to(design: &Design, target: &ResourceId) -> u16 {
    let index = Index::new(design);
    index.get(target).map_or(443, |target| default_port(&index, target))
}

/// The port a flow uses when it names none: the load balancer's first
/// listener, the target group port of a service, 443 for AWS APIs.
fn default_port(index: &Index<'_>, target: &Resource) -> u16 {
    match &target.kind {
        Kind::LoadBalancer(lb) => index
            .listeners_of_lb(&target.id)
            .iter()
            .find_map(|l| index.listener(&l.id).map(|(_, l)| l.port))
            .or_else(|| lb.classic_listeners.first().map(|l| l.port))
            .unwrap_or(80),
        Kind::EcsService(_) | Kind::Ec2Instance(_) | Kind::AutoScalingGroup(_) => index
            .target_groups_of(&target.id)
            .iter()
            .find_map(|tg| index.target_group(&tg.id).and_then(|(_, tg)| tg.port))
            .or_else(|| {
                index.classic_lbs_of(&target.id).iter().find_map(|lb| match &lb.kind {
                    Kind::LoadBalancer(lb) => lb.classic_listeners.first().map(|l| l.instance_port),
                    _ => None,
                })
            })
            .unwrap_or(80),
        kind => kind.data_port().unwrap_or(443),
    }
}

/// From the internet, only internet-facing load balancers and APIs answer.
fn from_internet<'d>(t: &mut Trace<'_, 'd>, source: &'d Resource, target: &'d Resource) {
    match &target.kind {
        Kind::LoadBalancer(lb) if lb.scheme == Scheme::InternetFacing => {
            lb::front(t, target, lb, &peer::Peer::internet(), None);
        }
        Kind::ApiGateway(_) => t.hop(&target.id, "public API endpoint"),
        Kind::EksCluster(cluster) => eks::api_from_outside(t, source, target, cluster),
        _ if in_vpc(target) && t.ipv6 => ipv6::internet_to_resource6(t, target),
        _ if in_vpc(target) && public_ip(t.index, target) => {
            route::internet_to_public(t, target);
        }
        _ => t.block(
            format!(
                "the internet reaches only internet-facing load balancers, APIs and resources with \
                 a public IP address, and {} {:?} is not one",
                target.kind.tag().title(),
                target.name
            ),
            vec![target.id.clone()],
            None,
        ),
    }
}

/// From AWS's side of the network (a function outside any VPC, an API,
/// a queue): public endpoints answer, VPC-only resources do not.
fn from_outside<'d>(t: &mut Trace<'_, 'd>, source: &'d Resource, target: &'d Resource) {
    if is_internet(&target.kind) {
        t.hop(&target.id, "internet");
        return;
    }
    if let Some(service) = service_name(&target.kind) {
        t.hop(&target.id, format_args!("public {service} endpoint"));
        return;
    }
    match &target.kind {
        Kind::LoadBalancer(lb) if lb.scheme == Scheme::InternetFacing => {
            lb::front(t, target, lb, &peer::Peer::internet(), None);
        }
        Kind::EksCluster(cluster) => eks::api_from_outside(t, source, target, cluster),
        _ if in_vpc(target) || matches!(target.kind, Kind::VpcEndpoint(_)) => {
            let what = match &target.kind {
                Kind::LoadBalancer(_) => "internal load balancer",
                Kind::VpcEndpoint(_) => "VPC endpoint",
                _ => "resource inside a VPC",
            };
            let message = if matches!(source.kind, Kind::ApiGateway(_)) {
                format!(
                    "API {:?} reaches {what} {:?} only through a VPC link (private integration)",
                    source.name, target.name
                )
            } else {
                format!(
                    "{} {:?} runs outside any VPC and cannot reach {what} {:?}",
                    source.kind.tag().title(),
                    source.name,
                    target.name
                )
            };
            let fix = attach_to_vpc(t, source, target);
            t.block(message, vec![source.id.clone(), target.id.clone()], fix);
        }
        _ => t.hop(&target.id, "target"),
    }
}

/// A quick fix that runs a function outside any VPC in the subnets of the
/// VPC-only resource it calls, with a new security group that the
/// resource's security group admits.
fn attach_to_vpc(t: &Trace<'_, '_>, source: &Resource, target: &Resource) -> Option<QuickFix> {
    let index = t.index;
    if !matches!(source.kind, Kind::LambdaFunction(_)) {
        return None;
    }
    let vpc = index.vpc_of(&target.id)?;
    let subnets: Vec<ResourceId> = target.kind.subnets().to_vec();
    if subnets.is_empty() {
        return None;
    }
    let design = index.design;
    let sg_id = design.fresh_id("sg");
    let sg_name = design.fresh_name(&format!("{}-sg", source.name));
    let mut sg = SecurityGroup::new(vpc.clone());
    sg.description = format!("Security group of function {}", source.name);
    let mut edits = vec![
        Edit::AddResource { resource: Resource::new(sg_id.as_str(), sg_name.clone(), sg) },
        Edit::set(
            &source.id,
            "/vpc_config",
            VpcConfig { subnets, security_groups: vec![sg_id.clone()] },
        ),
    ];
    if let Some(target_sg) = index.security_groups_of(target).first() {
        edits.push(Edit::AddSecurityGroupRule {
            security_group: target_sg.clone(),
            direction: Direction::Ingress,
            rule: security_group::rule(
                t,
                SgPeer::SecurityGroup(sg_id),
                format!("from {}", source.name),
            ),
        });
    }
    Some(QuickFix::new(
        format!(
            "Run {:?} in the subnets of {:?} with security group {sg_name:?}, admitted on {}",
            source.name,
            target.name,
            t.traffic()
        ),
        edits,
    ))
}
