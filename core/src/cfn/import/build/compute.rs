//! The compute primaries: load balancers with their listeners and target
//! groups, Lambda functions with their roles and permissions, and ECS
//! services.

use super::Builder;
use crate::cfn::import::Entry;
use crate::cfn::import::resolve::{Val, references};
use crate::model::*;
use std::collections::HashMap;

impl<'a, 't> Builder<'a, 't> {
    /// A classic load balancer with its listeners and registered instances
    /// (Auto Scaling groups register themselves by name, read later).
    fn classic_load_balancer(&mut self, e: &Entry<'_>) -> LoadBalancer {
        let protocol = |v: Option<&Val>| match v.and_then(Val::as_str).map(str::to_ascii_uppercase)
        {
            Some(p) if p == "HTTPS" => ListenerProtocol::Https,
            Some(p) if p == "SSL" => ListenerProtocol::Tls,
            Some(p) if p == "TCP" => ListenerProtocol::Tcp,
            _ => ListenerProtocol::Http,
        };
        let port = |v: Option<&Val>| v.and_then(Val::as_i64).and_then(|p| u16::try_from(p).ok());
        let classic_listeners = self
            .val(e, "Listeners")
            .items()
            .iter()
            .filter_map(|l| {
                let front = protocol(l.get("Protocol"));
                let back = l.get("InstanceProtocol").map(|p| protocol(Some(p)));
                Some(ClassicListener {
                    port: port(l.get("LoadBalancerPort"))?,
                    protocol: front,
                    instance_port: port(l.get("InstancePort"))?,
                    instance_protocol: back.filter(|b| *b != front),
                    certificate: l.get("SSLCertificateId").and_then(|arn| match arn {
                        Val::External { source: ExternalSource::Parameter(p), .. } => {
                            Some(format!("${{{p}}}"))
                        }
                        Val::External { source, .. } => Some(source.to_string()),
                        other => other.to_text(),
                    }),
                })
            })
            .collect();
        LoadBalancer {
            lb_type: LoadBalancerType::Classic,
            scheme: if self.val(e, "Scheme").as_str() == Some("internal") {
                Scheme::Internal
            } else {
                Scheme::InternetFacing
            },
            subnets: self.refs_to(KindTag::Subnet, &self.val(e, "Subnets")),
            security_groups: self.refs_to(KindTag::SecurityGroup, &self.val(e, "SecurityGroups")),
            classic_listeners,
            instances: self.refs_to(KindTag::Ec2Instance, &self.val(e, "Instances")),
        }
    }

