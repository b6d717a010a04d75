//! Flows that a template's network wiring implies: a security group that
//! admits another group on a port means the members of the one call the
//! members of the other there, and a listener that forwards to a target
//! group means the load balancer calls the group's targets on its port.
//! Both are inferred on the design the import built, so they hold for any
//! template, and they are bounded: at most [`MAX_PER_RULE`] pairs per rule.

use crate::model::{Design, Flow, FlowId, Kind, KindTag, PortRange, Protocol, ResourceId, SgPeer};
use std::collections::{HashMap, HashSet};

/// The most (caller, callee) pairs one security-group rule yields: a rule
/// between two large groups says "these tiers talk", which a handful of
/// flows shows as well as thousands.
const MAX_PER_RULE: usize = 16;

/// One flow the wiring implies, before it gets an ID.
struct Wired {
    pub source: ResourceId,
    pub target: ResourceId,
    pub protocol: Protocol,
    pub port: u16,
    pub label: String,
}

/// The flows the wiring of `design` implies, in design order.
fn infer(design: &Design) -> Vec<Wired> {
    let kinds: HashMap<&ResourceId, &Kind> =
        design.resources.iter().map(|r| (&r.id, &r.kind)).collect();
    let names: HashMap<&ResourceId, &str> =
        design.resources.iter().map(|r| (&r.id, r.name.as_str())).collect();
    // The members of each security group that call or are called: an
    // endpoint's callers are drawn to the service it serves, not to it.
    let mut members: HashMap<&ResourceId, Vec<&ResourceId>> = HashMap::new();
    for resource in &design.resources {
        if matches!(resource.kind, Kind::VpcEndpoint(_)) {
            continue;
        }
        // An Auto Scaling group's instances join its launch template's.
        let groups = match &resource.kind {
            Kind::AutoScalingGroup(asg) => {
                match asg.launch_template.as_ref().and_then(|lt| kinds.get(lt)) {
                    Some(Kind::LaunchTemplate(lt)) => lt.security_groups.as_slice(),
                    _ => &[],
                }
            }
            kind => kind.security_groups(),
        };
        for group in groups {
            members.entry(group).or_default().push(&resource.id);
        }
    }
    let mut out = Vec::new();
    for resource in &design.resources {
        let Kind::SecurityGroup(sg) = &resource.kind else { continue };
        let Some(callees) = members.get(&resource.id) else { continue };
        for rule in &sg.ingress {
            let SgPeer::SecurityGroup(peer) = &rule.peer else { continue };
            let (Some(port), Some(callers)) =
                (first_port(rule.protocol, rule.ports), members.get(peer))
            else {
                continue;
            };
            let label = format!("{} admits {}", resource.name, names.get(peer).unwrap_or(&"?"));
            let pairs = callers
                .iter()
                .flat_map(|caller| callees.iter().map(move |callee| (*caller, *callee)))
                .filter(|(caller, callee)| caller != callee)
                .take(MAX_PER_RULE);
            for (caller, callee) in pairs {
                out.push(Wired {
                    source: caller.clone(),
                    target: callee.clone(),
                    protocol: rule.protocol,
                    port,
                    label: label.clone(),
                });
            }
        }
    }
    for resource in &design.resources {
        let Kind::Listener(listener) = &resource.kind else { continue };
        let Some(group) = &listener.default_target_group else { continue };
        let Some(Kind::TargetGroup(tg)) = kinds.get(group) else { continue };
        for target in &tg.targets {
            // A load balancer invokes a Lambda target through the Lambda
            // service, not over the network: the permission rules judge it.
            if !matches!(
                kinds.get(target).map(|k| k.tag()),
                Some(KindTag::EcsService | KindTag::Ec2Instance | KindTag::AutoScalingGroup)
            ) {
                continue;
            }
            out.push(Wired {
                source: listener.load_balancer.clone(),
                target: target.clone(),
                protocol: Protocol::Tcp,
                port: tg.port.unwrap_or(listener.port),
                label: format!("listener {} forwards", resource.name),
            });
        }
    }
    out
}

/// The port a flow on a rule uses: the first of its range; none for rules
/// of every protocol or ICMP, which say nothing about a call.
fn first_port(protocol: Protocol, ports: Option<PortRange>) -> Option<u16> {
    match protocol {
        Protocol::Tcp | Protocol::Udp => Some(ports.map_or(0, |p| p.from)).filter(|p| *p > 0),
        Protocol::Icmp | Protocol::All => None,
    }
}

/// Adds the wired flows to `flows`, skipping pairs that already have one.
///
/// It is pure and needs only the design, so a design read from a live
/// account gets the same flows as one imported from a template.
pub fn add(design: &Design, flows: &mut Vec<Flow>) {
    let mut seen: HashSet<(ResourceId, ResourceId)> =
        flows.iter().map(|f| (f.source.clone(), f.target.clone())).collect();
    let taken: HashSet<String> = design
        .resources
        .iter()
        .map(|r| r.id.to_string())
        .chain(flows.iter().map(|f| f.id.to_string()))
        .collect();
    let mut n = flows.len();
    for wired in infer(design) {
        if !seen.insert((wired.source.clone(), wired.target.clone())) {
            continue;
        }
        let id = loop {
            n += 1;
            let candidate = format!("flow-{n}");
            if !taken.contains(&candidate) {
                break FlowId::new(candidate);
            }
        };
        flows.push(Flow {
            id,
            source: wired.source,
            target: wired.target,
            protocol: wired.protocol,
            port: Some(wired.port),
            inferred: true,
            label: wired.label,
        });
    }
}
