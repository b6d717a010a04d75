//! E2006: a subnet is associated with one route table.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "E2006",
    severity: Severity::Error,
    title: "Subnet associated with several route tables",
    description: "A subnet is associated with exactly one route table (its VPC's main table \
                  unless one is associated explicitly); a second association replaces the first.",
    doc_url: "https://docs.aws.amazon.com/vpc/latest/userguide/RouteTables.html#subnet-route-tables",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    for (subnet, _) in index.subnets() {
        let tables = index.route_tables_of(&subnet.id);
        if tables.len() < 2 {
            continue;
        }
        let names: Vec<String> = tables.iter().map(|t| format!("{:?}", t.name)).collect();
        let mut ids = vec![&subnet.id];
        ids.extend(tables.iter().map(|t| &t.id));
        let finding = sink.report(
            format!(
                "subnet {:?} is associated with route tables {}",
                subnet.name,
                names.join(", ")
            ),
            ids,
            Some("Keep the association with the one table that should route the subnet.".into()),
        );
        // One fix per table to keep, since only the user knows which is meant.
        for kept in tables {
            let edits = tables
                .iter()
                .filter(|t| t.id != kept.id)
                .map(|t| Edit::pull(&t.id, "/associations", &subnet.id))
                .collect();
            finding
                .quick_fix(QuickFix::new(format!("Keep only route table {:?}", kept.name), edits));
        }
    }
}