    /// The design kind of a compute entry; `None` for any other type.
    pub(super) fn compute_kind(&mut self, e: &Entry<'_>) -> Option<Kind> {
        macro_rules! v {
            ($key:expr) => {
                self.val(e, $key)
            };
        }
        Some(match e.resource_type {
            "AWS::ElasticLoadBalancingV2::LoadBalancer" => {
                let mut subnets = self.refs_to(KindTag::Subnet, &v!("Subnets"));
                for mapping in v!("SubnetMappings").items() {
                    if let Some(subnet) = mapping.get("SubnetId") {
                        subnets.extend(self.ref_to(KindTag::Subnet, subnet));
                    }
                }
                LoadBalancer {
                    lb_type: if v!("Type").as_str() == Some("network") {
                        LoadBalancerType::Network
                    } else {
                        LoadBalancerType::Application
                    },
                    scheme: if v!("Scheme").as_str() == Some("internal") {
                        Scheme::Internal
                    } else {
                        Scheme::InternetFacing
                    },
                    subnets,
                    security_groups: self.refs_to(KindTag::SecurityGroup, &v!("SecurityGroups")),
                    ..Default::default()
                }
                .into()
            }
            "AWS::ElasticLoadBalancing::LoadBalancer" => self.classic_load_balancer(e).into(),
            "AWS::ElasticLoadBalancingV2::Listener" => {
                let protocol = match v!("Protocol").as_str() {
                    Some("HTTPS") => ListenerProtocol::Https,
                    Some("TCP") => ListenerProtocol::Tcp,
                    Some("TLS") => ListenerProtocol::Tls,
                    Some("UDP") => ListenerProtocol::Udp,
                    _ => ListenerProtocol::Http,
                };
                let certificate = v!("Certificates")
                    .items()
                    .first()
                    .and_then(|c| c.get("CertificateArn"))
                    .and_then(|arn| match arn {
                        // A certificate passed in or imported is there at
                        // deploy time: keep where it comes from.
                        Val::External { source: ExternalSource::Parameter(p), .. } => {
                            Some(format!("${{{p}}}"))
                        }
                        Val::External { source, .. } => Some(source.to_string()),
                        other => other.to_text(),
                    });
                let actions = v!("DefaultActions");
                let target_group = actions.items().iter().find_map(|a| {
                    a.get("TargetGroupArn").and_then(|t| self.id_of(t)).or_else(|| {
                        let groups = a.get("ForwardConfig")?.get("TargetGroups")?;
                        self.id_of(groups.items().first()?.get("TargetGroupArn")?)
                    })
                });
                LoadBalancerListener {
                    load_balancer: self.required_ref(KindTag::LoadBalancer, &v!("LoadBalancerArn")),
                    port: v!("Port").as_i64().and_then(|p| u16::try_from(p).ok()).unwrap_or(80),
                    protocol,
                    certificate,
                    default_target_group: target_group,
                }
                .into()
            }
            "AWS::ElasticLoadBalancingV2::TargetGroup" => {
                let target_type = match v!("TargetType").as_str() {
                    Some("lambda") => TargetType::Lambda,
                    Some("ip") => TargetType::Ip,
                    _ => TargetType::Instance,
                };
                let derived = self.extra(e.logical_id, "derived_port").and_then(|d| d.as_bool());
                let port = if target_type == TargetType::Lambda {
                    self.extra(e.logical_id, "port").and_then(|p| p.as_i64())
                } else if derived == Some(true) {
                    None
                } else {
                    v!("Port").as_i64()
                };
                TargetGroup {
                    target_type,
                    vpc: match v!("VpcId") {
                        Val::Null => None,
                        vpc => Some(self.vpc_ref(&vpc)),
                    },
                    port: port.and_then(|p| u16::try_from(p).ok()),
                    targets: v!("Targets")
                        .items()
                        .iter()
                        .filter_map(|t| self.id_of(t.get("Id")?))
                        .collect(),
                }
                .into()
            }
            "AWS::Lambda::Function" => self.function(e),
            "AWS::Lambda::Permission" => {
                let source = match self.extra(e.logical_id, "source") {
                    Some(Val::Str(s)) => Some(ResourceId::new(s)),
                    _ => self.source_of(&v!("SourceArn"), e),
                };
                LambdaPermission {
                    function: self.required_ref(KindTag::LambdaFunction, &v!("FunctionName")),
                    principal: v!("Principal").to_text().unwrap_or_default(),
                    source,
                }
                .into()
            }
            "AWS::ECS::Service" => {
                let cluster = match v!("Cluster") {
                    Val::Ref(c) | Val::Att(c, _) => (self.related.entries.get(c.as_str()))
                        .and_then(|x| self.val(x, "ClusterName").as_str().map(str::to_owned))
                        .unwrap_or(c),
                    Val::Str(s) => s.rsplit('/').next().unwrap_or(&s).to_owned(),
                    _ => "default".to_owned(),
                };
                let network = v!("NetworkConfiguration");
                let awsvpc = network.get("AwsvpcConfiguration").cloned().unwrap_or(Val::Null);
                EcsService {
                    cluster,
                    desired_count: v!("DesiredCount")
                        .as_i64()
                        .and_then(|n| u32::try_from(n).ok())
                        .unwrap_or(1),
                    assign_public_ip: awsvpc.get("AssignPublicIp").and_then(Val::as_str)
                        == Some("ENABLED"),
                    network: VpcConfig {
                        subnets: self
                            .refs_to(KindTag::Subnet, awsvpc.get("Subnets").unwrap_or(&Val::Null)),
                        security_groups: self.refs_to(
                            KindTag::SecurityGroup,
                            awsvpc.get("SecurityGroups").unwrap_or(&Val::Null),
                        ),
                    },
                }
                .into()
            }
            _ => return None,
        })
    }

    /// Finds the roles that functions use, to be folded into them, and the
    /// policy resources attached to each role (by the policy's `Roles` or
    /// `RoleName`, or the role's `ManagedPolicyArns`).
    pub(super) fn find_roles(&mut self) {
        let entries = self.entries;
        let roles: HashMap<&str, &'a Entry<'t>> = entries
            .iter()
            .filter(|e| e.resource_type == "AWS::IAM::Role")
            .map(|e| (e.logical_id, e))
            .collect();
        let mut managed: HashMap<&str, &'a Entry<'t>> = HashMap::new();
        let mut attached: Vec<(&'a Entry<'t>, Vec<Val>)> = Vec::new();
        for entry in entries {
            if entry.resource_type == "AWS::Lambda::Function"
                && let Some(role) = self.val(entry, "Role").target().map(str::to_owned)
                && let Some(&role_entry) = roles.get(role.as_str())
            {
                self.roles.insert(role_entry.logical_id, role_entry);
            }
            let attached_to = match entry.resource_type {
                "AWS::IAM::Policy" | "AWS::IAM::ManagedPolicy" => {
                    self.val(entry, "Roles").items().to_vec()
                }
                "AWS::IAM::RolePolicy" => vec![self.val(entry, "RoleName")],
                _ => continue,
            };
            if entry.resource_type == "AWS::IAM::ManagedPolicy" {
                managed.insert(entry.logical_id, entry);
            }
            for role in attached_to.iter().filter_map(Val::target) {
                if let Some(&role_entry) = roles.get(role) {
                    self.policies.entry(role_entry.logical_id).or_default().push(entry);
                }
            }
            let others = ["Users", "Groups"].iter().any(|k| entry.properties.get(k).is_some());
            if !others && !attached_to.is_empty() {
                attached.push((entry, attached_to));
            }
        }
        for (policy, attached_to) in attached {
            let folded = |role: &Val| role.target().is_some_and(|r| self.roles.contains_key(r));
            if attached_to.iter().all(folded) {
                self.folded_policies.insert(policy.logical_id);
            }
        }
        for role in roles.values() {
            for arn in self.val(role, "ManagedPolicyArns").items() {
                if let Some(&policy) = arn.target().and_then(|p| managed.get(p)) {
                    let attached = self.policies.entry(role.logical_id).or_default();
                    if !attached.iter().any(|p| p.logical_id == policy.logical_id) {
                        attached.push(policy);
                    }
                }
            }
        }
    }

