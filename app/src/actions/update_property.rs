//! Editing one property of a resource (or the design's name) from the
//! inspector.
//!
//! Values arrive already parsed and checked: the inspector refuses text that
//! does not parse and never reaches this action with it.

use super::{Action, Applied, Refusal, UndoPolicy};
use ipnet::Ipv4Net;
use vpcraft_core::model::Kind;
use vpcraft_core::{Design, ResourceId};

/// A new value for one property.
#[derive(Clone, Debug, PartialEq)]
pub enum PropertyEdit {
    Name(String),
    VpcCidrBlocks(Vec<Ipv4Net>),
    DnsSupport(bool),
    DnsHostnames(bool),
    /// A subnet's block, or `None` for one a parameter gives at deploy time.
    SubnetCidr(Option<Ipv4Net>),
    MapPublicIp(bool),
    Runtime(String),
    Handler(String),
    MemoryMb(u32),
    TimeoutS(u32),
    /// Any property, addressed by a JSON pointer into the resource as the
    /// design file writes it (`/vpc_config/subnets`), with its new value.
    Json {
        pointer: String,
        value: serde_json::Value,
    },
}

impl PropertyEdit {
    /// The field's name, as used in test hooks (`prop-{field}`).
    pub fn field(&self) -> &'static str {
        match self {
            Self::Name(_) => "name",
            Self::VpcCidrBlocks(_) => "cidr_blocks",
            Self::DnsSupport(_) => "enable_dns_support",
            Self::DnsHostnames(_) => "enable_dns_hostnames",
            Self::SubnetCidr(_) => "cidr",
            Self::MapPublicIp(_) => "map_public_ip_on_launch",
            Self::Runtime(_) => "runtime",
            Self::Handler(_) => "handler",
            Self::MemoryMb(_) => "memory_mb",
            Self::TimeoutS(_) => "timeout_s",
            Self::Json { .. } => "json",
        }
    }
}

/// Sets one property of a resource; `target: None` edits the design itself
/// (only its name).
#[derive(Clone, Debug)]
pub struct UpdateProperty {
    pub target: Option<ResourceId>,
    pub edit: PropertyEdit,
}

impl Action for UpdateProperty {
    fn undo_policy(&self) -> UndoPolicy {
        let target = self.target.as_ref().map_or("design", ResourceId::as_str);
        match &self.edit {
            PropertyEdit::Json { pointer, .. } => {
                UndoPolicy::Coalesce(format!("prop:{target}:{pointer}"))
            }
            edit => UndoPolicy::Coalesce(format!("prop:{target}:{}", edit.field())),
        }
    }

    fn apply(&self, design: &mut Design) -> Result<Applied, Refusal> {
        let Some(target) = &self.target else {
            return match &self.edit {
                PropertyEdit::Name(name) => {
                    design.name = name.clone();
                    Ok(Applied::default())
                }
                _ => Err(Refusal::new("Only the name of a design can be edited")),
            };
        };
        if let PropertyEdit::Json { pointer, value } = &self.edit {
            let edit = vpcraft_core::Edit::SetProperty {
                id: target.clone(),
                pointer: pointer.clone(),
                value: value.clone(),
            };
            vpcraft_core::QuickFix::new("edit", vec![edit])
                .apply(design)
                .map_err(|e| Refusal::new(format!("This value does not fit: {e}")))?;
            normalise(design, target);
            return Ok(Applied::default());
        }
        let resource = design
            .resource_mut(target)
            .ok_or_else(|| Refusal::new(format!("{target} no longer exists")))?;
        let mismatch = || Refusal::new(format!("{} has no such property", resource_title(target)));
        match (&self.edit, &mut resource.kind) {
            (PropertyEdit::Name(name), _) => resource.name = name.clone(),
            (PropertyEdit::VpcCidrBlocks(blocks), Kind::Vpc(vpc)) => {
                vpc.cidr_blocks = blocks.clone()
            }
            (PropertyEdit::DnsSupport(on), Kind::Vpc(vpc)) => vpc.enable_dns_support = *on,
            (PropertyEdit::DnsHostnames(on), Kind::Vpc(vpc)) => vpc.enable_dns_hostnames = *on,
            (PropertyEdit::SubnetCidr(cidr), Kind::Subnet(s)) => s.cidr = *cidr,
            (PropertyEdit::MapPublicIp(on), Kind::Subnet(s)) => s.map_public_ip_on_launch = *on,
            (PropertyEdit::Runtime(v), Kind::LambdaFunction(f)) => f.runtime = v.clone(),
            (PropertyEdit::Handler(v), Kind::LambdaFunction(f)) => f.handler = v.clone(),
            (PropertyEdit::MemoryMb(v), Kind::LambdaFunction(f)) => f.memory_mb = *v,
            (PropertyEdit::TimeoutS(v), Kind::LambdaFunction(f)) => f.timeout_s = *v,
            _ => return Err(mismatch()),
        }
        Ok(Applied::default())
    }
}

/// Tidies a resource after a generic edit: a Lambda function with neither
/// subnets nor security groups runs outside any VPC.
fn normalise(design: &mut Design, id: &ResourceId) {
    if let Some(Kind::LambdaFunction(f)) = design.resource_mut(id).map(|r| &mut r.kind)
        && f.vpc_config
            .as_ref()
            .is_some_and(|c| c.subnets.is_empty() && c.security_groups.is_empty())
    {
        f.vpc_config = None;
    }
}

fn resource_title(id: &ResourceId) -> String {
    format!("Resource {id}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use vpcraft_core::Resource;
    use vpcraft_core::model::Subnet;

    #[test]
    fn sets_a_subnet_cidr_and_refuses_foreign_fields() {
        let mut design = Design::new("d");
        let subnet = Subnet {
            az: "az-1".into(),
            cidr: Some("10.0.0.0/24".parse().unwrap()),
            map_public_ip_on_launch: false,
            ipv6: None,
        };
        design.resources.push(Resource::new("subnet-1", "subnet-1", subnet));
        let edit = UpdateProperty {
            target: Some("subnet-1".into()),
            edit: PropertyEdit::SubnetCidr(Some("192.168.0.0/24".parse().unwrap())),
        };
        edit.apply(&mut design).unwrap();
        let Kind::Subnet(s) = &design.resources[0].kind else { panic!() };
        assert_eq!(s.cidr_label(), "192.168.0.0/24");
        let at_deploy = UpdateProperty {
            target: Some("subnet-1".into()),
            edit: PropertyEdit::SubnetCidr(None),
        };
        at_deploy.apply(&mut design).unwrap();
        let Kind::Subnet(s) = &design.resources[0].kind else { panic!() };
        assert_eq!(s.cidr_label(), "CIDR at deploy time");
        edit.apply(&mut design).unwrap();
        let wrong =
            UpdateProperty { target: Some("subnet-1".into()), edit: PropertyEdit::MemoryMb(256) };
        assert!(wrong.apply(&mut design).is_err());
        assert_eq!(edit.undo_policy(), UndoPolicy::Coalesce("prop:subnet-1:cidr".into()));

        let json = |pointer: &str, value: serde_json::Value| UpdateProperty {
            target: Some("subnet-1".into()),
            edit: PropertyEdit::Json { pointer: pointer.into(), value },
        };
        json("/map_public_ip_on_launch", serde_json::json!(true)).apply(&mut design).unwrap();
        let Kind::Subnet(s) = &design.resources[0].kind else { panic!() };
        assert!(s.map_public_ip_on_launch);
        assert!(json("/cidr", serde_json::json!("nope")).apply(&mut design).is_err());
    }
}
