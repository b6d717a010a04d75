//! E2009: a VPC has at most one internet gateway attached.

use crate::model::Route;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "E2009",
    severity: Severity::Error,
    title: "More than one internet gateway attached to a VPC",
    description: "AWS attaches at most one internet gateway to a VPC; attaching a second one \
                  fails, so every route to the internet uses the one gateway.",
    doc_url: "https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    for (vpc, _) in index.vpcs() {
        let igws = index.igws_of(&vpc.id);
        if igws.len() < 2 {
            continue;
        }
        let names: Vec<String> = igws.iter().map(|g| format!("{:?}", g.name)).collect();
        let mut ids = vec![&vpc.id];
        ids.extend(igws.iter().map(|g| &g.id));
        let finding = sink.report(
            format!(
                "VPC {:?} has {} internet gateways attached ({}); a VPC takes one",
                vpc.name,
                igws.len(),
                names.join(", ")
            ),
            ids,
            Some(
                "Keep one internet gateway on the VPC, route the internet through it and \
                 delete the others."
                    .into(),
            ),
        );
        // One fix per gateway to keep, since only the user knows which is
        // meant: routes to the others go to the kept one, then they go.
        for kept in igws {
            let mut edits = Vec::new();
            for dropped in igws.iter().filter(|g| g.id != kept.id) {
                for table in index.of_kind(KindTag::RouteTable) {
                    let Kind::RouteTable(rt) = &table.kind else {
                        continue;
                    };
                    for route in rt.routes.iter().filter(|r| r.target == dropped.id) {
                        edits.push(Edit::AddRoute {
                            route_table: table.id.clone(),
                            route: Route {
                                destination: route.destination.clone(),
                                target: kept.id.clone(),
                            },
                        });
                    }
                }
                edits.push(Edit::RemoveResource { id: dropped.id.clone() });
            }
            finding.quick_fix(QuickFix::new(
                format!("Keep only internet gateway {:?}", kept.name),
                edits,
            ));
        }
    }
}
