//! EKS: a cluster's Kubernetes API on tcp/443, reached at its private
//! endpoint from inside its VPC or at its public endpoint from anywhere
//! else, and the cluster security group that the control plane and the
//! managed nodes share (`model/containers.rs` says how it is modelled).

use super::network::to_network_target;
use super::peer::Peer;
use super::route;
use super::security_group::{group_or_cidr, ingress};
use super::trace::Trace;
use crate::fix::{Edit, QuickFix};
use crate::index::Index;
use crate::model::{EksCluster, Kind, Protocol, Resource, ResourceId};

/// The port of the Kubernetes API.
pub(crate) const API_PORT: u16 = 443;

/// The cluster whose cluster security group a resource is a member of: a
/// cluster itself, or the cluster of a managed node group.
pub(crate) fn cluster_group<'d>(index: &Index<'d>, resource: &Resource) -> Option<&'d Resource> {
    let id = match &resource.kind {
        Kind::EksCluster(_) => &resource.id,
        Kind::EksNodeGroup(ng) => &ng.cluster,
        _ => return None,
    };
    index.get(id).filter(|c| matches!(c.kind, Kind::EksCluster(_)))
}

/// Egress from a member of a cluster security group, which allows all
/// traffic out: the hop, or `false` for any other source.
pub(crate) fn cluster_egress<'d>(t: &mut Trace<'_, 'd>, source: &'d Resource) -> bool {
    let Some(cluster) = cluster_group(t.index, source) else {
        return false;
    };
    t.hop(
        &cluster.id,
        format_args!("cluster security group of {:?} allows all egress", cluster.name),
    );
    true
}

/// Ingress to a member of a cluster security group, which admits all
/// traffic from its members: the hop or the blocker, or `false` when the
/// receiver's own security groups decide (a cluster's additional groups,
/// or any resource outside a cluster).
pub(crate) fn cluster_ingress<'d>(
    t: &mut Trace<'_, 'd>,
    receiver: &'d Resource,
    groups: &[ResourceId],
    from: &Peer<'_>,
    from_name: &str,
) -> bool {
    let Some(cluster) = cluster_group(t.index, receiver) else {
        return false;
    };
    if from.cluster == Some(&cluster.id) {
        t.hop(
            &cluster.id,
            format_args!(
                "cluster security group of {:?} admits all traffic from the cluster and its nodes",
                cluster.name
            ),
        );
        return true;
    }
    if !groups.is_empty() {
        return false;
    }
    let what = match &receiver.kind {
        Kind::EksNodeGroup(_) => format!("the nodes of node group {:?} are", receiver.name),
        _ => format!("the control plane of EKS cluster {:?} is", receiver.name),
    };
    t.block(
        format!(
            "{what} only in the cluster security group of {:?}, which admits only the cluster and \
             its nodes unless a rule added outside the design admits {} from {from_name:?}",
            cluster.name,
            t.traffic()
        ),
        vec![receiver.id.clone(), cluster.id.clone()],
        None,
    );
    true
}

/// A flow from inside a VPC to a cluster's API: through the private
/// endpoint from the cluster's own VPC when it is on, else out to the
/// public endpoint.
pub(crate) fn api_from_vpc<'d>(
    t: &mut Trace<'_, 'd>,
    source: &'d Resource,
    target: &'d Resource,
    cluster: &EksCluster,
) {
    if !api_port(t, target) {
        return;
    }
    let index = t.index;
    let vpc = index.vpc_of(&source.id);
    let same_vpc = vpc.is_some() && vpc == index.vpc_of(&target.id);
    if cluster.endpoint_private && same_vpc {
        dns(t, target);
        to_network_target(t, source, target);
        let from = Peer::of_resource(index, &source.id);
        let fix_from = |t: &Trace<'_, '_>| group_or_cidr(t, source);
        ingress(t, target, index.security_groups_of(target), &from, &source.name, fix_from);
        t.hop(&target.id, "private API endpoint");
        return;
    }
    if !cluster.endpoint_public {
        let why = if cluster.endpoint_private {
            "its private endpoint answers only inside its own VPC"
        } else {
            "it has neither a public nor a private API endpoint"
        };
        let fix = if same_vpc { enable_private(target) } else { enable_public(target) };
        t.block(
            format!(
                "{:?} cannot reach the API of EKS cluster {:?}: {why}",
                source.name, target.name
            ),
            vec![source.id.clone(), target.id.clone()],
            Some(fix),
        );
        return;
    }
    // Without the private endpoint, the cluster's name resolves to the
    // public endpoint, reached through the way out to the internet.
    route::internet_path(t, source);
    if t.is_blocked() && same_vpc {
        t.alternative(enable_private(target));
    }
    let fix = same_vpc.then(|| enable_private(target));
    public(t, source, target, cluster, fix);
}

