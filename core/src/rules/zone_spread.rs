//! Shared by the rules about how a resource spreads over availability zones:
//! load balancers and interface endpoints take at most one subnet per zone.

use crate::index::FastMap;
use crate::rules::prelude::*;

/// Reports every subnet of `resource` that lies in a zone an earlier subnet
/// already covers, with a quick fix that removes it. `noun` names the
/// resource's kind in messages ("load balancer", "endpoint").
pub(crate) fn report_second_subnets_per_zone(
    index: &Index<'_>,
    sink: &mut Sink<'_>,
    resource: &Resource,
    subnets: &[ResourceId],
    noun: &str,
) {
    let mut first: FastMap<&ResourceId, &ResourceId> = FastMap::default();
    for subnet in subnets {
        let Some(az) = index.az_of_subnet(subnet) else {
            continue;
        };
        let Some(kept) = first.get(az) else {
            first.insert(az, subnet);
            continue;
        };
        sink.report(
            format!(
                "{noun} {:?} has subnets {:?} and {:?} in zone {}",
                resource.name,
                index.name(kept),
                index.name(subnet),
                index.zone_of_subnet(subnet).unwrap_or("?")
            ),
            [&resource.id, *kept, subnet],
            Some(format!("Remove subnet {:?} from the {noun}.", index.name(subnet))),
        )
        .quick_fix(QuickFix::new(
            format!("Remove subnet {:?}", index.name(subnet)),
            vec![Edit::pull(&resource.id, "/subnets", subnet)],
        ));
    }
}
