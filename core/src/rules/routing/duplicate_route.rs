//! E2005: a route table has at most one route per destination.

use super::route_target_vpc::destination;
use crate::index::FastMap;
use crate::model::RouteDestination;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "E2005",
    severity: Severity::Error,
    title: "Two routes for one destination",
    description: "A route table cannot hold two routes for the same destination; AWS rejects the \
                  second one.",
    doc_url: "https://docs.aws.amazon.com/vpc/latest/userguide/RouteTables.html#route-table-routes",
    check,
};

fn check(index: &Index<'_>, sink: &mut Sink<'_, '_>) {
    for resource in index.of_kind(KindTag::RouteTable) {
        let Kind::RouteTable(table) = &resource.kind else {
            continue;
        };
        // A destination as a key: its network, or its prefix list's name.
        let mut seen: FastMap<(Option<ipnet::IpNet>, &str), usize> = FastMap::default();
        for (i, route) in table.routes.iter().enumerate() {
            let key = match &route.destination {
                RouteDestination::Cidr(c) => (Some(c.trunc().into()), ""),
                RouteDestination::Cidr6(c) => (Some(c.trunc().into()), ""),
                RouteDestination::PrefixList(p) => (None, p.as_str()),
            };
            let Some(&first) = seen.get(&key) else {
                seen.insert(key, i);
                continue;
            };
            let kept = &table.routes[first];
            let mut routes = table.routes.clone();
            routes.remove(i);
            sink.report(
                format!(
                    "route table {:?} has two routes for {}: to {:?} and to {:?}",
                    resource.name,
                    destination(&route.destination),
                    index.name(&kept.target),
                    index.name(&route.target)
                ),
                [&resource.id, &kept.target, &route.target],
                Some("Keep one route per destination.".into()),
            )
            .quick_fix(QuickFix::new(
                format!("Remove the route to {:?}", index.name(&route.target)),
                vec![Edit::set(&resource.id, "/routes", routes)],
            ));
        }
    }
}
