//! Through a load balancer: its security group, listener, target group and
//! targets.

use super::peer::Peer;
use super::security_group::{group_or_cidr, ingress};
use super::trace::Trace;
use crate::fix::{Direction, Edit, QuickFix};
use crate::model::{
    ClassicListener, Kind, ListenerProtocol, LoadBalancer, LoadBalancerListener, LoadBalancerType,
    PortRange, Protocol, Resource, ResourceId, Scheme, SecurityGroupRule, SgPeer, TargetType,
};
use crate::reach::peer::any_egress;
use crate::rules::load_balancing::lambda_permission::{add_permission, has_permission};

/// Traffic from `from` arrives at the load balancer and is forwarded to
/// its targets; `fix_from`, when known, is the resource behind `from`, which
/// a quick fix's rule names.
pub(crate) fn front<'d>(
    t: &mut Trace<'_, 'd>,
    lb_resource: &'d Resource,
    lb: &'d LoadBalancer,
    from: &Peer<'_>,
    fix_from: Option<&Resource>,
) {
    let index = t.index;
    let from_name = if from.internet { "0.0.0.0/0".to_owned() } else { from_label(t, from) };
    let fix_from = |t: &Trace<'_, '_>| {
        if from.internet {
            Some(SgPeer::Cidr(Default::default()))
        } else {
            fix_from.and_then(|r| group_or_cidr(t, r))
        }
    };
    if !(lb.lb_type == LoadBalancerType::Network && lb.security_groups.is_empty()) {
        ingress(t, lb_resource, &lb.security_groups, from, &from_name, fix_from);
    }
    if from.internet && lb.scheme == Scheme::InternetFacing {
        for subnet in lb.subnets.iter().filter(|s| index.subnet(s).is_some() && !index.is_public(s))
        {
            t.block(
                format!(
                    "internet-facing load balancer {:?} is in private subnet {:?}",
                    lb_resource.name,
                    index.name(subnet)
                ),
                vec![lb_resource.id.clone(), subnet.clone()],
                None,
            );
        }
    }
    if lb.lb_type == LoadBalancerType::Classic {
        classic(t, lb_resource, lb);
        return;
    }
    let listeners: Vec<(&Resource, &LoadBalancerListener)> = index
        .listeners_of_lb(&lb_resource.id)
        .iter()
        .filter_map(|l| index.listener(&l.id))
        .collect();
    let Some((listener, l)) = listeners.iter().find(|(_, l)| l.port == t.port) else {
        let fix =
            listeners.iter().find(|(_, l)| l.default_target_group.is_some()).map(|(_, model)| {
                let id = index.design.fresh_id("listener");
                let protocol = match lb.lb_type {
                    LoadBalancerType::Network => ListenerProtocol::Tcp,
                    _ => ListenerProtocol::Http,
                };
                let new = LoadBalancerListener {
                    load_balancer: lb_resource.id.clone(),
                    port: t.port,
                    protocol,
                    certificate: None,
                    default_target_group: model.default_target_group.clone(),
                };
                QuickFix::new(
                    format!("Add a listener on port {} to {:?}", t.port, lb_resource.name),
                    vec![Edit::AddResource {
                        resource: Resource::new(
                            id.as_str(),
                            index.design.fresh_name(&format!("{}-{}", lb_resource.name, t.port)),
                            new,
                        ),
                    }],
                )
            });
        let ports: Vec<u16> = listeners.iter().map(|(_, l)| l.port).collect();
        t.block(no_listener(lb_resource, t.port, &ports), vec![lb_resource.id.clone()], fix);
        return;
    };
    t.hop(&listener.id, format_args!("listener on port {}", l.port));
    let Some(tg_id) = &l.default_target_group else {
        t.block(
            format!("listener {:?} forwards to no target group", listener.name),
            vec![listener.id.clone()],
            None,
        );
        return;
    };
    let Some((tg_resource, tg)) = index.target_group(tg_id) else {
        return;
    };
    t.hop(&tg_resource.id, "target group");
    if tg.targets.is_empty() {
        t.block(
            format!("target group {:?} has no targets", tg_resource.name),
            vec![tg_resource.id.clone()],
            None,
        );
    }
    for target in tg.targets.iter().filter_map(|id| index.get(id)) {
        match (&target.kind, tg.target_type) {
            (Kind::LambdaFunction(_), TargetType::Lambda) => invoke(t, &tg_resource.id, target),
            (_, TargetType::Ip | TargetType::Instance) => {
                forward(t, lb_resource, lb, target, tg.port.unwrap_or(t.port));
            }
            _ => {}
        }
    }
}

