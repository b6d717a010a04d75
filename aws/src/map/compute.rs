//! Lambda functions (with their VPC configuration and environment), event
//! source mappings, and ECS services.

use super::{Mapper, arn_id};
use aws_sdk_ecs::types as ecs;
use aws_sdk_lambda::types as lambda;
use std::collections::{BTreeMap, HashSet};
use vpcraft_core::model::*;

/// The design ID of a function by name.
pub(super) fn function_id(name: &str) -> String {
    format!("fn-{name}")
}

/// The design ID of a function by ARN, without a version or alias.
pub(super) fn function_id_of_arn(arn: &str) -> String {
    function_id(arn.split(':').nth(6).unwrap_or(arn))
}

/// The design ID of an ECS service by ARN (`ecs-cluster-name`).
pub(super) fn service_id(arn: &str) -> String {
    arn_id("ecs", arn)
}

impl Mapper<'_> {
    pub(super) fn compute(&mut self) {
        let s = self.snapshot;
        // Functions behind a selected target group are drawn even when
        // they run outside any VPC.
        let targeted: HashSet<String> = s
            .target_health
            .iter()
            .filter(|(arn, _)| self.has(&super::load_balancing::tg_id(arn)))
            .flat_map(|(_, health)| health.iter().filter_map(|h| h.target()?.id()))
            .map(function_id_of_arn)
            .collect();
        for function in &s.functions {
            self.function(function, &targeted);
        }
        for mapping in &s.event_source_mappings {
            self.event_source_mapping(mapping);
        }
        for service in &s.ecs_services {
            self.ecs_service(service);
        }
        self.targets();
    }

    fn function(&mut self, f: &lambda::FunctionConfiguration, targeted: &HashSet<String>) {
        let Some(name) = f.function_name() else { return };
        let id = function_id(name);
        let vpc = f.vpc_config().and_then(|c| c.vpc_id()).filter(|v| !v.is_empty());
        // A function in a selected subnet is in the selection even where the
        // VPC ID is missing or wrong (moto answers a made-up one).
        let in_subnets =
            f.vpc_config().is_some_and(|c| c.subnet_ids().iter().any(|s| self.known(s).is_some()));
        let in_selection = in_subnets || vpc.is_some_and(|v| self.vpcs.contains(v));
        if !in_selection && !targeted.contains(&id) {
            return;
        }
        let vpc_config =
            f.vpc_config().filter(|_| vpc.is_some() || in_subnets).map(|c| VpcConfig {
                subnets: c.subnet_ids().iter().filter_map(|s| self.known(s)).collect(),
                security_groups: c
                    .security_group_ids()
                    .iter()
                    .filter_map(|g| self.known(g))
                    .collect(),
            });
        let environment: BTreeMap<String, String> = f
            .environment()
            .and_then(|e| e.variables())
            .map(|vars| vars.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default();
        let kind = LambdaFunction {
            runtime: f.runtime().map_or("image", |r| r.as_str()).to_owned(),
            handler: f.handler().unwrap_or_default().to_owned(),
            memory_mb: f.memory_size().and_then(|m| u32::try_from(m).ok()).unwrap_or(128),
            timeout_s: f.timeout().and_then(|t| u32::try_from(t).ok()).unwrap_or(3),
            environment,
            vpc_config,
            role: IamRole { arn: f.role().map(str::to_owned), actions: Vec::new() },
        };
        self.push(id, name, kind);
    }

    fn event_source_mapping(&mut self, mapping: &lambda::EventSourceMappingConfiguration) {
        let (Some(uuid), Some(function), Some(source)) =
            (mapping.uuid(), mapping.function_arn(), mapping.event_source_arn())
        else {
            return;
        };
        let Some(function) = self.known(&function_id_of_arn(function)) else { return };
        let source = self.service_node(source);
        let batch_size = mapping.batch_size().and_then(|b| u32::try_from(b).ok()).unwrap_or(10);
        let name = format!("{} ← {}", self.name_of(&function), self.name_of(&source));
        self.push(format!("esm-{uuid}"), name, EventSourceMapping { source, function, batch_size });
    }

    fn name_of(&self, id: &ResourceId) -> String {
        self.design.resource(id).map_or_else(|| id.to_string(), |r| r.name.clone())
    }

    fn ecs_service(&mut self, service: &ecs::Service) {
        let (Some(arn), Some(name)) = (service.service_arn(), service.service_name()) else {
            return;
        };
        let Some(awsvpc) = service.network_configuration().and_then(|n| n.awsvpc_configuration())
        else {
            return;
        };
        let subnets: Vec<ResourceId> =
            awsvpc.subnets().iter().filter_map(|s| self.known(s)).collect();
        if subnets.is_empty() {
            return;
        }
        let cluster = service
            .cluster_arn()
            .map(|c| c.rsplit('/').next().unwrap_or(c))
            .unwrap_or("default")
            .to_owned();
        let kind = EcsService {
            cluster,
            desired_count: u32::try_from(service.desired_count()).unwrap_or(0),
            assign_public_ip: awsvpc.assign_public_ip() == Some(&ecs::AssignPublicIp::Enabled),
            network: VpcConfig {
                subnets,
                security_groups: awsvpc
                    .security_groups()
                    .iter()
                    .filter_map(|g| self.known(g))
                    .collect(),
            },
        };
        self.push(service_id(arn), name, kind);
    }
}
