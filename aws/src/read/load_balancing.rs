//! The Elastic Load Balancing side: load balancers in the selected VPCs,
//! their listeners, target groups and registered targets.

use super::Clients;
use super::call::{Ctx, Service};
use crate::Op;
use crate::map::Snapshot;
use aws_sdk_elasticloadbalancingv2::types as elb;
use futures_util::future::join_all;
use std::collections::BTreeMap;

#[derive(Default)]
pub(super) struct Balancing {
    load_balancers: Vec<elb::LoadBalancer>,
    listeners: Vec<elb::Listener>,
    target_groups: Vec<elb::TargetGroup>,
    target_health: BTreeMap<String, Vec<elb::TargetHealthDescription>>,
}

impl Balancing {
    pub fn into_snapshot(self, s: &mut Snapshot) {
        s.load_balancers = self.load_balancers;
        s.listeners = self.listeners;
        s.target_groups = self.target_groups;
        s.target_health = self.target_health;
    }
}

pub(super) async fn read(ctx: &Ctx<'_>, c: &Clients, vpcs: &[String]) -> Balancing {
    let in_selection = |vpc: Option<&str>| vpc.is_some_and(|v| vpcs.iter().any(|s| s == v));
    let (lbs, tgs) = tokio::join!(
        ctx.list(
            Service::Elb,
            Op::DescribeLoadBalancers,
            c.elb.describe_load_balancers().into_paginator().items().send().try_collect()
        ),
        ctx.list(
            Service::Elb,
            Op::DescribeTargetGroups,
            c.elb.describe_target_groups().into_paginator().items().send().try_collect()
        ),
    );
    let load_balancers: Vec<elb::LoadBalancer> =
        lbs.unwrap_or_default().into_iter().filter(|lb| in_selection(lb.vpc_id())).collect();
    let arns: Vec<&str> = load_balancers.iter().filter_map(|lb| lb.load_balancer_arn()).collect();
    let target_groups: Vec<elb::TargetGroup> = tgs
        .unwrap_or_default()
        .into_iter()
        .filter(|tg| {
            in_selection(tg.vpc_id())
                || tg.load_balancer_arns().iter().any(|a| arns.contains(&a.as_str()))
        })
        .collect();
    let listeners = join_all(arns.iter().map(|arn| {
        ctx.list(
            Service::Elb,
            Op::DescribeListeners,
            c.elb
                .describe_listeners()
                .load_balancer_arn(*arn)
                .into_paginator()
                .items()
                .send()
                .try_collect(),
        )
    }));
    let health = join_all(target_groups.iter().filter_map(|tg| tg.target_group_arn()).map(
        |arn| async move {
            let output = ctx
                .call(
                    Service::Elb,
                    Op::DescribeTargetHealth,
                    c.elb.describe_target_health().target_group_arn(arn).send(),
                )
                .await?;
            Some((arn.to_owned(), output.target_health_descriptions().to_vec()))
        },
    ));
    let (listeners, health) = tokio::join!(listeners, health);
    Balancing {
        listeners: listeners.into_iter().flatten().flatten().collect(),
        target_health: health.into_iter().flatten().collect(),
        load_balancers,
        target_groups,
    }
}
