//! The reader: fetches what a selection of VPCs holds through the SDK's
//! paginators, concurrently with a bound per service, and maps it.
//!
//! A call that is denied or fails is a warning naming the IAM action it
//! needs; everything else is still read, so the result is a partial design
//! rather than an error.

mod call;
mod compute;
mod databases;
mod ec2;
mod instances;
mod load_balancing;
mod transit;

use crate::{Warning, map};
use aws_config::SdkConfig;
use call::Ctx;
use vpcraft_core::Design;

/// Which VPCs to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selection {
    /// Every VPC of the region.
    All,
    /// These VPC IDs.
    Vpcs(Vec<String>),
}

/// How many calls a read makes at once: at most `total` in flight, and at
/// most half of them (rounded up) to any one service, so one service's
/// fan-out (a listing per load balancer) cannot hold every slot. AWS limits
/// request rates per account and API, and the adaptive retry slows down
/// when it is throttled; a total of 1 reads strictly one call at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Concurrency(usize);

impl Concurrency {
    /// The default: 16 calls at once, 8 to one service.
    pub const DEFAULT: Self = Self(16);
    /// One call at a time.
    pub const SEQUENTIAL: Self = Self(1);

    /// At most `total` calls at once (0 counts as 1).
    pub fn new(total: usize) -> Self {
        Self(total.max(1))
    }

    pub fn total(self) -> usize {
        self.0
    }

    pub fn per_service(self) -> usize {
        self.0.div_ceil(2)
    }
}

impl Default for Concurrency {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// A design read from an account, and what could not be read or drawn.
#[derive(Clone, Debug)]
pub struct Imported {
    pub design: Design,
    pub warnings: Vec<Warning>,
}

/// The service clients of one account and region.
#[derive(Clone, Debug)]
pub(crate) struct Clients {
    pub ec2: aws_sdk_ec2::Client,
    pub elb: aws_sdk_elasticloadbalancingv2::Client,
    pub lambda: aws_sdk_lambda::Client,
    pub ecs: aws_sdk_ecs::Client,
    pub sts: aws_sdk_sts::Client,
    pub autoscaling: aws_sdk_autoscaling::Client,
    pub rds: aws_sdk_rds::Client,
    pub elasticache: aws_sdk_elasticache::Client,
    pub efs: aws_sdk_efs::Client,
}

impl Clients {
    fn new(config: &SdkConfig) -> Self {
        Self {
            ec2: aws_sdk_ec2::Client::new(config),
            elb: aws_sdk_elasticloadbalancingv2::Client::new(config),
            lambda: aws_sdk_lambda::Client::new(config),
            ecs: aws_sdk_ecs::Client::new(config),
            sts: aws_sdk_sts::Client::new(config),
            autoscaling: aws_sdk_autoscaling::Client::new(config),
            rds: aws_sdk_rds::Client::new(config),
            elasticache: aws_sdk_elasticache::Client::new(config),
            efs: aws_sdk_efs::Client::new(config),
        }
    }
}

/// Reads the selected VPCs and what they hold with the default
/// [`Concurrency`], reporting each call that succeeded to `progress` (one
/// line each, without credentials); the warnings come with the result.
pub async fn read(
    config: &SdkConfig,
    selection: &Selection,
    progress: &(dyn Fn(&str) + Sync),
) -> Imported {
    read_with(config, selection, Concurrency::DEFAULT, progress).await
}

/// [`read`] with a chosen number of calls at once.
pub async fn read_with(
    config: &SdkConfig,
    selection: &Selection,
    concurrency: Concurrency,
    progress: &(dyn Fn(&str) + Sync),
) -> Imported {
    let (snapshot, mut warnings) = fetch(config, selection, concurrency, progress).await;
    let (design, notes) = map::design(&snapshot);
    warnings.extend(notes);
    Imported { design, warnings }
}

/// Fetches the snapshot of the selection, with a warning for each call that
/// failed.
pub async fn fetch(
    config: &SdkConfig,
    selection: &Selection,
    concurrency: Concurrency,
    progress: &(dyn Fn(&str) + Sync),
) -> (map::Snapshot, Vec<Warning>) {
    let clients = Clients::new(config);
    let ctx = Ctx::new(concurrency, progress);
    let mut snapshot = map::Snapshot {
        region: config.region().map(|r| r.to_string()).unwrap_or_default(),
        ..map::Snapshot::default()
    };
    let (account, vpcs) =
        tokio::join!(ec2::account(&ctx, &clients), ec2::vpcs(&ctx, &clients, selection));
    snapshot.account = account;
    snapshot.vpcs = vpcs;
    let vpc_ids: Vec<String> =
        snapshot.vpcs.iter().filter_map(|v| v.vpc_id()).map(str::to_owned).collect();
    if let Selection::Vpcs(wanted) = selection {
        for missing in wanted.iter().filter(|w| !vpc_ids.contains(w)) {
            ctx.warn(Warning::note(missing, "not found in this account and region"));
        }
    }
    if !vpc_ids.is_empty() {
        // Each reader's future is boxed: joined in place, their states make
        // one future whose poll overflowed a 2 MiB worker stack in debug
        // builds once the network kinds joined.
        let (network, transit, balancing, compute, instances, databases) = tokio::join!(
            Box::pin(ec2::network(&ctx, &clients, &vpc_ids, *selection == Selection::All)),
            Box::pin(transit::read(&ctx, &clients, &vpc_ids)),
            Box::pin(load_balancing::read(&ctx, &clients, &vpc_ids)),
            Box::pin(compute::read(&ctx, &clients)),
            Box::pin(instances::read(&ctx, &clients, &vpc_ids)),
            Box::pin(databases::read(&ctx, &clients, &vpc_ids)),
        );
        network.into_snapshot(&mut snapshot);
        transit.into_snapshot(&mut snapshot);
        balancing.into_snapshot(&mut snapshot);
        compute.into_snapshot(&mut snapshot);
        instances.into_snapshot(&mut snapshot);
        databases.into_snapshot(&mut snapshot);
        // The groups' subnets are known now: read only their templates;
        // the subnets' flow logs, by the subnets' IDs; and the policies of
        // the functions the load balancers invoke.
        let (templates, flow_logs, policies) = tokio::join!(
            instances::launch_templates(&ctx, &clients, &snapshot),
            transit::flow_logs(&ctx, &clients, &snapshot),
            compute::target_policies(&ctx, &clients, &snapshot),
        );
        snapshot.launch_templates = templates;
        snapshot.flow_logs = flow_logs;
        snapshot.function_policies = policies;
    }
    (snapshot, ctx.into_warnings())
}
