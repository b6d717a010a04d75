//! Zone containers: made on demand for each (VPC, zone letter) the subnets
//! name, restored from the metadata, and placed right after their VPC.

use super::Builder;
use crate::model::*;
use std::collections::HashMap;

impl Builder<'_, '_> {
    /// Finds or makes the zone container of a VPC for a zone letter.
    pub(super) fn zone(&mut self, vpc: &ResourceId, zone: &str) -> ResourceId {
        if let Some(id) = self.zone_ids.get(&(vpc.clone(), zone.to_owned())) {
            return id.clone();
        }
        let saved = self.saved.as_ref().and_then(|s| {
            s.zones
                .iter()
                .find(|z| z.vpc == vpc.as_str() && z.zone == zone)
                .map(|z| (z.id.clone(), z.name.clone()))
        });
        let (id, name) = saved.unwrap_or_else(|| (format!("{vpc}-az-{zone}"), zone.to_owned()));
        self.add_zone(vpc, zone, &id, name)
    }

    /// Records a new zone container, to be placed by [`Self::place_zones`].
    fn add_zone(&mut self, vpc: &ResourceId, zone: &str, id: &str, name: String) -> ResourceId {
        let id = ResourceId::new(self.taken.claim(id));
        self.zone_ids.insert((vpc.clone(), zone.to_owned()), id.clone());
        self.zones.push(Resource {
            id: id.clone(),
            name,
            logical_id: None,
            physical_id: None,
            kind: AvailabilityZone { vpc: vpc.clone(), zone: zone.to_owned() }.into(),
        });
        id
    }

    /// Puts the zones right after their VPC, as people draw them, in the
    /// order they were made; zones of a VPC the template lacks go last.
    pub(super) fn place_zones(&mut self) {
        if self.zones.is_empty() {
            return;
        }
        let mut by_vpc: HashMap<ResourceId, Vec<Resource>> = HashMap::new();
        let mut order: Vec<ResourceId> = Vec::new();
        for zone in std::mem::take(&mut self.zones) {
            let Kind::AvailabilityZone(az) = &zone.kind else {
                continue;
            };
            let vpc = az.vpc.clone();
            if !by_vpc.contains_key(&vpc) {
                order.push(vpc.clone());
            }
            by_vpc.entry(vpc).or_default().push(zone);
        }
        let resources = std::mem::take(&mut self.resources);
        let mut placed = Vec::with_capacity(resources.len() + order.len());
        for resource in resources {
            let zones = (resource.kind.acts_as() == KindTag::Vpc)
                .then(|| by_vpc.remove(&resource.id))
                .flatten();
            placed.push(resource);
            placed.extend(zones.into_iter().flatten());
        }
        for vpc in order {
            placed.extend(by_vpc.remove(&vpc).into_iter().flatten());
        }
        self.position = placed.iter().enumerate().map(|(i, r)| (r.id.clone(), i)).collect();
        self.resources = placed;
    }

    /// Restores the saved zones no subnet needed and the saved AWS services.
    pub(super) fn zones_and_services(&mut self) {
        let Some(saved) = self.saved.take() else {
            return;
        };
        for zone in &saved.zones {
            let vpc = ResourceId::new(zone.vpc.clone());
            let exists = self.zone_ids.contains_key(&(vpc.clone(), zone.zone.clone()));
            if self.position.contains_key(&vpc) && !exists {
                self.add_zone(&vpc, &zone.zone, &zone.id, zone.name.clone());
            }
        }
        for (id, name, service) in &saved.services {
            let id = ResourceId::new(self.taken.claim(id));
            self.push(id, name.clone(), AwsService { service: service.clone() }.into());
        }
        self.saved = Some(saved);
    }
}
