//! Load balancing: application, network and classic load balancers, the
//! listeners of the first two, and target groups.

use super::Exporter;
use crate::cfn::tree::Node;
use crate::model::{
    Kind, ListenerProtocol, LoadBalancer, LoadBalancerListener, LoadBalancerType, ResourceId,
    Scheme, TargetGroup, TargetType,
};

impl Exporter<'_> {
    pub(super) fn load_balancer(&mut self, id: String, name: &str, lb: &LoadBalancer) {
        let lb_type = match lb.lb_type {
            LoadBalancerType::Application => "application",
            LoadBalancerType::Network => "network",
            LoadBalancerType::Classic => return self.classic_load_balancer(id, name, lb),
        };
        let mut props = vec![
            ("Type", Node::str(lb_type)),
            (
                "Scheme",
                Node::str(match lb.scheme {
                    Scheme::Internal => "internal",
                    Scheme::InternetFacing => "internet-facing",
                }),
            ),
            ("Subnets", self.refs(&lb.subnets)),
        ];
        if !lb.security_groups.is_empty() {
            props.push(("SecurityGroups", self.refs(&lb.security_groups)));
        }
        props.push(("Tags", Self::name_tag(name)));
        self.add(id, "AWS::ElasticLoadBalancingV2::LoadBalancer", props, vec![]);
    }

    /// A classic load balancer: its listeners and instances are its own
    /// properties (Auto Scaling groups name it in `LoadBalancerNames`).
    fn classic_load_balancer(&mut self, id: String, name: &str, lb: &LoadBalancer) {
        let mut listeners = Vec::new();
        for l in &lb.classic_listeners {
            let mut listener = vec![
                ("LoadBalancerPort".into(), Node::Str(l.port.to_string())),
                ("InstancePort".into(), Node::Str(l.instance_port.to_string())),
                ("Protocol".into(), Node::str(classic_protocol(l.protocol))),
            ];
            if let Some(back) = l.instance_protocol {
                listener.push(("InstanceProtocol".into(), Node::str(classic_protocol(back))));
            }
            if l.protocol.needs_certificate() {
                let certificate = match &l.certificate {
                    Some(arn) => Node::str(arn),
                    None => {
                        let parameter = format!("{id}Port{}CertificateArn", l.port);
                        self.parameter(
                            &parameter,
                            vec![
                                ("Type", Node::str("String")),
                                (
                                    "Description",
                                    Node::Str(format!(
                                        "The certificate ARN of {id}'s listener on port {}",
                                        l.port
                                    )),
                                ),
                            ],
                        );
                        Node::reference(&parameter)
                    }
                };
                listener.push(("SSLCertificateId".into(), certificate));
            }
            listeners.push(Node::Map(listener));
        }
        let mut props = vec![];
        if lb.scheme == Scheme::Internal {
            props.push(("Scheme", Node::str("internal")));
        }
        props.push(("Subnets", self.refs(&lb.subnets)));
        if !lb.security_groups.is_empty() {
            props.push(("SecurityGroups", self.refs(&lb.security_groups)));
        }
        props.push(("Listeners", Node::List(listeners)));
        let instances: Vec<ResourceId> = lb
            .instances
            .iter()
            .filter(|i| matches!(self.index.get(i).map(|r| &r.kind), Some(Kind::Ec2Instance(_))))
            .cloned()
            .collect();
        if !instances.is_empty() {
            props.push(("Instances", self.refs(&instances)));
        }
        props.push(("Tags", Self::name_tag(name)));
        self.add(id, "AWS::ElasticLoadBalancing::LoadBalancer", props, vec![]);
    }

    /// The port of an ip or instance target group: its own, else the port
    /// of the first listener that forwards to it. `None` when neither says.
    pub(super) fn target_group_port(
        &self,
        design_id: &ResourceId,
        tg: &TargetGroup,
    ) -> Option<u16> {
        tg.port.or_else(|| {
            self.index.listeners_of_tg(design_id).iter().find_map(|l| match &l.kind {
                Kind::Listener(l) => Some(l.port),
                _ => None,
            })
        })
    }

    pub(super) fn listener(
        &mut self,
        id: String,
        design_id: &ResourceId,
        l: &LoadBalancerListener,
    ) {
        let network = matches!(
            self.index.get(&l.load_balancer).map(|r| &r.kind),
            Some(Kind::LoadBalancer(lb)) if lb.lb_type == LoadBalancerType::Network
        );
        if network && l.default_target_group.is_none() {
            // A network load balancer's listeners can only forward: there is
            // no fixed response to fall back on.
            self.note(
                "X002",
                "NLB listener without a target group not exported",
                format!(
                    "listener {:?} of network load balancer {:?} forwards to no target group, and \
                     NLB listeners support no other action; it was left out of the template",
                    self.index.name(design_id),
                    self.index.name(&l.load_balancer)
                ),
                design_id,
            );
            return;
        }
        let protocol = match l.protocol {
            ListenerProtocol::Http => "HTTP",
            ListenerProtocol::Https => "HTTPS",
            ListenerProtocol::Tcp => "TCP",
            ListenerProtocol::Tls => "TLS",
            ListenerProtocol::Udp => "UDP",
        };
        let action = match &l.default_target_group {
            Some(tg) => Node::Map(vec![
                ("Type".into(), Node::str("forward")),
                ("TargetGroupArn".into(), self.reference(tg)),
            ]),
            None => Node::Map(vec![
                ("Type".into(), Node::str("fixed-response")),
                (
                    "FixedResponseConfig".into(),
                    Node::Map(vec![("StatusCode".into(), Node::str("404"))]),
                ),
            ]),
        };
        let mut props = vec![
            ("LoadBalancerArn", self.reference(&l.load_balancer)),
            ("Port", Node::Int(i64::from(l.port))),
            ("Protocol", Node::str(protocol)),
        ];
        if l.protocol.needs_certificate() {
            let certificate = match &l.certificate {
                Some(arn) => Node::str(arn),
                None => {
                    let parameter = format!("{id}CertificateArn");
                    self.parameter(
                        &parameter,
                        vec![
                            ("Type", Node::str("String")),
                            (
                                "Description",
                                Node::Str(format!("The ACM certificate ARN of listener {id}")),
                            ),
                        ],
                    );
                    Node::reference(&parameter)
                }
            };
            props.push((
                "Certificates",
                Node::List(vec![Node::Map(vec![("CertificateArn".into(), certificate)])]),
            ));
        }
        props.push(("DefaultActions", Node::List(vec![action])));
        self.add(id, "AWS::ElasticLoadBalancingV2::Listener", props, vec![]);
    }

    pub(super) fn target_group(
        &mut self,
        id: String,
        name: &str,
        design_id: &ResourceId,
        tg: &TargetGroup,
    ) {
        let mut props = vec![(
            "TargetType",
            Node::str(match tg.target_type {
                TargetType::Lambda => "lambda",
                TargetType::Ip => "ip",
                TargetType::Instance => "instance",
            }),
        )];
        let mut depends = Vec::new();
        if tg.target_type == TargetType::Lambda {
            let targets: Vec<Node> = tg
                .targets
                .iter()
                .filter(|t| {
                    matches!(self.index.get(t).map(|r| &r.kind), Some(Kind::LambdaFunction(_)))
                })
                .map(|t| Node::Map(vec![("Id".into(), self.get_att(t, "Arn"))]))
                .collect();
            for target in &tg.targets {
                depends.extend(
                    self.elb_permissions
                        .get(&(design_id.clone(), target.clone()))
                        .cloned()
                        .unwrap_or_default(),
                );
            }
            if !targets.is_empty() {
                props.push(("Targets", Node::List(targets)));
            }
        } else {
            let network = self.index.listeners_of_tg(design_id).iter().any(|l| {
                let Kind::Listener(l) = &l.kind else {
                    return false;
                };
                matches!(
                    self.index.get(&l.load_balancer).map(|r| &r.kind),
                    Some(Kind::LoadBalancer(lb)) if lb.lb_type == LoadBalancerType::Network
                )
            });
            let port = match self.target_group_port(design_id, tg) {
                Some(port) => port,
                None => {
                    self.note(
                        "X001",
                        "Target group without a port",
                        format!(
                            "target group {name:?} has no port and no listener forwards to it; \
                             the template uses port 80: set the port in the design"
                        ),
                        design_id,
                    );
                    80
                }
            };
            if tg.port.is_none() {
                // The design leaves the port to the listener: keep it so.
                self.remember(&id, "derived_port", Node::Bool(true));
            }
            props.push(("Port", Node::Int(i64::from(port))));
            props.push(("Protocol", Node::str(if network { "TCP" } else { "HTTP" })));
            if let Some(vpc) = &tg.vpc {
                props.push(("VpcId", self.reference(vpc)));
            }
            // Instances are registered by the group; services register
            // their own tasks.
            let instances: Vec<Node> = tg
                .targets
                .iter()
                .filter(|t| {
                    matches!(self.index.get(t).map(|r| &r.kind), Some(Kind::Ec2Instance(_)))
                })
                .map(|t| Node::Map(vec![("Id".into(), self.reference(t))]))
                .collect();
            if !instances.is_empty() {
                props.push(("Targets", Node::List(instances)));
            }
        }
        if tg.target_type == TargetType::Lambda
            && let Some(port) = tg.port
        {
            self.extra
                .entry(id.clone())
                .or_default()
                .push(("port".into(), Node::Int(i64::from(port))));
        }
        props.push(("Tags", Self::name_tag(name)));
        self.add(id, "AWS::ElasticLoadBalancingV2::TargetGroup", props, depends);
        self.emit_implied_permissions(design_id);
    }
}

/// How a classic load balancer's listener names a protocol.
fn classic_protocol(protocol: ListenerProtocol) -> &'static str {
    match protocol {
        ListenerProtocol::Http => "HTTP",
        ListenerProtocol::Https => "HTTPS",
        ListenerProtocol::Tls => "SSL",
        ListenerProtocol::Tcp | ListenerProtocol::Udp => "TCP",
    }
}