/// A flow from the internet or from outside any VPC to a cluster's API,
/// which only the public endpoint answers.
pub(crate) fn api_from_outside<'d>(
    t: &mut Trace<'_, 'd>,
    source: &'d Resource,
    target: &'d Resource,
    cluster: &EksCluster,
) {
    if !api_port(t, target) {
        return;
    }
    if !cluster.endpoint_public {
        t.block(
            format!(
                "EKS cluster {:?} has no public API endpoint, so {:?} outside its VPC cannot reach \
                 it",
                target.name, source.name
            ),
            vec![target.id.clone()],
            Some(enable_public(target)),
        );
        return;
    }
    public(t, source, target, cluster, None);
}

/// The public endpoint admits the source: only when it admits every
/// address, since the design does not know the source's public address.
fn public<'d>(
    t: &mut Trace<'_, 'd>,
    source: &'d Resource,
    target: &'d Resource,
    cluster: &EksCluster,
    fix: Option<QuickFix>,
) {
    if cluster.public_to_everyone() {
        t.hop(&target.id, "public API endpoint");
        return;
    }
    let outside = if super::is_internet(&source.kind) {
        "not the whole internet".to_owned()
    } else {
        format!("and the public address of {:?} is not known to be among them", source.name)
    };
    t.block(
        format!(
            "the public API endpoint of EKS cluster {:?} admits only {}, {outside}",
            target.name,
            cluster.public_access_cidrs.join(", ")
        ),
        vec![target.id.clone()],
        fix,
    );
}

/// The API answers only tcp/443: the check, blocked for any other port.
fn api_port<'d>(t: &mut Trace<'_, 'd>, target: &'d Resource) -> bool {
    if matches!(t.protocol, Protocol::Tcp | Protocol::All)
        && (t.protocol == Protocol::All || t.port == API_PORT)
    {
        return true;
    }
    t.block(
        format!(
            "EKS cluster {:?} answers only its Kubernetes API on tcp/{API_PORT}, not {} (flows to \
             workloads go to a node group)",
            target.name,
            t.traffic()
        ),
        vec![target.id.clone()],
        None,
    );
    false
}

/// The private endpoint's name resolves inside the VPC only with DNS
/// support and DNS hostnames on.
fn dns<'d>(t: &mut Trace<'_, 'd>, target: &'d Resource) {
    let index = t.index;
    let Some((vpc_resource, vpc)) = index.vpc_of(&target.id).and_then(|v| index.vpc(v)) else {
        return;
    };
    let Some((off, edits)) = crate::fix::vpc_dns_off(&vpc_resource.id, vpc) else {
        return;
    };
    t.block(
        format!(
            "the private API endpoint of EKS cluster {:?} resolves only in a VPC with DNS support \
             and DNS hostnames on, and VPC {:?} has {off} off",
            target.name, vpc_resource.name
        ),
        vec![target.id.clone(), vpc_resource.id.clone()],
        Some(QuickFix::new(format!("Turn on {off} for VPC {:?}", vpc_resource.name), edits)),
    );
}

fn enable_private(target: &Resource) -> QuickFix {
    QuickFix::new(
        format!("Turn on the private API endpoint of {:?}", target.name),
        vec![Edit::set(&target.id, "/endpoint_private", true)],
    )
}

fn enable_public(target: &Resource) -> QuickFix {
    QuickFix::new(
        format!("Turn on the public API endpoint of {:?}", target.name),
        vec![Edit::set(&target.id, "/endpoint_public", true)],
    )
}
