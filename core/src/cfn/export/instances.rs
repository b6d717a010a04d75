//! EC2 instances: the instance with its image, type, network interface and
//! instance profile.

use super::Exporter;
use crate::cfn::tree::{Key, Node};
use crate::model::{DEFAULT_IMAGE_PARAMETER, Ec2Instance};

/// A text that names template values (`${Profile}`) becomes `!Sub`.
pub(super) fn text_or_sub(text: &str) -> Node {
    if text.contains("${") { Node::sub(text) } else { Node::str(text) }
}

impl Exporter<'_> {
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
