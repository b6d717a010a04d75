//! The compute side: Lambda functions and event source mappings, the
//! resource policies of the functions load balancers invoke, and ECS
//! services of every cluster (the mapping keeps those in the selection).

use super::Clients;
use super::call::{Ctx, Service};
use crate::Op;
use crate::map::Snapshot;
use aws_sdk_ecs::types as ecs;
use aws_sdk_lambda::types as lambda;
use futures_util::future::join_all;
use std::collections::{BTreeMap, BTreeSet};

/// How many services one DescribeServices call takes.
const DESCRIBE_SERVICES: usize = 10;

#[derive(Default)]
pub(super) struct Compute {
    functions: Vec<lambda::FunctionConfiguration>,
    event_source_mappings: Vec<lambda::EventSourceMappingConfiguration>,
    ecs_services: Vec<ecs::Service>,
}

impl Compute {
    pub fn into_snapshot(self, s: &mut Snapshot) {
        s.functions = self.functions;
        s.event_source_mappings = self.event_source_mappings;
        s.ecs_services = self.ecs_services;
    }
}

pub(super) async fn read(ctx: &Ctx<'_>, c: &Clients) -> Compute {
    let (functions, mappings, services) = tokio::join!(
        ctx.list(
            Service::Lambda,
            Op::ListFunctions,
            c.lambda.list_functions().into_paginator().items().send().try_collect()
        ),
        ctx.list(
            Service::Lambda,
            Op::ListEventSourceMappings,
            c.lambda.list_event_source_mappings().into_paginator().items().send().try_collect()
        ),
        ecs_services(ctx, c),
    );
    Compute {
        functions: functions.unwrap_or_default(),
        event_source_mappings: mappings.unwrap_or_default(),
        ecs_services: services,
    }
}

/// The resource policies of the functions registered as targets of a load
/// balancer, by function ARN: they say whether the load balancer may invoke
/// them. A function without a policy answers `ResourceNotFoundException`,
/// which is no warning: it grants nothing.
pub(super) async fn target_policies(
    ctx: &Ctx<'_>,
    c: &Clients,
    snapshot: &Snapshot,
) -> BTreeMap<String, String> {
    let functions: BTreeSet<&str> = snapshot
        .target_health
        .values()
        .flatten()
        .filter_map(|h| h.target()?.id())
        .filter(|id| id.starts_with("arn:") && id.contains(":lambda:"))
        .collect();
    let policies = join_all(functions.into_iter().map(|arn| async move {
        let call = async {
            match c.lambda.get_policy().function_name(arn).send().await {
                Ok(output) => Ok(output.policy().map(str::to_owned)),
                Err(e)
                    if e.as_service_error()
                        .is_some_and(|e| e.is_resource_not_found_exception()) =>
                {
                    Ok(None)
                }
                Err(e) => Err(e),
            }
        };
        let policy = ctx.call(Service::Lambda, Op::GetPolicy, call).await.flatten()?;
        Some((arn.to_owned(), policy))
    }))
    .await;
    let policies: BTreeMap<String, String> = policies.into_iter().flatten().collect();
    ctx.progress(Op::GetPolicy, policies.len());
    policies
}

async fn ecs_services(ctx: &Ctx<'_>, c: &Clients) -> Vec<ecs::Service> {
    let clusters = ctx
        .list(
            Service::Ecs,
            Op::ListClusters,
            c.ecs.list_clusters().into_paginator().items().send().try_collect(),
        )
        .await
        .unwrap_or_default();
    let per_cluster = join_all(clusters.iter().map(|cluster| async move {
        let arns: Vec<String> = ctx
            .list(
                Service::Ecs,
                Op::ListServices,
                c.ecs
                    .list_services()
                    .cluster(cluster)
                    .into_paginator()
                    .items()
                    .send()
                    .try_collect(),
            )
            .await
            .unwrap_or_default();
        let described = join_all(arns.chunks(DESCRIBE_SERVICES).map(|chunk| {
            ctx.call(
                Service::Ecs,
                Op::DescribeServices,
                c.ecs
                    .describe_services()
                    .cluster(cluster)
                    .set_services(Some(chunk.to_vec()))
                    .send(),
            )
        }))
        .await;
        described.into_iter().flatten().flat_map(|o| o.services().to_vec()).collect::<Vec<_>>()
    }))
    .await;
    per_cluster.into_iter().flatten().collect()
}
