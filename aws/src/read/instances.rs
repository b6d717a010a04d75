//! EC2 instances, Auto Scaling groups and the launch templates those
//! groups launch from.

use super::Clients;
use super::call::{Ctx, Service};
use crate::Op;
use crate::map::Snapshot;
use aws_sdk_autoscaling::types as autoscaling;
use aws_sdk_ec2::types as ec2;
use futures_util::future::join_all;
use std::collections::{BTreeMap, HashSet};

/// The instance states that still hold a place in a subnet.
const LIVE_STATES: [&str; 4] = ["pending", "running", "stopping", "stopped"];

#[derive(Default)]
pub(super) struct Instances {
    instances: Vec<ec2::Instance>,
    auto_scaling_groups: Vec<autoscaling::AutoScalingGroup>,
}

impl Instances {
    pub fn into_snapshot(self, s: &mut Snapshot) {
        s.instances = self.instances;
        s.auto_scaling_groups = self.auto_scaling_groups;
    }
}

/// The instances of the selected VPCs, and every Auto Scaling group of the
/// region (a group names its subnets, not its VPC; the mapping keeps the
/// groups in selected subnets).
pub(super) async fn read(ctx: &Ctx<'_>, c: &Clients, vpcs: &[String]) -> Instances {
    let filters = vec![
        super::ec2::filter("vpc-id", vpcs),
        super::ec2::filter("instance-state-name", &LIVE_STATES.map(str::to_owned)),
    ];
    let (reservations, groups) = tokio::join!(
        ctx.list(
            Service::Ec2,
            Op::DescribeInstances,
            c.ec2
                .describe_instances()
                .set_filters(Some(filters))
                .into_paginator()
                .items()
                .send()
                .try_collect()
        ),
        ctx.list(
            Service::AutoScaling,
            Op::DescribeAutoScalingGroups,
            c.autoscaling
                .describe_auto_scaling_groups()
                .into_paginator()
                .items()
                .send()
                .try_collect()
        ),
    );
    Instances {
        instances: reservations
            .unwrap_or_default()
            .into_iter()
            .flat_map(|r: ec2::Reservation| r.instances.unwrap_or_default())
            .collect(),
        auto_scaling_groups: groups.unwrap_or_default(),
    }
}

/// The launch template versions the snapshot's groups in selected subnets
/// launch from (the version a group names, else the template's default).
pub(super) async fn launch_templates(
    ctx: &Ctx<'_>,
    c: &Clients,
    snapshot: &Snapshot,
) -> Vec<ec2::LaunchTemplateVersion> {
    let subnets: HashSet<&str> = snapshot.subnets.iter().filter_map(|s| s.subnet_id()).collect();
    let mut wanted: BTreeMap<String, String> = BTreeMap::new();
    for group in &snapshot.auto_scaling_groups {
        let in_selection = group
            .vpc_zone_identifier()
            .is_some_and(|ids| ids.split(',').any(|id| subnets.contains(id.trim())));
        let spec = group.launch_template().or_else(|| {
            group
                .mixed_instances_policy()
                .and_then(|p| p.launch_template())
                .and_then(|t| t.launch_template_specification())
        });
        if let (true, Some(spec)) = (in_selection, spec)
            && let Some(id) = spec.launch_template_id()
        {
            let version = spec.version().unwrap_or("$Default").to_owned();
            wanted.insert(id.to_owned(), version);
        }
    }
    let versions = join_all(wanted.iter().map(|(id, version)| {
        ctx.call(
            Service::Ec2,
            Op::DescribeLaunchTemplateVersions,
            c.ec2
                .describe_launch_template_versions()
                .launch_template_id(id)
                .versions(version)
                .send(),
        )
    }))
    .await;
    let versions: Vec<ec2::LaunchTemplateVersion> = versions
        .into_iter()
        .flatten()
        .flat_map(|o| o.launch_template_versions.unwrap_or_default())
        .collect();
    if !wanted.is_empty() {
        ctx.progress(Op::DescribeLaunchTemplateVersions, versions.len());
    }
    versions
}
