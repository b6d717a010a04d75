//! Load balancers, their listeners and target groups.

use super::{Mapper, arn_id};
use aws_sdk_elasticloadbalancingv2::types as elb;
use vpcraft_core::model::*;

/// The design ID of a load balancer, target group or listener ARN.
pub(super) fn lb_id(arn: &str) -> String {
    arn_id("lb", arn)
}

pub(super) fn tg_id(arn: &str) -> String {
    arn_id("tg", arn)
}

fn listener_id(arn: &str) -> String {
    arn_id("listener", arn)
}

impl Mapper<'_> {
    pub(super) fn load_balancing(&mut self) {
        let s = self.snapshot;
        for lb in &s.load_balancers {
            self.load_balancer(lb);
        }
        for tg in &s.target_groups {
            self.target_group(tg);
        }
        for listener in &s.listeners {
            self.listener(listener);
        }
    }

    fn load_balancer(&mut self, lb: &elb::LoadBalancer) {
        let (Some(arn), Some(vpc)) = (lb.load_balancer_arn(), lb.vpc_id()) else { return };
        if !self.vpcs.contains(vpc) {
            return;
        }
        let name = lb.load_balancer_name().unwrap_or(arn).to_owned();
        let lb_type = match lb.r#type() {
            Some(elb::LoadBalancerTypeEnum::Network) => LoadBalancerType::Network,
            Some(elb::LoadBalancerTypeEnum::Application) | None => LoadBalancerType::Application,
            Some(other) => {
                let what = format!("a {} load balancer is not modelled", other.as_str());
                self.note(name, format!("left out: {what}"));
                return;
            }
        };
        let scheme = match lb.scheme() {
            Some(elb::LoadBalancerSchemeEnum::InternetFacing) => Scheme::InternetFacing,
            _ => Scheme::Internal,
        };
        let kind = LoadBalancer {
            lb_type,
            scheme,
            subnets: lb
                .availability_zones()
                .iter()
                .filter_map(|z| self.known(z.subnet_id()?))
                .collect(),
            security_groups: lb.security_groups().iter().filter_map(|g| self.known(g)).collect(),
            ..LoadBalancer::default()
        };
        self.push(lb_id(arn), name, kind);
        // A function that holds the balancer's DNS name calls it (on the
        // port its value names, else its URL's scheme's, else 80).
        self.host(lb.dns_name(), &ResourceId::new(lb_id(arn)), 80);
    }

    fn target_group(&mut self, tg: &elb::TargetGroup) {
        let Some(arn) = tg.target_group_arn() else { return };
        let in_vpc = tg.vpc_id().is_some_and(|v| self.vpcs.contains(v));
        let behind_selected = tg.load_balancer_arns().iter().any(|lb| self.has(&lb_id(lb)));
        if !in_vpc && !behind_selected {
            return;
        }
        let target_type = match tg.target_type() {
            Some(elb::TargetTypeEnum::Lambda) => TargetType::Lambda,
            Some(elb::TargetTypeEnum::Instance) => TargetType::Instance,
            _ => TargetType::Ip,
        };
        let kind = TargetGroup {
            target_type,
            vpc: tg.vpc_id().and_then(|v| self.known(v)),
            port: tg.port().and_then(|p| u16::try_from(p).ok()),
            targets: Vec::new(),
        };
        self.push(tg_id(arn), tg.target_group_name().unwrap_or(arn).to_owned(), kind);
    }

    fn listener(&mut self, listener: &elb::Listener) {
        let (Some(arn), Some(lb)) = (listener.listener_arn(), listener.load_balancer_arn()) else {
            return;
        };
        let Some(load_balancer) = self.known(&lb_id(lb)) else { return };
        let port = listener.port().and_then(|p| u16::try_from(p).ok()).unwrap_or(0);
        let protocol = match listener.protocol().map(|p| p.as_str()) {
            Some("HTTPS") => ListenerProtocol::Https,
            Some("TCP" | "TCP_UDP") => ListenerProtocol::Tcp,
            Some("TLS") => ListenerProtocol::Tls,
            Some("UDP") => ListenerProtocol::Udp,
            _ => ListenerProtocol::Http,
        };
        let forward = listener.default_actions().iter().find_map(|a| {
            a.target_group_arn().or_else(|| {
                a.forward_config()?.target_groups().iter().find_map(|t| t.target_group_arn())
            })
        });
        let lb_name = self.design.resource(&load_balancer).map_or(lb, |r| r.name.as_str());
        let name = format!("{lb_name}:{port}");
        let kind = LoadBalancerListener {
            load_balancer,
            port,
            protocol,
            certificate: listener
                .certificates()
                .iter()
                .find_map(|c| c.certificate_arn())
                .map(str::to_owned),
            default_target_group: forward.and_then(|tg| self.known(&tg_id(tg))),
        };
        self.push(listener_id(arn), name, kind);
    }

    /// Fills each target group's targets, once functions and services are
    /// in the design: Lambda targets by ARN, instances as generic nodes,
    /// and the ECS services that register with the group.
    pub(super) fn targets(&mut self) {
        let s = self.snapshot;
        for (arn, health) in &s.target_health {
            let group = ResourceId::new(tg_id(arn));
            if !self.ids.contains(&group) {
                continue;
            }
            for description in health {
                let Some(target) = description.target().and_then(|t| t.id()) else { continue };
                let id = if target.starts_with("arn:aws") && target.contains(":function:") {
                    self.known(&super::compute::function_id_of_arn(target))
                } else if let Some(id) =
                    self.known(target).or_else(|| self.aliases.get(target).cloned())
                {
                    Some(id)
                } else if target.starts_with("i-") {
                    let state = description
                        .target_health()
                        .and_then(|h| h.state())
                        .map_or("unknown", |s| s.as_str());
                    let properties = serde_json::json!({ "InstanceId": target, "Health": state });
                    let kind =
                        GenericResource { resource_type: "AWS::EC2::Instance".into(), properties };
                    self.push(target, target, kind);
                    Some(ResourceId::new(target))
                } else {
                    None
                };
                if let Some(id) = id {
                    self.add_target(&group, id);
                }
            }
        }
        for service in &s.ecs_services {
            let Some(id) = service.service_arn().map(super::compute::service_id) else { continue };
            let Some(id) = self.known(&id) else { continue };
            for lb in service.load_balancers() {
                let Some(group) = lb.target_group_arn().and_then(|a| self.known(&tg_id(a))) else {
                    continue;
                };
                self.add_target(&group, id.clone());
            }
        }
    }

    pub(super) fn add_target(&mut self, group: &ResourceId, target: ResourceId) {
        if let Some(Kind::TargetGroup(tg)) = self.design.resource_mut(group).map(|r| &mut r.kind)
            && !tg.targets.contains(&target)
        {
            tg.targets.push(target);
        }
    }
}
