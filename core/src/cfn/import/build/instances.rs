//! The instance primaries: EC2 instances with their subnet, security
//! groups, public address, image and instance profile.

use super::Builder;
use crate::cfn::import::Entry;
use crate::cfn::import::resolve::Val;
use crate::model::*;

/// A text property kept as the design keeps it: a literal, or `${Name}`
/// for a template resource; a value known only at deploy time is none.
pub(super) fn text_of(value: &Val) -> Option<String> {
    match value {
        Val::Str(_) | Val::Num(_) | Val::Ref(_) | Val::Att(..) => value.to_text(),
        _ => None,
    }
}

impl Builder<'_, '_> {
    /// The design kind of an instance entry; `None` for any other type.
    pub(super) fn instance_kind(&mut self, e: &Entry<'_>) -> Option<Kind> {
        Some(match e.resource_type {
            "AWS::EC2::Instance" => self.ec2_instance(e).into(),
            _ => return None,
        })
    }

    fn ec2_instance(&mut self, e: &Entry<'_>) -> Ec2Instance {
        // The primary network interface, when the instance declares its
        // interfaces, holds its subnet, groups and public address.
        let interfaces = self.val(e, "NetworkInterfaces");
        let primary = interfaces
            .items()
            .iter()
            .find(|i| i.get("DeviceIndex").and_then(Val::as_i64) == Some(0))
            .or_else(|| interfaces.items().first())
            .cloned()
            .unwrap_or(Val::Null);
        let subnet = match primary.get("SubnetId") {
            Some(subnet) => self.ref_to(KindTag::Subnet, subnet),
            None => self.ref_to(KindTag::Subnet, &self.val(e, "SubnetId")),
        };
        let mut security_groups = match primary.get("GroupSet") {
            Some(groups) => self.refs_to(KindTag::SecurityGroup, groups),
            None => self.refs_to(KindTag::SecurityGroup, &self.val(e, "SecurityGroupIds")),
        };
        // `SecurityGroups` names groups of the default VPC (or, with a
        // subnet, a template's groups by reference).
        for group in self.refs_to(KindTag::SecurityGroup, &self.val(e, "SecurityGroups")) {
            if !security_groups.contains(&group) {
                security_groups.push(group);
            }
        }
        Ec2Instance {
            instance_type: self
                .val(e, "InstanceType")
                .to_text()
                .unwrap_or_else(|| "t3.micro".to_owned()),
            image_id: text_of(&self.val(e, "ImageId")),
            subnet,
            security_groups,
            public_ip: primary.get("AssociatePublicIpAddress").and_then(Val::as_bool),
            instance_profile: text_of(&self.val(e, "IamInstanceProfile")),
        }
    }
}