/// A classic load balancer forwards from its listener's port straight to
/// the instance port of every registered instance.
fn classic<'d>(t: &mut Trace<'_, 'd>, lb_resource: &'d Resource, lb: &LoadBalancer) {
    let Some(listener) = lb.classic_listeners.iter().find(|l| l.port == t.port) else {
        // The new listener forwards as the first one does, else to the
        // same port; a certificate is never invented.
        let like = lb.classic_listeners.first();
        let protocol = like
            .map(|l| l.protocol)
            .filter(|p| !p.needs_certificate())
            .unwrap_or(ListenerProtocol::Tcp);
        let new = ClassicListener {
            instance_port: like.map_or(t.port, |l| l.instance_port),
            ..ClassicListener::new(t.port, protocol)
        };
        let ports: Vec<u16> = lb.classic_listeners.iter().map(|l| l.port).collect();
        t.block(
            no_listener(lb_resource, t.port, &ports),
            vec![lb_resource.id.clone()],
            Some(QuickFix::new(
                format!(
                    "Add a listener on port {} to {:?}, forwarding to instance port {}",
                    t.port, lb_resource.name, new.instance_port
                ),
                vec![Edit::push(&lb_resource.id, "/classic_listeners", &new)],
            )),
        );
        return;
    };
    t.hop(
        &lb_resource.id,
        format_args!(
            "listener on port {} to instance port {}",
            listener.port, listener.instance_port
        ),
    );
    let targets: Vec<&Resource> = lb.instances.iter().filter_map(|id| t.index.get(id)).collect();
    if targets.is_empty() {
        t.block(
            format!("load balancer {:?} has no registered instances", lb_resource.name),
            vec![lb_resource.id.clone()],
            None,
        );
    }
    for target in targets {
        forward(t, lb_resource, lb, target, listener.instance_port);
    }
}

/// Why a flow finds no listener: the port it wants and those there are.
fn no_listener(lb_resource: &Resource, port: u16, ports: &[u16]) -> String {
    let only = if ports.is_empty() {
        String::new()
    } else {
        let ports: Vec<String> = ports.iter().map(u16::to_string).collect();
        format!(" (only {})", ports.join(", "))
    };
    format!("load balancer {:?} has no listener on port {port}{only}", lb_resource.name)
}

fn from_label(t: &Trace<'_, '_>, from: &Peer<'_>) -> String {
    match from.groups.first() {
        Some(g) => t
            .index
            .members(g)
            .first()
            .map_or_else(|| t.index.name(g).to_owned(), |m| m.name.clone()),
        None => from.cidrs.first().map_or_else(|| "the caller".to_owned(), ToString::to_string),
    }
}

/// The load balancer invokes a Lambda target, which needs a permission.
fn invoke<'d>(t: &mut Trace<'_, 'd>, tg: &'d ResourceId, function: &'d Resource) {
    if has_permission(t.index, &function.id, tg) {
        t.hop(&function.id, "invoked by the target group");
        return;
    }
    t.block(
        format!(
            "function {:?} has no permission for elasticloadbalancing.amazonaws.com to invoke it",
            function.name
        ),
        vec![function.id.clone(), tg.clone()],
        Some(add_permission(t.index, &function.id, tg)),
    );
}

/// The load balancer forwards to a network target on the target group port.
fn forward<'d>(
    t: &mut Trace<'_, 'd>,
    lb_resource: &'d Resource,
    lb: &LoadBalancer,
    target: &'d Resource,
    port: u16,
) {
    let index = t.index;
    let mut inner = t.fork();
    inner.port = port;
    inner.protocol = Protocol::Tcp;
    let to = Peer::of_resource(index, &target.id);
    if let Some(first) = lb.security_groups.first()
        && !any_egress(index, &lb.security_groups, Protocol::Tcp, port, &to)
        && let Some(peer) = group_or_cidr(&inner, target)
    {
        inner.block(
            format!(
                "security group {:?} of load balancer {:?} allows no tcp/{port} egress to {:?}",
                index.name(first),
                lb_resource.name,
                target.name
            ),
            vec![first.clone(), lb_resource.id.clone()],
            Some(QuickFix::new(
                format!("Allow tcp/{port} egress to {:?} in {:?}", target.name, index.name(first)),
                vec![Edit::AddSecurityGroupRule {
                    security_group: first.clone(),
                    direction: Direction::Egress,
                    rule: SecurityGroupRule {
                        protocol: Protocol::Tcp,
                        ports: Some(PortRange::single(port)),
                        peer,
                        description: format!("to {}", target.name),
                    },
                }],
            )),
        );
    }
    let from = Peer::of_resource(index, &lb_resource.id);
    let fix_from = |t: &Trace<'_, '_>| group_or_cidr(t, lb_resource);
    ingress(
        &mut inner,
        target,
        t.index.security_groups_of(target),
        &from,
        &lb_resource.name,
        fix_from,
    );
    inner.hop(&target.id, format_args!("target on tcp/{port}"));
    t.merge(inner);
}

/// A flow drawn from a load balancer to a function it invokes.
pub(crate) fn invoke_lambda<'d>(
    t: &mut Trace<'_, 'd>,
    lb_resource: &'d Resource,
    function: &'d Resource,
) {
    let index = t.index;
    let tg = index.target_groups_of(&function.id).iter().find(|tg| {
        index
            .listeners_of_tg(&tg.id)
            .iter()
            .any(|l| index.listener(&l.id).is_some_and(|(_, l)| l.load_balancer == lb_resource.id))
    });
    match tg {
        Some(tg) => {
            t.hop(&tg.id, "target group");
            invoke(t, &tg.id, function);
        }
        None => t.block(
            format!(
                "no listener of {:?} forwards to a target group with function {:?}",
                lb_resource.name, function.name
            ),
            vec![lb_resource.id.clone(), function.id.clone()],
            None,
        ),
    }
}
