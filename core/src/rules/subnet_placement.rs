//! Shared by the rules about where a resource is placed: at most one subnet
//! per zone (load balancers, interface endpoints), swapping a subnet for a
//! public or private one in the same zone (load balancers, functions), and
//! adding a subnet in another zone (load balancers, functions).

use crate::index::FastMap;
use crate::rules::prelude::*;

/// Reports every subnet of `resource` that lies in a zone an earlier subnet
/// already covers, with a quick fix that removes it. `noun` names the
/// resource's kind in messages ("load balancer", "endpoint").
pub(crate) fn report_second_subnets_per_zone(
    index: &Index<'_>,
    sink: &mut Sink<'_, '_>,
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

/// A quick fix that replaces `subnet` in the list at `pointer` of `owner`
/// (currently `subnets`) with a public (or private) subnet of the same VPC
/// and zone that the list does not hold yet; none when there is no such
/// subnet.
pub(crate) fn swap_subnet_fix(
    index: &Index<'_>,
    owner: &ResourceId,
    pointer: &str,
    subnets: &[ResourceId],
    subnet: &ResourceId,
    public: bool,
) -> Option<QuickFix> {
    let (_, s) = index.subnet(subnet)?;
    let swap = crate::rules::routing::subnets_in_az(index, index.vpc_of(subnet)?, &s.az, public)
        .into_iter()
        .find(|candidate| !subnets.contains(candidate))?;
    Some(QuickFix::new(
        format!(
            "Use {} subnet {:?} instead of {:?}",
            if public { "public" } else { "private" },
            index.name(swap),
            index.name(subnet)
        ),
        vec![Edit::pull(owner, pointer, subnet), Edit::push(owner, pointer, swap)],
    ))
}

/// A quick fix that adds to the list at `pointer` of `owner` the first
/// subnet of `first`'s VPC whose zone `in_zones` does not hold and which is
/// public (or private) like `first`; none when the VPC has no such subnet.
pub(crate) fn add_zone_fix(
    index: &Index<'_>,
    owner: &ResourceId,
    pointer: &str,
    first: &ResourceId,
    in_zones: impl Fn(&ResourceId) -> bool,
) -> Option<QuickFix> {
    let public = index.is_public(first);
    let extra = index
        .subnets_of_vpc(index.vpc_of(first)?)
        .find(|(r, s)| !in_zones(&s.az) && index.is_public(&r.id) == public)
        .map(|(r, _)| &r.id)?;
    Some(QuickFix::new(
        format!(
            "Add subnet {:?} (zone {})",
            index.name(extra),
            index.zone_of_subnet(extra).unwrap_or("?")
        ),
        vec![Edit::push(owner, pointer, extra)],
    ))
}
