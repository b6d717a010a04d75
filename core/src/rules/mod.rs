//! The rule engine: the catalogue of rules and `validate`, which runs them.
//!
//! Each rule lives in its own file with a stable ID whose letter is the
//! severity (E error, W warning, I info) and whose number range is the
//! category: 0xxx design integrity, 1xxx addressing, 2xxx routing and
//! gateways, 3xxx load balancers, 4xxx endpoints, 5xxx Lambda and compute,
//! 6xxx security, 7xxx reachability, 8xxx databases.

mod addressing;
mod catalogue;
mod compute;
mod databases;
mod endpoints;
mod integrity;
pub(crate) mod load_balancing;
mod reachability;
pub(crate) mod routing;
mod security;
mod subnet_placement;

/// What every rule file imports.
mod prelude {
    pub use crate::finding::Severity;
    pub use crate::fix::{Direction, Edit, QuickFix};
    pub use crate::index::Index;
    pub use crate::model::{Kind, KindTag, Resource, ResourceId};
    pub use crate::rules::{Rule, Sink};
}

pub use catalogue::catalogue_markdown;

use crate::finding::{Finding, ResourceRef, Severity};
use crate::index::Index;
use crate::model::{Design, ResourceId};
use crate::sort;

/// A rule's identity and documentation, and the function that checks it.
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    pub title: &'static str,
    pub description: &'static str,
    pub doc_url: &'static str,
    pub check: fn(&Index<'_>, &mut Sink<'_, '_>),
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule").field("id", &self.id).finish_non_exhaustive()
    }
}

/// Every rule, in ID order.
pub static RULES: &[&Rule] = &[
    &integrity::dangling_reference::RULE,
    &integrity::external_assumed::RULE,
    &integrity::stack_template::RULE,
    &addressing::vpc_cidr_size::RULE,
    &addressing::vpc_cidr_overlap::RULE,
    &addressing::subnet_outside_vpc::RULE,
    &addressing::subnet_cidr_size::RULE,
    &addressing::subnet_overlap::RULE,
    &addressing::subnet_capacity::RULE,
    &addressing::peering_overlap::RULE,
    &addressing::cidr_host_bits::RULE,
    &routing::nat_in_public_subnet::RULE,
    &routing::nat_elastic_ip::RULE,
    &routing::elastic_ip_quota::RULE,
    &routing::route_target_vpc::RULE,
    &routing::duplicate_route::RULE,
    &routing::subnet_association::RULE,
    &routing::cross_az_nat::RULE,
    &routing::gateway_endpoint_tables::RULE,
    &routing::one_internet_gateway::RULE,
    &routing::gateway_endpoint_saving::RULE,
    &routing::endpoints_instead_of_nat::RULE,
    &routing::shared_nat::RULE,
    &load_balancing::alb_two_zones::RULE,
    &load_balancing::one_subnet_per_zone::RULE,
    &load_balancing::internet_facing_private::RULE,
    &load_balancing::internal_in_public::RULE,
    &load_balancing::certificate::RULE,
    &load_balancing::lambda_permission::RULE,
    &load_balancing::lambda_target_group::RULE,
    &endpoints::private_dns_vpc::RULE,
    &endpoints::private_dns_unique::RULE,
    &endpoints::one_subnet_per_zone::RULE,
    &endpoints::consumer_zones::RULE,
    &endpoints::security_group_https::RULE,
    &endpoints::no_policy::RULE,
    &endpoints::open_security_group::RULE,
    &endpoints::endpoint_type_fields::RULE,
    &compute::lambda_vpc_config::RULE,
    &compute::lambda_single_zone::RULE,
    &compute::lambda_public_subnet::RULE,
    &compute::sqs_visibility_timeout::RULE,
    &compute::asg_single_zone::RULE,
    &compute::eks_cluster_zones::RULE,
    &compute::eks_node_group_zone::RULE,
    &security::open_admin_ports::RULE,
    &security::open_other_ports::RULE,
    &security::cidr_instead_of_group::RULE,
    &security::lb_only_group::RULE,
    &security::eks_public_endpoint::RULE,
    &reachability::flow_blocked::RULE,
    &reachability::logs_endpoint::RULE,
    &databases::subnet_group_zones::RULE,
    &databases::public_database::RULE,
    &databases::public_subnet::RULE,
];

/// Runs every rule and returns the findings, errors first. Never fails:
/// what a rule cannot judge (an unresolved reference) it skips, and the
/// integrity rules report.
pub fn validate(design: &Design) -> Vec<Finding> {
    let index = Index::new(design);
    let mut findings = Vec::new();
    for rule in RULES {
        if crate::cancel::requested() {
            break;
        }
        let mut sink = Sink { rule, index: &index, out: &mut findings };
        (rule.check)(&index, &mut sink);
    }
    sort::sort_by(&mut findings, |a, b| {
        a.severity.cmp(&b.severity).then_with(|| a.rule.cmp(&b.rule))
    });
    findings
}

/// Where a rule reports its findings; it stamps the rule's identity on each.
pub struct Sink<'a, 'd> {
    rule: &'static Rule,
    index: &'a Index<'d>,
    out: &'a mut Vec<Finding>,
}

impl<'a, 'd> Sink<'a, 'd> {
    /// A sink that stamps `rule` on the findings it appends to `out`, for
    /// running one rule alone (the benchmark times each rule this way).
    pub fn new(rule: &'static Rule, index: &'a Index<'d>, out: &'a mut Vec<Finding>) -> Self {
        Self { rule, index, out }
    }

    /// Reports a finding about the resources with these IDs, and returns it
    /// so that the rule can attach quick fixes.
    pub fn report<'i>(
        &mut self,
        message: String,
        resources: impl IntoIterator<Item = &'i ResourceId>,
        fix: Option<String>,
    ) -> &mut Finding {
        let resources: Vec<ResourceRef> =
            resources.into_iter().map(|id| self.index.reference(id)).collect();
        self.out.push(Finding {
            rule: self.rule.id.to_owned(),
            severity: self.rule.severity,
            title: self.rule.title.to_owned(),
            message,
            resources,
            doc_url: self.rule.doc_url.to_owned(),
            fix,
            quick_fixes: Vec::new(),
        });
        self.out.last_mut().expect("a finding was just pushed")
    }

    pub fn index(&self) -> &Index<'d> {
        self.index
    }
}
