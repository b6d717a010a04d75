//! W8003: a private database's DB subnet group holds only private subnets.

use super::{databases, noun};
use crate::rules::prelude::*;
use crate::rules::subnet_placement::swap_subnet_fix;

pub static RULE: Rule = Rule {
    id: "W8003",
    severity: Severity::Warning,
    title: "Database subnet group with public subnets",
    description: "A database that is not publicly accessible has no public address, yet a \
                  public subnet in its DB subnet group lets a single change of \
                  PubliclyAccessible expose it to the internet, and its failover may land \
                  there. Keep a database's subnet group to private subnets.",
    doc_url: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.Scenarios.html",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    for resource in databases(index) {
        // A publicly accessible one is E8002's.
        if index.publicly_accessible(resource) {
            continue;
        }
        let subnets = resource.kind.subnets();
        for subnet in subnets.iter().filter(|s| index.is_public(s)) {
            let finding = sink.report(
                format!(
                    "the DB subnet group of {} {:?} holds public subnet {:?}",
                    noun(resource),
                    resource.name,
                    index.name(subnet)
                ),
                [&resource.id, subnet],
                Some("Use private subnets only in the DB subnet group.".into()),
            );
            if let Some(fix) =
                swap_subnet_fix(index, &resource.id, "/subnets", subnets, subnet, false)
            {
                finding.quick_fix(fix);
            }
        }
    }
}
