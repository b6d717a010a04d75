//! E8001: a DB subnet group covers at least two availability zones.

use super::{databases, noun};
use crate::rules::prelude::*;
use crate::rules::subnet_placement::add_zone_fix;

pub static RULE: Rule = Rule {
    id: "E8001",
    severity: Severity::Error,
    title: "DB subnet group in one zone",
    description: "RDS refuses a DB subnet group whose subnets do not cover at least two \
                  availability zones, even for a single-AZ database: it needs the second zone \
                  for a Multi-AZ standby or a failover. Add a subnet in another zone.",
    doc_url: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Subnets",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    for resource in databases(index) {
        let subnets = resource.kind.subnets();
        // The one zone of the subnets that resolve, if they share one.
        let Some((zone_id, first, zone)) = index.single_zone(subnets) else {
            continue;
        };
        let finding = sink.report(
            format!(
                "the DB subnet group of {} {:?} covers only zone {zone}, which RDS refuses",
                noun(resource),
                resource.name
            ),
            [&resource.id],
            Some("Add a subnet in a second availability zone to the DB subnet group.".into()),
        );
        if let Some(fix) = add_zone_fix(index, &resource.id, "/subnets", first, |az| az == zone_id)
        {
            finding.quick_fix(fix);
        }
    }
}
