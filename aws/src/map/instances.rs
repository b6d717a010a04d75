//! EC2 instances, launch templates, Auto Scaling groups and network
//! interfaces. A group's instances are drawn as the group (it spans its
//! subnets); the targets they are registered as in a target group become
//! the group. An interface is drawn when it stands on its own: not an
//! instance's primary interface, nor one a service made for what it runs.

use super::{Mapper, Snapshot, ec2_name};
use aws_sdk_autoscaling::types as autoscaling;
use aws_sdk_ec2::types as ec2;
use std::collections::HashSet;
use vpcraft_core::model::*;

/// The tag EC2 Auto Scaling puts on the instances it launches.
const GROUP_TAG: &str = "aws:autoscaling:groupName";

/// The design ID of an Auto Scaling group by name.
pub(super) fn group_id(name: &str) -> String {
    format!("asg-{name}")
}

/// An instance profile's name from its ARN
/// (`arn:aws:iam::1:instance-profile/path/web` is `web`).
fn profile_name(arn: &str) -> String {
    arn.rsplit('/').next().unwrap_or(arn).to_owned()
}

impl Mapper<'_> {
    pub(super) fn instances(&mut self) {
        let s = self.snapshot;
        for version in &s.launch_templates {
            self.launch_template(version);
        }
        for group in &s.auto_scaling_groups {
            self.auto_scaling_group(group);
        }
        for instance in &s.instances {
            self.instance(instance);
        }
        let owned = owned_interfaces(s);
        for interface in &s.network_interfaces {
            if standalone(interface)
                && interface.network_interface_id().is_some_and(|i| !owned.contains(i))
            {
                self.network_interface(interface);
            }
        }
    }

    fn launch_template(&mut self, version: &ec2::LaunchTemplateVersion) {
        let Some(id) = version.launch_template_id() else { return };
        let data = version.launch_template_data();
        let interface = data.and_then(|d| d.network_interfaces().first());
        let mut groups: Vec<ResourceId> = data
            .map(|d| d.security_group_ids().iter().filter_map(|g| self.known(g)).collect())
            .unwrap_or_default();
        if let Some(interface) = interface {
            groups.extend(interface.groups().iter().filter_map(|g| self.known(g)));
        }
        let profile = data.and_then(|d| d.iam_instance_profile());
        let kind = LaunchTemplate {
            instance_type: data
                .and_then(|d| d.instance_type())
                .map_or_else(|| LaunchTemplate::default().instance_type, |t| t.as_str().to_owned()),
            image_id: data.and_then(|d| d.image_id()).map(str::to_owned),
            security_groups: groups,
            public_ip: interface.and_then(|i| i.associate_public_ip_address()),
            instance_profile: profile
                .and_then(|p| p.name().map(str::to_owned).or_else(|| p.arn().map(profile_name))),
        };
        let name = version.launch_template_name().unwrap_or(id).to_owned();
        self.push(id, name, kind);
    }

    fn auto_scaling_group(&mut self, group: &autoscaling::AutoScalingGroup) {
        let Some(name) = group.auto_scaling_group_name() else { return };
        let subnets: Vec<ResourceId> = group
            .vpc_zone_identifier()
            .unwrap_or_default()
            .split(',')
            .filter_map(|s| self.known(s.trim()))
            .collect();
        if subnets.is_empty() {
            return;
        }
        let spec = group.launch_template().or_else(|| {
            group
                .mixed_instances_policy()
                .and_then(|p| p.launch_template())
                .and_then(|t| t.launch_template_specification())
        });
        let launch_template = spec.and_then(|t| t.launch_template_id()).and_then(|t| self.known(t));
        if launch_template.is_none()
            && let Some(configuration) = group.launch_configuration_name()
        {
            self.note(
                name,
                format!(
                    "launches from the launch configuration {configuration}, which vpcraft does not read: drawn without its instance settings"
                ),
            );
        }
        let size = |n: Option<i32>| n.and_then(|n| u32::try_from(n).ok());
        let kind = AutoScalingGroup {
            launch_template,
            subnets,
            min_size: size(group.min_size()).unwrap_or(1),
            max_size: size(group.max_size()).unwrap_or(1),
            desired_capacity: size(group.desired_capacity()),
        };
        let id = ResourceId::new(group_id(name));
        self.push(id.as_str(), name, kind);
        for instance in group.instances() {
            if let Some(instance) = instance.instance_id() {
                self.aliases.insert(instance.to_owned(), id.clone());
            }
        }
        for arn in group.target_group_arns() {
            if let Some(tg) = self.known(&super::load_balancing::tg_id(arn)) {
                self.add_target(&tg, id.clone());
            }
        }
    }

    fn instance(&mut self, instance: &ec2::Instance) {
        let Some(id) = instance.instance_id() else { return };
        let Some(subnet) = instance.subnet_id().and_then(|s| self.known(s)) else { return };
        let group = instance
            .tags()
            .iter()
            .find(|t| t.key() == Some(GROUP_TAG))
            .and_then(|t| t.value())
            .and_then(|name| self.known(&group_id(name)));
        if let Some(group) = group.or_else(|| self.aliases.get(id).cloned()) {
            self.aliases.insert(id.to_owned(), group);
            return;
        }
        let kind = Ec2Instance {
            instance_type: instance
                .instance_type()
                .map_or_else(|| Ec2Instance::default().instance_type, |t| t.as_str().to_owned()),
            image_id: instance.image_id().map(str::to_owned),
            subnet: Some(subnet),
            security_groups: instance
                .security_groups()
                .iter()
                .filter_map(|g| g.group_id())
                .filter_map(|g| self.known(g))
                .collect(),
            public_ip: Some(instance.public_ip_address().is_some()),
            instance_profile: instance
                .iam_instance_profile()
                .and_then(|p| p.arn())
                .map(profile_name),
        };
        self.push(id, ec2_name(instance.tags(), id), kind);
    }

    fn network_interface(&mut self, interface: &ec2::NetworkInterface) {
        let Some(id) = interface.network_interface_id() else { return };
        let Some(subnet) = interface.subnet_id().and_then(|s| self.known(s)) else { return };
        let kind = NetworkInterface {
            subnet: Some(subnet),
            security_groups: interface
                .groups()
                .iter()
                .filter_map(|g| self.known(g.group_id()?))
                .collect(),
            private_ip: interface.private_ip_address().map(str::to_owned),
            description: interface.description().unwrap_or_default().to_owned(),
        };
        self.push(id, ec2_name(interface.tag_set(), id), kind);
    }
}

