//! Pricing application, network and classic load balancers: their hours,
//! their capacity units (LCUs, NLCUs) or data processed, and the public
//! addresses of an internet-facing one.

use super::{C, Pricer};
use crate::cost::defaults::*;
use crate::cost::traffic::Totals;
use crate::model::{LoadBalancer, LoadBalancerType, Resource, Scheme, TargetType};
use crate::sort;
use std::collections::BTreeSet;

impl Pricer<'_, '_> {
    pub(super) fn load_balancer(&mut self, r: &Resource, lb: &LoadBalancer) {
        let hours = self.hours;
        let gb = Totals::get(&self.totals.lb_gb, &r.id) + self.own_gb(&r.id).unwrap_or(0.0);
        let requests = Totals::get(&self.totals.lb_requests, &r.id)
            + self.usage(&r.id).and_then(|u| u.requests_per_month).unwrap_or(0.0);
        match lb.lb_type {
            LoadBalancerType::Application => {
                self.line(
                    r,
                    C::LoadBalancers,
                    "Application Load Balancer hours",
                    hours,
                    "hours",
                    "alb.hour",
                );
                let per_lcu = if self.lambda_targets_only(r) {
                    ALB_LAMBDA_GB_PER_LCU_HOUR
                } else {
                    ALB_GB_PER_LCU_HOUR
                };
                let lcu = (gb / per_lcu).max(requests / (3600.0 * ALB_CONNECTIONS_PER_LCU_SECOND));
                self.line(
                    r,
                    C::LoadBalancers,
                    format!("Load balancer capacity units ({gb} GB at {per_lcu} GB per LCU-hour)"),
                    lcu,
                    "LCU-hours",
                    "alb.lcu_hour",
                );
            }
            LoadBalancerType::Classic => {
                self.line(
                    r,
                    C::LoadBalancers,
                    "Classic Load Balancer hours",
                    hours,
                    "hours",
                    "clb.hour",
                );
                self.line(r, C::LoadBalancers, "Data processed", gb, "GB", "clb.gb");
            }
            LoadBalancerType::Network => {
                self.line(
                    r,
                    C::LoadBalancers,
                    "Network Load Balancer hours",
                    hours,
                    "hours",
                    "nlb.hour",
                );
                let nlcu = (gb / NLB_GB_PER_NLCU_HOUR)
                    .max(requests / (3600.0 * NLB_CONNECTIONS_PER_NLCU_SECOND));
                self.line(
                    r,
                    C::LoadBalancers,
                    format!("Network load balancer capacity units ({gb} GB)"),
                    nlcu,
                    "NLCU-hours",
                    "nlb.nlcu_hour",
                );
            }
        }
        if lb.scheme == Scheme::InternetFacing {
            let zones: BTreeSet<&str> =
                sort::set(lb.subnets.iter().filter_map(|s| self.index.zone_of_subnet(s)));
            self.public_ipv4(r, zones.len() as f64, "Public IPv4 addresses (one per zone)");
        }
    }

    /// Whether every target group the load balancer's listeners forward
    /// to has Lambda targets (an LCU then covers 0.4 GB an hour).
    fn lambda_targets_only(&self, r: &Resource) -> bool {
        let groups: Vec<TargetType> = self
            .index
            .listeners_of_lb(&r.id)
            .iter()
            .filter_map(|l| self.index.listener(&l.id))
            .filter_map(|(_, l)| l.default_target_group.as_ref())
            .filter_map(|tg| self.index.target_group(tg).map(|(_, tg)| tg.target_type))
            .collect();
        !groups.is_empty() && groups.iter().all(|t| *t == TargetType::Lambda)
    }
}
