//! The instance primaries: EC2 instances with their subnet, security
//! groups, public address, image and instance profile; launch templates
//! and launch configurations; Auto Scaling groups.

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
            "AWS::EC2::LaunchTemplate" => {
                let data = self.val(e, "LaunchTemplateData");
                self.launch_template(&data, false).into()
            }
            // A launch configuration holds what a template's data does, at
            // the top level.
            "AWS::AutoScaling::LaunchConfiguration" => {
                let data = self.resolver.resolve(e.properties);
                self.launch_template(&data, true).into()
            }
            "AWS::AutoScaling::AutoScalingGroup" => self.auto_scaling_group(e).into(),
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

    /// A launch template from its data, or a launch configuration from its
    /// properties (`configuration`), which name the same things apart
    /// from the public address and the profile.
    fn launch_template(&mut self, data: &Val, configuration: bool) -> LaunchTemplate {
        let null = Val::Null;
        let get = |key: &str| data.get(key).unwrap_or(&null);
        let interfaces = get("NetworkInterfaces");
        let primary = interfaces
            .items()
            .iter()
            .find(|i| i.get("DeviceIndex").and_then(Val::as_i64) == Some(0))
            .or_else(|| interfaces.items().first());
        let mut security_groups = self.refs_to(KindTag::SecurityGroup, get("SecurityGroupIds"));
        let mut more = self.refs_to(KindTag::SecurityGroup, get("SecurityGroups"));
        if let Some(groups) = primary.and_then(|p| p.get("Groups")) {
            more.extend(self.refs_to(KindTag::SecurityGroup, groups));
        }
        for group in more {
            if !security_groups.contains(&group) {
                security_groups.push(group);
            }
        }
        let (public_ip, instance_profile) = if configuration {
            (get("AssociatePublicIpAddress").as_bool(), text_of(get("IamInstanceProfile")))
        } else {
            let profile = get("IamInstanceProfile");
            (
                primary.and_then(|p| p.get("AssociatePublicIpAddress")).and_then(Val::as_bool),
                profile.get("Arn").or_else(|| profile.get("Name")).and_then(text_of),
            )
        };
        LaunchTemplate {
            instance_type: get("InstanceType").to_text().unwrap_or_else(|| "t3.micro".to_owned()),
            image_id: text_of(get("ImageId")),
            security_groups,
            public_ip,
            instance_profile,
        }
    }

    fn auto_scaling_group(&mut self, e: &Entry<'_>) -> AutoScalingGroup {
        let template = self.val(e, "LaunchTemplate");
        let mixed = self.val(e, "MixedInstancesPolicy");
        let from_mixed = mixed
            .get("LaunchTemplate")
            .and_then(|l| l.get("LaunchTemplateSpecification"))
            .cloned()
            .unwrap_or(Val::Null);
        let named = [&template, &from_mixed].into_iter().find_map(|spec| {
            spec.get("LaunchTemplateId").or_else(|| spec.get("LaunchTemplateName")).cloned()
        });
        let launch_template = match named {
            Some(value) => self.ref_to(KindTag::LaunchTemplate, &value),
            None => self.ref_to(KindTag::LaunchTemplate, &self.val(e, "LaunchConfigurationName")),
        };
        let subnets = self.refs_to(KindTag::Subnet, &self.val(e, "VPCZoneIdentifier"));
        let size = |key: &str| self.num(e, key).and_then(|n| u32::try_from(n).ok());
        AutoScalingGroup {
            launch_template,
            subnets,
            min_size: size("MinSize").unwrap_or(1),
            max_size: size("MaxSize").unwrap_or(1),
            desired_capacity: size("DesiredCapacity"),
        }
    }
}
