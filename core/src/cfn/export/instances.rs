//! EC2 instances: the instance with its image, type, network interface and
//! instance profile; launch templates; Auto Scaling groups with their
//! subnets and the target groups they register with.

use super::Exporter;
use crate::cfn::tree::{Key, Node};
use crate::model::NetworkInterface;
use crate::model::{
    AutoScalingGroup, DEFAULT_IMAGE_PARAMETER, Ec2Instance, LaunchTemplate, ResourceId,
};

/// A text that names template values (`${Profile}`) becomes `!Sub`.
pub(super) fn text_or_sub(text: &str) -> Node {
    if text.contains("${") { Node::sub(text) } else { Node::str(text) }
}

impl Exporter<'_> {
    pub(super) fn network_interface(&mut self, id: String, name: &str, n: &NetworkInterface) {
        let mut props = Vec::with_capacity(5);
        if let Some(subnet) = &n.subnet {
            props.push(("SubnetId", self.reference(subnet)));
        }
        if !n.security_groups.is_empty() {
            props.push(("GroupSet", self.refs(&n.security_groups)));
        }
        if let Some(ip) = &n.private_ip {
            props.push(("PrivateIpAddress", Node::Str(ip.clone())));
        }
        if !n.description.is_empty() {
            props.push(("Description", Node::Str(n.description.clone())));
        }
        props.push(("Tags", Self::name_tag(name)));
        self.add(id, "AWS::EC2::NetworkInterface", props, vec![]);
    }

    pub(super) fn ec2_instance(&mut self, id: String, name: &str, i: &Ec2Instance) {
        let image = self.image(&id, name, i.image_id.as_deref());
        let mut props: Vec<(&str, Node)> =
            vec![("ImageId", image), ("InstanceType", Node::str(&i.instance_type))];
        match i.public_ip {
            // Whether the instance gets a public address is a property of
            // its primary network interface, which then holds the subnet
            // and groups too.
            Some(public) => {
                let mut interface: Vec<(Key, Node)> = vec![
                    ("DeviceIndex".into(), Node::str("0")),
                    ("AssociatePublicIpAddress".into(), Node::Bool(public)),
                ];
                if let Some(subnet) = &i.subnet {
                    interface.push(("SubnetId".into(), self.reference(subnet)));
                }
                if !i.security_groups.is_empty() {
                    interface.push(("GroupSet".into(), self.refs(&i.security_groups)));
                }
                props.push(("NetworkInterfaces", Node::List(vec![Node::Map(interface)])));
            }
            None => {
                if let Some(subnet) = &i.subnet {
                    props.push(("SubnetId", self.reference(subnet)));
                }
                if !i.security_groups.is_empty() {
                    props.push(("SecurityGroupIds", self.refs(&i.security_groups)));
                }
            }
        }
        if let Some(profile) = &i.instance_profile {
            props.push(("IamInstanceProfile", text_or_sub(profile)));
        }
        props.push(("Tags", Self::name_tag(name)));
        self.add(id, "AWS::EC2::Instance", props, vec![]);
    }

    /// The image of an instance or launch template: the design's, or the
    /// latest Amazon Linux 2023 through a parameter read from AWS's public
    /// parameter store at deploy time.
    pub(super) fn image(&mut self, id: &str, name: &str, image_id: Option<&str>) -> Node {
        if let Some(image) = image_id {
            return text_or_sub(image);
        }
        let parameter = format!("{id}ImageId");
        self.parameter(
            &parameter,
            vec![
                ("Type", Node::str("AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>")),
                ("Default", Node::str(DEFAULT_IMAGE_PARAMETER)),
                ("Description", Node::Str(format!("The image that {name} boots"))),
            ],
        );
        Node::reference(&parameter)
    }
}

impl Exporter<'_> {
    pub(super) fn launch_template(&mut self, id: String, name: &str, lt: &LaunchTemplate) {
        let image = self.image(&id, name, lt.image_id.as_deref());
        let mut data: Vec<(Key, Node)> =
            vec![("ImageId".into(), image), ("InstanceType".into(), Node::str(&lt.instance_type))];
        match lt.public_ip {
            Some(public) => {
                let mut interface: Vec<(Key, Node)> = vec![
                    ("DeviceIndex".into(), Node::Int(0)),
                    ("AssociatePublicIpAddress".into(), Node::Bool(public)),
                ];
                if !lt.security_groups.is_empty() {
                    interface.push(("Groups".into(), self.refs(&lt.security_groups)));
                }
                data.push(("NetworkInterfaces".into(), Node::List(vec![Node::Map(interface)])));
            }
            None if !lt.security_groups.is_empty() => {
                data.push(("SecurityGroupIds".into(), self.refs(&lt.security_groups)));
            }
            None => {}
        }
        if let Some(profile) = &lt.instance_profile {
            let key = if profile.starts_with("arn:") { "Arn" } else { "Name" };
            data.push((
                "IamInstanceProfile".into(),
                Node::Map(vec![(key.into(), text_or_sub(profile))]),
            ));
        }
        data.push((
            "TagSpecifications".into(),
            Node::List(vec![Node::Map(vec![
                ("ResourceType".into(), Node::str("instance")),
                ("Tags".into(), Self::name_tag(name)),
            ])]),
        ));
        self.add(
            id,
            "AWS::EC2::LaunchTemplate",
            vec![("LaunchTemplateData", Node::Map(data))],
            vec![],
        );
    }

    pub(super) fn auto_scaling_group(
        &mut self,
        id: String,
        name: &str,
        design_id: &ResourceId,
        asg: &AutoScalingGroup,
    ) {
        let mut props: Vec<(&str, Node)> = Vec::new();
        match &asg.launch_template {
            Some(lt) => props.push((
                "LaunchTemplate",
                Node::Map(vec![
                    ("LaunchTemplateId".into(), self.reference(lt)),
                    ("Version".into(), self.get_att(lt, "LatestVersionNumber")),
                ]),
            )),
            None => self.note(
                "X004",
                "Auto Scaling group without a launch template",
                format!(
                    "Auto Scaling group {name:?} has no launch template, which CloudFormation \
                     requires: choose one in the design"
                ),
                design_id,
            ),
        }
        props.push(("VPCZoneIdentifier", self.refs(&asg.subnets)));
        props.push(("MinSize", Node::Str(asg.min_size.to_string())));
        props.push(("MaxSize", Node::Str(asg.max_size.to_string())));
        if let Some(desired) = asg.desired_capacity {
            props.push(("DesiredCapacity", Node::Str(desired.to_string())));
        }
        let mut groups = Vec::new();
        let mut depends = Vec::new();
        for tg in self.index.target_groups_of(design_id) {
            groups.push(self.reference(&tg.id));
            // A group registers with a target group once a listener uses it.
            depends.extend(self.index.listeners_of_tg(&tg.id).iter().map(|l| self.id(&l.id)));
        }
        if !groups.is_empty() {
            props.push(("TargetGroupARNs", Node::List(groups)));
        }
        let balancers: Vec<ResourceId> =
            self.index.classic_lbs_of(design_id).iter().map(|lb| lb.id.clone()).collect();
        if !balancers.is_empty() {
            props.push(("LoadBalancerNames", self.refs(&balancers)));
        }
        props.push((
            "Tags",
            Node::List(vec![Node::Map(vec![
                ("Key".into(), Node::str("Name")),
                ("Value".into(), Node::str(name)),
                ("PropagateAtLaunch".into(), Node::Bool(true)),
            ])]),
        ));
        self.add(id, "AWS::AutoScaling::AutoScalingGroup", props, depends);
    }
}
