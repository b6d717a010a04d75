//! Turning a VPC or a security group of the design into an existing one
//! that a parameter names at deploy time: what the design builds around it
//! stays, and rules skip what depends on the properties it no longer has.

use super::{Action, Applied, Refusal, UndoPolicy};
use vpcraft_core::cfn::logical_id::pascal_case;
use vpcraft_core::model::{External, ExternalSource, Kind, KindTag};
use vpcraft_core::{Design, ResourceId};

/// Replaces a resource by an external one of the same kind, named by a
/// template parameter derived from the resource's name.
#[derive(Clone, Debug)]
pub struct MakeExisting {
    pub id: ResourceId,
}

/// Whether a resource of this kind can be made an existing one.
pub fn can_be_existing(tag: KindTag) -> bool {
    matches!(tag, KindTag::Vpc | KindTag::SecurityGroup)
}

/// The parameter that names an existing resource: the resource's name in
/// PascalCase, ending in `Id` as the console's parameters do.
fn parameter_name(name: &str, tag: KindTag) -> String {
    let base = pascal_case(name, if tag == KindTag::Vpc { "Vpc" } else { "SecurityGroup" });
    if base.ends_with("Id") { base } else { format!("{base}Id") }
}

impl Action for MakeExisting {
    fn undo_policy(&self) -> UndoPolicy {
        UndoPolicy::Record
    }

    fn apply(&self, design: &mut Design) -> Result<Applied, Refusal> {
        let resource = design
            .resource_mut(&self.id)
            .ok_or_else(|| Refusal::new(format!("{} no longer exists", self.id)))?;
        let tag = resource.kind.tag();
        if !can_be_existing(tag) || matches!(resource.kind, Kind::External(_)) {
            return Err(Refusal::new(format!(
                "Only a VPC or a security group of the design can become an existing one, not \
                 {}",
                tag.title()
            )));
        }
        let parameter = parameter_name(&resource.name, tag);
        resource.kind = Kind::External(External {
            of: tag,
            source: ExternalSource::Parameter(parameter),
            many: false,
        });
        Ok(Applied { select: Some(vec![self.id.clone()]), layout_only: false })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actions::AddResource;
    use crate::geometry::{self, Point};
    use vpcraft_core::Severity;

    #[test]
    fn a_vpc_made_existing_keeps_its_zones_and_subnets_and_is_not_judged() {
        let mut design = Design::new("d");
        let vpc = AddResource { tag: KindTag::Vpc, at: Point::new(100.0, 100.0) }
            .apply(&mut design)
            .unwrap()
            .select
            .unwrap()
            .remove(0);
        let zones = geometry::azs_of_vpc(&design, &vpc);
        let before = design.resources.len();
        design.resource_mut(&vpc).unwrap().name = "shared network".into();
        MakeExisting { id: vpc.clone() }.apply(&mut design).unwrap();
        assert_eq!(design.resources.len(), before);
        let Kind::External(ext) = &design.resource(&vpc).unwrap().kind else { panic!() };
        assert_eq!(ext.of, KindTag::Vpc);
        assert_eq!(ext.source, ExternalSource::Parameter("SharedNetworkId".into()));
        assert_eq!(geometry::azs_of_vpc(&design, &vpc), zones, "its zones stay in it");
        assert!(geometry::is_container(&design.resource(&vpc).unwrap().kind));
        let findings = vpcraft_core::validate(&design);
        assert!(findings.iter().all(|f| f.severity != Severity::Error), "{findings:?}");
        assert!(findings.iter().any(|f| f.rule == "I0002"), "the assumption is said");
        let again = MakeExisting { id: vpc }.apply(&mut design).unwrap_err();
        assert!(again.0.starts_with("Only a VPC or a security group"), "{again:?}");
    }

    #[test]
    fn only_vpcs_and_security_groups_can_be_made_existing() {
        let mut design = Design::new("d");
        let queue = AddResource { tag: KindTag::SqsQueue, at: Point::new(900.0, 100.0) }
            .apply(&mut design)
            .unwrap()
            .select
            .unwrap()
            .remove(0);
        let refusal = MakeExisting { id: queue }.apply(&mut design).unwrap_err();
        assert_eq!(
            refusal.0,
            "Only a VPC or a security group of the design can become an existing one, not SQS queue"
        );
        assert_eq!(parameter_name("web-sg", KindTag::SecurityGroup), "WebSgId");
        assert_eq!(parameter_name("VpcId", KindTag::Vpc), "VpcId");
    }
}