    /// The resource a permission's `SourceArn` names: a reference, or a
    /// `${Resource}` inside an ARN built with `!Sub`.
    fn source_of(&self, value: &Val, e: &Entry<'_>) -> Option<ResourceId> {
        if let Some(id) = self.id_of(value) {
            return Some(id);
        }
        let node = e.properties.get("SourceArn")?;
        let mut refs = Vec::new();
        references(node, &mut refs);
        refs.iter().find_map(|r| self.ids.get(r.as_str()).cloned())
    }

    fn function(&mut self, e: &Entry<'_>) -> Kind {
        macro_rules! v {
            ($key:expr) => {
                self.val(e, $key)
            };
        }
        let environment = match v!("Environment").get("Variables") {
            Some(Val::Map(vars)) => {
                vars.iter().filter_map(|(k, v)| Some((k.clone(), v.to_text()?))).collect()
            }
            _ => Default::default(),
        };
        let vpc_config = match v!("VpcConfig") {
            Val::Null => None,
            cfg => Some(VpcConfig {
                subnets: self.refs_to(KindTag::Subnet, cfg.get("SubnetIds").unwrap_or(&Val::Null)),
                security_groups: self.refs_to(
                    KindTag::SecurityGroup,
                    cfg.get("SecurityGroupIds").unwrap_or(&Val::Null),
                ),
            }),
        };
        let role = match v!("Role") {
            Val::Att(role, _) | Val::Ref(role) if self.roles.contains_key(role.as_str()) => {
                let entry = self.roles[role.as_str()];
                IamRole { arn: None, actions: self.role_actions(entry) }
            }
            other => IamRole { arn: other.to_text(), actions: Vec::new() },
        };
        LambdaFunction {
            runtime: v!("Runtime").to_text().unwrap_or_else(|| "python3.12".into()),
            handler: v!("Handler").to_text().unwrap_or_else(|| "index.handler".into()),
            memory_mb: self.num(e, "MemorySize").and_then(|n| u32::try_from(n).ok()).unwrap_or(128),
            timeout_s: self.num(e, "Timeout").and_then(|n| u32::try_from(n).ok()).unwrap_or(3),
            environment,
            vpc_config,
            role,
        }
        .into()
    }

    /// The allowed actions of a role's inline policies, in order.
    pub fn role_actions(&self, role: &Entry<'_>) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for statement in self.role_statements(role) {
            if statement.get("Effect").and_then(Val::as_str) != Some("Allow") {
                continue;
            }
            let actions = match statement.get("Action") {
                Some(Val::Str(a)) => vec![a.clone()],
                Some(list) => {
                    list.items().iter().filter_map(|a| a.as_str().map(str::to_owned)).collect()
                }
                None => vec![],
            };
            for action in actions {
                if !out.contains(&action) {
                    out.push(action);
                }
            }
        }
        out
    }

    /// The statements of a role's inline policies and of the policy
    /// resources attached to it.
    pub fn role_statements(&self, role: &Entry<'_>) -> Vec<Val> {
        let mut documents: Vec<Val> = self
            .val(role, "Policies")
            .items()
            .iter()
            .filter_map(|policy| policy.get("PolicyDocument").cloned())
            .collect();
        for policy in self.policies.get(role.logical_id).into_iter().flatten() {
            documents.push(self.val(policy, "PolicyDocument"));
        }
        let mut out = Vec::new();
        for document in documents {
            match document.get("Statement") {
                Some(Val::List(items)) => out.extend(items.iter().cloned()),
                Some(single @ Val::Map(_)) => out.push(single.clone()),
                _ => {}
            }
        }
        out
    }

    /// The execution role entry of a function, when the template defines it.
    pub fn role_of(&self, function: &Entry<'_>) -> Option<&'a Entry<'t>> {
        let role = self.val(function, "Role");
        self.roles.get(role.target()?).copied()
    }
}