/// Whether an interface stands on its own, as `AWS::EC2::NetworkInterface`
/// makes one: not managed by a service (requester-managed, of a type of its
/// own such as `lambda`, `nat_gateway` or `vpc_endpoint`, or attached by a
/// service rather than to an instance), and not an instance's primary
/// interface, which the instance stands for.
fn standalone(interface: &ec2::NetworkInterface) -> bool {
    use ec2::AttachmentStatus as Status;
    if interface.requester_managed() == Some(true)
        || interface.operator().and_then(|o| o.managed()) == Some(true)
        || interface.interface_type().is_some_and(|t| *t != ec2::NetworkInterfaceType::Interface)
    {
        return false;
    }
    let attachment = interface
        .attachment()
        .filter(|a| !matches!(a.status(), Some(Status::Detached | Status::Detaching)));
    attachment.is_none_or(|a| a.instance_id().is_some() && a.device_index() != Some(0))
}

/// The interfaces the snapshot already draws as part of another resource:
/// its NAT gateways', endpoints' and mount targets' interfaces, and the
/// primary interfaces of its instances.
fn owned_interfaces(s: &Snapshot) -> HashSet<&str> {
    let nats = s.nat_gateways.iter().flat_map(|n| n.nat_gateway_addresses());
    let primary = s
        .instances
        .iter()
        .flat_map(|i| i.network_interfaces())
        .filter(|n| n.attachment().and_then(|a| a.device_index()) == Some(0));
    nats.filter_map(|a| a.network_interface_id())
        .chain(s.vpc_endpoints.iter().flat_map(|e| e.network_interface_ids()).map(String::as_str))
        .chain(s.mount_targets.iter().filter_map(|m| m.target.network_interface_id()))
        .chain(primary.filter_map(|n| n.network_interface_id()))
        .collect()
}
