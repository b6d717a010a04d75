//! Adding a subnet with a chosen block in a chosen zone of a VPC, as the
//! CIDR planner's "next free /N" offers it. One undo step.

use super::add_resource::{insert_subnet, subnet_placement};
use super::{Action, Applied, Refusal, UndoPolicy};
use crate::actions::Placement;
use crate::geometry;
use ipnet::Ipv4Net;
use vpcraft_core::cidr;
use vpcraft_core::model::Kind;
use vpcraft_core::{Design, ResourceId};

/// Adds a subnet with block `cidr` to zone `az` of VPC `vpc`.
#[derive(Clone, Debug)]
pub struct AddSubnet {
    pub vpc: ResourceId,
    pub az: ResourceId,
    pub cidr: Ipv4Net,
}

impl Action for AddSubnet {
    fn undo_policy(&self) -> UndoPolicy {
        UndoPolicy::Record
    }

    fn apply(&self, design: &mut Design) -> Result<Applied, Refusal> {
        let Some(Kind::Vpc(vpc)) = design.resource(&self.vpc).map(|r| &r.kind) else {
            return Err(Refusal::new("The VPC no longer exists"));
        };
        if !vpc.cidr_blocks.iter().any(|block| block.contains(&self.cidr)) {
            return Err(Refusal::new(format!("{} is outside the VPC's address space", self.cidr)));
        }
        let azs = geometry::azs_of_vpc(design, &self.vpc);
        if !azs.contains(&self.az) {
            return Err(Refusal::new("Choose an availability zone of this VPC"));
        }
        let taken = design.resources.iter().find_map(|r| match &r.kind {
            Kind::Subnet(s)
                if azs.contains(&s.az)
                    && s.cidr.is_some_and(|c| cidr::overlaps(&c, &self.cidr)) =>
            {
                Some(r.name.clone())
            }
            _ => None,
        });
        if let Some(name) = taken {
            return Err(Refusal::new(format!("{} overlaps subnet \"{name}\"", self.cidr)));
        }
        let Placement::Subnet { az, cidr, rect, resized, .. } =
            subnet_placement(design, self.vpc.clone(), self.az.clone(), self.cidr.trunc())?
        else {
            unreachable!("subnet_placement plans subnets");
        };
        insert_subnet(design, &az, cidr, rect, resized);
        // The VPC stays selected, so the planner shows the block taken.
        Ok(Applied::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actions::AddResource;
    use crate::geometry::Point;
    use vpcraft_core::model::KindTag;

    fn vpc_with_zones() -> (Design, ResourceId, Vec<ResourceId>) {
        let mut design = Design::new("d");
        let applied = AddResource { tag: KindTag::Vpc, at: Point::new(100.0, 100.0) }
            .apply(&mut design)
            .unwrap();
        let vpc = applied.select.unwrap().remove(0);
        let azs = geometry::azs_of_vpc(&design, &vpc);
        (design, vpc, azs)
    }

    #[test]
    fn adds_the_block_in_the_chosen_zone_and_refuses_overlaps() {
        let (mut design, vpc, azs) = vpc_with_zones();
        let cidr: Ipv4Net = "10.0.4.0/22".parse().unwrap();
        AddSubnet { vpc: vpc.clone(), az: azs[1].clone(), cidr }.apply(&mut design).unwrap();
        let (id, az) = design
            .resources
            .iter()
            .find_map(|r| match &r.kind {
                Kind::Subnet(s) if s.cidr == Some(cidr) => Some((r.id.clone(), s.az.clone())),
                _ => None,
            })
            .expect("the subnet was added");
        assert_eq!(az, azs[1]);
        assert!(design.layout.positions[&azs[1]].contains(&design.layout.positions[&id]));
        let again = AddSubnet {
            vpc: vpc.clone(),
            az: azs[0].clone(),
            cidr: "10.0.5.0/24".parse().unwrap(),
        };
        assert!(again.apply(&mut design).unwrap_err().0.contains("overlaps"));
        let outside =
            AddSubnet { vpc, az: azs[0].clone(), cidr: "192.168.0.0/24".parse().unwrap() };
        assert!(outside.apply(&mut design).unwrap_err().0.contains("outside"));
    }
}
